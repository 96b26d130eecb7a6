"""Precedent search on corpus/: earlier proposals and decisions worded like a draft."""


def test_standard_wording_grouped_with_every_use(corpus_service):
    res = corpus_service.precedent("Nämnden noterar informationen till protokollet.", mode="lexical")
    g = res.groups[0]
    assert g.text == "Nämnden för Vård & Omsorg noterar informationen till protokollet."
    assert g.score == 1.0 and len(g.items) >= 5
    keys = {k for it in g.items for k in it.case_keys}
    assert {"VO 2024/357", "VO 2025/315"} <= keys
    for it in g.items:
        assert it.kind == "beslut" and it.body == "Nämnden för Vård & Omsorg" and it.date == "2025-09-04"
        assert it.page is not None and it.char_start is not None
    # near-identical but different wordings are their own groups
    assert any("delegationsbeslut" in x.text for x in res.groups[1:])


def test_draft_att_satser_find_the_earlier_proposal(corpus_service, corpus):
    draft = "Socialnämnden beslutar att godkänna delårsrapport efter augusti 2024.\nRapporten överlämnas till kommunstyrelsen."
    res = corpus_service.precedent(draft, mode="lexical")
    assert res.satser == ["Socialnämnden beslutar att godkänna delårsrapport efter augusti 2024.",
                          "Rapporten överlämnas till kommunstyrelsen."]
    top = res.groups[0].items[0]
    assert "godkänna delårsrapport efter augusti 2019" in top.text
    assert top.case_keys == ["SN 2018/720"] and top.kind == "förslag" and top.date == "2019-09-16"
    text = (corpus / top.source).read_text(encoding="utf-8")
    assert "delårsrapport" in text[top.char_start: top.char_end]


def test_title_draft_finds_the_remiss(corpus_service):
    res = corpus_service.precedent("Remiss lokalförsörjningspolicy", mode="lexical")
    assert any("SFN 2022/202" in it.case_keys for g in res.groups for it in g.items)


def test_unrelated_draft_finds_nothing_similar(corpus_service):
    assert corpus_service.precedent("xyzzy qwerty plopp", mode="lexical").groups == []


def test_precedent_csv(corpus_service):
    res = corpus_service.precedent("Nämnden noterar informationen till protokollet.", mode="lexical")
    lines = corpus_service.to_csv(res).lstrip("\ufeff").splitlines()
    assert lines[0].split(";")[:4] == ["grupp", "likhet", "typ", "text"]
    assert len(lines) - 1 == sum(len(g.items) for g in res.groups)
