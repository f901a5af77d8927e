"""What the Responses screen does with a response as a whole, off the UI thread: rename it (title
and customer), say whom a Traditional tender's answers are written for (Taiwan, Hong Kong: guessed
from its text, corrected here by its owner) and attach it to a proposal, which writes its 点对点应答
chapter into that proposal as a new revision (attaching again refreshes the chapter; "No proposal" takes it out). A refusal (the
proposal is in review or approved, someone else's) is said in the core's words and nothing changes.

The screen (responses_view.py) is built on this; its strings keep the screen's translation context."""

from __future__ import annotations

import html
from collections.abc import Callable

from workbench.core.errors import say
from workbench.core.proposals.model import ProposalView
from workbench.core.tender.views import ReadersChange, ResponseSheet, ResponseView
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
    QMenu,
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
    """Rename, whom the answers are written for, and attach; mixed into the screen, which
    provides these."""

    ctx: AppContext
    sheet: ResponseSheet | None
    state: QLabel
    readers_label: QLabel
    reload: Callable[..., None]

    def show_readers(self, view: ResponseView, may_change: bool) -> None:
        """The line saying whom a Traditional tender's answers are written for, guessed or set,
        with "change" for its owner; hidden for any other tender (its language is its readers')."""
        label = self.readers_label
        if not view.readers_choices:
            label.setText("")
            label.hide()
            return
        region = self._readers_name(view.readers)
        if view.readers_set:
            said = QCoreApplication.translate("ResponsesView", "For %1")
        else:
            said = QCoreApplication.translate("ResponsesView", "For %1 (guessed)")
        said = said.replace("%1", region)
        text = html.escape(said)
        if may_change:
            change = QCoreApplication.translate("ResponsesView", "change")
            text += f' · <a href="readers">{html.escape(change)}</a>'
        label.setText(text)
        label.setToolTip(QCoreApplication.translate(
            "ResponsesView", "Answers accepted from the library, exports and the filled-in customer's file are "
                             "written for these readers: Taiwan's words (資料, 軟體), Hong Kong's character forms "
                             "(裏, 着) or Traditional characters only. Guessed from what the tender names (新臺幣, "
                             "政府採購法; 香港, 港元) until its owner picks them."))
        label.show()

    def readers_menu(self) -> QMenu | None:
        """The choices of whom the picked response's answers are written for (its owner's)."""
        sheet = self.sheet
        if sheet is None or not sheet.response.readers_choices or not sheet.rights.may_assign:
            return None
        view = sheet.response
        menu = QMenu(self._parent_widget())
        menu.setObjectName("ReadersMenu")
        for readers in view.readers_choices:
            action = menu.addAction(self._readers_name(readers))
            action.setCheckable(True)
            action.setChecked(view.readers_set and view.readers == readers)
            action.triggered.connect(lambda _checked=False, r=readers: self.set_readers(r))
        menu.addSeparator()
        guess = QCoreApplication.translate("ResponsesView", "As the tender says: %1")
        guess = guess.replace("%1", self._readers_name(view.readers_guess))
        action = menu.addAction(guess)
        action.setCheckable(True)
        action.setChecked(not view.readers_set)
        action.triggered.connect(lambda _checked=False: self.set_readers(None))
        return menu

    def _readers_name(self, readers: str) -> str:
        """Whom answers are written for ("Taiwan readers"), in the catalogue's words the command line uses."""
        return say(f"readers_{readers}", self.ctx.lang)

    def choose_readers(self) -> None:
        menu = self.readers_menu()
        if menu is not None:
            label = self.readers_label
            menu.exec(label.mapToGlobal(label.rect().bottomLeft()))
            menu.deleteLater()

    def set_readers(self, readers: str | None) -> None:
        """Write the picked response's answers for ``readers`` from now on (None: as the tender
        says); the answers still as the library gave them are written again, those edited by hand
        keep their wording (the state line counts both)."""
        sheet = self.sheet
        if sheet is None:
            return
        response_id = sheet.response.id

        def done(change: ReadersChange) -> None:
            view = change.response
            region = self._readers_name(view.readers)
            said = [QCoreApplication.translate(
                "ResponsesView", "Written for %1 from now on: answers accepted, exports and the filled-in file."
            ).replace("%1", region)]
            if change.rewritten:
                said.append(say("tender_readers_rewritten", self.ctx.lang, count=change.rewritten))
            if change.kept:
                said.append(say("tender_readers_kept", self.ctx.lang, count=change.kept))
            self.state.setText(("" if self.ctx.lang.startswith("zh") else " ").join(said))
            self.reload(select=view.id)

        self.ctx.write(lambda ws, me: ws.tenders.set_readers(me, response_id, readers), done,
                       lambda exc: self.ctx.report(exc, self._parent_widget()), parent=self._parent_widget())

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
