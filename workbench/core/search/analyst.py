"""Analysing documents' text in a worker process and sending the result back compactly, so that
the process writing the index writes one segment for all of them (build.py).

A worker numbers the (field, term) pairs it meets itself and sends, per batch, only the pairs new
to it and flat arrays: per document and field how many postings, and per posting the term's
number, its frequency and where its encoded positions end in one byte string. Most words of a
real vocabulary occur in one or two items, so sending each word once per worker, not per posting
or per segment, keeps the pipe and the writer's work small; the writer maps the worker's numbers
to its segment's (``Vocabularies``), once per word.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.core.search.analysis import WorkbenchTokenizer
from workbench.core.search.segment_writer import FastSegmentWriter, analysable, word_values

FieldPlan = tuple[str, bool, bool]  # field name, stemmed (morph), positions (else frequencies)


def plan(schema: Any) -> list[FieldPlan]:
    """The schema's fields a worker analyses, in name order."""
    from whoosh.formats import Positions

    return [(name, type(schema[name].analyzer) is WorkbenchTokenizer, type(schema[name].format) is Positions)
            for name in sorted(schema.names()) if schema[name].indexed and analysable(schema[name])]


@dataclass(frozen=True)
class AnalysedBatch:
    """One batch of documents analysed by one worker (see the module's docstring)."""

    worker: int
    new_terms: list[tuple[int, str]]  # (field's index in the plan, term), numbered on from the last batch
    counts: np.ndarray  # (documents, fields) postings
    terms: np.ndarray  # the worker's term number per posting
    freqs: np.ndarray
    values: bytes
    ends: np.ndarray


class Analyst:
    """A worker's side: texts in, ``AnalysedBatch`` out."""

    def __init__(self, worker: int, fields: list[FieldPlan]) -> None:
        self.worker = worker
        self.fields = fields
        self._numbers: dict[tuple[int, str], int] = {}

    def analyse(self, texts: list[list[str | None]]) -> AnalysedBatch:
        """``texts``: per document, the value of each planned field (None: absent)."""
        numbers = self._numbers
        new: list[tuple[int, str]] = []
        counts, terms, freqs, ends = array("I"), array("I"), array("I"), array("Q")
        values = bytearray()
        for doc in texts:
            for f, ((_name, morph, positions), value) in enumerate(zip(self.fields, doc, strict=True)):
                if not isinstance(value, str):
                    counts.append(0)
                    continue
                words = word_values(value, morph, positions)
                counts.append(len(words))
                for term, n, encoded in words:
                    key = (f, term)
                    number = numbers.get(key)
                    if number is None:
                        number = numbers[key] = len(numbers)
                        new.append(key)
                    terms.append(number)
                    freqs.append(n)
                    values += encoded
                    ends.append(len(values))
        return AnalysedBatch(self.worker, new, np.frombuffer(counts, np.uint32).reshape(len(texts), len(self.fields)),
                             np.frombuffer(terms, np.uint32), np.frombuffer(freqs, np.uint32), bytes(values),
                             np.frombuffer(ends, np.uint64))


def texts_of(docs: list[dict[str, object]], fields: list[FieldPlan]) -> list[list[str | None]]:
    """What a worker needs of each document: the planned fields' text (non-text values are
    analysed by the writer, as ``add_document`` would)."""
    return [[value if isinstance(value := doc.get(name), str) else None for name, _m, _p in fields] for doc in docs]


class Vocabularies:
    """The writer's side: every worker's terms in its numbering, and for the segment being
    written, the segment pool's number of each (filled in as words first appear)."""

    def __init__(self, fields: list[FieldPlan]) -> None:
        self.fields = fields
        self.names = [name for name, _m, _p in fields]
        # per worker, its terms in its numbering: their UTF-8 bytes one after another, where each
        # ends and its field's index. Kept for the whole build (a word may come back in a later
        # segment), so compact: as a list of (field, bytes) tuples they took about 100 bytes a
        # word, 25 MB of the writing process's peak at 10,000 items
        self._terms: dict[int, tuple[bytearray, array[int], array[int]]] = {}
        self._maps: dict[int, np.ndarray] = {}
        self._writer: FastSegmentWriter | None = None

    def learn(self, batch: AnalysedBatch) -> None:
        """Take the batch's new words (in the order the worker numbered them: call as batches
        arrive from each worker, in its order)."""
        blob, ends, fields = self._terms.setdefault(batch.worker, (bytearray(), array("Q"), array("B")))
        for f, term in batch.new_terms:
            blob += term.encode("utf-8")
            ends.append(len(blob))
            fields.append(f)

    def add(self, writer: FastSegmentWriter, docs: list[dict[str, Any]], batch: AnalysedBatch) -> None:
        """The batch's documents into ``writer``; texts whose analysis the batch does not hold
        (not a ``str``) are analysed here."""
        if writer is not self._writer:  # a new segment: its pool numbers words afresh
            self._writer, self._maps = writer, {}
        blob, ends, fields = self._terms[batch.worker]
        mapping = self._maps.get(batch.worker)
        if mapping is None or len(mapping) < len(ends):
            grown = np.full(max(len(ends), 1024, 2 * (0 if mapping is None else len(mapping))), -1, np.int64)
            if mapping is not None:
                grown[: len(mapping)] = mapping
            mapping = self._maps[batch.worker] = grown
        missing = np.unique(batch.terms[mapping[batch.terms] < 0])
        number = writer.pool.number
        names = self.names
        for term in missing.tolist():
            mapping[term] = number(names[fields[term]], bytes(blob[ends[term - 1] if term else 0 : ends[term]]))
        for doc in docs:
            for name in self.names:
                if doc.get(name) is not None and not isinstance(doc[name], str):
                    raise ValueError(f"field {name!r}: only text is analysed in a worker")
        writer.add_analysed(docs, self.names, batch.counts, mapping[batch.terms], batch.freqs, batch.values,
                            batch.ends)
