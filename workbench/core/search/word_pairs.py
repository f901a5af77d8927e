"""Near-copies by their words: the measure (``similarity``, the share of word pairs two texts
have in common) and every pair of a whole library that reaches it, found at once (``LibraryWords``)
in time and memory that grow about linearly with the library, before any vectors exist.

How the whole library's pairs are found. Each item's word pairs are hashed once (32 bits; a false
match between two items' word pairs: one in four billion) and held in one array. A pair at the
threshold shares most of the smaller text's word pairs, so it shares one of that text's *rarest*
word pairs too: with the word pairs of a text of m ordered rarest first, any text that holds the
``least_common(m)`` needed must hold one of the first ``m - least_common(m) + 1`` (the prefix
filter of set-similarity joins). An inverted table (the hashes sorted, numpy) gives each word pair
its holders; the pairs of holders of every *rare* word pair (held by at most ``cap`` items) are
counted, item by item, a chunk at a time (pair codes as int64, ``np.unique``). A counted pair is
kept when its count, plus the frequent word pairs both might still share, could reach the
threshold; the kept ones are then measured exactly (each word pair of the smaller looked up
among the other's in the inverted table). So a pair is found exactly whenever the smaller item's
prefix holds only rare word pairs: whenever at least ``least_common(m)`` of its m word pairs are
held by at most ``cap`` items. The items whose prefix holds frequent word pairs (boilerplate, or a
short text of common words) are met with every holder of their word pairs, the cheapest first,
within the same budget as the counting; any left then (a library of a thousand copies of one
answer) are each measured against the next ``WINDOW`` holders of their rarest ``WINDOW_WORDS``
frequent word pairs: every copy is listed with a few of its copies, not all half a million pairs.

``cap`` is the largest count of holders whose pairs, summed over all word pairs, stay within
``COUNTED_PER_WORD_PAIR`` pairs per word pair held: the counting is linear in the library whatever
its text (at most MOST_HOLDERS holders; on the search benchmark's 10,000-item library 270).
Memory: 4 bytes per word pair an item holds, 8 more per word pair another item holds too, about
16 per distinct word pair, and a chunk's arrays (a few times COUNTED_AT_ONCE int64, some 20 MB):
on the benchmark's texts (about 140 word pairs an item) some 2 KB an item, 100 MB at 50k items."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable

import numpy as np

from workbench.core.search.analysis import STOP, normalize, segments, term_of

COUNTED_PER_WORD_PAIR = 10  # pairs of holders counted, at most, per word pair an item holds
MOST_HOLDERS = 300  # a word pair held by more items is never counted pair by pair
WINDOW = 8  # holders after a boilerplate item that each frequent word pair of its prefix offers...
WINDOW_WORDS = 4  # ...of its rarest few frequent word pairs: at most 32 items measured against it
COUNTED_AT_ONCE = 500_000  # pair codes counted (or word pairs looked up) at a time: 4 MB of int64, a few times over
SLICE = 4096  # items whose word pairs are looked up at a time


def shingles(text: str) -> set[tuple[str, str]]:
    """Pairs of consecutive words (stemmed, stop words dropped): discriminating for both
    Chinese and English, unlike characters, which common words make look alike."""
    folded, _ = normalize(text[:50_000])
    words = [term_of(w) for w, _s, _e, _p in segments(folded, subwords=False) if w not in STOP]
    return set(itertools.pairwise(words))


def similarity(a: str, b: str) -> float:
    """How much of the smaller text's word pairs the other repeats: 1.0 for the same text, and
    still high for a copy with an added paragraph or a Traditional/Simplified twin."""
    sa, sb = shingles(a), shingles(b)
    return share(len(sa & sb), len(sa), len(sb))


def share(common: int, a: int, b: int) -> float:
    """The measure from counts: ``common`` word pairs shared by texts of ``a`` and ``b``."""
    if a < 4 or b < 4:
        return common / max(a + b - common, 1)
    return common / min(a, b)


def _shares(common: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``share`` of arrays (the same float64 divisions)."""
    small = (a < 4) | (b < 4)
    out: np.ndarray = np.where(small, common / np.maximum(a + b - common, 1), common / np.maximum(np.minimum(a, b), 1))
    return out


def hashed(pairs: set[tuple[str, str]]) -> np.ndarray:
    """Word pairs as sorted unique 32-bit hashes (Python's, stable within the process)."""
    return np.unique(np.fromiter((hash(p) & 0xFFFFFFFF for p in pairs), dtype=np.uint32, count=len(pairs)))


