"""The one- and two-edit checks of "did you mean" answer exactly what whoosh's distance answers."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.support.levenshtein import distance

from workbench.core.search.spelling import within_one, within_two

# few letters, so that equal, near and swapped strings come up often; CJK and ASCII both
LETTERS = st.sampled_from(list("ab数据中心云"))
WORDS = st.text(LETTERS, max_size=6)


@settings(max_examples=3000, deadline=None)
@given(WORDS, WORDS)
def test_within_one_is_whooshs_distance_at_most_one(a: str, b: str) -> None:
    assert within_one(a, b) == (distance(a, b, limit=1) <= 1)


@settings(max_examples=3000, deadline=None)
@given(WORDS, WORDS)
def test_within_two_is_whooshs_distance_at_most_two(a: str, b: str) -> None:
    assert within_two(a, b) == (distance(a, b, limit=2) <= 2)


def test_within_two_on_every_pair_of_short_words() -> None:
    # every word of up to four letters over three: equal, near, far, swapped, repeated letters
    words = ["".join(p) for size in range(5) for p in itertools.product("abc", repeat=size)]
    for a in words:
        for b in words:
            assert within_two(a, b) == (distance(a, b, limit=2) <= 2), (a, b)


@given(WORDS, st.integers(0, 5), LETTERS)
@settings(max_examples=1000, deadline=None)
def test_one_edit_of_a_word_is_within_one(word: str, at: int, letter: str) -> None:
    at = min(at, len(word))
    edits = [word[:at] + letter + word[at:], word[:at] + word[at + 1:], word[:at] + letter + word[at + 1:]]
    if at + 1 < len(word):
        edits.append(word[:at] + word[at + 1] + word[at] + word[at + 2:])
    for edited in edits:
        assert within_one(word, edited) and within_one(edited, word)


def test_cases_by_hand() -> None:
    assert within_one("数据", "数剧")  # one wrong character: the typo users make
    assert within_one("数据中心", "数中据心")  # neighbours swapped
    assert within_one("security", "securty") and within_one("securty", "security")
    assert not within_one("数据中心", "中心数据")
    assert not within_one("ab", "ba" + "a")
    assert not within_one("abc", "cab")


def test_two_edits_by_hand() -> None:
    assert within_two("migraton", "migration") and within_two("maintenance", "maintneance")
    assert within_two("abcd", "bacx")  # a swap and a replacement
    assert within_two("ab", "") and not within_two("abc", "")
    assert not within_two("abcd", "cdab")  # two swaps of pairs are four edits
    assert not within_two("security", "secret")
