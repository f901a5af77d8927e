"""Matching by meaning on the Search screen: once the vectors are built in the background, a
requirement pasted in English finds Chinese items that share none of its words, and the list
says why they are there ("Similar in meaning") where a keyword hit shows its shared words."""

from __future__ import annotations

import threading
from pathlib import Path

from workbench.gui.app import build_window, create_app
from workbench.gui.models.search_results import hit_html
from workbench.gui.views.main_window import MainWindow


def test_a_pasted_english_requirement_finds_chinese_items_similar_in_meaning(  # type: ignore[no-untyped-def]
        qtbot, meaning_built: MainWindow) -> None:
    demo_window = meaning_built
    ws = demo_window.ctx.ws
    assert ws is not None
    view = demo_window.search
    with qtbot.waitSignal(view.searched, timeout=20_000) as sig:
        view.find_similar_to("Can the whole platform be installed on servers in our own machine room, "
                             "with nothing in the public cloud?")
    hits = sig.args[0].hits
    meaning_only = [h for h in hits if h.by_meaning_only]
    assert meaning_only and all(h.matched == () for h in meaning_only)
    assert any(ws.knowledge.get(h.id).language.startswith("zh") for h in meaning_only)
    delegate = view.list.itemDelegate()
    assert "Similar in meaning" in hit_html(meaning_only[0], "Matched:", delegate._meaning_label)  # type: ignore[attr-defined]
    words = next(h for h in hits if h.matched)
    shown = hit_html(words, "Matched:", delegate._meaning_label)  # type: ignore[attr-defined]
    assert "Matched:" in shown and "Similar in meaning" not in shown


def test_the_first_build_runs_off_the_ui_thread_with_its_progress_in_the_status_bar(  # type: ignore[no-untyped-def]
        qtbot, demo_home: Path) -> None:
    """A library's first build encodes every item: on a worker thread, while the window goes on
    answering (the progress reaches the status bar during the build, not after it), the status
    bar saying how far it is and then that it is ready."""
    create_app()
    win, ctx = build_window(demo_home)
    qtbot.addWidget(win)
    shown: list[str] = []
    threads: list[threading.Thread] = []
    # connected after the main window's own connection: the label already shows the message
    win.indexer.status.connect(lambda _m: shown.append(win.state_label.text()))

    def watch_sync() -> None:  # after the keeper's own ready slot, before its first sync
        ws = ctx.ws
        assert ws is not None
        sync = ws.meaning.sync

        def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
            threads.append(threading.current_thread())
            return sync(*args, **kwargs)

        ws.meaning.sync = recorded  # type: ignore[method-assign]

    ctx.ready.connect(watch_sync)
    win.show()
    try:
        qtbot.waitUntil(lambda: "Matching by meaning ready" in shown, timeout=180_000)
        progress = [m for m in shown if m.startswith("Preparing matching by meaning:")]
        assert progress, shown
        total = ctx.ws.knowledge.count()  # type: ignore[union-attr]
        assert progress[0] == f"Preparing matching by meaning: 64 of {total} items"
        assert shown.index(progress[0]) < shown.index("Matching by meaning ready")
        assert threads and all(t is not threading.main_thread() for t in threads)
        assert ctx.ws.meaning.vectors.count() == total  # type: ignore[union-attr]
    finally:
        win.indexer.stop()
        ctx.runner.wait()
        if ctx.ws is not None:
            ctx.ws.close()
