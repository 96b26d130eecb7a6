"""Recurring reports on corpus/: kind detection from titles, section alignment across years, key
figures by year — including figures a report gives for earlier years."""
import pytest

from search.reports import find_reports, heading_core, kind_of, normalize_kind, word_diff


@pytest.mark.parametrize("line, kind", [
    ("# Bilaga till Tertialrapport december 2022", "delårsrapport"),
    ("## **Tertialuppföljning Verksamhetsplan 2022**", "delårsrapport"),
    ("Delårsrapport augusti 2019", "delårsrapport"),
    ("## Socialnämndens årsrapport 2022", "årsrapport"),
    ("# Kvalitetsberättelse 2017", "kvalitetsberättelse"),
    ("Verksamhetsplan med internbudget 2023", "verksamhetsplan"),
    ("Ej verkställda beslut 4:e kvartalet 2022", "ej-verkställda-beslut"),
    ("Bilaga 1 Tertiäluppföljning verksamhetsplan 2022", None),  # a typo is not a title we know
    ("Revidering av kvalitetsledningssystem 2018", None),
    ("Svar på remiss om kvalitetsberättelse", None),  # a case about a report, not the report
])
def test_kind_of_title_line(line, kind):
    assert kind_of(line) == kind


def test_heading_core_drops_labels_numbers_and_years():
    assert heading_core("## FOKUSOMRÅDE - ETT VÄXANDE ATTRAKTIVT KALMAR") == "ett växande attraktivt kalmar"
    assert heading_core("3.6 Rapportering utifrån lex Sarah") == "rapportering utifrån lex sarah"
    assert heading_core("Årsmål 2022 - HME-index") == "hme index"


def test_normalize_kind_accepts_ascii_and_rejects_unknown():
    assert normalize_kind("delarsrapport") == "delårsrapport"
    assert normalize_kind("Ej verkställda beslut") == "ej-verkställda-beslut"
    with pytest.raises(ValueError, match="Okänd rapporttyp"):
        normalize_kind("budgetbrev")


def test_word_diff_marks_changed_words():
    ops, ratio, truncated = word_diff("budgeten visar ett underskott", "budgeten visar ett överskott")
    assert [(o["op"], o["text"]) for o in ops] == [("equal", "budgeten visar ett"), ("delete", "underskott"), ("insert", "överskott")]
    assert 0.5 < ratio < 1 and not truncated


def test_reports_found_by_their_titles(corpus_service):
    reports = find_reports(corpus_service.store)
    got = {(r.kind, r.municipality, r.period_year) for r in reports}
    assert {("kvalitetsberättelse", "Katrineholm", 2017), ("kvalitetsberättelse", "Kalmar", 2022),
            ("kvalitetsberättelse", "Karlshamn", 2024), ("delårsrapport", "Kalmar", 2019),
            ("delårsrapport", "Kalmar", 2022), ("verksamhetsplan", "Kalmar", 2023),
            ("ej-verkställda-beslut", "Kalmar", 2022)} <= got
    # The agenda of the Katrineholm meeting lists "Kvalitetsberättelse 2017"; it is not a report.
    assert not any(r.kind == "kvalitetsberättelse" and r.document_id == r.cover_document_id == 44 for r in reports)


def _row(res, *labels):
    wanted = [heading_core(x) if x else None for x in labels]
    for row in res.rows:
        cores = [heading_core(c.heading) if c else None for c in row.cells]
        if all(w is None or w == c for w, c in zip(wanted, cores)) and all(c for c, w in zip(cores, wanted) if w):
            return row
    raise AssertionError(f"no row aligns {labels}")


def test_delarsrapport_2019_aligned_with_tertial_2022_by_focus_area(corpus_service):
    res = corpus_service.compare_reports("delårsrapport", municipality="Kalmar")
    assert [r.period_year for r in res.reports] == [2019, 2022]
    assert res.reports[0].title == "Delårsrapport augusti 2019" and "Tertial" in res.reports[1].title
    text_2019 = corpus_service.store.file_text(res.reports[0].document_id and
                                               corpus_service.store.get_document(res.reports[0].document_id)["file_id"])
    pages = {}
    for area in ("Ordning och reda i ekonomin", "Ett grönare Kalmar", "Ett växande attraktivt Kalmar",
                 "Hög kvalitet i välfärden", "Säker vård och omsorg", "Individanpassad vård och omsorg"):
        row = _row(res, area, area)
        old, new = row.cells
        assert old.match == "" and new.match == "rubrik" and new.score == 1.0
        assert new.heading.upper().endswith(area.upper().replace(" ATTRAKTIVT", " ATTRAKTIVT")) or heading_core(new.heading) == heading_core(area)
        # The 2019 export has one line per page: the section starts where the heading stands in the text.
        assert heading_core(text_2019[old.char_start:old.char_start + len(old.heading)]) == heading_core(area)
        pages[area] = old.page
        assert row.diffs and row.diffs[0].from_report == 0 and row.diffs[0].to_report == 1
    assert pages["Ordning och reda i ekonomin"] == 4 and pages["Hög kvalitet i välfärden"] == 6
    # Money: the 2019 forecast deficit, from the text on page 2; 2022 totals from the operating table.
    figs = {(f.kind, f.year): f for f in res.key_figures}
    assert figs[("avvikelse", 2019)].value == -15.0 and figs[("avvikelse", 2019)].page == 2
    assert figs[("avvikelse", 2022)].value == -10527 and figs[("avvikelse", 2022)].unit == "tkr"
    assert figs[("budget", 2022)].value == 910170 and figs[("utfall", 2022)].value == 920697


