"""Altered copies of corpus papers, each with one deliberate register error, for verification tests.

Each copy is a corpus paper (a tjänsteskrivelse, or a whole protokoll with one § changed) written to
a new file with its case number changed in one place, the way a registrator slips: one digit of
the serial, the year, the body prefix, or the number of another case with another title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

KINDS = ("digit", "year", "body", "reuse")
EXPECTED = {"digit": {"typo_serial"}, "year": {"typo_year", "year_after_date"}, "body": {"typo_body"},
            "reuse": {"title_conflict"}}


@dataclass
class Alteration:
    kind: str
    file: Path
    original: str  # the number as written in the corpus
    altered: str  # what the copy says instead
    target: str  # "tjänsteskrivelse" | "paragraf"


def _serial_span(raw: str, year: int) -> tuple[int, int]:
    m = re.search(rf"{year}(\D{{1,3}})(\d+)", raw)
    return m.start(2), m.end(2)


def alter(raw: str, kind: str, existing: set[str], body_alt: str, key_of) -> str | None:
    """`raw` with one error of `kind`, such that the new key is not a number already in the store."""
    m = re.search(r"(?:19|20)\d{2}", raw)
    year = int(m.group(0))
    if kind == "year":
        out = raw[: m.start()] + str(year - 1) + raw[m.end():]
    elif kind == "body":
        b = re.match(r"[A-ZÅÄÖ]{2,6}", raw)
        out = body_alt + raw[b.end():]
    elif kind == "digit":
        s, e = _serial_span(raw, year)
        digits = raw[s:e]
        for d in "1234567890":
            cand = raw[: e - 1] + d + raw[e:] if d != digits[-1] else None
            if cand and key_of(cand) not in existing and int(cand[s:e]) != 0:
                return cand
        return None
    else:
        return None
    return out if key_of(out) not in existing else None


def make_copies(svc, out_dir: Path) -> list[Alteration]:
    """Write altered copies of corpus papers found through `svc` (a service over corpus/)."""
    from nlp.casenumbers import normalize_case_key

    key_of = lambda raw: normalize_case_key(raw)  # noqa: E731
    store = svc.store
    rows = store.all_case_mentions()
    existing = {r["key"] for r in rows}
    out_dir.mkdir(parents=True, exist_ok=True)
    out: list[Alteration] = []

    # Tjänsteskrivelser that carry exactly one number of a named body as their own.
    own: dict[int, list[dict]] = {}
    for r in rows:
        if r["role"] == "own":
            own.setdefault(r["document_id"], []).append(r)
    targets = []
    for doc_id, rs in own.items():
        if rs[0]["doc_type"] != "tjänsteskrivelse" or len({r["key"] for r in rs}) != 1 or rs[0]["key"].startswith("?"):
            continue
        targets.append(rs[0])
    for n, t in enumerate(targets):
        text = store.file_text(t["file_id"])
        doc = text[t["doc_start"]: t["doc_end"]]
        raw = t["raw"]
        if raw not in doc:
            continue
        body = t["key"].split()[0]
        partners = [p for p in targets if p["municipality"] == t["municipality"] and p["key"] != t["key"]
                    and p["key"].split()[0] == body]
        for kind in KINDS:
            if kind == "reuse":
                if not partners:
                    continue
                new = partners[0]["raw"]
            else:
                new = alter(raw, kind, existing, "KS" if body != "KS" else "SN", key_of)
            if not new:
                continue
            f = out_dir / f"andrad_{kind}_ts{n}.txt"
            f.write_text(doc.replace(raw, new, 1), encoding="utf-8")
            out.append(Alteration(kind, f, raw, new, "tjänsteskrivelse"))

    # A protokoll: one § head changed per copy.
    paras = [r for r in rows if r["role"] == "paragraph" and r["doc_type"] == "protokoll"]
    by_doc: dict[int, list[dict]] = {}
    for r in paras:
        by_doc.setdefault(r["document_id"], []).append(r)
    for doc_id, ps in by_doc.items():
        ps = [p for p in ps if sum(1 for q in ps if q["paragraph"] == p["paragraph"]) == 1]
        if len(ps) < 4:
            continue
        text = store.file_text(ps[0]["file_id"])
        suffix = Path(ps[0]["source"]).suffix or ".txt"
        for n, p in enumerate(ps[1:4]):
            seg = text[p["char_start"]: p["char_end"]]
            cited = [r for r in rows if r["document_id"] == doc_id and r["role"] == "cited" and r["key"] == p["key"]
                     and p["char_start"] <= r["char_start"] < p["char_end"]]
            if not cited:
                continue
            raw = cited[0]["raw"]
            body = p["key"].split()[0]
            for kind in KINDS:
                if kind == "reuse":
                    other = ps[(ps.index(p) + 2) % len(ps)]
                    oc = [r for r in rows if r["document_id"] == doc_id and r["role"] == "cited" and r["key"] == other["key"]]
                    if not oc:
                        continue
                    new = oc[0]["raw"]
                else:
                    new = alter(raw, kind, existing, "KS" if body != "KS" else "SN", key_of)
                if not new:
                    continue
                pos = p["char_start"] + seg.index(raw)
                f = out_dir / f"andrad_{kind}_p{doc_id}_{n}{suffix}"
                f.write_text(text[:pos] + new + text[pos + len(raw):], encoding="utf-8")
                out.append(Alteration(kind, f, raw, new, "paragraf"))
    return out
