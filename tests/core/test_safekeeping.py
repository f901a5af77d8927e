"""Unsaved edits kept on this laptop: keep, list, discard, replay through the ordinary services
(a conflicting save by someone else is the usual Conflict and the kept copy stays), atomic files."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.reviewing import new_proposal
from workbench.core import safekeeping as sk
from workbench.core.errors import Conflict
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.safekeeping import KeptEdit, Safekeeping
from workbench.core.workspace import Workspace

SLUG = "faq-kept"


def _draft(body: str, slug: str = SLUG) -> ItemDraft:
    return ItemDraft(kind=Kind.FAQ, title="Is it kept?", body=body, slug=slug, tags=("offline",))


def _box(ws: Workspace) -> Safekeeping:
    return ws.safekeeping


def test_keep_list_and_discard(tmp_path: Path) -> None:
    box = Safekeeping(tmp_path / "safekeeping")
    assert box.pending() == []
    edit = sk.item_edit("alice", "db", SLUG, _draft("one"), 3)
    path = box.keep(edit)
    assert path.parent == tmp_path / "safekeeping" and path.suffix == ".json"
    again = sk.item_edit("alice", "db", SLUG, _draft("two"), 3)  # the same item again: replaces
    box.keep(again)
    other = sk.proposal_draft("bob", "db", "P-2026-0001", "# Draft\n", "note", 2)
    box.keep(other)
    pending = box.pending()
    assert {e.key for e in pending} == {f"item:{SLUG}", "proposal:P-2026-0001"}
    mine = box.pending(user="alice")
    assert len(mine) == 1 and mine[0].item_draft() == _draft("two") and mine[0].base_version == 3
    assert box.find("item", SLUG, "alice", "db") == mine[0]
    assert box.pending(database="elsewhere") == []
    box.discard(mine[0])
    assert [e.key for e in box.pending()] == ["proposal:P-2026-0001"]
    assert json.loads(box.path_of(other).read_text(encoding="utf-8"))["payload"]["markdown"] == "# Draft\n"


def test_replay_saves_kept_edits_and_empties_the_box(ws: Workspace) -> None:
    alice = ws.users.get("alice")
    item = ws.knowledge.create(alice, _draft("before")).value
    number = new_proposal(ws)
    base_revision = ws.proposals.get(number).revisions[-1].number
    box = _box(ws)
    box.keep(sk.item_edit(alice.name, ws.db.server, SLUG, _draft("kept edit"), item.version))
    box.keep(sk.new_item(alice.name, ws.db.server, _draft("a new one", "faq-kept-new")))
    box.keep(sk.proposal_draft(alice.name, ws.db.server, number, "# Kept\n\ntext\n", "offline", base_revision))
    box.keep(sk.item_edit("rita", ws.db.server, SLUG, _draft("rita's"), item.version))  # not alice's

    result = box.replay(ws, alice)
    report = result.value
    assert sorted(e.key for e, _ in report.saved) == [f"item:{SLUG}", "new_item:faq-kept-new", f"proposal:{number}"]
    assert report.refused == [] and report.interrupted is None
    assert result.changes.knowledge and result.changes.proposals and result.changes.index
    assert ws.knowledge.get(SLUG).body == "kept edit"
    assert ws.knowledge.get("faq-kept-new").body == "a new one"
    latest = ws.proposals.get(number).revisions[-1]
    assert latest.markdown == "# Kept\n\ntext\n" and latest.note == "offline" and latest.number == base_revision + 1
    assert [e.user for e in box.pending()] == ["rita"]  # another user's edit waits for them


def test_a_conflict_on_replay_keeps_the_copy(ws: Workspace) -> None:
    alice, admin = ws.users.get("alice"), ws.actor()
    item = ws.knowledge.create(alice, _draft("before")).value
    box = _box(ws)
    box.keep(sk.item_edit(alice.name, ws.db.server, SLUG, _draft("alice offline"), item.version))
    ws.knowledge.update(admin, SLUG, _draft("someone else meanwhile"), item.version)  # overtakes it

    report = box.replay(ws, alice).value
    assert report.saved == []
    [(edit, error)] = report.refused
    assert isinstance(error, Conflict) and edit.key == f"item:{SLUG}"
    assert ws.knowledge.get(SLUG).body == "someone else meanwhile"  # nothing overwritten
    assert [e.item_draft().body for e in box.pending()] == ["alice offline"]  # kept until resolved
    assert box.replay(ws, alice).value.refused  # and refused again, never applied silently
    box.discard(edit)
    assert box.pending() == []


def test_a_proposal_revision_saved_meanwhile_is_a_conflict(ws: Workspace) -> None:
    alice, admin = ws.users.get("alice"), ws.actor()
    number = new_proposal(ws)
    base = ws.proposals.get(number).revisions[-1].number
    box = _box(ws)
    box.keep(sk.proposal_draft(alice.name, ws.db.server, number, "# Alice offline\n", "", base))
    ws.proposals.save_revision(admin, number, "# Admin meanwhile\n")
    report = box.replay(ws, alice).value
    [(_, error)] = report.refused
    assert isinstance(error, Conflict)
    assert ws.proposals.get(number).revisions[-1].markdown == "# Admin meanwhile\n"
    assert len(box.pending()) == 1


def test_a_save_that_did_land_is_not_applied_twice(ws: Workspace) -> None:
    """The connection was lost during COMMIT but the server had committed: the kept copy carries
    the version the user started from, so the replay sees its own text there and saves nothing."""
    alice = ws.users.get("alice")
    item = ws.knowledge.create(alice, _draft("before")).value
    number = new_proposal(ws)
    base = ws.proposals.get(number).revisions[-1].number
    box = _box(ws)
    box.keep(sk.item_edit(alice.name, ws.db.server, SLUG, _draft("landed"), item.version))
    box.keep(sk.proposal_draft(alice.name, ws.db.server, number, "# Landed\n", "", base))
    ws.knowledge.update(alice, SLUG, _draft("landed"), item.version)  # the save whose reply was lost
    ws.proposals.save_revision(alice, number, "# Landed\n")

    report = box.replay(ws, alice).value
    assert len(report.saved) == 2 and report.refused == []
    assert ws.knowledge.get(SLUG).version == item.version + 1  # one edit, not two
    assert len(ws.proposals.get(number).revisions) == base + 1
    assert box.pending() == []


def test_replay_skips_edits_kept_for_another_database(ws: Workspace) -> None:
    alice = ws.users.get("alice")
    box = _box(ws)
    box.keep(sk.new_item(alice.name, "elsewhere:5432/other", _draft("not here")))
    assert box.replay(ws, alice).value.saved == []
    assert len(box.pending()) == 1


CRASH_MID_WRITE = """
import os, sys
from pathlib import Path
from workbench.core import safekeeping as sk
from workbench.core.knowledge.model import ItemDraft, Kind

