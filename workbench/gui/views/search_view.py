"""The Search screen: search-as-you-type with facets, highlighted snippets, a preview with
similar items, did-you-mean, and "similar to a pasted requirement"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.core.knowledge.model import ItemView
from workbench.core.knowledge.tags import merge_tag_counts, same_tag
from workbench.core.search.query import SearchRequest
from workbench.core.search.service import SearchHit, SearchResults
from workbench.core.users import Permission
from workbench.gui.context import AppContext
from workbench.gui.indexer import IndexKeeper
from workbench.gui.labels import industry_labels, kind_labels
from workbench.gui.models.search_results import HIT_ROLE, HitDelegate, SearchResultsModel
from workbench.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QModelIndex,
    QObject,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    QSizePolicy,
    QSplitter,
    Qt,
    QTabWidget,
    QTextBrowser,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    connect_for_life,
)
from workbench.gui.views.search_insights import InsightsPanel
from workbench.gui.views.search_similar import fold_repeats

DEBOUNCE_MS = 180
MISS_IDLE_MS = 1500
FACET_NAMES = ("kind", "industry", "product", "tags")
SIMILAR_SHOWN = 6  # entries in the "Similar items" list
SIMILAR_IDS_ROLE = Qt.ItemDataRole.UserRole + 1  # every item an entry stands for, best first
MAX_READINGS = 4  # Chinese readings of typed pinyin shown as links (initials can give many)


class SearchView(QWidget):
    open_item = Signal(str)  # slug
    searched = Signal(object)  # SearchResults shown (tests and status)

    def __init__(self, ctx: AppContext, indexer: IndexKeeper, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SearchView")
        self.ctx = ctx
        self.indexer = indexer
        self.filters: dict[str, str] = {}
        self.results: SearchResults | None = None
        self.similar_results: SearchResults | None = None  # the last "Similar to a requirement" answer
        # the text the user chose to search as typed ("Search instead for baojia"); typing goes back
        # to reading typed pinyin as Chinese when nothing is found
        self._as_typed: str | None = None
        self._seq = 0
        self._similar_seq = 0
        self._preview_seq = 0
        self._open_top_when_shown = False  # Enter pressed before the answer to the typed text came
        # a query nothing answered but "Did you mean" could correct, with its suggestions: a gap
        # only if the user moves on to something else without taking a correction
        self._pending_miss: tuple[str, tuple[str, ...]] | None = None

        self.box = QLineEdit()
        self.box.setObjectName("SearchBox")
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText(self.tr("Search cases, FAQs, objections and lessons…  (Ctrl+K)"))
        self.box.installEventFilter(self)
        self.sort = QComboBox()
        self.sort.addItem(self.tr("Best match"), "relevance")
        self.sort.addItem(self.tr("Newest first"), "date")
        self.requirement_button = QPushButton(self.tr("Similar to a requirement…"))
        self.requirement_button.setToolTip(self.tr("Paste a customer's requirement and find the most similar past items"))
        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        top.addWidget(self.sort)
        top.addWidget(self.requirement_button)

        self.notice = QLabel()
        self.notice.setObjectName("SearchNotice")
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        # wraps: a long "Did you mean" (a pasted paragraph) must never widen the window
        self.notice.setWordWrap(True)
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.notice.linkActivated.connect(self._follow_link)

        # facets
        self.facet_lists: dict[str, QListWidget] = {}
        facets = QWidget()
        facets.setObjectName("FacetPanel")
        facet_layout = QVBoxLayout(facets)
        facet_layout.setContentsMargins(0, 0, 0, 0)
        titles = {
            "kind": self.tr("Kind"), "industry": self.tr("Industry"),
            "product": self.tr("Product"), "tags": self.tr("Tags"),
        }
        for name in FACET_NAMES:
            heading = QLabel(titles[name])
            heading.setObjectName("FacetHeading")
            # a heading keeps to its text: the room short panes leave goes below the last pane,
            # not between each heading and its pane
            heading.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            lst = QListWidget()
            lst.setObjectName(f"Facet_{name}")
            lst.itemClicked.connect(lambda item, n=name: self._facet_clicked(n, item))
            lst.installEventFilter(self)  # Enter or Space applies the current facet value
            facet_layout.addWidget(heading)
            facet_layout.addWidget(lst, 2 if name == "tags" else 1)
            self.facet_lists[name] = lst
        facet_layout.addStretch(0)  # what the panes, each no taller than its rows, leave

        # results
        self.model = SearchResultsModel(self)
        self.list = QListView()
        self.list.setObjectName("SearchResults")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list, self.tr("Matched:"), self.tr("Similar in meaning")))
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(True)
        self.list.activated.connect(lambda index: self._open(index))
        self.list.installEventFilter(self)
        self.list.selectionModel().currentChanged.connect(self._current_changed)

        # preview
        self.preview_title = QLabel()
        self.preview_title.setObjectName("DetailTitle")
        self.preview_title.setWordWrap(True)
        self.preview = QTextBrowser()
        self.preview.setObjectName("SearchPreview")
        self.similar = QListWidget()
        self.similar.setObjectName("SimilarList")
        # a long title is elided (whole in its tooltip), not scrolled sideways half a character at a time
        self.similar.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.similar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.similar.itemActivated.connect(lambda item: self.open_item.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.open_button = QPushButton(self.tr("Open in Knowledge"))
        self.open_button.clicked.connect(lambda: self._open(self.list.currentIndex()))
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(6, 0, 0, 0)
        preview_layout.addWidget(self.preview_title)
        preview_layout.addWidget(self.preview, 3)
        preview_layout.addWidget(QLabel(self.tr("Similar items")))
        preview_layout.addWidget(self.similar, 1)
        preview_layout.addWidget(self.open_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(facets)
        split.addWidget(self.list)
        split.addWidget(preview)
        split.setSizes([200, 640, 480])
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)

        results_page = QWidget()
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.notice)
        results_layout.addWidget(split, 1)
        self.insights = InsightsPanel(ctx, self)
        self.insights.open_item.connect(self.open_item)
        self.tabs = QTabWidget()
        self.tabs.addTab(results_page, self.tr("Results"))
        self.tabs.addTab(self.insights.gaps_page, self.tr("Content gaps"))
        self.tabs.addTab(self.insights.duplicates_page, self.tr("Near-duplicates"))
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self._miss_timer = QTimer(self, singleShot=True, interval=MISS_IDLE_MS)
        self._miss_timer.timeout.connect(self._record_miss)
        self.box.textChanged.connect(self._text_changed)
        self.sort.currentIndexChanged.connect(lambda _i: self.run_search())
        self.requirement_button.clicked.connect(self.ask_requirement)
        connect_for_life(self, indexer.ready, self.run_search)
        connect_for_life(self, indexer.progress, self._index_progress)
        connect_for_life(self, indexer.updated, self._refresh_if_shown)
        connect_for_life(self, ctx.user_changed, self._user_changed)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.box).activated.connect(self.box.clear)
        self._show_preview(None)

    # --- searching ------------------------------------------------------------------------------

    def focus_box(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.box.setFocus()
        self.box.selectAll()

    def request(self) -> SearchRequest:
        return SearchRequest(
            text=self.box.text(),
            kind=self.filters.get("kind"),
            industry=self.filters.get("industry"),
            product=self.filters.get("product"),
            tag=self.filters.get("tags"),
            sort=self.sort.currentData(),
            per_page=50,
            as_typed=self._as_typed is not None and self.box.text() == self._as_typed,
        )

    def _text_changed(self, text: str) -> None:
        if self._as_typed is not None and text != self._as_typed:
            self._as_typed = None  # other text: typed pinyin is read as Chinese again when nothing is found
        self._debounce.start()
        request = self.request()
        self._expect(lambda ws: ws.search.expect(request))

    def _expect(self, fn: Callable[[Any], None]) -> None:
        """What the coming search can start ahead, started during the typing pause rather than
        after it (once the index is open)."""
        if self.indexer.is_ready:
            self.ctx.ahead(fn, parent=self)

    def run_search(self) -> None:
        if self.ctx.ws is None or not self.indexer.is_ready:
            self._show_building()
            return
        request = self.request()
        self._seq += 1
        seq = self._seq
        self._miss_timer.stop()
        self.ctx.read(
            lambda ws: ws.search.search(request),
            lambda results: self._show_results(seq, results),
            parent=self,
            cpu=True,
        )

    def _show_results(self, seq: int, results: SearchResults) -> None:
        if seq != self._seq:
            return  # a newer search was started: this answer is stale
        self._settle_pending_miss(results.request.text)
        same_query = self.results is not None and self.results.request == results.request
        self.results, self.similar_results = results, None
        # the same query answered again (the index changed) keeps the selection; a refined one
        # starts at its own top hit, so Enter opens what is now first
        previous = self.list.currentIndex().data(HIT_ROLE) if same_query else None
        self.model.set_hits(results.hits)
        self._show_notice(results)
        request = results.searched_request  # the reading searched in the typed text's place, if it was
        self.ctx.read(
            lambda ws: ws.search.facets(request),
            lambda answer: self._facets_loaded(seq, answer),
            on_error=lambda _e: None,
            parent=self,
            cpu=True,
        )
        if results.hits:
            row = next((i for i, h in enumerate(results.hits) if previous and h.id == previous.id), 0)
            self.list.setCurrentIndex(self.model.index(row, 0))
        else:
            self._show_preview(None)
            # a gap is a question the knowledge base cannot answer. A query "Did you mean" can
            # correct may be a typo: it waits for what the user does next (see _settle_pending_miss)
            offered = results.readings or ((results.suggestion,) if results.suggestion else ())
            if results.request.text.strip() and offered:
                self._pending_miss = (results.request.text, offered)
            elif results.request.text.strip():
                self._miss_timer.start()
        open_top, self._open_top_when_shown = self._open_top_when_shown, False
        self.searched.emit(results)
        if open_top and results.hits:
            self._open(self.model.index(0, 0))

    def _facets_loaded(self, seq: int, answer: tuple[dict[str, list[tuple[str, int]]], int]) -> None:
        if seq != self._seq or self.results is None:
            return
        facets, total = answer
        self._show_facets(facets)
        self._show_notice(self.results, total)

    def _show_notice(self, results: SearchResults, exact_total: int | None = None) -> None:
        parts = self._instead_notice(results)
        if results.request.text.strip() or self.filters:
            if exact_total is not None:
                parts.append(self.tr("%1 found").replace("%1", str(exact_total)))
            elif results.exact:
                parts.append(self.tr("%1 found").replace("%1", str(results.total)))
            else:
                parts.append(self.tr("about %1 found").replace("%1", str(results.total)))
        if results.matched_any:
            parts.append(self.tr("nothing had every word; these match some of them"))
        if results.searched_for is None and (results.readings or results.suggestion):
            links = (" / ".join(_link(f"reading:{i}", r) for i, r in enumerate(results.readings[:MAX_READINGS]))
                     or _link("suggest", results.suggestion or ""))
            parts.append(self.tr("Did you mean %1?").replace("%1", links))
        parts += self._filters_notice()
        self.notice.setText(" · ".join(parts))

    def _filters_notice(self) -> list[str]:
        if not self.filters:
            return []
        names = {"kind": kind_labels(), "industry": industry_labels()}
        shown = [names.get(name, {}).get(value, value) for name, value in self.filters.items()]
        return [self.tr("filtered: %1").replace("%1", ", ".join(_escape(v) for v in shown))]

    def _show_building(self) -> None:
        """Before the index can answer, an honest empty state rather than an empty list."""
        self.model.set_hits([])
        self.notice.setText(self.tr("Search is getting ready: the search index is being built. "
                                    "Results appear here as soon as it can answer."))

    def _index_progress(self, done: int, total: int) -> None:
        if self.indexer.is_ready:
            return  # progress after start-up (meaning vectors, a rebuild): the status bar has it
        self.model.set_hits([])
        self.notice.setText(self.tr("Building the search index: %1 of %2 items. Results appear here as "
                                    "soon as it can answer.").replace("%1", str(done)).replace("%2", str(total)))

    def _instead_notice(self, results: SearchResults) -> list[str]:
        """Typed pinyin answered with its Chinese reading: which text was searched, the way back
        to the typed text, and the other readings (homophones are offered, never searched too)."""
        if results.searched_for is None:
            return []
        parts = [self.tr("Showing results for %1").replace("%1", f"<b>{_escape(_shorten(results.searched_for))}</b>"),
                 self.tr("Search instead for %1").replace("%1", _link("typed", results.request.text.strip()))]
        others = results.readings[1:MAX_READINGS]
        if others:
            links = " / ".join(_link(f"reading:{i}", r) for i, r in enumerate(others, 1))
            parts.append(self.tr("Other readings: %1").replace("%1", links))
        return parts

    def _follow_link(self, link: str) -> None:
        """A link of the notice: a suggestion or a reading searched, or the typed text searched as it is."""
        shown = self.similar_results if self.results is None else self.results
        if shown is None:
            return
        typed = shown.request.text
        if link == "typed":
            if shown is self.similar_results:
                self.find_similar_to(typed, as_typed=True)
            else:
                self._as_typed = typed
                self.box.setText(typed)
                self.run_search()  # the same text: the box's text did not change
            return
        if link.startswith("reading:"):
            text = shown.readings[int(link.partition(":")[2])]
        elif link == "suggest" and shown.suggestion:
            text = shown.suggestion
        else:
            return
        if shown is self.similar_results:
            self.find_similar_to(text)
        else:
            self.box.setText(text)

    def _show_facets(self, facets: dict[str, list[tuple[str, int]]]) -> None:
        names = {"kind": kind_labels(), "industry": industry_labels()}
        # 报价 and 報價 are one tag: one line, counted together, under the most used spelling
        facets = {**facets, "tags": merge_tag_counts(facets.get("tags", []))}
        for name, lst in self.facet_lists.items():
            lst.clear()
            chosen = self.filters.get(name)
            for value, count in facets.get(name, [])[:30]:
                shown = names.get(name, {}).get(value, value)
                item = QListWidgetItem(f"{shown}  ({count})")
                item.setData(Qt.ItemDataRole.UserRole, value)
                if chosen is not None and (value == chosen or (name == "tags" and same_tag(value, chosen))):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setText("✓ " + item.text())
                lst.addItem(item)
            if chosen and not any(v == chosen or (name == "tags" and same_tag(v, chosen)) for v, _n in facets.get(name, [])):
                item = QListWidgetItem("✓ " + names.get(name, {}).get(chosen, chosen) + "  (0)")
                item.setData(Qt.ItemDataRole.UserRole, chosen)
                lst.addItem(item)
            _fit_to_rows(lst)

    def _facet_clicked(self, name: str, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        chosen = self.filters.get(name)
        if chosen is not None and (chosen == value or (name == "tags" and same_tag(chosen, value))):
            self.filters.pop(name)
        else:
            self.filters[name] = value
        self._search_again()  # the similar items shown, if they are, again within the filters

    def _settle_pending_miss(self, next_text: str) -> None:
        """A query with a "Did you mean" was a typo if the user took the suggestion, or went on
        typing or correcting the same words; if they moved on to something else, it was a question
        nothing answers, and it is recorded as a content gap."""
        if self._pending_miss is None:
            return
        text, suggestions = self._pending_miss
        a, b = text.strip(), next_text.strip()
        if not b:
            return  # an emptied box has not moved on yet
        self._pending_miss = None
        if b in {o.strip() for o in suggestions} or a.startswith(b) or b.startswith(a):
            return
        self._record_miss(text)

    def hideEvent(self, event: Any) -> None:  # leaving the screen is moving on
        if self._pending_miss is not None:
            text, self._pending_miss = self._pending_miss[0], None
            self._record_miss(text)
        super().hideEvent(event)

    def _record_miss(self, text: str | None = None) -> None:
        text = self.box.text() if text is None else text
        if text.strip() and self.ctx.user is not None:
            self.ctx.write(lambda ws, actor: ws.search.record_miss(actor, text), parent=self)

    def _refresh_if_shown(self) -> None:
        if self.isVisible() and self.tabs.currentIndex() == 0:
            self._search_again()

    def _search_again(self) -> None:
        """What is shown asked again: the similar items of the pasted text, or the box's search."""
        if self.similar_results is not None:
            self.find_similar_to(self.similar_results.request.text, as_typed=self.similar_results.request.as_typed)
        else:
            self.run_search()

    # --- preview and similar items -----------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit: SearchHit | None = current.data(HIT_ROLE) if current.isValid() else None
        if hit is None:
            self._show_preview(None)
            return
        self._preview_seq += 1
        seq = self._preview_seq
        slug = hit.id
        self.similar.clear()  # the items like the one shown before are not like this one
        self.ctx.read(lambda ws: ws.knowledge.get(slug), lambda item: self._preview_loaded(seq, item), parent=self)
        self.ctx.read(
            # more than are shown: copies of one lesson fold into one entry (search_similar.py)
            lambda ws: ws.search.similar(item_id=slug, limit=SIMILAR_SHOWN + 6),
            lambda hits: self._similar_loaded(seq, hits),
            on_error=lambda _e: None,
            parent=self,
            cpu=True,
        )

    def _preview_loaded(self, seq: int, item: ItemView) -> None:
        if seq == self._preview_seq:
            self._show_preview(item)

    def _show_preview(self, item: ItemView | None) -> None:
        self.open_button.setEnabled(item is not None)
        if item is None:
            self.preview_title.setText("")
            self.preview.clear()
            self.similar.clear()
            return
        self.preview_title.setText(item.title)
        self.preview.setMarkdown(item.body)

    def _similar_loaded(self, seq: int, hits: list[SearchHit]) -> None:
        if seq != self._preview_seq:
            return
        self.similar.clear()
        kinds = kind_labels()
        for shown in fold_repeats(hits, SIMILAR_SHOWN):
            hit, copies = shown.hit, len(shown.ids)
            kind = kinds.get(hit.kind, hit.kind) + (f" ×{copies}" if copies > 1 else "")
            entry = QListWidgetItem(f"[{kind}] {hit.title}")
            tip = [hit.title, self.tr("Similar in meaning") if hit.by_meaning_only
                   else self.tr("Shared words: %1").replace("%1", ", ".join(hit.matched[:12]))]
            if copies > 1:
                tip.append(self.tr("%1 items have this title (the same lesson from several bids, say); "
                                   "the closest one opens").replace("%1", str(copies)))
            entry.setToolTip("\n".join(tip))
            entry.setData(Qt.ItemDataRole.UserRole, hit.id)
            entry.setData(SIMILAR_IDS_ROLE, shown.ids)
            self.similar.addItem(entry)

    def _open(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is not None:
            self.open_item.emit(hit.id)

    # --- a pasted requirement -------------------------------------------------------------------

    def ask_requirement(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Similar to a requirement"))
        dialog.resize(640, 360)
        text = QPlainTextEdit()
        text.setPlaceholderText(self.tr("Paste the customer's requirement or RFP paragraph here"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        # a pasted (or typed) requirement's encoding starts while the dialog is still open
        pause = QTimer(dialog, singleShot=True, interval=DEBOUNCE_MS)
        pause.timeout.connect(lambda: self._expect_similar(text.toPlainText()))
        text.textChanged.connect(pause.start)
        self.requirement_dialog = dialog
        dialog.accepted.connect(lambda: self.find_similar_to(text.toPlainText()))
        dialog.open()

    def _expect_similar(self, text: str) -> None:
        if text.strip():
            self._expect(lambda ws: ws.search.expect_similar(text))

    def find_similar_to(self, text: str, as_typed: bool = False) -> None:
        if not text.strip():
            return
        self._seq += 1
        seq = self._seq

        def shown(found: SearchResults) -> None:
            if seq != self._seq:
                return
            self.results, self.similar_results = None, found
            hits = found.hits
            self.model.set_hits(hits)
            self._show_facets(found.facets)  # counted over the similar items: a click narrows them
            parts = self._instead_notice(found)
            parts.append(self.tr("%1 items similar to the pasted requirement").replace("%1", str(len(hits))))
            parts += self._filters_notice()
            self.notice.setText(" · ".join(parts))
            if hits:
                self.list.setCurrentIndex(self.model.index(0, 0))
            else:
                self._show_preview(None)
            self.searched.emit(found)

        filters = {"kind": self.filters.get("kind"), "industry": self.filters.get("industry"),
                   "product": self.filters.get("product"), "tag": self.filters.get("tags")}
        self.tabs.setCurrentIndex(0)
        self.ctx.read(lambda ws: ws.search.similar_to(text, limit=20, as_typed=as_typed, **filters), shown,
                      parent=self, cpu=True)

    # --- keyboard -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if watched is self.box and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.list.setFocus()
                if not self.list.currentIndex().isValid():
                    self.list.setCurrentIndex(self.model.index(0, 0))
                return True
            if watched is self.box and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._debounce.stop()
                if self.results is None or self.results.request != self.request():
                    # the shown hits answer an older text: open the top hit of this one when it comes
                    self._open_top_when_shown = True
                    self.run_search()
                elif self.model.rowCount():
                    self._open(self.list.currentIndex() if self.list.currentIndex().isValid() else self.model.index(0, 0))
                else:
                    self.run_search()
                return True
            if isinstance(watched, QListWidget) and watched in self.facet_lists.values() and key in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space
            ):
                item = watched.currentItem()
                if item is not None:
                    name = next(n for n, lst in self.facet_lists.items() if lst is watched)
                    self._facet_clicked(name, item)
                return True
            if watched is self.list and key == Qt.Key.Key_Up and self.list.currentIndex().row() == 0:
                self.box.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.insights.load_gaps()

    def _user_changed(self, _user: Any) -> None:
        owner = self.ctx.can(Permission.EDIT_KNOWLEDGE)
        for tab in (1, 2):
            self.tabs.setTabVisible(tab, owner)


def _link(href: str, text: str) -> str:
    return f"<a href='{href}'>{_escape(_shorten(text))}</a>"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _fit_to_rows(lst: QListWidget) -> None:
    """A facet pane no taller than its rows (at least one): the four kinds, or the one chosen,
    leave the room they do not use to the industries, products and tags below them, which scroll
    on a laptop's screen."""
    # each row's own height: a row of Chinese is taller than one of Latin letters ("ROI" above
    # 報價 left the last tag under a scroll bar)
    rows = sum(lst.sizeHintForRow(i) for i in range(lst.count())) if lst.count() else lst.fontMetrics().height() + 4
    lst.setMaximumHeight(rows + 2 * lst.frameWidth() + 4)
