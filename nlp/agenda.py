"""Agenda items of a kallelse/föredragningslista: number, title, case keys, ärende kind.

Three shapes are read: plain numbered lines ("5. Svar på remiss", "- 5 Title"), markdown tables
(the number with the title in one cell, or in a cell of its own beside Ärende/Beteckning/Förslag
columns, titles wrapped with `<br>`), and pdftotext/pdfplumber layout lines whose columns are
separated by runs of spaces ("3.  Kommunbudget 2026, plan 2024-00717 Förslag till beslut").
"""
from __future__ import annotations

import re

from nlp.casenumbers import find_case_numbers, make_key
from nlp.records import AgendaItem, Span
from nlp.textutil import Line, clean_line, collapse

_NUM = r"(?P<num>\d{1,3})(?P<range>\.?\s?[-–]\s?\d{1,3})?(?:\\?\.|\))?"
# "- 5 Svar på remiss", "5. Title", "3\.  Kommunbudget …", "§ 5 Title" is a protocol, not an agenda
_ITEM = re.compile(rf"^(?:[-*•]\s*)?(?:(?:Ärende|Punkt)\s+)?{_NUM}:?\s+(?P<title>[A-ZÅÄÖ\"“'(].{{2,300}})$")
# "2024-00717": registers pad the serial with zeros; "2023-2026" is a span of years
_BARE_DASH_KEY = re.compile(r"(?<![\w/-])((?:19|20)\d{2})-(0\d{2,5})(?![\d-])")
_KIND_WORDS = {
    "beslutsärenden": "beslutsärende", "beslutsärende": "beslutsärende", "ärenden för beslut": "beslutsärende",
    "beslut": "beslutsärende",
    "informationsärenden": "informationsärende", "informationsärende": "informationsärende",
    "information": "informationsärende", "informationer": "informationsärende", "anmälningsärenden": "informationsärende",
    "delgivningar": "informationsärende", "meddelanden": "informationsärende", "ärenden för information": "informationsärende",
    "anmälan": "informationsärende",
}
# Agenda tables name their columns; these hold the item's own case number.
_KEY_COLUMN = re.compile(r"^(?:Beteckning|Dnr|Diarienr|Diarienummer|Ärendenummer|Ärendenr|Ärende\s*nr)\.?$", re.I)
_TITLE_COLUMN = re.compile(r"^(?:Ärende|Ärenden|Rubrik|Ärendemening|Ämne)$", re.I)
# Lines inside a title cell that are no longer title: time slots and presenters follow them.
_TIME_SLOT = re.compile(r"^(?:kl\.?\s*)?\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?$")
_PROPOSAL_START = re.compile(r"\s*\b(?:Förslag till beslut|Beslutsförslag)\b.*$", re.I)
_SEP_ROW = re.compile(r"^\|?\s*:?-{3,}")
# A bare "2021/117" in an agenda line is the Dnr column's value; "2020/2021" or "2023/24" is a span of years.
_BARE_SLASH_KEY = re.compile(r"(?<![\w/.:-])((?:19|20)\d{2})/(\d{1,5})(?![\w/]|[.,]\d)")
# Headings that open the list of items inside a flattened page ("… Föredragningslista Ärende 1 Upprop …").
_LIST_HEAD = re.compile(r"(?:Föredragningslista|FÖREDRAGNINGSLISTA|Dagordning|DAGORDNING|Ärendelista|ÄRENDELISTA|ÄRENDEN|Ärenden"
                        r"|Allmänna ärenden|Beslutsärenden|Informationsärenden)(?:\s*(?:Ärende|Ärenden)?(?:\s*/\s*Föredragande)?(?:\s+Dnr)?)?\b")
# A page's running head, not an item: "1 KALLELSE Social- och omvårdnadsnämnden", "2 SOCIALFÖRVALTNINGEN".
_PAGE_HEAD = re.compile(r"^(?:KALLELSE|FÖREDRAGNINGSLISTA|DAGORDNING|PROTOKOLL|SAMMANTRÄDESPROTOKOLL|TJÄNSTESKRIVELSE|"
                        r"[A-ZÅÄÖ]+(?:FÖRVALTNINGEN|KONTORET|NÄMNDEN|STYRELSEN))\b|^\(\d+\)")
