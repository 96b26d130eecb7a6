"""The title of a paper, by what kind of paper it is.

- tjänsteskrivelse: the matter's heading just above "Förslag till beslut" (the header block and the
  committee line above it are not the title);
- kallelse / protokoll: the document kind as printed ("KALLELSE/FÖREDRAGNINGSLISTA" →
  "Kallelse/föredragningslista", "SAMMANTRÄDESPROTOKOLL" → "Sammanträdesprotokoll");
- protokollsutdrag: the title of its §;
- myndighetsbeslut: the matter under "Ärendet";
- report, bilaga, remiss, yttrande: the title page — the first heading that is not a logo, an
  organisation, a document-kind label or an address, completed by the year or subtitle that a
  one-word title ("Kvalitetsberättelse" … "2022") carries on the next lines;
- a paper found through an attachment list and without a printed heading: the listed title.
"""
from __future__ import annotations

import re

from nlp.bodies import kommuner
from nlp.proposals import PROPOSAL_HEAD
from nlp.textutil import Line, clean_line

_HEADER_LABEL = re.compile(
    r"^(?:Datum|Ärendebeteckning|Vår beteckning|Er beteckning|Beteckning|Diarienummer|Dnr|Handläggare|Vår handläggare|"
    r"Ert datum|Mottagare|Sammanträdesdatum|Fastställt av|Fastställd|Dokumentansvarig|Beslutsdatum|Gäller (?:för|från|till)|"
    r"Reviderad|Antagen|Upplaga|Version|Rapportperiod|Organisation|Fas|Beslutsfattare|Beslutande organ|Organ|Plats och tid|"
    r"Tid och plats|Tid|Plats|Justerare|Utses att justera|Paragrafer|Närvarande|Beslutande|Kopia till)\b(?!-)", re.I)
_KIND_LABEL = re.compile(r"^(?:TJÄNSTESKRIVELSE|Tjänsteskrivelse|STYRANDE DOKUMENT|Styrande dokument|REMISS|BESLUT|YTTRANDE|"
                         r"Bilaga(?:\s+\d+)?|Bilaga till\b.*|Innehåll(?:sförteckning)?|PROTOKOLLSUTDRAG|UTDRAG|"
                         # a paper's kind printed over its matter: the matter is the title
                         r"(?i:tjänsteutlåtande|revisionsrapport|granskningsrapport|revisionsPM|revisions-PM|delegationsbeslut|"
                         r"kungörelse|dagordning|ärendelista|yttrande|remissyttrande|remissvar|svar på remiss|beslutsunderlag|"
                         r"missiv|följebrev|PM|promemoria))$")
_ORG = re.compile(r"^(?:[A-ZÅÄÖ][\wåäöÅÄÖ&\- ]{0,60}(?:förvaltningen|nämnden|styrelsen|fullmäktige|kommun|kansli|kontoret)|"
                  r"Förvaltningen för\b.*|[A-ZÅÄÖ\- ]+(?:FÖRVALTNINGEN|NÄMNDEN|KOMMUN)|kommun|KOMMUN|Region \w+)$")
_NOISE = re.compile(r"^(?:WWW\.|www\.|https?://|Box\s+\d|\d{3}\s?\d{2}\s|Tel|Telefon|E-post|Sida\s+\d|\d+\s*\(\d+\)|"
                    r".*@[\w-]+\.\w+|[\d\s+()-]{7,}$|\[.*\]\(.*\)$|Till\s|Hej\b|Hejsan\b|Mvh\b|Med vänlig)", re.I)
_PERIOD = re.compile(r"^(?:(?:19|20)\d{2}(?:[-–/]\d{2,4})?|(?:[A-ZÅÄÖa-zåäö]{3,9}\.?\s+)?(?:19|20)\d{2}|[Kk]vartal \d.*|[Tt]ertial \d.*)$")
_TABLEISH = re.compile(r"^\||^[^,]*,\S[^,]*,\S")   # markdown table rows, CSV rows
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2} \w+ \d{4}$")


_SECTION = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:Innehåll\w*|Inledning|Bakgrund|Sammanfattning|Syfte|Basuppgifter|Översikt\b.*|Förord|Metod|"
                      r"Resultat|Bedömning|Ärendet|Beslut|Anvisningar\b.*|Yttrande|Remissvar|Handlingar)$", re.I)


def _level(ln: Line) -> int:
    """Markdown heading level (bold-only headings count as level 0)."""
    s = ln.text.lstrip()
    return len(s) - len(s.lstrip("#"))


def _is_logo(c: str) -> bool:
    words = c.replace("**", "").split()
    if not words or len(words) > 3:
        return False
    names = {k.lower() for k in kommuner()}
    rest = [w for w in words if w.lower() not in ("kommun", "stad", "kommuns")]
    return all(w.lower().rstrip("s") in names or w.lower() in names for w in rest)


