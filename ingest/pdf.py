"""Read a PDF into a RawDocument: page texts, labels, running lines, tables, OCR (issue 4).

Why this shape (see docs/adr/0002-pdf-stack.md): pypdfium2 gives text rectangles — one per run
of text on a line, with its box — at several hundred pages per second, which is all the
geometry the layout cleanup in `ingest.layout` needs. pdfplumber is twenty times slower, so it
is opened only for pages that look like ruled tables. Pages without a usable text layer go to
Tesseract (`ingest.ocr`).
"""
from __future__ import annotations

import ctypes
import math
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

MIN_TEXT_CHARS = 20  # fewer printable characters than this and a page counts as having no text layer
GARBAGE_SHARE = 0.3  # share of unmapped glyphs (private use, U+FFFD, controls) that makes a text layer unusable
MAX_RECTS_PER_PAGE = 50_000  # a page with more text rectangles is hostile or a data dump
MAX_PLUMBER_CHARS = 15_000  # pdfplumber's table finder gets slow beyond this; keep the guessed table instead
RULED_MIN_PATHS = 4
OCR_Y_TOLERANCE = 15.0  # points a running line may drift between scanned pages

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
    needs_ocr: bool = False
    blank: bool = False
    path_count: int = 0
    has_multi: bool = False
    upright: bool = True
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
        raise IngestError("corrupt_pdf", str(exc) or "pdfium kunde inte öppna filen") from None


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


def _origin(tp: pdfium.PdfTextPage, rect: tuple[float, float, float, float]) -> tuple[float, float] | None:
    """Origin (on the baseline) of the first character inside a text rect."""
    l, b, r, t = rect
    idx = pdfium_c.FPDFText_GetCharIndexAtPos(tp.raw, l + min(1.0, (r - l) / 2), (b + t) / 2, 1.0, 1.0)
    if idx < 0:
        return None
    x, y = ctypes.c_double(), ctypes.c_double()
    if not pdfium_c.FPDFText_GetCharOrigin(tp.raw, idx, ctypes.byref(x), ctypes.byref(y)):
        return None
    return x.value, y.value


def _baseline(origin: tuple[float, float] | None, q: int, bbox: tuple[float, float, float, float]) -> float | None:
    if origin is None:
        return None
    ox, oy = origin
    bx0, by0, bx1, by1 = bbox
    return (by1 - oy, ox - bx0, oy - by0, bx1 - ox)[q]


def _garbage_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t\x02"))
    return bad / len(text)


def _count_objects(page: pdfium.PdfPage, kind: int, cap: int) -> int:
    n = 0
    for _ in page.get_objects(filter=[kind], max_depth=3):
        n += 1
        if n >= cap:
            break
    return n


def _extract_page(doc: pdfium.PdfDocument, index: int, deadline: _Deadline) -> _RawPage:
    page = doc[index]
    try:
        bbox = page.get_bbox()
        tp = page.get_textpage()
        try:
            n_chars = tp.count_chars()
            n_rects = tp.count_rects() if n_chars else 0
            if n_rects > MAX_RECTS_PER_PAGE:
                raise IngestError("timeout", f"sidan {index + 1} har orimligt mycket text ({n_rects} textrutor)")
            raws: list[tuple[tuple[float, float, float, float], str, tuple[float, float] | None]] = []
            for i in range(n_rects):
                if i % 512 == 511:
                    deadline.check()
                rect = tp.get_rect(i)
                raws.append((rect, tp.get_text_bounded(*rect), _origin(tp, rect)))
            q = 0
            if raws:
                tall = sum(1 for (l, b, r, t), s, _ in raws if len(s.strip()) > 3 and (t - b) > 1.5 * (r - l))
                if tall > len(raws) / 2:
                    q = _text_quarter(tp, n_chars)
        finally:
            tp.close()
        w, h = bbox[2] - bbox[0], bbox[3] - bbox[1]
        if q in (1, 3):
            w, h = h, w
        rp = _RawPage(index, w, h, upright=q == 0)
        text_all = "".join(s for _, s, _ in raws)
        printable = sum(1 for ch in text_all if not ch.isspace())
        if printable < MIN_TEXT_CHARS or _garbage_share(text_all) > GARBAGE_SHARE:
            # No usable text layer: a scan (image) or text drawn as outlines (many paths).
            images = _count_objects(page, pdfium_c.FPDF_PAGEOBJ_IMAGE, 1)
            paths = _count_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH, 200) if not images else 0
            if images or paths >= 200 or printable:
                rp.needs_ocr = True
                rp.width, rp.height = page.get_size()  # OCR sees the page as displayed
            else:
                rp.blank = True
            return rp
        rp.segments = [Segment(*_frame(rect, q, bbox), text=s, baseline=_baseline(o, q, bbox)) for rect, s, o in raws]
        lines = layout.group_lines(rp.segments)
        rp.has_multi = sum(1 for ln in lines if len(ln.segments) >= 2) >= 2
        if rp.has_multi and q == 0:
            rp.path_count = _count_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH, 400)
        return rp
    finally:
        page.close()


