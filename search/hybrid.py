"""Answering a query: exact identifier lookup first, then lexical + dense fused by RRF.

Order of results and why:
1. Exact hits — the query is (or contains) a case number or a § reference. Identifiers are
   either there or not; ranking them by term statistics would bury the one paper that carries
   the number as its own under papers that mention "2015" a lot. The document whose OWN number
   it is comes first, then the § / agenda item handling it, then the papers filed with its own
   paper (the same agenda item of the packet, or titled like an attachment the paper lists:
   bilagor rarely print the number), then papers citing it; ties oldest first, so the history
   of a case reads top-down.
2. Fused hits — BM25 over analysed chunks (title 4, cases 3, decision 2, body 1) and cosine
   over chunk vectors, each collapsed to documents (best chunk represents the document) and
   combined by reciprocal rank fusion, score = Σ 1/(k + rank), k = 60. RRF needs no score
   calibration between BM25 and cosine, which have nothing in common. A query naming a
   municipality of the store adds a third list: that municipality's papers matching the rest
   of the query (`_municipality_list`).

Without an embedder or before any vector exists, "hybrid" is simply lexical.

Snippets: `snippet` marks matched words with «» (guillemets: plain text, safe to print in a
terminal and to escape for HTML); `snippet_plain` is the same text without marks.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from nlp.bodies import committee_from_case_body

from .analyzer import _TOKEN
from .query import Filters, ParsedQuery, parse_query
from .store import FTS_WEIGHTS, ROLE_RANK, Store, _fold, filter_sql

MARK_OPEN, MARK_CLOSE = "«", "»"
RRF_K = 60
SNIPPET_WORDS = 40
_EXACT_BASE = 2.0  # exact hits score above any fused score (RRF sums stay below 0.05)
# Papers of a case's agenda item rank after the § / agenda item handling it, before citations.
_SIBLING_RANK = 1.5


class Hit(BaseModel):
    document_id: int
    source: str
    title: str | None = None
    doc_type: str | None = None
    municipality: str | None = None
    committee: str | None = None
    date: str | None = None
    case_numbers: list[str] = Field(default_factory=list)
    page: int | None = None
    char_start: int
    char_end: int
    snippet: str
    score: float
    # extras
    snippet_plain: str = ""
    matched_by: list[str] = Field(default_factory=list)
    page_quality: str | None = None
    chunk_id: int | None = None


# -- fusion -----------------------------------------------------------------------------------
def rrf(ranked_lists: Sequence[Sequence[Hashable]], k: int = RRF_K) -> dict[Hashable, float]:
    """Reciprocal rank fusion: each list contributes 1/(k + rank), rank counted from 1."""
    scores: dict[Hashable, float] = {}
    for lst in ranked_lists:
        for rank, key in enumerate(lst, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


def best_chunk_per_document(ranked: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """[(chunk_id, document_id)] best first → [(document_id, best chunk_id)] in document order."""
    seen: dict[int, int] = {}
    for chunk_id, doc_id in ranked:
        if doc_id not in seen:
            seen[doc_id] = chunk_id
    return list(seen.items())


# -- candidate lists --------------------------------------------------------------------------
def lexical_chunks(store: Store, tokens: Sequence[str], where: str, params: list, limit: int) -> list[tuple[int, int]]:
    """[(chunk_id, document_id)] by weighted BM25, best first.

    Within one document the title and case columns are the same on every chunk, and FTS5
    saturates term frequency over the whole row, so the weighted score alone would pick a
    short chunk that merely repeats the title. The chunk that will represent its document is
    therefore moved to the document's first position by its body-only score.
    """
    if not tokens:
        return []
    match = " OR ".join(f'"{t}"' for t in tokens)  # tokens are [^\W_]+ only: quoting is safe
    w = ", ".join(str(x) for x in FTS_WEIGHTS)
    sql = (
        f"SELECT c.id, c.document_id, bm25(chunks_fts, 0, 0, 0, 1) AS body FROM chunks_fts "
        f"JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document_id "
        f"WHERE chunks_fts MATCH ?{where} ORDER BY bm25(chunks_fts, {w}) LIMIT ?"
    )
    rows = store._rows(sql, [match, *params, limit])
    best_body: dict[int, tuple[float, int]] = {}
    for r in rows:
        cur = best_body.get(r["document_id"])
        if cur is None or r["body"] < cur[0]:
            best_body[r["document_id"]] = (r["body"], r["id"])
    out: list[tuple[int, int]] = []
    placed: set[int] = set()
    for r in rows:
        d = r["document_id"]
        if d not in placed:
            placed.add(d)
            out.append((best_body[d][1], d))
        if r["id"] != best_body[d][1]:
            out.append((r["id"], d))
    return out


def dense_chunks(store: Store, embedder, query: str, where: str, params: list, limit: int) -> list[tuple[int, int]]:
    from .vectors import dense_search

    allowed = None
    if where:
        allowed = [r["id"] for r in store._rows(
            f"SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE 1=1{where}", params)]
        if not allowed:
            return []
    found = dense_search(store, embedder, query, limit, allowed)
    if not found:
        return []
    rows = store.chunks_by_id(cid for cid, _ in found)
    return [(cid, rows[cid]["document_id"]) for cid, _ in found if cid in rows]


@dataclass
class ExactHit:
    document_id: int
    char_start: int
    char_end: int
    page: int | None
    mark: str | None  # regex of the text to highlight inside the span


def _body_matches(body: str, committee: str | None, case_keys_json: str | None) -> bool:
    """Whether "SN"/"Socialnämnden" typed before a § names this document's committee."""
    com = _fold(committee or "")
    wanted = _fold(committee_from_case_body(body.upper()) or body)
    if com and (com == wanted or com.startswith(_fold(body))):
        return True
    return f'"{body.upper()} ' in (case_keys_json or "")  # the register prefix of its case numbers


