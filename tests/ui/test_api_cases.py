"""API: /verify, /trace, /precedent and their CSV exports (TestClient over the corpus store)."""
import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(corpus_service):
    from ui import api

    api.app.dependency_overrides[api.get_service] = lambda: corpus_service
    yield TestClient(api.app)
    api.app.dependency_overrides.clear()


def test_verify_whole_store_and_one_case(client):
    r = client.get("/verify")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"query", "case_key", "checked_numbers", "checked_mentions", "counts", "findings"}
    assert body["counts"]["error"] == 0 and body["counts"]["warning"] == 0
    f = body["findings"][0]
    assert set(f) == {"kind", "severity", "case_key", "raw", "reason", "suggestion", "spans"}
    assert {"document_id", "source", "page", "char_start", "char_end", "text"} <= set(f["spans"][0])
    one = client.get("/verify", params={"case": "VO-2025-000254"}).json()
    assert one["case_key"] == "VO 2025/254" and {x["kind"] for x in one["findings"]} == {"form_deviation", "cited_only"}


def test_verify_csv(client):
    r = client.get("/verify.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.text.lstrip("\ufeff").startswith("allvarlighet;typ;diarienummer")


def test_trace_with_slash_in_path(client):
    r = client.get("/trace/VO-2025-00354")
    assert r.status_code == 200
    d = next(x for x in r.json()["decisions"] if x["paragraph"] == 118)
    assert [row["status"] for row in d["rows"]] == ["oförändrat", "oförändrat"]
    assert d["vote"]["ja"] == 8 and d["vote"]["nej"] == 3
    assert {y["kind"] for y in d["yrkanden"]} == {"bifall", "avslag"}
    sn = client.get("/trace/SN 2022/0811").json()
    assert "SFN 2022/202" in {x["case_key"] for x in sn["related"]}
    csv = client.get("/trace.csv", params={"case": "SN 2022/0811"})
    assert csv.status_code == 200 and "Protokollsutdrag § 106" in csv.text


def test_precedent_post_and_csv(client):
    r = client.post("/precedent", json={"text": "Nämnden noterar informationen till protokollet.", "mode": "lexical", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert len(body["groups"]) <= 3 and body["groups"][0]["score"] == 1.0
    assert {"text", "kind", "case_keys", "body", "date", "page", "char_start"} <= set(body["groups"][0]["items"][0])
    lomma = client.post("/precedent", json={"text": "Nämnden noterar informationen till protokollet.", "mode": "lexical",
                                           "municipality": "Lomma"}).json()
    assert all(it["body"] != "Nämnden för Vård & Omsorg" for g in lomma["groups"] for it in g["items"])
    csv = client.post("/precedent.csv", json={"text": "Nämnden noterar informationen till protokollet.", "mode": "lexical"})
    assert csv.status_code == 200 and "VO 2024/357" in csv.text


def test_clear_4xx(client):
    assert client.get("/verify", params={"case": "hej"}).status_code == 422
    assert "diarienummer" in client.get("/trace/hej").json()["detail"]
    assert client.post("/precedent", json={"text": "   "}).status_code == 422
    assert client.post("/precedent", json={"text": "x", "mode": "magic"}).status_code == 422
    assert client.post("/precedent", json={}).status_code == 422


def test_openapi_documents_the_new_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/verify", "/verify.csv", "/trace/{number}", "/trace.csv", "/precedent", "/precedent.csv"} <= set(paths)
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"VerifyResult", "TraceResult", "PrecedentResult", "DecisionTrace"} <= set(schema)
