"""The fixed cost of a search cut without changing what it answers: English stems marked by a
pattern the regex engine can skip ahead by (the same marks as the look-behind-first pattern),
the index on disk looked at once a search (yet a commit made meanwhile is seen), and the check
that hits still exist run on the driver's cursor (a hit the database lost is still dropped)."""

from __future__ import annotations

import os
import random
import re
import threading
import time

import pytest
from sqlalchemy import delete, select

from workbench.core.db.models import KnowledgeItem
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import snippets
from workbench.core.search.analysis import term_of
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace


def _reference_marks(text: str, terms: list[str]) -> str:
    """Marks as the former pattern set them: each English stem led by its look-behind; a word
    that merely starts with a stem, and does not stem to it, left unmarked."""
    ordered = sorted(set(snippets.highlight_terms(terms)), key=lambda t: (-len(t), t))
    parts = [r"(?<![a-z0-9])" + re.escape(t) + r"[a-z0-9]*" if t.isascii() and t[:1].isalnum() else re.escape(t)
             for t in ordered]
    spans: list[tuple[int, int]] = []
    for m in re.finditer("|".join(parts), text):
        word = m.group()
        if word.isascii() and word[:1].isalnum() and word not in ordered and term_of(word) not in ordered:
            continue
        if spans and m.start() <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(m.end(), spans[-1][1]))
        else:
            spans.append((m.start(), m.end()))
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], snippets.START, text[start:end], snippets.END]
        at = end
    return "".join(out) + text[at:]


def test_english_stems_are_marked_exactly_where_the_look_behind_first_pattern_marked_them() -> None:
    rnd = random.Random(17)
    letters = "ab1 -.中文x"  # folding leaves these as they are: offsets map one to one
    compared = 0
    for _ in range(3000):
        terms = ["".join(rnd.choice(letters) for _ in range(rnd.randint(1, 3))).strip() for _ in range(rnd.randint(1, 4))]
        terms = [t for t in terms if t]
        text = "".join(rnd.choice(letters) for _ in range(rnd.randint(0, 40))).strip()
        if not terms or not text:
            continue
        assert snippets.marked_title(text, terms) == _reference_marks(text, terms), (text, terms)
        compared += 1
    assert compared > 2000
    # and the cases the look-behind is for: a stem marks its inflections, never a word's middle
    marked = snippets.render(snippets.marked_title("redeploy, deployment and deploy", ["deploy"]))[0]
    assert marked == "redeploy, **deployment** and **deploy**"
    # a word that only starts like the stem is another word: the item was not found by it
    marked = snippets.render(snippets.marked_title("Customers asked for customisations on the runway; we run it",
                                                   ["custom", "run"]))[0]
    assert marked == "**Customers** asked for customisations on the runway; we **run** it"


def test_marks_found_term_by_term_are_the_patterns_own() -> None:
    """Where the terms occur a few times they are found with str.find, more often by the pattern:
    the marks are the pattern's either way (overlapping terms, stems, terms inside one another)."""
    rnd = random.Random(23)
    letters = "aab de-中文中 x1"
    many = few = 0
    for _ in range(600):
        terms = ["".join(rnd.choice(letters) for _ in range(rnd.randint(1, 3))).strip() for _ in range(rnd.randint(1, 4))]
        terms = [t for t in terms if t]
        text = "".join(rnd.choice(letters) for _ in range(rnd.choice((30, 200, 2000)))).strip()
        if not terms or not text:
            continue
        marked = snippets.marked_title(text, terms)
        assert marked == _reference_marks(text, terms), (text, terms)
        occurrences = sum(text.count(t) for t in terms)
        many += occurrences > 2 * snippets.FIND_LIMIT
        few += 0 < occurrences < snippets.FIND_LIMIT // 2
    assert many > 100 and few > 100  # both ways compared


def _commit_in_another_index(ws: Workspace) -> None:
    """What another process does: its own index object on the same folder syncs and commits."""
    from workbench.core.search.index import SearchIndex

    other = SearchIndex(ws.index.folder, ws.db, parallel_rebuild=False)
    try:
        other.ensure()
    finally:
        other.close()


