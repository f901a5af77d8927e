"""The editor of one response row, beside the rows table: the customer's requirement verbatim, the
library's best answers (band, score, matched words, stale/draft) with a preview, and the response
itself (text, deviation, note, evidence and page, the questionnaire's drop-down answer, who works on
it). It is an :class:`~workbench.gui.unsaved.UnsavedWork`: leaving a row with typed text asks first,
and the typed fields are kept on this laptop a moment after the last keystroke (response_drafts.py),
put back when the row is opened after a crash.

Saving sends only what changed, on top of the version shown; a row saved meanwhile by someone else
is the core's ``Conflict``: its message is shown, the typed text stays, and the next Save goes on
top of the newer version (the person has seen that it changed)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from workbench.core.errors import Conflict, ServerUnavailable
from workbench.core.tender.row_drafts import FIELDS
from workbench.core.tender.views import ResponseRights, RowView, Suggestion
from workbench.gui.context import AppContext
from workbench.gui.models.response_rows import (
    deviation_labels,
    mark_colour,
    row_kind_labels,
    row_status_labels,
)
from workbench.gui.qt import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    Qt,
    QTextBrowser,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from workbench.gui.views.response_drafts import RowDraftKeeper
from workbench.gui.views.response_row_layout import elide, fit_requirement
from workbench.gui.views.response_suggestions import SuggestionList
from workbench.gui.when import local_time


def _saved_values(row: RowView) -> dict[str, str]:
    """The row's fields as the editor holds them (respond()'s argument names)."""
    return {"text": row.response, "deviation": row.deviation, "note": row.note, "evidence": row.evidence,
            "evidence_page": row.evidence_page, "answer_choice": row.answer_choice, "assign": row.assignee or ""}


class RowEditor(QWidget):
    """``saved(RowView)`` after each write of this row; ``reload_wanted`` when the screen should read
    the sheet again (a conflict: someone saved the row meanwhile)."""

    saved = Signal(object)
    reload_wanted = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RowEditor")
        self.ctx = ctx
        self.response_id = ""
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

        self.text = QPlainTextEdit()
        self.text.setObjectName("ResponseText")
        self.text.setPlaceholderText(self.tr("The response: the actual parameter or capability, not a copy of the "
                                             "requirement"))
        self.deviation = QComboBox()
        self.deviation.setObjectName("Deviation")
        self.deviation.addItem(self.tr("— not set —"), "")
        for value in ("positive", "none", "negative"):
            self.deviation.addItem(deviation_labels()[value], value)
        self.answer = QComboBox()
        self.answer.setObjectName("AnswerChoice")
        self.answer_label = QLabel(self.tr("Answer"))
        self.assignee = QComboBox()
        self.assignee.setObjectName("RowAssignee")
        self.note = QLineEdit()
        self.note.setObjectName("RowNote")
        self.note.setPlaceholderText(self.tr("Why a deviation, or how it exceeds the requirement"))
        self.evidence = QLineEdit()
        self.evidence.setObjectName("Evidence")
        self.evidence.setPlaceholderText(self.tr("e.g. product white paper, test report"))
        self.page = QLineEdit()
        self.page.setObjectName("EvidencePage")
        self.page.setPlaceholderText(self.tr("page"))
        self.page.setMaximumWidth(90)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("SaveRow")
        self.save_button.setToolTip(self.tr("Ctrl+Enter: save and go to the next open row"))
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.error = QLabel()
        self.error.setObjectName("ErrorLabel")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.state = QLabel()
        self.state.setObjectName("Hint")
        self.state.setWordWrap(True)

        for edit in (self.text,):
            edit.textChanged.connect(self._edited)
        for line in (self.note, self.evidence, self.page):
            line.textChanged.connect(self._edited)
        for combo in (self.deviation, self.answer, self.assignee):
            combo.currentIndexChanged.connect(self._edited)

        choices = QHBoxLayout()
        choices.setContentsMargins(0, 0, 0, 0)
        choices.addWidget(self.deviation, 1)
        choices.addWidget(self.answer_label)
        choices.addWidget(self.answer, 1)
        evidence = QHBoxLayout()
        evidence.setContentsMargins(0, 0, 0, 0)
        evidence.addWidget(self.evidence, 1)
        evidence.addWidget(self.page)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        save_row = QHBoxLayout()
        save_row.setContentsMargins(0, 0, 0, 0)
        save_row.addWidget(self.assignee, 1)
        save_row.addWidget(self.state, 1)
        save_row.addWidget(self.save_button)
        self.choice_label = QLabel(self.tr("Deviation"))
        form.addRow(self.choice_label, choices)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Evidence"), evidence)
        form.addRow(self.tr("Assignee"), save_row)

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
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.text, 1)
        bottom_layout.addLayout(form)
        bottom_layout.addWidget(self.error)
        # small minimums: the editor fits beside the table on a 1280×720 laptop screen
        self.requirement.setMinimumHeight(50)
        self.suggestions.setMinimumHeight(48)
        self.preview.setMinimumHeight(32)
        self.text.setMinimumHeight(48)
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
            self.state.setText("")
        self._fill_people(people, row)
        self._show_requirement(row)
        self._show_suggestions(row, keep_current=same)
        self._block(True)
        values = typed or (_saved_values(row) if row is not None else dict.fromkeys(FIELDS, ""))
        if not same and row is not None:
            values = self._put_back(row, response_id) or values
        self._put(values, row)
        self._block(False)
        self._enable()

    def _put_back(self, row: RowView, response_id: str) -> dict[str, str] | None:
        """What an earlier session typed in this row and never saved (it ended in a crash), with
        the version it started from: saving it over a newer row is the usual conflict."""
        draft = self.drafts.left_behind(response_id, row.no)
        if draft is None:
            return None
        if draft.values == _saved_values(row) or not self.may_edit():
            self.drafts.drop(response_id, row.no)
            return None
        self.expected_version = draft.base_version
        self.state.setText(self.tr("Put back what you typed here on %1 and did not save: save or discard it.")
                           .replace("%1", local_time(draft.kept_at)))
        return draft.values

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

    def _fill_people(self, people: tuple[tuple[str, str], ...], row: RowView | None) -> None:
        chosen = self.assignee.currentData()
        self.assignee.blockSignals(True)
        self.assignee.clear()
        self.assignee.addItem(self.tr("Unassigned"), "")
        for login, label in people:
            self.assignee.addItem(label if label == login else f"{label} ({login})", login)
        if row is not None and row.assignee and self.assignee.findData(row.assignee) < 0:
            self.assignee.addItem(row.assignee_label or row.assignee, row.assignee)  # no longer assignable
        if chosen is not None and self.assignee.findData(chosen) >= 0:
            self.assignee.setCurrentIndex(self.assignee.findData(chosen))
        self.assignee.blockSignals(False)

    def _put(self, values: dict[str, str], row: RowView | None) -> None:
        if self.text.toPlainText() != values["text"]:
            self.text.setPlainText(values["text"])  # left alone when equal: cursor and undo stay
        _choose(self.deviation, values["deviation"])
        self.note.setText(values["note"])
        self.evidence.setText(values["evidence"])
        self.page.setText(values["evidence_page"])
        self.answer.clear()
        allowed = row.allowed_answers if row is not None else ()
        self.answer.addItem(self.tr("— not set —"), "")
        for choice in allowed:
            self.answer.addItem(choice, choice)
        if values["answer_choice"] and self.answer.findData(values["answer_choice"]) < 0:
            self.answer.addItem(values["answer_choice"], values["answer_choice"])
        _choose(self.answer, values["answer_choice"])
        # a questionnaire's question is answered from its drop-down; deviations are a tender's
        question = row is not None and row.kind == "question"
        self.deviation.setVisible(not question)
        self.choice_label.setText(self.tr("Answer") if question else self.tr("Deviation"))
        self.choice_label.setVisible(bool(allowed) or not question)
        self.answer.setVisible(bool(allowed))
        self.answer_label.setVisible(bool(allowed) and not question)
        _choose(self.assignee, values["assign"])

    def _block(self, block: bool) -> None:
        for widget in (self.text, self.note, self.evidence, self.page, self.deviation, self.answer, self.assignee):
            widget.blockSignals(block)

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
        self.save_button.setEnabled(has and not self._saving and bool(self.changes()))
        if has and not self.may_edit() and not self.rights.may_assign:
            self.text.setToolTip(self.tr("You may read this response, not change it"))
        else:
            self.text.setToolTip("")

    def may_edit(self) -> bool:
        """The core says whether this person may edit the row shown (every row, or those assigned
        to them); it checks again on save."""
        return self.row is not None and self.rights.may_edit_row(self.row.no)

    def _edited(self, *_args: Any) -> None:
        self._enable()
        if self.row is not None:
            self.drafts.changed()

    def _draft_snapshot(self) -> tuple[str, int, int | None, dict[str, str]] | None:
        if self.row is None or not self.has_unsaved_changes():
            return None
        return self.response_id, self.row.no, self.expected_version, self.values()

    # --- values --------------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return {"text": self.text.toPlainText(), "deviation": self.deviation.currentData() or "",
                "note": self.note.text(), "evidence": self.evidence.text(), "evidence_page": self.page.text(),
                "answer_choice": self.answer.currentData() or "", "assign": self.assignee.currentData() or ""}

    def changes(self) -> dict[str, str]:
        """What differs from the row shown, by respond()'s argument names (only what this person may
        change: an assignment is sent only with the right to assign, the rest only with the right
        to edit)."""
        row = self.row
        if row is None:
            return {}
        saved, now = _saved_values(row), self.values()
        changed = {k: v for k, v in now.items() if v != saved[k]}
        if not self.may_edit():
            changed = {k: v for k, v in changed.items() if k == "assign"}
        if not self.rights.may_assign:
            changed.pop("assign", None)
        return changed

    # --- unsaved work (workbench/gui/unsaved.py) -----------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return bool(self.changes())

    def unsaved_description(self) -> str:
        row = self.row
        return self.tr("the response to row %1").replace("%1", row.clause or str(row.no) if row else "")

    def save_unsaved(self, then: Callable[[bool], None]) -> None:
        self.save(then)

    def discard_unsaved(self) -> None:
        row = self.row
        if row is not None:
            self.drafts.drop(self.response_id, row.no)
        self._block(True)
        self._put(_saved_values(row) if row is not None else dict.fromkeys(FIELDS, ""), row)
        self._block(False)
        self.error.hide()
        self._enable()

    # --- writing -------------------------------------------------------------------------------

    def save(self, then: Callable[[bool], None] | None = None) -> None:
        """Save what changed; ``then(ok)`` once the core answered (ok at once when nothing changed)."""
        done = then or (lambda _ok: None)
        changes, row = self.changes(), self.row
        if row is None or not changes or self._saving:
            done(row is not None and not changes)
            return
        self._write(row, dict(changes), done)

    def accept_suggestion(self, index: int) -> None:
        """Fill the response from suggestion ``index`` (0-based) through the core, which also counts
        the use and keeps the customer's wording on the item. Typed response text is replaced only
        after asking; the other typed fields are saved with it."""
        s, row = self._suggestion(index), self.row
        if s is None or row is None or not self.may_edit() or self._saving:
            return
        if index != self.suggestions.currentRow():
            self.suggestions.setCurrentRow(index)
        changes = self.changes()
        if "text" in changes and changes["text"].strip():
            answer = QMessageBox.question(
                self, self.tr("Accept suggestion"),
                self.tr("Replace the response you typed with “%1”?").replace("%1", s.title))
            if answer != QMessageBox.StandardButton.Yes:
                return
        changes.pop("text", None)
        self._write(row, {**changes, "from_item": s.id}, lambda _ok: None)

    def _write(self, row: RowView, args: dict[str, str], done: Callable[[bool], None]) -> None:
        response_id, no, version = self.response_id, row.no, self.expected_version
        sent = self.values()
        self._saving = True
        self.error.hide()
        self.state.setText(self.tr("Saving…"))
        self._enable()

        def saved(fresh: RowView) -> None:
            self._saving = False
            if self.row is None or self.row.no != fresh.no or self.response_id != response_id:
                self.drafts.drop(response_id, fresh.no)
                self.saved.emit(fresh)
                done(True)
                return
            typed = self.values()
            self.row, self.expected_version = fresh, fresh.version
            # what was typed while the save was on its way stays; the rest shows what was saved
            values = {k: (v if typed[k] != sent[k] else _saved_values(fresh)[k]) for k, v in typed.items()}
            self._block(True)
            self._put(values, fresh)
            self._block(False)
            self._show_requirement(fresh)
            self.state.setText(self.tr("Saved"))
            self._enable()
            if self.has_unsaved_changes():
                self.drafts.flush()  # typed while the save was on its way: kept on top of the new version
            else:
                self.drafts.drop(response_id, fresh.no)
            self.saved.emit(fresh)
            done(True)

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.state.setText("")
            if isinstance(exc, ServerUnavailable):
                self.error.setText(self.tr("The team server cannot be reached; your response is still here. "
                                           "Save again when it is back."))
            else:
                self.error.setText(self.ctx.message_for(exc))
            self.error.show()
            if isinstance(exc, Conflict):
                self._conflicted = True  # seen: the next save goes on top of the newer version
                self.reload_wanted.emit()
            self._enable()
            done(False)

        def work(ws: Any, me: Any) -> Any:
            return ws.tenders.respond(me, response_id, no, expected_version=version, **args)

        self.ctx.write(work, saved, failed, parent=self)


def _choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)
