"""HTTP API through FastAPI's TestClient."""
import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(corpus_service):
    from ui import api

    api.app.dependency_overrides[api.get_service] = lambda: corpus_service
    yield TestClient(api.app)
    api.app.dependency_overrides.clear()


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["documents"] > 0


def test_search_and_document(client):
    r = client.get("/search", params={"q": "schablonersättning ensamkommande", "k": 3})
    assert r.status_code == 200
    hit = r.json()["hits"][0]
    assert hit["source"] == "002_af67799fa5bd8c53.txt"
    doc = client.get(f"/documents/{hit['document_id']}").json()
    assert doc["record"]["doc_type"] and doc["text"]
    text = client.get(f"/documents/{hit['document_id']}/text")
    assert text.status_code == 200 and "schablon" in text.text.lower()


def test_case_with_slash_in_path(client):
    r = client.get("/cases/SN 2022/0288")
    assert r.status_code == 200
    assert r.json()["key"] == "SN 2022/288" and r.json()["mentions"]


def test_clear_4xx_errors(client):
    assert client.get("/documents/999999").status_code == 404
    assert "finns inte" in client.get("/documents/999999").json()["detail"]
    assert client.get("/cases/inte-ett-nummer").status_code == 422
    assert client.get("/search", params={"q": ""}).status_code == 422
    assert client.get("/search", params={"q": "x", "k": 0}).status_code == 422


def test_ingest_requires_api_key(client):
    files = {"files": ("a.txt", "Socialnämnden beslutar att godkänna rapporten.".encode(), "text/plain")}
    r = client.post("/ingest", files=files)
    assert r.status_code == 403 and "NAMNDSOK_API_KEY" in r.json()["detail"]  # disabled without a key


def test_ingest_with_key_reports_each_file(tmp_path):
    from namndsok.config import Settings
    from namndsok.service import Service
    from ui import api

    svc = Service(Settings(store=tmp_path, embedder="none", api_key="hemlig"))
    api.app.dependency_overrides[api.get_service] = lambda: svc
    try:
        c = TestClient(api.app)
        files = [("files", ("beslut.txt", "TJÄNSTESKRIVELSE\nDatum\n2024-01-02\nDnr SN 2024/0001\n\nFörslag till beslut\n\nSocialnämnden beslutar att godkänna rapporten.\n".encode(), "text/plain")),
                 ("files", ("skrap.pdf", b"not a pdf at all", "application/pdf"))]
        assert c.post("/ingest", files=files, headers={"X-API-Key": "fel"}).status_code == 401
        r = c.post("/ingest", files=files, headers={"X-API-Key": "hemlig"})
        assert r.status_code == 200
        out = {f["source"]: f for f in r.json()["files"]}
        assert out["beslut.txt"]["status"] == "ok"
        assert out["skrap.pdf"]["status"] == "error" and out["skrap.pdf"]["code"] == "corrupt_pdf"
        assert svc.case("SN 2024/1").mentions
    finally:
        api.app.dependency_overrides.clear()
