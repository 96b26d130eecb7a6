"""People in papers: handläggare (officers) and those who sign (signatories)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nlp.textutil import Line, clean_line

_UP = "A-ZÀ-ÖØ-ÞŠŽČĆĐŁŃ"
_LO = "a-zß-öø-ÿšžčćđłń"
_NAME_WORD = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
# a name never spans lines
NAME = re.compile(rf"{_NAME_WORD}(?:[ \t](?:von|af|de|van|der|da)\b)?(?:[ \t]{_NAME_WORD}){{1,3}}")
_NAME_LINE = re.compile(rf"^{NAME.pattern}(?:\s\([A-ZÅÄÖ]{{1,3}}\))?$")
# Titles end in a role word ("lokalstrateg", "Administrativ chef"); the acronyms only as whole words,
# since "mar"/"mas" hide inside surnames (Gränsmark).
ROLE_WORDS = re.compile(
    r"(?i:\w*(?:chef|direktör|ansvarig|socionom|handläggare|sekreterare|strateg|controller|ordförande|utvecklare|"
    r"samordnare|ekonom|jurist|inspektör|kurator|registrator|specialist|ledare|rådgivare|administratör|"
    r"skrivare|utredare|kontaktperson|dokumentansvarig|föreståndare|ombudsman|ombud|analytiker|planerare|"
    r"sjuksköterska|assistent|koordinator|konsulent)(?:en|n)?)\b|\b(?:MAS|MAR|SAS)\b")
# Capitalised words that start lines but are never people.
_NOT_NAMES = {
    "Datum", "Handläggare", "Bilaga", "Bilagor", "Förslag", "Beslut", "Socialnämnden", "Kommunstyrelsen",
    "Kalmar", "Sammanfattning", "Bakgrund", "Ärendet", "Ärendebeskrivning", "Tel", "Telefon", "Enligt",
    "Vår", "Er", "Mottagare", "Region", "Inspektionen", "Kommunfullmäktige", "Socialförvaltningen",
    "Ordförande", "Justerare", "Sekreterare", "Sida", "Paragraf", "Plats", "Tid", "Nämnden", "Kungsbacka",
    "Lomma", "Karlshamn", "Katrineholm", "Barn", "Dnr", "Diarienummer", "Förvaltningen", "Kommunledningskontoret",
    "Beslutsunderlag", "Beslutet", "Under", "Med", "Det", "Den", "Som", "Till", "Från", "Kvalitetsberättelse",
    "Mvh", "Hälsningar", "Vänligen", "Stiftelsen", "Utdragsbestyrkande", "Protokollet", "Sammanträdesdatum", "Justering",
}
# Labels that name the officer responsible for, or the contact person of, a paper.
_OFFICER_LABEL = re.compile(
    r"^(?:Vår\s+handläggare|Ansvarig\s+handläggare|Handläggare(?:\s*/\s*kontaktperson)?|Kontaktperson(?:\s+(?:på|vid|inom)\s+[\wåäö-]+)?|"
    r"Kontakt\s+(?:på|vid|inom)\s+[\wåäö-]+|Kontaktuppgifter|Kontakt|Upplysningar(?:\s+lämnas\s+av)?|Dokumentansvarig|Ansvarig\s+tjänsteperson|Upprättad\s+av|Sammanställd\s+av)"
    r"\s*:?\s*(?P<rest>.*)$", re.I)
PHONE = re.compile(r"(?:Tel\.?:?\s*|Telefon:?\s*)?\b0\d{1,3}[- ]?\d{1,3}(?:[ -]?\d{2}){1,3}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Labels of the header block: a line made of them holds no name of its own.
_HEADER_WORDS = re.compile(r"^(?:(?:Datum|Ärendebeteckning|Diarienummer|Dnr|Vår beteckning|Beteckning|Ert datum|Er beteckning)\s*)+$", re.I)
# "kontakta Evelina Selander, lokalstrateg": a contact person named in the running text
_CONTACT_PROSE = re.compile(r"\b(?:kontakta|kontaktperson är|kontaktperson:|frågor besvaras av|upplysningar lämnas av)\s+(?:handläggare\s+|oss genom\s+)?", re.I)


def is_name(text: str) -> bool:
    s = clean_line(text).strip()
    if not _NAME_LINE.match(s):
        return False
    words = s.split()
    return not any(w in _NOT_NAMES for w in words) and not ROLE_WORDS.search(s)


def strip_party(name: str) -> str:
    return re.sub(r"\s*\([A-ZÅÄÖ]{1,3}\)\s*$", "", name).strip()


@dataclass
class Officer:
    """A handläggare or contact person: name, title, phone and e-mail, where the text gives them."""

    name: str
    line: Line
    start: int           # offsets of the name, in the coordinates of the lines given
    end: int
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    label: str = "handläggare"
    confidence: float = 0.9


def _is_kommun_word(word: str) -> bool:
    return word.lower() in _kommun_names()


def _kommun_names() -> set[str]:
    global _KOMMUNER
    if _KOMMUNER is None:
        from nlp.bodies import kommuner
        _KOMMUNER = {k.lower() for k in kommuner()}
    return _KOMMUNER


_KOMMUNER: set[str] | None = None


def _window_people(window: str) -> tuple[list, list, list, list]:
    from nlp.pipeline import get_nlp

    doc = get_nlp()(window)
    by = {"PERSON": [], "TITLE": [], "PHONE": [], "EMAIL": []}
    for e in doc.ents:
        if e.label_ in by:
            by[e.label_].append(e)
    return by["PERSON"], by["TITLE"], by["PHONE"], by["EMAIL"]


def _officer_from_window(window_lines: list[Line], label_line: Line, label: str, confidence: float) -> Officer | None:
    """The first person named in a label's window, with the title, phone and e-mail beside them."""
    offsets, pos = [], 0
    for ln in window_lines:
        offsets.append(pos)
        pos += len(ln.text) + 1
    window = "\n".join(ln.text for ln in window_lines)

    def absolute(p: int) -> tuple[int, Line]:
        k = max(i for i, o in enumerate(offsets) if o <= p)
        return window_lines[k].start + (p - offsets[k]), window_lines[k]

    persons, titles, phones, emails = _window_people(window)
    for p in persons:
        name = p.text
        if "\n" in name or _is_kommun_word(name.split()[0]) or not is_name(name):
            continue
        start, line_of = absolute(p.start_char)
        # a title right after the name (same line or the next) or right before it belongs to the person
        title = next((t.text for t in titles if 0 <= t.start_char - p.end_char < 40 and not re.fullmatch(r"(?i)(?:vår\s+)?handläggare", t.text)), None)
        if title is None:
            title = next((t.text for t in titles if 0 <= p.start_char - t.end_char <= 2 and "\n" not in window[t.start_char:p.start_char]), None)
        return Officer(
            name=name, line=line_of, start=start, end=start + len(name), title=title,
            phone=phones[0].text if phones else None, email=emails[0].text if emails else None,
            label=label, confidence=confidence,
        )
    return None


