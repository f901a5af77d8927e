"""What a laptop's search index remembers of the database it follows (``sync.json``), and the
few indexed queries on the change log that following it needs."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.db.models import KnowledgeChange, database_identity

SYNC_FILE = "sync.json"


@dataclass(frozen=True)
class SyncState:
    """What ``sync.json`` holds: the database this index follows, the id of the last change it
    applied, and that change's fingerprint (slug and time), so a database restored from an older
    backup that has since grown past the watermark is noticed too."""

    database_id: str
    watermark: int
    fingerprint: str = ""

    @classmethod
    def read(cls, folder: Path) -> SyncState | None:
        try:
            data = json.loads((folder / SYNC_FILE).read_text(encoding="utf-8"))
            return cls(str(data["database_id"]), int(data["watermark"]), str(data.get("fingerprint", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, folder: Path) -> None:
        """Atomically (a temporary file renamed over the old one): a reader sees the old state
        or the new one, never half of either."""
        text = json.dumps({"database_id": self.database_id, "watermark": self.watermark,
                           "fingerprint": self.fingerprint})
        fd, tmp = tempfile.mkstemp(prefix=".sync-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, folder / SYNC_FILE)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@dataclass(frozen=True)
class IndexLag:
    """How far this laptop's index is behind the database's change log."""

    pending: int  # changes not yet applied
    oldest_pending_s: float | None  # age of the oldest of them, in seconds (None: nothing pending)
    watermark: int  # id of the last change applied (0: none, or no index yet)
    newest: int  # id of the database's newest change (0: none)
    built: bool = True  # False: this laptop has no index yet (it is built on first use)


def fingerprint_of(session: Session, change_id: int) -> str | None:
    """The change's slug and time, or None when the log has no such change."""
    if change_id <= 0:
        return ""
    row = session.execute(select(KnowledgeChange.slug, KnowledgeChange.changed_at)
                          .where(KnowledgeChange.id == change_id)).first()
    return None if row is None else f"{row[0]}@{row[1].isoformat()}"


def database_id(session: Session) -> str:
    return database_identity(session) or ""


def newest_change(session: Session) -> int:
    return int(session.scalar(select(func.max(KnowledgeChange.id))) or 0)
