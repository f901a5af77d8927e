"""Autosave of the row editor's typed answer: a moment after the last keystroke the row's fields
are kept on this laptop (``workbench.core.tender.row_drafts``), so a crash loses at most that
moment, as in the other editors (``workbench.gui.unsaved.Autosaver``). The draft goes when the row
is saved or the change discarded; a draft left by a crash is put back when its row is opened."""

from __future__ import annotations

import logging
from collections.abc import Callable

from workbench.core.tender.row_drafts import RowDraft, RowDrafts
from workbench.gui.context import AppContext
from workbench.gui.qt import QObject, QTimer
from workbench.gui.unsaved import AUTOSAVE_AFTER_MS

log = logging.getLogger(__name__)

# (response id, row number, the version the text goes on top of, the fields) or None: nothing unsaved
Snapshot = Callable[[], tuple[str, int, int | None, dict[str, str]] | None]
DRAFTS_FOLDER = "responses"  # inside the safekeeping folder, beside the other editors' kept edits


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

    def _box(self) -> tuple[RowDrafts, str, str] | None:
        ws, user = self.ctx.ws, self.ctx.user
        if ws is None or user is None:
            return None
        return RowDrafts(ws.safekeeping.folder / DRAFTS_FOLDER), user.name, ws.server

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
                    box.discard(*self._kept, user, database)
                self._kept = None
                return
            response_id, row_no, version, values = snap
            if self._kept is not None and self._kept != (response_id, row_no):
                box.discard(*self._kept, user, database)
            box.keep(RowDraft(response_id, row_no, user, database, version, values))
            self._kept = (response_id, row_no)
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
            box.discard(response_id, row_no, user, database)
        except OSError:
            log.exception("could not remove the kept response of %s row %s", response_id, row_no)

    def left_behind(self, response_id: str, row_no: int) -> RowDraft | None:
        """The draft an earlier session left for this row (it becomes this editor's draft)."""
        found = self._box()
        if found is None:
            return None
        box, user, database = found
        draft = box.find(response_id, row_no, user, database)
        if draft is not None:
            self._kept = (response_id, row_no)
        return draft

    def rows_left(self, response_id: str) -> list[int]:
        """The rows of a response with a draft left behind, for the screen to mention."""
        found = self._box()
        if found is None:
            return []
        box, user, database = found
        return [d.row_no for d in box.of_response(response_id, user, database)]
