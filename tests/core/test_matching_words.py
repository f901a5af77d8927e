"""Why an item matched, in the engineer's own words: not index stems, not the kind filter."""

from __future__ import annotations

from tests.core.test_matching import ENGLISH_BID
from workbench.core.knowledge.model import ItemDraft, Kind
from workbench.core.workspace import Workspace

REQUIREMENTS = ("Staff sign in through LDAP single sign-on (SSO)\nOmnichannel customer service centre\n"
                "Where is customer data stored and how is it protected")


def test_matched_words_are_the_words_typed(demo_ws: Workspace) -> None:
    demo_ws.index.ensure()
    draft = demo_ws.proposals.draft("tech-proposal-en", {**ENGLISH_BID, "requirements": REQUIREMENTS})
    items = [m for ms in draft.matched.values() for m in ms]
    assert items
    typed = REQUIREMENTS + " " + " ".join(ENGLISH_BID["products"])
    for item in items:
        assert item.matched, item.id
        for word in item.matched:
            assert word in typed, (item.id, word)  # "service", never the stem "servic"
        assert "case" not in item.matched and "faq" not in item.matched
    assert any(word[0].isupper() for m in items for word in m.matched)  # as typed, not folded to lower case


def test_a_word_that_is_also_a_kind_is_shared_when_both_say_it(demo_ws: Workspace) -> None:
    """The kind filter's own term never shows as a shared word, but the same word written in the
    requirement and the item ("use case") is one: it is what they have in common."""
    demo_ws.knowledge.create(demo_ws.actor(), ItemDraft(
        kind=Kind.CASE, title="Fleet telematics use case", slug="case-fleet-telematics-en",
        body="Use case: a logistics fleet tracks every truck's engine data in real time and plans service."))
    demo_ws.index.ensure()
    requirement = "Describe a use case where fleet telematics data plans truck service"
    hits = demo_ws.search.similar(text=requirement, limit=10, kinds=("case",))
    hit = next(h for h in hits if h.id == "case-fleet-telematics-en")
    assert "case" in hit.matched and "fleet" in hit.matched
    draft = demo_ws.proposals.draft("tech-proposal-en", {**ENGLISH_BID,
                                                         "requirements": requirement})
    offered = {m.id: m for ms in draft.matched.values() for m in ms}
    assert "case" in offered["case-fleet-telematics-en"].matched
