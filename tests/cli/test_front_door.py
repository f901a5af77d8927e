"""Every command lets go of the database when it ends (its workspace is closed by a ``with``
block, also when the command fails), and the catalogue speaks zh_TW by converting zh_CN."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from tests import factories as f
from workbench.cli.main import COMMANDS, main
from workbench.core.db.open_lock import held_here
from workbench.core.errors import MESSAGES, say


def test_every_command_lets_go_of_the_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    home = tmp_path / "home"
    database = home / "workbench.sqlite"
    folder = f.markdown_folder(tmp_path / "kb")
    runs = [
        ["import", str(folder)], ["items"], ["export", str(tmp_path / "out")], ["search", "price"],
        ["similar", "--text", "price objection"], ["gaps"], ["duplicates"], ["users", "list"], ["whoami"],
        ["templates"], ["proposal", "list"], ["proposal", "show", "P-1999-0001"], ["review", "queue"],
        ["retro", "due"], ["report", "win-rate", "--by", "industry"], ["settings", "company"], ["backup"],
        ["doctor"], ["migrate"], ["logout"], ["demo", "add-history"], ["restore", str(tmp_path / "nothing.sqlite")],
        ["tender", "list"],
    ]
    covered = {argv[0] for argv in runs}
    assert covered == set(COMMANDS) - {"reindex", "login"}, set(COMMANDS) - covered  # a new command is added here
    codes = {}
    for argv in runs:
        codes[argv[0] + " " + (argv[1] if len(argv) > 1 else "")] = main(["--home", str(home), "--no-demo", *argv])
        capsys.readouterr()
        assert not held_here(database), argv  # the command's workspace was closed
    # failures too: a proposal that is not there, a backup that is not one
    assert codes["proposal show"] == 1 and codes["restore " + str(tmp_path / "nothing.sqlite")] == 1
    assert codes["import " + str(folder)] == 0 and codes["doctor "] == 0


def test_not_found_is_said_in_the_language_asked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    base = ["--home", str(tmp_path / "home"), "--no-demo"]
    assert main([*base, "--lang", "zh", "users", "switch", "nobody"]) == 1
    simplified = capsys.readouterr().err.strip()
    assert main([*base, "--lang", "zh_TW", "users", "switch", "nobody"]) == 1
    traditional = capsys.readouterr().err.strip()
    assert traditional == opencc.OpenCC("s2twp").convert(simplified) and traditional != simplified


def test_zh_tw_falls_back_to_converted_zh_cn_and_entries_may_give_their_own() -> None:
    converter = opencc.OpenCC("s2twp")
    assert say("server_busy", "zh_TW") == converter.convert(say("server_busy", "zh_CN"))
    assert say("server_busy", "zh-Hant") == say("server_busy", "zh_TW")
    assert say("server_busy", "zh") == say("server_busy", "zh_CN") == MESSAGES["server_busy"][1]
    assert say("cli_exported", "en", count=3, folder="out") == "exported 3 items to out"
    MESSAGES["test_only_own_tw"] = {"en": "Saved", "zh_CN": "已保存", "zh_TW": "已存檔"}
    try:
        assert say("test_only_own_tw", "zh_TW") == "已存檔" and say("test_only_own_tw", "zh_CN") == "已保存"
    finally:
        del MESSAGES["test_only_own_tw"]


def test_a_traditional_chinese_locale_reads_traditional_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    base = ["--home", str(tmp_path / "home"), "--no-demo", "users", "switch", "nobody"]
    monkeypatch.setenv("WORKBENCH_LANG", "zh_CN.UTF-8")
    assert main(base) == 1
    simplified = capsys.readouterr().err.strip()
    monkeypatch.setenv("WORKBENCH_LANG", "zh_TW.UTF-8")
    assert main(base) == 1
    assert capsys.readouterr().err.strip() == opencc.OpenCC("s2twp").convert(simplified) != simplified
