"""The store: one SQLite database (WAL) holding files, records, chunks, the FTS index and vectors.

Why one database: records, case mentions, chunks and index rows of a file are written in ONE
transaction (`replace_file`), so an interrupted ingest never leaves a half-indexed file or
orphaned rows, and a changed file atomically replaces its older version.

The FTS5 table holds analysed token strings (see `search.analyzer`) rather than raw text:
SQLite's tokenizers know nothing of Swedish stems or compounds, so we do that work in Python
and let FTS5 only split on spaces and rank with BM25.

Embeddings are cached by content hash and model, never deleted with a file: re-ingesting the
same text (a new version of a file, a re-extraction) does not pay for encoding again.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from nlp.casenumbers import normalize_case_key
from nlp.records import Chunk, DocumentRecord, Span

from .analyzer import Analyzer
from .query import Filters

SCHEMA_VERSION = 1
DB_NAME = "namndsok.sqlite"
# BM25 column weights for (title, cases, decision, body): a hit in the title or the case
# numbers says more about what the document is than a hit somewhere in its body.
FTS_WEIGHTS = (4.0, 3.0, 2.0, 1.0)
# Order of case-mention roles in exact lookup: the document that carries the number as its own
# comes first, then the decision/agenda that handles it, then papers that merely cite it.
ROLE_RANK = {"own": 0, "paragraph": 1, "agenda": 1, "cited": 2}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL, path TEXT, sha256 TEXT NOT NULL UNIQUE, format TEXT,
    ingested_at TEXT, n_pages INTEGER, meta TEXT, pages TEXT, warnings TEXT, text TEXT
);
CREATE INDEX IF NOT EXISTS files_source ON files(source);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id INTEGER NOT NULL, ordinal INTEGER, doc_type TEXT, title TEXT, municipality TEXT,
    committee TEXT, date TEXT, meeting_date TEXT, year INTEGER, officers TEXT,
    case_keys TEXT, case_raw TEXT, record TEXT,
    char_start INTEGER, char_end INTEGER, page_start INTEGER, page_end INTEGER
);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file_id);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE TABLE IF NOT EXISTS case_mentions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL, file_id INTEGER NOT NULL, key TEXT NOT NULL, raw TEXT,
    role TEXT, paragraph INTEGER, char_start INTEGER, char_end INTEGER, page INTEGER
);
CREATE INDEX IF NOT EXISTS case_mentions_key ON case_mentions(key);
CREATE INDEX IF NOT EXISTS case_mentions_doc ON case_mentions(document_id);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL, file_id INTEGER NOT NULL, number INTEGER NOT NULL,
    title TEXT, char_start INTEGER, char_end INTEGER, page INTEGER
);
CREATE INDEX IF NOT EXISTS paragraphs_number ON paragraphs(number);
CREATE INDEX IF NOT EXISTS paragraphs_doc ON paragraphs(document_id);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL, file_id INTEGER NOT NULL, ordinal INTEGER, heading TEXT,
    text TEXT NOT NULL, char_start INTEGER, char_end INTEGER, page INTEGER, content_hash TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(document_id);
CREATE INDEX IF NOT EXISTS chunks_file ON chunks(file_id);
CREATE INDEX IF NOT EXISTS chunks_hash ON chunks(content_hash);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    title, cases, decision, body, tokenize='unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS embeddings (
    content_hash TEXT NOT NULL, model TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (content_hash, model)
);
CREATE TABLE IF NOT EXISTS ingest_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT, source TEXT, sha256 TEXT, status TEXT, code TEXT, message TEXT
);
CREATE TABLE IF NOT EXISTS vocab (stem TEXT PRIMARY KEY, freq INTEGER NOT NULL);
"""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _fold(s: Any) -> Any:
    # SQLite's lower()/NOCASE only fold ASCII; "Överförmyndaren" must equal "överförmyndaren".
    return s.casefold() if isinstance(s, str) else s


def passage_text(title: str | None, heading: str | None, text: str) -> str:
    """What gets embedded for a chunk: the document title and heading give the passage context."""
    head = " – ".join(x.strip() for x in (title, heading) if x and x.strip())
    return f"{head}\n{text}" if head else text


