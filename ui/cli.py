"""`namndsok` command line: one subcommand per operation, rich progress on long work."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from namndsok.config import CORPUS_DIR, settings

app = typer.Typer(help="Nämndsök – sök, verifiera och jämför kommunala nämndhandlingar.", no_args_is_help=True, add_completion=False)
bench_app = typer.Typer(help="Mät prestanda.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")
console = Console()
err = Console(stderr=True)

StoreOpt = typer.Option(None, "--store", help="Katalog för indexet (annars NAMNDSOK_HOME eller ./data).")


def _service(store: Optional[Path]):
    from namndsok.service import Service

    return Service(settings(store))


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=err, transient=False, disable=not err.is_terminal and os.environ.get("NAMNDSOK_PROGRESS") != "1")


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Filer eller kataloger (PDF, TXT, MD, DOCX, CSV)."),
    store: Optional[Path] = StoreOpt,
    embed: bool = typer.Option(False, "--embed/--no-embed", help="Beräkna täta vektorer direkt (långsamt på 2 kärnor; annars `namndsok embed`)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Läs in handlingar: dela upp mötespaket, extrahera uppgifter och indexera för lexikal sökning."""
    svc = _service(store)
    with _progress() as prog:
        task = prog.add_task("Läser in", total=None)

        def cb(done: int, total: int, name: str) -> None:
            prog.update(task, total=total, completed=done, description=f"Läser in {name}"[:60])

        report = svc.ingest(paths, progress=cb)
    if embed:
        embed_cmd(store=store, limit=None, as_json=False)
    if as_json:
        _print_json(report.model_dump())
    else:
        t = Table(title="Inläsningsrapport")
        for col in ("Fil", "Status", "Dokument", "Avsnitt", "Meddelande"):
            t.add_column(col)
        labels = {"ok": "[green]inläst", "skipped": "[yellow]oförändrad", "replaced": "[cyan]ersatt", "error": "[red]fel"}
        for f in report.files:
            t.add_row(f.source, labels.get(f.status, f.status), str(f.documents), str(f.chunks), f.message or "")
        console.print(t)
    if report.errors and len(report.errors) == len(report.files):
        raise typer.Exit(1)


@app.command("retry")
def retry_cmd(store: Optional[Path] = StoreOpt, as_json: bool = typer.Option(False, "--json")) -> None:
    """Läs in de filer som gav fel förra gången igen (t.ex. efter att de laddats ned på nytt)."""
    report = _service(store).retry_failed()
    if as_json:
        _print_json(report.model_dump())
        return
    if not report.files:
        console.print("Inga filer med fel att läsa in igen.")
    for f in report.files:
        console.print(f"{f.source}: {'inläst' if f.status in ('ok', 'replaced') else f.status} {f.message or ''}".rstrip())


