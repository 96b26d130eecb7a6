"""Protocol content: each § with title, case keys, beslut, and who reserved, voted or was jävig."""
from __future__ import annotations

import re

from nlp.casenumbers import find_case_numbers
from nlp.people import NAME
from nlp.proposals import split_items
from nlp.records import Paragraph, Span
from nlp.textutil import Line, clean_line, collapse

# § may be read as $ by OCR; "8" only before a space and digits at line start is too ambiguous.
# A § heading may carry the body's register abbreviation in any case ("KS § 12", "Ks §12", "BUN § 45").
_BODY_PREFIX = r"(?:[A-ZÅÄÖ]{2,6}|(?!(?:Se|Av|Om|Enl|Och|Vid|Med|Per|Till|Från|Jfr)\s)[A-ZÅÄÖ][a-zåäö]{1,3})"
PARA_HEAD = re.compile(r"^(?:" + _BODY_PREFIX + r"\s+)?(?:§|\$)\s?(?P<num>\d{1,4})(?![\d-])\s*(?P<rest>.*)$")
_OCR8_HEAD = re.compile(r"^(?:[A-ZÅÄÖ]{2,6}\s+)?8\s(?P<num>\d{1,4})(?![\d-])(?:\s+(?P<rest>[A-ZÅÄÖ].{0,140}))?$")
_TOC_LEADER = re.compile(r"\.{4,}\s*\d+\s*$")
# Some templates print the body's abbreviation and the number with no § sign, the Dnr right after:
# "Ks 1 Dnr 2012-KS …", "BUN 45 Dnr BUN 2020/12"; a flattened page may put its page number first.
_BODY_NUM_HEAD = re.compile(r"^(?:\d{1,3}\s+)?(?!Sida\b|Sidan\b|Bilaga\b|Punkt\b)(?:[A-ZÅÄÖ][a-zåäö]{1,2}|[A-ZÅÄÖ]{2,6})\s+(?P<num>\d{1,4})\s+(?=(?:Dnr|Diarienummer)\b)(?P<rest>.*)$")
# An index of the protocol's §§ ("Ärendelista", "Innehåll"): number, Dnr, title, dotted leader, page.
_INDEX_HEAD = re.compile(r"(?:^|(?<=\s))(?:Ärendelista|ÄRENDELISTA|Innehållsförteckning|INNEHÅLLSFÖRTECKNING|Innehåll|INNEHÅLL|Paragrafförteckning)(?=\s|$)")
_INDEX_ENTRY = re.compile(r"(?:(?<=\s)|^)(?P<sign>§[ \t]*)?(?P<num>\d{1,4})[ \t]+(?P<body>(?:Dnr|Diarienummer|[A-ZÅÄÖ\"“(])[^\n]{2,300}?)\s*(?:\.{2,}|…+)\s*\d{1,3}(?=\s|$)")
_DECISION_HEAD = re.compile(r"^(?:[\wåäöÅÄÖ&-]+s\s+)?beslut\s*:?\s*$|^Beslut\s*:", re.I)
_INLINE_DECISION = re.compile(r"^(?:[A-ZÅÄÖ][\wåäöÅÄÖ&,\s-]{2,80}?)\s(?:beslutar|beslöt)\b", re.I)
_SECTION_END = re.compile(
    r"^(?:Sammanfattning(?: av ärendet)?|Beslutsunderlag|Beslutsgång|Beslutet skickas till|Beslutet expedieras till|"
    r"Expedieras|Yrkanden?|Reservation(?:er)?|Protokollsanteckning(?:ar)?|Ärendet|Ärendebeskrivning|Bakgrund|"
    r"Överläggning|Propositionsordning|Omröstning|Jäv|Särskilt yttrande|Handlingar|Beskrivning av ärendet|"
    r"Justerande|Justerandes sign|Utdragsbestyrkande|Sekreterare|Ordförande\s*$|Justerare|Justeras|Vid protokollet|Rätt utdraget|Protokollet justeras|Arbetsutskottets förslag|Förvaltningens förslag|_{3,}|Det här dokumentet är)", re.I)
