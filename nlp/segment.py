"""Split a file into its papers (REQ nlp-segment).

A meeting packet is one file with many papers: kallelse, tjänsteskrivelser, their bilagor,
protokollsutdrag from other bodies, agency decisions, reports. We walk the lines once and open a
new document at cues a reader uses when turning pages:

- a tjänsteskrivelse header (TJÄNSTESKRIVELSE, or a page opening with Datum + beteckning labels),
  unless it repeats the header of the paper already open (page 2 of the same paper);
- a second "Förslag till beslut" (every proposal belongs to its own tjänsteskrivelse);
- an UTDRAG / Protokollsutdrag / "<nämnd>" + "§ N" protocol header;
- a heading (or a page's opening line) that names an attachment the last paper listed under
  "Bilagor" / "Ärendets handlingar";
- a report title page: a heading followed by the name of a förvaltning or nämnd;
- after a paper has ended (signature, "Beslutet skickas till", attachment list): a new page, a
  letter (address block, "Till <nämnd>", "Hej …"), or a titled heading with a year;
- a printed page label restarting at 1 ("1 (3)", "Sida 1 av 17").

A page label greater than 1 means "still the same paper" and vetoes the softer cues. Cues are
formats, not files: they are the conventions of Swedish municipal papers.
"""
from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from nlp.textutil import Line, clean_line

_TJS = re.compile(r"^TJÄNSTESKRIVELSE\b|^Tjänsteskrivelse$")
_TJS_STRICT = re.compile(r"^TJÄNSTESKRIVELSE\b")
_PROPOSAL_HEAD = re.compile(r"^(?:[\wåäöÅÄÖ-]+s\s+)?(?:förslag till beslut|förslag till yttrande|förslag till beslut/yttrande)\b", re.I)
_HEADER_LABELS = re.compile(r"^(?:Datum|Ärendebeteckning|Vår beteckning|Beteckning|Diarienummer|Dnr|Handläggare|Vår handläggare|Ert datum|Er beteckning)\b", re.I)
_REF_LABEL = re.compile(r"^(?:Vår beteckning|Ärendebeteckning|Diarienummer|Dnr)\b", re.I)
_HEADER_BACK = re.compile(r"^(?:Vår\s+handläggare|Handläggare|[A-ZÅÄÖ][A-ZÅÄÖ-]+(?:FÖRVALTNINGEN|KONTORET|KANSLIET|AVDELNINGEN)|/.*/|[A-ZÅÄÖ][a-zåäö]+ kommun|[A-ZÅÄÖ]+ KOMMUN|Tel\.?\s|0\d[\d -]{5,})\b")
# A stand-alone protocol-extract label, not a sentence or a list item that mentions one.
_UTDRAG = re.compile(r"(?:^|\s)(?:UTDRAG|PROTOKOLLSUTDRAG|Protokollsutdrag|Utdrag ur protokoll(?:et)?)\b")
_PROTOCOL = re.compile(r"\b(?:SAMMANTRÄDESPROTOKOLL|Sammanträdesprotokoll|PROTOKOLL)\b")
_PAGE_LABEL = re.compile(r"^(?:Sida\s+)?(\d{1,3})\s*(?:\(|av\s+)(\d{1,3})\)?$", re.I)
_CLOSERS = re.compile(r"^(?:Beslutet skickas till|Beslutet expedieras till|Expedieras till|Bilagor?\b|Bilaga\s+\d|Enligt uppdrag|Justeras|Justerandes sign\w*|Utdragsbestyrkande|Rätt utdraget (?:betygar|intygar)|Med vänlig(?:a)? hälsning(?:ar)?|Tel\.?\s.*(?:@|vx)|.*@\w+\.se\b)", re.I)
_PARAGRAPH_HEAD = re.compile(r"^(?:§|\$)\s?\d{1,4}\b")
_LIST_HEAD = re.compile(r"^(?:Bilagor|Bilaga|Ärendets handlingar|Beslutsunderlag|Handlingar i ärendet)\s*:?\s*$", re.I)
_CLOSING_LIST = re.compile(r"^Bilag(?:a|or)\b", re.I)   # "Ärendets handlingar" comes early; "Bilagor" ends a paper
_BILAGA_N = re.compile(r"^Bilaga\s*\d+\s*[:.–-]?\s*(?P<title>.{3,150})$", re.I)
_INLINE_BILAGA = re.compile(r"\bBilag(?:a|or)\s*:?\s*(?:\d+\s*[:.–-]?\s*)?(?P<title>[A-ZÅÄÖ][^.]{4,90})")
_GOVERNING_LABEL = re.compile(r"^(?:STYRANDE DOKUMENT|RIKTLINJER?|POLICY|REGLEMENTE|DELEGATIONSORDNING|Styrande dokument)$")
# Section headings inside a paper; never the title of a new one.
_SECTION_HEAD = re.compile(r"^(?:Bilagor?|Beslutsunderlag|Ärendets handlingar|Sammanfattning|Bakgrund|Ärendebeskrivning|Bedömning|"
                           r"Förvaltningens bedömning|Beslut|Yrkanden|Propositionsordning|Reservation|Protokollsanteckning|"
                           r"Sändlista|Kopia|Underskrifter?|Justering)\b", re.I)
