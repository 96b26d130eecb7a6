"""Decision tracing: where a case went (tjänsteskrivelse → dagordning → nämnd § → utdrag to other
bodies) and what became of the proposal, att-sats by att-sats.

Cases that belong together under different numbers (a remiss from one body and the remissvar of
another, each in its own register) are linked by their title: the same ärendemening once words
like "Svar på remiss" are set aside (see `search.wording.same_title`).
"""
from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, Field

from nlp.bodies import committee_mentions

from .attsatser import AttsatsRow, Vote, Yrkande, align, outcome, paragraph_parts
from .verify import Mention, load
from .wording import is_generic_title, same_title

STEP_LABELS = {
    "tjänsteskrivelse": "Tjänsteskrivelse", "remiss": "Remiss", "yttrande": "Yttrande", "bilaga": "Bilaga",
    "myndighetsbeslut": "Myndighetsbeslut", "rapport": "Rapport", "kallelse": "Kallelse",
    "protokoll": "Protokoll", "protokollsutdrag": "Protokollsutdrag",
}


class TraceEvent(BaseModel):
    date: str | None
    step: str  # Swedish label: "Tjänsteskrivelse", "Dagordning punkt 20", "Beslut § 118", …
    doc_type: str | None
    body: str | None
    title: str | None
    case_key: str
    relation: str  # "eget" (this case) | "samma ärendemening" (a linked case) | "nämnt" (cited only)
    document_id: int
    source: str
    page: int | None
    char_start: int | None
    char_end: int | None
    paragraph: int | None = None
    summary: str = ""  # the decision of a §, or a paper's first proposed att-sats
    municipality: str | None = None  # registers are per municipality: one key may name a case in each


class DecisionTrace(BaseModel):
    """One § deciding the case: the proposal beside the adopted decision, yrkanden, votering."""

    case_key: str
    document_id: int
    source: str
    paragraph: int
    title: str | None
    body: str | None
    date: str | None
    page: int | None
    char_start: int | None
    char_end: int | None
    proposal_from: str  # "paragraf" (the § quotes it) | "tjänsteskrivelse" | "saknas"
    proposal_document_id: int | None
    proposal: list[str]
    decision: list[str]
    rows: list[AttsatsRow]
    outcome: str  # bifall | ändrat | avslag | återremiss | bordlagt | beslut (no proposal to compare)
    yrkanden: list[Yrkande]
    beslutsgang: str
    vote: Vote | None
    reservations: str
    sent_to: list[str]
    proposal_span: tuple[int, int] | None = None
    decision_span: tuple[int, int] | None = None


class RelatedCase(BaseModel):
    case_key: str
    title: str
    relation: str  # Swedish: why it is linked
    body: str | None
    date: str | None
    document_id: int


class ProposalSet(BaseModel):
    """A paper's förslag till beslut for the case (or a linked case), att-sats by att-sats."""

    case_key: str
    document_id: int
    source: str
    doc_type: str | None
    date: str | None
    page: int | None
    items: list[str]
    char_start: int | None = None
    char_end: int | None = None


class TraceResult(BaseModel):
    """`namndsok trace CASE --json`."""

    query: str
    case_key: str | None
    titles: list[str] = Field(default_factory=list)
    timeline: list[TraceEvent] = Field(default_factory=list)
    decisions: list[DecisionTrace] = Field(default_factory=list)
    related: list[RelatedCase] = Field(default_factory=list)
    proposals: list[ProposalSet] = Field(default_factory=list)


def body_of_decision(decision: str, fallback: str | None) -> str | None:
    """The body that decided: protocols open a decision with its name ("Servicenämnden skickar …")."""
    for name, start, _end in committee_mentions((decision or "")[:120]):
        if start == 0:
            return name
    return fallback


def _outcome(rows: list[AttsatsRow], decision: list[str], has_proposal: bool) -> str:
    special = outcome(" ".join(decision))
    if special:
        return special
    if not has_proposal:
        return "beslut"
    if rows and all(r.status == "oförändrat" for r in rows):
        return "bifall"
    if any(r.status in ("oförändrat", "ändrat") for r in rows):
        return "ändrat"
    if any("avslå" in d.casefold() or "avslag" in d.casefold() for d in decision):
        return "avslag"
    return "ändrat"


