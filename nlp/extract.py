"""From a read file to records: segment, classify and fill every field (REQ nlp-extract).

`extract(raw)` is the one entry point; it is pure (no I/O) so `namndsok extract FILE` can show
what a file yields without storing it, and the evaluation can run it on the gold set.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

from ingest.model import RawDocument
from nlp.agenda import parse_agenda
from nlp.bodies import committee_mentions, find_municipality, issuing_body, main_forvaltning, municipality_mentions
from nlp.casenumbers import find_case_numbers, find_external_numbers
from nlp.classify import classify, report_kind
from nlp.dates import document_date, labelled_meeting_date
from nlp.fields import case_role_confidence, find_attachment_lines, find_meeting_date, find_title, own_case_numbers
from nlp.links import link_agenda
from nlp.people import (
    find_author_line, find_contact_mentions, find_letterhead_contacts, find_name_phone_lines, find_officers,
    merge_officers,
)
from nlp.people import find_decided_by, find_signatories, find_signatories_inline
from nlp.proposals import extract_proposals, item_spans
from nlp.protocol import find_justering_date, parse_paragraphs, protocol_people_spans
from nlp.records import CaseRef, DocumentRecord, Field_, FileExtraction, Money, Person, Reference, Span
from nlp.references import find_legal_references, find_money, find_protocol_references
from nlp.segment import segment
from nlp.textutil import Line, clean_line, split_lines
from nlp.titles import document_title


def running_lines(raw: RawDocument, lines: list[Line], starts: list[int]) -> set[str]:
    """Lines repeated on many pages (running headers/footers): never part of a field's value."""
    if len(raw.pages) < 3:
        return set()
    per_page: Counter[tuple[str, int]] = Counter()
    for p in raw.pages:
        on_page = lines[bisect.bisect_left(starts, p.char_start) : bisect.bisect_left(starts, p.char_end)]
        # Only the bands at the top and bottom of a page hold running headers and footers, each
        # line at its own place in its band: a section heading ("Beslut") that often falls among a
        # page's first lines moves with the text above it, a running line does not. Lines a PDF
        # reader already lifted into page metadata fill the band's edge, so the band covers the
        # same part of the page as in a text export of it.
        n_top = max(0, 5 - len((p.header or "").splitlines()))
        n_bottom = max(0, 5 - len((p.footer or "").splitlines()))
        top, bottom = on_page[:n_top], on_page[len(on_page) - n_bottom:] if n_bottom else []
        seen = {(clean_line(ln.text), k) for k, ln in enumerate(top)}
        seen |= {(clean_line(ln.text), k - len(bottom)) for k, ln in enumerate(bottom)}
        per_page.update(key for key in seen if key[0] and len(key[0]) < 90)
    threshold = max(3, len(raw.pages) // 3)
    return {s for (s, _k), n in per_page.items() if n >= threshold}


def _span(raw: RawDocument, start: int | None, end: int | None) -> Span | None:
    if start is None:
        return None
    return Span(char_start=start, char_end=end if end is not None else start, page=raw.page_at(start))


def _unwrap_flattened_pages(raw: RawDocument) -> str:
    """`raw.text` with each page that is one block of wrapped prose put on one line.

    Some exports flattened every page of a paper to one line ("TJÄNSTESKRIVELSE Handläggare
    Datum Ärendebeteckning Kristina Appert 2019-09-16 …"), and the parsers read such a line as a
    flattened page. The same page in a PDF is that line wrapped at the margin: no blank line, no
    short line before the last. Joining it again (a line break becomes a space, so every offset
    stays the same) lets the parsers read both alike. Pages with paragraphs, headings, lists or
    tables keep their lines.
    """
    text = raw.text
    if not raw.pages or "\n" not in text:
        return text
    parts: list[str] = []
    pos = 0
    for p in raw.pages:
        body = text[p.char_start : p.char_end]
        rows = body.strip("\n").split("\n")
        if (len(rows) >= 3 and "\n\n" not in body.strip("\n") and sum(map(len, rows)) >= 400
                and min(len(r) for r in rows[:-1]) >= 0.6 * max(len(r) for r in rows)):
            parts.append(text[pos : p.char_start])
            lead = len(body) - len(body.lstrip("\n"))
            tail = len(body.rstrip("\n"))
            parts.append(body[:lead] + body[lead:tail].replace("\n", " ") + body[tail:])
            pos = p.char_end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def extract(raw: RawDocument) -> FileExtraction:
    text = _unwrap_flattened_pages(raw)
    all_lines = split_lines(text)
    # YAML front matter is metadata, not a paper.
    body_start = 0
    fm = re.match(r"\A---\n.*?\n---\n", text, re.S)
    if fm:
        body_start = fm.end()
    lines = [ln for ln in all_lines if ln.start >= body_start]
    line_starts = [ln.start for ln in lines]
    skip = running_lines(raw, lines, line_starts)
    file_municipality = find_municipality(text, raw.meta)
    segments = segment(lines, len(text), [p.char_start for p in raw.pages], [p.label for p in raw.pages],
                       [p.header for p in raw.pages])
    if segments and segments[0].start < body_start:
        segments[0].start = body_start
    docs: list[DocumentRecord] = []
    for seg in segments:
        lo, hi = bisect.bisect_left(line_starts, seg.start), bisect.bisect_left(line_starts, seg.end)
        seg_lines = [ln for ln in lines[lo:hi] if clean_line(ln.text) not in skip]
        if not seg_lines:
            continue
        docs.append(_document(raw, text, seg, seg_lines, skip, file_municipality))
    _fill_meeting_dates(raw, docs)
    _inherit_committee(text, docs)
    link_agenda(docs)
    return FileExtraction(source=raw.source, documents=docs)


def _document(raw: RawDocument, text: str, seg, lines: list[Line], skip: set[str], file_municipality: str | None) -> DocumentRecord:
    seg_text = text[seg.start : seg.end]
    fields: dict[str, Field_] = {}
    rebased = _rebase(lines, seg.start)
    proposals, prop_span = extract_proposals(seg_text, rebased)
    prop_abs = (prop_span[0] + seg.start, prop_span[1] + seg.start) if prop_span else None
    committee_names = {name for name, _s, _e in committee_mentions(seg_text[:3000])}
    title, title_line = find_title(seg_text, rebased, prop_span[0] if prop_span else None, committee_names)
    paragraphs = parse_paragraphs(text, lines, skip, raw.page_at)
    agenda = parse_agenda(text, lines, raw.page_at)
    doc_type, t_conf = classify(seg_text, seg.listed_title or title, seg.cue, bool(proposals), len(paragraphs), len(agenda))
    if doc_type not in ("protokoll", "protokollsutdrag"):
        paragraphs = []
    committee, c_conf = issuing_body([clean_line(ln.text) for ln in rebased[:30]], seg_text, doc_type)
    if committee is None and raw.meta.get("organ_namn"):
        committee, c_conf = str(raw.meta["organ_namn"]), 0.5
    title, title_line = document_title(doc_type, seg_text, rebased, prop_span[0] if prop_span else None, committee_names,
                                       seg.listed_title, [p.title for p in paragraphs])
    if doc_type != "kallelse":
        agenda = []
    if doc_type in ("kallelse", "protokoll"):
        proposals, prop_abs = [], None  # their "förslag" belong to agenda items and §§

    date, date_off = document_date(doc_type, rebased, clean_line)
    if prop_span and date_off is not None and prop_span[0] <= date_off < prop_span[1]:
        date, date_off = None, None  # "… per den 31 augusti 2013" in the proposal dates a period, not the paper
    if doc_type in ("protokoll", "protokollsutdrag", "kallelse"):
        md = find_meeting_date(seg_text)
        date = md or date
    # a paper written for a meeting may name it in its header ("Sammanträdesdatum 2020-04-14")
    own_md = None if doc_type in ("protokoll", "protokollsutdrag", "kallelse") else labelled_meeting_date(seg_text[:1500])[0]

    # Case numbers: own ones are labelled in the header (or the first one there).
    cases = find_case_numbers(seg_text)
    header_end = prop_span[0] if prop_span else min(len(seg_text), 1500)
    own = own_case_numbers(cases, header_end, 0) if doc_type not in ("protokoll", "kallelse") else set()
    if doc_type == "protokollsutdrag" and paragraphs:
        own = {i for i, c in enumerate(cases) if c.key in {k for p in paragraphs for k in p.case_keys}}
    case_refs = [CaseRef(raw=c.raw, key=c.key, role="own" if i in own else "cited", scheme=c.scheme,
                         confidence=0.9 if doc_type == "protokollsutdrag" and i in own else case_role_confidence(c, i in own),
                         span=_span(raw, seg.start + c.start, seg.start + c.end)) for i, c in enumerate(cases)]

    found_officers = find_officers(rebased)
    if doc_type not in ("protokoll", "protokollsutdrag"):
        found_officers += (find_author_line(rebased) + find_letterhead_contacts(rebased) + find_name_phone_lines(rebased)
                           + find_contact_mentions(seg_text))
    found_officers = merge_officers(found_officers)
    officers = [o.name for o in found_officers]
    people = [Person(name=o.name, title=o.title, phone=o.phone, email=o.email, role=o.label, confidence=o.confidence,
                     span=_span(raw, o.start + seg.start, o.end + seg.start)) for o in found_officers]
    signatories: list[str] = []
    if doc_type in ("protokoll", "protokollsutdrag"):
        roles = protocol_people_spans(seg_text)
        for role in ("sekreterare", "ordförande", "justerare"):
            for nm, s_, e_ in roles.get(role, []):
                people.append(Person(name=nm, role=role, span=_span(raw, seg.start + s_, seg.start + e_)))
                signatories.append(nm)
        just = find_justering_date(seg_text)
        if just:
            fields["justeringsdatum"] = Field_(value=just[0], span=_span(raw, seg.start + just[1], seg.start + just[2]), confidence=0.8)
    else:
        sigs = find_signatories(rebased)
        signatories = [n for n, _t, _ln in sigs]
        people += [Person(name=n, title=t, role="undertecknare", span=_span(raw, ln.start + seg.start, ln.end + seg.start)) for n, t, ln in sigs]
        for nm, s_, e_ in find_decided_by(seg_text[:20000]):
            signatories.append(nm)
            people.append(Person(name=nm, role="beslutsfattare", span=_span(raw, seg.start + s_, seg.start + e_)))
        # flattened pages (a page per line) lost the line structure signatures need
        if not signatories and (len(lines) < 6 or sum(len(ln.text) for ln in lines) > 300 * len(lines)):
            signatories = find_signatories_inline(seg_text[:6000])
        if doc_type == "kallelse" and not signatories:
            # a kallelse names its ordförande and sekreterare in its head ("Ordförande: Anna Berg")
            roles = protocol_people_spans(seg_text[:3000])
            for role in ("ordförande", "sekreterare"):
                for nm, s_, e_ in roles.get(role, []):
                    people.append(Person(name=nm, role=role, span=_span(raw, seg.start + s_, seg.start + e_)))
                    signatories.append(nm)
    signatories = list(dict.fromkeys(signatories))

    named = municipality_mentions(seg_text)  # one scan: the most named municipality, else the file's
    municipality = named.most_common(1)[0][0] if named else file_municipality
    if raw.meta.get("kommun"):
        municipality = find_municipality("", raw.meta) or municipality

    references = [Reference(kind=m.kind, raw=m.raw, value=m.value, span=_span(raw, seg.start + m.start, seg.start + m.end))
                  for m in find_legal_references(seg_text) + find_protocol_references(seg_text)]
    references += [Reference(kind="external_case", raw=r, value={"number": r}, span=_span(raw, seg.start + s, seg.start + e))
                   for r, s, e in find_external_numbers(seg_text)]
    money = [Money(raw=m.raw, amount=m.value["amount"], unit=m.value["unit"], sek=m.value["sek"], label=m.value["label"],
                   span=_span(raw, seg.start + m.start, seg.start + m.end)) for m in find_money(seg_text)]

    if title_line is not None:
        fields["title"] = Field_(value=title, span=_span(raw, title_line.start + seg.start, title_line.end + seg.start), confidence=0.9 if prop_span else 0.6)
    elif title:
        # a printed kind ("Sammanträdesprotokoll"), a § title or an attachment-list title: no line of its own
        fields["title"] = Field_(value=title, confidence=0.6)
    if committee:
        fields["committee"] = Field_(value=committee, confidence=c_conf)
    fields["doc_type"] = Field_(value=doc_type, confidence=t_conf)
    if date:
        fields["date"] = Field_(value=date, span=_span(raw, seg.start + date_off, None) if date_off is not None else None, confidence=0.9 if date_off is not None else 0.6)
    rk = report_kind(title, seg_text) if doc_type in ("rapport", "tjänsteskrivelse", "bilaga") else None

    attachments = find_attachment_lines(rebased)
    return DocumentRecord(
        doc_type=doc_type, title=title, municipality=municipality, committee=committee, date=date, meeting_date=own_md,
        report_kind=rk, case_numbers=case_refs, officers=list(dict.fromkeys(officers)), signatories=signatories,
        people=people, proposals=proposals,
        proposal_spans=_proposal_spans(raw, text, proposals, prop_abs),
        paragraphs=paragraphs, agenda_items=agenda, attachments=[t for t, _ln in attachments],
        attachment_spans=[_span(raw, ln.start + seg.start, ln.end + seg.start) for _t, ln in attachments],
        references=references, money=money, fields=fields,
        char_start=seg.start, char_end=seg.end, page_start=raw.page_at(seg.start), page_end=raw.page_at(max(seg.start, seg.end - 1)),
    )


def _proposal_spans(raw: RawDocument, text: str, proposals: list[str], section: tuple[int, int] | None) -> list[Span]:
    """One span per att-sats (the whole section where an item cannot be placed)."""
    if not section:
        return []
    return [_span(raw, *(sp or section)) for sp in item_spans(text, section, proposals)]


def _rebase(lines: list[Line], offset: int) -> list[Line]:
    """Lines with offsets relative to a segment, for parsers that work on the segment text."""
    return [Line(ln.text, ln.start - offset, ln.end - offset, ln.blank_before, ln.page_break_before) for ln in lines]


def _inherit_committee(text: str, docs: list[DocumentRecord]) -> None:
    """A report that names no nämnd is written for the tjänsteskrivelse's nämnd that presents it, else
    it is its förvaltning's own paper; a remiss that names no nämnd is sent by the förvaltning it names."""
    owner = None
    for d in docs:
        if d.doc_type == "tjänsteskrivelse":
            owner = d.committee
        elif d.committee is None and d.doc_type in ("rapport", "remiss"):
            d.committee = (owner if d.doc_type == "rapport" else None) or main_forvaltning(text[d.char_start : d.char_end])
            if d.committee:
                d.fields["committee"] = Field_(value=d.committee, confidence=0.4)


def _fill_meeting_dates(raw: RawDocument, docs: list[DocumentRecord]) -> None:
    """Protocols and agendas carry their meeting date; papers in the same packet share it."""
    packet_date = None
    for d in docs:
        if d.doc_type in ("kallelse", "protokoll") and d.date:
            packet_date = packet_date or d.date
    meta_date = raw.meta.get("datum")
    if packet_date is None and meta_date and str(raw.meta.get("typ", "")) in ("kallelse", "handlingar", "protokoll"):
        packet_date = str(meta_date)
    for d in docs:
        if d.doc_type in ("kallelse", "protokoll", "protokollsutdrag"):
            d.meeting_date = d.date
        elif packet_date and not d.meeting_date:
            d.meeting_date = packet_date
