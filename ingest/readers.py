"""Read one file of any supported format into a `RawDocument` (REQ ingest-1).

Text formats keep the file's own characters (after NFC) so that char offsets point into the file
as a person sees it; page structure is taken from the markers the exporters leave behind
(form feeds, `<!-- sida N -->` comments, one-line-per-page flattening).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from pathlib import Path

import yaml

from ingest.errors import IngestError
from ingest.model import QUALITY_EMPTY, Page, RawDocument, Table

SUPPORTED = {".pdf", ".txt", ".md", ".markdown", ".docx", ".csv"}

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_SIDA_MARKER = re.compile(r"<!--\s*sida\s+(\d+)\s*-->")
# A text export whose pages were flattened to one line each has very long lines; real prose
# files wrap far below this.
_FLATTENED_LINE_CHARS = 1500


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def decode_text(data: bytes) -> str:
    """Decode bytes that should be text; refuse binary junk instead of indexing garbage."""
    if not data.strip():
        raise IngestError("empty_file")
    head = data[:65536]
    if b"\x00" in head:
        raise IngestError("not_text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    controls = sum(1 for ch in text[:65536] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) * 0.01):
        raise IngestError("not_text")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def _decode_legacy(data: bytes) -> str:
    """Pick the legacy encoding under which the bytes read most like Swedish text.

    Generic detectors often guess DOS code pages for short Swedish texts; scoring the candidates
    by Swedish letters versus unlikely symbols is more reliable for this domain.
    """
    from charset_normalizer import from_bytes

    candidates = ["cp1252", "iso-8859-1", "mac_roman", "cp850"]
    best = from_bytes(data).best()
    if best is not None and best.encoding and best.encoding not in candidates:
        candidates.append(best.encoding)

    def score(text: str) -> float:
        swedish = sum(text.count(c) for c in "åäöÅÄÖé")
        odd = sum(1 for c in text if not (c.isalnum() or c.isspace() or c in ".,;:!?()[]{}-–—/\\'\"%&§@*+=<>#|_€$") )
        return swedish - 3 * odd

    decoded = []
    for enc in candidates:
        try:
            decoded.append((score(data.decode(enc)), enc))
        except (UnicodeDecodeError, LookupError):
            continue
    enc = max(decoded)[1] if decoded else "latin-1"
    return data.decode(enc, errors="replace")


def text_pages(text: str) -> list[Page]:
    """Page spans of a text export, from the markers its exporter left; [] when it has none."""
    if "\f" in text:
        return _spans(text, [m.end() for m in re.finditer("\f", text)])
    markers = list(_SIDA_MARKER.finditer(text))
    if markers:
        pages = []
        for i, m in enumerate(markers):
            end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
            start = 0 if i == 0 else m.start()
            pages.append(Page(number=int(m.group(1)), char_start=start, char_end=end))
        return _mark_empty(text, pages)
    lines = text.split("\n")
    long_lines = [ln for ln in lines if len(ln) >= _FLATTENED_LINE_CHARS]
    if len(long_lines) >= 2 and sum(map(len, long_lines)) > 0.8 * len(text):
        starts, pos = [], 0
        for ln in lines:
            if ln.strip():
                starts.append(pos)
            pos += len(ln) + 1
        return _spans(text, starts[1:])
    return []


def _spans(text: str, starts_after_first: list[int]) -> list[Page]:
    bounds = [0, *starts_after_first, len(text)]
    pages = [Page(number=i + 1, char_start=bounds[i], char_end=bounds[i + 1]) for i in range(len(bounds) - 1)]
    return _mark_empty(text, pages)


def _mark_empty(text: str, pages: list[Page]) -> list[Page]:
    for p in pages:
        body = _SIDA_MARKER.sub("", text[p.char_start : p.char_end])
        if not body.strip():
            p.quality = QUALITY_EMPTY
    return pages


def read_text_file(path: Path, data: bytes, sha: str) -> RawDocument:
    text = decode_text(data)
    meta: dict = {}
    if path.suffix.lower() in {".md", ".markdown"}:
        m = _FRONT_MATTER.match(text)
        if m:
            try:
                loaded = yaml.safe_load(m.group(1))
                if isinstance(loaded, dict):
                    meta = {str(k): v for k, v in loaded.items()}
            except yaml.YAMLError:
                meta = {}
    if not text.strip() or not _body_without_front_matter(text).strip():
        raise IngestError("empty_file")
    return RawDocument(
        source=path.name, path=str(path), sha256=sha, format=path.suffix.lower().lstrip("."),
        text=text, pages=text_pages(text), meta=meta,
    )


def _body_without_front_matter(text: str) -> str:
    return _FRONT_MATTER.sub("", text, count=1)


def read_csv_file(path: Path, data: bytes, sha: str) -> RawDocument:
    text = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error:
        rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise IngestError("empty_file")
    return RawDocument(
        source=path.name, path=str(path), sha256=sha, format="csv", text=text, pages=[],
        meta={"tables": [Table(page=0, rows=rows, reliable=True).__dict__]},
    )


def read_docx_file(path: Path, data: bytes, sha: str) -> RawDocument:
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile/KeyError/lxml errors on junk
        raise IngestError("read_failed", f"ogiltig DOCX: {type(exc).__name__}") from exc
    parts = [p.text for p in document.paragraphs]
    tables = []
    for t in document.tables:
        rows = [[c.text.strip() for c in r.cells] for r in t.rows]
        tables.append(Table(page=0, rows=rows).__dict__)
        parts.extend(" | ".join(r) for r in rows)
    text = nfc("\n".join(parts))
    if not text.strip():
        raise IngestError("empty_file")
    return RawDocument(source=path.name, path=str(path), sha256=sha, format="docx", text=text, meta={"tables": tables})


def read_file(path: Path, *, max_mb: float = 200, max_pages: int = 3000, timeout_s: float = 300, ocr: bool = True) -> RawDocument:
    """Read `path`; raise IngestError with a Swedish message for anything unreadable."""
    path = Path(path)
    if not path.is_file():
        raise IngestError("not_found", str(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError("unsupported_format", suffix or "ingen filändelse")
    size = path.stat().st_size
    if size == 0:
        raise IngestError("empty_file")
    if size > max_mb * 1024 * 1024:
        raise IngestError("too_large", f"{size / 1024 / 1024:.0f} MB, gräns {max_mb:.0f} MB")
    data = path.read_bytes()
    sha = sha256_bytes(data)
    if suffix == ".pdf":
        from ingest.pdf import read_pdf

        return read_pdf(path, sha256=sha, max_pages=max_pages, timeout_s=timeout_s, ocr=ocr)
    if suffix == ".docx":
        return read_docx_file(path, data, sha)
    if suffix == ".csv":
        return read_csv_file(path, data, sha)
    return read_text_file(path, data, sha)


def iter_paths(paths: list[Path]) -> list[Path]:
    """Expand folders into their supported files, sorted, so batches are reproducible."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED))
        else:
            out.append(p)
    return out
