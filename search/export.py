"""Result tables as CSV (UTF-8 with BOM and semicolons, the way Swedish Excel opens them)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

SEVERITY_LABELS = {"error": "fel", "warning": "varning", "info": "info"}


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return "\ufeff" + buf.getvalue()


def findings_csv(findings: Iterable) -> str:
    """One row per finding and span: a finding resting on two papers gives two rows."""
    header = ["allvarlighet", "typ", "diarienummer", "skrivet_som", "orsak", "förslag", "dokument_id", "fil",
              "sida", "tecken_från", "tecken_till", "text"]
    rows = []
    for f in findings:
        for sp in f.spans or [None]:
            rows.append([SEVERITY_LABELS.get(f.severity, f.severity), f.kind, f.case_key, f.raw, f.reason, f.suggestion,
                         sp.document_id if sp else None, sp.source if sp else None, sp.page if sp else None,
                         sp.char_start if sp else None, sp.char_end if sp else None, sp.text if sp else None])
    return csv_text(header, rows)


def timeline_csv(events: Iterable) -> str:
    header = ["datum", "steg", "organ", "titel", "diarienummer", "relation", "dokument_id", "fil", "sida",
              "tecken_från", "tecken_till", "sammanfattning", "kommun"]
    return csv_text(header, ([e.date, e.step, e.body, e.title, e.case_key, e.relation, e.document_id, e.source, e.page,
                              e.char_start, e.char_end, e.summary, e.municipality] for e in events))


def precedent_csv(groups: Iterable) -> str:
    header = ["grupp", "likhet", "typ", "text", "diarienummer", "organ", "datum", "dokument_id", "fil", "sida",
              "tecken_från", "tecken_till"]
    rows = []
    for n, g in enumerate(groups, 1):
        for it in g.items:
            rows.append([n, it.score, it.kind, it.text, ", ".join(it.case_keys), it.body, it.date, it.document_id,
                         it.source, it.page, it.char_start, it.char_end])
    return csv_text(header, rows)
