"""What every screen shares: the workspace, the task runner, the current user, the UI
language, and the one broadcast of what changed (anki's OpChanges)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6

from workbench.core.changes import OpChanges, OpResult
from workbench.core.errors import NotFound, ServerUnavailable, WorkbenchError
from workbench.gui.qt import QMessageBox, QObject, QTimer, QWidget, Signal
from workbench.gui.tasks import Task, TaskRunner

if TYPE_CHECKING:  # not at run time: the app's window is shown before the core is imported
    from workbench.core.users import Permission, UserView
    from workbench.core.workspace import Workspace

log = logging.getLogger(__name__)


def alive(widget: QObject | None) -> bool:
    """``widget`` (None: nobody in particular) was not destroyed: its answers still have somewhere to go."""
    return widget is None or shiboken6.isValid(widget)


SESSION_CHECK_MS = 5 * 60 * 1000


class AppContext(QObject):
    changed = Signal(object)  # OpChanges, once per write
    ready = Signal()  # the workspace is open and someone acts in it
    user_changed = Signal(object)  # UserView
    # the team server cannot be reached (ServerUnavailable): one banner, not a dialog per failure
    server_unavailable = Signal(object)
    server_back = Signal(object)  # ReplayReport: the server answers again and kept edits were replayed
    login_needed = Signal()  # the workspace is open, login is required and nobody is signed in

    def __init__(self, runner: TaskRunner, lang: str, log_file: str = "") -> None:
        super().__init__()
        self.runner = runner
        self.lang = lang
        self.log_file = log_file
        self.ws: Workspace | None = None
        self.user: UserView | None = None
        self.login_required = False  # a team database, or a laptop's once anyone has a password
        self.needs_first_admin = False  # an empty team database
        self.database_label = ""  # host:port/dbname or the SQLite file, never a password
        self._ready_sent = False
        # the session is checked again now and then: one revoked meanwhile (signed out elsewhere
        # by a password reset, or the user deactivated) brings the login window back
        self.session_check = QTimer(self)
        self.session_check.setInterval(SESSION_CHECK_MS)
        self.session_check.timeout.connect(lambda: self.refresh_user() if self.user is not None else None)

    # --- lifecycle -------------------------------------------------------------------------

    def open(self, opener: Callable[[], Workspace], on_error: Callable[[BaseException], None]) -> None:
        """Open the workspace off the UI thread; then either someone acts in it (``ready``) or
        login is required and nobody is signed in (``login_needed``)."""
        def work() -> tuple[Workspace, UserView | None, bool, bool]:
            ws = opener()
            user = ws.signed_in()
            return ws, user, ws.login_required(), user is None and ws.auth.needs_first_admin()

        def done(result: tuple[Workspace, UserView | None, bool, bool]) -> None:
            ws, user, self.login_required, self.needs_first_admin = result
            self.ws = ws
            self.database_label = ws.database_label()
            if user is None:
                self.login_needed.emit()
            else:
                self.signed_in(user)

        self.runner.run(work, on_done=done, on_error=on_error)

    def signed_in(self, user: UserView) -> None:
        """``user`` acts from now on (after the workspace opened, or a login)."""
        self.user = user
        self.needs_first_admin = False
        if not self._ready_sent:
            self._ready_sent = True
            self.session_check.start()
            self.ready.emit()
        self.user_changed.emit(user)

    def sign_out(self) -> None:
        """End this laptop's session; the login window comes back."""
        ws = self.ws
        if ws is None:
            return

        def done(_: object) -> None:
            self.user = None
            self.login_needed.emit()

        self.runner.run(ws.logout, on_done=done, on_error=lambda e: self.report(e))

    def can(self, permission: Permission) -> bool:
        return self.user is not None and self.user.can(permission)

    # --- calls into the core, always off the UI thread ------------------------------------

    def read(
        self,
        fn: Callable[[Workspace], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
        cpu: bool = False,
    ) -> Task | None:
        """A read off the UI thread (``cpu`` for searches, which must not queue behind writes)."""
        ws = self.ws
        if ws is None:
            return None
        return self.runner.run(
            lambda: fn(ws), on_done=on_done, on_error=self._error_handler(on_error, parent), cpu=cpu, owner=parent,
        )

    def ahead(self, fn: Callable[[Workspace], None], parent: QWidget | None = None) -> None:
        """Work a coming call can start ahead (a search's query encoded by meaning during the
        typing pause): off the UI thread, nobody waits for it, and silent (the call itself
        reports what goes wrong)."""
        self.read(fn, lambda _none: None, on_error=lambda _e: None, parent=parent, cpu=True)

    def write(
        self,
        fn: Callable[..., OpResult[Any]],  # (ws, user), or (ws, user, task) ``with_task``
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        with_task: bool = False,
    ) -> Task | None:
        """Run a write as the current user; broadcast its changes, then hand back the value."""
        ws, user = self.ws, self.user
        if ws is None or user is None:
            return None

        def done(result: OpResult[Any]) -> None:
            # what was written is said to every screen even when the one that asked was closed
            # meanwhile (an editor closed right after Save): only its own answer is dropped
            if result.changes.any():
                self.changed.emit(result.changes)
            if result.changes.users:
                self.refresh_user()
            if on_done is not None and alive(parent):
                on_done(result.value)

        def progress(done_: int, total: int, label: str) -> None:
            if on_progress is not None and alive(parent):
                on_progress(done_, total, label)

        handle_error = self._error_handler(on_error, parent)

        def failed(exc: BaseException) -> None:
            if alive(parent):
                handle_error(exc)
            elif isinstance(exc, ServerUnavailable):  # the banner still says the server is away
                self.server_unavailable.emit(exc)
            else:
                log.info("dropped an error for a closed window: %r", exc)

        return self.runner.run(
            (lambda task: fn(ws, user, task)) if with_task else (lambda: fn(ws, user)),  # type: ignore[call-arg]
            on_done=done,
            on_error=failed,
            on_progress=progress if on_progress is not None else None,
            with_task=with_task,
        )

    def refresh_user(self) -> None:
        """Read the acting user again (role, tier, password changed); a session that ended
        meanwhile (revoked, expired, deactivated) brings the login window back."""
        def work(ws: Workspace) -> tuple[UserView | None, bool]:
            return ws.signed_in(), ws.login_required()

        def done(result: tuple[UserView | None, bool]) -> None:
            user, self.login_required = result
            if user is None:
                self.user = None
                self.login_needed.emit()
            else:
                self.user = user
                self.user_changed.emit(user)

        self.read(work, done)

    def broadcast(self, changes: OpChanges) -> None:
        self.changed.emit(changes)

    # --- errors ------------------------------------------------------------------------------

    def message_for(self, exc: BaseException) -> str:
        if isinstance(exc, WorkbenchError):
            return exc.message(self.lang)
        log.error("internal error", exc_info=(type(exc), exc, exc.__traceback__))
        text = self.tr("Something went wrong inside Workbench. Nothing you saved was lost.")
        if self.log_file:
            text += "\n" + self.tr("Details were written to %1.").replace("%1", self.log_file)
        return text

    def _error_handler(
        self, on_error: Callable[[BaseException], None] | None, parent: QWidget | None
    ) -> Callable[[BaseException], None]:
        """A caller's own handler still runs (an editor keeps its text and says why), but a lost
        server is always announced once to the connection banner as well."""
        if on_error is None:
            return lambda e: self.report(e, parent)

        def handle(exc: BaseException) -> None:
            if isinstance(exc, ServerUnavailable):
                self.server_unavailable.emit(exc)
            on_error(exc)

        return handle

    def unless_gone(self, gone: Callable[[], None], parent: QWidget | None = None) -> Callable[[BaseException], None]:
        """An error handler for a read of one thing by its number: when it was removed meanwhile
        (the demo history removed, a colleague's delete), ``gone`` says so in the view instead
        of an error box; anything else is reported as usual (a lost server by the banner)."""
        def handle(exc: BaseException) -> None:
            if isinstance(exc, NotFound):
                gone()
            elif not isinstance(exc, ServerUnavailable):  # _error_handler has announced that one
                self.report(exc, parent)

        return handle

    def report(self, exc: BaseException, parent: QWidget | None = None) -> None:
        if isinstance(exc, ServerUnavailable):  # the banner says it; no dialog per failed call
            self.server_unavailable.emit(exc)
            return
        if not alive(parent):  # the window it belonged to was closed: no dialog over nothing
            log.info("dropped an error for a closed window: %r", exc)
            return
        QMessageBox.warning(parent, self.tr("Presales Workbench"), self.message_for(exc))
