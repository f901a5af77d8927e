"""When the index's segments are merged: not while a save waits to be findable.

whoosh's default policy (``MERGE_SMALL``) runs inside every commit and, every so often, folds a
run of small segments into the new one: measured on the index bench (10,000 items), a save that
is findable in 183 ms at the median took 573 ms when its commit also merged. Here an incremental
commit (a sync, a local repair) writes its own segment and merges nothing, unless the index has
``MAX_SEGMENTS`` segments already (then whoosh's policy runs, as before: the index never degrades
without bound, say when only the command line writes it). The small segments are merged instead
when the index keeper finds nothing to apply (``SearchIndex.sync``, ``idle_merge``): the newest
segments, at most ``IDLE_DOCS`` documents re-written at a time, so a save arriving meanwhile waits
for a short merge at most. Sizes grow geometrically (``IDLE_RATIO``): an older segment joins the
newest ones' merge only while it is not much larger than they are together, so each document is
re-written a few times over hundreds of saves, not at every idle moment after every save.

Which items a search finds never depends on merging. Scores use whoosh's statistics, which a
merge moves slightly, as whoosh's own policy did at other moments: a merged segment's total field
length is summed from its documents' one-byte (approximate) lengths, and deleted or replaced
documents stop counting in document frequencies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

MAX_SEGMENTS = 12  # an incremental commit leaving more than this merges as whoosh does
IDLE_DOCS = 500  # documents (deleted ones included) an idle merge re-writes at most
IDLE_RATIO = 8  # an older segment joins an idle merge while at most this many times the newer ones' documents

MergeType = Callable[[Any, list[Any]], list[Any]]


def lazy(writer: Any, segments: list[Any]) -> list[Any]:
    """The merge policy of incremental commits: none, until there are too many segments."""
    if len(segments) + 1 <= MAX_SEGMENTS:
        return segments
    return MERGE_SMALL(writer, segments)  # type: ignore[no-any-return]


def idle_plan(segments: list[Any]) -> list[Any]:
    """The newest segments to merge into one, when two or more: going back from the newest, an
    older segment joins while it holds at most ``IDLE_RATIO`` times the documents of those chosen
    so far, and all together at most ``IDLE_DOCS``. The newest, in order: the merged segment is
    written after the others, so the documents keep the order they were committed in (a sort by
    date that ties on the second keeps the later item first, as before).

    Merging the whole run of small segments at every idle moment re-wrote it after every save
    (a library of a few hundred items, whole, after each save: 1.6-2.3 s of CPU a save). Here,
    with one saved item a segment, about 14 documents are re-written a save on average, and
    there are a few small segments instead of one."""
    chosen: list[Any] = []
    total = 0
    for segment in reversed(segments):
        size = segment.doc_count_all()
        if total + size > IDLE_DOCS or (chosen and size > IDLE_RATIO * total):
            break
        chosen.insert(0, segment)
        total += size
    return chosen if len(chosen) > 1 else []


def merging(chosen: list[Any]) -> MergeType:
    """A merge policy that merges exactly ``chosen`` into the new segment."""
    names = {segment.segment_id() for segment in chosen}

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        kept = []
        for segment in segments:
            if segment.segment_id() not in names:
                kept.append(segment)
                continue
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        return kept

    return policy
