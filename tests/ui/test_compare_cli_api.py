"""`namndsok compare topic|reports --json` print one JSON object with the documented fields, and
the API serves the same results and their tables as CSV."""
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ui.cli import app as cli_app

TOPIC_KEYS = {"query", "terms", "years", "counts", "figures"}
PASSAGE_KEYS = {"document_id", "chunk_id", "source", "title", "doc_type", "municipality", "committee", "date",
                "case_numbers", "heading", "page", "char_start", "char_end", "snippet", "score", "matched_terms", "figures"}
FIGURE_KEYS = {"kind", "label", "value", "unit", "value_mnkr", "year", "year_source", "raw", "source_kind",
               "document_id", "source", "page", "char_start", "char_end"}
REPORTS_KEYS = {"kind", "reports", "rows", "key_figures", "figures"}
KEY_FIGURE_KEYS = FIGURE_KEYS | {"municipality", "committee", "explicit", "report", "report_year", "section"}


@pytest.fixture(scope="module")
def store_dir(corpus_service):
    return str(corpus_service.cfg.store)


def _run(args, monkeypatch):
    monkeypatch.setenv("NAMNDSOK_EMBEDDER", "none")
    res = CliRunner().invoke(cli_app, args)
    assert res.exit_code == 0, res.output
    return res


def test_cli_compare_topic_json(store_dir, monkeypatch):
    out = json.loads(_run(["compare", "topic", "underskott placeringar barn och unga", "--json", "--store", store_dir], monkeypatch).stdout)
    assert set(out) == TOPIC_KEYS
    y2019 = next(y for y in out["years"] if y["year"] == 2019)
    assert set(y2019) == {"year", "documents", "passages_found", "passages"}
    assert set(y2019["passages"][0]) == PASSAGE_KEYS
    assert FIGURE_KEYS <= set(out["figures"][0])
    assert any(f["value"] == -15.0 and f["unit"] == "mnkr" and f["page"] in (2, 22) for f in out["figures"])


def test_cli_compare_reports_json_and_csv(store_dir, monkeypatch, tmp_path):
    csv_file = tmp_path / "nyckeltal.csv"
    out = json.loads(_run(["compare", "reports", "--type", "kvalitetsberättelse", "--json", "--store", store_dir,
                           "--csv", str(csv_file)], monkeypatch).stdout)
    assert set(out) == REPORTS_KEYS and out["kind"] == "kvalitetsberättelse"
    assert KEY_FIGURE_KEYS <= set(out["key_figures"][0])
    lex = {(f["municipality"], f["year"]): f["value"] for f in out["key_figures"] if f["kind"] == "lex Sarah-rapporter"}
    assert lex[("Karlshamn", 2022)] == 49 and lex[("Karlshamn", 2023)] == 35 and lex[("Karlshamn", 2024)] == 22
    row = out["rows"][0]
    assert set(row) == {"label", "reports", "cells", "diffs"} and len(row["cells"]) == len(out["reports"])
    assert "lex Sarah-rapporter" in csv_file.read_text(encoding="utf-8")


def test_cli_compare_reports_unknown_type(store_dir, monkeypatch):
    monkeypatch.setenv("NAMNDSOK_EMBEDDER", "none")
    res = CliRunner().invoke(cli_app, ["compare", "reports", "--type", "budgetbrev", "--store", store_dir])
    assert res.exit_code == 2 and "Okänd rapporttyp" in res.output


@pytest.fixture(scope="module")
def client(corpus_service):
    from ui import api

    api.app.dependency_overrides[api.get_service] = lambda: corpus_service
    yield TestClient(api.app)
    api.app.dependency_overrides.clear()


def test_api_compare_topic_and_csv(client):
    r = client.get("/compare/topic", params={"q": "underskott placeringar barn och unga", "k": 2})
    assert r.status_code == 200 and set(r.json()) == TOPIC_KEYS
    assert all(len(y["passages"]) <= 2 for y in r.json()["years"])
    c = client.get("/compare/topic.csv", params={"q": "underskott placeringar barn och unga", "table": "counts"})
    assert c.status_code == 200 and c.headers["content-type"].startswith("text/csv")
    assert c.text.lstrip("\ufeff").startswith("year;municipality;committee;documents;passages")
    assert client.get("/compare/topic", params={"q": ""}).status_code == 422


def test_api_compare_reports_and_csv(client):
    r = client.get("/compare/reports", params={"type": "delarsrapport", "municipality": "Kalmar"})
    assert r.status_code == 200 and [x["period_year"] for x in r.json()["reports"]] == [2019, 2022]
    c = client.get("/compare/reports.csv", params={"type": "kvalitetsberättelse", "table": "key_figures"})
    assert c.status_code == 200 and "lex Sarah-rapporter" in c.text
    bad = client.get("/compare/reports", params={"type": "budgetbrev"})
    assert bad.status_code == 422 and "Okänd rapporttyp" in bad.json()["detail"]
    assert "/compare/reports" in client.get("/openapi.json").json()["paths"]
