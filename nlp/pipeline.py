"""A Swedish spaCy pipeline built in code: `spacy.blank("sv")` plus rules, nothing downloaded.

No trained Swedish pipeline can be installed, so entities come from rules written for the
papers' formats:

- `simplemma_lemmatizer` sets lemmas with simplemma (spaCy's sv lookup table maps har→hare);
  titles are matched on lemmas so "förvaltningschefen" is a TITLE like "Förvaltningschef";
- `entity_ruler` patterns: TITLE (officers' roles), LAW (SoL, LSS, "16 kap. 6 §"), MONEY, DATE,
  EMAIL, PHONE;
- `regex_entities` adds what token patterns cannot hold: case numbers (DNR, via
  `nlp.casenumbers`), statute series (SOSFS 2011:9), and PERSON names (capitalised name words
  that are not titles, bodies or headings).

The pipeline is only run on short windows (header blocks, signature blocks) where names and
titles must be told apart; whole documents stay with the regex parsers for speed.
"""
from __future__ import annotations

import re
from functools import lru_cache

import simplemma
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.casenumbers import find_case_numbers

# Role words as lemma endings: a title is any word that ends in one ("socialchef", "lokalstrateg").
TITLE_ROOTS = (
    "chef", "direktör", "ansvarig", "socionom", "handläggare", "sekreterare", "strateg", "controller",
    "ordförande", "utvecklare", "samordnare", "ekonom", "jurist", "inspektör", "kurator", "registrator",
    "specialist", "ledare", "rådgivare", "administratör", "skrivare", "utredare", "föreståndare",
    "ombudsman", "ombud", "analytiker", "planerare", "sjuksköterska", "assistent", "koordinator", "konsulent",
    "revisor", "nämndsekreterare", "vice", "chefsjurist", "arkivarie", "projektledare",
)
# definite forms ("socialchefen", "handläggaren") are titles too; simplemma does not know every compound
_TITLE_LEMMA = r"(?i)^[a-zåäöé-]*(?:" + "|".join(TITLE_ROOTS) + r")(?:en|n|na)?$"
_LAWS = ["SoL", "LSS", "HSL", "LVU", "LVM", "FL", "KL", "OSL", "PBL", "SFB", "LOU", "LOV", "GDPR", "BrB", "PSL", "TF", "RF"]
_MONEY_UNITS = ["tkr", "mnkr", "mkr", "Mkr", "kr", "kronor", "miljoner", "miljarder", "tusen"]
_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"]

_UP = "A-ZÀ-ÖØ-ÞŠŽČĆĐŁŃ"
_LO = "a-zß-öø-ÿšžčćđłń"
_NAME_WORD = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
_PERSON = re.compile(rf"(?<![\w-]){_NAME_WORD}(?:\s(?:von|af|de|van|der|da))?(?:[ \t]{_NAME_WORD}){{1,3}}(?![\w-])")
_STATUTE = re.compile(r"\b(?:SOSFS|HSLF-FS|SFS|AFS|SKOLFS)\s?\d{4}:\d{1,4}\b")
# Capitalised words that begin headings and labels, never a person's name.
NOT_NAME_WORDS = {
    "Datum", "Handläggare", "Bilaga", "Bilagor", "Förslag", "Beslut", "Sammanfattning", "Bakgrund", "Ärendet",
    "Tel", "Telefon", "Enligt", "Vår", "Er", "Mottagare", "Region", "Inspektionen", "Ordförande", "Justerare",
    "Sekreterare", "Sida", "Paragraf", "Plats", "Tid", "Nämnden", "Dnr", "Diarienummer", "Förvaltningen",
    "Beslutsunderlag", "Beslutet", "Under", "Med", "Det", "Den", "Som", "Till", "Från", "Kontakt", "Kontaktperson",
    "Dokumentansvarig", "Ärendebeteckning", "Beteckning", "Ert", "Telefonnummer", "Mobil", "Fastställt",
    "Fastställd", "Beslutsdatum", "Reviderad", "Giltig", "Gäller", "Utförare", "Verksamhetens", "Antal", "Stiftelsen",
    "Kommun", "Kommunen", "Kommunfullmäktige", "Kommunstyrelsen", "Socialnämnden", "Socialförvaltningen", "Sverige",
    "Svar", "Ange", "Ring", "Tack", "Hej", "Vänligen", "Hälsningar", "Postadress", "Besöksadress", "Box", "Hemsida",
    "Mvh", "Vänliga", "Protokollet", "Justeras", "Justering", "Justerande", "Utdragsbestyrkande", "Digital", "Paragrafer", "Upprättad", "Sammanträdesdatum",
}


def is_title_word(word: str) -> bool:
    w = word.strip(",.;:()").lower()
    if not w:
        return False
    lemma = simplemma.lemmatize(w, lang="sv")
    return bool(re.match(_TITLE_LEMMA, w) or re.match(_TITLE_LEMMA, lemma))