_LIST_END = re.compile(r"\s+(?:Kopia\b|Beslutet\b|Expedieras\b|Bilaga\s+\d|Socialförvaltningen\b|[A-ZÅÄÖ]{4,}\b)")
_NUMBERED_ITEM = re.compile(r"^\d{1,3}\s*[.):]|^\d{1,3}\s+(?:§|kap\b|st\b|%|kr\b|tkr\b)")
_LISTING_KINDS = ("tjänsteskrivelse", "remiss", "unknown")
_PROPOSAL_ANYWHERE = re.compile(r"förslag till beslut|TJÄNSTESKRIVELSE", re.I)
_LOGO = re.compile(r"^(?:[A-ZÅÄÖ][a-zåäö]+|[A-ZÅÄÖ]+)\s+(?:kommun|KOMMUN|stad)$")
_ORG_LINE = re.compile(r"^[A-ZÅÄÖ][\wåäöÅÄÖ&\- ]{2,60}(?:förvaltningen|nämnden|nämnd|styrelsen|fullmäktige|kommun|FÖRVALTNINGEN|NÄMNDEN)\b", re.I)
_NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s")
_POSTCODE = re.compile(r"^\d{3}\s?\d{2}\s+[A-ZÅÄÖ][\wåäöÅÄÖ]+$")
_ADDRESSEE = re.compile(r"^Till\s+(?:[a-zåäö]+\s+)?(?:[Nn]ämnden|[A-ZÅÄÖ][\wåäö-]*(?:nämnden|styrelsen|fullmäktige))\b")
_CONTACT = re.compile(r"^(?:\[?[\w.+-]+@[\w-]+\.[\w.]+|(?:Tel\.?|Telefon|Mobil)?:?\s*0\d[\d -]{5,}$|www\.)", re.I)
_GREETING = re.compile(r"^(?:Hej|Hejsan|Hallå|Till berörda)\b[\w\s,!]{0,30}$")
_DOC_NOUN = re.compile(
    r"^(?:[\wåäöÅÄÖ-]*(?:rapport|rapportering|redovisning|uppföljning|statistik|handlingsplan|berättelse|bokslut)|"
    r"Verksamhetsplan|Årsredovisning|Delårs\w*)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SIGN_ROLE = re.compile(
    r"^(?:[A-ZÅÄÖa-zåäö-]+\s)?[\wåäö-]*(?:chef|direktör|ansvarig|handläggare|sekreterare|strateg|controller|ordförande|"
    r"utvecklare|samordnare|ekonom|jurist|utredare|föreståndare|Namnförtydligande)$", re.I)
_SIGN_NAME = re.compile(r"^\*?[A-ZÅÄÖÉ][a-zåäöéè]+(?:-[A-ZÅÄÖ][a-zåäö]+)?(?:\s[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäö]+)?){1,2}\*?$")
_WORD = re.compile(r"[a-zåäöéü]+")
_STOP = {"och", "för", "med", "av", "till", "från", "på", "om", "i", "en", "ett", "den", "det", "samt", "the", "bilaga",
         "ärende", "gällande", "avseende", "kommun", "kommuns"}


