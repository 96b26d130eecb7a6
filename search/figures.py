"""Labelled key figures in report text and tables, each attributed to the year it describes.

A report gives figures for more than its own year ("2023 inkom 35 rapporter enligt lex Sarah och
under 2022 inkom 49"), so every figure takes its year from the words around it: the nearest year
in the same sentence, else a year in the table caption or section heading, else the report's own
period. `year_source` says which ("mening", "tabell", "rubrik", "rapport") so a reader can judge.

Three sources:
- money in running text, found by `nlp.references.find_money` (the same extraction the records
  use), classified as budget / prognos / avvikelse / utfall by the words of its sentence;
- counts in running text ("22 stycken rapporter enligt lex Sarah", "37 klagomål"), named by a
  small vocabulary of what municipal reports count; the kind may come from the section heading
  ("lex Sarah" above "23 händelser har rapporterats"), which is weaker evidence (`explicit=False`);
- table rows (tab-, pipe- or markdown-separated): each number under a column named Budget,
  Utfall, Avvikelse, Prognos … or under a year, with the row label and the caption's unit.

Offsets are relative to the text given; callers add the text's position in the file.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from nlp.references import find_money, parse_amount

_YEAR = re.compile(r"(?<![\d/:.\-–])(?:19[5-9]\d|20[0-4]\d)(?![\d:/]|\s?-\s?\d{2}-)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])|\n\s*\n|\n(?=\s*[-•*]\s)")
_TAGS = re.compile(r"<[^>]+>|\*\*|__|(?<!\w)\*|\*(?!\w)")
_NUMBER_CELL = re.compile(r"^[-−–+]?\s?\d{1,3}(?:[  ]\d{3})*(?:[.,]\d+)?$|^[-−–+]?\d+(?:[.,]\d+)?$")

# What municipal reports count, and the nouns that carry the count.
_COUNT_NOUNS = (
    r"lex\s+Sarah-rapporter|lex\s+Maria-anmälningar|rapporter|rapporteringar|händelser|anmälningar|klagomål|"
    r"synpunkter|avvikelser|avvikelserapporter|ärenden|beslut|personer"
)
_COUNT = re.compile(
    rf"(?<![\d,.§/:])(?P<n>\d{{1,3}}(?:[  ]\d{{3}})+|\d+)\s+(?:st(?:ycken|\.)?\s+)?"
    rf"(?:(?:nya|inkomna|allvarliga|stycken|gynnande)\s+)?(?P<noun>{_COUNT_NOUNS})\b",
    re.I,
)
# "2023 rapporterades 379 stycken": what is counted is named earlier in the sentence or in the heading.
_COUNT_STYCKEN = re.compile(r"(?<![\d,.§/:])(?P<n>\d{1,3}(?:[  ]\d{3})+|\d+)\s+(?P<noun>stycken)\b", re.I)
# "lex Sarah-rapporter (35 stycken)"
_COUNT_PAREN = re.compile(rf"(?P<noun>{_COUNT_NOUNS})[^()\n]{{0,40}}\((?P<n>\d+)\s+st(?:ycken|\.)?\)", re.I)

# kind -> (pattern in the sentence or heading, nouns that may carry it)
COUNT_KINDS: list[tuple[str, re.Pattern, tuple[str, ...]]] = [
    ("lex Sarah-rapporter", re.compile(r"lex\s+sarah", re.I), ("rapport", "händelse", "anmälning", "lex")),
    ("lex Maria-anmälningar", re.compile(r"lex\s+maria", re.I), ("anmälning", "händelse", "rapport", "lex")),
    ("ej verkställda beslut", re.compile(r"\b(?:ej|inte|icke)\s+(?:har\s+)?verkställ", re.I), ("beslut", "ärende", "person")),
    ("klagomål", re.compile(r"klagomål", re.I), ("klagomål",)),
    ("synpunkter", re.compile(r"synpunkter", re.I), ("synpunkt",)),
    ("avvikelser", re.compile(r"avvikelse", re.I), ("avvikelse", "rapport", "händelse")),
]

# Money kinds by the words of the sentence, strongest first: a "prognostiserat underskott" is
# first of all a deviation from budget.
MONEY_KINDS: list[tuple[str, re.Pattern]] = [
    ("avvikelse", re.compile(r"underskott|överskott|avvikelse|avviker|budgetavvikelse|obalans", re.I)),
    ("prognos", re.compile(r"prognos", re.I)),
    ("budget", re.compile(r"budget|\bram(?:en)?\b|anslag", re.I)),
    ("utfall", re.compile(r"utfall|bokslut|resultat|kostnad", re.I)),
]
TABLE_COLUMNS = {
    "budget": "budget", "utfall": "utfall", "avvikelse": "avvikelse", "prognos": "prognos", "bokslut": "utfall",
    "differens": "avvikelse", "skillnad": "avvikelse", "resultat": "utfall", "antal": "antal",
}
TOTAL_ROW = re.compile(r"^(?:summa|totalt|total|resultat|netto|budgetram)\b", re.I)
_UNIT = re.compile(r"\b(tkr|mnkr|mkr|Mkr|miljoner kronor|tusen kronor|kronor|kr)\b", re.I)
_UNIT_SEK = {"tkr": 1e3, "tusen kronor": 1e3, "mnkr": 1e6, "mkr": 1e6, "miljoner kronor": 1e6, "kronor": 1.0, "kr": 1.0}


@dataclass
class Figure:
    kind: str  # budget | prognos | avvikelse | utfall | antal | "lex Sarah-rapporter" | … | belopp
    label: str  # the words or the table row that say what the number is
    value: float
    unit: str  # tkr | mnkr | kr | st
    year: int | None
    year_source: str  # mening | tabell | rubrik | rapport
    raw: str
    char_start: int
    char_end: int
    source: str  # text | table
    explicit: bool = True  # the kind is named next to the number, not only in the heading
    sek: float | None = None
    total: bool = False  # a table's total row (Summa, Totalt) or a sentence about the whole body

    def to_dict(self) -> dict:
        return asdict(self)


_YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s?[-–]\s?((?:19|20)\d\d)\b")


def _years(text: str) -> list[tuple[int, int]]:
    found = {m.start(): int(m.group(0)) for m in _YEAR.finditer(text)}
    for m in _YEAR_RANGE.finditer(text):  # "2022-2023": both ends are years
        found.setdefault(m.start(2), int(m.group(2)))
    return sorted(found.items())


def _nearest_year(text: str, start: int, end: int) -> int | None:
    best: tuple[int, int] | None = None
    for pos, y in _years(text):
        if start <= pos < end:
            continue  # the figure itself
        d = start - pos if pos < start else pos - end
        if best is None or d < best[0]:
            best = (d, y)
    return best[1] if best else None


_CLAUSE_BREAK = re.compile(r",\s|;\s|\s(?:och|samt|medan|men|vilket|varav)\s|[()]")


def _clause(sentence: str, offset: int) -> tuple[int, int]:
    """(start, end) of the clause around `offset`: commas, "och", parentheses part clauses."""
    start, end = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= offset:
            start = m.end()
        elif m.start() >= offset:
            end = m.start()
            break
    return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; list items and blank lines end a sentence too."""
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if e > s]


