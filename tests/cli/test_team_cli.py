"""`workbench migrate` and `workbench doctor` against a team database: the schema of a shared
server changes only when its administrator asks, and a server that is away is reported plainly."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from alembic import command

from tests.backends import Backend
from workbench.cli.main import main
from workbench.core.db import migrate
from workbench.core.db.engine import Database
from workbench.core.errors import WorkbenchError
from workbench.core.workspace import Workspace

BOTH = pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])


def _older_database(backend: Backend, home: Path, revision: str) -> str:
    home.mkdir(parents=True, exist_ok=True)
    url = backend.url_for(home) or f"sqlite:///{home / 'workbench.sqlite'}"
    db = Database(url)
    cfg = migrate._config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    db.dispose()
    return url


@BOTH
def test_migrate_check_then_migrate_brings_an_older_schema_to_head(
    backend: Backend, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    url = _older_database(backend, home, "0006")
    head = migrate.head_revision()
    base = ["--home", str(home), "--database-url", url, "--no-demo", "--lang", "en"]

    if backend.is_postgresql:
        # a laptop with a newer release does not change the shared schema under its colleagues
        with pytest.raises(WorkbenchError) as refused:
            Workspace.open(backend.settings(home, load_demo=False))
        assert refused.value.code == "schema_behind"
        assert "workbench" in refused.value.message("en") and "migrate" in refused.value.message("en")
        assert "migrate" in refused.value.message("zh")
        code = main([*base, "doctor"])
        out = capsys.readouterr().out
        assert code == 1 and "schema version" in out and "run `workbench migrate`" in out

    assert main([*base, "migrate", "--check"]) == 1
    assert f"0006 -> {head}: migration needed" in capsys.readouterr().out
    assert main([*base, "migrate"]) == 0
    assert f"migrated 0006 -> {head}" in capsys.readouterr().out
    assert main([*base, "migrate", "--check"]) == 0
    assert f"schema is current ({head})" in capsys.readouterr().out

    ws = Workspace.open(backend.settings(home, load_demo=False))
    try:
        assert migrate.current_revision(ws.db) == head
    finally:
        ws.close()


def _refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again: nothing listens there


def test_doctor_and_migrate_on_a_server_that_is_away_say_so_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql+psycopg://team:secret@127.0.0.1:{_refused_port()}/presales"
    base = ["--home", str(tmp_path / "home"), "--database-url", url, "--lang", "en"]
    assert main([*base, "doctor", "--json"]) == 1
    captured = capsys.readouterr()
    checks = json.loads(captured.out)
    assert [c["check"] for c in checks] == ["database server"]
    assert not checks[0]["ok"] and "cannot reach" in checks[0]["detail"]
    assert "secret" not in captured.out + captured.err  # the password is never printed
    assert "Traceback" not in captured.err
    assert main([*base, "migrate"]) == 1
    captured = capsys.readouterr()
    assert "Cannot open the database" in captured.err and "127.0.0.1" in captured.err
    assert "secret" not in captured.out + captured.err and "Traceback" not in captured.err
