"""Import knowledge from files: each file whole or not at all; a bad file is rejected with a
reason and the rest go on. Progress and cancel for the GUI."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.errors import ImportRejected, WorkbenchError
from workbench.core.knowledge.docx_reader import read_docx
from workbench.core.knowledge.files import read_text
from workbench.core.knowledge.markdown_format import parse_markdown
from workbench.core.knowledge.model import ItemDraft
from workbench.core.knowledge.service import KnowledgeService
from workbench.core.knowledge.tables import read_csv, read_xlsx
from workbench.core.users import Permission, UserView

log = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = (".md", ".markdown")
SUPPORTED = (*MARKDOWN_SUFFIXES, ".csv", ".xlsx", ".docx")

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


@dataclass
class Rejection:
    path: str
    code: str
    params: dict[str, Any]

    def reason(self, lang: str = "en") -> str:
        return WorkbenchError(self.code, **self.params).message(lang)


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    files: int = 0
    cancelled: bool = False
    slugs: list[str] = field(default_factory=list)

    def to_json(self, lang: str = "en") -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"path": r.path, "reason": r.reason(lang)} for r in self.rejected],
            "cancelled": self.cancelled,
        }


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[Rejection]]:
    """Expand folders (recursively, hidden entries skipped) into supported files; a file named
    explicitly with an unsupported type, or a path that does not exist, is a rejection."""
    files: list[Path] = []
    rejected: list[Rejection] = []
    for path in paths:
        if not path.exists():
            rejected.append(Rejection(str(path), "import_path_missing", {"path": str(path)}))
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() and child.suffix.lower() in SUPPORTED and not child.name.startswith("~$"):
                    files.append(child)
        elif path.suffix.lower() in SUPPORTED:
            files.append(path)
        else:
            rejected.append(Rejection(str(path), "import_unsupported", {"suffix": path.suffix or path.name}))
    return files, rejected


def read_drafts(path: Path) -> list[ItemDraft]:
    """Parse one file into the items it holds; raises ImportRejected with the reason."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return [parse_markdown(read_text(path), path.stem)]
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix == ".docx":
        return [read_docx(path)]
    raise ImportRejected("import_unsupported", suffix=suffix)


class Importer:
    def __init__(self, db: Database, knowledge: KnowledgeService) -> None:
        self._db = db
        self._knowledge = knowledge

    def run(
        self,
        actor: UserView,
        paths: Iterable[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        on_committed: Callable[[Path, list[str]], None] | None = None,
    ) -> OpResult[ImportReport]:
        actor.require(Permission.IMPORT_KNOWLEDGE)
        files, rejected = collect_files(list(paths))
        report = ImportReport(rejected=rejected, files=len(files))
        seen: dict[str, str] = {}
        for done, path in enumerate(files):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, len(files), str(path))
            try:
                drafts = read_drafts(path)
                for draft in drafts:
                    other = seen.get(draft.slug)
                    if other is not None and other != str(path):
                        raise ImportRejected("import_duplicate_in_batch", id=draft.slug, other=other)
                outcomes = self._apply(actor, drafts)
            except WorkbenchError as exc:
                report.rejected.append(Rejection(str(path), exc.code, exc.params))
                continue
            except Exception as exc:  # an internal fault in one file must not end the import
                log.exception("import of %s failed", path)
                report.rejected.append(
                    Rejection(str(path), "import_failed", {"detail": type(exc).__name__})
                )
                continue
            for draft in drafts:
                seen[draft.slug] = str(path)
                report.slugs.append(draft.slug)
            report.added += outcomes.count("added")
            report.updated += outcomes.count("updated")
            report.unchanged += outcomes.count("unchanged")
            if on_committed is not None:
                on_committed(path, [d.slug for d in drafts])
        if progress is not None and not report.cancelled:
            progress(len(files), len(files), "")
        changed = report.added + report.updated > 0
        return OpResult(report, OpChanges(knowledge=changed, index=changed))

    def _apply(self, actor: UserView, drafts: list[ItemDraft]) -> list[str]:
        with self._db.write() as session:
            return [self._knowledge.upsert(session, actor, d) for d in drafts]
