"""Följ ärendet: a case's way through papers and bodies, and each § with proposal beside decision."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.case_components import (
    CSS, MSG_ASK_TRACE, OUTCOME_LABELS, attsats_table_html, timeline_rows, vote_rows,
)
from ui.components import esc, page_text, service_or_stop

st.title("Följ ärendet")
st.html(CSS)
svc = service_or_stop()

qp = st.query_params.get("case")
if qp and st.session_state.get("trace_case_qp") != qp:
    # A link (?case=…, e.g. from the case page) opens that case, once; typing takes over after.
    st.session_state["trace_case_qp"] = qp
    st.session_state["trace_case"] = qp


def _typed() -> None:
    value = (st.session_state.get("trace_case") or "").strip()
    st.query_params["case"] = value  # the URL names the case shown, so it can be shared
    st.session_state["trace_case_qp"] = value


number = st.text_input("Diarienummer", key="trace_case", placeholder="t.ex. VO-2025-00354", on_change=_typed)
if not (number or "").strip():
    st.info(MSG_ASK_TRACE)
    st.stop()

try:
    res = svc.trace(number.strip())
except Exception as exc:  # noqa: BLE001
    st.error(f"Spårningen misslyckades: {exc}")
    st.stop()
if res.case_key is None:
    st.warning(f"”{number.strip()}” känns inte igen som ett diarienummer. {MSG_ASK_TRACE}")
    st.stop()
if not res.timeline:
    st.info(f"Inga inlästa handlingar nämner {res.case_key}.")
    st.stop()

st.html(f"<div>Ärende <b>{esc(res.case_key)}</b>" + (f" – {esc(res.titles[0])}" if res.titles else "") + "</div>")

st.subheader("Tidslinje")
rows = timeline_rows(res.timeline)
st.dataframe(pd.DataFrame(rows)[["Datum", "Steg", "Organ", "Kommun", "Titel", "Diarienummer", "Relation", "Sida",
                                  "Sammanfattning", "Öppna"]],
             hide_index=True, width="stretch",
             column_config={"Öppna": st.column_config.LinkColumn("Öppna", display_text="Visa")})
st.download_button("Ladda ner tidslinjen (CSV)", svc.to_csv(res), file_name="tidslinje.csv", mime="text/csv",
                   key="trace_csv")
for r in res.related:
    st.caption(f"Länkat ärende: {r.case_key} ”{r.title}” ({r.body or 'okänt organ'}, {r.date or 'odaterat'}) – {r.relation}.")

decided = {d.case_key for d in res.decisions}
for ps in res.proposals:
    if ps.case_key in decided:
        continue  # shown beside its decision below
    st.subheader(f"Förslag till beslut – {ps.case_key}")
    st.caption(f"{(ps.doc_type or 'handling').capitalize()} {ps.date or 'odaterad'} · {ps.source} {page_text(ps.page)} · "
               "inget protokollfört beslut om förslaget finns bland de inlästa handlingarna")
    for item in ps.items:
        st.markdown(f"- {item}")
if not res.decisions:
    st.info("Inget protokollfört beslut om ärendet finns bland de inlästa handlingarna.")
for i, d in enumerate(res.decisions):
    st.subheader(f"§ {d.paragraph} {d.title or ''}".strip())
    st.caption(f"{d.body or 'Okänt organ'} · {d.date or 'odaterat'} · {d.case_key} · {d.source} {page_text(d.page)}")
    st.markdown(f"**{OUTCOME_LABELS.get(d.outcome, d.outcome)}**"
                + ({"paragraf": " – förslaget står i paragrafen.",
                    "tjänsteskrivelse": " – förslaget kommer från tjänsteskrivelsen.",
                    "saknas": ""}.get(d.proposal_from, "")))
    if d.rows:
        st.html(attsats_table_html(d.rows))
    else:
        for s in d.decision:
            st.markdown(f"- {s}")
    if d.yrkanden:
        st.markdown("**Yrkanden**")
        for y in d.yrkanden:
            st.markdown(f"- *{y.kind}*: {y.text}")
    if d.beslutsgang:
        with st.expander("Beslutsgång"):
            st.write(d.beslutsgang)
    if d.vote:
        st.markdown(f"**Votering:** {d.vote.summary}" + (" – " + " ".join(d.vote.meaning) if d.vote.meaning else ""))
        vr = vote_rows(d.vote)
        if vr:
            with st.expander(f"Omröstningslista ({len(vr)} ledamöter)"):
                st.dataframe(pd.DataFrame(vr), hide_index=True)
    if d.reservations:
        st.caption(f"Reservation: {d.reservations}")
    if d.sent_to:
        st.caption("Beslutet skickas till: " + ", ".join(d.sent_to))
    if st.button("Visa paragrafen", key=f"trace_open_{i}"):
        st.switch_page("views/dokument.py", query_params={
            "document_id": str(d.document_id), "start": str(d.char_start), "end": str(d.char_end)})
