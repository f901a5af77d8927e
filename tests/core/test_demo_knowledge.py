"""The demo knowledge base that ships with the app loads cleanly and is what we promise."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.backends import Backend
from workbench.core.knowledge.importer import collect_files, read_drafts
from workbench.core.knowledge.model import INDUSTRIES, ItemFilter
from workbench.core.paths import demo_knowledge_dir
from workbench.core.workspace import Workspace


def test_every_demo_file_parses() -> None:
    files, rejected = collect_files([demo_knowledge_dir()])
    assert not rejected
    for path in files:
        assert read_drafts(path), path


def test_demo_loads_on_first_start_with_its_mix(demo_ws: Workspace) -> None:
    items = demo_ws.knowledge.items(ItemFilter(include_archived=True))
    kinds = Counter(i.kind.value for i in items)
    languages = Counter(i.language for i in items)
    industries = Counter(i.industry for i in items)
    assert len(items) >= 120
    assert kinds["case"] >= 40 and kinds["faq"] >= 40 and kinds["objection"] >= 30
    assert languages["en"] >= 15 and languages["zh-Hant"] >= 10
    assert languages["zh-Hans"] > len(items) / 2
    assert set(INDUSTRIES) <= set(industries)
    assert any(i.is_stale() for i in items)  # freshness is visible out of the box


def test_demo_is_loaded_once(backend: Backend, demo_home: Path) -> None:
    ws = Workspace.open(backend.settings(demo_home))
    try:
        before = ws.knowledge.count()
        slug = ws.knowledge.items()[0].slug
        ws.knowledge.archive(ws.actor(), slug)
        assert ws.load_demo_once() is None
        assert ws.knowledge.count() == before
    finally:
        ws.close()
