"""Take the README's screenshots from the real app with the demo knowledge base.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshots.py

Each language runs in its own process (a translator is installed once per process)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PROPOSAL = {
    "customer": "华东某汽车零部件股份有限公司",
    "project_name": "设备预测性维护平台建设项目",
    "industry": "manufacturing",
    "customer_tier": "A",
    "requirements": "对 380 台数控机床进行设备接入与数据采集\n基于振动与温度数据实现预测性维护，降低非计划停机\n"
    "平台需私有化部署，数据不出厂，满足等保三级",
    "products": ["IoT平台", "数据中台"],
    "deployment": "私有化部署",
    "user_count": 300,
    "bid_deadline": "2026-12-20",
    "pricing": [
        {"item": "IoT平台软件许可", "quantity": 1, "unit": "套", "unit_price": "680000"},
        {"item": "设备接入网关", "quantity": 12, "unit": "台", "unit_price": "18500.50"},
        {"item": "实施服务", "quantity": 60, "unit": "人天", "unit_price": 3200},
    ],
    "discount_rate": 8,
    "tax_rate": 6,
}


def shoot(language: str) -> None:
    from PySide6.QtCore import QSettings, QTimer

    home = Path(tempfile.mkdtemp(prefix="wb-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qsettings"))
    from workbench.gui.app import build_window, create_app

    app = create_app()
    QSettings().setValue("ui/language", language)
    window, ctx = build_window(home)
    window.resize(1440, 860)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def wait(condition, then, tries: int = 200) -> None:  # type: ignore[no-untyped-def]
        if condition() or tries == 0:
            then()
        else:
            QTimer.singleShot(50, lambda: wait(condition, then, tries - 1))

    view = window.knowledge
    search = window.search

    query = "竞品降价 报价"

    def searching() -> None:
        window.focus_search()
        search.box.setText(query)
        wait(
            lambda: search.results is not None and search.results.request.text == query and search.similar.count() > 0,
            lambda: QTimer.singleShot(300, lambda: (window.grab().save(str(OUT / f"search-{language}.png")), knowledge())),
        )

    def knowledge() -> None:
        window.nav.setCurrentRow(1)
        view.select("objection-competitor-price-cut-zht") or view.table.selectRow(3)
        QTimer.singleShot(600, lambda: (window.grab().save(str(OUT / f"knowledge-{language}.png")), editor()))

    def editor() -> None:
        view.select("case-mfg-predictive-maintenance")
        view.edit_current()
        QTimer.singleShot(500, lambda: (view.editor.grab().save(str(OUT / f"editor-{language}.png")), proposals()))

    def proposals() -> None:
        view.editor.close()
        assert ctx.ws is not None
        created = ctx.ws.proposals.create(ctx.ws.actor(), "tech-proposal-zh", PROPOSAL).value
        window.proposals.reload(select=created.number)
        window.nav.setCurrentRow(2)
        wait(
            lambda: window.proposals.current is not None,
            lambda: QTimer.singleShot(800, lambda: (window.grab().save(str(OUT / f"proposals-{language}.png")), importing())),
        )

    def importing() -> None:
        window.nav.setCurrentRow(1)
        sample = home / "to-import"
        sample.mkdir()
        (sample / "faq-warranty.md").write_text(
            "---\nkind: faq\ntitle: 质保期多长？\ntags: [服务]\n---\n标准质保 12 个月，可购买延保。\n", encoding="utf-8"
        )
        (sample / "broken.md").write_text("没有元数据块的文件\n", encoding="utf-8")
        (sample / "scan.docx").write_bytes(b"PK\x03\x04 damaged")
        view.open_import()
        dialog = view.import_dialog
        dialog.add_paths([sample])
        dialog.finished_import.connect(
            lambda _r: QTimer.singleShot(300, lambda: (dialog.grab().save(str(OUT / f"import-{language}.png")), app.quit()))
        )
        dialog.run()

    wait(lambda: view.model.rowCount() > 100 and window.indexer.is_ready, searching)
    app.exec()
    ctx.runner.wait()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        shoot(sys.argv[1])
    else:
        for lang in ("en", "zh_CN"):
            subprocess.run([sys.executable, __file__, lang], check=True, env=os.environ.copy())
        print("\n".join(str(p) for p in sorted(OUT.glob("*.png"))))