def least_common(m: int, threshold: float) -> int:
    """The fewest word pairs a text of ``m`` must share with one at least as large to reach
    ``threshold`` (m + 1: it cannot; never less than one)."""
    c = max(1, math.ceil(threshold * m) if m >= 4 else math.ceil(2 * threshold * m / (1 + threshold)))
    while c > 1 and share(c - 1, m, m) >= threshold:
        c -= 1
    while c <= m and share(c, m, m) < threshold:
        c += 1
    return c


Heard = Callable[[int, int], None]  # (done, of)


class LibraryWords:
    """Every item's hashed word pairs in one array (4 bytes a word pair held), added an item at a
    time; ``pairs`` then finds every pair at the threshold."""

    def __init__(self) -> None:
        self.slugs: list[str] = []
        self._sizes: list[int] = []
        self._batch: list[np.ndarray] = []
        self._parts: list[np.ndarray] = []

    def add(self, slug: str, hashes: np.ndarray) -> None:
        self.slugs.append(slug)
        self._sizes.append(len(hashes))
        self._batch.append(hashes)
        if len(self._batch) >= 512:
            self._parts.append(np.concatenate(self._batch))
            self._batch = []

    def __len__(self) -> int:
        return len(self.slugs)

    def pairs(self, threshold: float, wanted: Iterable[str] | None = None, heard: Heard | None = None
              ) -> dict[tuple[str, str], float]:
        """Every pair of items (slugs in order) whose ``share`` reaches ``threshold`` (> 0), of
        which at least one is ``wanted`` (None: any); ``heard`` hears (done, of) by items."""
        if self._batch:
            self._parts.append(np.concatenate(self._batch))
            self._batch = []
        words = np.concatenate(self._parts) if self._parts else np.zeros(0, np.uint32)
        self._parts = [words]
        sizes = np.array(self._sizes, dtype=np.int64)
        chosen = None if wanted is None else set(wanted)
        keep = np.array([chosen is None or s in chosen for s in self.slugs], dtype=bool)
        return _Pairing(words, sizes, threshold).run(self.slugs, keep, heard)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start, start+1, ..., start+length-1 of every (start, length), in one array."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    before = np.cumsum(lengths) - lengths
    return np.repeat(starts - before, lengths) + np.arange(total, dtype=np.int64)


