"""The two ways an index is written give the same index: a rebuild from the database, and a
laptop following the change log item by item (saves, edits, archives applied by ``sync``).
Compared term by term: every field's postings (which items, how often, at which positions)
and every item's stored fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests import factories as f
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace


def _contents(ws: Workspace) -> tuple[dict[str, dict[str, Any]], set[tuple[Any, ...]]]:
    """Stored fields per item, and (field, term, item, weight, positions) for every posting of
    a live (not deleted) document."""
    stored: dict[str, dict[str, Any]] = {}
    postings: set[tuple[Any, ...]] = set()
    with ws.index.searcher() as s:
        reader = s.reader()
        slug_of = {}
        for docnum, fields in reader.iter_docs():
            slug_of[docnum] = fields["id"]
            stored[fields["id"]] = dict(fields)
        for field in s.schema.names():
            if not s.schema[field].indexed:
                continue
            for term in reader.lexicon(field):
                matcher = reader.postings(field, term)
                while matcher.is_active():
                    docnum = matcher.id()
                    if docnum in slug_of:
                        positions = tuple(matcher.value_as("positions")) if field == "content" else ()
                        postings.add((field, term, slug_of[docnum], matcher.weight(), positions))
                    matcher.next()
    return stored, postings


def test_a_rebuild_writes_what_following_the_log_wrote(ws: Workspace, tmp_path: Path) -> None:
    ws.index.ensure()  # an index following the log from the start (built while empty)
    built = ws.index.rebuilds
    assert ws.index.doc_count() == 0
    me = ws.actor()
    ws.importer.run(me, [f.markdown_folder(tmp_path / "kb"), f.write(tmp_path / "faq.csv", f.FAQ_CSV_ZH),
                         f.write(tmp_path / "faq_en.csv", f.FAQ_CSV_EN)])
    made = ws.knowledge.create(me, ItemDraft(kind=Kind.FAQ, slug="dengbao-level-3", title="是否支持等保三级？", body="支持，已通过等保三级测评。",
                                             tags=("等保",), industry="finance")).value
    ws.index.sync()
    ws.knowledge.update(me, made.slug, ItemDraft(kind=Kind.FAQ, slug=made.slug, title="是否支持等保三级？",
                                                 body="支持，已通过等保三级测评，附证书编号。", tags=("等保", "合规"),
                                                 industry="finance"), made.version)
    archived = ws.knowledge.items()[0].slug
    ws.knowledge.archive(me, archived)
    assert ws.index.sync() > 0
    assert ws.index.rebuilds == built  # all of it written item by item
    followed = _contents(ws)

    ws.index.rebuild()
    rebuilt = _contents(ws)

    assert len(followed[0]) == ws.knowledge.count() >= 7
    assert rebuilt[0] == followed[0]
    assert rebuilt[1] == followed[1]
    assert any(p[0] == "content" and p[2] == made.slug and p[4] for p in rebuilt[1])  # positions compared
