"""Read a PDF into a RawDocument: page texts, labels, running lines, tables, OCR (issue 4).

Why this shape (see docs/adr/0002-pdf-stack.md): pypdfium2 gives text rectangles — one per run
of text on a line, with its box — at several hundred pages per second, which is all the
geometry the layout cleanup in `ingest.layout` needs. Ruled tables are read from pdfium's path
bounds by `ingest.tables`; pdfplumber, twenty times slower, is opened only for ruled tables that
are no plain grid (merged cells, text across borders). Pages without a usable text layer go to
Tesseract (`ingest.ocr`).
"""
from __future__ import annotations

import ctypes
import io
import math
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest import layout, ocr as ocr_mod
from ingest.errors import IngestError
from ingest.layout import Line, PageGeometry, Segment
from ingest.model import (
    QUALITY_EMPTY,
    QUALITY_OCR,
    QUALITY_OK,
    QUALITY_TABLE_UNCERTAIN,
    QUALITY_UNREADABLE,
    Page,
    RawDocument,
    Table,
)
from ingest.tables import grid_tables

MIN_TEXT_CHARS = 20  # fewer printable characters than this and a page counts as having no text layer
STAMP_CHARS = 300  # a page-size image under less text than this is a scan with a stamp or page number
GARBAGE_SHARE = 0.3  # share of unmapped glyphs (private use, U+FFFD, controls) that makes a text layer unusable
MAX_PLUMBER_CHARS = 15_000  # pdfplumber's table finder gets slow beyond this; keep the guessed table instead
MAX_PLUMBER_PAGES = 100  # per file: a 500-page budget with a table on every page must not take minutes
MAX_PATHS_SCANNED = 3000  # beyond this many vector objects (charts, maps) we stop looking for table rules
OCR_Y_TOLERANCE = 15.0  # points a running line may drift between scanned pages

Rect = tuple[float, float, float, float]

_ERR_PASSWORD = getattr(pdfium_c, "FPDF_ERR_PASSWORD", 4)
_ERR_SECURITY = getattr(pdfium_c, "FPDF_ERR_SECURITY", 5)


class _Deadline:
    """Per-file time guard, checked between pages and inside long loops."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.end = time.monotonic() + timeout_s

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise IngestError("timeout", f"mer än {self.timeout_s:g} s")


@dataclass
class _RawPage:
    """One page as extracted, before cross-page cleanup."""

    index: int
    width: float
    height: float
    segments: list[Segment] = field(default_factory=list)
    lines: list[Line] | None = None
    needs_ocr: bool = False
    blank: bool = False
    ruled: bool = False
    rules: list[Rect] = field(default_factory=list)  # path bounds of a ruled page, for ingest.tables
    has_multi: bool = False
    n_chars: int = 0
    error: str | None = None


# ---------------------------------------------------------------------------------------------
# Opening


def _check_bytes(path: Path) -> None:
    """Cheap checks before pdfium: missing, empty, not a PDF, cut-off download."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError("not_found", str(path)) from None
    if size == 0:
        raise IngestError("empty_file")
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - 4096))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise IngestError("corrupt_pdf", "filen är inte en PDF")
    if b"%%EOF" not in tail:
        # pdfium would silently rebuild what it can; a truncated download must be re-fetched instead.
        raise IngestError("corrupt_pdf", "filen är avkortad, slutmarkeringen %%EOF saknas")


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            raise IngestError("encrypted_pdf") from None
        reason = {2: "filen kunde inte öppnas", 3: "filens struktur är skadad"}.get(code, "PDFium kunde inte tolka filen")
        raise IngestError("corrupt_pdf", f"{reason}; PDFium: {exc}") from None


def _metadata(doc: pdfium.PdfDocument) -> dict:
    try:
        meta = {k: v for k, v in doc.get_metadata_dict(skip_empty=True).items()}
    except Exception:  # metadata is a nice-to-have; broken Info dicts are common
        meta = {}
    return meta


# ---------------------------------------------------------------------------------------------
# Per-page extraction


