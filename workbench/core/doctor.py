"""Integrity checks of the database and the data folder, and repairs for what can be fixed."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from workbench.core.db import migrate
from workbench.core.db.engine import Database
from workbench.core.db.models import KnowledgeItem, KnowledgeVersion, utcnow
from workbench.core.knowledge.language import detect_language
from workbench.core.search.watermark import SyncState, database_id, fingerprint_of, newest_change
from workbench.core.workspace import Workspace


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""
    repaired: bool = False

    def to_json(self) -> dict[str, object]:
        return {"check": self.name, "ok": self.ok, "detail": self.detail, "repaired": self.repaired}


# changes older than this still not in this computer's search index: the index is not following
INDEX_LAG_OK_S = 60.0


def _index_lag(ws: Workspace, repair: bool) -> Check:
    """How far this computer's search index is behind the database's change log. The desktop
    app follows the log every few seconds while it runs; --repair applies what is pending."""
    lag = ws.index.lag()
    if not lag.built:
        return Check("search index lag", True, "no search index on this computer yet: built on first use")
    stale = _index_follows_another_log(ws)
    if stale is not None:
        check = Check("search index lag", False, stale + ": it is rebuilt on next use, or now with --repair")
        if repair:
            ws.index.rebuild()
            check.repaired, check.ok = True, True
        return check
    age = lag.oldest_pending_s
    detail = (f"up to date (change {lag.watermark})" if not lag.pending else
              f"{lag.pending} changes not applied yet, the oldest {age or 0:.0f} s ago "
              f"(applied up to change {lag.watermark} of {lag.newest})")
    check = Check("search index lag", not lag.pending or (age or 0.0) < INDEX_LAG_OK_S, detail)
    if lag.pending and repair:
        ws.index.sync()
        check.repaired, check.ok = True, True
    return check


def _index_follows_another_log(ws: Workspace) -> str | None:
    """Why the index's record of what it applied (``sync.json``) does not fit this database's
    change log, or None when it fits. A count of pending changes cannot see it: after a restore
    from an older backup the log ends before the index's watermark (nothing "pending"), or
    has grown past it with other changes. The same comparison the index makes when it opens."""
    state = SyncState.read(ws.index.folder)
    if state is None:
        return None
    with ws.db.read() as session:
        current, newest = database_id(session), newest_change(session)
        fingerprint = fingerprint_of(session, state.watermark)
    if state.database_id != current:
        return f"the search index was built for another database ({state.database_id}, this one is {current})"
    if state.watermark > newest or fingerprint != state.fingerprint:
        return (f"the search index applied change {state.watermark}, but the database's change log "
                f"{'ends at ' + str(newest) if state.watermark > newest else 'holds another change there'} "
                "(restored from a backup?)")
    return None


def preflight(db: Database) -> list[Check]:
    """What can be checked without opening the workspace (no migration, no login): the database
    answers, and its schema is the one this app needs. The last check failing means stop here."""
    checks: list[Check] = []
    if db.is_sqlite:
        with db.engine.connect() as conn:
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        checks.append(Check("database integrity", result == ["ok"], "; ".join(result[:5])))
        checks.append(Check("foreign keys", not fk, f"{len(fk)} dangling references" if fk else ""))
    else:
        where = db.engine.url.render_as_string(hide_password=True)
        try:
            with db.engine.connect() as conn:
                version = str(conn.exec_driver_sql("SELECT version()").scalar())
            checks.append(Check("database server", True, f"{where}: " + version.split(" on ")[0].split(",")[0]))
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
            checks.append(Check("database server", False, f"cannot reach {where}: {reason}"))
            return checks
    current, head = migrate.status(db)
    if current == head:
        detail = f"{current} (current)"
    elif current is None:
        detail = f"empty database: the app creates schema {head} on first start"
    else:
        detail = f"database {current}, app {head}: run `workbench migrate`"
    checks.append(Check("schema version", current == head or current is None, detail))
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
    check = Check(
        "item history",
        not missing_history,
        f"{len(missing_history)} items without a version: {', '.join(missing_history[:5])}" if missing_history else "",
    )
    if missing_history and repair:
        with db.write() as s:
            for item in s.scalars(select(KnowledgeItem).where(KnowledgeItem.slug.in_(missing_history))):
                s.add(KnowledgeVersion(item_id=item.id, version=item.version, action="repair",
                                       title=item.title, body=item.body, fields={},
                                       changed_by="doctor", changed_at=utcnow()))
        check.repaired, check.ok = True, True
    checks.append(check)
    check = Check("detected languages", not wrong_language,
                  f"{len(wrong_language)} items out of date" if wrong_language else "")
    if wrong_language and repair:
        with db.write() as s:
            for item in s.scalars(select(KnowledgeItem).where(KnowledgeItem.slug.in_(wrong_language))):
                s.execute(text("UPDATE knowledge_items SET language=:l WHERE id=:i"),
                          {"l": detect_language(f"{item.title}\n{item.body}"), "i": item.id})
        check.repaired, check.ok = True, True
    checks.append(check)

    checks.append(_index_lag(ws, repair))

    templates = ws.proposals.catalog.all()
    problems = ws.proposals.catalog.problems
    checks.append(Check(
        "proposal templates", not problems,
        "; ".join(f"{name}: {why}" for name, why in problems.items()) or f"{len(templates)} usable",
    ))
    from workbench.core.proposals.pdf import soffice

    checks.append(Check("PDF export (LibreOffice)", True, soffice() or "not installed: Word and Markdown export only"))

    home = ws.paths.home
    checks.append(Check("data folder writable", os.access(home, os.W_OK), str(home)))
    if db.is_sqlite:
        backups = sorted(ws.paths.backups.glob("*.sqlite"))
        newest = (dt.datetime.fromtimestamp(backups[-1].stat().st_mtime) if backups else None)
        recent = newest is not None and dt.datetime.now() - newest < dt.timedelta(days=8)
        check = Check("recent backup", recent,
                      f"newest {newest:%Y-%m-%d %H:%M}" if newest else "no backup yet")
        if not recent and repair:
            from workbench.core.db.backup import backup_sqlite

            backup_sqlite(db, ws.paths.backups, reason="doctor")
            check.repaired, check.ok = True, True
        checks.append(check)
    else:
        # the database lives on a server: its backups are the server's (file backups do not apply)
        checks.append(Check("backups", True, "made on the database server with its own tools (e.g. pg_dump), "
                                             "not by this app"))
    return checks