def _sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= offset < e:
            return s, e
    return max(0, offset - 200), offset + 200


def _count_kind(sentence: str, heading: str, noun: str) -> tuple[str | None, bool]:
    noun = noun.casefold()
    for kind, pat, nouns in COUNT_KINDS:
        if noun != "stycken" and not any(noun.startswith(n) or n in noun for n in nouns):
            continue
        if pat.search(sentence) or pat.search(noun):
            return kind, True
        if heading and pat.search(heading):
            return kind, False
    return None, False


def text_figures(text: str, *, heading: str = "", default_year: int | None = None) -> list[Figure]:
    """Money and counts in running text, each with kind, label and year."""
    spans = sentences(text)
    head_year = _years(heading)[-1][1] if _years(heading) else None
    out: list[Figure] = []

    def year_for(s: int, e: int, ss: int, se: int) -> tuple[int | None, str]:
        # The year of the figure's own clause; else one said before it in the sentence ("Under
        # 2022 inkom 49 rapporter, varav 9 …"); a year in a later clause belongs to that clause.
        sent = text[ss:se]
        cs, ce = _clause(sent, s - ss)
        y = _nearest_year(sent[cs:ce], s - ss - cs, e - ss - cs)
        if y is None:
            # A year in brackets ("(22 stycken 2023)") speaks for its bracket only.
            outside = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), sent[:cs])
            before = [yr for pos, yr in _years(outside)]
            y = before[-1] if before else None
        if y is not None:
            return y, "mening"
        if head_year is not None:
            return head_year, "rubrik"
        return default_year, "rapport"

    for m in find_money(text):
        before = text[max(0, m.start - 5):m.start]
        if re.fullmatch(r"(?:19|20)\d\d", m.raw.split()[0].lstrip("-−–")) and re.search(r"\d\s?$", before):
            continue  # the second year of a range ("2022-2023 tkr"), not an amount
        ss, se = _sentence_at(spans, m.start)
        sentence = text[ss:se]
        kind = next((k for k, pat in MONEY_KINDS if pat.search(sentence)), "belopp")
        year, ysrc = year_for(m.start, m.end, ss, se)
        label = m.value.get("label") or " ".join(sentence.split())[:80]
        out.append(Figure(kind=kind, label=label, value=m.value["amount"], unit=m.value["unit"], year=year,
                          year_source=ysrc, raw=m.raw, char_start=m.start, char_end=m.end, source="text",
                          sek=m.value.get("sek"), total=bool(re.search(r"nämndens?\b|styrelsens?\b|\btotalt\b|sammantagen|sammanlagd|hela förvaltningen", sentence, re.I))))
    seen: set[int] = set()
    for pat in (_COUNT, _COUNT_PAREN, _COUNT_STYCKEN):
        for m in pat.finditer(text):
            if m.start("n") in seen:
                continue
            ss, se = _sentence_at(spans, m.start())
            sentence = text[ss:se]
            kind, explicit = _count_kind(sentence, heading, m.group("noun"))
            if kind is None:
                continue
            try:
                value = parse_amount(m.group("n"))
            except ValueError:
                continue
            if 1900 <= value <= 2100 and not m.group("n").strip().startswith("0"):
                continue  # "2023 inkom …" — a year, not a count
            seen.add(m.start("n"))
            year, ysrc = year_for(m.start("n"), m.end("n"), ss, se)
            out.append(Figure(kind=kind, label=" ".join(sentence.split())[:120], value=value, unit="st", year=year,
                              year_source=ysrc, raw=" ".join(m.group(0).split()), char_start=m.start(), char_end=m.end(),
                              source="text", explicit=explicit))
    return sorted(out, key=lambda f: f.char_start)


