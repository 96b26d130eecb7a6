"""Page layout cleanup for extracted PDF text: pure functions, no PDF library in here.

Why a separate module: the PDF reader (pdfium text rects) and the OCR reader (Tesseract word
boxes) both produce positioned text segments, and both need the same cleanup — lines, running
headers/footers and page labels, two-column reading order, paragraphs, de-hyphenation and
Unicode normalisation. Keeping it pure makes every rule testable without building PDFs.

Coordinates: points in a top-down frame (`top` grows downwards), already turned so text runs
left to right; the reader does that turning.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Sequence


@dataclass(slots=True)
class Segment:
    """A run of text on one line with its box (pdfium text rect or OCR line)."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    # Baseline in the same frame when the reader knows it: glyph-tight boxes ("Å", "g") jitter by
    # points, the baseline does not, and paragraph breaks are read from line distances.
    baseline: float | None = None

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass(slots=True)
class Line:
    """Segments sharing a baseline, left to right."""

    segments: list[Segment]
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        segs = self.segments
        if segs:
            self.x0 = min(s.x0 for s in segs)
            self.x1 = max(s.x1 for s in segs)
            self.top = min(s.top for s in segs)
            self.bottom = max(s.bottom for s in segs)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)

    @property
    def y(self) -> float:
        """Vertical position for line distances: the baseline when known, else the box bottom."""
        bases = [s.baseline for s in self.segments if s.baseline is not None]
        return max(bases) if bases else self.bottom

    @property
    def text(self) -> str:
        return join_segments(self.segments)


def join_segments(segments: Sequence[Segment]) -> str:
    """Join segments of one line; no space where pdfium split a word at a font change."""
    out = ""
    prev: Segment | None = None
    for seg in segments:
        t = seg.text.rstrip(" \t\r\n")
        if not t.strip():
            continue
        if prev is None:
            out = t
        else:
            gap = seg.x0 - prev.x1
            glued = gap < 0.15 * min(seg.height, prev.height) and not out.endswith(" ") and not t.startswith(" ")
            # a tab stop or column gutter ("Patrik Johansson      Kungsbacka kommun") keeps a wide
            # gap, as text exports and pdftotext -layout show it: parsers tell columns apart by it
            wide = gap > 2.0 * max(seg.height, prev.height)
            out = out + t if glued else out + ("\t" if wide else " ") + t.lstrip()
        prev = seg
    return out


def group_lines(segments: Iterable[Segment]) -> list[Line]:
    """Cluster segments into lines by vertical overlap; lines sorted top to bottom.

    Overlap, not equal tops, because pdfium rects are glyph-tight: "Å" and "g" shift a box's
    top or bottom by a couple of points on the same baseline.
    """
    segs = sorted((s for s in segments if s.text.strip()), key=lambda s: (s.top, s.x0))
    lines: list[Line] = []
    cur: list[Segment] = []
    c_top = c_bot = 0.0
    for s in segs:
        if cur:
            overlap = min(c_bot, s.bottom) - max(c_top, s.top)
            if overlap >= 0.5 * min(c_bot - c_top, s.height):
                cur.append(s)
                c_top, c_bot = min(c_top, s.top), max(c_bot, s.bottom)
                continue
            lines.append(Line(sorted(cur, key=lambda x: x.x0)))
        cur = [s]
        c_top, c_bot = s.top, s.bottom
    if cur:
        lines.append(Line(sorted(cur, key=lambda x: x.x0)))
    return lines


# ---------------------------------------------------------------------------------------------
# Page labels, running headers and footers