class _Pairing:
    """One run of ``LibraryWords.pairs`` (its arrays live as long as the run)."""

    def __init__(self, words: np.ndarray, sizes: np.ndarray, threshold: float) -> None:
        self.words, self.sizes, self.threshold = words, sizes, threshold
        self.n = n = len(sizes)
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        # items ranked smaller first (then by their order): a pair is counted from its smaller item
        self.by_rank = np.lexsort((np.arange(n), sizes))
        self.rank = np.empty(n, np.int64)
        self.rank[self.by_rank] = np.arange(n)
        distinct, holders = np.unique(words, return_counts=True)
        holders = holders.astype(np.int32)
        self.distinct, self.holders = distinct, holders
        self.cap = self._cap(holders, len(words))
        self.frequent = np.zeros(n, np.int64)  # each item's word pairs held by more than cap items
        self.counted = np.zeros(n, np.int64)  # at most how many pairs of holders each item starts
        everyone = np.zeros(n, np.int64)  # at most how many holders of any word pair each item meets
        # where each word pair's holders begin in the inverted table (those held twice or more)
        shared_holders = np.where(holders >= 2, holders, 0)
        self.begins = (np.cumsum(shared_holders, dtype=np.int64) - shared_holders).astype(np.int64)
        del shared_holders
        parts = []
        for first in range(0, n, SLICE):  # the inverted table a slice of items at a time
            last = min(n, first + SLICE)
            start, stop = int(self.offsets[first]), int(self.offsets[last])
            held = self._held(start, stop)
            owner = np.repeat(np.arange(first, last, dtype=np.int64), sizes[first:last])
            self.frequent[first:last] = np.bincount(owner[held > self.cap] - first, minlength=last - first)
            rare = (held >= 2) & (held <= self.cap)
            self.counted[first:last] = np.bincount(owner[rare] - first, weights=held[rare] - 1, minlength=last - first)
            shared = held >= 2  # a word pair no other item holds pairs nothing
            everyone[first:last] = np.bincount(owner[shared] - first, weights=held[shared] - 1, minlength=last - first)
            parts.append(self._key(words[start:stop][shared], self.rank[owner[shared]]))
        # (hash, rank of its holder), sorted: the holders of a word pair, smaller items first
        self.keys = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
        del parts
        self.keys.sort()
        lengths, where = np.unique(sizes, return_inverse=True)
        self.least = np.array([least_common(int(m), threshold) for m in lengths], dtype=np.int64)[where]
        # items whose prefix holds frequent word pairs (boilerplate, or a short text of common
        # words): the cheapest of them met with every holder of each of their word pairs, within
        # the same budget as the counting; the rest through the window
        heavy = np.flatnonzero((self.frequent >= self.least) & (self.least <= sizes))
        cheapest = heavy[np.argsort(everyone[heavy], kind="stable")]
        within = np.cumsum(everyone[cheapest]) <= COUNTED_PER_WORD_PAIR * max(len(words), 1)
        self.exactly = np.zeros(n, bool)
        self.exactly[cheapest[within]] = True
        self.heavy = np.sort(cheapest[~within])
        self.counted[self.heavy] += np.minimum(self.frequent[self.heavy] - self.least[self.heavy] + 1,
                                               WINDOW_WORDS) * WINDOW
        self.counted[self.exactly] += everyone[self.exactly]

    @staticmethod
    def _cap(holders: np.ndarray, held: int) -> int:
        """The most holders a word pair may have to be counted pair by pair (see the module)."""
        counts = np.bincount(np.minimum(holders, MOST_HOLDERS + 1))
        k = np.arange(len(counts), dtype=np.int64)
        within = np.cumsum(counts * k * (k - 1) // 2) <= COUNTED_PER_WORD_PAIR * max(held, 1)
        fits = np.flatnonzero(within[: MOST_HOLDERS + 1])
        return max(2, int(fits[-1])) if len(fits) else 2

    def _held(self, start: int, stop: int) -> np.ndarray:
        """How many items hold each of the words[start:stop]."""
        return self.holders[np.searchsorted(self.distinct, self.words[start:stop])]

    def _rare(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The rare word pairs items first..last-1 hold (held by 2..cap items), with their
        holders' item, where their holders begin in the inverted table and how many there are."""
        start, stop = int(self.offsets[first]), int(self.offsets[last])
        words = self.words[start:stop]
        which = np.searchsorted(self.distinct, words)
        held = self.holders[which]
        owner = np.repeat(np.arange(first, last, dtype=np.int64), self.sizes[first:last])
        rare = (held >= 2) & (held <= self.cap)
        return words[rare], owner[rare], self.begins[which[rare]], held[rare]

    def _key(self, words: np.ndarray, ranks: np.ndarray) -> np.ndarray:
        return (words.astype(np.uint64) << np.uint64(32)) | ranks.astype(np.uint64)

    def run(self, slugs: list[str], keep: np.ndarray, heard: Heard | None) -> dict[tuple[str, str], float]:
        out: dict[tuple[str, str], float] = {}
        # whole items a chunk (all the pairs an item starts are counted together), about
        # COUNTED_AT_ONCE pair codes each
        total = np.cumsum(self.counted)
        first = 0
        while first < self.n:
            before = int(total[first - 1]) if first else 0
            last = max(first + 1, int(np.searchsorted(total, before + COUNTED_AT_ONCE, side="right")))
            for a, b, score in self._chunk(first, last, keep):
                out[(slugs[a], slugs[b]) if slugs[a] < slugs[b] else (slugs[b], slugs[a])] = score
            first = last
            if heard is not None:
                heard(first, self.n)
        return out

    def _chunk(self, first: int, last: int, keep: np.ndarray) -> list[tuple[int, int, float]]:
        """The pairs at the threshold that items first..last-1 start (each with an item ranked
        after it), at least one of them kept."""
        n, keys = self.n, self.keys
        words, owner, begins, held = self._rare(first, last)
        mine = self.rank[owner]
        at = np.searchsorted(keys, self._key(words, mine))
        after = begins + held - at - 1
        partners = (keys[_ranges(at + 1, after)] & np.uint64(0xFFFFFFFF)).astype(np.int64)
        codes, common = np.unique(np.repeat(mine, after) * n + partners, return_counts=True)
        del partners
        a, b = self.by_rank[codes // n], self.by_rank[codes % n]
        upper = common + np.minimum(self.frequent[a], self.frequent[b])
        could = (_shares(upper, self.sizes[a], self.sizes[b]) >= self.threshold) & (keep[a] | keep[b])
        a, b = a[could], b[could]
        window = self._window(first, last, codes)
        if len(window):
            wa, wb = self.by_rank[window // n], self.by_rank[window % n]
            could = (_shares(np.minimum(self.frequent[wa], self.frequent[wb]), self.sizes[wa], self.sizes[wb])
                     >= self.threshold) & (keep[wa] | keep[wb])
            a, b = np.concatenate([a, wa[could]]), np.concatenate([b, wb[could]])
        scores = self._exact(a, b)
        met = scores >= self.threshold
        found = list(zip(a[met].tolist(), b[met].tolist(), scores[met].tolist(), strict=True))
        for item in np.flatnonzero(self.exactly[first:last]).tolist():
            found += self._everyone(first + item, keep)
        return found

    def _everyone(self, item: int, keep: np.ndarray) -> list[tuple[int, int, float]]:
        """The pairs at the threshold of ``item`` with every item ranked after it, counted over
        all its word pairs' holders."""
        span = self.words[self.offsets[item] : self.offsets[item + 1]]
        which = np.searchsorted(self.distinct, span)
        held = self.holders[which]
        span, which, held = span[held >= 2], which[held >= 2], held[held >= 2]
        at = np.searchsorted(self.keys, self._key(span, np.full(len(span), self.rank[item])))
        after = self.begins[which] + held - at - 1
        partners = (self.keys[_ranges(at + 1, after)] & np.uint64(0xFFFFFFFF)).astype(np.int64)
        ranks, common = np.unique(partners, return_counts=True)
        others = self.by_rank[ranks]
        scores = _shares(common, np.full(len(others), self.sizes[item]), self.sizes[others])
        met = (scores >= self.threshold) & (keep[item] | keep[others])
        return [(item, other, score) for other, score in zip(others[met].tolist(), scores[met].tolist(), strict=True)]

    def _window(self, first: int, last: int, counted: np.ndarray) -> np.ndarray:
        """Pair codes of first..last-1's boilerplate items with the next WINDOW holders of each of
        the rarest WINDOW_WORDS frequent word pairs of their prefix, those not counted already."""
        heavy = self.heavy[(self.heavy >= first) & (self.heavy < last)]
        codes = []
        for item in heavy.tolist():
            span = self.words[self.offsets[item] : self.offsets[item + 1]]
            which = np.searchsorted(self.distinct, span)
            held = self.holders[which]
            frequent = np.flatnonzero(held > self.cap)
            frequent = frequent[np.argsort(held[frequent], kind="stable")]  # the rarest first
            frequent = frequent[: min(int(self.frequent[item] - self.least[item] + 1), WINDOW_WORDS)]  # of the prefix
            mine = self.rank[item]
            at = np.searchsorted(self.keys, self._key(span[frequent], np.full(len(frequent), mine)))
            ends = self.begins[which[frequent]] + held[frequent]
            after = np.minimum(ends - at - 1, WINDOW)
            partners = (self.keys[_ranges(at + 1, after)] & np.uint64(0xFFFFFFFF)).astype(np.int64)
            codes.append(mine * self.n + partners)
        if not codes:
            return np.zeros(0, np.int64)
        window = np.sort(np.concatenate(codes))
        window = window[np.concatenate([[True], window[1:] != window[:-1]])]
        at = np.minimum(np.searchsorted(counted, window), max(len(counted) - 1, 0))
        fresh: np.ndarray = window[counted[at] != window] if len(counted) else window
        return fresh

    def _exact(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``share`` of each pair of items (a[i], b[i]): each word pair of the smaller looked up
        among the other's holders in the inverted table, COUNTED_AT_ONCE at a time."""
        smaller = self.sizes[a] <= self.sizes[b]
        a, b = np.where(smaller, a, b), np.where(smaller, b, a)
        common = np.zeros(len(a), np.int64)
        ends = np.cumsum(self.sizes[a])
        first = 0
        while first < len(a):
            last = max(first + 1, int(np.searchsorted(ends, (ends[first - 1] if first else 0) + COUNTED_AT_ONCE,
                                                      side="right")))
            lengths = self.sizes[a[first:last]]
            words = self.words[_ranges(self.offsets[a[first:last]], lengths)]
            wanted = self._key(words, np.repeat(self.rank[b[first:last]], lengths))
            at = np.minimum(np.searchsorted(self.keys, wanted), max(len(self.keys) - 1, 0))
            hit = self.keys[at] == wanted if len(self.keys) else np.zeros(len(wanted), bool)
            common[first:last] = np.bincount(np.repeat(np.arange(last - first), lengths), weights=hit,
                                             minlength=last - first)
            first = last
        return _shares(common, self.sizes[a], self.sizes[b])