def exact_lookup(store: Store, parsed: ParsedQuery, where: str, params: list) -> list[ExactHit]:
    """Documents carrying the query's case numbers / § references, in the order described above."""
    ranked: dict[int, tuple[tuple, ExactHit]] = {}

    def offer(sort_key: tuple, hit: ExactHit) -> None:
        cur = ranked.get(hit.document_id)
        if cur is None or sort_key < cur[0]:
            ranked[hit.document_id] = (sort_key, hit)

    for key in parsed.case_keys:
        body, _, number = key.partition(" ")
        # A number typed without its register ("2018/23") matches it under any body.
        cond, arg = ("substr(cm.key, instr(cm.key, ' ') + 1) = ?", number) if body == "?" else ("cm.key = ?", key)
        rows = store._rows(
            "SELECT cm.document_id, cm.role, cm.raw, cm.char_start, cm.char_end, cm.page, "
            f"COALESCE(d.date, d.meeting_date) AS dd FROM case_mentions cm JOIN documents d ON d.id = cm.document_id "
            f"WHERE {cond}{where}", [arg, *params])
        for r in rows:
            sort_key = (ROLE_RANK.get(r["role"], 2), r["dd"] is None, r["dd"] or "", r["document_id"], r["char_start"])
            offer(sort_key, ExactHit(r["document_id"], r["char_start"], r["char_end"], r["page"], _key_pattern(key)))

    # The papers filed under the agenda item of a case's own paper (its bilagor: reports, policy
    # drafts, the remiss it answers) belong to the case even when they do not print its number.
    own_ids = [doc for doc, (sk, _) in ranked.items() if sk[0] == ROLE_RANK["own"]]
    for sib, page, start, end, dd in _agenda_siblings(store, own_ids, where, params):
        offer((_SIBLING_RANK, dd is None, dd or "", sib, start), ExactHit(sib, start, end, page, None))

    for ref in parsed.paragraph_refs:
        rows = store._rows(
            "SELECT p.document_id, p.char_start, p.char_end, p.page, d.meeting_date, d.date, d.committee, d.case_keys "
            f"FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE p.number = ?{where}",
            [ref.number, *params])
        for r in rows:
            dates = {r["meeting_date"], r["date"]} - {None}
            if ref.date and dates and ref.date not in dates:
                continue  # a § 83 of another meeting is not the one asked for
            # An unknown meeting date or body only demotes: extraction may have missed them.
            date_rank = 0 if (not ref.date or ref.date in dates) else 1
            body_rank = 0 if not ref.body or _body_matches(ref.body, r["committee"], r["case_keys"]) else 1
            dd = r["meeting_date"] or r["date"]
            sort_key = (date_rank + body_rank, dd is None, dd or "", r["document_id"], r["char_start"])
            offer(sort_key, ExactHit(r["document_id"], r["char_start"], r["char_end"], r["page"],
                                     rf"(?:§|\bparagraf)\s*{ref.number}(?!\d)"))
    for raw in parsed.external_numbers:
        # Verbatim search of each document's own text span; the corpus is small enough for a
        # scan, and these numbers are rare enough that no index is worth keeping.
        span = "substr(f.text, d.char_start + 1, d.char_end - d.char_start)"
        rows = store._rows(
            f"SELECT d.id AS document_id, d.char_start + instr({span}, ?) - 1 AS pos, f.pages, "
            f"COALESCE(d.date, d.meeting_date) AS dd FROM documents d JOIN files f ON f.id = d.file_id "
            f"WHERE instr({span}, ?) > 0{where}", [raw, raw, *params])
        for r in rows:
            page = _page_at(json.loads(r["pages"] or "[]"), r["pos"])
            sort_key = (ROLE_RANK["cited"], r["dd"] is None, r["dd"] or "", r["document_id"], r["pos"])
            offer(sort_key, ExactHit(r["document_id"], r["pos"], r["pos"] + len(raw), page, re.escape(raw)))
    return [hit for _, hit in sorted(ranked.values(), key=lambda x: x[0])]


