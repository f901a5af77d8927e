"""Writing a fresh index's segments from a stream of documents: in this process, or with worker
processes that segment the text while this process reads the database, writes the stored fields
and writes the workers' postings into one segment (``SearchIndex._build_and_swap`` swaps the
result in).

Why the workers write no segments: when each wrote segments of its own, two workers gained less than
twice, because each wrote its own copy of a vocabulary in which most words occur in one or two
items (a block, a table row and a compression per word and segment), and the index then had one
segment per worker. Now a worker sends back term numbers, frequencies and encoded positions
(``analyst.py``), each word once, and the vocabulary is written once. The workers also make
every segment's terms' bytes (whoosh's compressed posting blocks, ``encode_chunk``), which this
process writes in order: at 50,000 items, when only the last segment's were made there, this
process encoded the six segments before it while the workers waited for it.

Workers are started with the *spawn* method: a fresh interpreter importing only ``build_worker``
(the segmenter, the analyst, the terms' encoder), never a fork of the caller. Forking the desktop app, with
Qt's threads and the index keeper holding locks, could deadlock the child; a spawned worker shares
nothing with it. Spawn would also run the caller's main script again in the worker (a script
without an ``if __name__ == "__main__"`` guard opened the workspace there and waited forever for
the rebuild lock its parent held): the main module is hidden from multiprocessing while workers
start (``spawning.main_module_hidden``). Each worker is taught the same dictionary words, in the same order, as this
process's segmenter, so both segment alike.

Memory is bounded: documents travel in batches through a queue of a few batches, at most
``MAX_WAITING`` batches per worker are handed out and not yet written (a slow batch holds back
the ones after it: they are written in order, so document numbers are those of a one-process
build), and a writer ends its segment and starts another once its postings take
``SEGMENT_BYTES`` (about 36 bytes a posting: at 10,000 items of the realistic library one
segment). The segments are committed together in one table of contents at the end; until then
the fresh folder is not the index anyone reads, so a worker that fails or dies leaves the live
index untouched.

After the commit, a build with workers also writes the fresh segments' derived caches beside the
fresh folder (``derive``: the postings arrays of postings.py, shared out between two processes
when there are two segments or more, and the hit records of shown.py in a third), which
``SearchIndex._build_and_swap`` moves into place with the index. Left to the search service's
background threads of the process that swapped the index in, they took 4-5 s of that process's
CPU at 10,000 items (postings arrays 3 s, hit records and did-you-mean tables the rest), and a
save in those seconds waited for its share of the interpreter lock: findable in 400-700 ms
instead of under 150.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as windex

from workbench.core.errors import WorkbenchError
from workbench.core.search import ids, postings, shown, spelling
from workbench.core.search.analysis import taught_words
from workbench.core.search.analyst import AnalysedBatch, Vocabularies, plan, texts_of
from workbench.core.search.build_worker import work
from workbench.core.search.derived import give_back_memory, remove_others
from workbench.core.search.query import FIELD
from workbench.core.search.segment_writer import Encoded, Encoder, FastSegmentWriter, Job
from workbench.core.spawning import main_module_hidden

log = logging.getLogger(__name__)

Document = dict[str, object]
JOINING = ".postings-joined"  # the derive process that joins the large segments' postings arrays
SEGMENT_BYTES = 64 << 20  # a writer's postings in memory before it ends its segment
QUEUED_BATCHES = 2  # per worker: batches waiting in the queue
MAX_WAITING = 4  # per worker: batches handed out and not written yet (in the queue, analysed, or waiting)
POLL_S = 0.2
DERIVED = (postings.SUFFIX, shown.SUFFIX, spelling.SUFFIX, ids.SUFFIX)  # the caches ``derive`` writes beside an index folder


class IndexBuildError(WorkbenchError):
    """Building the fresh index failed (a worker process failed or died): the index in use stays."""

    code = "index_build_failed"

    def __init__(self, reason: str) -> None:
        super().__init__(reason=reason)


class BuildCancelled(Exception):
    """``cancelled()`` said so; ``done`` documents had been written (nothing is committed)."""

    def __init__(self, done: int) -> None:
        super().__init__(done)
        self.done = done


class SegmentBuilder:
    """Documents into segments of a fresh index without committing them: ``finish`` returns the
    segments for one commit of the table of contents."""

    def __init__(self, ix: Any) -> None:
        self.ix = ix
        self.segments: list[Any] = []
        self._writer: FastSegmentWriter | None = None
        # makes each segment's terms' bytes in the worker processes (``analyse_in_workers``);
        # None: this process makes them
        self.encoder: Encoder | None = None

    def add(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            if self._writer is None:
                # no lock: the caller holds the fresh index's writer lock, and builders write
                # segments under names of their own
                self._writer = FastSegmentWriter(self.ix, _lk=False, compound=False)
            self._writer.add_document(**doc)
            if self._writer.postings_bytes() > SEGMENT_BYTES:
                self._end_segment()

    def _end_segment(self) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        if writer._added:
            writer.encoder = self.encoder
            writer.arrays_field = FIELD  # the workers decode the segment's postings arrays too
            self.segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        del writer
        # glibc keeps freed heap pages and serves the next large blocks from them: at 50,000
        # items each segment began 30-60 MB above the last, so the peak grew with the library
        # instead of staying bound by SEGMENT_BYTES
        give_back_memory()

    def add_analysed(self, vocabularies: Vocabularies, docs: list[Document], batch: AnalysedBatch) -> None:
        """Documents whose text a worker analysed (``analyst.py``)."""
        if self._writer is None:
            self._writer = FastSegmentWriter(self.ix, _lk=False, compound=False)
        vocabularies.add(self._writer, docs, batch)
        if self._writer.postings_bytes() > SEGMENT_BYTES:
            self._end_segment()

    def finish(self, encoder: Encoder | None = None) -> list[Any]:
        if encoder is not None:
            self.encoder = encoder
        self._end_segment()
        return self.segments

    def cancel(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer._close_segment()


def build(folder: str, batches: Iterable[list[Document]], workers: int,
          progress: Callable[[int], None] | None = None, cancelled: Callable[[], bool] | None = None) -> int:
    """Write ``batches`` of documents into the empty index at ``folder`` and commit them.
    Returns how many documents were written; raises ``BuildCancelled`` when ``cancelled()``
    said so between batches, ``IndexBuildError`` when a worker failed. Either way nothing is
    committed then."""
    ix = windex.open_dir(folder)
    writer = ix.writer(compound=False)  # holds the fresh index's lock; commits its contents
    try:
        if workers > 1:
            builder = SegmentBuilder(ix)
            vocabularies = Vocabularies(plan(ix.schema))
            try:
                segments: list[Any] = []
                done = analyse_in_workers(vocabularies, batches, workers,
                                          lambda docs, batch: builder.add_analysed(vocabularies, docs, batch),
                                          progress, cancelled, lambda encoder: segments.extend(builder.finish(encoder)),
                                          lambda encoder: setattr(builder, "encoder", encoder))
            except BaseException:
                builder.cancel()
                raise
        else:
            segments, done = _here(ix, batches, progress, cancelled)
        # one table of contents listing every segment written (no merge: each is written whole)
        writer.commit(mergetype=lambda _writer, existing: [*existing, *segments])
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    if workers > 1:
        derive(folder, len(segments), cancelled)
    return done


def derive(folder: str, segments: int, cancelled: Callable[[], bool] | None = None) -> bool:
    """Write the derived caches (postings arrays, hit records and id tables) of every segment of
    the index at ``folder`` (``segments`` of them) beside it (``<folder>.postings``, ``.shown``,
    ``.ids``), each kind in spawned processes of its own (``_derivers``; the id tables with the hit
    records); the postings arrays only when a segment lacks them (the
    workers write them with the segments), and the large segments' arrays joined into one folder
    (``postings.join``: 1 s of CPU at 50,000 items) in another process once they are all written.
    They are caches: a failure or a cancel leaves them to
    the search service's background threads, as before. Meanwhile this process, which waits for them, makes
    the segments' did-you-mean tables (spelling.py: kept in this process's memory by segment id,
    which the swap keeps, and on disk beside the folder, ``<folder>.spelling``), another second
    of a save's competition otherwise. Returns whether both caches were written."""
    context = multiprocessing.get_context("spawn")
    reader = windex.open_dir(folder).reader()
    try:
        arrays_missing = postings.missing_in(reader)  # the workers wrote them with the segments
        join_due = postings.join_due(reader)
    finally:
        reader.close()

    def process(suffix: str, part: int = 0, parts: int = 1) -> Any:
        return context.Process(target=_derive, args=(folder, suffix, part, parts, postings.MIN_DOCS, postings.JOIN_FROM),
                               daemon=True, name=f"search-index-derive{suffix}-{part}")

    procs = [process(suffix, part, parts) for suffix, part, parts in _derivers(segments)
             if suffix != postings.SUFFIX or arrays_missing]
    # the large segments' arrays joined (postings.py): from their own arrays, once those are written
    joining = process(JOINING) if join_due else None
    everything = [*procs, *([joining] if joining is not None else [])]
    try:
        with main_module_hidden():
            for proc in procs:
                proc.start()
            if joining is not None and not arrays_missing:
                joining.start()
        spelling.prepare(lambda: windex.open_dir(folder).reader(), wait=True)
        if not _waited(procs, cancelled):
            return False
        if joining is not None:
            if arrays_missing:
                if not all(proc.exitcode == 0 for proc in procs):
                    return False
                with main_module_hidden():
                    joining.start()
            if not _waited([joining], cancelled):
                return False
        return all(proc.exitcode == 0 for proc in everything)
    finally:
        _stop(everything)


