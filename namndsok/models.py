"""Pydantic models the service returns: shared by the CLI's --json output, the API and the UI."""
from __future__ import annotations

from pydantic import BaseModel, Field


class IngestOutcome(BaseModel):
    source: str
    status: str  # "ok" | "skipped" (same sha256 already stored) | "replaced" (older version replaced) | "error"
    code: str | None = None  # error code (ingest.errors.MESSAGES) when status == "error"
    message: str | None = None  # Swedish message for people
    documents: int = 0
    chunks: int = 0
    pages: int = 0
    seconds: float = 0.0


class IngestReport(BaseModel):
    files: list[IngestOutcome] = Field(default_factory=list)

    @property
    def errors(self) -> list[IngestOutcome]:
        return [f for f in self.files if f.status == "error"]


class SearchHit(BaseModel):
    """One document in a result list (JSON contract of `namndsok search --json`)."""

    document_id: int
    source: str
    title: str | None
    doc_type: str
    municipality: str | None
    committee: str | None
    date: str | None
    case_numbers: list[str]
    page: int | None
    char_start: int
    char_end: int
    snippet: str
    score: float
    matched_by: list[str] = Field(default_factory=list)
    page_quality: str | None = None


class SearchResult(BaseModel):
    query: str
    hits: list[SearchHit]


class CaseMention(BaseModel):
    document_id: int
    source: str
    title: str | None
    doc_type: str
    committee: str | None
    date: str | None
    raw: str
    role: str  # "own" | "cited" | "paragraph" | "agenda"
    paragraph: int | None = None
    page: int | None = None
    char_start: int | None = None
    char_end: int | None = None


class CaseResult(BaseModel):
    query: str
    key: str | None
    mentions: list[CaseMention]


class DocumentView(BaseModel):
    document_id: int
    source: str
    text: str  # the document's own text (slice of the file text)
    char_start: int  # where `text` starts in the file text
    record: dict  # nlp.records.DocumentRecord as dict
    pages: list[dict] = Field(default_factory=list)  # {number, char_start, char_end, label, quality}
