"""People in papers: handläggare (officers) and those who sign (signatories)."""
from __future__ import annotations

import re

from nlp.textutil import Line, clean_line

_UP = "A-ZÀ-ÖØ-ÞŠŽČĆĐŁŃ"
_LO = "a-zß-öø-ÿšžčćđłń"
_NAME_WORD = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
NAME = re.compile(rf"{_NAME_WORD}(?:\s(?:von|af|de|van|der|da)\b)?(?:\s{_NAME_WORD}){{1,3}}")
_NAME_LINE = re.compile(rf"^{NAME.pattern}(?:\s\([A-ZÅÄÖ]{{1,3}}\))?$")
ROLE_WORDS = re.compile(
    r"(chef|direktör|ansvarig|socionom|handläggare|sekreterare|strateg|controller|ordförande|utvecklare|"
    r"samordnare|ekonom|jurist|inspektör|kurator|registrator|specialist|ledare|rådgivare|administratör|"
    r"skrivare|utredare|kontaktperson|dokumentansvarig|föreståndare|kommundirektör|stabschef|verksamhetschef|"
    r"ombudsman|analytiker|planerare|sjuksköterska|MAS|MAR|SAS)", re.I)
# Capitalised words that start lines but are never people.
_NOT_NAMES = {
    "Datum", "Handläggare", "Bilaga", "Bilagor", "Förslag", "Beslut", "Socialnämnden", "Kommunstyrelsen",
    "Kalmar", "Sammanfattning", "Bakgrund", "Ärendet", "Ärendebeskrivning", "Tel", "Telefon", "Enligt",
    "Vår", "Er", "Mottagare", "Region", "Inspektionen", "Kommunfullmäktige", "Socialförvaltningen",
    "Ordförande", "Justerare", "Sekreterare", "Sida", "Paragraf", "Plats", "Tid", "Nämnden", "Kungsbacka",
    "Lomma", "Karlshamn", "Katrineholm", "Barn", "Dnr", "Diarienummer", "Förvaltningen", "Kommunledningskontoret",
    "Beslutsunderlag", "Beslutet", "Under", "Med", "Det", "Den", "Som", "Till", "Från", "Kvalitetsberättelse",
}
_OFFICER_LABEL = re.compile(r"^(?:Vår\s+handläggare|Handläggare|Handläggare/?\s*kontaktperson|Kontaktperson|Dokumentansvarig|Ansvarig\s+handläggare)\s*:?\s*(?P<rest>.*)$", re.I)
PHONE = re.compile(r"(?:Tel\.?:?\s*|Telefon:?\s*)?\b0\d{1,3}[- ]?\d{1,3}(?:[ -]?\d{2}){1,3}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def is_name(text: str) -> bool:
    s = clean_line(text).strip()
    if not _NAME_LINE.match(s):
        return False
    words = s.split()
    return not any(w in _NOT_NAMES for w in words) and not ROLE_WORDS.search(s)


def strip_party(name: str) -> str:
    return re.sub(r"\s*\([A-ZÅÄÖ]{1,3}\)\s*$", "", name).strip()


def find_officers(lines: list[Line], limit: int = 40) -> list[tuple[str, Line]]:
    """Officers named after a Handläggare label, on the same line or the next lines of the header."""
    found: list[tuple[str, Line]] = []
    head = lines[:limit]
    for i, ln in enumerate(head):
        m = _OFFICER_LABEL.match(clean_line(ln.text))
        if not m:
            continue
        rest = m["rest"].strip()
        candidates = [rest] if rest else []
        candidates += [clean_line(x.text) for x in head[i + 1 : i + 5]]
        for cand in candidates:
            nm = NAME.match(cand)
            if nm and is_name(nm.group(0)):
                found.append((nm.group(0), ln))
                break
            # Flattened headers: "Handläggare Datum Ärendebeteckning Kristina Appert 2019-09-16 …"
            if cand is rest and rest:
                tail = re.sub(r"^(?:(?:Datum|Ärendebeteckning|Diarienummer|Dnr|Vår beteckning|Beteckning)\s+)+", "", rest)
                nm2 = NAME.match(tail)
                if nm2 and is_name(nm2.group(0)):
                    found.append((nm2.group(0), ln))
                    break
    return found


def find_signatories(lines: list[Line]) -> list[tuple[str, str, Line]]:
    """(name, title, line) for each name line followed by a role line — the signature blocks."""
    out = []
    for i in range(len(lines) - 1):
        name = clean_line(lines[i].text)
        nxt = clean_line(lines[i + 1].text)
        if len(nxt) > 70 or not is_name(name):
            continue
        if ROLE_WORDS.search(nxt) and not NAME.fullmatch(nxt):
            out.append((strip_party(name), nxt, lines[i]))
    return out


def find_signatories_inline(text: str) -> list[str]:
    """Signatures in flattened text: "Kristina Appert Administrativ chef Cecilia Frid Socialchef"."""
    names = []
    pattern = re.compile(rf"({_NAME_WORD}\s{_NAME_WORD})\s+(?:[A-ZÅÄÖ]?[a-zåäö]+\s)?(?:[a-zåäö]+)?(?:chef|direktör|ansvarig)\b")
    for m in pattern.finditer(text):
        if is_name(m.group(1)):
            names.append(m.group(1))
    return names
