"""Re-importing a file never overwrites an edit made in the app since the last import: only the
file changed -> updated; only the app -> kept (reported); both -> a conflict (reported, not applied)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests import factories as f
from workbench.core.db.models import KnowledgeChange, KnowledgeVersion
from workbench.core.knowledge.importer import ImportReport
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace

CSV = "id,问题,回答\nfaq-sso,支持单点登录吗？,支持 SAML。\nfaq-sm4,支持国密吗？,支持 SM4。\nfaq-ha,支持高可用吗？,双活。\n"


def _import(ws: Workspace, path: Path) -> ImportReport:
    return ws.importer.run(ws.actor(), [path]).value


def _edit_in_app(ws: Workspace, name: str, slug: str, body: str) -> None:
    item = ws.knowledge.get(slug)
    draft = ItemDraft(kind=item.kind, title=item.title, body=body, slug=slug, owner=item.owner)
    ws.knowledge.update(ws.users.get(name), slug, draft, item.version)


def _versions(ws: Workspace) -> int:
    with ws.db.read() as s:
        return int(s.scalar(select(func.count(KnowledgeVersion.id))) or 0)


def test_app_edit_and_file_change_is_a_conflict_the_rest_imports(ws: Workspace, tmp_path: Path) -> None:
    path = f.write(tmp_path / "faq.csv", CSV)
    assert _import(ws, path).added == 3
    _edit_in_app(ws, "alice", "faq-sso", "支持 SAML 2.0 与 OIDC（alice 补充）。")
    f.write(path, CSV.replace("支持 SAML。", "支持 SAML、LDAP。").replace("双活。", "双活，RPO=0。"))

    report = _import(ws, path)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    [conflict] = report.conflicts
    assert (conflict.slug, conflict.title, conflict.by, conflict.row) == ("faq-sso", "支持单点登录吗？", "alice", 2)
    assert "alice" in conflict.reason("en") and "not applied" in conflict.reason("en")
    assert "支持单点登录吗？" in conflict.reason("zh") and "未采用" in conflict.reason("zh")
    assert not report.complete
    # the app's edit is kept, the other change applied
    assert ws.knowledge.get("faq-sso").body == "支持 SAML 2.0 与 OIDC（alice 补充）。"
    assert ws.knowledge.get("faq-ha").body == "双活，RPO=0。"
    # and it stays a conflict on every re-run until one side is made to match the other
    again = _import(ws, path)
    assert [c.slug for c in again.conflicts] == ["faq-sso"] and again.updated == 0


def test_app_edit_with_the_file_unchanged_is_kept_and_reported(ws: Workspace, tmp_path: Path) -> None:
    path = f.write(tmp_path / "faq.csv", CSV)
    _import(ws, path)
    _edit_in_app(ws, "alice", "faq-sm4", "支持 SM2/SM3/SM4。")
    ws.users.set_display_name(ws.actor(), "alice", "王丽丽")
    report = _import(ws, path)
    assert (report.updated, report.unchanged, report.conflicts) == (0, 2, [])
    [kept] = report.kept
    assert (kept.slug, kept.by) == ("faq-sm4", "王丽丽")  # named as people read it
    assert "kept your newer edit" in kept.reason("en") and "保留了您较新的修改" in kept.reason("zh")
    assert ws.knowledge.get("faq-sm4").body == "支持 SM2/SM3/SM4。"


def test_file_change_alone_updates_and_a_rerun_is_idempotent(ws: Workspace, tmp_path: Path) -> None:
    path = f.write(tmp_path / "faq.csv", CSV)
    _import(ws, path)
    ws.knowledge.record_use("faq-ha")  # using an item in a proposal is not an edit
    f.write(path, CSV.replace("双活。", "双活，RPO=0。"))
    report = _import(ws, path)
    assert (report.updated, report.unchanged, report.conflicts, report.kept) == (1, 2, [], [])
    assert ws.knowledge.get("faq-ha").body == "双活，RPO=0。"

    versions = _versions(ws)
    with ws.db.read() as s:
        changes = int(s.scalar(select(func.count(KnowledgeChange.id))) or 0)
    rerun = _import(ws, path)
    assert (rerun.added, rerun.updated, rerun.unchanged) == (0, 0, 3) and rerun.complete
    assert _versions(ws) == versions  # nothing written, nothing duplicated
    with ws.db.read() as s:
        assert int(s.scalar(select(func.count(KnowledgeChange.id))) or 0) == changes
    assert ws.knowledge.count() == 3


def test_an_item_made_in_the_app_is_not_overwritten_by_a_file_with_its_id(ws: Workspace, tmp_path: Path) -> None:
    alice = ws.users.get("alice")
    ws.knowledge.create(alice, ItemDraft(kind=Kind.FAQ, title="支持单点登录吗？", body="alice 写的。", slug="faq-sso"))
    report = _import(ws, f.write(tmp_path / "faq.csv", CSV))
    assert report.added == 2 and [c.slug for c in report.conflicts] == ["faq-sso"]
    assert ws.knowledge.get("faq-sso").body == "alice 写的。"


def test_a_conflict_is_resolved_by_making_the_file_match(ws: Workspace, tmp_path: Path) -> None:
    path = f.write(tmp_path / "faq.csv", CSV)
    _import(ws, path)
    _edit_in_app(ws, "alice", "faq-sso", "支持 SAML 与 OIDC。")
    f.write(path, CSV.replace("支持 SAML。", "支持 SAML 与 CAS。"))
    assert [c.slug for c in _import(ws, path).conflicts] == ["faq-sso"]
    # the person copies the app's text into the file: the two agree, and the file is in charge again
    f.write(path, CSV.replace("支持 SAML。", "支持 SAML 与 OIDC。"))
    assert _import(ws, path).complete
    f.write(path, CSV.replace("支持 SAML。", "支持 SAML、OIDC 与 CAS。"))
    report = _import(ws, path)
    assert report.updated == 1 and report.conflicts == []
    assert ws.knowledge.get("faq-sso").body == "支持 SAML、OIDC 与 CAS。"


def test_archiving_in_the_app_is_an_edit_the_import_keeps(ws: Workspace, tmp_path: Path) -> None:
    path = f.markdown_folder(tmp_path / "kb")
    _import(ws, path)
    ws.knowledge.archive(ws.users.get("alice"), "faq-on-premise")
    report = _import(ws, path)
    assert [k.slug for k in report.kept] == ["faq-on-premise"] and report.unchanged == 2
    assert ws.knowledge.get("faq-on-premise").status.value == "archived"


def test_items_imported_before_the_import_record_existed_update_after_the_migration(
        ws: Workspace, tmp_path: Path) -> None:
    """Migration 0008 fills the record for items whose latest change was an import: a file changed
    since updates them as before; an item edited in the app since is a conflict, never overwritten."""
    from alembic import command

    from workbench.core.db import migrate

    path = f.write(tmp_path / "faq.csv", CSV)
    _import(ws, path)
    _edit_in_app(ws, "alice", "faq-ha", "Alice's answer.")
    cfg = migrate._config()
    with ws.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
    assert migrate.upgrade(ws.db, explicit=True)

    assert _import(ws, path).unchanged == 2  # the file as imported: nothing to do
    f.write(path, CSV.replace("支持 SAML。", "支持 SAML、LDAP。").replace("双活。", "双活，RPO=0。"))
    report = _import(ws, path)
    assert report.updated == 1 and [c.slug for c in report.conflicts] == ["faq-ha"]
    assert ws.knowledge.get("faq-sso").body == "支持 SAML、LDAP。"
    assert ws.knowledge.get("faq-ha").body == "Alice's answer."