def _agenda_siblings(store: Store, doc_ids: list[int], where: str, params: list) -> list[tuple]:
    """(document_id, page, char_start, char_end, date) of the papers filed with `doc_ids` in the
    same file, those excluded: the papers on the same agenda item of a kallelse, and the papers
    after one of them titled like an attachment it lists (a packet without an agenda)."""
    if not doc_ids:
        return []
    marks = ",".join("?" * len(doc_ids))
    rows = store._rows(
        "SELECT d.id, d.file_id, d.ordinal, d.title, d.page_start, d.char_start, d.char_end, "
        "COALESCE(d.date, d.meeting_date) AS dd, json_extract(d.record, '$.agenda_links') AS links, "
        "json_extract(d.record, '$.attachments') AS atts FROM documents d "
        f"WHERE d.file_id IN (SELECT file_id FROM documents WHERE id IN ({marks})){where}", [*doc_ids, *params])
    if len(rows) > 2000:
        return []  # a pathological packet; the exact hits stand without their siblings
    items = {r["id"]: {(r["file_id"], ln["kallelse"], ln["number"]) for ln in json.loads(r["links"] or "[]")}
             for r in rows}
    owners = [r for r in rows if r["id"] in doc_ids]
    wanted = set().union(*(items[r["id"]] for r in owners))
    listed = [(r["file_id"], r["ordinal"] or 0, {_title_key(a) for a in json.loads(r["atts"] or "[]")} - {""})
              for r in owners]

    def attached(r: dict) -> bool:
        t = _title_key(r["title"])
        return bool(t) and any(f == r["file_id"] and (r["ordinal"] or 0) > o and t in names for f, o, names in listed)

    return [(r["id"], r["page_start"], r["char_start"], r["char_end"], r["dd"]) for r in rows
            if r["id"] not in doc_ids and (items[r["id"]] & wanted or attached(r))]


def _title_key(title: str | None) -> str:
    """A title as compared with an attachment list: case, dashes and punctuation ignored."""
    return " ".join(re.findall(r"[^\W_]+", _fold(title or "")))


def _page_at(pages: list[dict], offset: int) -> int | None:
    page = None
    for p in pages:
        if p["char_start"] <= offset:
            page = p["number"]
    return page


