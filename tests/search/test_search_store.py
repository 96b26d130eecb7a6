"""Store: one-transaction replace, no orphans, re-ingest detection, reading back with provenance."""
from __future__ import annotations

import json

import pytest
from search_builders import case, chunks_for, make_doc, make_raw, paragraph

from nlp.records import Span
from search.query import Filters
from search.store import Store

TEXT_V1 = (
    "Tjänsteskrivelse. Diarienummer SN 2015/120. Placeringskostnader för barn och unga ökar. "
    "Förslag till beslut: Socialnämnden beslutar att godkänna rapporten. " + "Utfall och prognos för året. " * 30
)
TEXT_V2 = TEXT_V1.replace("ökar", "minskar") + " Tillägg om schablonersättning för ensamkommande."


def ingest(store: Store, source: str, text: str, date: str = "2015-03-01", **kw) -> int:
    raw = make_raw(source, text, pages=2)
    doc = make_doc(text, title="Placeringskostnader 2015", municipality="Kalmar", committee="Socialnämnden",
                   date=date, officers=["Anna Andersson"], case_numbers=[case(text, "SN 2015/120", "SN 2015/120", "own")],
                   proposals=["Socialnämnden beslutar att godkänna rapporten."], **kw)
    return store.replace_file(raw, [doc], chunks_for(text, raw=raw))


def counts(store: Store) -> dict[str, int]:
    q = lambda sql: store.con.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "files": q("SELECT COUNT(*) FROM files"),
        "documents": q("SELECT COUNT(*) FROM documents"),
        "chunks": q("SELECT COUNT(*) FROM chunks"),
        "fts": q("SELECT COUNT(*) FROM chunks_fts"),
        "mentions": q("SELECT COUNT(*) FROM case_mentions"),
        "orphan_chunks": q("SELECT COUNT(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)"),
        "orphan_fts": q("SELECT COUNT(*) FROM chunks_fts WHERE rowid NOT IN (SELECT id FROM chunks)"),
        "orphan_docs": q("SELECT COUNT(*) FROM documents WHERE file_id NOT IN (SELECT id FROM files)"),
        "orphan_mentions": q("SELECT COUNT(*) FROM case_mentions WHERE document_id NOT IN (SELECT id FROM documents)"),
    }


def test_schema_and_wal(store):
    assert store.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
    assert (store.path / "namndsok.sqlite").exists()


def test_same_sha_is_detectable(store):
    ingest(store, "a.txt", TEXT_V1)
    sha = make_raw("a.txt", TEXT_V1).sha256
    assert store.file_by_sha(sha)["source"] == "a.txt"
    assert store.file_by_source("a.txt")["sha256"] == sha
    assert store.file_by_sha("0" * 64) is None


def test_changed_file_replaces_older_version_without_orphans(store):
    ingest(store, "a.txt", TEXT_V1)
    ingest(store, "b.txt", TEXT_V1 + " Annan fil.")
    before_b = counts(store)
    ingest(store, "a.txt", TEXT_V2)
    c = counts(store)
    assert c["files"] == 2 and c["documents"] == 2
    assert c["chunks"] == c["fts"]
    assert c["orphan_chunks"] == c["orphan_fts"] == c["orphan_docs"] == c["orphan_mentions"] == 0
    new_id = store.file_by_source("a.txt")["id"]
    assert "schablonersättning" in store.file_text(new_id)
    # Only the new version of a.txt is findable; b.txt untouched.
    assert c["mentions"] == before_b["mentions"]
    files_matching = lambda word: {r[0] for r in store.con.execute(  # noqa: E731
        "SELECT c.file_id FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid WHERE chunks_fts MATCH ?",
        (f'"{store.analyzer.analyze(word)[0]}"',))}
    assert files_matching("ökar") == {store.file_by_source("b.txt")["id"]}
    assert files_matching("minskar") == {new_id}


