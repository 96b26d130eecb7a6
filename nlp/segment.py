"""Split a file into its papers (REQ nlp-segment).

A meeting packet is one file with many papers: kallelse, tjänsteskrivelser, their bilagor,
protokollsutdrag from other bodies, agency decisions, reports. We walk the lines once and open a
new document at cues a reader uses when turning pages:

- a tjänsteskrivelse header (TJÄNSTESKRIVELSE, or a page opening with Datum + beteckning labels);
- a second "Förslag till beslut" (every proposal belongs to its own tjänsteskrivelse);
- an UTDRAG / Protokollsutdrag / protocol header;
- a page that opens with a title heading after a paper that has ended (signature, "Beslutet
  skickas till", footer), or whose title matches an attachment the previous paper listed;
- a printed page label restarting at 1 ("1 (3)", "Sida 1 av 17").

A page label greater than 1 at the top of a page means "still the same paper" and vetoes the
softer cues. Cues are formats, not files: they are the conventions of Swedish municipal papers.
"""
from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from nlp.textutil import Line, clean_line

_TJS = re.compile(r"^TJÄNSTESKRIVELSE\b|^Tjänsteskrivelse$", re.I)
_TJS_STRICT = re.compile(r"^TJÄNSTESKRIVELSE\b")
_PROPOSAL_HEAD = re.compile(r"^(?:[\wåäöÅÄÖ-]+s\s+)?(?:förslag till beslut|förslag till yttrande|förslag till beslut/yttrande)\b", re.I)
_HEADER_LABELS = re.compile(r"^(?:Datum|Ärendebeteckning|Vår beteckning|Beteckning|Diarienummer|Dnr|Handläggare|Vår handläggare|Ert datum|Er beteckning)\b", re.I)
_HEADER_BACK = re.compile(r"^(?:Vår\s+handläggare|Handläggare|[A-ZÅÄÖ][A-ZÅÄÖ-]+(?:FÖRVALTNINGEN|KONTORET|KANSLIET|AVDELNINGEN)|/.*/|[A-ZÅÄÖ][a-zåäö]+ kommun|[A-ZÅÄÖ]+ KOMMUN)\b")
_UTDRAG = re.compile(r"\b(?:UTDRAG|PROTOKOLLSUTDRAG|Protokollsutdrag)\b")
_PROTOCOL = re.compile(r"\b(?:SAMMANTRÄDESPROTOKOLL|Sammanträdesprotokoll|PROTOKOLL)\b")
_PAGE_LABEL = re.compile(r"^(?:Sida\s+)?(\d{1,3})\s*(?:\(|av\s+)(\d{1,3})\)?$", re.I)
_CLOSERS = re.compile(r"^(?:Beslutet skickas till|Beslutet expedieras till|Expedieras till|Bilagor?\b|Bilaga\s+\d|Enligt uppdrag|Tel\.?\s.*(?:@|vx)|.*@\w+\.se\b)", re.I)
_PARAGRAPH_HEAD = re.compile(r"^(?:§|\$)\s?\d{1,4}\b")
_ATTACHMENT_LINE = re.compile(r"^(?:Bilaga\s*\d*[:.]?\s*|-\s*)(?P<title>.{4,120})$", re.I)
_LOGO = re.compile(r"^(?:[A-ZÅÄÖ][a-zåäö]+|[A-ZÅÄÖ]+)\s+(?:kommun|KOMMUN|stad)$")


@dataclass
class Segment:
    start: int
    end: int
    cue: str


def _page_label(line: Line) -> tuple[int, int] | None:
    m = _PAGE_LABEL.match(clean_line(line.text))
    return (int(m[1]), int(m[2])) if m else None