@app.command("embed")
def embed_cmd(
    store: Optional[Path] = StoreOpt,
    limit: Optional[int] = typer.Option(None, help="Högst så många avsnitt (för att dela upp arbetet)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Beräkna täta vektorer för avsnitt som saknar dem (återupptas där det slutade)."""
    svc = _service(store)
    if svc.embedder is None:
        err.print("Täta vektorer är avstängda (NAMNDSOK_EMBEDDER=none).")
        return
    t0 = time.perf_counter()
    with _progress() as prog:
        task = prog.add_task("Beräknar vektorer", total=None)
        n = svc.embed(limit=limit, progress=lambda d, t: prog.update(task, completed=d, total=t))
    dt = time.perf_counter() - t0
    if as_json:
        _print_json({"embedded": n, "seconds": round(dt, 2), "chunks_per_s": round(n / dt, 2) if dt and n else 0.0})
    else:
        console.print(f"{n} avsnitt kodade på {dt:.1f} s" + (f" ({n / dt:.2f} avsnitt/s)" if n else ""))


@app.command()
def search(
    query: str = typer.Argument(..., help="Sökfråga, diarienummer eller §-hänvisning."),
    k: int = typer.Option(10, "--k", help="Antal dokument."),
    municipality: Optional[str] = typer.Option(None, "--kommun"),
    committee: Optional[str] = typer.Option(None, "--namnd"),
    doc_type: Optional[str] = typer.Option(None, "--typ"),
    year_from: Optional[int] = typer.Option(None, "--fran-ar"),
    year_to: Optional[int] = typer.Option(None, "--till-ar"),
    officer: Optional[str] = typer.Option(None, "--handlaggare"),
    case_number: Optional[str] = typer.Option(None, "--dnr"),
    mode: str = typer.Option("hybrid", help="hybrid | lexical | dense"),
    store: Optional[Path] = StoreOpt,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Sök i handlingarna (lexikalt + semantiskt, exakt träff på diarienummer först)."""
    svc = _service(store)
    filters = dict(municipality=municipality, committee=committee, doc_type=doc_type, year_from=year_from, year_to=year_to,
                   officer=officer, case_number=case_number)
    res = svc.search(query, filters=filters, k=k, mode=mode)
    if as_json:
        _print_json(res.model_dump(include={"query": True, "hits": {"__all__": {
            "document_id", "source", "title", "doc_type", "municipality", "committee", "date", "case_numbers",
            "page", "char_start", "char_end", "snippet", "score"}}}))
        return
    if not res.hits:
        console.print("Inga träffar. Prova färre ord eller ta bort filter.")
        return
    for i, h in enumerate(res.hits, 1):
        console.print(f"[bold]{i}. {h.title or '(utan titel)'}[/bold]  [dim]{h.doc_type} · {h.committee or '–'} · {h.date or 'odaterad'} · "
                      f"{h.source} s. {h.page or '–'} · {', '.join(h.case_numbers) or 'inget dnr'}[/dim]")
        console.print("   " + h.snippet.replace("<mark>", "[reverse]").replace("</mark>", "[/reverse]"))


@app.command()
def case(
    number: str = typer.Argument(..., help="Diarienummer i valfritt format, t.ex. 'SN 2021/0248.03.01'."),
    store: Optional[Path] = StoreOpt,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Visa alla dokument som nämner ett diarienummer, äldst först."""
    svc = _service(store)
    res = svc.case(number)
    if as_json:
        _print_json(res.model_dump())
        return
    if res.key is None:
        err.print(f"'{number}' ser inte ut som ett diarienummer (exempel: SN 2021/0248, KS/2018:69, Dnr 2025/55).")
        raise typer.Exit(2)
    if not res.mentions:
        console.print(f"Inga dokument nämner {res.key}.")
        return
    t = Table(title=f"Ärende {res.key}")
    for col in ("Datum", "Dokument", "Typ", "Nämnd", "Roll", "Sida", "Fil"):
        t.add_column(col)
    roles = {"own": "eget", "cited": "citerat", "paragraph": "paragraf", "agenda": "dagordning"}
    for m in res.mentions:
        t.add_row(m.date or "–", (m.title or "")[:50], m.doc_type, m.committee or "–", roles.get(m.role, m.role)
                  + (f" § {m.paragraph}" if m.paragraph else ""), str(m.page or "–"), m.source)
    console.print(t)


@app.command()
def extract(
    file: Path = typer.Argument(..., help="En fil att analysera (lagras inte)."),
    as_json: bool = typer.Option(False, "--json"),
    store: Optional[Path] = StoreOpt,
) -> None:
    """Visa vad en fil ger: dokument, typ, datum, diarienummer, handläggare, förslag, paragrafer."""
    from ingest.errors import IngestError

    svc = _service(store)
    try:
        fx = svc.extract_file(file)
    except IngestError as exc:
        err.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1)
    docs = []
    for d in fx.documents:
        out = d.model_dump()
        out["case_numbers"] = [{"raw": c.raw, "key": c.key, "role": c.role, "span": c.span.model_dump() if c.span else None} for c in d.case_numbers]
        out["paragraphs"] = [p.model_dump() for p in d.paragraphs]
        out["agenda_items"] = [a.model_dump() for a in d.agenda_items]
        docs.append(out)
    if as_json:
        _print_json({"source": fx.source, "documents": docs})
        return
    for d in fx.documents:
        console.print(f"[bold]{d.doc_type}[/bold] {d.title or ''} [dim]{d.committee or '–'} {d.date or ''} {', '.join(d.own_case_keys)}[/dim]")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000), store: Optional[Path] = StoreOpt,
) -> None:
    """Starta HTTP-API:t (FastAPI, dokumentation på /docs)."""
    import uvicorn

    if store:
        os.environ["NAMNDSOK_HOME"] = str(store)
    uvicorn.run("ui.api:app", host=host, port=port, log_level="info")


