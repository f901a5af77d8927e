"""A screen whose feature is not built yet says so plainly, instead of pretending."""

from __future__ import annotations

from workbench.gui.qt import QLabel, Qt, QVBoxLayout, QWidget


class LaterScreen(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("ScreenTitle")
        body = QLabel(text)
        body.setWordWrap(True)
        body.setObjectName("Hint")
        body.setMaximumWidth(620)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(body, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
