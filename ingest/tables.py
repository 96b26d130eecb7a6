"""Ruled (grid) tables from a page's vector rules and text boxes: pure functions, no PDF library.

Why not pdfplumber for every ruled table: pdfminer re-parses the page (≈ 40 ms a page, four times
the rest of ingestion), while the reader already has every text box and pdfium hands out the
bounds of each path object for free. A Word or reportlab table is a plain grid: full-width
horizontal rules at each row edge and full-height vertical rules at each column edge (as lines,
per-cell segments or hairline rectangles). Such a grid is read here. Anything else — a rule that
stops inside the table (merged cells), rules that do not meet in a grid, text that crosses a cell
border — makes `grid_tables` answer None, and the caller falls back to pdfplumber.

Coordinates: the reader's top-down frame (x0, top, x1, bottom), points.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ingest.layout import Segment, group_lines, join_segments

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

THIN = 3.0  # a path at most this thick is a rule, not a shape
MIN_RULE = 8.0  # shorter thin paths are bullets, tick marks or glyph parts
SNAP = 3.0  # rules this close are one grid edge (stroke width, hairline rectangles drawn twice)
CROSS = 2.0  # text may overhang a cell border by this much (glyph-tight boxes, italic overhang)
MAX_CROSSINGS = 250_000  # rule pairs to test; a chart or map of thousands of strokes is no table grid


@dataclass(frozen=True, slots=True)
class GridTable:
    """A table read from a grid: its box and rows of raw cell text (lines of a cell joined by newline)."""

    bbox: Box
    rows: list[list[str]]


@dataclass(slots=True)
class _Edge:
    pos: float  # y of a horizontal edge, x of a vertical one
    lo: float  # start along the edge
    hi: float  # end along the edge


def edges_from_rules(rules: Sequence[Box]) -> tuple[list[_Edge], list[_Edge]]:
    """Horizontal and vertical edges of path bounds: thin paths are rules, larger boxes give their four sides.

    A larger box is how a stroked cell or table border looks from its bounds (and how a shaded
    cell looks, whose sides coincide with the rules anyway)."""
    hs: list[_Edge] = []
    vs: list[_Edge] = []
    for x0, top, x1, bottom in rules:
        w, h = x1 - x0, bottom - top
        if h <= THIN and w >= MIN_RULE:
            hs.append(_Edge((top + bottom) / 2, x0, x1))
        elif w <= THIN and h >= MIN_RULE:
            vs.append(_Edge((x0 + x1) / 2, top, bottom))
        elif w >= MIN_RULE and h >= MIN_RULE:
            hs += [_Edge(top, x0, x1), _Edge(bottom, x0, x1)]
            vs += [_Edge(x0, top, bottom), _Edge(x1, top, bottom)]
    return hs, vs


def _touch(h: _Edge, v: _Edge) -> bool:
    return v.lo - SNAP <= h.pos <= v.hi + SNAP and h.lo - SNAP <= v.pos <= h.hi + SNAP


def _groups(hs: list[_Edge], vs: list[_Edge]) -> list[tuple[list[_Edge], list[_Edge]]]:
    """Connected sets of crossing rules (one per table on the page)."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touch(h, v):
                parent[find(i)] = find(len(hs) + j)
    out: dict[int, tuple[list[_Edge], list[_Edge]]] = {}
    for i, h in enumerate(hs):
        out.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        out.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in out.values() if g[0] and g[1]]


def _snap(edges: list[_Edge]) -> list[tuple[float, list[tuple[float, float]]]]:
    """Edges at (about) the same position as one: its position and its merged spans."""
    out: list[tuple[float, list[tuple[float, float]]]] = []
    cluster: list[_Edge] = []
    for e in sorted(edges, key=lambda e: e.pos):
        if cluster and e.pos - cluster[-1].pos > SNAP:
            out.append(_merge(cluster))
            cluster = []
        cluster.append(e)
    if cluster:
        out.append(_merge(cluster))
    return out


