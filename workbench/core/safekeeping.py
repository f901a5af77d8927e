"""Unsaved edits kept on this laptop: saves the team server could not take (saved later), and
autosaved drafts of every editor (offered back after a crash).

One JSON file per edit in the data folder (``Paths.safekeeping``), written atomically (a temporary
file, fsync, ``os.replace``): a crash while keeping leaves the previous copy whole. An edit is keyed
by what it edits (a knowledge item's id, a new item's id, a proposal number), the user and the
database, and remembers the version the user started from. ``replay`` saves each kept edit through
the ordinary services with that version, so an edit someone else overtook meanwhile is refused with
the usual Conflict and stays kept until the user resolves it. A kept file is deleted only after
its save committed.

Two origins share the folder and never mix: ``"save_failed"`` edits are ones the user asked to save
and the server could not take; ``replay`` saves them. ``"autosave"`` drafts are written as the user
types and are never saved on their own: they are offered back to the person after a crash
(``drafts``) and discarded when the editor saves or the person discards the change. The review
comment, the retrospective form and the answer typed in a response row only ever have autosaved
drafts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from workbench.core.changes import OpChanges, OpResult
from workbench.core.errors import Conflict, ServerUnavailable, WorkbenchError
from workbench.core.knowledge.model import ItemDraft, ItemView, Kind, Status
from workbench.core.users import UserView

if TYPE_CHECKING:
    from workbench.core.workspace import Workspace

log = logging.getLogger(__name__)

EditKind = Literal["item", "new_item", "proposal", "review_comment", "retro", "response_row"]
EDIT_KINDS: tuple[EditKind, ...] = ("item", "new_item", "proposal", "review_comment", "retro", "response_row")
REPLAYABLE: tuple[EditKind, ...] = ("item", "new_item", "proposal")
Origin = Literal["save_failed", "autosave"]
ORIGINS: tuple[Origin, ...] = ("save_failed", "autosave")
_UNSAFE = re.compile(r"[^\w.-]+")
# a response row's fields as its editor holds them (the tender service's respond() argument names)
RESPONSE_FIELDS = ("text", "deviation", "note", "evidence", "evidence_page", "answer_choice", "assign")
# larger than every field of a row together may be (the service refuses a response or note over
# 20,000 characters): a bigger draft is not a row's and is not kept
MAX_RESPONSE_DRAFT_CHARS = 200_000


@dataclass(frozen=True)
class KeptEdit:
    """An edit that did not reach the server. ``target`` is the item id (also of a new item), the
    proposal number (also of a review comment or a retrospective form) or ``<response id>#<row no>``
    for a response row; ``base_version`` the item version, the proposal's latest revision number or
    the row's version the user started from (None for a new item, a comment, a retrospective).
    ``origin`` says whether the user asked to save it (``save_failed``) or it was autosaved while
    typing (``autosave``)."""

    kind: EditKind
    target: str
    user: str
    database: str  # Database.server: host:port/dbname, or the SQLite file
    base_version: int | None
    payload: dict[str, Any]
    kept_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    origin: Origin = "save_failed"

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.target}"

    @property
    def autosaved(self) -> bool:
        return self.origin == "autosave"

    def as_autosave(self) -> KeptEdit:
        """The same edit, as a draft autosaved while typing (never replayed on its own)."""
        return replace(self, origin="autosave")

    @property
    def title(self) -> str:
        """What the edit is about, for lists and messages."""
        if self.kind in ("proposal", "review_comment", "retro"):
            return self.target
        if self.kind == "response_row":
            response_id, row_no = self.response_row
            label = str(self.payload.get("clause") or row_no)
            return f"{self.payload.get('title') or response_id} · {label}"
        return str(self.payload.get("title") or self.target)

    @property
    def response_row(self) -> tuple[str, int]:
        """A response row's draft: the response id and the row number its target names."""
        response_id, _, row_no = self.target.rpartition("#")
        return response_id, int(row_no)

    def row_fields(self) -> dict[str, str]:
        """A response row's draft: every field of the row editor as the person left it."""
        fields = self.payload.get("fields")
        given = fields if isinstance(fields, dict) else {}
        return {name: str(given.get(name, "")) for name in RESPONSE_FIELDS}

    def overtaken(self, current_version: int | None) -> bool:
        """The thing edited has changed since the person started: its version now is not the one
        the edit went on top of (a save of it would be the usual Conflict)."""
        return self.base_version is not None and current_version != self.base_version

    def item_draft(self) -> ItemDraft:
        p = self.payload
        review = p.get("review_by")
        return ItemDraft(
            kind=Kind(p["kind"]), title=str(p["title"]), body=str(p["body"]), slug=str(p.get("slug") or self.target),
            industry=str(p.get("industry", "")), product=str(p.get("product", "")),
            tags=tuple(str(t) for t in p.get("tags", [])), customer=str(p.get("customer", "")),
            owner=str(p.get("owner", "")), status=Status(p.get("status", Status.PUBLISHED.value)),
            review_by=dt.date.fromisoformat(review) if review else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "target": self.target, "user": self.user, "database": self.database,
                "base_version": self.base_version, "kept_at": self.kept_at, "origin": self.origin,
                "payload": self.payload}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeptEdit:
        kind = data["kind"]
        if kind not in EDIT_KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        if kind == "response_row" and not re.fullmatch(r".+#\d+", str(data["target"])):
            raise ValueError(f"not a response row: {data['target']!r}")
        origin = data.get("origin", "save_failed")  # files kept before autosave existed
        if origin not in ORIGINS:
            raise ValueError(f"unknown origin {origin!r}")
        base = data.get("base_version")
        return cls(kind=kind, target=str(data["target"]), user=str(data["user"]), database=str(data["database"]),
                   base_version=int(base) if base is not None else None, payload=dict(data["payload"]),
                   kept_at=str(data["kept_at"]), origin=origin)


