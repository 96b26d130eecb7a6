"""Verifiera diarienummer: every case number checked, each finding with its reason and where it rests."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.case_components import CSS, MSG_NO_FINDINGS, SEVERITY_LABELS, finding_rows
from ui.components import MSG_ASK_CASE, service_or_stop

st.title("Verifiera diarienummer")
st.html(CSS)
svc = service_or_stop()
st.caption("Kontrollerar varje diarienummer i de inlästa handlingarna: form för nämndens register, samma ärendemening "
           "i alla handlingar som bär numret, årtal mot handlingens datum, troliga skrivfel och nummer som bara citeras.")

qp = st.query_params.get("case")
if qp and st.session_state.get("verify_case_qp") != qp:
    st.session_state["verify_case_qp"] = qp  # a link (?case=…) checks that number, once
    st.session_state["verify_case"] = qp

c1, c2 = st.columns([2, 3])
case = c1.text_input("Diarienummer (tomt = alla)", key="verify_case", placeholder="t.ex. SN 2022/0811")
labels = list(SEVERITY_LABELS.values())
chosen = c2.multiselect("Visa", labels, default=["Fel", "Varning", "Info"], key="verify_sev")
severities = {k for k, v in SEVERITY_LABELS.items() if v in chosen}

try:
    res = svc.verify(case.strip() or None)
except Exception as exc:  # noqa: BLE001
    st.error(f"Verifieringen misslyckades: {exc}")
    st.stop()
if case.strip() and res.case_key is None:
    st.warning(f"”{case.strip()}” känns inte igen som ett diarienummer. {MSG_ASK_CASE}")
    st.stop()

m1, m2, m3, m4 = st.columns(4)
m1.metric("Kontrollerade diarienummer", res.checked_numbers)
m2.metric("Fel", res.counts.get("error", 0))
m3.metric("Varningar", res.counts.get("warning", 0))
m4.metric("Info", res.counts.get("info", 0))

rows = finding_rows(res.findings, severities)
if not res.findings:
    st.success(MSG_NO_FINDINGS)
    st.stop()
if not rows:
    st.info("Inga fynd med vald allvarlighet.")
    st.stop()

table = pd.DataFrame(rows)[["Allvar", "Diarienummer", "Skrivet som", "Typ", "Orsak", "Förslag", "Var", "Öppna"]]
st.dataframe(table, hide_index=True, width="stretch",
             column_config={"Öppna": st.column_config.LinkColumn("Öppna", display_text="Visa"),
                            "Orsak": st.column_config.TextColumn("Orsak", width="large")})
d1, d2, _ = st.columns([1, 1, 3])
d1.download_button("Ladda ner CSV", svc.to_csv(res), file_name="verifiering.csv", mime="text/csv", key="verify_csv")
d2.download_button("Ladda ner JSON", res.model_dump_json(indent=2), file_name="verifiering.json",
                   mime="application/json", key="verify_json")

choice = st.selectbox("Öppna fyndet i dokumentet", range(len(rows)), index=None, placeholder="Välj ett fynd",
                      format_func=lambda i: f"{rows[i]['Allvar']} · {rows[i]['Diarienummer']} · {rows[i]['Typ']}",
                      key="verify_pick")
if st.button("Visa dokument", disabled=choice is None, key="verify_open") and choice is not None:
    r = rows[choice]
    params = {"document_id": str(r["document_id"])}
    if r["start"] is not None:
        params |= {"start": str(r["start"]), "end": str(r["end"] if r["end"] is not None else r["start"])}
    st.switch_page("views/dokument.py", query_params=params)
