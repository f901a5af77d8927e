"""Passwords: long enough (as before), not only spaces, not one of the 10,000 most common ones;
refused with a message in English and Chinese wherever a password is set, on both backends."""

from __future__ import annotations

import io

import pytest

from tests.cli.test_logins_cli import PW
from workbench.cli.main import main
from workbench.core.errors import InvalidInput
from workbench.core.passwords import common_passwords
from workbench.core.workspace import Workspace

GUESSABLE = ["        ", "\t\t\t\t \t\t\t\t", "12345678", "password", "PassWord1", "qwertyuiop", "iloveyou"]


def test_the_shipped_list_holds_the_common_passwords() -> None:
    common = common_passwords()
    assert len(common) == 10_000
    assert {"12345678", "password", "qwertyuiop", "iloveyou"} <= common
    assert PW not in common


@pytest.mark.parametrize("password", GUESSABLE)
def test_guessable_passwords_are_refused_wherever_one_is_set(ws: Workspace, password: str) -> None:
    admin = ws.actor()
    if not ws.users.has_password(admin.name):  # a laptop: the admin's own first password turns login on
        with pytest.raises(InvalidInput) as own:
            ws.auth.change_password(admin, None, password)
        assert own.value.code in ("password_blank", "password_common")
        ws.auth.change_password(admin, None, PW)
    with pytest.raises(InvalidInput) as added:
        ws.users.add(admin, "newbie", "author", password=password)
    code = "password_blank" if not password.strip() else "password_common"
    assert added.value.code == code
    assert "newbie" not in [u.name for u in ws.users.all()]
    ws.users.add(admin, "newbie", "author", password=PW)
    with pytest.raises(InvalidInput) as reset:
        ws.users.reset_password(admin, "newbie", password)
    assert reset.value.code == code
    with pytest.raises(InvalidInput) as short:
        ws.users.reset_password(admin, "newbie", "1234567")
    assert short.value.code == "password_too_short"  # the minimum length is unchanged
    ws.users.reset_password(admin, "newbie", "  plenty of   spaces inside  ")  # spaces are fine, only-spaces not


def test_the_messages_say_why_in_both_languages(ws: Workspace) -> None:
    with pytest.raises(InvalidInput) as common:
        ws.users.add(ws.actor(), "newbie", "author", password="12345678")
    assert "most common" in common.value.message("en") and "最常用的密码" in common.value.message("zh")
    with pytest.raises(InvalidInput) as blank:
        ws.users.add(ws.actor(), "newbie", "author", password=" " * 8)
    assert "only of spaces" in blank.value.message("en") and "只由空格" in blank.value.message("zh")


def test_the_command_line_refuses_them_with_the_reason(ws: Workspace, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    home = str(ws.paths.home)
    url = ws.db.engine.url.render_as_string(hide_password=False)
    ws.close()
    where = ["--home", home, "--database-url", url, "--no-demo"]  # the admin's session resumes
    for lang, password, words in (("en", "12345678", "most common"), ("zh", "        ", "只由空格")):
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        code = main([*where, "--lang", lang, "users", "add", "eve", "--role", "author", "--password-stdin"])
        err = capsys.readouterr().err
        assert code == 1 and words in err, err
