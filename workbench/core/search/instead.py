"""Typed pinyin answered as a search engine answers a misspelt query that finds nothing: with
the results for what it stands for, saying so. ``baojia`` finds no item (no item says
"baojia"); the library's word read ``baojia`` is 报价, so the answer is the search for 报价,
with "Showing results for 报价 · Search instead for baojia" (``SearchResults.searched_for``)
and the other readings (保价, a homophone) still offered, never searched with it: homophones
must not match each other silently (pinyin folded into an index made 景点 find 经典).

The rule, one place for the search box, the command line and "similar to a requirement":

- A reading is *offered* (did you mean) when the typed words found fewer than ``FEW_HITS``
  items or none with every word: pinyin may be what was typed.
- A reading is *searched instead* when the typed words found no item at all, or none with
  every word (``guomi SM4``: only SM4 is a word, so only the SM4 items match, and none of them
  is about 国密), and the reading, searched, finds items with every word (or at least some when
  the typed text found none). What only the vector leg finds for typed pinyin is not counted:
  the encoder reads ``baojia`` as Latin letters, and on bench/relevance_bench.py its hits for
  the pinyin queries were chance (hit@1 0.10, the same as the words').
- Only spelt-out pinyin is searched instead. Initials (``bj``) are offered, never searched
  automatically: they are too ambiguous (bj reads as 报价, 北京, 标价, 编辑, 备件 in one small
  library), so whichever came first would be a guess the person never made.
- ``SearchRequest.as_typed`` searches the typed text as it is ("Search instead for baojia").
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from workbench.core.search.query import SearchRequest

if TYPE_CHECKING:
    from workbench.core.search.service import SearchResults

log = logging.getLogger(__name__)

FEW_HITS = 3  # fewer hits by the typed words than this: a reading of typed pinyin is offered
# the Chinese readings of typed pinyin: (text, initials too) -> options, best first (core/meaning/pinyin.py)
Readings = Callable[[str, bool], list[str]]


def read_instead(request: SearchRequest, results: SearchResults, readings: Readings,
                 search: Callable[[SearchRequest], SearchResults]) -> SearchResults:
    """``results`` (what the typed words found) with typed pinyin's readings offered, or the
    results of ``search`` for its first reading in their place (see the module's rule)."""
    if not request.text.strip() or not (results.total < FEW_HITS or results.matched_any):
        return results
    try:
        offered = readings(request.text, True)
        spelt = readings(request.text, False) if offered and _nothing(results) and not request.as_typed else []
    except Exception:  # an extra: a broken readings file never breaks search
        log.exception("pinyin readings failed for %r", request.text[:100])
        return results
    if spelt:
        reading = spelt[0]
        found = search(dataclasses.replace(request, text=reading, as_typed=True))
        if found.total and (results.total == 0 or not found.matched_any):
            others = tuple(o for o in offered if o != reading)
            return dataclasses.replace(found, request=request, searched_for=reading, readings=(reading, *others),
                                       suggestion=None)
    if not offered:
        return results
    return dataclasses.replace(results, suggestion=offered[0], readings=tuple(offered))


def _nothing(results: SearchResults) -> bool:
    """The typed words found no item, or none with every word."""
    return results.total == 0 or results.matched_any