@dataclass
class Segment:
    start: int
    end: int
    cue: str
    listed_title: str | None = None   # the attachment-list title this paper was found by


def _page_label(text: str) -> tuple[int, int] | None:
    m = _PAGE_LABEL.match(text)
    return (int(m[1]), int(m[2])) if m else None


@lru_cache(maxsize=4096)
def _tokens(s: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(s.lower()) if len(w) > 2 and w not in _STOP)


def _tok_hit(t: str, words: Sequence[str]) -> bool:
    """A title word found among `words`, allowing inflection (handlingsplan ~ handlingsplanen)."""
    if t in words:
        return True
    if len(t) < 5:
        return False
    p = t[:5]
    return any(w[:5] == p and (_inflected(w, t) or _inflected(t, w)) for w in words)


_INFLECTIONS = ("", "s", "n", "t", "en", "et", "na", "ne", "er", "ar", "or", "ns", "ts", "ens", "ets", "ers", "arna", "erna", "orna", "ernas", "arnas")


def _inflected(longer: str, stem: str) -> bool:
    """`longer` is `stem` with a Swedish inflection ending (handlingsplan → handlingsplanen), or a hyphen-split form."""
    return longer.startswith(stem) and longer[len(stem):] in _INFLECTIONS


def _similar(a: str, b: str, floor: float = 0.0) -> float:
    """Similarity of two titles; below `floor` the exact ratio is not computed (0.0 is returned)."""
    a, b = a.lower(), b.lower()
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0 if min(len(a), len(b)) >= max(8, 0.6 * max(len(a), len(b))) else 0.0
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < floor:
        return 0.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
        return 0.0
    return sm.ratio()


def attachment_match(candidate: str, attachments: list[str], heading: bool, next_line: str = "") -> tuple[int, float] | None:
    """(index, score) of the listed attachment that `candidate` (a heading or a block's first line) opens, if any.

    Titles are listed loosely ("Bilaga 2 Driftredovisning 2022" opens with "Driftredovisning, tkr
    2022"; "Handlingsplan Birgittagården" opens with "Här kommer handlingsplanen … Birgittagården"),
    so besides string similarity we accept the attachment's content words at the candidate's start.
    """
    cand = candidate[:160]
    words = _tokens(cand)[:14]
    # a heading's next line counts when it is a label or table head, not body prose
    first = tuple(_WORD.findall(cand.lower())[:1])   # the candidate's very first word, stop words included
    more = words + (_tokens(next_line)[:8] if len(next_line) < 80 and not next_line.endswith(".") else ())
    if not words:
        return None
    best, best_score = None, 0.0
    for k, a in enumerate(attachments):
        score = 0.0
        toks = _tokens(a)
        if not any(_tok_hit(t, more) for t in toks):
            continue
        sim = _similar(cand, a, 0.84) if len(cand) < 140 else 0.0
        if sim >= 0.84:
            score = 1.0 + sim
        else:
            if toks:
                found = sum(_tok_hit(t, words) for t in toks)
                frac = found / len(toks)
                starts = _tok_hit(toks[0], first)
                if starts and ((frac >= 0.6 and len(toks) >= 2) or (heading and frac >= 0.5 and len(words) >= 2) or (len(toks) == 1 and len(toks[0]) >= 8 and len(cand) < 60)):
                    score = 1.0 + frac / 2
                elif found >= 2 and frac == 1.0 and len(words) <= 12:
                    score = 1.0
                elif heading and found and len(toks) >= 3 and sum(_tok_hit(t, more) for t in toks) / len(toks) >= 0.75:
                    score = 0.9
        if score > best_score:
            best, best_score = k, score
    return (best, best_score) if best is not None else None


