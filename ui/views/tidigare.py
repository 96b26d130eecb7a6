"""Tidigare formuleringar: earlier proposals and decisions worded like a draft, with a copy button."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.case_components import CSS, MSG_ASK_DRAFT, MSG_NO_PRECEDENT, precedent_rows
from ui.components import service_or_stop

st.title("Tidigare formuleringar")
st.html(CSS)
svc = service_or_stop()

qp = st.query_params.get("q")
if qp and "prec_text" not in st.session_state:
    st.session_state["prec_text"] = qp  # a shared link (?q=…) fills the draft once
draft = st.text_area("Utkast (rubrik eller att-satser)", key="prec_text", height=140,
                     placeholder="t.ex. Nämnden noterar informationen till protokollet.")
c1, c2 = st.columns(2)
k = c1.slider("Antal formuleringar", 3, 30, 10, key="prec_k")
mode = c2.radio("Sökläge", ["Hybrid", "Lexikal"], horizontal=True, key="prec_mode")
if not (draft or "").strip():
    st.info(MSG_ASK_DRAFT)
    st.stop()

try:
    res = svc.precedent(draft, k=k, mode="hybrid" if mode == "Hybrid" else "lexical")
except Exception as exc:  # noqa: BLE001
    st.error(f"Sökningen misslyckades: {exc}")
    st.stop()
if not res.groups:
    st.info(MSG_NO_PRECEDENT)
    st.stop()

st.caption(f"{len(res.groups)} formuleringar bland {res.candidates} jämförda förslag, beslut och rubriker. "
           "Nästan likalydande formuleringar är grupperade; kopiera texten med knappen i rutans hörn.")
st.download_button("Ladda ner CSV", svc.to_csv(res), file_name="tidigare-formuleringar.csv", mime="text/csv",
                   key="prec_csv")
for n, g in enumerate(res.groups):
    with st.container(border=True):
        uses = len(g.items)
        first = g.items[0]
        st.markdown(f"**{n + 1}.** {first.kind.capitalize()} · likhet {g.score:.2f} · "
                    f"{uses} användning{'ar' if uses > 1 else ''} · senast {first.date or 'odaterad'}"
                    f" ({first.body or 'okänt organ'}, {', '.join(first.case_keys) or 'inget dnr'})")
        if len(res.satser) > 1:
            st.caption(f"Liknar utkastets ”{first.matched}”")
        st.code(g.text, language=None, wrap_lines=True)
        rows = precedent_rows(g)
        st.dataframe(pd.DataFrame(rows)[["Typ", "Diarienummer", "Organ", "Datum", "Dokument", "Sida", "Likhet", "Öppna"]],
                     hide_index=True, width="stretch",
                     column_config={"Öppna": st.column_config.LinkColumn("Öppna", display_text="Visa")})
