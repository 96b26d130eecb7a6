"""Header fields of one paper: title, date, committee, own case numbers, attachments."""
from __future__ import annotations

import re

from nlp.bodies import committee_mentions
from nlp.casenumbers import CaseNumber
from nlp.dates import find_dates
from nlp.proposals import PROPOSAL_HEAD
from nlp.textutil import Line, clean_line
from nlp.titles import flattened_title

_LABEL_ONLY = re.compile(
    r"^(?:Datum|Ärendebeteckning|Vår beteckning|Er beteckning|Beteckning|Diarienummer|Dnr|Handläggare|Vår handläggare|"
    r"Ert datum|Mottagare.*|TJÄNSTESKRIVELSE|Tjänsteskrivelse|\d+\s*\(\d+\)|Tel.*|Telefon.*|E-post.*|/.*/|.*@.*|"
    r"[A-ZÅÄÖ]+(?:FÖRVALTNINGEN|KONTORET)|Sida \d+ av \d+|Sammanträdesdatum|Kommun|.*kommun|WWW\..*|Box \d+.*)$", re.I)
_DATE_LABEL = re.compile(r"^(?:Datum|Sammanträdesdatum|Beslutsdatum|Datum för beslut)\b", re.I)


def find_title(text: str, lines: list[Line], proposal_start: int | None, committee_names: set[str]) -> tuple[str | None, Line | None]:
    """The matter's title: the line(s) just above "Förslag till beslut", else the first heading."""
    if proposal_start is not None:
        above = [ln for ln in lines if ln.end <= proposal_start]
        # drop the proposal heading itself
        while above and PROPOSAL_HEAD.match(clean_line(above[-1].text)):
            above.pop()
        if above:
            last = above[-1]
            c = clean_line(last.text)
            if "\n" not in text[last.start : last.end] and len(c) > 200:
                return flattened_title(c, committee_names), last
            if not _LABEL_ONLY.match(c) and c not in committee_names and len(c) < 200:
                # a title wrapped over two lines with no blank line between
                if len(above) >= 2 and last.blank_before == 0 and not above[-2].is_heading and len(clean_line(above[-2].text)) > 30 and not _LABEL_ONLY.match(clean_line(above[-2].text)) and clean_line(above[-2].text) not in committee_names:
                    return clean_line(above[-2].text) + " " + c, above[-2]
                return c, last
    for ln in lines[:40]:
        c = clean_line(ln.text)
        if ln.is_heading and len(c) > 3 and not _LABEL_ONLY.match(c) and c not in committee_names and c.lower() not in {"innehåll", "innehållsförteckning"}:
            return c, ln
    for ln in lines[:8]:
        c = clean_line(ln.text)
        if 3 < len(c) < 120 and not _LABEL_ONLY.match(c) and c not in committee_names:
            return c, ln
    return None, None


def find_doc_date(text: str, lines: list[Line]) -> tuple[str | None, int | None]:
    """The paper's own date: after a Datum label in the header, else the first date near the top."""
    head = lines[:40]
    for i, ln in enumerate(head):
        c = clean_line(ln.text)
        if _DATE_LABEL.match(c):
            for ln2 in head[i : i + 6]:
                ds = find_dates(ln2.text if ln2 is not ln else c)
                if ds:
                    return ds[0].date.isoformat(), ln2.start + ln2.text.find(ds[0].raw) if ds[0].raw in ln2.text else ln2.start
            continue
        # flattened header: "Handläggare Datum Ärendebeteckning Kristina Appert 2019-09-16 …"
        if "Datum" in c and len(c) > 200:
            k = c.find("Datum")
            ds = find_dates(c[k : k + 300])
            if ds:
                return ds[0].date.isoformat(), ln.start
    return None, None