# Letterhead and footer text that a flattened page runs into after its last item.
_FOOTER = re.compile(r"\s(?:Postadress|Besöksadress|Tel(?:efon)?\s*:|E-post|www\.|Org\.?\s?nr|Sida\s+\d+\s+av)", re.I)
_PRESENTER_NAME = r"[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?(?:\s[A-ZÅÄÖ]\.?)?\s[A-ZÅÄÖ][a-zåäöéü]+(?:[A-ZÅÄÖ][a-zåäöéü]+)?(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
_PRESENTER_HEADER = re.compile(r"(?:Ärende|Ärenden|Rubrik)\s*/?\s*(?:Dnr\s*/?\s*)?Föredragande|Föredragande\s*/?\s*Dnr\b|^\s*Föredragande\s*$", re.I)
# "… skolskjuts Leif Henriksson", "… Eslöv Catharina Pålsson, Anna Frank", "… Cecilia Palmqvist och Louice MacDonald"
_TRAILING_PRESENTERS = re.compile(rf"\s+{_PRESENTER_NAME}(?:\s*(?:,|och)\s*{_PRESENTER_NAME})*\s*$")
_COL_GAP = re.compile(r"\S(\s{2,})\S")
# An HTML list rendered to text puts its own counter before the item's number: "1. 12. Detaljplan …"
_BARE_NUMBER = re.compile(r"\d{1,3}\.?")
_COUNTER_RESTART = re.compile(r"^\s*\d{1,3}[.)]\s+(?=\d{1,3}(?:\\?\.|\))?:?\s+[A-ZÅÄÖ\"“'(])")
# A kungörelse announces the meeting in a sentence and may list the items as bare lines under it.
_ANNOUNCEMENT = re.compile(r"\b(?:sammanträder|sammankallas)\b", re.I)
_UNNUMBERED_STOP = re.compile(r"^(?:Ordförande|Sekreterare|Ledamot|Ledamöter|Ersättare|Allmänheten|Sammanträdet|Handlingar(?:na)?|"
                              r"Välkomna?|Hälsningar|Med vänlig|OBS|Anmäl|Förhinder|Upplysningar|Kungörelsen|Kallelsen|Mötet)\b", re.I)


def _keys(fragment: str) -> list[str]:
    keys = [c.key for c in find_case_numbers(" " + fragment + " ")]
    # Agenda tables often drop the body in their Beteckning column: "2024-00717".
    for m in _BARE_DASH_KEY.finditer(fragment):
        k = make_key(None, m[1], m[2])
        if not any(x.endswith(f" {int(m[1])}/{int(m[2])}") for x in keys):
            keys.append(k)
    return list(dict.fromkeys(keys))


def _bare_keys(title: str) -> tuple[list[str], str]:
    """Keys of bare year/serial numbers in an agenda title (a Dnr column read into the line) and the
    title without them."""
    keys: list[str] = []
    for m in _BARE_SLASH_KEY.finditer(title):
        year, serial = int(m[1]), int(m[2])
        if serial in (year + 1, (year + 1) % 100, year % 100 + 1) or serial == year:
            continue
        keys.append(make_key(None, year, serial))
    if not keys:
        return [], title
    def drop(m: re.Match) -> str:
        year, serial = int(m[1]), int(m[2])
        return m.group(0) if serial in (year + 1, (year + 1) % 100, year % 100 + 1) or serial == year else " "
    return keys, _BARE_SLASH_KEY.sub(drop, title)


