"""Register verification: is each case number in the store right, and where does it rest?

What a registrator checks, as rules over every case mention in the store:
- form: the year is not after the date of the paper that carries the number, the serial is not 0,
  and the number is written the way its register writes numbers (`VO-2025-00254`, not
  `VO-2025-000254`; learned per municipality and body prefix from the store itself);
- consistency: the papers that carry one number as their own, or handle it in a § or agenda item,
  name the same case (a number reused for an unrelated title is an error);
- likely typos: a number one keystroke away from another number (one digit of the serial, the
  year, or the body prefix) whose paper has the same title;
- dates: a tjänsteskrivelse dated after the meeting it was written for;
- cited numbers that appear nowhere else: no paper in the store carries or handles them.

Every finding says why in Swedish and carries the spans (document, page, characters) it rests on.
Titles: a paper's title names the case of the number printed closest above it (a segment may hold
a continuation page of the previous paper with that paper's number); a § or agenda item names the
case of the numbers in its own head. Papers from outside agencies (myndighetsbeslut) print the
municipality's number as "Er beteckning" and their own subject, so they lend no title.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from pydantic import BaseModel, Field

from nlp.casenumbers import find_case_numbers

from .wording import core, is_generic_title, same_title, unrelated_titles

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# Paper types whose title is the ärendemening of their own number.
# (A kallelse or protokoll is titled by its meeting, not by a case: its cases are titled by § and agenda item.)
TITLE_DOC_TYPES = {"tjänsteskrivelse", "protokollsutdrag", "remiss", "yttrande", "bilaga"}
# The other party's number, printed on a letter or decision addressed to us.
_THEIR_LABEL = re.compile(r"(?:Er|Ert|Eran?)\s+(?:beteckning|referens|dnr|diarienummer)\s*:?\s*$", re.I)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<t>\S.*)$", re.M)
MIN_GROUP = 3  # mentions of a register needed before its way of writing numbers counts as the norm


class FindingSpan(BaseModel):
    """Where a finding rests: a number as written, or the § / agenda title that names the case."""

    document_id: int
    source: str
    title: str | None = None
    doc_type: str | None = None
    date: str | None = None
    page: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    text: str = ""  # the number as written there, or the § / agenda title


class VerifyFinding(BaseModel):
    kind: str  # form_invalid | year_after_date | form_deviation | title_conflict | typo_serial | typo_year | typo_body | date_order | cited_only
    severity: str  # error | warning | info
    case_key: str
    raw: str  # the number as written where the problem is
    reason: str  # Swedish, for the registrator
    suggestion: str | None = None  # the number it probably should be (typos)
    spans: list[FindingSpan] = Field(default_factory=list)


@dataclass
class Mention:
    """One mention of a case number, with the facts verification needs."""

    key: str
    body: str | None
    year: int
    serial: int
    raw: str
    written: bool  # raw is text from the paper (not a key restated for a § or agenda item)
    role: str
    document_id: int
    source: str
    doc_type: str | None
    doc_title: str | None
    date: str | None  # the paper's own date, else its meeting date
    meeting_date: str | None
    municipality: str | None
    committee: str | None
    page: int | None
    char_start: int | None
    char_end: int | None
    title: str | None = None  # the ärendemening this mention lends the number, if any
    # When a paper's title could not be read: its first proposed att-sats, for the typo check only
    # (two numbers one keystroke apart on papers proposing the very same thing are one case).
    proposal: str | None = None
    serial_digits: str = ""
    scheme: str = ""

    def span(self, text: str | None = None) -> FindingSpan:
        return FindingSpan(document_id=self.document_id, source=self.source, title=self.doc_title, doc_type=self.doc_type,
                           date=self.date, page=self.page, char_start=self.char_start, char_end=self.char_end,
                           text=text if text is not None else self.raw)


def _parse_key(key: str) -> tuple[str | None, int, int] | None:
    m = re.fullmatch(r"(?P<body>\S+) (?P<year>\d{4})/(?P<serial>\d+)", key or "")
    if not m:
        return None
    body = None if m["body"] == "?" else m["body"]
    return body, int(m["year"]), int(m["serial"])


def _written_form(raw: str, year: int) -> tuple[str, str]:
    """(scheme, serial digits as written) of a number in its paper's spelling."""
    found = find_case_numbers(" " + raw if raw[:1].isdigit() else raw)
    scheme = found[0].scheme if found else ""
    m = re.search(rf"{year}\D{{1,3}}(\d+)", raw)
    return scheme, (m.group(1) if m else "")