@app.command()
def ui(port: int = typer.Option(8501), store: Optional[Path] = StoreOpt) -> None:
    """Starta webbgränssnittet (Streamlit)."""
    env = dict(os.environ)
    if store:
        env["NAMNDSOK_HOME"] = str(store)
    app_path = Path(__file__).with_name("app.py")
    raise typer.Exit(subprocess.call([sys.executable, "-m", "streamlit", "run", str(app_path), "--server.port", str(port),
                                      "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"], env=env))


@app.command()
def up(
    store: Optional[Path] = StoreOpt,
    api_port: int = typer.Option(8000), ui_port: int = typer.Option(8501),
    embed: bool = typer.Option(True, "--embed/--no-embed", help="Beräkna täta vektorer i bakgrunden efter start."),
) -> None:
    """Läs in corpus/, starta API och webbgränssnitt på localhost, och beräkna vektorer i bakgrunden."""
    ingest(paths=[CORPUS_DIR], store=store, embed=False, as_json=False)
    env = dict(os.environ)
    if store:
        env["NAMNDSOK_HOME"] = str(store)
    exe = [sys.executable, "-m", "ui.cli"]
    procs = [subprocess.Popen(exe + ["serve", "--port", str(api_port)], env=env),
             subprocess.Popen(exe + ["ui", "--port", str(ui_port)], env=env)]
    console.print(f"API: http://127.0.0.1:{api_port}/docs   Webbgränssnitt: http://127.0.0.1:{ui_port}")
    try:
        if embed:
            embed_cmd(store=store, limit=None, as_json=False)
        for p in procs:
            p.wait()
    except KeyboardInterrupt:
        for p in procs:
            p.terminate()


@bench_app.command("pdf")
def bench_pdf(as_json: bool = typer.Option(False, "--json"), store: Optional[Path] = StoreOpt) -> None:
    """Sidor/s för PDF-läsning, full inläsning utan täta vektorer (1x, 2x, 4x) och pdfplumber, samt minne."""
    from ingest.bench import print_bench

    res = _service(store).bench_pdf()
    if as_json:
        _print_json(res)
    else:
        print_bench(res)


@bench_app.command("search")
def bench_search(
    as_json: bool = typer.Option(False, "--json"),
    scale: str = typer.Option("1,2,4", "--scale", help="Korpusens storlek som multiplar, t.ex. 1,2,4."),
    queries: Optional[int] = typer.Option(None, "--queries", help="Antal frågor ur guldsetet (standard: alla)."),
    dense_chunks: int = typer.Option(64, "--dense-chunks", help="Chunks att koda med täta vektorer (0 = alla)."),
    store: Optional[Path] = StoreOpt,
) -> None:
    """Inläsningstid, svarstider (lexikal, tät, hybrid), kodningstakt, lagrets storlek och minne vid 1x, 2x, 4x korpus."""
    from search.bench import print_search_bench

    try:
        scales = [int(s) for s in scale.split(",") if s.strip()]
    except ValueError:
        err.print(f"Ogiltig --scale {scale!r}: ange heltal med komma emellan, t.ex. 1,2,4.")
        raise typer.Exit(2)
    res = _service(store).bench_search(scales=scales, queries=queries, dense_chunks=dense_chunks)
    if as_json:
        _print_json(res.model_dump())
    else:
        print_search_bench(res)


# -- verification, tracing, precedent (issue 5: 3-5) ---------------------------------------------
SEVERITY_SV = {"error": "[red]fel[/red]", "warning": "[yellow]varning[/yellow]", "info": "[dim]info[/dim]"}


