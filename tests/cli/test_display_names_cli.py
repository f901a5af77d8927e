"""`workbench users set-name`: one's own display name (--me), or (admin) anyone's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.backends import ADMIN
from tests.cli.test_logins_cli import Cli


def test_set_name_for_oneself_and_by_an_admin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                              home: Path) -> None:
    cli = Cli(capsys, monkeypatch, ["--home", str(home), "--no-demo"])
    code, out, _ = cli("--as", "alice", "users", "set-name", "--me", "  张伟 ")
    assert code == 0 and out.strip() == "张伟 (alice)"
    code, out, _ = cli("users", "set-name", "rita", "李丽")  # the admin (local profile) renames rita
    assert code == 0 and out.strip() == "李丽 (rita)"
    code, _, err = cli("--as", "alice", "users", "set-name", "rita", "Not Rita")
    assert code == 1 and "only their own display name" in err
    code, _, err = cli("--lang", "zh", "--as", "alice", "users", "set-name", "--me", "张\t伟")
    assert code == 1 and "控制字符" in err
    with pytest.raises(SystemExit) as usage:  # --me and a name: which one? argparse says so
        cli("users", "set-name", "--me", "rita", "x")
    assert usage.value.code == 2 and "not allowed with" in capsys.readouterr().err

    code, out, _ = cli("users", "list", "--json")
    shown = {u["name"]: u["display_name"] for u in json.loads(out)}
    assert shown["alice"] == "张伟" and shown["rita"] == "李丽" and shown[ADMIN] == ""
    code, out, _ = cli("users", "list")
    assert "alice" in out and "张伟" in out

    code, out, _ = cli("--as", "alice", "users", "set-name", "--me", "")  # cleared: the login is shown
    assert code == 0 and out.strip() == "alice"
