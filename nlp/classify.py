"""What kind of paper a segment is (kallelse, tjänsteskrivelse, protokoll …) and, for reports, which kind."""
from __future__ import annotations

import re

_REPORT_WORDS = re.compile(
    r"rapport|berättelse|verksamhetsplan|uppföljning|redovisning|statistik|bokslut|årsredovisning|utredning|"
    r"nyckeltal|analys|försörjningsplan|sammanställning|kvalitetsuppföljning|årsrapport|granskning|revisionsPM|förstudie", re.I)
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


_PROTOCOL_LABELS = re.compile(r"Justerare|Justeringens plats|Justering(?:ens)? (?:plats|datum)|Utses att justera|Paragrafer|"
                              r"Justerandes sign\w*|Beslutande(?: ledamöter)?|Protokollet omfattar|Underskrifter|SAMMANTRÄDESPROTOKOLL|"
                              r"Sammanträdesprotokoll")
_KALLELSE_TOP = re.compile(r"\bKALLELSE\b|FÖREDRAGNINGSLISTA|Föredragningslista|ÄRENDELISTA|Ärendelista|\bKallelse\b|"
                           r"\bKUNGÖRELSE\b|\bKungörelse\b|\bDAGORDNING\b|\bDagordning\b")
# A kungörelse announces the meeting in a sentence: "Kommunfullmäktige sammanträder måndagen den 21 september …"
_ANNOUNCE = re.compile(r"\b(?:sammanträder|sammankallas|kallas (?:till sammanträde|härmed))\b[^\n]{0,80}?(?:\d{4}-\d{2}-\d{2}|\d{1,2}(?::a|:e)? [a-zåäö]+ \d{4})", re.I)
# Paper kinds named by their first heading
_TJS_NAME = re.compile(r"^(?:TJÄNSTEUTLÅTANDE|Tjänsteutlåtande|TJÄNSTESKRIVELSE|Tjänsteskrivelse|Beslutsunderlag|BESLUTSUNDERLAG)\b")
_AUDIT = re.compile(r"^(?:Revisionsrapport|REVISIONSRAPPORT|Granskningsrapport|GRANSKNINGSRAPPORT|Revisionsberättelse|"
                    r"Granskning av\b|Fördjupad granskning|Grundläggande granskning|Granskningsredogörelse|Förstudie\b)")
_AUDITORS = re.compile(r"\b(?:revisorer(?:na)?|[Kk]ommunrevisionen|förtroendevalda revisorerna|revisionskontoret)\b")
_DELEGATION = re.compile(r"^(?:Delegationsbeslut|DELEGATIONSBESLUT|Beslut (?:på|enligt) delegation|Delegeringsbeslut)\b")
_MEETING = re.compile(r"\bSammanträde(?:sdatum)?\s+(?:den\s+)?\d|\bSammanträdande organ\b|^\s*(?:Klockan|Tid och plats|Plats och tid)\b", re.M)
_PARAGRAPH_SIGN = re.compile(r"(?:^|\s)§\s?\d{1,4}\b")
_HEADER_LABEL = re.compile(r"^\s*(?:Datum|Vår beteckning|Ärendebeteckning|Diarienummer|Dnr|Handläggare|Vår handläggare)\b", re.M)
_PROPOSAL_HEAD = re.compile(r"^[#*\s]*(?:[\wåäöÅÄÖ-]+s\s+)?(?:förslag till beslut|förslag till yttrande|beslutsförslag)\b", re.I | re.M)
_AUTHORITY = re.compile(r"Inspektionen för vård och omsorg|Arbetsmiljöverket|Länsstyrelsen|Förvaltningsrätten|Kammarrätten|"
                        r"Datainspektionen|Integritetsskyddsmyndigheten|Socialstyrelsen|Justitieombudsmannen|\bIMY\b|\bIVO\b")
# Governing documents and forms attached to a matter are bilagor, not reports.
_GOVERNING = re.compile(r"STYRANDE DOKUMENT|\bpolicy\b|policyn?$|riktlinje|reglemente|delegeringsbestämmelser|delegationsordning|"
                        r"handbok|kvalitetsledningssystem|^Handlingsplan\b|^Anmälan om\b|^Blankett\b", re.I | re.M)
_YTTRANDE = re.compile(r"^(?:Yttrande|Remissvar|Remissyttrande|Svar på remiss|Svar på remissen|Svar över remiss)\b|\bremissvar\b", re.I)
_REMISS = re.compile(r"^(?:Remiss|Remissanvisning|Anvisningar för remiss)\b", re.I)


def _opening(text: str, n: int = 4) -> list[str]:
    """The first lines of a paper as a reader sees them (markup stripped)."""
    out = []
    for raw in text[:1500].split("\n"):
        c = re.sub(r"[#*_]+", " ", raw).strip()
        if c:
            out.append(" ".join(c.split()))
        if len(out) >= n:
            break
    return out