def _text_quarter(tp: pdfium.PdfTextPage, n_chars: int) -> int:
    """Dominant text direction in quarter turns counter-clockwise (0 = normal)."""
    votes = [0, 0, 0, 0]
    step = max(1, n_chars // 24)
    for i in range(0, n_chars, step):
        a = pdfium_c.FPDFText_GetCharAngle(tp.raw, i)
        if a < 0:
            continue
        cw = round(a / (math.pi / 2)) % 4  # pdfium measures clockwise
        votes[(4 - cw) % 4] += 1
    return max(range(4), key=votes.__getitem__)


def _frame(rect: tuple[float, float, float, float], q: int, bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """pdfium rect (l, b, r, t) -> (x0, top, x1, bottom) in a top-down frame where text reads left to right."""
    l, b, r, t = rect
    bx0, by0, bx1, by1 = bbox
    if q == 0:
        return l - bx0, by1 - t, r - bx0, by1 - b
    if q == 1:  # baseline runs upwards, lines advance to the right
        return b - by0, l - bx0, t - by0, r - bx0
    if q == 3:  # baseline runs downwards, lines advance to the left
        return by1 - t, bx1 - r, by1 - b, bx1 - l
    return bx1 - r, b - by0, bx1 - l, t - by0


def _baseline(origin: tuple[float, float] | None, q: int, bbox: tuple[float, float, float, float]) -> float | None:
    if origin is None:
        return None
    ox, oy = origin
    bx0, by0, bx1, by1 = bbox
    return (by1 - oy, ox - bx0, oy - by0, bx1 - ox)[q]


_GARBAGE_RE = re.compile("[\ue000-\uf8ff\ufffd\x00-\x01\x03-\x08\x0b\x0c\x0e-\x1f]")


def _garbage_share(text: str) -> float:
    """Share of glyphs without a Unicode mapping (fonts lacking ToUnicode give PUA or U+FFFD)."""
    return len(_GARBAGE_RE.findall(text)) / len(text) if text else 0.0


def _big_image(page: pdfium.PdfPage, bbox: Rect) -> bool:
    """Does one image cover most of the page (a scan under a little digital text)?"""
    area = max((bbox[2] - bbox[0]) * (bbox[3] - bbox[1]), 1.0)
    for n, obj in enumerate(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)):
        if n >= 50:
            break
        try:
            l, b, r, t = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        if (r - l) * (t - b) >= 0.5 * area:
            return True
    return False


def _count_objects(page: pdfium.PdfPage, kind: int, cap: int) -> int:
    n = 0
    for _ in page.get_objects(filter=[kind], max_depth=3):
        n += 1
        if n >= cap:
            break
    return n


_LINE_RE = re.compile(r"[^\r\n]+")


def _text_runs(tp: pdfium.PdfTextPage, bbox: Rect, deadline: _Deadline) -> tuple[list[Segment], int]:
    """Positioned text segments of a page, and its text direction in quarter turns.

    Why not one get_text_bounded() per text rect: each call scans every character of the page,
    so cost grows with rects x chars. Instead the page text is read once (its characters map
    1:1 to pdfium's character indices), cut at pdfium's own line breaks, and each line's rects
    come from count_rects(start, count). Rects on a line are merged unless a wide gap (column
    gutter, table cell, tab stop) or a jump to another row separates them; only at such gaps
    is the character index looked up, with one GetCharIndexAtPos call.
    """
    n_chars = tp.count_chars()
    if n_chars <= 0:
        return [], 0
    full = tp.get_text_range(0, n_chars)
    if len(full) != n_chars:  # surrogate pairs or odd fonts: indices do not line up
        return _text_runs_bounded(tp, bbox, deadline)
    lines: list[tuple[int, int, list[Rect]]] = []
    tall = wide = 0
    for k, m in enumerate(_LINE_RE.finditer(full)):
        if k % 256 == 255:
            deadline.check()
        s, e = m.span()
        if not m.group().strip():
            continue
        rects = [tp.get_rect(j) for j in range(tp.count_rects(s, e - s))]
        if not rects:
            continue
        lines.append((s, e, rects))
        for l, b, r, t in rects:
            if (t - b) > 1.5 * (r - l):
                tall += 1
            else:
                wide += 1
    q = _text_quarter(tp, n_chars) if tall > wide else 0
    segments: list[Segment] = []
    for s, e, rects in lines:
        boxes = [_frame(r, q, bbox) for r in rects]
        groups = _group_rects(boxes)
        cuts = [s]
        if len(groups) > 1:
            for g in groups[1:]:
                cut = _char_at(tp, rects[g[0]], q)
                if cut is None or not cuts[-1] < cut < e:
                    cuts = []
                    break
                cuts.append(cut)
        if not cuts:  # index lookup failed: fall back to reading each group's area
            for g in groups:
                raw = _union([rects[j] for j in g])
                segments.append(_segment([boxes[j] for j in g], tp.get_text_bounded(*raw), None, q, bbox, tp))
            continue
        cuts.append(e)
        for g, a, z in zip(groups, cuts, cuts[1:]):
            segments.append(_segment([boxes[j] for j in g], full[a:z], a, q, bbox, tp))
    return segments, q


def _group_rects(boxes: list[Rect]) -> list[list[int]]:
    """Runs of rects (frame coords x0, top, x1, bottom) that belong to one segment."""
    groups = [[0]]
    for j in range(1, len(boxes)):
        a, b = boxes[j - 1], boxes[j]
        ha, hb = a[3] - a[1], b[3] - b[1]
        same_row = min(a[3], b[3]) - max(a[1], b[1]) >= 0.3 * min(ha, hb)
        gap = b[0] - a[2]
        if not same_row or gap < -1.0 or gap > max(0.9 * max(ha, hb), 5.0):
            groups.append([j])
        else:
            groups[-1].append(j)
    return groups


def _char_at(tp: pdfium.PdfTextPage, rect: Rect, q: int) -> int | None:
    """Index of the first character in a text rect (where reading starts inside it)."""
    l, b, r, t = rect
    x, y = ((l + min(1.0, (r - l) / 2), (b + t) / 2), ((l + r) / 2, b + min(1.0, (t - b) / 2)),
            (r - min(1.0, (r - l) / 2), (b + t) / 2), ((l + r) / 2, t - min(1.0, (t - b) / 2)))[q]
    idx = pdfium_c.FPDFText_GetCharIndexAtPos(tp.raw, x, y, 1.0, 1.0)
    return idx if idx >= 0 else None


def _union(rects: list[Rect]) -> Rect:
    return (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))


