"""Every screen shows a moment the same way, and takes its colours from one palette."""

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


def test_the_stylesheet_takes_its_colours_from_the_palette() -> None:
    import re

    from workbench.core.paths import resources_dir
    from workbench.gui import palette

    text = (resources_dir() / "styles" / "workbench.qss").read_text(encoding="utf-8")
    assert "@NAV_BACKGROUND" in text and not re.findall(r"#[0-9a-fA-F]{6}\b", text)
    filled = palette.stylesheet(text)
    assert "@" not in filled and palette.NAV_BACKGROUND in filled and palette.ERROR in filled
