"""When a save is refused because someone else saved the item first: the editor keeps the
person's text and offers what to do about it, beside the form: load their version (the person's
text can be put back), compare the two, or save theirs over with the person's text."""

from __future__ import annotations

from workbench.core.knowledge.model import ItemView
from workbench.gui.diff import side_by_side
from workbench.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)
from workbench.gui.when import local_time


class ConflictBar(QWidget):
    reload = Signal()
    compare = Signal()
    overwrite = Signal()
    put_back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConflictBar")
        self.label = QLabel()
        self.label.setObjectName("DuplicateBanner")
        self.label.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Load their version"))
        self.compare_button = QPushButton(self.tr("Compare…"))
        self.overwrite_button = QPushButton(self.tr("Save mine over theirs"))
        self.put_back_button = QPushButton(self.tr("Put my text back"))
        self.reload_button.clicked.connect(self.reload)
        self.compare_button.clicked.connect(self.compare)
        self.overwrite_button.clicked.connect(self.overwrite)
        self.put_back_button.clicked.connect(self.put_back)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        for button in (self.reload_button, self.compare_button, self.overwrite_button, self.put_back_button):
            row.addWidget(button)
        self.hide()

    def conflict(self, theirs: ItemView, by: str) -> None:
        """Someone else's save stands (``by``: the name people read for who saved it): the choices."""
        self.label.setText(self.tr("%1 saved this item at %2 after you opened it. Your text is still here: load "
                                   "their version, compare the two, or save yours over theirs.")
                           .replace("%1", by or theirs.updated_by).replace("%2", local_time(theirs.updated_at)))
        self._buttons(conflict=True)
        self.show()

    def reloaded(self) -> None:
        """Their version is in the fields; the person's text can come back."""
        self.label.setText(self.tr("Their version is loaded. Your text is kept until you close this editor."))
        self._buttons(conflict=False)
        self.show()

    def _buttons(self, conflict: bool) -> None:
        for button in (self.reload_button, self.overwrite_button):
            button.setVisible(conflict)
        self.compare_button.setVisible(True)
        self.put_back_button.setVisible(not conflict)


def compare_dialog(parent: QWidget, theirs: ItemView, mine_title: str, mine_body: str) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName("CompareDialog")
    dialog.setWindowTitle(dialog.tr("Their version and yours"))
    dialog.resize(min(1100, parent.width()), min(640, parent.height()))
    view = QTextBrowser()
    their_label = dialog.tr("theirs (version %1, %2)").replace("%1", str(theirs.version)).replace("%2", theirs.updated_by)
    view.setHtml(side_by_side(f"# {theirs.title}\n\n{theirs.body}", f"# {mine_title}\n\n{mine_body}",
                              their_label, dialog.tr("yours")))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view, 1)
    layout.addWidget(buttons)
    return dialog
