"""OCR of pages without a usable text layer, with Tesseract's Swedish model.

Why Tesseract via subprocess: it is the OCR engine Debian/Ubuntu ship with a Swedish model
(`tesseract-ocr-swe`), needs no Python bindings, and a subprocess can be given a hard timeout,
which a hostile or huge scan needs. Pages are rendered with pypdfium2 in the calling thread
(pdfium is not thread-safe) and recognised two at a time; OMP_THREAD_LIMIT=1 stops each
Tesseract from spreading over all cores, so two workers use the two cores without thrashing.

The TSV output gives word boxes, which become layout `Segment`s so scanned pages get the same
header/footer, column and de-hyphenation cleanup as born-digital ones.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from ingest.layout import Segment

OCR_LANG = "swe"
OCR_DPI = 300
OCR_WORKERS = 2
PAGE_TIMEOUT_S = 180.0

INSTALL_HINT = (
    "Installera tesseract-ocr och tesseract-ocr-swe (t.ex. `apt-get install tesseract-ocr "
    "tesseract-ocr-swe`) för att aktivera OCR av skannade sidor."
)

# Numbers as written in Swedish documents: "1 250 000", "-15,0", "2023-01-23", "SN 2023/81".
_NUMBER_RE = re.compile(r"\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:[.,:/-]\d+)*")


@dataclass
class OcrPage:
    """Recognised text of one page; coordinates in points of the displayed page."""

    segments: list[Segment]
    width: float
    height: float
    mean_confidence: float | None = None
    error: str | None = None
    numbers: list[str] = field(default_factory=list)


def _tesseract() -> str | None:
    return shutil.which(os.environ.get("NAMNDSOK_TESSERACT", "tesseract"))


@functools.lru_cache(maxsize=1)
def ocr_available() -> bool:
    """True when a `tesseract` binary with the Swedish model is installed."""
    exe = _tesseract()
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    langs = {ln.strip() for ln in (out.stdout + out.stderr).splitlines()}
    return OCR_LANG in langs


# Tesseract reads a lone "1" as "I"/"l"/"|" and "0" as "O" inside numbers; fix only where the
# neighbours are digits in Swedish number layout ("I 250 000", "2O23").
_ONE_RE = re.compile(r"(?<![\w,.])[Il|](?=(?: \d{3})+\b)")
_ZERO_RE = re.compile(r"(?<=\d)[Oo](?=\d)|(?<=\d\d)[Oo]\b")


def fix_ocr_digits(text: str) -> str:
    """Undo the commonest letter-for-digit OCR confusions inside numbers."""
    return _ZERO_RE.sub("0", _ONE_RE.sub("1", text))


def unconfirmed_numbers(text: str) -> list[str]:
    """Numbers in OCR text, in order, without repeats: digits OCR may have misread."""
    seen: dict[str, None] = {}
    for m in _NUMBER_RE.finditer(text):
        seen.setdefault(m.group(0), None)
    return list(seen)


def parse_tsv(tsv: str, scale: float) -> tuple[list[Segment], float | None]:
    """Tesseract TSV -> one Segment per recognised line (pixels scaled to points)."""
    lines: dict[tuple[str, str, str], list[tuple[int, int, int, int, str, float]]] = {}
    confs: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5":
            continue
        word = (row.get("text") or "").strip()
        if not word:
            continue
        try:
            left, top, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
            conf = float(row.get("conf") or -1)
        except (KeyError, ValueError):
            continue
        if conf >= 0:
            confs.append(conf)
        key = (row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append((left, top, left + w, top + h, word, conf))
    segs = []
    for words in lines.values():
        segs.append(Segment(
            x0=min(w[0] for w in words) / scale, top=min(w[1] for w in words) / scale,
            x1=max(w[2] for w in words) / scale, bottom=max(w[3] for w in words) / scale,
            text=fix_ocr_digits(" ".join(w[4] for w in words)),
        ))
    return segs, (sum(confs) / len(confs) if confs else None)


def ocr_image(image_path: Path, *, timeout_s: float = PAGE_TIMEOUT_S, scale: float = OCR_DPI / 72) -> tuple[list[Segment], float | None]:
    """Run Tesseract on one image file; raises RuntimeError with the reason on failure."""
    exe = _tesseract()
    if not exe:
        raise RuntimeError("tesseract saknas")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(
            [exe, str(image_path), "stdout", "-l", OCR_LANG, "--psm", "3", "tsv"],
            capture_output=True, timeout=max(timeout_s, 1.0), env=env,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"OCR tog mer än {timeout_s:.0f} s") from exc
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip()[-300:] or "tesseract misslyckades")
    return parse_tsv(proc.stdout.decode("utf-8", "replace"), scale)


def ocr_pages(
    doc,  # pypdfium2.PdfDocument; untyped so this module imports without pdfium loaded
    indices: Sequence[int],
    *,
    dpi: int = OCR_DPI,
    workers: int = OCR_WORKERS,
    remaining: Callable[[], float] = lambda: PAGE_TIMEOUT_S,
) -> dict[int, OcrPage]:
    """OCR the pages `indices` (0-based) of an open pdfium document.

    Rendering happens here, in the caller's thread, one page ahead of the workers so memory
    holds at most workers+1 page images. `remaining()` returns the seconds left for the whole
    file; when it runs out a TimeoutError is raised and no further pages are started.
    """
    scale = dpi / 72
    results: dict[int, OcrPage] = {}
    with tempfile.TemporaryDirectory(prefix="namndsok-ocr-") as tmp, ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future, tuple[int, Path, float, float]] = {}

        def collect(block: bool) -> None:
            for fut in [f for f in pending if block or f.done()]:
                idx, img, w, h = pending.pop(fut)
                try:
                    segs, conf = fut.result()
                    results[idx] = OcrPage(segs, w, h, conf)
                except Exception as exc:  # one failing page must not stop the others
                    results[idx] = OcrPage([], w, h, None, error=str(exc))
                img.unlink(missing_ok=True)

        for idx in indices:
            if remaining() <= 0:
                raise TimeoutError
            while len(pending) > workers:
                wait(list(pending), timeout=max(remaining(), 0.01), return_when=FIRST_COMPLETED)
                collect(block=False)
                if remaining() <= 0:
                    raise TimeoutError
            page = doc[idx]
            try:
                bitmap = page.render(scale=scale, grayscale=True)
                pil = bitmap.to_pil()
            finally:
                page.close()
            img = Path(tmp) / f"p{idx}.pgm"
            pil.convert("L").save(img)
            w_pt, h_pt = pil.width / scale, pil.height / scale
            del pil, bitmap
            fut = pool.submit(ocr_image, img, timeout_s=min(PAGE_TIMEOUT_S, remaining()), scale=scale)
            pending[fut] = (idx, img, w_pt, h_pt)
        collect(block=True)
    return results