@Language.component("simplemma_lemmatizer")
def simplemma_lemmatizer(doc: Doc) -> Doc:
    for tok in doc:
        if tok.is_alpha:
            tok.lemma_ = simplemma.lemmatize(tok.lower_, lang="sv")
        else:
            tok.lemma_ = tok.text
    return doc


def _add(doc: Doc, start: int, end: int, label: str, found: list[Span]) -> None:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None:
        found.append(span)


@Language.component("regex_entities")
def regex_entities(doc: Doc) -> Doc:
    text = doc.text
    found: list[Span] = []
    for c in find_case_numbers(text):
        _add(doc, c.start, c.end, "DNR", found)
    for m in _STATUTE.finditer(text):
        _add(doc, m.start(), m.end(), "LAW", found)
    for m in _PERSON.finditer(text):
        words = m.group(0).split()
        # a name run may begin with a title ("Förvaltningssekreterare Johnny Lesseur") or a label
        while words and (words[0] in NOT_NAME_WORDS or is_title_word(words[0])):
            words = words[1:]
        while words and (words[-1] in NOT_NAME_WORDS or is_title_word(words[-1])):
            words = words[:-1]
        if len(words) < 2:
            continue
        start = text.index(words[0], m.start())
        end = text.index(words[-1], start) + len(words[-1])
        _add(doc, start, end, "PERSON", found)
    ents = filter_spans(list(doc.ents) + found)
    # "Socialt ansvarig" + "socionom": adjacent title spans are one title
    merged: list[Span] = []
    for e in ents:
        if merged and e.label_ == "TITLE" and merged[-1].label_ == "TITLE" and merged[-1].end == e.start:
            merged[-1] = Span(doc, merged[-1].start, e.end, label="TITLE")
        else:
            merged.append(e)
    doc.ents = merged
    return doc


def _patterns() -> list[dict]:
    pats: list[dict] = [
        {"label": "TITLE", "pattern": [{"LEMMA": {"REGEX": _TITLE_LEMMA}}]},
        {"label": "TITLE", "pattern": [{"LOWER": {"REGEX": _TITLE_LEMMA}}]},
        # "Socialt ansvarig socionom", "Administrativ chef": an adjective before a title word
        {"label": "TITLE", "pattern": [{"LOWER": {"REGEX": r"^[a-zåäö]+(?:t|a|iv|isk|ig|ell|är)$"}}, {"LOWER": {"REGEX": _TITLE_LEMMA}}]},
        {"label": "LAW", "pattern": [{"TEXT": {"IN": _LAWS}}]},
        {"label": "LAW", "pattern": [{"LIKE_NUM": True}, {"LOWER": {"IN": ["kap", "kap."]}}, {"ORTH": ".", "OP": "?"}, {"LIKE_NUM": True}, {"ORTH": "§"}, {"TEXT": {"IN": _LAWS}}]},
        {"label": "LAW", "pattern": [{"LIKE_NUM": True}, {"ORTH": "§"}, {"TEXT": {"IN": _LAWS}}]},
        {"label": "MONEY", "pattern": [{"TEXT": {"REGEX": r"^[-−–]?\d+(?:,\d+)?$"}}, {"TEXT": {"REGEX": r"^\d{3}(?:,\d+)?$"}, "OP": "*"}, {"TEXT": {"IN": _MONEY_UNITS}}, {"LOWER": "kronor", "OP": "?"}]},
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^(?:19|20)\d{2}-\d{2}-\d{2}$"}}]},
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^\d{1,2}$"}}, {"LOWER": {"IN": _MONTHS}}, {"TEXT": {"REGEX": r"^(?:19|20)\d{2}$"}}]},
        {"label": "EMAIL", "pattern": [{"LIKE_EMAIL": True}]},
        {"label": "PHONE", "pattern": [{"TEXT": {"REGEX": r"^0\d{1,3}-?\d{0,3}$"}}, {"TEXT": {"REGEX": r"^\d{2,3}$"}, "OP": "+"}]},
        {"label": "PHONE", "pattern": [{"TEXT": {"REGEX": r"^0\d{1,3}-\d{5,8}$"}}]},
    ]
    return pats


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process. Rules are added after any initialisation would run,
    since `nlp.initialize()` clears an entity ruler's patterns."""
    nlp = spacy.blank("sv")
    nlp.add_pipe("simplemma_lemmatizer")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True, "overwrite_ents": True})
    ruler.add_patterns(_patterns())
    nlp.add_pipe("regex_entities")
    return nlp


def entities(text: str) -> list[tuple[str, str, int, int]]:
    """(label, text, start, end) of every entity in `text`."""
    doc = get_nlp()(text)
    return [(e.label_, e.text, e.start_char, e.end_char) for e in doc.ents]