def segment(lines: list[Line], text_len: int, page_starts: list[int] | tuple[int, ...] = (),
            page_labels: list[str | None] | tuple[str | None, ...] = (),
            page_headers: list[str | None] | tuple[str | None, ...] = ()) -> list[Segment]:
    """Document boundaries as (start offset, end offset, cue) over the whole text.

    `page_starts` are the char offsets where the reader found pages (PDF pages, one-line-per-page
    exports); blank-line runs and form feeds in the text mark pages as well. `page_labels` are the
    printed labels the PDF reader lifted out of each page's header or footer ("1 (2)");
    `page_headers` the running header lines it lifted out of each page's top.
    """
    if not lines:
        return []
    if page_starts and any(page_headers):
        lines = _with_headers(lines, page_starts, page_headers)
    printed: dict[int, tuple[int, int]] = {}   # first line of a page -> its printed label
    if page_starts:
        line_starts = [ln.start for ln in lines]
        first_lines = {bisect.bisect_left(line_starts, p) for p in page_starts}
        for p, lab in zip(page_starts, page_labels):
            parsed = _page_label(" ".join(lab.split())) if lab else None
            if parsed:
                printed[bisect.bisect_left(line_starts, p)] = parsed
        lines = [ln if ln.page_break_before or k not in first_lines else
                 Line(ln.text, ln.start, ln.end, ln.blank_before, True) for k, ln in enumerate(lines)]
    starts: list[tuple[int, str]] = [(0, "file")]
    start_idx = [0]             # line index where each document starts
    kind = "unknown"            # what the current paper looks like so far
    has_proposal = False
    closed = False              # the current paper has reached its end matter
    attachments: list[str] = []
    in_attachments = False
    list_style: str | None = None   # "bullet", "bilaga" (Bilaga N …) or "plain" lines
    header_sig: str | None = None   # "Datum + beteckning" values of the open paper's header block
    label_page = -1             # index of the page-top line where the last page label was seen
    label_value: tuple[int, int] | None = None
    # a page's running header put back above its text is the page's top, not a page of its own
    page_tops = [i for i, ln in enumerate(lines) if (ln.page_break_before or i == 0) and not (i and _furniture(lines[i - 1]))]
    # Exports that glue the page number to each page's first line ("5 Socialkontoret TJÄNSTESKRIVELSE",
    # "6 Delårsbokslut …"): a run of paragraph-opening numbers counting up marks the page tops.
    numbered = [(k, int(m[1])) for k, ln in enumerate(lines) if (k == 0 or ln.blank_before >= 1)
                and (m := re.match(r"^(\d{1,3})\s+(?=\S)", ln.text)) and not _NUMBERED_ITEM.match(ln.text)]
    run = [numbered[0]] if numbered else []
    best_run: list[tuple[int, int]] = []
    for prev, cur in zip(numbered, numbered[1:]):
        run = run + [cur] if cur[1] == prev[1] + 1 else [cur]
        if len(run) > len(best_run):
            best_run = run
    agenda_like = re.search(r"KALLELSE|Kallelse|FÖREDRAGNINGSLISTA|Föredragningslista|Sammanträde|ÄRENDELISTA|Ärendelista|PROTOKOLL|[Pp]rotokoll",
                            " ".join(x.text for x in lines[:15]))
    enough = len(best_run) >= 3 or (len(best_run) == 2 and best_run[0] == (0, 1))
    page_number_lines = {k for k, _n in best_run} if enough and not agenda_like else set()
    if page_number_lines:
        lines = [Line(ln.text, ln.start, ln.end, ln.blank_before, True) if k in page_number_lines else ln
                 for k, ln in enumerate(lines)]
    opening = " ".join(clean_line(x.text) for x in lines[:15])
    if _PROTOCOL.search(opening) and not _UTDRAG.search(opening):
        kind = "protocol"
    elif re.search(r"KALLELSE|Kallelse|FÖREDRAGNINGSLISTA|Föredragningslista|Sammanträdande organ", opening):
        kind = "kallelse"
    whole_protocol = kind == "protocol"
    cleaned = [clean_line(ln.text) for ln in lines]
    for k in page_number_lines:
        cleaned[k] = re.sub(r"^\d{1,3}\s+", "", cleaned[k])
    listed_titles: dict[int, str] = {}
    label_counts: dict[str, int] = {}   # a label on every page is a running header, not a new paper

    def page_top_of(i: int) -> int:
        k = bisect.bisect_right(page_tops, i) - 1
        return page_tops[max(k, 0)]

    def next_body(i: int) -> int:
        """The line after line i in the flow of text: a running header put back at a page top is not."""
        j = i + 1
        while j < len(lines) and lines[j].start == lines[j].end and lines[j].text:
            j += 1
        return j

    def only_header_since(idx: int, upto: int) -> bool:
        """The open paper has nothing but short header lines so far: a second cue is the same start."""
        return upto - idx <= 6 and all(headerish(j) for j in range(idx, upto))

    def headerish(j: int, headings: bool = False) -> bool:
        """A line of a letterhead or header block: short, no prose, no table, list or section heading."""
        c = cleaned[j]
        return (len(c) < 60 and not c.endswith((".", ":")) and not _PROPOSAL_HEAD.match(c) and "\t" not in lines[j].text
                and not re.match(r"\s*(?:[-–•*]\s|\|)", lines[j].text)
                and (headings or not lines[j].is_heading or bool(_TJS.match(c)) or bool(_LOGO.match(c))))

    def open_doc(idx: int, cue: str, new_kind: str, force: bool = False) -> bool:
        nonlocal kind, has_proposal, closed, in_attachments, header_sig
        line_start = lines[idx].start
        opened = False
        if line_start > starts[-1][0] and (force or not only_header_since(start_idx[-1], idx)):
            starts.append((line_start, cue))
            start_idx.append(idx)
            opened = True
            header_sig = None
        elif len(starts) == 1 and starts[0][1] == "file":
            starts[0] = (0, cue)
        kind, has_proposal, closed, in_attachments = new_kind, False, False, False
        return opened

    for i, ln in enumerate(lines):
        text = cleaned[i]
        floor = start_idx[-1]
        page_top = ln.page_break_before or i == 0
        if kind in _LISTING_KINDS and len(text) > 60 and "Bilag" in text:
            # flattened or wrapped prose: "… Socialchef Bilaga Delårsrapport augusti 2019. Socialförvaltningen …"
            prose = " ".join(cleaned[i : i + 3])
            if has_proposal or _PROPOSAL_ANYWHERE.search(" ".join(cleaned[floor : i + 1])[-3000:]):
                for m in _INLINE_BILAGA.finditer(prose):
                    title = _LIST_END.split(m["title"])[0].strip()
                    if m.start() < len(text) and len(title) > 4 and title not in attachments:
                        attachments.append(title)
        top_i = page_top_of(i)
        label = _page_label(text) if len(text) < 20 else None
        if i in printed and top_i == i:
            # a label lifted out of the page furniture: the same rules as one printed in the text
            label_page, label_value = i, printed[i]
            if printed[i][0] == 1 and i > 0 and i > floor:
                open_doc(i, "page-label", "unknown")
                floor = start_idx[-1]
        if label:
            label_page, label_value = top_i, label
            if label[0] == 1 and i > 0 and top_i > floor and kind != "tjänsteskrivelse_header" and not _near_tjs(lines, i):
                open_doc(top_i, "page-label", "unknown")
            continue
        if whole_protocol:
            continue
        if header_sig is None and i - floor <= 2:
            header_sig = _header_signature(cleaned, floor, lines)
        # a printed "2 (3)" on this page: the page continues the paper that is open
        continuing_page = label_page == top_i and label_value is not None and label_value[0] > 1

        if _TJS.match(text) and len(text) < 40:
            top = _backtrack_header(lines, i, floor)
            if top > floor or (top == floor and kind != "unknown" and i > floor + 8):
                open_doc(max(top, floor + 1) if top <= floor else top, "tjänsteskrivelse", "tjänsteskrivelse")
            kind = "tjänsteskrivelse"
            header_sig = header_sig or _header_signature(cleaned, _backtrack_header(lines, i, floor), lines)
            continue

        if page_top and i > 0 and _header_block_at(cleaned, lines, i):
            sig = _header_signature(cleaned, i, lines)
            same = sig is not None and sig == header_sig
            if i > floor and not same:
                open_doc(i, "header-block", "tjänsteskrivelse")
                kind = "tjänsteskrivelse"
            header_sig = header_sig or sig
            continue

        if _PROPOSAL_HEAD.match(text) and len(text) < 80:
            # a heading of its own, not a wrapped table cell ("| … | Förslag till beslut i" / "kommunstyrelsen …")
            standalone = (ln.blank_before >= 1 or ln.is_heading or page_top) and not (i and "|" in lines[i - 1].text)
            if standalone and (has_proposal or kind in ("report", "kallelse", "protocol") or closed):
                top = _title_start(lines, i, floor)
                if top > floor:
                    open_doc(top, "proposal", "tjänsteskrivelse")
                elif i - floor <= 4:
                    kind = "tjänsteskrivelse"
            if not has_proposal:
                attachments = []
            has_proposal = True
            if kind == "unknown":
                kind = "tjänsteskrivelse"
            continue

        if (_UTDRAG.search(text) and len(text) < 60 and not in_attachments and kind != "protocol"
                and not text.endswith((".", ",")) and not re.match(r"^(?:[-–•*]|Bilaga)", ln.text.lstrip())):
            top = i
            if i - 1 > floor and re.search(r"(nämnden|styrelsen|fullmäktige)", cleaned[i - 1], re.I) and len(cleaned[i - 1]) < 60:
                top = i - 1
            if top > floor:
                open_doc(top, "utdrag", "protocol")
            kind = "protocol"
            continue
        if _furniture(ln):
            # a running header is read for the page-top cues above, never as the flow of text
            continue

        if _PARAGRAPH_HEAD.match(text) and kind not in ("protocol", "kallelse") and (page_top or lines[i - 1].is_heading or ln.is_heading):
            top = i
            if i - 1 > floor and re.search(r"(nämnden|styrelsen|fullmäktige)$", cleaned[i - 1], re.I):
                top = i - 1
            if top > floor:
                open_doc(top, "paragraph", "protocol")
            kind = "protocol"
            continue

        # Attachment lists: their titles announce the papers that follow.
        if in_attachments:
            m = _BILAGA_N.match(text)
            bullet = bool(re.match(r"^\s*[-–•*]\s", ln.text))
            item = m["title"] if m else re.sub(r"^[-–•*]\s*", "", text)
            style = "bullet" if bullet else "bilaga" if m else "plain"
            if list_style is None:
                list_style = style
            # A page break ends the list, unless the list runs on over it: the page opens with two
            # items in a row (a PDF page turning inside a paper, where a text export shows none).
            runs_on = False
            if ln.page_break_before and i + 1 < len(lines):
                nxt_ln = lines[i + 1]
                nxt_item = _BILAGA_N.match(cleaned[i + 1])
                nxt_style = ("bullet" if re.match(r"^\s*[-–•*]\s", nxt_ln.text) else "bilaga" if nxt_item else "plain")
                runs_on = (nxt_ln.blank_before == 0 and not nxt_ln.page_break_before and not nxt_ln.is_heading
                           and nxt_style == list_style and 3 < len(cleaned[i + 1]) < 120 and not cleaned[i + 1].endswith("."))
            if ((not ln.page_break_before or runs_on) and not ln.is_heading and 3 < len(item) < 120 and not item.endswith(".")
                    and ln.blank_before <= 1 and style == list_style and "\t" not in ln.text
                    and not _is_signature(cleaned, i) and not _address_block(cleaned, lines, i)):
                if kind in _LISTING_KINDS:
                    attachments.append(item)
                continue
            in_attachments = False
        if _LIST_HEAD.match(text) or _BILAGA_N.match(text):
            in_attachments = True
            list_style = "bilaga" if _BILAGA_N.match(text) else None
            m = _BILAGA_N.match(text)
            if m and kind in _LISTING_KINDS:
                attachments.append(m["title"])
            closed = closed or (kind not in ("report", "kallelse") and bool(_CLOSING_LIST.match(text)))
            continue
        if kind not in ("report", "kallelse") and (_CLOSERS.match(text) or _is_signature(cleaned, i)):
            closed = True

        if i <= floor or continuing_page:
            if kind == "unknown" and i - floor > 30:
                kind = "report"
            continue
        block_start = ln.blank_before >= 1 or page_top
        heading = ln.is_heading and len(text) < 140 and not _NUMBERED.match(text)

        # A heading or opening line naming a listed attachment.
        # A line opening with a listed title in full starts that paper even without a blank line above it
        # (a PDF export that runs the papers together).
        opens_listed = not block_start and any(len(a) >= 15 and text.lower().startswith(a.lower()) for a in attachments)
        if (attachments and (block_start or opens_listed) and (heading or page_top or len(text) < 100) and not _NUMBERED.match(text)
                and not re.match(r"^\s*(?:[-–•*|]|\d)", (text if i in page_number_lines else ln.text.replace("#", "").replace("*", " ", 1)) if not heading else "x")):
            j = next_body(i)
            nxt = cleaned[j] if j < len(lines) else ""
            hit = attachment_match(text, attachments, heading, nxt)
            # just after a paper opened by another cue, only a near-exact title is taken as its own
            fresh = i - floor <= 16 and all(headerish(j, headings=True) for j in range(floor, i))
            if hit is not None and (not fresh or hit[1] >= 1.9):
                listed = attachments.pop(hit[0])
                if fresh:
                    listed_titles[starts[-1][0]] = listed
                if not fresh:
                    # a header block or logo above the title on the same page belongs to the new paper
                    top = top_i if top_i > floor and i - top_i <= 14 and all(len(cleaned[j]) < 70 for j in range(top_i, i)) else i
                    if open_doc(top, "attachment", "report"):
                        listed_titles[starts[-1][0]] = listed
                    continue

        # A governing document's kind label opening a page ("STYRANDE DOKUMENT", "RIKTLINJER").
        if ((page_top or heading) and _GOVERNING_LABEL.match(text) and i - floor > 4
                and label_counts.setdefault(text, sum(c == text for c in cleaned)) <= 2):
            open_doc(i, "kind-label", "report")
            continue

        # A report's title page: heading, then the förvaltning or nämnd it is written for.
        if heading and block_start and i - floor > 10 and len(text) < 90 and not _ORG_LINE.match(text):
            j = next_body(i)
            nxt = cleaned[j] if j < len(lines) else ""
            if lines[j].is_heading if j < len(lines) else False:
                if _ORG_LINE.match(nxt) and len(nxt) < 60:
                    open_doc(i, "title-page", "report")
                    continue

        # An attachment's own first line ("Bilaga 1 SOCIALFÖRVALTNINGEN Redogörelse …") after a finished paper.
        if closed and block_start and re.match(r"^Bilaga\s+\d+\b", text) and i - floor > 4:
            open_doc(i, "bilaga", "report")
            continue

        # A letter: sender/recipient address block, "Till <nämnd>" after a finished paper, or a greeting.
        if block_start and i - floor > 4 and (_address_block(cleaned, lines, i) or _GREETING.match(text) or (closed and _ADDRESSEE.match(text))):
            open_doc(i, "letter", "report")
            continue
        if closed:
            if page_top and not re.match(r"^(?:[a-zåäö]|\d+[.)]\s|\|)", text if not ln.text.lstrip().startswith("|") else "|"):
                open_doc(i, "title" if ln.is_heading else "page", "report")
                continue
        if (heading and block_start and _YEAR.search(text) and _DOC_NOUN.match(text) and (closed or kind == "report") and i - floor > 10
                and not any(_PROPOSAL_HEAD.match(c) for c in cleaned[i + 1 : i + 4])):
            open_doc(i, "titled-heading", "report")
            continue
        top_heading = re.match(r"#{1,2}\s", ln.text.lstrip()) is not None and not _NUMBERED.match(text) and not _SECTION_HEAD.match(text)
        if (ln.is_heading or _LOGO.match(text)) and len(text) < 140 and closed and (page_top or top_heading):
            open_doc(i, "title", "report")
            continue
        if kind == "unknown" and i - floor > 30:
            kind = "report"
    bounds = [s for s, _ in starts] + [text_len]
    return [Segment(bounds[k], bounds[k + 1], starts[k][1], listed_titles.get(bounds[k])) for k in range(len(starts))]


