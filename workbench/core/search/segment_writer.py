"""A whoosh segment writer that keeps a segment's postings in memory, in flat arrays, and writes
each term's posting list whole with whoosh's own codec (``W3FieldWriter``/``W3PostingsWriter``):
the index stays a whoosh index, byte for byte what whoosh writes for the same documents.

whoosh's ``SegmentWriter`` sends every posting through a sorting pool (a tuple per posting, sized,
appended, pickled to temporary runs and merged back in order) and, writing each posting, reads the
document's field length back from the segment's length column (a ``stat`` of the column file per
posting). Measured on a 3,000-item rebuild of the realistic library: of 35 s, 17 s went to the
pool's sort and the posting-by-posting write (5 s of it the length look-ups), 2.4 s to the pool
itself. Here a posting is five numbers appended to arrays (about 36 bytes with its positions),
sorted once by numpy when the segment is written, and each term's blocks are filled a block at a
time instead of a posting at a time.

The block filling mirrors ``W3PostingsWriter.add_posting`` exactly (block size, inline limit,
per-block maximum weight and minimum/maximum lengths, values only when not empty);
``tests/core/test_index_segment_writer.py`` compares both writers' segments term by term,
statistics included.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.util.numlists import delta_encode
from whoosh.writing import SegmentWriter

from workbench.core.search import postings
from workbench.core.search.analysis import SurfaceTokenizer, WorkbenchTokenizer, indexed_words


def stored_length(length: int) -> int:
    """A field length as whoosh's writer sees it when it writes postings: read back from the
    length column, which keeps one byte (a logarithmic approximation) per document and field."""
    return int(byte_to_length(length_to_byte(length))) if length else 0


CHUNK = 16384  # postings turned into Python lists at a time when a segment is written (peak memory)
# a chunk of postings (``CompactPool._chunks``) and what encoding it needs: the fixed value size
# of each term's field, the block size and the compression level
Chunk = tuple[np.ndarray, np.ndarray, np.ndarray, bytes, np.ndarray, list[int]]
# ... and the run of its terms (first, end) whose postings arrays are decoded with them, if any
Job = tuple[Chunk, list[int | None], int, int, tuple[int, int] | None]
# each term's (postings bytes, term info bytes), and the arrays of the run asked for
Encoded = tuple[list[tuple[bytes, bytes]], postings.ChunkArrays | None]
Encoder = Callable[[Iterable[Job]], Iterable[Encoded]]


def _values(values: bytes, ends: list[int], lo: int, hi: int) -> list[bytes]:
    return [values[(ends[i - 1] if i else 0) : ends[i]] for i in range(lo, hi)]


def encode_chunk(chunk: Chunk, fixed: list[int | None], limit: int, comp: int,
                 arrays: tuple[int, int] | None = None) -> Encoded:
    """Each term's (postings bytes, term info bytes) of a chunk (``encode_term``), and the
    postings arrays (postings.py) of its terms ``arrays`` (first, end) when asked."""
    docs_array, weights_array, lengths_array, values, ends_array, bounds = chunk
    docs, weights, lengths, ends = docs_array.tolist(), weights_array.tolist(), lengths_array.tolist(), \
        ends_array.tolist()
    terms = [encode_term(docs[lo:hi], weights[lo:hi], _values(values, ends, lo, hi), lengths[lo:hi], limit, comp,
                         fixed[t])
             for t, (lo, hi) in enumerate(pairwise(bounds))]
    decoded = None
    if arrays is not None:
        first, end = arrays
        decoded = postings.decode_chunk(docs_array, weights_array, values, ends, bounds[first : end + 1])
    return terms, decoded


class CompactPool:
    """A segment's postings as parallel arrays, in the order they were added: the term's number,
    the document, the weight, the document's stored field length and where the posting's value
    bytes (positions) sit in one byte buffer. Replaces whoosh's ``PostingPool`` (same ``add``,
    ``iter_postings``, ``cleanup``), so that whoosh's merges into the writer still work."""

    def __init__(self) -> None:
        self._term_numbers: dict[tuple[str, bytes], int] = {}
        self._terms = array("I")
        self._docs = array("I")
        self._weights = array("d")
        self._lengths = array("I")
        self._ends = array("Q")
        self._values = bytearray()

    def __len__(self) -> int:
        return len(self._docs)

    def nbytes(self) -> int:
        """About how much memory the postings take."""
        arrays = (self._terms, self._docs, self._weights, self._lengths, self._ends)
        return sum(a.itemsize * len(a) for a in arrays) + len(self._values) + 120 * len(self._term_numbers)

    def add_posting(self, fieldname: str, btext: bytes, docnum: int, weight: float, vbytes: bytes | None,
                    length: int) -> None:
        key = (fieldname, btext)
        number = self._term_numbers.get(key)
        if number is None:
            number = self._term_numbers[key] = len(self._term_numbers)
        self._terms.append(number)
        self._docs.append(docnum)
        self._weights.append(weight)
        self._lengths.append(length)
        if vbytes:
            self._values += vbytes
        self._ends.append(len(self._values))

    def add_document_postings(self, fieldname: str, items: list[tuple[bytes, int, float, bytes]], docnum: int,
                              length: int) -> None:
        """One document's postings of one field, (btext, frequency, weight, value) each."""
        numbers = self._term_numbers
        terms = []
        for tbytes, _freq, _weight, _value in items:
            key = (fieldname, tbytes)
            number = numbers.get(key)
            if number is None:
                number = numbers[key] = len(numbers)
            terms.append(number)
        self._terms.extend(terms)
        self._docs.extend([docnum] * len(items))
        self._weights.extend([weight for _t, _f, weight, _v in items])
        self._lengths.extend([length] * len(items))
        end = len(self._values)
        ends = []
        for _t, _f, _w, value in items:
            if value:
                self._values += value
                end += len(value)
            ends.append(end)
        self._ends.extend(ends)

    def add_arrays(self, terms: np.ndarray, docs: np.ndarray, weights: np.ndarray, lengths: np.ndarray,
                   values: bytes, ends: np.ndarray) -> None:
        """Many postings at once (a batch of documents analysed elsewhere): ``ends`` says where
        each posting's value ends in ``values``."""
        base = len(self._values)
        self._terms.frombytes(terms.astype(np.uint32).tobytes())
        self._docs.frombytes(docs.astype(np.uint32).tobytes())
        self._weights.frombytes(weights.astype(np.float64).tobytes())
        self._lengths.frombytes(lengths.astype(np.uint32).tobytes())
        self._ends.frombytes((ends.astype(np.uint64) + np.uint64(base)).tobytes())
        self._values += values

    def number(self, fieldname: str, btext: bytes) -> int:
        """The term's number in this pool (a new one for a term it has not seen)."""
        key = (fieldname, btext)
        number = self._term_numbers.get(key)
        if number is None:
            number = self._term_numbers[key] = len(self._term_numbers)
        return number

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """whoosh's pool interface (a posting without its field length)."""
        fieldname, btext, docnum, weight, vbytes = item
        self.add_posting(fieldname, btext, docnum, weight, vbytes, 0)

    def iter_postings(self) -> Iterable[tuple[str, bytes, int, float, bytes]]:
        """(fieldname, btext, docnum, weight, value) in field, term, document order."""
        for key, docs, weights, values, _lengths in self._sorted():
            for i, doc in enumerate(docs):
                yield key[0], key[1], doc, weights[i], values[i]

    def _sorted(self) -> Iterable[tuple[tuple[str, bytes], list[int], list[float], list[bytes], list[int]]]:
        """Each term's postings in document order, terms in (field, term) order."""
        for keys, (docs_array, weights_array, lengths_array, values, ends_array, bounds) in self._chunks():
            docs, weights, lengths, ends = docs_array.tolist(), weights_array.tolist(), lengths_array.tolist(), \
                ends_array.tolist()
            for t, key in enumerate(keys):
                lo, hi = bounds[t], bounds[t + 1]
                yield key, docs[lo:hi], weights[lo:hi], _values(values, ends, lo, hi), lengths[lo:hi]

    def _chunks(self) -> Iterable[tuple[list[tuple[str, bytes]], Chunk]]:
        """The terms in (field, term) order, about ``CHUNK`` postings at a time (a term's postings
        are never split): their keys, and their postings in document order as arrays (documents,
        weights, stored lengths, the values joined with where each ends, and where each term's
        postings begin and end). Sorted once by numpy; most terms of a real vocabulary have one
        or two postings, and numpy's per-call cost on such tiny arrays exceeds the work, so the
        chunks are handed out whole."""
        keys = sorted(self._term_numbers)
        if not keys:
            return
        rank = np.empty(len(keys), np.int32)  # 4 bytes a posting below, not 8: the write's peak memory
        for r, key in enumerate(keys):
            rank[self._term_numbers[key]] = r
        posting_rank = rank[np.frombuffer(self._terms, np.uint32)]
        docs_array = np.frombuffer(self._docs, np.uint32)
        order = np.lexsort((docs_array, posting_rank))  # by term, then document
        bounds = np.concatenate(([0], np.cumsum(np.bincount(posting_rank, minlength=len(keys))))).tolist()
        del posting_rank, rank
        ends_all = np.frombuffer(self._ends, np.uint64)  # views, not copies: memory is bounded by the pool's
        weights_all, lengths_all = np.frombuffer(self._weights, np.float64), np.frombuffer(self._lengths, np.uint32)
        value_bytes = np.frombuffer(self._values, np.uint8)  # no copy: nothing is added while writing
        r = 0
        while r < len(keys):
            first = bounds[r]
            last = r  # the terms whose postings end within CHUNK of ``first`` (at least one)
            while last < len(keys) and (last == r or bounds[last + 1] - first <= CHUNK):
                last += 1
            part = order[first : bounds[last]]
            starts = np.where(part > 0, ends_all[np.maximum(part - 1, 0)], 0).astype(np.int64)
            sizes = ends_all[part].astype(np.int64) - starts
            ends = np.cumsum(sizes)
            gather = np.repeat(starts - (ends - sizes), sizes) + np.arange(int(ends[-1]) if len(ends) else 0)
            yield keys[r:last], (docs_array[part], weights_all[part], lengths_all[part], value_bytes[gather].tobytes(),
                                 ends, [b - first for b in bounds[r : last + 1]])
            r = last

    def write(self, fieldwriter: Any, schema: Any, encoder: Encoder | None = None,
              arrays: postings.SegmentArrays | None = None, arrays_field: str | None = None) -> None:
        """Every term's postings through whoosh's field writer, in field and term order. The
        terms' bytes are made by ``encoder`` (in worker processes, build.py) when given, here
        otherwise; with ``arrays``, the encoder also decodes ``arrays_field``'s postings into
        the segment's postings arrays."""
        codec = fieldwriter._codec
        if codec._inlinelimit > 1:  # not whoosh's default: its own way, term by term
            self._write_slowly(fieldwriter, schema)
            return
        limit, comp = codec._blocklimit, codec._compression
        fixed = {name: schema[name].format.fixed_value_size() for name in schema.names() if schema[name].indexed}
        # the keys of the chunks being encoded, and their run of ``arrays_field`` terms
        handed_out: deque[tuple[list[tuple[str, bytes]], tuple[int, int] | None]] = deque()
        wanted = arrays_field if arrays is not None and encoder is not None else None

        def jobs() -> Iterator[Job]:
            for keys, chunk in self._chunks():
                run = None
                if wanted is not None:
                    inside = [t for t, (name, _b) in enumerate(keys) if name == wanted]  # terms are in field order
                    run = (inside[0], inside[-1] + 1) if inside else None
                handed_out.append((keys, run))
                yield chunk, [fixed[name] for name, _b in keys], limit, comp, run

        encoded = encoder(jobs()) if encoder is not None else (encode_chunk(*job[:4]) for job in jobs())
        field = None
        offset = fieldwriter._postfile.tell()  # then counted, not asked: a system call per term
        write, add = fieldwriter._postfile.write, fieldwriter._tindex.add
        for terms, decoded in encoded:
            keys, run = handed_out.popleft()
            if arrays is not None and decoded is not None and run is not None:
                arrays.add([btext.decode("utf-8") for _f, btext in keys[run[0] : run[1]]], decoded)
            for (fieldname, btext), (data, info) in zip(keys, terms, strict=True):
                if fieldname != field:
                    if field is not None:
                        fieldwriter.finish_field()
                    fieldwriter.start_field(fieldname, schema[fieldname])
                    field = fieldname
                write(data)
                add(pack_ushort(fieldwriter._fieldid) + btext, info + pack_long(offset) + pack_int(len(data)))
                offset += len(data)
        if field is not None:
            fieldwriter.finish_field()

    def _write_slowly(self, fieldwriter: Any, schema: Any) -> None:
        field = None
        for (fieldname, btext), docs, weights, values, lengths in self._sorted():
            if fieldname != field:
                if field is not None:
                    fieldwriter.finish_field()
                fieldwriter.start_field(fieldname, schema[fieldname])
                field = fieldname
            fieldwriter.start_term(btext)
            _fill_term(fieldwriter._postwriter, docs, weights, values, lengths)
            fieldwriter.finish_term()
        if field is not None:
            fieldwriter.finish_field()

    def cleanup(self) -> None:
        self.__init__()  # type: ignore[misc]


