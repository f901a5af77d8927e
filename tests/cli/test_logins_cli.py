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
    url = backend.url_for(home)  # an empty database, as a new team server has (the schema owner's address)
    assert url is not None
    owner = Cli(capsys, monkeypatch, ["--home", str(home), "--database-url", url])

    code, out, err = owner("whoami")
    assert code == 1 and "Sign in first" in err
    code, _, err = owner("users", "add", "boss", "--role", "admin")
    assert code == 1 and "needs a password" in err  # never a passwordless admin on a team database
    code, out, _ = owner("users", "add", "boss", "--role", "admin", "--password-stdin", stdin=PW + "\n")
    assert code == 0 and "added boss" in out

    # from now on each person uses their own login: the address names them, the server checks
    # the password (here from PGPASSWORD, as libpq reads it)
    boss_url = backend.person_url(home, "boss").replace(f":{password_of('boss')}@", "@")
    boss = Cli(capsys, monkeypatch, ["--home", str(tmp_path / "boss"), "--database-url", boss_url])
    monkeypatch.setenv("PGPASSWORD", PW)
    code, out, _ = boss("whoami")
    assert code == 0 and out.startswith("boss · admin") and url.split("@")[1] in out
    code, _, _ = boss("users", "add", "tom", "--role", "author", "--password-stdin", stdin=PW + "\n")
    assert code == 0
    code, _, err = boss("users", "add", "eve", "--role", "admin", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 8" in err

    tom_url = boss_url.replace("//boss@", "//tom@")
    tom = Cli(capsys, monkeypatch, ["--home", str(tmp_path / "tom"), "--database-url", tom_url])
    monkeypatch.setenv("PGPASSWORD", "wrong password")
    code, _, err = tom("whoami")
    assert code == 1 and "did not accept the password of tom" in err
    monkeypatch.setenv("PGPASSWORD", PW)
    code, _, err = tom("--as", "boss", "users", "add", "mal", "--role", "admin", "--password-stdin",
                       stdin=PW + "\n")
    assert code == 1 and "--as is only" in err
    code, _, err = tom("users", "deactivate", "boss")
    assert code == 1 and "may not manage users" in err
    code, _, err = tom("users", "switch", "boss")
    assert code == 1 and "requires a login" in err

    # tom changes his own password (the server's): current one first, then the new one twice
    code, _, _ = tom("users", "password", "--password-stdin", stdin=f"{PW}\nanother password\nanother password\n")
    assert code == 0
    code, _, err = tom("whoami")
    assert code == 1 and "did not accept the password of tom" in err
    monkeypatch.setenv("PGPASSWORD", "another password")
    code, out, _ = tom("whoami", "--json")
    assert json.loads(out)["name"] == "tom" and json.loads(out)["login_required"] is True

    # an administrator resets it: ALTER ROLE on the server, nothing in the app's users table
    monkeypatch.setenv("PGPASSWORD", PW)
    code, out, _ = boss("users", "password", "tom", "--password-stdin", stdin="reset by boss\nreset by boss\n")
    assert code == 0 and "password of tom reset" in out
    monkeypatch.setenv("PGPASSWORD", "reset by boss")
    assert tom("whoami")[0] == 0
    import psycopg

    assert backend.server is not None
    with psycopg.connect(host="127.0.0.1", port=backend.server.port, user="postgres",
                         dbname=url.rsplit("/", 1)[1]) as su:
        assert su.execute("SELECT count(*) FROM users WHERE password_hash IS NOT NULL").fetchone() == (0,)


@pytest.mark.parametrize("backend_name", ["postgresql"])
def test_the_terminal_asks_for_the_servers_password_and_elsewhere_says_where_to_put_it(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, backend: Backend, home: Path,
        tmp_path: Path) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    alice_url = backend.person_url(home, "alice").replace(f":{password_of('alice')}@", "@")
    where = ["--home", str(tmp_path / "alice"), "--database-url", alice_url]
    # not at a terminal (a script, a pipe): told where a password goes, in the reader's language
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([*where, "whoami"]) == 1
    err = capsys.readouterr().err
    assert "asks for the password of alice" in err and "PGPASSWORD" in err and "~/.pgpass" in err
    assert main([*where, "--lang", "zh", "whoami"]) == 1
    assert "要求 alice 的密码" in capsys.readouterr().err

    # at a terminal: asked unseen (getpass), again after a wrong one
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    typed = iter(["not it", password_of("alice")])
    prompts: list[str] = []

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr("sys.stdin", Terminal(""))
    monkeypatch.setattr("getpass.getpass", getpass)
    assert main([*where, "whoami"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("alice") and "did not accept the password of alice" in err
    assert len(prompts) == 2 and prompts[0].startswith("Password of alice on 127.0.0.1:")
    # nothing of it was kept: the next command asks again
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([*where, "whoami"]) == 1


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