def _waited(procs: list[Any], cancelled: Callable[[], bool] | None) -> bool:
    """Wait for ``procs`` to end; False when cancelled meanwhile."""
    for proc in procs:
        while proc.exitcode is None:
            proc.join(POLL_S)
            if cancelled is not None and cancelled():
                return False
    return True


def clear_derived(folder: Path) -> None:
    """Remove the derived caches beside ``folder`` (a fresh folder's, left by a failed build)."""
    for suffix in DERIVED:
        shutil.rmtree(f"{folder}{suffix}", ignore_errors=True)


def move_derived(fresh: Path, live: Path) -> None:
    """Move the derived caches ``derive`` wrote beside ``fresh`` to beside ``live``, the folder
    ``fresh`` was renamed to: each segment's folder renamed into place whole (segment ids are
    unique; one that is there already is as good). What cannot be moved is built again later.
    The old index's segments are gone, and so are their caches here: left until a later save
    made a segment large enough to prepare, they kept another 150 MB of postings arrays at
    50,000 items after each rebuild."""
    for suffix in DERIVED:
        source, target = Path(f"{fresh}{suffix}"), Path(f"{live}{suffix}")
        if not source.is_dir():
            continue
        try:
            target.mkdir(parents=True, exist_ok=True)
            moved = []
            for segment in source.iterdir():
                if segment.name.endswith(".tmp"):
                    continue
                moved.append(target / segment.name)
                if not (target / segment.name).exists():
                    os.replace(segment, target / segment.name)
            remove_others(moved)
        except OSError:
            log.debug("moving the fresh index's %s caches failed", suffix, exc_info=True)
        shutil.rmtree(source, ignore_errors=True)


