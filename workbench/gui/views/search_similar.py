"""The search screen's "Similar items" list: one entry per item, and one per title of a kind.

The same lesson is often learnt after several bids, and each retrospective keeps its own
copy of it (in the demo history, "竞品低价时，把服务级别和违约赔付写进报价" three times): three
entries that read the same told the engineer nothing more than one, and pushed other items
out of the list. Such copies show once, with how many there are; the best match opens."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.search.service import SearchHit


@dataclass(frozen=True)
class SimilarEntry:
    hit: SearchHit  # the best match of its title
    ids: tuple[str, ...]  # every item with this title, best first


def _title_key(hit: SearchHit) -> tuple[str, str]:
    return hit.kind, " ".join(hit.title.split()).casefold()


def fold_repeats(hits: list[SearchHit], limit: int) -> list[SimilarEntry]:
    """At most ``limit`` entries, best first, no item twice and no title of a kind twice."""
    ids: dict[tuple[str, str], list[str]] = {}
    best: dict[tuple[str, str], SearchHit] = {}
    for hit in hits:
        key = _title_key(hit)
        if key not in best:
            if len(best) == limit:
                continue
            best[key], ids[key] = hit, []
        if hit.id not in ids[key]:
            ids[key].append(hit.id)
    return [SimilarEntry(hit, tuple(ids[key])) for key, hit in best.items()]
