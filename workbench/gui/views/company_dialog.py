"""The company profile every exported proposal carries on its cover, in its header block and its
document properties: the name and address (as Chinese documents print them), the English name
and address English documents print instead (empty: the one name or address), and the logo.
Administrators change it; everyone else sees it read-only."""

from __future__ import annotations

from pathlib import Path

from workbench.core.company import MAX_TEXT, CompanyProfile
from workbench.core.users import Permission
from workbench.gui.context import AppContext
from workbench.gui.palette import ERROR
from workbench.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CompanyDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CompanyDialog")
        self.ctx = ctx
        self.setWindowTitle(self.tr("Company profile"))
        self.editable = ctx.can(Permission.MANAGE_USERS)
        self.profile = CompanyProfile()
        self.new_logo: Path | None = None
        self.clear_logo = False

        self.name = self._field("CompanyName", self.tr("e.g. 北辰智联信息技术有限公司"))
        self.address = self._field("CompanyAddress", self.tr("e.g. 杭州市西湖区文三路 398 号"))
        self.name_en = self._field("CompanyNameEn", self.tr("empty: English documents show the name above"))
        self.address_en = self._field("CompanyAddressEn",
                                      self.tr("empty: English documents show the address above"))
        self.logo_label = QLabel()
        self.logo_label.setObjectName("CompanyLogo")
        self.choose_logo = QPushButton(self.tr("Choose logo…"))
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo = QPushButton(self.tr("Remove logo"))
        self.remove_logo.clicked.connect(self._remove_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        hint = QLabel(self.tr(
            "Chinese documents carry the name and address; English documents carry the English name "
            "and address where they are set, else the same ones. The logo: a PNG or JPEG of at most 2 MB."))
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("CompanyError")
        self.error.setStyleSheet(f"color:{ERROR}")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("English name"), self.name_en)
        form.addRow(self.tr("English address"), self.address_en)
        form.addRow(self.tr("Logo"), logo_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        if not self.editable:
            only = QLabel(self.tr("Only an administrator can change the company profile."))
            only.setObjectName("Hint")
            only.setWordWrap(True)
            layout.addWidget(only)
        layout.addWidget(self.error)
        if self.editable:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(self.apply)
            buttons.rejected.connect(self.reject)
        else:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        for widget in (self.name, self.address, self.name_en, self.address_en, self.choose_logo, self.remove_logo):
            widget.setEnabled(self.editable)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("m") * 48)
        self._show_logo()
        self.loaded = False
        ctx.read(lambda ws: ws.company.get(), self._loaded, parent=self)

    def _field(self, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setMaxLength(MAX_TEXT)
        field.setPlaceholderText(placeholder)
        return field

    def _loaded(self, profile: CompanyProfile) -> None:
        self.profile = profile
        self.name.setText(profile.name)
        self.address.setText(profile.address)
        self.name_en.setText(profile.name_en)
        self.address_en.setText(profile.address_en)
        self._show_logo()
        self.loaded = True

    def _show_logo(self) -> None:
        if self.new_logo is not None:
            text = self.new_logo.name
        elif self.profile.logo and not self.clear_logo:
            text = self.profile.logo_name or self.tr("(a logo)")
        else:
            text = self.tr("(none)")
        self.logo_label.setText(text)
        self.remove_logo.setEnabled(self.editable and text != self.tr("(none)"))

    def _choose_logo(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the company logo"), "",
                                                self.tr("Images (*.png *.jpg *.jpeg)"))
        if chosen:
            self.new_logo, self.clear_logo = Path(chosen), False
            self._show_logo()

    def _remove_logo(self) -> None:
        self.new_logo, self.clear_logo = None, True
        self._show_logo()

    def _problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def apply(self) -> None:
        """Saved as typed (trimmed); a refusal (too long, an unreadable logo) is said in the
        dialog, which stays open with everything typed."""
        name, address = self.name.text(), self.address.text()
        name_en, address_en = self.name_en.text(), self.address_en.text()
        logo, clear = self.new_logo, self.clear_logo
        self._problem("")
        self.ctx.write(lambda ws, actor: ws.company.update(actor, name=name, address=address, name_en=name_en,
                                                             address_en=address_en, logo=logo, clear_logo=clear),
                       on_done=self._saved, on_error=lambda exc: self._problem(self.ctx.message_for(exc)),
                       parent=self)

    def _saved(self, profile: CompanyProfile) -> None:
        self.profile = profile
        self.accept()