def _backtrack_header(lines: list[Line], i: int, floor: int) -> int:
    """Index where the header block that contains line i begins (Handläggare/förvaltning above it)."""
    best = i
    j = i - 1
    seen = 0
    while j > floor and seen < 8:
        ln = lines[j]
        text = clean_line(ln.text)
        if len(text) > 60 or text.startswith(("- ", "|")) or re.match(r"^\d+\s", text) and not re.match(r"^0\d", text):
            break
        if _HEADER_BACK.match(text) or _HEADER_LABELS.match(text):
            best = j
        if lines[j + 1].page_break_before and best != j:
            break
        seen += 1
        j -= 1
    return best


def _title_start(lines: list[Line], i: int, floor: int) -> int:
    """For a proposal heading at i: where its paper starts (title, committee line, header above)."""
    j = i - 1
    # the title heading(s) just above the proposal heading
    while j > floor and i - j <= 3 and len(clean_line(lines[j].text)) < 160:
        if lines[j].page_break_before or lines[j].is_heading:
            break
        j -= 1
    # a committee line above the title ("Socialnämnden")
    if j - 1 > floor and re.search(r"(nämnden|styrelsen|fullmäktige)$", clean_line(lines[j - 1].text), re.I):
        j -= 1
    return _backtrack_header(lines, j, floor)


