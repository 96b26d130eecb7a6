"""Sök: free-text search with filters from the store's facets; each hit opens in Dokument."""
from __future__ import annotations

import streamlit as st

from ui.components import MODES, embedded_total, MSG_EMPTY_QUERY, MSG_NO_HITS, render_hit_card, service_or_stop

st.title("Sök")
# Widgets keep their values for the whole session (persist_state) so the search is still there
# when someone opens a document and comes back.
svc = service_or_stop()

try:
    facets = svc.facets() or {}
except Exception as exc:  # noqa: BLE001 — search still works without filter lists
    facets = {}
    st.warning(f"Filterlistorna kunde inte hämtas: {exc}")

# A shared link (?q=…) opens the page with that search already run.
if "q" in st.query_params and "sok_q" not in st.session_state:
    st.session_state["sok_q"] = st.query_params["q"]
query = st.text_input(
    "Sökfråga", key="sok_q", persist_state="session", placeholder="t.ex. hemtjänst avgifter 2025, SN 2023/0081 eller § 56",
)
c1, c2 = st.columns([3, 1])
with c1:
    mode_label = st.radio("Sökläge", list(MODES), key="sok_mode", persist_state="session", horizontal=True,
                          help="Hybrid väger ihop ordmatchning (lexikal) och betydelse (semantisk).")
with c2:
    k = st.selectbox("Antal träffar", [10, 20, 50], key="sok_k", persist_state="session")

FILTER_KEYS = ("f_municipality", "f_committee", "f_doc_type", "f_year_from", "f_year_to", "f_officer", "f_case_number")
active = any(st.session_state.get(key) not in (None, "") for key in FILTER_KEYS)
with st.expander("Filter" + (" (aktiva)" if active else ""), expanded=active):
    a, b, c = st.columns(3)
    years = sorted(facets.get("years") or [])
    with a:
        municipality = st.selectbox("Kommun", facets.get("municipalities") or [], index=None, placeholder="Alla", key="f_municipality", persist_state="session")
        committee = st.selectbox("Nämnd", facets.get("committees") or [], index=None, placeholder="Alla", key="f_committee", persist_state="session")
    with b:
        doc_type = st.selectbox("Dokumenttyp", facets.get("doc_types") or [], index=None, placeholder="Alla", key="f_doc_type", persist_state="session")
        officer = st.selectbox("Handläggare", facets.get("officers") or [], index=None, placeholder="Alla", key="f_officer", persist_state="session")
    with c:
        year_from = st.selectbox("År från", years, index=None, placeholder="Alla", key="f_year_from", persist_state="session")
        year_to = st.selectbox("År till", years, index=None, placeholder="Alla", key="f_year_to", persist_state="session")
    case_number = st.text_input("Diarienummer", key="f_case_number", persist_state="session", placeholder="t.ex. SN 2021/0248")

if MODES[mode_label] == "dense":
    try:
        health = svc.health()
    except Exception:  # noqa: BLE001 — only used for the hint below
        health = {}
    if health.get("embedder") == "none" or not embedded_total(health):
        st.warning("Semantisk sökning kräver vektorer, och inga finns ännu (modell: "
                   f"{health.get('embedder', 'okänd')}). Välj Hybrid eller Lexikal, eller kör `namndsok embed`.")

filters = {
    "municipality": municipality, "committee": committee, "doc_type": doc_type,
    "year_from": year_from, "year_to": year_to, "officer": officer,
    "case_number": (case_number or "").strip() or None,
}
filters = {key: v for key, v in filters.items() if v is not None}

if not (query or "").strip():
    st.info(MSG_EMPTY_QUERY)
    st.stop()

try:
    with st.spinner("Söker …"):
        result = svc.search(query.strip(), filters=filters or None, k=int(k), mode=MODES[mode_label])
except Exception as exc:  # noqa: BLE001 — show the reason, keep the page usable
    st.error(f"Sökningen misslyckades: {exc}")
    st.stop()

if not result.hits:
    st.info(MSG_NO_HITS)
    st.stop()

st.caption(f"{len(result.hits)} träffar för ”{query.strip()}”")
for i, hit in enumerate(result.hits):
    if render_hit_card(hit, key=f"hit-{i}-{hit.document_id}-{hit.char_start}"):
        # The span travels in the URL so the highlighted view can be bookmarked and shared.
        st.switch_page("views/dokument.py", query_params={
            "document_id": str(hit.document_id), "start": str(hit.char_start), "end": str(hit.char_end),
        })
