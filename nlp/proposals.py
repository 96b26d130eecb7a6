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
        # "att" opening a line starts a new att-sats, unless the line above was cut mid-sentence
        # by wrapping (long and unpunctuated): "… titta på möjligheten\natt införa Rätt Kurva"
        wrapped = current and s.startswith("att ") and len(current[-1]) >= 70 and not current[-1].rstrip().endswith((",", ".", ";", ":"))
        if _ITEM_START.match(s) and current and not wrapped:
            items.append(" ".join(current))
            current = []
        current.append(s)
    if current:
        items.append(" ".join(current))
    out = []
    for it in items:
        it = _strip_item(it)
        # tables and emphasised captions quoted in the section are not att-satser
        if not it or (_LEAD_IN.match(it) and " att " not in f" {it} ") or re.fullmatch(r"[_\-–. ]+", it) or it.startswith("|") or re.fullmatch(r"\*[^*]+\*.*", it):
            continue
        out.append(it)
    return out


# Other headings of the same section: "Förvaltningens förslag", "Förslag till kommunfullmäktige".
_BODY_WORD = r"(?:[\wåäö-]+\s+och\s+|[\wåäö-]+s\s+)?[\wåäö-]*(?:nämnden|nämnd|styrelsen|fullmäktige|utskottet|utskott)"
_OTHER_HEAD = re.compile(
    r"^(?:[\wåäöÅÄÖ-]*(?:förvaltningens|kontorets|förvaltningarnas)\s+förslag|"
    rf"(?:[\wåäöÅÄÖ-]+s\s+)?förslag\s+till\s+{_BODY_WORD}|"
    # "Förslag till beslut i socialnämnden", "Beslutsförslag till kommunstyrelsen"
    rf"(?:[\wåäöÅÄÖ-]+s\s+)?(?:förslag\s+till\s+beslut|beslutsförslag)\s+(?:i|till|för|inom)\s+{_BODY_WORD})\s*:?$", re.I)
_MOTION_LEAD = re.compile(r"\b(?:föreslår|yrkar|föreslås)(?:\s+därför)?(?:\s+(?:att\s+nämnden|nämnden|fullmäktige|kommunfullmäktige|styrelsen))?(?:\s+(?:besluta|beslutar))?\s+(?:följande|att)?\s*:$", re.I)
# "Kungsbacka 2025-07-28" closes a motion: place and date above the signatures
_PLACE_DATE = re.compile(r"^(?:[A-ZÅÄÖ][\wåäö-]+\s+(?:den\s+)?)?(?:19|20)\d{2}-\d{2}-\d{2}$")


def _section_from(text: str, lines: list[Line], i: int) -> tuple[int, int]:
    """The body under line i, up to the next heading, section name or closing place/date line."""
    ln = lines[i]
    body_start = lines[i + 1].start if i + 1 < len(lines) else ln.end
    end = len(text)
    for ln2 in lines[i + 1 :]:
        c2 = clean_line(ln2.text)
        if (SECTION_END.match(c2) and len(c2) < 60 or ln2.is_heading and not ln2.text.lstrip().startswith(("- ", "* "))
                or _plain_heading(ln2, c2) or _PLACE_DATE.match(c2)):
            end = ln2.start
            break
    return body_start, end


def find_proposal_section(text: str, lines: list[Line]) -> tuple[int, int] | None:
    """(start, end) offsets of the proposal body, or None."""
    for i, ln in enumerate(lines):
        c = clean_line(ln.text)
        m = PROPOSAL_HEAD.match(c)
        if (m and len(c) < 70 and c.lower().rstrip(":").endswith(("beslut", "yttrande", "beslutsförslag", "beslut/yttrande"))
                or _OTHER_HEAD.match(c)):
            return _section_from(text, lines, i)
    # A motion or initiative has no heading; its proposal follows "… föreslår följande:".
    for i, ln in enumerate(lines):
        if _MOTION_LEAD.search(clean_line(ln.text)) and i + 1 < len(lines):
            return _section_from(text, lines, i)
    # Flattened text: the heading sits inside a long line, capitalised and followed by a sentence
    # ("… augusti 2019 Förslag till beslut Socialnämnden beslutar …"); "ger förslag till beslut
    # gällande bistånd" in running prose is no heading.
    for m in _FLAT_HEAD.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        if (line_end if line_end >= 0 else len(text)) - line_start < 300:
            continue
        end_m = SECTION_END.search(text, m.end())
        end = end_m.start() if end_m else min(len(text), m.end() + 1500)
        # a section heading after the last sentence ends the proposal even where the text after it
        # lost its first word ("… förslag. Sammanfattning genomförde …"), as does the page footer
        flat_end = _FLAT_END.search(text, m.end(), end)
        return m.end(), flat_end.start(1) if flat_end else end
    return None


_FLAT_END = re.compile(r"(?<=[.!?:])\s+(Sammanfattning|Ärendebeskrivning|Beskrivning av ärendet|Bakgrund|Beslutsunderlag|Ärendet|"
                       r"Postadress|Besöksadress)\b")
_FLAT_HEAD = re.compile(r"(?:(?<=\s)|^)(?:[A-ZÅÄÖ][\wåäö-]+s\s+förslag till beslut|Förslag till beslut(?:/yttrande)?|Beslutsförslag)\s*:?\s+(?=[A-ZÅÄÖ])")


def extract_proposals(text: str, lines: list[Line]) -> tuple[list[str], tuple[int, int] | None]:
    span = find_proposal_section(text, lines)
    if span is None:
        return [], None
    s, e = span
    block = text[s:e]
    line_start = text.rfind("\n", 0, s) + 1
    if "\n" not in block.strip() and s - line_start > 0 and len(block) > 300:
        # flattened: split into sentences ending with a period
        sentences = [x.strip() for x in re.split(r"(?<=\.)\s+(?=[A-ZÅÄÖ])", collapse(block)) if x.strip()]
        return [x for x in sentences if not _LEAD_IN.match(x)], span
    return split_items(block.split("\n")), span


def item_spans(text: str, section: tuple[int, int], items: list[str]) -> list[tuple[int, int] | None]:
    """Where each att-sats stands in `text`: items are whitespace-collapsed, so they are found by
    their words with any whitespace between, in order, inside the section."""
    out: list[tuple[int, int] | None] = []
    pos = section[0]
    for it in items:
        words = it.split()
        if not words:
            out.append(None)
            continue
        # a dropped bullet or number may stand before the first word; line breaks may split words
        head = r"\s+".join(re.escape(w) for w in words[:8])
        m = re.compile(head).search(text, pos, section[1])
        if m is None:
            out.append(None)
            continue
        tail = r"\s+".join(re.escape(w) for w in words[-4:])
        m_end = re.compile(tail).search(text, m.start(), section[1] + 1)
        end = m_end.end() if m_end else m.end()
        out.append((m.start(), end))
        pos = end
    return out
