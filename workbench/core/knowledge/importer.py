"""Import knowledge from files: each file whole or refused with a reason, and the rest go on.

A file is read and checked whole before anything is written: parsed, every row validated (a
table over ``MAX_ROWS`` rows is refused, never cut), and each item compared with the database
(``KnowledgeService.import_decision``: added, updated, unchanged, kept because it was edited in
the app since the last import, or a conflict when the file changed it too). Only then are the
items written, in short write transactions of at most ``batch_items`` items and about
``BATCH_SECONDS``: on a team's PostgreSQL server every write transaction holds the team-wide
write lock (engine.py), and one long transaction would make every colleague's save and sign-in
wait for it. Each batch appends its items to ``knowledge_changes`` like any save, so search
indexes follow the import batch by batch. Each batch decides its items again under the lock, so
an edit saved by a colleague during the import is never overwritten: it turns into a conflict.

If the import stops part-way through a table (the server is lost or busy, an internal fault,
cancel), the report says which rows were imported and which not; running the same import again
finishes it (rows already imported are unchanged)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from workbench.core.changes import OpChanges, OpResult
from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeItem
from workbench.core.errors import ImportRejected, InvalidInput, ServerBusy, ServerUnavailable, WorkbenchError
from workbench.core.knowledge.docx_reader import read_docx
from workbench.core.knowledge.files import read_text
from workbench.core.knowledge.import_report import ImportReport, Interruption, ItemNote, Rejection
from workbench.core.knowledge.markdown_format import parse_markdown
from workbench.core.knowledge.model import ItemDraft, validate_slug
from workbench.core.knowledge.service import ImportAction, KnowledgeService, import_decision
from workbench.core.knowledge.tables import MAX_ROWS, SourceItem, read_csv, read_xlsx
from workbench.core.users import Permission, UserView, labels

__all__ = ["MAX_ROWS", "ImportReport", "Importer", "Rejection", "collect_files", "read_drafts"]

log = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = (".md", ".markdown")
SUPPORTED = (*MARKDOWN_SUFFIXES, ".csv", ".xlsx", ".docx")
# one write transaction: at most this many items, and it ends early once it has held the write
# lock this long (a colleague's save waits at most about that long)
BATCH_ITEMS = 100
BATCH_SECONDS = 0.25
# between batches on SQLite: long enough for another process waiting on the database file (its
# busy handler retries every few ms, then every 100 ms) to get its turn within its 5 s timeout;
# PostgreSQL queues lock waiters fairly
SQLITE_PAUSE_S = 0.05
_READ_CHUNK = 500
_FITTED_FIELDS = ("title", "industry", "product", "customer", "owner")

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
# after each committed batch: (file, items of the file written or settled so far, items in it)
BatchDone = Callable[[Path, int, int], None]


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[Rejection]]:
    """Expand folders (recursively, hidden entries skipped) into supported files; a file named
    explicitly with an unsupported type, or a path that does not exist, is a rejection."""
    files: list[Path] = []
    rejected: list[Rejection] = []
    for path in paths:
        if not path.exists():
            rejected.append(Rejection(str(path), "import_path_missing", {"path": str(path)}))
        elif path.is_dir():
            root = path.resolve()
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                outside = _link_outside(child, root)
                if outside is not None:
                    rejected.append(Rejection(str(child), "import_symlink_outside",
                                              {"path": str(rel), "target": outside}))
                elif child.is_file() and child.suffix.lower() in SUPPORTED and not child.name.startswith("~$"):
                    files.append(child)
        elif path.suffix.lower() in SUPPORTED:
            files.append(path)
        else:
            rejected.append(Rejection(str(path), "import_unsupported", {"suffix": path.suffix or path.name}))
    return files, rejected


def _link_outside(child: Path, root: Path) -> str | None:
    """Where a link (to a file or a folder) inside an imported folder points, when that is
    outside the folder: importing a folder never reads files from elsewhere (a link to
    ~/.ssh or to another customer's folder). None for anything else, a dangling link too."""
    if not child.is_symlink():
        return None
    try:
        target = child.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling or a loop: nothing is read through it
        return None
    return None if target.is_relative_to(root) else str(target)


def read_drafts(path: Path, max_rows: int = MAX_ROWS) -> list[SourceItem]:
    """Parse one file into the items it holds, each checked to fit the database (a row that
    would fail while being written refuses the file now); raises ImportRejected with the reason."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        items = [SourceItem(parse_markdown(read_text(path), path.stem))]
    elif suffix == ".csv":
        items = read_csv(path, max_rows)
    elif suffix == ".xlsx":
        items = read_xlsx(path, max_rows)
    elif suffix == ".docx":
        items = [SourceItem(read_docx(path))]
    else:
        raise ImportRejected("import_unsupported", suffix=suffix)
    for item in items:
        try:
            _check_fits(item.draft)
        except InvalidInput as exc:
            if item.row is None:
                raise ImportRejected(exc.code, **exc.params) from None
            raise ImportRejected("import_table_bad_row", row=item.row, detail=exc.message("en")) from None
    return items


def _check_fits(draft: ItemDraft) -> None:
    if not draft.title.strip():
        raise InvalidInput("title_required")
    for name in ("title", "body", *_FITTED_FIELDS[1:]):
        if "\x00" in getattr(draft, name):  # from a table cell; text files are checked on reading
            raise InvalidInput("text_nul_byte", field=name)
    if any("\x00" in tag for tag in draft.tags):
        raise InvalidInput("text_nul_byte", field="tags")
    validate_slug(draft.slug)
    columns = KnowledgeItem.__table__.c
    for name in _FITTED_FIELDS:
        limit = getattr(columns[name].type, "length", None)
        value = getattr(draft, name).strip()
        if limit and len(value) > limit:
            raise InvalidInput("text_too_long", field=name, limit=limit, length=len(value))


class _Stop(Exception):
    """The import cannot go on (the server is lost or busy): the remaining files are not tried."""


class Importer:
    def __init__(self, db: Database, knowledge: KnowledgeService) -> None:
        self._db = db
        self._knowledge = knowledge
        self.max_rows = MAX_ROWS
        self.batch_items = BATCH_ITEMS
        self.batch_seconds = BATCH_SECONDS

    def run(
        self,
        actor: UserView,
        paths: Iterable[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        on_committed: Callable[[Path, list[str]], None] | None = None,
        on_batch: BatchDone | None = None,
    ) -> OpResult[ImportReport]:
        actor.require(Permission.IMPORT_KNOWLEDGE)
        files, rejected = collect_files(list(paths))
        report = ImportReport(rejected=rejected, files=len(files))
        is_cancelled = cancelled or (lambda: False)
        seen: dict[str, str] = {}
        written = 0
        for done, path in enumerate(files):
            if is_cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, len(files), str(path))
            try:
                items = read_drafts(path, self.max_rows)
                for item in items:
                    other = seen.get(item.draft.slug)
                    if other is not None and other != str(path):
                        raise ImportRejected("import_duplicate_in_batch", id=item.draft.slug, other=other)
                written += self._import_file(actor, path, items, report, is_cancelled, on_batch)
            except _Stop:
                report.rejected.extend(Rejection(str(p), "import_not_attempted", {}) for p in files[done + 1 :])
                break
            except WorkbenchError as exc:
                report.rejected.append(Rejection(str(path), exc.code, exc.params))
                continue
            except Exception as exc:  # an internal fault in one file must not end the import
                log.exception("import of %s failed", path)
                report.rejected.append(Rejection(str(path), "import_failed", {"detail": type(exc).__name__}))
                continue
            if report.cancelled:
                break
            for item in items:
                seen[item.draft.slug] = str(path)
                report.slugs.append(item.draft.slug)
            if on_committed is not None:
                on_committed(path, [i.draft.slug for i in items])
        if progress is not None and not report.cancelled:
            progress(len(files), len(files), "")
        self._name_editors(report)
        changed = written > 0
        return OpResult(report, OpChanges(knowledge=changed, index=changed))

    def _name_editors(self, report: ImportReport) -> None:
        """Who edited each kept or conflicting item, by display name (one query for all)."""
        if not (report.conflicts or report.kept):
            return
        try:
            with self._db.read() as session:
                names = labels(session, [n.by for n in (*report.conflicts, *report.kept)])
        except (ServerUnavailable, ServerBusy):
            return  # the login names stand
        report.conflicts = [replace(n, by=names.get(n.by, n.by)) for n in report.conflicts]
        report.kept = [replace(n, by=names.get(n.by, n.by)) for n in report.kept]

    # --- one file: check and plan everything, then write in batches -----------------------

    def _import_file(
        self,
        actor: UserView,
        path: Path,
        items: list[SourceItem],
        report: ImportReport,
        cancelled: Cancelled,
        on_batch: BatchDone | None,
    ) -> int:
        """Import one file's items; returns how many were added or updated. Raises ``_Stop``
        after recording what happened when the import cannot go on."""
        todo: list[SourceItem] = []
        try:
            with self._db.read() as session:
                for start in range(0, len(items), _READ_CHUNK):
                    chunk = items[start : start + _READ_CHUNK]
                    rows = self._knowledge.items_for_import(session, [i.draft.slug for i in chunk])
                    for item in chunk:
                        row = rows.get(item.draft.slug)
                        action, stale = import_decision(row, item.draft)
                        if action in ("added", "updated") or stale:
                            todo.append(item)
                        else:
                            self._count(report, path, item, action, row)
        except (ServerUnavailable, ServerBusy) as exc:
            report.rejected.append(Rejection(str(path), exc.code, exc.params))
            raise _Stop from exc
        written = 0
        settled = len(items) - len(todo)
        position = 0
        while position < len(todo):
            if position and cancelled():
                report.cancelled = True
                report.interrupted.append(self._interruption(path, None, items, todo[position:]))
                return written
            if position and self._db.is_sqlite:
                time.sleep(SQLITE_PAUSE_S)
            try:
                outcomes = self._write_batch(actor, todo[position : position + self.batch_items])
            except WorkbenchError as exc:
                self._stopped(path, (exc.code, exc.params), items, todo, position, report)
                if isinstance(exc, (ServerUnavailable, ServerBusy)):
                    raise _Stop from exc
                return written
            except Exception as exc:  # an internal fault: the rest of this file is not written
                log.exception("import of %s stopped at item %d", path, position)
                self._stopped(path, ("import_failed", {"detail": type(exc).__name__}), items, todo, position, report)
                return written
            for item, action, row in outcomes:
                self._count(report, path, item, action, row)
                written += action in ("added", "updated")
            position += len(outcomes)
            if on_batch is not None:
                on_batch(path, settled + position, len(items))
        return written

    def _write_batch(
        self, actor: UserView, batch: list[SourceItem]
    ) -> list[tuple[SourceItem, ImportAction, KnowledgeItem | None]]:
        """One write transaction: each item decided again under the write lock and applied.
        Ends after ``batch_seconds`` even if items remain (the caller goes on from there)."""
        outcomes: list[tuple[SourceItem, ImportAction, KnowledgeItem | None]] = []
        with self._db.write() as session:
            rows = self._knowledge.items_for_import(session, [i.draft.slug for i in batch])
            started = time.monotonic()  # the write lock is held from the first statement on
            for item in batch:
                row = rows.get(item.draft.slug)
                action = self._knowledge.apply_import(session, actor, item.draft, row)
                outcomes.append((item, action, row))
                if time.monotonic() - started > self.batch_seconds:
                    break
        return outcomes

    @staticmethod
    def _count(
        report: ImportReport, path: Path, item: SourceItem, action: ImportAction, row: KnowledgeItem | None
    ) -> None:
        if action in ("kept", "conflict"):
            assert row is not None
            note = ItemNote(
                str(path), item.row, row.slug, row.title, row.updated_by, row.updated_at,
                "import_conflict" if action == "conflict" else "import_kept_newer",
            )
            (report.conflicts if action == "conflict" else report.kept).append(note)
        elif action == "added":
            report.added += 1
        elif action == "updated":
            report.updated += 1
        else:
            report.unchanged += 1

    def _stopped(
        self,
        path: Path,
        cause: tuple[str, dict[str, object]],
        items: list[SourceItem],
        todo: list[SourceItem],
        position: int,
        report: ImportReport,
    ) -> None:
        """A batch failed: nothing of it was written. Before any batch, the file is simply not
        imported; after some, say which rows are in and which not."""
        if position == 0 and len(todo) == len(items):
            report.rejected.append(Rejection(str(path), cause[0], dict(cause[1])))
        else:
            report.interrupted.append(self._interruption(path, cause, items, todo[position:]))

    @staticmethod
    def _interruption(
        path: Path, cause: tuple[str, dict[str, object]] | None, items: list[SourceItem], pending: list[SourceItem]
    ) -> Interruption:
        left = {id(i) for i in pending}
        return Interruption(
            str(path),
            (cause[0], dict(cause[1])) if cause else None,
            [i.row or 0 for i in items if id(i) not in left],
            [i.row or 0 for i in pending],
        )