def _tidy_title(title: str, presenters: bool) -> tuple[str, list[str]]:
    """An item title as printed, without the columns a text layer ran into it: Dnr values, presenters
    (when the list has a Föredragande column), sub-items "a) …" and the page footer."""
    f = _FOOTER.search(title)
    if f:
        title = title[: f.start()]
        # "… Lysekils kommun, Lysekil" directly before the footer's address is letterhead
        title = re.sub(r"\s+[A-ZÅÄÖ][\wåäö-]+\s+kommun(?:,\s*[A-ZÅÄÖ][\wåäö-]+)?\s*$", "", title)
        # "… delegationsbeslut Kommunstyrelsen Postadress …": the footer opens with the body's name
        title = re.sub(r"\s+(?:[A-ZÅÄÖ][\wåäö]*-\s+och\s+)?[A-ZÅÄÖ][\wåäö-]*(?:nämnden|styrelsen|förvaltningen|kontoret|fullmäktige)\s*$", "", title)
    sub = re.search(r"\s[a-z]\)\s", title)
    if sub:
        title = title[: sub.start()]
    keys = _keys(title)
    for c in reversed(find_case_numbers(" " + title + " ")):
        title = title[: max(0, c.start - 1)] + " " + title[c.end - 1 :]
    bare, title = _bare_keys(title)
    keys += [k for k in bare if k not in keys]
    # the Dnr column's header or an empty Dnr cell read into the line
    title = re.sub(r"(?:^|\s)(?:Dnr|Diarienummer|Diarienr)\.?:?(?=\s|$)", " ", title)
    title = collapse(title).strip(" -–,;|")
    if presenters:
        stripped = _TRAILING_PRESENTERS.sub("", title)
        if len(stripped) >= 3:
            title = stripped
    return title, keys


def _inline_items(text: str, expected: int) -> list[tuple[int, int, int]]:
    """(number, start, end) of the items run together in one flattened line ("1. Genomgång av
    föregående protokoll 2. Muntliga föredragningar 3. …"): numbers are read in sequence, each item
    ends where the next begins. The list starts after a list heading when the line has one."""
    heads = list(_LIST_HEAD.finditer(text))
    pos = heads[-1].end() if heads else 0
    found: list[tuple[int, int]] = []
    n = expected
    while True:
        m = re.compile(rf"(?:(?<=\s)|^){n}(?:\.|\))?\s+(?=[A-ZÅÄÖ\"“'(])").search(text, pos)
        # a list item follows its predecessor closely; a number far on is prose or another list
        if m is None or m.start() - pos > (400 if found else 300):
            break
        if not found and _PAGE_HEAD.match(text[m.end() :]):
            pos = m.end()
            continue
        found.append((n, m.start()))
        pos, n = m.end(), n + 1
    if not found or (len(found) < 2 and not heads and expected == 1):
        return []
    ends = [s for _n, s in found[1:]] + [len(text)]
    return [(num, s, e) for (num, s), e in zip(found, ends)]


def _keys_below(following: list[Line]) -> list[str]:
    """Web agendas put the item's number on a line of its own under the title: "Diarienummer 2023/BUN 0214"."""
    for ln in following:
        c = clean_line(ln.text)
        if re.match(r"^(?:Diarienummer|Diarienr|Dnr|Ärendenummer|Beteckning)\b", c, re.I):
            return _keys(c)
        found = find_case_numbers(" " + c + " ")
        if len(found) == 1 and len(c) - len(found[0].raw) <= 3:
            return [found[0].key]  # the number alone on the line under the title
        if _ITEM.match(c):
            break
    return []


def _kind_of(text: str) -> str | None:
    return _KIND_WORDS.get(clean_line(text).rstrip(":").strip().lower())


def _cells(row: str) -> list[str]:
    s = row.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", s)]


def _join_wrapped(parts: list[str]) -> str:
    """Lines of a wrapped cell as one title: "Individ-" + "och" keeps the space, "AI-" + "kommissionens" not."""
    out = ""
    for p in parts:
        if not out:
            out = p
        elif out.endswith("-") and p[:1].islower() and not re.match(r"^(?:och|eller|samt)\b", p):
            out += p
        else:
            out += " " + p
    return out


def _title_from_cell(cell: str) -> str:
    cell = re.sub(r"<(i|em)>.*?</\1>", "", cell, flags=re.S)  # editorial notes: "<i>-handlingarna dukas</i>"
    parts = [clean_line(re.sub(r"<[^>]+>", "", p)) for p in re.split(r"<br\s*/?>", cell)]
    kept: list[str] = []
    for p in parts:
        if not p:
            continue
        if _TIME_SLOT.match(p) or re.match(r"^(?:Förslag till beslut|Beslutsförslag)\b", p, re.I):
            break
        kept.append(p)
    return collapse(_join_wrapped(kept)).strip(" |")


def _number_cell(cell: str) -> re.Match | None:
    return re.fullmatch(rf"{_NUM}", clean_line(cell).replace(" ", "")) if cell else None


