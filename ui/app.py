"""Nämndsök – the Streamlit interface (`namndsok ui` runs `streamlit run ui/app.py`).

This entry script sets up the page, the sidebar navigation and the store status; each page in
ui/views/ only calls namndsok.service.Service and renders with ui.components.
"""
from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run ui/app.py` puts ui/ (not the repo root) on sys.path; the packages live at the root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from ui.components import embedded_total, get_service, inject_css  # noqa: E402

st.set_page_config(page_title="Nämndsök", page_icon="📑", layout="wide")

PAGES = [
    st.Page("views/sok.py", title="Sök", icon=":material/search:", url_path="sok", default=True),
    st.Page("views/dokument.py", title="Dokument", icon=":material/description:", url_path="dokument"),
    st.Page("views/arende.py", title="Ärende (diarienummer)", icon=":material/folder_open:", url_path="arende"),
    # -- verification, tracing, precedent (issue 5: 3-5)
    st.Page("views/sparning.py", title="Följ ärendet", icon=":material/timeline:", url_path="folj-arendet"),
    st.Page("views/verifiera.py", title="Verifiera diarienummer", icon=":material/fact_check:", url_path="verifiera"),
    st.Page("views/tidigare.py", title="Tidigare formuleringar", icon=":material/history_edu:", url_path="tidigare-formuleringar"),
    # -- cross-year comparison (issue 5: 1-2)
    st.Page("views/jamfor_amne.py", title="Jämför över år – ämne", icon=":material/query_stats:", url_path="jamfor-amne"),
    st.Page("views/jamfor_rapporter.py", title="Jämför över år – rapporter", icon=":material/compare:", url_path="jamfor-rapporter"),
    st.Page("views/ladda_upp.py", title="Ladda upp", icon=":material/upload_file:", url_path="ladda-upp"),
]
page = st.navigation(PAGES)
inject_css()

with st.sidebar:
    st.markdown("### Nämndsök")
    st.caption("Sök och verifiera kommunala nämndhandlingar.")
    try:
        h = get_service().health()
        embedded = embedded_total(h)
        st.caption(
            f"{h.get('documents', 0)} dokument i {h.get('files', 0)} filer · "
            f"{embedded} av {h.get('chunks', 0)} avsnitt med vektorer · "
            f"modell: {h.get('embedder', 'okänd')}"
        )
    except Exception as exc:  # noqa: BLE001 — the pages say more; the sidebar must not break them
        st.error(f"Datalagret kunde inte öppnas: {exc}")

page.run()