def _fill_term(postwriter: Any, docs: list[int], weights: list[float], values: list[bytes], lengths: list[int]) -> None:
    """What ``add_posting`` called once per posting leaves in the postings writer, a block at a
    time: a full block is written when the next posting arrives, the last one (or the inlined
    postings) by ``finish_postings``."""
    limit = postwriter._blocklimit
    for lo in range(0, len(docs), limit):
        if lo:
            postwriter._write_block()
        hi = lo + limit
        block_weights = weights[lo:hi]
        present = [n for n in lengths[lo:hi] if n]
        postwriter._ids = array("I", docs[lo:hi])
        postwriter._weights = array("f", block_weights)
        postwriter._values = [v for v in values[lo:hi] if v]
        postwriter._maxweight = max(0, max(block_weights))
        postwriter._minlength = min(present) if present else None
        postwriter._maxlength = max(present) if present else 0


_POSITIONS = Positions()
ALONE_CACHED = 1 << 16  # positions whose single-position value is kept (about 60 bytes each)
_ALONE: dict[int, bytes] = {}


def analysable(field: Any) -> bool:
    """A searchable text field analysed here without whoosh's tokens (``word_values``): positions,
    or frequencies for the spelling field, from this project's tokenizers."""
    return type(field.format) in (Positions, Frequency) and \
        type(field.analyzer) in (WorkbenchTokenizer, SurfaceTokenizer)