def _derivers(segments: int) -> list[tuple[str, int, int]]:
    """The derive processes for an index of ``segments`` segments: (which cache, part, parts).
    The postings arrays are split between two processes when there are two segments or more. At
    50,000 items (seven segments) one process took 64 s for them, against 13 s for the hit
    records and 17 s for the did-you-mean tables. The other core finished its share in half that
    time and then waited."""
    parts = 2 if segments > 1 else 1
    return [(postings.SUFFIX, part, parts) for part in range(parts)] + [(shown.SUFFIX, 0, 1)]


def _derive(folder: str, suffix: str, part: int = 0, parts: int = 1, min_docs: int = postings.MIN_DOCS,
            join_from: int = postings.JOIN_FROM) -> None:
    """A derive process: one kind of cache for every segment of the index at ``folder`` (the
    postings arrays: its ``part`` of ``parts``, for the segments of ``min_docs`` documents or
    more, as the process that started it has them; the large segments' arrays joined, from
    ``join_from`` documents a segment; the hit records, then the id tables)."""
    def open_reader() -> Any:
        return windex.open_dir(folder).reader()

    postings.MIN_DOCS = min_docs
    postings.JOIN_FROM = join_from
    if suffix == JOINING:
        reader = open_reader()
        try:
            postings.join(reader)
        finally:
            reader.close()
    elif suffix == postings.SUFFIX:
        postings.prepare(open_reader, FIELD, part, parts)
    else:
        shown.prepare(open_reader)
        ids.prepare(open_reader)  # on disk, read by the process that swaps the index in


def _here(ix: Any, batches: Iterable[list[Document]], progress: Callable[[int], None] | None,
          cancelled: Callable[[], bool] | None) -> tuple[list[Any], int]:
    builder = SegmentBuilder(ix)
    done = 0
    try:
        for batch in batches:
            if cancelled is not None and cancelled():
                raise BuildCancelled(done)
            builder.add(batch)
            done += len(batch)
            if progress is not None:
                progress(done)
        return builder.finish(), done
    except BaseException:
        builder.cancel()
        raise