box = sk.Safekeeping(Path(sys.argv[1]))
real_fsync = os.fsync

def crash(fd):  # the new text is half on its way to the disk: the process dies here
    os._exit(9)

os.fsync = crash
box.keep(sk.item_edit("alice", "db", "faq-kept", ItemDraft(kind=Kind.FAQ, title="t", body="NEW " * 5000,
                                                           slug="faq-kept"), 1))
"""


def test_a_crash_while_keeping_leaves_the_old_copy(tmp_path: Path) -> None:
    box = Safekeeping(tmp_path / "safekeeping")
    old = sk.item_edit("alice", "db", SLUG, _draft("old text"), 1)
    path = box.keep(old)
    before = path.read_bytes()
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(CRASH_MID_WRITE), str(box.folder)],
                         capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 9, run.stderr
    assert path.read_bytes() == before  # whole, and still the old one
    [kept] = box.pending()
    assert kept.item_draft().body == "old text"
    assert any(p.suffix == ".tmp" for p in box.folder.iterdir())  # the half-written temp is ignored


def test_an_unreadable_file_is_left_alone(tmp_path: Path) -> None:
    box = Safekeeping(tmp_path / "safekeeping")
    box.keep(sk.item_edit("alice", "db", SLUG, _draft("fine"), 1))
    broken = box.folder / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert [e.key for e in box.pending()] == [f"item:{SLUG}"]
    assert broken.exists()


def test_kept_edit_json_round_trip() -> None:
    edit = sk.new_item("alice", "db", _draft("x"))
    assert KeptEdit.from_json(json.loads(json.dumps(edit.to_json()))) == edit
    with pytest.raises(ValueError):
        KeptEdit.from_json({**edit.to_json(), "kind": "spaceship"})


def test_autosaved_drafts_are_kept_apart_and_never_replayed(ws: Workspace) -> None:
    alice = ws.users.get("alice")
    item = ws.knowledge.create(alice, _draft("before")).value
    number = new_proposal(ws)
    box = _box(ws)
    failed = sk.item_edit(alice.name, ws.db.server, SLUG, _draft("asked to save"), item.version)
    box.keep(failed)
    box.keep(failed.as_autosave())  # typing on after the failed save: a second file, not a replacement
    box.keep(sk.item_edit(alice.name, ws.db.server, SLUG, _draft("typed on"), item.version).as_autosave())
    box.keep(sk.review_comment(alice.name, ws.db.server, number, {"text": "半句评论", "section": "2 方案"}))
    box.keep(sk.retro_form(alice.name, ws.db.server, number, {"outcome": "won"}))
    assert [e.key for e in box.pending(alice.name, ws.db.server)] == [f"item:{SLUG}"]
    drafts = {e.key: e for e in box.drafts(alice.name, ws.db.server)}
    assert set(drafts) == {f"item:{SLUG}", f"review_comment:{number}", f"retro:{number}"}
    assert drafts[f"item:{SLUG}"].item_draft().body == "typed on"
    assert drafts[f"review_comment:{number}"].payload == {"text": "半句评论", "section": "2 方案"}
    report = box.replay(ws, alice).value
    assert [e.key for e, _ in report.saved] == [f"item:{SLUG}"]
    assert ws.knowledge.get(SLUG).body == "asked to save"  # the autosave was not saved on its own
    assert len(box.drafts(alice.name, ws.db.server)) == 3
    box.discard_draft("review_comment", number, alice.name, ws.db.server)
    assert f"review_comment:{number}" not in {e.key for e in box.drafts()}
    # a file written before origins existed reads as a save waiting for the server
    assert not box.path_of(failed).exists()  # replay discarded the saved one
    legacy = failed.to_json()
    del legacy["origin"]
    assert KeptEdit.from_json(legacy).origin == "save_failed"
