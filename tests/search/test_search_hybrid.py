"""Ranking: exact identifiers first, lexical/dense fused by RRF, filters, snippets, degradation."""
from __future__ import annotations

import pytest
from search_builders import case, chunks_for, make_doc, make_raw, paragraph

from search.embed import embed_pending
from search.hybrid import MARK_CLOSE, MARK_OPEN, Hit, best_chunk_per_document, make_snippet, rrf, search
from search.query import Filters, parse_query
from search.vectors import get_index

FILLER = "Förvaltningen har sett över verksamheten under året och redovisar utfallet. " * 6


def add(store, source, text, **doc):
    raw = make_raw(source, text, pages=1)
    rec = make_doc(text, **doc)
    return store.replace_file(raw, [rec], chunks_for(text, raw=raw, heading=doc.get("title")))


@pytest.fixture
def corpus(store):
    return build_corpus(store)


def build_corpus(store):
    # A paper citing the case (oldest), the paper carrying it as its own, a protokoll handling it.
    t_cite = "Yttrande om budget. Se tidigare ärende SN 2015/120 om placeringar. " + FILLER
    add(store, "cite.txt", t_cite, title="Yttrande om budget", date="2014-01-10", municipality="Kalmar",
        committee="Socialnämnden", case_numbers=[case(t_cite, "SN 2015/120", "SN 2015/120")], officers=["Eva Ek"])
    t_own = "Dnr SN 2015/0120. Placeringskostnader för barn och unga. " + FILLER
    add(store, "own.txt", t_own, title="Placeringskostnader 2015", date="2015-03-01", municipality="Kalmar",
        committee="Socialnämnden", case_numbers=[case(t_own, "SN 2015/0120", "SN 2015/120", "own")],
        officers=["Anna Andersson"])
    t_prot = "Protokoll Socialnämnden 2015-04-28. § 82 Val av justerare. § 83 Placeringar SN 2015/120. Beslut: godkänt. " + FILLER
    add(store, "prot.txt", t_prot, doc_type="protokoll", title="Protokoll", meeting_date="2015-04-28",
        municipality="Kalmar", committee="Socialnämnden",
        paragraphs=[paragraph(t_prot, 82, "Val av justerare", []), paragraph(t_prot, 83, "Placeringar", ["SN 2015/120"], "godkänt")])
    t_prot2 = "Protokoll Kommunstyrelsen 2016-05-02. § 83 Budget för nästa år. " + FILLER
    add(store, "prot2.txt", t_prot2, doc_type="protokoll", title="Protokoll KS", meeting_date="2016-05-02",
        municipality="Lomma", committee="Kommunstyrelsen", paragraphs=[paragraph(t_prot2, 83, "Budget", [])])
    # Lots of the case number's digits in running text: lexical noise exact lookup must beat.
    t_noise = "IVO dnr 3.2.2-29753/2022. Statistik 2015 120 2015 120 2015 120 SN SN. Schablonersättning för ensamkommande barn. " + FILLER
    add(store, "noise.txt", t_noise, title="Statistik 2015", date="2016-01-01", municipality="Lomma",
        committee="Socialnämnden", doc_type="rapport")
    return store


def sources(hits: list[Hit]) -> list[str]:
    return [h.source for h in hits]


def test_rrf_toy_example():
    scores = rrf([["a", "b", "c"], ["b", "c", "d"]], k=60)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61)
    assert sorted(scores, key=lambda x: -scores[x]) == ["b", "c", "a", "d"]


def test_best_chunk_per_document():
    assert best_chunk_per_document([(10, 1), (11, 2), (12, 1), (13, 3)]) == [(1, 10), (2, 11), (3, 13)]