def find_officers(lines: list[Line], limit: int | None = None) -> list[Officer]:
    """Officers named after a Handläggare/Kontaktperson/Dokumentansvarig label, on the label's line or
    the lines below it; every header block of the paper is read (a packet may hold several)."""
    found: list[Officer] = []
    head = lines if limit is None else lines[:limit]
    for i, ln in enumerate(head):
        c = clean_line(ln.text)
        if len(c) > 200 and _OFFICER_LABEL.match(c) is None:
            flat = _flat_header_officers(ln)
            if flat:
                found += [o for o in flat if not any(f.name == o.name for f in found)]
                continue
        if c.startswith("|"):
            if not re.search(r"(?i)handläggare|kontakt|dokumentansvarig|upplysningar", c):
                continue
            found += [o for o in _table_officers(head, i) if not any(f.name == o.name for f in found)]
            continue
        if not c[:1].isalpha():
            continue
        m = _OFFICER_LABEL.match(c)
        if not m:
            continue
        rest = m["rest"].strip()
        # "Kontaktperson  2  1" is a row of a statistics table, not a label; a row of header labels
        # ("Handläggare<TAB>Datum<TAB>Diarienummer") is
        if rest and (re.match(r"^[\d\s.,%-]+$", rest) or "\t" in ln.text and not _HEADER_WORDS.match(" ".join(rest.split()))):
            continue
        if not rest and len(c) > 60:
            continue
        rest = rest[:300]
        label = "kontaktperson" if re.match(r"(?i)kontakt|dokumentansvarig", c) else "handläggare"
        window = [ln] + [x for x in head[i + 1 : i + 5]]
        # text after the label on its own line is searched first, then the lines below
        rest_at = ln.text.find(rest[:10]) if rest else -1
        first_lines = [Line(ln.text[rest_at:], ln.start + rest_at, ln.end, ln.blank_before, ln.page_break_before)] if rest and rest_at >= 0 else []
        cand = first_lines + window[1:]
        off = _officer_from_window(cand, ln, label, 0.9) if cand else None
        if off is not None and any(o.name == off.name and o.line.start == off.line.start for o in found):
            continue
        if off is not None:
            found.append(off)
    return found


