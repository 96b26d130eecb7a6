"""Recurring reports: find them by their titles, split them into sections, align them across years.

Kinds are recognised from what a report calls itself ("Delårsrapport augusti 2019", "Bilaga till
Tertialrapport december 2022", "Kvalitetsberättelse 2017", "Ej verkställda beslut 4:e kvartalet"),
read from the document title and the first lines of its text, never from file names.

A report often arrives as a tjänsteskrivelse (the cover, with the proposal to approve it) followed
by the report itself as an attachment; the cover names the kind, the attachment carries the text.
Both are joined into one `Report` whose span runs over the attachment.

Sections come from the report's own headings (markdown, bold, numbered or short standalone lines).
A heading that repeats inside one report ("Bedömning", "Kommentar:", a running page header) is a
template label, not a section, so it never starts one. A report whose text lost its line
structure (exports with one line per page) is cut at the headings the other reports in the
comparison use, and at a small vocabulary of common report headings, wherever they appear where a
heading would stand (at a line start or after a full stop, capitalised, followed by a capital).

Alignment: rows of matching sections across reports — first by heading similarity, then by
content similarity for what is left — with a word diff between neighbouring years.
"""
from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .analyzer import STOPWORDS, stem
from .figures import COUNT_KINDS, Figure, find_figures

REPORT_KINDS = ("delårsrapport", "årsrapport", "kvalitetsberättelse", "verksamhetsplan", "ej-verkställda-beslut")
KIND_LABELS = {
    "delårsrapport": "Delårsrapport / tertialuppföljning",
    "årsrapport": "Årsrapport",
    "kvalitetsberättelse": "Kvalitetsberättelse",
    "verksamhetsplan": "Verksamhetsplan",
    "ej-verkställda-beslut": "Ej verkställda beslut",
}
# Checked in this order: a "Tertialuppföljning Verksamhetsplan" follows up a plan, it is not one.
_KIND_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("ej-verkställda-beslut", re.compile(r"\b(?:ej|icke|inte)\s+verkställda\s+(?:gynnande\s+)?(?:bostads)?beslut", re.I)),
    ("delårsrapport", re.compile(r"\b(?:delårsrapport|delårsbokslut|delårsuppföljning|tertialrapport|tertialuppföljning|tertialbokslut)", re.I)),
    ("kvalitetsberättelse", re.compile(r"\bkvalitetsberättelse", re.I)),
    ("årsrapport", re.compile(r"\b(?:årsrapport|årsredovisning|verksamhetsberättelse|årsbokslut)", re.I)),
    ("verksamhetsplan", re.compile(r"\bverksamhetsplan", re.I)),
]
# What may stand before the kind word in a title line ("Bilaga 1 till", "Socialnämndens").
_TITLE_PREFIX = (r"(?:bilaga\s*\d*\s*(?:till\s+)?[:\-–]?\s*)?"
                 r"(?:(?:rapportering|redovisning|uppföljning|sammanställning)\s+(?:av\s+)?)?"
                 r"(?:[A-ZÅÄÖa-zåäö-]+(?:nämndens|styrelsens|förvaltningens|kommuns)\s+)?")
COVER_TYPES = {"tjänsteskrivelse"}
NOT_REPORTS = {"kallelse", "protokoll", "protokollsutdrag"}  # they list or decide on reports
# Headings common to Swedish municipal follow-up reports, used to cut text without line structure.
SECTION_VOCABULARY = (
    "Sammanfattning", "Inledning", "Väsentliga händelser", "Verksamhetsplan", "Måluppföljning", "Prognos",
    "Driftredovisning", "Investeringsredovisning", "Ekonomisk uppföljning", "Ekonomi", "Personalredovisning",
    "Sjukfrånvaro", "Systematiskt arbetsmiljöarbete", "Arbetsmiljöhändelser", "Intern kontroll", "Internkontroll",
    "Åtgärder och konsekvenser", "Åtgärder med konsekvenser", "Kvalitet, styrning och kontroll", "Framtid",
    "Verksamhetsmått", "Nyckeltal", "Ej verkställda beslut", "Lex Sarah", "Klagomål och synpunkter",
)
FLAT_LINE_CHARS = 400  # mean line length above which a text has lost its line structure
HEADING_MATCH = 0.65
CONTENT_MATCH = 0.3
DIFF_WORDS = 400

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*\S)\s*$")
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-ZÅÄÖ][^\n]{1,90})$")
_TOC_LINE = re.compile(r"\.{4,}|…{2,}|\t\s*\d{1,3}\s*$|\|\s*\d{1,3}\s*\|?\s*$")
_MARKUP = re.compile(r"<[^>]+>|\*\*|__|(?<!\w)[*_]|[*_](?!\w)|^#+\s*")
_YEAR = re.compile(r"(?<![\d/:.-])(?:19[5-9]\d|20[0-4]\d)(?![\d:/]|-\d\d-)")
_MONTHS = r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_WORD = re.compile(r"[^\W\d_]+")


