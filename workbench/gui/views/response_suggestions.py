"""The library's best answers for one response row, as the row editor lists them: number, the
band as a coloured chip (auto / suggest / weak), the title (wrapped, never cut off), the matched
words (or "similar in meaning"), and a stale or draft item, or one in the other language, said
plainly. The list is in the search's order within each band; the relevance that set the band is
in the entry's tooltip, not on the line: beside an order it does not follow, a lower
figure above a higher one (0.36 over 0.47, in 44 of the demo documents' 61 rows) read as a bug."""

from __future__ import annotations

from html import escape
from typing import Any

from workbench.core.tender.views import Suggestion
from workbench.gui.models.response_rows import band_colour, band_labels
from workbench.gui.palette import DANGER, MUTED, NOTICE_TEXT, PAPER, stylesheet
from workbench.gui.qt import QEvent, QLabel, QListWidget, QListWidgetItem, QSize, Qt, QWidget

SUGGESTIONS_SHOWN = 5
MAX_TITLE = 120


class SuggestionList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Suggestions")
        # a light selection: the muted details line stays readable on it
        self.setStyleSheet(stylesheet("QListWidget#Suggestions::item:selected { background: @TABLE_SELECTION; }"))
        self.shown: tuple[Suggestion, ...] = ()
        self.viewport().installEventFilter(self)

    def show_suggestions(self, suggestions: tuple[Suggestion, ...], keep_current: bool) -> None:
        """List the first five; the current one stays current on a refresh (else the first is)."""
        current = self.currentRow() if keep_current else -1
        self.blockSignals(True)
        self.clear()
        self.shown = suggestions[:SUGGESTIONS_SHOWN]
        for n, s in enumerate(self.shown, start=1):
            entry = QListWidgetItem()
            entry.setData(Qt.ItemDataRole.UserRole, s.id)
            relevance = self.tr("Relevance: %1 (sets the band)").replace("%1", s.shown_score)
            tip = f"{s.preview}\n\n{relevance}" if s.preview else relevance
            entry.setToolTip(tip)
            label = QLabel(self.entry_html(n, s))
            label.setToolTip(tip)  # the label covers the entry: it shows the tip
            label.setObjectName("SuggestionEntry")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)  # a long title wraps rather than running out of sight
            label.setContentsMargins(6, 3, 6, 3)
            self.addItem(entry)
            self.setItemWidget(entry, label)
        self.blockSignals(False)
        self._fit()
        count = len(self.shown)
        self.setCurrentRow(current if 0 <= current < count else (0 if count else -1))

    def suggestion(self, index: int) -> Suggestion | None:
        return self.shown[index] if 0 <= index < len(self.shown) else None

    def entry_html(self, n: int, s: Suggestion) -> str:
        bands = band_labels()
        chip = (f"<span style='background-color:{band_colour(s.band)};color:{PAPER}'>"
                f"&nbsp;{escape(bands.get(s.band, s.band))}&nbsp;</span>")
        title = s.title if len(s.title) <= MAX_TITLE else s.title[:MAX_TITLE - 1] + "…"
        stale, draft = self.tr("stale"), self.tr("draft")
        flags = []
        if s.stale:
            flags.append(f"<span style='color:{DANGER}'>{escape(stale)}</span>")
        if s.status == "draft":
            flags.append(f"<span style='color:{NOTICE_TEXT}'>{escape(draft)}</span>")
        if s.foreign:  # the other language than the document's: the engineer translates it
            other = self.tr("in English: translate") if s.language == "en" else self.tr("in Chinese: translate")
            flags.append(f"<span style='color:{NOTICE_TEXT}'>{escape(other)}</span>")
        matched = self.tr("matched: %1").replace("%1", ", ".join(s.matched[:6])) if s.matched else ""
        if s.found_by == "meaning":  # no word in common: say why it is offered at all
            matched = self.tr("similar in meaning")
        elif s.found_by == "far":  # words in common, meaning far apart: say why it is not suggested
            far = self.tr("far in meaning: not suggested")
            matched = f"{matched} · {far}" if matched else far
        details = escape(matched)
        return (f"<b>{n}</b>&nbsp;&nbsp;{chip}&nbsp;&nbsp;<b>{escape(title)}</b> {' '.join(flags)}"
                f"<br><span style='color:{MUTED}'>{details}</span>")

    def _fit(self) -> None:
        """Each entry as tall as its wrapped text at the list's width now."""
        width = max(self.viewport().width() - 4, 120)
        for i in range(self.count()):
            entry = self.item(i)
            label = self.itemWidget(entry)
            if label is not None:
                entry.setSizeHint(QSize(0, label.heightForWidth(width) + 2))

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self._fit()
        return super().eventFilter(watched, event)
