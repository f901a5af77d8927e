"""Settings: UI language, data folder, current profile."""

from __future__ import annotations

from pathlib import Path

from workbench.core.users import UserView
from workbench.gui.context import AppContext
from workbench.gui.labels import label, role_labels
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


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        settings = QSettings()
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
        self.user = QComboBox()
        self.user.setObjectName("UserChooser")
        note = QLabel(self.tr("Language and data folder take effect when Workbench restarts."))
        note.setWordWrap(True)
        note.setObjectName("Hint")

        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Data folder"), home_row)
        form.addRow(self.tr("Current user"), self.user)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._original = (self.language.currentData(), self.home.text())
        ctx.read(lambda ws: ws.users.all(), self._users_loaded, parent=self)

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

    def apply(self) -> None:
        settings = QSettings()
        settings.setValue(LANGUAGE_KEY, self.language.currentData())
        settings.setValue(HOME_KEY, self.home.text())
        chosen = self.user.currentData()
        if chosen and self.ctx.user is not None and chosen != self.ctx.user.name:
            self.ctx.write(lambda ws, _actor: ws.users.switch(chosen), parent=self)
        if (self.language.currentData(), self.home.text()) != self._original:
            QMessageBox.information(
                self, self.windowTitle(), self.tr("Restart Workbench to use the new language or data folder.")
            )
        self.accept()