# Labels of a flattened header that stand between "Handläggare" and its value.
_FLAT_LABELS = re.compile(r"(?:[\s,/]*(?:telefon|Telefon|Tel\.?|E-post|Datum|Vår\s+beteckning|Er\s+beteckning|Ert\s+datum|"
                          r"Ärendebeteckning|Diarienummer|Dnr|Beteckning|Sida)\b:?)+")


def _flat_header_officers(ln: Line) -> list[Officer]:
    """Officers in a header that lost its lines: "Handläggare Jan Holmlund Therese Hagberg Datum …",
    or the labels in one run and the values after them: "Handläggare, telefon Datum Vår beteckning
    Martin Taavola, Dnr …". Several names in one run are first name + surname each."""
    k = re.search(r"\b(?:Vår\s+handläggare|Ansvarig\s+handläggare|Handläggare)\b", ln.text[:400])
    if k is None:
        return []
    pos = k.end()
    lab = _FLAT_LABELS.match(ln.text, pos)
    if lab:
        pos = lab.end()
    pos += len(ln.text[pos:]) - len(ln.text[pos:].lstrip(" \t:,"))
    words: list[tuple[str, int]] = []
    # name words up to a label ("… Hagberg Datum"), a comma ("Martin Taavola, Dnr") or anything else
    for w in re.finditer(r"\S+", ln.text[pos : pos + 200]):
        tok = w.group(0).rstrip(",")
        if not re.fullmatch(_NAME_WORD, tok) or tok in _NOT_NAMES or ROLE_WORDS.fullmatch(tok):
            break
        words.append((tok, w.start()))
        if w.group(0).endswith(","):
            break
    if len(words) < 2:
        return []
    groups = [words] if len(words) <= 3 else [words[j : j + 2] for j in range(0, len(words) - 1, 2)]
    out = []
    for g in groups:
        name = " ".join(w for w, _p in g)
        if not is_name(name) or _is_kommun_word(g[0][0]):
            continue
        start = ln.start + pos + g[0][1]
        out.append(Officer(name=name, line=ln, start=start, end=start + len(name), confidence=0.7))
    if len(out) == 1:
        # the header's value run goes on with the officer's phone and e-mail
        after = ln.text[pos : pos + 250]
        d = re.search(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b", after)
        # a labelled phone anywhere in the run, else one before the date (digits after it run on)
        ph = next((p for p in PHONE.finditer(after) if p.group(0).startswith("Tel")), None) or PHONE.search(after[: d.start()] if d else after)
        em = EMAIL.search(after)
        out[0].phone = re.sub(r"^(?:Tel\.?:?|Telefon:?)\s*", "", ph.group(0)) if ph else None
        out[0].email = em.group(0) if em and _mail_of(out[0].name, em.group(0)) else None
    return out


def _table_officers(lines: list[Line], i: int) -> list[Officer]:
    """A header as a markdown table: "| Handläggare | Anna Berg |" (label and value side by side), or
    a row of labels with the values in the same columns of the next row."""
    cells = [x.strip() for x in lines[i].text.strip().strip("|").split("|")]
    plain = [clean_line(x) for x in cells]
    out: list[Officer] = []
    for k, cell in enumerate(plain):
        m = _OFFICER_LABEL.match(cell)
        if not m or m["rest"].strip():
            continue
        value = plain[k + 1] if k + 1 < len(plain) and plain[k + 1] and not _OFFICER_LABEL.match(plain[k + 1]) and not _HEADER_WORDS.match(plain[k + 1]) else None
        at = lines[i]
        if value is None:
            below = [x for x in lines[i + 1 : i + 3] if not re.match(r"^\|?\s*:?-{3,}", x.text.strip())]
            if below and below[0].text.strip().startswith("|"):
                row = [clean_line(x.strip()) for x in below[0].text.strip().strip("|").split("|")]
                value, at = (row[k] if k < len(row) else None), below[0]
        if not value:
            continue
        name = re.split(r",\s*", value)[0]
        if is_name(name) and not _is_kommun_word(name.split()[0]):
            j = at.text.find(name)
            title = value[len(name):].strip(" ,") or None
            out.append(Officer(name=name, line=at, start=at.start + max(j, 0), end=at.start + max(j, 0) + len(name),
                               title=title if title and ROLE_WORDS.search(title) else None,
                               label="kontaktperson" if re.match(r"(?i)kontakt|dokumentansvarig", cell) else "handläggare", confidence=0.8))
    return out


def find_contact_mentions(text: str) -> list[Officer]:
    """Contact persons named in running text: "kontakta Evelina Selander, lokalstrateg 0480-45 42 66"."""
    out: list[Officer] = []
    for m in _CONTACT_PROSE.finditer(text):
        frag_end = min(len(text), m.end() + 160)
        frag = text[m.end() : frag_end]
        ln = Line(frag, m.end(), frag_end, 0, False)
        off = _officer_from_window([ln], ln, "kontaktperson", 0.6)
        if off is not None and off.start - m.end() <= 2:
            out.append(off)
    return out


_CONTACT_INFO = re.compile(r"\b0\d{1,3}[- ]?\d|@|e-post|Besöksadress|Telefon|Tel\b|\b\d{3} ?\d{2}[ \t]+[A-ZÅÄÖ]", re.I)
_POLITICAL = re.compile(r"(?i)\b(?:ordförande|ledamot|ersättare|vice|kommunalråd|oppositionsråd)\b")
_NAME_PHONE = re.compile(rf"^(?P<name>{NAME.pattern}),?\s+(?:tel\.?:?\s*)?(?P<phone>0\d{{1,3}}[- ]?\d{{1,3}}(?:[ -]?\d{{2}}){{1,3}}),?$", re.I)


def find_letterhead_contacts(lines: list[Line]) -> list[Officer]:
    """A letterhead's contact block: a name, then its title and a phone, e-mail or address
    ("Josefine Jönsson / 0300-838345 / Nämndsekreterare"). PDF text may put the block at the top or
    at the foot of the page; a signature (name and title, no contact details) is not one."""
    out: list[Officer] = []
    for i, ln in enumerate(lines):
        if len(ln.text) > 120:
            continue
        first = re.split(r"\s{2,}|\t", ln.text.strip())[0].replace("*", "").strip()
        if not is_name(first) or _is_kommun_word(first.split()[0]):
            continue
        below = [re.split(r"\s{2,}|\t", x.text.strip())[0] for x in lines[i + 1 : i + 4]]
        title = next((b for b in below if ROLE_WORDS.search(b) and len(b) < 60 and not is_name(b)), None)
        own_mail = next((em.group(0) for x in lines[i + 1 : i + 4] for em in [EMAIL.search(x.text)] if em and _mail_of(first, em.group(0))), None)
        if own_mail and i < 25:
            # "Lena Bergström / Socialkontoret / lena.bergstrom@…": the letterhead names its contact by
            # name, unit and the person's own address
            k = ln.text.find(first)
            out.append(Officer(name=first, line=ln, start=ln.start + k, end=ln.start + k + len(first), title=title.strip() if title else None,
                               email=own_mail, label="kontaktperson", confidence=0.7))
            continue
        if title is None or _POLITICAL.search(title) or not any(_CONTACT_INFO.search(x.text) for x in lines[i : i + 3]):
            continue
        k = ln.text.find(first)
        phone = next((pm.group(0) for x in lines[i + 1 : i + 4] for pm in [PHONE.search(x.text)] if pm), None)
        out.append(Officer(name=first, line=ln, start=ln.start + k, end=ln.start + k + len(first), title=title.strip(),
                           phone=phone, label="kontaktperson", confidence=0.7))
    return out


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s.lower()).encode("ascii", "ignore").decode()


