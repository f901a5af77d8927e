"""Typed pinyin that finds nothing is answered with the search for its Chinese reading, saying
so (``searched_for``), with the way back (``as_typed``) and the other readings still offered
(core/search/instead.py): through the Workspace, on a real index."""

from __future__ import annotations

from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.meaning.fusion import WORDS
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

ITEMS = [
    ("faq-quote", "报价单多久有效？", "报价自发出之日起三十天内有效，过期需要重新报价。"),
    ("faq-quote-change", "报价可以调整吗？", "签约前报价可按配置调整。"),
    ("faq-insured", "运输保价怎么收费？", "运输保价另行收费。"),
    ("case-beijing", "北京机房扩容", "北京机房完成扩容，客户满意。"),
    ("faq-sm4", "是否支持国密算法？", "支持国密 SM4 加密存储，SM4 密钥由客户保管。"),
    ("faq-sm4-en", "SM4 key custody", "SM4 keys are held by the customer."),
    ("faq-onprem", "支持私有化部署吗？", "支持私有化部署，数据不出客户机房。"),
    ("faq-quote-en", "How long is a quote valid?", "A quote is valid for thirty days."),
]


def _library(ws: Workspace) -> Workspace:
    actor = ws.actor()
    for slug, title, body in ITEMS:
        ws.knowledge.create(actor, ItemDraft(kind=Kind.FAQ, slug=slug, title=title, body=body))
    ws.index.ensure()
    ws.index.sync()
    return ws


def _ids(results: object) -> set[str]:
    return {h.id for h in results.hits}  # type: ignore[attr-defined]


def test_typed_pinyin_that_finds_nothing_shows_the_results_for_its_reading_and_says_so(ws: Workspace) -> None:
    _library(ws)
    results = ws.search.search(SearchRequest(text="baojia jiage"))  # no item says either word
    assert results.searched_for is None and results.hits == []  # no reading: nothing to show
    results = ws.search.search(SearchRequest(text="baojia"))
    assert results.request.text == "baojia"  # the typed request: the box still shows what was typed
    assert results.searched_for == "报价" and results.readings[0] == "报价"
    assert {"faq-quote", "faq-quote-change"} <= _ids(results)
    assert all(WORDS in h.found_by for h in results.hits if h.id.startswith("faq-quote"))
    assert results.suggestion is None  # the reading is shown, not asked about
    # exactly what searching 报价 finds, in the same order
    assert [h.id for h in results.hits] == [h.id for h in ws.search.search(SearchRequest(text="报价")).hits]
    # the facets are those of what was searched
    facets, total = ws.search.facets(results.searched_request)
    assert total == results.total and dict(facets["kind"]) == {"faq": total}
    # a later page goes on with the reading
    second = ws.search.search(SearchRequest(text="baojia", per_page=1, page=2))
    assert second.searched_for == "报价" and len(second.hits) == 1


def test_homophones_are_never_searched_together_the_others_stay_offered(ws: Workspace) -> None:
    _library(ws)
    results = ws.search.search(SearchRequest(text="baojia"))
    # 报价 is in three items, 保价 in one: the most used reading is searched, 保价 offered beside it
    assert results.searched_for == "报价" and results.readings == ("报价", "保价")
    assert "faq-insured" not in _ids(results)  # 保价's item is not among 报价's results
    other = ws.search.search(SearchRequest(text=results.readings[1]))
    assert _ids(other) == {"faq-insured"}


def test_search_instead_for_the_typed_text_searches_it_as_it_is(ws: Workspace) -> None:
    _library(ws)
    typed = ws.search.search(SearchRequest(text="baojia", as_typed=True))
    assert typed.searched_for is None and typed.request.as_typed
    assert not [h for h in typed.hits if WORDS in h.found_by]  # no item has the word "baojia"
    # still offered as a question: did you mean 报价 / 保价
    assert typed.suggestion == "报价" and typed.readings == ("报价", "保价")
    assert typed.searched_request == typed.request


def test_initials_are_offered_never_searched_instead(ws: Workspace) -> None:
    _library(ws)
    results = ws.search.search(SearchRequest(text="bj"))
    assert results.searched_for is None and results.hits == []
    assert {"报价", "北京", "保价"} <= set(results.readings) and results.suggestion == results.readings[0]


def test_a_query_that_finds_something_is_never_replaced(ws: Workspace) -> None:
    _library(ws)
    ws.knowledge.create(ws.actor(), ItemDraft(kind=Kind.FAQ, slug="faq-hotel", title="Baojia Hotel booking",
                                              body="The Baojia Hotel near the venue takes group bookings."))
    ws.index.sync()
    # a name that happens to be pinyin: the item that says it is found, no reading offered
    hotel = ws.search.search(SearchRequest(text="Baojia"))
    assert _ids(hotel) >= {"faq-hotel"} and hotel.searched_for is None and hotel.readings == ()
    # the typed words find an item with some of them; the reading ("booking 北京") finds no item
    # with every word either: the typed text's answer stays, the reading is offered
    some = ws.search.search(SearchRequest(text="booking beijing"))
    assert some.searched_for is None and some.matched_any and _ids(some) == {"faq-hotel"}
    assert some.readings == ("booking 北京",)
    # Simplified, Traditional and English queries are searched as typed, nothing offered
    for text, slug in (("报价", "faq-quote"), ("報價", "faq-quote"), ("quote", "faq-quote-en"), ("SM4", "faq-sm4")):
        results = ws.search.search(SearchRequest(text=text))
        assert slug in _ids(results) and results.searched_for is None and results.readings == (), text


def test_pinyin_mixed_with_words_and_several_syllable_groups(ws: Workspace) -> None:
    _library(ws)
    # "SM4" is a word of the library and stays as typed; alone it matched only some of the words
    mixed = ws.search.search(SearchRequest(text="guomi SM4"))
    assert mixed.searched_for == "国密 SM4" and [h.id for h in mixed.hits][:1] == ["faq-sm4"]
    groups = ws.search.search(SearchRequest(text="siyouhua bushu"))
    assert groups.searched_for in {"私有化部署", "私有化 部署"} and _ids(groups) == {"faq-onprem"}


def test_similar_to_a_requirement_reads_typed_pinyin_the_same_way(ws: Workspace) -> None:
    _library(ws)
    found = ws.search.similar_to("siyouhua bushu", limit=5)
    assert found.searched_for in {"私有化部署", "私有化 部署"} and [h.id for h in found.hits][:1] == ["faq-onprem"]
    typed = ws.search.similar_to("siyouhua bushu", limit=5, as_typed=True)
    assert typed.searched_for is None and not [h for h in typed.hits if h.matched]
    assert typed.readings and typed.readings[0] == found.searched_for
    # a requirement in words is compared as it is
    words = ws.search.similar_to("报价多久有效", limit=5)
    assert words.searched_for is None and [h.id for h in words.hits][:1] == ["faq-quote"]