def content_hash(passage: str) -> str:
    return hashlib.sha256(passage.encode("utf-8")).hexdigest()


def _year(rec: DocumentRecord) -> int | None:
    for d in (rec.date, rec.meeting_date):
        if d and len(d) >= 4 and d[:4].isdigit():
            return int(d[:4])
    return None


def _overlaps(span: Span | None, start: int, end: int) -> bool:
    return span is not None and span.char_start < end and start < span.char_end


def _decision_text(rec: DocumentRecord, start: int, end: int, first: bool) -> str:
    """Proposals and § decisions that lie inside this chunk (span-less ones go to the first)."""
    parts: list[str] = []
    spans = rec.proposal_spans if len(rec.proposal_spans) == len(rec.proposals) else []
    for i, text in enumerate(rec.proposals):
        if (spans and _overlaps(spans[i], start, end)) or (not spans and first):
            parts.append(text)
    for p in rec.paragraphs:
        if not p.decision:
            continue
        span = p.decision_span or p.span
        if _overlaps(span, start, end) or (span is None and first):
            parts.append(p.decision)
    return "\n".join(parts)


def filter_sql(filters: Filters | None, alias: str = "d") -> tuple[str, list[Any]]:
    """SQL condition (starting with ' AND', or '') over documents `alias` for `filters`."""
    if filters is None or filters.is_empty():
        return "", []
    sql: list[str] = []
    params: list[Any] = []
    if filters.municipality:
        sql.append(f"fold({alias}.municipality) = ?")
        params.append(_fold(filters.municipality.strip()))
    if filters.committee:
        sql.append(f"fold({alias}.committee) = ?")
        params.append(_fold(filters.committee.strip()))
    if filters.doc_type:
        sql.append(f"{alias}.doc_type = ?")
        params.append(filters.doc_type.strip().lower())
    if filters.year_from is not None:
        sql.append(f"{alias}.year >= ?")
        params.append(int(filters.year_from))
    if filters.year_to is not None:
        sql.append(f"{alias}.year <= ?")
        params.append(int(filters.year_to))
    if filters.officer:
        sql.append(f"EXISTS (SELECT 1 FROM json_each({alias}.officers) o WHERE instr(fold(o.value), ?) > 0)")
        params.append(_fold(filters.officer.strip()))
    if filters.case_number:
        key = normalize_case_key(filters.case_number) or filters.case_number.strip()
        sql.append(f"EXISTS (SELECT 1 FROM case_mentions cm WHERE cm.document_id = {alias}.id AND cm.key = ?)")
        params.append(key)
    return " AND " + " AND ".join(sql), params