def _with_headers(lines: list[Line], page_starts: Sequence[int], page_headers: Sequence[str | None]) -> list[Line]:
    """`lines` with each page's running header put back at the page's top, as empty spans at its start.

    A reader of the printed page sees the header first ("KOMMUN SAMMANTRÄDESPROTOKOLL", a
    TJÄNSTESKRIVELSE block) and a text export keeps it there; the PDF reader lifts it into page
    metadata. Putting it back gives segmentation the same cues for both, and a paper opened at a
    header line starts where its page starts. Footers stay out: their contact lines read as a
    paper's closing lines on every page.
    """
    out: list[Line] = []
    lines = list(lines)
    k = 0
    for start, header in zip(page_starts, page_headers):
        while k < len(lines) and lines[k].start < start:
            out.append(lines[k])
            k += 1
        put = [Line(text, start, start, 0, False) for text in (header or "").split("\n") if text.strip()]
        out.extend(put)
        if put and k < len(lines) and not lines[k].page_break_before:
            # the page's first line of text still opens the page (page 1 has no form feed before it)
            ln = lines[k]
            lines[k] = Line(ln.text, ln.start, ln.end, ln.blank_before, True)
    out.extend(lines[k:])
    return out


def _furniture(ln: Line) -> bool:
    """A running-header line put back by `_with_headers` (an empty span with text)."""
    return ln.start == ln.end and bool(ln.text)


