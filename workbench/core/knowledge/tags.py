"""Tags are one across scripts and letter case: 报价 and 報價, SaaS and saas, are the same tag.

Items keep the spelling their author typed (that is what they see); matching, counting and
suggesting go by the tag's key, its Simplified form folded to lower case. No stored column: the
keys are computed from the few hundred distinct tags a knowledge base holds."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from workbench.core.knowledge.language import _converter, to_simplified

# Traditional spellings a Simplified tag may have been typed in (Taiwan and Hong Kong standards,
# with Taiwan phrases), for filters that must name each spelling (the search index's tag field)
_SPELLINGS = ("s2t", "s2tw", "s2twp", "s2hk")


def tag_key(tag: str) -> str:
    """The form two spellings of one tag share."""
    return to_simplified(tag.strip()).casefold()


@lru_cache(maxsize=512)
def tag_spellings(tag: str) -> tuple[str, ...]:
    """The spellings of a tag across scripts, the typed one first (for matching stored tags exactly)."""
    tag = tag.strip()
    simple = to_simplified(tag)
    out = [tag, simple, *(str(_converter(c).convert(simple)) for c in _SPELLINGS)]
    cased = [v for s in out for v in (s, s.lower(), s.upper(), s.title())]
    return tuple(dict.fromkeys(cased))


def same_tag(a: str, b: str) -> bool:
    return tag_key(a) == tag_key(b)


def unique_tags(tags: Iterable[str]) -> list[str]:
    """The tags in order, each once across scripts and case (the first spelling kept)."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        key = tag_key(tag)
        if tag.strip() and key not in seen:
            seen.add(key)
            out.append(tag)
    return out


def merge_tag_counts(counts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """(tag, count) pairs with the spellings of one tag added up, under its most used spelling
    (ties: the first given); sorted by count, then spelling."""
    totals: dict[str, int] = {}
    best: dict[str, tuple[str, int]] = {}
    for tag, count in counts:
        key = tag_key(tag)
        totals[key] = totals.get(key, 0) + count
        if key not in best or count > best[key][1]:
            best[key] = (tag, count)
    return sorted(((best[k][0], n) for k, n in totals.items()), key=lambda tn: (-tn[1], tn[0]))