def word_values(value: str, morph: bool, positions: bool) -> list[tuple[str, int, bytes]]:
    """(term, frequency, value bytes) per distinct term of ``value`` in first-occurrence order,
    the value encoded as whoosh's ``Positions`` (or ``Frequency``) format encodes it."""
    where: dict[str, list[int]] = {}
    for term, position in indexed_words(value, morph=morph):
        found = where.get(term)
        if found is None:
            where[term] = [position]
        else:
            found.append(position)
    if positions:
        encode, alone = _POSITIONS.encode, _ALONE
        out: list[tuple[str, int, bytes]] = []
        for term, at in where.items():
            if len(at) == 1:  # most words of a text occur once: their value is cached by position
                encoded = alone.get(at[0])
                if encoded is None:
                    encoded = encode(at)
                    if at[0] < ALONE_CACHED:
                        alone[at[0]] = encoded
                out.append((term, 1, encoded))
            else:
                out.append((term, len(at), encode(at)))
        return out
    return [(term, len(at), pack_uint(len(at))) for term, at in where.items()]


def _index(field: Any, value: Any) -> list[tuple[bytes, int, float, bytes]]:
    """``field.index(value)``: (btext, frequency, weight, value) per distinct term, in the order
    whoosh's formats give them. The searchable text fields (positions, or frequencies for the
    spelling field) are analysed without whoosh's token objects and generators, which cost about
    as much as segmenting the text; their values are encoded by the format as whoosh does."""
    if isinstance(value, str) and analysable(field):
        boost = field.format.field_boost
        return [(term.encode("utf-8"), n, n * 1.0 * boost, v)
                for term, n, v in word_values(value, type(field.analyzer) is WorkbenchTokenizer,
                                              type(field.format) is Positions)]
    return list(field.index(value))


