"""Response rows typed but not saved, kept on this laptop a moment after the last keystroke, so a
crash or a power cut loses at most that moment (the proposal, knowledge, review and retrospective
editors do the same through ``Safekeeping``).

One JSON file per (user, database, response, row) in a folder of its own beside the other kept
edits (``Safekeeping.folder / "responses"``; ``Safekeeping`` lists only the JSON files directly in
its folder, so these never reach its replay or its start-up offer), written atomically. A draft is
never saved on its own: the Responses screen puts it back into the row's fields when that row is
opened again, with the version the person started from, and removes it when the row is saved or
the change discarded. The values are the row editor's (``respond()``'s argument names)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.safekeeping import write_atomically

log = logging.getLogger(__name__)

FIELDS = ("text", "deviation", "note", "evidence", "evidence_page", "answer_choice", "assign")
MAX_CHARS = 200_000  # a draft larger than any row's fields (the core refuses longer ones) is not kept
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class RowDraft:
    response_id: str
    row_no: int
    user: str
    database: str  # Database.server: host:port/dbname, or the SQLite file
    base_version: int | None  # the row's version the typed text goes on top of
    values: dict[str, str]
    kept_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))

    def to_json(self) -> dict[str, Any]:
        return {"response": self.response_id, "row": self.row_no, "user": self.user, "database": self.database,
                "base_version": self.base_version, "values": self.values, "kept_at": self.kept_at}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RowDraft:
        values = data["values"]
        if not isinstance(values, dict):
            raise ValueError("values is not an object")
        base = data.get("base_version")
        return cls(response_id=str(data["response"]), row_no=int(data["row"]), user=str(data["user"]),
                   database=str(data["database"]), base_version=int(base) if base is not None else None,
                   values={k: str(values.get(k, "")) for k in FIELDS}, kept_at=str(data["kept_at"]))


class RowDrafts:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_of(self, response_id: str, row_no: int, user: str, database: str) -> Path:
        ident = hashlib.sha256("\0".join((user, database, response_id, str(row_no))).encode()).hexdigest()
        readable = _UNSAFE.sub("_", f"{user}--{response_id}--{row_no}")[:80]
        return self.folder / f"{readable}-{ident[:10]}.json"

    def keep(self, draft: RowDraft) -> Path | None:
        """Keep (or replace) the draft of one row; durable when this returns. None when it is too
        large to be a row's text (nothing is kept)."""
        data = json.dumps(draft.to_json(), ensure_ascii=False).encode("utf-8")
        if len(data) > MAX_CHARS * 4:
            return None
        path = self.path_of(draft.response_id, draft.row_no, draft.user, draft.database)
        write_atomically(path, data)
        return path

    def find(self, response_id: str, row_no: int, user: str, database: str) -> RowDraft | None:
        path = self.path_of(response_id, row_no, user, database)
        try:
            draft = RowDraft.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("unreadable response draft %s: %s", path, exc)  # left for a person to open
            return None
        same = (draft.response_id, draft.row_no, draft.user, draft.database) == (response_id, row_no, user, database)
        return draft if same else None

    def of_response(self, response_id: str, user: str, database: str) -> list[RowDraft]:
        """The drafts one person left on one response, by row."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob("*.json"):
            try:
                draft = RowDraft.from_json(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("unreadable response draft %s: %s", path, exc)
                continue
            if (draft.response_id, draft.user, draft.database) == (response_id, user, database):
                found.append(draft)
        return sorted(found, key=lambda d: d.row_no)

    def discard(self, response_id: str, row_no: int, user: str, database: str) -> None:
        self.path_of(response_id, row_no, user, database).unlink(missing_ok=True)
