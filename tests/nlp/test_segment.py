"""Packet segmentation and paper classification on small inputs, one per format (cases/segment.yaml).

Each case is read through the real reader (so NFC normalisation, page markers and form feeds
apply) and extracted; the papers found must start where a reader says they start and carry the
expected kind, title, date and committee.
"""
import unicodedata
from pathlib import Path

import pytest
import yaml

from ingest.readers import read_file
from nlp.extract import extract
from nlp.segment import attachment_match

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "segment.yaml").read_text(encoding="utf-8"))
# A paper may start a line or two above the cue a case names (a logo, a committee line).
SLACK = 40


def _content(case) -> str:
    return "\f".join(case["pages"]) if "pages" in case else case["text"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_segment_case(case, tmp_path):
    path = tmp_path / case["file"]
    path.write_text(_content(case), encoding="utf-8")
    raw = read_file(path)
    for page, label in zip(raw.pages, case.get("page_labels", [])):
        page.label = label   # what the PDF reader lifts out of a page's header or footer
    docs = extract(raw).documents
    expected = case["docs"]
    pos, starts = 0, []
    for e in expected:
        k = raw.text.find(unicodedata.normalize("NFC", e["start"]), pos)
        assert k >= 0, f"case text lacks {e['start']!r}"
        starts.append(k)
        pos = k + 1
    got = [(d.char_start, d.doc_type, d.title) for d in docs]
    assert len(docs) == len(expected), f"expected {len(expected)} papers, got {got}"
    for e, k, d in zip(expected, starts, docs):
        assert abs(d.char_start - k) <= SLACK, f"paper expected at {k} ({e['start'][:30]!r}), found at {d.char_start}: {got}"
        for field in ("doc_type", "title", "date", "committee"):
            if field in e:
                assert getattr(d, field) == e[field], f"{field} of paper at {e['start'][:30]!r}"


@pytest.mark.parametrize("candidate,listed,heading,expected", [
    ("Driftredovisning, tkr 2022", ["Tertialuppföljning 2022", "Driftredovisning 2022"], False, 1),
    ("Här kommer handlingsplanen för förbättringsområden på Birgittagården.", ["Handlingsplan Birgittagården"], False, 0),
    ("Åtterrapporering av barnrättsarbetet 2022", ["Återrapportering av barnrättsarbete 2022"], True, 0),
    ("Kvalitetsuppföljning Mossegården 2022", ["Rapport Kvalitetsuppföljning Lustgården 2022"], True, None),
    ("Lokalplaneringsprocessen innebär att behov och resurser stäms av mot varandra varje år", ["Lokalplaneringsprocessen"], False, None),
    ("Kvalitetsuppföljning", ["Kvalitetsuppföljning IOP Brottsofferjouren 2022"], True, None),
])
def test_attachment_match(candidate, listed, heading, expected):
    hit = attachment_match(candidate, listed, heading)
    assert (hit[0] if hit else None) == expected


TITLE_CASES = yaml.safe_load((Path(__file__).parent / "cases" / "titles.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", TITLE_CASES, ids=[c["text"][:40] for c in TITLE_CASES])
def test_title_page(case):
    from nlp.textutil import split_lines
    from nlp.titles import title_page

    assert title_page(split_lines(case["text"]))[0] == case["title"]