def nfc(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "")


def clean_heading(h: str) -> str:
    return " ".join(_MARKUP.sub("", nfc(h)).split()).strip(" :–-|")


def heading_core(h: str) -> str:
    """What a heading is about: no numbering, no years, no "FOKUSOMRÅDE -" style label."""
    s = clean_heading(h)
    s = re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+", "", s)
    m = re.match(r"^([^\-–:]{2,40}?)\s*[-–:]\s+(.{3,})$", s)
    if m and len(m.group(1).split()) <= 3:
        s = m.group(2)
    s = _YEAR.sub(" ", s)
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def _stems(text: str) -> list[str]:
    return [stem(w) for w in (x.casefold() for x in _WORD.findall(text)) if w not in STOPWORDS and len(w) > 1]


def heading_similarity(a: str, b: str) -> float:
    ca, cb = heading_core(a), heading_core(b)
    if not ca or not cb:
        return 0.0
    if ca == cb:
        return 1.0
    sa, sb = set(_stems(ca)), set(_stems(cb))
    ratio = SequenceMatcher(None, ca, cb).ratio()
    if not sa or not sb:
        return ratio
    inter = len(sa & sb)
    jaccard = inter / len(sa | sb)
    if min(len(sa), len(sb)) < 2:
        return max(ratio, jaccard)  # one shared word says little when a heading has only one
    overlap = inter / min(len(sa), len(sb))
    return max(ratio, 0.5 * jaccard + 0.5 * overlap)


