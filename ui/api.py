"""HTTP API (FastAPI): thin routes over `namndsok.service.Service`; OpenAPI docs at /docs."""
from __future__ import annotations

import secrets
from functools import lru_cache

from fastapi import Depends, FastAPI, File, Header, HTTPException, Query, UploadFile
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from namndsok import __version__
from namndsok.config import settings
from namndsok.models import (
    CaseResult, DocumentView, IngestReport, PrecedentResult, ReportComparison, SearchResult, TopicComparison,
    TraceResult, VerifyResult,
)
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


# -- verification, tracing, precedent (issue 5: 3-5) ---------------------------------------------
NOT_A_CASE = "'{}' ser inte ut som ett diarienummer (exempel: SN 2021/0248, KS/2018:69)."


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _verified(svc: Service, case: str | None) -> VerifyResult:
    res = svc.verify(case)
    if case and res.case_key is None:
        raise HTTPException(422, detail=NOT_A_CASE.format(case))
    return res


@app.get("/verify", response_model=VerifyResult, tags=["verifiering"])
def verify(
    case: str | None = Query(None, max_length=100, description="Ett diarienummer; utan: hela lagret"),
    svc: Service = Depends(get_service),
) -> VerifyResult:
    """Verifiera diarienummer: form, samstämmighet mellan handlingar, troliga skrivfel, citerade nummer."""
    return _verified(svc, case)


@app.get("/verify.csv", response_class=Response, tags=["verifiering"])
def verify_csv(case: str | None = Query(None, max_length=100), svc: Service = Depends(get_service)) -> Response:
    """Samma fynd som /verify, en rad per fynd och ställe, som CSV (semikolon, UTF-8)."""
    return _csv(svc.to_csv(_verified(svc, case)), "verifiering.csv")


def _traced(svc: Service, number: str) -> TraceResult:
    res = svc.trace(number)
    if res.case_key is None:
        raise HTTPException(422, detail=NOT_A_CASE.format(number))
    return res


@app.get("/trace/{number:path}", response_model=TraceResult, tags=["beslutsspårning"])
def trace(number: str, svc: Service = Depends(get_service)) -> TraceResult:
    """Ett ärendes väg genom handlingar och organ; förslag bredvid beslut att-sats för att-sats, yrkanden, votering."""
    return _traced(svc, number)


@app.get("/trace.csv", response_class=Response, tags=["beslutsspårning"])
def trace_csv(case: str = Query(..., max_length=100), svc: Service = Depends(get_service)) -> Response:
    """Tidslinjen för ett ärende som CSV."""
    return _csv(svc.to_csv(_traced(svc, case)), "tidslinje.csv")


class PrecedentQuery(BaseModel):
    text: str = Field(..., min_length=1, max_length=20000, description="Utkast: rubrik eller att-satser")
    k: int = Field(10, ge=1, le=50)
    mode: str = Field("hybrid", pattern="^(hybrid|lexical|dense)$")
    municipality: str | None = Field(None, max_length=100, description="Bara handlingar från denna kommun")
    committee: str | None = Field(None, max_length=200, description="Bara handlingar från denna nämnd")


def _precedent(svc: Service, q: PrecedentQuery) -> PrecedentResult:
    if not q.text.strip():
        raise HTTPException(422, detail="Utkastet är tomt.")
    return svc.precedent(q.text, k=q.k, mode=q.mode, filters={"municipality": q.municipality, "committee": q.committee})


@app.post("/precedent", response_model=PrecedentResult, tags=["tidigare formuleringar"])
def precedent(q: PrecedentQuery, svc: Service = Depends(get_service)) -> PrecedentResult:
    """Tidigare förslag och beslut med liknande lydelse, grupperade när formuleringen är nästan densamma."""
    return _precedent(svc, q)


@app.post("/precedent.csv", response_class=Response, tags=["tidigare formuleringar"])
def precedent_csv(q: PrecedentQuery, svc: Service = Depends(get_service)) -> Response:
    """Samma träffar som /precedent, en rad per användning, som CSV."""
    return _csv(svc.to_csv(_precedent(svc, q)), "tidigare-formuleringar.csv")


# -- cross-year comparison (issue 5: 1-2) --------------------------------------------------------

def _topic(svc: Service, q: str, k: int, mode: str, municipality: str | None, committee: str | None) -> TopicComparison:
    if not q.strip():
        raise HTTPException(422, detail="Ämnet är tomt.")
    return svc.compare_topic(q, filters={"municipality": municipality, "committee": committee}, k=k, mode=mode)


@app.get("/compare/topic", response_model=TopicComparison, tags=["jämför över år"])
def compare_topic(
    q: str = Query(..., min_length=1, max_length=500, description="Ämne, t.ex. 'underskott placeringar barn och unga'"),
    k: int = Query(3, ge=1, le=20, description="Antal avsnitt per år"),
    mode: str = Query("lexical", pattern="^(hybrid|lexical|dense)$"),
    municipality: str | None = None,
    committee: str | None = None,
    svc: Service = Depends(get_service),
) -> TopicComparison:
    """Ett ämne över år: träffar per år och nämnd, bästa avsnitten per år sida vid sida, siffrorna i dem."""
    return _topic(svc, q, k, mode, municipality, committee)


@app.get("/compare/topic.csv", response_class=Response, tags=["jämför över år"])
def compare_topic_csv(
    q: str = Query(..., min_length=1, max_length=500),
    table: str = Query("figures", pattern="^(counts|figures|passages)$"),
    k: int = Query(3, ge=1, le=20),
    mode: str = Query("lexical", pattern="^(hybrid|lexical|dense)$"),
    municipality: str | None = None,
    committee: str | None = None,
    svc: Service = Depends(get_service),
) -> Response:
    """En tabell ur ämnesjämförelsen som CSV (semikolon, UTF-8): counts, figures eller passages."""
    res = _topic(svc, q, k, mode, municipality, committee)
    return _csv(svc.comparison_csv(res, table), f"amne-{table}.csv")


def _reports(svc: Service, kind: str, municipality: str | None, committee: str | None) -> ReportComparison:
    try:
        return svc.compare_reports(kind, municipality=municipality, committee=committee)
    except ValueError as exc:
        raise HTTPException(422, detail=str(exc))


@app.get("/compare/reports", response_model=ReportComparison, tags=["jämför över år"])
def compare_reports(
    type: str = Query(..., description="delårsrapport | årsrapport | kvalitetsberättelse | verksamhetsplan | ej-verkställda-beslut"),
    municipality: str | None = None,
    committee: str | None = None,
    svc: Service = Depends(get_service),
) -> ReportComparison:
    """Samma slags rapport från olika år: avsnitt för avsnitt med ändrad lydelse, nyckeltal per år med källa."""
    return _reports(svc, type, municipality, committee)


@app.get("/compare/reports.csv", response_class=Response, tags=["jämför över år"])
def compare_reports_csv(
    type: str = Query(...),
    table: str = Query("key_figures", pattern="^(key_figures|figures|sections)$"),
    municipality: str | None = None,
    committee: str | None = None,
    svc: Service = Depends(get_service),
) -> Response:
    """En tabell ur rapportjämförelsen som CSV: key_figures, figures eller sections."""
    return _csv(svc.comparison_csv(_reports(svc, type, municipality, committee), table), f"rapporter-{table}.csv")
