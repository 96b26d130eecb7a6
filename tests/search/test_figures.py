"""Labelled figures: data-driven cases (tests/search/cases/figures.yaml) plus span provenance."""
from pathlib import Path

import pytest
import yaml

from search.figures import find_figures

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "figures.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:40])
def test_figures(case):
    found = find_figures(case["text"], heading=case.get("heading", ""), default_year=case.get("year"))
    got = [[f.kind, f.value, f.unit, f.year, f.year_source] for f in found]
    assert got == [[k, float(v), u, y, s] for k, v, u, y, s in case["figures"]]
    for f in found:  # provenance: the span holds the number as written
        digits = case["text"][f.char_start:f.char_end].replace(" ", "").replace("\u00a0", "")
        assert str(abs(int(f.value))) in digits.replace(",", "").replace(".", "") or str(abs(f.value)).replace(".", ",") in digits
