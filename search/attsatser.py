"""A § read as a decision process: proposal, yrkanden, beslutsgång, votering and the adopted
decision, and the proposal set beside the decision att-sats by att-sats. Pure functions over text.

Swedish protocols write a § under a fixed set of headings (Beslut, Reservation, Sammanfattning av
ärendet, Förslag till beslut, Förslag till beslut på sammanträdet / Yrkanden, Beslutsgång /
Propositionsordning, Omröstning, Omröstningsresultat, Beslutet skickas till). A heading stands on
its own line, possibly with a colon or markdown emphasis; that is all this module relies on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from .wording import core, word_diff, wording_similarity

_HEAD_NAMES = (
    r"Beslut|Reservation(?:er)?|Sammanfattning(?: av ärendet)?|Ärendet|Ärendebeskrivning|Ärendets beskrivning|"
    r"Bakgrund|Beskrivning av ärendet|Beslutsunderlag|Handlingar|"
    r"(?:[\wåäöÅÄÖ-]+s\s+)?[Ff]örslag till beslut(?: på sammanträdet| under sammanträdet)?|Beslutsförslag|"
    r"[\wåäöÅÄÖ-]+s\s+förslag|"
    r"Yrkanden?|Beslutsgång|Propositionsordning|Proposition|Omröstning|Omröstningsresultat|Votering|"
    r"Beslutet skickas till|Beslutet expedieras till|Expedieras till|Protokollsanteckningar?|Särskilt yttrande|Jäv|"
    r"Ajournering|Överläggning|Motivering|Skäl för beslut|Ekonomiska konsekvenser|Tidplan|"
    # the signature block that closes an utdrag
    r"Sekreterare|Justeras|Justerande|Justerare|Ordförande|Vid protokollet|Utdragsbestyrkande|Rätt utdraget|"
    r"Justerandes sign(?:atur)?"
)
HEADING = re.compile(rf"^\s*(?:#+\s*)?(?:\*\*)?(?P<name>{_HEAD_NAMES})\s*:?\s*(?:\*\*)?\s*:?\s*$", re.I)
_PAGE_NOISE = re.compile(
    r"^\s*(?:<!--.*-->|Det här dokumentet är digitalt signerat|Transaktionsidentitet:.*|\[Tabell [^\]]*\]\(.*\)|"
    r"Sida\s+\d+\s+av\s+\d+|\d+\s*\(\d+\)|Justerandes sign.*|Justerande(?:\s{2,}.*)?|Protokollet har justerats.*|"
    r"Sammanträdesdatum|Datum|\d{4}-\d{2}-\d{2}|Utdragsbestyrkande.*|_{3,})\s*$")
# "Ermin Škorić (S), Astrid Börjesson (S)" — the signature under an initiative, not an att-sats.
_UP = "A-ZÅÄÖÉÈÜŠŽČĆ"
_PERSON = rf"[{_UP}][\w.-]+(?:\s+[{_UP}][\w.-]+)+\s*\([{_UP}]{{1,3}}\)"
_SIGNATURE = re.compile(rf"^(?:{_PERSON}\s*(?:,|och)?\s*)+(?:m\.fl\.)?$")
# The running head a protocol repeats on every page ("KOMMUN  SAMMANTRÄDESPROTOKOLL  12 (29)").
_RUNNING_HEAD = re.compile(r"SAMMANTRÄDESPROTOKOLL|PROTOKOLLSUTDRAG")
_PAGE_HEAD = re.compile(r"SAMMANTRÄDESPROTOKOLL|PROTOKOLLSUTDRAG|^\S.*\s\d+\s*\(\d+\)\s*$")
# "Socialnämnden beslutar:" introduces the att-satser; it is none itself.
_LEAD_IN = re.compile(r"^[\wåäöÅÄÖ&,.()\s-]{0,80}?\b(?:beslutar|beslöt|föreslår|föreslås besluta)(?:\s+följande)?\s*:?$", re.I)
_YRKAR = re.compile(r"\byrkar\b|\byrkande\b", re.I)
_VOTE_SUM = re.compile(r"(\d+)\s+ja-röster\s+mot\s+(\d+)\s+nej-röster(?:[^.]*?(\d+)\s+röster?\s+som\s+avstår)?", re.I)
_VOTE_COLON = re.compile(r"Ja\s*:?\s*(\d+)\s*,?\s*Nej\s*:?\s*(\d+)(?:\s*,?\s*Avstår\s*:?\s*(\d+))?")
_ROSTER = re.compile(r"^(?:Ja|Nej)-röst\s+innebär\s+.+$", re.I | re.M)
_ATERREMISS = re.compile(r"återremitter|återremiss", re.I)
_BORDLAGT = re.compile(r"bordl[äa]gg|bordlagt", re.I)


@dataclass
class Section:
    name: str  # heading as written, normalised to lower case without colon
    start: int  # offsets into the full text
    end: int
    text: str
    raw: str = ""  # the section as written (offsets: start + index into raw)


class Yrkande(BaseModel):
    text: str
    who: list[str]
    kind: str  # bifall | avslag | återremiss | bordläggning | ändring | tillägg | annat
    char_start: int
    char_end: int


class Vote(BaseModel):
    ja: int | None = None
    nej: int | None = None
    avstar: int | None = None
    summary: str | None = None  # "Ja 8, Nej 3"
    meaning: list[str] = Field(default_factory=list)  # "Ja-röst innebär bifall till …"
    members: list[dict] = Field(default_factory=list)  # {name, vote: ja|nej|avstår}
    char_start: int | None = None
    char_end: int | None = None


class AttsatsRow(BaseModel):
    status: str  # oförändrat | ändrat | tillagt | struket | återremiss | bordlagt
    proposal: str | None
    decision: str | None
    similarity: float
    diff: list[tuple[str, str]] = Field(default_factory=list)  # word diff proposal → decision


@dataclass
class ParagraphParts:
    proposal: list[str]
    proposal_span: tuple[int, int] | None
    decision: list[str]
    decision_span: tuple[int, int] | None
    yrkanden: list[Yrkande]
    beslutsgang: str
    vote: Vote | None
    sent_to: list[str]
    reservations: str


def sections(text: str, base: int = 0) -> list[Section]:
    """The § text cut at its headings; page furniture (headers, signing notes) left out of each."""
    heads: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        m = HEADING.match(line)
        if m:
            heads.append((pos, pos + len(line), m["name"].strip().lower()))
        pos += len(line) + 1
    out: list[Section] = []
    for i, (s, e, name) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        out.append(Section(name, base + e, base + end, _without_furniture(text[e:end]), text[e:end]))
    return out


def _without_furniture(block: str) -> str:
    """A section without page breaks: running heads (their whole block) and signing notes go."""
    kept = []
    for part in re.split(r"\n\s*\n", block):
        raw = [ln for ln in part.split("\n") if ln.strip()]
        if raw and (_PAGE_HEAD.search(raw[0]) or any(_RUNNING_HEAD.search(ln) for ln in raw)):
            continue
        lines = [ln for ln in raw if not _PAGE_NOISE.match(ln)]
        if lines:
            kept.append("\n".join(lines))
    return "\n\n".join(kept).strip()


def _sentences(block: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])", block) if s.strip()]


def split_attsatser(text: str) -> list[str]:
    """Att-satser of a proposal or decision: numbered or bulleted items, else sentences.

    Both sides of a comparison are split the same way, so a sentence added to a decision shows
    as one added att-sats. A signature under an initiative ("Ermin Škorić (S), …") is no att-sats."""
    blocks = [[ln.strip() for ln in b.split("\n") if ln.strip() and not _PAGE_NOISE.match(ln)]
              for b in re.split(r"\n\s*\n", text or "")]
    blocks = [b for b in blocks if b]
    item_re = re.compile(r"^(?:\d+[.)]|[-–•*])\s+")
    numbered = any(item_re.match(ln) for b in blocks for ln in b)
    items: list[str] = []
    if numbered:
        for b in blocks:
            cur: list[str] = []
            if items and not item_re.match(b[0]) and b[0][:1].islower():
                cur = [items.pop()]  # the item goes on after a page break
            for ln in b:
                if item_re.match(ln) and cur:
                    items.append(" ".join(cur))
                    cur = []
                cur.append(item_re.sub("", ln))
            if cur:
                items.append(" ".join(cur))
    else:
        for b in blocks:
            joined = " ".join(b)
            inline = _inline_items(joined)
            items += inline if len(inline) > 1 else _sentences(joined)
    if numbered:
        items = [x for it in items for x in _inline_items(it)]
    out = []
    for it in items:
        it = " ".join(it.split())
        if not it or _SIGNATURE.match(it) or re.fullmatch(r"[_\-–. ]+", it) or _LEAD_IN.match(it):
            continue
        out.append(it)
    return out


def _inline_items(text: str) -> list[str]:
    """"1. Godkänna X 2. Överlämna Y" flattened onto one line: the numbers still separate items."""
    parts = re.split(r"\s(?=\d{1,2}[.)]\s+[A-ZÅÄÖ])", text)
    return [re.sub(r"^\d{1,2}[.)]\s+", "", x) for x in parts] if len(parts) > 1 else [text]


def _yrkande_kind(s: str) -> str:
    low = s.casefold()
    for kind, pat in (("återremiss", r"återremiss|återremitter"), ("bordläggning", r"bordl[äa]gg"),
                      ("avslag", r"avslag"), ("tillägg", r"tillägg|tilläggsyrkande"),
                      ("ändring", r"ändring|ändringsyrkande|ändras|med ändringen"), ("bifall", r"bifall")):
        if re.search(pat, low):
            return kind
    return "annat"


def _who(sentence: str) -> list[str]:
    head = re.split(r"\byrkar\b", sentence, maxsplit=1)[0]
    return [re.sub(r"^(?:(?:1:e|2:e|Förste|Andre)\s+)?(?:[Vv]ice\s+)?(?:Ordföranden?|Ledamoten|Ledamot)\s+", "", m.group(0).strip())
            for m in re.finditer(_PERSON, head)]


def _locate(sentence: str, raw: str) -> tuple[int, int] | None:
    """Where a sentence rebuilt from wrapped lines stands in the text as written."""
    pattern = r"\s+".join(re.escape(w) for w in sentence.split())
    m = re.search(pattern, raw)
    return m.span() if m else None


def yrkanden(secs: list[Section]) -> list[Yrkande]:
    out: list[Yrkande] = []
    for sec in secs:
        if not (sec.name.endswith(("på sammanträdet", "under sammanträdet")) or sec.name.startswith("yrkande")
                or sec.name == "överläggning"):
            continue
        for block in re.split(r"\n\s*\n", sec.text):
            for s in _sentences(" ".join(block.split())):
                if not _YRKAR.search(s):
                    continue
                span = _locate(s, sec.raw) or (0, 0)
                out.append(Yrkande(text=s, who=_who(s), kind=_yrkande_kind(s), char_start=sec.start + span[0],
                                   char_end=sec.start + span[1]))
    return out


def vote_of(text: str, base: int = 0) -> Vote | None:
    """Votering: the result sentence, what ja and nej meant, and the roll-call table if any."""
    m = _VOTE_SUM.search(text) or _VOTE_COLON.search(text)
    meaning = [" ".join(x.split()) for x in _ROSTER.findall(text)]
    members = _roll_call(text)
    if not m and not members:
        return None
    v = Vote(meaning=meaning, members=members)
    if m:
        v.ja, v.nej = int(m.group(1)), int(m.group(2))
        v.avstar = int(m.group(3)) if m.group(3) else None
        v.char_start, v.char_end = base + m.start(), base + m.end()
    elif members:
        v.ja = sum(1 for x in members if x["vote"] == "ja")
        v.nej = sum(1 for x in members if x["vote"] == "nej")
        v.avstar = sum(1 for x in members if x["vote"] == "avstår") or None
    v.summary = f"Ja {v.ja}, Nej {v.nej}" + (f", Avstår {v.avstar}" if v.avstar else "")
    return v


def _roll_call(text: str) -> list[dict]:
    """Rows of markdown vote tables (Ja-röst | Nej-röst | Avstår); headerless continuations keep
    the last header's columns."""
    cols: list[str] | None = None
    out: list[dict] = []
    for line in text.split("\n"):
        s = line.strip()
        if not (s.startswith("|") and s.endswith("|")):
            continue
        cells = [c.strip() for c in s.strip("|").split("|")]
        low = [c.casefold() for c in cells]
        if any(c.startswith("ja") for c in low) and any(c.startswith("nej") for c in low):
            cols = ["ja" if c.startswith("ja") else "nej" if c.startswith("nej") else "avstår" if c.startswith("avst") else "" for c in low]
            continue
        if cols is None or all(set(c) <= {"-", ":", " "} for c in cells) or len(cells) != len(cols):
            continue
        marked = [cols[i] for i, c in enumerate(cells) if i and c.strip().upper() == "X" and cols[i]]
        if len(marked) == 1 and cells[0]:
            name = re.sub(r"<br>.*$|\s+\d+:e vice.*$|,\s*ordförande$", "", cells[0]).strip()
            out.append({"name": name, "vote": marked[0]})
    return out


