"""Ärende: every document that mentions one case number (diarienummer), oldest first."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.components import MSG_ASK_CASE, esc, mention_rows, service_or_stop

st.title("Ärende (diarienummer)")
svc = service_or_stop()

number = st.text_input("Diarienummer", key="case_q", persist_state="session", placeholder="t.ex. SN 2021/0248")
if not (number or "").strip():
    st.info(MSG_ASK_CASE)
    st.stop()

try:
    res = svc.case(number.strip())
except Exception as exc:  # noqa: BLE001
    st.error(f"Uppslagningen misslyckades: {exc}")
    st.stop()

if res.key is None:
    st.warning(f"”{number.strip()}” känns inte igen som ett diarienummer. {MSG_ASK_CASE}")
    st.stop()

st.html(f'<div>Normaliserat diarienummer: <b class="ns-key">{esc(res.key)}</b></div>')
l1, l2 = st.columns(2)
l1.page_link("views/sparning.py", label="Följ ärendet: tidslinje, förslag och beslut", icon=":material/timeline:",
             query_params={"case": res.key})
l2.page_link("views/verifiera.py", label="Verifiera numret", icon=":material/fact_check:", query_params={"case": res.key})
if not res.mentions:
    st.info(f"Inga inlästa handlingar nämner {res.key}.")
    st.stop()

rows = mention_rows(res.mentions)
st.caption(f"{len(rows)} omnämnanden i {len({r['document_id'] for r in rows})} dokument, äldst först.")
table = pd.DataFrame(rows)[["Datum", "Dokument", "Typ", "Nämnd", "Roll", "Skrivet som", "Sida", "Öppna"]]
st.dataframe(
    table, hide_index=True, width="stretch",
    column_config={"Öppna": st.column_config.LinkColumn("Öppna", display_text="Visa dokument")},
)

# Links open a new tab; this opens the chosen mention in the same session.
choice = st.selectbox(
    "Öppna i Nämndsök", range(len(rows)), index=None, placeholder="Välj ett omnämnande",
    format_func=lambda i: f"{rows[i]['Datum']} · {rows[i]['Dokument']} · {rows[i]['Roll']} · {rows[i]['Sida']}",
)
if st.button("Visa dokument", disabled=choice is None, key="case_open") and choice is not None:
    r = rows[choice]
    params = {"document_id": str(r["document_id"])}
    if r["start"] is not None:
        params |= {"start": str(r["start"]), "end": str(r["end"] if r["end"] is not None else r["start"])}
    st.switch_page("views/dokument.py", query_params=params)