def _merge(cluster: list[_Edge]) -> tuple[float, list[tuple[float, float]]]:
    pos = sum(e.pos for e in cluster) / len(cluster)
    spans: list[tuple[float, float]] = []
    for e in sorted(cluster, key=lambda e: e.lo):
        if spans and e.lo <= spans[-1][1] + SNAP:
            spans[-1] = (spans[-1][0], max(spans[-1][1], e.hi))
        else:
            spans.append((e.lo, e.hi))
    return pos, spans


def _full(spans: list[tuple[float, float]], lo: float, hi: float) -> bool:
    return len(spans) == 1 and spans[0][0] <= lo + SNAP and spans[0][1] >= hi - SNAP


def grid_edges(hs: list[_Edge], vs: list[_Edge]) -> tuple[list[float], list[float]] | None:
    """Row y-edges and column x-edges of one connected set of rules, or None unless it is a plain grid."""
    rows, cols = _snap(hs), _snap(vs)
    ys = [p for p, _ in rows]
    xs = [p for p, _ in cols]
    if len(ys) < 2 or len(xs) < 2:
        return None
    if not all(_full(spans, xs[0], xs[-1]) for _, spans in rows):
        return None  # a horizontal rule stops short: cells merged across columns, or not a grid
    if not all(_full(spans, ys[0], ys[-1]) for _, spans in cols):
        return None  # a vertical rule stops short: cells merged across rows
    return ys, xs


def _index(edges: list[float], lo: float, hi: float) -> int | None:
    """The interval between consecutive edges that holds [lo, hi] (with CROSS slack), else None."""
    for i in range(len(edges) - 1):
        if edges[i] - CROSS <= lo and hi <= edges[i + 1] + CROSS:
            return i
    return None


def grid_tables(rules: Sequence[Box], segments: Sequence[Segment]) -> list[GridTable] | None:
    """Tables of a page read from its rules and text segments.

    [] when the rules form no table of at least 2 x 2 cells; None when some set of rules is not a
    plain grid or text does not sit inside its cells (the caller then asks pdfplumber)."""
    hs, vs = edges_from_rules(rules)
    if len(hs) * len(vs) > MAX_CROSSINGS:
        return None
    found: list[GridTable] = []
    for ghs, gvs in _groups(hs, vs):
        if len(ghs) + len(gvs) < 4:
            continue  # a lone rule crossing another (a signature line and a margin mark): no table
        edges = grid_edges(ghs, gvs)
        if edges is None:
            return None
        ys, xs = edges
        if len(ys) < 3 or len(xs) < 3:
            continue  # a frame or a one-row/one-column box is not a table; text stays as read
        bbox = (xs[0], ys[0], xs[-1], ys[-1])
        cells: list[list[list[Segment]]] = [[[] for _ in xs[1:]] for _ in ys[1:]]
        for seg in segments:
            if not seg.text.strip():
                continue
            cx, cy = (seg.x0 + seg.x1) / 2, (seg.top + seg.bottom) / 2
            if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
                if seg.x1 > xs[0] + CROSS and seg.x0 < xs[-1] - CROSS and seg.bottom > ys[0] + CROSS and seg.top < ys[-1] - CROSS:
                    return None  # text overlapping the table from outside
                continue
            c = _index(xs, seg.x0, seg.x1)
            r = _index(ys, seg.top, seg.bottom)
            if c is None or r is None:
                return None  # text crosses a cell border: the grid does not describe this table
            cells[r][c].append(seg)
        rows = [[_cell_text(cell) for cell in row] for row in cells]
        found.append(GridTable(bbox, rows))
    return sorted(found, key=lambda t: (t.bbox[1], t.bbox[0]))


def _cell_text(segs: list[Segment]) -> str:
    return "\n".join(join_segments(ln.segments) for ln in group_lines(segs))
