"""What the Responses screen does with a response as a whole, off the UI thread: rename it (title
and customer) and attach it to a proposal, which writes its 点对点应答 chapter into that proposal as
a new revision (attaching again refreshes the chapter; "No proposal" takes it out). A refusal (the
proposal is in review or approved, someone else's) is said in the core's words and nothing changes.

The screen (responses_view.py) is built on this; its strings keep the screen's translation context."""

from __future__ import annotations

from collections.abc import Callable

from workbench.core.proposals.model import ProposalView
from workbench.core.tender.views import ResponseSheet, ResponseView
from workbench.gui.context import AppContext
from workbench.gui.models.proposal_table import status_labels
from workbench.gui.qt import (
    QComboBox,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)


class RenameDialog(QDialog):
    """The response's title and customer."""

    def __init__(self, view: ResponseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ResponsesView", "Rename the response"))
        self.title = QLineEdit(view.title)
        self.title.setMaxLength(300)
        self.customer = QLineEdit(view.customer)
        self.customer.setMaxLength(200)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("ResponsesView", "Title"), self.title)
        form.addRow(QCoreApplication.translate("ResponsesView", "Customer"), self.customer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.title.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())


class AttachDialog(QDialog):
    """Which proposal the response's point-by-point chapter goes into (or none)."""

    def __init__(self, view: ResponseView, proposals: list[ProposalView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ResponsesView", "Attach to a proposal"))
        hint = QLabel(QCoreApplication.translate(
            "ResponsesView", "The point-by-point answer becomes a chapter of the proposal (a new revision, reviewed with the bid). Attach again after editing rows to refresh it."))
        hint.setWordWrap(True)
        hint.setObjectName("Hint")
        self.choice = QComboBox()
        self.choice.addItem(QCoreApplication.translate("ResponsesView", "No proposal"), "")
        names = status_labels()
        for p in proposals:
            self.choice.addItem(f"{p.number} · {p.title} ({names.get(p.status.value, p.status.value)})", p.number)
            if not p.editable:
                locked = QCoreApplication.translate("ResponsesView", "In review or approved: it cannot take a new chapter now")
                self.choice.setItemData(self.choice.count() - 1, locked, Qt.ItemDataRole.ToolTipRole)
        self.choice.setCurrentIndex(max(self.choice.findData(view.proposal or ""), 0))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.choice)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def chosen(self) -> str | None:
        return str(self.choice.currentData() or "") or None


class ResponseActions:
    """Rename and attach; mixed into the screen, which provides these."""

    ctx: AppContext
    sheet: ResponseSheet | None
    state: QLabel
    reload: Callable[..., None]

    def choose_rename(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        dialog = RenameDialog(sheet.response, self._parent_widget())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.rename(dialog.title.text(), dialog.customer.text())

    def rename(self, title: str, customer: str) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        response_id = sheet.response.id

        def done(view: ResponseView) -> None:
            self.state.setText(QCoreApplication.translate("ResponsesView", "Renamed to %1").replace("%1", view.title))
            self.reload(select=view.id)

        self.ctx.write(lambda ws, me: ws.tenders.rename(me, response_id, title, customer), done,
                       lambda exc: self.ctx.report(exc, self._parent_widget()), parent=self._parent_widget())

    def choose_attach(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        view = sheet.response

        def listed(proposals: list[ProposalView]) -> None:
            if self.sheet is None or self.sheet.response.id != view.id:
                return
            dialog = AttachDialog(view, proposals, self._parent_widget())
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.attach(dialog.chosen())

        self.ctx.read(lambda ws: ws.proposals.all(), listed, parent=self._parent_widget())

    def attach(self, number: str | None) -> None:
        """Attach to proposal ``number`` (None: to none); the chapter is written into it."""
        sheet = self.sheet
        if sheet is None:
            return
        response_id = sheet.response.id

        def done(view: ResponseView) -> None:
            self.state.setText(QCoreApplication.translate("ResponsesView", "Attached to %1: the point-by-point chapter is in its latest revision")
                               .replace("%1", view.proposal) if view.proposal else QCoreApplication.translate("ResponsesView", "Attached to no proposal"))
            self.reload(select=view.id)

        self.ctx.write(lambda ws, me: ws.attach_response(me, response_id, number), done,
                       lambda exc: self.ctx.report(exc, self._parent_widget()), parent=self._parent_widget())

    def _parent_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self