def paragraph_parts(text: str, base: int = 0, decision_fallback: str = "") -> ParagraphParts:
    secs = sections(text, base)
    proposal: list[str] = []
    pspan = None
    decision: list[str] = []
    dspan = None
    for sec in secs:
        n = sec.name
        if (n.endswith("förslag till beslut") or n == "beslutsförslag" or re.fullmatch(r"[\wåäö-]+s förslag", n)) \
                and not proposal:
            proposal = split_attsatser(sec.text)
            pspan = (sec.start, sec.end) if proposal else None
        if n == "beslut" and not decision:
            decision = split_attsatser(sec.text)
            dspan = (sec.start, sec.end) if decision else None
    if not decision and decision_fallback:
        decision = split_attsatser(decision_fallback)
    gang = next((" ".join(s.text.split()) for s in secs if s.name in ("beslutsgång", "propositionsordning", "proposition")), "")
    sent = next((s for s in secs if s.name.startswith(("beslutet skickas", "beslutet expedieras", "expedieras"))), None)
    sent_to = [ln.strip(" -•*") for ln in sent.text.split("\n") if ln.strip(" -•*") and not ln.lstrip().startswith("|")] if sent else []
    res = next((" ".join(s.text.split()) for s in secs if s.name.startswith("reservation")), "")
    return ParagraphParts(proposal, pspan, decision, dspan, yrkanden(secs), gang, vote_of(text, base), sent_to, res)