_LABEL_RE = re.compile(
    r"""^(?:
        (?:sida|sid\.?|s\.|page)\s*(?P<n1>\d{1,4})(?:\s*(?:\(|av\b|/|of\b)\s*(?P<m1>\d{1,4})\s*\)?)?
      | (?P<n2>\d{1,4})\s*\(\s*(?P<m2>\d{1,4})\s*\)
      | (?P<n3>\d{1,4})\s*(?:av\b|/)\s*(?P<m3>\d{1,4})
      | [-–—]\s*(?P<n4>\d{1,4})\s*[-–—]
      | (?P<n5>\d{1,4})
    )$""",
    re.I | re.X,
)
# Only unambiguous label forms may be cut off the end of a longer header line.
_LABEL_TAIL_RE = re.compile(
    r"(?:^|\s)(?P<label>(?:(?:sida|sid\.?)\s*)?\d{1,4}\s*\(\s*\d{1,4}\s*\)|(?:sida|sid\.?)\s*\d{1,4}(?:\s*(?:av|/)\s*\d{1,4})?)\s*$",
    re.I,
)
_ADDRESS_RE = re.compile(
    r"\bbox\s+\d+|\btel(?:efon)?\b|\bwww\.|@|\borg(?:anisations)?\.?\s*nr|\bbesöksadress|\bpostadress"
    r"|\bbankgiro|\bplusgiro|\be-post\b|\bvx\b|\bväxel\b|\bfax\b",
    re.I,
)
_POSTCODE_RE = re.compile(r"\b\d{3}\s?\d{2}\s+[A-ZÅÄÖ][a-zåäöé]+")


def is_page_label(text: str) -> bool:
    """True for printed page labels: "3 (12)", "Sida 3 av 17", "Sida 3", "3/12", "- 3 -", "3"."""
    m = _LABEL_RE.match(text.strip())
    if not m:
        return False
    d = m.groupdict()
    n = next(int(d[k]) for k in ("n1", "n2", "n3", "n4", "n5") if d[k])
    total = next((int(d[k]) for k in ("m1", "m2", "m3") if d[k]), None)
    return n >= 1 and (total is None or n <= total)


def split_label_tail(text: str) -> tuple[str, str | None]:
    """Cut an unambiguous page label off the end of a header line: "X 1 (2)" -> ("X", "1 (2)")."""
    m = _LABEL_TAIL_RE.search(text)
    if not m or not is_page_label(m.group("label")):
        return text, None
    return text[: m.start("label")].rstrip(), m.group("label").strip()


