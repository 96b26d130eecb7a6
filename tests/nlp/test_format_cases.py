"""Whole papers in formats other municipalities publish (cases/formats.yaml): each is read through the
real reader and extracted; the first paper's fields named under `expect` must come out as a reader says."""
from pathlib import Path

import pytest
import yaml

from ingest.readers import read_file
from nlp.extract import extract

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "formats.yaml").read_text(encoding="utf-8"))


def _field(doc, name):
    if name == "paragraph_numbers":
        return [p.number for p in doc.paragraphs]
    if name == "paragraph_titles":
        return [p.title for p in doc.paragraphs]
    if name == "agenda":
        return [[a.number, a.title] for a in doc.agenda_items]
    if name == "agenda_case_keys":
        return [a.case_keys for a in doc.agenda_items]
    if name == "case_keys":
        return [c.key for c in doc.case_numbers if c.role == "own"]
    return getattr(doc, name)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_format_case(case, tmp_path):
    path = tmp_path / case.get("file", "paper.txt")
    path.write_text(case["text"], encoding="utf-8")
    docs = extract(read_file(path)).documents
    assert docs, "no paper found"
    for name, want in case["expect"].items():
        assert _field(docs[0], name) == want, name
