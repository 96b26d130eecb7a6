"""Builders for small synthetic files, records and chunks, and a fake embedder.

Search tests build their inputs here instead of running ingest/nlp: they test the store and
the ranking, and must stay fast and independent of extraction quality. A uniquely named module,
not conftest.py, because other test folders have conftest modules of their own.
"""
from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

from ingest.model import Page, RawDocument
from nlp.records import CaseRef, Chunk, DocumentRecord, Paragraph, Span


def make_raw(source: str, text: str, pages: int = 0) -> RawDocument:
    """A RawDocument whose text is `text`; `pages` > 0 splits it into that many equal pages."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    page_list = []
    if pages:
        step = max(1, len(text) // pages)
        for i in range(pages):
            end = len(text) if i == pages - 1 else (i + 1) * step
            page_list.append(Page(number=i + 1, char_start=i * step, char_end=end,
                                  quality="ocr" if i == pages - 1 and pages > 1 else "ok"))
    return RawDocument(source=source, path=f"/in/{source}", sha256=sha, format="txt", text=text, pages=page_list)


def case(text: str, raw: str, key: str, role: str = "cited") -> CaseRef:
    i = text.index(raw)
    return CaseRef(raw=raw, key=key, role=role, span=Span(char_start=i, char_end=i + len(raw)))


def make_doc(text: str, start: int = 0, end: int | None = None, **kw) -> DocumentRecord:
    end = len(text) if end is None else end
    kw.setdefault("doc_type", "tjänsteskrivelse")
    return DocumentRecord(char_start=start, char_end=end, **kw)


def chunks_for(text: str, doc_index: int = 0, start: int = 0, end: int | None = None,
               words: int = 40, heading: str | None = None, raw: RawDocument | None = None) -> list[Chunk]:
    """Cut text[start:end] into chunks of `words` words with file offsets."""
    end = len(text) if end is None else end
    spans = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    out = []
    for o, i in enumerate(range(0, len(spans), words)):
        s, e = spans[i][0], spans[min(i + words, len(spans)) - 1][1]
        out.append(Chunk(doc_index=doc_index, ordinal=o, heading=heading, text=text[s:e], char_start=s,
                         char_end=e, page=raw.page_at(s) if raw else None))
    return out


def paragraph(text: str, number: int, title: str, keys: list[str], decision: str = "") -> Paragraph:
    i = text.index(f"§ {number}")
    return Paragraph(number=number, title=title, case_keys=keys, decision=decision,
                     span=Span(char_start=i, char_end=min(len(text), i + 200)))


class FakeEmbedder:
    """Bag of hashed words: similar wording → similar vector; records every call."""

    name = "fake-bow"
    dim = 64

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for w in re.findall(r"[^\W_]+", text.lower()):
            v[zlib.crc32(w.encode()) % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_passages(self, texts):
        self.calls.append(list(texts))
        return np.vstack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text):
        return self._vec(text)
