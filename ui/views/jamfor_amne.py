"""Jämför över år – ämne: hits per year as a chart, each year's best passages side by side, the figures."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.compare_components import count_rows, counts_chart, figure_rows, passage_html
from ui.components import service_or_stop

MSG_ASK_TOPIC = "Skriv ett ämne, t.ex. ”underskott placeringar barn och unga” eller ”lex Sarah”."
MSG_NO_TOPIC_HITS = "Ämnet förekommer inte i de inlästa handlingarna. Prova färre eller andra ord."

st.title("Jämför över år – ämne")
svc = service_or_stop()
try:
    facets = svc.facets() or {}
except Exception as exc:  # noqa: BLE001
    facets = {}
    st.warning(f"Filterlistorna kunde inte hämtas: {exc}")

if "q" in st.query_params and "cmp_q" not in st.session_state:
    st.session_state["cmp_q"] = st.query_params["q"]
query = st.text_input("Ämne", key="cmp_q", persist_state="session", placeholder="t.ex. underskott placeringar barn och unga")
a, b, c = st.columns([2, 2, 1])
municipality = a.selectbox("Kommun", facets.get("municipalities") or [], index=None, placeholder="Alla", key="cmp_kommun", persist_state="session")
committee = b.selectbox("Nämnd", facets.get("committees") or [], index=None, placeholder="Alla", key="cmp_namnd", persist_state="session")
k = c.selectbox("Avsnitt per år", [1, 2, 3, 5], index=2, key="cmp_k", persist_state="session")

if not (query or "").strip():
    st.info(MSG_ASK_TOPIC)
    st.stop()

try:
    with st.spinner("Jämför …"):
        res = svc.compare_topic(query.strip(), filters={"municipality": municipality, "committee": committee}, k=int(k))
except Exception as exc:  # noqa: BLE001
    st.error(f"Jämförelsen misslyckades: {exc}")
    st.stop()

if not res.years:
    st.info(MSG_NO_TOPIC_HITS)
    st.stop()

counts = count_rows(res.counts)
st.subheader("Träffar per år")
by = st.radio("Dela upp efter", ["Kommun", "Nämnd"], horizontal=True, key="cmp_by", persist_state="session")
st.altair_chart(counts_chart(counts, by=by), width="stretch")
with st.expander("Träffar per år, kommun och nämnd (tabell)"):
    st.dataframe(pd.DataFrame(counts), hide_index=True, width="stretch")

st.subheader("Bästa avsnitten per år")
years = res.years
for start in range(0, len(years), 3):
    cols = st.columns(3, gap="medium")
    for col, y in zip(cols, years[start:start + 3]):
        with col:
            st.markdown(f"#### {y.year or 'Okänt år'}")
            st.caption(f"{y.documents} dokument, {y.passages_found} avsnitt med träff")
            for p in y.passages:
                st.html(passage_html(p))
                st.link_button("Visa i dokumentet", f"dokument?document_id={p.document_id}&start={p.char_start}&end={p.char_end}")

st.subheader("Siffror i avsnitten")
if res.figures:
    st.caption("Året är det år siffran avser, läst ur meningen eller tabellen; sidan och teckenpositionen visar var.")
    st.dataframe(pd.DataFrame(figure_rows(res.figures)), hide_index=True, width="stretch",
                 column_config={"Öppna": st.column_config.LinkColumn("Öppna", display_text="Visa")})
else:
    st.caption("Inga belopp eller antal i de visade avsnitten.")

d1, d2, d3 = st.columns(3)
d1.download_button("Ladda ned siffror (CSV)", svc.comparison_csv(res, "figures"), "amne-siffror.csv", "text/csv", key="dl_topic_fig")
d2.download_button("Ladda ned träffar per år (CSV)", svc.comparison_csv(res, "counts"), "amne-per-ar.csv", "text/csv", key="dl_topic_counts")
d3.download_button("Ladda ned allt (JSON)", res.model_dump_json(indent=2), "amne.json", "application/json", key="dl_topic_json")