_INFO = W3TermInfo._struct  # a term's statistics, before where its postings are


def encode_term(docs: list[int], weights: list[float], values: list[bytes], lengths: list[int], limit: int,
                comp: int, fixed: int | None) -> tuple[bytes, bytes]:
    """A term's posting list as ``start_term``, ``add`` per posting and ``finish_term`` write it
    (``W3PostingsWriter._write_block``, ``finish_postings``, ``W3TermInfo.add_block`` and
    ``to_bytes``, ``W3FieldWriter.finish_term``), in one function: most words of a real
    vocabulary have a posting or two, and the fifteen method calls whoosh makes per term cost
    more than the term's own data. Returns the postings' bytes and the term info's bytes up to
    the postings' place in the file (which the caller appends)."""
    out = [WHOOSH3_HEADER_MAGIC]
    total_weight: float = 0
    total_min: int | None = None
    total_max = 0
    total_maxweight: float = 0
    count = len(docs)
    for lo in range(0, count, limit):
        hi = min(lo + limit, count)
        ids = docs[lo:hi]
        block_weights = array("f", weights[lo:hi])
        present = [n for n in lengths[lo:hi] if n]
        minlength = min(present) if present else None
        maxlength = max(present) if present else 0
        maxweight = max(0, max(weights[lo:hi]))
        total_weight += sum(block_weights)
        total_min = minlength if total_min is None else min(total_min, minlength)  # type: ignore[type-var]
        total_max = max(total_max, maxlength)
        total_maxweight = max(total_maxweight, maxweight)
        first = block_weights[0]
        if all(w == 1.0 for w in block_weights):
            mini_weights: Any = None
        elif all(w == first for w in block_weights):
            mini_weights = first
        else:
            mini_weights = tuple(block_weights)
        kept = [v for v in values[lo:hi] if v]
        mini_values: Any = tuple(kept) if fixed is None or fixed < 0 else None if fixed == 0 else b"".join(kept)
        databytes = pickle.dumps((tuple(delta_encode(ids)), mini_weights, mini_values), 2)
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = pickle.dumps((len(ids), ids[-1], maxweight, comp, length_to_byte(minlength),
                                  length_to_byte(maxlength)), 2)
        size = len(infobytes) + len(databytes)
        out += (pack_int(-size if hi == count else size), infobytes, databytes)
    info = _INFO.pack(0, total_weight, count, 0 if total_min is None else length_to_byte(total_min),
                      length_to_byte(total_max), total_maxweight, docs[0], docs[-1])
    return b"".join(out), info


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """whoosh's ``SegmentWriter`` with the postings kept in a ``CompactPool`` and written term by
    term. Everything else (stored fields, columns, deletions, merges, the commit and its lock) is
    whoosh's own. Supports the fields this project's schema uses: no term vectors, no separate
    spelling fields."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = CompactPool()
        self.encoder: Encoder | None = None  # makes the terms' bytes elsewhere (build.py's workers)
        # the field whose postings arrays (postings.py) the encoder decodes as the segment is written
        self.arrays_field: str | None = None
        for name in self.schema.names():
            field = self.schema[name]
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r}: term vectors and spelling fields are not supported here")

    def add_document(self, **fields: Any) -> None:
        self._add(fields, None)

    def _add(self, fields: dict[str, Any], analysed: dict[str, int] | None) -> None:
        """One document; ``analysed``: the fields whose postings were added to the pool already
        (``add_analysed``), with their lengths."""
        self._check_state()
        schema = self.schema
        perdoc = self.perdocwriter
        docnum = self.docnum
        add = self.pool.add_document_postings
        docboost = self._doc_boost(fields)
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields.get(name)
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if analysed is not None and name in analysed:
                    length = analysed[name]
                elif field.indexed:
                    boost = self._field_boost(fields, name, docboost)
                    items = _index(field, value)
                    if field.scorable:
                        length = sum(freq for _t, freq, _w, _v in items)
                    if boost != 1.0:
                        items = [(t, freq, weight * boost, v) for t, freq, weight, v in items]
                    add(name, items, docnum, stored_length(length))
                custom = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, custom if field.stored else None, length)
                if field.column_type and custom is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(custom))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_analysed(self, docs: list[dict[str, Any]], names: list[str], counts: np.ndarray, terms: np.ndarray,
                     freqs: np.ndarray, values: bytes, ends: np.ndarray) -> None:
        """Documents whose text fields ``names`` were analysed elsewhere (``word_values``, in a
        worker process): ``counts[d, f]`` postings of document ``d``'s field ``names[f]``, in
        that order, with their terms (this pool's numbers), frequencies and encoded values
        (ending at ``ends`` in ``values``). The same postings, weights and field lengths as
        ``add_document`` gives the same documents. Documents that boost fields or themselves
        are not supported here."""
        schema = self.schema
        nfields = len(names)
        for doc in docs:
            if any(name.startswith("_") and name.endswith("boost") for name in doc):
                raise ValueError("boosted documents are added with add_document")
        flat = counts.reshape(-1).astype(np.int64)
        owner = np.repeat(np.arange(len(flat)), flat)  # the (document, field) cell of each posting
        starts = np.concatenate((np.zeros(1, np.int64), np.cumsum(freqs.astype(np.int64))))
        cell_ends = np.cumsum(flat)
        sums = (starts[cell_ends] - starts[cell_ends - flat]).reshape(len(docs), nfields)
        scorable = np.array([schema[name].scorable for name in names], bool)
        sums = sums * scorable
        boosts = np.array([schema[name].format.field_boost for name in names], np.float64)
        stored = {int(n): stored_length(int(n)) for n in np.unique(sums)}
        stored_sums = np.vectorize(stored.__getitem__, otypes=[np.int64])(sums) if sums.size else sums
        docs_of = self.docnum + owner // nfields
        self.pool.add_arrays(terms, docs_of, freqs.astype(np.float64) * 1.0 * boosts[owner % nfields],
                             stored_sums.reshape(-1)[owner], values, ends)
        for d, doc in enumerate(docs):
            self._add(doc, {name: int(sums[d, f]) for f, name in enumerate(names) if doc.get(name) is not None})

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: dict[int, int] | None) -> None:
        """A segment merged into this one (an idle merge, or whoosh's merge policy at commit):
        its postings with the field lengths its documents were written with, those of deleted
        documents left out (``docmap`` holds the others), as ``reader.iter_postings`` gives them.
        Read a block at a time, each field's lengths once: whoosh's walk opened each term's
        reader by a second look-up and read a length per posting; an idle merge of 500 items
        spent 1.5 s of CPU in it."""
        terms = getattr(reader, "_terms", None)
        codec, postfile = getattr(terms, "_codec", None), getattr(terms, "_postfile", None)
        if codec is None or postfile is None:
            self._add_postings_slowly(reader, startdoc, docmap)
            return
        add = self.pool.add_posting
        count = reader.doc_count_all()
        for fieldname in reader.indexed_field_names():
            if fieldname not in self.schema:
                continue
            fmt = reader.schema[fieldname].format
            lengths = [int(reader.doc_field_length(doc, fieldname) or 0) for doc in range(count)]
            for btext, info in reader.iter_field(fieldname, b""):  # bytes: no field's own conversion
                matcher = codec.postings_reader(postfile, info, fmt, term=(fieldname, btext))
                while matcher.is_active():
                    matcher._read_ids()
                    matcher._read_weights()
                    matcher._read_values()
                    weights, values = matcher._weights, matcher._values
                    for i, doc in enumerate(matcher._ids):
                        newdoc = startdoc + doc if docmap is None else docmap.get(doc)
                        if newdoc is not None:
                            add(fieldname, btext, newdoc, weights[i], values[i], lengths[doc])
                    matcher._next_block()

    def _add_postings_slowly(self, reader: Any, startdoc: int, docmap: dict[int, int] | None) -> None:
        schema = self.schema
        add = self.pool.add_posting
        for fieldname, btext, docnum, weight, vbytes in reader.iter_postings():
            if fieldname not in schema:
                continue
            newdoc = docmap[docnum] if docmap is not None else startdoc + docnum
            length = reader.doc_field_length(docnum, fieldname) or 0
            add(fieldname, btext, newdoc, weight, vbytes, int(length))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        arrays = None
        if self.encoder is not None and self.arrays_field is not None:
            arrays = postings.arrays_for(self, self.arrays_field)
        try:
            self.pool.write(self.fieldwriter, self.schema, self.encoder, arrays, self.arrays_field)
        except BaseException:
            if arrays is not None:
                arrays.abandon()
            raise
        if arrays is not None:
            arrays.finish()
        self.fieldwriter.close()

    def postings_bytes(self) -> int:
        return self.pool.nbytes()
