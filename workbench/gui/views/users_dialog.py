"""Users (administrators only): the list, add a user with a password, reset a password, change
role and tier, change a display name, deactivate and activate. The core refuses all of it to
anyone else (except one's own display name, which everyone sets in Settings)."""

from __future__ import annotations

from typing import Any

from workbench.core.users import MAX_DISPLAY_NAME, Permission, UserView
from workbench.gui.context import AppContext
from workbench.gui.labels import label, role_labels
from workbench.gui.models.table import Column, RowTableModel
from workbench.gui.palette import INACTIVE
from workbench.gui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    connect_for_life,
)
from workbench.gui.views.login_dialog import PasswordPair, error_label

ROLES = ("author", "reviewer", "viewer", "admin")


class UsersModel(RowTableModel[UserView]):
    def __init__(self) -> None:
        def inactive(user: UserView) -> str | None:
            return None if user.active else INACTIVE

        super().__init__([Column(title, show, foreground=inactive) for title, show in (
            (QCoreApplication.translate("UsersModel", "User name"), lambda u: u.name),
            (QCoreApplication.translate("UsersModel", "Display name"), lambda u: u.display_name),
            (QCoreApplication.translate("UsersModel", "Role"), lambda u: label(role_labels(), u.role.value)),
            (QCoreApplication.translate("UsersModel", "Tier"), lambda u: str(u.tier) if u.tier else ""),
            (QCoreApplication.translate("UsersModel", "Password"),
             lambda u: QCoreApplication.translate("UsersModel", "set") if u.has_password
             else QCoreApplication.translate("UsersModel", "none")),
            (QCoreApplication.translate("UsersModel", "State"),
             lambda u: QCoreApplication.translate("UsersModel", "active") if u.active
             else QCoreApplication.translate("UsersModel", "deactivated")),
        )])

    @property
    def users(self) -> list[UserView]:
        return self.rows

    def set_users(self, users: list[UserView]) -> None:
        self.set_rows(users)


def role_chooser(role: str = "author", tier: int | None = None) -> tuple[QComboBox, QComboBox]:
    """A role and a tier (1-3, reviewers only) chooser that keep each other consistent."""
    roles = QComboBox()
    roles.setObjectName("RoleChooser")
    names = role_labels()
    for value in ROLES:
        roles.addItem(label(names, value), value)
    tiers = QComboBox()
    tiers.setObjectName("TierChooser")
    for n in (1, 2, 3):
        tiers.addItem(str(n), n)
    roles.setCurrentIndex(max(roles.findData(role), 0))
    tiers.setCurrentIndex(max(tiers.findData(tier or 1), 0))

    def follow() -> None:
        tiers.setEnabled(roles.currentData() == "reviewer")

    roles.currentIndexChanged.connect(lambda _i: follow())
    follow()
    return roles, tiers


def chosen_tier(roles: QComboBox, tiers: QComboBox) -> int | None:
    return int(tiers.currentData()) if roles.currentData() == "reviewer" else None


