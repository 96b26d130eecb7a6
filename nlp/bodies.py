"""Who wrote or decided a paper: municipality and committee (nämnd, styrelse, fullmäktige)."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def kommuner() -> tuple[str, ...]:
    text = resources.files("nlp").joinpath("data/kommuner.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower().replace(" ", "").replace("-", "")


# Candidates first with a cheap pattern, then a set lookup: one alternation over 290 names is slow.
_KOMMUN_CANDIDATE = re.compile(r"\b([A-ZÅÄÖ][\wåäöÅÄÖ-]+(?:[ -][A-ZÅÄÖ][\wåäöÅÄÖ-]+)?)\s+(?:kommuns?|stads?|KOMMUNS?|STADS?)\b|@([a-z-]+)\.se\b"
                               # "Kommunfullmäktige i Vadstena", "revisorerna i Nacka"
                               r"|(?:fullmäktige|styrelsen|nämnden|revisorerna|revisionen)\s+i\s+([A-ZÅÄÖ][\wåäö-]+)\b"
                               r"|\b([A-ZÅÄÖ][\wåäö-]+)\s+(?:kommunstyrelse|kommunfullmäktige|[a-zåäö]+nämnd)\b")


@lru_cache(maxsize=1)
def _lookup() -> tuple[dict[str, str], dict[str, str]]:
    names = {n.lower(): n for n in kommuner()}
    domains = {_ascii_fold(n): n for n in kommuner()}
    return names, domains


def _known(names: dict[str, str], word: str) -> str | None:
    """The municipality `word` names; "Karlshamns" is genitive, but "Borås" keeps its own s."""
    return names.get(word) or (names.get(word[:-1]) if word.endswith("s") else None)


def municipality_mentions(text: str) -> Counter[str]:
    names, domains = _lookup()
    counts: Counter[str] = Counter()
    for m in _KOMMUN_CANDIDATE.finditer(text):
        if m[1]:
            cand = m[1].lower()
            hit = _known(names, cand) or (_known(names, cand.split()[-1]) if " " in cand else None)
            if hit:
                counts[hit] += 1
        elif m[3] or m[4]:
            hit = _known(names, (m[3] or m[4]).lower())
            if hit:
                counts[hit] += 1
        elif m[2] and m[2].replace("-", "") in domains:
            counts[domains[m[2].replace("-", "")]] += 1
    return counts


def find_municipality(text: str, meta: dict | None = None) -> str | None:
    if meta and meta.get("kommun"):
        wanted = _ascii_fold(str(meta["kommun"]))
        for n in kommuner():
            if _ascii_fold(n) == wanted:
                return n
    counts = municipality_mentions(text)
    return counts.most_common(1)[0][0] if counts else None


_COMMITTEE = re.compile(
    r"(?<![\wåäöÅÄÖ-])("
    r"[Nn]ämnden för [A-ZÅÄÖ][a-zåäö]+(?:[ -](?:&|och) [A-ZÅÄÖa-zåäö][a-zåäö]+)?"
    r"|(?:[A-ZÅÄÖ][a-zåäö]+(?:-|s-)?\s(?:och|&)\s[A-ZÅÄÖa-zåäö][a-zåäö]*|[A-ZÅÄÖ][a-zåäö]*)(?:nämnden|nämnd)(?:(?=s\s[a-zåäö]*utskott)|(?![a-zåäö]))"
    r"|Kommunstyrelsen|Kommunfullmäktige|Regionstyrelsen|Regionfullmäktige"
    r"|[A-ZÅÄÖ][A-ZÅÄÖ-]*(?: OCH [A-ZÅÄÖ]+)?NÄMNDEN|KOMMUNSTYRELSEN|KOMMUNFULLMÄKTIGE"
    r")"
    # a committee's utskott is a body of its own ("Kommunstyrelsens arbetsutskott", "Socialnämndens individutskott")
    r"(?:s\s[a-zåäö]*utskott(?![a-zåäö]))?"
)
# Words that end in -nämnd but are not bodies (e.g. "Nämnd" alone, "Valnämnd" is a body though).
_NOT_COMMITTEE = {"Nämnden", "Nämnd", "Nämndens"}


def canonical_committee(name: str) -> str:
    n = " ".join(name.split())
    if n.isupper():
        n = n.capitalize()
    if n.endswith("nämnd"):
        n += "en"
    return n[0].upper() + n[1:]


# "Åtvidabergs kommunstyrelse", "Lomma kommuns socialnämnd": the body in lower case after the municipality
_OWNED_BODY = re.compile(r"\b([A-ZÅÄÖ][\wåäö-]+?)s?(?:\s+kommuns)?\s+(kommunstyrelse|kommunfullmäktige|[a-zåäö]+(?:-\s+och\s+[a-zåäö]+)?nämnd)(?![a-zåäö])")


def committee_mentions(text: str) -> list[tuple[str, int, int]]:
    out = []
    if "kommunstyrelse " in text or "nämnd" in text or "kommunfullmäktige" in text:
        names = _lookup()[0]
        for m in _OWNED_BODY.finditer(text):
            if _known(names, m[1].lower()) or _known(names, m[1].lower() + "s"):
                body = m[2]
                out.append((canonical_committee(body if body.endswith(("nämnd", "fullmäktige")) else body + "n"), m.start(2), m.end(2)))
    for m in _COMMITTEE.finditer(text):
        name = m.group(0) if m.end() > m.end(1) else m.group(1)
        if name in _NOT_COMMITTEE:
            continue
        out.append((canonical_committee(name), m.start(1), m.end()))
    out.sort(key=lambda x: x[1])
    return out


def committee_from_case_body(body: str) -> str | None:
    """Common register prefixes; a hint only, used when the text names no body."""
    return {"KS": "Kommunstyrelsen", "KF": "Kommunfullmäktige", "SN": "Socialnämnden", "SOCN": "Socialnämnden"}.get(body)


_FORVALTNING = re.compile(r"(?<![\wåäöÅÄÖ-])([A-ZÅÄÖa-zåäö][a-zåäö]+förvaltningen|Förvaltningen för [A-ZÅÄÖ][\wåäö]*(?: (?:&|och) [A-ZÅÄÖa-zåäö][\wåäö]*)?)(?![a-zåäö])")
_AUTHORITY = re.compile(r"Inspektionen för vård och omsorg|Arbetsmiljöverket|Länsstyrelsen i [A-ZÅÄÖ][a-zåäö]+ län|Förvaltningsrätten i [A-ZÅÄÖ][a-zåäö]+|"
                        r"Kammarrätten i [A-ZÅÄÖ][a-zåäö]+|Integritetsskyddsmyndigheten|Socialstyrelsen|Justitieombudsmannen|\bIVO\b|\bIMY\b|\bJO\b")
_AUTHORITY_NAMES = {"IVO": "Inspektionen för vård och omsorg", "IMY": "Integritetsskyddsmyndigheten", "JO": "Justitieombudsmannen"}
_LIST_STOP = re.compile(r"^(?:Sändlista|Sändlista:|Beslutet skickas till|Expedieras till|Kopia till)\b", re.I)
_LIST_STOP_ANYWHERE = re.compile(r"^[#*\s]*(?:Sändlista|Beslutet skickas till|Beslutet expedieras till|Expedieras till|Kopia till)\b", re.I | re.M)


def forvaltning_mentions(text: str) -> Counter[str]:
    return Counter(m.group(1) for m in _FORVALTNING.finditer(text))


def issuing_body(head_lines: list[str], text: str, doc_type: str) -> tuple[str | None, float]:
    """The body a paper is issued by or written for.

    A committee name standing alone on a header line wins; then the nämnd the text names most;
    a report or letter that names no nämnd is the förvaltning's own paper. Distribution lists
    ("Sändlista", "Beslutet skickas till") name receivers, not the issuer.
    """
    for c in head_lines[:30]:
        if _LIST_STOP.match(c):
            break
        if len(c) > 70:
            continue
        mentions = committee_mentions(c)
        if mentions and len(mentions[0][0]) >= len(c) - 25:
            return mentions[0][0], 0.9
    if doc_type == "myndighetsbeslut":
        m = _AUTHORITY.search(text[:5000])
        if m:
            return _AUTHORITY_NAMES.get(m.group(0), m.group(0)), 0.8
    body = text[:20000]
    stop = _LIST_STOP_ANYWHERE.search(body)
    # a meeting's papers name the utskott that meets; elsewhere an utskott named in the text
    # (delegation, beredning) works for its committee
    own_meeting = doc_type in ("protokoll", "protokollsutdrag", "kallelse")
    counts = Counter(name if own_meeting else re.sub(r"s\s\S*utskott$", "", name)
                     for name, _s, _e in committee_mentions(body[: stop.start()] if stop else body))
    if counts:
        return counts.most_common(1)[0][0], 0.6
    return None, 0.0


def main_forvaltning(text: str) -> str | None:
    """The förvaltning a paper names most: its issuer when it names no nämnd."""
    forv = forvaltning_mentions(text[:20000])
    return canonical_committee(forv.most_common(1)[0][0]) if forv else None
