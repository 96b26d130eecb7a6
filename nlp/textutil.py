"""Line-level view of a text with offsets: the common ground of every parser in `nlp`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_MD_DECOR = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S))?|\*\*|__|<[^>]{1,20}>|\\(?=[_*#.\-])")


@dataclass(frozen=True)
class Line:
    text: str          # raw line without the newline
    start: int         # offset of the line's first char in the full text
    end: int
    blank_before: int  # blank lines directly above (3+ is a page break in text exports)
    page_break_before: bool

    @property
    def clean(self) -> str:
        return clean_line(self.text)

    @property
    def is_heading(self) -> bool:
        s = self.text.lstrip()
        return s.startswith("#") or (s.startswith("**") and s.rstrip().endswith("**"))


# Parsers ask for the same lines again and again (each paper is read by a dozen of them).
@lru_cache(maxsize=1 << 16)
def clean_line(text: str) -> str:
    """A line as a reader sees it: markdown emphasis, heading marks and escapes removed."""
    s = _MD_DECOR.sub("", text)
    s = s.replace("**", "").replace("\\", "")
    return " ".join(s.split())


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    end = len(text) if end is None else end
    out: list[Line] = []
    blank = 0
    pos = start
    pb = False
    # A form feed ends a line as a newline does: PDF page texts are joined by a bare "\f", and the
    # first line of a page must not be glued to the last line of the page before.
    for piece in text[start:end].split("\n"):
        parts = piece.split("\f") if "\f" in piece else (piece,)
        for k, raw in enumerate(parts):
            if k:
                pb = True
            line_end = pos + len(raw)
            if not raw and k + 1 < len(parts):
                pos = line_end + 1   # nothing before a form feed: the feed is not a blank line
                continue
            if not raw.strip() or ("<!--" in raw and re.fullmatch(r"\s*<!--\s*sida\s+\d+\s*-->\s*", raw)):
                if re.search(r"<!--\s*sida", raw):
                    pb = True
                blank += 1
            else:
                out.append(Line(raw, pos, line_end, blank, pb or blank >= 3))
                blank = 0
                pb = False
            pos = line_end + 1
    return out


def collapse(text: str) -> str:
    return " ".join(text.split())
