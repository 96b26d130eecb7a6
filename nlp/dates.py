"""Dates as Swedish papers write them: ISO (2023-02-08) and long form ("28 februari 2023")."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_ISO = re.compile(r"(?<![\d-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?![\d-])")
# OCR and typists split years ("2 024-12-27"); a single inner space is tolerated.
_ISO_SPLIT = re.compile(r"(?<![\d-])(\d) ?(\d{3})-(\d{2})-(\d{2})(?![\d-])")
_LONG = re.compile(r"(?<!\d)(\d{1,2})(?::e|:a)?\s+(" + "|".join(MONTHS) + r"),?\s+((?:19|20)\d{2})(?!\d)", re.I)


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    start: int
    end: int
    raw: str


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _ISO.finditer(text):
        d = _make(int(m[1]), int(m[2]), int(m[3]))
        if d:
            out.append(DateMention(d, m.start(), m.end(), m.group(0)))
    for m in _ISO_SPLIT.finditer(text):
        if any(o.start <= m.start() < o.end for o in out):
            continue
        d = _make(int(m[1] + m[2]), int(m[3]), int(m[4]))
        if d and 1990 <= d.year <= 2099:
            out.append(DateMention(d, m.start(), m.end(), m.group(0)))
    for m in _LONG.finditer(text):
        d = _make(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
        if d:
            out.append(DateMention(d, m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda x: x.start)


def parse_date(text: str) -> dt.date | None:
    found = find_dates(text)
    return found[0].date if found else None


# what may stand between a label and the date it introduces: "Datum: den 9 juni 2020", "tisdagen den 14 april 2020"
_DATE_LEAD = r"(?:[a-zåäö]+dag(?:en)?,?\s+)?(?:den\s+)?"
_DATE_LABEL = re.compile(r"^(?:Datum|Sammanträdesdatum|Beslutsdatum|Datum för beslut|Upprättad)\s*:?\s*(?:$|(?=" + _DATE_LEAD + r"\d))", re.I)
_RUN_LABELS = re.compile(r"\b(?:Handläggare|Datum|Ärendebeteckning|Diarienummer|Dnr|Vår beteckning)\b")
_INLINE_LABEL = re.compile(r"(?:^|\t|\s{2,}|\s)Datum(?: för [a-zåäö]+)?\s*:\s*" + _DATE_LEAD + r"(?=\d)")
# "Kungsbacka 2025-07-28", "Kalmar den 14 januari 2023": where and when a letter was signed
_PLACE_DATE = re.compile(r"^(?P<place>[A-ZÅÄÖ][a-zåäö]+(?:\s[A-ZÅÄÖ][a-zåäö]+)?),?\s+(?:den\s+)?(?=\d)")


def _is_place(name: str) -> bool:
    from nlp.bodies import kommuner  # a signing place is a municipality's seat; kommuner() is cached
    return name in set(kommuner())


def document_date(doc_type: str, lines: list, clean) -> tuple[str | None, int | None]:
    """The paper's own date and its offset (relative to the lines' text).

    In order: a date after a Datum label in the header; "Datum: …" inside a header line; the
    flattened header ("Handläggare Datum Ärendebeteckning Kristina Appert 2019-09-16 …"); for
    letters and attachments a "<ort> <datum>" signing line, or a date standing alone under the
    title page's logo.
    """
    head = lines[:40]
    for i, ln in enumerate(head):
        c = clean(ln.text)
        if _DATE_LABEL.match(c):
            for ln2 in head[i : i + 4]:
                ds = find_dates(ln2.text)
                if ds:
                    return ds[0].date.isoformat(), ln2.start + ds[0].start
            continue
        m = _INLINE_LABEL.search(ln.text)
        if m and len(c) < 160:
            ds = find_dates(ln.text[m.end() : m.end() + 30])
            if ds:
                return ds[0].date.isoformat(), ln.start + m.end() + ds[0].start
        if "Datum" in c and (len(c) > 200 or len(_RUN_LABELS.findall(c)) >= 2):
            # labels run together, values after them: "Handläggare Datum Ärendebeteckning Kristina Appert 2019-09-16 …"
            k = ln.text.find("Datum")
            ds = find_dates((ln.text[k:] + " " + " ".join(x.text for x in head[i + 1 : i + 2]))[:300])
            if ds:
                return ds[0].date.isoformat(), ln.start + k + ds[0].start
    if doc_type == "tjänsteskrivelse":
        # an unlabelled header line that is only a date ("Dnr SN 2017/0412", "2017-08-30", "Handläggare …")
        for ln in lines[:10]:
            c = clean(ln.text)
            ds = find_dates(c)
            if ds and ds[0].raw == c:
                return ds[0].date.isoformat(), ln.start
    if doc_type in ("tjänsteskrivelse", "protokoll", "protokollsutdrag", "kallelse"):
        return None, None
    for ln in lines:
        c = clean(ln.text)
        m = _PLACE_DATE.match(c) if len(c) < 50 else None
        if m and _is_place(m["place"]):
            ds = find_dates(c)
            if ds and c.endswith(ds[-1].raw):
                return ds[-1].date.isoformat(), ln.start + ln.text.find(ds[-1].raw)
    for ln in lines[:12]:
        c = clean(ln.text)
        ds = find_dates(c)
        if ds and ds[0].raw == c:
            return ds[0].date.isoformat(), ln.start
    return None, None


# "Sammanträdesdatum 2020-04-14" in the header of a paper written for a meeting (tjänsteskrivelse, bilaga)
_MEETING_LABEL = re.compile(r"^[ \t#*|]*(?:Sammanträdesdatum|Mötesdatum|Nämndsammanträde|Datum för sammanträde(?:t)?|"
                            r"[A-ZÅÄÖ][\wåäö-]*(?:nämndens|styrelsens|fullmäktiges|utskottets) sammanträde)"
                            r"[ \t*|]*:?[ \t*|]*\n?[ \t*|]*" + _DATE_LEAD, re.M | re.I)


def labelled_meeting_date(head: str) -> tuple[str | None, int | None]:
    """The meeting date a paper's header names under its own label, and its offset."""
    for m in _MEETING_LABEL.finditer(head):
        ds = find_dates(head[m.end() : m.end() + 40])
        if ds and ds[0].start <= 2:
            return ds[0].date.isoformat(), m.end() + ds[0].start
    return None, None