def _mail_of(name: str, email: str) -> bool:
    """Whether an address is the person's own: its local part holds their first name and surname."""
    local = _ascii(email.split("@")[0])
    parts = [_ascii(w) for w in name.split()]
    return len(parts) >= 2 and parts[0] in local and parts[-1] in local


def find_name_phone_lines(lines: list[Line]) -> list[Officer]:
    """Contact lists: lines holding only a name and a phone number ("Emma Fälth 0150-570 15")."""
    out: list[Officer] = []
    for ln in lines:
        c = clean_line(ln.text)
        if len(c) > 70:
            continue
        m = _NAME_PHONE.match(c)
        if m and is_name(m["name"]) and not _is_kommun_word(m["name"].split()[0]):
            k = ln.text.find(m["name"])
            out.append(Officer(name=m["name"], line=ln, start=ln.start + max(k, 0), end=ln.start + max(k, 0) + len(m["name"]),
                               phone=m["phone"], label="kontaktperson", confidence=0.7))
    return out


def merge_officers(found: list[Officer]) -> list[Officer]:
    """One entry per person: the first (most reliable finder) wins, later ones add missing details."""
    out: dict[str, Officer] = {}
    for o in found:
        if o.name not in out:
            out[o.name] = o
            continue
        kept = out[o.name]
        kept.title = kept.title or o.title
        kept.phone = kept.phone or o.phone
        kept.email = kept.email or o.email
    return list(out.values())


