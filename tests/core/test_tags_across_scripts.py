"""A tag is one tag in Simplified and Traditional script and in any letter case: 报价 is 報價.
The demo knowledge base has both spellings (報價 on the Traditional competitor objection)."""

from __future__ import annotations

from workbench.core.knowledge.model import ItemDraft, ItemFilter, Kind
from workbench.core.knowledge.tags import merge_tag_counts, tag_key, unique_tags
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

TRADITIONAL = "objection-competitor-price-cut-zht"  # tagged 報價


def test_the_key_folds_script_and_case_and_keeps_other_tags_apart() -> None:
    assert tag_key("報價") == tag_key("报价") == "报价"
    assert tag_key(" SaaS ") == tag_key("saas")
    assert tag_key("报价") != tag_key("报表")
    assert unique_tags(["報價", "ROI", "报价", "roi", "竞品"]) == ["報價", "ROI", "竞品"]
    assert merge_tag_counts([("报价", 3), ("報價", 1), ("竞品", 2)]) == [("报价", 4), ("竞品", 2)]


def test_a_filter_by_tag_finds_every_spelling(demo_ws: Workspace) -> None:
    demo_ws.index.ensure()
    for typed in ("报价", "報價"):
        listed = {i.slug for i in demo_ws.knowledge.items(ItemFilter(tag=typed))}
        found = {h.id for h in demo_ws.search.search(SearchRequest(tag=typed, per_page=200)).hits}
        assert TRADITIONAL in listed and "faq-pricing-model" in listed
        assert found == listed


def test_facets_and_suggestions_name_a_tag_once(demo_ws: Workspace) -> None:
    demo_ws.index.ensure()
    tags = demo_ws.knowledge.facets().tags
    assert "报价" in tags and "報價" not in tags  # the most used spelling stands for both
    assert len({tag_key(t) for t in tags}) == len(tags)
    suggested = demo_ws.search.suggest_tags("竞品降价，客户要求我们报价更低，報價要有竞争力", existing=("報價",), limit=8)
    assert suggested and all(tag_key(t) != "报价" for t in suggested)
    assert len({tag_key(t) for t in suggested}) == len(suggested)


def test_one_item_keeps_one_spelling_of_a_tag_as_typed(demo_ws: Workspace) -> None:
    alice = demo_ws.actor()
    draft = ItemDraft(kind=Kind.FAQ, title="報價有效期", body="報價自出具之日起 90 天内有效。", slug="faq-quote-validity",
                      tags=("報價", "报价", "合同条款"))
    item = demo_ws.knowledge.create(alice, draft).value
    assert item.tags == ("報價", "合同条款")  # what the author typed, once


def test_a_rare_spelling_of_a_common_tag_keeps_its_facet(demo_ws: Workspace) -> None:
    """Facets keep the most used tags; 報價 (one item) is as used as 报价 (many), so it stays."""
    demo_ws.index.ensure()
    facets, _total = demo_ws.search.facets(SearchRequest(text="竞品降价 报价"))
    assert any(tag_key(t) == "报价" for t, _n in facets["tags"])
