"""Search on hostile input: items and queries of any size are answered with bounded work
(counted, never timed), highlights that mark words and not stray characters, and alphabets the
segmenter would cut into letters (Arabic, Hebrew) searchable word by word."""

from __future__ import annotations

import re

from tests.core.test_search import searchable  # noqa: F401  (the demo workspace, per backend)
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.search import snippets
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

_MARKED = re.compile(r"\*\*(.+?)\*\*")


def test_a_huge_item_full_of_its_word_gets_a_snippet_from_a_bounded_scan(ws: Workspace) -> None:
    # ~190,000 matches in a 4.7 MB item: the snippet shows them marked, and folding/matching
    # looked at one chunk of the text, not all of it (every match was once compared with every other)
    body = ("我们提供私有化部署方案，" * 400_000)[:4_700_000]
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, title="大条目", body=body, slug="faq-huge"))
    ws.index.sync()
    before = snippets.work["chars_scanned"]
    results = ws.search.search(SearchRequest(text="私有化部署"))
    scanned = snippets.work["chars_scanned"] - before
    hit = next(h for h in results.hits if h.id == "faq-huge")
    assert _MARKED.findall(hit.snippet)
    assert set(_MARKED.findall(hit.snippet)) <= {"私有化部署"}
    assert len(hit.snippet.replace("**", "")) <= 222  # the window and its ellipses
    per_hit = snippets.CHUNK + snippets.OVERLAP + len("大条目")
    assert scanned <= per_hit * max(1, len(results.hits)) < len(body)


def test_a_match_deep_in_a_long_item_is_still_shown() -> None:
    text = "前言说明。" * 8_000 + "这里写着数据迁移的回滚方案。" + "结尾。" * 100
    snippet, _html = snippets.render(snippets.marked_snippet(text, ["数据迁移", "回滚"], markdown=False))
    assert _MARKED.findall(snippet) == ["数据迁移", "回滚"]
    assert snippet.startswith("…") and snippet.endswith("…")


def test_long_queries_do_not_mark_single_characters(searchable: Workspace) -> None:  # noqa: F811
    paragraph = "投标人须提供私有化部署方案，支持等保三级测评，企业须具备国家认可的资质，每个人都要有培训计划"
    results = searchable.search.search(SearchRequest(text=paragraph))
    assert results.hits
    marked = [m for h in results.hits for m in _MARKED.findall(h.snippet) + _MARKED.findall(h.title_html.replace("<b>", "**").replace("</b>", "**"))]
    assert marked  # the words still are
    assert not [m for m in marked if len(m) == 1 and not m.isascii()], marked
    # a short query of one character is marked where it stands
    assert snippets.highlight_terms(["人"]) == ("人",)
    assert "人" not in snippets.highlight_terms(["人", "家", "企", "私有化", "部署", "方案"])


def test_a_snippet_window_never_cuts_a_marked_word_in_two() -> None:
    # the window holding most matches ends between 系 and 统 of its second match, and another
    # starts 10 characters into a match: the edges move off the words instead of marking 系 alone
    text = "前言" * 50 + "系统" + "中" * 187 + "系统" + "后记" * 200
    snippet, _html = snippets.render(snippets.marked_snippet(text, ["系统"], markdown=False))
    assert _MARKED.findall(snippet) == ["系统"], snippet
    assert len(snippet.replace("**", "")) <= 222
    lo_cut = "前" * 100 + "数据迁移" + "回" * 28 + "数据迁移" + "回" * 154 + "数据迁移，" * 5 + "尾" * 300
    snippet, _html = snippets.render(snippets.marked_snippet(lo_cut, ["数据迁移"], markdown=False))
    assert set(_MARKED.findall(snippet)) == {"数据迁移"}, snippet


def test_a_pasted_requirement_marks_no_lone_character_at_a_snippet_edge(searchable: Workspace) -> None:  # noqa: F811
    # seen in the window: 旧**系**… at the end of a demo objection's snippet for this paragraph
    paragraph = ("投标人须提供私有化布署方案并支持等保三级测评，说明数据迁移的回滚机制与培训计划安排，系统应支持LDAP单点登录、"
                 "国密算法、双活高可用，提供七乘二十四小时驻场运维服务及季度巡检报告")
    for text in (paragraph[:60], paragraph):
        hits = searchable.search.search(SearchRequest(text=text, per_page=50)).hits
        marked = [m for h in hits for m in _MARKED.findall(h.snippet)]
        assert marked
        assert not [m for m in marked if len(m) == 1 and not m.isascii()], marked


def test_did_you_mean_never_offers_a_pasted_paragraph_back(searchable: Workspace) -> None:  # noqa: F811
    # a typo (布署) in a pasted requirement: no paragraph with one character changed
    paragraph = "投标人须提供私有化布署方案并支持等保三级测评，说明数据迁移的回滚机制与培训计划安排"
    assert searchable.search.search(SearchRequest(text=paragraph)).suggestion is None
    assert searchable.search.search(SearchRequest(text="中" * 10_000)).suggestion is None
    long_typo = ("私有化布署 " * 2_000)[:10_000]
    assert searchable.search.search(SearchRequest(text=long_typo)).suggestion is None
    # what people type is still corrected
    assert searchable.search.search(SearchRequest(text="私有化布署")).suggestion == "私有化部署"


def test_arabic_and_hebrew_items_are_found_by_their_words(ws: Workspace) -> None:
    ws.knowledge.create(ws.actor(), ItemDraft(
        kind=Kind.FAQ, title="نظام إدارة علاقات العملاء", body="نقدم دعمًا فنيًا على مدار الساعة، ونشر محلي للبيانات.",
        slug="faq-arabic"))
    ws.knowledge.create(ws.actor(), ItemDraft(
        kind=Kind.FAQ, title="מערכת ניהול לקוחות", body="אנו מספקים תמיכה טכנית מסביב לשעון ופריסה מקומית.",
        slug="faq-hebrew"))
    ws.index.sync()
    for query, slug, word in (("العملاء", "faq-arabic", "العملاء"), ("الساعة", "faq-arabic", "الساعة"),
                              ("لقوחות", None, None), ("לקוחות", "faq-hebrew", "לקוחות"),
                              ("תמיכה טכנית", "faq-hebrew", "תמיכה")):
        hits = ws.search.search(SearchRequest(text=query)).hits
        if slug is None:
            assert not hits  # mixed letters are no word of either item
            continue
        assert [h.id for h in hits] == [slug], (query, [h.id for h in hits])
        marked = _MARKED.findall(hits[0].snippet) + re.findall(r"<b>(.+?)</b>", hits[0].title_html)
        assert word in marked, (query, marked)
    # vowel marks typed in the query are ignored, as in the text
    hits = ws.search.search(SearchRequest(text="الْعُمَلَاء")).hits
    assert [h.id for h in hits] == ["faq-arabic"]
    # a word of one item is not found in the other script's item by its letters
    assert not ws.search.search(SearchRequest(text="ل")).hits or all(
        h.id != "faq-hebrew" for h in ws.search.search(SearchRequest(text="ل")).hits)