def _dehyphen(s: str) -> str:
    """Undo line-end hyphenation: "Kvalitetsuppföljnings- rapport" → "Kvalitetsuppföljningsrapport"."""
    return re.sub(r"(\w)- (?=[a-zåäö])", r"\1", s)


def _is_org(c: str) -> bool:
    # "Granskning av ekonomistyrningen i socialnämnden" ends like a body's name but is a matter
    return _ORG.match(c) is not None and len(c.split()) <= 5 and not re.search(r"\s(?:av|i|om|över|gällande|inom|med|vid|på)\s", c)


def _skippable(c: str) -> bool:
    return (not c or _HEADER_LABEL.match(c) is not None or _KIND_LABEL.match(c) is not None or _is_org(c)
            or _NOISE.match(c) is not None or _is_logo(c) or _DATE_ONLY.match(c) is not None or bool(PROPOSAL_HEAD.match(c))
            or len(c) < 3)


def title_page(lines: list[Line], limit: int = 30) -> tuple[str | None, Line | None]:
    """Title of a report-like paper from its first lines."""
    head = lines[:limit]
    cleaned = [clean_line(ln.text) for ln in head]
    has_headings = any(ln.is_heading and not _skippable(c) for ln, c in zip(head, cleaned))
    for i, (ln, c) in enumerate(zip(head, cleaned)):
        if _skippable(c) or _TABLEISH.match(ln.text.strip()) or len(c) > 160 or _SECTION.match(c) and i > 0:
            continue
        if has_headings and not ln.is_heading:
            continue
        if not has_headings and c.endswith(".") and len(c) > 60:
            continue
        title = c
        j = i + 1
        while title.endswith("-") and j < len(head):       # "… Kristdemo-" / "kraterna – Rätt kurva"
            title = title[:-1] + cleaned[j]
            j += 1
        title = _dehyphen(title)
        nxt_ln = head[j] if j < len(head) else None
        if (nxt_ln is not None and ln.is_heading and nxt_ln.is_heading and _level(nxt_ln) == _level(ln) + 1
                and len(title.split()) >= 3 and len(cleaned[j].split()) <= 4 and not _skippable(cleaned[j])
                and not _SECTION.match(cleaned[j]) and not title.endswith((".", ":")) and not re.search(r"[*_]", cleaned[j])):
            # a title set over two heading levels: "# Kvalitetsuppföljning i Idéburet Offentligt" / "## Partnerskap - IOP"
            return f"{title} {cleaned[j]}", ln
        if len(title.split()) == 1:
            # "Kvalitetsberättelse" / "Socialförvaltningen" / "2022": the year or subtitle completes it
            for k in range(j, min(j + 3, len(head))):
                nxt = cleaned[k]
                if _is_org(nxt) or _is_logo(nxt):
                    continue
                if _PERIOD.match(nxt):
                    title = f"{title} {nxt}"
                elif not head[k].is_heading and len(nxt) < 100 and not nxt.endswith(".") and not _skippable(nxt):
                    title = f"{title} {nxt}"
                    if k + 1 < len(head) and cleaned[k + 1][:1].islower() and len(cleaned[k + 1]) < 100:
                        title = f"{title} {cleaned[k + 1]}"
                break
        return title.strip(), ln
    return None, None


def flattened_title(line: str, committee_names: set[str]) -> str | None:
    """On a page flattened to one line the title sits between the committee name and "Förslag till beslut"."""
    m = PROPOSAL_HEAD.search(line)
    seg = line[: m.start()] if m else line
    for name in sorted(committee_names, key=len, reverse=True):
        k = seg.rfind(name)
        if k >= 0:
            return seg[k + len(name):].strip() or None
    return None