def _draft_payload(draft: ItemDraft) -> dict[str, Any]:
    return {"kind": draft.kind.value, "title": draft.title, "body": draft.body, "slug": draft.slug,
            "industry": draft.industry, "product": draft.product, "tags": list(draft.tags),
            "customer": draft.customer, "owner": draft.owner, "status": draft.status.value,
            "review_by": draft.review_by.isoformat() if draft.review_by else None}


def item_edit(user: str, database: str, slug: str, draft: ItemDraft, base_version: int) -> KeptEdit:
    return KeptEdit("item", slug, user, database, base_version, _draft_payload(draft))


def new_item(user: str, database: str, draft: ItemDraft) -> KeptEdit:
    return KeptEdit("new_item", draft.slug, user, database, None, _draft_payload(draft))


def proposal_draft(user: str, database: str, number: str, markdown: str, note: str,
                   base_revision: int | None) -> KeptEdit:
    return KeptEdit("proposal", number, user, database, base_revision, {"markdown": markdown, "note": note})


def review_comment(user: str, database: str, number: str, payload: dict[str, Any]) -> KeptEdit:
    """An autosaved review comment on a proposal (its text, section, rubric scores: whatever the
    pane needs to put it back as it was)."""
    return KeptEdit("review_comment", number, user, database, None, dict(payload), origin="autosave")


def retro_form(user: str, database: str, number: str, payload: dict[str, Any]) -> KeptEdit:
    """An autosaved retrospective form for a proposal (every field as the person left it)."""
    return KeptEdit("retro", number, user, database, None, dict(payload), origin="autosave")


def response_row(user: str, database: str, response_id: str, row_no: int, fields: dict[str, str],
                 base_version: int | None, title: str = "", clause: str = "") -> KeptEdit:
    """An autosaved answer typed in one row of a response: the row editor's fields, on top of the
    row's version ``base_version``. ``title`` (the response's) and ``clause`` (the row's) only
    name it in the start-up offer."""
    payload: dict[str, Any] = {"fields": {name: str(fields.get(name, "")) for name in RESPONSE_FIELDS},
                               "title": title, "clause": clause}
    return KeptEdit("response_row", f"{response_id}#{row_no}", user, database, base_version, payload,
                    origin="autosave")


def too_large(edit: KeptEdit) -> bool:
    """A response row's draft bigger than a row can hold: not kept (typed text is bounded)."""
    return edit.kind == "response_row" and sum(map(len, edit.row_fields().values())) > MAX_RESPONSE_DRAFT_CHARS


@dataclass
class ReplayReport:
    """What a replay did: ``saved`` pairs each edit with what the service returned (an ItemView or
    a ProposalView); ``refused`` holds edits the server turned down (usually a Conflict), still
    kept; ``interrupted`` is set when the server went away again part-way (the rest stays kept)."""

    saved: list[tuple[KeptEdit, Any]] = field(default_factory=list)
    refused: list[tuple[KeptEdit, WorkbenchError]] = field(default_factory=list)
    interrupted: ServerUnavailable | None = None


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash at any moment leaves the old file or the new
    one, never a mix: write a temporary file beside it, fsync it, then rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder this way)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _same_item(view: ItemView, draft: ItemDraft) -> bool:
    """The stored item already holds the kept text (a save whose reply was lost did land)."""
    if not draft.owner:  # the service fills an empty owner in
        draft = replace(draft, owner=view.owner)
    return view.to_draft().content_hash() == draft.content_hash()


