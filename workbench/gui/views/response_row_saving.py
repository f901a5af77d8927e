"""How the row editor (response_row_editor.py) writes a row: only what changed and what this
person may change, on top of the version shown (or the one a put-back draft started from). A row
saved meanwhile by someone else is the core's ``Conflict``: its message is shown, the typed text
stays, and the next Save goes on top of the newer version (the person has seen that it changed).
Accepting a suggestion goes through the core too, which counts the use and keeps the customer's
wording on the item.

The editor is built on this; its strings keep the editor's translation context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.core.errors import Conflict, ServerUnavailable
from workbench.core.tender.views import ResponseRights, RowView, Suggestion
from workbench.gui.context import AppContext
from workbench.gui.qt import QCoreApplication, QLabel, QMessageBox, QWidget
from workbench.gui.views.response_drafts import RowDraftKeeper
from workbench.gui.views.response_row_form import saved_values
from workbench.gui.views.response_suggestions import SuggestionList


class RowSaving:
    """The writes of the row editor; the editor provides the widgets and the showing."""

    ctx: AppContext
    response_id: str
    row: RowView | None
    rights: ResponseRights
    expected_version: int | None
    put_back_note: str
    drafts: RowDraftKeeper
    suggestions: SuggestionList
    error: QLabel
    state: QLabel
    _conflicted: bool
    _saving: bool
    saved: Any  # the editor's signals (declared there)
    reload_wanted: Any
    may_edit: Callable[[], bool]
    values: Callable[[], dict[str, str]]
    _suggestion: Callable[[int], Suggestion | None]
    _put: Callable[[dict[str, str], RowView | None], None]
    _block: Callable[[bool], None]
    _show_requirement: Callable[[RowView | None], None]
    _enable: Callable[[], None]

    def changes(self) -> dict[str, str]:
        """What differs from the row shown, by respond()'s argument names (only what this person may
        change: an assignment is sent only with the right to assign, the rest only with the right
        to edit)."""
        row = self.row
        if row is None:
            return {}
        saved, now = saved_values(row), self.values()
        changed = {k: v for k, v in now.items() if v != saved[k]}
        if not self.may_edit():
            changed = {k: v for k, v in changed.items() if k == "assign"}
        if not self.rights.may_assign:
            changed.pop("assign", None)
        return changed

    def has_unsaved_changes(self) -> bool:
        return bool(self.changes())

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
            assert isinstance(self, QWidget)
            answer = QMessageBox.question(
                self, QCoreApplication.translate("RowEditor", "Accept suggestion"),
                QCoreApplication.translate("RowEditor", "Replace the response you typed with “%1”?")
                .replace("%1", s.title))
            if answer != QMessageBox.StandardButton.Yes:
                return
        changes.pop("text", None)
        self._write(row, {**changes, "from_item": s.id}, lambda _ok: None)

    def _write(self, row: RowView, args: dict[str, str], done: Callable[[bool], None]) -> None:
        response_id, no, version = self.response_id, row.no, self.expected_version
        sent = self.values()
        self._saving = True
        self.error.hide()
        self.state.setText(QCoreApplication.translate("RowEditor", "Saving…"))
        self._enable()

        def saved(fresh: RowView) -> None:
            self._saving = False
            if self.row is None or self.row.no != fresh.no or self.response_id != response_id:
                self.drafts.drop(response_id, fresh.no)
                self.saved.emit(fresh)
                done(True)
                return
            typed = self.values()
            self.row, self.expected_version, self.put_back_note = fresh, fresh.version, ""
            # what was typed while the save was on its way stays; the rest shows what was saved
            values = {k: (v if typed[k] != sent[k] else saved_values(fresh)[k]) for k, v in typed.items()}
            self._block(True)
            self._put(values, fresh)
            self._block(False)
            self._show_requirement(fresh)
            self.state.setText(QCoreApplication.translate("RowEditor", "Saved"))
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
                self.error.setText(QCoreApplication.translate(
                    "RowEditor", "The team server cannot be reached; your response is still here. "
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

        assert isinstance(self, QWidget)
        self.ctx.write(work, saved, failed, parent=self)