def proposal_title(lines: list[Line], proposal_start: int, committee_names: set[str]) -> tuple[str | None, Line | None]:
    """The matter's heading above "Förslag till beslut" (wrapped over two lines when no blank separates them)."""
    above = [ln for ln in lines if ln.end <= proposal_start]
    inside = next((ln for ln in lines if ln.start < proposal_start < ln.end), None)
    if inside is not None and len(inside.text) <= 200:
        # wrapped running text: "… Socialnämnden Delårsrapport" / "efter augusti 2019 Förslag till beslut …"
        run = [ln for ln in above[-2:] if ln.blank_before == 0 or ln is above[-1]] if inside.blank_before == 0 else []
        joined = " ".join([clean_line(x.text) for x in run] + [clean_line(inside.text[: proposal_start - inside.start])])
        m = PROPOSAL_HEAD.search(joined)
        joined = joined[: m.start()] if m else joined
        for name in sorted(committee_names, key=len, reverse=True):
            k = joined.rfind(name)
            if k >= 0 and 5 < len(joined) - k - len(name) < 200:
                return joined[k + len(name):].strip(), inside
    if inside is not None and len(inside.text) > 200:
        above.append(inside)
    while above and PROPOSAL_HEAD.match(clean_line(above[-1].text)):
        above.pop()
    if not above:
        return None, None
    last = above[-1]
    c = clean_line(last.text)
    if len(c) > 200:
        return flattened_title(c, committee_names), last
    if (_HEADER_LABEL.match(c) or _KIND_LABEL.match(c) or c in committee_names or _NOISE.match(c) and not last.is_heading
            or c.endswith(":")):
        return None, None
    if not last.is_heading:
        # a header row run into the title: "2019-09-16 SN 2018/0720.03.01 Socialnämnden Delårsrapport efter augusti 2019"
        for name in sorted(committee_names, key=len, reverse=True):
            k = c.rfind(" " + name + " ")
            if k >= 0 and len(c) - k - len(name) - 2 > 5:
                return c[k + len(name) + 2:].strip(), last
    if len(above) >= 2 and last.blank_before == 0 and not above[-2].is_heading:
        prev = clean_line(above[-2].text)
        if len(prev) > 30 and not _skippable(prev) and prev not in committee_names:
            return _dehyphen(prev + " " + c), above[-2]
    return c, last


def kind_title(text: str, doc_type: str) -> str | None:
    """The printed document kind of a kallelse or protokoll, in sentence case."""
    head = text[:2500]
    if doc_type == "kallelse":
        m = re.search(r"\b(KALLELSE|Kallelse)(?:\s*/\s*\**\s*\n?\s*\**\s*([A-ZÅÄÖa-zåäö]+))?", head)
        if m:
            return "Kallelse" + (f"/{m[2].lower()}" if m[2] else "")
        m = re.search(r"\b(FÖREDRAGNINGSLISTA|Föredragningslista)\b", head)
        if m:
            return "Föredragningslista"
        m = re.search(r"\b(KUNGÖRELSE|Kungörelse|DAGORDNING|Dagordning|ÄRENDELISTA|Ärendelista)\b", head[:600])
        return m[1].capitalize() if m else None
    if doc_type == "protokoll":
        if re.search(r"SAMMANTRÄDESPROTOKOLL|Sammanträdesprotokoll", head):
            return "Sammanträdesprotokoll"
        if re.search(r"\bPROTOKOLL\b|^#*\s*Protokoll\b", head, re.M):
            return "Protokoll"
    return None


def decision_matter(lines: list[Line]) -> tuple[str | None, Line | None]:
    """An authority decision names its matter under "Ärendet" / "Ärende"."""
    for i, ln in enumerate(lines[:60]):
        inline = re.match(r"^(?:Ärendet|Ärende|Saken|Ämne)\s*:\s*(?P<v>[A-ZÅÄÖ].{4,199})$", clean_line(ln.text))
        if inline:
            return inline["v"].rstrip("."), ln
        if re.match(r"^(?:Ärendet|Ärende|Saken)\s*:?$", clean_line(ln.text)) and i + 1 < len(lines):
            c = clean_line(lines[i + 1].text)
            first = re.split(r"(?<=[a-zåäö0-9)])\.\s", c)[0].rstrip(".")
            if 5 < len(first) < 200:
                return first, lines[i + 1]
    return None, None


def document_title(doc_type: str, text: str, lines: list[Line], proposal_start: int | None, committee_names: set[str],
                   listed: str | None, paragraph_titles: list[str]) -> tuple[str | None, Line | None]:
    """The title of one paper; `listed` is the attachment-list title the segmenter matched it to."""
    if doc_type in ("kallelse", "protokoll"):
        t = kind_title(text, doc_type)
        if t:
            return t, None
    if doc_type == "protokollsutdrag" and paragraph_titles and paragraph_titles[0]:
        return paragraph_titles[0], None
    if proposal_start is None and doc_type == "tjänsteskrivelse":
        # flattened page: one long line holds header, title and "Förslag till beslut"
        flat = next((ln for ln in lines[:3] if len(ln.text) > 200 and PROPOSAL_HEAD.search(ln.text)), None)
        if flat is not None:
            proposal_start = flat.end
        else:
            # wrapped running text: the first "Förslag till beslut" wherever it stands in its line
            for ln in lines[:40]:
                m = PROPOSAL_HEAD.search(ln.text)
                if m:
                    proposal_start = ln.start + m.start()
                    break
    if proposal_start is not None and doc_type == "tjänsteskrivelse":
        t, ln = proposal_title(lines, proposal_start, committee_names)
        if t:
            return t, ln
    if doc_type == "myndighetsbeslut":
        t, ln = decision_matter(lines)
        if t:
            return t, ln
    if doc_type in ("kallelse", "protokoll"):
        return None, None
    t, ln = title_page(lines)
    if listed and (ln is None or not ln.is_heading):
        return listed, None
    return t, ln
