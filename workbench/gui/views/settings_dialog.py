"""Settings: your display name, UI language, data folder, database, current profile (a laptop's
own database without passwords only), and the way to the company profile proposals carry."""

from __future__ import annotations

from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.users import MAX_DISPLAY_NAME, UserView, clean_display_name
from workbench.core.workspace import url_has_password
from workbench.gui.context import AppContext
from workbench.gui.labels import label, role_labels
from workbench.gui.palette import ERROR
from workbench.gui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSettings,
    QVBoxLayout,
    QWidget,
)

LANGUAGE_KEY = "ui/language"  # "system", "en" or "zh_CN"
HOME_KEY = "data/home"
DATABASE_URL_KEY = "data/database_url"  # empty: the embedded SQLite database in the data folder


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        settings = QSettings()
        me = ctx.user
        self.display_name = QLineEdit(me.display_name if me is not None and me.has_display_name else "")
        self.display_name.setObjectName("DisplayName")
        self.display_name.setMaxLength(MAX_DISPLAY_NAME)
        self.display_name.setPlaceholderText(self.tr("e.g. Zhang Wei 张伟"))
        self.display_name_hint = QLabel(self._name_hint(me))
        self.display_name_hint.setObjectName("Hint")
        self.display_name_hint.setWordWrap(True)
        self.display_name_error = QLabel()
        self.display_name_error.setObjectName("DisplayNameError")
        self.display_name_error.setStyleSheet(f"color:{ERROR}")
        self.display_name_error.setWordWrap(True)
        self.display_name_error.hide()
        self.language = QComboBox()
        self.language.addItem(self.tr("Follow the system"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        index = self.language.findData(settings.value(LANGUAGE_KEY, "system"))
        self.language.setCurrentIndex(max(index, 0))
        self.home = QLineEdit(str(settings.value(HOME_KEY, "") or home))
        self.home.setReadOnly(True)
        browse = QPushButton(self.tr("Change…"))
        browse.clicked.connect(self._choose_home)
        home_row = QHBoxLayout()
        home_row.addWidget(self.home, 1)
        home_row.addWidget(browse)
        self.database = QLineEdit(str(settings.value(DATABASE_URL_KEY, "") or ""))
        self.database.setObjectName("DatabaseUrl")
        self.database.setPlaceholderText(self.tr("empty: the embedded database in the data folder"))
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("TestConnection")
        self.test_button.clicked.connect(self.test_connection)
        database_row = QHBoxLayout()
        database_row.addWidget(self.database, 1)
        database_row.addWidget(self.test_button)
        self.test_result = QLabel()
        self.test_result.setObjectName("TestResult")
        self.test_result.setWordWrap(True)
        self.test_result.hide()  # until a test or a refusal has something to say (no empty gap)
        database_hint = QLabel(self.tr(
            "A team's PostgreSQL server, e.g. postgresql+psycopg://alice@db.example.com:5432/workbench. "
            "Leave the password out of the address: PostgreSQL reads it from ~/.pgpass (or the PGPASSWORD "
            "variable); Workbench never stores it."))
        database_hint.setObjectName("Hint")
        database_hint.setWordWrap(True)
        self.user = QComboBox()
        self.user.setObjectName("UserChooser")
        note = QLabel(self.tr("Language, data folder and database take effect when Workbench restarts."))
        note.setWordWrap(True)
        note.setObjectName("Hint")

        form = QFormLayout()
        if me is not None:  # whoever is signed in names themselves (an admin renames others in Users)
            name_box = QVBoxLayout()
            name_box.addWidget(self.display_name)
            name_box.addWidget(self.display_name_error)
            name_box.addWidget(self.display_name_hint)
            form.addRow(self.tr("Your display name"), name_box)
        else:
            self.display_name.hide()
            self.display_name_hint.hide()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Data folder"), home_row)
        database_box = QVBoxLayout()  # the address, what a test found (when it found something), the hint
        database_box.addLayout(database_row)
        database_box.addWidget(self.test_result)
        database_box.addWidget(database_hint)
        form.addRow(self.tr("Database"), database_box)
        # the profile switch only where no login is required (a laptop's database without passwords)
        self.user_row_shown = not ctx.login_required
        if self.user_row_shown:
            form.addRow(self.tr("Current user"), self.user)
        else:
            self.user.hide()
        self.company_button = QPushButton(self.tr("Company profile…"))
        self.company_button.setObjectName("CompanyProfileButton")
        self.company_button.clicked.connect(self.open_company)
        if me is not None:  # name, address (also in English) and logo on exported proposals
            company_row = QHBoxLayout()
            company_row.addWidget(self.company_button)
            company_row.addStretch(1)
            form.addRow(self.tr("Company"), company_row)
        else:
            self.company_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        # room for a whole server address (postgresql+psycopg://user@host:5432/dbname) and the hint
        self.database.setMinimumWidth(self.fontMetrics().horizontalAdvance("m") * 38)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("m") * 52)
        self._original = (self.language.currentData(), self.home.text(), self.database.text().strip())
        if self.user_row_shown:
            ctx.read(lambda ws: ws.users.all(), self._users_loaded, parent=self)

    def _name_hint(self, me: UserView | None) -> str:
        if me is None:
            return ""
        if me.has_display_name:
            return self.tr("Shown on proposal covers (“Prepared by”) and wherever you are named. "
                           "You still sign in as %1.").replace("%1", me.name)
        return self.tr("Not set: proposal covers (“Prepared by”) and every list show your login "
                       "name “%1”. Type the name customers and colleagues should read.").replace("%1", me.name)

    def open_company(self) -> None:
        from workbench.gui.views.company_dialog import CompanyDialog

        CompanyDialog(self.ctx, self).exec()

    def test_connection(self) -> None:
        """Try the address off the UI thread and say plainly what happened."""
        from workbench.core.workspace import probe_database

        url = self.database.text().strip()
        if not url:
            self._say(self.tr("The embedded database in the data folder is used."))
            return
        self.test_button.setEnabled(False)
        self._say(self.tr("Connecting…"))

        def done(version: str) -> None:
            self.test_button.setEnabled(True)
            self._say(self.tr("Connected: %1").replace("%1", version))

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._say(self.tr("Not connected: %1").replace("%1", self.ctx.message_for(exc)))

        self.ctx.runner.run(lambda: probe_database(url), on_done=done, on_error=failed, cpu=True, owner=self)

    def _say(self, text: str) -> None:
        self.test_result.setText(text)
        self.test_result.show()

    def _users_loaded(self, users: list[UserView]) -> None:
        roles = role_labels()
        for u in users:
            tier = self.tr(" (tier %1)").replace("%1", str(u.tier)) if u.tier else ""
            self.user.addItem(f"{u.label} — {label(roles, u.role.value)}{tier}", u.name)
        if self.ctx.user is not None:
            self.user.setCurrentIndex(max(self.user.findData(self.ctx.user.name), 0))

    def _choose_home(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the data folder"), self.home.text())
        if folder:
            self.home.setText(folder)

    def _name_problem(self, text: str) -> None:
        self.display_name_error.setText(text)
        self.display_name_error.setVisible(bool(text))
        if text:
            self.display_name.setFocus()

    def apply(self) -> None:
        url = self.database.text().strip()
        if url_has_password(url):  # never kept in clear in QSettings
            self._say(self.ctx.message_for(WorkbenchError("password_in_url")))
            self.database.setFocus()
            return
        me = self.ctx.user
        if me is None or not self.display_name.isVisibleTo(self):
            self._finish(url)
            return
        try:
            wanted = clean_display_name(self.display_name.text())
        except WorkbenchError as exc:  # said under the field; nothing is saved, the dialog stays
            self._name_problem(exc.message(self.ctx.lang))
            return
        if wanted == (me.display_name if me.has_display_name else ""):
            self._finish(url)
            return
        name = me.name
        self.ctx.write(lambda ws, actor: ws.users.set_display_name(actor, name, wanted),
                       on_done=lambda _user: self._finish(url),
                       on_error=lambda exc: self._name_problem(self.ctx.message_for(exc)), parent=self)

    def _finish(self, url: str) -> None:
        settings = QSettings()
        settings.setValue(LANGUAGE_KEY, self.language.currentData())
        settings.setValue(HOME_KEY, self.home.text())
        settings.setValue(DATABASE_URL_KEY, url)
        chosen = self.user.currentData()
        if self.user_row_shown and chosen and self.ctx.user is not None and chosen != self.ctx.user.name:
            self.ctx.write(lambda ws, _actor: ws.users.switch(chosen), parent=self)
        if (self.language.currentData(), self.home.text(), url) != self._original:
            QMessageBox.information(
                self, self.windowTitle(),
                self.tr("Restart Workbench to use the new language, data folder or database."))
        self.accept()
