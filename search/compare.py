"""A topic across years: how often it comes up, the best passages of each year, the figures in them.

Passages are chunks, ranked by BM25 (and by cosine when vectors exist, fused by RRF as in
`search.hybrid`). A chunk counts as a hit when it holds at least half of the query's terms: a
single shared word ("barn") is not the topic, and counts per year must mean something.

The year of a passage is the period its report covers where the paper is a recognised report
("Bilaga till Tertialrapport december 2022" in a February 2023 packet is 2022), otherwise the
document's own year. Figures carry their own year, read from their sentence or table (see
`search.figures`), which may differ again: a 2023 plan speaks of the 2022 deficit.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict

from .figures import find_figures
from .hybrid import dense_chunks, lexical_chunks, make_snippet, rrf
from .query import Filters
from .reports import find_reports, nfc, page_at
from .store import Store, filter_sql

CANDIDATES = 400
FIGURES_PER_YEAR = 8
FIGURE_BOOST = 2.0
# Query words that ask for a quantity, and the figures that answer them: a budget table has no
# word "underskott", but a negative number in its Avvikelse column is one.
QUANTITY_TERMS: dict[str, tuple[str, int]] = {
    "underskott": ("avvikelse", -1), "överskott": ("avvikelse", 1), "avvikelse": ("avvikelse", 0),
    "budget": ("budget", 0), "prognos": ("prognos", 0), "utfall": ("utfall", 0), "kostnad": ("utfall", 0),
}


def _report_years(store: Store) -> dict[int, list[tuple[int, int, int]]]:
    """file_id → [(start, end, period year)] of the recognised reports in it."""
    out: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for r in find_reports(store):
        if r.period_year:
            out[r.file_id].append((r.char_start, r.char_end, r.period_year))
    return out


def compare_topic(store: Store, query: str, *, filters: Filters | None = None, per_year: int = 3,
                  embedder=None) -> dict:
    tokens = store.analyzer.analyze_query(query)
    if not tokens:
        return {"query": query, "terms": [], "years": [], "counts": [], "figures": []}
    where, params = filter_sql(filters)
    lexical = lexical_chunks(store, tokens, where, params, CANDIDATES)
    dense = dense_chunks(store, embedder, query, where, params, CANDIDATES) if embedder is not None else []
    scores = rrf([[c for c, _ in lexical], [c for c, _ in dense[:50]]])
    ids = list(scores)
    chunks = store.chunks_by_id(ids)
    terms = set(tokens)
    need = max(1, math.ceil(len(terms) / 2))
    doc_ids = sorted({c["document_id"] for c in chunks.values()})
    docs = {d["id"]: d for d in store._rows(
        "SELECT d.id, d.file_id, d.title, d.doc_type, d.municipality, d.committee, d.date, d.meeting_date, d.year, "
        "d.case_keys, f.source, f.pages FROM documents d JOIN files f ON f.id = d.file_id "
        f"WHERE d.id IN ({','.join('?' * len(doc_ids))})", doc_ids)} if doc_ids else {}
    report_years = _report_years(store)
    dense_ids = {c for c, _ in dense[:50]}

    quantity = {t: QUANTITY_TERMS[w] for w in query.casefold().split() for t in store.analyzer.analyze_query(w)
                if w in QUANTITY_TERMS}

    def answers(f, term: str) -> bool:
        kind, sign = quantity[term]
        return f.kind == kind and (sign == 0 or f.value * sign > 0)

    hits = []
    for cid, score in scores.items():
        ch = chunks.get(cid)
        if ch is None:
            continue
        have = set(store.analyzer.analyze(f"{ch['heading'] or ''} {ch['text']}")) & terms
        if quantity and len(have) + len(quantity) >= need:
            # Figures about the topic that answer the quantity asked for count as that term.
            topic = terms - set(quantity)
            answered: set[str] = set()
            for f in find_figures(nfc(ch["text"]), heading=ch["heading"] or "", default_year=None):
                about = set(store.analyzer.analyze(f.label)) & topic
                answered |= {t for t in quantity if about and answers(f, t)}
            if answered:
                have = have | answered
                score *= FIGURE_BOOST
        if len(have) < need and cid not in dense_ids:
            continue
        d = docs[ch["document_id"]]
        year = next((y for s, e, y in report_years.get(d["file_id"], []) if s <= ch["char_start"] < e), None) or d["year"]
        hits.append((cid, score * (0.5 + len(have) / (2 * len(terms))), year, d, ch, have))

    by_year: dict[int | None, list] = defaultdict(list)
    counts: dict[tuple, dict] = {}
    for h in hits:
        by_year[h[2]].append(h)
        d = h[3]
        key = (h[2], d["municipality"], d["committee"])
        c = counts.setdefault(key, {"year": h[2], "municipality": d["municipality"], "committee": d["committee"],
                                    "documents": set(), "passages": 0})
        c["documents"].add(d["id"])
        c["passages"] += 1

    analyzer = store.analyzer
    memo: dict[str, bool] = {}

    def is_match(w: str) -> bool:
        if w not in memo:
            memo[w] = analyzer.word_matches(w, terms)
        return memo[w]

    def label_matches(text: str) -> int:
        return len(set(analyzer.analyze(text)) & terms)

    years_out, all_figures = [], []
    for year in sorted(by_year, key=lambda y: (y is None, y or 0)):
        ranked = sorted(by_year[year], key=lambda h: -h[1])[:per_year]
        passages = []
        year_figs = []
        for cid, score, _, d, ch, have in ranked:
            pages = json.loads(d["pages"] or "[]")
            snippet, _plain = make_snippet(ch["text"], is_match)
            figs = []
            for f in find_figures(nfc(ch["text"]), heading=ch["heading"] or "", default_year=year):
                # In a table only the rows about the topic; in prose every figure of the passage.
                rel = label_matches(f.label) if f.source == "table" else label_matches(ch["text"][max(0, f.char_start - 200):f.char_end + 80])
                if rel and quantity and any(answers(f, t) for t in quantity):
                    rel += 1  # it states the quantity asked for
                if f.source == "table" and not rel and not f.total:
                    continue
                s = ch["char_start"] + f.char_start
                fig = {"kind": f.kind, "label": f.label, "value": f.value, "unit": f.unit,
                       "value_mnkr": round(f.sek / 1e6, 3) if f.sek is not None else None, "year": f.year,
                       "year_source": f.year_source, "raw": f.raw, "source_kind": f.source,
                       "document_id": d["id"], "source": d["source"], "page": page_at(pages, s) if pages else ch["page"],
                       "char_start": s, "char_end": ch["char_start"] + f.char_end, "passage_year": year, "relevance": rel}
                figs.append(fig)
            figs.sort(key=lambda x: (-x["relevance"], x["char_start"]))
            year_figs.extend(figs)
            passages.append({
                "document_id": d["id"], "chunk_id": cid, "source": d["source"], "title": d["title"], "doc_type": d["doc_type"],
                "municipality": d["municipality"], "committee": d["committee"], "date": d["date"] or d["meeting_date"],
                "case_numbers": json.loads(d["case_keys"] or "[]"), "heading": ch["heading"], "page": ch["page"],
                "char_start": ch["char_start"], "char_end": ch["char_end"], "snippet": snippet, "score": round(score, 6),
                "matched_terms": sorted(have), "figures": figs,
            })
        # The short list: figures about the topic first, the largest amounts of those first.
        year_figs.sort(key=lambda x: (-x["relevance"], -abs(x["value_mnkr"] if x["value_mnkr"] is not None else x["value"]), x["char_start"]))
        all_figures.extend(year_figs[:FIGURES_PER_YEAR])
        docs_in_year = {h[3]["id"] for h in by_year[year]}
        years_out.append({"year": year, "documents": len(docs_in_year), "passages_found": len(by_year[year]),
                          "passages": passages})
    counts_out = [{**c, "documents": len(c["documents"])} for c in counts.values()]
    counts_out.sort(key=lambda c: (c["year"] is None, c["year"] or 0, c["municipality"] or "", c["committee"] or ""))
    return {"query": query, "terms": sorted(terms), "years": years_out, "counts": counts_out, "figures": all_figures}


TOPIC_TABLES = ("counts", "figures", "passages")


def topic_csv(result: dict, table: str = "figures") -> str:
    """One of a topic comparison's tables as CSV: counts per year, its figures, or its passages."""
    from .export import csv_text
    from .figures import FIGURE_COLUMNS

    if table == "counts":
        cols = ["year", "municipality", "committee", "documents", "passages"]
        return csv_text(cols, ([c[k] for k in cols] for c in result["counts"]))
    if table == "figures":
        cols = ["passage_year", *FIGURE_COLUMNS, "relevance"]
        return csv_text(cols, ([f.get(k) for k in cols] for f in result["figures"]))
    if table == "passages":
        cols = ["year", "document_id", "source", "title", "doc_type", "municipality", "committee", "date", "case_numbers",
                "heading", "page", "char_start", "char_end", "score", "snippet"]
        rows = ([y["year"], *[", ".join(p[k]) if k == "case_numbers" else p[k] for k in cols[1:]]]
                for y in result["years"] for p in y["passages"])
        return csv_text(cols, rows)
    raise ValueError(f"Okänd tabell {table!r}; välj bland {', '.join(TOPIC_TABLES)}.")
