"""The status bar's one line of text, shared by what the person did and what runs in the
background.

The outcome of something the person did or asked for ("Saved 1 kept edit", "Backup written to
…") stays on the line for a few seconds; background news (the search index's "Search ready: 132
items indexed", its build progress) arriving meanwhile is shown when that time is up, the latest
one only. Before, the index sync that follows a replayed save overwrote "Saved 1 kept edit" within
milliseconds, so the person never saw that their kept edit had been saved."""

from __future__ import annotations

import time

from workbench.gui.qt import QLabel, QObject, QTimer

HOLD_S = 6.0  # how long an outcome stays before background news may replace it


class StatusLine(QObject):
    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self.label = label
        self._held_until = 0.0
        self._waiting: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._release)

    def outcome(self, text: str) -> None:
        """What the person did or asked for: shown now, and kept for ``HOLD_S`` seconds."""
        self.label.setText(text)
        self._held_until = time.monotonic() + HOLD_S
        self._timer.start(int(HOLD_S * 1000))

    def news(self, text: str) -> None:
        """Background news: shown now, or once the outcome on the line has had its time."""
        if time.monotonic() < self._held_until:
            self._waiting = text
            return
        self._waiting = None
        self.label.setText(text)

    def _release(self) -> None:
        self._held_until = 0.0
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.label.setText(waiting)
