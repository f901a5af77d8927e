"""`workbench login / logout / whoami` and the `users` administration commands, on a laptop's
own database and on a team (PostgreSQL) database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.backends import ADMIN, Backend, password_of
from workbench.cli.main import main

PW = "correct horse battery"


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: list[str]) -> None:
        self.capsys, self.monkeypatch, self.where = capsys, monkeypatch, where

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([*self.where, *args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.mark.parametrize("backend_name", ["postgresql"])
def test_a_new_team_database_from_the_terminal(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                               backend: Backend, tmp_path: Path) -> None:
    home = tmp_path / "laptop"
    url = backend.url_for(home)  # an empty database, as a new team server has
    assert url is not None
    cli = Cli(capsys, monkeypatch, ["--home", str(home), "--database-url", url])

    code, out, err = cli("whoami")
    assert code == 1 and "Sign in first" in err
    code, _, err = cli("users", "add", "boss", "--role", "admin")
    assert code == 1 and "needs a password" in err  # never a passwordless admin on a team database
    code, out, _ = cli("users", "add", "boss", "--role", "admin", "--password-stdin", stdin=PW + "\n")
    assert code == 0 and "added boss" in out
    code, out, _ = cli("whoami")
    assert code == 0 and out.startswith("boss · admin") and url.split("@")[1] in out
    code, _, _ = cli("users", "add", "tom", "--role", "author", "--password-stdin", stdin=PW + "\n")
    assert code == 0
    code, _, err = cli("users", "add", "eve", "--role", "admin", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 8" in err

    code, out, _ = cli("logout")
    assert code == 0 and "signed out" in out
    code, _, err = cli("users", "list")  # reading is allowed; acting is not
    assert code == 0
    code, _, err = cli("import", str(tmp_path))
    assert code == 1 and "Sign in first" in err
    code, _, err = cli("login", "tom", "--password-stdin", stdin="wrong password\n")
    assert code == 1 and err.strip() == "Wrong user name or password."
    code, out, _ = cli("login", "tom", "--password-stdin", stdin=PW + "\n")
    assert code == 0 and "signed in as tom" in out
    code, _, err = cli("--as", "boss", "users", "add", "mal", "--role", "admin", "--password-stdin", stdin=PW + "\n")
    assert code == 1 and "--as is only" in err
    code, _, err = cli("users", "deactivate", "boss")
    assert code == 1 and "may not manage users" in err
    code, _, err = cli("users", "switch", "boss")
    assert code == 1 and "requires a login" in err

    # tom changes his own password: current one first, then the new one twice
    code, _, _ = cli("users", "password", "--password-stdin", stdin=f"{PW}\nanother password\nanother password\n")
    assert code == 0
    code, out, _ = cli("whoami", "--json")
    assert json.loads(out)["name"] == "tom" and json.loads(out)["login_required"] is True


def test_a_laptop_without_passwords_keeps_the_local_profile_and_as(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    cli = Cli(capsys, monkeypatch, ["--home", str(home), "--no-demo"])
    code, out, _ = cli("whoami")
    assert code == 0 and out.startswith(f"{ADMIN} · admin (local profile)")
    code, out, _ = cli("--as", "alice", "whoami")
    assert code == 0
    code, _, err = cli("login", "alice", "--password-stdin", stdin="anything at all\n")
    assert code == 1 and "Wrong user name or password." in err
    # the admin gives the laptop a password, typed twice (getpass): from now on it needs logins
    typed = iter([password_of(ADMIN), password_of(ADMIN)])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    code, out, err = cli("users", "password")
    assert code == 0, err
    code, _, err = cli("--as", "alice", "whoami")
    assert code == 1 and "--as is only" in err
    code, out, _ = cli("whoami")
    assert code == 0 and out.startswith(f"{ADMIN} · admin ·")  # signed in by setting it
    typed = iter(["first pw 1", "first pw 2"])
    code, _, err = cli("users", "password", "alice")
    assert code == 1 and "not the same" in err
    code, out, _ = cli("users", "password", "alice", "--password-stdin", stdin="alices password\nalices password\n")
    assert code == 0 and "reset" in out
    code, _, _ = cli("users", "set-role", "alice", "--role", "reviewer", "--tier", "2")
    assert code == 0
    code, out, _ = cli("users", "deactivate", "alice")
    assert code == 0 and "alice: deactivated" in out
    code, _, err = cli("login", "alice", "--password-stdin", stdin="alices password\n")
    assert code == 1 and "Wrong user name or password." in err
    code, out, _ = cli("users", "list")
    assert "alice" in out and "reviewer tier 2 (deactivated)" in out
