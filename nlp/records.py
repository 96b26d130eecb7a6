"""Records: what the system knows about each document, every value with its provenance.

These models are the contract between `nlp` (which fills them), `search` (which stores them) and
`ui` (which shows them). `namndsok extract --json` prints them; field names are kept stable.
"""
from __future__ import annotations

from pydantic import BaseModel, Field

DOC_TYPES = (
    "kallelse", "tjänsteskrivelse", "protokoll", "protokollsutdrag", "rapport",
    "remiss", "yttrande", "myndighetsbeslut", "bilaga",
)


class Span(BaseModel):
    """Where a value was read: char offsets into the file text, and the page when known."""

    char_start: int
    char_end: int
    page: int | None = None


class Field_(BaseModel):
    """A single extracted value with provenance and a confidence in [0, 1]."""

    value: str | None
    span: Span | None = None
    confidence: float = 1.0


class CaseRef(BaseModel):
    raw: str
    key: str
    role: str = "cited"  # "own" (the document's number) or "cited"
    scheme: str = ""
    confidence: float = 0.9  # how sure the role is: an unlabelled "own" number is a guess
    span: Span | None = None


class Person(BaseModel):
    name: str
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    role: str = "handläggare"
    confidence: float = 1.0
    span: Span | None = None


class Proposal(BaseModel):
    text: str
    span: Span | None = None


class Paragraph(BaseModel):
    """One § of a protokoll or protokollsutdrag."""

    number: int
    title: str = ""
    case_keys: list[str] = Field(default_factory=list)
    decision: str = ""
    decision_items: list[str] = Field(default_factory=list)  # the decision as att-satser, one per item
    justeras_omedelbart: bool = False
    reservations: list[str] = Field(default_factory=list)
    protokollsanteckningar: list[str] = Field(default_factory=list)
    jav: list[str] = Field(default_factory=list)
    vote: str | None = None
    confidence: float = 0.9  # lower for an OCR-read "8" heading or a § without a decision
    span: Span | None = None
    decision_span: Span | None = None


class AgendaItem(BaseModel):
    number: int
    title: str
    case_keys: list[str] = Field(default_factory=list)
    kind: str | None = None  # "beslutsärende" | "informationsärende" | None
    proposals: list[str] = Field(default_factory=list)  # the item's "Förslag till beslut", when the agenda gives it
    confidence: float = 0.9  # lower where the title was pieced together from layout columns
    span: Span | None = None
    documents: list[int] = Field(default_factory=list)  # indexes (in the file's documents) of the papers for this item


class AgendaLink(BaseModel):
    """A paper's place on an agenda in the same file: which item of which kallelse it belongs to."""

    kallelse: int      # index of the kallelse in the file's documents
    number: int        # the agenda item's number
    title: str
    via: str           # "case_key" | "title" | "attachment" (follows the tjänsteskrivelse it is attached to)
    score: float = 1.0


class Reference(BaseModel):
    kind: str  # "legal" | "protocol" | "external_case"
    raw: str
    value: dict = Field(default_factory=dict)
    span: Span | None = None


class Money(BaseModel):
    raw: str
    amount: float
    unit: str
    sek: float
    label: str
    span: Span | None = None


class DocumentRecord(BaseModel):
    """One paper inside a file (a file may hold a whole meeting packet)."""

    doc_type: str
    title: str | None = None
    municipality: str | None = None
    committee: str | None = None
    forvaltning: str | None = None
    date: str | None = None
    meeting_date: str | None = None
    report_kind: str | None = None
    case_numbers: list[CaseRef] = Field(default_factory=list)
    officers: list[str] = Field(default_factory=list)
    signatories: list[str] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    proposals: list[str] = Field(default_factory=list)
    proposal_spans: list[Span] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    agenda_items: list[AgendaItem] = Field(default_factory=list)
    agenda_links: list[AgendaLink] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)
    attachment_spans: list[Span] = Field(default_factory=list)  # one per attachment, in order
    references: list[Reference] = Field(default_factory=list)
    money: list[Money] = Field(default_factory=list)
    fields: dict[str, Field_] = Field(default_factory=dict)
    char_start: int
    char_end: int
    page_start: int | None = None
    page_end: int | None = None

    @property
    def own_case_keys(self) -> list[str]:
        seen: list[str] = []
        for c in self.case_numbers:
            if c.role == "own" and c.key not in seen:
                seen.append(c.key)
        return seen

    @property
    def all_case_keys(self) -> list[str]:
        keys: list[str] = []
        for k in [c.key for c in self.case_numbers] + [k for p in self.paragraphs for k in p.case_keys] + [
            k for a in self.agenda_items for k in a.case_keys
        ]:
            if k not in keys:
                keys.append(k)
        return keys


class FileExtraction(BaseModel):
    source: str
    documents: list[DocumentRecord]


class Chunk(BaseModel):
    """A searchable passage: 150–350 words cut along headings, inside one document."""

    doc_index: int
    ordinal: int
    heading: str | None
    text: str
    char_start: int
    char_end: int
    page: int | None