def test_exception_mid_insert_leaves_previous_version_intact(store, monkeypatch):
    ingest(store, "a.txt", TEXT_V1)
    before = counts(store)
    old_file = store.file_by_source("a.txt")
    vocab_before = dict(store.analyzer._corpus)

    real = Store._insert_chunks

    def explode(self, file_id, docs, doc_ids, chunks):
        real(self, file_id, docs, doc_ids, chunks[:1])  # some rows are written, then it fails
        raise RuntimeError("avbrott mitt i")

    monkeypatch.setattr(Store, "_insert_chunks", explode)
    with pytest.raises(RuntimeError):
        ingest(store, "a.txt", TEXT_V2)
    assert counts(store) == before
    assert store.file_by_source("a.txt") == old_file
    assert store.analyzer._corpus == vocab_before
    # A fresh connection sees the same (the rollback is durable, not just in this connection).
    other = Store(store.path)
    assert counts(other) == before
    other.close()


def test_case_mentions_include_paragraphs_oldest_first(store):
    t1 = "Protokoll. § 83 Placeringar. Ärende SN 2015/120 behandlades. Beslut: godkänt."
    raw1 = make_raw("p.txt", t1)
    d1 = make_doc(t1, doc_type="protokoll", title="Protokoll", meeting_date="2015-04-28",
                  paragraphs=[paragraph(t1, 83, "Placeringar", ["SN 2015/120"], "godkänt")])
    store.replace_file(raw1, [d1], chunks_for(t1))
    ingest(store, "a.txt", TEXT_V1, date="2015-03-01")
    m = store.case_mentions("Dnr SN 2015/0120")
    assert [x["source"] for x in m] == ["a.txt", "p.txt"]
    assert m[0]["role"] == "own" and m[1]["role"] == "paragraph" and m[1]["paragraph"] == 83
    assert m[0]["page"] == 1


def test_get_document_stats_facets_log(store):
    fid = ingest(store, "a.txt", TEXT_V1)
    doc_id = store.documents()[0]["id"]
    d = store.get_document(doc_id)
    assert d["source"] == "a.txt" and d["record"]["title"] == "Placeringskostnader 2015"
    assert len(d["pages"]) == 2 and d["pages"][1]["quality"] == "ocr"
    assert d["case_keys"] == ["SN 2015/120"]
    assert store.file_text(fid) == TEXT_V1
    s = store.stats()
    assert s["files"] == 1 and s["documents"] == 1 and s["chunks"] > 1 and s["embedded"] == {}
    f = store.facets()
    assert f["municipalities"] == ["Kalmar"] and f["years"] == [2015] and f["officers"] == ["Anna Andersson"]
    store.log("a.txt", "x", "skipped", "same_sha", "oförändrad")
    assert store.ingest_log()[0]["status"] == "skipped"


def test_documents_filters(store):
    ingest(store, "a.txt", TEXT_V1, date="2015-03-01")
    ingest(store, "b.txt", TEXT_V1 + " b", date="2019-06-01")
    assert len(store.documents(Filters(year_from=2016))) == 1
    assert len(store.documents(Filters(municipality="kalmar", year_to=2016))) == 1
    assert len(store.documents(Filters(officer="andersson"))) == 2
    assert len(store.documents(Filters(committee="Kommunstyrelsen"))) == 0
    assert len(store.documents(Filters(case_number="SN 2015/0120"))) == 2


def test_decision_column_holds_proposals(store):
    ingest(store, "a.txt", TEXT_V1)
    rows = store.con.execute("SELECT decision FROM chunks_fts WHERE decision != ''").fetchall()
    assert len(rows) >= 1 and "godkän" in rows[0][0]


def test_reindex_keeps_counts(store):
    ingest(store, "a.txt", TEXT_V1)
    before = counts(store)
    assert store.reindex_fts() == before["chunks"]
    assert counts(store) == before


def test_record_json_roundtrip(store):
    ingest(store, "a.txt", TEXT_V1)
    rec = json.loads(store.con.execute("SELECT record FROM documents").fetchone()[0])
    assert rec["case_numbers"][0]["span"] == Span(char_start=TEXT_V1.index("SN 2015/120"),
                                                  char_end=TEXT_V1.index("SN 2015/120") + 11).model_dump()


def test_delete_source_removes_everything(store):
    ingest(store, "a.txt", TEXT_V1)
    assert store.delete_source("a.txt") == 1
    c = counts(store)
    assert c["files"] == c["documents"] == c["chunks"] == c["fts"] == c["mentions"] == 0