def _segment(boxes: list[Rect], text: str, first: int | None, q: int, bbox: Rect, tp: pdfium.PdfTextPage) -> Segment:
    x0, top, x1, bottom = _union(boxes)
    base = None
    if first is not None:
        lead = len(text) - len(text.lstrip())
        base = _baseline(_char_origin(tp, first + lead), q, bbox)
    return Segment(x0, top, x1, bottom, text.strip(), baseline=base)


def _char_origin(tp: pdfium.PdfTextPage, idx: int) -> tuple[float, float] | None:
    x, y = ctypes.c_double(), ctypes.c_double()
    if not pdfium_c.FPDFText_GetCharOrigin(tp.raw, idx, ctypes.byref(x), ctypes.byref(y)):
        return None
    return x.value, y.value


def _text_runs_bounded(tp: pdfium.PdfTextPage, bbox: Rect, deadline: _Deadline) -> tuple[list[Segment], int]:
    """Slow path: one get_text_bounded() per text rect."""
    raws = []
    for i in range(tp.count_rects()):
        if i % 256 == 255:
            deadline.check()
        rect = tp.get_rect(i)
        raws.append((rect, tp.get_text_bounded(*rect)))
    tall = sum(1 for (l, b, r, t), _ in raws if (t - b) > 1.5 * (r - l))
    q = _text_quarter(tp, tp.count_chars()) if tall > len(raws) / 2 else 0
    return [Segment(*_frame(rect, q, bbox), text=txt.strip()) for rect, txt in raws if txt.strip()], q


def _ruling(page: pdfium.PdfPage, bbox: Rect) -> tuple[bool, list[Rect]]:
    """Cheap test for a ruled table, and the page's path bounds (frame coords) for the grid reader.

    Word draws cell borders as thin lines or filled hairline rectangles. Underlines, bullets and
    LaTeX rules give horizontals only, so we ask for at least two verticals of a few lines'
    height as well; only then is a table worth looking for.
    """
    horizontal = vertical = 0
    rules: list[Rect] = []
    for n, obj in enumerate(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3)):
        if n >= MAX_PATHS_SCANNED:
            break
        try:
            l, b, r, t = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        rules.append(_frame((l, b, r, t), 0, bbox))
        w, h = r - l, t - b
        if h <= 3 and w >= 15:
            horizontal += 1
        elif w <= 3 and h >= 12:
            vertical += 1
        elif w >= 15 and h >= 12:
            # A rectangle stroked as one path (cell or table border) counts both ways.
            horizontal += 2
            vertical += 2
    return horizontal >= 3 and vertical >= 2, rules


