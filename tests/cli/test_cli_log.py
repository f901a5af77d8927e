"""Command-line runs keep a log in the data folder (``logs/workbench-cli.log``, rotating,
private): a message that says "the details were written to the log" is true, the terminal
shows one line per problem and never a traceback."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests import factories as f
from workbench.cli.main import main
from workbench.core import logfile


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), "--no-demo", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_deeply_nested_front_matter_is_one_clear_line(capsys: pytest.CaptureFixture[str], home: Path,
                                                      tmp_path: Path) -> None:
    deep = f.write(tmp_path / "deep.md", "---\ntitle: x\nkind: faq\ntags: " + "[" * 5000 + "]" * 5000 + "\n---\nBody\n")
    code, out, err = run(capsys, home, "--lang", "zh", "import", str(deep))
    assert code == 2 and "Traceback" not in out + err
    assert "嵌套过深" in out + err


def test_an_internal_fault_is_one_line_here_and_a_traceback_in_the_log(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: Path, tmp_path: Path) -> None:
    def broken(text: str, stem: str) -> object:
        raise RuntimeError("the parser fell over")

    monkeypatch.setattr("workbench.core.knowledge.importer.parse_markdown", broken)
    md = f.write(tmp_path / "faq.md", f.MD_FAQ_EN)
    code, out, err = run(capsys, home, "import", str(md))

    log_file = home / "logs" / logfile.LOG_NAME
    assert code == 2 and "written to the log" in out + err
    assert "Traceback" not in out + err and f"details in {log_file}" in err
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: the parser fell over" in text and str(md) in text
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700


def test_the_log_rotates_and_stays_bounded(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                           home: Path, tmp_path: Path) -> None:
    def broken(text: str, stem: str) -> object:
        raise RuntimeError("x" * 500)

    monkeypatch.setattr("workbench.core.knowledge.importer.parse_markdown", broken)
    monkeypatch.setattr(logfile, "MAX_BYTES", 4000)
    md = f.write(tmp_path / "faq.md", f.MD_FAQ_EN)
    for _ in range(30):
        run(capsys, home, "import", str(md))
    logs = sorted((home / "logs").glob(logfile.LOG_NAME + "*"))
    assert len(logs) == logfile.BACKUPS + 1
    assert all(p.stat().st_size <= 4000 + 3000 for p in logs)  # one record may pass the limit


def test_a_reader_that_goes_away_is_not_an_internal_fault(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """``workbench items | head``: the pipe closes before the output ends; the command stops as a
    shell expects (141, as for SIGPIPE), without "internal error" on the terminal or in the log."""
    def closed_pipe(args: object, lang: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("workbench.cli.main._commands", lambda: {"items": closed_pipe})
    code, out, err = run(capsys, home, "items")
    assert code == 141 and "internal error" not in out + err and "log" not in err
    log_file = home / "logs" / logfile.LOG_NAME
    assert not log_file.exists() or "BrokenPipeError" not in log_file.read_text(encoding="utf-8")
