""""Similar to a requirement" narrowed as a search is: its answer counts its items per kind,
industry, product and tag, and a filter gives the best items that pass it (not the ones of the
unfiltered list that happen to), by words and by meaning alike."""

from __future__ import annotations

from collections import Counter

from workbench.core.knowledge.tags import same_tag
from workbench.core.search.query import SearchRequest
from workbench.core.workspace import Workspace

REQUIREMENT = "城商行需要满足 EAST 监管报送，数据质量差，希望建设数据治理平台"


def test_the_similar_items_are_counted_and_narrowed_by_kind_industry_and_tag(demo_ws: Workspace) -> None:
    demo_ws.meaning.sync()
    found = demo_ws.search.similar_to(REQUIREMENT, limit=8)
    hits = found.hits
    assert hits and found.total == len(hits) <= 8  # the best eight of words and meaning blended
    # the counts are the shown items' own
    assert dict(found.facets["kind"]) == Counter(h.kind for h in hits)
    assert dict(found.facets["industry"]) == Counter(h.industry for h in hits if h.industry)
    assert dict(found.facets["tags"]) == Counter(t for h in hits for t in set(h.tags))
    assert [n for _v, n in found.facets["kind"]] == sorted((n for _v, n in found.facets["kind"]), reverse=True)

    # a kind: the best items of that kind, more of them than the unfiltered eight held
    kind, shown = found.facets["kind"][-1]
    narrowed = demo_ws.search.similar_to(REQUIREMENT, limit=8, kind=kind)
    assert narrowed.hits and {h.kind for h in narrowed.hits} == {kind}
    assert len(narrowed.hits) > shown
    assert {h.id for h in hits if h.kind == kind} <= {h.id for h in narrowed.hits}
    assert narrowed.facets["kind"] == [(kind, len(narrowed.hits))]
    assert narrowed.request.kind == kind and narrowed.request.text == REQUIREMENT

    # found by meaning too, within the filter: an item sharing no words still has to pass it
    industry = next(v for v, _n in found.facets["industry"])
    by_industry = demo_ws.search.similar_to(REQUIREMENT, limit=20, industry=industry)
    assert by_industry.hits and {h.industry for h in by_industry.hits} == {industry}
    twenty = demo_ws.search.similar_to(REQUIREMENT, limit=20).hits
    assert any(h.found_by == ("meaning",) for h in twenty) and len(twenty) == 20  # as many as asked for

    # a tag in the other script finds the items tagged in this one
    tag = found.facets["tags"][0][0]
    other = tag.translate(str.maketrans("数据监管报", "數據監管報"))
    assert other != tag, tag
    by_tag = demo_ws.search.similar_to(REQUIREMENT, limit=8, tag=other)
    assert by_tag.hits and all(any(same_tag(t, tag) for t in h.tags) for h in by_tag.hits)

    # nothing passes: an empty answer, not an error
    none = demo_ws.search.similar_to(REQUIREMENT, limit=8, kind="faq", industry="no-such-industry")
    assert none.hits == [] and none.facets["kind"] == []


def test_similar_to_an_item_within_filters(demo_ws: Workspace) -> None:
    demo_ws.meaning.sync()
    item = demo_ws.search.similar_to(REQUIREMENT, limit=1).hits[0].id
    cases = demo_ws.search.similar(item_id=item, limit=10, within=SearchRequest(kind="case"))
    assert cases and {h.kind for h in cases} == {"case"} and item not in {h.id for h in cases}
    unfiltered = demo_ws.search.similar(item_id=item, limit=10)
    assert {h.kind for h in unfiltered} != {"case"}  # the filter did something


def test_the_shared_words_are_shown_as_the_pasted_text_writes_them(demo_ws: Workspace) -> None:
    text = "Our machines must keep running when the customer's servers lose their network connections."
    hits = demo_ws.search.similar_to(text, limit=10).hits
    shared = [w for h in hits for w in h.matched]
    assert shared and all(w in text for w in shared), shared  # "machines", not the stem "machin"
    assert "machines" in shared or "servers" in shared or "connections" in shared
    # a filter's own terms are not words the items share with the text
    cases = demo_ws.search.similar_to(text, limit=10, kind="case").hits
    assert cases and not any("case" in h.matched for h in cases)


def test_an_items_similar_items_show_the_words_as_the_item_writes_them(demo_ws: Workspace) -> None:
    slug = "case-mfg-predictive-maintenance"
    item = demo_ws.knowledge.get(slug)
    hits = demo_ws.search.similar(item_id=slug, limit=8)
    shared = [w for h in hits for w in h.matched]
    assert shared and all(w in f"{item.title}\n{item.body}" for w in shared), shared
    # proposal and tender matching still get the index's terms for a text (they compare terms)
    by_text = demo_ws.search.similar(text=item.body, limit=8)
    assert any(w not in item.body for h in by_text for w in h.matched)


def test_words_that_say_nothing_of_the_subject_are_not_shared_words(demo_ws: Workspace) -> None:
    """A pasted requirement is like the items that share its subject, not its pronouns and
    question words: those are neither shown as shared nor searched for it."""
    english = "Can the system export all of its reports to Excel, and is there any limit on the number of users?"
    chinese = "我们需要一个可以私有化部署的客服系统，能否支持国产数据库？你们有没有类似的案例？"
    traditional = "銷售人員都不願意用這個系統，他們覺得資料要重複輸入，你們有什麼辦法？"
    for text, noise, subject in ((english, {"all", "its", "there", "any"}, {"export", "reports"}),
                                 (chinese, {"我们", "你们", "一个", "可以", "能否", "需要"}, {"私有化部署", "数据库"}),
                                 (traditional, {"他們", "你們", "這個", "什麼"}, {"銷售", "重複"})):
        shared = {w for h in demo_ws.search.similar_to(text, limit=10, as_typed=True).hits for w in h.matched}
        assert subject <= shared and not noise & shared, (text, shared)
    # typed into the search box, such a word is still searched
    assert demo_ws.search.search(SearchRequest(text="我们")).hits