def _similar(a: str, b: str) -> float:
    a, b = a.lower(), b.lower()
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0 if min(len(a), len(b)) >= 8 else 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def segment(lines: list[Line], text_len: int) -> list[Segment]:
    """Document boundaries as (start offset, end offset, cue) over the whole text."""
    if not lines:
        return []
    starts: list[tuple[int, str]] = [(0, "file")]
    kind = "unknown"            # what the current paper looks like so far
    has_proposal = False
    closed = False              # the current paper has reached its end matter
    attachments: list[str] = []
    in_attachments = False
    current_page_label: tuple[int, int] | None = None
    opening = " ".join(clean_line(x.text) for x in lines[:15])
    if _PROTOCOL.search(opening) and not _UTDRAG.search(opening):
        kind = "protocol"
    elif re.search(r"KALLELSE|Kallelse|FÖREDRAGNINGSLISTA|Föredragningslista|Sammanträdande organ", opening):
        kind = "kallelse"
    whole_protocol = kind == "protocol"

    def open_doc(idx: int, cue: str, new_kind: str) -> None:
        nonlocal kind, has_proposal, closed, in_attachments
        line_start = lines[idx].start
        if line_start > starts[-1][0]:
            starts.append((line_start, cue))
        elif len(starts) == 1 and starts[0][1] == "file":
            starts[0] = (0, cue)
        kind, has_proposal, closed, in_attachments = new_kind, False, False, False

    for i, ln in enumerate(lines):
        text = clean_line(ln.text)
        floor = _index_of(lines, starts[-1][0])
        page_top = ln.page_break_before or i == 0
        label = _page_label(ln) if len(text) < 20 else None
        if label:
            current_page_label = label
            if label[0] == 1 and i > 0 and kind != "tjänsteskrivelse_header":
                top = _page_top(lines, i)
                if top > floor and not _near_tjs(lines, i):
                    open_doc(top, "page-label", "unknown")
            continue
        if whole_protocol:
            continue
        continuing_page = current_page_label is not None and current_page_label[0] > 1 and page_top is False

        if _TJS.match(text) and (len(text) < 40):
            top = _backtrack_header(lines, i, floor)
            if top > floor or (top == floor and kind not in ("unknown",) and i > floor + 8):
                open_doc(max(top, floor + 1) if top <= floor else top, "tjänsteskrivelse", "tjänsteskrivelse")
            kind = "tjänsteskrivelse"
            continue

        if page_top and i > 0 and _header_block_at(lines, i):
            if i > floor and not (kind == "tjänsteskrivelse" and not closed and not has_proposal):
                open_doc(i, "header-block", "tjänsteskrivelse")
                kind = "tjänsteskrivelse"
            continue

        if _PROPOSAL_HEAD.match(text) and len(text) < 80:
            if has_proposal or kind in ("report", "kallelse", "protocol") or closed:
                top = _title_start(lines, i, floor)
                if top > floor:
                    open_doc(top, "proposal", "tjänsteskrivelse")
            has_proposal = True
            if kind == "unknown":
                kind = "tjänsteskrivelse"
            continue

        if _UTDRAG.search(text) and len(text) < 80 and kind != "protocol":
            top = i
            if i - 1 > floor and re.search(r"(nämnden|styrelsen|fullmäktige)", clean_line(lines[i - 1].text), re.I) and len(clean_line(lines[i - 1].text)) < 60:
                top = i - 1
            if top > floor:
                open_doc(top, "utdrag", "protocol")
            kind = "protocol"
            continue

        if _PARAGRAPH_HEAD.match(text) and kind not in ("protocol", "kallelse") and (page_top or lines[i - 1].is_heading or ln.is_heading):
            top = i
            if i - 1 > floor and re.search(r"(nämnden|styrelsen|fullmäktige)$", clean_line(lines[i - 1].text), re.I):
                top = i - 1
            if top > floor:
                open_doc(top, "paragraph", "protocol")
            kind = "protocol"
            continue

        if in_attachments:
            m = _ATTACHMENT_LINE.match(text)
            if m and not ln.page_break_before and len(text) < 120 and not text.endswith("."):
                attachments.append(re.sub(r"^Bilaga\s*\d*[:.]?\s*", "", m["title"], flags=re.I))
            else:
                in_attachments = False
        if re.match(r"^Bilagor?\s*:?\s*$", text, re.I) or re.match(r"^Bilaga\s+\d", text):
            in_attachments = True
            if re.match(r"^Bilaga\s+\d", text):
                attachments.append(re.sub(r"^Bilaga\s*\d*[:.]?\s*", "", text, flags=re.I))
            closed = closed or kind == "tjänsteskrivelse"
            continue
        if _CLOSERS.match(text) and kind in ("tjänsteskrivelse", "remiss"):
            closed = True

        # Soft cues: a title at the top of a page, after a paper that has ended.
        if i > floor and not continuing_page:
            title_like = (ln.is_heading or _LOGO.match(text)) and len(text) < 140
            if title_like and (page_top or ln.text.lstrip().startswith("# ")):
                matches_attachment = any(_similar(text, a) >= 0.8 for a in attachments)
                if matches_attachment or (closed and page_top) or (_LOGO.match(text) and closed):
                    top = i
                    open_doc(top, "attachment" if matches_attachment else "title", "report")
                    if matches_attachment:
                        attachments = [a for a in attachments if _similar(text, a) < 0.8]
                    continue
        if kind == "unknown" and i - floor > 30:
            kind = "report"
    bounds = [s for s, _ in starts] + [text_len]
    return [Segment(bounds[k], bounds[k + 1], starts[k][1]) for k in range(len(starts))]


def _index_of(lines: list[Line], offset: int) -> int:
    """Index of the first line starting at or after offset (lines are sorted by offset)."""
    k = bisect.bisect_left(lines, offset, key=lambda ln: ln.start)
    return min(k, len(lines) - 1)


def _page_top(lines: list[Line], i: int) -> int:
    j = i
    while j > 0 and not lines[j].page_break_before and i - j < 6:
        j -= 1
    return j


def _near_tjs(lines: list[Line], i: int) -> bool:
    return any(_TJS_STRICT.match(clean_line(x.text)) for x in lines[max(0, i - 6) : i + 6])


def _header_block_at(lines: list[Line], i: int) -> bool:
    """A page that opens with a header block: Datum and a beteckning/Dnr label in its first lines."""
    head = [clean_line(x.text) for x in lines[i : i + 12]]
    has_date = any(re.match(r"^Datum\b", h) for h in head)
    has_ref = any(re.match(r"^(?:Vår beteckning|Ärendebeteckning|Diarienummer|Dnr)\b", h) for h in head)
    return has_date and has_ref
