"""The status line keeps the outcome of what the person did on screen for a while: background news
(the search index's "Search ready…") arriving meanwhile waits, and only the latest is shown then."""

from __future__ import annotations

import pytest

from workbench.gui import status_line
from workbench.gui.qt import QLabel
from workbench.gui.status_line import StatusLine


def test_an_outcome_is_not_overwritten_by_background_news(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(status_line, "HOLD_S", 0.3)
    label = QLabel()
    qtbot.addWidget(label)
    line = StatusLine(label)

    line.news("Search ready: 10 items indexed")
    assert label.text() == "Search ready: 10 items indexed"  # nothing held: news shows at once

    line.outcome("Saved 1 kept edit(s): faq-sso")
    line.news("Updating the search index…")
    line.news("Search ready: 11 items indexed")
    assert label.text() == "Saved 1 kept edit(s): faq-sso"  # the outcome stays
    qtbot.waitUntil(lambda: label.text() == "Search ready: 11 items indexed", timeout=5_000)  # the latest news

    line.outcome("Backup written to /tmp/b")
    line.outcome("Exported 5 items to /tmp/e")  # a newer outcome replaces an older one at once
    assert label.text() == "Exported 5 items to /tmp/e"
    qtbot.wait(500)
    assert label.text() == "Exported 5 items to /tmp/e"  # no news waited: it stays
