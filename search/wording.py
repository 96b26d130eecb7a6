"""Wording similarity: when two titles name the same case, when two att-satser say the same thing.

Three measures, each for one question:
- `same_title`: near-identical ärendemening (a typo check must not pair "Kvalitetsuppföljning IOP
  Kvinnojouren 2022" with "… Brottsofferjouren 2022": every differing content word must be a
  spelling variant of one on the other side, and numbers must agree).
- `unrelated_titles`: two titles that share no content word at all (a number reused for another
  case), tolerant of inflection and compounds through shared stems and long common prefixes.
- `wording_similarity`: for precedent search and att-sats alignment, a blend of word-shingle
  overlap (order-aware, rewards whole phrases) and difflib's ratio over stems (tolerates edits).
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from nlp.casenumbers import find_case_numbers

from .analyzer import STOPWORDS, stem

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that say what kind of paper or step it is, not what the case is about: two different
# cases are both "Svar på remiss …"; sharing only these is no evidence of the same case.
GENERIC_WORDS = frozenset("""
svar remiss remissvar yttrande yttrandet förslag beslut beslutet information informationen redovisning
anmälan ärende ärendet ärenden initiativärende initiativ motion fråga frågan rapport rapporten
tjänsteskrivelse protokoll protokollsutdrag utdrag kallelse bilaga gällande avseende angående
kommun kommuns kommunen nämnden nämnd nämndens socialnämnden socialnämndens kommunstyrelsen
kommunfullmäktige förvaltningen förvaltningens
""".split())
# Dates name when, not what: "Information från nämnden den 4 september 2025" says nothing of its subject.
MONTHS = frozenset("januari februari mars april maj juni juli augusti september oktober november december".split())
# Headings that extraction sometimes takes for a title; they name a section, never a case.
GENERIC_TITLES = frozenset(
    t.casefold() for t in (
        "Förslag till beslut", "Beslut", "Tjänsteskrivelse", "Protokoll", "Sammanträdesprotokoll", "Kallelse",
        "Protokollsutdrag", "Utdrag", "Bilaga", "Bilagor", "Ärendet", "Ärendebeskrivning", "Sammanfattning",
        "Sammanfattning av ärendet", "Bakgrund", "Beslutsunderlag", "Yttrande", "Föredragningslista",
        "Sammanträdande organ", "Ärende", "Innehåll", "Innehållsförteckning",
    )
)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def strip_case_numbers(text: str) -> str:
    """The text without case numbers: "Svar på remiss … KS/2018:69 - 047" names the case by its words."""
    out = _nfc(text)
    for c in reversed(find_case_numbers(out)):
        out = out[: c.start] + " " + out[c.end :]
    return re.sub(r"\b(?:Dnr|Diarienummer|Ärendebeteckning)\b\.?:?", " ", out, flags=re.I)


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(_nfc(text))]


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return stem(word)


def stems(text: str) -> list[str]:
    """Stems of all words except function words: what wording comparison runs on."""
    return [_stem(w) if not w.isdigit() else w for w in words(text) if w not in STOPWORDS]


def content_words(text: str) -> set[str]:
    """Words that say what a case is about (no function, generic or number words)."""
    return {w for w in words(strip_case_numbers(text))
            if w not in STOPWORDS and w not in GENERIC_WORDS and w not in MONTHS and len(w) >= 4 and not w.isdigit()}


def numbers(text: str) -> set[str]:
    return {w for w in words(strip_case_numbers(text)) if w.isdigit()}


def is_generic_title(title: str | None) -> bool:
    t = " ".join((title or "").split()).strip(" :.-–").casefold()
    return not t or t in GENERIC_TITLES or len(content_words(t)) == 0 and len(t) < 25


def _related(a: str, b: str) -> bool:
    """Spelling variants, inflections or compounds of one word: same stem, or a long shared prefix."""
    if a == b or _stem(a) == _stem(b):
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 6 or (n >= 5 and min(len(a), len(b)) <= 7)


def title_ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, " ".join(stems(strip_case_numbers(a))), " ".join(stems(strip_case_numbers(b))),
                           autojunk=False).ratio()


def _plain_words(text: str) -> set[str]:
    return {w for w in words(strip_case_numbers(text)) if w not in STOPWORDS and not w.isdigit() and len(w) > 1}


def same_title(a: str | None, b: str | None, strict: bool = False) -> bool:
    """Near-identical titles: the same ärendemening, give or take spelling and small words.

    Not strict, words like "Svar på remiss" may differ (a remiss and its remissvar are one
    subject); strict, they must agree too ("Information från nämnden" is not "Information från
    förvaltningen")."""
    if not a or not b or is_generic_title(a) or is_generic_title(b):
        return False
    if numbers(a) != numbers(b):
        return False
    ca, cb = content_words(a), content_words(b)
    if not ca or not cb:
        return False
    if strict:
        ca, cb = _plain_words(a), _plain_words(b)
    only_a, only_b = ca - cb, cb - ca
    if any(not any(_related(x, y) for y in cb) for x in only_a):
        return False
    if any(not any(_related(y, x) for x in ca) for y in only_b):
        return False
    return title_ratio(a, b) >= 0.75


def unrelated_titles(a: str | None, b: str | None) -> bool:
    """Titles with nothing in common: no content word (or its stem/compound part) shared."""
    if not a or not b or is_generic_title(a) or is_generic_title(b):
        return False
    ca, cb = content_words(a), content_words(b)
    if not ca or not cb:
        return False
    if any(_related(x, y) for x in ca for y in cb):
        return False
    return title_ratio(a, b) < 0.5


# -- wording of att-satser and decisions -------------------------------------------------------


_DECIDES = (r"noterar|godkänner|antar|ger|fastställer|avslår|bifaller|återremitterar|bordlägger|överlämnar|skickar|"
            r"lägger|tackar|uppdrar|hemställer|tillstyrker|avstyrker|utser|väljer|beviljar|delegerar|upphäver|ställer")


def core(text: str) -> str:
    """An att-sats without who decides: "Nämnden för Vård & Omsorg noterar X" and "Nämnden
    noterar X" say the same thing; "… beslutar att X" says X."""
    t = " ".join(_nfc(text).split())
    m = re.match(r"^\s*(?:[\wåäöÅÄÖ&,.()\s-]{0,80}?\s)?(?:beslutar|beslöt|föreslås besluta|föreslår)\s+(?:att\s+)?", t, re.I)
    if m and m.end() < len(t):
        return t[m.end():]
    m = re.match(rf"^\s*[A-ZÅÄÖ][\wåäöÅÄÖ&,.()-]*(?:\s+[\wåäöÅÄÖ&,.()-]+){{0,7}}?\s(?=(?:{_DECIDES})\b)", t)
    if m:
        return t[m.end():]
    return re.sub(r"^(?:att|Att)\s+", "", t)


def shingles(tokens: list[str], n: int = 3) -> set[tuple[str, ...]]:
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def wording_similarity(a: str, b: str) -> float:
    """0..1: how much of the wording two passages share (3-word shingles and stem-sequence ratio)."""
    ta, tb = stems(core(a)), stems(core(b))
    if not ta or not tb:
        return 0.0
    sa, sb = shingles(ta), shingles(tb)
    jac = len(sa & sb) / len(sa | sb) if sa and sb else 0.0
    ratio = SequenceMatcher(None, ta, tb, autojunk=False).ratio()
    return round(0.5 * jac + 0.5 * ratio, 4)


def containment(query: str, text: str) -> float:
    """Share of the query's 3-word shingles found in `text`: a short draft inside a long decision."""
    sq, st = shingles(stems(core(query))), shingles(stems(core(text)))
    return len(sq & st) / len(sq) if sq else 0.0


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level diff of a → b as (op, text) with op in "=", "-", "+" (for marking changes)."""
    wa, wb = a.split(), b.split()
    out: list[tuple[str, str]] = []
    sm = SequenceMatcher(None, [w.casefold().strip(".,;:") for w in wa], [w.casefold().strip(".,;:") for w in wb],
                         autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(wb[j1:j2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(wa[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(wb[j1:j2])))
    return out