def _year_of(date: str | None) -> int | None:
    return int(date[:4]) if date and len(date) >= 4 and date[:4].isdigit() else None


def _heading_after(text: str, start: int, limit: int = 800) -> str | None:
    """First non-generic heading after `start`: the ärendemening under a number when the title
    field holds a section heading."""
    for m in _HEADING.finditer(text, start, min(len(text), start + limit)):
        t = " ".join(m["t"].replace("*", "").split())
        if not is_generic_title(t):
            return t
    return None


def build_mentions(rows: list[dict], records: dict, texts: dict[int, str]) -> list[Mention]:
    """Store rows → mentions with the title each lends its number (see module docstring)."""
    out: list[Mention] = []
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_doc[r["document_id"]].append(r)
    for doc_id, drows in by_doc.items():
        rec = records.get(doc_id)
        text = texts.get(drows[0]["file_id"]) or ""
        own_title_key = _own_title_owner(drows, rec, text)
        para_titles = {p.number: p.title for p in rec.paragraphs} if rec else {}
        agenda = [(a.span, a.title, a.case_keys) for a in rec.agenda_items] if rec else []
        for r in drows:
            parsed = _parse_key(r["key"])
            if parsed is None:
                continue
            body, year, serial = parsed
            role = r["role"]
            written = role in ("own", "cited")
            if role == "own" and text and r["char_start"] is not None:
                before = text[max(0, r["char_start"] - 40): r["char_start"]].replace("*", "")
                if _THEIR_LABEL.search(before.rstrip()):
                    role = "cited"
            m = Mention(
                key=r["key"], body=body, year=year, serial=serial, raw=r["raw"] or r["key"], written=written, role=role,
                document_id=doc_id, source=r["source"], doc_type=r["doc_type"], doc_title=r["title"],
                date=r["date"] or r["meeting_date"], meeting_date=r["meeting_date"], municipality=r["municipality"],
                committee=r["committee"], page=r["page"], char_start=r["char_start"], char_end=r["char_end"],
            )
            if written:
                m.scheme, m.serial_digits = _written_form(m.raw, year)
            if role == "own" and own_title_key and own_title_key[0] == r["id"]:
                m.title = own_title_key[1]
            elif role == "own" and own_title_key is None and rec is not None and rec.proposals \
                    and len({x["key"] for x in drows if x["role"] == "own"}) == 1:
                m.proposal = core(rec.proposals[0])
            elif role == "paragraph":
                t = para_titles.get(r["paragraph"])
                m.title = t if t and not is_generic_title(t) else None
            elif role == "agenda":
                for span, t, keys in agenda:
                    if r["key"] in keys and span and span.char_start == r["char_start"]:
                        m.title = t if not is_generic_title(t) else None
                        break
            out.append(m)
    return out


def _own_title_owner(drows: list[dict], rec, text: str) -> tuple[int, str] | None:
    """(mention id, title) for the own number the paper's title belongs to, or None."""
    if rec is None or (rec.doc_type or "") not in TITLE_DOC_TYPES:
        return None
    own = [r for r in drows if r["role"] == "own" and r["char_start"] is not None]
    own = [r for r in own if not _THEIR_LABEL.search(text[max(0, r["char_start"] - 40): r["char_start"]].replace("*", "").rstrip())]
    if not own:
        return None
    title = rec.title
    tspan = rec.fields.get("title").span if rec.fields.get("title") else None
    if tspan is not None:
        before = [r for r in own if r["char_start"] <= tspan.char_start and tspan.char_start - r["char_start"] <= 2000]
        if before:
            owner = max(before, key=lambda r: r["char_start"])
        elif len({r["key"] for r in own}) == 1:
            owner = own[0]
        else:
            return None
    elif len({r["key"] for r in own}) == 1:
        owner = own[0]
    else:
        return None
    if is_generic_title(title):
        title = _heading_after(text, owner["char_end"]) if text else None
    return (owner["id"], title) if title else None


# -- rules ---------------------------------------------------------------------------------------
def _sev_sort(f: VerifyFinding) -> tuple:
    return (SEVERITY_ORDER.get(f.severity, 9), f.case_key, f.kind)


