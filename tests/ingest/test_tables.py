"""Ruled tables read from rules + text boxes (ingest/tables.py), and the same rows as pdfplumber on real PDFs."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from ingest import pdf as pdf_mod
from ingest.layout import Segment
from ingest.tables import grid_tables

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "tables.yaml").read_text(encoding="utf-8"))


def _rules(case: dict) -> list[tuple[float, float, float, float]]:
    rules = [tuple(map(float, r)) for r in case.get("rules", [])]
    if "grid" in case:
        xs, ys = case["grid"]["xs"], case["grid"]["ys"]
        rules += [(xs[0], y - 0.5, xs[-1], y + 0.5) for y in ys]
        rules += [(x - 0.5, ys[0], x + 0.5, ys[-1]) for x in xs]
    return rules


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"][:50])
def test_grid_cases(case: dict) -> None:
    boxes = [Segment(float(b[0]), float(b[1]), float(b[2]), float(b[3]), str(b[4])) for b in case["boxes"]]
    got = grid_tables(_rules(case), boxes)
    if case["tables"] is None:
        assert got is None
    else:
        assert got is not None
        assert [t.rows for t in got] == case["tables"]


def _ruled_pages(path: Path):
    """(doc, index, raw page) for every page the reader would look for a ruled table on."""
    doc = pdfium.PdfDocument(str(path))
    deadline = pdf_mod._Deadline(60)
    for i in range(len(doc)):
        rp = pdf_mod._extract_page(doc, i, deadline)
        if rp.ruled and rp.has_multi:
            yield doc, i, rp


def _cleaned(found) -> list[list[list[str]]]:
    out = []
    for _bbox, rows in found:
        rows, _reliable = pdf_mod._clean_rows(rows)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            out.append(rows)
    return out


def test_grid_rows_equal_pdfplumber_on_generated_tables(pdf_fixtures, corpus_twins) -> None:
    """Every ruled table page of the fixtures and of the corpus twins (Word-style grids, cells that
    wrap, tables split across pages) reads the same rows from pdfium's rules as pdfplumber finds."""
    files = [pdf_fixtures["table"], pdf_fixtures["packet"]] + sorted(corpus_twins.values())
    compared = 0
    for path in files:
        for doc, i, rp in _ruled_pages(path):
            grid = grid_tables(rp.rules, [s for ln in rp.lines for s in ln.segments])
            assert grid is not None, f"{path.name} page {i + 1}: a plain grid fell back to pdfplumber"
            plumber = _cleaned(pdf_mod._Plumber(doc).tables(i))
            assert _cleaned((t.bbox, t.rows) for t in grid) == plumber, f"{path.name} page {i + 1}"
            compared += bool(plumber)
    assert compared >= 10