def test_parse_query_detects_identifiers():
    assert parse_query("Dnr SN 2015/0120").case_keys == ["SN 2015/120"]
    ref = parse_query("SN 2015-04-28 § 83").paragraph_refs[0]
    assert (ref.number, ref.date, ref.body) == (83, "2015-04-28", "SN")
    ref = parse_query("§ 117 2025-09-04").paragraph_refs[0]
    assert (ref.number, ref.date) == (117, "2025-09-04")
    assert not parse_query("placeringskostnader").is_exact


def test_exact_case_lookup_own_first_then_older(corpus):
    hits = search(corpus, "SN 2015/120", k=5)
    assert sources(hits)[:3] == ["own.txt", "prot.txt", "cite.txt"]
    assert all("exact" in h.matched_by for h in hits[:3])
    assert hits[3].score < hits[2].score and "exact" not in hits[3].matched_by
    own = hits[0]
    assert f"{MARK_OPEN}SN 2015/0120{MARK_CLOSE}" in own.snippet
    text = corpus.file_text(corpus.get_document(own.document_id)["file_id"])
    assert text[own.char_start:own.char_end] == "SN 2015/0120"
    assert own.page == 1 and own.page_quality == "ok"


def test_paragraph_reference_with_date(corpus):
    hits = search(corpus, "SN 2015-04-28 § 83", k=3)
    assert hits[0].source == "prot.txt" and hits[0].matched_by[0] == "exact"
    assert "prot2.txt" not in [h.source for h in hits if "exact" in h.matched_by]
    assert f"{MARK_OPEN}§ 83{MARK_CLOSE}" in hits[0].snippet
    plain = [h.source for h in search(corpus, "§ 83", k=5) if "exact" in h.matched_by]
    assert plain == ["prot.txt", "prot2.txt"]  # no date/body given: older meeting first
    assert search(corpus, "KS § 83", k=1)[0].source == "prot2.txt"  # body names the committee


def test_case_number_without_register_matches_any_body(corpus):
    hits = [h for h in search(corpus, "2015/120", k=5) if "exact" in h.matched_by]
    assert [h.source for h in hits] == ["own.txt", "prot.txt", "cite.txt"]


def test_external_agency_number_is_found_verbatim(corpus):
    hit = search(corpus, "3.2.2-29753/2022", k=1)[0]
    assert hit.source == "noise.txt" and hit.matched_by[0] == "exact"
    assert f"{MARK_OPEN}3.2.2-29753/2022{MARK_CLOSE}" in hit.snippet and hit.page == 1


def test_lexical_compound_query_and_snippet(corpus):
    hits = search(corpus, "kostnader för placering", k=3, mode="lexical")
    assert hits[0].source == "own.txt"
    assert f"{MARK_OPEN}Placeringskostnader{MARK_CLOSE}" in hits[0].snippet
    assert MARK_OPEN not in hits[0].snippet_plain
    assert hits[0].matched_by == ["lexical"]
    hits = search(corpus, "schablonersättning ensamkommande", k=3)
    assert hits[0].source == "noise.txt"


def test_filters_apply_to_exact_and_lexical(corpus):
    f = Filters(municipality="lomma")
    assert set(sources(search(corpus, "protokoll budget", filters=f))) <= {"prot2.txt", "noise.txt"}
    assert sources(search(corpus, "SN 2015/120", filters=Filters(doc_type="protokoll"), k=1)) == ["prot.txt"]
    assert set(sources(search(corpus, "placeringar", filters=Filters(year_from=2015, year_to=2015)))) == {"own.txt", "prot.txt"}
    assert sources(search(corpus, "budget", filters=Filters(officer="eva"))) == ["cite.txt"]
    assert set(sources(search(corpus, "verksamheten", filters=Filters(case_number="SN 2015/0120"), k=10))) == {
        "cite.txt", "own.txt", "prot.txt"}
    assert search(corpus, "budget", filters=Filters(committee="Finnsinte")) == []