def check_form(mentions: list[Mention]) -> list[VerifyFinding]:
    out: list[VerifyFinding] = []
    seen: set[tuple] = set()
    for m in mentions:
        if not m.written:
            continue
        ident = (m.key, m.document_id)
        doc_year = _year_of(m.date)
        if m.serial == 0 or m.year < 1950:
            out.append(VerifyFinding(kind="form_invalid", severity="error", case_key=m.key, raw=m.raw,
                               reason=f"{m.raw} är inget giltigt diarienummer: " + ("löpnumret är 0." if m.serial == 0 else f"årtalet {m.year} är orimligt."),
                               spans=[m.span()]))
        elif doc_year is not None and m.year > doc_year and (ident, "y") not in seen:
            seen.add((ident, "y"))
            # A paper dated in December for a January meeting may be registered in the new year.
            meeting_year = _year_of(m.meeting_date)
            severity = "warning" if meeting_year is not None and meeting_year >= m.year else "error"
            out.append(VerifyFinding(kind="year_after_date", severity=severity, case_key=m.key, raw=m.raw,
                               reason=f"Årtalet i {m.raw} ({m.year}) ligger efter handlingens datum ({m.date}); numret kan inte "
                               f"ha funnits när handlingen skrevs.", spans=[m.span()]))
    return out + _check_written_form(mentions)


def _check_written_form(mentions: list[Mention]) -> list[VerifyFinding]:
    """The way a register writes its numbers (scheme, zero-padded serial width), learned from the store."""
    groups: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.written and m.body and m.serial_digits:
            groups[(m.municipality or m.source, m.body)].append(m)
    out: list[VerifyFinding] = []
    for (_muni, body), ms in groups.items():
        if len(ms) < MIN_GROUP:
            continue
        widths = Counter(len(m.serial_digits) for m in ms)
        padded = [m for m in ms if len(m.serial_digits) > len(str(m.serial))]
        width, n = widths.most_common(1)[0]
        schemes = Counter(m.scheme for m in ms)
        scheme, sn = schemes.most_common(1)[0]
        example = next(m.raw for m in ms if len(m.serial_digits) == width and m.scheme == scheme)
        flagged: set[str] = set()
        for m in ms:
            reason = None
            if len(padded) >= len(ms) / 2 and n / len(ms) >= 0.8 and len(m.serial_digits) != width:
                reason = (f"{m.raw} har {len(m.serial_digits)} siffror i löpnumret; {body}-numren i registret har annars "
                          f"{width} (t.ex. {example}).")
            elif sn / len(ms) >= 0.8 and m.scheme != scheme:
                reason = f"{m.raw} är skrivet på ett annat sätt än registrets övriga {body}-nummer (t.ex. {example})."
            if reason and (m.raw, m.document_id) not in flagged:
                flagged.add((m.raw, m.document_id))
                out.append(VerifyFinding(kind="form_deviation", severity="info", case_key=m.key, raw=m.raw, reason=reason,
                                       spans=[m.span()]))
    return out


def check_cited_only(mentions: list[Mention]) -> list[VerifyFinding]:
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[m.key].append(m)
    out: list[VerifyFinding] = []
    for key, all_ms in by_key.items():
        # Each municipality keeps its own register: Lomma's SN 2023/50 is not Kalmar's.
        places = {m.municipality for m in all_ms if m.municipality}
        for place in places or {None}:
            ms = [m for m in all_ms if m.municipality in (place, None)]
            if not ms or any(m.role in ("own", "paragraph", "agenda") for m in ms):
                continue
            if len({m.document_id for m in ms}) > 1:
                continue
            out.append(_cited_only(key, ms))
    return out


def _cited_only(key: str, ms: list[Mention]) -> VerifyFinding:
    m = ms[0]
    return VerifyFinding(
        kind="cited_only", severity="info", case_key=key, raw=m.raw,
        reason=f"{m.raw} nämns bara i en handling ({m.doc_title or m.source}) och ingen inläst handling bär eller "
        f"behandlar numret, så det kan inte stämmas av mot någon annan handling.",
        spans=[x.span() for x in ms])


