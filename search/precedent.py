"""Precedent search: earlier proposals and decisions worded like a draft.

The hybrid search (exact → lexical + dense) picks candidate papers for each att-sats of the draft;
inside them every proposed att-sats, § decision and title is scored by wording similarity
(`search.wording`: 3-word shingles and a stem-sequence ratio, or how much of a short draft a long
decision contains). Near-identical phrasings — the same standard decision used meeting after
meeting — are grouped, so the secretary sees each wording once with every place it was used.
"""
from __future__ import annotations

from pydantic import BaseModel

from .attsatser import split_attsatser
from .trace import body_of_decision
from .wording import containment, is_generic_title, wording_similarity

MIN_SCORE = 0.25  # below this a passage shares only stray words with the draft
GROUP_SIMILARITY = 0.8  # candidates this alike are one wording
CANDIDATE_DOCS = 30  # papers taken from the search per draft att-sats


class PrecedentItem(BaseModel):
    text: str
    kind: str  # förslag | beslut | rubrik
    score: float
    matched: str  # the draft att-sats it resembles most
    document_id: int
    source: str
    title: str | None
    doc_type: str | None
    case_keys: list[str]
    body: str | None
    date: str | None
    page: int | None
    char_start: int | None
    char_end: int | None
    paragraph: int | None = None


class PrecedentGroup(BaseModel):
    text: str  # the wording (its best-scoring use)
    score: float
    items: list[PrecedentItem]


class PrecedentResult(BaseModel):
    """`namndsok precedent TEXT --json`."""

    query: str
    satser: list[str]
    candidates: int  # passages compared
    groups: list[PrecedentGroup]


def draft_satser(text: str) -> list[str]:
    """A draft as att-satser; a one-line title stays one."""
    items = split_attsatser(text)
    return items or ([" ".join(text.split())] if text.strip() else [])


def score(draft: str, passage: str) -> float:
    return max(wording_similarity(draft, passage), round(0.85 * containment(draft, passage), 4))


def _passages(doc: dict, rec, page_at) -> list[PrecedentItem]:
    out: list[PrecedentItem] = []
    own = [c.key for c in rec.case_numbers if c.role == "own"]
    base = dict(document_id=doc["id"], source=doc["source"], title=rec.title, doc_type=rec.doc_type)
    spans = rec.proposal_spans if len(rec.proposal_spans) == len(rec.proposals) else [None] * len(rec.proposals)
    for prop, sp in zip(rec.proposals, spans):
        out.append(PrecedentItem(text=prop, kind="förslag", score=0.0, matched="",
                                 case_keys=own or list(rec.all_case_keys[:1]),
                                 body=rec.committee, date=rec.date or rec.meeting_date,
                                 page=sp.page if sp and sp.page is not None else (page_at(sp.char_start) if sp else rec.page_start),
                                 char_start=sp.char_start if sp else None, char_end=sp.char_end if sp else None, **base))
    for p in rec.paragraphs:
        span = p.decision_span or p.span
        page = span.page if span and span.page is not None else (page_at(span.char_start) if span else None)
        common = dict(case_keys=list(p.case_keys), body=body_of_decision(p.decision, rec.committee),
                      date=rec.meeting_date or rec.date, paragraph=p.number, **base)
        if p.decision:
            out.append(PrecedentItem(text=p.decision, kind="beslut", score=0.0, matched="", page=page,
                                     char_start=span.char_start if span else None,
                                     char_end=span.char_end if span else None, **common))
        if p.title:
            ps = p.span
            out.append(PrecedentItem(text=p.title, kind="rubrik", score=0.0, matched="", page=page,
                                     char_start=ps.char_start if ps else None,
                                     char_end=ps.char_start if ps else None, **common))
    if rec.title and not is_generic_title(rec.title) and rec.doc_type in ("tjänsteskrivelse", "remiss", "yttrande", "protokollsutdrag"):
        ts = rec.fields.get("title").span if rec.fields.get("title") else None
        out.append(PrecedentItem(text=rec.title, kind="rubrik", score=0.0, matched="", case_keys=own,
                                 body=rec.committee,
                                 date=rec.date or rec.meeting_date,
                                 page=(ts.page if ts and ts.page is not None else (page_at(ts.char_start) if ts else rec.page_start)),
                                 char_start=ts.char_start if ts else None, char_end=ts.char_end if ts else None, **base))
    return out


def group(items: list[PrecedentItem], threshold: float = GROUP_SIMILARITY) -> list[PrecedentGroup]:
    """Greedy grouping, best first: an item joins the first group whose wording it nearly repeats."""
    groups: list[PrecedentGroup] = []
    for it in sorted(items, key=lambda x: -x.score):
        g = next((g for g in groups if _comparable(g.items[0].kind, it.kind)
                  and wording_similarity(g.text, it.text) >= threshold), None)
        if g is None:
            groups.append(PrecedentGroup(text=it.text, score=it.score, items=[it]))
        else:
            g.items.append(it)
    for g in groups:
        g.items.sort(key=lambda x: x.date or "", reverse=True)  # newest first, undated last
    return groups


def _comparable(a: str, b: str) -> bool:
    """A proposal and the decision adopting it are one wording; a title is only like a title."""
    return a == b or {a, b} <= {"förslag", "beslut"}


def find_precedents(store, text: str, *, k: int = 10, embedder=None, mode: str = "lexical", filters=None) -> PrecedentResult:
    from .hybrid import search as run_search

    satser = draft_satser(text)
    doc_ids: list[int] = []
    for q in satser + ([" ".join(text.split())[:600]] if len(satser) > 1 else []):
        for h in run_search(store, q, filters=filters, k=CANDIDATE_DOCS, embedder=embedder, mode=mode):
            if h.document_id not in doc_ids:
                doc_ids.append(h.document_id)
    records = store.document_records(doc_ids)
    sources = store.document_sources(doc_ids)
    pages_cache: dict[int, list[dict]] = {}
    items: list[PrecedentItem] = []
    n = 0
    seen: set[tuple] = set()
    for did in doc_ids:
        rec, meta = records.get(did), sources.get(did)
        if rec is None or meta is None:
            continue
        fid = meta["file_id"]
        if fid not in pages_cache:
            pages_cache[fid] = store.file_pages(fid)
        pages = pages_cache[fid]

        def page_at(off: int, pages=pages) -> int | None:
            return next((p["number"] for p in pages if p["char_start"] <= off < p["char_end"]), None)

        for it in _passages({"id": did, "source": meta["source"]}, rec, page_at):
            ident = (it.kind, " ".join(it.text.split()).casefold(), it.document_id, it.paragraph)
            if ident in seen:
                continue
            seen.add(ident)
            n += 1
            best, matched = 0.0, ""
            for q in satser:
                s = score(q, it.text)
                if s > best:
                    best, matched = s, q
            if best >= MIN_SCORE:
                it.score, it.matched = best, matched
                items.append(it)
    groups = group(items)[:k]
    return PrecedentResult(query=text, satser=satser, candidates=n, groups=groups)
