"""Extraction quality on papers the extractor was not tuned on (tests/gold/holdout) may only go up.

The corpus gold set scores near 1.0 because the patterns were developed against it; this set comes
from other municipalities and bodies (see tests/gold/holdout/README.md and MANIFEST.tsv) and shows
how the formats generalise. Floors sit a little under the figures measured when they were set:

    .venv/bin/python tests/eval_extraction.py --gold tests/gold/holdout --misses

Every field has a floor (officers and agenda_case_keys, at 0.0 when the set was made, got theirs
once the extractor found them).
"""
import csv
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from eval_extraction import evaluate, gold_offsets  # noqa: E402
from ingest.readers import read_file  # noqa: E402

HOLDOUT = Path(__file__).resolve().parents[1] / "gold" / "holdout"

# first measured 2026-12-02 (14 files, 16 gold documents): segmentation 0.903, doc_type 0.438,
# title 0.500, committee 0.828, municipality 0.880, date 0.533, meeting_date 0.462,
# case_keys 0.667, officers 0.0, signatories 0.375, proposals 0.400, paragraphs 0.600,
# paragraph_numbers 0.600, paragraph_case_keys 0.421, agenda_items 0.120, agenda_case_keys 0.0.
# Re-measured after the format work on segmentation/doc type and on the field parsers (flattened
# agendas and signature blocks, protocol indexes, two-digit-year and year/body case numbers):
# segmentation 1.000, doc_type 1.000, title 0.800, committee 0.828, municipality 0.880, date 0.900,
# meeting_date 0.800, case_keys 1.000, officers 1.000, signatories 1.000, proposals 1.000,
# paragraphs 1.000, paragraph_numbers 1.000, paragraph_case_keys 1.000, agenda_items 0.977,
# agenda_case_keys 1.000. With so few items per field one miss moves F1 by 0.05-0.3, so floors
# sit one miss or so below. After the utskott/municipality-phrase work: committee 0.968,
# municipality 0.923.
FLOORS = {
    "segmentation": 0.93,
    "doc_type": 0.90,
    "title": 0.75,
    "committee": 0.90,
    "municipality": 0.87,
    "date": 0.85,
    "meeting_date": 0.75,
    "case_keys": 0.65,
    "officers": 0.85,
    "signatories": 0.93,
    "proposals": 0.85,
    "paragraphs": 0.95,
    "paragraph_numbers": 0.95,
    "paragraph_case_keys": 0.93,
    "agenda_items": 0.93,
    "agenda_case_keys": 0.90,
}


@pytest.fixture(scope="module")
def result():
    return evaluate(gold=HOLDOUT)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_holdout_field_f1_floor(result, field):
    f1 = result["fields"][field].prf()[2]
    assert f1 >= FLOORS[field], f"held-out {field}: F1 {f1:.3f} < floor {FLOORS[field]}"


def test_every_holdout_document_is_annotated_and_sourced():
    docs = sorted(p.name for p in (HOLDOUT / "docs").iterdir())
    gold = {yaml.safe_load(p.read_text(encoding="utf-8"))["source"]: p for p in (HOLDOUT / "extraction").glob("*.yaml")}
    with open(HOLDOUT / "MANIFEST.tsv", encoding="utf-8") as fh:
        manifest = {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}
    assert docs and sorted(gold) == docs and sorted(manifest) == docs
    for name in docs:
        assert manifest[name]["location"], f"{name}: no source location in MANIFEST.tsv"
        data = yaml.safe_load(gold[name].read_text(encoding="utf-8"))
        text = read_file(HOLDOUT / "docs" / name).text
        # every annotated document start must be found in the text, in order
        offsets = gold_offsets(text, data["documents"])
        assert offsets == sorted(offsets)
        assert unicodedata.is_normalized("NFC", text[offsets[0]:offsets[0] + 40])