def _titled(mentions: list[Mention]) -> dict[str, list[Mention]]:
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.title and m.role in ("own", "paragraph", "agenda"):
            by_key[m.key].append(m)
    return by_key


def check_title_conflicts(mentions: list[Mention]) -> list[VerifyFinding]:
    written = _written_index(mentions)
    out: list[VerifyFinding] = []
    for key, ms in _titled(mentions).items():
        # Each municipality keeps its own register: the same key in two municipalities is two cases.
        pairs = [(a, b) for a, b in combinations(ms, 2) if a.document_id != b.document_id
                 and not (a.municipality and b.municipality and a.municipality != b.municipality)
                 and unrelated_titles(a.title, b.title)]
        if not pairs:
            continue
        a, b = pairs[0]
        involved = list({id(x): x for p in pairs for x in p}.values())
        sure = all(x.municipality for x in involved)  # unknown municipality: maybe another register
        out.append(VerifyFinding(
            kind="title_conflict", severity="error" if sure else "warning", case_key=key,
            raw=_as_written(b, written).raw,
            reason=f"{key} används för olika ärenden: ”{a.title}” ({a.doc_type}, {a.date or 'odaterad'}) och ”{b.title}” "
            f"({b.doc_type}, {b.date or 'odaterad'}). Samma diarienummer ska bara finnas på ett ärende.",
            spans=[_as_written(x, written).span() for x in involved]))
    return out


