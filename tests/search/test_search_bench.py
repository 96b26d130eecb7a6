"""`namndsok bench search` runs end to end: no timings asserted, only that the figures are there
and that the copies really grow the store (a copy skipped as a repeat would time nothing)."""
from __future__ import annotations

import shutil

from namndsok.config import Settings
from namndsok.service import Service


def test_bench_search_lexical_scales(corpus, tmp_path):
    small = tmp_path / "corpus"
    small.mkdir()
    for name in ("lomma-partiguide__BUN_2023-01-10.txt", "kommunhandlingar__kungsbacka_ifo_2025-08-21_handlingar.md"):
        shutil.copy(corpus / name, small / name)
    svc = Service(Settings(store=tmp_path / "unused", embedder="none"))
    res = svc.bench_search(corpus_dir=small, scales=[1, 2], queries=5).model_dump()

    assert {"corpus", "cold_ingest_s", "scales", "dense", "dense_skipped", "peak_rss_mb", "cpus", "queries"} <= res.keys()
    assert len(res["queries"]) == 5
    x1, x2 = res["scales"]
    for s in (x1, x2):
        assert {"scale", "files", "documents", "chunks", "ingest_s", "store_mb", "lexical", "peak_rss_mb"} <= s.keys()
        assert s["errors"] == 0 and s["store_mb"] > 0 and s["peak_rss_mb"] > 0
        assert s["lexical"]["queries"] == 5 and 0 < s["lexical"]["p50_ms"] <= s["lexical"]["p95_ms"]
    assert (x2["files"], x2["documents"], x2["chunks"]) == (2 * x1["files"], 2 * x1["documents"], 2 * x1["chunks"])
    assert res["dense"] is None and "none" in res["dense_skipped"]
    assert not (tmp_path / "unused").exists() or not any((tmp_path / "unused").iterdir())
