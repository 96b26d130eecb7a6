"""Pydantic models the service returns: shared by the CLI's --json output, the API and the UI."""
from __future__ import annotations

from pydantic import BaseModel, Field

# Result records are defined where they are produced (search.*) and re-exported here under the
# names the CLI's --json output, the API and the UI use.
from search.attsatser import AttsatsRow, Vote, Yrkande  # noqa: F401
from search.precedent import PrecedentGroup, PrecedentItem, PrecedentResult  # noqa: F401
from search.trace import DecisionTrace, ProposalSet, RelatedCase, TraceEvent, TraceResult  # noqa: F401
from search.verify import FindingSpan, VerifyFinding  # noqa: F401


class IngestOutcome(BaseModel):
    source: str
    status: str  # "ok" | "skipped" (same sha256 already stored) | "replaced" (older version replaced) | "error"
    code: str | None = None  # error code (ingest.errors.MESSAGES) when status == "error"
    message: str | None = None  # Swedish message for people
    documents: int = 0
    chunks: int = 0
    pages: int = 0
    seconds: float = 0.0
    path: str | None = None  # where the file was read from (the ingest report of failures; retry)


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


# -- verification, tracing, precedent (issue 5: 3-5) -------------------------------------------
class VerifyResult(BaseModel):
    """`namndsok verify --json`: every finding, most severe first."""

    query: str | None  # the case asked about, or null for the whole store
    case_key: str | None
    checked_numbers: int
    checked_mentions: int
    counts: dict[str, int]  # findings per severity
    findings: list[VerifyFinding]


# -- cross-year comparison (issue 5: 1-2) --------------------------------------------------------
class ComparedFigure(BaseModel):
    """A labelled figure in a passage or report, attributed to the year it describes."""

    kind: str  # budget | prognos | avvikelse | utfall | belopp | antal | "lex Sarah-rapporter" | "ej verkställda beslut" | klagomål | …
    label: str  # the row label or the words before the number
    value: float
    unit: str  # tkr | mnkr | kr | st | …
    value_mnkr: float | None = None  # money in million kronor, for charts across units
    year: int | None  # the year the figure is about
    year_source: str  # mening | tabell | rubrik | rapport: where the year was read
    raw: str
    source_kind: str  # text | table
    document_id: int
    source: str
    page: int | None = None
    char_start: int
    char_end: int


class TopicFigure(ComparedFigure):
    passage_year: int | None = None
    relevance: int = 0  # query terms in the figure's label / sentence (+1 when it states the quantity asked for)


class TopicPassage(BaseModel):
    document_id: int
    chunk_id: int
    source: str
    title: str | None
    doc_type: str | None
    municipality: str | None
    committee: str | None
    date: str | None
    case_numbers: list[str]
    heading: str | None
    page: int | None
    char_start: int
    char_end: int
    snippet: str  # matched words marked «…»
    score: float
    matched_terms: list[str]
    figures: list[TopicFigure] = Field(default_factory=list)


class TopicYear(BaseModel):
    year: int | None
    documents: int
    passages_found: int
    passages: list[TopicPassage]


class TopicCount(BaseModel):
    year: int | None
    municipality: str | None
    committee: str | None
    documents: int
    passages: int


class TopicComparison(BaseModel):
    """`namndsok compare topic QUERY --json`."""

    query: str
    terms: list[str]
    years: list[TopicYear]
    counts: list[TopicCount]
    figures: list[TopicFigure]


class ComparedReport(BaseModel):
    key: str  # "<document_id>:<char_start>", to pick reports in a later call
    kind: str
    title: str
    period_year: int | None
    municipality: str | None
    committee: str | None
    date: str | None
    subject: str
    case_numbers: list[str]
    cover_document_id: int | None
    sections: int
    document_id: int
    source: str
    page: int | None
    char_start: int
    char_end: int


class SectionCell(BaseModel):
    report: int  # index into `reports`
    heading: str
    match: str  # rubrik | innehåll | "" (the row's first section)
    score: float
    how: str  # rubrik | ankare | början: how the section was found
    excerpt: str
    document_id: int
    source: str
    page: int | None
    char_start: int
    char_end: int


class DiffOp(BaseModel):
    op: str  # equal | delete | insert
    text: str


class SectionDiff(BaseModel):
    from_report: int
    to_report: int
    similarity: float
    truncated: bool
    ops: list[DiffOp]


class AlignedRow(BaseModel):
    label: str
    reports: int  # how many reports have this section
    cells: list[SectionCell | None]
    diffs: list[SectionDiff]


class KeyFigure(ComparedFigure):
    municipality: str | None
    committee: str | None
    explicit: bool
    report: int
    report_year: int | None
    section: str


class ReportFigure(ComparedFigure):
    report: int
    section: str
    explicit: bool = True
    sek: float | None = None
    total: bool = False


class ReportComparison(BaseModel):
    """`namndsok compare reports --type KIND --json`."""

    kind: str
    reports: list[ComparedReport]
    rows: list[AlignedRow]
    key_figures: list[KeyFigure]
    figures: list[ReportFigure]
