"""A § as proposal, yrkanden, votering and decision; proposal and decision aligned att-sats by att-sats.

Inputs are written the way Swedish protocols are (headings on their own lines), not copied from
one file, so the parser is held to the format."""
from search.attsatser import align, outcome, paragraph_parts, sections, split_attsatser

PARA = """§ 42                      Dnr KS-2024-00017
Motion om belysning i parker

Beslut
1. Kommunstyrelsen bifaller motionen.
2. Kommunstyrelsen ger förvaltningen i uppdrag att ta fram en belysningsplan till december 2024.

Sammanfattning av ärendet
En motion har väckts om bättre belysning.

Förslag till beslut:
1. Kommunstyrelsen bifaller motionen.
2. Kommunstyrelsen ger förvaltningen i uppdrag att ta fram en belysningsplan till oktober 2024.

Anna Berg (C)

Förslag till beslut på sammanträdet
Anna Berg (C) yrkar bifall till motionen med ändringen att planen ska vara klar i december.
Per Holm (M) yrkar att ärendet återremitteras.

Beslutsgång
Ordföranden ställer proposition på återremiss och finner att ärendet ska avgöras i dag.

Omröstning begärs och verkställs.
Ja-röst innebär bifall till Anna Bergs (C) yrkande.
Nej-röst innebär bifall till förvaltningens förslag.

Omröstningsresultat
Med 7 ja-röster mot 4 nej-röster beslutar kommunstyrelsen enligt Anna Bergs (C) yrkande.

| Ledamot | Ja | Nej | Avstår |
| --- | --- | --- | --- |
| Anna Berg (C) | X |  |  |
| Per Holm (M) |  | X |  |

Beslutet skickas till
Samhällsbyggnadsförvaltningen
"""


def test_sections_follow_the_headings():
    names = [s.name for s in sections(PARA)]
    assert names == ["beslut", "sammanfattning av ärendet", "förslag till beslut", "förslag till beslut på sammanträdet",
                     "beslutsgång", "omröstningsresultat", "beslutet skickas till"]


def test_paragraph_parts():
    p = paragraph_parts(PARA, base=100)
    assert len(p.proposal) == 2 and p.proposal[1].endswith("oktober 2024.")  # signature dropped
    assert len(p.decision) == 2 and p.decision[1].endswith("december 2024.")
    assert [(y.kind, y.who) for y in p.yrkanden] == [("ändring", ["Anna Berg (C)"]), ("återremiss", ["Per Holm (M)"])]
    y = p.yrkanden[0]
    assert PARA[y.char_start - 100: y.char_end - 100] == y.text
    assert (p.vote.ja, p.vote.nej) == (7, 4) and p.vote.summary == "Ja 7, Nej 4"
    assert p.vote.members == [{"name": "Anna Berg (C)", "vote": "ja"}, {"name": "Per Holm (M)", "vote": "nej"}]
    assert p.sent_to == ["Samhällsbyggnadsförvaltningen"]
    assert "proposition" in p.beslutsgang


def test_align_marks_changed_added_and_struck():
    p = paragraph_parts(PARA)
    rows = align(p.proposal, p.decision)
    assert [r.status for r in rows] == ["oförändrat", "ändrat"]
    assert ("-", "oktober") in rows[1].diff and ("+", "december") in rows[1].diff
    rows = align(["Nämnden godkänner rapporten.", "Nämnden överlämnar rapporten till kommunstyrelsen."],
                 ["Nämnden godkänner rapporten.", "Nämnden ger förvaltningen i uppdrag att återkomma med en plan."])
    assert [r.status for r in rows] == ["oförändrat", "struket", "tillagt"]


def test_aterremiss_and_bordlagt():
    assert outcome("Kommunstyrelsen återremitterar ärendet till förvaltningen.") == "återremiss"
    assert outcome("Ärendet bordläggs till nästa sammanträde.") == "bordlagt"
    rows = align(["Nämnden antar planen."], ["Nämnden återremitterar ärendet för komplettering."])
    assert {r.status for r in rows} == {"återremiss"}


def test_split_attsatser_sentences_and_inline_numbers():
    assert split_attsatser("Nämnden godkänner X. Den ska redovisas i maj.") == ["Nämnden godkänner X.", "Den ska redovisas i maj."]
    assert split_attsatser("1. Godkänna X 2. Överlämna Y") == ["Godkänna X", "Överlämna Y"]


PARA_PLAIN = """SN § 12                             SN/2024:77

Riktlinjer för hemtjänst

Överläggning
Ordförande Eva Lund (M) yrkar bifall till arbetsutskottets förslag.
Kim Ek (S) yrkar bifall med följande tilläggsyrkande: Nämnden ska följa upp riktlinjerna efter ett år.
Propositionsordning
Ordföranden ställer yrkandena mot varandra och finner att nämnden beslutat enligt ordförandens yrkande.
Voteringen utfaller enligt följande:
Ja: 7, Nej: 4

Beslut
Socialnämnden beslutar:

    - att anta riktlinjer för hemtjänst

    - att uppdra åt förvaltningen att informera berörda utförare och

Justerande                          Utdragsbestyrkande
Protokollet har justerats digitalt
SOCIALNÄMNDEN                       SAMMANTRÄDESPROTOKOLL
                                    Sida 9 av 17

                                    Sammanträdesdatum
                                    2024-05-14

         brukare om ändringarna.
_________________________________

Beslutet expedieras till:
Hemtjänsten
"""


def test_plain_text_protocol_with_page_break_inside_an_att_sats():
    p = paragraph_parts(PARA_PLAIN)
    assert p.decision == ["att anta riktlinjer för hemtjänst",
                          "att uppdra åt förvaltningen att informera berörda utförare och brukare om ändringarna."]
    assert [(y.kind, y.who) for y in p.yrkanden] == [("bifall", ["Eva Lund (M)"]), ("tillägg", ["Kim Ek (S)"])]
    assert "Nämnden ska följa upp riktlinjerna" in p.yrkanden[1].text
    assert (p.vote.ja, p.vote.nej) == (7, 4)
    assert p.sent_to == ["Hemtjänsten"] and "yrkandena mot varandra" in p.beslutsgang


def test_decision_by_reference_adopts_the_proposal():
    prop = ["Nämnden antar riktlinjerna.", "Nämnden ger förvaltningen i uppdrag att informera utförarna."]
    rows = align(prop, ["Kommunstyrelsen beslutar i enlighet med arbetsutskottets förslag."])
    assert [r.status for r in rows] == ["oförändrat", "oförändrat"] and rows[1].decision == "(enligt förslaget)"
    assert [r.status for r in align(prop[:1], ["Nämnden bifaller förvaltningens förslag."])] == ["oförändrat"]
    text = "Arbetsutskottets förslag\nNämnden antar riktlinjerna.\n\nBeslut\nNämnden beslutar enligt förslaget.\n"
    p = paragraph_parts(text)
    assert p.proposal == ["Nämnden antar riktlinjerna."] and p.decision == ["Nämnden beslutar enligt förslaget."]
