"""Every screen shows a moment the same way, and takes its colours from one palette."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from workbench.gui.when import local_time


def test_a_moment_in_local_time_to_the_minute() -> None:
    moment = dt.datetime(2026, 11, 23, 9, 5, 42, tzinfo=dt.UTC)
    expected = moment.astimezone().strftime("%Y-%m-%d %H:%M")
    assert local_time(moment) == expected == local_time(moment.isoformat())
    assert len(expected) == 16 and expected.count(":") == 1
    assert local_time(None) == "" and local_time(None, "—") == "—"
    assert local_time("not a stamp") == "not a stamp"


def test_the_stylesheet_takes_its_colours_from_the_palette() -> None:
    from workbench.core.paths import resources_dir
    from workbench.gui import palette

    text = (resources_dir() / "styles" / "workbench.qss").read_text(encoding="utf-8")
    assert "@NAV_BACKGROUND" in text and not re.findall(r"#[0-9a-fA-F]{6}\b", text)
    filled = palette.stylesheet(text)
    assert "@" not in filled and palette.NAV_BACKGROUND in filled and palette.ERROR in filled


GUI = Path(__file__).resolve().parents[2] / "workbench" / "gui"
# a colour written out in a string, Qt's named colours, a QColor built from numbers
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|Qt\.GlobalColor\.\w+|QColor\(\s*\d")
# a moment or a date formatted by hand (Python's or Qt's spelling)
_TIME_FORMAT = re.compile(r"strftime\(|%Y|%H:%M|yyyy|hh:mm|HH:mm")


def _found(pattern: re.Pattern[str], allowed: set[str]) -> set[tuple[str, str]]:
    found = set()
    for path in sorted(GUI.rglob("*.py")):
        name = path.relative_to(GUI).as_posix()
        if name in allowed:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("  #")[0]  # not in a comment
            found |= {(name, m.group(0)) for m in pattern.finditer(code)}
    return found


def test_no_screen_writes_out_a_colour_of_its_own() -> None:
    found = _found(_COLOUR, {"palette.py"})
    assert found == set(), "take the colour from workbench.gui.palette"


def test_no_screen_formats_a_moment_of_its_own() -> None:
    found = _found(_TIME_FORMAT, {"when.py", "date_field.py"})
    assert found == set(), "use workbench.gui.when.local_time (a date: date_field.ISO)"


def test_the_checks_see_what_they_look_for() -> None:
    """The patterns find what the screens once had (so the checks above cannot pass by finding nothing)."""
    assert _COLOUR.findall("painter.setPen(Qt.GlobalColor.lightGray); f\"<div style='color:#222'>\"") == [
        "Qt.GlobalColor.lightGray", "#222"]
    assert _COLOUR.findall("QColor(255, 255, 255) QColor(palette.TEXT) f'#{tag}'") == ["QColor(2"]
    assert _TIME_FORMAT.findall('when.strftime("%Y-%m-%d %H:%M") setDisplayFormat("yyyy-MM-dd")') == [
        "strftime(", "%Y", "%H:%M", "yyyy"]
