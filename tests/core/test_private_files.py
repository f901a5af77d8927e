"""The data folder is 0700 and the database, its -wal/-shm, its backups and the command-line log
are 0600, whatever the umask: on a shared machine no other account reads bids, prices or
sessions. A folder that an older version made world-readable is tightened on the next open."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends import Backend
from workbench.core.private_files import database_files
from workbench.core.workspace import Workspace


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The usual desktop umask (files 0644, folders 0755), so a missed chmod shows."""
    before = os.umask(0o022)
    yield
    os.umask(before)


pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows uses the profile's ACLs")


def test_a_new_data_folder_and_database_are_private(backend: Backend, tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    ws = Workspace.open(backend.settings(home, load_demo=False, automatic_backups=True))
    try:
        assert mode(home) == 0o700
        assert mode(ws.paths.backups) == 0o700 and mode(ws.paths.logs) == 0o700
        if backend.is_postgresql:
            return
        database = ws.db.file
        assert database is not None
        files = [p for p in database_files(database) if p.exists()]
        assert database in files and database.with_name(database.name + "-wal") in files
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
        automatic = list(ws.paths.backups.glob("*.sqlite"))
        assert automatic and all(mode(p) == 0o600 for p in automatic)
        manual = ws.backups.write()
        assert mode(manual) == 0o600
        elsewhere = ws.backups.write(tmp_path / "handed-on")
        assert mode(elsewhere) == 0o600 and mode(elsewhere.parent) == 0o700
    finally:
        ws.close()


def test_an_existing_world_readable_home_is_tightened_and_a_restore_stays_private(
        backend: Backend, home: Path, tmp_path: Path) -> None:
    home.chmod(0o755)
    for path in home.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    ws = Workspace.open(backend.settings(home, load_demo=False, automatic_backups=False))
    try:
        assert mode(home) == 0o700 and mode(ws.paths.backups) == 0o700
        if backend.is_postgresql:
            return
        database = ws.db.file
        assert database is not None and mode(database) == 0o600
        backup = ws.backups.write()
        safety = ws.backups.restore(ws.actor, backup)
    finally:
        ws.close()
    assert safety is not None and mode(safety) == 0o600
    assert all(mode(p) == 0o600 for p in database_files(database) if p.exists())