def _events_for(key: str, ms: list[Mention], records: dict, relation: str) -> list[TraceEvent]:
    out: list[TraceEvent] = []
    by_doc: dict[int, list[Mention]] = defaultdict(list)
    for m in ms:
        by_doc[m.document_id].append(m)
    for doc_id, dms in by_doc.items():
        rec = records.get(doc_id)
        first = dms[0]
        start = len(out)
        para_ms = [m for m in dms if m.role == "paragraph"]
        agenda_ms = [m for m in dms if m.role == "agenda"]
        own_ms = [m for m in dms if m.role == "own"]
        if para_ms and rec is not None:
            for m in para_ms:
                p = next((p for p in rec.paragraphs if p.span and p.span.char_start == m.char_start), None)
                if p is None:
                    continue
                label = "Protokollsutdrag" if rec.doc_type == "protokollsutdrag" else "Beslut"
                out.append(TraceEvent(
                    date=rec.meeting_date or rec.date, step=f"{label} § {p.number}", doc_type=rec.doc_type,
                    body=body_of_decision(p.decision, rec.committee), title=p.title or None, case_key=key,
                    relation=relation, document_id=doc_id, source=first.source, page=m.page, char_start=m.char_start,
                    char_end=m.char_end, paragraph=p.number, summary=p.decision))
        elif agenda_ms and rec is not None:
            for m in agenda_ms:
                a = next((a for a in rec.agenda_items if a.span and a.span.char_start == m.char_start), None)
                out.append(TraceEvent(
                    date=rec.meeting_date or rec.date, step=f"Dagordning punkt {a.number}" if a else "Dagordning",
                    doc_type=rec.doc_type, body=rec.committee, title=a.title if a else None, case_key=key,
                    relation=relation, document_id=doc_id, source=first.source, page=m.page, char_start=m.char_start,
                    char_end=m.char_end, paragraph=None, summary=a.kind or "" if a else ""))
        elif own_ms:
            m = next((x for x in own_ms if x.title), own_ms[0])
            title = m.title  # only the number the paper's title belongs to (see verify.build_mentions)
            proposal = rec.proposals[0] if rec and rec.proposals else ""
            date = (rec.date if rec else None) or m.date
            out.append(TraceEvent(
                date=date, step=STEP_LABELS.get(m.doc_type or "", (m.doc_type or "Handling").capitalize()),
                doc_type=m.doc_type, body=m.committee, title=title, case_key=key, relation=relation, document_id=doc_id,
                source=m.source, page=m.page, char_start=m.char_start, char_end=m.char_end, paragraph=None,
                summary=proposal))
        else:
            m = dms[0]
            out.append(TraceEvent(
                date=m.date, step=f"Nämns i {STEP_LABELS.get(m.doc_type or '', m.doc_type or 'handling').lower()}",
                doc_type=m.doc_type, body=m.committee,
                title=m.doc_title if not is_generic_title(m.doc_title) else None, case_key=key,
                relation="nämnt" if relation == "eget" else relation, document_id=doc_id, source=m.source, page=m.page,
                char_start=m.char_start, char_end=m.char_end))
        for ev in out[start:]:
            ev.municipality = first.municipality
    return out


def _paragraph_traces(key: str, ms: list[Mention], records: dict, texts_by_doc: dict[int, str]) -> list[DecisionTrace]:
    """Each § handling `key`, with its proposal (from the § or the case's tjänsteskrivelse)."""
    tjs = []
    for m in ms:
        rec = records.get(m.document_id)
        if m.role == "own" and rec is not None and rec.proposals and rec.doc_type == "tjänsteskrivelse":
            tjs.append((rec.date or m.date or "", m.document_id, rec))
    tjs.sort(key=lambda t: t[0])
    out: list[DecisionTrace] = []
    seen: set[tuple[int, int]] = set()
    for m in ms:
        if m.role != "paragraph":
            continue
        rec = records.get(m.document_id)
        p = next((p for p in rec.paragraphs if p.span and p.span.char_start == m.char_start), None) if rec else None
        if p is None or (m.document_id, p.number) in seen:
            continue
        seen.add((m.document_id, p.number))
        text = texts_by_doc.get(m.document_id, "")
        ptext = text[p.span.char_start: p.span.char_end] if text else ""
        parts = paragraph_parts(ptext, p.span.char_start, p.decision)
        date = rec.meeting_date or rec.date
        proposal, source, prop_doc = parts.proposal, "paragraf", m.document_id
        if not proposal:
            earlier = [t for t in tjs if not date or not t[0] or t[0] <= date]
            if earlier:
                _d, prop_doc, trec = earlier[-1]
                proposal, source = list(trec.proposals), "tjänsteskrivelse"
            else:
                source, prop_doc = "saknas", None
        rows = align(proposal, parts.decision) if proposal else []
        out.append(DecisionTrace(
            case_key=key, document_id=m.document_id, source=m.source, paragraph=p.number, title=p.title or None,
            body=body_of_decision(p.decision, rec.committee), date=date, page=m.page, char_start=p.span.char_start,
            char_end=p.span.char_end, proposal_from=source, proposal_document_id=prop_doc, proposal=proposal,
            decision=parts.decision, rows=rows, outcome=_outcome(rows, parts.decision, bool(proposal)),
            yrkanden=parts.yrkanden, beslutsgang=parts.beslutsgang, vote=parts.vote, reservations=parts.reservations,
            sent_to=parts.sent_to, proposal_span=parts.proposal_span if source == "paragraf" else None,
            decision_span=parts.decision_span))
    return out