def find_author_line(lines: list[Line], limit: int = 15) -> list[Officer]:
    """A report's title page names its author as "Sara Holmström Ottinge, Socialt ansvarig socionom"."""
    out: list[Officer] = []
    for ln in lines[:limit]:
        c = clean_line(ln.text)
        m = re.match(rf"^(?P<name>{NAME.pattern}),\s+(?P<title>[^,]{{3,60}})$", c)
        if (m and is_name(m["name"]) and ROLE_WORDS.search(m["title"]) and not _is_kommun_word(m["name"].split()[0])
                and not re.fullmatch(r"(?i)ordförande|sekreterare|justerare|justerande|protokollförare", m["title"].strip())):
            # "Pär-Olof Stål, ordförande" under a signature line signs a protocol; it names no author
            k = ln.text.find(m["name"])
            out.append(Officer(name=m["name"], line=ln, start=ln.start + max(k, 0), end=ln.start + max(k, 0) + len(m["name"]),
                               title=m["title"].strip(), label="författare", confidence=0.6))
    return out


_POLITICAL_ROLE = r"(?:Ordförande|\d:e\s+vice\s+ordförande|[Vv]ice\s+ordförande|Ledamot|Ersättare|Gruppledare|Kommunalråd|Oppositionsråd)"
_PARTY_SIGNATURE = re.compile(rf"^(?P<name>{NAME.pattern})\s\([A-ZÅÄÖ]{{1,3}}\),?\s+(?P<role>{_POLITICAL_ROLE})$")