def _extract_page(doc: pdfium.PdfDocument, index: int, deadline: _Deadline) -> _RawPage:
    page = doc[index]
    try:
        bbox = page.get_bbox()
        tp = page.get_textpage()
        try:
            runs, q = _text_runs(tp, bbox, deadline)
        finally:
            tp.close()
        w, h = bbox[2] - bbox[0], bbox[3] - bbox[1]
        if q in (1, 3):
            w, h = h, w
        text_all = "".join(seg.text for seg in runs)
        rp = _RawPage(index, w, h, n_chars=len(text_all))
        printable = len("".join(text_all.split()))
        garbage = _garbage_share(text_all) > GARBAGE_SHARE
        if printable < MIN_TEXT_CHARS or garbage or (printable < STAMP_CHARS and _big_image(page, bbox)):
            # No usable text layer: a scan (image), a scan with a digital stamp or page number on
            # top, text drawn as outlines (many paths), or fonts without a Unicode mapping.
            images = _count_objects(page, pdfium_c.FPDF_PAGEOBJ_IMAGE, 1)
            paths = _count_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH, 200) if not images else 0
            if images or paths >= 200 or garbage:
                rp.needs_ocr = True
                if not garbage:
                    rp.segments = runs  # a stamp's digital text, kept if OCR cannot run
                rp.width, rp.height = page.get_size()  # OCR sees the page as displayed
                return rp
            if not printable:
                rp.blank = True
                return rp
        rp.segments = runs
        rp.lines = lines = layout.group_lines(rp.segments)
        rp.has_multi = sum(1 for ln in lines if len(ln.segments) >= 2) >= 2
        if rp.has_multi and q == 0:
            rp.ruled, rules = _ruling(page, bbox)
            if rp.ruled:
                rp.rules = rules
        return rp
    finally:
        page.close()


# ---------------------------------------------------------------------------------------------
# Tables


class _Plumber:
    """pdfplumber for single pages whose ruled table is no plain grid (see ingest.tables).

    pdfminer parses the whole page tree when a document is opened, which costs more than the
    table search on a long packet, so the page is first copied into a one-page PDF in memory
    with pdfium (milliseconds) and only that is handed to pdfplumber.
    """

    def __init__(self, doc: pdfium.PdfDocument) -> None:
        self.doc = doc
        self.pages_used = 0

    def worth_it(self, rp: _RawPage) -> bool:
        return rp.n_chars <= MAX_PLUMBER_CHARS and self.pages_used < MAX_PLUMBER_PAGES

    def tables(self, index: int) -> list[tuple[tuple[float, float, float, float], list[list[str | None]]]]:
        import pdfplumber

        self.pages_used += 1
        single = pdfium.PdfDocument.new()
        try:
            single.import_pages(self.doc, [index])
            buf = io.BytesIO()
            single.save(buf)
        finally:
            single.close()
        buf.seek(0)
        with pdfplumber.open(buf) as pdf:
            page = pdf.pages[0]
            if len(page.chars) > MAX_PLUMBER_CHARS:
                return []
            return [(t.bbox, t.extract()) for t in page.find_tables()]

    def close(self) -> None:
        """Nothing held between pages; kept so callers need not care."""


def _clean_rows(rows: list[list[str | None]]) -> tuple[list[list[str]], bool]:
    """Cells as single-line strings; reliable only when no cell was merged (None) and rows agree."""
    merged = any(c is None for r in rows for c in r)
    clean = [[layout.normalize_text(" ".join((c or "").split())) for c in r] for r in rows]
    clean = [r for r in clean if any(r)]
    widths = {len(r) for r in clean}
    return clean, not merged and len(widths) == 1


