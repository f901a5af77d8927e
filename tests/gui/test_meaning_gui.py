"""Matching by meaning on the Search screen: once the vectors are built in the background, a
requirement pasted in English finds Chinese items that share none of its words, and the list
says why they are there ("Similar in meaning") where a keyword hit shows its shared words."""

from __future__ import annotations

from workbench.gui.models.search_results import hit_html
from workbench.gui.views.main_window import MainWindow


def test_a_pasted_english_requirement_finds_chinese_items_similar_in_meaning(  # type: ignore[no-untyped-def]
        qtbot, demo_window: MainWindow) -> None:
    ws = demo_window.ctx.ws
    assert ws is not None
    # the first build runs on the CPU pool after the index is ready (never on the UI thread)
    qtbot.waitUntil(lambda: ws.meaning.vectors.encoded >= 100 and not demo_window.indexer._meaning_running,
                    timeout=120_000)
    view = demo_window.search
    with qtbot.waitSignal(view.searched, timeout=20_000) as sig:
        view.find_similar_to("Can the whole platform be installed on servers in our own machine room, "
                             "with nothing in the public cloud?")
    hits = sig.args[0]
    meaning_only = [h for h in hits if h.by_meaning_only]
    assert meaning_only and all(h.matched == () for h in meaning_only)
    assert any(ws.knowledge.get(h.id).language.startswith("zh") for h in meaning_only)
    delegate = view.list.itemDelegate()
    assert "Similar in meaning" in hit_html(meaning_only[0], "Matched:", delegate._meaning_label)  # type: ignore[attr-defined]
    words = next(h for h in hits if h.matched)
    shown = hit_html(words, "Matched:", delegate._meaning_label)  # type: ignore[attr-defined]
    assert "Matched:" in shown and "Similar in meaning" not in shown