def test_a_commit_by_another_process_between_two_searches_is_seen(ws: Workspace) -> None:
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="甲方说明", body="qqwordone 在这里", slug="faq-one"))
    ws.index.sync()
    assert [h.id for h in ws.search.search(SearchRequest(text="qqwordone")).hits] == ["faq-one"]
    assert not ws.search.search(SearchRequest(text="qqwordtwo")).hits
    # another process's index object on the same folder commits: this one's next search sees it
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="乙方说明", body="qqwordtwo 在这里", slug="faq-two"))
    _commit_in_another_index(ws)
    assert [h.id for h in ws.search.search(SearchRequest(text="qqwordtwo")).hits] == ["faq-two"]
    # and within one search the disk is looked at once: the generation stays what it first saw
    with ws.index.one_look():
        first = ws.index.generation()
        assert ws.index.generation() == first


def test_a_hit_whose_item_the_database_lost_is_dropped_and_forgotten(ws: Workspace) -> None:
    for n in range(3):
        ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title=f"条目{n}", body="qqshared 共同的词",
                                                  slug=f"faq-shared-{n}"))
    ws.index.sync()
    assert {h.id for h in ws.search.search(SearchRequest(text="qqshared")).hits} == {f"faq-shared-{n}" for n in range(3)}
    with ws.db.write() as session:  # behind the log's back, as a hand-made repair would
        session.execute(delete(KnowledgeItem).where(KnowledgeItem.slug == "faq-shared-1"))
    ws.search.forget()
    assert {h.id for h in ws.search.search(SearchRequest(text="qqshared")).hits} == {"faq-shared-0", "faq-shared-2"}
    with ws.db.read() as session:
        assert session.scalar(select(KnowledgeItem.slug).where(KnowledgeItem.slug == "faq-shared-0"))
    with ws.index.searcher() as s:  # this laptop's index forgot it
        assert s.document(id="faq-shared-1") is None



def test_a_word_counted_before_a_save_is_counted_again_after_it(ws: Workspace) -> None:
    # document frequencies are remembered per index version: a word the index lacked is offered a
    # correction, and once an item holding it is saved it is found as typed, with no correction
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="部署说明", body="kubernetes cluster rollout",
                                              slug="faq-rollout"))
    ws.index.sync()
    before = ws.search.search(SearchRequest(text="kubernetez"))
    assert not before.hits and before.suggestion == "kubernetes"
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="拼写", body="kubernetez appears here",
                                              slug="faq-typo-word"))
    ws.index.sync()
    after = ws.search.search(SearchRequest(text="kubernetez"))
    assert [h.id for h in after.hits] == ["faq-typo-word"] and after.suggestion is None


def test_a_settled_index_is_not_listed_every_search_yet_a_commit_by_another_process_is_seen(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.filedb.filestore import FileStorage

    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="甲方说明", body="qqsettled 在这里", slug="faq-settled"))
    ws.index.sync()
    assert [h.id for h in ws.search.search(SearchRequest(text="qqsettled")).hits] == ["faq-settled"]
    for thread in threading.enumerate():  # what the first search prepares in the background
        if thread.name in ("did-you-mean tables", "postings arrays", "hit records"):
            thread.join()
    long_ago = time.time() - 3600  # the folder last changed an hour ago
    os.utime(ws.index.folder, (long_ago, long_ago))
    listings: list[int] = []
    listing = FileStorage.list

    def counted(self: FileStorage) -> list[str]:
        listings.append(1)
        return list(listing(self))

    monkeypatch.setattr(FileStorage, "list", counted)
    assert [h.id for h in ws.search.search(SearchRequest(text="qqsettled")).hits] == ["faq-settled"]
    looked = len(listings)
    for _ in range(3):
        assert [h.id for h in ws.search.search(SearchRequest(text="qqsettled", page=1, per_page=5)).hits] == ["faq-settled"]
    assert len(listings) == looked  # the folder's stamp was unchanged: nothing listed again
    # another process commits: the folder changes, and the next search sees the new item
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="乙方", body="qqsettled 又一个", slug="faq-settled-2"))
    _commit_in_another_index(ws)
    assert {h.id for h in ws.search.search(SearchRequest(text="qqsettled")).hits} == {"faq-settled", "faq-settled-2"}