# -- tables -----------------------------------------------------------------------------------------

def _cells(line: str) -> list[str] | None:
    s = line.strip()
    if "\t" in s:
        parts = s.split("\t")
    elif s.startswith("|") and s.count("|") >= 2:
        parts = s.strip("|").split("|")
    else:
        return None
    cells = [" ".join(_TAGS.sub("", c).split()) for c in parts]
    while cells and not cells[-1]:
        cells.pop()
    if cells and all(set(c) <= set("-: ") for c in cells):
        return []  # markdown separator row
    return cells


def _is_number(cell: str) -> bool:
    return bool(_NUMBER_CELL.match(cell.replace("\u00a0", " ")))


def _column_kind(cell: str) -> tuple[str | None, int | None]:
    """(kind, year) a header cell names: "Budget" → budget; "2023 Budget" → budget, 2023; "2022" → None, 2022."""
    low = cell.casefold()
    kind = next((v for k, v in TABLE_COLUMNS.items() if k in low), None)
    ys = _years(cell)
    return kind, (ys[0][1] if ys else None)


def table_figures(text: str, *, heading: str = "", default_year: int | None = None) -> list[Figure]:
    """Numbers in tab/pipe tables under labelled columns, with row label, unit and year."""
    out: list[Figure] = []
    lines = text.split("\n")
    offsets, pos = [], 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    header: list[tuple[str | None, int | None]] | None = None
    caption_unit, caption_year, caption = None, None, ""
    blank_run = 0
    for i, ln in enumerate(lines):
        cells = _cells(ln)
        if cells is None:
            if ln.strip():
                blank_run = 0
                # A plain line right above a table is its caption ("Driftredovisning, tkr").
                header = None
                caption = " ".join(_TAGS.sub("", ln).split())
                u = _UNIT.search(caption)
                caption_unit = u.group(1) if u else None
                ys = _years(caption)
                caption_year = ys[-1][1] if ys else None
            else:
                blank_run += 1
                if blank_run >= 2:
                    header = None
            continue
        blank_run = 0
        if not cells:
            continue
        nums = [c for c in cells[1:] if _is_number(c)]
        kinds = [_column_kind(c) for c in cells]
        only_years = bool(nums) and all(re.fullmatch(r"(?:19|20)\d\d", c.strip()) for c in nums)
        if not nums or only_years:
            # A caption row ("Driftredovisning, tkr | 2022") or a header row ("Verksamhet | Budget | Utfall",
            # "| 2019 | 2020 | 2021").
            u = _UNIT.search(" ".join(cells))
            if u:
                caption_unit = u.group(1)
            year_cols = [y for _, y in kinds[1:] if y]
            if any(k[0] for k in kinds[1:]) or len(year_cols) >= 2:
                header = kinds
            else:
                caption = cells[0] or caption
                ys = _years(" ".join(cells))
                if ys:
                    caption_year = ys[-1][1]
            continue
        label = cells[0].rstrip(" :")
        if not label or _is_number(label):
            continue
        unit = caption_unit or "st"
        unit_key = unit.casefold() if unit.casefold() in _UNIT_SEK else unit
        row_years = _years(label)
        is_total = bool(TOTAL_ROW.match(label))
        # Map numeric cells to header columns from the right: labels sometimes span two cells.
        cols = header[1:] if header else []
        values = [(j, c) for j, c in enumerate(cells[1:], start=1) if c]
        if header and len(values) <= len(cols):
            aligned = list(zip(cols[len(cols) - len(values):], values))
        elif not header and len(nums) == 1:
            aligned = [((None, None), values[-1])]
        else:
            continue
        line_start = offsets[i]
        for (kind, col_year), (j, c) in aligned:
            if not _is_number(c):
                continue
            try:
                value = parse_amount(c)
            except ValueError:
                continue
            if kind is None and col_year is None and header:
                continue
            if col_year is not None:
                year, ysrc = col_year, "tabell"
            elif row_years:
                year, ysrc = row_years[-1][1], "tabell"
            elif caption_year is not None:
                year, ysrc = caption_year, "tabell"
            elif _years(heading):
                year, ysrc = _years(heading)[-1][1], "rubrik"
            else:
                year, ysrc = default_year, "rapport"
            fig_kind = kind or "antal"
            if kind is None and unit != "st":
                words = f"{label} {caption}"
                fig_kind = next((k for k, pat in MONEY_KINDS if pat.search(words)), "belopp")
            elif fig_kind == "antal" or unit == "st":
                # The caption or heading names what is counted ("lex Sarah januari till december 2022").
                named_kind, _ = _count_kind(f"{caption} {label}", heading, "rapporter" if "rapport" in label.casefold() else label)
                fig_kind = named_kind or (kind or "antal")
            col_start = ln.find(c)
            start = line_start + (col_start if col_start >= 0 else 0)
            out.append(Figure(
                kind=fig_kind, label=label, value=value, unit=unit if unit != "st" else "st", year=year, year_source=ysrc,
                raw=f"{label}: {c}" + (f" {unit}" if unit != "st" else ""), char_start=start,
                char_end=start + len(c) if col_start >= 0 else line_start + len(ln), source="table",
                sek=value * _UNIT_SEK[unit_key] if unit_key in _UNIT_SEK else None, total=is_total,
            ))
    return out


def find_figures(text: str, *, heading: str = "", default_year: int | None = None) -> list[Figure]:
    """Every labelled figure in `text`: tables first where both read the same number."""
    tab = table_figures(text, heading=heading, default_year=default_year)
    taken = [(f.char_start, f.char_end) for f in tab]
    txt = [f for f in text_figures(text, heading=heading, default_year=default_year)
           if not any(s <= f.char_start < e or f.char_start <= s < f.char_end for s, e in taken)]
    return sorted(tab + txt, key=lambda f: f.char_start)


FIGURE_COLUMNS = ["kind", "label", "value", "unit", "value_mnkr", "year", "year_source", "raw", "source_kind",
                  "document_id", "source", "page", "char_start", "char_end"]
