"""What kind of paper a segment is (kallelse, tjänsteskrivelse, protokoll …) and, for reports, which kind."""
from __future__ import annotations

import re

_REPORT_WORDS = re.compile(
    r"rapport|berättelse|verksamhetsplan|uppföljning|redovisning|statistik|bokslut|årsredovisning|utredning|"
    r"nyckeltal|analys|plan\b|handbok|sammanställning|kvalitetsuppföljning", re.I)
REPORT_KINDS = [
    ("delårsrapport", re.compile(r"delårsrapport|delårsbokslut|tertialrapport|tertialuppföljning", re.I)),
    ("årsrapport", re.compile(r"årsrapport|årsredovisning|verksamhetsberättelse", re.I)),
    ("kvalitetsberättelse", re.compile(r"kvalitetsberättelse", re.I)),
    ("verksamhetsplan", re.compile(r"verksamhetsplan", re.I)),
    ("ej-verkställda-beslut", re.compile(r"ej verkställda", re.I)),
]


def report_kind(title: str | None, head: str) -> str | None:
    for kind, pattern in REPORT_KINDS:
        if title and pattern.search(title):
            return kind
    for kind, pattern in REPORT_KINDS:
        if pattern.search(head[:400]):
            return kind
    return None


def classify(text: str, title: str | None, cue: str, has_proposals: bool, n_paragraphs: int, n_agenda: int) -> tuple[str, float]:
    """(doc_type, confidence) from the segment's head, title and what was extracted from it."""
    head = text[:1500]
    head_upper = head[:600]
    t = (title or "").strip()
    if re.search(r"\bKALLELSE\b|FÖREDRAGNINGSLISTA|Föredragningslista|Sammanträdande organ|Kallelse", head_upper) and n_agenda >= 2:
        return "kallelse", 0.95
    if re.search(r"\bUTDRAG\b|Protokollsutdrag|PROTOKOLLSUTDRAG|Utdrag ur protokoll", head_upper) and n_paragraphs:
        return "protokollsutdrag", 0.9
    if re.search(r"SAMMANTRÄDESPROTOKOLL|Sammanträdesprotokoll|^\s*#*\s*Protokoll\b|\bPROTOKOLL\b", head_upper, re.M) and n_paragraphs:
        return ("protokollsutdrag", 0.8) if n_paragraphs == 1 and cue in ("utdrag", "paragraph") else ("protokoll", 0.95)
    if n_paragraphs and cue in ("utdrag", "paragraph"):
        return "protokollsutdrag", 0.8
    if re.search(r"TJÄNSTESKRIVELSE|Tjänsteskrivelse", head_upper) or (has_proposals and cue in ("tjänsteskrivelse", "header-block", "proposal", "file")):
        if re.match(r"^Yttrande\b", t) and not has_proposals:
            return "yttrande", 0.7
        return "tjänsteskrivelse", 0.95 if "TJÄNSTESKRIVELSE" in head_upper else 0.8
    if re.search(r"Inspektionen för vård och omsorg|Arbetsmiljöverket|Länsstyrelsen|Förvaltningsrätten|Datainspektionen|IMY\b", head[:800]) and re.search(r"\bBeslut\b|BESLUT", head):
        return "myndighetsbeslut", 0.75
    if re.match(r"^(?:Remiss|Remissanvisning|Anvisningar för remiss)", t, re.I) or re.search(r"^#*\s*Remiss\b", head[:300], re.M | re.I):
        return "remiss", 0.75
    if re.match(r"^(?:Yttrande|Remissvar|Svar på remiss)", t, re.I):
        return "yttrande", 0.7
    if has_proposals:
        return "tjänsteskrivelse", 0.6
    if _REPORT_WORDS.search(t) or re.search(r"^#*\s*Innehåll(?:sförteckning)?\s*$", text[:4000], re.M | re.I) or len(text) > 15000:
        return "rapport", 0.7
    return "bilaga", 0.5
