"""Restore beside other processes sharing the data folder: refused while any other process has the
database open (naming the app or the command), nothing acknowledged lost, never blocked by a
process that died; on a team server refused with a message."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends import Backend, workspace_settings
from workbench.cli.main import main
from workbench.core.db import open_lock
from workbench.core.db.backup import backup_sqlite, restore_sqlite
from workbench.core.errors import WorkbenchError
from workbench.core.workspace import Workspace

SQLITE_ONLY = pytest.mark.parametrize("backend_name", ["sqlite"])  # restoring a laptop's own file

# A second process on the same data folder: opens the workspace as the desktop app (or as a
# command) would, then saves an item every few milliseconds (or only holds it open) until told
# to stop, writing each save's id to a file once the save returned (acknowledged).
HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from workbench.core.db.open_lock import describe_process
    kind, name, home, acks, stop, mode = sys.argv[1:7]
    describe_process(kind, name)
    from workbench.core.knowledge.model import ItemDraft, Kind
    from workbench.core.workspace import Workspace, WorkspaceSettings
    ws = Workspace.open(WorkspaceSettings(home=Path(home), load_demo=False, automatic_backups=False))
    actor = ws.users.get("alice")
    n = 0
    with open(acks, "w") as out:
        print("ready", flush=True)
        while not Path(stop).exists():
            if mode == "save":
                n += 1
                ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, title=f"Q{n}", body="A", slug=f"saved-{n}"))
                out.write(f"saved-{n}\\n")
                out.flush()
            time.sleep(0.02)
    ws.close()
""")


class Holder:
    def __init__(self, home: Path, tmp: Path, kind: str = "app", name: str = "workbench", mode: str = "save") -> None:
        self.acks = tmp / f"acks-{kind}-{mode}.txt"
        self.stop_file = tmp / f"stop-{kind}-{mode}"
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, kind, name, str(home), str(self.acks), str(self.stop_file), mode],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.strip() == "ready", self.proc.stderr.read() if self.proc.stderr else line

    @property
    def pid(self) -> int:
        return self.proc.pid

    def acknowledged(self) -> list[str]:
        return self.acks.read_text().split() if self.acks.exists() else []

    def wait_for_saves(self, count: int) -> None:
        deadline = time.monotonic() + 120
        while len(self.acknowledged()) < count:
            assert self.proc.poll() is None, self.proc.stderr.read() if self.proc.stderr else ""
            assert time.monotonic() < deadline, "the other process saved nothing"
            time.sleep(0.05)

    def stop(self) -> None:
        self.stop_file.touch()
        _, err = self.proc.communicate(timeout=120)
        assert self.proc.returncode == 0, err

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.communicate(timeout=60)


@pytest.fixture
def laptop(home: Path, backend: Backend, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A laptop's data folder with a backup of its database; no workspace left open here."""
    ws = Workspace.open(workspace_settings(backend, home))
    backup = backup_sqlite(ws.db, tmp_path / "before.sqlite")
    ws.close()
    yield home, backup


def _slugs(home: Path, backend: Backend) -> set[str]:
    ws = Workspace.open(workspace_settings(backend, home))
    try:
        return {i.slug for i in ws.knowledge.items()}
    finally:
        ws.close()


def _restore(capsys: pytest.CaptureFixture[str], home: Path, backup: Path, *lang: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), "--no-demo", *lang, "restore", str(backup)])
    out, err = capsys.readouterr()
    return code, out, err


@SQLITE_ONLY
def test_restore_is_refused_while_the_app_saves_and_nothing_acknowledged_is_lost(
    capsys: pytest.CaptureFixture[str], laptop: tuple[Path, Path], backend: Backend, tmp_path: Path
) -> None:
    home, backup = laptop
    app = Holder(home, tmp_path)
    try:
        app.wait_for_saves(5)
        code, out, err = _restore(capsys, home, backup)
        assert code == 1 and out == ""
        assert "Close the Workbench app, then run restore again" in err and str(app.pid) in err
        code, _, err = _restore(capsys, home, backup, "--lang", "zh")
        assert code == 1 and "请先关闭工作台应用" in err
        app.wait_for_saves(len(app.acknowledged()) + 5)  # the app goes on saving, into the live file
    finally:
        app.stop()
    saved = set(app.acknowledged())
    assert len(saved) >= 10 and saved <= _slugs(home, backend)  # every acknowledged save is there
    assert not list((home / "backups").glob("pre-restore-*.sqlite"))  # a refusal changes nothing

    # the app has closed: restore works, and the copy it keeps holds every acknowledged save
    code, out, _ = _restore(capsys, home, backup)
    assert code == 0 and "restored" in out
    assert not any(s.startswith("saved-") for s in _slugs(home, backend))
    (safety,) = (home / "backups").glob("pre-restore-*.sqlite")
    with sqlite3.connect(safety) as conn:
        kept = {r[0] for r in conn.execute("select slug from knowledge_items")}
    assert saved <= kept


