"""Extraction quality on the gold set: precision/recall/F1 per field and per document type.

    python tests/eval_extraction.py [--misses] [--json] [--file NAME] [--gold DIR [--docs DIR]] [--pdf]

Gold files are in tests/gold/extraction/ (format: tests/gold/README.md). Each gold document is
paired with the predicted document that overlaps it most; boundaries count as found when a
predicted document starts within BOUNDARY_TOLERANCE chars of the gold start.

`--gold DIR` evaluates another gold set, e.g. the held-out one (`tests/gold/holdout`): its YAML
files are read from DIR/extraction (or DIR itself) and the documents from DIR/docs (or `--docs`).

`--pdf` renders each document's PDF twin (tests/fixtures/make_pdfs.py: Word-like letterhead, page
breaks where the export had them) and evaluates what is read back from it; gold starts are found
by their opening words, whitespace aside.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.readers import read_file  # noqa: E402
from nlp.extract import extract  # noqa: E402

GOLD_DIR = ROOT / "tests" / "gold" / "extraction"
CORPUS = ROOT / "corpus"
BOUNDARY_TOLERANCE = 250
FUZZY = 0.9


def norm(s) -> str:
    s = unicodedata.normalize("NFC", str(s or ""))
    s = s.replace("\u00ad", "").replace("–", "-").replace("”", '"').replace("“", '"')
    return " ".join(s.split()).casefold().rstrip(" .")


def fuzzy_eq(a, b) -> bool:
    a, b = norm(a), norm(b)
    if a == b:
        return True
    if not a or not b:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= FUZZY


def name_key(s: str) -> str:
    s = re.sub(r"\s*\([A-ZÅÄÖ]{1,3}\)\s*$", "", str(s))
    return unicodedata.normalize("NFKD", norm(s)).encode("ascii", "ignore").decode()


class Counts:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, tp=0, fp=0, fn=0):
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def match_lists(gold: list, pred: list, eq) -> tuple[int, list, list]:
    """Greedy one-to-one matching; returns (tp, missed gold items, false predicted items)."""
    unused = list(pred)
    missed = []
    tp = 0
    for g in gold:
        hit = next((p for p in unused if eq(g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            unused.remove(hit)
            tp += 1
    return tp, missed, unused


def resolve_dirs(gold: str | Path | None, docs: str | Path | None) -> tuple[Path, Path]:
    """(gold YAML dir, documents dir) for a gold set; defaults to the corpus gold set."""
    if gold is None:
        return GOLD_DIR, Path(docs) if docs else CORPUS
    gold = Path(gold)
    yaml_dir = gold / "extraction" if (gold / "extraction").is_dir() else gold
    if docs is None:
        docs = gold / "docs" if (gold / "docs").is_dir() else CORPUS
    return yaml_dir, Path(docs)


def load_gold(gold_dir: Path = GOLD_DIR) -> list[dict]:
    out = []
    for f in sorted(gold_dir.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        data["_file"] = f.name
        out.append(data)
    return out


def gold_offsets(text: str, docs: list[dict], loose: bool = False, pages: list | None = None) -> list[int]:
    """Where each gold document starts in `text`. `loose`: its opening words with any whitespace,
    table pipes or commas between them, for the text read back from a PDF twin."""
    pos, offs = 0, []
    for d in docs:
        start = unicodedata.normalize("NFC", d["start"])
        if loose:
            # CSV cells are table cells in the PDF; comments are not printed; the first words may be a
            # running header the reader moved into page metadata, so later words are tried too
            words = [w for w in re.split(r"[\s|,]+", re.sub(r"<!--.*?-->", " ", start, flags=re.S)) if w]
            k = -1
            for j in range(min(8, max(len(words) - 2, 1))):
                m = re.compile(r"[\s|,]+".join(re.escape(w) for w in words[j : j + 10])).search(text, pos)
                if m:
                    k = m.start()
                    break
            if k < 0 and words:
                # only running-header words: the page whose lifted header holds them
                k = next((pg.char_start for pg in pages or [] if pg.char_start >= pos
                          and " ".join(words[:2]) in " ".join((pg.header or "").split())), -1)
        else:
            k = text.find(start, pos)
        if k < 0:
            raise ValueError(f"gold start not found: {d['start'][:60]!r}")
        offs.append(k)
        pos = k + 1
    return offs


def _pdf_twin(src: Path, out_dir: Path):
    """The file read back from its generated PDF twin (tests/fixtures/make_pdfs.py)."""
    from tests.fixtures import make_pdfs

    return read_file(make_pdfs.render_corpus_pdf(src, out_dir / f"{src.stem}.pdf"))


def evaluate(only: str | None = None, gold: str | Path | None = None, docs: str | Path | None = None,
             pdf: bool = False) -> dict:
    fields = defaultdict(Counts)
    by_type = defaultdict(lambda: defaultdict(Counts))
    issues: list[dict] = []
    chars = 0
    seconds = 0.0
    # Building the spaCy pipeline (import, simplemma tables) happens once per process: start-up, not
    # throughput. It is timed and printed on its own.
    t0 = time.perf_counter()
    from nlp.pipeline import get_nlp
    get_nlp()("Vår handläggare Anna Berg")
    startup = time.perf_counter() - t0
    gold_dir, docs_dir = resolve_dirs(gold, docs)
    import tempfile

    twins = tempfile.TemporaryDirectory(prefix="namndsok-twins-") if pdf else None
    for gold in load_gold(gold_dir):
        source = gold["source"]
        if only and only not in source:
            continue
        raw = _pdf_twin(docs_dir / source, Path(twins.name)) if twins else read_file(docs_dir / source)
        t0 = time.perf_counter()
        pred = extract(raw).documents
        seconds += time.perf_counter() - t0
        chars += len(raw.text)
        text = raw.text
        gdocs = gold["documents"]
        gstarts = gold_offsets(text, gdocs, loose=pdf, pages=raw.pages)
        gends = gstarts[1:] + [len(text)]
        # boundaries
        pstarts = [d.char_start for d in pred]
        tp, missed, false = match_lists(gstarts, pstarts, lambda g, p: abs(g - p) <= BOUNDARY_TOLERANCE)
        fields["segmentation"].add(tp, len(false), len(missed))
        for g in missed:
            issues.append({"file": source, "field": "segmentation", "kind": "miss", "at": g, "value": text[g:g + 60]})
        for p in false:
            issues.append({"file": source, "field": "segmentation", "kind": "false", "at": p, "value": text[p:p + 60]})
        for gi, gd in enumerate(gdocs):
            gs, ge = gstarts[gi], gends[gi]
            best, best_ov = None, 0
            for d in pred:
                ov = min(ge, d.char_end) - max(gs, d.char_start)
                if ov > best_ov:
                    best, best_ov = d, ov
            dtype = gd.get("doc_type")
            cnt = by_type[dtype]

            def scalar(name, gval, pval, eq=fuzzy_eq):
                ok = (gval in (None, "") and pval in (None, "")) or (gval not in (None, "") and pval not in (None, "") and eq(gval, pval))
                if gval in (None, "") and pval in (None, ""):
                    return
                tp_ = int(ok)
                fp_ = int(not ok and pval not in (None, ""))
                fn_ = int(not ok and gval not in (None, ""))
                fields[name].add(tp_, fp_, fn_)
                cnt[name].add(tp_, fp_, fn_)
                if not ok:
                    issues.append({"file": source, "field": name, "kind": "wrong", "at": gs, "gold": gval, "pred": pval})

            def listed(name, gl, pl, eq):
                tp_, miss, false_ = match_lists(gl, pl, eq)
                fields[name].add(tp_, len(false_), len(miss))
                cnt[name].add(tp_, len(false_), len(miss))
                for m in miss:
                    issues.append({"file": source, "field": name, "kind": "miss", "at": gs, "gold": m})
                for f in false_:
                    issues.append({"file": source, "field": name, "kind": "false", "at": gs, "pred": f})

            p = best
            scalar("doc_type", dtype, p.doc_type if p else None, lambda a, b: a == b)
            scalar("title", gd.get("title"), p.title if p else None)
            scalar("committee", gd.get("committee"), p.committee if p else None)
            scalar("municipality", gd.get("municipality"), p.municipality if p else None)
            scalar("date", str(gd["date"]) if gd.get("date") else None, p.date if p else None, lambda a, b: a == b)
            scalar("meeting_date", str(gd["meeting_date"]) if gd.get("meeting_date") else None, p.meeting_date if p else None, lambda a, b: a == b)
            listed("case_keys", gd.get("case_keys") or [], p.own_case_keys if p else [], lambda a, b: a == b)
            listed("officers", gd.get("officers") or [], p.officers if p else [], lambda a, b: name_key(a) == name_key(b))
            listed("signatories", gd.get("signatories") or [], p.signatories if p else [], lambda a, b: name_key(a) == name_key(b))
            listed("proposals", gd.get("proposals") or [], p.proposals if p else [], fuzzy_eq)
            gpar = [(int(x["number"]), x.get("decision") or "") for x in gd.get("paragraphs") or []]
            ppar = [(x.number, x.decision) for x in (p.paragraphs if p else [])]
            listed("paragraphs", gpar, ppar, lambda a, b: a[0] == b[0] and (fuzzy_eq(a[1], b[1]) or (not a[1] and not b[1])))
            listed("paragraph_numbers", [x[0] for x in gpar], [x[0] for x in ppar], lambda a, b: a == b)
            gpk = [(int(x["number"]), k) for x in gd.get("paragraphs") or [] for k in x.get("case_keys") or []]
            ppk = [(x.number, k) for x in (p.paragraphs if p else []) for k in x.case_keys]
            listed("paragraph_case_keys", gpk, ppk, lambda a, b: a == b)
            gag = [(int(x["number"]), x.get("title") or "") for x in gd.get("agenda_items") or []]
            pag = [(x.number, x.title) for x in (p.agenda_items if p else [])]
            listed("agenda_items", gag, pag, lambda a, b: a[0] == b[0] and fuzzy_eq(a[1], b[1]))
            gak = [(int(x["number"]), k) for x in gd.get("agenda_items") or [] for k in x.get("case_keys") or []]
            pak = [(x.number, k) for x in (p.agenda_items if p else []) for k in x.case_keys]
            listed("agenda_case_keys", gak, pak, lambda a, b: a == b)
    if twins:
        twins.cleanup()
    return {"fields": fields, "by_type": by_type, "issues": issues, "chars": chars, "seconds": seconds, "startup": startup}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--misses", action="store_true", help="list every miss and false hit")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--file", help="only gold files whose source contains this")
    ap.add_argument("--field", help="only list issues for this field")
    ap.add_argument("--gold", help="gold set directory (YAML in DIR/extraction or DIR; default tests/gold/extraction)")
    ap.add_argument("--docs", help="documents directory (default DIR/docs of --gold, else corpus/)")
    ap.add_argument("--pdf", action="store_true",
                    help="read each document from its generated PDF twin (as a municipality's PDF would come), not the text")
    args = ap.parse_args()
    res = evaluate(args.file, args.gold, args.docs, args.pdf)
    table = {k: dict(zip(("precision", "recall", "f1"), v.prf()), tp=v.tp, fp=v.fp, fn=v.fn) for k, v in res["fields"].items()}
    if args.json:
        print(json.dumps({"fields": table, "chars_per_s": res["chars"] / max(res["seconds"], 1e-9)}, ensure_ascii=False, indent=2))
        return
    print(f"{'field':22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for k, v in table.items():
        print(f"{k:22} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['tp']:5} {v['fp']:5} {v['fn']:5}")
    print("\nper document type (F1):")
    for dtype, fs in sorted(res["by_type"].items()):
        cells = ", ".join(f"{k} {c.prf()[2]:.2f}" for k, c in fs.items() if c.tp + c.fp + c.fn)
        print(f"  {dtype}: {cells}")
    print(f"\nextraction speed: {res['chars'] / max(res['seconds'], 1e-9):,.0f} chars/s over {res['chars']:,} chars"
          f" (plus {res['startup']:.1f} s one-time pipeline start-up)")
    if args.misses:
        print("\nissues:")
        for it in res["issues"]:
            if args.field and it["field"] != args.field:
                continue
            print("  ", json.dumps(it, ensure_ascii=False)[:300])


if __name__ == "__main__":
    main()