class _Table:
    """Column roles of the markdown table being read (header rows repeat on every page)."""

    def __init__(self) -> None:
        self.key_col: int | None = None
        self.title_col: int | None = None

    def header(self, cells: list[str]) -> bool:
        names = [clean_line(c) for c in cells]
        key = next((i for i, c in enumerate(names) if _KEY_COLUMN.match(c)), None)
        title = next((i for i, c in enumerate(names) if _TITLE_COLUMN.match(c)), None)
        if key is None and title is None:
            return False
        self.key_col, self.title_col = key, title
        return True


def _table_item(cells: list[str], table: _Table) -> tuple[int, str, str, str, list[str]] | None:
    """(number, range text, title, key text, proposal lines) of a table row that is an agenda item."""
    filled = [(i, c) for i, c in enumerate(cells) if clean_line(re.sub(r"<[^>]+>", "", c))]
    if not filled:
        return None
    i0, first = filled[0]
    nm = _number_cell(first)
    if nm:  # the number has a cell of its own; the title is the next filled cell
        rest = [(i, c) for i, c in filled[1:]]
        if not rest:
            return None
        ti, tcell = rest[0]
        if table.title_col is not None and table.title_col > i0:
            tcell = cells[table.title_col] if table.title_col < len(cells) else tcell
            ti = table.title_col
    else:
        m = re.match(rf"^\s*(?:\*\*)?{_NUM}\s+(?P<title>.+)$", first, re.S)
        if not m or not re.match(r"[A-ZÅÄÖ\"“'(<]", m["title"].lstrip("* ")):
            return None
        nm, ti, tcell = m, i0, m["title"]
    others = [c for i, c in enumerate(cells) if i != ti and i != i0]
    if table.key_col is not None and table.key_col < len(cells) and table.key_col not in (ti, i0):
        key_text = cells[table.key_col]
    else:
        key_text = " ".join(c for c in others if len(clean_line(c)) < 40)
    return int(nm["num"]), nm["range"] or "", tcell, key_text, _cell_proposals(others)


def _cell_proposals(cells: list[str]) -> list[str]:
    """The att-satser of a Förslag column: headings dropped, wrapped lines joined, one per sentence."""
    out: list[str] = []
    for c in cells:
        if not re.search(r"Förslag till beslut|Beslutsförslag", c, re.I):
            continue
        parts = [clean_line(re.sub(r"<[^>]+>", "", p)) for p in re.split(r"<br\s*/?>", c)]
        parts = [p for p in parts if p and not re.match(r"^(?:Förslag till beslut|Beslutsförslag)\b", p, re.I)]
        joined = collapse(_join_wrapped(parts))
        out += [s for s in re.split(r"(?<=[.!])\s+(?=[A-ZÅÄÖ])", joined) if s]
    return out


def _layout_title(line: Line, following: list[Line], title: str) -> tuple[str, str, bool]:
    """Title and key text of a layout line "3.  Kommunbudget 2026, plan 2024-00717 Förslag …",
    continued in the left column of the next lines ("2027–2028      Kommunfullmäktige …")."""
    key_text = ""
    cut = len(title)
    found = [c.start for c in find_case_numbers(" " + title + " ")]
    dash = _BARE_DASH_KEY.search(title)
    starts = [s - 1 for s in found] + ([dash.start()] if dash else [])
    if starts:
        cut = min(starts)
        key_text = title[cut:]
    gap = re.search(r"\s{2,}", title)
    if gap and gap.start() < cut:
        key_text = title[gap.start():] if not key_text else key_text
        cut = gap.start()
    had_columns = bool(starts or gap or _PROPOSAL_START.search(title[cut:]))
    head = _PROPOSAL_START.sub("", title[:cut]).strip(" |")
    if starts and not re.sub(r"(?i)^(?:dnr|diarienr|diarienummer)\.?:?", "", head).strip():
        # "2.  Dnr KS 2023/45 Budget 2024": the number comes first, the title after it
        first = min(found) - 1 if found and min(found) - 1 == cut else None
        after = find_case_numbers(" " + title + " ")[0].end - 1 if first is not None else (dash.end() if dash else cut)
        rest = title[after:]
        gap2 = re.search(r"\s{2,}", rest.strip())
        head = (rest.strip()[: gap2.start()] if gap2 else rest.strip()).strip(" |")
        head = _PROPOSAL_START.sub("", head).strip()
        key_text = title[cut:after]
    pieced = False  # the title was joined from several layout lines: shown as less certain
    title_col = len(line.text) - len(line.text.lstrip()) + line.text.lstrip().find(title.strip()[:10]) if title.strip() else -1
    # A layout title wraps into the left column of the following lines while the right column
    # goes on with other text; only lines split in two columns can be continuations.
    if had_columns and not head.endswith((".", ":")):
        for ln in following[:3]:
            if ln.blank_before:
                break
            raw = ln.text.replace("\\", "")
            indent = len(raw) - len(raw.lstrip())
            m = _COL_GAP.search(raw.strip())
            if m:
                left = raw.strip()[: m.start() + 1].strip()
            elif indent >= 2 and abs(indent - title_col) <= 2 and raw.strip()[:1].islower():
                # pdftotext -layout: the wrapped title is indented to the title's column
                left = raw.strip()
            else:
                break
            if _TIME_SLOT.match(left) or len(left) > 60 or _ITEM.match(clean_line(raw)) or re.fullmatch(r"\d{1,3}[.)]?", left):
                break
            head = _join_wrapped([head, left])
            pieced = True
    return collapse(head), key_text, pieced


