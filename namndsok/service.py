"""The one service layer: every operation the CLI, the API and the Streamlit UI offer.

Interfaces call these methods and format the result; they hold no logic of their own.
Data flows one way: ingest (read) → nlp (records, chunks) → search (store, index) → here → ui.
"""
from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path
from typing import Callable

from ingest.errors import IngestError
from ingest.readers import iter_paths, read_file, sha256_bytes
from namndsok.config import Settings, settings as load_settings
from namndsok.models import (
    CaseMention, CaseResult, DocumentView, IngestOutcome, IngestReport, SearchHit, SearchResult,
)
from nlp.casenumbers import normalize_case_key
from nlp.chunk import chunk_file
from nlp.extract import extract
from nlp.records import FileExtraction

Progress = Callable[[int, int, str], None]


class Service:
    def __init__(self, cfg: Settings | None = None) -> None:
        self.cfg = cfg or load_settings()
        self._store = None
        self._embedder = None
        self._embedder_loaded = False

    # -- resources -------------------------------------------------------------------------
    @property
    def store(self):
        if self._store is None:
            from search.store import Store

            self.cfg.store.mkdir(parents=True, exist_ok=True)
            self._store = Store(self.cfg.store)
        return self._store

    @property
    def embedder(self):
        """The dense embedder, or None when disabled ("none") — search then stays lexical."""
        if not self._embedder_loaded:
            from search.embed import make_embedder

            self._embedder = make_embedder(self.cfg.embedder)
            self._embedder_loaded = True
        return self._embedder

    # -- ingestion -------------------------------------------------------------------------
    def extract_file(self, path: str | Path) -> FileExtraction:
        """What one file yields, without storing it (`namndsok extract`)."""
        raw = self._read(Path(path))
        return extract(raw)

    def _read(self, path: Path):
        return read_file(path, max_mb=self.cfg.max_file_mb, max_pages=self.cfg.max_pages, timeout_s=self.cfg.file_timeout_s)

    def ingest_file(self, path: Path, *, retryable: bool = True) -> IngestOutcome:
        """Read, extract, chunk and store one file; never raises for a bad file."""
        t0 = time.perf_counter()
        source = path.name
        # Where the file lies, so a failure can be retried (an upload's temporary copy cannot).
        where = str(path.resolve()) if retryable else None
        try:
            if path.is_file():
                sha = sha256_bytes(path.read_bytes())
                if self.store.file_by_sha(sha) is not None:
                    out = IngestOutcome(source=source, status="skipped", message="Filen är redan inläst (samma innehåll).")
                    self.store.log(source, sha, out.status, None, out.message, path=where)
                    return out
            raw = self._read(path)
            fx = extract(raw)
            chunks = chunk_file(raw, fx.documents, self.cfg.chunk_min_words, self.cfg.chunk_max_words)
            replaced = self.store.file_by_source(source) is not None
            self.store.replace_file(raw, fx.documents, chunks)
            out = IngestOutcome(
                source=source, status="replaced" if replaced else "ok", documents=len(fx.documents), chunks=len(chunks),
                pages=len(raw.pages), message="; ".join(raw.warnings) or None,
            )
            self.store.log(source, raw.sha256, out.status, None, out.message, path=where)
        except IngestError as exc:
            out = IngestOutcome(source=source, status="error", code=exc.code, message=exc.message)
            self._log_error(source, exc.code, exc.message, where)
        except Exception as exc:  # a bug on one file must not stop the batch; report it
            msg = f"Oväntat fel vid inläsning: {type(exc).__name__}: {exc}"
            out = IngestOutcome(source=source, status="error", code="internal", message=msg)
            self._log_error(source, "internal", msg, where)
        out.seconds = round(time.perf_counter() - t0, 3)
        return out

    def _log_error(self, source: str, code: str, message: str, path: str | None = None) -> None:
        try:
            self.store.log(source, None, "error", code, message, path=path)
        except Exception:
            pass

    def failed_files(self) -> list[IngestOutcome]:
        """The ingest report of failures: files whose latest attempt failed, with code and message."""
        return [IngestOutcome(source=r["source"], status="error", code=r["code"], message=r["message"], path=r.get("path"))
                for r in self.store.failed_files()]

    def retry_failed(self, *, progress: Progress | None = None) -> IngestReport:
        """Ingest again every failed file that can be found again (uploads cannot: their temporary
        copy is gone, so they are sent again). A fixed file is stored; one still broken stays listed."""
        paths = [Path(f.path) for f in self.failed_files() if f.path]
        return self.ingest(paths, progress=progress) if paths else IngestReport()

    def ingest(self, paths: list[str | Path], *, embed: bool = False, progress: Progress | None = None) -> IngestReport:
        files = iter_paths([Path(p) for p in paths])
        report = IngestReport()
        # Several files: one re-analysis at the end lets compound parts learned from later files
        # apply to the files indexed first (see Store.batch); one file is analysed as it is stored.
        with self.store.batch() if len(files) > 1 else contextlib.nullcontext():
            for i, f in enumerate(files):
                if progress:
                    progress(i, len(files), f.name)
                report.files.append(self.ingest_file(f))
            if progress:
                progress(len(files), len(files), "")
        if embed:
            self.embed()
        return report

    def _ingest_fresh(self, files: list[Path], store_dir: Path) -> IngestReport:
        """`namndsok ingest --no-embed` into a fresh store beside the user's (for the benchmarks)."""
        from dataclasses import replace

        svc = Service(replace(self.cfg, store=store_dir, embedder="none"))
        try:
            return svc.ingest(files)
        finally:
            svc.store.close()

    def bench_pdf(self, **kw) -> dict:
        """`namndsok bench pdf`: reading and full ingestion without dense encoding, timed on the
        generated PDFs, each run into a fresh temporary store (the user's store is untouched)."""
        from ingest.bench import bench_pdf

        def run(files: list[Path], store_dir: Path) -> dict:
            rep = self._ingest_fresh(files, store_dir)
            return {"pages": sum(f.pages for f in rep.files if f.status != "error"), "errors": len(rep.errors)}

        return bench_pdf(ingest=run, **kw)

    def bench_search(self, **kw):
        """`namndsok bench search`: ingestion, query latency and dense encoding on corpus ×1, ×2,
        ×4, each scale in a fresh temporary store (the user's store is untouched)."""
        import yaml

        from namndsok.config import CORPUS_DIR, REPO_ROOT
        from search.bench import bench_search

        def run(files: list[Path], store_dir: Path) -> dict:
            rep = self._ingest_fresh(files, store_dir)
            ok = [f for f in rep.files if f.status != "error"]
            return {"documents": sum(f.documents for f in ok), "chunks": sum(f.chunks for f in ok), "errors": len(rep.errors)}

        n = kw.pop("queries", None)
        gold_path = REPO_ROOT / "tests" / "gold" / "retrieval.yaml"  # real queries, real term mix
        if not gold_path.exists():
            raise FileNotFoundError(f"Frågorna för mätningen saknas ({gold_path}); kör från ett utcheckat repo.")
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        queries = [q["query"] for q in gold][:n] if n else [q["query"] for q in gold]
        kw.setdefault("embedder", self.cfg.embedder)
        return bench_search(kw.pop("corpus_dir", CORPUS_DIR), queries, run, **kw)

    def ingest_upload(self, filename: str, data: bytes) -> IngestReport:
        """Ingest bytes sent by the API or the UI under their original file name."""
        name = Path(filename).name or "uppladdad.txt"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            return IngestReport(files=[self.ingest_file(path, retryable=False)])

    def embed(self, *, limit: int | None = None, progress: Callable[[int, int], None] | None = None, batch_size: int = 16) -> int:
        """Encode the chunks that have no vector yet (resumable; cached by content hash)."""
        if self.embedder is None:
            return 0
        from search.embed import embed_pending

        return embed_pending(self.store, self.embedder, batch_size=batch_size, progress=progress, limit=limit)

    # -- reading ---------------------------------------------------------------------------
    def search(self, query: str, *, filters: dict | None = None, k: int = 10, mode: str = "hybrid") -> SearchResult:
        from search.hybrid import search as run_search
        from search.query import Filters

        f = Filters(**{key: v for key, v in (filters or {}).items() if v not in (None, "", [])})
        embedder = self.embedder if mode in ("hybrid", "dense") else None
        hits = run_search(self.store, query, filters=f, k=k, embedder=embedder, mode=mode)
        return SearchResult(query=query, hits=[SearchHit(**h.model_dump(include=set(SearchHit.model_fields))) for h in hits])

    def document(self, document_id: int) -> DocumentView | None:
        doc = self.store.get_document(document_id)
        if doc is None:
            return None
        text = self.store.file_text(doc["file_id"])
        s, e = doc["char_start"], doc["char_end"]
        return DocumentView(document_id=document_id, source=doc["source"], text=text[s:e], char_start=s,
                            record=doc["record"], pages=doc.get("pages") or [])

    def case(self, number: str) -> CaseResult:
        key = normalize_case_key(number)
        if key is None:
            return CaseResult(query=number, key=None, mentions=[])
        rows = self.store.case_mentions(key)
        return CaseResult(query=number, key=key, mentions=[CaseMention(**{k: r.get(k) for k in CaseMention.model_fields}) for r in rows])

    def facets(self) -> dict:
        return self.store.facets()

    def health(self) -> dict:
        stats = self.store.stats()
        return {"status": "ok", "store": str(self.cfg.store), "embedder": self.cfg.embedder, **stats}

    # -- verification, tracing, precedent (issue 5: 3-5) -------------------------------------
    def verify(self, case: str | None = None):
        """Register check of every case number (or one): findings with reasons and spans."""
        from namndsok.models import VerifyResult
        from search.verify import verify_store

        key = None
        if case is not None and case.strip():
            key = normalize_case_key(case)
            if key is None:
                return VerifyResult(query=case, case_key=None, checked_numbers=0, checked_mentions=0, counts={}, findings=[])
        findings, n_keys, n_mentions = verify_store(self.store, key)
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
        return VerifyResult(query=case, case_key=key, checked_numbers=n_keys, checked_mentions=n_mentions, counts=counts,
                            findings=findings)

    def trace(self, case: str):
        """A case's way through papers and bodies, and each § with proposal beside decision."""
        from namndsok.models import TraceResult
        from search.trace import trace_store

        key = normalize_case_key(case)
        if key is None:
            return TraceResult(query=case, case_key=None)
        return trace_store(self.store, key, query=case)

    def precedent(self, text: str, *, k: int = 10, mode: str = "hybrid", filters: dict | None = None):
        """Earlier proposals and decisions worded like `text`, near-identical wordings grouped."""
        from search.precedent import find_precedents
        from search.query import Filters

        f = Filters(**{key: v for key, v in (filters or {}).items() if v not in (None, "", [])})
        embedder = self.embedder if mode in ("hybrid", "dense") else None
        return find_precedents(self.store, text, k=k, embedder=embedder, mode=mode if embedder else "lexical", filters=f)

    def to_csv(self, result) -> str:
        """A verify, trace or precedent result's table as CSV (semicolons, UTF-8 with BOM)."""
        from namndsok.models import PrecedentResult, TraceResult, VerifyResult
        from search.export import findings_csv, precedent_csv, timeline_csv

        if isinstance(result, VerifyResult):
            return findings_csv(result.findings)
        if isinstance(result, TraceResult):
            return timeline_csv(result.timeline)
        if isinstance(result, PrecedentResult):
            return precedent_csv(result.groups)
        raise TypeError(f"Ingen CSV-export för {type(result).__name__}")

    # -- cross-year comparison (issue 5: 1-2) --------------------------------------------------
    def compare_topic(self, query: str, *, filters: dict | None = None, k: int = 3, mode: str = "lexical"):
        """A topic across years: hits per year and body, the best passages of each year, their figures."""
        from namndsok.models import TopicComparison
        from search.compare import compare_topic
        from search.query import Filters

        f = Filters(**{key: v for key, v in (filters or {}).items() if v not in (None, "", [])})
        embedder = self.embedder if mode in ("hybrid", "dense") else None
        return TopicComparison.model_validate(compare_topic(self.store, query, filters=f, per_year=k, embedder=embedder))

    def report_kinds(self) -> dict[str, str]:
        from search.reports import KIND_LABELS

        return dict(KIND_LABELS)

    def compare_reports(self, kind: str, *, municipality: str | None = None, committee: str | None = None,
                        keys: list[str] | None = None):
        """Reports of one kind across years, aligned section by section, with key figures by year.

        Raises ValueError (Swedish message) for an unknown kind."""
        from namndsok.models import ReportComparison
        from search.reports import compare_reports, normalize_kind

        return ReportComparison.model_validate(compare_reports(
            self.store, kind=normalize_kind(kind), municipality=municipality or None, committee=committee or None,
            keys=keys or None))

    def comparison_csv(self, result, table: str | None = None) -> str:
        """One table of a topic or report comparison as CSV (semicolons, UTF-8 with BOM)."""
        from namndsok.models import ReportComparison, TopicComparison
        from search.compare import topic_csv
        from search.reports import reports_csv

        if isinstance(result, TopicComparison):
            return topic_csv(result.model_dump(), table or "figures")
        if isinstance(result, ReportComparison):
            return reports_csv(result.model_dump(), table or "key_figures")
        raise TypeError(f"Ingen CSV-export för {type(result).__name__}")
