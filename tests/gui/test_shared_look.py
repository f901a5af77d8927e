"""Every screen shows a moment the same way."""

from __future__ import annotations

import datetime as dt

from workbench.gui.when import local_time


def test_a_moment_in_local_time_to_the_minute() -> None:
    moment = dt.datetime(2026, 11, 23, 9, 5, 42, tzinfo=dt.UTC)
    expected = moment.astimezone().strftime("%Y-%m-%d %H:%M")
    assert local_time(moment) == expected == local_time(moment.isoformat())
    assert len(expected) == 16 and expected.count(":") == 1
    assert local_time(None) == "" and local_time(None, "—") == "—"
    assert local_time("not a stamp") == "not a stamp"
