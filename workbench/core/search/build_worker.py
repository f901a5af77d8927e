"""The body of an index-building worker process (``build.analyse_in_workers`` starts them).

A worker is a spawned interpreter that imports the module of the function it runs, so this one
imports only what analysing text and encoding a segment's terms need: the segmenter, the analyst
and the segment writer's encoder, not the index, its id tables, did-you-mean or the database.
A worker's start is paid again each time a laptop applies many changes at once (two workers
for 1,000 items); importing ``build.py`` there cost about 0.1 s of CPU more per worker."""

from __future__ import annotations

import logging
from typing import Any

from workbench.core.search.analysis import teach
from workbench.core.search.analyst import Analyst, FieldPlan
from workbench.core.search.segment_writer import encode_chunk

log = logging.getLogger(__name__)


def work(worker: int, fields: list[FieldPlan], words: list[str], inbox: Any, outbox: Any) -> None:
    """A worker process: batches of texts from ``inbox`` (None ends them) analysed into
    ``AnalysedBatch``es, each sent back with its batch's number (or the error that stopped it)."""
    try:
        teach(words)
        analyst = Analyst(worker, fields)
        while (item := inbox.get()) is not None:
            kind, number, payload = item
            if kind == "analyse":
                outbox.put(("analysed", number, analyst.analyse(payload)))
            else:  # a chunk of the segment's terms to encode
                outbox.put(("encoded", number, encode_chunk(*payload)))
        outbox.put(("finished", worker, None))
    except BaseException as exc:  # reported to the parent, which stops the build
        log.exception("search index worker failed")
        outbox.put(("error", worker, f"{type(exc).__name__}: {exc}"))