def test_hybrid_degrades_to_lexical_without_vectors(corpus, fake_embedder):
    lexical = search(corpus, "placeringskostnader barn", mode="lexical")
    assert [h.document_id for h in search(corpus, "placeringskostnader barn")] == [h.document_id for h in lexical]
    # An embedder but no vectors yet: same answer, nothing is encoded on the query path.
    hybrid = search(corpus, "placeringskostnader barn", embedder=fake_embedder)
    assert [h.document_id for h in hybrid] == [h.document_id for h in lexical]
    assert fake_embedder.calls == []
    assert search(corpus, "placeringskostnader", mode="dense", embedder=fake_embedder) == []


def test_dense_and_hybrid_with_vectors(corpus, fake_embedder):
    n = embed_pending(corpus, fake_embedder, batch_size=4)
    assert n == corpus.stats()["embedded"]["fake-bow"] > 0
    dense = search(corpus, "Placeringskostnader för barn och unga", mode="dense", embedder=fake_embedder)
    assert dense[0].source == "own.txt" and dense[0].matched_by == ["dense"]
    hybrid = search(corpus, "placeringskostnader barn", embedder=fake_embedder)
    assert hybrid[0].source == "own.txt" and hybrid[0].matched_by == ["lexical", "dense"]
    # Filters restrict dense candidates too.
    only_lomma = search(corpus, "Placeringskostnader för barn", mode="dense", embedder=fake_embedder,
                        filters=Filters(municipality="Lomma"))
    assert only_lomma and {h.municipality for h in only_lomma} == {"Lomma"}


def test_embedding_cache_embeds_same_content_once(store, fake_embedder):
    text = "Identisk text om hemtjänst och äldreomsorg. " * 5  # one chunk
    add(store, "x1.txt", text, title="Samma")
    add(store, "x2.txt", text + " ", title="Samma")  # other file (sha), same chunk content
    assert embed_pending(store, fake_embedder) == 1
    assert sum(len(c) for c in fake_embedder.calls) == 1
    # Re-ingesting a new version with the same chunk text never re-embeds.
    add(store, "x1.txt", text + "  ", title="Samma")
    assert embed_pending(store, fake_embedder) == 0
    assert sum(len(c) for c in fake_embedder.calls) == 1
    assert store.stats()["embedded"]["fake-bow"] == 2


def test_embed_pending_is_resumable_and_reports_progress(corpus, fake_embedder):
    total = len(corpus.chunks_missing_embeddings(fake_embedder.name))
    seen = []
    assert embed_pending(corpus, fake_embedder, batch_size=2, limit=3, progress=lambda d, t: seen.append((d, t))) == 3
    assert seen[-1] == (3, 3)
    assert len(corpus.chunks_missing_embeddings(fake_embedder.name)) == total - 3
    assert embed_pending(corpus, fake_embedder, deadline_s=0) == 0
    assert embed_pending(corpus, fake_embedder) == total - 3


def test_vector_index_persisted_and_rebuilt_on_change(corpus, fake_embedder):
    embed_pending(corpus, fake_embedder)
    vi = get_index(corpus, fake_embedder.name)
    assert (corpus.path / "vectors-fake-bow.faiss").exists()
    assert get_index(corpus, fake_embedder.name) is vi  # unchanged: reused
    add(corpus, "new.txt", "Helt ny text om kvinnojouren och samverkan. " * 5, title="Ny")
    embed_pending(corpus, fake_embedder)
    vi2 = get_index(corpus, fake_embedder.name)
    assert vi2 is not vi and vi2.ids.size == vi.ids.size + 1


def test_make_snippet_picks_densest_window():
    text = " ".join(["ord"] * 100 + ["budget", "och", "budget"] + ["ord"] * 100)
    marked, plain = make_snippet(text, lambda w: w == "budget", width=10)
    assert marked.count(MARK_OPEN) == 2 and marked.startswith("… ") and marked.endswith(" …")
    assert plain.replace("…", "").split() == [w for w in plain.replace("…", "").split()]
    assert MARK_OPEN not in plain