def parse_agenda(text: str, lines: list[Line], page_at, limit_chars: int | None = None) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    kind = None
    expected = 1
    table = _Table()
    # a Föredragande column (its header beside Ärende or Dnr) puts the presenters' names after each title
    presenters = any(_PRESENTER_HEADER.search(ln.text) for ln in lines[:400] if "redragande" in ln.text)
    for idx, ln in enumerate(lines):
        if limit_chars is not None and ln.start > limit_chars:
            break
        raw = ln.text.strip()
        proposal: list[str] = []
        confidence = 0.9
        if raw.startswith("|"):
            if _SEP_ROW.match(raw):
                continue
            cells = _cells(raw)
            if table.header(cells):
                continue
            filled = [c for c in cells if clean_line(re.sub(r"<[^>]+>", "", c))]
            if len(filled) == 1 and _kind_of(filled[0]):
                kind = _kind_of(filled[0])
                continue
            row = _table_item(cells, table)
            if row is None:
                continue
            num, rng, title_cell, key_text, proposal = row
            title = _title_from_cell(title_cell)
            # numbers in the title are cited; the Beteckning column holds the item's own
            keys = _keys(re.sub(r"<[^>]+>", " ", key_text)) or _keys(re.sub(r"<[^>]+>", " ", title_cell))
        else:
            if _COUNTER_RESTART.match(raw):
                raw = _COUNTER_RESTART.sub("", raw, count=1)
            c = clean_line(raw)
            if _kind_of(c):
                kind = _kind_of(c)
                continue
            # a flattened page, or a line holding two items ("3 Bidrag 2019/17 4 Delårsrapport …")
            # a flattened page, a line holding two items ("3 Bidrag 2019/17 4 Delårsrapport …"), or an
            # item after the page number that opens a page ("2 5 Information om …")
            if "|" not in raw and (len(raw) > 150 or f" {expected + 1}" in raw or re.match(rf"\d{{1,3}}\s+{expected}\b", raw)):
                inline = _inline_items(ln.text, expected)
                if len(raw) <= 150 and len(inline) < 2 and not (inline and re.fullmatch(r"\s*\d{1,3}\s+", ln.text[: inline[0][1]])):
                    inline = []
                if inline:
                    for num, s, e in inline:
                        body = re.sub(r"^\d{1,3}[.)]?\s+", "", ln.text[s:e])
                        title, keys = _tidy_title(body, presenters)
                        if title and not _PAGE_HEAD.match(title):
                            items.append(AgendaItem(number=num, title=title, case_keys=keys, kind=kind, proposals=[], confidence=0.6,
                                                    span=Span(char_start=ln.start + s, char_end=ln.start + e, page=page_at(ln.start + s))))
                        expected = num + 1
                    continue
            if _BARE_NUMBER.fullmatch(c) and int(c.rstrip(".")) == expected and not ln.page_break_before:
                # web agendas put the number on a line of its own and the title under it
                nxt_i = next((k for k in range(idx + 1, min(idx + 3, len(lines))) if clean_line(lines[k].text)), None)
                nc = clean_line(lines[nxt_i].text) if nxt_i is not None else ""
                if re.match(r"[A-ZÅÄÖ\"“'(]", nc) and len(nc) >= 3 and not _PAGE_HEAD.match(nc) and not _kind_of(nc):
                    title, keys = _tidy_title(nc, presenters)
                    below = []
                    for x in lines[nxt_i + 1 : nxt_i + 3]:
                        if _BARE_NUMBER.fullmatch(clean_line(x.text)):
                            break  # the next item's number
                        below.append(x)
                    keys = keys or _keys_below(below)
                    if title:
                        items.append(AgendaItem(number=expected, title=title, case_keys=keys, kind=kind, proposals=[], confidence=0.7,
                                                span=Span(char_start=ln.start, char_end=lines[nxt_i].end, page=page_at(ln.start))))
                        expected += 1
                    continue
            m = _ITEM.match(c)
            if not m or _PAGE_HEAD.match(m["title"]):
                continue
            num, rng = int(m["num"]), m["range"] or ""
            body = re.sub(r"^[-*•]?\s*(?:(?:Ärende|Punkt)\s+)?\d{1,3}(?:\.?\s?[-–]\s?\d{1,3})?(?:\\?\.|\))?:?\s+", "", raw.lstrip("#> ").replace("**", ""), count=1)
            title, key_text, pieced = _layout_title(ln, lines[idx + 1 :], body.replace("\\", ""))
            confidence = 0.65 if pieced else 0.9
            keys = _keys(key_text) or _keys(title) or _bare_keys(key_text)[0]
            title = collapse(re.sub(r"<[^>]+>", "", title))
            # what stood before a cut-off case number: "Budget 2021, Dnr", "Budget 2021 ("
            title = re.sub(r"[\s,;(–-]*(?:\b(?:Dnr|Diarienummer|Diarienr)\.?:?)?[\s,;(–-]*$", "", title) if keys else title
            bare, title = _bare_keys(title)
            keys += [k for k in bare if k not in keys]
            title = collapse(title).strip(" -–,;|")
            if presenters:
                title, _k = _tidy_title(title, True)
            if not keys:
                keys = _keys_below(lines[idx + 1 : idx + 3])
        # Numbers must run in order (allowing ranges like "5.-18."); this rejects stray numbered lines.
        if num < expected or num > expected + 20 or not title:
            continue
        items.append(AgendaItem(number=num, title=title, case_keys=keys, kind=kind, proposals=proposal, confidence=confidence,
                                span=Span(char_start=ln.start, char_end=ln.end, page=page_at(ln.start))))
        rm = re.search(r"(\d{1,3})\D*$", rng)
        expected = (int(rm.group(1)) if rm else num) + 1
    if not items:
        items = _unnumbered_items(lines, page_at)
    return items


