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


# --- read models carry the name people read -------------------------------------------------------

def test_a_proposal_cover_names_its_author_by_display_name(ws: Workspace) -> None:
    from tests.reviewing import NO_DEADLINE, VARS

    alice = ws.users.set_display_name(ws.users.get("alice"), "alice", "Alice Zhang").value
    en = ws.proposals.create(alice, "tech-proposal-en", dict(VARS, bid_deadline="2027-06-30"), matched={}).value
    assert "**Prepared by**: Alice Zhang, " in en.latest.markdown  # type: ignore[union-attr]
    assert (en.author, en.author_label) == ("alice", "Alice Zhang")
    alice = ws.users.set_display_name(alice, "alice", "张伟").value  # renamed: the next cover says so
    zh = ws.proposals.create(alice, "requirement-confirmation-zh", dict(NO_DEADLINE), matched={}).value
    assert "**编制**：张伟　" in zh.latest.markdown  # type: ignore[union-attr]
    draft = ws.proposals.draft("tech-proposal-en", dict(VARS, bid_deadline="2027-06-30"), matched={},
                               author=ws.users.get("alice").label)
    assert "**Prepared by**: 张伟, " in draft.markdown
    # what is saved is the text as written: the first revision keeps the name it was written with,
    # while the views name the author as they are called now
    first = ws.proposals.get(en.number)
    assert "Alice Zhang" in first.latest.markdown and first.author_label == "张伟"  # type: ignore[union-attr]
    assert first.revisions[0].created_by_label == "张伟" and first.to_json()["author_label"] == "张伟"


def test_without_a_display_name_the_cover_shows_the_login(ws: Workspace) -> None:
    from tests.reviewing import VARS

    view = ws.proposals.create(ws.actor(), "tech-proposal-en", dict(VARS, bid_deadline="2027-06-30"),
                               matched={}).value
    assert f"**Prepared by**: {ADMIN}, " in view.latest.markdown  # type: ignore[union-attr]
    assert view.author_label == ADMIN


def test_proposal_lists_and_reviews_carry_display_names(ws: Workspace) -> None:
    from tests.reviewing import PASSING, new_proposal

    admin = ws.actor()
    ws.users.set_display_name(admin, "alice", "张伟")
    ws.users.set_display_name(admin, "rita", "李丽")
    number = new_proposal(ws)
    ws.reviews.submit(ws.users.get("alice"), number)
    ws.reviews.claim(ws.users.get("rita"), number)
    queued = ws.reviews.queue(ws.users.get("rita"))
    assert [(r.author, r.author_label, r.claimed_by, r.claimed_by_label) for r in queued] == [
        ("alice", "张伟", "rita", "李丽")]
    assert ws.reviews.at_tier(1)[0].last_actor_label == "李丽"
    commented = ws.reviews.comment(ws.users.get("rita"), number, "Pricing is thin.").value
    assert (commented.author, commented.author_label) == ("rita", "李丽")
    ws.reviews.approve(ws.users.get("rita"), number, PASSING[1], comment="Fine.")
    status = ws.reviews.status(number)
    assert status.author_label == "张伟" and status.claimed_by_label == ""
    history = ws.reviews.history(number)
    assert [(e.actor, e.actor_label) for e in history] == [
        ("alice", "张伟"), ("rita", "李丽"), ("rita", "李丽"), ("rita", "李丽")]
    assert {(c.author, c.author_label) for c in ws.reviews.comments(number)} == {("rita", "李丽")}
    assert [(p.author, p.author_label) for p in ws.proposals.all()] == [("alice", "张伟")]
    assert [r.author_label for r in ws.reviews.submitted_by(ws.users.get("alice"))] == ["张伟"]
    # mike has no display name: his login is what people read
    ws.reviews.claim(ws.users.get("mike"), number)
    assert ws.reviews.status(number).claimed_by_label == "mike"


def test_knowledge_history_and_owner_carry_display_names(ws: Workspace) -> None:
    from workbench.core.knowledge.model import ItemDraft, Kind

    alice = ws.users.get("alice")
    created = ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="SSO?", body="Yes, SAML.",
                                                   slug="sso")).value
    assert created.owner == "alice" and created.owner_label == "alice"  # no display name yet
    ws.users.set_display_name(alice, "alice", "张伟")
    item = ws.knowledge.get("sso")
    assert (item.owner, item.owner_label) == ("alice", "张伟")
    assert [i.owner_label for i in ws.knowledge.items() if i.slug == "sso"] == ["张伟"]
    assert [(v.changed_by, v.changed_by_label) for v in ws.knowledge.history("sso")] == [("alice", "张伟")]
    # an owner typed as free text that is nobody's login stays as typed
    edited = ws.knowledge.update(ws.users.get("alice"), "sso",
                                 ItemDraft(kind=Kind.FAQ, title="SSO?", body="Yes, SAML.", slug="sso",
                                           owner="Security team"), item.version).value
    assert edited.owner_label == "Security team"