def analyse_in_workers(vocabularies: Vocabularies, batches: Iterable[list[Document]], workers: int,
                       write: Callable[[list[Document], AnalysedBatch], None],
                       progress: Callable[[int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None,
                       finish: Callable[[Encoder], None] | None = None,
                       started: Callable[[Encoder], None] | None = None) -> int:
    """Workers analyse the text of ``batches``; this process hands each batch, with its analysis,
    to ``write`` (which adds it to a writer: ``Vocabularies.add``) in the order the batches came.
    An encoder has the workers make the terms' bytes of a segment being written
    (``CompactPool.write``): ``started`` is given it once the workers run (for the segments
    ``write`` ends on the way), ``finish`` at the end. While it encodes, batches the workers
    analyse meanwhile wait: they are written once the segment is. Returns how many documents were
    written; raises ``BuildCancelled`` or ``IndexBuildError``."""
    context = multiprocessing.get_context("spawn")
    inbox = context.Queue(maxsize=QUEUED_BATCHES * workers)
    outbox = context.Queue()
    fields = vocabularies.fields
    words = taught_words()
    procs = [context.Process(target=work, args=(n, fields, words, inbox, outbox), daemon=True,
                             name=f"search-index-builder-{n}") for n in range(workers)]
    waiting: dict[int, list[Document]] = {}  # batches handed out, not written yet
    encoded: dict[int, Encoded] = {}
    analysed: dict[int, AnalysedBatch] = {}  # batches analysed, waiting for an earlier one
    # "encoding": a segment's terms are being encoded; a batch analysed meanwhile waits, so that
    # no batch is written into a writer that is being finalised (nor a second encode begun)
    state = {"done": 0, "finished": 0, "next": 0, "encoding": 0}

    def drain(wait: float) -> None:
        """Take the workers' reports and write what can be written; waits up to ``wait`` for the
        first one."""
        while True:
            try:
                kind, number, value = outbox.get(timeout=wait) if wait else outbox.get_nowait()
            except queue.Empty:
                return
            wait = 0
            if kind == "error":
                raise IndexBuildError(f"a worker process failed: {value}")
            if kind == "finished":
                state["finished"] += 1
                continue
            if kind == "encoded":
                encoded[number] = value
                continue
            vocabularies.learn(value)  # now: a worker's words are numbered in its own order
            analysed[number] = value
            if state["encoding"]:
                continue
            while state["next"] in analysed:
                at = state["next"]
                docs = waiting.pop(at)
                write(docs, analysed.pop(at))
                state["next"] = at + 1
                state["done"] += len(docs)
                if progress is not None:
                    progress(state["done"])

    def check_alive() -> None:
        for proc in procs:
            if proc.exitcode not in (None, 0):
                raise IndexBuildError(f"a worker process stopped (exit code {proc.exitcode}) before it finished")

    def encode(jobs: Iterable[Job]) -> Iterator[Encoded]:
        """The jobs' results in order, a few jobs per worker under way at a time."""
        pending = iter(jobs)
        sent = taken = 0
        more = True
        state["encoding"] += 1
        try:
            while True:
                while more and sent - taken < QUEUED_BATCHES * workers:
                    job = next(pending, None)
                    if job is None:
                        more = False
                        break
                    put(("encode", sent, job))
                    sent += 1
                if taken == sent:
                    return
                while taken not in encoded:
                    drain(POLL_S)
                    check_alive()
                yield encoded.pop(taken)
                taken += 1
        finally:
            state["encoding"] -= 1

    def put(item: tuple[str, int, Any] | None) -> None:
        while True:
            try:
                inbox.put(item, timeout=POLL_S)
                return
            except queue.Full:
                drain(0)
                check_alive()

    try:
        with main_module_hidden():
            for proc in procs:
                proc.start()
        if started is not None:
            started(encode)
        for number, batch in enumerate(batches):
            if cancelled is not None and cancelled():
                raise BuildCancelled(state["done"])
            while len(waiting) >= MAX_WAITING * workers:  # bounded memory: one slow batch holds the rest
                drain(POLL_S)
                check_alive()
            waiting[number] = batch
            put(("analyse", number, texts_of(batch, fields)))
            drain(0)
        while waiting:
            drain(POLL_S)
            if waiting:
                check_alive()
        if finish is not None:
            finish(encode)
        for _proc in procs:
            put(None)
        while state["finished"] < workers or waiting:
            drain(POLL_S)
            if state["finished"] < workers or waiting:
                check_alive()
                if all(proc.exitcode is not None for proc in procs):
                    drain(POLL_S)  # the last reports may still be in the pipe
                    if state["finished"] < workers or waiting:
                        raise IndexBuildError("a worker process ended before its batches were analysed")
        for proc in procs:
            proc.join()
        return state["done"]
    finally:
        _stop(procs)
        inbox.cancel_join_thread()
        inbox.close()
        outbox.close()


def _stop(procs: list[Any]) -> None:
    """End the processes still running (a cancel or an error) and reap every started one."""
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
        if proc.pid is not None:
            proc.join()