class Safekeeping:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_of(self, edit: KeptEdit) -> Path:
        """One file per (user, database, kind, target) and origin: an autosaved draft never
        overwrites a save that is waiting for the server, nor the other way round."""
        parts: tuple[str, ...] = (edit.user, edit.database, edit.kind, edit.target)
        if edit.autosaved:
            parts += ("autosave",)
        ident = hashlib.sha256("\0".join(parts).encode()).hexdigest()
        readable = _UNSAFE.sub("_", f"{edit.user}--{edit.kind}--{edit.target}")[:80]
        return self.folder / f"{readable}-{ident[:10]}.json"

    def keep(self, edit: KeptEdit) -> Path:
        """Keep (or replace the earlier copy of) one edit; durable when this returns."""
        path = self.path_of(edit)
        write_atomically(path, json.dumps(edit.to_json(), ensure_ascii=False, indent=1).encode("utf-8"))
        return path

    def pending(self, user: str | None = None, database: str | None = None,
                origin: Origin | None = "save_failed") -> list[KeptEdit]:
        """Kept edits, oldest first; optionally only one user's, or one database's. Only saves
        waiting for the server unless another ``origin`` is asked for (None: both)."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob("*.json"):
            try:
                edit = KeptEdit.from_json(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                # never deleted: a person can still open it; it just cannot be replayed
                log.warning("unreadable kept edit %s: %s", path, exc)
                continue
            if ((user is None or edit.user == user) and (database is None or edit.database == database)
                    and (origin is None or edit.origin == origin)):
                found.append(edit)
        return sorted(found, key=lambda e: (e.kept_at, e.key))

    def drafts(self, user: str | None = None, database: str | None = None) -> list[KeptEdit]:
        """Drafts autosaved while typing and never saved or discarded (left by a crash), oldest first."""
        return self.pending(user, database, origin="autosave")

    def row_drafts(self, response_id: str, user: str, database: str) -> list[KeptEdit]:
        """The answers one person typed in a response's rows and left unsaved, by row."""
        found = [d for d in self.drafts(user, database)
                 if d.kind == "response_row" and d.response_row[0] == response_id]
        return sorted(found, key=lambda d: d.response_row[1])

    def find(self, kind: EditKind, target: str, user: str, database: str,
             origin: Origin = "save_failed") -> KeptEdit | None:
        return next((e for e in self.pending(user, database, origin)
                     if e.kind == kind and e.target == target), None)

    def discard(self, edit: KeptEdit) -> None:
        self.path_of(edit).unlink(missing_ok=True)

    def discard_draft(self, kind: EditKind, target: str, user: str, database: str) -> None:
        """Forget the autosaved draft of one editor (it was saved, or the person discarded it)."""
        self.discard(KeptEdit(kind, target, user, database, None, {}, origin="autosave"))

    def replay(self, ws: Workspace, actor: UserView) -> OpResult[ReplayReport]:
        """Save the actor's kept edits for this database through the ordinary services, oldest
        first. A kept copy is discarded only once its save committed (or the server is found to
        hold exactly that text already); refused edits stay kept."""
        report = ReplayReport()
        changes = OpChanges()
        for edit in self.pending(actor.name, ws.db.server):
            if edit.kind not in REPLAYABLE:
                continue
            try:
                result = _save(ws, actor, edit)
            except ServerUnavailable as exc:
                report.interrupted = exc
                break
            except WorkbenchError as exc:
                report.refused.append((edit, exc))
                continue
            self.discard(edit)
            report.saved.append((edit, result.value))
            changes = changes | result.changes
        return OpResult(report, changes)


def _save(ws: Workspace, actor: UserView, edit: KeptEdit) -> OpResult[Any]:
    if edit.kind == "proposal":
        markdown, note = str(edit.payload["markdown"]), str(edit.payload.get("note", ""))
        try:
            return ws.proposals.save_revision(actor, edit.target, markdown, note,
                                              expected_revision=edit.base_version)
        except Conflict:
            proposal = ws.proposals.get(edit.target)
            if proposal.latest is not None and proposal.latest.markdown == markdown:
                return OpResult(proposal, OpChanges())
            raise
    draft = edit.item_draft()
    try:
        if edit.kind == "new_item":
            return ws.knowledge.create(actor, draft)
        return ws.knowledge.update(actor, edit.target, draft, edit.base_version)
    except WorkbenchError as exc:
        if not isinstance(exc, Conflict) and exc.code != "slug_taken":
            raise
        current = ws.knowledge.get(edit.target)
        if _same_item(current, draft):
            return OpResult(current, OpChanges())
        raise
