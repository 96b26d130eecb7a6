"""Golden search results: the top-5 lexical hits for fixed queries on corpus/ (embedder none).

One file per query in tests/search/golden/<slug>.json holds what a user sees in the result list
(source, title, doc_type, page, case numbers; no scores, which move with every index change).
A change in extraction, segmentation, analysis or ranking that reorders or retitles results
shows up here as a diff to review. When the change is wanted, rewrite the files with

    .venv/bin/python -m pytest tests/search/test_golden_search.py --update-golden
    (or NAMNDSOK_UPDATE_GOLDEN=1)

and read the diff before committing: the first hit of each query must stay a right answer per
tests/gold/retrieval.yaml (checked below independently of the files).
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

GOLDEN = Path(__file__).parent / "golden"
GOLD = Path(__file__).resolve().parents[1] / "gold" / "retrieval.yaml"
K = 5

# Representative queries of tests/gold/retrieval.yaml: keywords, natural questions, paraphrases,
# case numbers in several registers' forms, an agency number and § references.
QUERY_IDS = ["q01", "q03", "q04", "q11", "q12", "q17", "q21", "q29", "q64", "q42",
             "q49", "q50", "q53", "q54", "q61"]

_gold = {q["id"]: q for q in yaml.safe_load(GOLD.read_text(encoding="utf-8"))}


def slug(query: str) -> str:
    folded = unicodedata.normalize("NFKD", query).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:80]


def live(svc, query: str) -> dict:
    hits = svc.search(query, k=K, mode="lexical").hits
    return {"query": query, "mode": "lexical", "k": K, "hits": [
        {"source": h.source, "title": h.title, "doc_type": h.doc_type, "page": h.page, "case_numbers": h.case_numbers}
        for h in hits]}


def _updating(config) -> bool:
    return bool(config.getoption("--update-golden", default=False)) or os.environ.get("NAMNDSOK_UPDATE_GOLDEN") == "1"


def _first_hit_relevant(svc, q: dict) -> bool:
    hit = svc.search(q["query"], k=1, mode="lexical").hits[0]
    doc = svc.store.get_document(hit.document_id)
    text = unicodedata.normalize("NFC", svc.store.file_text(doc["file_id"]))
    for r in q["relevant"]:
        off = text.find(unicodedata.normalize("NFC", r["anchor"]))
        if r["source"] == hit.source and doc["char_start"] <= off < doc["char_end"]:
            return True
    return False


@pytest.mark.parametrize("qid", QUERY_IDS)
def test_golden_search(corpus_service, qid, request):
    query = _gold[qid]["query"]
    path = GOLDEN / f"{slug(query)}.json"
    got = live(corpus_service, query)
    if _updating(request.config):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with --update-golden"
    want = json.loads(path.read_text(encoding="utf-8"))
    assert got == want, f"results for {query!r} changed; review, then --update-golden"


@pytest.mark.parametrize("qid", QUERY_IDS)
def test_first_hit_is_a_right_answer(corpus_service, qid):
    """What the golden files may enshrine: the top hit is relevant per the gold set."""
    assert _first_hit_relevant(corpus_service, _gold[qid]), _gold[qid]["query"]


def test_a_named_municipality_lifts_its_papers_without_hiding_others(corpus_service):
    # "hemtjänsten" also matches a Karlshamn report listing seven "Hemtjänst <unit>" lines;
    # "i Kungsbacka" must put the Kungsbacka protocol with the vote first.
    hits = corpus_service.search("hur röstade nämnden om sexveckorsschema i hemtjänsten i Kungsbacka?", k=5, mode="lexical").hits
    assert (hits[0].municipality, hits[0].doc_type) == ("Kungsbacka", "protokoll")
    # A municipality with no matching paper: the papers that match are still found.
    hits = corpus_service.search("babymonitor ljudövervakning Lomma", k=5, mode="lexical").hits
    assert hits[0].municipality == "Kalmar" and "Vesta" in hits[0].title
    assert sum("Vesta" in (h.title or "") for h in hits[:3]) == 2


def _titles(svc, query: str, k: int = 10) -> list[str]:
    return [h.title for h in svc.search(query, k=k, mode="lexical").hits]


def test_case_number_finds_the_papers_filed_with_its_own_paper(corpus_service):
    """Bilagor rarely print the case number; searching it must still bring them, after the
    paper that carries it: by the agenda item they share in a kallelse packet ..."""
    titles = _titles(corpus_service, "SN 2022/0288")
    assert titles[0] == "Ej verkställda beslut 4:e kvartalet 2022"
    assert "Rapportering ej verkställda beslut 4:e kvartalet 2022" in titles[1:3]
    assert any(t.startswith("Nulägesrapport ej verkställda bostadsbeslut") for t in titles[1:3])
    # ... and, in a file without an agenda, by the attachment list of the tjänsteskrivelse.
    hits = corpus_service.search("SN 2023/81", k=10, mode="lexical").hits
    assert [(h.doc_type, h.title) for h in hits[:2]] == [
        ("tjänsteskrivelse", "Verksamhetsplan med internbudget 2023"), ("rapport", "Verksamhetsplan med internbudget 2023")]
    assert hits[1].score > 1  # ranked as an exact hit of the number, not by its words


def test_golden_files_match_the_query_list():
    """A query dropped from the list must not leave a stale file behind that nobody checks."""
    assert {p.stem for p in GOLDEN.glob("*.json")} == {slug(_gold[q]["query"]) for q in QUERY_IDS}
