"""When the team server cannot be reached: one banner at the top of the main window (instead of a
dialog per failed call), a ping every few seconds off the UI thread, and when the server answers
again the edits kept on this laptop are saved (core/safekeeping.py) and every screen refreshes.
Editors put a save that failed this way into safekeeping with ``keep_edit``. At start, edits kept
in an earlier session are offered (save now, discard, later), and so are drafts autosaved before a
crash (open them in their editors, discard, later)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from workbench.core.changes import OpChanges, OpResult
from workbench.core.errors import ServerUnavailable
from workbench.core.safekeeping import KeptEdit, Origin, ReplayReport
from workbench.gui import palette
from workbench.gui.context import AppContext
from workbench.gui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QObject,
    QPushButton,
    QStyle,
    QTimer,
    QWidget,
    Signal,
    connect_for_life,
)
from workbench.gui.when import local_time

log = logging.getLogger(__name__)

PING_EVERY_MS = 5_000
# while the server was away this laptop missed whatever others saved, and screens' own loads may
# have failed: every screen reloads once when it is back (and the index catches up)
EVERYTHING = OpChanges(knowledge=True, proposals=True, review=True, retro=True, index=True)


def keep_edit(ctx: AppContext, make: Callable[[str, str], KeptEdit]) -> KeptEdit | None:
    """Keep an edit whose save failed because the server is away: ``make(user, database)``
    builds it. Written to disk before this returns; None if no workspace is open."""
    ws, user = ctx.ws, ctx.user
    if ws is None or user is None:
        return None
    edit = make(user.name, ws.server)
    ws.safekeeping.keep(edit)
    return edit


def kept_copy(ctx: AppContext, kind: str, target: str, origin: Origin = "save_failed") -> KeptEdit | None:
    """The current user's kept edit of ``target`` in this database, if any (a small local read):
    a save waiting for the server, or with ``origin="autosave"`` a draft left by an earlier session."""
    ws, user = ctx.ws, ctx.user
    if ws is None or user is None:
        return None
    return ws.safekeeping.find(kind, target, user.name, ws.server, origin)  # type: ignore[arg-type]


def kept_when(edit: KeptEdit) -> str:
    """When the edit was kept, in local time."""
    return local_time(edit.kept_at)


def discard_kept(ctx: AppContext, edit: KeptEdit | None) -> None:
    if edit is not None and ctx.ws is not None:
        ctx.ws.safekeeping.discard(edit)


class ConnectionBanner(QFrame):
    """'The team server cannot be reached…' with a Retry now button; hidden while all is well."""

    retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConnectionBanner")
        self.setStyleSheet(
            f"#ConnectionBanner {{ background: {palette.BANNER_BACKGROUND}; "
            f"border-bottom: 1px solid {palette.BANNER_BORDER}; }}"
            f"#ConnectionBanner QLabel {{ color: {palette.BANNER_TEXT}; font-weight: 600; }}"
        )
        self.text = QLabel(
            self.tr("The team server cannot be reached. Your edits are kept on this laptop. Retrying…")
        )
        self.text.setWordWrap(True)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(20, 20))
        self.retry_button = QPushButton(self.tr("Retry now"))
        self.retry_button.clicked.connect(self.retry)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry_button)
        self.hide()

    def show_for(self, exc: ServerUnavailable, lang: str) -> None:
        self.setToolTip(exc.message(lang))  # the server's name, for whoever fixes it
        self.show()


# autosaved drafts the start-up offer opens in their editor (a response row's: the Responses screen
# on that response and row); the review comment and the retrospective form put their own drafts
# back when that proposal is opened there
OPENED_AT_START = ("proposal", "item", "new_item", "response_row")


class ConnectionMonitor(QObject):
    status = Signal(str)  # for the status bar
    restore_drafts = Signal(list)  # autosaved drafts (KeptEdit) to open in their editors

    def __init__(self, ctx: AppContext, banner: ConnectionBanner, window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.banner = banner
        self.window = window
        self.down = False
        self._pinging = False
        self._timer = QTimer(self, interval=PING_EVERY_MS)
        self._timer.timeout.connect(self.check_now)
        banner.retry.connect(self.check_now)
        connect_for_life(self, ctx.server_unavailable, self.lost)
        connect_for_life(self, ctx.ready, lambda: QTimer.singleShot(0, self.offer_at_start))

    # --- the server went away ----------------------------------------------------------------

    def lost(self, exc: ServerUnavailable) -> None:
        self.banner.show_for(exc, self.ctx.lang)
        if not self.down:
            self.down = True
            self.status.emit(self.tr("The team server cannot be reached."))
            self._timer.start()

    def check_now(self) -> None:
        """Ping off the UI thread (on the CPU pool: the database worker may be stuck behind a
        call waiting for the dead server)."""
        ws = self.ctx.ws
        if ws is None or self._pinging:
            return
        self._pinging = True
        self.banner.retry_button.setEnabled(False)
        self.ctx.runner.run(ws.ping, self._pinged, lambda _e: self._pinged(False), cpu=True, owner=self)

    def _pinged(self, ok: bool) -> None:
        self._pinging = False
        self.banner.retry_button.setEnabled(True)
        if ok and self.down:
            self._back()

    def _back(self) -> None:
        self.down = False
        self._timer.stop()
        self.banner.hide()
        self.status.emit(self.tr("The team server is back."))
        self.save_kept()

    # --- kept edits --------------------------------------------------------------------------

    def save_kept(self) -> None:
        """Replay this user's kept edits on the database worker, then refresh every screen."""
        ws, user = self.ctx.ws, self.ctx.user
        if ws is None or user is None:
            return

        def work() -> OpResult[ReplayReport]:
            return ws.safekeeping.replay(ws, user)

        self.ctx.runner.run(work, self._replayed, lambda e: self.ctx.report(e, self.window), owner=self)

    def _replayed(self, result: OpResult[ReplayReport]) -> None:
        report = result.value
        self.ctx.server_back.emit(report)
        if report.saved:
            titles = ", ".join(edit.title for edit, _ in report.saved)
            self.status.emit(self.tr("Saved %1 kept edit(s): %2").replace("%1", str(len(report.saved))).replace(
                "%2", titles))
        if report.refused:
            lines = "\n\n".join(f"{edit.title}: {error.message(self.ctx.lang)}" for edit, error in report.refused)
            QMessageBox.warning(
                self.window, self.tr("Kept edits not saved"),
                self.tr("These edits could not be saved; they stay kept on this laptop. Open each one to "
                        "see your kept text beside the current version.") + "\n\n" + lines,
            )
        self.ctx.broadcast(result.changes | EVERYTHING)
        if report.interrupted is not None:
            self.lost(report.interrupted)

    def offer_at_start(self) -> None:
        self.offer_kept()
        self.offer_drafts()

    def offer_kept(self) -> None:
        """Edits kept in an earlier session: save them now, or throw them away, or later."""
        ws, user = self.ctx.ws, self.ctx.user
        if ws is None or user is None:
            return
        box = ws.safekeeping
        edits = box.pending(user.name, ws.server)
        if not edits:
            return
        answer = self.ask_about_kept(edits)
        if answer == "save":
            self.save_kept()
        elif answer == "discard":
            for edit in edits:
                box.discard(edit)
            self.status.emit(self.tr("Discarded %1 kept edit(s).").replace("%1", str(len(edits))))

    def ask_about_kept(self, edits: list[KeptEdit]) -> str:
        """'save', 'discard' or 'later'."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Edits kept on this laptop"))
        box.setText(self.tr("%1 edit(s) could not reach the server last time and are kept on this laptop:")
                    .replace("%1", str(len(edits))))
        box.setInformativeText("\n".join(f"• {e.title}  ({kept_when(e)})" for e in edits))
        save = box.addButton(self.tr("Save now"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "later"

    # --- drafts left by a crash ----------------------------------------------------------------

    def offer_drafts(self) -> None:
        """Drafts autosaved in an earlier session that ended before they were saved or discarded
        (a crash, a power cut): open them in their editors, discard them, or later (they stay
        and come back when that proposal or item is opened, and at the next start)."""
        ws, user = self.ctx.ws, self.ctx.user
        if ws is None or user is None:
            return
        box = ws.safekeeping
        drafts = box.drafts(user.name, ws.server)
        openable = [d for d in drafts if d.kind in OPENED_AT_START]
        elsewhere = [d for d in drafts if d.kind not in OPENED_AT_START]
        if not openable:
            if elsewhere:
                self.status.emit(self.tr("Unsaved drafts from last time will be offered when you open %1.")
                                 .replace("%1", ", ".join(dict.fromkeys(d.target for d in elsewhere))))
            return
        answer = self.ask_about_drafts(openable, elsewhere)
        if answer == "open":
            self.restore_drafts.emit(openable)
        elif answer == "discard":
            for draft in openable:  # the review comment and retrospective drafts are not the ones listed to discard
                box.discard(draft)
            self.status.emit(self.tr("Discarded %1 unsaved draft(s).").replace("%1", str(len(openable))))

    def draft_line(self, draft: KeptEdit) -> str:
        when = kept_when(draft)
        if draft.kind == "proposal":
            return self.tr("• The draft of %1  (%2)").replace("%1", draft.target).replace("%2", when)
        if draft.kind == "new_item":
            return self.tr("• New knowledge item “%1”  (%2)").replace("%1", draft.title).replace("%2", when)
        if draft.kind == "item":
            return self.tr("• Knowledge item “%1”  (%2)").replace("%1", draft.title).replace("%2", when)
        if draft.kind == "response_row":
            response_id, row_no = draft.response_row
            clause = str(draft.payload.get("clause") or "")
            where = (self.tr("clause %1").replace("%1", clause) if clause
                     else self.tr("row %1").replace("%1", str(row_no)))
            return self.tr("• The answer to %1 in the response “%2”  (%3)").replace("%1", where).replace(
                "%2", str(draft.payload.get("title") or response_id)).replace("%3", when)
        if draft.kind == "review_comment":
            return self.tr("• A review comment on %1: offered when you open it in Reviews  (%2)").replace(
                "%1", draft.target).replace("%2", when)
        return self.tr("• The retrospective of %1: offered when you open it in Retrospectives  (%2)").replace(
            "%1", draft.target).replace("%2", when)

    def ask_about_drafts(self, openable: list[KeptEdit], elsewhere: list[KeptEdit]) -> str:
        """'open', 'discard' or 'later'."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unsaved drafts"))
        box.setText(self.tr("Workbench closed last time before %1 draft(s) were saved. Open them to save or "
                            "discard each one?").replace("%1", str(len(openable))))
        lines = [self.draft_line(d) for d in openable]
        if elsewhere:
            lines += ["", *(self.draft_line(d) for d in elsewhere)]
        box.setInformativeText("\n".join(lines))
        opened = box.addButton(self.tr("Open drafts"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard drafts"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(opened)
        box.exec()
        clicked = box.clickedButton()
        return "open" if clicked is opened else "discard" if clicked is discard else "later"
