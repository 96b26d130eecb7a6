"""Pure layout rules: de-hyphenation, labels, running lines, columns, tables, paragraphs."""
from __future__ import annotations

import pytest

from ingest.layout import (
    Line,
    PageGeometry,
    Segment,
    dehyphenate,
    detect_furniture,
    group_lines,
    guess_table,
    is_page_label,
    lines_to_text,
    normalize_text,
    reading_order,
    split_label_tail,
)

# (input lines joined by "\n", expected) — the word tail moves up to the hyphenated line.
DEHYPHENATION_CASES = [
    ("social-\nnämnden", "socialnämnden"),
    ("beslut om social-\nnämndens budget", "beslut om socialnämndens\nbudget"),
    ("soci-\nalnämndens, beslut", "socialnämndens,\nbeslut"),
    ("verksamhets-\nområde.", "verksamhetsområde."),
    ("ekono-\nmiska\nförut-\nsättningar", "ekonomiska\nförutsättningar"),
    ("äldre-\nomsorgen och", "äldreomsorgen\noch"),
    ("för-\nändring", "förändring"),
    ("verksam\x02\nheten", "verksamheten"),  # pdfium's own hyphenation marker
    ("verksam\u00ad\nheten", "verksamheten"),  # soft hyphen
    # Real hyphens stay.
    ("hälso-\noch sjukvård", "hälso-\noch sjukvård"),
    ("Barn-\noch utbildningsnämnden", "Barn-\noch utbildningsnämnden"),
    ("individ-\neller familjeomsorg", "individ-\neller familjeomsorg"),
    ("kort-\nsamt långsiktigt", "kort-\nsamt långsiktigt"),
    ("e-\npost till nämnden", "e-post\ntill nämnden"),
    ("EU-\nmedel söks", "EU-medel\nsöks"),
    ("IVO-\nanmälan", "IVO-anmälan"),
    ("2023-\n2024", "2023-2024"),
    ("Kalmar-\nKommun", "Kalmar-\nKommun"),
    ("se bilaga -\nsvar", "se bilaga -\nsvar"),
    ("prioriterings-", "prioriterings-"),
    ("hälso- och sjukvård", "hälso- och sjukvård"),
]


