"""PDF benchmark: our `read_pdf`, full ingestion without dense encoding, plain pdfplumber.

Why: issue 4 sets a floor of 150 pages/s for full ingestion (read, extract, chunk, store,
index; no dense vectors) of born-digital PDFs on 2 cores, and the choice of pypdfium2 over
pdfplumber (docs/adr/0002-pdf-stack.md) rests on these numbers; the bench keeps them visible
(`namndsok bench pdf`). All figures come from the same files in the same run. Ingestion is
also run on 2x and 4x the file set (distinct files, fresh store) to show how it scales, and
on the PDF twins of the whole corpus (distinct text, so no cache sees a page twice).

The ingest step is passed in by the service layer (`Service.bench_pdf`), so this module does
not depend on the layers above it.
"""
from __future__ import annotations

import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# (files, empty store directory) -> {"pages": pages stored, "errors": files that failed}
IngestFn = Callable[[list[Path], Path], dict]

# Fixtures that are born-digital and readable: what the 150 pages/s floor is about.
BENCH_FIXTURES = (
    "bench_packet", "packet", "tjansteskrivelse", "two_column", "table", "table_unruled",
    "rotated", "lomma_protokoll",
)


def _generator():
    try:
        from tests.fixtures import make_pdfs
    except ImportError:
        # Running from an installed package: the generator lives in the repository's tests/.
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.fixtures import make_pdfs
    return make_pdfs


def _fixture_paths(out_dir: Path) -> list[Path]:
    made = _generator().make_all(out_dir)
    return [made[name] for name in BENCH_FIXTURES]


# Warm-up paper: wakes every parser (letterhead, officer label, proposal, §) so one-time imports
# and model set-up are not counted per page, without sharing text with the measured files.
_WARMUP_TEXT = """Testkommun
Tekniska nämnden
TJÄNSTESKRIVELSE
Datum 2020-01-01
Diarienummer TN 2020/1
Handläggare: Test Testsson, utredare

Förslag till beslut
Tekniska nämnden beslutar att godkänna rapporten.

Protokoll § 1 Justering
"""