def find_meeting_date(text: str) -> str | None:
    """Meeting date of a kallelse or protokoll: Sammanträdesdatum / Tid / first date at the top."""
    head = text[:3000]
    for pattern in (r"Sammanträdesdatum\s*:?\s*", r"(?:Tid|Datum och tid|Datum)\s*:?\s*\**\s*\n?\s*", r"Tid:\s*",
                    r"\bSammanträde(?:t)?\s+(?:äger rum\s+)?(?:[a-zåäö]+dagen\s+)?(?:den\s+)?"):
        for m in re.finditer(pattern, head):
            ds = find_dates(head[m.end() : m.end() + 120])
            if ds:
                return ds[0].date.isoformat()
    # the date a kallelse was drawn up or sent is not the meeting's
    ds = [d for d in find_dates(head) if not re.search(r"(?:Upprättad|Utskickad|Skickad|Utsänd|Expedierad)\s*:?\s*$", head[max(0, d.start - 30) : d.start])]
    return ds[0].date.isoformat() if ds else None


def find_committee(text: str, lines: list[Line], meta: dict | None) -> tuple[str | None, float]:
    """The issuing body: a committee name standing alone on a header line, else the most named one."""
    for ln in lines[:30]:
        c = clean_line(ln.text)
        if len(c) > 70:
            continue
        mentions = committee_mentions(c)
        if mentions and len(mentions[0][0]) >= len(c) - 25:
            return mentions[0][0], 0.9
    counts: dict[str, int] = {}
    for name, _s, _e in committee_mentions(text[:20000]):
        counts[name] = counts.get(name, 0) + 1
    if counts:
        return max(counts, key=counts.get), 0.6
    if meta and meta.get("organ_namn"):
        return str(meta["organ_namn"]), 0.5
    return None, 0.0


def own_case_numbers(cases: list[CaseNumber], header_end: int, doc_start: int) -> set[int]:
    """Indexes of the paper's own numbers: labelled ones in the header, else the first in the header."""
    own = {i for i, c in enumerate(cases) if c.label and c.label_at_line_start and c.start < header_end}
    if not own:
        first = [i for i, c in enumerate(cases) if c.start < min(header_end, doc_start + 600)]
        if first:
            own = {first[0]}
    return own


def case_role_confidence(c: CaseNumber, own: bool) -> float:
    """A labelled header number is surely the paper's own; an unlabelled first number only probably."""
    if not own:
        return 0.9
    return 0.95 if c.label and c.label_at_line_start else 0.6


def find_attachments(lines: list[Line]) -> list[str]:
    return [t for t, _ln in find_attachment_lines(lines)]


def find_attachment_lines(lines: list[Line]) -> list[tuple[str, Line]]:
    """Attachments listed under "Bilagor" / "Ärendets handlingar" / "Bilaga 1: …", with their lines."""
    out: list[tuple[str, Line]] = []
    active = False
    n_in_list = 0
    bulleted = False
    for ln in lines:
        c = clean_line(ln.text)
        if re.match(r"^(?:Bilagor|Bilaga|Ärendets handlingar|Beslutsunderlag)\s*:?\s*$", c, re.I):
            active, n_in_list = True, 0
            continue
        m = re.match(r"^Bilaga\s*\d+\s*[:.-]?\s*(.{3,150})$", c)
        if m:
            out.append((m.group(1).strip(), ln))
            active, n_in_list, bulleted = True, n_in_list + 1, False
            continue
        if active:
            is_bullet = bool(re.match(r"^\s*[-–•*]\s", ln.text))
            # a blank line after the first item ends a plain list (a signature or the next section
            # follows); a bulleted list goes on while its bullets do
            ends = ln.blank_before >= 2 or (ln.blank_before and n_in_list and not (bulleted and is_bullet))
            if not c or len(c) > 150 or c.endswith(".") and len(c) > 80 or ends:
                active = False
                continue
            out.append((re.sub(r"^[-–•*]\s*", "", c), ln))
            n_in_list += 1
            bulleted = is_bullet
    seen: set[str] = set()
    return [(t, ln) for t, ln in out if not (t in seen or seen.add(t))]