def _render_rows(rows: list[list[str]]) -> str:
    # markdown table rows ("| a |  | c |"): every parser already reads that form, and empty cells keep their place
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def _page_text_with_tables(body: list[Line], width: float, rp: _RawPage, plumber: _Plumber,
                           deadline: _Deadline) -> tuple[str, list[Table], str]:
    """Body text in reading order; ruled tables replace their lines by cell rows."""
    ordered = layout.reading_order(body, width)
    quality = QUALITY_OK
    tables: list[Table] = []
    number = rp.index + 1
    found: list[tuple[Rect, list[list[str | None]]]] | None = None
    if rp.has_multi and rp.ruled:
        # the page's own rules and text boxes first; pdfplumber only where they are no plain grid
        grid = grid_tables(rp.rules, [seg for ln in body for seg in ln.segments])
        if grid is not None:
            found = [(t.bbox, t.rows) for t in grid]
        elif plumber.worth_it(rp):
            deadline.check()
            try:
                found = plumber.tables(rp.index)
            except Exception:  # pdfplumber chokes on some odd pages; the text is still there
                found = []
    if found:
        parts: list[str] = []
        rest = list(ordered)
        placed = False
        for (x0, top, x1, bottom), raw_rows in sorted(found, key=lambda t: t[0][1]):
            rows, reliable = _clean_rows(raw_rows)
            if len(rows) < 2 or max(len(r) for r in rows) < 2:
                continue
            inside = [ln for ln in rest if top - 2 <= (ln.top + ln.bottom) / 2 <= bottom + 2 and x0 - 2 <= ln.x0 and ln.x1 <= x1 + 2]
            if not inside:
                continue
            first = rest.index(inside[0])
            parts.append(layout.lines_to_text(rest[:first]))
            parts.append(_render_rows(rows))
            rest = [ln for ln in rest[first:] if ln not in inside]
            tables.append(Table(number, rows, reliable))
            if not reliable:
                quality = QUALITY_TABLE_UNCERTAIN
            placed = True
        if placed:
            parts.append(layout.lines_to_text(rest))
            return "\n\n".join(p for p in parts if p), tables, quality
    guessed = layout.guess_table(ordered) if rp.has_multi else None
    if guessed:
        tables.append(Table(number, guessed[2], reliable=False))
        quality = QUALITY_TABLE_UNCERTAIN
    return layout.lines_to_text(ordered), tables, quality


# ---------------------------------------------------------------------------------------------


# PDFium is not thread-safe: concurrent reads from a thread pool would corrupt its state.
_PDFIUM_LOCK = threading.RLock()


def read_pdf(path: Path, *, sha256: str, max_pages: int = 3000, timeout_s: float = 300.0,
             ocr: bool = True) -> RawDocument:
    """Read a PDF into text with page structure.

    Raises IngestError: empty_file, corrupt_pdf (not a PDF, truncated, pdfium failure),
    encrypted_pdf (needs a password), too_large (more than `max_pages`), timeout (the whole
    file took longer than `timeout_s`), no_text (no page yielded text).
    """
    path = Path(path)
    _check_bytes(path)
    with _PDFIUM_LOCK:
        # The clock starts once this file has pdfium to itself, not while it waits for another.
        return _read_locked(path, sha256, max_pages, ocr, _Deadline(timeout_s))


def _read_locked(path: Path, sha256: str, max_pages: int, ocr: bool, deadline: _Deadline) -> RawDocument:
    doc = _open(path)
    plumber = _Plumber(doc)
    try:
        n_pages = len(doc)
        if n_pages == 0:
            raise IngestError("corrupt_pdf", "dokumentet har inga sidor")
        if n_pages > max_pages:
            raise IngestError("too_large", f"{n_pages} sidor, högst {max_pages} tillåts")
        meta: dict = {"page_count": n_pages, "pdf_metadata": _metadata(doc), "reader": "pypdfium2"}
        warnings: list[str] = []

        raw_pages: list[_RawPage] = []
        for i in range(n_pages):
            deadline.check()
            try:
                raw_pages.append(_extract_page(doc, i, deadline))
            except pdfium.PdfiumError as exc:
                # One broken page should not cost the rest of a 200-page packet.
                rp = _RawPage(i, 595.0, 842.0, error=str(exc))
                raw_pages.append(rp)
                warnings.append(f"Sidan {i + 1} kunde inte läsas ({exc}).")

        ocr_done = _run_ocr(doc, raw_pages, ocr, deadline, warnings, meta)

        geoms = [PageGeometry(rp.width, rp.height, rp.lines if rp.lines is not None else layout.group_lines(rp.segments),
                              y_tolerance=OCR_Y_TOLERANCE if rp.index in ocr_done else 4.0) for rp in raw_pages]
        furniture = layout.detect_furniture(geoms)

        texts: list[str] = []
        pages: list[Page] = []
        offset = 0
        unconfirmed: dict[int, list[str]] = {}
        for rp, furn in zip(raw_pages, furniture):
            deadline.check()
            number = rp.index + 1
            tables: list[Table] = []
            if rp.error or (rp.needs_ocr and rp.index not in ocr_done):
                text = layout.lines_to_text(layout.reading_order(furn.body, rp.width)) if rp.segments else ""
                quality = QUALITY_UNREADABLE
            elif rp.blank:
                text, quality = "", QUALITY_EMPTY
            elif rp.index in ocr_done:
                text = layout.lines_to_text(layout.reading_order(furn.body, rp.width))
                quality = QUALITY_OCR if text else QUALITY_UNREADABLE
                nums = ocr_mod.unconfirmed_numbers(text)
                if nums:
                    unconfirmed[number] = nums
            else:
                text, tables, quality = _page_text_with_tables(furn.body, rp.width, rp, plumber, deadline)
                if not text:
                    quality = QUALITY_EMPTY
            if offset:
                offset += 1  # the "\f" between pages
            pages.append(Page(
                number=number, char_start=offset, char_end=offset + len(text),
                label=layout.normalize_text(furn.label) if furn.label else None,
                header=layout.normalize_text("\n".join(furn.header)) or None,
                footer=layout.normalize_text("\n".join(furn.footer)) or None,
                quality=quality, tables=tables,
            ))
            texts.append(text)
            offset += len(text)
        if unconfirmed:
            meta["ocr_unconfirmed_numbers"] = unconfirmed

        if not any(texts):
            raise IngestError("no_text", _no_text_detail(raw_pages, ocr, ocr_done))
        return RawDocument(
            source=path.name, path=str(path), sha256=sha256, format="pdf",
            text="\f".join(texts), pages=pages, meta=meta, warnings=warnings,
        )
    finally:
        plumber.close()
        doc.close()