def content_similarity(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


# -- detection ----------------------------------------------------------------------------------

def kind_of(line: str) -> str | None:
    """The report kind a title line names, when the line starts with it (after a "Bilaga till")."""
    s = clean_heading(line)
    s = re.sub(r"^[\s|]*\d{0,3}[.)]?\s*", "", s)
    for kind, pat in _KIND_PATTERNS:
        m = pat.search(s)
        if m and re.fullmatch(_TITLE_PREFIX, s[: m.start()], re.I):
            return kind
    return None


def _title_lines(text: str, base: int, flat: bool, limit: int = 14) -> list[tuple[int, str]]:
    """(offset, line) of the lines where a title may stand: the first lines, or each page's start."""
    out: list[tuple[int, str]] = []
    pos = 0
    for ln in text.split("\n"):
        if ln.strip():
            if flat:
                # One line per page: a title opens the page; take its first words.
                out.append((base + pos, ln[:160]))
            elif len(ln.strip()) <= 140 and not _TOC_LINE.search(ln):
                out.append((base + pos, ln))
            if len(out) >= limit:
                break
        pos += len(ln) + 1
    return out


def is_flat(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return bool(lines) and sum(map(len, lines)) / len(lines) > FLAT_LINE_CHARS


def _period(text_after_title: str, title: str, fallback: int | None) -> tuple[int | None, str]:
    ys = [int(y) for y in _YEAR.findall(clean_heading(title))]
    label = clean_heading(title)
    if ys:
        return ys[-1], label
    ys = [int(y) for y in _YEAR.findall(text_after_title[:300])]
    return (ys[0] if ys else fallback), label


@dataclass
class Report:
    kind: str
    title: str
    period_year: int | None
    municipality: str | None
    committee: str | None
    date: str | None
    file_id: int
    source: str
    document_id: int  # the document holding the report's text
    cover_document_id: int | None
    document_ids: list[int]
    char_start: int
    char_end: int
    case_numbers: list[str] = field(default_factory=list)
    subject: str = ""

    @property
    def key(self) -> str:
        return f"{self.document_id}:{self.char_start}"


def _subject(title: str) -> str:
    s = clean_heading(title)
    for _, pat in _KIND_PATTERNS:
        s = pat.sub(" ", s)
    s = re.sub(rf"\b(?:{_MONTHS})\b|_?\b(?:19|20)\d\d\b|\bbilaga\b|\btill\b|\befter\b|\bmed internbudget\b", " ", s, flags=re.I)
    return " ".join(s.split()).strip(" -–:,").casefold()


def find_reports(store, *, kind: str | None = None, municipality: str | None = None, committee: str | None = None) -> list[Report]:
    """Every recurring report in the store (optionally of one kind / body), oldest period first."""
    docs = store.documents(limit=1_000_000)
    by_file: dict[int, list[dict]] = {}
    for d in docs:
        by_file.setdefault(d["file_id"], []).append(d)
    reports: list[Report] = []
    for file_id, fdocs in by_file.items():
        fdocs.sort(key=lambda d: d["ordinal"])
        text = None
        claimed: set[int] = set()
        for i, d in enumerate(fdocs):
            if d["id"] in claimed or d["doc_type"] in NOT_REPORTS:
                continue
            if text is None:
                text = nfc(store.file_text(file_id) or "")
            s, e = d["char_start"], d["char_end"]
            body = text[s:e]
            flat = is_flat(body)
            found = None
            for off, line in [(s, d["title"] or "")] + _title_lines(body, s, flat):
                k = kind_of(line) if not flat or off == s else _flat_kind(line)
                if k:
                    found = (k, off, line)
                    break
            if not found:
                continue
            k, title_off, title_line = found
            start, end, holder, cover, ids = s, e, d, None, [d["id"]]
            if d["doc_type"] in COVER_TYPES:
                line_end = text.find("\n", max(title_off, s) + 1)
                inner = _inner_title(text, s, e, k, flat, after=line_end if 0 <= line_end < e else e)
                nxt = fdocs[i + 1] if i + 1 < len(fdocs) else None
                nxt_kind = _doc_kind(text, nxt) if nxt is not None and nxt["doc_type"] not in NOT_REPORTS | COVER_TYPES else "-"
                if nxt_kind == k:
                    inner = None  # the attachment is the report; the cover only names it
                if title_off > s + 200 and e - title_off > 3000 and nxt_kind != k:
                    start, cover = title_off, d["id"]  # the cover's first lines did not name the report
                    title_line = flat_title(title_line) if flat else title_line
                elif inner is not None and e - inner[0] > 3000:
                    start, title_line = inner  # the report follows the cover in the same document
                    cover = d["id"]
                elif nxt is not None and nxt["doc_type"] not in NOT_REPORTS | COVER_TYPES and \
                        _doc_kind(text, nxt) in (None, k):
                    cover, holder = d["id"], nxt
                    ids = [d["id"], nxt["id"]]
                    claimed.add(nxt["id"])
                    start, end = nxt["char_start"], nxt["char_end"]
                    inner = _inner_title(text, s, e, k, flat, after=line_end if 0 <= line_end < e else e, last=True)
                    if inner is not None and inner[0] > s and re.match(r"\s*#", text[inner[0]:inner[0] + 4]):
                        start, title_line = inner  # "# Kvalitetsberättelse 2017" closing the cover
                    elif (t := _doc_title(text, nxt)) is not None:
                        title_line = t[1]
                elif e - s < 8000:
                    continue  # a cover alone, its report is not in the store
            # Parts of the report filed as their own papers ("Driftredovisning 2022") follow it.
            last = next((j for j, x in enumerate(fdocs) if x["id"] == ids[-1]), i)
            for x in fdocs[last + 1:last + 4]:
                if x["doc_type"] not in ("rapport", "bilaga") or _doc_kind(text, x) is not None:
                    break
                xt = clean_heading(x["title"] or "")
                ys = {int(y) for y in _YEAR.findall(xt)}
                own = {int(y) for y in _YEAR.findall(clean_heading(title_line))}
                if re.search(r"(?i)(?:rapport|berättelse|plan)\b", xt) or (ys and own and not ys & own):
                    break
                ids.append(x["id"])
                claimed.add(x["id"])
                end = x["char_end"]
            end = _cut_at_other_report(text, start, end, k)
            year_fallback = d["year"] or (holder or {}).get("year")
            year, title = _period(text[text.find(title_line, start) + len(title_line) if title_line in text[start:end] else start:end], title_line, year_fallback)
            reports.append(Report(
                kind=k, title=title or (holder["title"] or ""), period_year=year,
                municipality=holder["municipality"] or d["municipality"], committee=holder["committee"] or d["committee"],
                date=d["date"] or d["meeting_date"] or holder["date"], file_id=file_id, source=d["source"],
                document_id=holder["id"], cover_document_id=cover, document_ids=ids, char_start=start, char_end=end,
                case_numbers=list(dict.fromkeys((d.get("case_keys") or []) + (holder.get("case_keys") or []))),
                subject=_subject(title_line),
            ))
    out = [r for r in reports
           if (kind is None or r.kind == kind)
           and (not municipality or (r.municipality or "").casefold() == municipality.strip().casefold())
           and (not committee or committee.strip().casefold() in (r.committee or "").casefold())]
    return sorted(out, key=lambda r: (r.period_year or 0, r.municipality or "", r.char_start))


def _flat_kind(line: str) -> str | None:
    # In a one-line-per-page export the title is the page's first words, and titles are
    # capitalised where running text is not ("Delårsrapport augusti 2019 Rapportperiod …").
    for kind, pat in _KIND_PATTERNS:
        m = pat.search(line[:120])
        if m and m.group(0)[:1].isupper():
            return kind
    return None


def flat_title(line: str) -> str:
    """The title words at the start of a flattened page: from the kind word to its year."""
    for _, pat in _KIND_PATTERNS:
        m = pat.search(line[:120])
        if m and m.group(0)[:1].isupper():
            y = _YEAR.search(line, m.end(), m.end() + 60)
            return line[m.start(): y.end() if y else m.end()].strip()
    return line[:60]


def _doc_title(text: str, d: dict) -> tuple[int, str] | None:
    body = text[d["char_start"]:d["char_end"]]
    flat = is_flat(body)
    for off, line in [(d["char_start"], d["title"] or "")] + _title_lines(body, d["char_start"], flat):
        if (kind_of(line) if not flat else _flat_kind(line)):
            return off, line
    return None


def _doc_kind(text: str, d: dict) -> str | None:
    t = _doc_title(text, d)
    if t is None:
        return None
    body = text[d["char_start"]:d["char_end"]]
    return _flat_kind(t[1]) if is_flat(body) else kind_of(t[1])


def _inner_title(text: str, s: int, e: int, kind: str, flat: bool, after: int, last: bool = False) -> tuple[int, str] | None:
    """A second title of the same kind further down a cover document: where the report begins."""
    if last:
        found, at = None, after
        while (nxt := _inner_title(text, s, e, kind, flat, at)) is not None:
            found, at = nxt, nxt[0] + 1
        return found
    pos = after
    body = text[pos:e]
    base = pos
    if flat:
        starts = [0] + [m.end() for m in re.finditer(r"\n", body)]
        for st in starts:
            line = body[st:st + 160]
            if line.strip() and _flat_kind(line) == kind:
                return base + st, flat_title(line)
        return None
    off = 0
    for ln in body.split("\n"):
        if ln.strip() and len(ln) <= 140 and kind_of(ln) == kind and not _TOC_LINE.search(ln):
            return base + off, ln
        off += len(ln) + 1
    return None


def _cut_at_other_report(text: str, start: int, end: int, kind: str) -> int:
    """End a report where a top-level heading opens another report ("# Månadsrapport")."""
    for m in re.finditer(r"(?m)^#\s+(.+)$", text[start:end]):
        if m.start() < 200:
            continue
        title = clean_heading(m.group(1))
        other = kind_of(title)
        if (other and other != kind) or re.search(r"(?i)^[\wåäö-]*(?:rapport|berättelse|redovisning|uppföljning)\b", title) and other != kind:
            return start + m.start()
    return end


# -- sections -------------------------------------------------------------------------------------

@dataclass
class Section:
    heading: str
    start: int  # file offsets
    end: int
    level: int = 2
    toc: bool = False
    how: str = "rubrik"  # rubrik | ankare (found in text without line structure) | början


def _heading_of_line(line: str, prev_blank: bool, next_line: str) -> tuple[str, int] | None:
    raw = line.rstrip()
    if not raw.strip() or "\t" in raw or raw.lstrip().startswith("|") or _TOC_LINE.search(raw):
        return None
    m = _MD_HEADING.match(raw)
    if m:
        h = clean_heading(m.group(2))
        return (h, len(m.group(1))) if h and not re.fullmatch(r"[\d\W]+", h) else None
    s = raw.strip()
    if re.fullmatch(r"(?:\*\*|<b>)(.{2,100}?)(?:\*\*|</b>)", s):
        h = clean_heading(s)
        return (h, 3) if h and not re.fullmatch(r"[\d\W]+", h) else None
    m = _NUMBERED.match(s)
    if m and not s.endswith((".", ",", ";")) and len(s) <= 100:
        return clean_heading(s), 1 + m.group(1).count(".")
    if (prev_blank and len(s) <= 70 and s[:1].isupper() and not s.endswith((".", ",", ";", ":"))
            and len(s.split()) <= 9 and not re.search(r"\d{3}|@|www\.|https?:", s)
            and len(next_line.strip()) > 80):
        return clean_heading(s), 3
    return None


def line_sections(text: str, start: int, end: int) -> list[Section]:
    body = text[start:end]
    lines = body.split("\n")
    offs, pos = [], 0
    for ln in lines:
        offs.append(pos)
        pos += len(ln) + 1
    found: list[tuple[int, str, int]] = []
    for i, ln in enumerate(lines):
        prev_blank = i == 0 or not lines[i - 1].strip()
        nxt = next((x for x in lines[i + 1:i + 4] if x.strip()), "")
        h = _heading_of_line(ln, prev_blank, nxt)
        if h:
            found.append((start + offs[i], h[0], h[1]))
    # Template labels repeat; they do not start sections.
    counts = Counter(heading_core(h) for _, h, _ in found)
    bounds = [(o, h, lv) for o, h, lv in found if counts[heading_core(h)] < 2 and heading_core(h)]
    return _to_sections(text, start, end, bounds, how="rubrik")


def _to_sections(text: str, start: int, end: int, bounds: list[tuple[int, str, int]], how: str) -> list[Section]:
    bounds = sorted(bounds)
    out: list[Section] = []
    if not bounds or bounds[0][0] - start > 200:
        out.append(Section(heading="(början)", start=start, end=bounds[0][0] if bounds else end, level=1, how="början"))
    for j, (o, h, lv) in enumerate(bounds):
        e = bounds[j + 1][0] if j + 1 < len(bounds) else end
        toc = bool(re.fullmatch(r"(?i)innehåll(?:sförteckning)?", h)) or len(_TOC_LINE.findall(text[o:e])) >= 3
        out.append(Section(heading=h, start=o, end=e, level=lv, toc=toc, how=how))
    return [s for s in out if s.end > s.start]


def _anchor_regex(heading: str) -> re.Pattern | None:
    words = heading_core(heading).split()
    if len(words) < 2 and (not words or len(words[0]) < 6):
        return None
    return re.compile(r"\b" + r"[\W_]+".join(re.escape(w) for w in words) + r"\b", re.I)


def anchor_sections(text: str, start: int, end: int, headings: list[str]) -> list[Section]:
    """Sections of a text without line structure, cut where known headings stand as headings."""
    body = text[start:end]
    found: dict[int, tuple[int, str, int]] = {}
    candidates = list(dict.fromkeys([*headings, *SECTION_VOCABULARY]))
    for h in candidates:
        rx = _anchor_regex(h)
        if rx is None:
            continue
        for m in rx.finditer(body):
            i = m.start()
            if not body[i:i + 1].isupper():
                continue
            before = body[max(0, i - 6):i]
            after = body[m.end():m.end() + 3]
            at_line = i == 0 or body[i - 1] == "\n"
            after_stop = re.search(r"(?:[.!?:]|\d)\s+$", before) is not None
            if not (at_line or after_stop) or not re.match(r"\s+[A-ZÅÄÖ]|\s*$", after):
                continue
            found.setdefault(i, (start + i, clean_heading(body[i:m.end()]), 2))
            break
    # Capitalised runs ("FOKUSOMRÅDE - EGNA VERKSAMHETSSPECIFIKA MÅL") are headings in any layout.
    for m in re.finditer(r"(?<![\wÅÄÖ])[A-ZÅÄÖ]{3,}(?:[\s\-–,]+[A-ZÅÄÖ]{2,}){2,}(?![\wåäö])", body):
        if m.start() not in found and not any(abs(m.start() - k) < 40 for k in found):
            found[m.start()] = (start + m.start(), clean_heading(m.group(0)), 2)
    bounds = sorted(found.values())
    dedup: list[tuple[int, str, int]] = []
    for b in bounds:
        if dedup and b[0] - dedup[-1][0] < 25:
            continue
        dedup.append(b)
    return _to_sections(text, start, end, dedup, how="ankare")


def report_sections(text: str, report: Report, peer_headings: list[str] | None = None) -> list[Section]:
    body = text[report.char_start:report.char_end]
    if is_flat(body):
        return anchor_sections(text, report.char_start, report.char_end, peer_headings or [])
    return line_sections(text, report.char_start, report.char_end)


# -- alignment ------------------------------------------------------------------------------------

def _section_body(text: str, sec: Section) -> str:
    body = text[sec.start:sec.end]
    if sec.how == "rubrik":
        body = body.split("\n", 1)[1] if "\n" in body else ""
    elif sec.how == "ankare":
        body = body[len(sec.heading):] if body[: len(sec.heading)].casefold() == sec.heading.casefold() else body
    body = re.sub(r"(?m)^\s{0,3}#{1,6}\s*", "", body)
    return " ".join(_MARKUP.sub(" ", body).split())


def word_diff(a: str, b: str, limit: int = DIFF_WORDS) -> tuple[list[dict], float, bool]:
    """Word-level diff of `a` (older) → `b` (newer): [{op: equal|delete|insert, text}], ratio, truncated."""
    wa, wb = a.split(), b.split()
    truncated = len(wa) > limit or len(wb) > limit
    wa, wb = wa[:limit], wb[:limit]
    sm = SequenceMatcher(None, wa, wb, autojunk=False)
    ops: list[dict] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            ops.append({"op": "equal", "text": " ".join(wa[i1:i2])})
        else:
            if i2 > i1:
                ops.append({"op": "delete", "text": " ".join(wa[i1:i2])})
            if j2 > j1:
                ops.append({"op": "insert", "text": " ".join(wb[j1:j2])})
    return ops, round(sm.ratio(), 3), truncated


@dataclass
class Cell:
    report: int
    section: Section
    body: str
    bag: Counter
    match: str  # rubrik | innehåll | "" (first of its row)
    score: float


def align(text_of: dict[int, str], reports: list[Report], sections: list[list[Section]]) -> list[list[Cell | None]]:
    """Rows of sections, one column per report, oldest first."""
    rows: list[list[Cell | None]] = []
    n = len(reports)
    # Content similarity weighs words by how few sections use them: every section of a
    # socialnämnd report says "socialnämnden" and "verksamhet"; few say "placeringar".
    df: Counter = Counter()
    n_secs = 0
    for i, secs in enumerate(sections):
        for s in secs:
            n_secs += 1
            df.update(set(_stems(_section_body(text_of[reports[i].file_id], s))))
    idf = {w: math.log((1 + n_secs) / (1 + c)) for w, c in df.items()}

    def cell(i: int, sec: Section, how: str, score: float) -> Cell:
        body = _section_body(text_of[reports[i].file_id], sec)
        bag = Counter({w: c * idf.get(w, 0.0) for w, c in Counter(_stems(body)).items()})
        return Cell(i, sec, body, bag, how, round(score, 3))

    for i in range(n):
        secs = [s for s in sections[i] if not s.toc]
        if not rows:
            rows = [[cell(0, s, "", 1.0)] + [None] * (n - 1) for s in secs]
            continue
        cand: list[tuple[float, int, int]] = []
        for si, s in enumerate(secs):
            for ri, row in enumerate(rows):
                best = max((heading_similarity(s.heading, c.section.heading) for c in row if c is not None), default=0.0)
                if best >= HEADING_MATCH:
                    cand.append((best, si, ri))
        placed: dict[int, int] = {}
        used_rows: set[int] = set()
        for score, si, ri in sorted(cand, key=lambda x: -x[0]):
            if si in placed or ri in used_rows:
                continue
            placed[si] = ri
            used_rows.add(ri)
            rows[ri][i] = cell(i, secs[si], "rubrik", score)
        # Then content: sections whose headings differ but say the same.
        rest = [si for si in range(len(secs)) if si not in placed]
        if rest:
            ccand = []
            new_cells = {si: cell(i, secs[si], "innehåll", 0.0) for si in rest}
            for si in rest:
                for ri, row in enumerate(rows):
                    if ri in used_rows:
                        continue
                    prev = next((c for c in reversed(row[:i]) if c is not None), None)
                    if prev is None:
                        continue
                    sim = content_similarity(new_cells[si].bag, prev.bag)
                    if sim >= CONTENT_MATCH:
                        ccand.append((sim, si, ri))
            for sim, si, ri in sorted(ccand, key=lambda x: -x[0]):
                if si in placed or ri in used_rows:
                    continue
                placed[si] = ri
                used_rows.add(ri)
                c = new_cells[si]
                c.score = round(sim, 3)
                rows[ri][i] = c
            # Unmatched sections become new rows after the row of their predecessor.
            for si in rest:
                if si in placed:
                    continue
                prev_rows = [placed[x] for x in range(si) if x in placed]
                at = (max(prev_rows) + 1) if prev_rows else 0
                new = [None] * n
                new[i] = cell(i, secs[si], "", 1.0)
                rows.insert(at, new)
                placed = {k: (v + 1 if v >= at else v) for k, v in placed.items()}
                placed[si] = at
                used_rows = {r + 1 if r >= at else r for r in used_rows} | {at}
    return rows


def page_at(pages: list[dict], offset: int) -> int | None:
    starts = [p["char_start"] for p in pages]
    i = bisect.bisect_right(starts, offset) - 1
    return pages[i]["number"] if 0 <= i < len(pages) and offset < pages[i]["char_end"] + 1 else None


def document_at(docs: list[tuple[int, int, int]], offset: int) -> int | None:
    for s, e, did in docs:
        if s <= offset < e:
            return did
    return None


def report_figures(text: str, report: Report, sections: list[Section]) -> list[tuple[Section, Figure]]:
    """Figures of a report, section by section, offsets in the file text."""
    out: list[tuple[Section, Figure]] = []
    for sec in sections:
        if sec.toc:
            continue
        for f in find_figures(text[sec.start:sec.end], heading=sec.heading, default_year=report.period_year):
            f.char_start += sec.start
            f.char_end += sec.start
            out.append((sec, f))
    return out



# -- the comparison -------------------------------------------------------------------------------

COUNT_KINDS_KEY = ("lex Sarah-rapporter", "lex Maria-anmälningar", "ej verkställda beslut", "klagomål", "synpunkter", "avvikelser")
MONEY_KINDS_KEY = ("budget", "prognos", "avvikelse", "utfall")


def is_key_figure(f: Figure) -> bool:
    """Figures for the by-year table: what reports count, and money totals of the whole body."""
    if f.kind in COUNT_KINDS_KEY:
        return f.source == "text" or f.total
    return f.kind in MONEY_KINDS_KEY and f.total


def _primary_rank(f: Figure, report: Report, heading: str = "") -> tuple:
    # A figure in the section about its kind ("Lex Sarah", "Ej verkställda beslut") beats one
    # mentioned in passing elsewhere; then one named next to its number beats one named by the
    # heading; a report speaking of its own period beats a later one looking back. Counts are
    # stated in sentences ("37 klagomål"), a table row splits them up; money totals are best read
    # from the table's total row.
    in_section = any(kind == f.kind and pat.search(heading) for kind, pat, _ in COUNT_KINDS)
    if f.unit == "st":
        return (not in_section, not f.explicit, report.period_year != f.year, f.source != "text", not f.total, f.char_start)
    return (not f.explicit, report.period_year != f.year, not f.total, f.source != "table", f.char_start)


def compare_reports(store, *, kind: str, municipality: str | None = None, committee: str | None = None,
                    keys: list[str] | None = None) -> dict:
    """Reports of one kind aligned section by section, with their key figures by year."""
    reports = find_reports(store, kind=kind, municipality=municipality, committee=committee)
    if keys:
        reports = [r for r in reports if r.key in keys]
    texts: dict[int, str] = {}
    pages: dict[int, list[dict]] = {}
    for r in reports:
        if r.file_id not in texts:
            texts[r.file_id] = nfc(store.file_text(r.file_id) or "")
            pages[r.file_id] = store.file_pages(r.file_id)
    # Structured reports first, so a flat one can be cut at their headings.
    sections: list[list[Section]] = [[] for _ in reports]
    for i, r in enumerate(reports):
        if not is_flat(texts[r.file_id][r.char_start:r.char_end]):
            sections[i] = report_sections(texts[r.file_id], r)
    peer = [s.heading for secs in sections for s in secs if s.how == "rubrik" and not s.toc]
    for i, r in enumerate(reports):
        if not sections[i]:
            sections[i] = report_sections(texts[r.file_id], r, peer)
    rows = align(texts, reports, sections) if reports else []

    doc_spans: dict[int, list[tuple[int, int, int]]] = {}
    for r in reports:
        if r.file_id not in doc_spans:
            doc_spans[r.file_id] = [(d["char_start"], d["char_end"], d["id"]) for d in store.documents(limit=1_000_000)
                                    if d["file_id"] == r.file_id]

    def where(r: Report, s: int, e: int) -> dict:
        return {"document_id": document_at(doc_spans[r.file_id], s) or r.document_id, "source": r.source,
                "page": page_at(pages[r.file_id], s), "char_start": s, "char_end": e}

    out_reports = [{
        "key": r.key, "kind": r.kind, "title": r.title, "period_year": r.period_year, "municipality": r.municipality,
        "committee": r.committee, "date": r.date, "subject": r.subject, "case_numbers": r.case_numbers,
        "cover_document_id": r.cover_document_id, "sections": len([s for s in sections[i] if not s.toc]),
        **where(r, r.char_start, r.char_end),
    } for i, r in enumerate(reports)]

    out_rows = []
    for row in rows:
        cells = []
        for i, c in enumerate(row):
            if c is None:
                cells.append(None)
                continue
            r = reports[i]
            cells.append({"report": i, "heading": c.section.heading, "match": c.match, "score": c.score,
                          "how": c.section.how, "excerpt": c.body[:600], **where(r, c.section.start, c.section.end)})
        diffs = []
        present = [c for c in row if c is not None]
        for a, b in zip(present, present[1:]):
            ops, ratio, truncated = word_diff(a.body, b.body)
            diffs.append({"from_report": a.report, "to_report": b.report, "similarity": ratio, "truncated": truncated, "ops": ops})
        label = next(c for c in row if c is not None).section.heading
        out_rows.append({"label": label, "reports": len(present), "cells": cells, "diffs": diffs})

    figures = []
    for i, r in enumerate(reports):
        for sec, f in report_figures(texts[r.file_id], r, sections[i]):
            figures.append((i, sec, f))
    key_rows = []
    best: dict[tuple, tuple] = {}
    for i, sec, f in figures:
        if not is_key_figure(f) or f.year is None:
            continue
        r = reports[i]
        k = ((r.municipality or "").casefold(), f.kind, f.year)
        rank = _primary_rank(f, r, sec.heading)
        if k not in best or rank < best[k][0]:
            best[k] = (rank, i, sec, f)
    for (_, i, sec, f) in sorted(best.values(), key=lambda x: (x[3].kind, reports[x[1]].municipality or "", x[3].year)):
        r = reports[i]
        key_rows.append({
            "municipality": r.municipality, "committee": r.committee, "kind": f.kind, "year": f.year, "value": f.value,
            "unit": f.unit, "value_mnkr": round(f.sek / 1e6, 3) if f.sek is not None else None, "label": f.label,
            "raw": f.raw, "year_source": f.year_source, "explicit": f.explicit, "source_kind": f.source,
            "report": i, "report_year": r.period_year, "section": sec.heading, **where(r, f.char_start, f.char_end),
        })
    return {"kind": kind, "reports": out_reports, "rows": out_rows, "key_figures": key_rows,
            "figures": [{"report": i, "section": sec.heading, "source_kind": f.source,
                         **{k: v for k, v in f.to_dict().items() if k not in ("char_start", "char_end", "source")},
                         **where(reports[i], f.char_start, f.char_end)} for i, sec, f in figures]}


REPORT_TABLES = ("key_figures", "figures", "sections")


def reports_csv(result: dict, table: str = "key_figures") -> str:
    """One of a report comparison's tables as CSV: key figures by year, all figures, or the section rows."""
    from .export import csv_text
    from .figures import FIGURE_COLUMNS

    if table == "key_figures":
        cols = ["municipality", "committee", *FIGURE_COLUMNS, "explicit", "report_year", "section"]
        return csv_text(cols, ([f.get(k) for k in cols] for f in result["key_figures"]))
    if table == "figures":
        cols = ["report", "section", *FIGURE_COLUMNS, "explicit", "total"]
        return csv_text(cols, ([f.get(k) for k in cols] for f in result["figures"]))
    if table == "sections":
        reports = result["reports"]
        cols = ["row", "label", "report_year", "municipality", "heading", "match", "score", "document_id", "source", "page",
                "char_start", "char_end"]
        rows = []
        for n, row in enumerate(result["rows"], 1):
            for c in row["cells"]:
                if c:
                    r = reports[c["report"]]
                    rows.append([n, row["label"], r["period_year"], r["municipality"], c["heading"], c["match"], c["score"],
                                 c["document_id"], c["source"], c["page"], c["char_start"], c["char_end"]])
        return csv_text(cols, rows)
    raise ValueError(f"Okänd tabell {table!r}; välj bland {', '.join(REPORT_TABLES)}.")


def normalize_kind(kind: str) -> str:
    """'delarsrapport', 'Delårsrapport', 'ej verkställda beslut' → the canonical kind, else ValueError."""
    k = " ".join((kind or "").strip().casefold().replace("_", "-").split()).replace(" ", "-")
    ascii_k = k.replace("å", "a").replace("ä", "a").replace("ö", "o")
    for canon in REPORT_KINDS:
        if k == canon or ascii_k == canon.replace("å", "a").replace("ä", "a").replace("ö", "o"):
            return canon
    raise ValueError(f"Okänd rapporttyp {kind!r}. Välj bland: {', '.join(REPORT_KINDS)}.")
