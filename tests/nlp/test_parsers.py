"""Data-driven parser tests: each YAML case is input text beside the expected output."""
from pathlib import Path

import pytest
import yaml

from nlp.casenumbers import find_case_numbers, normalize_case_key
from nlp.references import find_legal_references, find_money, find_protocol_references

CASES = Path(__file__).parent / "cases"


def load(name):
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", load("casenumbers.yaml"), ids=lambda c: c["text"][:40])
def test_case_numbers(case):
    found = find_case_numbers(case["text"])
    assert [c.key for c in found] == case["keys"]
    if "raw" in case:
        assert [c.raw for c in found] == case["raw"]
    for c in found:  # provenance: the span points at the number in the text
        assert case["text"][c.start:c.end].split()[0] == c.raw.split()[0]


@pytest.mark.parametrize("case", load("normalize.yaml"), ids=lambda c: c["query"])
def test_normalize_case_key(case):
    assert normalize_case_key(case["query"]) == case["key"]


@pytest.mark.parametrize("case", load("references.yaml"), ids=lambda c: c["text"][:40])
def test_references(case):
    refs = find_legal_references(case["text"]) + find_protocol_references(case["text"])
    got = sorted([[r.kind, case["text"][r.start:r.end]] for r in refs], key=lambda x: case["text"].find(x[1]))
    assert got == case["refs"]


@pytest.mark.parametrize("case", load("money.yaml"), ids=lambda c: c["text"][:40])
def test_money(case):
    got = [[m.value["amount"], m.value["unit"], m.value["label"]] for m in find_money(case["text"])]
    assert got == case["money"]
