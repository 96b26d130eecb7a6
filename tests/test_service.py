"""End to end over the corpus: ingest → records → search → case lookup, as users meet it."""
import json
import shutil

from typer.testing import CliRunner

from ui.cli import app


def test_corpus_ingests_without_errors(corpus_service):
    h = corpus_service.health()
    assert h["documents"] >= 60 and h["chunks"] >= 400


def test_schablonersattning_finds_katrineholm_remiss_first(corpus_service):
    res = corpus_service.search("schablonersättning ensamkommande", k=5)
    top = res.hits[0]
    assert top.source == "002_af67799fa5bd8c53.txt"
    assert "schablon" in (top.title or "").lower()


def test_case_lookup_finds_ej_verkstallda_report(corpus_service):
    res = corpus_service.case("SN 2022/0288")
    assert res.key == "SN 2022/288"
    assert any("ej verkställda" in (m.title or "").lower() for m in res.mentions)
    assert all(m.source == "000_a8f689af88bd6541.txt" for m in res.mentions)


def test_case_number_formats_find_the_same_case(corpus_service):
    a = corpus_service.case("SN 2021/0248.03.01")
    b = corpus_service.case("Dnr SN 2021/248")
    c = corpus_service.case("SN 2021/0248")
    assert a.key == b.key == c.key == "SN 2021/248"
    assert [m.document_id for m in a.mentions] == [m.document_id for m in b.mentions] == [m.document_id for m in c.mentions]
    assert a.mentions


def test_case_query_goes_to_exact_hit_first(corpus_service):
    res = corpus_service.search("SOCN/2018:23", k=5)
    assert "SOCN 2018/23" in res.hits[0].case_numbers


def test_hits_carry_provenance(corpus_service, corpus):
    res = corpus_service.search("lex Sarah", k=5)
    assert res.hits
    for h in res.hits:
        view = corpus_service.document(h.document_id)
        text = (corpus / h.source).read_text(encoding="utf-8")
        assert view.char_start <= h.char_start < h.char_end
        assert h.char_end <= len(text) + 1


def test_filters_restrict_results(corpus_service):
    res = corpus_service.search("beslut", filters={"municipality": "Lomma"}, k=10)
    assert res.hits and all(h.municipality == "Lomma" for h in res.hits)
    res = corpus_service.search("beslut", filters={"doc_type": "protokoll"}, k=10)
    assert res.hits and all(h.doc_type == "protokoll" for h in res.hits)
    res = corpus_service.search("socialnämnden", filters={"year_from": 2025, "year_to": 2025}, k=10)
    assert res.hits and all(h.date and h.date.startswith("2025") for h in res.hits)


def test_same_file_twice_is_a_noop_and_changed_file_replaces(tmp_path, corpus):
    from namndsok.config import Settings
    from namndsok.service import Service

    svc = Service(Settings(store=tmp_path / "s", embedder="none"))
    src = tmp_path / "in" / "lomma.txt"
    src.parent.mkdir()
    shutil.copy(corpus / "lomma-partiguide__BUN_2023-01-10.txt", src)
    first = svc.ingest([src]).files[0]
    second = svc.ingest([src]).files[0]
    assert first.status == "ok" and second.status == "skipped"
    before = svc.health()
    src.write_text(src.read_text(encoding="utf-8") + "\nTillägg: Barn- och utbildningsnämnden noterar informationen.\n", encoding="utf-8")
    third = svc.ingest([src]).files[0]
    after = svc.health()
    assert third.status == "replaced"
    assert after["files"] == before["files"] == 1 and after["documents"] == before["documents"]


def test_bad_file_is_reported_and_batch_goes_on(tmp_path, corpus):
    from namndsok.config import Settings
    from namndsok.service import Service

    svc = Service(Settings(store=tmp_path / "s", embedder="none"))
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a_trasig.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrunc")
    (d / "b_skrap.txt").write_bytes(bytes(range(256)) * 20)
    (d / "c_tom.txt").write_bytes(b"")
    shutil.copy(corpus / "004_74cb76b5d399f236.txt", d / "d_bra.txt")
    rep = svc.ingest([d])
    status = {f.source: f.status for f in rep.files}
    assert status == {"a_trasig.pdf": "error", "b_skrap.txt": "error", "c_tom.txt": "error", "d_bra.txt": "ok"}
    codes = {f.source: f.code for f in rep.files}
    assert codes["b_skrap.txt"] == "not_text" and codes["c_tom.txt"] == "empty_file"
    assert all(f.message for f in rep.errors)
    assert svc.health()["files"] == 1


def test_cli_search_json_contract(tmp_path, corpus):
    runner = CliRunner()
    store = str(tmp_path / "cli")
    r = runner.invoke(app, ["ingest", str(corpus / "004_74cb76b5d399f236.txt"), "--store", store, "--json"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["search", "internbudget", "--json", "--k", "3", "--store", store], env={"NAMNDSOK_EMBEDDER": "none"})
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["query"] == "internbudget"
    assert set(data["hits"][0]) == {"document_id", "source", "title", "doc_type", "municipality", "committee", "date",
                                    "case_numbers", "page", "char_start", "char_end", "snippet", "score"}
    assert data["hits"][0]["source"] == "004_74cb76b5d399f236.txt"


def test_cli_extract_json_contract(corpus):
    r = CliRunner().invoke(app, ["extract", str(corpus / "004_74cb76b5d399f236.txt"), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["source"] == "004_74cb76b5d399f236.txt"
    doc = next(d for d in data["documents"] if d["doc_type"] == "tjänsteskrivelse")
    for key in ("doc_type", "title", "municipality", "committee", "date", "meeting_date", "case_numbers", "officers",
                "signatories", "proposals", "paragraphs", "agenda_items", "char_start", "char_end"):
        assert key in doc
    assert {"raw": "SN 2023/0081.03.01", "key": "SN 2023/81"}.items() <= doc["case_numbers"][0].items()


def test_cli_case_rejects_non_numbers(tmp_path):
    r = CliRunner().invoke(app, ["case", "hej hopp", "--store", str(tmp_path)])
    assert r.exit_code == 2