def _proposal_sets(key: str, ms: list[Mention], records: dict) -> list[ProposalSet]:
    out: list[ProposalSet] = []
    for doc_id in dict.fromkeys(m.document_id for m in ms if m.role == "own"):
        rec = records.get(doc_id)
        if rec is None or not rec.proposals:
            continue
        m = next(x for x in ms if x.document_id == doc_id)
        spans = rec.proposal_spans if len(rec.proposal_spans) == len(rec.proposals) else []
        first, last = (spans[0], spans[-1]) if spans else (None, None)
        out.append(ProposalSet(
            case_key=key, document_id=doc_id, source=m.source, doc_type=rec.doc_type, date=rec.date or rec.meeting_date,
            page=first.page if first and first.page is not None else m.page, items=list(rec.proposals),
            char_start=first.char_start if first else None, char_end=last.char_end if last else None))
    return out


def related_cases(key: str, mentions: list[Mention]) -> list[tuple[str, Mention, Mention]]:
    """(other key, its titled mention, ours) for cases with the same ärendemening in the same municipality."""
    mine = [m for m in mentions if m.key == key and m.title]
    out: dict[str, tuple[str, Mention, Mention]] = {}
    for other in mentions:
        if other.key == key or not other.title or other.key in out or other.role not in ("own", "paragraph", "agenda"):
            continue
        for m in mine:
            if (m.municipality is None or other.municipality is None or m.municipality == other.municipality) \
                    and same_title(m.title, other.title):
                out[other.key] = (other.key, other, m)
                break
    return list(out.values())


def trace_store(store, key: str, query: str | None = None) -> TraceResult:
    loaded = load(store)
    records, mentions = loaded.records, loaded.mentions
    texts_by_doc = {r["document_id"]: loaded.texts.get(r["file_id"], "") for r in loaded.rows}
    ms = [m for m in mentions if m.key == key]
    res = TraceResult(query=query or key, case_key=key)
    if not ms:
        return res
    res.titles = list(dict.fromkeys(m.title for m in ms if m.title))
    res.timeline = _events_for(key, ms, records, "eget")
    res.decisions = _paragraph_traces(key, ms, records, texts_by_doc)
    res.proposals = _proposal_sets(key, ms, records)
    for other_key, om, m in related_cases(key, mentions):
        oms = [x for x in mentions if x.key == other_key]
        res.timeline += [e for e in _events_for(other_key, oms, records, "samma ärendemening") if e.relation != "nämnt"]
        ev = next((e for e in _events_for(other_key, [om], records, "x")), None)
        res.related.append(RelatedCase(
            case_key=other_key, title=om.title or "", relation=f"Samma ärendemening som ”{m.title}”",
            body=ev.body if ev else om.committee, date=ev.date if ev else om.date, document_id=om.document_id))
        res.decisions += _paragraph_traces(other_key, oms, records, texts_by_doc)
        res.proposals += _proposal_sets(other_key, oms, records)
    # One line per step: a § or agenda item that handles two linked numbers is shown once, as ours.
    rank = {"eget": 0, "samma ärendemening": 1, "nämnt": 2}
    uniq: dict[tuple, TraceEvent] = {}
    for e in sorted(res.timeline, key=lambda e: rank.get(e.relation, 3)):
        uniq.setdefault((e.document_id, e.step, e.char_start if e.relation == "nämnt" else None), e)
    res.timeline = sorted(uniq.values(), key=lambda e: (e.date is None, e.date or "", e.document_id, e.paragraph or 0))
    res.decisions.sort(key=lambda d: (d.date is None, d.date or "", d.paragraph))
    res.proposals.sort(key=lambda p: (p.date is None, p.date or "", p.document_id))
    return res