_SIGNATURE_LABEL = re.compile(r"^(?:Underskrift|Signatur|Namnteckning)\b.{0,60}$", re.I)
# "Beslut i detta ärende har fattats av inspektören Michaela Hecht Gunnarsson": who decided signs
_DECIDED_BY = re.compile(rf"(?i:beslut(?:et)?\s+i\s+detta\s+ärende\s+har\s+fattats|beslutet\s+har\s+fattats|har\s+beslutats)\s+av\s+(?:[a-zåäö]+\s+){{0,2}}(?P<name>{NAME.pattern})")
_CLOSING = re.compile(r"^(?:Enligt uppdrag|Med vänlig(?:a)? hälsning(?:ar)?|Vänliga hälsningar|Vänligen|Hälsningar|Mvh|För (?:nämnden|förvaltningen|styrelsen))\s*[,.]?$", re.I)


_NAME_COMMA_TITLE = re.compile(rf"^(?P<name>{NAME.pattern}),\s+(?P<title>[^,.]{{3,50}})$")
# headings of lists of people who do not sign: distribution, attendance, participants, interviewees
_DISTRIBUTION = re.compile(r"(?i)skickas till|sänds till|expedieras|kopia till|för kännedom|närvar|deltag|medverka|beslutande|ersättare|intervju|kontakt")


def _columns(text: str) -> list[str]:
    return [c for c in re.split(r"\s{2,}|\t", text.replace("*", "").strip()) if c]


