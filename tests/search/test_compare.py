"""A topic across years on corpus/: "underskott placeringar barn och unga" must show Kalmar's 2019
forecast deficits with their pages and the 2022 deficits from the operating table, each figure
attributed to the year it is about and pointing at the text it was read from."""
import pytest


@pytest.fixture(scope="module")
def topic(corpus_service):
    return corpus_service.compare_topic("underskott placeringar barn och unga")


def _text(svc, f):
    doc = svc.store.get_document(f.document_id)
    return svc.store.file_text(doc["file_id"])[f.char_start:f.char_end]


def test_years_and_counts(topic):
    years = [y.year for y in topic.years]
    assert years == sorted(years, key=lambda y: (y is None, y or 0))
    assert {2019, 2022, 2023} <= set(years)
    kalmar = {(c.year, c.municipality) for c in topic.counts}
    assert (2019, "Kalmar") in kalmar and (2022, "Kalmar") in kalmar
    for y in topic.years:
        assert y.passages and y.documents >= 1 and y.passages_found >= len(y.passages)
        for p in y.passages:  # a hit holds at least half of the query's terms
            assert len(p.matched_terms) >= 2


def test_kalmar_2019_figures_with_pages(corpus_service, topic):
    y2019 = next(y for y in topic.years if y.year == 2019)
    assert all(p.municipality == "Kalmar" and p.source == "003_b4559db47a798bae.txt" for p in y2019.passages)
    figs = {(f.value, f.unit): f for f in topic.figures if f.passage_year == 2019}
    deficit = figs[(-15.0, "mnkr")]
    assert deficit.kind == "avvikelse" and deficit.year == 2019 and deficit.page in (2, 22)
    assert _text(corpus_service, deficit) == "-15,0 mnkr"
    children = figs[(-11.0, "mnkr")]  # "Helårsprognosen för den sociala barn- och ungdomsvården är -11,0 mnkr"
    assert children.kind == "prognos" and children.page == 23 and "barn" in children.label


def test_kalmar_2022_deficits_from_the_operating_table(corpus_service, topic):
    y2022 = next(y for y in topic.years if y.year == 2022)
    table = next(p for p in y2022.passages if any(f.source_kind == "table" for f in p.figures))
    assert table.municipality == "Kalmar" and "Driftredovisning" in (table.heading or table.title or "")
    figs = {f.label: f for f in topic.figures if f.passage_year == 2022 and f.kind == "avvikelse"}
    fam = figs["FAMILJEHEMSV BARN O UNGA"]
    assert fam.value == -11161 and fam.unit == "tkr" and fam.year == 2022 and fam.year_source == "tabell"
    assert _text(corpus_service, fam) == "-11 161"
    trygga = figs["Trygga, säkra o stödj barn o ungas levnadsvillkor"]  # the process children's placements belong to
    assert trygga.value == -12727 and trygga.year == 2022
    # Figures that answer "underskott" (negative deviations about children) rank first.
    first = [f for f in topic.figures if f.passage_year == 2022][:3]
    assert all(f.kind == "avvikelse" and f.value < 0 for f in first)


def test_2023_plan_speaks_of_the_2022_deficit(topic):
    y2023 = next(y for y in topic.years if y.year == 2023)
    plan = [p for p in y2023.passages if p.heading == "Ekonomiska förutsättningar"]
    assert plan and "underskot" in plan[0].matched_terms and "placering" in plan[0].matched_terms
    assert "«underskott»" in plan[0].snippet


def test_filters_and_empty_query(corpus_service):
    only = corpus_service.compare_topic("underskott placeringar barn och unga", filters={"municipality": "Katrineholm"})
    assert only.years and all(p.municipality == "Katrineholm" for y in only.years for p in y.passages)
    assert corpus_service.compare_topic("och att").years == []


def test_topic_csv_tables(corpus_service, topic):
    figs = corpus_service.comparison_csv(topic, "figures").lstrip("\ufeff").splitlines()
    assert figs[0].split(";")[:4] == ["passage_year", "kind", "label", "value"]
    assert any(";FAMILJEHEMSV BARN O UNGA;-11161.0;tkr;" in line for line in figs)
    counts = corpus_service.comparison_csv(topic, "counts").lstrip("\ufeff").splitlines()
    assert counts[0] == "year;municipality;committee;documents;passages" and len(counts) == len(topic.counts) + 1
    assert corpus_service.comparison_csv(topic, "passages").count("\n") >= sum(len(y.passages) for y in topic.years)
