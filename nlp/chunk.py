"""Cut each document into searchable passages along its headings (REQ search-chunks).

Passages of about 150–350 words keep search hits short enough to read and long enough to carry
context; cutting at headings keeps a passage about one thing. Offsets point into the file text.
"""
from __future__ import annotations

import re

from ingest.model import RawDocument
from nlp.records import Chunk, DocumentRecord
from nlp.textutil import Line, clean_line, split_lines

_WORD = re.compile(r"\S+")


def _is_heading(ln: Line) -> bool:
    c = clean_line(ln.text)
    if ln.is_heading:
        return True
    # Plain-text exports lose the markup: a short line without final punctuation after a blank line.
    return ln.blank_before >= 1 and 2 < len(c) < 70 and not c.endswith((".", ",", ":", ";")) and c[:1].isupper() and len(c.split()) <= 8


def _windows(text: str, start: int, end: int, max_words: int, min_words: int) -> list[tuple[int, int]]:
    """Split [start, end) into word windows of at most max_words, without a tiny tail."""
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    if not words:
        return []
    out = []
    i = 0
    n = len(words)
    while i < n:
        j = min(n, i + max_words)
        if n - j < min_words // 2 and j < n:
            j = n if n - i <= max_words * 1.3 else j
        out.append((words[i][0], words[j - 1][1]))
        i = j
    return out


def chunk_document(raw: RawDocument, doc: DocumentRecord, doc_index: int, min_words: int = 150, max_words: int = 350) -> list[Chunk]:
    text = raw.text
    lines = split_lines(text, doc.char_start, doc.char_end)
    # sections: (heading, start, end)
    sections: list[tuple[str | None, int, int]] = []
    heading: str | None = doc.title
    sec_start = doc.char_start
    for ln in lines:
        if _is_heading(ln) and ln.start > sec_start:
            sections.append((heading, sec_start, ln.start))
            heading, sec_start = clean_line(ln.text)[:120], ln.start
    sections.append((heading, sec_start, doc.char_end))

    chunks: list[Chunk] = []
    buf_start: int | None = None
    buf_end = 0
    buf_words = 0
    buf_heading: str | None = None

    def flush() -> None:
        nonlocal buf_start, buf_words
        if buf_start is not None and text[buf_start:buf_end].strip():
            chunks.append(Chunk(doc_index=doc_index, ordinal=len(chunks), heading=buf_heading,
                                text=text[buf_start:buf_end].strip(), char_start=buf_start, char_end=buf_end,
                                page=raw.page_at(buf_start)))
        buf_start, buf_words = None, 0

    for head, s, e in sections:
        n = len(_WORD.findall(text[s:e]))
        if n == 0:
            continue
        if n > max_words:
            flush()
            for ws, we in _windows(text, s, e, max_words, min_words):
                buf_start, buf_end, buf_heading, buf_words = ws, we, head, 1
                flush()
            continue
        if buf_start is not None and buf_words + n > max_words:
            flush()
        if buf_start is None:
            buf_start, buf_heading = s, head
        buf_end = e
        buf_words += n
        if buf_words >= min_words:
            flush()
    flush()
    return chunks


def chunk_file(raw: RawDocument, docs: list[DocumentRecord], min_words: int = 150, max_words: int = 350) -> list[Chunk]:
    out: list[Chunk] = []
    for i, d in enumerate(docs):
        out.extend(chunk_document(raw, d, i, min_words, max_words))
    return out
