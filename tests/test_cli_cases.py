"""CLI: verify, trace and precedent print one JSON object with the documented fields."""
import json

from typer.testing import CliRunner

from ui.cli import app

runner = CliRunner()


def _json(args, svc):
    r = runner.invoke(app, args + ["--store", str(svc.cfg.store), "--json"], env={"NAMNDSOK_EMBEDDER": "none"})
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_verify_json_and_csv(corpus_service, tmp_path):
    out = tmp_path / "fynd.csv"
    body = _json(["verify", "--csv", str(out)], corpus_service)
    assert set(body) == {"query", "case_key", "checked_numbers", "checked_mentions", "counts", "findings"}
    assert body["counts"] == {"error": 0, "warning": 0, "info": len(body["findings"])}
    assert out.read_text(encoding="utf-8").lstrip("\ufeff").startswith("allvarlighet;")


def test_trace_json(corpus_service):
    body = _json(["trace", "VO-2025-00354"], corpus_service)
    assert set(body) == {"query", "case_key", "titles", "timeline", "decisions", "related", "proposals"}
    d = body["decisions"][0]
    assert d["paragraph"] == 118 and d["outcome"] == "bifall" and d["vote"]["summary"] == "Ja 8, Nej 3"


def test_precedent_from_file(corpus_service, tmp_path):
    draft = tmp_path / "utkast.txt"
    draft.write_text("Nämnden noterar informationen till protokollet.\n", encoding="utf-8")
    body = _json(["precedent", str(draft), "--mode", "lexical", "--k", "2"], corpus_service)
    assert set(body) == {"query", "satser", "candidates", "groups"} and len(body["groups"]) == 2
    assert body["satser"] == ["Nämnden noterar informationen till protokollet."]


def test_not_a_case_number_exits_2(corpus_service):
    for cmd in ("verify", "trace"):
        r = runner.invoke(app, [cmd, "hej", "--store", str(corpus_service.cfg.store)])
        assert r.exit_code == 2 and "diarienummer" in r.output
