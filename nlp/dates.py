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
_LONG = re.compile(r"(?<!\d)(\d{1,2})(?::e|:a)?\s+(" + "|".join(MONTHS) + r")\s+((?:19|20)\d{2})(?!\d)", re.I)


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
