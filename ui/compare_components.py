"""Rendering helpers for the "Jämför över år" pages: pure functions from service results to
table rows, chart data and safe HTML (tested without Streamlit), plus the Altair charts."""
from __future__ import annotations

from typing import Any, Iterable

from ui.components import esc, highlight_snippet, page_text

MATCH_LABELS = {"rubrik": "samma rubrik", "innehåll": "liknande innehåll", "": ""}
HOW_LABELS = {"ankare": "rubrik hittad i löptext", "början": "rapportens början", "rubrik": ""}
YEAR_SOURCE_LABELS = {"mening": "året i meningen", "tabell": "året i tabellen", "rubrik": "året i rubriken",
                      "rapport": "rapportens år"}


def doc_link(document_id: int, start: int | None = None, end: int | None = None) -> str:
    """Relative link to the Dokument page with the span marked (same form as the Ärende page)."""
    link = f"dokument?document_id={document_id}"
    if start is not None:
        link += f"&start={start}&end={end if end is not None else start}"
    return link


def format_value(value: float, unit: str) -> str:
    txt = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
    txt = txt.replace(",", " ").replace(".", ",")
    return f"{txt} {unit}"


def figure_rows(figures: Iterable[Any]) -> list[dict]:
    """One table row per figure, with where it was read and a link to the marked passage."""
    rows = []
    for f in figures:
        rows.append({
            "Avser år": f.year, "Nyckeltal": f.kind, "Vad": f.label, "Värde": format_value(f.value, f.unit),
            "Mnkr": f.value_mnkr, "Året från": YEAR_SOURCE_LABELS.get(f.year_source, f.year_source),
            "Källa": f"{f.source}, {page_text(f.page)}, tecken {f.char_start}–{f.char_end}",
            "Öppna": doc_link(f.document_id, f.char_start, f.char_end),
        })
    return rows


def count_rows(counts: Iterable[Any]) -> list[dict]:
    return [{"År": c.year if c.year is not None else "okänt", "Kommun": c.municipality or "okänd",
             "Nämnd": c.committee or "okänd", "Dokument": c.documents, "Avsnitt": c.passages} for c in counts]


def passage_html(p: Any) -> str:
    meta = " · ".join(x for x in (
        p.date or "odaterad", p.municipality, p.committee, ", ".join(p.case_numbers) or "inget diarienummer",
        page_text(p.page)) if x)
    head = f"<b>{esc(p.title or p.source)}</b>" + (f" – {esc(p.heading)}" if p.heading and p.heading != p.title else "")
    figs = "".join(f"<li>{esc(format_value(f.value, f.unit))} – {esc(f.kind)}: {esc(f.label[:80])} "
                   f"<span class='ns-meta'>(avser {esc(f.year or 'okänt år')}, {esc(page_text(f.page))})</span></li>"
                   for f in p.figures[:4])
    return (f"<div class='ns-item'>{head}<div class='ns-meta'>{esc(meta)}</div>"
            f"<div>{highlight_snippet(p.snippet)}</div>" + (f"<ul>{figs}</ul>" if figs else "") + "</div>")


def diff_html(ops: Iterable[Any], context: int = 25) -> str:
    """A word diff as safe HTML: removed words struck through, new words underlined on green.

    Long unchanged stretches are shortened to their ends so the changes stay in view."""
    out = []
    for op in ops:
        kind, text = (op.op, op.text) if hasattr(op, "op") else (op["op"], op["text"])
        if kind == "equal":
            words = text.split()
            if len(words) > 2 * context:
                text = " ".join(words[:context]) + " … " + " ".join(words[-context:])
            out.append(esc(text))
        elif kind == "delete":
            out.append(f"<del style='background:#fde2e2;color:#8a1c1c'>{esc(text)}</del>")
        else:
            out.append(f"<ins style='background:#dcf5dc;color:#145214;text-decoration:none'>{esc(text)}</ins>")
    return " ".join(out)


def key_figure_rows(key_figures: Iterable[Any]) -> list[dict]:
    rows = []
    for f in key_figures:
        rows.append({
            "Kommun": f.municipality or "okänd", "Nyckeltal": f.kind, "År": f.year, "Värde": f.value, "Enhet": f.unit,
            "Mnkr": f.value_mnkr, "Text": f.raw, "Året från": YEAR_SOURCE_LABELS.get(f.year_source, f.year_source),
            "Rapportens år": f.report_year, "Avsnitt": f.section,
            "Källa": f"{f.source}, {page_text(f.page)}, tecken {f.char_start}–{f.char_end}",
            "Öppna": doc_link(f.document_id, f.char_start, f.char_end),
        })
    return rows


def chart_value(row: dict) -> float:
    """Money is charted in mnkr so tkr and mnkr figures share an axis; counts as they are."""
    return row["Mnkr"] if row.get("Mnkr") is not None else row["Värde"]


def pivot_key_figures(rows: list[dict]):
    """(Kommun, Nyckeltal) × År table of values with units."""
    import pandas as pd

    if not rows:
        return pd.DataFrame()
    df = pd.DataFrame([{**r, "År": str(r["År"]), "Visat": format_value(r["Värde"], r["Enhet"])} for r in rows])
    out = df.pivot_table(index=["Kommun", "Nyckeltal"], columns="År", values="Visat", aggfunc="first").reset_index()
    out.columns = [str(c) for c in out.columns]
    return out.fillna("")


def counts_chart(rows: list[dict], by: str = "Kommun"):
    """Documents with hits per year, stacked by municipality or committee (`by`)."""
    import altair as alt
    import pandas as pd

    df = pd.DataFrame(rows)
    df["År"] = df["År"].astype(str)
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("År:N", title="År"), y=alt.Y("sum(Dokument):Q", title="Dokument med träff"),
        color=alt.Color(f"{by}:N"), tooltip=["År", "Kommun", "Nämnd", "Dokument", "Avsnitt"],
    ).properties(height=260)


def key_figures_chart(rows: list[dict]):
    import altair as alt
    import pandas as pd

    df = pd.DataFrame([{**r, "Värde i diagram": chart_value(r),
                        "Serie": f"{r['Kommun']} – {r['Nyckeltal']}"} for r in rows])
    return alt.Chart(df).mark_line(point=alt.OverlayMarkDef(size=70)).encode(
        x=alt.X("År:O", title="År"), y=alt.Y("Värde i diagram:Q", title="Värde (antal, eller mnkr för belopp)"),
        color=alt.Color("Serie:N", title="Kommun – nyckeltal"),
        tooltip=["Kommun", "Nyckeltal", "År", "Värde", "Enhet", "Text", "Källa"],
    ).properties(height=300)
