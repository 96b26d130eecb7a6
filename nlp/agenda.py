"""Agenda items of a kallelse/föredragningslista: number, title, case keys, ärende kind."""
from __future__ import annotations

import re

from nlp.casenumbers import find_case_numbers, make_key
from nlp.records import AgendaItem, Span
from nlp.textutil import Line, clean_line, collapse

# "- 5 Svar på remiss", "5. Title", "| 20. Title | SOCN/2018:23 |", "3\.  Kommunbudget …"
_ITEM = re.compile(r"^(?:[-*•]\s*)?(?P<num>\d{1,3})(?:\.?-\d{1,3})?(?:\\?\.)?\s+(?P<title>[A-ZÅÄÖ§\"“].{2,200})$")
_TABLE_ROW = re.compile(r"^\|\s*(?P<num>\d{1,3})(?:\.?-\d{1,3})?\\?\.?\s+(?P<title>[^|]{3,})\|(?P<rest>.*)$")
_BARE_DASH_KEY = re.compile(r"(?<![\w/-])((?:19|20)\d{2})-(\d{3,6})(?![\d-])")
_KIND_HEAD = re.compile(r"^(Beslutsärenden|Informationsärenden|Anmälningsärenden|Delgivningar)", re.I)


def _keys(fragment: str, committee_body: str | None = None) -> list[str]:
    keys = [c.key for c in find_case_numbers(" " + fragment + " ")]
    # Agenda tables often drop the body in their Beteckning column: "2024-00717".
    for m in _BARE_DASH_KEY.finditer(fragment):
        k = make_key(None, m[1], m[2])
        if not any(x.endswith(f" {int(m[1])}/{int(m[2])}") for x in keys):
            keys.append(k)
    return list(dict.fromkeys(keys))


def parse_agenda(text: str, lines: list[Line], page_at, limit_chars: int | None = None) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    kind = None
    expected = 1
    for ln in lines:
        if limit_chars is not None and ln.start > limit_chars:
            break
        raw = ln.text.strip()
        c = clean_line(raw)
        km = _KIND_HEAD.match(c)
        if km:
            kind = "beslutsärende" if km.group(1).lower().startswith("besluts") else "informationsärende"
            continue
        m = _TABLE_ROW.match(raw)
        if m:
            title_cell, rest = m["title"], m["rest"]
        else:
            m = _ITEM.match(c)
            if not m:
                continue
            title_cell, rest = m["title"], ""
        num = int(m["num"])
        # Numbers must run in order (allowing ranges like "5.-18."); this rejects stray numbered lines.
        if num < expected or num > expected + 20:
            continue
        title = re.sub(r"<br\s*/?>.*", "", title_cell)
        title = re.sub(r"<[^>]+>", "", title).strip(" |")
        keys = _keys(title_cell + " " + rest)
        title_clean = collapse(re.sub(r"\s{2,}.*$", "", title)) if "  " in title and not m.re is _TABLE_ROW else collapse(title)
        items.append(AgendaItem(number=num, title=title_clean, case_keys=keys, kind=kind,
                                span=Span(char_start=ln.start, char_end=ln.end, page=page_at(ln.start))))
        rng = re.match(r"^\D*\d{1,3}\.?-(\d{1,3})", raw.lstrip("|-* "))
        expected = (int(rng.group(1)) if rng else num) + 1
    return items
