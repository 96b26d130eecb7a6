"""Register verification on corpus/ and on altered copies with one deliberate error each.

The corpus store is the session's (`corpus_service`, lexical only). Every finding raised on the
corpus was read against the documents: the corpus numbers are right, so nothing may be an error
or a warning; the only findings are facts a registrator wants to know (numbers written with one
zero too many in the Kungsbacka protocol's list of incoming letters, numbers only cited once).
"""
from __future__ import annotations

from collections import Counter

import pytest
from altered_copies import EXPECTED, make_copies

from nlp.casenumbers import normalize_case_key


@pytest.fixture(scope="module")
def corpus_findings(corpus_service):
    return corpus_service.verify()


def test_corpus_has_no_error_or_warning(corpus_findings):
    bad = [f"{f.kind} {f.case_key}: {f.reason}" for f in corpus_findings.findings if f.severity != "info"]
    assert bad == []
    assert corpus_findings.checked_numbers >= 80 and corpus_findings.checked_mentions >= 150


def test_corpus_info_findings_are_true_statements(corpus_findings, corpus):
    kinds = Counter(f.kind for f in corpus_findings.findings)
    assert set(kinds) <= {"form_deviation", "cited_only"}
    deviations = {f.raw for f in corpus_findings.findings if f.kind == "form_deviation"}
    # The Kungsbacka register pads serials to five digits; the protocol's list of incoming letters
    # writes these three with six (read on page 26 of the protocol).
    assert deviations == {"VO-2022-000245", "VO-2025-000254", "VO-2025-000255"}
    for f in corpus_findings.findings:
        for sp in f.spans:
            text = (corpus / sp.source).read_text(encoding="utf-8")
            assert text[sp.char_start: sp.char_end] == sp.text, (f.case_key, sp)
        if f.kind == "cited_only":
            assert len({sp.document_id for sp in f.spans}) == 1


def test_numbers_on_both_agenda_and_paper_are_not_findings(corpus_findings):
    keys = {f.case_key for f in corpus_findings.findings}
    for ok in ("SOCN 2018/23", "KS 2018/69", "SN 2022/811", "SFN 2022/202", "VO 2025/354", "SOCN 2017/66"):
        assert ok not in keys


def test_verify_one_case_and_reject_junk(corpus_service):
    one = corpus_service.verify("VO-2025-000254")
    assert one.case_key == "VO 2025/254" and [f.kind for f in one.findings] == ["cited_only", "form_deviation"] or \
        sorted(f.kind for f in one.findings) == ["cited_only", "form_deviation"]
    assert corpus_service.verify("inte ett nummer").case_key is None


def test_csv_export_has_one_row_per_span(corpus_service, corpus_findings):
    csv = corpus_service.to_csv(corpus_findings)
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("allvarlighet;typ;diarienummer;skrivet_som;orsak")
    assert len(lines) - 1 == sum(len(f.spans) for f in corpus_findings.findings)
    assert any(";VO-2025-000254;" in ln for ln in lines)


# -- altered copies --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def altered(corpus_service, tmp_path_factory):
    from namndsok.config import Settings
    from namndsok.service import Service

    from tests.conftest import CORPUS

    copies = make_copies(corpus_service, tmp_path_factory.mktemp("altered"))
    svc = Service(Settings(store=tmp_path_factory.mktemp("altered-store"), embedder="none"))
    report = svc.ingest([CORPUS] + sorted({a.file for a in copies}))
    assert not report.errors
    return copies, svc.verify()


def test_altered_copies_cover_every_kind_of_error(altered):
    copies, _ = altered
    kinds = Counter(a.kind for a in copies)
    assert all(kinds[k] >= 5 for k in ("digit", "year", "body", "reuse")), kinds
    assert {a.target for a in copies} == {"tjänsteskrivelse", "paragraf"}