class _Form(QDialog):
    """A small form with an error line and OK/Cancel; ``submit`` runs one write."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def run(self, work: Any) -> None:
        self.ctx.write(work, on_done=lambda _v: self.accept(), on_error=lambda e: self.fail(self.ctx.message_for(e)),
                       parent=self)

    def checked_password(self, pair: PasswordPair) -> str | None:
        """The new password, or None with the reason shown."""
        problem = pair.problem()
        if problem:
            self.fail(problem)
            return None
        return pair.value()

    def submit(self) -> None:
        raise NotImplementedError


class AddUserDialog(_Form):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add a user"), parent)
        self.setObjectName("AddUserDialog")
        self.name = QLineEdit()
        self.name.setObjectName("NewUserName")
        self.name.setMaxLength(80)
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(MAX_DISPLAY_NAME)
        self.roles, self.tiers = role_chooser()
        self.form.addRow(self.tr("User name"), self.name)
        self.form.addRow(self.tr("Display name"), self.display_name)
        self.form.addRow(self.tr("Role"), self.roles)
        self.form.addRow(self.tr("Reviewer tier"), self.tiers)
        # a laptop's own database without passwords: a local profile to switch to in Settings (a
        # password would make this laptop ask everyone to sign in)
        self.local = QCheckBox(self.tr("A local profile on this laptop, without a password"))
        self.local.setObjectName("LocalProfile")
        self.local.setToolTip(self.tr("Switch to it in File ▸ Settings… (Current user). Giving anyone a password "
                                      "makes this laptop ask everyone to sign in."))
        self.form.addRow("", self.local)
        self.pair = PasswordPair(self.form, self.tr("Initial password"), self)
        self.local.setVisible(not ctx.login_required)
        self.local.setChecked(not ctx.login_required)
        self.local.toggled.connect(self._local_toggled)
        self._local_toggled(self.local.isChecked())

    def _local_toggled(self, local: bool) -> None:
        for field in (self.pair.first, self.pair.second):
            field.setEnabled(not local)

    def submit(self) -> None:
        password: str | None = None
        if self.ctx.login_required or not self.local.isChecked():
            password = self.checked_password(self.pair)
            if password is None:
                return
        name, display = self.name.text().strip(), self.display_name.text().strip()
        role, tier = self.roles.currentData(), chosen_tier(self.roles, self.tiers)
        self.run(lambda ws, me: ws.users.add(me, name, role, tier, display, password=password))


class ResetPasswordDialog(_Form):
    def __init__(self, ctx: AppContext, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Reset the password of %1").replace("%1", user.label), parent)
        self.setObjectName("ResetPasswordDialog")
        self.user = user
        note = QLabel(self.tr("Their open sessions end; tell them the new password in person."))
        note.setObjectName("Hint")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.pair = PasswordPair(self.form, self.tr("New password"), self)

    def submit(self) -> None:
        password = self.checked_password(self.pair)
        if password is None:
            return
        name = self.user.name
        self.run(lambda ws, me: ws.users.reset_password(me, name, password))


class RoleDialog(_Form):
    def __init__(self, ctx: AppContext, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Role of %1").replace("%1", user.label), parent)
        self.setObjectName("RoleDialog")
        self.user = user
        self.roles, self.tiers = role_chooser(user.role.value, user.tier)
        self.form.addRow(self.tr("Role"), self.roles)
        self.form.addRow(self.tr("Reviewer tier"), self.tiers)

    def submit(self) -> None:
        name, role, tier = self.user.name, self.roles.currentData(), chosen_tier(self.roles, self.tiers)
        self.run(lambda ws, me: ws.users.set_role(me, name, role, tier))


class DisplayNameDialog(_Form):
    def __init__(self, ctx: AppContext, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Display name of %1").replace("%1", user.name), parent)
        self.setObjectName("DisplayNameDialog")
        self.user = user
        self.display_name = QLineEdit(user.display_name if user.has_display_name else "")
        self.display_name.setObjectName("DisplayName")
        self.display_name.setMaxLength(MAX_DISPLAY_NAME)
        self.form.addRow(self.tr("Display name"), self.display_name)
        note = QLabel(self.tr("Shown on proposal covers and wherever %1 is named. Empty: the user name is shown.")
                      .replace("%1", user.name))
        note.setObjectName("Hint")
        note.setWordWrap(True)
        self.form.addRow(note)

    def submit(self) -> None:
        name, wanted = self.user.name, self.display_name.text()
        self.run(lambda ws, me: ws.users.set_display_name(me, name, wanted))


class UsersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UsersDialog")
        self.ctx = ctx
        self.setWindowTitle(self.tr("Users"))
        self.resize(760, 460)
        self.model = UsersModel()
        self.table = QTableView()
        self.table.setObjectName("UsersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.change_role())
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setObjectName("AddUser")
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.role_button = QPushButton(self.tr("Role and tier…"))
        self.name_button = QPushButton(self.tr("Display name…"))
        self.name_button.setObjectName("ChangeDisplayName")
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.active_button.setObjectName("ToggleActive")
        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button.clicked.connect(self.change_role)
        self.name_button.clicked.connect(self.change_display_name)
        self.active_button.clicked.connect(self.toggle_active)
        side = QVBoxLayout()
        for button in (self.add_button, self.reset_button, self.role_button, self.name_button, self.active_button):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        hint = QLabel(self.tr("Deactivated users cannot sign in; their work and history stay. A user without "
                              "a password cannot sign in to a team database."))
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(hint)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        connect_for_life(self, ctx.changed, lambda changes: self.reload() if changes.users else None)
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        selected = self.selected()
        self.ctx.read(lambda ws: ws.users.all(), lambda users: self._loaded(users, selected), parent=self)

    def _loaded(self, users: list[UserView], keep: UserView | None) -> None:
        self.model.set_users(users)
        if keep is not None:
            for row, user in enumerate(users):
                if user.name == keep.name:
                    self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.users[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        admin = self.ctx.can(Permission.MANAGE_USERS)
        self.add_button.setEnabled(admin)
        for button in (self.reset_button, self.role_button, self.active_button):
            button.setEnabled(admin and user is not None)
        mine = user is not None and self.ctx.user is not None and user.name == self.ctx.user.name
        self.name_button.setEnabled(user is not None and (admin or mine))
        self.active_button.setText(self.tr("Activate") if user is not None and not user.active
                                   else self.tr("Deactivate"))

    def add_user(self) -> None:
        AddUserDialog(self.ctx, self).open()

    def reset_password(self) -> None:
        user = self.selected()
        if user is not None:
            ResetPasswordDialog(self.ctx, user, self).open()

    def change_role(self) -> None:
        user = self.selected()
        if user is not None:
            RoleDialog(self.ctx, user, self).open()

    def change_display_name(self) -> None:
        user = self.selected()
        if user is not None:
            DisplayNameDialog(self.ctx, user, self).open()

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active:
            answer = QMessageBox.question(
                self, self.tr("Deactivate"),
                self.tr("Deactivate %1? They are signed out everywhere and cannot sign in; their work stays.")
                .replace("%1", user.label))
            if answer != QMessageBox.StandardButton.Yes:
                return
        name, active = user.name, not user.active
        self.ctx.write(lambda ws, me: ws.users.set_active(me, name, active), parent=self)