_LEAD_IN = re.compile(r"^[\wåäöÅÄÖ&,\s-]+?\s(?:beslutar|beslöt)(?:\s+följande)?\s*:\s*$|^[\wåäöÅÄÖ&,\s-]+?\sbeslutar\s*$", re.I)
_VOTE_COLON = re.compile(r"Ja\s*:?\s*(\d+)\s*,?\s*Nej\s*:?\s*(\d+)(?:\s*,?\s*Avstår\s*:?\s*(\d+))?")
_VOTE_WORDS = re.compile(r"(\d+)\s+ja-röster\s+mot\s+(\d+)\s+nej-röster(?:[^.]*?(\d+)\s+röster?\s+som\s+avstår)?", re.I)
_RESERVE = re.compile(r"\sreserverar\s+sig")
_NOTE = re.compile(r"\s(?:lämnar|får lämna|antecknar|får anteckna)\s+(?:en\s+|följande\s+)?protokollsanteckning")
_JAV = re.compile(r"\s(?:anmäler jäv|är jävig)|\sdeltar inte[^.]{0,80}jäv")
_JAV_AFTER = re.compile(r"jäv\s+har\s+([^.]{3,300}?)\s+inte\s+deltagit")


def _who_before(text: str, m: re.Match, reach: int = 160) -> list[str]:
    """Names in the clause that ends where a keyword phrase starts (the subject of the verb)."""
    frag = text[max(0, m.start() - reach) : m.start()]
    cut = max(frag.rfind(". "), frag.rfind(".\n"), frag.rfind("\n\n"), frag.rfind(":"))
    return _names(frag[cut + 1 :] if cut >= 0 else frag)


def _names(fragment: str) -> list[str]:
    out = []
    for line in fragment.split("\n"):  # a name never spans lines; headings above it are not names
        for m in re.finditer(rf"{NAME.pattern}(?:\s?\([A-ZÅÄÖ]{{1,3}}\))?", line):
            if m.group(0).split()[0] not in {"Reservationer", "Reservation", "Ordföranden", "Ordförande"}:
                out.append(m.group(0).strip())
    return out


def paragraph_heads(lines: list[Line]) -> list[tuple[int, int]]:
    """(line index, § number) of each § heading in the body, skipping tables of contents."""
    heads: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        c = clean_line(ln.text)
        m = PARA_HEAD.match(c)
        if not m:
            mb = _BODY_NUM_HEAD.match(c)
            if mb and (ln.page_break_before or ln.blank_before or i == 0):
                heads.setdefault(int(mb["num"]), []).append(i)
            continue
        near = " ".join(clean_line(x.text) for x in lines[i : i + 4])
        if _TOC_LEADER.search(c) or _TOC_LEADER.search(near):
            continue
        rest = m["rest"]
        # "§ 56-§ 64", "§§ 2–3" in attendance lists are ranges, not headings
        if re.match(r"^[-–]\s*§?\s*\d", rest) or len(rest) > 140:
            continue
        heads.setdefault(int(m["num"]), []).append(i)
    # OCR reads § as 8 ("8 57 Budget 2024"); such a line is a heading only where its number
    # continues the run of real § headings around it.
    for i, ln in enumerate(lines):
        m8 = _OCR8_HEAD.match(clean_line(ln.text))
        if m8 and int(m8["num"]) not in heads and (int(m8["num"]) - 1 in heads or int(m8["num"]) + 1 in heads):
            heads.setdefault(int(m8["num"]), []).append(i)
    # A number heading in an index and again in the body: keep the occurrence that has a decision
    # under it, then the one with most text after it.
    ordered = sorted((idx, num) for num, idxs in heads.items() for idx in idxs)
    chosen: dict[int, tuple[int, tuple[bool, int]]] = {}
    for pos, (idx, num) in enumerate(ordered):
        nxt = ordered[pos + 1][0] if pos + 1 < len(ordered) else len(lines)
        length = lines[nxt - 1].end - lines[idx].start if nxt > idx else 0
        has_decision = len(heads[num]) > 1 and any(_DECISION_HEAD.match(clean_line(x.text)) for x in lines[idx + 1 : nxt])
        score = (has_decision, length)
        if num not in chosen or score > chosen[num][1]:
            chosen[num] = (idx, score)
    return sorted(((idx, num) for num, (idx, _l) in chosen.items()), key=lambda x: x[0])