def _backtrack_header(lines: list[Line], i: int, floor: int) -> int:
    """Index where the header block that contains line i begins (Handläggare/förvaltning above it)."""
    best = i
    j = i - 1
    seen = 0
    while j >= floor and seen < 8:
        text = clean_line(lines[j].text)
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


def _near_tjs(lines: list[Line], i: int) -> bool:
    return any(_TJS_STRICT.match(clean_line(x.text)) for x in lines[max(0, i - 6) : i + 6])


def _header_block_at(cleaned: list[str], lines: list[Line], i: int) -> bool:
    """A page that opens with a header block: Datum and a beteckning/Dnr label in its first short lines."""
    has_date = has_ref = False
    for j in range(i, min(i + 10, len(lines))):
        if j > i and lines[j].page_break_before:
            break
        h = cleaned[j]
        if len(h) > 80:
            break
        has_date = has_date or bool(re.match(r"^Datum\b", h))
        has_ref = has_ref or bool(_REF_LABEL.match(h))
    return has_date and has_ref


def _header_signature(cleaned: list[str], i: int, lines: list[Line] | None = None) -> str | None:
    """The Datum and beteckning values of the header block at line i: equal on every page of one paper."""
    date = ref = None
    for j in range(i, min(i + 12, len(cleaned))):
        if lines is not None and j > i and lines[j].page_break_before:
            break
        m = re.match(r"^(Datum|Vår beteckning|Ärendebeteckning|Diarienummer|Dnr)\s*:?\s*(\S.*)?$", cleaned[j], re.I)
        if not m:
            continue
        value = m[2] or (cleaned[j + 1] if j + 1 < len(cleaned) else "")
        if m[1].lower() == "datum":
            date = date or value
        else:
            ref = ref or value
    return f"{date}|{ref}" if date and ref else None


