"""Display helpers for the registrator and secretary pages (verification, tracing, precedent).

Pure functions from service results to table rows and safe HTML, so they are tested without a
browser; the views only call the service and these.
"""
from __future__ import annotations

from typing import Any

from ui.components import esc, page_text

SEVERITY_LABELS = {"error": "Fel", "warning": "Varning", "info": "Info"}
KIND_LABELS = {
    "form_invalid": "ogiltig form", "year_after_date": "årtal efter handlingens datum", "form_deviation": "avvikande skrivsätt",
    "title_conflict": "samma nummer, olika ärenden", "typo_serial": "troligt skrivfel i löpnumret",
    "typo_year": "troligt fel årtal", "typo_body": "troligt fel nämndprefix", "date_order": "datum i fel ordning",
    "cited_only": "citeras bara här",
}
STATUS_LABELS = {"oförändrat": "oförändrat", "ändrat": "ändrat", "tillagt": "tillagt", "struket": "struket",
                 "återremiss": "återremiss", "bordlagt": "bordlagt"}
OUTCOME_LABELS = {"bifall": "Förslaget bifölls oförändrat", "ändrat": "Beslutet avviker från förslaget",
                  "avslag": "Förslaget avslogs", "återremiss": "Ärendet återremitterades", "bordlagt": "Ärendet bordlades",
                  "beslut": "Beslut (inget förslag att jämföra med i lagret)"}
MSG_ASK_DRAFT = "Klistra in ett utkast – en rubrik eller några att-satser – så visas hur liknande beslut formulerats tidigare."
MSG_NO_PRECEDENT = "Inga tidigare förslag eller beslut liknar utkastet. Prova färre eller andra ord."
MSG_ASK_TRACE = "Ange ett diarienummer, t.ex. VO-2025-00354 eller SN 2022/0811"
MSG_NO_FINDINGS = "Inga fynd: alla diarienummer stämmer med varandra och med registrets form."

CSS = """
<style>
.ns-diff del{background:rgba(220,60,60,.22);text-decoration:line-through}
.ns-diff ins{background:rgba(60,170,80,.25);text-decoration:none}
.ns-status{display:inline-block;padding:0 .4em;border-radius:.3em;font-size:.8rem;background:rgba(128,128,128,.18)}
.ns-status.andrat,.ns-status.tillagt{background:rgba(240,180,0,.3)}
.ns-status.struket,.ns-status.aterremiss,.ns-status.bordlagt{background:rgba(220,60,60,.25)}
.ns-status.oforandrat{background:rgba(60,170,80,.25)}
.ns-att{border-collapse:collapse;width:100%}
.ns-att td,.ns-att th{border:1px solid rgba(128,128,128,.35);padding:.35rem .5rem;vertical-align:top;font-size:.92rem}
</style>
"""


def _d(x: Any) -> dict:
    return x.model_dump() if hasattr(x, "model_dump") else dict(x)


def _link(document_id: int, start: int | None, end: int | None) -> str:
    q = f"dokument?document_id={document_id}"
    if start is not None:
        q += f"&start={start}&end={end if end is not None else start}"
    return q


def finding_rows(findings: list[Any], severities: set[str] | None = None) -> list[dict]:
    """One row per finding for the table; the first span is where "Öppna" goes."""
    out = []
    for f in map(_d, findings):
        if severities is not None and f["severity"] not in severities:
            continue
        spans = f.get("spans") or []
        first = spans[0] if spans else {}
        where = "; ".join(f"{s['source']} {page_text(s.get('page'))}" for s in spans[:3]) + (" …" if len(spans) > 3 else "")
        out.append({
            "Allvar": SEVERITY_LABELS.get(f["severity"], f["severity"]),
            "Diarienummer": f["case_key"],
            "Skrivet som": f["raw"],
            "Typ": KIND_LABELS.get(f["kind"], f["kind"]),
            "Orsak": f["reason"],
            "Förslag": f.get("suggestion") or "",
            "Var": where,
            "Öppna": _link(first["document_id"], first.get("char_start"), first.get("char_end")) if first else "",
            "document_id": first.get("document_id"), "start": first.get("char_start"), "end": first.get("char_end"),
        })
    return out


def timeline_rows(events: list[Any]) -> list[dict]:
    out = []
    for e in map(_d, events):
        out.append({
            "Datum": e.get("date") or "okänt", "Steg": e["step"], "Organ": e.get("body") or "",
            "Kommun": e.get("municipality") or "",
            "Titel": e.get("title") or "", "Diarienummer": e["case_key"],
            "Relation": {"eget": "detta ärende", "nämnt": "nämns"}.get(e["relation"], e["relation"]),
            "Sida": page_text(e.get("page")), "Sammanfattning": e.get("summary") or "",
            "Öppna": _link(e["document_id"], e.get("char_start"), e.get("char_end")),
            "document_id": e["document_id"], "start": e.get("char_start"), "end": e.get("char_end"),
        })
    return out


def _cls(status: str) -> str:
    return status.replace("ö", "o").replace("ä", "a").replace("å", "a")


def diff_html(diff: list[Any]) -> str:
    """Word diff proposal → decision: struck words in <del>, added ones in <ins>."""
    parts = []
    for op, words in diff:
        if op == "-":
            parts.append(f"<del>{esc(words)}</del>")
        elif op == "+":
            parts.append(f"<ins>{esc(words)}</ins>")
        else:
            parts.append(esc(words))
    return '<span class="ns-diff">' + " ".join(parts) + "</span>"


def attsats_table_html(rows: list[Any]) -> str:
    """Proposal beside decision, one att-sats per row, with its status and the changed words."""
    body = []
    for r in map(_d, rows):
        status = r["status"]
        decision = esc(r.get("decision") or "–")
        if status == "ändrat" and r.get("diff"):
            decision += f'<div class="ns-meta">Ändringar: {diff_html(r["diff"])}</div>'
        body.append(
            f'<tr><td><span class="ns-status {_cls(status)}">{esc(STATUS_LABELS.get(status, status))}</span></td>'
            f"<td>{esc(r.get('proposal') or '–')}</td><td>{decision}</td></tr>")
    return ('<table class="ns-att"><thead><tr><th>Status</th><th>Förslag</th><th>Beslut</th></tr></thead><tbody>'
            + "".join(body) + "</tbody></table>")


def vote_rows(vote: Any) -> list[dict]:
    v = _d(vote) if vote else {}
    return [{"Ledamot": m["name"], "Röst": {"ja": "Ja", "nej": "Nej", "avstår": "Avstår"}.get(m["vote"], m["vote"])}
            for m in v.get("members") or []]


def precedent_rows(group: Any) -> list[dict]:
    g = _d(group)
    out = []
    for it in g["items"]:
        out.append({
            "Typ": it["kind"], "Diarienummer": ", ".join(it.get("case_keys") or []) or "–", "Organ": it.get("body") or "",
            "Datum": it.get("date") or "okänt", "Dokument": it.get("title") or it["source"],
            "Sida": page_text(it.get("page")) + (f" · § {it['paragraph']}" if it.get("paragraph") else ""),
            "Likhet": round(float(it["score"]), 2),
            "Öppna": _link(it["document_id"], it.get("char_start"), it.get("char_end")),
            "document_id": it["document_id"], "start": it.get("char_start"), "end": it.get("char_end"),
        })
    return out
