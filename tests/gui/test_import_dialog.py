"""The import dialog lists items changed in the app since the last import and refused files."""

from __future__ import annotations

from pathlib import Path

from tests import factories as f
from workbench.core.knowledge.model import ItemDraft
from workbench.gui.views.main_window import MainWindow

CSV = "id,Question,Answer\nfaq-sso,Do you support SSO?,SAML.\nfaq-ha,High availability?,Active-active.\n"


def _run(qtbot, window: MainWindow, *paths: Path):  # type: ignore[no-untyped-def]
    view = window.knowledge
    view.open_import()
    dialog = view.import_dialog
    assert dialog is not None
    dialog.add_paths(list(paths))
    with qtbot.waitSignal(dialog.finished_import, timeout=20_000) as signal:
        dialog.start.click()
    return dialog, signal.args[0]


def test_conflicts_kept_edits_and_refused_tables_are_listed(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = f.write(tmp_path / "faq.csv", CSV)
    dialog, report = _run(qtbot, window, path)
    assert report.added == 2 and dialog.conflicts.isHidden() and dialog.not_imported.isHidden()
    with qtbot.waitSignal(dialog.rejected, timeout=5_000):  # QDialog's own signal, not a list widget
        dialog.reject()
    dialog.close()

    ws = window.knowledge.ctx.ws
    assert ws is not None
    alice = ws.users.get("alice")
    for slug, body in (("faq-sso", "SAML and OIDC."), ("faq-ha", "Active-active, RPO 0.")):
        item = ws.knowledge.get(slug)
        ws.knowledge.update(alice, slug, ItemDraft(kind=item.kind, title=item.title, body=body, slug=slug,
                                                   owner=item.owner), item.version)
    f.write(path, CSV.replace("SAML.", "SAML and CAS."))
    too_big = f.write(tmp_path / "too-big.csv", "Question,Answer\n" + "".join(f"Q{n}?,A{n}.\n" for n in range(30)))
    ws.importer.max_rows = 20

    dialog, report = _run(qtbot, window, path, too_big)
    assert len(report.conflicts) == 1 and len(report.kept) == 1
    assert "conflicts 1" in dialog.summary.text() and "kept your newer edits 1" in dialog.summary.text()
    assert dialog.conflicts.isVisible() and dialog.conflicts.count() == 2
    conflict = dialog.conflicts.item(0).text()
    assert conflict.startswith("⚠ faq.csv, row 2: 'Do you support SSO?' was changed in the app by")
    assert dialog.conflicts.item(1).text().startswith("✓ faq.csv, row 3: 'High availability?': kept your newer edit")
    assert dialog.not_imported.isVisible() and dialog.not_imported.count() == 1
    assert dialog.not_imported.item(0).text() == (
        "too-big.csv: The table has 30 rows; one file may hold at most 20. Nothing was imported: "
        "split it into smaller files and import those.")
    assert ws.knowledge.get("faq-sso").body == "SAML and OIDC."


def test_a_big_table_shows_the_items_written_so_far(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = window.knowledge.ctx.ws
    assert ws is not None
    ws.importer.batch_items = 10
    ws.importer.batch_seconds = 600  # exactly 10 items a batch, however busy the machine
    path = f.write(tmp_path / "big.csv", "Question,Answer\n" + "".join(f"Q{n}?,A{n}.\n" for n in range(1, 36)))
    view = window.knowledge
    view.open_import()
    dialog = view.import_dialog
    assert dialog is not None
    dialog.add_paths([path])
    shown: list[str] = []
    set_format = dialog.progress.setFormat
    dialog.progress.setFormat = lambda text: (shown.append(text), set_format(text))  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.finished_import, timeout=20_000) as signal:
        dialog.start.click()
    assert signal.args[0].added == 35
    assert shown[0] == "0 of 1 files"
    items = [t for t in shown if t.endswith("items")]
    assert items == ["10 of 35 items", "20 of 35 items", "30 of 35 items", "35 of 35 items"]