def test_every_altered_copy_is_caught(altered):
    copies, res = altered
    missed = []
    wrong_kind = []
    for a in copies:
        new_key = normalize_case_key(a.altered)
        hits = [f for f in res.findings if f.severity in ("error", "warning")
                and any(sp.source == a.file.name for sp in f.spans)
                and new_key in (f.case_key, f.suggestion)]
        if not hits:
            missed.append((a.kind, a.file.name, a.original, a.altered))
        elif not any(f.kind in EXPECTED[a.kind] for f in hits):
            wrong_kind.append((a.kind, a.file.name, [f.kind for f in hits]))
    assert missed == []
    # A reused number on a paper dated before the number's year is caught by the date rule instead.
    assert len(wrong_kind) <= 1, wrong_kind


def test_typo_finding_names_the_right_number(altered):
    copies, res = altered
    a = next(c for c in copies if c.kind == "digit" and c.target == "tjänsteskrivelse")
    f = next(f for f in res.findings if f.kind == "typo_serial" and any(sp.source == a.file.name for sp in f.spans))
    right, wrong = normalize_case_key(a.original), normalize_case_key(a.altered)
    assert {f.case_key, f.suggestion} == {right, wrong}
    assert "löpnumret" in f.reason and len(f.spans) == 2
    assert {sp.text for sp in f.spans} == {a.original, a.altered}


def test_altered_copies_add_no_findings_about_untouched_numbers(altered, corpus_findings):
    copies, res = altered
    touched = {normalize_case_key(a.altered) for a in copies} | {normalize_case_key(a.original) for a in copies}
    extra = [f for f in res.findings if f.severity != "info" and f.case_key not in touched and f.suggestion not in touched]
    assert extra == []


# -- rules on hand-made mentions ---------------------------------------------------------------------
def _m(key, raw=None, role="own", doc=1, title=None, date="2023-02-01", meeting=None, muni="Exempelby", **kw):
    from search.verify import Mention, _parse_key, _written_form

    body, year, serial = _parse_key(key)
    raw = raw or key
    m = Mention(key=key, body=body, year=year, serial=serial, raw=raw, written=role in ("own", "cited"), role=role,
                document_id=doc, source=f"f{doc}.txt", doc_type=kw.get("doc_type", "tjänsteskrivelse"), doc_title=title,
                date=date, meeting_date=meeting, municipality=muni, committee=None, page=1, char_start=0, char_end=len(raw),
                title=title)
    if m.written:
        m.scheme, m.serial_digits = _written_form(raw, year)
    return m


def test_year_after_date_is_an_error_unless_the_meeting_is_in_that_year():
    from search.verify import check_form

    f = check_form([_m("SN 2024/12", date="2023-05-02")])
    assert [(x.kind, x.severity) for x in f] == [("year_after_date", "error")]
    f = check_form([_m("SN 2024/12", date="2023-12-20", meeting="2024-01-25")])
    assert [(x.kind, x.severity) for x in f] == [("year_after_date", "warning")]
    assert check_form([_m("SN 2023/12", date="2023-05-02")]) == []
    assert [x.kind for x in check_form([_m("SN 2023/0", raw="SN 2023/0000")])] == ["form_invalid"]


def test_typo_needs_same_title_and_one_keystroke():
    from search.verify import check_typos

    t = "Riktlinjer för ekonomiskt bistånd 2024"
    base = [_m("SN 2023/412", doc=1, title=t), _m("SN 2023/412", role="paragraph", doc=2, title=t)]
    assert [f.kind for f in check_typos(base + [_m("SN 2023/421", doc=3, title=t)])] == ["typo_serial"]
    assert [f.kind for f in check_typos(base + [_m("SN 2022/412", doc=3, title=t)])] == ["typo_year"]
    # standing cases opened each year under the same title are no typo
    standing = [_m("KS 2024/5", doc=5, title="Anmälan av delegationsbeslut", date="2024-03-01"),
                _m("KS 2025/5", doc=6, title="Anmälan av delegationsbeslut", date="2025-03-01")]
    assert check_typos(standing) == []
    assert [f.kind for f in check_typos(base + [_m("KS 2023/412", doc=3, title=t)])] == ["typo_body"]
    assert check_typos(base + [_m("? 2023/412", raw="Dnr 2023/412", doc=3, title=t)]) == []
    f = check_typos(base + [_m("SN 2023/413", doc=3, title=t)])[0]
    assert (f.case_key, f.suggestion, f.severity) == ("SN 2023/413", "SN 2023/412", "error")  # rarer number is the slip
    assert check_typos(base + [_m("SN 2023/487", doc=3, title=t)]) == []  # two digits off
    assert check_typos(base + [_m("SN 2023/413", doc=3, title="Riktlinjer för färdtjänst 2024")]) == []
    assert check_typos(base + [_m("SN 2023/413", doc=3, title=t, muni="Annanstad")]) == []


