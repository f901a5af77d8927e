"""Display names: a person sets their own, an admin anyone's; validated, audited; read models
carry the name people read next to the login, and a proposal's cover uses it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.backends import ADMIN
from workbench.core.db.models import AuditEvent
from workbench.core.errors import Forbidden, InvalidInput
from workbench.core.users import MAX_DISPLAY_NAME
from workbench.core.workspace import Workspace


def test_a_person_sets_their_own_display_name_and_it_is_audited(ws: Workspace) -> None:
    alice = ws.users.get("alice")
    assert alice.label == "alice" and not alice.has_display_name  # none set: the login is shown
    result = ws.users.set_display_name(alice, "alice", "  张伟   (Zhang  Wei) ")
    assert result.value.display_name == "张伟 (Zhang Wei)" and result.value.label == "张伟 (Zhang Wei)"
    assert result.changes.users and result.changes.proposals and result.changes.review
    assert ws.users.get("alice").display_name == "张伟 (Zhang Wei)"
    with ws.db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "set_display_name")).one()
        assert (event.actor, event.entity_key) == ("alice", "alice")
        assert event.detail == {"from": "", "to": "张伟 (Zhang Wei)"}
    # the same name again changes nothing and writes no second audit line
    again = ws.users.set_display_name(ws.users.get("alice"), "alice", "张伟 (Zhang Wei)")
    assert not again.changes.any()
    # empty (or only spaces) clears it: the login is shown again
    cleared = ws.users.set_display_name(ws.users.get("alice"), "alice", "   ").value
    assert cleared.display_name == "" and cleared.label == "alice"


def test_only_an_admin_renames_someone_else(ws: Workspace) -> None:
    with pytest.raises(Forbidden) as refused:
        ws.users.set_display_name(ws.users.get("alice"), "rita", "Rita")
    assert refused.value.code == "display_name_not_yours"
    assert "alice" in refused.value.message("en") and "rita" in refused.value.message("zh")
    assert ws.users.get("rita").display_name == ""
    renamed = ws.users.set_display_name(ws.actor(), "rita", "李丽").value
    assert renamed.label == "李丽"
    with ws.db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "set_display_name")).one()
        assert (event.actor, event.entity_key) == (ADMIN, "rita")


@pytest.mark.parametrize("bad", ["张\n伟", "tab\there", "evil\u202etxt.exe", "bell\x07"])
def test_control_characters_are_refused_with_a_message_in_both_languages(ws: Workspace, bad: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        ws.users.set_display_name(ws.users.get("alice"), "alice", bad)
    assert refused.value.code == "display_name_control"
    assert "control characters" in refused.value.message("en") and "控制字符" in refused.value.message("zh")
    with pytest.raises(InvalidInput):  # adding a user validates the same way
        ws.users.add(ws.actor(), "tom", "author", display_name=bad)


def test_a_display_name_has_a_bounded_length(ws: Workspace) -> None:
    longest = "长" * MAX_DISPLAY_NAME
    assert ws.users.set_display_name(ws.users.get("alice"), "alice", longest).value.display_name == longest
    with pytest.raises(InvalidInput) as refused:
        ws.users.set_display_name(ws.users.get("alice"), "alice", longest + "名")
    assert refused.value.code == "display_name_too_long"
    assert str(MAX_DISPLAY_NAME) in refused.value.message("zh")
    assert ws.users.get("alice").display_name == longest


def test_the_first_local_profile_has_no_made_up_display_name(ws: Workspace) -> None:
    me = ws.actor()
    assert me.name == ADMIN and me.label == ADMIN
    assert not me.has_display_name  # the Settings dialog then says where to set one