@app.command()
def verify(
    case: Optional[str] = typer.Argument(None, help="Ett diarienummer; utan: hela lagret."),
    csv_file: Optional[Path] = typer.Option(None, "--csv", help="Skriv fynden som CSV (semikolon, UTF-8) till filen."),
    show_info: bool = typer.Option(True, "--info/--no-info", help="Visa även informationsfynd."),
    store: Optional[Path] = StoreOpt,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Verifiera diarienummer: form, samstämmighet mellan handlingar, troliga skrivfel, citerade nummer."""
    svc = _service(store)
    res = svc.verify(case)
    if case and res.case_key is None:
        err.print(f"'{case}' ser inte ut som ett diarienummer (exempel: SN 2021/0248, KS/2018:69, Dnr 2025/55).")
        raise typer.Exit(2)
    if csv_file:
        csv_file.write_text(svc.to_csv(res), encoding="utf-8")
        err.print(f"{len(res.findings)} fynd skrivna till {csv_file}")
    if as_json:
        _print_json(res.model_dump())
        return
    c = res.counts
    console.print(f"{res.checked_numbers} diarienummer, {res.checked_mentions} omnämnanden kontrollerade: "
                  f"{c.get('error', 0)} fel, {c.get('warning', 0)} varningar, {c.get('info', 0)} info.")
    t = Table(show_lines=False)
    for col in ("Allvar", "Diarienummer", "Orsak", "Var"):
        t.add_column(col)
    for f in res.findings:
        if f.severity == "info" and not show_info:
            continue
        where = "; ".join(f"{s.source} s. {s.page or '–'} [{s.char_start}–{s.char_end}]" for s in f.spans[:3])
        t.add_row(SEVERITY_SV.get(f.severity, f.severity), f.case_key, f.reason, where)
    if res.findings:
        console.print(t)


@app.command()
def trace(
    case: str = typer.Argument(..., help="Diarienummer i valfritt format."),
    csv_file: Optional[Path] = typer.Option(None, "--csv", help="Skriv tidslinjen som CSV till filen."),
    store: Optional[Path] = StoreOpt,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Följ ett ärende: tidslinje över handlingar och organ, förslag bredvid beslut att-sats för att-sats."""
    svc = _service(store)
    res = svc.trace(case)
    if res.case_key is None:
        err.print(f"'{case}' ser inte ut som ett diarienummer (exempel: SN 2021/0248, KS/2018:69, Dnr 2025/55).")
        raise typer.Exit(2)
    if csv_file:
        csv_file.write_text(svc.to_csv(res), encoding="utf-8")
    if as_json:
        _print_json(res.model_dump())
        return
    if not res.timeline:
        console.print(f"Inga inlästa handlingar nämner {res.case_key}.")
        return
    t = Table(title=f"Ärende {res.case_key}" + (f" – {res.titles[0]}" if res.titles else ""))
    for col in ("Datum", "Steg", "Organ", "Titel", "Dnr", "Fil / sida"):
        t.add_column(col)
    for e in res.timeline:
        t.add_row(e.date or "–", e.step, e.body or "–", (e.title or "")[:60],
                  e.case_key + ("" if e.relation == "eget" else f" ({e.relation})"), f"{e.source} s. {e.page or '–'}")
    console.print(t)
    marks = {"oförändrat": "=", "ändrat": "~", "tillagt": "+", "struket": "-", "återremiss": "↺", "bordlagt": "‖"}
    for d in res.decisions:
        console.print(f"\n[bold]§ {d.paragraph} {d.title or ''}[/bold] [dim]{d.body or ''} {d.date or ''} · utfall: {d.outcome} · "
                      f"förslag från: {d.proposal_from}[/dim]")
        for r in d.rows:
            console.print(f"  {marks.get(r.status, '?')} [{r.status}] förslag: {r.proposal or '–'}")
            if r.status != "oförändrat":
                console.print(f"      beslut:  {r.decision or '–'}")
        if not d.rows:
            for s in d.decision:
                console.print(f"  beslut: {s}")
        for y in d.yrkanden:
            console.print(f"  yrkande ({y.kind}): {y.text}")
        if d.sent_to:
            console.print(f"  skickas till: {', '.join(d.sent_to)}")
        if d.vote:
            console.print(f"  votering: {d.vote.summary}" + (f" – {' '.join(d.vote.meaning)}" if d.vote.meaning else ""))
    decided = {d.case_key for d in res.decisions}
    for ps in res.proposals:
        if ps.case_key not in decided:
            console.print(f"\n[bold]Förslag till beslut {ps.case_key}[/bold] [dim]{ps.doc_type or ''} {ps.date or ''} · ej beslutat i lagret[/dim]")
            for item in ps.items:
                console.print(f"  - {item}")
    for r in res.related:
        console.print(f"\nLänkat ärende: {r.case_key} {r.title} ({r.body or '–'}, {r.date or 'odaterat'}) – {r.relation}")


@app.command()
def precedent(
    text: str = typer.Argument(..., help="Utkast (rubrik eller att-satser) eller en fil med utkastet."),
    k: int = typer.Option(10, "--k", help="Antal formuleringar."),
    mode: str = typer.Option("hybrid", help="hybrid | lexical | dense"),
    municipality: Optional[str] = typer.Option(None, "--kommun", help="Bara handlingar från denna kommun."),
    committee: Optional[str] = typer.Option(None, "--namnd", help="Bara handlingar från denna nämnd."),
    csv_file: Optional[Path] = typer.Option(None, "--csv", help="Skriv träffarna som CSV till filen."),
    store: Optional[Path] = StoreOpt,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Tidigare formuleringar: förslag och beslut med liknande lydelse, grupperade när de är nästan lika."""
    p = Path(text)
    if len(text) < 260 and "\n" not in text and p.is_file():
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            err.print(f"{p} är inte en textfil i UTF-8.")
            raise typer.Exit(2)
    if not text.strip():
        err.print("Utkastet är tomt.")
        raise typer.Exit(2)
    svc = _service(store)
    res = svc.precedent(text, k=k, mode=mode, filters={"municipality": municipality, "committee": committee})
    if csv_file:
        csv_file.write_text(svc.to_csv(res), encoding="utf-8")
    if as_json:
        _print_json(res.model_dump())
        return
    if not res.groups:
        console.print("Inga tidigare formuleringar liknar utkastet.")
        return
    for n, g in enumerate(res.groups, 1):
        console.print(f"[bold]{n}.[/bold] ({g.score:.2f}, {len(g.items)} användning{'ar' if len(g.items) > 1 else ''}) {g.text}")
        for it in g.items:
            console.print(f"   [dim]{it.kind} · {', '.join(it.case_keys) or 'inget dnr'} · {it.body or '–'} · {it.date or 'odaterad'} · "
                          f"{it.source} s. {it.page or '–'}[/dim]")


# -- cross-year comparison (issue 5: 1-2) --------------------------------------------------------
compare_app = typer.Typer(help="Jämför över år: ett ämne, eller samma slags rapport från olika år.", no_args_is_help=True)
app.add_typer(compare_app, name="compare")


def _write_csv(svc, res, csv_file: Optional[Path], table: Optional[str]) -> None:
    if csv_file:
        try:
            csv_file.write_text(svc.comparison_csv(res, table), encoding="utf-8")
        except ValueError as exc:
            err.print(str(exc))
            raise typer.Exit(2)
        err.print(f"Tabellen skrevs till {csv_file}")


@compare_app.command("topic")
def compare_topic_cmd(
    query: str = typer.Argument(..., help="Ämne, t.ex. 'underskott placeringar barn och unga'."),
    municipality: Optional[str] = typer.Option(None, "--kommun"),
    committee: Optional[str] = typer.Option(None, "--namnd"),
    k: int = typer.Option(3, "--k", help="Antal avsnitt per år."),
    mode: str = typer.Option("lexical", help="lexical | hybrid | dense"),
    csv_file: Optional[Path] = typer.Option(None, "--csv", help="Skriv en tabell som CSV till filen."),
    table: Optional[str] = typer.Option(None, "--tabell", help="counts | figures | passages (för --csv)."),
    store: Optional[Path] = StoreOpt,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Ett ämne över år: träffar per år och nämnd, bästa avsnitten per år och siffrorna i dem."""
    svc = _service(store)
    res = svc.compare_topic(query, filters={"municipality": municipality, "committee": committee}, k=k, mode=mode)
    _write_csv(svc, res, csv_file, table)
    if as_json:
        _print_json(res.model_dump())
        return
    if not res.years:
        console.print("Inga träffar. Prova färre ord eller ta bort filter.")
        return
    t = Table(title=f"Träffar per år för ”{query}”")
    for col in ("År", "Kommun", "Nämnd", "Dokument", "Avsnitt"):
        t.add_column(col)
    for c in res.counts:
        t.add_row(str(c.year or "okänt"), c.municipality or "–", c.committee or "–", str(c.documents), str(c.passages))
    console.print(t)
    for y in res.years:
        console.print(f"\n[bold]{y.year or 'Okänt år'}[/bold]  [dim]{y.documents} dokument, {y.passages_found} avsnitt[/dim]")
        for p in y.passages:
            console.print(f"  [bold]{p.title or '(utan titel)'}[/bold] [dim]{p.date or 'odaterad'} · {p.committee or '–'} · "
                          f"{', '.join(p.case_numbers) or 'inget dnr'} · {p.source} s. {p.page or '–'}[/dim]")
            console.print("    " + p.snippet)
    if res.figures:
        ft = Table(title="Siffror i avsnitten")
        for col in ("År", "Vad", "Belopp", "Enhet", "Avser år", "Fil / sida"):
            ft.add_column(col)
        for f in res.figures:
            ft.add_row(str(f.passage_year or "–"), f"{f.kind}: {f.label}"[:70], f"{f.value:g}", f.unit, str(f.year or "–"),
                       f"{f.source} s. {f.page or '–'} [{f.char_start}–{f.char_end}]")
        console.print(ft)


@compare_app.command("reports")
def compare_reports_cmd(
    kind: str = typer.Option(..., "--type", help="delårsrapport | årsrapport | kvalitetsberättelse | verksamhetsplan | ej-verkställda-beslut"),
    municipality: Optional[str] = typer.Option(None, "--kommun"),
    committee: Optional[str] = typer.Option(None, "--committee", "--namnd"),
    csv_file: Optional[Path] = typer.Option(None, "--csv", help="Skriv en tabell som CSV till filen."),
    table: Optional[str] = typer.Option(None, "--tabell", help="key_figures | figures | sections (för --csv)."),
    store: Optional[Path] = StoreOpt,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Samma slags rapport från olika år, avsnitt för avsnitt, med nyckeltal per år."""
    svc = _service(store)
    try:
        res = svc.compare_reports(kind, municipality=municipality, committee=committee)
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2)
    _write_csv(svc, res, csv_file, table)
    if as_json:
        _print_json(res.model_dump())
        return
    if not res.reports:
        console.print("Inga rapporter av den typen finns i lagret.")
        return
    for i, r in enumerate(res.reports):
        console.print(f"[bold]{i + 1}. {r.title}[/bold] [dim]{r.period_year or 'okänt år'} · {r.municipality or '–'} · "
                      f"{r.committee or '–'} · {r.sections} avsnitt · {r.source}[/dim]")
    t = Table(title="Avsnitt sida vid sida")
    for r in res.reports:
        t.add_column(f"{r.period_year or '?'} {r.municipality or ''}")
    for row in res.rows:
        if row.reports > 1:
            t.add_row(*[(f"{c.heading[:40]}" + (f" ({c.match})" if c.match else "")) if c else "–" for c in row.cells])
    console.print(t)
    if res.key_figures:
        kt = Table(title="Nyckeltal per år")
        for col in ("Kommun", "Nyckeltal", "År", "Värde", "Fil / sida"):
            kt.add_column(col)
        for f in res.key_figures:
            kt.add_row(f.municipality or "–", f.kind, str(f.year), f"{f.value:g} {f.unit}",
                       f"{f.source} s. {f.page or '–'} [{f.char_start}–{f.char_end}]")
        console.print(kt)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