def _decision(lines: list[Line], skip: set[str]) -> tuple[str, int | None, int | None, list[str]]:
    start = None
    for k, ln in enumerate(lines):
        c = clean_line(ln.text)
        if _DECISION_HEAD.match(c):
            start = k + 1
            rest = re.sub(r"^Beslut\s*:\s*", "", c, flags=re.I)
            if rest and rest != c:
                lines = lines[: k + 1] + lines[k + 1 :]
            break
    if start is None:
        for k, ln in enumerate(lines):
            if _INLINE_DECISION.match(clean_line(ln.text)) and k > 0:
                start = k
                break
    if start is None:
        return "", None, None, []
    parts: list[str] = []
    block: list[str] = []  # the decision's lines, blank lines kept, for splitting into att-satser
    first = last = None
    for ln in lines[start:]:
        c = clean_line(ln.text)
        if c in skip or re.match(r"^(?:Sida\s+\d+\s+av\s+\d+|\d+\s*\(\d+\))$", c):
            continue
        if _SECTION_END.match(c) or PARA_HEAD.match(c) or re.match(r"^\s*[_\-=]{3,}\s*$", ln.text):
            break
        if _LEAD_IN.match(c) and not parts:
            continue
        if first is None:
            first = ln.start
        last = ln.end
        if ln.blank_before and block:
            block.append("")
        block.append(ln.text)
        parts.append(re.sub(r"^[-–•*]\s+", "", c))
    return collapse(" ".join(parts)), first, last, split_items(block)


_TOC_PAGE = re.compile(r"\s+(\d{1,3})$")


def _strip_toc_pages(paragraphs: list[Paragraph]) -> None:
    """A protocol's contents list without leader dots ("§ 101 Val av justerare 3") ends each entry
    with its page: a run of decision-less §§ whose titles all end in rising small numbers."""
    run: list[Paragraph] = []
    for p in paragraphs + [None]:
        if p is not None and not p.decision and _TOC_PAGE.search(p.title):
            run.append(p)
            continue
        pages = [int(_TOC_PAGE.search(x.title).group(1)) for x in run]
        if len(run) >= 2 and pages == sorted(pages):
            for x in run:
                x.title = _TOC_PAGE.sub("", x.title)
        run = []


def parse_paragraphs(text: str, lines: list[Line], skip: set[str], page_at) -> list[Paragraph]:
    heads = paragraph_heads(lines)
    out: list[Paragraph] = []
    for n, (idx, num) in enumerate(heads):
        end_idx = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        body = lines[idx:end_idx]
        head_clean = clean_line(body[0].text)
        ocr8 = PARA_HEAD.match(head_clean) is None and _BODY_NUM_HEAD.match(head_clean) is None
        hm = PARA_HEAD.match(head_clean) or _BODY_NUM_HEAD.match(head_clean) or _OCR8_HEAD.match(head_clean)
        rest = (hm["rest"] or "") if hm else ""
        if len(rest) > 150:
            # a flattened page: the heading runs on into the text of the §
            rest = rest[:150].rsplit(" ", 1)[0]
        header_zone = text[body[0].start : body[min(3, len(body) - 1)].end]
        keys = []
        for c in find_case_numbers(header_zone):
            if c.key not in keys:
                keys.append(c.key)
        title_parts: list[str] = []
        rest_wo = rest
        for cn in reversed(find_case_numbers(" " + rest + " ")):
            rest_wo = rest_wo[: cn.start - 1] + rest_wo[cn.end - 1 :]
        rest_wo = re.sub(r"(?:Dnr\.?|Diarienummer:?)\s*$", "", rest_wo.strip()).strip(" |-")
        if rest_wo and not re.match(r"^(?:Dnr|Diarienummer)\b", rest_wo):
            title_parts.append(rest_wo)
        for ln in body[1:5]:
            c = clean_line(ln.text)
            if not c or _DECISION_HEAD.match(c) or _SECTION_END.match(c) or c in skip:
                break
            if re.match(r"^(?:Dnr|Diarienummer)\b", c) or find_case_numbers(" " + c) and len(c) < 40:
                continue
            if title_parts and ln.blank_before:
                break
            title_parts.append(c)
            if len(" ".join(title_parts)) > 150:
                break
        decision, ds, de, decision_items = _decision(body[1:], skip)
        ptext = text[body[0].start : body[-1].end]
        vote = None
        vm = _VOTE_COLON.search(ptext) or _VOTE_WORDS.search(ptext)
        if vm:
            vote = f"Ja {vm.group(1)}, Nej {vm.group(2)}" + (f", Avstår {vm.group(3)}" if vm.group(3) else "")
        reservations = [nm for m in _RESERVE.finditer(ptext) for nm in _who_before(ptext, m)]
        notes = [nm for m in _NOTE.finditer(ptext) for nm in _who_before(ptext, m)]
        jav = [nm for m in _JAV.finditer(ptext) for nm in _who_before(ptext, m)]
        jav += [nm for m in _JAV_AFTER.finditer(ptext) for nm in _names(m.group(1))]
        out.append(Paragraph(
            number=num, title=collapse(" ".join(title_parts)), case_keys=keys, decision=decision, decision_items=decision_items,
            justeras_omedelbart=bool(re.search(r"justeras\s+omedelbart", ptext, re.I)),
            reservations=list(dict.fromkeys(reservations)), protokollsanteckningar=list(dict.fromkeys(notes)),
            jav=list(dict.fromkeys(jav)), vote=vote, confidence=0.6 if ocr8 else 0.9 if decision else 0.5,
            span=Span(char_start=body[0].start, char_end=body[-1].end, page=page_at(body[0].start)),
            decision_span=Span(char_start=ds, char_end=de, page=page_at(ds)) if ds is not None else None,
        ))
    _strip_toc_pages(out)
    if lines:
        out = _with_flat_paragraphs(text, lines, out, page_at)
        out = _with_index_paragraphs(text, lines, out, page_at)
    return out