def _is_signature(cleaned: list[str], i: int) -> bool:
    """A name line followed by a role line ("Pia Carlsson" / "Avdelningschef"): a paper's signature."""
    if i + 1 >= len(cleaned):
        return False
    name, role = cleaned[i], cleaned[i + 1]
    return bool(_SIGN_NAME.match(name) and len(role) < 40 and _SIGN_ROLE.match(role.strip("*")))


def _address_block(cleaned: list[str], lines: list[Line], i: int) -> bool:
    """A recipient/sender address (name, street or box, postcode + town) that opens a letter.

    A page footer has the same lines, so the address must be followed by a heading before the page ends.
    """
    for j in range(i + 1, min(i + 3, len(lines))):
        if lines[j].page_break_before:
            return False
        if _POSTCODE.match(cleaned[j]):
            if any(len(cleaned[x]) > 50 for x in range(i, j)):
                return False
            k, seen = j + 1, 0
            while k < len(lines) and seen < 8:
                if _furniture(lines[k]):
                    k += 1
                    continue
                # the page ends the address, unless its contact lines run on over the page break
                # (a PDF page turning inside the letterhead, where a text export shows none)
                if lines[k].page_break_before and not _CONTACT.match(cleaned[k]):
                    return False
                if lines[k].is_heading:
                    return True
                k, seen = k + 1, seen + 1
            return False
    return False
