"""References a paper makes: statutes, earlier protocol paragraphs, and money figures."""
from __future__ import annotations

import re
from dataclasses import dataclass

_LAWS = (r"SoL|LSS|HSL|LVU|LVM|FL|KL|OSL|PBL|SFB|AB|LOU|LOV|GDPR|BrB|PSL|SOSFS|TF|RF|LEK|ÄktB|FB|"
         # written out: "14 kap. 3 § socialtjänstlagen", "6 kap. 38 § kommunallagen (2017:725)"
         r"[a-zåäö]+-?(?:\s(?:och|eller)\s[a-zåäö]+)?lagen|[a-zåäö]+förordningen|föräldrabalken|brottsbalken")
# OCR reads § as $ or 8; accept them only where a § must stand.
_PARA = r"(?:§§?|\$\$?)"
_LEGAL = [
    re.compile(rf"\b\d{{1,2}}\s?kap\.?\s?\d{{1,3}}\s?[a-z]?\s?{_PARA}(?:\s?(?:första|andra|tredje|fjärde|femte|\d)\s(?:stycket|st\.))?(?:\s?\d\s?p\.?)?\s(?:{_LAWS})\b"),
    re.compile(rf"\b\d{{1,3}}\s?[a-z]?\s?{_PARA}\s?(?:[a-h](?:-[a-h])?\s)?(?:första\s|andra\s|tredje\s)?(?:stycket\s)?(?:{_LAWS})\b"),
    re.compile(r"\b(?:SOSFS|HSLF-FS|SFS|AFS|SKOLFS|LIVSFS)\s?\d{4}:\d{1,4}\b"),
    re.compile(r"\b(?:lag|lagen|förordning|förordningen)\s(?:[a-zåäö ]{0,60}?)?\(\d{4}:\d{1,4}\)"),
]
_BODYREF = r"(?:[A-ZÅÄÖ]{2,6}|[A-ZÅÄÖa-zåäö-]*(?:nämnden|nämnd|styrelsen|fullmäktige|utskottet)s?)"
# Date and § are searched first (rare in text); the body is then read backwards from the date,
# which keeps the scan linear on long papers.
_DATE_PARA = re.compile(rf"(?P<date>(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})\s*,?\s*(?:{_PARA}|8(?=\s?\d))\s?(?P<num>\d{{1,4}})")
_BODY_BEFORE = re.compile(rf"(?<![\wåäöÅÄÖ-])(?P<body>{_BODYREF})\s*,?\s*(?:den\s+)?$")
_MONEY = re.compile(
    r"(?P<amount>[-−–]?\s?\d{1,3}(?:[  ]\d{3})*(?:,\d+)?|[-−–]?\d+(?:,\d+)?)\s?(?P<unit>tkr|Tkr|kkr|mnkr|mkr|Mkr|MSEK|mdkr|miljoner kronor|miljarder kronor|tusen kronor|kronor|kr)\b"
)
_UNIT_SEK = {"Tkr": 1e3, "kkr": 1e3, "MSEK": 1e6, "mdkr": 1e9, "tkr": 1e3, "tusen kronor": 1e3, "mnkr": 1e6, "mkr": 1e6, "Mkr": 1e6, "miljoner kronor": 1e6, "miljarder kronor": 1e9, "kronor": 1, "kr": 1}


@dataclass(frozen=True)
class Mention:
    kind: str
    raw: str
    start: int
    end: int
    value: dict


def find_legal_references(text: str) -> list[Mention]:
    out: list[Mention] = []
    for pattern in _LEGAL:
        for m in pattern.finditer(text):
            if any(o.start <= m.start() < o.end or m.start() <= o.start < m.end() for o in out):
                continue
            raw = re.sub(r"\s+", " ", m.group(0)).replace("$", "§")
            out.append(Mention("legal", raw, m.start(), m.end(), {"ref": raw}))
    return sorted(out, key=lambda x: x.start)


def find_protocol_references(text: str) -> list[Mention]:
    """Earlier decisions: "SN 2015-04-28 § 83", "kommunstyrelsen 2014-02-26, § 27" (OCR: $ or 8 for §)."""
    out = []
    for m in _DATE_PARA.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        b = _BODY_BEFORE.search(before)
        if b is None:
            continue
        start = m.start() - len(before) + b.start()
        out.append(Mention("protocol", re.sub(r"\s+", " ", text[start : m.end()]), start, m.end(),
                           {"body": b["body"], "date": m["date"], "paragraph": int(m["num"])}))
    return out


def parse_amount(raw: str) -> float:
    cleaned = raw.replace("−", "-").replace("–", "-").replace(" ", "").replace("\u00a0", "").replace(",", ".")
    return float(cleaned)


def find_money(text: str) -> list[Mention]:
    out = []
    for m in _MONEY.finditer(text):
        try:
            amount = parse_amount(m["amount"])
        except ValueError:
            continue
        # The label is what the sentence says the figure is: the words just before it.
        sentence_start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        label = " ".join(text[sentence_start : m.start()].split()[-8:]).strip(" :,-(–")
        out.append(Mention("money", m.group(0).strip(), m.start(), m.end(), {
            "amount": amount, "unit": m["unit"], "sek": amount * _UNIT_SEK[m["unit"]], "label": label,
        }))
    return out