# In a flattened page the § heading stands inside the line, its Dnr right after it.
_FLAT_PARA = re.compile(r"(?:(?<=\s)|^)(?:[A-ZÅÄÖ][A-Za-zåäö]{1,5}\s+)?§\s?(?P<num>\d{1,4})\s+(?=(?:Dnr|Diarienummer|Diarienr)\b|[A-ZÅÄÖ]{2,6}[\s/-]?(?:19|20)\d{2})")
_FLAT_DECISION = re.compile(r"(?:^|(?<=[\s.]))(?:Beslut|[A-ZÅÄÖ][\wåäö-]+s\s+beslut)\s*:?\s+(?=[A-ZÅÄÖ])")
_FLAT_DECISION_END = re.compile(
    r"\s(?:Beslutet skickas till|Beslutet expedieras till|Expedieras\s+(?:till|[A-ZÅÄÖ])|Skickas till|Reservation(?:er)?\s|Protokollsanteckning|"
    r"Justerandes sign|Justerare\s|Utdragsbestyrkande|Yrkanden?\s|Beslutsgång|Beslutsunderlag|Sammanfattning|Ärendebeskrivning|"
    r"Bakgrund\s|Protokollet justeras|Paragrafen justeras)")


_FLAT_TITLE_END = re.compile(r"\s(?:Beslut|Ärendebeskrivning|Sammanfattning|Bakgrund|Beslutsunderlag|Ärendet|Förslag till beslut|"
                             r"[A-ZÅÄÖ][\wåäö-]+s\s+(?:förslag|beslut))\b(?!\s+(?:om|att|angående|gällande)\b)")


def _with_flat_paragraphs(text: str, lines: list[Line], found: list[Paragraph], page_at) -> list[Paragraph]:
    """§§ of a protocol whose pages are each one line: the heading ("§ 12 Dnr KS 2019/45 …") inside
    the line, the § running on to the next heading, its decision after "Beslut" / "<Nämnd>s beslut"."""
    heads: list[tuple[int, int]] = []  # (absolute start, number)
    for ln in lines:
        if len(ln.text) < 200 or "§" not in ln.text:
            continue
        for m in _FLAT_PARA.finditer(ln.text):
            num = int(m["num"])
            # numbers run upwards through the protocol; a cited "§ 45 Dnr …" elsewhere breaks the run
            if not heads or num == heads[-1][1] + 1:
                heads.append((ln.start + m.start(), num))
    have = {p.number for p in found}
    if not heads or all(num in have for _s, num in heads):
        return found
    end_all = lines[-1].end
    extra: list[Paragraph] = []
    for k, (start, num) in enumerate(heads):
        if num in have:
            continue
        end = heads[k + 1][0] if k + 1 < len(heads) else end_all
        ptext = text[start:end]
        keys = list(dict.fromkeys(c.key for c in find_case_numbers(ptext[:80])))
        decision, ds, de = "", None, None
        dm = None
        for dm in _FLAT_DECISION.finditer(ptext):
            pass  # the last "Beslut" heading of the § holds the decision; earlier ones are proposals quoted
        if dm is not None:
            stop = _FLAT_DECISION_END.search(ptext, dm.end())
            d_end = stop.start() if stop else len(ptext)
            decision = collapse(ptext[dm.end() : d_end])
            ds, de = start + dm.end(), start + d_end
        head_m = _FLAT_PARA.match(ptext)
        rest = ptext[head_m.end() if head_m else 0 :][:300]
        for cn in reversed(find_case_numbers(" " + rest + " ")):
            if cn.start < 60:
                rest = rest[: max(0, cn.start - 1)] + " " + rest[cn.end - 1 :]
        rest = re.sub(r"^\s*(?:Dnr|Diarienummer|Diarienr)\.?:?\s*", "", collapse(rest))
        cut = _FLAT_TITLE_END.search(rest, 1)
        rest = rest[: cut.start()] if cut else rest
        title = rest[:150].rsplit(" ", 1)[0] if len(rest) > 150 else rest
        extra.append(Paragraph(
            number=num, title=title, case_keys=keys, decision=decision, decision_items=[decision] if decision else [],
            justeras_omedelbart=bool(re.search(r"justeras\s+omedelbart", ptext, re.I)), confidence=0.6 if decision else 0.4,
            span=Span(char_start=start, char_end=end, page=page_at(start)),
            decision_span=Span(char_start=ds, char_end=de, page=page_at(ds)) if ds is not None else None,
        ))
    return sorted(found + extra, key=lambda p: p.number) if extra else found


