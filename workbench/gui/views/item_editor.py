"""Create or edit one knowledge item: its fields, and a Markdown editor with a live preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from workbench.core import safekeeping
from workbench.core.errors import Conflict, ServerUnavailable
from workbench.core.knowledge.model import (
    INDUSTRIES,
    Facets,
    ItemDraft,
    ItemView,
    Kind,
    Status,
    slugify,
)
from workbench.core.safekeeping import KeptEdit, ReplayReport
from workbench.gui.connection import discard_kept, keep_edit, kept_copy, kept_when
from workbench.gui.context import AppContext
from workbench.gui.date_field import ISO
from workbench.gui.labels import industry_labels, kind_labels, status_labels
from workbench.gui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    QSplitter,
    Qt,
    QTextBrowser,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    connect_for_life,
)
from workbench.gui.unsaved import Autosaver, confirm_leave
from workbench.gui.views.edit_conflict import ConflictBar, compare_dialog


class ItemEditor(QDialog):
    """Non-blocking dialog; ``saved`` carries the saved ItemView. Its fields are autosaved to
    this laptop as the person types, and closing it (Esc, Cancel, the window's close button, or
    quitting) with unsaved changes asks Save / Discard / Cancel (workbench/gui/unsaved.py)."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, facets: Facets, item: ItemView | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.setObjectName("ItemEditor")
        self.setWindowTitle(self.tr("Edit knowledge item") if item else self.tr("New knowledge item"))
        self.resize(1100, 720)

        self.kind = QComboBox()
        for value, text in kind_labels().items():
            self.kind.addItem(text, value)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("For a FAQ the question; for an objection what the customer says"))
        self.slug = QLineEdit()
        self.slug.setPlaceholderText(self.tr("derived from the title"))
        self.industry = QComboBox()
        self.industry.setEditable(True)
        self.industry.addItem("", "")
        names = industry_labels()
        for value in dict.fromkeys([*INDUSTRIES, *facets.industries]):
            self.industry.addItem(names.get(value, value), value)
        self.product = QComboBox()
        self.product.setEditable(True)
        self.product.addItems(["", *facets.products])
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("comma separated, e.g. 私有化部署, SLA"))
        self.suggest_button = QPushButton(self.tr("Suggest tags"))
        self.suggest_button.setToolTip(self.tr("Tags of similar items and known tags found in the text"))
        self.suggest_button.clicked.connect(self.suggest_tags)
        self.suggestions = QHBoxLayout()
        self.customer = QLineEdit()
        self.owner = QLineEdit()
        self.status = QComboBox()
        for value, text in status_labels().items():
            self.status.addItem(text, value)
        self.has_review = QCheckBox(self.tr("Review by"))
        self.review_by = QDateEdit()
        self.review_by.setCalendarPopup(True)
        self.review_by.setDisplayFormat(ISO)
        self.review_by.setDate(QDate.currentDate().addMonths(6))
        self.has_review.toggled.connect(self.review_by.setEnabled)
        self.has_review.setChecked(True)

        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("ID"), self.slug)
        row = QHBoxLayout()
        row.addWidget(self.industry, 1)
        row.addWidget(QLabel(self.tr("Product")))
        row.addWidget(self.product, 1)
        form.addRow(self.tr("Industry"), row)
        tag_row = QHBoxLayout()
        tag_row.addWidget(self.tags, 1)
        tag_row.addLayout(self.suggestions)
        tag_row.addWidget(self.suggest_button)
        form.addRow(self.tr("Tags"), tag_row)
        row2 = QHBoxLayout()
        row2.addWidget(self.customer, 1)
        row2.addWidget(QLabel(self.tr("Owner")))
        row2.addWidget(self.owner, 1)
        form.addRow(self.tr("Customer"), row2)
        row3 = QHBoxLayout()
        row3.addWidget(self.status)
        row3.addStretch(1)
        row3.addWidget(self.has_review)
        row3.addWidget(self.review_by)
        form.addRow(self.tr("Status"), row3)

        self.body = QPlainTextEdit()
        self.body.setObjectName("MarkdownEditor")
        self.body.setPlaceholderText(self.tr("Markdown: ## headings, **bold**, - lists, | tables |"))
        self.preview = QTextBrowser()
        self.preview.setOpenExternalLinks(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.body)
        split.addWidget(self.preview)
        split.setSizes([550, 550])
        self._preview_timer = QTimer(self, singleShot=True, interval=150)
        self._preview_timer.timeout.connect(self._update_preview)
        self.body.textChanged.connect(self._preview_timer.start)
        self.title.textChanged.connect(self._preview_timer.start)

        self.error = QLabel()
        self.error.setObjectName("ErrorLabel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)

        # an edit of this item kept on this laptop (the server was away, or it was overtaken)
        self.kept: KeptEdit | None = kept_copy(ctx, "item", item.slug) if item is not None else None
        self.kept_notice = QLabel()
        self.kept_notice.setObjectName("DuplicateBanner")
        self.kept_notice.setWordWrap(True)
        self.load_kept_button = QPushButton(self.tr("Load my kept text"))
        self.load_kept_button.clicked.connect(self.load_kept)
        kept_row = QHBoxLayout()
        kept_row.addWidget(self.kept_notice, 1)
        kept_row.addWidget(self.load_kept_button)
        self.kept_notice.setVisible(self.kept is not None)
        self.load_kept_button.setVisible(self.kept is not None)
        if self.kept is not None:
            self.kept_notice.setText(self.tr(
                "Your edit of this item from %1 is kept on this laptop and not saved yet. Load it, check it "
                "against this version, and save.").replace("%1", kept_when(self.kept)))
        connect_for_life(self, ctx.server_back, self._server_back)

        layout = QVBoxLayout(self)
        layout.addLayout(kept_row)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        self.conflict_bar = ConflictBar(self)
        self.conflict_bar.reload.connect(self.load_theirs)
        self.conflict_bar.compare.connect(self.compare_with_theirs)
        self.conflict_bar.overwrite.connect(self.save_over_theirs)
        self.conflict_bar.put_back.connect(self.put_mine_back)
        self._theirs: ItemView | None = None  # the version that won, after a refused save
        self._mine: ItemDraft | None = None  # the person's text while their version is loaded
        layout.addWidget(self.conflict_bar)
        layout.addWidget(self.buttons)
        if item is not None:
            self._load(item)
        self._update_preview()
        self._after_save: Callable[[bool], None] | None = None
        self._saved_draft = self.draft()  # what closing without saving would lose is the difference
        self.autosaver = Autosaver(ctx, self._autosave_snapshot, self)
        for signal in (self.kind.currentIndexChanged, self.status.currentIndexChanged, self.title.textChanged,
                       self.slug.textChanged, self.industry.currentTextChanged, self.product.currentTextChanged,
                       self.tags.textChanged, self.customer.textChanged, self.owner.textChanged,
                       self.has_review.toggled, self.review_by.dateChanged, self.body.textChanged):
            signal.connect(self.autosaver.changed)
        if item is not None:
            left = kept_copy(ctx, "item", item.slug, origin="autosave")
            if left is not None:
                self.load_draft(left)

    def _load(self, item: ItemView | ItemDraft) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(item.kind.value)))
        self.title.setText(item.title)
        self.slug.setText(item.slug)
        self.slug.setReadOnly(self.item is not None)
        index = self.industry.findData(item.industry)
        if index >= 0:
            self.industry.setCurrentIndex(index)
        else:
            self.industry.setEditText(item.industry)
        self.product.setEditText(item.product)
        self.tags.setText(", ".join(item.tags))
        self.customer.setText(item.customer)
        self.owner.setText(item.owner)
        self.status.setCurrentIndex(max(0, self.status.findData(item.status.value)))
        self.has_review.setChecked(item.review_by is not None)
        if item.review_by:
            self.review_by.setDate(QDate(item.review_by.year, item.review_by.month, item.review_by.day))
        self.body.setPlainText(item.body)

    def load_draft(self, left: KeptEdit) -> None:
        """Put a draft autosaved in a session that ended before it was saved back in the fields;
        the person saves it (on top of the version shown now) or discards it as usual."""
        self.autosaver.adopt(left)
        draft = left.item_draft()
        if draft == self.draft():
            if not self.has_unsaved_changes():
                self.autosaver.clear()  # nothing in it that is not saved already
            return
        self._load(draft)
        self.load_kept_button.hide()
        self.kept_notice.setText(self.tr(
            "Your unsaved edit from %1 is back in the fields: Workbench closed before it was saved. Save it, "
            "or Cancel and discard it.").replace("%1", kept_when(left)))
        self.kept_notice.show()

    def load_kept(self) -> None:
        """Put the kept text in the fields; saving it goes on top of the version shown now."""
        if self.kept is not None:
            self._load(self.kept.item_draft())
            self.load_kept_button.hide()

    def _update_preview(self) -> None:
        title = self.title.text().strip()
        self.preview.setMarkdown((f"# {title}\n\n" if title else "") + self.body.toPlainText())

    def _industry_value(self) -> str:
        text = self.industry.currentText().strip()
        data = self.industry.currentData()
        if data is not None and self.industry.itemText(self.industry.currentIndex()) == text:
            return str(data)
        return text

    def draft(self) -> ItemDraft:
        kind = Kind(self.kind.currentData())
        review: dt.date | None = None
        if self.has_review.isChecked():
            d = self.review_by.date()
            review = dt.date(d.year(), d.month(), d.day())
        slug = self.slug.text().strip() or slugify(self.title.text(), prefix=kind.value)
        return ItemDraft(
            kind=kind,
            title=self.title.text(),
            body=self.body.toPlainText(),
            slug=slug,
            industry=self._industry_value(),
            product=self.product.currentText(),
            tags=tuple(t for t in self.tags.text().replace("，", ",").split(",")),
            customer=self.customer.text(),
            owner=self.owner.text(),
            status=Status(self.status.currentData()),
            review_by=review,
        )

    # --- unsaved work (workbench/gui/unsaved.py) --------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        """The fields differ from what was loaded or last saved, and from the copy already kept
        on this laptop to be saved when the server is back."""
        draft = self.draft()
        if draft == self._saved_draft:
            return False
        return self.kept is None or draft != self.kept.item_draft()

    def unsaved_description(self) -> str:
        title = self.title.text().strip()
        if self.item is None:
            return self.tr("the new knowledge item “%1”").replace("%1", title) if title else \
                self.tr("the new knowledge item")
        return self.tr("the knowledge item “%1”").replace("%1", title or self.item.title)

    def save_unsaved(self, then: Callable[[bool], None]) -> None:
        self._after_save = then
        self.save()

    def discard_unsaved(self) -> None:
        """Back to what is saved (or, for a new item, to the empty form)."""
        self._load(self._saved_draft)
        if self.item is None:
            self.slug.clear()  # derived from the title again
        self.autosaver.clear()
        self.error.hide()

    def _autosave_snapshot(self, user: str, database: str) -> KeptEdit | None:
        if not self.has_unsaved_changes():
            return None
        draft, item = self.draft(), self.item
        if item is None:
            return safekeeping.new_item(user, database, draft)
        return safekeeping.item_edit(user, database, item.slug, draft, item.version)

    def _told(self, ok: bool) -> None:
        then, self._after_save = self._after_save, None
        if then is not None:
            then(ok)

    def reject(self) -> None:
        """Esc, Cancel and the window's close button: ask first when something is not saved."""
        if not self.buttons.isEnabled():
            return  # a save is on its way: it closes the editor, or says why not
        if confirm_leave(self, self, self._close_after_save):
            self.autosaver.clear()
            super().reject()

    def _close_after_save(self) -> None:
        if self.isVisible():  # a save closes the editor; kept for the server closes it here
            super().reject()

    def save(self) -> None:
        draft = self.draft()
        item = self.item
        self.buttons.setEnabled(False)
        self.error.hide()
        if item is None:
            self.ctx.write(
                lambda ws, actor: ws.knowledge.create(actor, draft), self._saved, self._failed, parent=self
            )
        else:
            version = item.version
            self.ctx.write(
                lambda ws, actor: ws.knowledge.update(actor, item.slug, draft, version), self._saved, self._failed,
                parent=self,
            )

    def suggest_tags(self) -> None:
        text = f"{self.title.text()}\n{self.body.toPlainText()}"
        have = tuple(t.strip() for t in self.tags.text().replace("，", ",").split(",") if t.strip())
        self.suggest_button.setEnabled(False)

        def shown(tags: list[str]) -> None:
            self.suggest_button.setEnabled(True)
            while self.suggestions.count():
                entry = self.suggestions.takeAt(0)
                widget = entry.widget() if entry is not None else None
                if widget is not None:
                    widget.deleteLater()
            for tag in tags:
                chip = QPushButton(f"+ {tag}")
                chip.setObjectName("TagChip")
                chip.setFlat(True)
                chip.clicked.connect(lambda _c=False, t=tag, b=chip: self._add_tag(t, b))
                self.suggestions.addWidget(chip)

        def failed(exc: BaseException) -> None:
            self.suggest_button.setEnabled(True)
            self._failed(exc)

        self.ctx.read(lambda ws: ws.search.suggest_tags(text, have), shown, on_error=failed, parent=self, cpu=True)

    def _add_tag(self, tag: str, chip: QPushButton) -> None:
        current = [t.strip() for t in self.tags.text().replace("，", ",").split(",") if t.strip()]
        if tag not in current:
            current.append(tag)
        self.tags.setText(", ".join(current))
        chip.hide()

    def _saved(self, item: ItemView) -> None:
        self.item = item
        self.buttons.setEnabled(True)
        discard_kept(self.ctx, self.kept)  # this save supersedes any copy kept on the laptop
        self.kept = None
        self._saved_draft = self.draft()
        self.autosaver.clear()
        self.saved.emit(item)
        self.accept()
        self._told(True)

    def _failed(self, exc: BaseException) -> None:
        """Nothing typed is lost: the dialog stays open with the text as it was. If the server is
        away, the edit is also kept on this laptop and saved when the server is back."""
        self.buttons.setEnabled(True)
        if isinstance(exc, ServerUnavailable) and self._keep():
            self.autosaver.flush()  # the kept copy holds the text now: no second copy
            self._say(self.tr(
                "The team server cannot be reached. Your edit is kept on this laptop and will be saved "
                "when the server is back; you can keep working here."), calm=True)
            self._told(True)
            return
        self._say(self.ctx.message_for(exc))
        if isinstance(exc, Conflict) and self.item is not None:
            slug = self.item.slug
            self.ctx.read(lambda ws: (ws.knowledge.get(slug), ws.knowledge.history(slug)[-1].changed_by_label),
                          lambda answer: self._conflict(*answer), parent=self)
        self._told(False)

    # --- someone else saved first --------------------------------------------------------------

    def _conflict(self, theirs: ItemView, by: str) -> None:
        self._theirs = theirs
        self.error.hide()  # the bar says it, with what to do
        self.conflict_bar.conflict(theirs, by)

    def load_theirs(self) -> None:
        """Their version in the fields (saving goes on top of it); the person's text can come back."""
        theirs = self._theirs
        if theirs is None:
            return
        self._mine = self.draft()
        self.item = theirs
        self._load(theirs)
        self._saved_draft = self.draft()
        self.conflict_bar.reloaded()

    def put_mine_back(self) -> None:
        """The person's text in the fields again, now on top of their version."""
        if self._mine is not None:
            self._load(self._mine)
            self._mine = None
            self.conflict_bar.hide()

    def compare_with_theirs(self) -> None:
        if self._theirs is None:
            return
        mine = self._mine or self.draft()
        self.compare = compare_dialog(self, self._theirs, mine.title, mine.body)
        self.compare.open()

    def save_over_theirs(self) -> None:
        """Save the person's text as the next version after theirs (theirs stays in the history)."""
        if self._theirs is None:
            return
        self.item = self._theirs
        self.conflict_bar.hide()
        self.save()

    def _say(self, text: str, calm: bool = False) -> None:
        """Below the editor: red for an error, amber for "kept, nothing lost"."""
        self.error.setObjectName("DuplicateBanner" if calm else "ErrorLabel")
        self.error.style().unpolish(self.error)
        self.error.style().polish(self.error)
        self.error.setText(text)
        self.error.show()

    def _keep(self) -> bool:
        draft, item = self.draft(), self.item
        if item is None:
            self.kept = keep_edit(self.ctx, lambda user, db: safekeeping.new_item(user, db, draft))
        else:
            self.kept = keep_edit(self.ctx, lambda user, db: safekeeping.item_edit(user, db, item.slug, draft,
                                                                                   item.version))
        return self.kept is not None

    def _server_back(self, report: ReplayReport) -> None:
        """The server is back and kept edits were replayed: if ours was saved, this is a save."""
        kept = self.kept
        if kept is None:
            return
        for edit, value in report.saved:
            if edit.key != kept.key:
                continue
            self.kept = None
            if self.draft() == edit.item_draft():
                self._saved(value)
            else:  # typed on after the failed save: the next save goes on top of the saved one
                self.item = value
                self.slug.setReadOnly(True)
                self._say(self.tr("Your earlier save reached the server; the changes since are not saved yet."), calm=True)
        for edit, error in report.refused:
            if edit.key == kept.key:
                self._say(error.message(self.ctx.lang))
