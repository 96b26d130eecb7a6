"""HTTP API (FastAPI): thin routes over `namndsok.service.Service`; OpenAPI docs at /docs."""
from __future__ import annotations

import secrets
from functools import lru_cache

from fastapi import Depends, FastAPI, File, Header, HTTPException, Query, UploadFile
from fastapi.responses import PlainTextResponse

from namndsok import __version__
from namndsok.config import settings
from namndsok.models import CaseResult, DocumentView, IngestReport, SearchResult
from namndsok.service import Service

app = FastAPI(
    title="Nämndsök API",
    version=__version__,
    description="Sök, visa och verifiera kommunala nämndhandlingar. Alla träffar anger fil, sida och teckenposition.",
)


@lru_cache(maxsize=1)
def get_service() -> Service:
    return Service(settings())


@app.get("/health")
def health(svc: Service = Depends(get_service)) -> dict:
    return svc.health()


@app.get("/search", response_model=SearchResult)
def search(
    q: str = Query(..., min_length=1, max_length=500, description="Sökfråga, diarienummer eller §-hänvisning"),
    k: int = Query(10, ge=1, le=100),
    mode: str = Query("hybrid", pattern="^(hybrid|lexical|dense)$"),
    municipality: str | None = None,
    committee: str | None = None,
    doc_type: str | None = None,
    year_from: int | None = Query(None, ge=1900, le=2100),
    year_to: int | None = Query(None, ge=1900, le=2100),
    officer: str | None = None,
    case_number: str | None = None,
    svc: Service = Depends(get_service),
) -> SearchResult:
    if not q.strip():
        raise HTTPException(422, detail="Sökfrågan är tom.")
    filters = dict(municipality=municipality, committee=committee, doc_type=doc_type, year_from=year_from,
                   year_to=year_to, officer=officer, case_number=case_number)
    return svc.search(q, filters=filters, k=k, mode=mode)


@app.get("/documents/{document_id}", response_model=DocumentView)
def document(document_id: int, svc: Service = Depends(get_service)) -> DocumentView:
    view = svc.document(document_id)
    if view is None:
        raise HTTPException(404, detail=f"Dokument {document_id} finns inte.")
    return view


@app.get("/documents/{document_id}/text", response_class=PlainTextResponse)
def document_text(document_id: int, svc: Service = Depends(get_service)) -> str:
    view = svc.document(document_id)
    if view is None:
        raise HTTPException(404, detail=f"Dokument {document_id} finns inte.")
    return view.text


@app.get("/cases/{number:path}", response_model=CaseResult)
def case(number: str, svc: Service = Depends(get_service)) -> CaseResult:
    res = svc.case(number)
    if res.key is None:
        raise HTTPException(422, detail=f"'{number}' ser inte ut som ett diarienummer (exempel: SN 2021/0248, KS/2018:69).")
    return res


@app.post("/ingest", response_model=IngestReport)
async def ingest(
    files: list[UploadFile] = File(..., description="En eller flera filer (PDF, TXT, MD, DOCX, CSV)"),
    x_api_key: str | None = Header(None),
    svc: Service = Depends(get_service),
) -> IngestReport:
    expected = svc.cfg.api_key
    if not expected:
        raise HTTPException(403, detail="Uppladdning via API är avstängd. Sätt NAMNDSOK_API_KEY för att aktivera den.")
    if not x_api_key or not secrets.compare_digest(x_api_key, expected):
        raise HTTPException(401, detail="Fel eller saknad API-nyckel (rubriken X-API-Key).")
    report = IngestReport()
    for f in files:
        data = await f.read()
        report.files.extend(svc.ingest_upload(f.filename or "uppladdad", data).files)
    return report