def index_entries(text: str, start: int, end: int) -> list[tuple[int, str, list[str], int, int]]:
    """(number, title, case keys, start, end) of each § listed in a protocol's index, in its longest
    run of consecutive numbers; flattened pages put the whole index on one line."""
    h = _INDEX_HEAD.search(text, start, end)
    if h is None:
        return []
    window_end = min(end, h.end() + 6000)
    runs: list[list[tuple[int, str, list[str], int, int]]] = []
    for m in _INDEX_ENTRY.finditer(text, h.end(), window_end):
        body = m["body"]
        keys = list(dict.fromkeys(c.key for c in find_case_numbers(" " + body + " ")))
        title = body
        for cn in reversed(find_case_numbers(" " + body + " ")):
            title = title[: max(0, cn.start - 1)] + " " + title[cn.end - 1 :]
        title = collapse(re.sub(r"^\s*(?:Dnr|Diarienummer)\.?:?\s*", "", collapse(title))).strip(" .…")
        num = int(m["num"])
        # a report's table of contents numbers its chapters; a protocol's index has § signs or Dnr
        marked = bool(m["sign"] or keys or re.match(r"(?:Dnr|Diarienummer)\b", body))
        if runs and runs[-1][-1][0] + 1 == num:
            runs[-1].append((num, title, keys, m.start(), m.end(), marked))
        else:
            runs.append([(num, title, keys, m.start(), m.end(), marked)])
    best = max(runs, key=len, default=[])
    protocol_index = h.group(0) in ("Ärendelista", "ÄRENDELISTA", "Paragrafförteckning") or 2 * sum(e[5] for e in best) >= len(best)
    return [e[:5] for e in best] if len(best) >= 2 and protocol_index else []


def _with_index_paragraphs(text: str, lines: list[Line], found: list[Paragraph], page_at) -> list[Paragraph]:
    """§§ that a protocol's index lists but whose pages the text lacks (an excerpt, a web preview):
    known by number, title and case number, with no decision."""
    entries = index_entries(text, lines[0].start, lines[-1].end)
    have = {p.number for p in found}
    extra = [Paragraph(number=num, title=title, case_keys=keys, decision="", decision_items=[], confidence=0.5,
                       span=Span(char_start=s, char_end=e, page=page_at(s)))
             for num, title, keys, s, e in entries if num not in have]
    if not extra:
        return found
    return sorted(found + extra, key=lambda p: p.number)


_ROLE_LABELS = [
    ("sekreterare", r"(?:Sekreterare|Protokollförare|Vid protokollet)"),
    ("ordförande", r"(?:Ordförande|Ålderspresident|Tjänstgörande ordförande)"),
    ("justerare", r"(?:Justerande|Justerare|Protokolljusterare|Protokollsjusterare|Utses att justera|Justeras(?: av)?)"),
]
_PARA_LIST = re.compile(r"§§?\s*\d+(?:\s*[-–]\s*§?\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*")
_PERSON_PARTY = re.compile(rf"^(?P<name>{NAME.pattern})(?:\s*\([A-ZÅÄÖ]{{1,3}}\))?$")


