"""PDF reading benchmark: our `read_pdf` against plain pdfplumber and raw pypdfium2.

Why: issue 4 sets a floor of 150 pages/s for born-digital PDFs on 2 cores, and the choice of
pypdfium2 over pdfplumber (docs/adr/0002-pdf-stack.md) rests on these numbers; the bench keeps
them visible (`namndsok bench pdf`). All three are timed on the same files in the same run.
"""
from __future__ import annotations

import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

# Fixtures that are born-digital and readable: what the 150 pages/s floor is about.
BENCH_FIXTURES = (
    "bench_packet", "packet", "tjansteskrivelse", "two_column", "table", "table_unruled",
    "rotated", "lomma_protokoll",
)


def _fixture_paths(out_dir: Path) -> list[Path]:
    try:
        from tests.fixtures.make_pdfs import make_all
    except ImportError:
        # Running from an installed package: the generator lives in the repository's tests/.
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.fixtures.make_pdfs import make_all
    made = make_all(out_dir)
    return [made[name] for name in BENCH_FIXTURES]


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


def bench_pdf(paths: list[Path] | None = None, repeat: int = 1, *, plumber_max_pages: int | None = None) -> dict:
    """Measure pages/s for read_pdf, pdfplumber extract_text and pypdfium2 get_text_range.

    Without `paths` the fixture PDFs (a 232-page Word-like packet and the special pages) are
    generated into a temporary directory first. `plumber_max_pages` caps the slow pdfplumber
    run for quick checks; by default it reads every page like the others.
    """
    repeat = max(1, repeat)
    tmp = None
    try:
        if not paths:
            tmp = tempfile.TemporaryDirectory(prefix="namndsok-bench-")
            paths = _fixture_paths(Path(tmp.name))
        paths = [Path(p) for p in paths]
        # Warm-up: imports and pdfium initialisation are not part of per-page cost.
        _time_pdfium(paths[:1], 1)
        ours = _time_ours(paths, repeat)
        rss_after_ours = _peak_rss_mb()  # before pdfplumber, whose caches dominate the peak
        pdfium_raw = _time_pdfium(paths, repeat)
        plumber = _time_pdfplumber(paths, repeat, plumber_max_pages)
        import pdfplumber
        import pypdfium2

        return {
            "files": [str(p) for p in paths],
            "repeat": repeat,
            "read_pdf": _figure(*ours),
            "pdfplumber": _figure(*plumber),
            "pypdfium2_raw": _figure(*pdfium_raw),
            "speedup_vs_pdfplumber": round((ours[0] / ours[1]) / (plumber[0] / plumber[1]), 1) if plumber[0] else None,
            "peak_rss_mb_read_pdf": rss_after_ours,
            "peak_rss_mb": _peak_rss_mb(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "versions": {"pypdfium2": getattr(pypdfium2, "V_PYPDFIUM2", None) or _version("pypdfium2"),
                         "pdfplumber": getattr(pdfplumber, "__version__", None)},
        }
    finally:
        if tmp is not None:
            tmp.cleanup()


def _version(dist: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:
        return None


def print_bench(result: dict) -> None:
    """Human-readable table of a bench_pdf() result."""
    print(f"PDF-läsning, {len(result['files'])} filer, repeat={result['repeat']}, {result['cpus']} kärnor")
    print(f"{'metod':<16}{'sidor':>8}{'sekunder':>11}{'cpu-s':>9}{'sidor/s':>10}")
    for key, name in (("read_pdf", "read_pdf"), ("pypdfium2_raw", "pypdfium2 rå"), ("pdfplumber", "pdfplumber")):
        f = result[key]
        print(f"{name:<16}{f['pages']:>8}{f['seconds']:>11.3f}{f['cpu_seconds']:>9.3f}{(f['pages_per_s'] or 0):>10.1f}")
    if result.get("speedup_vs_pdfplumber"):
        print(f"read_pdf är {result['speedup_vs_pdfplumber']}x snabbare än pdfplumber")
    print(f"högsta minnesanvändning (RSS): {result['peak_rss_mb_read_pdf']} MB efter read_pdf, "
          f"{result['peak_rss_mb']} MB efter pdfplumber")


if __name__ == "__main__":
    import json

    res = bench_pdf()
    if "--json" in sys.argv:
        print(json.dumps(res, indent=2, ensure_ascii=False))
    else:
        print_bench(res)
