"""Search text that is not text: bytes a terminal could not decode, NUL and other control
characters. A clear message and a non-zero exit; the index is neither rebuilt nor touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def _cli(home: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WORKBENCH_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "workbench", "--home", str(home), "--no-demo", *args],
                          capture_output=True, env=env, timeout=300)


def _index_state(home: Path) -> dict[str, tuple[int, int]]:
    """Every file of the index with its inode and modification time: a rebuild or a commit
    changes them."""
    index = home / "index"
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in index.iterdir()} | {
        ".": (index.stat().st_ino, index.stat().st_mtime_ns)}


@pytest.fixture
def indexed_home(home: Path) -> Path:
    done = _cli(home, "search", "price")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return home


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (b"\xff\xfe", "not valid text"),  # $'\xff\xfe': undecodable bytes, surrogates in Python
        (b"price \xe4\xb8", "not valid text"),  # a UTF-8 character cut in half
        (b"a\x01b", "control character (U+0001)"),
        (b"a\x7f", "control character (U+007F)"),
    ],
)
def test_search_with_text_that_is_not_text_says_so_and_leaves_the_index_alone(
    indexed_home: Path, argv: bytes, message: str
) -> None:
    before = _index_state(indexed_home)
    done = _cli(indexed_home, "search", argv)  # type: ignore[arg-type]
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1 and done.stdout == b""
    assert message in err and "Traceback" not in err
    assert _index_state(indexed_home) == before


def test_filters_and_similar_text_are_checked_too(indexed_home: Path) -> None:
    before = _index_state(indexed_home)
    for args in (("search", "price", "--tag", b"\xff"), ("similar", "--text", b"\xfe\xff")):
        done = _cli(indexed_home, *args)
        assert done.returncode == 1 and "not valid text" in done.stderr.decode(), done.stderr
    assert _index_state(indexed_home) == before


def test_nul_and_chinese_messages_in_process(capsys: pytest.CaptureFixture[str], indexed_home: Path) -> None:
    """NUL cannot travel in a real argv; a caller of main() (a script) can pass it."""
    before = _index_state(indexed_home)
    code = main(["--home", str(indexed_home), "--lang", "zh", "search", "报价\x00方案"])
    _, err = capsys.readouterr()
    assert code == 1 and "控制字符（U+0000）" in err
    code = main(["--home", str(indexed_home), "--lang", "zh", "search", "\udcff\udcfe"])
    _, err = capsys.readouterr()
    assert code == 1 and "无法识别的字节" in err
    assert _index_state(indexed_home) == before
    # tab and line breaks are spaces, not refused
    code = main(["--home", str(indexed_home), "search", "price\tlist\nquote", "--json"])
    assert code == 0