def _one_edit(a: str, b: str) -> bool:
    """One substituted, inserted, dropped or two swapped adjacent characters."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if abs(len(a) - len(b)) != 1:
        return False
    s, t = (a, b) if len(a) < len(b) else (b, a)
    return any(t[:i] + t[i + 1:] == s for i in range(len(t)))


def _same_place(a: Mention, b: Mention) -> bool:
    return a.municipality is None or b.municipality is None or a.municipality == b.municipality


def _as_written(m: Mention, written: dict) -> Mention:
    """For a § or agenda item, the number as printed in its head (same key, inside its span)."""
    if m.written:
        return m
    for w in written.get((m.key, m.document_id), []):
        if m.char_start is not None and w.char_start is not None and m.char_start <= w.char_start < (m.char_end or 0):
            return w
    return m


def _written_index(mentions: list[Mention]) -> dict[tuple, list[Mention]]:
    written: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.written:
            written[(m.key, m.document_id)].append(m)
    return written


def check_typos(mentions: list[Mention]) -> list[VerifyFinding]:
    titled = _titled(mentions)
    written = _written_index(mentions)
    for m in mentions:
        if m.proposal and not m.title:
            titled[m.key].append(m)
    docs_of: dict[str, set[int]] = defaultdict(set)
    last_doc: dict[str, int] = defaultdict(int)
    first_year: dict[str, int] = {}
    for m in mentions:
        docs_of[m.key].add(m.document_id)
        last_doc[m.key] = max(last_doc[m.key], m.document_id)
        y = _year_of(m.date)
        if y is not None:
            first_year[m.key] = min(first_year.get(m.key, y), y)
    keys = {k: _parse_key(k) for k in titled}
    idx: dict[tuple, list[str]] = defaultdict(list)
    for k, (body, year, serial) in keys.items():
        idx[("bs", body, serial)].append(k)
        idx[("ys", year, serial)].append(k)
        idx[("by", body, year)].append(k)
    out: list[VerifyFinding] = []
    done: set[frozenset] = set()
    for k1, (b1, y1, s1) in keys.items():
        cands = set(idx[("bs", b1, s1)] + idx[("ys", y1, s1)] + idx[("by", b1, y1)]) - {k1}
        for k2 in sorted(cands):
            pair = frozenset((k1, k2))
            if pair in done:
                continue
            b2, y2, s2 = keys[k2]
            if b1 == b2 and s1 == s2 and y1 != y2:
                if first_year.get(k1) == y1 and first_year.get(k2) == y2:
                    continue  # a standing case opened anew each year ("Anmälan av delegationsbeslut" 2024/5, 2025/5)
                kind, what = "typo_year", "årtalet"
            elif y1 == y2 and s1 == s2 and b1 != b2 and b1 and b2:
                # (a number written without prefix is another register's convention, not a slip)
                kind, what = "typo_body", "nämndprefixet"
            elif b1 == b2 and y1 == y2 and _one_edit(str(s1), str(s2)):
                kind, what = "typo_serial", "löpnumret"
            else:
                continue
            match = next(((a, b) for a in titled[k1] for b in titled[k2]
                          if a.document_id != b.document_id and _same_place(a, b)
                          and same_title(a.title or a.proposal, b.title or b.proposal, strict=True)), None)
            if match is None:
                continue
            done.add(pair)
            # The number fewer papers carry is the likely slip; on a tie, the one read in last.
            n1, n2 = len(docs_of[k1]), len(docs_of[k2])
            wrong, right = (k1, k2) if (n1, -last_doc[k1]) < (n2, -last_doc[k2]) else (k2, k1)
            wm, rm = match if wrong == k1 else (match[1], match[0])
            said = f"heter ”{wm.title}”. " if wm.title else f"föreslår ”{wm.proposal}”. "
            wm, rm = _as_written(wm, written), _as_written(rm, written)
            tail = (f"Troligen skrivfel: {right} finns i {len(docs_of[right])} handlingar, {wrong} bara i {len(docs_of[wrong])}."
                    if n1 != n2 else "Båda finns i lika många handlingar; kontrollera i diariet vilket som är rätt.")
            out.append(VerifyFinding(
                kind=kind, severity="warning" if n1 == n2 else "error", case_key=wrong, raw=wm.raw,
                reason=f"{wm.raw} skiljer sig från {rm.raw} bara i {what}, och båda handlingarna "
                + said + tail,
                suggestion=right, spans=[wm.span(), rm.span()]))
    return out


def check_dates(mentions: list[Mention]) -> list[VerifyFinding]:
    out: list[VerifyFinding] = []
    seen: set[int] = set()
    for m in mentions:
        if m.role != "own" or m.doc_type != "tjänsteskrivelse" or m.document_id in seen:
            continue
        seen.add(m.document_id)
        own_date = m.date if m.date != m.meeting_date else None
        if own_date and m.meeting_date and own_date > m.meeting_date:
            out.append(VerifyFinding(
                kind="date_order", severity="warning", case_key=m.key, raw=m.raw,
                reason=f"Tjänsteskrivelsen för {m.key} är daterad {own_date}, efter sammanträdet {m.meeting_date} där den "
                f"skulle behandlas.", spans=[m.span()]))
    return out


def verify(mentions: list[Mention], case_key: str | None = None) -> list[VerifyFinding]:
    """All findings, most severe first; with `case_key`, only those about that number."""
    findings = (check_form(mentions) + check_title_conflicts(mentions) + check_typos(mentions)
                + check_dates(mentions) + check_cited_only(mentions))
    if case_key is not None:
        findings = [f for f in findings if f.case_key == case_key or f.suggestion == case_key]
    return sorted(findings, key=_sev_sort)


@dataclass
class Loaded:
    """Everything verification and tracing read from a store, built once per store state."""

    rows: list[dict]
    records: dict
    texts: dict[int, str]  # file id → text, for files where a number is owned or decided
    mentions: list[Mention]


_CACHE: dict[str, tuple[tuple, Loaded]] = {}


def load(store) -> Loaded:
    """Mentions with titles for the whole store; reused until the store changes (an ingest adds or
    replaces rows, which moves the signature)."""
    sig = store.mentions_signature()
    hit = _CACHE.get(str(store.db_path))
    if hit is not None and hit[0] == sig:
        return hit[1]
    rows = store.all_case_mentions()
    records = store.document_records(r["document_id"] for r in rows)
    wanted = {r["file_id"] for r in rows if r["role"] in ("own", "paragraph")}
    texts = {fid: store.file_text(fid) or "" for fid in wanted}
    loaded = Loaded(rows, records, texts, build_mentions(rows, records, texts))
    _CACHE[str(store.db_path)] = (sig, loaded)
    return loaded


def verify_store(store, case_key: str | None = None) -> tuple[list[VerifyFinding], int, int]:
    """(findings, numbers checked, mentions checked) over everything in `store`."""
    mentions = load(store).mentions
    findings = verify(mentions, case_key)
    checked = {m.key for m in mentions} if case_key is None else {m.key for m in mentions if m.key == case_key}
    n_mentions = len(mentions) if case_key is None else sum(1 for m in mentions if m.key == case_key)
    return findings, len(checked), n_mentions
