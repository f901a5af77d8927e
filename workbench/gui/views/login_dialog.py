"""Sign in (or create the first administrator of an empty team database), sign in to a team
server that asks for the password of the address's login, and change one's own password. The
rules live in the core (workbench/core/auth.py, the team server itself); this only asks and
shows."""

from __future__ import annotations

from typing import Any

from workbench.core.users import MIN_PASSWORD_LENGTH, UserView
from workbench.gui.context import AppContext
from workbench.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)


def password_field(object_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(object_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PasswordPair(QWidget):
    """A new password typed twice; ``value()`` is None (with the reason shown) until both agree
    and it is long enough."""

    def __init__(self, form: QFormLayout, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = password_field("NewPassword")
        self.second = password_field("RepeatPassword")
        self.first.setPlaceholderText(self.tr("at least %1 characters").replace("%1", str(MIN_PASSWORD_LENGTH)))
        form.addRow(label, self.first)
        form.addRow(self.tr("Repeat"), self.second)

    def problem(self) -> str | None:
        if len(self.first.text()) < MIN_PASSWORD_LENGTH:
            return self.tr("A password needs at least %1 characters.").replace("%1", str(MIN_PASSWORD_LENGTH))
        if self.first.text() != self.second.text():
            return self.tr("The two passwords are not the same.")
        return None

    def value(self) -> str:
        return self.first.text()


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("ErrorLabel")
    label.setWordWrap(True)
    label.hide()
    return label


class LoginDialog(QDialog):
    """Shown after the workspace opens when login is required and nobody is signed in. On an
    empty team database it offers to create the first administrator instead."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoginDialog")
        self.ctx = ctx
        self.first_admin = ctx.needs_first_admin
        self.setWindowTitle(self.tr("Create the first administrator") if self.first_admin else self.tr("Sign in"))
        self.setMinimumWidth(440)

        heading = QLabel(self.tr("Presales Workbench"))
        heading.setObjectName("ScreenTitle")
        where = QLabel(self.tr("Database: %1").replace("%1", ctx.database_label))
        where.setObjectName("DatabaseLabel")
        where.setWordWrap(True)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("UserName")
        self.name.setMaxLength(80)
        form.addRow(self.tr("User name"), self.name)
        self.display_name = QLineEdit()
        self.password = password_field("Password")
        self.pair: PasswordPair | None = None
        if self.first_admin:
            intro = QLabel(self.tr("This team database has no users yet. Create its first administrator; "
                                   "they then add everyone else. The demo knowledge base is not loaded into a "
                                   "team database (an administrator can import it: File › Import…)."))
            form.addRow(self.tr("Full name"), self.display_name)
            self.pair = PasswordPair(form, self.tr("Password"), self)
            submit_text = self.tr("Create administrator")
        else:
            intro = QLabel(self.tr("Sign in with your user name and password."))
            form.addRow(self.tr("Password"), self.password)
            submit_text = self.tr("Sign in")
        intro.setObjectName("Hint")
        intro.setWordWrap(True)
        self.error = error_label()

        buttons = QDialogButtonBox()
        self.submit_button = QPushButton(submit_text)
        self.submit_button.setObjectName("SubmitButton")
        self.submit_button.setDefault(True)  # Enter submits
        self.submit_button.clicked.connect(self.submit)
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        quit_button = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.name.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def submit(self) -> None:
        ws = self.ctx.ws
        name = self.name.text().strip()
        if ws is None:
            return
        if not name:
            self.show_error(self.tr("Enter your user name."))
            self.name.setFocus()
            return
        if self.pair is not None:
            problem = self.pair.problem()
            if problem:
                self.show_error(problem)
                return
            password, display = self.pair.value(), self.display_name.text().strip()

            def work() -> UserView:
                return ws.create_first_admin(name, password, display_name=display)
        else:
            password = self.password.text()

            def work() -> UserView:
                return ws.login(name, password)

        self.submit_button.setEnabled(False)
        self.error.hide()
        self.ctx.runner.run(work, on_done=self._signed_in, on_error=self._failed, owner=self)

    def _signed_in(self, user: UserView) -> None:
        self.ctx.login_required = True
        self.ctx.signed_in(user)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.submit_button.setEnabled(True)
        self.show_error(self.ctx.message_for(exc))
        self.password.clear()
        (self.password if self.pair is None else self.pair.first).setFocus()


class ServerSignInDialog(QDialog):
    """The team server asks for the password of the database address's login (the address carries
    none, nor do PGPASSWORD and ~/.pgpass). The user name comes from the address and may be
    changed; ``submitted`` carries what was typed to whoever opens the database with it. The
    password is remembered nowhere: not in the settings, not in the log, not in this dialog once
    it is sent. A wrong one is said in the reader's language (``failed``) and may be typed again;
    Quit closes the app."""

    submitted = Signal(str, str)  # user name, password

    def __init__(self, user_name: str, server: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ServerSignInDialog")
        self.setWindowTitle(self.tr("Sign in to the team server"))
        self.setMinimumWidth(440)
        heading = QLabel(self.tr("Presales Workbench"))
        heading.setObjectName("ScreenTitle")
        where = QLabel(self.tr("Team server: %1").replace("%1", server))
        where.setObjectName("DatabaseLabel")
        where.setWordWrap(True)
        intro = QLabel(self.tr("The team server asks for your password. It is used for this session only "
                               "and is not saved on this computer."))
        intro.setObjectName("Hint")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.name = QLineEdit(user_name)
        self.name.setObjectName("UserName")
        self.name.setMaxLength(63)  # PostgreSQL's longest login name
        form.addRow(self.tr("User name"), self.name)
        self.password = password_field("Password")
        self.password.setMaxLength(1024)  # a bound on what is sent, as the app's own passwords have
        form.addRow(self.tr("Password"), self.password)
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.submit_button = QPushButton(self.tr("Sign in"))
        self.submit_button.setObjectName("SubmitButton")
        self.submit_button.setDefault(True)  # Enter submits
        self.submit_button.clicked.connect(self.submit)
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, where, intro):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if user_name else self.name).setFocus()

    def submit(self) -> None:
        name, password = self.name.text().strip(), self.password.text()
        if not name:
            self.failed(self.tr("Enter your user name."))
            self.name.setFocus()
            return
        if not password:
            self.failed(self.tr("Enter your password."))
            self.password.setFocus()
            return
        self.submit_button.setEnabled(False)
        self.error.hide()
        self.password.clear()  # sent on; not kept in the field while the server answers
        self.submitted.emit(name, password)

    def failed(self, text: str) -> None:
        """The server did not take it (or could not be reached): say why, and ask again."""
        self.submit_button.setEnabled(True)
        self.error.setText(text)
        self.error.show()
        self.adjustSize()  # room for the wrapped message (a shown dialog does not grow by itself)
        self.password.clear()
        self.password.setFocus()


class ChangePasswordDialog(QDialog):
    """The signed-in user changes their own password (the current one is asked for when they
    have one). On a laptop's database without passwords, the first one turns login on."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChangePasswordDialog")
        self.ctx = ctx
        self.setWindowTitle(self.tr("Change password"))
        self.setMinimumWidth(420)
        user = ctx.user
        form = QFormLayout()
        self.current = password_field("CurrentPassword")
        self.has_password = bool(user and user.has_password)
        if self.has_password:
            form.addRow(self.tr("Current password"), self.current)
        self.pair = PasswordPair(form, self.tr("New password"), self)
        layout = QVBoxLayout(self)
        if not ctx.login_required:
            note = QLabel(self.tr("Nobody on this database has a password yet. Setting yours turns on "
                                  "sign-in for this database: everyone then needs a password, which an "
                                  "administrator gives them in Users."))
            note.setObjectName("Hint")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        problem = self.pair.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        old = self.current.text() if self.has_password else None
        new = self.pair.value()

        def work(ws: Any, me: UserView) -> Any:
            return ws.auth.change_password(me, old, new)

        def failed(exc: BaseException) -> None:
            self.error.setText(self.ctx.message_for(exc))
            self.error.show()

        def done(_user: UserView) -> None:
            self.ctx.login_required = True
            self.accept()

        self.ctx.write(work, on_done=done, on_error=failed, parent=self)
