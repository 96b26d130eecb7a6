"""Streamlit AppTest: Verifiera diarienummer, Följ ärendet, Tidigare formuleringar over the corpus store."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from ui import case_components as cc  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "app.py")


@pytest.fixture
def app(corpus_service, monkeypatch):
    monkeypatch.setenv("NAMNDSOK_HOME", str(corpus_service.cfg.store))
    monkeypatch.setenv("NAMNDSOK_EMBEDDER", "none")
    return AppTest.from_file(APP, default_timeout=60)


def _open(at, page: str, **params):
    at.run()
    at.query_params.update({k: str(v) for k, v in params.items()})
    return at.switch_page(page).run()


def _html(at) -> str:
    return "\n".join(h.value for h in at.html)


def test_verify_page_lists_findings_and_filters(app):
    at = _open(app, "views/verifiera.py")
    assert not at.exception
    assert [t.value for t in at.title] == ["Verifiera diarienummer"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Fel"] == "0" and metrics["Varningar"] == "0" and int(metrics["Kontrollerade diarienummer"]) >= 80
    df = at.dataframe[0].value
    assert "VO-2025-000254" in set(df["Skrivet som"]) and set(df["Allvar"]) == {"Info"}
    assert {b.label for b in at.get("download_button")} == {"Ladda ner CSV", "Ladda ner JSON"}
    at.multiselect(key="verify_sev").set_value(["Fel", "Varning"]).run()
    assert "Inga fynd med vald allvarlighet." in [i.value for i in at.info]


def test_verify_page_one_case_and_open_document(app):
    at = _open(app, "views/verifiera.py")
    at.text_input(key="verify_case").set_value("VO-2025-000254").run()
    df = at.dataframe[0].value
    assert set(df["Diarienummer"]) == {"VO 2025/254"}
    at.selectbox(key="verify_pick").set_value(0).run()
    at.button(key="verify_open").click().run()
    assert [t.value for t in at.title] == ["Dokument"] and 'id="ns-hit"' in _html(at)


def test_verify_page_rejects_junk(app):
    at = _open(app, "views/verifiera.py")
    at.text_input(key="verify_case").set_value("hej hopp").run()
    assert any("känns inte igen" in w.value for w in at.warning)


def test_trace_page_shows_proposal_beside_decision_yrkanden_and_vote(app):
    at = _open(app, "views/sparning.py", case="VO-2025-00354")
    assert not at.exception
    assert [t.value for t in at.title] == ["Följ ärendet"]
    html = _html(at)
    assert "bemanningshandboken" in html and html.count("ns-status oforandrat") == 2
    md = "\n".join(m.value for m in at.markdown)
    assert "Förslaget bifölls oförändrat" in md and "Votering:** Ja 8, Nej 3" in md
    assert "Monica Neptun (L) och Hravn Forsne (M) yrkar bifall" in md
    assert at.dataframe[0].value.iloc[0]["Steg"] == "Beslut § 118"


def test_trace_page_links_remiss_and_remissvar(app):
    at = _open(app, "views/sparning.py")
    assert cc.MSG_ASK_TRACE in [i.value for i in at.info]
    at.text_input(key="trace_case").set_value("SN 2022/0811").run()
    df = at.dataframe[0].value
    assert list(df["Diarienummer"])[:2] == ["SFN 2022/202", "SN 2022/811"]
    assert any("SFN 2022/202" in c.value and "Remiss - Lokalförsörjningspolicy" in c.value for c in at.caption)


def test_case_page_links_to_trace(app):
    at = _open(app, "views/arende.py")
    at.text_input(key="case_q").set_value("VO-2025-00354").run()
    assert not at.exception
    assert any(p.label.startswith("Följ ärendet") for p in at.get("page_link"))
    assert any(p.label == "Verifiera numret" for p in at.get("page_link"))


def test_verify_page_opens_the_case_of_a_link(app):
    at = _open(app, "views/verifiera.py", case="VO-2025-000254")
    assert at.text_input(key="verify_case").value == "VO-2025-000254"
    assert set(at.dataframe[0].value["Diarienummer"]) == {"VO 2025/254"}


def test_precedent_page_groups_and_offers_copyable_text(app):
    at = _open(app, "views/tidigare.py")
    assert cc.MSG_ASK_DRAFT in [i.value for i in at.info]
    at.radio(key="prec_mode").set_value("Lexikal")
    at.text_area(key="prec_text").set_value("Nämnden noterar informationen till protokollet.").run()
    assert not at.exception
    assert at.code[0].value == "Nämnden för Vård & Omsorg noterar informationen till protokollet."
    df = at.dataframe[0].value
    assert len(df) >= 5 and "VO 2024/357" in set(df["Diarienummer"])
    assert df.iloc[0]["Öppna"].startswith("dokument?document_id=")


def test_precedent_page_without_matches(app):
    at = _open(app, "views/tidigare.py")
    at.radio(key="prec_mode").set_value("Lexikal")
    at.text_area(key="prec_text").set_value("xyzzy qwerty").run()
    assert cc.MSG_NO_PRECEDENT in [i.value for i in at.info]


# -- pure helpers ---------------------------------------------------------------------------------
def test_attsats_table_escapes_and_marks_changes():
    rows = [{"status": "ändrat", "proposal": "<b>till oktober</b>", "decision": "till november",
             "similarity": 0.7, "diff": [("=", "till"), ("-", "oktober"), ("+", "november")]},
            {"status": "tillagt", "proposal": None, "decision": "Ny sats", "similarity": 0.0, "diff": []}]
    html = cc.attsats_table_html(rows)
    assert "&lt;b&gt;" in html and "<del>oktober</del>" in html and "<ins>november</ins>" in html
    assert 'class="ns-status tillagt"' in html and "<td>–</td>" in html


def test_finding_rows_filter_and_link():
    f = {"kind": "typo_serial", "severity": "warning", "case_key": "SN 2022/812", "raw": "SN 2022/0812", "reason": "r",
         "suggestion": "SN 2022/811", "spans": [{"document_id": 7, "source": "a.txt", "page": None, "char_start": 3, "char_end": 9}]}
    rows = cc.finding_rows([f])
    assert rows[0]["Allvar"] == "Varning" and rows[0]["Öppna"] == "dokument?document_id=7&start=3&end=9"
    assert rows[0]["Typ"] == "troligt skrivfel i löpnumret" and rows[0]["Var"] == "a.txt sida okänd"
    assert cc.finding_rows([f], {"error"}) == []


def test_trace_page_follows_a_new_link_after_typing(app):
    at = _open(app, "views/sparning.py")
    at.text_input(key="trace_case").set_value("VO-2025-00245").run()
    assert at.query_params["case"] == "VO-2025-00245"
    at.query_params["case"] = "VO-2025-00354"
    at.switch_page("views/sparning.py").run()
    assert at.text_input(key="trace_case").value == "VO-2025-00354"
    assert "Beslut § 118" in list(at.dataframe[0].value["Steg"])