def find_signatories(lines: list[Line]) -> list[tuple[str, str, Line]]:
    """(name, title, line) for each signature: a name line followed by a role line, signatures side by
    side in layout columns ("Lisa Andersson      Patrik Johansson" over "ordförande      kommunsekreterare"),
    and politicians signing "Tommy Rydfeldt (L) Ordförande"."""
    out = []
    for i in range(len(lines)):
        name = clean_line(lines[i].text).strip("*_ ")
        if _CLOSING.match(name):
            # "Enligt uppdrag / Carina Björkman", "Vänligen, / Sophia Sundlin, Ungdomsombud …"
            for nxt_ln in lines[i + 1 : i + 3]:
                nm = re.match(rf"^(?P<name>{NAME.pattern})(?:\s*\([A-ZÅÄÖ]{{1,3}}\))?(?:,\s*(?P<title>.{{3,80}}))?$", clean_line(nxt_ln.text).strip("*_ "))
                if nm and is_name(nm["name"]):
                    out.append((nm["name"], nm["title"] or "", nxt_ln))
                    break
            continue
        if _SIGNATURE_LABEL.match(name) and i + 1 < len(lines):
            # forms: "Underskrift av den som rapporterar / Jessica Zingmark / Namnförtydligande"
            nxt_c = clean_line(lines[i + 1].text).strip("*_ ")
            if is_name(nxt_c):
                out.append((strip_party(nxt_c), "", lines[i + 1]))
            continue
        m = _PARTY_SIGNATURE.match(name)
        if m:
            out.append((m["name"], m["role"], lines[i]))
            continue
        nc = _NAME_COMMA_TITLE.match(name) if i >= 8 and lines[i].blank_before else None
        if nc and is_name(nc["name"]) and ROLE_WORDS.search(nc["title"]) and not _POLITICAL.search(nc["title"]):
            # "Anna Berg, socialchef" standing alone after the text; a name in a distribution list
            # ("Beslutet skickas till") or an attendance list is no signature
            before = " ".join(clean_line(x.text) for x in lines[max(0, i - 6) : i])
            alone = i + 1 >= len(lines) or lines[i + 1].blank_before or _NAME_COMMA_TITLE.match(clean_line(lines[i + 1].text))
            under_heading = any(x.is_heading or clean_line(x.text).endswith(":") for x in lines[max(0, i - 3) : i])
            if alone and not _DISTRIBUTION.search(before) and not under_heading:
                out.append((nc["name"], nc["title"].strip(), lines[i]))
                continue
        if i + 1 >= len(lines):
            break
        nxt = clean_line(lines[i + 1].text)
        rf = _role_first(lines, i, name, nxt)
        if rf:
            out += rf
            continue
        if is_name(name) and len(_columns(lines[i].text)) == 1:
            # a name under a Handläggare label is the officer, not a signature
            after_label = i > 0 and _OFFICER_LABEL.match(clean_line(lines[i - 1].text)) is not None
            # a name, title and phone or e-mail right below is a letterhead contact, not a signature
            contact_below = i + 2 < len(lines) and lines[i + 2].blank_before == 0 and bool(
                re.fullmatch(rf"\s*(?:{PHONE.pattern}|{EMAIL.pattern})\s*", clean_line(lines[i + 2].text)))
            tn = _title_then_name(nxt) if not after_label and not contact_below else None
            if tn and i + 2 < len(lines):
                # two signatures side by side read row by row: the second name follows the first title
                out.append((strip_party(name), tn[0], lines[i]))
                title2 = clean_line(lines[i + 2].text)
                if ROLE_WORDS.search(title2) and len(title2) <= 70 and not is_name(title2):
                    out.append((tn[1], title2, lines[i + 1]))
                continue
            if len(nxt) <= 70 and ROLE_WORDS.search(nxt) and not NAME.fullmatch(nxt) and not after_label and not contact_below:
                out.append((strip_party(name), nxt, lines[i]))
            continue
        cols, below = _columns(lines[i].text), _columns(lines[i + 1].text)
        if 2 <= len(cols) == len(below) and all(is_name(c) for c in cols) and all(ROLE_WORDS.search(b) and len(b) < 50 for b in below):
            out += [(strip_party(c), b, lines[i]) for c, b in zip(cols, below)]
    seen: set[str] = set()
    return [x for x in out if not (x[0] in seen or seen.add(x[0]))]


def _is_role_line(c: str) -> bool:
    return 2 < len(c) <= 50 and bool(ROLE_WORDS.search(c)) and not re.search(r"[\d:@]", c) and not is_name(c)


def _role_first(lines: list[Line], i: int, role: str, nxt: str) -> list[tuple[str, str, Line]]:
    """Signatures printed role over name: a block that opens with "Socialchef" and ends with
    "Maria Lind" on the next line, or the roles in one run over the names in the next
    ("Socialchef      Utredare" / "Maria Lind      Erik Sjö", or single-spaced)."""
    if i < 3 or lines[i + 1].blank_before or not _is_role_line(role):
        return []
    prev = clean_line(lines[i - 1].text)
    if not lines[i].blank_before and not prev.endswith((".", "!")):
        return []
    if _OFFICER_LABEL.match(role) or _OFFICER_LABEL.match(prev):
        return []
    after = lines[i + 2] if i + 2 < len(lines) else None
    block_ends = after is None or after.blank_before > 0 or _is_role_line(clean_line(after.text))
    several = len(role.split()) >= 2 and all(ROLE_WORDS.fullmatch(w) for w in role.split())
    if is_name(nxt) and len(_columns(lines[i].text)) == len(_columns(lines[i + 1].text)) == 1 and block_ends and not several:
        return [(strip_party(nxt), role, lines[i + 1])]
    roles, names = _columns(lines[i].text), _columns(lines[i + 1].text)
    if len(roles) == 1 and len(names) == 1:
        # single-spaced runs: one role word per signature, first name and surname per person
        roles, words = role.split(), nxt.split()
        names = [" ".join(words[j : j + 2]) for j in range(0, len(words), 2)] if len(words) == 2 * len(roles) else []
    if 2 <= len(roles) == len(names) and all(_is_role_line(r) for r in roles) and all(is_name(n) for n in names) and block_ends:
        return [(strip_party(n), r, lines[i + 1]) for r, n in zip(roles, names)]
    return []


