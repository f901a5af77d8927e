"""The Knowledge screen: filter, browse, read, create, edit, verify, archive, import."""

from __future__ import annotations

from typing import Any

from workbench.core.changes import OpChanges
from workbench.core.knowledge.model import Facets, ItemFilter, ItemView, VersionView
from workbench.core.search.related import WORDS
from workbench.core.users import Permission
from workbench.gui.context import AppContext
from workbench.gui.labels import industry_labels, kind_labels, label, language_labels, status_labels
from workbench.gui.models.knowledge_table import (
    COLUMNS,
    ITEM_ROLE,
    KnowledgeFilterProxy,
    KnowledgeTableModel,
    column_titles,
)
from workbench.gui.palette import DANGER, MUTED, TAG_BACKGROUND, TAG_TEXT
from workbench.gui.qt import (
    QAbstractItemView,
    QByteArray,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QModelIndex,
    QPoint,
    QPushButton,
    QSettings,
    QShortcut,
    QSplitter,
    Qt,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
    connect_for_life,
)
from workbench.gui.views.import_dialog import ImportDialog
from workbench.gui.views.item_editor import ItemEditor
from workbench.gui.views.title_first import FLOOR, TitleFirst
from workbench.gui.when import local_time


class KnowledgeView(QWidget):
    items_loaded = Signal(int)
    similar_requested = Signal(str)  # slug of a similar item the person wants to open

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KnowledgeView")
        self.ctx = ctx
        self.facets = Facets((), (), (), ())
        self.current: ItemView | None = None
        self.editor: ItemEditor | None = None
        self.import_dialog: ImportDialog | None = None
        self._select_after_load: str | None = None

        self.model = KnowledgeTableModel(self)
        self.proxy = KnowledgeFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        # filter bar
        self.filter_text = QLineEdit()
        self.filter_text.setObjectName("KnowledgeFilter")
        self.filter_text.setPlaceholderText(self.tr("Filter by title, tag or customer…  (Ctrl+F)"))
        self.filter_text.setClearButtonEnabled(True)
        self.filter_text.textChanged.connect(self.proxy.set_text)
        self.kind_filter = self._combo(self.tr("All kinds"), "kind")
        self.industry_filter = self._combo(self.tr("All industries"), "industry")
        self.product_filter = self._combo(self.tr("All products"), "product")
        self.tag_filter = self._combo(self.tr("All tags"), "tag")
        self.status_filter = self._combo(self.tr("Draft and published"), "status")
        self.stale_only = QCheckBox(self.tr("Stale only"))
        self.stale_only.toggled.connect(self.proxy.set_stale_only)
        self.count = QLabel()
        self.count.setObjectName("CountLabel")
        for value, text in kind_labels().items():
            self.kind_filter.addItem(text, value)
        for value, text in status_labels().items():
            self.status_filter.addItem(text, value)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_text, 3)
        for combo in (self.kind_filter, self.industry_filter, self.product_filter, self.tag_filter, self.status_filter):
            bar.addWidget(combo, 1)
        bar.addWidget(self.stale_only)

        # actions
        self.new_button = QPushButton(self.tr("New item"))
        self.new_button.setToolTip(self.tr("Create a knowledge item (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("Edit"))
        self.edit_button.setToolTip(self.tr("Edit the selected item (Ctrl+E)"))
        self.verify_button = QPushButton(self.tr("Verify"))
        self.verify_button.setToolTip(self.tr("Confirm the item is still true; its review-by date restarts"))
        self.archive_button = QPushButton(self.tr("Archive"))
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Import Markdown, .csv, .xlsx or .docx (Ctrl+I)"))
        self.new_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.edit_current)
        self.verify_button.clicked.connect(self.verify_current)
        self.archive_button.clicked.connect(self.archive_current)
        self.import_button.clicked.connect(self.open_import)
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.verify_button, self.archive_button, self.import_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count)

        # table
        self.table = QTableView()
        self.table.setObjectName("KnowledgeTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(FLOOR)
        for column, width in ((1, 70), (2, 90), (3, 84), (4, 96), (5, 64), (6, 72), (7, 104), (8, 120)):
            self.table.setColumnWidth(column, width)
        # status is one of the filters already; both can be shown from the header's menu
        self.table.setColumnHidden(COLUMNS.index("status"), True)
        self.table.setColumnHidden(COLUMNS.index("updated"), True)
        # the title stretches and keeps its share at laptop size (about 19 CJK characters at
        # 1280 px): tags, product and industry give up width first (elided; the detail pane and
        # each cell's tooltip show them whole), the kind and the review-by date last
        self.title_first = TitleFirst(self.table, COLUMNS.index("title"), [COLUMNS.index(c) for c in (
            "tags", "product", "industry", "owner", "updated", "status", "kind", "review_by")])
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        # detail pane
        self.detail_title = QLabel()
        self.detail_title.setObjectName("DetailTitle")
        self.detail_title.setWordWrap(True)
        self.detail_meta = QLabel()
        self.detail_meta.setObjectName("DetailMeta")
        self.detail_meta.setWordWrap(True)
        self.detail_meta.setTextFormat(Qt.TextFormat.RichText)
        self.preview = QTextBrowser()
        self.preview.setObjectName("ItemPreview")
        self.preview.setOpenExternalLinks(True)
        self.history = QListWidget()
        self.history_preview = QTextBrowser()
        self.history.currentItemChanged.connect(self._history_selected)
        history_split = QSplitter(Qt.Orientation.Vertical)
        history_split.addWidget(self.history)
        history_split.addWidget(self.history_preview)
        self.similar = QListWidget()
        self.similar.setObjectName("SimilarItems")
        self.similar.setTextElideMode(Qt.TextElideMode.ElideRight)  # whole in the tooltip
        self.similar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.similar.itemActivated.connect(
            lambda entry: self.similar_requested.emit(entry.data(Qt.ItemDataRole.UserRole))
        )
        self.duplicate_banner = QLabel()
        self.duplicate_banner.setObjectName("DuplicateBanner")
        self.duplicate_banner.setWordWrap(True)
        self.duplicate_banner.hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview, self.tr("Preview"))
        self.tabs.addTab(history_split, self.tr("History"))
        self.tabs.addTab(self.similar, self.tr("Similar"))
        self.tabs.currentChanged.connect(self._tab_changed)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_meta)
        detail_layout.addWidget(self.duplicate_banner)
        detail_layout.addWidget(self.tabs, 1)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.table)
        self.split.addWidget(detail)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.split, 1)

        QShortcut(QKeySequence.StandardKey.New, self).activated.connect(self.new_item)
        QShortcut(QKeySequence("Ctrl+E"), self).activated.connect(self.edit_current)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.filter_text.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self).activated.connect(self.reload)

        connect_for_life(self, ctx.changed, self._on_changed)
        connect_for_life(self, ctx.ready, self.reload)
        connect_for_life(self, ctx.user_changed, lambda _user: self._update_actions())
        self._show_item(None)
        self._restore_state()

    # --- state ---------------------------------------------------------------------------

    def _combo(self, everything: str, criterion: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, "")
        combo.setObjectName(f"Filter_{criterion}")
        combo.currentIndexChanged.connect(lambda _i: self.proxy.set_criterion(criterion, combo.currentData()))
        if criterion == "status":
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        return combo

    def _column_menu(self, pos: QPoint) -> None:
        """Right-click on the header: choose which columns to show."""
        menu = QMenu(self)
        for column, title in enumerate(column_titles()):
            if column == 0:
                continue
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.table.setColumnHidden(c, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _restore_state(self) -> None:
        settings = QSettings()
        split = settings.value("knowledge/split")
        if isinstance(split, QByteArray):
            self.split.restoreState(split)
        else:
            self.split.setSizes([840, 440])
        header = settings.value("knowledge/header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
            self.title_first.remember()

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("knowledge/split", self.split.saveState())
        settings.setValue("knowledge/header", self.title_first.saved_state())

    # --- loading -------------------------------------------------------------------------

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.knowledge:
            self.reload()

    def reload(self) -> None:
        include_archived = self.status_filter.currentData() == "archived"

        def load(ws):  # type: ignore[no-untyped-def]
            return ws.knowledge.items(ItemFilter(include_archived=include_archived)), ws.knowledge.facets()

        self.ctx.read(load, self._loaded, parent=self)

    def _loaded(self, result: tuple[list[ItemView], Facets]) -> None:
        items, facets = result
        keep = self._select_after_load or (self.current.slug if self.current else None)
        self._select_after_load = None
        self.model.set_items(items)
        self._set_facets(facets)
        self.items_loaded.emit(len(items))
        if keep:
            self.select(keep)
        elif self.proxy.rowCount() and self.current is None:
            self.table.selectRow(0)

    def _set_facets(self, facets: Facets) -> None:
        self.facets = facets
        industries = industry_labels()
        for combo, values, labels in (
            (self.industry_filter, facets.industries, industries),
            (self.product_filter, facets.products, {}),
            (self.tag_filter, facets.tags, {}),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(labels.get(value, value), value)
            index = combo.findData(chosen) if chosen else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
            self.proxy.set_criterion(
                {self.industry_filter: "industry", self.product_filter: "product", self.tag_filter: "tag"}[combo],
                combo.currentData(),
            )

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(self.tr("%1 of %2 items").replace("%1", str(shown)).replace("%2", str(total)))

    def select(self, slug: str) -> bool:
        row = self.model.row_of(slug)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    # --- the detail pane -------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(ITEM_ROLE) if current.isValid() else None
        self._show_item(item)

    def _show_item(self, item: ItemView | None) -> None:
        self.current = item
        self.history.clear()
        self.history_preview.clear()
        self.similar.clear()
        self.duplicate_banner.hide()
        if item is None:
            self.detail_title.setText(self.tr("No item selected"))
            self.detail_meta.setText("")
            self.preview.setMarkdown("")
        else:
            self.detail_title.setText(item.title)
            self.detail_meta.setText(self._meta_html(item))
            self.preview.setMarkdown(item.body)
            if self.tabs.currentIndex() == 1:
                self._load_history()
            self._load_similar(item)
        self._update_actions()

    def _meta_html(self, item: ItemView) -> str:
        parts = [
            label(kind_labels(), item.kind.value),
            label(industry_labels(), item.industry) if item.industry else "",
            item.product,
            label(language_labels(), item.language),
            label(status_labels(), item.status.value),
        ]
        line = " · ".join(p for p in parts if p)
        tags = " ".join(f"<span style='background:{TAG_BACKGROUND};color:{TAG_TEXT}'>&nbsp;{t}&nbsp;</span>" for t in item.tags)
        owner = self.tr("Owner: %1").replace("%1", item.owner_label) if item.owner else ""
        review = ""
        if item.review_by:
            if item.is_stale():
                review = f"<b style='color:{DANGER}'>" + self.tr("Stale since %1: verify it").replace(
                    "%1", item.review_by.isoformat()
                ) + "</b>"
            else:
                review = self.tr("Review by %1").replace("%1", item.review_by.isoformat())
        customer = self.tr("Customer: %1").replace("%1", item.customer) if item.customer else ""
        extra = " · ".join(p for p in (owner, customer, review) if p)
        return f"{line}<br>{tags}<br><span style='color:{MUTED}'>{extra}</span>"

    def _load_similar(self, item: ItemView) -> None:
        """Similar items for the Similar tab, and a banner when one nearly repeats this item."""
        slug = item.slug

        def work(ws):  # type: ignore[no-untyped-def]
            if not ws.index.is_open():
                return [], []
            return ws.search.similar(item_id=slug, limit=8), ws.search.near_duplicates(item_id=slug)

        def shown(result: tuple[list[Any], list[Any]]) -> None:
            if self.current is None or self.current.slug != slug:
                return
            hits, duplicates = result
            self.similar.clear()
            for hit in hits:
                entry = QListWidgetItem(f"{hit.title}   ·  {', '.join(hit.matched[:6])}")
                entry.setToolTip(f"{hit.title}\n{', '.join(hit.matched[:12])}")
                entry.setData(Qt.ItemDataRole.UserRole, hit.id)
                self.similar.addItem(entry)
            if duplicates:
                other, title, score, why = duplicates[0]
                self.duplicate_banner.setText(
                    self.tr("Possible duplicate: %1 repeats %2% of this item (%3).")
                    .replace("%1", f"“{title}”").replace("%2", f"{score * 100:.0f}").replace("%3", other)
                    if why == WORDS else
                    self.tr("Possible duplicate: %1 says the same as this item in other words or another "
                            "language (%2).").replace("%1", f"“{title}”").replace("%2", other)
                )
                self.duplicate_banner.show()

        self.ctx.read(work, shown, on_error=lambda _e: None, parent=self, cpu=True)

    def reveal(self, slug: str) -> None:
        """Show an item even if the filters hide it (or it is archived)."""
        self.filter_text.clear()
        for combo in (self.kind_filter, self.industry_filter, self.product_filter, self.tag_filter):
            combo.setCurrentIndex(0)
        self.stale_only.setChecked(False)
        if not self.select(slug):
            self._select_after_load = slug
            self.status_filter.setCurrentIndex(self.status_filter.findData("archived"))

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self._load_history()

    def _load_history(self) -> None:
        item = self.current
        if item is None:
            return
        slug = item.slug

        def shown(versions: list[VersionView]) -> None:
            if self.current is None or self.current.slug != slug:
                return  # the selection moved on: a stale answer
            self.history.clear()
            for v in reversed(versions):
                when = local_time(v.changed_at)
                entry = QListWidgetItem(f"v{v.version} · {when} · {v.changed_by_label} · {self._action_label(v.action)}")
                entry.setData(Qt.ItemDataRole.UserRole, v)
                self.history.addItem(entry)
            self.history.setCurrentRow(0)

        self.ctx.read(lambda ws: ws.knowledge.history(slug), shown, parent=self)

    def _action_label(self, action: str) -> str:
        return {
            "create": self.tr("created"),
            "edit": self.tr("edited"),
            "import": self.tr("imported"),
            "verify": self.tr("verified"),
            "archive": self.tr("archived"),
            "publish": self.tr("published"),
            "unpublish": self.tr("set to draft"),
        }.get(action, action)

    def _history_selected(self, entry: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if entry is None:
            self.history_preview.clear()
            return
        version: VersionView = entry.data(Qt.ItemDataRole.UserRole)
        self.history_preview.setMarkdown(f"# {version.title}\n\n{version.body}")

    def _update_actions(self) -> None:
        can_edit = self.ctx.can(Permission.EDIT_KNOWLEDGE)
        has_item = self.current is not None
        self.new_button.setVisible(can_edit)
        self.import_button.setVisible(self.ctx.can(Permission.IMPORT_KNOWLEDGE))
        for button in (self.edit_button, self.verify_button):
            button.setVisible(can_edit)
            button.setEnabled(has_item)
        self.archive_button.setVisible(self.ctx.can(Permission.ARCHIVE_KNOWLEDGE))
        archived = self.current is not None and self.current.status.value == "archived"
        self.archive_button.setEnabled(has_item)
        self.archive_button.setText(self.tr("Restore") if archived else self.tr("Archive"))

    # --- actions -------------------------------------------------------------------------

    def new_item(self) -> None:
        if self.ctx.can(Permission.EDIT_KNOWLEDGE):
            self._open_editor(None)

    def edit_current(self) -> None:
        if self.current is not None and self.ctx.can(Permission.EDIT_KNOWLEDGE):
            self._open_editor(self.current)

    def _open_editor(self, item: ItemView | None) -> None:
        editor = ItemEditor(self.ctx, self.facets, item, self)
        editor.saved.connect(lambda saved: setattr(self, "_select_after_load", saved.slug))
        editor.finished.connect(lambda _r: setattr(self, "editor", None))
        self.editor = editor
        editor.show()

    def verify_current(self) -> None:
        item = self.current
        if item is not None:
            self.ctx.write(lambda ws, actor: ws.knowledge.verify(actor, item.slug), parent=self)

    def archive_current(self) -> None:
        item = self.current
        if item is None:
            return
        if item.status.value == "archived":
            from workbench.core.knowledge.model import Status

            self.ctx.write(lambda ws, actor: ws.knowledge.set_status(actor, item.slug, Status.PUBLISHED), parent=self)
            return
        answer = QMessageBox.question(
            self,
            self.tr("Archive item"),
            self.tr("Archive “%1”? It leaves the lists and search but keeps its history; you can restore it.").replace(
                "%1", item.title
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.write(lambda ws, actor: ws.knowledge.archive(actor, item.slug, item.version), parent=self)

    def open_import(self) -> None:
        if not self.ctx.can(Permission.IMPORT_KNOWLEDGE):
            return
        dialog = ImportDialog(self.ctx, self)
        self.import_dialog = dialog
        dialog.show()
