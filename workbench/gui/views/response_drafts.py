"""Autosave of the row editor's typed answer: a moment after the last keystroke the row's fields
are kept on this laptop as a ``response_row`` draft (``workbench.core.safekeeping``), so a crash
loses at most that moment, as in the other editors. Like theirs, the draft is offered back when
the app starts (connection.py); it goes when the row is saved or the change discarded, and a
draft left by a crash is put back when its row is opened."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from workbench.core import safekeeping as sk
from workbench.core.safekeeping import KeptEdit, Safekeeping
from workbench.gui.context import AppContext
from workbench.gui.qt import QObject, QTimer
from workbench.gui.unsaved import AUTOSAVE_AFTER_MS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RowSnapshot:
    """What the editor holds unsaved: the row, the version the typed text goes on top of, the
    fields, and the response's title and the row's clause (to name the draft in the offer)."""

    response_id: str
    row_no: int
    version: int | None
    fields: dict[str, str]
    title: str = ""
    clause: str = ""


Snapshot = Callable[[], RowSnapshot | None]  # None: nothing unsaved


def target_of(response_id: str, row_no: int) -> str:
    return f"{response_id}#{row_no}"


class RowDraftKeeper(QObject):
    def __init__(self, ctx: AppContext, snapshot: Snapshot, parent: QObject | None = None,
                 delay_ms: int = AUTOSAVE_AFTER_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._snapshot = snapshot
        self._kept: tuple[str, int] | None = None  # the row whose draft is on disk
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    def _box(self) -> tuple[Safekeeping, str, str] | None:
        ws, user = self.ctx.ws, self.ctx.user
        if ws is None or user is None:
            return None
        return ws.safekeeping, user.name, ws.server

    def changed(self) -> None:
        self._timer.start()

    def flush(self) -> None:
        """Keep the row's fields now (or remove its draft when nothing is unsaved any more)."""
        self._timer.stop()
        found = self._box()
        if found is None:
            return
        box, user, database = found
        snap = self._snapshot()
        try:
            if snap is None:
                if self._kept is not None:
                    box.discard_draft("response_row", target_of(*self._kept), user, database)
                self._kept = None
                return
            edit = sk.response_row(user, database, snap.response_id, snap.row_no, snap.fields, snap.version,
                                   snap.title, snap.clause)
            if sk.too_large(edit):
                return  # more than a row holds (the core refuses it on save): the last draft that fitted stays
            if self._kept is not None and self._kept != (snap.response_id, snap.row_no):
                box.discard_draft("response_row", target_of(*self._kept), user, database)
            box.keep(edit)
            self._kept = (snap.response_id, snap.row_no)
        except OSError:
            log.exception("could not keep the typed response in %s", box.folder)

    def drop(self, response_id: str, row_no: int) -> None:
        """The row was saved or its change discarded: forget its draft."""
        if self._kept == (response_id, row_no):
            self._timer.stop()
            self._kept = None
        found = self._box()
        if found is None:
            return
        box, user, database = found
        try:
            box.discard_draft("response_row", target_of(response_id, row_no), user, database)
        except OSError:
            log.exception("could not remove the kept response of %s row %s", response_id, row_no)

    def left_behind(self, response_id: str, row_no: int) -> KeptEdit | None:
        """The draft an earlier session left for this row (it becomes this editor's draft)."""
        found = self._box()
        if found is None:
            return None
        box, user, database = found
        draft = box.find("response_row", target_of(response_id, row_no), user, database, "autosave")
        if draft is not None:
            self._kept = (response_id, row_no)
        return draft

    def let_go(self) -> None:
        """The draft put back last is not this editor's to replace or remove (the person may not
        edit that row any more): it stays on disk for them to copy from or discard at start."""
        self._timer.stop()
        self._kept = None

    def rows_left(self, response_id: str) -> list[int]:
        """The rows of a response with a draft left behind, for the screen to mention."""
        found = self._box()
        if found is None:
            return []
        box, user, database = found
        return [d.response_row[1] for d in box.row_drafts(response_id, user, database)]