def classify(text: str, title: str | None, cue: str, has_proposals: bool, n_paragraphs: int, n_agenda: int) -> tuple[str, float]:
    """(doc_type, confidence) from the segment's head, title and what was extracted from it."""
    head = text[:1500]
    head_upper = head[:600]
    t = (title or "").strip()
    opening = _opening(text)
    protocol_labels = {m.group(0).lower() for m in _PROTOCOL_LABELS.finditer(text[:2500])}
    if re.search(r"\bKALLELSE\b|FÖREDRAGNINGSLISTA|Föredragningslista|Sammanträdande organ|Kallelse|ÄRENDELISTA|Ärendelista", head_upper) and n_agenda >= 2:
        return "kallelse", 0.95
    if _KALLELSE_TOP.search(text[:300]) and len(protocol_labels) < 2:
        return "kallelse", 0.85
    if _ANNOUNCE.search(head[:600]) and len(protocol_labels) < 2 and not n_paragraphs:
        return "kallelse", 0.75
    if re.search(r"\bUTDRAG\b|Protokollsutdrag|PROTOKOLLSUTDRAG|Utdrag ur protokoll", head_upper) and n_paragraphs:
        return "protokollsutdrag", 0.9
    if re.search(r"SAMMANTRÄDESPROTOKOLL|Sammanträdesprotokoll|^\s*#*\s*Protokoll\b|\bPROTOKOLL\b", head_upper, re.M) and n_paragraphs:
        return ("protokollsutdrag", 0.8) if n_paragraphs == 1 and cue in ("utdrag", "paragraph") else ("protokoll", 0.95)
    if n_paragraphs and cue in ("utdrag", "paragraph"):
        return "protokollsutdrag", 0.8
    # a protocol's cover page: its labels (justering, paragrafer, beslutande) even where no § was parsed
    if len(protocol_labels) >= 2 and (n_paragraphs or _PARAGRAPH_SIGN.search(text) or len(protocol_labels) >= 3):
        return "protokoll", 0.8
    # front page of a protocol: meeting labels (when, where, who decides, who justerar), no heading needed
    if _MEETING.search(head[:1200]) and len(protocol_labels) >= 2:
        return "protokoll", 0.75
    header_block = len(_HEADER_LABEL.findall(head)) >= 2
    proposal_head = bool(_PROPOSAL_HEAD.search(text[:4000]))
    # an agenda that carries each item's proposal: meeting labels on top, several proposals, no tjänsteskrivelse header
    tjs_header = re.search(r"^\s*(?:Handläggare|Vår handläggare|Ärendebeteckning|Vår beteckning)\b", head, re.M)
    if (_MEETING.search(head[:800]) and len(re.findall(r"förslag till beslut", text, re.I)) >= 2 and not tjs_header
            and "TJÄNSTESKRIVELSE" not in head_upper and len(protocol_labels) < 2):
        return "kallelse", 0.7
    if _DELEGATION.match(t) or any(_DELEGATION.match(x) for x in opening[:3]):
        return "myndighetsbeslut", 0.7
    if any(_YTTRANDE.match(x) for x in opening[:2]) and not has_proposals:
        return "yttrande", 0.7
    if (re.search(r"TJÄNSTESKRIVELSE|Tjänsteskrivelse|TJÄNSTEUTLÅTANDE|Tjänsteutlåtande", head_upper) or any(_TJS_NAME.match(x) for x in opening[:2]) or (header_block and proposal_head)
            or (has_proposals and cue in ("tjänsteskrivelse", "header-block", "proposal", "file"))):
        if re.match(r"^Yttrande\b", t) and not has_proposals:
            return "yttrande", 0.7
        return "tjänsteskrivelse", 0.95 if "TJÄNSTESKRIVELSE" in head_upper or (header_block and proposal_head) else 0.8
    if _AUTHORITY.search(head[:1200]) and re.search(r"\bBeslut\b|BESLUT", head) and not proposal_head:
        return "myndighetsbeslut", 0.75
    if (_AUDIT.match(t) or any(_AUDIT.match(x) for x in opening[:3])) and (_AUDITORS.search(text[:3000]) or re.match(r"(?i)revision|gransknings", t)):
        return "rapport", 0.7
    if _REMISS.match(t) or any(_REMISS.match(x) for x in opening[:3]):
        return "remiss", 0.75
    if _YTTRANDE.search(t) or any(_YTTRANDE.search(x) for x in opening[:4]):
        return "yttrande", 0.7
    if cue == "letter" or _GOVERNING.search(t) or any(_GOVERNING.search(x) for x in opening[:3]):
        return "bilaga", 0.6
    if has_proposals and proposal_head:
        return "tjänsteskrivelse", 0.6
    headings = " ".join(opening)
    if (_REPORT_WORDS.search(t) or _REPORT_WORDS.search(headings) or re.search(r"^#*\s*Innehåll(?:sförteckning)?\s*$", text[:4000], re.M | re.I)
            or len(text) > 15000):
        return "rapport", 0.7
    return "bilaga", 0.5
