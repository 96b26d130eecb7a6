"""Records extracted from real papers in corpus/: what a registrator or secretary relies on."""
import pytest

from ingest.readers import read_file
from nlp.extract import extract


@pytest.fixture(scope="module")
def docs_of(corpus):
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = extract(read_file(corpus / name)).documents
        return cache[name]

    return get


def test_kalmar_tjansteskrivelse_fields(docs_of):
    ts = next(d for d in docs_of("004_74cb76b5d399f236.txt") if d.doc_type == "tjänsteskrivelse")
    assert ts.title == "Verksamhetsplan med internbudget 2023"
    assert ts.date == "2023-01-23"
    assert ts.own_case_keys == ["SN 2023/81"]
    assert ts.committee == "Socialnämnden"
    assert ts.municipality == "Kalmar"
    assert ts.proposals == ["Socialnämnden beslutar att anta förslaget till verksamhetsplan med internbudget för 2023."]
    assert "Camilla Freedeke" in ts.signatories


def test_case_number_has_provenance(docs_of, corpus):
    raw = read_file(corpus / "000_a8f689af88bd6541.txt")
    docs = docs_of("000_a8f689af88bd6541.txt")
    refs = [c for d in docs for c in d.case_numbers if c.key == "SN 2022/288"]
    assert refs, "the ej verkställda beslut paper must carry SN 2022/288"
    for c in refs:
        assert raw.text[c.span.char_start:c.span.char_end].replace("\n", " ").startswith("SN 2022/0288")


def test_katrineholm_packet(docs_of):
    docs = docs_of("002_af67799fa5bd8c53.txt")
    assert docs[0].doc_type == "kallelse"
    items = {a.number: a for a in docs[0].agenda_items}
    assert items[20].case_keys == ["SOCN 2018/23", "KS 2018/69"] or "SOCN 2018/23" in items[20].case_keys
    remissvar = next(d for d in docs if "SOCN 2018/23" in d.own_case_keys)
    assert remissvar.doc_type == "tjänsteskrivelse"
    assert remissvar.officers == ["Ola Nordqvist"]
    assert remissvar.proposals[0] == "Socialnämnden beslutar att godkänna förvaltningens förslag till remissvar."


def test_lomma_protocol_paragraphs(docs_of):
    docs = docs_of("lomma-partiguide__SN_2025-06-10.txt")
    assert len(docs) == 1 and docs[0].doc_type == "protokoll"
    p = {x.number: x for x in docs[0].paragraphs}
    assert sorted(p) == list(range(56, 65))
    assert p[56].case_keys == ["SN 2025/145"]
    assert p[56].decision.startswith("att fastställa analys- och kvalitetsrapport 2026-2029")
    assert p[56].vote == "Ja 6, Nej 5"
    assert "Ida Alm (L)" in p[56].reservations
    assert docs[0].date == "2025-06-10"


def test_kungsbacka_protocol_votes_and_reservations(docs_of):
    docs = docs_of("kommunhandlingar__kungsbacka_vo_2025-09-04_protokoll.md")
    proto = docs[0]
    assert proto.doc_type == "protokoll" and proto.committee == "Nämnden för Vård & Omsorg"
    p = {x.number: x for x in proto.paragraphs}
    assert sorted(p) == list(range(111, 129))
    assert p[113].case_keys == ["VO 2022/121"]
    assert p[113].decision.startswith("Nämnden för Vård & Omsorg godkänner överenskommelse")
    assert p[117].vote and p[117].vote.startswith("Ja 6, Nej 3")
    assert any("Ermin" in r for r in p[117].reservations)


def test_servicenamnden_utdrag_in_kalmar_packet(docs_of):
    docs = docs_of("000_a8f689af88bd6541.txt")
    utdrag = [d for d in docs if d.doc_type == "protokollsutdrag"]
    assert utdrag and utdrag[0].paragraphs[0].number == 106
    assert utdrag[0].paragraphs[0].case_keys == ["SFN 2022/202"]


def test_flattened_delarsrapport(docs_of):
    docs = docs_of("003_b4559db47a798bae.txt")
    ts = docs[0]
    assert ts.doc_type == "tjänsteskrivelse"
    assert ts.own_case_keys == ["SN 2018/720"] and ts.date == "2019-09-16"
    assert ts.proposals == ["Socialnämnden beslutar att godkänna delårsrapport efter augusti 2019."]


def test_money_and_legal_references(docs_of):
    docs = docs_of("003_b4559db47a798bae.txt")
    money = [m for d in docs for m in d.money]
    assert any(m.amount == -15.0 and m.unit == "mnkr" and "underskott" in m.label for m in money)
