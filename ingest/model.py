"""The shape of a file after reading: text plus page structure (REQ ingest-1, provenance)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

# Page quality values, recorded per page and shown with hits (issue 4).
QUALITY_OK = "ok"
QUALITY_TABLE_UNCERTAIN = "table_uncertain"
QUALITY_OCR = "ocr"
QUALITY_UNREADABLE = "unreadable"
QUALITY_EMPTY = "empty"


@dataclass
class Table:
    """A table found on a page. `reliable` is False when cell boundaries were guessed."""

    page: int
    rows: list[list[str]]
    reliable: bool = True


@dataclass
class Page:
    """One page of a file, as a span of `RawDocument.text`.

    `label` is the printed page label ("1 (2)", "Sida 3 av 17"); header/footer are the running
    lines removed from the body text but kept because they feed segmentation.
    """

    number: int
    char_start: int
    char_end: int
    label: str | None = None
    header: str | None = None
    footer: str | None = None
    quality: str = QUALITY_OK
    tables: list[Table] = field(default_factory=list)


@dataclass
class RawDocument:
    """One input file read into text.

    `text` is what every char offset in the system indexes: for text files the whole file after
    NFC normalisation; for PDFs the extracted page texts joined by "\\f".
    `pages` is empty when the file carries no page structure (then pages are unknown, not 1).
    """

    source: str
    path: str
    sha256: str
    format: str
    text: str
    pages: list[Page] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """Page number holding char `offset`, or None when the file has no pages."""
        if not self.pages:
            return None
        starts = [p.char_start for p in self.pages]
        i = bisect.bisect_right(starts, offset) - 1
        return self.pages[max(i, 0)].number
