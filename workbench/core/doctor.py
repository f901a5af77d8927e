"""Integrity checks of the database and the data folder, and repairs for what can be fixed."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from workbench.core.db import migrate
from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeItem, KnowledgeVersion, utcnow
from workbench.core.errors import WorkbenchError, say
from workbench.core.knowledge.language import detect_language
from workbench.core.search.watermark import SyncState, database_id, fingerprint_of, newest_change
from workbench.core.workspace import Workspace


class Localized(Protocol):
    """A parameter that is itself text in the reader's language (an error, a list of them)."""

    def message(self, lang: str = "en") -> str: ...


Param = str | int | float | Localized


@dataclass
class Check:
    """One check: ``code`` names it and ``detail_code`` says what was found, both keys of the
    message catalogue (``workbench.core.errors.MESSAGES``); ``params`` fill the detail (numbers,
    paths, versions, ids: never translated). ``name``/``detail`` are the English texts."""

    code: str
    ok: bool
    detail_code: str = ""  # "" = nothing to add
    params: Mapping[str, Param] = field(default_factory=dict)
    repaired: bool = False

    def name_text(self, lang: str = "en") -> str:
        return say(self.code, lang)

    def detail_text(self, lang: str = "en") -> str:
        return say(self.detail_code, lang, **self._values(lang)) if self.detail_code else ""

    def _values(self, lang: str) -> dict[str, str | int | float]:
        return {k: v if isinstance(v, str | int | float) else v.message(lang) for k, v in self.params.items()}

    def state_text(self, lang: str = "en") -> str:
        """ok / PROBLEM / repaired in ``lang``."""
        return say("doctor_state_repaired" if self.repaired else "doctor_state_ok" if self.ok
                   else "doctor_state_problem", lang)

    @property
    def name(self) -> str:
        return self.name_text("en")

    @property
    def detail(self) -> str:
        return self.detail_text("en")

    def to_json(self) -> dict[str, object]:
        return {"check": self.name, "ok": self.ok, "detail": self.detail, "repaired": self.repaired,
                "code": self.code, "detail_code": self.detail_code, "params": self._values("en")}


@dataclass(frozen=True)
class TemplateProblems:
    """The templates left out of the catalog and why, each in the reader's language: the cause
    of a template found unusable, else the parser's own words (``detail``), else the error."""

    broken: tuple[tuple[str, WorkbenchError], ...]

    def message(self, lang: str = "en") -> str:
        parts = []
        for name, exc in self.broken:
            cause = getattr(exc, "cause", None)
            why = (cause.message(lang) if isinstance(cause, WorkbenchError)
                   else str(exc.params["detail"]) if "detail" in exc.params else exc.message(lang))
            parts.append(say("doctor_template_problem", lang, name=name, why=why))
        return say("doctor_list_separator", lang).join(parts)


# changes older than this still not in this computer's search index: the index is not following
INDEX_LAG_OK_S = 60.0


def _index_lag(ws: Workspace, repair: bool) -> Check:
    """How far this computer's search index is behind the database's change log. The desktop
    app follows the log every few seconds while it runs; --repair applies what is pending."""
    lag = ws.index.lag()
    if not lag.built:
        return Check("doctor_index_lag", True, "doctor_index_none")
    stale = _index_follows_another_log(ws)
    if stale is not None:
        check = Check("doctor_index_lag", False, *stale)
        if repair:
            ws.index.rebuild()
            check.repaired, check.ok = True, True
        return check
    age = lag.oldest_pending_s or 0.0
    if lag.pending:
        check = Check("doctor_index_lag", age < INDEX_LAG_OK_S, "doctor_index_pending",
                      {"pending": lag.pending, "age": f"{age:.0f}", "watermark": lag.watermark, "newest": lag.newest})
    else:
        check = Check("doctor_index_lag", True, "doctor_index_current", {"watermark": lag.watermark})
    if lag.pending and repair:
        ws.index.sync()
        check.repaired, check.ok = True, True
    return check


def _index_follows_another_log(ws: Workspace) -> tuple[str, dict[str, Param]] | None:
    """Why the index's record of what it applied (``sync.json``) does not fit this database's
    change log (a catalogue code and its parameters), or None when it fits. A count of pending
    changes cannot see it: after a restore from an older backup the log ends before the index's
    watermark (nothing "pending"), or has grown past it with other changes. The same comparison
    the index makes when it opens."""
    state = SyncState.read(ws.index.folder)
    if state is None:
        return None
    with ws.db.read() as session:
        current, newest = database_id(session), newest_change(session)
        fingerprint = fingerprint_of(session, state.watermark)
    if state.database_id != current:
        return "doctor_index_other_database", {"built_for": state.database_id, "current": current}
    if state.watermark > newest:
        return "doctor_index_log_ends", {"watermark": state.watermark, "newest": newest}
    if fingerprint != state.fingerprint:
        return "doctor_index_log_differs", {"watermark": state.watermark}
    return None