# -- snippets ---------------------------------------------------------------------------------
def make_snippet(text: str, is_match: Callable[[str], bool], width: int = SNIPPET_WORDS) -> tuple[str, str]:
    """(marked, plain) window of about `width` words holding the most matched words."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not spans:
        s = " ".join(text.split())[:300]
        return s, s
    flags = [is_match(text[s:e]) for s, e in spans]
    best_i, best_n, n = 0, -1, 0
    for i in range(len(spans)):
        n += flags[i]
        if i >= width:
            n -= flags[i - width]
        if n > best_n:
            best_n, best_i = n, max(0, i - width + 1)
    if best_n <= 0:
        best_i = 0
    j = min(len(spans), best_i + width)
    lo, hi = spans[best_i][0], spans[j - 1][1]
    marked_parts: list[str] = []
    pos = lo
    for (s, e), f in zip(spans[best_i:j], flags[best_i:j]):
        if f:
            marked_parts += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
            pos = e
    marked_parts.append(text[pos:hi])
    pre = "… " if best_i > 0 else ""
    post = " …" if j < len(spans) else ""
    squash = lambda s: " ".join(s.split())  # noqa: E731
    return pre + squash("".join(marked_parts)) + post, pre + squash(text[lo:hi]) + post


def _key_pattern(key: str) -> str:
    """Regex finding case `key` as written in text ("SN 2015/0120", "SOCN/2018:23 - 759")."""
    body, _, rest = key.partition(" ")
    year, _, serial = rest.partition("/")
    num = rf"{year}\s*[/:-]\s*0*{serial}(?!\d)"
    return num if body == "?" else rf"(?i:{re.escape(body)})\W{{0,3}}{num}"


def _exact_snippet(store: Store, file_id: int, hit: ExactHit) -> tuple[str, str]:
    lo = max(0, hit.char_start - 120)
    rows = store._rows("SELECT substr(text, ?, ?) AS t FROM files WHERE id = ?", (lo + 1, 420, file_id))
    text = (rows[0]["t"] if rows else None) or ""
    rel = hit.char_start - lo
    a = b = rel
    if hit.mark:
        # Prefer the occurrence at/after the mention's start, else any in the window.
        m, off = re.search(hit.mark, text[rel:]), rel
        if m is None:
            m, off = re.search(hit.mark, text), 0
        if m:
            a, b = off + m.start(), off + m.end()
    head, mid, tail = text[:a], text[a:b], text[b:]
    if lo > 0 and " " in head:
        head = head.split(" ", 1)[1]  # do not start inside a word
    if " " in tail:
        tail = tail.rsplit(" ", 1)[0]
    squash = lambda s: " ".join(s.split())  # noqa: E731
    marked = squash(head + (MARK_OPEN + mid + MARK_CLOSE if mid else "") + tail)
    plain = squash(head + mid + tail)
    pre = "… " if lo > 0 else ""
    return pre + marked + " …", pre + plain + " …"


# -- search -----------------------------------------------------------------------------------
def _page_quality(pages: list[dict], page: int | None) -> str | None:
    if page is None:
        return None
    for p in pages:
        if p.get("number") == page:
            return p.get("quality")
    return None


def search(
    store: Store,
    query: str,
    *,
    filters: Filters | None = None,
    k: int = 10,
    embedder=None,
    mode: str = "hybrid",
    rrf_k: int = RRF_K,
) -> list[Hit]:
    """Best `k` documents for `query`. mode: "hybrid" | "lexical" | "dense" (evaluation).

    "lexical" is exact lookup + BM25; "dense" is vectors only (empty without an embedder).
    `rrf_k` is Settings.rrf_k.
    """
    if mode not in ("hybrid", "lexical", "dense"):
        raise ValueError(f"okänt sökläge {mode!r}")
    parsed = parse_query(query)
    if not parsed.text:
        return []
    where, params = filter_sql(filters)
    depth = max(100, 10 * k)

    exact = exact_lookup(store, parsed, where, params) if mode != "dense" and parsed.is_exact else []
    tokens = store.analyzer.analyze_query(parsed.text)
    lexical = lexical_chunks(store, tokens, where, params, depth) if mode != "dense" else []
    dense: list[tuple[int, int]] = []
    if embedder is not None and mode != "lexical":
        dense = dense_chunks(store, embedder, parsed.text, where, params, depth)

    lex_docs = best_chunk_per_document(lexical)
    dense_docs = best_chunk_per_document(dense)
    lists = [[d for d, _ in lex_docs], [d for d, _ in dense_docs]]
    if mode != "dense":
        lists.append(_municipality_list(store, parsed.text, tokens, where, params, depth))
    fused = rrf(lists, k=rrf_k)
    lex_best, dense_best = dict(lex_docs), dict(dense_docs)

    order: list[tuple[int, float, list[str], ExactHit | None, int | None]] = []
    exact_ids: set[int] = set()
    for i, eh in enumerate(exact[:k]):
        exact_ids.add(eh.document_id)
        by = ["exact"] + (["lexical"] if eh.document_id in lex_best else []) + (["dense"] if eh.document_id in dense_best else [])
        order.append((eh.document_id, _EXACT_BASE - i / (len(exact) + 1), by, eh, None))
    for doc_id, score in sorted(fused.items(), key=lambda x: (-x[1], x[0])):
        if len(order) >= k:
            break
        if doc_id in exact_ids:
            continue
        by = (["lexical"] if doc_id in lex_best else []) + (["dense"] if doc_id in dense_best else [])
        order.append((doc_id, score, by, None, lex_best.get(doc_id, dense_best.get(doc_id))))
    return _materialise(store, order, set(tokens))


def _municipality_list(store: Store, text: str, tokens: list[str], where: str, params: list, depth: int) -> list[int]:
    """Papers of the municipalities a query names ("... i Lomma", "Kungsbackas kommunbudget")
    that match the rest of the query, best first: one more list for the fusion.

    A municipality's name is rarely in the passage that answers (it stands in the letterhead),
    so BM25 and cosine barely see it, yet a user who names one means its papers. Ranked by the
    query without the name, so a paper that has nothing but the name gains nothing, and as a
    fused list it lifts the named municipality's papers without hiding a better match from
    elsewhere. Names come from the store (the documents' municipality), never from a list here.
    """
    names = [r["m"] for r in store._rows("SELECT DISTINCT municipality AS m FROM documents WHERE municipality IS NOT NULL")]
    folded = _fold(text)
    named = {n for n in names if re.search(rf"(?<!\w){re.escape(_fold(n))}s?(?!\w)", folded)}
    if not named:
        return []
    name_tokens = {t for n in named for t in store.analyzer.analyze_query(n + " " + n + "s")}
    rest = [t for t in tokens if t not in name_tokens]
    docs = [d for d, _ in best_chunk_per_document(lexical_chunks(store, rest, where, params, depth))]
    if not docs:
        return []
    marks = ",".join("?" * len(docs))
    muni = {r["id"]: r["municipality"] for r in store._rows(
        f"SELECT id, municipality FROM documents WHERE id IN ({marks})", docs)}
    return [d for d in docs if muni.get(d) in named]


def _materialise(store: Store, order: list, query_tokens: set[str]) -> list[Hit]:
    if not order:
        return []
    doc_ids = [o[0] for o in order]
    marks = ",".join("?" * len(doc_ids))
    docs = {r["id"]: r for r in store._rows(
        "SELECT d.id, d.file_id, d.title, d.doc_type, d.municipality, d.committee, d.date, d.meeting_date, "
        "d.case_keys, d.char_start, d.char_end, d.page_start, f.source, f.pages FROM documents d "
        f"JOIN files f ON f.id = d.file_id WHERE d.id IN ({marks})", doc_ids)}
    chunks = store.chunks_by_id(o[4] for o in order if o[4] is not None)
    analyzer = store.analyzer
    memo: dict[str, bool] = {}

    def is_match(word: str) -> bool:
        # Snippets test every word of each shown chunk; most words repeat, so remember answers.
        hit = memo.get(word)
        if hit is None:
            hit = memo[word] = analyzer.word_matches(word, query_tokens)
        return hit

    hits: list[Hit] = []
    pages_cache: dict[int, list[dict]] = {}
    for doc_id, score, by, eh, chunk_id in order:
        d = docs.get(doc_id)
        if d is None:
            continue
        pages = pages_cache.setdefault(d["file_id"], json.loads(d["pages"] or "[]"))
        if eh is not None:
            snippet, plain = _exact_snippet(store, d["file_id"], eh)
            start, end, page = eh.char_start, eh.char_end, eh.page
            row = store._rows(
                "SELECT id FROM chunks WHERE document_id = ? AND char_start <= ? ORDER BY char_start DESC LIMIT 1",
                (doc_id, start))
            chunk_id = row[0]["id"] if row else None
        else:
            ch = chunks[chunk_id]
            snippet, plain = make_snippet(ch["text"], is_match)
            start, end, page = ch["char_start"], ch["char_end"], ch["page"]
        hits.append(Hit(
            document_id=doc_id, source=d["source"], title=d["title"], doc_type=d["doc_type"],
            municipality=d["municipality"], committee=d["committee"], date=d["date"] or d["meeting_date"],
            case_numbers=json.loads(d["case_keys"] or "[]"), page=page, char_start=start, char_end=end,
            snippet=snippet, snippet_plain=plain, score=round(float(score), 6), matched_by=by,
            page_quality=_page_quality(pages, page), chunk_id=chunk_id,
        ))
    return hits