@pytest.mark.parametrize(("raw", "expected"), DEHYPHENATION_CASES)
def test_dehyphenate(raw: str, expected: str) -> None:
    assert dehyphenate(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u0308ldreomsorg", "äldreomsorg"),  # decomposed ä -> NFC
        ("\ufb01nansiering", "finansiering"),
        ("1\u00a0250\u202f000 kr", "1 250 000 kr"),
        ("rad\r\nrad", "rad\nrad"),
        ("noll\x00tecken", "nolltecken"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("label", ["1 (2)", "3 (12)", "Sida 3 av 17", "sida 3", "Sida 2/5", "- 4 -", "7", "3/12", "Sid 2 (3)"])
def test_page_labels(label: str) -> None:
    assert is_page_label(label)


@pytest.mark.parametrize("text", ["2023/81", "SN 2023/81", "§ 12", "13 (12)", "Datum", "2023-01-23", "0 (3)"])
def test_not_page_labels(text: str) -> None:
    assert not is_page_label(text)


def test_label_tail() -> None:
    assert split_label_tail("TJÄNSTESKRIVELSE 1 (2)") == ("TJÄNSTESKRIVELSE", "1 (2)")
    assert split_label_tail("Protokoll Sida 3 av 17") == ("Protokoll", "Sida 3 av 17")
    assert split_label_tail("Dnr SN 2023/81") == ("Dnr SN 2023/81", None)


def _line(top: float, *parts: tuple[float, float, str], h: float = 10.0) -> list[Segment]:
    return [Segment(x0, top, x1, top + h, text, baseline=top + h * 0.8) for x0, x1, text in parts]


def _page(segments: list[Segment]) -> PageGeometry:
    return PageGeometry(595.0, 842.0, group_lines(segments))


def _three_pages() -> list[PageGeometry]:
    pages = []
    for n in (1, 2, 3):
        segs = _line(35, (72, 150, "Kalmar kommun"), (500, 523, f"{n} ({3})"))
        segs += _line(47, (72, 160, "Socialförvaltningen"))
        segs += _line(90, (72, 200, f"§ {10 + n}"))  # protokoll heading at the same spot each page
        for k in range(20):
            segs += _line(110 + 15 * k, (72, 500, f"Brödtext rad {k} på sidan {n} om socialnämndens budget."))
        segs += _line(790, (72, 330, "Kalmar kommun | Box 654, 391 26 Kalmar"))
        segs += _line(802, (72, 330, f"Sida {n} av 3 | www.kalmar.se"))
        pages.append(_page(segs))
    return pages


def test_running_header_footer_and_label() -> None:
    furn = detect_furniture(_three_pages())
    for n, f in enumerate(furn, start=1):
        assert f.header == ["Kalmar kommun", "Socialförvaltningen"]
        assert f.label == f"{n} (3)"
        assert f.footer == ["Kalmar kommun | Box 654, 391 26 Kalmar", f"Sida {n} av 3 | www.kalmar.se"]
        body = [ln.text for ln in f.body]
        assert body[0] == f"§ {10 + n}", "a § heading that varies per page is body, not header"
        assert len(body) == 21


def test_headings_on_same_grid_line_are_not_running() -> None:
    """Protokoll headings that happen to sit on the same line of neighbouring pages stay body."""
    pages = []
    for n, heading in enumerate(["§ 116 Dnr VO-2025-00315", "§ 127 Dnr VO-2025-00003", "Beslut", "Beslut"]):
        segs = []
        for k in range(40):
            segs += _line(80 + 15 * k, (72, 500, f"Rad {k} sida {n} med löptext om ärendet."))
        segs += _line(748, (72, 250, heading))
        segs += _line(781, (72, 150, "Justerare"))
        segs += _line(800, (72, 150, f"Sida {n + 1} av 4"))
        pages.append(_page(segs))
    for f, heading in zip(detect_furniture(pages), ["§ 116", "§ 127", "Beslut", "Beslut"]):
        assert f.footer == ["Justerare"]
        assert f.body[-1].text.startswith(heading)


def test_single_page_address_footer() -> None:
    segs = []
    for k in range(10):
        segs += _line(100 + 15 * k, (72, 500, f"Rad {k} i tjänsteskrivelsen."))
    segs += _line(780, (72, 400, "Socialförvaltningen | Box 654 | 391 26 Kalmar"))
    segs += _line(792, (72, 400, "Tel 0480-45 00 00 | socialforvaltningen@kalmar.se"))
    (f,) = detect_furniture([_page(segs)])
    assert f.footer == ["Socialförvaltningen | Box 654 | 391 26 Kalmar", "Tel 0480-45 00 00 | socialforvaltningen@kalmar.se"]
    assert len(f.body) == 10


def test_two_column_reading_order() -> None:
    left = [f"Vänster rad {k} med en mening som fyller spalten." for k in range(12)]
    right = [f"Höger rad {k} med en mening som fyller spalten." for k in range(12)]
    segs = _line(80, (72, 520, "Rubrik över båda spalterna som är bred nog att korsa mitten"))
    for k in range(12):
        segs += _line(110 + 14 * k, (72, 282, left[k]), (312, 522, right[k]))
    lines = reading_order(group_lines(segs), 595.0)
    assert [ln.text for ln in lines] == [
        "Rubrik över båda spalterna som är bred nog att korsa mitten", *left, *right]


def test_one_column_page_is_not_split() -> None:
    segs = []
    for k in range(15):
        segs += _line(100 + 14 * k, (72, 520, f"En vanlig rad {k} som går över hela sidans bredd."))
    lines = group_lines(segs)
    assert reading_order(lines, 595.0) == lines


def test_label_value_form_is_not_two_columns() -> None:
    segs = []
    for k, (a, b) in enumerate([("Handläggare", "Datum"), ("Kristina Appert", "2023-01-23"), ("Tel", "Dnr"),
                                ("0480-45 09 50", "SN 2023/81"), ("Förvaltning", "Nämnd"), ("Social", "SN")]):
        segs += _line(100 + 14 * k, (72, 72 + 6 * len(a), a), (320, 320 + 6 * len(b), b))
    lines = group_lines(segs)
    assert reading_order(lines, 595.0) == lines


def test_guess_table_rows() -> None:
    rows = [("Verksamhet", "Budget", "Utfall"), ("Äldreomsorg", "412 000", "405 250"),
            ("Funktionsstöd", "198 400", "201 100"), ("Nämnd", "12 500", "11 980")]
    segs = _line(80, (72, 400, "Ekonomisk uppföljning per verksamhet i tusentals kronor."))
    for k, (a, b, c) in enumerate(rows):
        segs += _line(100 + 14 * k, (72, 150, a), (220, 260, b), (300, 340, c))
    found = guess_table(group_lines(segs))
    assert found is not None
    start, end, got = found
    assert (start, end) == (1, 5)
    assert got == [list(r) for r in rows]


def test_paragraph_breaks_from_line_pitch() -> None:
    segs = []
    y = 100.0
    for para in (["Första stycket rad ett", "rad två"], ["Andra stycket"], ["Tredje stycket rad ett", "rad två"]):
        for k, text in enumerate(para):
            segs += _line(y, (72, 300, text))
            y += 14
        y += 8
    text = lines_to_text(group_lines(segs))
    assert text == "Första stycket rad ett\nrad två\n\nAndra stycket\n\nTredje stycket rad ett\nrad två"


def test_group_lines_tolerates_glyph_tight_boxes() -> None:
    segs = [Segment(72, 100, 120, 110, "Ärende"), Segment(125, 102, 200, 113, "gäller"), Segment(72, 115, 200, 125, "nästa")]
    lines = group_lines(segs)
    assert [ln.text for ln in lines] == ["Ärende gäller", "nästa"]
    assert isinstance(lines[0], Line)
