"""A person of a team database changes their own password: it is the server's login password,
so the change must be one the server will ask for. A login the server lets in without a
password (a certificate, Kerberos, trust in pg_hba.conf) is told there is nothing to change,
and nothing is changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.backends import PostgresServer, postgres_missing, running
from workbench.core.errors import Forbidden, InvalidInput
from workbench.core.workspace import Workspace, WorkspaceSettings

pytestmark = pytest.mark.skipif(postgres_missing() is not None, reason=str(postgres_missing()))

psycopg = pytest.importorskip("psycopg")

ADMIN, PERSON, TRUSTED = "pc_admin", "pc_ana", "pc_kerb"


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    """Everyone by SCRAM password, except the superuser and TRUSTED, whom the server lets in
    without one (as it would a person signed in by Kerberos or a client certificate)."""
    hba = ("host all postgres 127.0.0.1/32 trust\n"
           f"host all {TRUSTED} 127.0.0.1/32 trust\n"
           "host all all 127.0.0.1/32 scram-sha-256\n"
           "local all postgres trust\n")
    with running(PostgresServer(hba)) as srv:
        yield srv


@pytest.fixture
def team(server: PostgresServer, tmp_path: Path) -> Iterator[dict[str, Any]]:
    name = server.create_database()
    with Workspace.open(WorkspaceSettings(home=tmp_path / "owner", database_url=server.url(name),
                                          load_demo=False, automatic_backups=False)) as ws:
        ws.users.add(None, ADMIN, "admin", password="pc-admin-Server-pw")
        admin = ws.users.get(ADMIN)
        ws.users.add(admin, PERSON, "author", password="pc-ana-Server-pw")
        ws.users.add(admin, TRUSTED, "author", password="pc-kerb-Server-pw")
    opened: list[Workspace] = []

    def as_person(person: str, password: str | None) -> Workspace:
        ws = Workspace.open(WorkspaceSettings(home=tmp_path / person, load_demo=False, automatic_backups=False,
                                              database_url=server.person_url(name, person, password)))
        opened.append(ws)
        return ws

    def works(person: str, password: str) -> bool:
        try:
            psycopg.connect(host="127.0.0.1", port=server.port, dbname=name, user=person,
                            password=password, connect_timeout=5).close()
        except psycopg.OperationalError:
            return False
        return True

    def changes(person: str) -> int:
        with psycopg.connect(host="127.0.0.1", port=server.port, dbname=name, user="postgres") as conn:
            row = conn.execute("SELECT count(*) FROM audit_events WHERE entity_key = %s AND action = %s",
                               (person, "change_password")).fetchone()
        return int(row[0])

    def verifier(person: str) -> str | None:
        with psycopg.connect(host="127.0.0.1", port=server.port, dbname=name, user="postgres") as conn:
            row = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (person,)).fetchone()
        return None if row[0] is None else str(row[0])

    try:
        yield {"as": as_person, "works": works, "changes": changes, "verifier": verifier}
    finally:
        for ws in opened:
            ws.close()
        server.drop_database(name)


def test_a_person_changes_their_server_password(team: dict[str, Any]) -> None:
    ws = team["as"](PERSON, "pc-ana-Server-pw")
    ws.auth.change_password(ws.actor(), "pc-ana-Server-pw", "a brand new Server-pw")
    assert team["works"](PERSON, "a brand new Server-pw")
    assert not team["works"](PERSON, "pc-ana-Server-pw")
    assert team["changes"](PERSON) == 1
    assert ws.actor().name == PERSON  # the app goes on, connected with the new password


def test_a_wrong_current_password_changes_nothing(team: dict[str, Any]) -> None:
    ws = team["as"](PERSON, "pc-ana-Server-pw")
    with pytest.raises(Forbidden) as refused:
        ws.auth.change_password(ws.actor(), "not the password", "a brand new Server-pw")
    assert refused.value.code == "password_wrong"
    assert team["works"](PERSON, "pc-ana-Server-pw")
    assert not team["works"](PERSON, "a brand new Server-pw")
    assert team["changes"](PERSON) == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_login_the_server_lets_in_without_a_password_is_told_so(team: dict[str, Any], lang: str) -> None:
    before = team["verifier"](TRUSTED)
    ws = team["as"](TRUSTED, None)  # no password in the address: the server asks for none
    with pytest.raises(InvalidInput) as refused:
        ws.auth.change_password(ws.actor(), "anything", "a brand new Server-pw")
    assert refused.value.code == "server_password_not_checked"
    said = refused.value.message(lang)
    assert TRUSTED in said and "Kerberos" in said
    assert ("no password here to change" if lang == "en" else "没有可修改的密码") in said
    assert team["changes"](TRUSTED) == 0
    assert before is not None and team["verifier"](TRUSTED) == before  # the role's password untouched