def test_kvalitetsberattelser_aligned_by_section_with_lex_sarah_by_year(corpus_service):
    res = corpus_service.compare_reports("kvalitetsberättelse")
    assert [(r.municipality, r.period_year) for r in res.reports] == [("Katrineholm", 2017), ("Kalmar", 2022), ("Karlshamn", 2024)]
    lex = _row(res, "3.6 Rapportering utifrån lex Sarah", "lex Sarah", "Lex Sarah")
    assert [c.match for c in lex.cells] == ["", "rubrik", "rubrik"]
    assert len(lex.diffs) == 2
    _row(res, "1 Inledning", "Inledning", "1 Inledning")
    _row(res, "3.1 Brukarundersökning", "Brukarundersökningar", "Brukarundersökningar inom förvaltningen")
    _row(res, None, "Organisation och ansvar", "3 Organisatoriskt ansvar")

    store = corpus_service.store
    by = {(f.municipality, f.kind, f.year): f for f in res.key_figures}
    # Karlshamn's 2024 report gives the two years before it too.
    for year, n in ((2022, 49), (2023, 35), (2024, 22)):
        f = by[("Karlshamn", "lex Sarah-rapporter", year)]
        assert f.value == n and f.report_year == 2024 and f.year_source == "mening"
        doc = store.get_document(f.document_id)
        assert doc["source"] == "001_b4baad24df8c079a.txt"
        assert str(n) in store.file_text(doc["file_id"])[f.char_start:f.char_end]
    assert by[("Kalmar", "lex Sarah-rapporter", 2022)].value == 23
    assert by[("Kalmar", "lex Sarah-rapporter", 2021)].value == 33  # "tio rapporter färre än 2021 då 33"
    # "2024 rapporterades 318 … 2023 rapporterades 379 stycken och 2022 inkom 557 rapporter"
    assert [by[("Karlshamn", "avvikelser", y)].value for y in (2022, 2023, 2024)] == [557, 379, 318]
    # the figure in the section about it, not the one mentioned in passing elsewhere
    assert by[("Kalmar", "ej verkställda beslut", 2022)].value == 108
    assert by[("Katrineholm", "klagomål", 2017)].value == 37
    assert by[("Katrineholm", "avvikelser", 2017)].value == 54


def test_report_comparison_csv(corpus_service):
    res = corpus_service.compare_reports("kvalitetsberättelse")
    csv = corpus_service.comparison_csv(res)
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("municipality;committee;kind;label;value;unit")
    assert any(line.startswith("Karlshamn;") and ";lex Sarah-rapporter;" in line and ";49.0;st;" in line for line in lines)
    sections = corpus_service.comparison_csv(res, "sections").splitlines()
    assert len(sections) > 10
    with pytest.raises(ValueError):
        corpus_service.comparison_csv(res, "nope")


def test_unseen_municipality_reports_align_and_tabulate(tmp_path):
    """Two invented delårsrapporter in another municipality's layout (numbered plain-line headings,
    cover tjänsteskrivelse in the same file): found, aligned, figures by year — nothing corpus-specific."""
    from pathlib import Path

    from namndsok.config import Settings
    from namndsok.service import Service

    svc = Service(Settings(store=tmp_path / "store", embedder="none"))
    report = svc.ingest([Path(__file__).parent / "fixtures_reports"])
    assert not report.errors
    res = svc.compare_reports("delårsrapport")
    assert [(r.municipality, r.period_year, r.title) for r in res.reports] == [
        ("Umeå", 2020, "Delårsrapport augusti 2020"), ("Umeå", 2021, "Delårsrapport augusti 2021")]
    pairs = [(row.cells[0].heading if row.cells[0] else None, row.cells[1].heading if row.cells[1] else None,
              row.cells[1].match if row.cells[1] else None) for row in res.rows]
    assert ("3 Lex Sarah och klagomål", "3 Lex Sarah och klagomål", "rubrik") in pairs
    assert ("2 Ekonomi", "2 Ekonomisk uppföljning", "innehåll") in pairs
    lex = next(r for r in res.rows if r.cells[0] and r.cells[0].heading.startswith("3 Lex Sarah"))
    ops = lex.diffs[0].ops
    assert any(o.op == "delete" and "2020" in o.text for o in ops) and any(o.op == "insert" and "2021" in o.text for o in ops)
    by = {(f.kind, f.year): f.value for f in res.key_figures}
    assert by[("avvikelse", 2020)] == -4.2 and by[("avvikelse", 2021)] == -2.1
    assert by[("lex Sarah-rapporter", 2020)] == 12 and by[("lex Sarah-rapporter", 2021)] == 9
    assert by[("klagomål", 2020)] == 18 and by[("klagomål", 2021)] == 15
