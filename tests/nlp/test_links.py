"""Agenda items linked to their papers inside a packet (cases/agenda_links.yaml) and on the corpus."""
from pathlib import Path

import pytest
import yaml

from ingest.readers import read_file
from nlp.extract import extract
from nlp.links import title_similarity

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "agenda_links.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_agenda_links(case, tmp_path):
    path = tmp_path / case["file"]
    path.write_text(case["text"], encoding="utf-8")
    raw = read_file(path)
    docs = extract(raw).documents
    kallelse = next(k for k, d in enumerate(docs) if d.doc_type == "kallelse")
    items = {it.number: it for it in docs[kallelse].agenda_items}
    for number, expected in case["links"].items():
        want = []
        for e in expected:
            at = raw.text.find(e["start"])
            assert at >= 0, e["start"]
            j = next(j for j, d in enumerate(docs) if d.char_start <= at < d.char_end)
            want.append(j)
            link = next(link for link in docs[j].agenda_links if link.number == number)
            assert link.via == e["via"] and link.kallelse == kallelse
        assert items[number].documents == want, f"item {number}"


@pytest.mark.parametrize("a,b,same", [
    ("Svar på remiss - Lokalförsörjningspolicy Kalmar kommun", "Svar på remiss - Lokalförsörjningspolicy Kalmar kommun", True),
    ("Ej verkställda beslut 4:e kvartalet 2022", "Rapportering ej verkställda beslut 4:e kvartalet 2022", True),
    ("Kvalitetsuppföljning Birgittagården 2022", "Kvalitetsuppföljning Miniprint 2022", False),
    ("Anmälan av delegationsärenden", "Anmälan av kännedomsärenden", False),
    ("Övrigt", "Information från förvaltningschef och ordförande", False),
])
def test_title_similarity(a, b, same):
    assert (title_similarity(a, b) >= 0.8) is same


def test_kalmar_packet_links_every_tjansteskrivelse(corpus):
    docs = extract(read_file(corpus / "000_a8f689af88bd6541.txt")).documents
    tjs = [d for d in docs if d.doc_type == "tjänsteskrivelse"]
    # every tjänsteskrivelse in the packet answers exactly one agenda item, found by its title
    assert all(len(d.agenda_links) == 1 and d.agenda_links[0].via == "title" for d in tjs)
    vesta = next(d for d in docs if d.doc_type == "myndighetsbeslut")
    assert [link.number for link in vesta.agenda_links] == [9]


def test_katrineholm_packet_links_by_case_number(corpus):
    docs = extract(read_file(corpus / "002_af67799fa5bd8c53.txt")).documents
    items = {it.number: it for it in docs[0].agenda_items}
    assert [docs[j].own_case_keys for j in items[20].documents][0] == ["SOCN 2018/23"]
    assert all(link.via == "case_key" for j in items[22].documents[:1] for link in docs[j].agenda_links)
