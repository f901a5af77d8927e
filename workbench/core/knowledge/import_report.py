"""What an import reports: counts, files refused (with reasons), items not applied because they
were changed in the app (conflicts) or kept (the app's newer edit), and files that stopped
part-way (which rows were imported and which not). Plain values, rendered in either language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from workbench.core.errors import WorkbenchError, render


@dataclass
class Rejection:
    """A file not imported at all, and why."""

    path: str
    code: str
    params: dict[str, Any]

    def reason(self, lang: str = "en") -> str:
        return WorkbenchError(self.code, **self.params).message(lang)


@dataclass(frozen=True)
class ItemNote:
    """An item of a file that the import left as the app has it: ``code`` is ``import_conflict``
    (changed in the app and in the file: the file's version was not applied) or
    ``import_kept_newer`` (changed only in the app: the newer edit stays)."""

    path: str
    row: int | None
    slug: str
    title: str
    by: str
    at: dt.datetime
    code: str

    def reason(self, lang: str = "en") -> str:
        when = self.at.astimezone().strftime("%Y-%m-%d %H:%M")
        return render(self.code, {"title": self.title, "by": self.by, "at": when, "id": self.slug}, lang)

    def to_json(self, lang: str = "en") -> dict[str, object]:
        return {
            "path": self.path, "row": self.row, "id": self.slug, "title": self.title, "by": self.by,
            "at": self.at.isoformat(), "reason": self.reason(lang),
        }


@dataclass
class Interruption:
    """A table that stopped part-way (server lost, busy, an internal fault, cancel): the rows
    before the stop are imported, the rest not. ``cause`` is the error's code and params, or
    None when the person cancelled."""

    path: str
    cause: tuple[str, dict[str, Any]] | None
    done: list[int]
    pending: list[int]

    def reason(self, lang: str = "en") -> str:
        where = render(
            "import_interrupted", {"done": row_ranges(self.done), "pending": row_ranges(self.pending)}, lang
        )
        if self.cause is None:
            return where
        return f"{WorkbenchError(self.cause[0], **self.cause[1]).message(lang)} {where}"


def row_ranges(rows: list[int]) -> str:
    """2, 3, 4, 7, 9, 10 -> "2-4, 7, 9-10" ("-" when there are none)."""
    if not rows:
        return "-"
    parts: list[str] = []
    ordered = sorted(set(rows))
    start = prev = ordered[0]
    for row in [*ordered[1:], None]:
        if row is not None and row == prev + 1:
            prev = row
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if row is not None:
            start = prev = row
    return ", ".join(parts)


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    conflicts: list[ItemNote] = field(default_factory=list)
    kept: list[ItemNote] = field(default_factory=list)
    interrupted: list[Interruption] = field(default_factory=list)
    files: int = 0
    cancelled: bool = False
    slugs: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every file imported as it is: nothing refused, stopped part-way or in conflict."""
        return not (self.rejected or self.conflicts or self.interrupted or self.cancelled)

    def to_json(self, lang: str = "en") -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"path": r.path, "reason": r.reason(lang)} for r in self.rejected],
            "conflicts": [n.to_json(lang) for n in self.conflicts],
            "kept": [n.to_json(lang) for n in self.kept],
            "interrupted": [
                {"path": i.path, "imported_rows": row_ranges(i.done), "not_imported_rows": row_ranges(i.pending),
                 "reason": i.reason(lang)}
                for i in self.interrupted
            ],
            "cancelled": self.cancelled,
        }
