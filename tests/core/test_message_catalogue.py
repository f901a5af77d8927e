"""One catalogue for the words other messages name (roles, refused actions, proposal statuses, review
states and actions, outcomes, milestones, company fields, retrospective lists): every code such a table
uses has English and Simplified Chinese, zh_TW renders for each (converted from zh_CN), and a message
that names one of these words in zh_TW names it in Traditional characters too."""

from __future__ import annotations

import opencc
import pytest

from workbench.core.errors import ACTION_CODES, MESSAGES, Forbidden, Term, say
from workbench.core.proposals.model import MILESTONES, ProposalStatus
from workbench.core.retro.taxonomy import Outcome
from workbench.core.reviews.states import (
    Action,
    Facts,
    ReviewRefused,
    ReviewState,
    action_term,
    decide,
    state_term,
)
from workbench.core.users import Permission, Role, UserView

S2TWP = opencc.OpenCC("s2twp")


def _codes() -> list[str]:
    return [
        *(f"role_{r.value}" for r in Role),
        *(ACTION_CODES[p.value] for p in Permission),
        ACTION_CODES["edit someone else's proposal"],
        *(f"status_{s.value}" for s in ProposalStatus),
        *(state_term(s).code for s in ReviewState),
        *(action_term(a).code for a in Action),
        *(f"outcome_{o.name.lower()}" for o in Outcome),
        *(f"milestone_{name}" for name, _days in MILESTONES),
        "company_field_name", "company_field_address", "retro_list_reasons", "retro_list_competitors",
    ]


@pytest.mark.parametrize("code", _codes())
def test_every_word_a_table_names_is_in_the_catalogue_in_every_language(code: str) -> None:
    entry = MESSAGES[code]
    texts = dict(zip(("en", "zh_CN"), entry, strict=True)) if isinstance(entry, tuple) else dict(entry)
    assert texts["en"] and texts["zh_CN"] and texts["en"] != texts["zh_CN"]
    assert say(code, "en") == texts["en"] and say(code, "zh_CN") == say(code, "zh") == texts["zh_CN"]
    traditional = say(code, "zh_TW")
    assert traditional == texts.get("zh_TW", S2TWP.convert(texts["zh_CN"])) and "{" not in traditional


def test_every_permission_has_words_for_the_refusal() -> None:
    assert set(ACTION_CODES) >= {p.value for p in Permission}
    assert all(code in MESSAGES for code in ACTION_CODES.values())


def test_a_refusal_names_role_and_action_in_the_readers_language() -> None:
    refused = Forbidden(user="kim", role=Role.VIEWER.value, action=Permission.MANAGE_USERS.value)
    assert refused.message("en") == "kim (viewer) may not manage users."
    assert refused.message("zh") == "kim（只读用户）无权管理用户。"
    # the whole sentence in Traditional characters, the role and action included
    assert refused.message("zh_TW") == S2TWP.convert(refused.message("zh")) != refused.message("zh")
    assert "用户" not in refused.message("zh_TW")


def test_a_review_refusal_names_state_action_and_role_in_the_readers_language() -> None:
    viewer = UserView("vic", "", Role.AUTHOR, None, True)
    facts = Facts(proposal="P-1", author="ann", actor=viewer, revision=1, latest_revision=1)
    with pytest.raises(ReviewRefused) as caught:
        decide(ReviewState.APPROVED, Action.CLAIM, facts)
    refused = caught.value
    assert refused.code == "review_invalid_transition"
    assert "approved" in refused.message("en") and "claim" in refused.message("en")
    simplified = refused.message("zh")
    assert say("review_state_approved", "zh") in simplified and say("review_action_claim", "zh") in simplified
    assert refused.message("zh_TW") == S2TWP.convert(simplified)
    assert str(Term("review_action_claim")) == "claim"


def test_a_term_parameter_fills_the_older_zh_placeholder_too() -> None:
    text = say("retro_list_not_allowed", "zh_TW", list=Term("retro_list_competitors"))
    assert text == S2TWP.convert(say("retro_list_not_allowed", "zh", list=Term("retro_list_competitors")))
    assert "競爭對手" in text
    assert say("retro_list_not_allowed", "en", list=Term("retro_list_reasons")).endswith("list of reasons.")
