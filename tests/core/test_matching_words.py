"""Why an item matched, in the engineer's own words: not index stems, not the kind filter."""

from __future__ import annotations

from tests.core.test_matching import ENGLISH_BID
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
