"""Ladda upp: ingest files through the service and report each file's outcome in Swedish."""
from __future__ import annotations

import streamlit as st

from ui.components import ingest_all, outcome_line, service_or_stop
from namndsok.models import IngestOutcome

st.title("Ladda upp")
svc = service_or_stop()
st.caption("PDF, TXT, MD, DOCX eller CSV. En fil som inte går att läsa stoppar inte de andra.")

with st.form("upload", clear_on_submit=True):
    files = st.file_uploader(
        "Välj filer", type=["pdf", "txt", "md", "docx", "csv"], accept_multiple_files=True,
    )
    submitted = st.form_submit_button("Läs in", type="primary")

if submitted:
    if not files:
        st.warning("Välj minst en fil att läsa in.")
    else:
        bar = st.progress(0.0, text="Läser in …")

        def _progress(i: int, n: int, name: str) -> None:
            bar.progress(i / n if n else 1.0, text=f"Läser in {name} ({i + 1} av {n})" if name else "Klart")

        outcomes = ingest_all(svc, [(f.name, f.getvalue()) for f in files], progress=_progress)
        bar.empty()
        # Kept in the session so the report survives the rerun that any later click causes.
        st.session_state["upload_outcomes"] = [o.model_dump() for o in outcomes]

outcomes = [IngestOutcome(**o) for o in st.session_state.get("upload_outcomes", [])]
if outcomes:
    st.subheader("Resultat")
    for o in outcomes:
        show = {"ok": st.success, "replaced": st.success, "skipped": st.info}.get(o.status, st.error)
        show(outcome_line(o))
    if any(o.status in ("ok", "replaced") for o in outcomes):
        st.caption("De nya handlingarna går att söka lexikalt direkt. Semantisk sökning kräver vektorer.")
        if st.button("Beräkna vektorer nu", key="embed_now"):
            try:
                with st.spinner("Beräknar vektorer …"):
                    n = svc.embed()
                st.success(f"{n} avsnitt fick vektorer.")
            except Exception as exc:  # noqa: BLE001
                st.error(f"Vektorerna kunde inte beräknas: {exc}")