class Store:
    """A store directory: `namndsok.sqlite` plus per-model faiss files (see `search.vectors`)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.db_path = self.path / DB_NAME
        # One connection shared by threads (API server): serialise access with a lock so a
        # reader never sees another thread's open transaction.
        self._lock = threading.RLock()
        self.con = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False, timeout=30)
        self.con.row_factory = sqlite3.Row
        self.con.create_function("fold", 1, _fold, deterministic=True)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=NORMAL")
        self.con.execute("PRAGMA busy_timeout=30000")
        self._init_schema()
        self.analyzer = Analyzer({r[0]: r[1] for r in self.con.execute("SELECT stem, freq FROM vocab")})
        self._in_batch = False
        self._batch_dirty = False

    def _init_schema(self) -> None:
        with self._lock:
            self.con.executescript(_SCHEMA)
            row = self.con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self.con.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise RuntimeError(
                    f"Lagret {self.path} har schemaversion {row[0]}, men den här versionen av "
                    f"Nämndsök känner bara till version {SCHEMA_VERSION}. Uppdatera programmet."
                )
            # Added column (stores made before it lack it): where a file was read, so it can be retried.
            if "path" not in {r[1] for r in self.con.execute("PRAGMA table_info(ingest_log)")}:
                self.con.execute("ALTER TABLE ingest_log ADD COLUMN path TEXT")

    def close(self) -> None:
        with self._lock:
            self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        with self._lock:
            return [dict(r) for r in self.con.execute(sql, params)]

    # -- files ------------------------------------------------------------------------------
    def file_by_sha(self, sha: str) -> dict | None:
        rows = self._rows("SELECT id, source, path, sha256, format, ingested_at, n_pages FROM files WHERE sha256 = ?", (sha,))
        return rows[0] if rows else None

    def file_by_source(self, source: str) -> dict | None:
        rows = self._rows(
            "SELECT id, source, path, sha256, format, ingested_at, n_pages FROM files WHERE source = ? ORDER BY id DESC",
            (source,),
        )
        return rows[0] if rows else None

    def file_text(self, file_id: int) -> str | None:
        rows = self._rows("SELECT text FROM files WHERE id = ?", (file_id,))
        return rows[0]["text"] if rows else None

    def file_pages(self, file_id: int) -> list[dict]:
        rows = self._rows("SELECT pages FROM files WHERE id = ?", (file_id,))
        return json.loads(rows[0]["pages"] or "[]") if rows else []

    def _delete_file_rows(self, file_id: int) -> None:
        c = self.con
        c.execute("DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE file_id = ?)", (file_id,))
        c.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
        c.execute("DELETE FROM case_mentions WHERE file_id = ?", (file_id,))
        c.execute("DELETE FROM paragraphs WHERE file_id = ?", (file_id,))
        c.execute("DELETE FROM documents WHERE file_id = ?", (file_id,))
        c.execute("DELETE FROM files WHERE id = ?", (file_id,))

    def delete_source(self, source: str) -> int:
        """Remove every version of `source` with all its rows; returns how many files went."""
        with self._lock:
            ids = [r[0] for r in self.con.execute("SELECT id FROM files WHERE source = ?", (source,))]
            self.con.execute("BEGIN IMMEDIATE")
            try:
                for fid in ids:
                    self._delete_file_rows(fid)
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            return len(ids)

    @contextmanager
    def batch(self) -> Iterator["Store"]:
        """Store many files in a row; at the end every chunk is re-analysed with the final vocabulary.

        Why: each file teaches the analyzer new stems, which can change how compounds of the
        files stored before it split. Re-analysing once at the end gives the same index as
        re-splitting every word after every file, at a fraction of the cost. Files are still
        written one transaction each, with index rows of their stems (compound parts are added
        by the final re-analysis), so an interrupted batch leaves every stored file searchable.
        """
        if self._in_batch:  # nested: the outer batch reindexes
            yield self
            return
        self._in_batch, self._batch_dirty = True, False
        try:
            yield self
        finally:
            self._in_batch = False
            if self._batch_dirty:
                self._batch_dirty = False
                self.reindex_fts()

    def replace_file(self, raw: Any, docs: list[DocumentRecord], chunks: list[Chunk]) -> int:
        """Store `raw` (an `ingest.model.RawDocument`) with its records and chunks; returns file id.

        In one transaction: every older version of the same source (and any row with the same
        sha) is deleted with all its rows, then file, documents, case mentions, paragraphs,
        chunks and FTS rows are inserted. On any error nothing changes.
        """
        with self._lock:
            learned = self.analyzer.learn(
                [d.title or "" for d in docs] + [c.text for c in chunks] + [c.heading or "" for c in chunks],
                refresh=not self._in_batch,
            )
            self.con.execute("BEGIN IMMEDIATE")
            try:
                old = [r[0] for r in self.con.execute(
                    "SELECT id FROM files WHERE source = ? OR sha256 = ?", (raw.source, raw.sha256))]
                for fid in old:
                    self._delete_file_rows(fid)
                file_id = self._insert_file(raw)
                doc_ids = self._insert_documents(file_id, raw, docs)
                self._insert_chunks(file_id, docs, doc_ids, chunks)
                self.con.executemany(
                    "INSERT INTO vocab(stem, freq) VALUES (?, ?) "
                    "ON CONFLICT(stem) DO UPDATE SET freq = freq + excluded.freq",
                    learned.items(),
                )
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                # Keep the in-memory vocabulary equal to the persisted one.
                self.analyzer.add_counts({k: -v for k, v in learned.items()})
                raise
            if self._in_batch:
                self._batch_dirty = True
            return file_id

    def _insert_file(self, raw: Any) -> int:
        pages = [
            {"number": p.number, "char_start": p.char_start, "char_end": p.char_end,
             "label": p.label, "quality": p.quality}
            for p in raw.pages
        ]
        cur = self.con.execute(
            "INSERT INTO files(source, path, sha256, format, ingested_at, n_pages, meta, pages, warnings, text) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            (raw.source, str(raw.path), raw.sha256, raw.format, _now(), len(raw.pages),
             json.dumps(raw.meta or {}, ensure_ascii=False, default=str), json.dumps(pages, ensure_ascii=False),
             json.dumps(list(getattr(raw, "warnings", []) or []), ensure_ascii=False), raw.text),
        )
        return int(cur.lastrowid)

    def _insert_documents(self, file_id: int, raw: Any, docs: list[DocumentRecord]) -> list[int]:
        ids: list[int] = []
        page_of = raw.page_at if getattr(raw, "pages", None) else (lambda _o: None)
        for ordinal, rec in enumerate(docs):
            keys = rec.all_case_keys
            cur = self.con.execute(
                "INSERT INTO documents(file_id, ordinal, doc_type, title, municipality, committee, date, "
                "meeting_date, year, officers, case_keys, case_raw, record, char_start, char_end, page_start, page_end) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (file_id, ordinal, rec.doc_type, rec.title, rec.municipality, rec.committee, rec.date,
                 rec.meeting_date, _year(rec), json.dumps(rec.officers, ensure_ascii=False),
                 json.dumps(keys, ensure_ascii=False),
                 json.dumps([c.raw for c in rec.case_numbers], ensure_ascii=False),
                 rec.model_dump_json(), rec.char_start, rec.char_end, rec.page_start, rec.page_end),
            )
            doc_id = int(cur.lastrowid)
            ids.append(doc_id)
            self._insert_mentions(file_id, doc_id, rec, page_of)
        return ids

    def _insert_mentions(self, file_id: int, doc_id: int, rec: DocumentRecord, page_of: Any) -> None:
        def span_vals(span: Span | None) -> tuple[int, int, int | None]:
            if span is None:
                return rec.char_start, rec.char_start, rec.page_start
            page = span.page if span.page is not None else page_of(span.char_start)
            return span.char_start, span.char_end, page

        rows: list[tuple] = []
        seen: set[tuple] = set()

        def add(key: str, raw: str, role: str, para: int | None, span: Span | None) -> None:
            s, e, page = span_vals(span)
            ident = (key, role, para, s)
            if key and ident not in seen:
                seen.add(ident)
                rows.append((doc_id, file_id, key, raw, role, para, s, e, page))

        for c in rec.case_numbers:
            add(c.key, c.raw, c.role if c.role in ROLE_RANK else "cited", None, c.span)
        for p in rec.paragraphs:
            for k in p.case_keys:
                add(k, k, "paragraph", p.number, p.span)
        for a in rec.agenda_items:
            for k in a.case_keys:
                add(k, k, "agenda", None, a.span)
        self.con.executemany(
            "INSERT INTO case_mentions(document_id, file_id, key, raw, role, paragraph, char_start, char_end, page) "
            "VALUES (?,?,?,?,?,?,?,?,?)", rows)
        self.con.executemany(
            "INSERT INTO paragraphs(document_id, file_id, number, title, char_start, char_end, page) VALUES (?,?,?,?,?,?,?)",
            [(doc_id, file_id, p.number, p.title, *span_vals(p.span)) for p in rec.paragraphs],
        )

    def _fts_row(self, rec: DocumentRecord, chunk: Chunk, first: bool,
                 memo: dict[str, str] | None = None, compounds: bool = True) -> tuple[str, str, str, str]:
        """Analysed (title, cases, decision, body) of one chunk.

        `memo` holds analyses of strings repeated across the chunks of a document (its title,
        its case numbers, headings): a 200-page packet would otherwise analyse them per chunk.
        """
        def an(text: str) -> list[str]:
            return self.analyzer.analyze(text, compounds=compounds)

        memo = {} if memo is None else memo

        def once(text: str) -> str:
            out = memo.get(text)
            if out is None:
                out = memo[text] = " ".join(an(text))
            return out

        title, heading = (rec.title or "").strip(), (chunk.heading or "").strip()
        title_field = title if heading == title else f"{title} {heading}"  # count a title once
        cases = " ".join([c.raw for c in rec.case_numbers] + rec.all_case_keys)
        return (
            once(title_field),
            once(cases),
            " ".join(an(_decision_text(rec, chunk.char_start, chunk.char_end, first))),
            " ".join(an(chunk.text)),
        )

    def _insert_chunks(self, file_id: int, docs: list[DocumentRecord], doc_ids: list[int], chunks: list[Chunk]) -> None:
        seen_docs: set[int] = set()
        memo: dict[str, str] = {}
        for ch in sorted(chunks, key=lambda c: (c.doc_index, c.ordinal)):
            if not 0 <= ch.doc_index < len(docs):
                raise ValueError(f"chunk {ch.ordinal} points at document {ch.doc_index}, file has {len(docs)}")
            rec = docs[ch.doc_index]
            first = ch.doc_index not in seen_docs
            seen_docs.add(ch.doc_index)
            h = content_hash(passage_text(rec.title, ch.heading, ch.text))
            cur = self.con.execute(
                "INSERT INTO chunks(document_id, file_id, ordinal, heading, text, char_start, char_end, page, content_hash) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (doc_ids[ch.doc_index], file_id, ch.ordinal, ch.heading, ch.text, ch.char_start, ch.char_end, ch.page, h),
            )
            self.con.execute(
                "INSERT INTO chunks_fts(rowid, title, cases, decision, body) VALUES (?,?,?,?,?)",
                # In a batch the rows get stems only; compound parts come with the re-analysis
                # at the end of the batch, when the vocabulary is complete (see `batch`).
                (cur.lastrowid, *self._fts_row(rec, ch, first, memo, compounds=not self._in_batch)),
            )

    def reindex_fts(self) -> int:
        """Re-analyse every chunk with the current vocabulary (files indexed early learned less)."""
        with self._lock:
            self.analyzer.refresh()  # word analyses cached during a batch used an older vocabulary
            docs = {r["id"]: DocumentRecord.model_validate_json(r["record"])
                    for r in self.con.execute("SELECT id, record FROM documents")}
            rows = self.con.execute(
                "SELECT id, document_id, ordinal, heading, text, char_start, char_end, page FROM chunks "
                "ORDER BY document_id, ordinal").fetchall()
            self.con.execute("BEGIN IMMEDIATE")
            try:
                self.con.execute("DELETE FROM chunks_fts")
                seen: set[int] = set()
                memo: dict[str, str] = {}
                for r in rows:
                    ch = Chunk(doc_index=0, ordinal=r["ordinal"], heading=r["heading"], text=r["text"],
                               char_start=r["char_start"], char_end=r["char_end"], page=r["page"])
                    first = r["document_id"] not in seen
                    seen.add(r["document_id"])
                    self.con.execute(
                        "INSERT INTO chunks_fts(rowid, title, cases, decision, body) VALUES (?,?,?,?,?)",
                        (r["id"], *self._fts_row(docs[r["document_id"]], ch, first, memo)),
                    )
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            return len(rows)

    # -- log --------------------------------------------------------------------------------
    def log(self, source: str, sha256: str | None, status: str, code: str | None = None, message: str | None = None,
            path: str | None = None) -> None:
        """Record one ingest outcome: status is ok | skipped | replaced | error."""
        with self._lock:
            self.con.execute(
                "INSERT INTO ingest_log(time, source, sha256, status, code, message, path) VALUES (?,?,?,?,?,?,?)",
                (_now(), source, sha256, status, code, message, path),
            )

    def failed_files(self) -> list[dict]:
        """Files whose latest ingest attempt failed (by path, else by name), oldest failure first."""
        return self._rows(
            "SELECT l.* FROM ingest_log l WHERE l.status = 'error' AND l.id = ("
            "  SELECT MAX(m.id) FROM ingest_log m WHERE COALESCE(m.path, m.source) = COALESCE(l.path, l.source)"
            ") ORDER BY l.id")

    def ingest_log(self, limit: int = 200) -> list[dict]:
        return self._rows("SELECT * FROM ingest_log ORDER BY id DESC LIMIT ?", (limit,))

    # -- reading ----------------------------------------------------------------------------
    def documents(self, filters: Filters | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        where, params = filter_sql(filters)
        rows = self._rows(
            "SELECT d.id, d.file_id, f.source, d.ordinal, d.doc_type, d.title, d.municipality, d.committee, "
            "d.date, d.meeting_date, d.year, d.officers, d.case_keys, d.char_start, d.char_end, d.page_start, d.page_end "
            f"FROM documents d JOIN files f ON f.id = d.file_id WHERE 1=1{where} "
            "ORDER BY COALESCE(d.date, d.meeting_date) IS NULL, COALESCE(d.date, d.meeting_date), d.id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        for r in rows:
            r["officers"] = json.loads(r["officers"] or "[]")
            r["case_keys"] = json.loads(r["case_keys"] or "[]")
        return rows

    def get_document(self, document_id: int) -> dict | None:
        rows = self._rows(
            "SELECT d.*, f.source, f.path, f.format, f.sha256, f.pages AS file_pages FROM documents d "
            "JOIN files f ON f.id = d.file_id WHERE d.id = ?", (document_id,))
        if not rows:
            return None
        r = rows[0]
        r["record"] = json.loads(r["record"])
        r["officers"] = json.loads(r["officers"] or "[]")
        r["case_keys"] = json.loads(r["case_keys"] or "[]")
        r["case_raw"] = json.loads(r["case_raw"] or "[]")
        r["pages"] = json.loads(r.pop("file_pages") or "[]")
        return r

    def document_chunks(self, document_id: int) -> list[dict]:
        return self._rows("SELECT * FROM chunks WHERE document_id = ? ORDER BY ordinal", (document_id,))

    def chunks_by_id(self, ids: Iterable[int]) -> dict[int, dict]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {r["id"]: r for r in self._rows(f"SELECT * FROM chunks WHERE id IN ({marks})", ids)}

    def case_mentions(self, key: str) -> list[dict]:
        """Every mention of case `key` (any spelling accepted), oldest document first."""
        key = normalize_case_key(key) or key.strip()
        rows = self._rows(
            "SELECT cm.*, d.title, d.doc_type, COALESCE(d.date, d.meeting_date) AS date, d.date AS doc_date, "
            "d.meeting_date, d.municipality, d.committee, f.source "
            "FROM case_mentions cm JOIN documents d ON d.id = cm.document_id JOIN files f ON f.id = cm.file_id "
            "WHERE cm.key = ? ORDER BY COALESCE(d.date, d.meeting_date) IS NULL, COALESCE(d.date, d.meeting_date), "
            "CASE cm.role WHEN 'own' THEN 0 WHEN 'paragraph' THEN 1 WHEN 'agenda' THEN 1 ELSE 2 END, cm.char_start",
            (key,),
        )
        return rows

    def stats(self) -> dict:
        with self._lock:
            one = lambda sql: self.con.execute(sql).fetchone()[0]  # noqa: E731
            embedded = {
                r[0]: r[1] for r in self.con.execute(
                    "SELECT e.model, COUNT(*) FROM chunks c JOIN embeddings e ON e.content_hash = c.content_hash "
                    "GROUP BY e.model")
            }
            return {
                "files": one("SELECT COUNT(*) FROM files"),
                "documents": one("SELECT COUNT(*) FROM documents"),
                "chunks": one("SELECT COUNT(*) FROM chunks"),
                "case_mentions": one("SELECT COUNT(*) FROM case_mentions"),
                "embedded": embedded,
                "schema_version": SCHEMA_VERSION,
            }

    def facets(self) -> dict[str, list]:
        col = lambda sql: [r[0] for r in self.con.execute(sql)]  # noqa: E731
        with self._lock:
            return {
                "municipalities": col("SELECT DISTINCT municipality FROM documents WHERE municipality IS NOT NULL ORDER BY 1"),
                "committees": col("SELECT DISTINCT committee FROM documents WHERE committee IS NOT NULL ORDER BY 1"),
                "doc_types": col("SELECT DISTINCT doc_type FROM documents WHERE doc_type IS NOT NULL ORDER BY 1"),
                "years": col("SELECT DISTINCT year FROM documents WHERE year IS NOT NULL ORDER BY 1"),
                "officers": col("SELECT DISTINCT o.value FROM documents d, json_each(d.officers) o ORDER BY 1"),
            }

    # -- embeddings -------------------------------------------------------------------------
    def chunks_missing_embeddings(self, model: str) -> list[tuple[int, str, str]]:
        """(chunk_id, content_hash, passage text) for each distinct content without a vector."""
        rows = self._rows(
            "SELECT MIN(c.id) AS id, c.content_hash, d.title, c.heading, c.text FROM chunks c "
            "JOIN documents d ON d.id = c.document_id "
            "WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.content_hash = c.content_hash AND e.model = ?) "
            "GROUP BY c.content_hash ORDER BY MIN(c.id)", (model,))
        return [(r["id"], r["content_hash"], passage_text(r["title"], r["heading"], r["text"])) for r in rows]

    def put_embeddings(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> int:
        rows = []
        for h, vec in items:
            v = np.asarray(vec, dtype=np.float32).ravel()
            rows.append((h, model, int(v.shape[0]), v.tobytes()))
        with self._lock:
            self.con.execute("BEGIN IMMEDIATE")
            try:
                self.con.executemany(
                    "INSERT OR REPLACE INTO embeddings(content_hash, model, dim, vector) VALUES (?,?,?,?)", rows)
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
        return len(rows)

    def embedding_signature(self, model: str) -> tuple[int, int, int]:
        """Cheap fingerprint of the embedded chunk set: (count, max id, sum of ids)."""
        with self._lock:
            r = self.con.execute(
                "SELECT COUNT(*), COALESCE(MAX(c.id), 0), COALESCE(SUM(c.id), 0) FROM chunks c "
                "JOIN embeddings e ON e.content_hash = c.content_hash AND e.model = ?", (model,)).fetchone()
            return int(r[0]), int(r[1]), int(r[2])

    def chunk_vectors(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, float32 matrix) of every chunk that has a vector for `model`."""
        with self._lock:
            rows = self.con.execute(
                "SELECT c.id, e.dim, e.vector FROM chunks c JOIN embeddings e "
                "ON e.content_hash = c.content_hash AND e.model = ? ORDER BY c.id", (model,)).fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        mat = np.vstack([np.frombuffer(r[2], dtype=np.float32) for r in rows])
        return ids, mat

    def prune_embeddings(self) -> int:
        """Drop cached vectors no chunk uses any more (the cache otherwise only grows)."""
        with self._lock:
            cur = self.con.execute(
                "DELETE FROM embeddings WHERE content_hash NOT IN (SELECT content_hash FROM chunks)")
            return cur.rowcount

    # -- verification, tracing, precedent (issue 5: 3-5) ---------------------------------------
    def all_case_mentions(self) -> list[dict]:
        """Every case mention with its document's facts: the input of register verification."""
        return self._rows(
            "SELECT cm.id, cm.document_id, cm.file_id, cm.key, cm.raw, cm.role, cm.paragraph, cm.char_start, "
            "cm.char_end, cm.page, d.title, d.doc_type, d.date, d.meeting_date, d.municipality, d.committee, "
            "d.char_start AS doc_start, d.char_end AS doc_end, f.source "
            "FROM case_mentions cm JOIN documents d ON d.id = cm.document_id JOIN files f ON f.id = cm.file_id "
            "ORDER BY cm.document_id, cm.char_start")

    def document_records(self, ids: Iterable[int]) -> dict[int, DocumentRecord]:
        """Parsed records of the given documents, by id (unknown ids are left out)."""
        ids = list(dict.fromkeys(ids))
        out: dict[int, DocumentRecord] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            for r in self._rows(f"SELECT id, record FROM documents WHERE id IN ({marks})", part):
                out[r["id"]] = DocumentRecord.model_validate_json(r["record"])
        return out

    def mentions_signature(self) -> tuple:
        """Cheap fingerprint of the case mentions and documents: changes with every ingest."""
        with self._lock:
            a = self.con.execute("SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(SUM(id), 0) FROM case_mentions").fetchone()
            b = self.con.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM documents").fetchone()
            return tuple(a) + tuple(b)

    def document_sources(self, ids: Iterable[int]) -> dict[int, dict]:
        """id → {source, file_id} for the given documents."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {r["id"]: r for r in self._rows(
            f"SELECT d.id, d.file_id, f.source FROM documents d JOIN files f ON f.id = d.file_id WHERE d.id IN ({marks})", ids)}
