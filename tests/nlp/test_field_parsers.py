"""Data-driven tests of the field parsers: each YAML case is input text beside the expected output.

Cases cover the formats found in committee papers, including odd ones: flattened one-line pages,
markdown and pdfplumber tables, pdftotext -layout columns, and NFD text (read through the reader,
which normalises to NFC as ingestion does).
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from nlp.agenda import parse_agenda
from nlp.casenumbers import find_case_numbers, find_external_numbers
from nlp.people import (
    find_author_line, find_contact_mentions, find_letterhead_contacts, find_name_phone_lines, find_officers,
    find_signatories, merge_officers,
)
from nlp.proposals import extract_proposals
from nlp.protocol import parse_paragraphs, protocol_people
from nlp.textutil import split_lines

CASES = Path(__file__).parent / "cases"


def load(name):
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


def _text(case, tmp_path) -> str:
    """The case text as the extractor sees it; `nfd: true` cases go through the file reader."""
    text = case["text"]
    if not case.get("nfd"):
        return text
    from ingest.readers import read_file

    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text, "an NFD case must contain composed characters"
    path = tmp_path / "nfd.txt"
    path.write_text(nfd, encoding="utf-8")
    return read_file(path).text


def _ids(c):
    return c.get("name") or c["text"][:40]


@pytest.mark.parametrize("case", load("agenda.yaml"), ids=_ids)
def test_agenda(case, tmp_path):
    text = _text(case, tmp_path)
    items = parse_agenda(text, split_lines(text), lambda _o: None)
    assert [[a.number, a.title, a.case_keys, a.kind] for a in items] == case["items"]
    for a in items:  # provenance: the span is the item's line
        assert str(a.number) in text[a.span.char_start:a.span.char_end]
    for num, props in (case.get("proposals") or {}).items():
        assert next(a for a in items if a.number == num).proposals == props


@pytest.mark.parametrize("case", load("officers.yaml"), ids=_ids)
def test_officers(case, tmp_path):
    text = _text(case, tmp_path)
    lines = split_lines(text)
    found = merge_officers(find_officers(lines) + find_author_line(lines) + find_letterhead_contacts(lines)
                           + find_name_phone_lines(lines) + find_contact_mentions(text))
    got = [{k: v for k, v in (("name", o.name), ("title", o.title), ("phone", o.phone), ("email", o.email)) if v} for o in found]
    assert got == case["officers"]
    for o in found:  # provenance: the span is the name
        assert text[o.start:o.end] == o.name


@pytest.mark.parametrize("case", load("signatories.yaml"), ids=_ids)
def test_signatories(case, tmp_path):
    text = _text(case, tmp_path)
    assert [[n, t] for n, t, _ln in find_signatories(split_lines(text))] == case["signatories"]


@pytest.mark.parametrize("case", load("proposals.yaml"), ids=_ids)
def test_proposals(case, tmp_path):
    text = _text(case, tmp_path)
    items, span = extract_proposals(text, split_lines(text))
    assert items == case["proposals"]
    if items:
        assert items[0][:20] in " ".join(text[span[0]:span[1]].split())


@pytest.mark.parametrize("case", load("paragraphs.yaml"), ids=_ids)
def test_paragraphs(case, tmp_path):
    text = _text(case, tmp_path)
    got = parse_paragraphs(text, split_lines(text), set(), lambda _o: None)
    want = case["paragraphs"]
    assert [p.number for p in got] == [w["number"] for w in want]
    for p, w in zip(got, want):
        for key, value in w.items():
            assert getattr(p, key) == value, (p.number, key)
        if p.decision:
            assert p.decision[:15] in " ".join(text[p.decision_span.char_start:p.decision_span.char_end].split())


@pytest.mark.parametrize("case", load("protocol_people.yaml"), ids=_ids)
def test_protocol_people(case, tmp_path):
    assert protocol_people(_text(case, tmp_path)) == case["roles"]


@pytest.mark.parametrize("case", load("case_roles.yaml"), ids=_ids)
def test_case_number_labels_and_agency_numbers(case):
    found = find_case_numbers(case["text"])
    assert [[c.key, c.label_at_line_start] for c in found] == case["keys"]
    assert [r for r, _s, _e in find_external_numbers(case["text"])] == case.get("external", [])


@pytest.mark.parametrize("case", load("entities.yaml"), ids=_ids)
def test_spacy_pipeline_entities(case):
    from nlp.pipeline import entities

    got = entities(case["text"])
    assert [[label, text] for label, text, _s, _e in got] == case["ents"]
    for _label, text, s, e in got:
        assert case["text"][s:e] == text


def test_spacy_pipeline_is_blank_swedish_with_rules_and_simplemma_lemmas():
    from nlp.pipeline import get_nlp

    nlp = get_nlp()
    assert nlp.lang == "sv" and nlp.meta.get("name") == "pipeline"  # spacy.blank, nothing downloaded
    assert nlp.pipe_names == ["simplemma_lemmatizer", "entity_ruler", "regex_entities"]
    assert len(nlp.get_pipe("entity_ruler").patterns) > 0
    doc = nlp("Hon har varit handläggare")
    assert [t.lemma_ for t in doc][:2] == ["hon", "ha"]  # spaCy's sv lookup table says "hare"


@pytest.mark.parametrize("case", load("justering.yaml"), ids=_ids)
def test_justering_date(case):
    from nlp.protocol import find_justering_date

    found = find_justering_date(case["text"])
    assert (found[0] if found else None) == case["date"]
    if found:
        assert case["text"][found[1]:found[2]] in case["text"]


@pytest.mark.parametrize("text,names", [
    ("Beslut i detta ärende har fattats av inspektören Michaela Hecht Gunnarsson. Inspektören Yvonne Berneke har deltagit.",
     ["Michaela Hecht Gunnarsson"]),
    ("Beslutet har fattats av Anna Berg efter föredragning.", ["Anna Berg"]),
    ("Nämnden har fattat beslut om budgeten.", []),
])
def test_decision_maker_of_an_authority_letter(text, names):
    from nlp.people import find_decided_by

    found = find_decided_by(text)
    assert [n for n, _s, _e in found] == names
    assert all(text[s:e] == n for n, s, e in found)


@pytest.mark.parametrize("text,names", [
    ("Rapporten finns i bilaga. Kristina Appert Administrativ chef Cecilia Frid Socialchef Bilaga Delårsrapport augusti 2019.",
     ["Kristina Appert", "Cecilia Frid"]),
    # title before the name, the letterhead footer right after: the page's closing signature
    ("åtgärder som vidtagits. Kulturförvaltningen Förvaltningschef Karin Ström Postadress: Box 12, 123 45 Orten",
     ["Karin Ström"]),
    # "Ordförande: … Kontorschef: …" are labelled header values, not signatures
    ("Kulturnämnden Ordförande: Lars Nyberg Kontorschef: Ann Wiik Driftredovisning Budget Redovisat", []),
    # role labels in one run, their values after the time and place in the same order
    ("KALLELSE MILJÖNÄMNDEN Tid och plats: Ordförande: Sekreterare: Tisdagen den 4 maj 2021 kl. 13.00, "
     "Rådhuset, Ystad Karl-Erik Holm Sofia Lind Sammanträdet är öppet för allmänheten.", ["Karl-Erik Holm", "Sofia Lind"]),
])
def test_signatures_on_a_flattened_page(text, names):
    from nlp.people import find_signatories_inline

    assert find_signatories_inline(text) == names


@pytest.mark.parametrize("case", load("attachments.yaml"), ids=_ids)
def test_attachments(case):
    from nlp.fields import find_attachment_lines

    text = case["text"]
    found = find_attachment_lines(split_lines(text))
    assert [t for t, _ln in found] == case["attachments"]
    for t, ln in found:  # provenance: the line the attachment is listed on
        assert t in text[ln.start:ln.end]


def test_a_date_inside_the_proposal_is_not_the_papers_date(tmp_path):
    """A flattened header whose Datum value was lost: the next date in the run is the period the
    proposal speaks of ("per den 31 mars 2021"), not the date of the paper."""
    from ingest.readers import read_file
    from nlp.extract import extract

    path = tmp_path / "ts.txt"
    path.write_text("3 Kulturkontoret TJÄNSTESKRIVELSE Handläggare, telefon Datum Vår beteckning Jonas Almgren, Dnr "
                    "Kulturnämnden Tertialrapport 1 2021 Förslag till beslut Kulturnämnden beslutar godkänna tertialrapport 1 "
                    "per den 31 mars 2021 och överlämna den till kommunstyrelsen. Sammanfattning Nämnden visar ett överskott "
                    "efter årets första tertial och prognosen för helåret visar en budget i balans.\n", encoding="utf-8")
    (doc,) = extract(read_file(path)).documents
    assert doc.proposals and doc.date is None
    assert doc.officers == ["Jonas Almgren"]


def test_a_kallelse_names_its_chair_and_secretary_in_its_head(tmp_path):
    from ingest.readers import read_file
    from nlp.extract import extract

    path = tmp_path / "kallelse.txt"
    path.write_text("KALLELSE\nTekniska nämnden\n\nTid: 2022-03-08 kl. 18.00\nPlats: Stadshuset\n"
                    "Ordförande: Gunilla Ros\nSekreterare: Tobias Hed\nJusterare: Ove Lind\n\n"
                    "Ärenden\n1. Val av justerare\n2. Gatuunderhåll 2022\n3. Delegationsbeslut\n", encoding="utf-8")
    (doc,) = extract(read_file(path)).documents
    assert doc.doc_type == "kallelse"
    assert doc.signatories == ["Gunilla Ros", "Tobias Hed"]  # the justerare signs the protocol, not the kallelse
    assert {(p.name, p.role) for p in doc.people} >= {("Gunilla Ros", "ordförande"), ("Tobias Hed", "sekreterare")}
