"""The "Jämför över år" pages under Streamlit's AppTest, over a store built from all of corpus/.

They assert what a reader sees: the figures and their pages, the alignment rows, the key-figure
table by year, the chart's data, and the download buttons — not only that the pages load."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from ui import compare_components as cc  # noqa: E402

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


@pytest.fixture
def app(corpus_service, monkeypatch):
    monkeypatch.setenv("NAMNDSOK_HOME", str(corpus_service.cfg.store))
    monkeypatch.setenv("NAMNDSOK_EMBEDDER", "none")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    return at


def _html(at) -> str:
    return "\n".join(h.value for h in at.html)


def _chart_values(at) -> list[dict]:
    charts = at.get("vega_lite_chart")
    assert charts, "no chart on the page"
    proto = charts[0].proto
    spec = json.loads(proto.spec)
    values = []
    for ds in proto.datasets:  # Streamlit ships chart data as Arrow datasets beside the spec
        import pyarrow as pa

        values += pa.ipc.open_stream(ds.data.data).read_all().to_pylist()
    return values or spec.get("data", {}).get("values", [])


def test_topic_page_shows_years_passages_chart_and_figures(app):
    at = app.switch_page("views/jamfor_amne.py").run()
    assert [t.value for t in at.title] == ["Jämför över år – ämne"]
    at.text_input(key="cmp_q").set_value("underskott placeringar barn och unga").run()
    assert not at.exception
    years = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert "#### 2019" in years and "#### 2022" in years
    rows = _chart_values(at)
    assert any(str(r.get("År")) == "2019" and r.get("Kommun") == "Kalmar" for r in rows)
    figs = at.dataframe[-1].value
    f2019 = figs[(figs["Avser år"] == 2019) & (figs["Värde"] == "-15 mnkr")]
    assert len(f2019) >= 1 and f2019.iloc[0]["Källa"].startswith("003_b4559db47a798bae.txt, sida ")
    fam = figs[figs["Vad"] == "FAMILJEHEMSV BARN O UNGA"]
    assert "-11 161 tkr" in set(fam["Värde"]) and set(fam["Avser år"]) == {2022}
    assert all(link.startswith("dokument?document_id=") and "&start=" in link for link in figs["Öppna"])
    assert "«" not in _html(at) and "<mark>" in _html(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Ladda ned siffror (CSV)" in labels and "Ladda ned allt (JSON)" in labels


def test_topic_page_without_query_asks_for_one(app):
    at = app.switch_page("views/jamfor_amne.py").run()
    assert not at.exception
    assert any("Skriv ett ämne" in i.value for i in at.info)


def test_reports_page_kvalitetsberattelser(app):
    at = app.switch_page("views/jamfor_rapporter.py").run()
    at.selectbox(key="rep_kind").set_value("kvalitetsberättelse").run()
    assert not at.exception
    reports = at.dataframe[0].value
    assert list(reports["År"]) == [2017, 2022, 2024]
    pivot = at.dataframe[1].value
    karlshamn = pivot[(pivot["Kommun"] == "Karlshamn") & (pivot["Nyckeltal"] == "lex Sarah-rapporter")].iloc[0]
    assert (karlshamn["2022"], karlshamn["2023"], karlshamn["2024"]) == ("49 st", "35 st", "22 st")
    points = {(r["Kommun"], r["År"]): r["Värde i diagram"] for r in _chart_values(at) if r["Nyckeltal"] == "lex Sarah-rapporter"}
    assert points[("Karlshamn", 2022)] == 49 and points[("Kalmar", 2021)] == 33
    at.selectbox(key="rep_chart_kind").set_value("avvikelser").run()
    rows = _chart_values(at)
    assert {r["Nyckeltal"] for r in rows} == {"avvikelser"}
    assert {(r["Kommun"], r["År"]): r["Värde i diagram"] for r in rows}[("Karlshamn", 2022)] == 557
    expanders = [e.label for e in at.expander]
    assert any(label.startswith("3.6 Rapportering utifrån lex Sarah (3 av 3") for label in expanders)
    html = _html(at)
    assert "<del" in html and "<ins" in html  # changed wording is marked


def test_reports_page_delarsrapport_focus_areas(app):
    at = app.switch_page("views/jamfor_rapporter.py").run()
    at.selectbox(key="rep_kind").set_value("delårsrapport").run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    for area in ("Ordning och reda i ekonomin", "Ett grönare Kalmar", "Ett växande, attraktivt Kalmar", "Hög kvalitet i välfärden"):
        assert any(label.startswith(f"{area} (2 av 2") for label in labels), area
    html = _html(at)
    assert "sida 4" in html and "rubrik hittad i löptext" in html


# -- pure helpers -------------------------------------------------------------------------------------

def test_diff_html_escapes_and_marks():
    ops = [{"op": "equal", "text": "a <b>"}, {"op": "delete", "text": "gammal"}, {"op": "insert", "text": "ny & bättre"}]
    out = cc.diff_html(ops)
    assert "a &lt;b&gt;" in out and ">gammal</del>" in out and ">ny &amp; bättre</ins>" in out
    long = cc.diff_html([{"op": "equal", "text": " ".join(str(i) for i in range(100))}], context=3)
    assert long == "0 1 2 … 97 98 99"


def test_format_value_and_links():
    assert cc.format_value(-11161.0, "tkr") == "-11 161 tkr" and cc.format_value(-15.0, "mnkr") == "-15 mnkr"
    assert cc.format_value(915.5, "mnkr") == "915,5 mnkr"
    assert cc.doc_link(3, 10, 20) == "dokument?document_id=3&start=10&end=20" and cc.doc_link(3) == "dokument?document_id=3"
    assert cc.chart_value({"Mnkr": -10.527, "Värde": -10527}) == -10.527 and cc.chart_value({"Mnkr": None, "Värde": 49}) == 49
