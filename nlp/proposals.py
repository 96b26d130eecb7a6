"""The "Förslag till beslut" section of a tjänsteskrivelse, as a list of att-satser."""
from __future__ import annotations

import re

from nlp.textutil import Line, clean_line, collapse

PROPOSAL_HEAD = re.compile(
    r"(?:^|(?<=\s))(?:[\wåäöÅÄÖ-]+s\s+)?(?:förslag till beslut(?:/yttrande)?|förslag till yttrande|beslutsförslag)\b\s*:?", re.I)
# Headings that end the proposal section; also found inline in flattened text.
SECTION_END = re.compile(
    r"(?:^|(?<=[\s.]))(?:Sammanfattning(?: av ärendet)?|Bakgrund|Ärendebeskrivning|Ärendet|Beskrivning av ärendet|"
    r"Beslutsunderlag|Förvaltningens bedömning|Bedömning|Ärendets beredning|Underlag|Yrkanden|Överläggning|"
    r"Beslutet skickas till|Ekonomiska konsekvenser|Konsekvensanalys|Motivering|Skäl för beslut|Inledning)\b(?=\s*(?:\n|$|[A-ZÅÄÖ]))")
_ITEM_START = re.compile(r"^(?:\d+[.)]\s+|[-–•*]\s+|att\s)", re.I)
_LEAD_IN = re.compile(r"^(?:[\wåäöÅÄÖ&,\s-]+?\s)?(?:beslutar|föreslås besluta|föreslår\s[\wåäö\s]+?)(?:\s+följande)?\s*:?\s*$", re.I)


def _plain_heading(ln: Line, c: str) -> bool:
    """A heading in text that lost its markup: short, capitalised, unpunctuated, after a blank line."""
    return (ln.blank_before >= 1 and 2 < len(c) < 60 and c[:1].isupper() and not c.endswith((".", ":", ";", ","))
            and len(c.split()) <= 6 and not re.match(r"^(?:att|Att|\d+[.)])\s", c) and not re.search(r"\b(?:beslutar|godkänner|föreslår)\b", c))


def _strip_item(s: str) -> str:
    s = re.sub(r"^(?:\d+[.)]\s+|[-–•*]\s+)", "", s.strip())
    return collapse(s)


def split_items(block_lines: list[str]) -> list[str]:
    """One item per paragraph or per att/number/bullet line; wrapped lines are joined."""
    items: list[str] = []
    current: list[str] = []
    for raw in block_lines:
        s = clean_line(raw) if not raw.lstrip().startswith(("-", "•", "*")) else raw.strip()
        if not s:
            if current:
                items.append(" ".join(current))
                current = []
            continue
        if _ITEM_START.match(s) and current:
            items.append(" ".join(current))
            current = []
        current.append(s)
    if current:
        items.append(" ".join(current))
    out = []
    for it in items:
        it = _strip_item(it)
        # tables and emphasised captions quoted in the section are not att-satser
        if not it or _LEAD_IN.match(it) or re.fullmatch(r"[_\-–. ]+", it) or it.startswith("|") or re.fullmatch(r"\*[^*]+\*.*", it):
            continue
        out.append(it)
    return out


def find_proposal_section(text: str, lines: list[Line]) -> tuple[int, int] | None:
    """(start, end) offsets of the proposal body, or None."""
    for i, ln in enumerate(lines):
        c = clean_line(ln.text)
        m = PROPOSAL_HEAD.match(c)
        if m and len(c) < 70 and c.lower().rstrip(":").endswith(("beslut", "yttrande", "beslutsförslag", "beslut/yttrande")):
            body_start = lines[i + 1].start if i + 1 < len(lines) else ln.end
            end = len(text)
            for ln2 in lines[i + 1 :]:
                c2 = clean_line(ln2.text)
                if SECTION_END.match(c2) and len(c2) < 60 or ln2.is_heading and not ln2.text.lstrip().startswith(("- ", "* ")) or _plain_heading(ln2, c2):
                    end = ln2.start
                    break
            return body_start, end
    # Flattened text: the heading sits inside a long line.
    m = PROPOSAL_HEAD.search(text)
    if m:
        end_m = SECTION_END.search(text, m.end())
        end = end_m.start() if end_m else min(len(text), m.end() + 1500)
        return m.end(), end
    return None


def extract_proposals(text: str, lines: list[Line]) -> tuple[list[str], tuple[int, int] | None]:
    span = find_proposal_section(text, lines)
    if span is None:
        return [], None
    s, e = span
    block = text[s:e]
    if "\n" not in block.strip():
        # flattened: split into sentences ending with a period
        sentences = [x.strip() for x in re.split(r"(?<=\.)\s+(?=[A-ZÅÄÖ])", collapse(block)) if x.strip()]
        return [x for x in sentences if not _LEAD_IN.match(x)], span
    return split_items(block.split("\n")), span
