"""read_pdf on generated Word-like, table, two-column, scanned, rotated and broken PDFs."""
from __future__ import annotations

import re
import time
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from ingest import ocr as ocr_mod
from ingest import pdf as pdf_mod
from ingest.errors import MESSAGES, IngestError
from ingest.model import QUALITY_OCR, QUALITY_OK, QUALITY_TABLE_UNCERTAIN, QUALITY_UNREADABLE
from ingest.ocr import ocr_available
from ingest.pdf import read_pdf
from tests.fixtures import make_pdfs


def _words(text: str) -> str:
    return " ".join(text.split())


def _read(path: Path, **kw):
    return read_pdf(path, sha256="0" * 64, **kw)


def test_tjansteskrivelse_text_equals_source(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["tjansteskrivelse"])
    assert doc.format == "pdf"
    assert len(doc.pages) == 2
    assert _words(doc.text) == _words(make_pdfs.kalmar_text())


def test_running_lines_and_labels_kept_out_of_text(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["tjansteskrivelse"])
    for n, page in enumerate(doc.pages, start=1):
        assert page.label == f"{n} (2)"
        assert page.header == "\n".join(make_pdfs.KALMAR_HEADER)
        assert page.footer == "\n".join(make_pdfs.KALMAR_FOOTER)
        body_lines = doc.text[page.char_start:page.char_end].split("\n")
        # "Socialförvaltningen" also starts a body line of the source; compare whole lines.
        for line in (*make_pdfs.KALMAR_HEADER, *make_pdfs.KALMAR_FOOTER, f"{n} (2)"):
            assert line not in body_lines
        assert not any("(2)" in ln for ln in body_lines)
        assert page.quality == QUALITY_OK


def test_page_spans_are_consistent(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["packet"])
    texts = [doc.text[p.char_start:p.char_end] for p in doc.pages]
    assert "\f".join(texts) == doc.text
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    for a, b in zip(doc.pages, doc.pages[1:]):
        assert b.char_start == a.char_end + 1
        assert doc.text[a.char_end] == "\f"
    assert "\f" not in "".join(texts)
    assert doc.page_at(doc.pages[2].char_start) == 3


def test_packet_keeps_each_documents_furniture(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["packet"])
    labels = [p.label for p in doc.pages]
    assert labels[:4] == ["1 (2)", "2 (2)", "1 (1)", "1 (1)"]
    assert labels[4:] == [f"Sida {n} av 5" for n in range(1, 6)]
    assert all(p.header == "Lomma kommun" for p in doc.pages[5:])
    assert all("Justerandes sign" not in doc.text[p.char_start:p.char_end] for p in doc.pages)


def test_text_is_nfc(pdf_fixtures) -> None:
    import unicodedata

    doc = _read(pdf_fixtures["packet"])
    assert unicodedata.is_normalized("NFC", doc.text)


def _sentences(text: str) -> list[str]:
    return [s.strip() + "." for s in text.split(".") if s.strip()]


def test_two_column_reading_order(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["two_column"])
    flat = _words(doc.text)
    expected = _sentences(make_pdfs.TWO_COLUMN_TEXT)
    pos, intact = 0, 0
    for sentence in expected:
        at = flat.find(sentence, pos)
        if at >= 0:
            intact += 1
            pos = at + len(sentence)
    assert intact / len(expected) >= 0.95
    assert flat.index("Månadsuppföljning oktober 2023") < flat.index(expected[0])