def _unnumbered_items(lines: list[Line], page_at) -> list[AgendaItem]:
    """Items of a kungörelse listed as bare lines under the sentence announcing the meeting,
    numbered in order; the list ends at the signature, a closing note or running prose."""
    from nlp.people import NAME

    start = next((i for i, ln in enumerate(lines[:15]) if _ANNOUNCEMENT.search(ln.text)), None)
    if start is None:
        return []
    items: list[AgendaItem] = []
    for k, ln in enumerate(lines[start + 1 : start + 80], start + 1):
        c = clean_line(ln.text)
        if not c or _LIST_HEAD.fullmatch(c) or c.endswith(":") and len(c) < 40:
            continue
        nxt = clean_line(lines[k + 1].text) if k + 1 < len(lines) else ""
        if (_UNNUMBERED_STOP.match(c) or _FOOTER.search(" " + c) or (NAME.fullmatch(c) and (not nxt or _UNNUMBERED_STOP.match(nxt)))
                or (c.endswith(".") and len(c.split()) > 10) or len(c) > 200 or not re.match(r"[A-ZÅÄÖ\"“'(]", c)):
            break
        title, keys = _tidy_title(c, False)
        if title:
            items.append(AgendaItem(number=len(items) + 1, title=title, case_keys=keys, kind=None, proposals=[], confidence=0.55,
                                    span=Span(char_start=ln.start, char_end=ln.end, page=page_at(ln.start))))
    return items if len(items) >= 2 else []
