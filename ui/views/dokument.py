"""Dokument: the extracted fields beside the text, each field able to highlight where it was read.

The document and the highlighted span live in the URL (?document_id=&start=&end=) so a view
can be shared with a colleague who wants to verify the same passage.
"""
from __future__ import annotations

from itertools import groupby

import streamlit as st

from ui.components import (
    MSG_ASK_DOCUMENT, MSG_NO_DOCUMENT, document_html, esc, excerpt_html, field_items, item_html,
    page_text, paragraph_items, parse_int, service_or_stop, uncertain_count,
)

st.title("Dokument")
svc = service_or_stop()

qp_id = parse_int(st.query_params.get("document_id"))
if qp_id is not None and st.session_state.get("doc_id") != qp_id:
    st.session_state["doc_id"] = qp_id  # set before the widget exists: the URL wins


def _id_changed() -> None:
    # A new document: drop the old highlight, its offsets mean nothing there.
    st.query_params.clear()
    if st.session_state.get("doc_id") is not None:
        st.query_params["document_id"] = str(st.session_state["doc_id"])


def _select(start: int | None, end: int | None, label: str) -> None:
    st.query_params["start"] = str(start)
    st.query_params["end"] = str(end if end is not None else start)
    # Remember which highlight the label names, so a later search hit is not mislabelled.
    st.session_state["doc_hl_label"] = (st.session_state.get("doc_id"), start, end if end is not None else start, label)


def _clear() -> None:
    st.query_params.pop("start", None)
    st.query_params.pop("end", None)


doc_id = st.number_input("Dokument-id", min_value=1, step=1, value=None, key="doc_id",
                         persist_state="session", on_change=_id_changed, placeholder="t.ex. 12")
if doc_id is None:
    st.info(MSG_ASK_DOCUMENT)
    st.stop()
if qp_id is None:
    st.query_params["document_id"] = str(int(doc_id))

try:
    view = svc.document(int(doc_id))
except Exception as exc:  # noqa: BLE001
    st.error(f"Dokumentet kunde inte hämtas: {exc}")
    st.stop()
if view is None:
    st.error(MSG_NO_DOCUMENT)
    st.stop()

rec = view.record or {}
hl_start, hl_end = parse_int(st.query_params.get("start")), parse_int(st.query_params.get("end"))
highlight = (hl_start, hl_end) if hl_start is not None else None

st.subheader(rec.get("title") or view.source)
pages_txt = "sidor okända"
if rec.get("page_start") is not None:
    pages_txt = f"sida {rec['page_start']}" + (f"–{rec['page_end']}" if rec.get("page_end") not in (None, rec["page_start"]) else "")
st.caption(f"Dokument {view.document_id} · fil {view.source} · {pages_txt} · tecken {rec.get('char_start', view.char_start)}–{rec.get('char_end', view.char_start + len(view.text))}")

left, right = st.columns([2, 3], gap="large")

