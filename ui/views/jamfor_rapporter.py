"""Jämför över år – rapporter: the same kind of report from different years, section by section."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.compare_components import (
    HOW_LABELS, MATCH_LABELS, diff_html, key_figure_rows, key_figures_chart, pivot_key_figures,
)
from ui.components import esc, page_text, service_or_stop

MSG_NO_REPORTS = "Det finns inga rapporter av den typen i de inlästa handlingarna."

st.title("Jämför över år – rapporter")
svc = service_or_stop()
kinds = svc.report_kinds()
try:
    facets = svc.facets() or {}
except Exception:  # noqa: BLE001
    facets = {}

if "typ" in st.query_params and "rep_kind" not in st.session_state and st.query_params["typ"] in kinds:
    st.session_state["rep_kind"] = st.query_params["typ"]
a, b, c = st.columns([2, 2, 2])
kind = a.selectbox("Rapporttyp", list(kinds), format_func=lambda x: kinds[x], key="rep_kind", persist_state="session")
municipality = b.selectbox("Kommun", facets.get("municipalities") or [], index=None, placeholder="Alla", key="rep_kommun", persist_state="session")
committee = c.text_input("Nämnd", key="rep_namnd", persist_state="session", placeholder="Alla")

try:
    with st.spinner("Jämför rapporter …"):
        res = svc.compare_reports(kind, municipality=municipality, committee=(committee or "").strip() or None)
except Exception as exc:  # noqa: BLE001
    st.error(f"Jämförelsen misslyckades: {exc}")
    st.stop()

if not res.reports:
    st.info(MSG_NO_REPORTS)
    st.stop()

st.subheader("Rapporter")
st.dataframe(pd.DataFrame([{
    "År": r.period_year, "Rapport": r.title, "Kommun": r.municipality, "Nämnd": r.committee or "", "Datum": r.date or "",
    "Avsnitt": r.sections, "Källa": f"{r.source}, {page_text(r.page)}",
    "Öppna": f"dokument?document_id={r.document_id}&start={r.char_start}&end={r.char_start}",
} for r in res.reports]), hide_index=True, width="stretch",
    column_config={"Öppna": st.column_config.LinkColumn("Öppna", display_text="Visa")})

st.subheader("Nyckeltal per år")
rows = key_figure_rows(res.key_figures)
if rows:
    st.dataframe(pivot_key_figures(rows), hide_index=True, width="stretch")
    # Counts and millions do not share a scale: one kind at a time, the best-covered first.
    kinds_in = sorted({r["Nyckeltal"] for r in rows}, key=lambda x: (-sum(r["Nyckeltal"] == x for r in rows), x))
    shown_kind = st.selectbox("Nyckeltal i diagrammet", kinds_in + ["alla"], key="rep_chart_kind")
    st.altair_chart(key_figures_chart([r for r in rows if shown_kind == "alla" or r["Nyckeltal"] == shown_kind]), width="stretch")
    with st.expander("Varje nyckeltal med källa"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                     column_config={"Öppna": st.column_config.LinkColumn("Öppna", display_text="Visa")})
else:
    st.caption("Inga nyckeltal (budget, prognos, avvikelse, antal lex Sarah, ej verkställda beslut …) hittades.")

st.subheader("Avsnitt sida vid sida")
labels = [f"{r.period_year or '?'} {r.municipality or ''} – {r.title[:40]}" for r in res.reports]
chosen = st.multiselect("Rapporter att visa", list(range(len(res.reports))), default=list(range(min(4, len(res.reports)))),
                        format_func=lambda i: labels[i], key="rep_chosen")
only_shared = st.toggle("Bara avsnitt som finns i minst två rapporter", value=True, key="rep_shared")
if not chosen:
    st.info("Välj minst en rapport.")
else:
    shown = [row for row in res.rows if sum(1 for i in chosen if row.cells[i]) >= (2 if only_shared and len(chosen) > 1 else 1)]
    st.caption(f"{len(shown)} av {len(res.rows)} avsnittsrader. Struken text fanns i föregående rapport, grön text är ny.")
    for n, row in enumerate(shown):
        with st.expander(f"{row.label} ({row.reports} av {len(res.reports)} rapporter)", expanded=n < 4):
            cols = st.columns(len(chosen))
            prev = None
            for col, i in zip(cols, chosen):
                cell = row.cells[i]
                with col:
                    r = res.reports[i]
                    st.markdown(f"**{r.period_year or '?'} {esc(r.municipality or '')}**")
                    if cell is None:
                        st.caption("Avsnittet saknas.")
                        continue
                    how = " · ".join(x for x in (MATCH_LABELS.get(cell.match, cell.match), HOW_LABELS.get(cell.how, "")) if x)
                    st.html(f"<div><b>{esc(cell.heading)}</b></div><div class='ns-meta'>{esc(page_text(cell.page))}"
                            f"{' · ' + esc(how) if how else ''}</div>")
                    diff = next((d for d in row.diffs if d.to_report == i and d.from_report == prev), None) if prev is not None else None
                    if diff is not None:
                        st.html(f"<div style='font-size:0.9em'>{diff_html(diff.ops)}</div>")
                        st.caption(f"Likhet med {res.reports[prev].period_year}: {diff.similarity:.0%}" + (" (början av avsnittet)" if diff.truncated else ""))
                    else:
                        st.html(f"<div style='font-size:0.9em'>{esc(cell.excerpt)}{'…' if len(cell.excerpt) >= 600 else ''}</div>")
                    st.link_button("Visa i dokumentet", f"dokument?document_id={cell.document_id}&start={cell.char_start}&end={cell.char_end}")
                    prev = i

d1, d2, d3 = st.columns(3)
d1.download_button("Ladda ned nyckeltal (CSV)", svc.comparison_csv(res, "key_figures"), "nyckeltal.csv", "text/csv", key="dl_rep_key")
d2.download_button("Ladda ned avsnitt (CSV)", svc.comparison_csv(res, "sections"), "avsnitt.csv", "text/csv", key="dl_rep_sec")
d3.download_button("Ladda ned allt (JSON)", res.model_dump_json(indent=2), "rapporter.json", "application/json", key="dl_rep_json")