def _copies(paths: Sequence[Path], times: int, out_dir: Path) -> list[Path]:
    """`times` distinct copies of each file (own name and bytes, so none is skipped as a repeat)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for k in range(times):
        for p in paths:
            dest = out_dir / f"{p.stem}__{k}{p.suffix}"
            # A comment after %%EOF changes the file hash and nothing a reader sees.
            dest.write_bytes(p.read_bytes() + (f"\n%kopia {k}\n".encode() if k else b""))
            out.append(dest)
    return out


def _time_ingest(ingest: IngestFn, files: list[Path], store: Path) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    res = ingest(files, store)
    fig = _figure(int(res.get("pages", 0)), time.perf_counter() - t0, time.process_time() - c0)
    fig.update(files=len(files), errors=int(res.get("errors", 0)), peak_rss_mb=_peak_rss_mb())
    return fig


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024, 1)


def _time_ours(paths: list[Path], repeat: int) -> tuple[int, float, float]:
    from ingest.pdf import read_pdf

    pages = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for p in paths:
            pages += len(read_pdf(p, sha256="bench", ocr=False).pages)
    return pages, time.perf_counter() - t0, time.process_time() - c0


def _time_pdfplumber(paths: list[Path], repeat: int, max_pages: int | None) -> tuple[int, float, float]:
    import pdfplumber

    pages = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for p in paths:
            with pdfplumber.open(str(p)) as pdf:
                for page in pdf.pages:
                    if max_pages is not None and pages >= max_pages:
                        break
                    page.extract_text()
                    page.flush_cache()
                    pages += 1
    return pages, time.perf_counter() - t0, time.process_time() - c0


def _time_pdfium(paths: list[Path], repeat: int) -> tuple[int, float, float]:
    import pypdfium2 as pdfium

    pages = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for p in paths:
            doc = pdfium.PdfDocument(str(p))
            try:
                for i in range(len(doc)):
                    page = doc[i]
                    tp = page.get_textpage()
                    tp.get_text_range()
                    tp.close()
                    page.close()
                    pages += 1
            finally:
                doc.close()
    return pages, time.perf_counter() - t0, time.process_time() - c0


def _figure(pages: int, seconds: float, cpu_seconds: float) -> dict:
    """Wall-clock pages/s is the headline; CPU seconds show it when other work shares the cores."""
    return {"pages": pages, "seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3),
            "pages_per_s": round(pages / seconds, 1) if seconds else None}


def bench_pdf(paths: list[Path] | None = None, repeat: int = 1, *, plumber_max_pages: int | None = None,
              ingest: IngestFn | None = None, scales: Sequence[int] = (1, 2, 4), corpus: bool | None = None) -> dict:
    """Measure pages/s for read_pdf, full ingestion (when `ingest` is given), pdfplumber
    extract_text and pypdfium2 get_text_range, and peak RSS.

    Without `paths` the fixture PDFs (a 232-page Word-like packet and the special pages) are
    generated into a temporary directory first. Ingestion runs once per factor in `scales`
    (that many distinct copies of the files, fresh store each time) and, with `corpus`
    (default: when the fixtures are generated), on the PDF twins of every corpus document.
    `plumber_max_pages` caps the slow pdfplumber run for quick checks; by default it reads
    every page like the others. Peak RSS is process-wide and only grows, so it is recorded
    after each step, with pdfplumber (whose caches dominate) last.
    """
    repeat = max(1, repeat)
    tmp = tempfile.TemporaryDirectory(prefix="namndsok-bench-")
    work = Path(tmp.name)
    try:
        if corpus is None:
            corpus = not paths
        if not paths:
            paths = _fixture_paths(work / "fixtures")
        paths = [Path(p) for p in paths]
        # Warm-up: imports and pdfium initialisation are not part of per-page cost.
        _time_pdfium(paths[:1], 1)
        from ingest.pdf import read_pdf

        read_pdf(paths[0], sha256="warmup", ocr=False)
        ours = _time_ours(paths, repeat)
        rss_after_ours = _peak_rss_mb()  # before pdfplumber, whose caches dominate the peak
        pdfium_raw = _time_pdfium(paths, repeat)
        ingestion: dict = {}
        if ingest is not None:
            warm = work / "warmup" / "tjansteskrivelse.txt"
            warm.parent.mkdir(parents=True)
            warm.write_text(_WARMUP_TEXT, encoding="utf-8")
            t0 = time.perf_counter()
            ingest([warm], work / "warmup" / "store")
            ingestion["startup_s"] = round(time.perf_counter() - t0, 3)
            for k in scales:
                files = paths if k == 1 else _copies(paths, k, work / f"x{k}")
                ingestion[f"x{k}"] = _time_ingest(ingest, files, work / f"store_x{k}")
            if corpus:
                twins = list(_generator().render_corpus(work / "corpus").values())
                ingestion["corpus_twins"] = _time_ingest(ingest, twins, work / "store_corpus")
        plumber = _time_pdfplumber(paths, repeat, plumber_max_pages)
        import pdfplumber
        import pypdfium2

        return {
            "files": [str(p) for p in paths],
            "repeat": repeat,
            "read_pdf": _figure(*ours),
            "ingest": ingestion,
            "pdfplumber": _figure(*plumber),
            "pypdfium2_raw": _figure(*pdfium_raw),
            "speedup_vs_pdfplumber": round((ours[0] / ours[1]) / (plumber[0] / plumber[1]), 1) if plumber[0] else None,
            "peak_rss_mb_read_pdf": rss_after_ours,
            "peak_rss_mb_ingest": max((f["peak_rss_mb"] for f in ingestion.values() if isinstance(f, dict)), default=None),
            "peak_rss_mb": _peak_rss_mb(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "versions": {"pypdfium2": getattr(pypdfium2, "V_PYPDFIUM2", None) or _version("pypdfium2"),
                         "pdfplumber": getattr(pdfplumber, "__version__", None)},
        }
    finally:
        tmp.cleanup()


def _version(dist: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:
        return None


def print_bench(result: dict) -> None:
    """Human-readable table of a bench_pdf() result."""
    print(f"PDF, {len(result['files'])} filer, repeat={result['repeat']}, {result['cpus']} kärnor")
    print(f"{'metod':<34}{'filer':>6}{'sidor':>7}{'sekunder':>10}{'cpu-s':>9}{'sidor/s':>9}{'RSS MB':>8}")

    def row(name: str, f: dict, files: int | str = "") -> None:
        rss = f.get("peak_rss_mb", "")
        print(f"{name:<34}{files:>6}{f['pages']:>7}{f['seconds']:>10.3f}{f['cpu_seconds']:>9.3f}"
              f"{(f['pages_per_s'] or 0):>9.1f}{rss:>8}")

    n = len(result["files"])
    row("read_pdf (text + layout)", result["read_pdf"], n)
    ingestion = result.get("ingest") or {}
    for key, f in ingestion.items():
        if key.startswith("x") and isinstance(f, dict):
            row(f"full inläsning utan vektorer {key[1:]}x", f, f["files"])
    if "corpus_twins" in ingestion:
        row("full inläsning, korpusens PDF:er", ingestion["corpus_twins"], ingestion["corpus_twins"]["files"])
    row("pypdfium2 rå get_text_range", result["pypdfium2_raw"], n)
    row("pdfplumber extract_text", result["pdfplumber"], n)
    if result.get("speedup_vs_pdfplumber"):
        print(f"read_pdf är {result['speedup_vs_pdfplumber']}x snabbare än pdfplumber")
    if "startup_s" in ingestion:
        print(f"uppstart före första filen (importer, modeller): {ingestion['startup_s']:.2f} s, ingår inte ovan")
    errors = sum(f.get("errors", 0) for f in ingestion.values() if isinstance(f, dict))
    if errors:
        print(f"OBS: {errors} filer gav fel vid inläsningen")
    after_ingest = f"{result['peak_rss_mb_ingest']} MB efter inläsningen, " if result.get("peak_rss_mb_ingest") else ""
    print(f"högsta minnesanvändning (RSS): {result['peak_rss_mb_read_pdf']} MB efter read_pdf, "
          f"{after_ingest}{result['peak_rss_mb']} MB efter pdfplumber")


if __name__ == "__main__":
    import json

    res = bench_pdf()  # reading only; `namndsok bench pdf` adds full ingestion
    if "--json" in sys.argv:
        print(json.dumps(res, indent=2, ensure_ascii=False))
    else:
        print_bench(res)