def _run_ocr(doc: pdfium.PdfDocument, raw_pages: list[_RawPage], enabled: bool, deadline: _Deadline,
             warnings: list[str], meta: dict) -> set[int]:
    """OCR pages without a text layer; fills their segments. Returns the indices OCR'd."""
    need = [rp.index for rp in raw_pages if rp.needs_ocr]
    if not need:
        return set()
    which = _pages_phrase(need)
    if not enabled:
        warnings.append(f"{which} saknar textlager och lästes inte eftersom OCR är avstängd.")
        return set()
    if not ocr_mod.ocr_available():
        warnings.append(f"{which} saknar textlager och kunde inte läsas. {ocr_mod.INSTALL_HINT}")
        return set()
    try:
        results = ocr_mod.ocr_pages(doc, need, remaining=deadline.remaining)
    except TimeoutError:
        raise IngestError("timeout", f"OCR av skannade sidor tog mer än {deadline.timeout_s:g} s") from None
    done: set[int] = set()
    confidence: dict[int, float] = {}
    for idx, res in results.items():
        rp = raw_pages[idx]
        if res.error:
            warnings.append(f"OCR av sidan {idx + 1} misslyckades: {res.error}")
            continue
        rp.segments, rp.width, rp.height = res.segments, res.width, res.height
        done.add(idx)
        if res.mean_confidence is not None:
            confidence[idx + 1] = round(res.mean_confidence, 1)
    if done:
        meta["ocr_pages"] = sorted(i + 1 for i in done)
        meta["ocr_confidence"] = confidence
        warnings.append(f"{_pages_phrase(sorted(done))} är skannade och lästes med OCR; siffror därifrån är obekräftade.")
    return done


def _pages_phrase(indices: list[int]) -> str:
    """ "Sidan 3" or "Sidorna 3, 5, 7" for 0-based page indices."""
    nums = [str(i + 1) for i in indices]
    if len(nums) == 1:
        return f"Sidan {nums[0]}"
    shown = ", ".join(nums[:20]) + (f" med flera ({len(nums)} st.)" if len(nums) > 20 else "")
    return f"Sidorna {shown}"


def _no_text_detail(raw_pages: list[_RawPage], ocr_enabled: bool, ocr_done: set[int]) -> str:
    if any(rp.needs_ocr for rp in raw_pages):
        if not ocr_enabled:
            return "sidorna saknar textlager och OCR är avstängd"
        if not ocr_mod.ocr_available():
            return "sidorna saknar textlager och OCR är inte installerad. " + ocr_mod.INSTALL_HINT
        return "sidorna saknar textlager och OCR gav ingen text"
    if all(rp.error for rp in raw_pages):
        return "inga sidor kunde läsas"
    return "alla sidor är tomma"