def test_ruled_table_rows(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["table"])
    (page,) = doc.pages
    (table,) = page.tables
    csv = make_pdfs.CORPUS / "kommunhandlingar__kungsbacka_vo_2025-09-04_handlingar.tabeller_93-1.csv"
    expected = [line.split(",", 2) for line in csv.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert table.reliable
    assert table.rows == expected
    assert table.page == 1
    assert page.quality == QUALITY_OK
    body = doc.text[page.char_start:page.char_end]
    assert "2025-01-30 | Särskilt boende | Avliden 2025-05-25" in body
    assert body.index("Ej verkställda beslut") < body.index("Beslutsdatum") < body.index("Förvaltningen följer upp")


def test_unruled_table_is_guessed_and_flagged(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["table_unruled"])
    (page,) = doc.pages
    (table,) = page.tables
    assert not table.reliable
    assert page.quality == QUALITY_TABLE_UNCERTAIN
    assert table.rows[0] == ["Verksamhet", "Budget 2023", "Utfall 2023", "Avvikelse"]
    assert ["Äldreomsorg", "412 000", "405 250", "6 750"] in table.rows
    # cells stay in the text as read (a wide gap between them is a tab)
    assert "Funktionsstöd 198 400 201 100 -2 700" in " ".join(doc.text.split())


def test_rotated_page_reads_upright(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["rotated"])
    assert "Socialnämnden har under året tagit emot statsbidrag för äldreomsorgens kompetenslyft." in doc.text
    assert doc.text.index("Bilaga 2.") < doc.text.index("Bidraget används")


def test_owner_password_only_pdf_is_read(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["owner_password"])
    assert "Sekretessbelagd bilaga" in doc.text


@pytest.mark.parametrize(
    ("name", "code"),
    [("empty", "empty_file"), ("truncated", "corrupt_pdf"), ("encrypted", "encrypted_pdf"), ("not_a_pdf", "corrupt_pdf")],
)
def test_broken_files_raise_with_swedish_message(pdf_fixtures, name: str, code: str) -> None:
    with pytest.raises(IngestError) as info:
        _read(pdf_fixtures[name])
    assert info.value.code == code
    assert info.value.message.startswith(MESSAGES[code].split("{")[0].split("(")[0].strip())
    assert re.search(r"[åäöÅÄÖ]|PDF-filen", info.value.message)


def test_garbage_after_pdf_header_is_corrupt(tmp_path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    with pytest.raises(IngestError) as info:
        _read(bad)
    assert info.value.code == "corrupt_pdf"


def test_too_many_pages(pdf_fixtures) -> None:
    with pytest.raises(IngestError) as info:
        _read(pdf_fixtures["tjansteskrivelse"], max_pages=1)
    assert info.value.code == "too_large"
    assert "2 sidor" in info.value.message


def test_timeout_cuts_off_slow_file(pdf_fixtures, monkeypatch) -> None:
    real = pdf_mod._extract_page

    def slow(doc, index, deadline):
        time.sleep(0.2)  # a page that takes long, as in a hostile PDF
        return real(doc, index, deadline)

    monkeypatch.setattr(pdf_mod, "_extract_page", slow)
    t0 = time.monotonic()
    with pytest.raises(IngestError) as info:
        _read(pdf_fixtures["packet"], timeout_s=0.3)
    assert info.value.code == "timeout"
    assert time.monotonic() - t0 < 1.0


def test_scan_without_ocr_is_unreadable_with_hint(pdf_fixtures, monkeypatch) -> None:
    monkeypatch.setattr(ocr_mod, "ocr_available", lambda: False)
    doc = _read(pdf_fixtures["with_scan"])
    assert [p.quality for p in doc.pages] == [QUALITY_OK, QUALITY_OK, QUALITY_UNREADABLE]
    assert doc.text.endswith("\f")
    assert any("Installera tesseract-ocr och tesseract-ocr-swe" in w for w in doc.warnings)


def test_only_scans_without_ocr_raise_no_text(pdf_fixtures, monkeypatch) -> None:
    monkeypatch.setattr(ocr_mod, "ocr_available", lambda: False)
    with pytest.raises(IngestError) as info:
        _read(pdf_fixtures["scanned"])
    assert info.value.code == "no_text"
    assert "tesseract-ocr-swe" in info.value.message


def test_ocr_disabled(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["with_scan"], ocr=False)
    assert doc.pages[2].quality == QUALITY_UNREADABLE
    assert any("OCR är avstängd" in w for w in doc.warnings)


@pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr med tesseract-ocr-swe saknas")
def test_ocr_recovers_swedish_letters(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["scanned"])
    (page,) = doc.pages
    assert page.quality == QUALITY_OCR
    flat = _words(doc.text)
    for phrase in ("Förslag till beslut", "fastställer årligen", "förutsättningar", "Socialnämnden beslutar"):
        assert phrase in flat
    numbers = doc.meta["ocr_unconfirmed_numbers"][1]
    assert "2023" in numbers and "1 250 000" in numbers
    assert doc.meta["ocr_pages"] == [1]


def test_stamped_scan_keeps_stamp_without_ocr(pdf_fixtures, monkeypatch) -> None:
    monkeypatch.setattr(ocr_mod, "ocr_available", lambda: False)
    doc = _read(pdf_fixtures["scanned_stamped"])
    assert doc.pages[0].quality == QUALITY_UNREADABLE
    assert "Dnr SN 2023/81" in doc.text


@pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr med tesseract-ocr-swe saknas")
def test_stamped_scan_is_ocrd(pdf_fixtures) -> None:
    doc = _read(pdf_fixtures["scanned_stamped"])
    assert doc.pages[0].quality == QUALITY_OCR
    assert "förutsättningar" in doc.text


def test_fix_ocr_digits() -> None:
    assert ocr_mod.fix_ocr_digits("till I 250 000 kronor år 2O23") == "till 1 250 000 kronor år 2023"
    assert ocr_mod.fix_ocr_digits("I samband med Olof") == "I samband med Olof"


def test_unconfirmed_numbers() -> None:
    assert ocr_mod.unconfirmed_numbers("Budget 1 250 000 kr, -15,0 mnkr den 2023-01-23, 2023") == [
        "1 250 000", "15,0", "2023-01-23", "2023"]


def test_render_any_corpus_document_round_trips(tmp_path) -> None:
    """Any corpus text rendered by render_text_pdf reads back with its words in order."""
    source = (make_pdfs.CORPUS / "lomma-partiguide__SN_2025-06-10.txt").read_text(encoding="utf-8")
    out = make_pdfs.render_text_pdf(source, tmp_path / "sn.pdf", header_lines=("Lomma kommun",),
                                    footer_lines=("Lomma kommun | 234 81 Lomma | www.lomma.se",), hyphenate=True)
    doc = _read(out)
    got, want = doc.text.split(), source.split()
    ratio = SequenceMatcher(None, got, want, autojunk=False).ratio()
    assert ratio > 0.97
    assert all(p.header == "Lomma kommun" for p in doc.pages)


def test_plain_pages_never_reach_pdfplumber(pdf_fixtures, monkeypatch) -> None:
    """The fast path: born-digital pages, plain grid tables included, are read by pypdfium2 alone.

    Speed itself is measured by `namndsok bench pdf`, not asserted here; this guards the design
    that makes it fast (pdfplumber is ~20x slower per page)."""
    import pdfplumber

    calls = []
    real = pdfplumber.open
    monkeypatch.setattr(pdfplumber, "open", lambda *a, **k: calls.append(a) or real(*a, **k))
    doc = _read(pdf_fixtures["tjansteskrivelse"], ocr=False)
    assert doc.pages and calls == []
    doc = _read(pdf_fixtures["table"], ocr=False)
    assert doc.pages[0].tables[0].reliable and calls == [], "a plain ruled grid is read from pdfium's rules"


def test_irregular_grid_falls_back_to_pdfplumber(pdf_fixtures, monkeypatch) -> None:
    """Where the rules are no plain grid (here: the page's rules made to stop short, as merged
    cells do), pdfplumber still reads the table."""
    import pdfplumber

    from ingest import tables as tables_mod

    calls = []
    real = pdfplumber.open
    monkeypatch.setattr(pdfplumber, "open", lambda *a, **k: calls.append(a) or real(*a, **k))
    from_grid = _read(pdf_fixtures["table"], ocr=False)
    assert calls == []
    monkeypatch.setattr(tables_mod, "grid_edges", lambda hs, vs: None)
    doc = _read(pdf_fixtures["table"], ocr=False)
    assert calls, "an irregular grid goes to pdfplumber"
    assert doc.pages[0].tables[0].rows == from_grid.pages[0].tables[0].rows
    assert doc.text == from_grid.text


def test_bench_reports_all_three(pdf_fixtures) -> None:
    from ingest.bench import bench_pdf, print_bench

    res = bench_pdf([pdf_fixtures["tjansteskrivelse"], pdf_fixtures["table"]], plumber_max_pages=3)
    for key in ("read_pdf", "pdfplumber", "pypdfium2_raw"):
        assert res[key]["pages"] > 0 and res[key]["pages_per_s"] > 0
    assert res["peak_rss_mb"] > 0
    print_bench(res)
