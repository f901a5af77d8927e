"""The editor of one response row, beside the rows table: the customer's requirement verbatim, the
library's best answers (band, score, matched words, stale/draft) with a preview, and the response
itself (response_row_form.py). It is an :class:`~workbench.gui.unsaved.UnsavedWork`: leaving a row
with typed text asks first, and the typed fields are kept on this laptop a moment after the last
keystroke (response_drafts.py), offered back at the next start after a crash and put back when the
row is opened. Saving is response_row_saving.py."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from workbench.core.tender.compliance import REGION_FORMS
from workbench.core.tender.views import ResponseRights, RowView, Suggestion
from workbench.gui.context import AppContext
from workbench.gui.models.response_rows import mark_colour, row_kind_labels, row_status_labels
from workbench.gui.qt import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QTextBrowser,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from workbench.gui.views.response_drafts import RowDraftKeeper, RowSnapshot
from workbench.gui.views.response_row_form import RowForm, empty_values, saved_values
from workbench.gui.views.response_row_layout import elide, fit_requirement
from workbench.gui.views.response_row_saving import RowSaving
from workbench.gui.views.response_suggestions import SuggestionList
from workbench.gui.when import local_time


class RowEditor(RowSaving, RowForm):
    """``saved(RowView)`` after each write of this row; ``reload_wanted`` when the screen should read
    the sheet again (a conflict: someone saved the row meanwhile)."""

    saved = Signal(object)
    reload_wanted = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RowEditor")
        self.ctx = ctx
        self.response_id = ""
        self.response_title = ""  # names a kept draft in the start-up offer
        self.put_back_note = ""  # said while the row shows the text an earlier session left
        self.row: RowView | None = None
        self.rights = ResponseRights(False, False, False)
        self.expected_version: int | None = None  # the version the typed text goes on top of
        self._conflicted = False
        self._saving = False
        self.drafts = RowDraftKeeper(ctx, self._draft_snapshot, self)

        self.heading = QLabel(self.tr("Select a row"))
        self.heading.setObjectName("RowHeading")
        self.heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("Hint")
        self._meta_text = ""  # shown on one line, elided to the pane's width; whole in its tooltip
        self.requirement = QTextBrowser()
        self.requirement.setObjectName("RequirementText")
        self.requirement.setOpenLinks(False)
        self.requirement.setToolTip(self.tr("The customer's requirement, verbatim"))

        self.suggestions = SuggestionList()
        self.suggestions.currentRowChanged.connect(self._suggestion_picked)
        self.suggestions.itemDoubleClicked.connect(lambda _i: self.accept_suggestion(self.suggestions.currentRow()))
        self.preview = QTextBrowser()
        self.preview.setObjectName("SuggestionPreview")
        self.accept_button = QPushButton(self.tr("Accept suggestion"))
        self.accept_button.setObjectName("AcceptSuggestion")
        self.accept_button.setToolTip(self.tr("Alt+1 … Alt+5 accept suggestion 1 to 5"))
        self.accept_button.clicked.connect(lambda _c=False: self.accept_suggestion(self.suggestions.currentRow()))
        self.suggestions_caption = QLabel(self.tr("Suggested answers"))
        self.suggestions_caption.setObjectName("SectionTitle")
        accept_row = QHBoxLayout()
        accept_row.addWidget(self.suggestions_caption, 1)
        accept_row.addWidget(self.accept_button)

        bottom = self.build_form()
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.forms_button.clicked.connect(lambda _c=False: self.in_readers_forms())

        for edit in (self.text,):
            edit.textChanged.connect(self._edited)
        for line in (self.note, self.evidence, self.page):
            line.textChanged.connect(self._edited)
        for combo in (self.deviation, self.answer, self.assignee):
            combo.currentIndexChanged.connect(self._edited)

        top = self.top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.heading)
        top_layout.addWidget(self.meta)
        top_layout.addWidget(self.requirement, 1)
        middle = self.middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(accept_row)
        picks = QSplitter(Qt.Orientation.Vertical)
        picks.addWidget(self.suggestions)
        picks.addWidget(self.preview)
        picks.setSizes([150, 80])
        middle_layout.addWidget(picks, 1)
        # small minimums: the editor fits beside the table on a 1280×720 laptop screen
        self.requirement.setMinimumHeight(50)
        self.suggestions.setMinimumHeight(48)
        self.preview.setMinimumHeight(32)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        for part in (top, middle, bottom):
            self.split.addWidget(part)
        # the response is what the engineer writes: on a 720-pixel screen it keeps four lines or so;
        # the requirement's part is then fitted to its text (response_row_layout.py)
        self.split.setSizes([110, 230, 300])
        for index, stretch in enumerate((1, 2, 3)):
            self.split.setStretchFactor(index, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self.show_row(None, self.rights, ())

    # --- showing -------------------------------------------------------------------------------

    def show_row(self, row: RowView | None, rights: ResponseRights, people: tuple[tuple[str, str], ...],
                 response_id: str = "") -> None:
        """Show ``row``. The same row again (a refresh) keeps what the person typed and chose: their
        save still goes on top of the version they started from, so a change made meanwhile by
        someone else is a conflict they see, not a silent overwrite."""
        same = (row is not None and self.row is not None and row.no == self.row.no
                and response_id == self.response_id)
        keep = same and self.has_unsaved_changes()
        typed = self.values() if keep else None
        self.row, self.rights, self.response_id = row, rights, response_id
        if not same or not keep or self._conflicted:
            self.expected_version = row.version if row is not None else None
            self._conflicted = False
        if not same:
            self.error.hide()
            self.error.setToolTip("")
            self.state.setText("")
            self.put_back_note = ""
        self._fill_people(people, row)
        self._show_requirement(row)
        if keep and self.put_back_note:
            self.state.setText(self.put_back_note)  # the same row read again: still the text put back
        self._show_suggestions(row, keep_current=same)
        self._block(True)
        values = typed or (saved_values(row) if row is not None else empty_values())
        if not same and row is not None:
            values = self._put_back(row, response_id) or values
        self._put(values, row)
        self._block(False)
        self._enable()

    def _put_back(self, row: RowView, response_id: str) -> dict[str, str] | None:
        """What an earlier session typed in this row and never saved (it ended in a crash), with
        the version it started from: saving it over a newer row is the usual conflict, and a row
        saved since is said at once (the typed text is put back all the same)."""
        draft = self.drafts.left_behind(response_id, row.no)
        if draft is None:
            return None
        typed = draft.row_fields()
        if typed == saved_values(row):
            self.drafts.drop(response_id, row.no)
            return None
        if not self.may_edit():  # reassigned meanwhile: shown to copy, and kept until discarded at start
            self.drafts.let_go()
            self.error.setText(self.tr("You may no longer edit this row. What you typed here on %1 and did not "
                                       "save is kept on this laptop:").replace("%1", local_time(draft.kept_at))
                               + "\n" + _clip(typed["text"]))
            self.error.setToolTip(typed["text"])
            self.error.show()
            return None
        self.expected_version = draft.base_version
        self.put_back_note = self.tr("Put back your unsaved text from %1: save or discard it.") \
            .replace("%1", local_time(draft.kept_at))
        self.state.setText(self.put_back_note)
        if draft.overtaken(row.version):
            if row.updated_by and row.updated_at is not None:
                changed = self.tr("%1 saved this row at %2, after you typed this; theirs is in the table. Your "
                                  "text stays here: the first Save shows the conflict.").replace(
                    "%1", row.updated_by).replace("%2", local_time(row.updated_at))
            else:
                changed = self.tr("This row was saved after you typed this; the saved response is in the table. "
                                  "Your text stays here: the first Save shows the conflict.")
            self.error.setText(changed)
            self.error.setToolTip(row.response)
            self.error.show()
        return typed

    def _show_requirement(self, row: RowView | None) -> None:
        if row is None:
            self.heading.setText(self.tr("Select a row"))
            self._meta_text = ""
            self.meta.setText("")
            self.requirement.clear()
            return
        colour = mark_colour(row.mark)
        mark = f" <span style='color:{colour}'>{escape(row.mark)}</span>" if colour else ""
        kind = row_kind_labels().get(row.kind, row.kind)
        self.heading.setText(f"{escape(row.clause or str(row.no))}{mark} · {escape(kind)}")
        parts = [self.tr("row %1").replace("%1", str(row.no))]
        if row.chapter:
            parts.append(row.chapter)
        if row.category:
            parts.append(row.category)
        if row.location_label:
            parts.append(row.location_label)
        if row.points is not None:
            parts.append(self.tr("%1 points").replace("%1", f"{row.points:g}"))
        self._meta_text = " · ".join(parts)
        self._elide_meta()
        self.meta.setToolTip(f"{self._meta_text}\n{row_status_labels().get(row.status, row.status)}")
        if row.updated_by and row.updated_at is not None and not self._saving:
            self.state.setText(self.tr("saved by %1 at %2").replace("%1", row.updated_by)
                               .replace("%2", local_time(row.updated_at)))
        if self.requirement.toPlainText() != row.text:
            self.requirement.setPlainText(row.text)
            QTimer.singleShot(0, self, self._fit_requirement)  # once the new text is laid out at the pane's width

    def _elide_meta(self) -> None:
        elide(self.meta, self._meta_text)

    def _fit_requirement(self) -> None:
        fit_requirement(self.split, self.requirement, self.middle)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._elide_meta()
        QTimer.singleShot(0, self, self._fit_requirement)

    def _show_suggestions(self, row: RowView | None, keep_current: bool) -> None:
        self.suggestions.show_suggestions(row.suggestions if row is not None else (), keep_current)
        if row is not None and not row.suggestions:
            self.suggestions_caption.setText(self.tr("No suggested answers in the library for this row"))
        else:
            self.suggestions_caption.setText(self.tr("Suggested answers"))
        if not self.suggestions.shown:
            self.preview.clear()

    def _suggestion_picked(self, index: int) -> None:
        s = self._suggestion(index)
        self.preview.setMarkdown(s.preview if s is not None else "")  # the start of the item's Markdown body
        self._enable()

    def _suggestion(self, index: int) -> Suggestion | None:
        return self.suggestions.suggestion(index) if self.row is not None else None

    def _enable(self) -> None:
        has = self.row is not None
        edit = self.may_edit() and not self._saving
        self.text.setReadOnly(not edit)
        for widget in (self.note, self.evidence, self.page):
            widget.setReadOnly(not edit)
        for combo in (self.deviation, self.answer):
            combo.setEnabled(edit)
        self.assignee.setEnabled(has and self.rights.may_assign and not self._saving)
        self.accept_button.setEnabled(edit and self._suggestion(self.suggestions.currentRow()) is not None)
        changes = self.changes()
        self.save_button.setEnabled(has and not self._saving and bool(changes))
        # the check's warning is of the saved answer: offered until the text is changed
        self.forms_button.setVisible(edit and self.row is not None and REGION_FORMS in self.row.problems
                                     and "text" not in changes)
        if has and not self.may_edit() and not self.rights.may_assign:
            self.text.setToolTip(self.tr("You may read this response, not change it"))
        else:
            self.text.setToolTip("")

    def in_readers_forms(self) -> None:
        """The typed response in the character forms of the tender's readers (the core's rule),
        put in the text box unsaved: the engineer reads it and saves."""
        row, response_id, typed = self.row, self.response_id, self.text.toPlainText()
        if row is None or not self.may_edit():
            return

        def done(text: str) -> None:
            if self.row is None or self.row.no != row.no or self.text.toPlainText() != typed:
                return  # another row, or typed on meanwhile: left as it is
            if text != typed:
                self.text.setPlainText(text)
                self.state.setText(self.tr("Written in the readers' character forms: save to keep it."))

        self.ctx.read(lambda ws: ws.tenders.in_readers_forms(response_id, typed), done, parent=self)

    def may_edit(self) -> bool:
        """The core says whether this person may edit the row shown (every row, or those assigned
        to them); it checks again on save."""
        return self.row is not None and self.rights.may_edit_row(self.row.no)

    def _edited(self, *_args: Any) -> None:
        self._enable()
        if self.row is not None:
            self.drafts.changed()

    def _draft_snapshot(self) -> RowSnapshot | None:
        row = self.row
        if row is None or not self.has_unsaved_changes():
            return None
        return RowSnapshot(self.response_id, row.no, self.expected_version, self.values(), self.response_title,
                           row.clause)

    # --- unsaved work (workbench/gui/unsaved.py) -----------------------------------------------

    def unsaved_description(self) -> str:
        row = self.row
        return self.tr("the response to row %1").replace("%1", row.clause or str(row.no) if row else "")

    def save_unsaved(self, then: Callable[[bool], None]) -> None:
        self.save(then)

    def discard_unsaved(self) -> None:
        row = self.row
        if row is not None:
            self.drafts.drop(self.response_id, row.no)
        self.put_back_note = ""
        self._block(True)
        self._put(saved_values(row) if row is not None else empty_values(), row)
        self._block(False)
        self.error.hide()
        self._enable()


def _clip(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