def protocol_people(text: str) -> dict[str, list[str]]:
    """Sekreterare, ordförande and justerare named in a protocol's signature page (names only)."""
    return {role: [n for n, _s, _e in found] for role, found in protocol_people_spans(text).items()}


def protocol_people_spans(text: str) -> dict[str, list[tuple[str, int, int]]]:
    """(name, start, end) per role: a role label opening a line, then one or more names
    ("Justerande Thomas Eneström §§ 2–3, Christian Wennerberg § 1"), or the label on a line of
    its own with the names below. A line that goes on in prose ("Ordförande Hravn Forsne (M)
    prövar …") names no signatory."""
    roles: dict[str, list[tuple[str, int, int]]] = {}
    all_lines = text[:8000].split("\n")
    offsets, pos = [], 0
    for line in all_lines:
        offsets.append(pos)
        pos += len(line) + 1

    def add(role: str, name: str, k: int) -> None:
        if name.split()[0] in {"Protokollet", "Sekreterare", "Ordförande", "Paragrafer", "Justerande", "Plats", "Digital", "Utdragsbestyrkande"}:
            return
        at = all_lines[k].find(name)
        found = roles.setdefault(role, [])
        if name not in [n for n, _s, _e in found]:
            found.append((name, offsets[k] + max(at, 0), offsets[k] + max(at, 0) + len(name)))

    for k, line in enumerate(all_lines):
        flat = _flat_signature_block(line, text) if len(line) > 200 and "Underskrift" in line else []
        for role, name, at in flat:
            found = roles.setdefault(role, [])
            if name not in [n for n, _s, _e in found]:
                found.append((name, offsets[k] + at, offsets[k] + at + len(name)))
        if flat:
            continue
        sm = _NAME_COMMA_ROLE.match(clean_line(line).strip("_ "))
        if sm:
            # "Pär-Olof Stål, ordförande" under a signature line
            add(_role_of(sm["role"]), sm["name"], k)
            continue
        # "Underskrifter  Sekreterare  ......" opens the signature block of a layout protocol
        c = re.sub(r"^Underskrifter\s+", "", clean_line(line))
        line = re.sub(r"^(\s*)Underskrifter(\s+)", r"\1\2", line)
        for role, label in _ROLE_LABELS:
            if re.fullmatch(rf"{label}\s*:?", c.strip("*_ ")):
                below = [(j, clean_line(all_lines[j]).strip("*_ ")) for j in range(k + 1, min(k + 8, len(all_lines)))]
                for j, b in [x for x in below if x[1]][:4]:
                    if any(re.fullmatch(rf"{lab}\s*:?", b) for _r, lab in _ROLE_LABELS):
                        break  # the next role's label: its names are its own
                    pm = _PERSON_PARTY.match(b)
                    if pm:
                        add(role, pm["name"], j)
                    elif not re.search(r"(?i)ordförande|ledamot|justerare|sekreterare", b):
                        break
                break
            m = re.match(rf"^{label}\s*:?\s*(?P<rest>.*)$", c)
            if not m:
                continue
            raw_rest = re.sub(rf"^.*?{label}\s*:?", "", line.replace("*", ""), count=1).strip()
            rest = re.split(r"\s{3,}|\t", raw_rest)[0] if raw_rest else ""
            if re.fullmatch(r"[._…\s]{3,}", rest) and k + 1 < len(all_lines):
                # a signature line ("Sekreterare ........") with the printed name below it
                pm = _PERSON_PARTY.match(clean_line(all_lines[k + 1]).strip("*_ "))
                if pm:
                    add(role, pm["name"], k + 1)
                break
            rest = _PARA_LIST.sub(" ", rest).strip(" ,")
            # "Ordförande ____________ Olle Ek (S)": the signature line before the printed name
            rest = re.sub(r"^[._…\s]{3,}", "", rest)
            if not rest:
                continue
            names = []
            for piece in re.split(r"\s*,\s*|\s+och\s+", rest):
                pm = _PERSON_PARTY.match(piece.strip())
                if not pm:
                    names = []
                    break
                names.append(pm["name"])
            for nm in names:
                add(role, nm, k)
            break
    return roles


