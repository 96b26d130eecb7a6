"""Line-level view of a text with offsets: the common ground of every parser in `nlp`."""
from __future__ import annotations

import re
from dataclasses import dataclass

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
    ff = text.find("\f", pos, end)
    while pos <= end:
        if 0 <= ff < pos:
            ff = text.find("\f", pos, end)
        nl = text.find("\n", pos, end)
        line_end = min(x for x in (nl, ff, end) if x >= 0)
        raw = text[pos:line_end]
        if not raw.strip() or re.fullmatch(r"\s*<!--\s*sida\s+\d+\s*-->\s*", raw):
            if re.search(r"<!--\s*sida", raw):
                pb = True
            blank += 1
        else:
            out.append(Line(raw, pos, line_end, blank, pb or blank >= 3))
            blank = 0
            pb = False
        if line_end < end and text[line_end] == "\f":
            pb = True
        pos = line_end + 1
    return out


def collapse(text: str) -> str:
    return " ".join(text.split())