def _title_then_name(s: str) -> tuple[str, str] | None:
    """("Socialchef", "Elisabeth Rågård") from "Socialchef Elisabeth Rågård"."""
    words = s.split()
    for k in (1, 2):
        if len(words) - k not in (2, 3):
            continue
        title, name = " ".join(words[:k]), " ".join(words[k:])
        if ROLE_WORDS.search(words[k - 1]) and is_name(name) and not _POLITICAL.search(title):
            return title, name
    return None


def find_decided_by(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of whoever a decision letter says made the decision."""
    out = []
    for m in _DECIDED_BY.finditer(text):
        if is_name(m["name"]):
            out.append((m["name"], m.start("name"), m.end("name")))
    return out


def find_signatories_inline(text: str) -> list[str]:
    """Signatures in flattened text: "Kristina Appert Administrativ chef Cecilia Frid Socialchef"."""
    names = []
    pattern = re.compile(rf"({_NAME_WORD}\s{_NAME_WORD})\s+(?:[A-ZÅÄÖ]?[a-zåäö]+\s)?[A-ZÅÄÖ]?[a-zåäö]*(?:chef|direktör|ansvarig)\b(?!\s*:)")
    for m in pattern.finditer(text):
        if is_name(m.group(1)) and not re.search(r"[A-Za-zåäöÅÄÖ]+\s*:\s*$", text[max(0, m.start() - 30) : m.start()]):
            names.append(m.group(1))
    # "Socialförvaltningen Direktör Jan Holmlund Postadress: …": title and name closing the page, the
    # letterhead footer after them
    for m in _TITLE_NAME_FOOTER.finditer(text):
        if is_name(m["name"]) and m["name"] not in names:
            names.append(m["name"])
    for name in role_label_run(text):
        if name not in names:
            names.append(name)
    return names


_ROLE_LABEL_RUN = re.compile(r"(?:\b(?:Ordförande|Sekreterare|Nämndsekreterare|Justerare)\s*:\s*){2,}")


def role_label_run(text: str) -> list[str]:
    """Names for role labels printed in a run ("Ordförande: Sekreterare: … Maria Lund Anna Ek"): the
    values follow in the same order, after the value of any label before them (time and place), so
    the names are the last first-name/surname pairs of the first long enough run of name words; a
    capitalised word that a lowercase word follows opens the next sentence."""
    m = _ROLE_LABEL_RUN.search(text)
    if m is None:
        return []
    k = len(re.findall(r":", m.group(0)))
    tokens = re.findall(r"[^\s,;]+|[,;]", text[m.end() : m.end() + 300])
    run: list[str] = []
    for i, tok in enumerate(tokens + [","]):
        if re.fullmatch(_NAME_WORD, tok) and tok not in _NOT_NAMES:
            run.append(tok)
            continue
        if tok[:1].islower() and run:
            run.pop()  # "… Mattsson Öppet sammanträde": the sentence's first word
        if len(run) >= 2 * k:
            words = run[-2 * k :]
            pairs = [" ".join(words[j : j + 2]) for j in range(0, 2 * k, 2)]
            return [p for p in pairs if is_name(p)]
        run = []
    return []


_TITLE_NAME_FOOTER = re.compile(rf"\b(?:[A-ZÅÄÖ][a-zåäö]*(?:chef|direktör|ansvarig)|Chef|Direktör|Ansvarig)\s+(?P<name>{_NAME_WORD}\s{_NAME_WORD})\s+(?:Postadress|Besöksadress|Adress)\b")
