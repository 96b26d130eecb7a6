"""Case numbers (diarienummer) in every format seen in Swedish committee papers (REQ nlp-case).

Canonical key: `<BODY> <YEAR>/<SERIAL>` — body upper-case, serial without leading zeros or
classification suffix; `?` as body where none is written. All spellings of one case share a key,
so `SN 2021/0248.03.01`, `Dnr SN 2021/248` and `SN 2021/0248` are found together.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_BODY = r"[A-ZÅÄÖ]{2,6}"
_YEAR = r"(?:19|20)\d{2}"
# Labels that introduce a document's own number; a number after one is the document's own.
LABELS = r"(?:Ärendebeteckning|Vår\s+beteckning|Er\s+beteckning|Beteckning|Diarienummer|Diarienr|Dnr|Ärendenummer|Ärende\s+nr)"

# Acronyms that take a year but are statute series, not case registers.
_NOT_BODIES = {"HFD", "MÖD", "NJA", "RÅ", "AD", "MD", "SOSFS", "SFS", "HSLF", "AFS", "SKL", "SKR", "ISO", "EU", "SOU", "DS", "PROP", "FS", "SCB", "IVO", "LSS", "SOL", "HSL", "LVU", "LVM"}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # SOCN/2018:23 - 759 (Katrineholm); the classification suffix may sit on the next line.
    ("colon", re.compile(rf"(?<![\w/])(?P<body>{_BODY})\s?/\s?(?P<year>{_YEAR}):(?P<serial>\d{{1,5}})(?![\d:])(?:[ \t]*-[ \t]*\n?[ \t]*(?P<suffix>\d{{2,4}})(?![\d-]))?")),
    # SN 2021/0248.03.01, SFN 2022/0202, KS 2018/69
    # a web text layer may glue the number to the title before it ("… för bygglovKS 2014/742.912")
    ("slash", re.compile(rf"(?<![A-ZÅÄÖ\d_/])(?P<body>{_BODY})[ \t-]?(?P<year>{_YEAR})[ \t]?/[ \t]?(?P<serial>\d{{1,5}})(?P<suffix>(?:\.\d{{1,3}}){{1,3}})?(?![\d/]|\.\d)")),
    # "Dnr Ks 2019/123", "Dnr BUN.2019.123": a body written in mixed case or with dots is read only after a label
    ("labelled_body", re.compile(rf"(?<![\w/-])(?P<body>[A-ZÅÄÖ][a-zåäöA-ZÅÄÖ]{{1,5}})[ \t.-](?P<year>{_YEAR})[/.:](?P<serial>\d{{1,5}})(?![\d/:]|\.\d)")),
    # "Ks 629/2019", "BUN 1234/2018": serial before the year; "KF 12/2019" may be a month, so a short
    # serial needs a label, and a body in mixed case too
    ("serialyear", re.compile(rf"(?<![\w/-])(?P<body>[A-ZÅÄÖ][a-zåäöA-ZÅÄÖ]{{1,5}})[ \t-]?(?P<serial>\d{{1,5}})/(?P<year>{_YEAR})(?![\d/])")),
    ("bare_serialyear", re.compile(rf"(?<=[\s:])(?P<serial>\d{{1,5}})/(?P<year>{_YEAR})(?![\d/])")),
    # 2015-05-0123, KS 2015-05-0123: year, month and a zero-padded serial (no date has a 4-digit day)
    ("yearmonth", re.compile(rf"(?<![\d/-])(?:(?P<body>{_BODY})[ \t-])?(?P<year>{_YEAR})-(?:0[1-9]|1[0-2])-(?P<serial>\d{{3,5}})(?![\d-])")),
    # KS 2025-00123, VO-2025-00354, IF-2022-00213 (serials are zero-padded; dates have 2-digit parts)
    ("dash", re.compile(rf"(?<![\w/-])(?P<body>{_BODY})[ \t-](?P<year>{_YEAR})-(?P<serial>\d{{3,6}})(?![\d-])")),
    # "Dnr KS 2019:123", "Ärende: KS 2023.0123" — without the slash these look like statute series
    # (SKOLFS 2011:123) or court cases (MÖD 2019:12), so they count only right after a label.
    ("labelled", re.compile(rf"(?<![\w/-])(?P<body>{_BODY})[ \t](?P<year>{_YEAR})[:.](?P<serial>\d{{1,5}})(?![\d:])")),
    # 2023/BUN 0214 (year, body, serial: web agendas of some registers); a classification code may follow.
    ("yearbody", re.compile(rf"(?<![\w/])(?P<year>{_YEAR})/(?P<body>{_BODY})[ \t-]?(?P<serial>\d{{1,5}})(?![\d/])")),
    # SN 18/0098, KS 09/123 (older registers print a two-digit year); "KS 15/12" could be a date, so
    # the serial must be zero-padded or three digits long unless a label stands before it.
    ("shortyear", re.compile(rf"(?<![\w/])(?P<body>{_BODY})[ \t]?(?P<yy>\d{{2}})/(?P<serial>\d{{2,5}})(?![\d/]|\.\d)")),
    # "Diarienummer: 2019-000123": registers that pad the serial print no body; only after a label
    ("bare_dash", re.compile(rf"(?<=[\s:])(?P<year>{_YEAR})-(?P<serial>\d{{3,6}})(?![\d-])")),
    # Diarienummer: 2025/55 — a bare number is a case number only right after a label.
    ("bare", re.compile(rf"(?<=[\s:])(?P<year>{_YEAR})/(?P<serial>\d{{1,5}})(?P<suffix>(?:\.\d{{1,3}}){{1,3}})?(?![\d/])")),
]
_LABEL_ONLY = {"labelled", "labelled_body", "bare_dash", "bare_serialyear", "bare"}
# a fast literal pre-scan for where a label may stand; `_label_before` decides
_LABEL_ANYWHERE = re.compile(r"(?:Dnr|dnr|DNR|Diarie|diarie|DIARIE|eteckning|ETECKNING|Ärende|ärende|ÄRENDE)")
_LABEL_BEFORE = re.compile(rf"{LABELS}\s*[.:]?\s*(?:nr\.?\s*)?$", re.I)
# IVO and other agencies: 3.2.2-29753/2022 — recorded as external references, never as keys.
_IVO = re.compile(rf"(?<![\w.])\d(?:\.\d){{1,3}}-\d{{3,7}}/{_YEAR}(?!\d)")


@dataclass(frozen=True)
class CaseNumber:
    raw: str
    key: str
    body: str | None
    year: int
    serial: int
    suffix: str | None
    start: int
    end: int
    scheme: str
    label: str | None = None
    label_at_line_start: bool = False  # "Dnr SN 2023/5" opening a header line, not "(dnr SN 2012/683)" in prose


def make_key(body: str | None, year: int | str, serial: int | str) -> str:
    return f"{(body or '?').upper()} {int(year)}/{int(serial)}"


def _full_year(yy: str) -> int:
    """A two-digit year as registers mean it: this century unless that lies in the future."""
    y = 2000 + int(yy)
    return y if y <= date.today().year + 1 else y - 100


def _label_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 40) : start].replace("*", "").replace("\\", "")
    m = _LABEL_BEFORE.search(window.rstrip(" \t|"))
    if m is None:
        m = _LABEL_BEFORE.search(window.rstrip())
    return m.group(0).strip(" :.").split()[0] if m else None


def find_case_numbers(text: str) -> list[CaseNumber]:
    """Every case number in `text`, in order, non-overlapping, with its span."""
    found: list[CaseNumber] = []
    taken: list[tuple[int, int]] = []
    # forms valid only after a label are looked for just after each label, not in the whole text
    label_ends = [m.end() for m in _LABEL_ANYWHERE.finditer(text)]
    for scheme, pattern in _PATTERNS:
        if scheme in _LABEL_ONLY:
            matches = (m for e in label_ends for m in pattern.finditer(text, e, min(len(text), e + 60)))
        else:
            matches = pattern.finditer(text)
        for m in matches:
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            body = m.groupdict().get("body")
            label = _label_before(text, s)
            if scheme in ("bare", "labelled", "labelled_body", "bare_dash", "bare_serialyear") and label is None:
                continue
            if scheme == "serialyear" and label is None and not (len(m["serial"]) >= 3 and m["body"].isupper()):
                continue
            if scheme == "shortyear" and (re.fullmatch(_YEAR, m["serial"]) or label is None and not (len(m["serial"]) >= 3 or m["serial"].startswith("0"))):
                continue  # "KF 12/2019" is a month of a year
            body = body.upper() if body else body
            if body and body in _NOT_BODIES:
                continue
            raw = text[s:e]
            at_line_start = False
            if label:
                prefix = text[text.rfind("\n", 0, s) + 1 : s]
                at_line_start = bool(re.match(rf"^[\s|*#>_\\-]*{LABELS}", prefix, re.I))
                if not at_line_start and not prefix.strip(" \t*#>|_"):
                    # "Vår beteckning  \nSOCN/2018:23": the label is the line above
                    prev = text[max(0, s - 80) : s - len(prefix)].rstrip()
                    prev_line = prev[prev.rfind("\n") + 1 :].strip(" \t*#|:\\")
                    at_line_start = bool(re.fullmatch(rf"{LABELS}\s*[.:]?(?:\s*nr\.?)?", prev_line, re.I))
            suffix = (m.groupdict().get("suffix") or "").lstrip(".") or None
            year = _full_year(m["yy"]) if scheme == "shortyear" else int(m["year"])
            found.append(CaseNumber(
                raw=re.sub(r"\s+", " ", raw), key=make_key(body, year, m["serial"]), body=body,
                year=year, serial=int(m["serial"]), suffix=suffix, start=s, end=e,
                scheme=scheme, label=label, label_at_line_start=at_line_start,
            ))
            taken.append((s, e))
    return sorted(found, key=lambda c: c.start)


def find_external_numbers(text: str) -> list[tuple[str, int, int]]:
    """Agency numbers such as IVO's `3.2.2-29753/2022`: (raw, start, end)."""
    return [(m.group(0), m.start(), m.end()) for m in _IVO.finditer(text)]


def normalize_case_key(query: str) -> str | None:
    """Key for a case number typed by a person (any format, any case, with or without 'Dnr')."""
    q = query.strip()
    q = re.sub(rf"^{LABELS}\s*[.:]?\s*", "", q, flags=re.I).strip()
    found = find_case_numbers(" " + q.upper() if not re.match(r"^\d", q) else " " + q)
    if not found:
        # what a person types is a case number by intent: read it as if labelled ("KS 2019:123")
        found = find_case_numbers("Dnr " + (q.upper() if not re.match(r"^\d", q) else q))
    if found and len(found) == 1:
        return found[0].key
    m = re.fullmatch(rf"(?P<year>{_YEAR})\s*/\s*(?P<serial>\d{{1,5}})(?:\.\d{{1,3}})*", q)
    if m:
        return make_key(None, m["year"], m["serial"])
    return None


def looks_like_case_number(query: str) -> bool:
    return normalize_case_key(query) is not None
