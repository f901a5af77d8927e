"""Screenshots of matching by meaning from the real app with the demo knowledge base: a
requirement pasted in English on the Search screen ("Similar to a requirement…") finding Chinese
items that share none of its words (and narrowed to one kind by its facet pane), typed pinyin answered with the results for its Chinese
reading ("Showing results for 报价 · Search instead for baojia"), and the status
bar during the first build of the vectors (``meaning-first-build-*``).

    WORKBENCH_SHOTS=/tmp/shots WORKBENCH_SHOTS_SIZE=1280x720 xvfb-run -a .venv/bin/python scripts/screenshots_meaning.py

Like scripts/screenshots.py: each language in its own process; ``WORKBENCH_SHOTS`` names the
folder (default docs/screenshots), ``WORKBENCH_SHOTS_SIZE`` the window size (then in the names)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("WORKBENCH_SHOTS") or ROOT / "docs" / "screenshots")
SIZE = os.environ.get("WORKBENCH_SHOTS_SIZE", "")
REQUIREMENT = ("The whole platform must run on servers in our own machine room; "
               "no customer data may leave our network or touch a public cloud.")
PINYIN = "baojia"


def shoot(language: str) -> None:
    from PySide6.QtCore import QSettings, Qt, QTimer

    home = Path(tempfile.mkdtemp(prefix="wb-meaning-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qsettings"))
    from workbench.gui.app import build_window, create_app

    app = create_app()
    QSettings().setValue("ui/language", language)
    window, ctx = build_window(home)
    width, height = (int(n) for n in SIZE.split("x")) if SIZE else (1440, 860)
    window.resize(width, height)
    suffix = f"-{SIZE}" if SIZE else ""
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    search = window.search

    def wait(condition, then, tries: int = 2400) -> None:  # type: ignore[no-untyped-def]
        if condition() or tries == 0:
            then()
        else:
            QTimer.singleShot(50, lambda: wait(condition, then, tries - 1))

    def vectors_ready() -> bool:
        ws = ctx.ws
        return (ws is not None and window.indexer.is_ready and not window.indexer._meaning_running
                and ws.meaning.vectors.count() > 100)

    def similar() -> None:
        window.focus_search()
        search.find_similar_to(REQUIREMENT)  # what the dialog of "Similar to a requirement…" does
        wait(lambda: search.model.rowCount() > 0 and "%" not in search.notice.text(),
             lambda: QTimer.singleShot(600, lambda: (
                 window.grab().save(str(OUT / f"meaning-similar-{language}{suffix}.png")), narrowed())))

    def narrowed() -> None:
        """The similar items' kinds, counted in the facet pane: a click on the cases (what an
        engineer answering a requirement most often wants to cite) narrows them."""
        kinds = search.facet_lists["kind"]
        shown = search.similar_results
        rows = [kinds.item(i) for i in range(kinds.count())]
        kinds.itemClicked.emit(next((r for r in rows if r.data(Qt.ItemDataRole.UserRole) == "case"), rows[0]))
        wait(lambda: search.similar_results is not shown and search.similar_results is not None,
             lambda: QTimer.singleShot(600, lambda: (
                 window.grab().save(str(OUT / f"meaning-similar-filtered-{language}{suffix}.png")),
                 search.filters.clear(), pinyin())))

    def pinyin() -> None:
        search.box.setText(PINYIN)
        # typed pinyin answered with its Chinese reading ("Showing results for 报价"), its facets loaded
        wait(lambda: search.results is not None and search.results.request.text == PINYIN
             and search.facet_lists["kind"].count() > 0,
             lambda: QTimer.singleShot(600, lambda: (
                 window.grab().save(str(OUT / f"meaning-pinyin-{language}{suffix}.png")), app.quit())))

    progress_shot = [False]

    def first_build(done: int, total: int) -> None:  # the status bar while the vectors are computed
        if window.indexer._meaning_running and not progress_shot[0] and 0 < done < total:
            progress_shot[0] = True
            QTimer.singleShot(100, lambda: window.grab().save(str(OUT / f"meaning-first-build-{language}{suffix}.png")))

    window.indexer.progress.connect(first_build)
    wait(vectors_ready, similar)
    app.exec()
    ctx.runner.wait()


if __name__ == "__main__":
    if len(sys.argv) > 1:
        shoot(sys.argv[1])
    else:
        for lang in ("en", "zh_CN"):
            subprocess.run([sys.executable, __file__, lang], check=True, env=os.environ.copy())
        print("\n".join(str(p) for p in sorted(OUT.glob("meaning-*.png"))))
