"""Understanding a user query: case numbers, § references, and the filters a search may carry.

Case numbers and § references are looked up exactly (they are identifiers, and a lexical or
semantic match on "2015" or "83" would be noise); the rest of the query goes to ranking.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.casenumbers import find_case_numbers, find_external_numbers, normalize_case_key

_DATE = r"(?:19|20)\d{2}-\d{2}-\d{2}"
_BODY = r"[A-ZÅÄÖ]{2,6}|[A-ZÅÄÖa-zåäö-]*(?:nämnden|nämnd|styrelsen|fullmäktige|utskottet)s?"
# "§ 83", "§83", "paragraf 83", "SN 2015-04-28 § 83", "§ 117 2025-09-04", "KS § 12".
_PARA_REF = re.compile(
    rf"(?:(?P<body>{_BODY})\s*,?\s*)?(?:(?:den\s+)?(?P<date1>{_DATE})\s*,?\s*)?"
    rf"(?:§§?|\bparagraf(?:en)?\b)\s*(?P<num>\d{{1,4}})(?!\d)"
    rf"(?:\s*,?\s*(?:den\s+)?(?P<date2>{_DATE}))?",
    re.I,
)


@dataclass(frozen=True)
class ParagraphRef:
    """A § reference typed by a user: the number, and the meeting date/body when given."""

    number: int
    date: str | None = None
    body: str | None = None
    raw: str = ""


@dataclass
class Filters:
    """Restrictions chosen in the UI/API; every field optional, all given ones must hold."""

    municipality: str | None = None
    committee: str | None = None
    doc_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    officer: str | None = None
    case_number: str | None = None

    def is_empty(self) -> bool:
        return all(v in (None, "") for v in vars(self).values())


@dataclass
class ParsedQuery:
    text: str
    case_keys: list[str] = field(default_factory=list)
    paragraph_refs: list[ParagraphRef] = field(default_factory=list)
    # Agency numbers such as IVO's "3.2.2-29753/2022": no key scheme, matched verbatim.
    external_numbers: list[str] = field(default_factory=list)

    @property
    def is_exact(self) -> bool:
        return bool(self.case_keys or self.paragraph_refs or self.external_numbers)


def find_paragraph_refs(text: str) -> list[ParagraphRef]:
    out: list[ParagraphRef] = []
    for m in _PARA_REF.finditer(text):
        body = m["body"]
        if body and body.lower() in {"i", "och", "se", "enligt", "den"}:
            body = None
        out.append(ParagraphRef(
            number=int(m["num"]), date=m["date1"] or m["date2"],
            body=body.upper() if body and len(body) <= 6 else body, raw=m.group(0).strip(),
        ))
    return out


def parse_query(text: str) -> ParsedQuery:
    """Split out case keys and § references; the whole text stays available for ranking."""
    text = (text or "").strip()
    keys: list[str] = []
    whole = normalize_case_key(text) if text else None
    if whole:
        keys.append(whole)
    else:
        # Case numbers inside a longer query: only unambiguous formats (with a body).
        for c in find_case_numbers(" " + text):
            if c.body and c.key not in keys:
                keys.append(c.key)
    refs = find_paragraph_refs(text)
    external = list(dict.fromkeys(raw for raw, _, _ in find_external_numbers(text)))
    return ParsedQuery(text=text, case_keys=keys, paragraph_refs=refs, external_numbers=external)
