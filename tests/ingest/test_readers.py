"""Reading text formats: encodings, NFC, front matter, page markers, and bad input."""
import unicodedata

import pytest

from ingest.errors import IngestError
from ingest.readers import iter_paths, read_file


def test_binary_junk_named_txt_is_refused(tmp_path):
    f = tmp_path / "skräp.txt"
    f.write_bytes(bytes(range(256)) * 50)
    with pytest.raises(IngestError) as exc:
        read_file(f)
    assert exc.value.code == "not_text"
    assert "text" in exc.value.message


def test_empty_file(tmp_path):
    f = tmp_path / "tom.txt"
    f.write_bytes(b"")
    with pytest.raises(IngestError) as exc:
        read_file(f)
    assert exc.value.code == "empty_file"


def test_whitespace_only_file(tmp_path):
    f = tmp_path / "blank.md"
    f.write_text("\n\n   \n", encoding="utf-8")
    with pytest.raises(IngestError) as exc:
        read_file(f)
    assert exc.value.code == "empty_file"


def test_windows_1252_is_decoded(tmp_path):
    f = tmp_path / "gammal.txt"
    f.write_bytes("Socialnämnden beslutar att godkänna årsrapporten för äldreomsorgen.".encode("cp1252"))
    raw = read_file(f)
    assert "Socialnämnden" in raw.text and "årsrapporten" in raw.text


def test_nfd_is_normalised_to_nfc(tmp_path):
    f = tmp_path / "nfd.txt"
    f.write_text(unicodedata.normalize("NFD", "Förslag till beslut: Socialnämnden godkänner."), encoding="utf-8")
    raw = read_file(f)
    assert raw.text == unicodedata.normalize("NFC", raw.text)
    assert "Förslag" in raw.text


def test_unsupported_format(tmp_path):
    f = tmp_path / "bild.png"
    f.write_bytes(b"\x89PNG....")
    with pytest.raises(IngestError) as exc:
        read_file(f)
    assert exc.value.code == "unsupported_format"


def test_markdown_front_matter_and_page_markers(corpus):
    raw = read_file(corpus / "kommunhandlingar__kungsbacka_ifo_2025-08-21_handlingar.md")
    assert raw.meta["kommun"] == "kungsbacka"
    assert [p.number for p in raw.pages] == [1, 2, 3]
    assert raw.pages[2].quality == "empty"  # page 3 has no text layer in the source
    k = raw.text.find("Val av ersättare")
    assert raw.page_at(k) == 1


def test_form_feeds_are_pages(corpus):
    raw = read_file(corpus / "lomma-partiguide__SN_2025-06-10.txt")
    assert len(raw.pages) >= 17
    assert raw.page_at(raw.text.find("Voteringsprotokoll")) == 5


def test_flattened_one_line_pages(corpus):
    raw = read_file(corpus / "003_b4559db47a798bae.txt")
    assert len(raw.pages) >= 27
    assert raw.page_at(raw.text.find("Rapportperiod")) == 2


def test_plain_export_without_page_marks_has_unknown_pages(corpus):
    raw = read_file(corpus / "004_74cb76b5d399f236.txt")
    assert raw.pages == [] and raw.page_at(100) is None


def test_iter_paths_expands_folders_sorted(corpus):
    files = iter_paths([corpus])
    assert files == sorted(files)
    assert all(f.suffix in {".txt", ".md", ".csv"} for f in files)