# ---------------------------------------------------------------------------------------------
# Tables


class _Plumber:
    """pdfplumber opened lazily, once per file, only when a page has a ruled table."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pdf = None

    def tables(self, index: int) -> list[tuple[tuple[float, float, float, float], list[list[str | None]]]]:
        import pdfplumber

        if self._pdf is None:
            self._pdf = pdfplumber.open(str(self.path))
        page = self._pdf.pages[index]
        try:
            if len(page.chars) > MAX_PLUMBER_CHARS:
                return []
            return [(t.bbox, t.extract()) for t in page.find_tables()]
        finally:
            page.flush_cache() if hasattr(page, "flush_cache") else None

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def _clean_rows(rows: list[list[str | None]]) -> tuple[list[list[str]], bool]:
    """Cells as single-line strings; reliable only when no cell was merged (None) and rows agree."""
    merged = any(c is None for r in rows for c in r)
    clean = [[layout.normalize_text(" ".join((c or "").split())) for c in r] for r in rows]
    clean = [r for r in clean if any(r)]
    widths = {len(r) for r in clean}
    return clean, not merged and len(widths) == 1


def _render_rows(rows: list[list[str]]) -> str:
    return "\n".join(" | ".join(c for c in r) for r in rows)


def _page_text_with_tables(body: list[Line], width: float, rp: _RawPage, plumber: _Plumber,
                           deadline: _Deadline) -> tuple[str, list[Table], str]:
    """Body text in reading order; ruled tables replace their lines by cell rows."""
    ordered = layout.reading_order(body, width)
    quality = QUALITY_OK
    tables: list[Table] = []
    number = rp.index + 1
    if rp.has_multi and rp.path_count >= RULED_MIN_PATHS:
        deadline.check()
        try:
            found = plumber.tables(rp.index)
        except Exception:  # pdfplumber chokes on some odd pages; the text is still there
            found = []
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


def read_pdf(path: Path, *, sha256: str, max_pages: int = 3000, timeout_s: float = 300.0,
             ocr: bool = True) -> RawDocument:
    """Read a PDF into text with page structure.

    Raises IngestError: empty_file, corrupt_pdf (not a PDF, truncated, pdfium failure),
    encrypted_pdf (needs a password), too_large (more than `max_pages`), timeout (the whole
    file took longer than `timeout_s`), no_text (no page yielded text).
    """
    path = Path(path)
    deadline = _Deadline(timeout_s)
    _check_bytes(path)
    doc = _open(path)
    plumber = _Plumber(path)
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

        geoms = [PageGeometry(rp.width, rp.height, layout.group_lines(rp.segments),
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
                text, quality = "", QUALITY_UNREADABLE
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
    numbers = ", ".join(str(i + 1) for i in need)
    if not enabled:
        warnings.append(f"Sidorna {numbers} saknar textlager och lästes inte eftersom OCR är avstängd.")
        return set()
    if not ocr_mod.ocr_available():
        warnings.append(f"Sidorna {numbers} saknar textlager och kunde inte läsas. {ocr_mod.INSTALL_HINT}")
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
        warnings.append(
            f"Sidorna {', '.join(str(i + 1) for i in sorted(done))} är skannade och lästes med OCR; "
            "siffror därifrån är obekräftade."
        )
    return done


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
