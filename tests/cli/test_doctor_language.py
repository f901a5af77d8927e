"""`workbench doctor` speaks the reader's language: the check names, what each found and the state
words come from the message catalogue; numbers, ids and paths pass through untouched, and the JSON
keeps its English keys and texts for scripts. A real SQLite workspace with three problems made on
purpose: an item without a version, a search index left ahead of a restored database, backups that
are all old."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import sqlite3
from pathlib import Path

import pytest

from tests import factories as f
from tests.backends import Backend
from workbench.cli.main import main
from workbench.core.errors import say

OLD = dt.datetime(2025, 1, 2, 3, 4)


def _age_backups(home: Path) -> None:
    """Every backup last written long ago (the day's automatic one is there by name, so opening
    the workspace makes no new one)."""
    for backup in (home / "backups").glob("*.sqlite"):
        os.utime(backup, (OLD.timestamp(), OLD.timestamp()))


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str]:
    code = main(["--home", str(home), "--no-demo", *args])
    return code, capsys.readouterr().out


def _break(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> str:
    """Three problems; returns the id of the item left without a version."""
    assert run(capsys, home, "import", str(f.markdown_folder(tmp_path / "kb")))[0] == 0
    assert run(capsys, home, "search", "anything")[0] == 0  # the index is built and follows the log
    assert run(capsys, home, "backup", "--out", str(tmp_path / "copy.sqlite"))[0] == 0
    assert run(capsys, home, "import", str(f.write(tmp_path / "more.csv", f.FAQ_CSV_EN)))[0] == 0
    assert run(capsys, home, "search", "anything")[0] == 0  # the index applies the newer changes
    assert run(capsys, home, "restore", str(tmp_path / "copy.sqlite"))[0] == 0  # ...the database forgets them
    with sqlite3.connect(home / "workbench.sqlite") as db:
        item_id, slug = db.execute("SELECT id, slug FROM knowledge_items ORDER BY slug LIMIT 1").fetchone()
        db.execute("DELETE FROM knowledge_versions WHERE item_id = ?", (item_id,))
    db.close()
    _age_backups(home)
    return str(slug)


def test_doctor_says_its_checks_in_chinese_with_numbers_and_paths_intact(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    slug = _break(capsys, home, tmp_path)

    code, raw = run(capsys, home, "doctor", "--json")
    assert code == 1
    checks = json.loads(raw)
    by_name = {c["check"]: c for c in checks}
    # the keys scripts read, English as before, and the codes beside them
    assert {"check", "ok", "detail", "repaired", "code", "detail_code", "params"} <= set(checks[0])
    assert not by_name["item history"]["ok"] and slug in by_name["item history"]["detail"]
    assert by_name["item history"]["detail"].startswith("1 items without a version")
    lag = by_name["search index lag"]
    assert not lag["ok"] and "restored from a backup?" in lag["detail"]
    assert lag["code"] == "doctor_index_lag" and lag["params"]["watermark"] > lag["params"]["newest"]
    assert by_name["recent backup"] == {"check": "recent backup", "ok": False, "detail": "newest 2025-01-02 03:04",
                                        "repaired": False, "code": "doctor_recent_backup",
                                        "detail_code": "doctor_backup_newest", "params": {"when": "2025-01-02 03:04"}}

    code, english = run(capsys, home, "--lang", "en", "doctor")
    assert code == 1
    assert re.search(rf"^PROBLEM +item history: 1 items without a version: {re.escape(slug)}$", english, re.M)
    assert re.search(r"^PROBLEM +recent backup: newest 2025-01-02 03:04$", english, re.M)
    assert re.search(r"^ok +schema version: \d{4} \(current\)$", english, re.M)

    code, chinese = run(capsys, home, "--lang", "zh", "doctor")
    assert code == 1
    lines = chinese.splitlines()
    assert len(lines) == len(checks)
    for check, line in zip(checks, lines, strict=True):
        assert check["check"] not in line  # no English check name left
        assert say(check["code"], "zh") in line
        assert line.split()[0] in ("正常", "异常")
    assert not any(word in chinese for word in ("PROBLEM", " ok ", "repaired", "items without", "newest"))
    assert re.search(rf"^异常 +条目历史：1 个条目没有历史版本（{re.escape(slug)}）$", chinese, re.M)
    assert re.search(r"^异常 +近期备份：最近一次 2025-01-02 03:04$", chinese, re.M)
    index_line = next(line for line in lines if "搜索索引同步" in line)
    assert index_line.startswith("异常")
    numbers = re.findall(r"\d+", index_line)
    assert [str(lag["params"]["watermark"]), str(lag["params"]["newest"])] == numbers[:2]
    assert "从备份恢复" in index_line and "--repair" in index_line
    assert f"数据文件夹可写：{home}" in chinese  # the path as it is
    assert "PDF 导出（LibreOffice）" in chinese

    code, traditional = run(capsys, home, "--lang", "zh_TW", "doctor")
    assert code == 1 and "條目歷史" in traditional and "最近一次 2025-01-02 03:04" in traditional
    assert not any(c["check"] in traditional for c in checks)

    # repairs said in Chinese too, and after them every check is fine
    code, repaired = run(capsys, home, "--lang", "zh", "doctor", "--repair")
    assert code == 0
    assert {line.split()[0] for line in repaired.splitlines()} == {"正常", "已修复"}
    assert re.search(rf"^已修复 +条目历史：1 个条目没有历史版本（{re.escape(slug)}）$", repaired, re.M)
    assert re.search(r"^已修复 +搜索索引同步", repaired, re.M)
    assert re.search(r"^已修复 +近期备份：最近一次 2025-01-02 03:04$", repaired, re.M)
    code, after = run(capsys, home, "--lang", "zh", "doctor")
    assert code == 0 and re.search(r"^正常 +搜索索引同步：已是最新（变更 \d+）$", after, re.M)
    assert re.search(r"^正常 +近期备份：最近一次 \d{4}-\d\d-\d\d \d\d:\d\d$", after, re.M)


def test_doctor_state_words_line_up_in_each_language(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    assert run(capsys, home, "doctor")[0] == 0  # the day's automatic backup
    _age_backups(home)
    for lang, width in (("en", 10), ("zh", 8)):  # the widest word and a space: "repaired " / "已修复 "
        code, out = run(capsys, home, "--lang", lang, "doctor")
        assert code == 1
        for line in out.splitlines():
            state = line.split()[0]
            cells = len(state) * (2 if lang == "zh" else 1)
            assert line[len(state):].startswith(" " * (width - cells)) and line[len(state) + width - cells] != " "


def test_doctor_says_why_a_template_is_left_out_in_the_readers_language(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    folder = home / "templates" / "half-done"
    folder.mkdir(parents=True)
    f.write(folder / "template.yaml", "name: half-done\nfile: missing.docx\n")
    code, english = run(capsys, home, "--lang", "en", "doctor")
    assert code == 1
    assert re.search(r"^PROBLEM +proposal templates: half-done: The template needs 'template.md.j2'", english, re.M)
    code, chinese = run(capsys, home, "--lang", "zh", "doctor")
    assert code == 1
    assert re.search(r"^异常 +方案模板：half-done：模板需要的“template.md.j2”不是其文件夹中的文件。$", chinese, re.M)
    code, raw = run(capsys, home, "doctor", "--json")
    templates = next(c for c in json.loads(raw) if c["code"] == "doctor_templates")
    assert templates["check"] == "proposal templates" and not templates["ok"]
    assert templates["detail"].startswith("half-done: The template needs") and templates["params"]["problems"] == templates["detail"]


@pytest.mark.parametrize("backend_name", ["postgresql"])
def test_doctor_on_a_team_server_in_chinese(backend: Backend, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = backend.url_for(home)
    assert url is not None
    code, out = run(capsys, home, "--database-url", url, "--lang", "zh", "doctor")
    assert code == 0, out
    assert re.search(r"^正常 +数据库服务器：postgresql\+psycopg://\S+，PostgreSQL \d+", out, re.M)
    assert re.search(r"^正常 +备份：由数据库服务器用其自带工具（如 pg_dump）备份，不由本应用负责$", out, re.M)
    assert "database server" not in out and "backups" not in out and "made on the" not in out


def test_a_server_that_is_away_is_said_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])  # closed again: nothing listens there
    url = f"postgresql+psycopg://team:secret@127.0.0.1:{port}/presales"
    code, out = run(capsys, tmp_path / "home", "--database-url", url, "--lang", "zh", "doctor")
    assert code == 1
    assert re.fullmatch(rf"异常 +数据库服务器：无法连接 postgresql\+psycopg://team:\*\*\*@127\.0\.0\.1:{port}/presales（.+）\n",
                        out)
    assert "secret" not in out and "cannot reach" not in out