def preflight(db: Database) -> list[Check]:
    """What can be checked without opening the workspace (no migration, no login): the database
    answers, and its schema is the one this app needs. The last check failing means stop here."""
    checks: list[Check] = []
    if db.is_sqlite:
        with db.engine.connect() as conn:
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        ok = result == ["ok"]
        # SQLite's own findings are passed on as it words them
        checks.append(Check("doctor_integrity", ok, "doctor_integrity_ok" if ok else "doctor_integrity_result",
                            {} if ok else {"result": "; ".join(result[:5])}))
        checks.append(Check("doctor_foreign_keys", not fk, "doctor_foreign_keys_dangling" if fk else "",
                            {"count": len(fk)} if fk else {}))
    else:
        where = db.engine.url.render_as_string(hide_password=True)
        try:
            with db.engine.connect() as conn:
                version = str(conn.exec_driver_sql("SELECT version()").scalar())
            checks.append(Check("doctor_database_server", True, "doctor_server_version",
                                {"where": where, "version": version.split(" on ")[0].split(",")[0]}))
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
            checks.append(Check("doctor_database_server", False, "doctor_server_unreachable",
                                {"where": where, "reason": reason}))
            return checks
    current, head = migrate.status(db)
    if current == head:
        detail, params = "doctor_schema_current", {"current": str(current)}
    elif current is None:
        detail, params = "doctor_schema_empty", {"head": head}
    else:
        detail, params = "doctor_schema_behind", {"current": current, "head": head}
    checks.append(Check("doctor_schema_version", current == head or current is None, detail, dict(params)))
    return checks


def run_doctor(ws: Workspace, repair: bool = False, preflighted: list[Check] | None = None) -> list[Check]:
    """Every check; ``preflighted``: what ``preflight`` already found for this database (the
    command line runs it before opening the workspace), not checked again."""
    db = ws.db
    checks = list(preflighted) if preflighted is not None else preflight(db)
    if not checks[-1].ok:
        return checks

    with db.read() as s:
        items = list(s.scalars(select(KnowledgeItem)))
        versioned = set(s.scalars(select(KnowledgeVersion.item_id).distinct()))
        missing_history = [i.slug for i in items if i.id not in versioned]
        wrong_language = [i.slug for i in items if i.language != detect_language(f"{i.title}\n{i.body}")]
    check = Check("doctor_item_history", not missing_history,
                  "doctor_history_missing" if missing_history else "",
                  {"count": len(missing_history), "items": ", ".join(missing_history[:5])} if missing_history else {})
    if missing_history and repair:
        with db.write() as s:
            for item in s.scalars(select(KnowledgeItem).where(KnowledgeItem.slug.in_(missing_history))):
                s.add(KnowledgeVersion(item_id=item.id, version=item.version, action="repair",
                                       title=item.title, body=item.body, fields={},
                                       changed_by="doctor", changed_at=utcnow()))
        check.repaired, check.ok = True, True
    checks.append(check)
    check = Check("doctor_languages", not wrong_language, "doctor_languages_stale" if wrong_language else "",
                  {"count": len(wrong_language)} if wrong_language else {})
    if wrong_language and repair:
        with db.write() as s:
            for item in s.scalars(select(KnowledgeItem).where(KnowledgeItem.slug.in_(wrong_language))):
                s.execute(text("UPDATE knowledge_items SET language=:l WHERE id=:i"),
                          {"l": detect_language(f"{item.title}\n{item.body}"), "i": item.id})
        check.repaired, check.ok = True, True
    checks.append(check)

    checks.append(_index_lag(ws, repair))

    catalog = ws.proposals.catalog
    templates = catalog.all()
    if catalog.broken:
        checks.append(Check("doctor_templates", False, "doctor_templates_broken",
                            {"problems": TemplateProblems(tuple(catalog.broken.items()))}))
    else:
        checks.append(Check("doctor_templates", True, "doctor_templates_usable", {"count": len(templates)}))
    from workbench.core.proposals.pdf import soffice

    office = soffice()
    checks.append(Check("doctor_pdf_export", True, "doctor_pdf_found" if office else "doctor_pdf_missing",
                        {"path": office} if office else {}))

    home = ws.paths.home
    checks.append(Check("doctor_data_folder", os.access(home, os.W_OK), "doctor_path", {"path": str(home)}))
    if db.is_sqlite:
        # the newest by time written, not by name: the names start with why they were made
        # ("auto-", "doctor-", "pre-restore-"), so the last name is not the last copy
        written = [p.stat().st_mtime for p in ws.paths.backups.glob("*.sqlite")]
        newest = dt.datetime.fromtimestamp(max(written)) if written else None
        recent = newest is not None and dt.datetime.now() - newest < dt.timedelta(days=8)
        check = Check("doctor_recent_backup", recent, "doctor_backup_newest" if newest else "doctor_backup_none",
                      {"when": f"{newest:%Y-%m-%d %H:%M}"} if newest else {})
        if not recent and repair:
            from workbench.core.db.backup import backup_sqlite

            backup_sqlite(db, ws.paths.backups, reason="doctor")
            check.repaired, check.ok = True, True
        checks.append(check)
    else:
        # the database lives on a server: its backups are the server's (file backups do not apply)
        checks.append(Check("doctor_backups", True, "doctor_backups_server"))
    return checks