@SQLITE_ONLY
def test_a_running_command_is_named_and_a_killed_holder_does_not_block(
    capsys: pytest.CaptureFixture[str], laptop: tuple[Path, Path], tmp_path: Path
) -> None:
    home, backup = laptop
    command = Holder(home, tmp_path, kind="command", name="search", mode="hold")
    try:
        code, _, err = _restore(capsys, home, backup)
        assert code == 1 and "'workbench search'" in err and str(command.pid) in err
    finally:
        command.kill()  # crashed: its lock went with it, its note stays behind
    assert list(open_lock.holders_folder(home / "workbench.sqlite").glob("*.json"))
    code, out, _ = _restore(capsys, home, backup)
    assert code == 0 and "restored" in out
    assert not list(open_lock.holders_folder(home / "workbench.sqlite").glob("*.json"))  # stale note gone


@SQLITE_ONLY
def test_an_app_killed_mid_save_does_not_block_and_its_saves_are_kept_in_the_safety_copy(
    capsys: pytest.CaptureFixture[str], laptop: tuple[Path, Path], tmp_path: Path
) -> None:
    home, backup = laptop
    app = Holder(home, tmp_path)
    app.wait_for_saves(5)
    app.kill()  # SIGKILL mid-loop: no close, its WAL left behind
    saved = set(app.acknowledged())
    code, _, err = _restore(capsys, home, backup)
    assert code == 0, err
    (safety,) = (home / "backups").glob("pre-restore-*.sqlite")
    with sqlite3.connect(safety) as conn:
        kept = {r[0] for r in conn.execute("select slug from knowledge_items")}
    assert saved and saved <= kept


@SQLITE_ONLY
def test_a_program_outside_workbench_holding_the_file_is_noticed_too(laptop: tuple[Path, Path], backend: Backend) -> None:
    """A connection that takes no open-lock (sqlite3 by hand, a database browser): SQLite itself
    says the file is in use, and the restore changes nothing."""
    home, backup = laptop
    database = home / "workbench.sqlite"
    before = _slugs(home, backend)
    outsider = sqlite3.connect(database)
    outsider.execute("select count(*) from knowledge_items").fetchone()
    try:
        with pytest.raises(WorkbenchError) as caught:
            restore_sqlite(backup, database, home / "backups")
        assert caught.value.code == "restore_unknown_holder"
        assert "Close the Workbench app and any other program" in caught.value.message("en")
    finally:
        outsider.close()
    assert _slugs(home, backend) == before
    assert not list((home / "backups").glob("pre-restore-*.sqlite"))


@SQLITE_ONLY
def test_opening_waits_while_a_restore_runs(laptop: tuple[Path, Path]) -> None:
    home, _backup = laptop
    database = home / "workbench.sqlite"
    with open_lock.exclusive(database):
        with pytest.raises(WorkbenchError) as caught:
            open_lock.acquire_shared(database, wait_s=0.3)
        assert caught.value.code == "database_restore_running"
    open_lock.acquire_shared(database, wait_s=0.3)  # free again
    open_lock.release_shared(database)


@SQLITE_ONLY
def test_this_process_with_the_database_open_may_not_restore_it(ws: Workspace, tmp_path: Path) -> None:
    backup = backup_sqlite(ws.db, tmp_path / "b.sqlite")
    with pytest.raises(WorkbenchError) as caught:
        restore_sqlite(backup, ws.paths.database, ws.paths.backups)
    assert caught.value.code.startswith("restore_")
    assert ws.knowledge.items() is not None  # still working on the same file


def test_restore_on_a_team_server_is_refused_plainly(
    capsys: pytest.CaptureFixture[str], backend: Backend, home: Path, tmp_path: Path
) -> None:
    if not backend.is_postgresql:
        pytest.skip("a laptop's own database is restored above")
    url = backend.url_for(home)
    assert url is not None
    backup = tmp_path / "some.sqlite"
    backup.write_bytes(b"")
    before = _slugs(home, backend)
    code = main(["--home", str(home), "--database-url", url, "restore", str(backup)])
    _, err = capsys.readouterr()
    assert code == 1 and "pg_restore" in err and "Nothing was changed" in err
    assert _slugs(home, backend) == before