# "Nämnden beslutar i enlighet med förvaltningens förslag": the decision adopts the proposal by reference.
_BY_REFERENCE = re.compile(
    r"\b(?:beslutar|beslöt|beslutade)\s+(?:att\s+)?(?:i\s+enlighet\s+med|enligt)\s+(?:[\wåäö-]+s\s+)?"
    r"(?:förslag(?:et)?(?:\s+till\s+beslut)?|beslutsförslag(?:et)?)\b|\bbifall(?:er|a)\s+(?:[\wåäö-]+s\s+)?förslag(?:et)?\b",
    re.I)


def adopts_by_reference(decision: list[str]) -> bool:
    """A one-sentence decision that adopts the proposal without restating it."""
    return len(decision) == 1 and bool(_BY_REFERENCE.search(decision[0])) and len(decision[0]) < 200


def outcome(decision_text: str) -> str | None:
    """återremiss | bordlagt when the body sent the case back or postponed it, else None."""
    if _ATERREMISS.search(decision_text or ""):
        return "återremiss"
    if _BORDLAGT.search(decision_text or ""):
        return "bordlagt"
    return None


def align(proposal: list[str], decision: list[str], same: float = 0.9, related: float = 0.35) -> list[AttsatsRow]:
    """Proposal beside decision, in order: each att-sats oförändrat, ändrat, struket or tillagt.

    Order-preserving alignment (dynamic programming over wording similarity), so a reworded
    second att-sats is paired with the second, not with whichever happens to share most words."""
    if proposal and adopts_by_reference(decision):
        return [AttsatsRow(status="oförändrat", proposal=p, decision=decision[0] if i == 0 else "(enligt förslaget)",
                           similarity=1.0)
                for i, p in enumerate(proposal)]
    joined = " ".join(decision)
    special = outcome(joined)
    if special and not any(wording_similarity(p, d) >= related for p in proposal for d in decision):
        return ([AttsatsRow(status=special, proposal=p, decision=None, similarity=0.0) for p in proposal]
                + [AttsatsRow(status=special, proposal=None, decision=d, similarity=0.0) for d in decision])
    n, m = len(proposal), len(decision)
    sim = [[wording_similarity(p, d) for d in decision] for p in proposal]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= related else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    rows: list[AttsatsRow] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and sim[i][j] >= related and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            s = sim[i][j]
            status = "oförändrat" if s >= same or core(proposal[i]).casefold() == core(decision[j]).casefold() else "ändrat"
            rows.append(AttsatsRow(status=status, proposal=proposal[i], decision=decision[j], similarity=s,
                                   diff=[] if status == "oförändrat" else word_diff(core(proposal[i]), core(decision[j]))))
            i, j = i + 1, j + 1
        elif i < n and (j >= m or best[i][j] == best[i + 1][j]):
            rows.append(AttsatsRow(status="struket", proposal=proposal[i], decision=None, similarity=0.0))
            i += 1
        else:
            rows.append(AttsatsRow(status="tillagt", proposal=None, decision=decision[j], similarity=0.0))
            j += 1
    return rows