def running_key(text: str) -> str:
    """Key under which running lines are compared: digits may vary (dates, page numbers)."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.casefold())).strip()


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def looks_like_address(text: str) -> bool:
    """Footer contact lines: postal code + town, Box, Tel, www., e-mail, org.nr, bankgiro."""
    return bool(_ADDRESS_RE.search(text) or _POSTCODE_RE.search(text))


@dataclass
class PageGeometry:
    """What running-line detection needs from one page."""

    width: float
    height: float
    lines: list[Line]
    # How far (points) a running line may move between pages: ~0 for born-digital output,
    # more for scans, where the paper shifts under the scanner.
    y_tolerance: float = 4.0


@dataclass
class Furniture:
    """A page split into running lines and body."""

    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    label: str | None = None
    body: list[Line] = field(default_factory=list)


BAND = 0.15  # header/footer candidates lie within this share of the page height from an edge
MAX_BAND_LINES = 5
WINDOW = 2  # running lines must recur within this many pages (packets change headers per document)


def _candidates(page: PageGeometry) -> tuple[list[int], list[int]]:
    top = [i for i, ln in enumerate(page.lines[:MAX_BAND_LINES]) if ln.bottom <= BAND * page.height]
    n = len(page.lines)
    bottom = [i for i in range(n - 1, max(n - 1 - MAX_BAND_LINES, -1), -1)
              if page.lines[i].top >= (1 - BAND) * page.height and i not in top]
    return top, bottom


def _is_bare_number(text: str) -> bool:
    return text.strip().isdigit()


def split_line_label(line: Line) -> tuple[str, str | None, list[Segment]]:
    """(line text without its page label, the label, the label's own segments).

    A label is a segment of its own ("Kalmar kommun ........ 1 (2)" from a tab stop) or an
    unambiguous tail of the text. A bare number counts only when it is the whole line.
    """
    segs = line.segments
    label_segs = [s for s in segs if is_page_label(s.text) and (len(segs) == 1 or not _is_bare_number(s.text))]
    if label_segs:
        rest = join_segments([s for s in segs if s not in label_segs])
        return rest, label_segs[-1].text.strip(), label_segs
    rest, tail = split_label_tail(line.text)
    return (rest, tail, []) if tail else (line.text, None, [])


def _band_keys(page: PageGeometry, idx: list[int]) -> list[tuple[str, str, float]]:
    out = []
    for i in idx:
        ln = page.lines[i]
        text = split_line_label(ln)[0]
        out.append((running_key(text), text, (ln.top + ln.bottom) / 2))
    return out


def detect_furniture(pages: Sequence[PageGeometry]) -> list[Furniture]:
    """Split each page into header, footer, page label and body lines.

    A band line is running when a line with the same key sits at about the same height on a
    page at most WINDOW pages away; digits may vary only when the line has real words (so
    "§ 12"/"§ 13" headings at the top of protokoll pages are never taken). Page labels are
    taken anywhere in the bands. A bottom block of contact lines (address, Tel, www, e-mail)
    set apart from the body is a footer even on a single page. Stripping goes from the edge
    inwards and stops at the first body line, so body text is never cut from the middle.
    """
    cands = [_candidates(p) for p in pages]
    keys = [(_band_keys(p, t), _band_keys(p, b)) for p, (t, b) in zip(pages, cands)]
    result: list[Furniture] = []
    for pi, page in enumerate(pages):
        removed: set[int] = set()
        furn = Furniture()
        for side, idx in enumerate(cands[pi]):
            taken: list[str] = []
            outer: Line | None = None
            for pos, i in enumerate(idx):
                key, rest, y = keys[pi][side][pos]
                ln = page.lines[i]
                _, label, label_segs = split_line_label(ln)
                # A second label (a re-printed page keeps its older print's "Sida 2 av 17") is
                # metadata too: it goes with the running lines rather than being lost.
                extra = label if label and furn.label is not None else None
                if label and furn.label is None:
                    furn.label = label
                if label and not rest.strip():
                    removed.add(i)
                    outer = ln
                    if extra:
                        taken.append(extra)
                    continue
                # A line set apart from the running block outside it starts a new block: body
                # headings that happen to repeat on one neighbour page must not pass, so ask more.
                apart = outer is not None and _gap(outer, ln) > 1.5 * max(outer.height, ln.height)
                if _is_running(pages, keys, pi, side, key, rest, y, min_pages=2 if apart else 1):
                    taken.append(f"{rest} {extra}" if extra else rest)
                    removed.add(i)
                    outer = ln
                    continue
                if label:
                    # A label on a line of body words: keep the words, drop the label.
                    kept = [s for s in ln.segments if s not in label_segs]
                    ln.segments = kept or [Segment(ln.x0, ln.top, ln.x1, ln.bottom, rest)]
                    ln.refresh()
                    if extra:
                        taken.append(extra)
                break
            if side == 0:
                furn.header = taken
            else:
                furn.footer = list(reversed(taken))
        body = [ln for i, ln in enumerate(page.lines) if i not in removed]
        addr = _address_block(body, page.height)
        if addr:
            furn.footer = [ln.text for ln in addr] + furn.footer
            body = body[: len(body) - len(addr)]
        furn.body = body
        result.append(furn)
    return result


def _gap(a: Line, b: Line) -> float:
    return max(b.top - a.bottom, a.top - b.bottom, 0.0)


def _is_running(pages: Sequence[PageGeometry], keys, pi: int, side: int, key: str, text: str, y: float,
                min_pages: int = 1) -> bool:
    """Does `text` recur at the same height within WINDOW pages?

    Numbers may differ only as page counters do (by the page distance), so "Sida 3 ..." and
    "Sida 4 ..." match on neighbouring pages but "§ 116 Dnr VO-2025-00315" and "§ 127 Dnr
    VO-2025-00003" — protokoll headings that happen to sit on the same grid line — do not.
    Lines with fewer than three letters must match exactly.
    """
    if not text.strip():
        return False
    exact = _letters(key) < 3
    nums = _NUM_RE.findall(text)
    lo, hi = max(0, pi - WINDOW), min(len(pages), pi + WINDOW + 1)
    found = 0
    for pj in range(lo, hi):
        if pj == pi:
            continue
        tol = max(pages[pi].y_tolerance, pages[pj].y_tolerance)
        for k2, t2, y2 in keys[pj][side]:
            if abs(y2 - y) > tol or k2 != key:
                continue
            nums2 = _NUM_RE.findall(t2)
            if t2 == text or (not exact and len(nums2) == len(nums) and all(
                    a == b or int(b) - int(a) == pj - pi for a, b in zip(nums, nums2))):
                found += 1
                break
        if found >= min_pages:
            return True
    return False


_NUM_RE = re.compile(r"\d+")


def _address_block(body: list[Line], page_height: float) -> list[Line]:
    """Trailing lines in the bottom band, set apart from the body, with contact details."""
    if len(body) < 2:
        return []
    block = [body[-1]]
    for ln in reversed(body[:-1]):
        if block[0].top - ln.bottom <= 0.6 * ln.height:
            block.insert(0, ln)
        else:
            break
    if len(block) == len(body) or len(block) > 4:
        return []
    if block[0].top < (1 - 0.12) * page_height:
        return []
    above = body[len(body) - len(block) - 1]
    if block[0].top - above.bottom < 1.0 * block[0].height:
        return []
    if not any(looks_like_address(ln.text) for ln in block):
        return []
    return block


# ---------------------------------------------------------------------------------------------
# Reading order


def find_gutter(lines: Sequence[Line], width: float) -> float | None:
    """x of the white gap between two text columns, or None for a one-column page.

    Looks for an x band in the middle half of the page that almost no segment crosses (a few
    full-width titles may), with prose on both sides: enough segments, overlapping vertically,
    most of them filling their column. The prose test keeps short-celled tables and
    "label  value" forms out.
    """
    segs = [s for ln in lines for s in ln.segments]
    if len(segs) < 10 or width <= 0:
        return None
    nb = 100
    lo, hi = 0.25 * width, 0.75 * width
    step = (hi - lo) / nb
    cover = [0] * nb
    for s in segs:
        a = int((s.x0 - lo) / step)
        b = int((s.x1 - lo) / step)
        if b < 0 or a >= nb:
            continue
        for k in range(max(a, 0), min(b, nb - 1) + 1):
            cover[k] += 1
    allowed = max(1, len(lines) // 15)
    best_len, best_end, run = 0, -1, 0
    for k, c in enumerate(cover):
        run = run + 1 if c <= allowed else 0
        if run > best_len:
            best_len, best_end = run, k
    if best_len * step < 6.0:
        return None
    g = lo + (best_end - best_len / 2 + 0.5) * step
    left = [s for s in segs if s.x1 <= g]
    right = [s for s in segs if s.x0 >= g]
    if len(left) < 4 or len(right) < 4:
        return None
    l_top, l_bot = min(s.top for s in left), max(s.bottom for s in left)
    r_top, r_bot = min(s.top for s in right), max(s.bottom for s in right)
    overlap = min(l_bot, r_bot) - max(l_top, r_top)
    if overlap < 0.5 * min(l_bot - l_top, r_bot - r_top):
        return None
    for side, edge in ((left, g), (right, max(s.x1 for s in right))):
        start = min(s.x0 for s in side)
        col_w = max(edge - start, 1.0)
        if statistics.median(s.x1 - s.x0 for s in side) < 0.55 * col_w:
            return None
    return g


def reading_order(lines: Sequence[Line], width: float) -> list[Line]:
    """Lines in reading order: on two-column pages left column, then right, per block.

    Full-width lines (titles) that cross the gutter split the page into blocks, so a title
    above the columns or a table below them stays in place.
    """
    g = find_gutter(lines, width)
    if g is None:
        return list(lines)
    full: list[Line] = []
    left: list[Segment] = []
    right: list[Segment] = []
    for ln in lines:
        if any(s.x0 < g < s.x1 for s in ln.segments):
            full.append(ln)
            continue
        for s in ln.segments:
            (left if s.x1 <= g else right).append(s)
    out: list[Line] = []
    prev_y = float("-inf")
    for stop in [*full, None]:
        y = stop.top if stop is not None else float("inf")
        out.extend(group_lines(s for s in left if prev_y <= s.top < y))
        out.extend(group_lines(s for s in right if prev_y <= s.top < y))
        if stop is not None:
            out.append(stop)
            prev_y = stop.top
    return out


# ---------------------------------------------------------------------------------------------
# Text: normalisation, de-hyphenation, paragraphs

HYPHENS = "-\u00ad\u2010\x02\ufffe"  # pdfium marks line-end hyphenation as \x02 / \ufffe
_KEEP_AFTER = frozenset(
    "och eller samt respektive resp resp. alternativt liksom som till men utan än både el.".split()
)
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\t"), " ")
_DROP = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0x7F, 0x200B, 0xFEFF, 0xFFFD])
_WORD_START = re.compile(r"\S+")


def normalize_text(text: str) -> str:
    """NFC, ligatures split, odd spaces to space, control characters dropped (keeps \\n)."""
    if any(ch in text for ch in _LIGATURES):
        for k, v in _LIGATURES.items():
            text = text.replace(k, v)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)
    text = text.replace("\x02", "-").replace("\ufffe", "-")
    text = text.translate(_DROP)
    return unicodedata.normalize("NFC", text)


def _dehyphenate_pair(a: str, b: str) -> tuple[str, str] | None:
    """Join `a` ending in a hyphen with `b`; None when the hyphen must stay a line end."""
    if not a or a[-1] not in HYPHENS or not b:
        return None
    stem_m = re.search(r"(\S+)[" + re.escape(HYPHENS) + r"]$", a)
    if not stem_m:
        return None  # a lone dash ("- ") is a dash, not a hyphen
    stem = stem_m.group(1)
    word_m = _WORD_START.match(b)
    if not word_m:
        return None
    word = word_m.group(0)
    bare = word.rstrip(".,;:!?)»”\"'").casefold()
    rest = b[word_m.end():].lstrip()
    if bare in _KEEP_AFTER:
        # "hälso- och sjukvård", "Barn- och utbildningsnämnden": a real suspended hyphen.
        return a[:-1] + "-", b
    if not stem[-1].isalpha() or not word[0].isalpha():
        if stem[-1].isdigit() and word[0].isdigit():
            return a[:-1] + "-" + word, rest  # "2023-\n2024"
        return None
    if not word[0].islower():
        return None  # "Social-\nNämnden" is not a word break; keep as written
    letters = re.sub(r"[^\w]", "", stem)
    if len(letters) == 1 or any(ch.isupper() for ch in letters[1:]) or any(ch.isdigit() for ch in letters):
        return a[:-1] + "-" + word, rest  # "e-post", "EU-medel", "IVO-anmälan", "2a-kurs"
    return a[:-1] + word, rest


def dehyphenate_lines(lines: list[str]) -> list[str]:
    """Undo end-of-line hyphenation across consecutive lines, moving the word tail up.

    Real hyphens survive: a suspended compound before "och/eller/samt" ("Barn- och
    utbildningsnämnden"), prefixes that keep a hyphen ("e-post", "EU-medel"), and breaks
    before a capital or a number. Lines emptied by moving their only word up disappear.
    """
    out = list(lines)
    i = 0
    while i < len(out) - 1:
        a, b = out[i].rstrip(), out[i + 1]
        joined = _dehyphenate_pair(a, b.lstrip()) if b.strip() else None
        if joined is not None:
            out[i], out[i + 1] = joined
            if not out[i + 1].strip():
                del out[i + 1]
                continue  # the new line end may itself be hyphenated
        i += 1
    return out


def dehyphenate(text: str) -> str:
    """De-hyphenate a "\\n"-separated text; a convenience wrapper for tests and OCR text."""
    return "\n".join(dehyphenate_lines(text.split("\n")))


def lines_to_text(lines: Sequence[Line]) -> str:
    """Body text of a page from lines in reading order.

    Lines are kept ("\\n") because later stages use them; a blank line marks a paragraph
    break, found from the line pitch (a gap clearly larger than the usual line distance).
    """
    if not lines:
        return ""
    ys = [ln.y for ln in lines]
    pitches = [b - a for a, b, ln in zip(ys, ys[1:], lines) if 0 < b - a < 3 * ln.height]
    # A low quantile, not the median: on letter heads most lines are one-line paragraphs.
    base = sorted(pitches)[len(pitches) // 4] if len(pitches) >= 3 else None
    texts: list[str] = []
    for k, ln in enumerate(lines):
        # a column gap (tab, from `join_segments`) survives normalisation, which turns tabs into spaces
        t = "\t".join(normalize_text(x).strip() for x in ln.text.split("\t")).strip()
        if k:
            prev = lines[k - 1]
            pitch = ys[k] - ys[k - 1]
            if pitch > 0 and (pitch > 1.25 * base if base else ln.top - prev.bottom > 0.9 * prev.height):
                texts.append("")
        texts.append(t)
    joined = dehyphenate_lines([t for t in texts])
    text = "\n".join(joined)
    text = re.sub(r"[ ]{2,}", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


# ---------------------------------------------------------------------------------------------
# Tables without ruling lines

_NUMERIC_RE = re.compile(r"^[-−–+]?\s?\d[\d\s.,:%/-]*$")


def guess_table(lines: Sequence[Line], min_rows: int = 3) -> tuple[int, int, list[list[str]]] | None:
    """Find a run of lines that line up as table rows; returns (first, last+1, rows) or None.

    Rows are lines with two or more separated segments whose starts fall on shared column
    positions; a table needs three columns or numeric cells, so "label  value" letter heads
    are not taken. Cell boundaries are guessed, so callers mark such tables unreliable.
    """
    best: tuple[int, int] | None = None
    i = 0
    n = len(lines)
    while i < n:
        j = i
        while j < n and _multi(lines[j]):
            j += 1
        if j - i >= min_rows and (best is None or j - i > best[1] - best[0]):
            best = (i, j)
        i = j + 1 if j == i else j
    if best is None:
        return None
    rows_l = lines[best[0]: best[1]]
    cols = _column_starts(rows_l)
    if len(cols) < 2:
        return None
    rows = []
    for ln in rows_l:
        cells = [""] * len(cols)
        for s in ln.segments:
            k = max(idx for idx, c in enumerate(cols) if c <= s.x0 + 4) if s.x0 + 4 >= cols[0] else 0
            cells[k] = (cells[k] + " " + s.text.strip()).strip()
        rows.append([normalize_text(c) for c in cells])
    flat = [c for r in rows for c in r if c]
    numeric = sum(bool(_NUMERIC_RE.match(c)) for c in flat)
    if len(cols) < 3 and numeric < 0.3 * len(flat):
        return None
    return best[0], best[1], rows


def _multi(ln: Line) -> bool:
    segs = ln.segments
    return len(segs) >= 2 and all(b.x0 - a.x1 > 6 for a, b in zip(segs, segs[1:]))


def _column_starts(lines: Sequence[Line]) -> list[float]:
    xs = sorted(s.x0 for ln in lines for s in ln.segments)
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= 6:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    need = max(2, len(lines) // 2)
    return [c[0] for c in clusters if len(c) >= need]