with left:
    st.markdown("#### Uppgifter")
    items = all_items = field_items(rec)
    n_unsure = uncertain_count(items)
    if n_unsure:
        st.caption(f"{n_unsure} av {len(items)} uppgifter är osäkra (markerade ”osäker”): kontrollera dem mot texten med Visa.")
        if st.toggle("Visa bara osäkra uppgifter", key="doc_only_unsure"):
            items = [it for it in items if it.uncertain]
    n = 0
    for group, group_items in groupby(items, key=lambda it: it.group):
        group_items = list(group_items)
        always_open = group in ("Uppgifter", "Diarienummer", "Förslag till beslut") or len(group_items) <= 3
        with st.expander(f"{group} ({len(group_items)})", expanded=always_open):
            for it in group_items:
                n += 1
                if it.has_span:
                    a, b = st.columns([5, 1], vertical_alignment="center")
                    a.html(item_html(it))
                    b.button("Visa", key=f"fld-{n}", on_click=_select, args=(it.start, it.end, f"{group}: {it.value}"),
                             help=f"Markera i texten ({page_text(it.page)})")
                else:
                    st.html(item_html(it))
    present = {it.group for it in all_items}
    missing = [g for g in ("Diarienummer", "Handläggare", "Undertecknare", "Förslag till beslut", "Dagordning",
                           "Bilagor", "Lagrum och referenser", "Belopp") if g not in present]

    paras = paragraph_items(rec)
    if paras:
        st.markdown(f"#### Paragrafer ({len(paras)})")
        for j, p in enumerate(paras):
            with st.expander(p["heading"] + (" (osäker)" if p["uncertain"] else ""), expanded=len(paras) <= 3):
                lines = []
                if p["case_keys"]:
                    lines.append(f"<b>Ärende</b> {esc(', '.join(p['case_keys']))}")
                if len(p["decision_items"]) > 1:
                    lines.append("<b>Beslut</b><ol>" + "".join(f"<li>{esc(x)}</li>" for x in p["decision_items"]) + "</ol>")
                else:
                    lines.append(f"<b>Beslut</b> {esc(p['decision']) or '<i>inget beslut utläst</i>'}")
                lines.append(f"<b>Justeras omedelbart</b> {esc(p['justeras_omedelbart'])}")
                lines.append(f"<b>Reservationer</b> {esc('; '.join(p['reservations'])) or 'inga'}")
                lines.append(f"<b>Votering</b> {esc(p['vote']) if p['vote'] else 'ingen'}")
                if p["protokollsanteckningar"]:
                    lines.append(f"<b>Protokollsanteckningar</b> {esc('; '.join(p['protokollsanteckningar']))}")
                if p["jav"]:
                    lines.append(f"<b>Jäv</b> {esc('; '.join(p['jav']))}")
                s, e, pg = p["span"]
                lines.append(f'<span class="ns-meta">{esc(page_text(pg))}</span>')
                st.html("<br>".join(lines))
                c1, c2 = st.columns(2)
                if s is not None:
                    c1.button("Visa §", key=f"para-{j}", on_click=_select, args=(s, e, p["heading"]))
                ds, de, _ = p["decision_span"]
                if ds is not None:
                    c2.button("Visa beslut", key=f"para-dec-{j}", on_click=_select, args=(ds, de, p["heading"] + ": beslut"))
    else:
        missing.append("Paragrafer")
    if missing:
        st.caption("Hittades inte: " + ", ".join(missing).lower() + ".")

with right:
    st.markdown("#### Text")
    if highlight:
        saved = st.session_state.get("doc_hl_label")
        label = saved[3] if saved and saved[:3] == (int(doc_id), hl_start, hl_end) else "sökträff eller länkad plats"
        ex = excerpt_html(view.text, view.char_start, *highlight)
        if ex:
            st.html(f'<div class="ns-meta">Markerat: {esc(label)}</div><div class="ns-excerpt">{ex}</div>')
        else:
            st.warning("Den markerade platsen ligger utanför det här dokumentet.")
        st.button("Ta bort markering", key="hl_clear", on_click=_clear)
    if not view.pages:
        st.caption("Filen saknar sidindelning – sidnummer är okända.")
    body = document_html(view.text, view.char_start, view.pages, highlight, anchor="ns-hit")
    # The text (untrusted, escaped) goes through st.html's sanitiser without JavaScript.
    st.html(f'<div class="ns-text" id="ns-text">{body}</div>')
    if highlight:
        # Separate, fixed script (no document content) that scrolls the text pane, not the page, so
        # the highlight sits a third from the top. The offsets make the script differ per
        # highlight, so it runs again when another field is selected. Retries until the pane exists.
        st.html(
            "<script>(function scroll(n){var c=document.getElementById('ns-text'),"
            "m=document.getElementById('ns-hit');if(c&&m){c.scrollTop=m.offsetTop-c.clientHeight/3;}"
            "else if(n<40){setTimeout(function(){scroll(n+1);},50);}})(0);"
            f"/* {view.document_id}:{highlight[0]}-{highlight[1]} */</script>",
            unsafe_allow_javascript=True,
        )
