"""Decision tracing on corpus/: the Kungsbacka bemanningshandbok § and the Kalmar remiss chain."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def vo(corpus_service):
    return corpus_service.trace("VO-2025-00354")


def test_bemanningshandbok_paragraph_shows_proposal_beside_decision(vo):
    assert vo.case_key == "VO 2025/354"
    d = next(d for d in vo.decisions if d.paragraph == 118)
    assert d.source == "kommunhandlingar__kungsbacka_vo_2025-09-04_protokoll.md"
    assert d.date == "2025-09-04" and d.body == "Nämnden för Vård & Omsorg" and d.page == 14
    assert vo.timeline[0].municipality == "Kungsbacka"
    assert d.proposal_from == "paragraf"
    assert d.proposal[0].startswith("Nämnden beslutar att efter piloten i distrikt väst av den nya bemanningshandboken")
    assert d.decision[0].startswith("Nämnden för Vård & Omsorg beslutar att efter piloten")
    assert [r.status for r in d.rows] == ["oförändrat", "oförändrat"]
    assert all(r.proposal and r.decision for r in d.rows)
    assert d.outcome == "bifall"


def test_bemanningshandbok_yrkanden_and_vote(vo):
    d = next(d for d in vo.decisions if d.paragraph == 118)
    kinds = {y.kind: y for y in d.yrkanden}
    assert set(kinds) == {"bifall", "avslag"}
    assert kinds["bifall"].who == ["Monica Neptun (L)", "Hravn Forsne (M)"]
    assert kinds["avslag"].who == ["Ermin Škorić (S)"]
    assert (d.vote.ja, d.vote.nej, d.vote.avstar) == (8, 3, None)
    assert d.vote.meaning[0].startswith("Ja-röst innebär bifall till Monica Neptuns (L)")
    votes = {m["name"]: m["vote"] for m in d.vote.members}
    assert len(votes) == 11 and sum(v == "ja" for v in votes.values()) == 8
    assert votes["Astrid Börjesson (S)"] == "nej"
    assert "två förslag till beslut" in d.beslutsgang
    assert d.sent_to == ["Förslagsställaren"]


def test_rejected_initiative_is_avslag_with_abstentions(corpus_service):
    d = corpus_service.trace("VO-2025-00245").decisions[0]
    assert d.paragraph == 117 and d.outcome == "avslag"
    assert [r.status for r in d.rows] == ["struket", "struket", "tillagt"]
    assert (d.vote.ja, d.vote.nej, d.vote.avstar) == (6, 3, 2)
    # the signature under the initiative and the next page's running head are no att-satser
    assert len(d.proposal) == 2 and all("Datum" not in p for p in d.proposal)


def test_remiss_is_linked_to_remissvar_by_title(corpus_service):
    sn = corpus_service.trace("SN 2022/0811")
    assert sn.case_key == "SN 2022/811"
    assert "Svar på remiss - Lokalförsörjningspolicy Kalmar kommun" in sn.titles
    rel = {r.case_key: r for r in sn.related}
    assert "SFN 2022/202" in rel
    assert rel["SFN 2022/202"].title == "Remiss - Lokalförsörjningspolicy Kalmar kommun"
    assert rel["SFN 2022/202"].body == "Servicenämnden" and rel["SFN 2022/202"].date == "2022-11-23"
    steps = [(e.date, e.step, e.case_key, e.body) for e in sn.timeline]
    assert steps.index(("2022-11-23", "Protokollsutdrag § 106", "SFN 2022/202", "Servicenämnden")) < \
        steps.index(("2023-02-09", "Tjänsteskrivelse", "SN 2022/811", "Socialnämnden"))
    d = next(d for d in sn.decisions if d.paragraph == 106)
    assert d.decision[0].startswith("Servicenämnden skickar ut redovisat förslag av Lokalförsörjningspolicy")
    assert not any("Sekreterare" in s for s in d.decision)
    # the remissvar's own proposal, not yet decided in any protocol of the store
    ps = next(p for p in sn.proposals if p.case_key == "SN 2022/811")
    assert ps.doc_type == "tjänsteskrivelse" and ps.date == "2023-02-09"
    assert ps.items[0].startswith("Socialnämnden antar upprättat förslag till yttrande")
    # and the other way round
    sfn = corpus_service.trace("Dnr SFN 2022/0202")
    assert "SN 2022/811" in {r.case_key for r in sfn.related}


def test_trace_unknown_and_junk(corpus_service):
    assert corpus_service.trace("KS 1999/1").timeline == []
    assert corpus_service.trace("hej").case_key is None


def test_timeline_spans_point_into_the_files(corpus_service, corpus):
    for key in ("VO-2025-00354", "SN 2022/0811", "SOCN/2018:23"):
        for e in corpus_service.trace(key).timeline:
            text = (corpus / e.source).read_text(encoding="utf-8")
            assert e.char_start is not None and 0 <= e.char_start < e.char_end <= len(text)
