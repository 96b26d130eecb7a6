"""Title and wording similarity: what counts as the same case, and what as unrelated."""
import pytest

from search.wording import core, is_generic_title, same_title, unrelated_titles, word_diff, wording_similarity


@pytest.mark.parametrize("a,b", [
    ("Yttrande - Förslag till kompetensförsörjningsplan", "Yttrande över Förslag till kompetensförsörjningsplan"),
    ("Remiss - Lokalförsörjningspolicy Kalmar kommun", "Svar på remiss - Lokalförsörjningspolicy Kalmar kommun"),
    ("Svar på remiss gällande schablonfördelningar ensamkommande 2018 KS/2018:69 - 047",
     "Svar på remiss gällande schablonfördelningar ensamkommande 2018"),
])
def test_same_title(a, b):
    assert same_title(a, b)


@pytest.mark.parametrize("a,b", [
    ("Kvalitetsuppföljning IOP Kvinnojouren Kalmar 2022", "Kvalitetsuppföljning IOP Brottsofferjouren Kalmar 2022"),
    ("Kvalitetsberättelse 2017", "Kvalitetsberättelse 2018"),
    ("Årsrapport synpunkter och avvikelser 2022", "Årsrapport arbetsmiljöhändelser 2022"),
    ("Information från nämnden den 4 september 2025", "Information från förvaltningen den 4 september 2025"),
    ("Förslag till beslut", "Förslag till beslut"),
])
def test_not_same_title(a, b):
    assert not same_title(a, b)


def test_strict_title_needs_the_same_kind_of_paper():
    a, b = "Remiss - Lokalförsörjningspolicy Kalmar kommun", "Svar på remiss - Lokalförsörjningspolicy Kalmar kommun"
    assert same_title(a, b) and not same_title(a, b, strict=True)
    assert same_title(a, a + ".", strict=True)


def test_unrelated_titles():
    assert unrelated_titles("Utredning enligt lex Sarah", "Revidering av kvalitetsledningssystem 2018")
    assert not unrelated_titles("Svar på remiss gällande schablonfördelningar ensamkommande 2018",
                                "Fördelning av schablonersättning för ensamkommande barn")
    assert not unrelated_titles("Tidplan 2026", "Förslag till beslut")  # a section heading names no case


def test_generic_titles():
    assert is_generic_title("Förslag till beslut") and is_generic_title("  TJÄNSTESKRIVELSE ") and is_generic_title(None)
    assert not is_generic_title("Tidplan 2026 - Nämnden för Vård & Omsorg")


def test_core_drops_who_decides():
    assert core("Nämnden för Vård & Omsorg beslutar att efter piloten ska") == "efter piloten ska"
    assert core("Socialnämnden noterar informationen.") == "noterar informationen."
    assert wording_similarity("Nämnden noterar informationen till protokollet.",
                              "Kommunstyrelsen noterar informationen till protokollet.") == 1.0
    assert wording_similarity("godkänna årsrapporten", "avslå motionen om parkering") < 0.2


def test_word_diff_marks_changed_words():
    assert word_diff("ta fram en plan till oktober", "ta fram en plan till november") == [
        ("=", "ta fram en plan till"), ("-", "oktober"), ("+", "november")]