def test_title_conflict_and_cited_only():
    from search.verify import check_cited_only, check_title_conflicts

    ms = [_m("SN 2023/50", doc=1, title="Riktlinjer för ekonomiskt bistånd"),
          _m("SN 2023/50", role="paragraph", doc=2, title="Val av ersättare i arbetsutskottet")]
    assert [f.kind for f in check_title_conflicts(ms)] == ["title_conflict"]
    ms[1].title = "Riktlinjer ekonomiskt bistånd – revidering"
    assert check_title_conflicts(ms) == []
    assert [f.case_key for f in check_cited_only([_m("SN 2019/7", role="cited", doc=4)] + ms)] == ["SN 2019/7"]


def test_registers_are_per_municipality():
    from search.verify import check_cited_only, check_title_conflicts

    kalmar = _m("SN 2023/50", doc=1, title="Riktlinjer för ekonomiskt bistånd", muni="Kalmar")
    lomma = _m("SN 2023/50", role="paragraph", doc=2, title="Val av ersättare i arbetsutskottet", muni="Lomma")
    assert check_title_conflicts([kalmar, lomma]) == []
    unknown = _m("SN 2023/50", role="paragraph", doc=3, title="Val av ersättare i arbetsutskottet", muni=None)
    assert [(f.kind, f.severity) for f in check_title_conflicts([kalmar, unknown])] == [("title_conflict", "warning")]
    cited_in_lomma = _m("SN 2023/50", role="cited", doc=4, muni="Lomma")
    assert [f.spans[0].document_id for f in check_cited_only([kalmar, cited_in_lomma])] == [4]


def test_register_form_learned_per_body():
    from search.verify import check_form

    ms = [_m(f"VO 2025/{n}", raw=f"VO-2025-{n:05d}", role="cited", doc=n, date="2025-09-04") for n in (11, 12, 13, 14)]
    assert check_form(ms) == []
    odd = _m("VO 2025/15", raw="VO-2025-000015", role="cited", doc=15, date="2025-09-04")
    f = check_form(ms + [odd])
    assert [(x.kind, x.raw) for x in f] == [("form_deviation", "VO-2025-000015")]


def test_altered_findings_point_at_the_number_as_written(altered, corpus):
    copies, res = altered
    paths = {a.file.name: a.file for a in copies}
    for f in res.findings:
        if f.severity == "info":
            continue
        assert f.raw in {sp.text for sp in f.spans}
        for sp in f.spans:
            text = (paths.get(sp.source) or corpus / sp.source).read_text(encoding="utf-8")
            assert text[sp.char_start: sp.char_end] == sp.text, (f.kind, sp)


def test_tjansteskrivelse_dated_after_its_meeting():
    from search.verify import check_dates

    late = _m("SN 2023/60", doc=1, title="Taxor 2024", date="2023-03-15", meeting="2023-02-28")
    ok = _m("SN 2023/61", doc=2, title="Taxor 2025", date="2023-02-10", meeting="2023-02-28")
    f = check_dates([late, ok])
    assert [(x.kind, x.severity, x.case_key) for x in f] == [("date_order", "warning", "SN 2023/60")]
    assert "2023-03-15" in f[0].reason and "2023-02-28" in f[0].reason