# "Laila Nabb, sekreterare" printed under a signature line
_NAME_COMMA_ROLE = re.compile(rf"^(?P<name>{NAME.pattern})(?:\s*\([A-ZÅÄÖ]{{1,3}}\))?,\s*(?P<role>ordförande|sekreterare|justerare|justerande|protokollförare|protokolljusterare)$", re.I)
_FLAT_ROLE = re.compile(r"\b(?:Sekreterare|Protokollförare|Ordförande|Justerande|Justerare|Protokolljusterare)\b")
_FLAT_NOISE = re.compile(r"Paragrafer\s*(?:§§?\s*)?\d+(?:\s*[-–]+\s*§?\s*\d+)?|\([A-ZÅÄÖ]{1,3}\)|,\s*[A-ZÅÄÖ]{1,3}\b|_{2,}|\.{3,}")
_NAME_WORD = r"[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"


def _role_of(label: str) -> str:
    low = label.lower()
    if low in ("sekreterare", "protokollförare"):
        return "sekreterare"
    return "ordförande" if low == "ordförande" else "justerare"


def _split_names(run: str, text: str) -> list[tuple[str, int]]:
    """A run of name words cut into names: a name the paper prints elsewhere (attendance list,
    "Utses att justera …") is taken whole, otherwise first name and surname."""
    words = [(m.group(0), m.start()) for m in re.finditer(r"\S+", run)]
    out, i = [], 0
    while i + 1 < len(words):
        take = 2
        for n in (3, 2):
            if i + n <= len(words):
                cand = " ".join(w for w, _p in words[i : i + n])
                if text.count(cand) >= 2:
                    take = n
                    break
        out.append((" ".join(w for w, _p in words[i : i + take]), words[i][1]))
        i += take
    return out


def _flat_signature_block(line: str, text: str) -> list[tuple[str, str, int]]:
    """(role, name, offset in line) from a signature block that lost its lines: role labels each
    followed by a name ("Underskrifter Sekreterare Maria Walther Ordförande Jannike Hillding …"), or
    all labels first and the names after them in the same order ("Underskrifter Sekreterare
    Ordförande Justerande Anita Sjösvärd Lennart Haraldsson Thomas Lidberg Lars Rasch")."""
    u = line.find("Underskrift")
    stop = re.search(r"ANSLAG|BEVIS|Protokollet är justerat|Justeringen har", line[u:])
    block_end = u + (stop.start() if stop else min(len(line) - u, 400))
    block = _FLAT_NOISE.sub(lambda m: " " * len(m.group(0)), line[:block_end])
    labels = [m for m in _FLAT_ROLE.finditer(block, u)]
    if not labels:
        return []
    pending: list[str] = []  # labels still waiting for their names
    out: list[tuple[str, str, int]] = []
    for n, lm in enumerate(labels):
        seg_end = labels[n + 1].start() if n + 1 < len(labels) else block_end
        seg = block[lm.end() : seg_end]
        run = re.match(rf"\s*((?:{_NAME_WORD}\s*)+)", seg)
        pending.append(_role_of(lm.group(0)))
        if not run or not run.group(1).strip():
            continue
        run_text = run.group(1).rstrip()
        if len(pending) == 1 and len(run_text.split()) <= 3:
            names = [(run_text, 0)]  # one label, one name: "Ordförande Per Gunnar Ek"
        else:
            names = _split_names(run_text, text)
        base = lm.end() + run.start(1)
        # labels listed before their names take one name each, the last label the rest (two justerare)
        for k, (name, at) in enumerate(names):
            role = pending[min(k, len(pending) - 1)]
            out.append((role, name, base + at))
        pending = []
    return out


_JUSTERING = re.compile(
    r"^(?:Justeringens\s+plats(?:\s+och\s+(?:datum|tid))?|Plats\s+och\s+tid\s+för\s+justering|Justeringsdatum|Justeringsdag|"
    r"Justerat\s+den|Datum\s+för\s+justering|Justering)\b\s*:?", re.I | re.M)


def find_justering_date(text: str) -> tuple[str, int, int] | None:
    """The date the protocol was (to be) approved: (ISO date, start, end) after a justering label,
    on its line or the next two lines."""
    from nlp.dates import find_dates

    for m in _JUSTERING.finditer(text[:8000]):
        window_end = m.end()
        for _ in range(3):
            nl = text.find("\n", window_end + 1)
            window_end = len(text) if nl < 0 else nl
        for d in find_dates(text[m.end() : window_end]):
            return d.date.isoformat(), m.end() + d.start, m.end() + d.end
    return None
