"""A one-line label that cuts its text to its width with an ellipsis and shows the whole text as a
tooltip: a note (the row editor's "Put back your unsaved text from …") stays one line tall instead of
wrapping into a height the 1280×720 layout does not have; with ``hide_when_empty`` it takes no line
at all while it has nothing to say."""

from __future__ import annotations

from workbench.gui.qt import QLabel, QResizeEvent, QSizePolicy, Qt, QWidget


class ElidedLabel(QLabel):
    def __init__(self, parent: QWidget | None = None, hide_when_empty: bool = False) -> None:
        super().__init__(parent)
        self._whole = ""
        self._hide_when_empty = hide_when_empty
        if hide_when_empty:
            self.hide()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        self._whole = text
        self.setToolTip(text if text else "")
        self._cut()
        if self._hide_when_empty:
            self.setVisible(bool(text))

    def text(self) -> str:
        """The whole text, not the cut one shown."""
        return self._whole

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._cut()

    def _cut(self) -> None:
        shown = self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, max(self.width(), 40))
        super().setText(shown)
