"""The `sitrep` command: thin wrappers over the library (parse options, call, print, exit code).

Exit status: 0 when everything was processed, 1 when some input failed (the rest is still
processed and printed), 2 for bad usage.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .errors import OutputError, SettingsError, SitrepError, StoreError
from .present.output import annotation_json, claim_json, incident_json
from .reconcile.history import ReportTime, store_times
from .reconcile.incidents import reconcile
from .run.pipeline import Failure, Run, Stage
from .run.workbench import Workbench, analyse_paths, bundled_sample
from .settings import Settings
from .store.opening import is_postgres_url, open_store

# A few commands import what only they use inside: `serve` the dashboard (its web framework and server
# take about 1 s to import), `ingest`, `watch` and `sources` the web fetcher (its HTTP client about
# 0.4 s), `report` and `demo` the report's templates (0.1 s), `claimants` the claimants' records, so
# that `sitrep extract` and the others do not wait for them at start.

app = typer.Typer(
    name="sitrep",
    help="Turn news reports about armed conflict into a sourced, reconciled record of what happened.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True)

PathsArg = Annotated[
    list[Path] | None,
    # readable=False: an unreadable path is reported (and the others read) by sitrep, not refused as usage
    typer.Argument(help="files or folders (.txt, .html, .jsonl); none: the store", readable=False),
]
DbOpt = Annotated[str, typer.Option("--db", help="SQLite store file, or a postgresql://user@host/dbname URL")]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="publication date (YYYY-MM-DD) for inputs that carry none")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="output format")]
AllowPrivateOpt = Annotated[
    bool, typer.Option("--allow-private", help="also fetch from loopback and private addresses")
]


def _settings(db: str, published: str | None) -> Settings:
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        raise typer.BadParameter(f"--published must be YYYY-MM-DD, not {published!r}") from None
    return Settings.load(db=db, published=day)


@contextmanager
def _progress(total: int | None, label: str) -> Iterator[Any]:
    """A progress bar on stderr for long runs (none when stderr is not a terminal)."""
    if not err.is_terminal:
        yield lambda _name: None
        return
    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=err, transient=True)
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda _name: bar.advance(task)


def _run(paths: list[Path] | None, settings: Settings, through: Stage = "events") -> Run:
    """Reports analysed from files (only up to `through`), or those of the store."""
    with _progress(None, "analysing") as tick:
        if paths:
            return analyse_paths(paths, settings, tick, through)
        _existing_store(settings.db)
        with Workbench(settings) as bench:
            return bench.analyses(tick)


def _times(run: Run, settings: Settings, paths: list[Path] | None) -> dict[str, Any]:
    """Each analysed report's time for the figures' history: its publication date, and for a stored
    report also the time it was ingested."""
    if paths:
        return {a.document.name: ReportTime.of(a.document.published, None) for a in run.analyses}
    with open_store(settings.db) as store:
        return store_times(store, [a.document.name for a in run.analyses])


def _report_failures(failures: list[Failure]) -> int:
    for f in failures:
        _print_error(f.message, f"{f.stage}: {f.code}")
    return 1 if failures else 0


def _print_error(message: str, detail: str = "") -> None:
    """`error` and the message on stderr; names in it (paths, URLs) are printed as they are, never
    read as markup, and never wrapped."""
    line = Text.assemble(("error", "red"), " ", message)
    if detail:
        line.append(f" ({detail})", style="dim")
    err.print(line, highlight=False, soft_wrap=True)


def _say(message: str) -> None:
    """A plain line on stderr, names in it printed as they are."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def _failed(error: SitrepError, status: int = 1) -> typer.Exit:
    """Print `error` and give the exit to raise (2: bad usage, 1: the work failed)."""
    _print_error(str(error), error.code)
    return typer.Exit(status)


def _existing_store(db: str) -> str:
    """`db`, when it names a store that exists: a command that only reads a store must not make an
    empty one from a mistyped --db."""
    if db != ":memory:" and not is_postgres_url(db) and not Path(db).exists():
        raise _failed(StoreError("no store at this path", source=db,
                                 hint="check --db; sitrep ingest makes a store"), 2)
    return db


def _jsonl(rows: Any) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command()
def ingest(
    sources: Annotated[
        list[str], typer.Argument(help="files, folders, JSON Lines, - (stdin), page or RSS/Atom feed URLs")
    ],
    db: DbOpt = "sitrep.db",
    published: PublishedOpt = None,
    allow_private: AllowPrivateOpt = False,
    workers: Annotated[
        int, typer.Option("--workers", min=0, help="processes analysing reports (0: one a core); one writes")
    ] = 1,
) -> None:
    """Read reports into the store; the same report twice changes nothing, a copy adds no figure.

    Example: sitrep ingest reports/ https://example.org/world/rss.xml --db conflict.db --workers 0
    """
    from .run.watch import ingest_sources  # inside: the web fetcher (see the top)

    settings = replace(_settings(db, published), allow_private=allow_private)
    with Workbench(settings) as bench, _progress(None, "ingesting") as tick:
        result = ingest_sources(bench, sources, progress=tick, workers=workers or os.cpu_count() or 1,
                                announce=False)
    _print_sources(result.sources)
    done = result.ingest
    counts = f"{done.added} added ({done.copies} copies), {done.unchanged} unchanged"
    err.print(f"{counts}, {len(done.failures)} failed")
    raise typer.Exit(_report_failures(done.failures) or int(result.failed))


@app.command()
def extract(
    paths: PathsArg = None, db: DbOpt = "sitrep.db", published: PublishedOpt = None, fmt: FormatOpt = "jsonl"
) -> None:
    """Print every claim: figure, subject, claimant, hedge and evidence span.

    Example: sitrep extract reports/ --format jsonl > claims.jsonl
    """
    run = _run(paths, _settings(db, published), "claims")
    rows = [claim_json(c) for c in run.claims if not c.unspecified]  # no figure, no claim line
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        _jsonl(rows)
    raise typer.Exit(_report_failures(run.failures))


@app.command()
def incidents(
    paths: PathsArg = None, db: DbOpt = "sitrep.db", published: PublishedOpt = None, fmt: FormatOpt = "json"
) -> None:
    """Print incidents: claims of all reports reconciled into events, figure by figure.

    Example: sitrep incidents reports/ --format json > incidents.json
    """
    settings = _settings(db, published)
    run = _run(paths, settings)
    times = _times(run, settings, paths)
    rows = [incident_json(i, times) for i in reconcile(run.events, settings)]
    if fmt == "jsonl":
        _jsonl(rows)
    else:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    raise typer.Exit(_report_failures(run.failures))


@app.command()
def annotate(
    paths: PathsArg = None, db: DbOpt = "sitrep.db", published: PublishedOpt = None, fmt: FormatOpt = "jsonl"
) -> None:
    """Print every recognised span: places, dates, actors, quantities.

    Example: sitrep annotate report.txt --published 2025-10-12
    """
    run = _run(paths, _settings(db, published), "annotate")
    rows = (row for a in run.analyses for row in annotation_json(a.document, a.annotations))
    if fmt == "json":
        print(json.dumps(list(rows), ensure_ascii=False, indent=1))
    else:
        _jsonl(rows)
    raise typer.Exit(_report_failures(run.failures))


@app.command()
def report(
    paths: PathsArg = None, db: DbOpt = "sitrep.db", published: PublishedOpt = None, fmt: FormatOpt = "table"
) -> None:
    """Print the situation report (table, md, txt, or html: self-contained and printable).

    Example: sitrep report --db conflict.db --format html > sitrep.html
    """
    from .present.report import situation_report  # inside: the report's templates (see the top)

    settings = _settings(db, published)
    run = _run(paths, settings)
    found = reconcile(run.events, settings)
    times = _times(run, settings, paths)
    if fmt in ("md", "txt", "html"):
        print(situation_report(found, fmt, times))
    else:
        _print_tables(found, times)
    raise typer.Exit(_report_failures(run.failures))


def _print_tables(found: list[Any], times: dict[str, Any] | None = None) -> None:
    from .present.phrases import (  # the tables' words: imported on use
        fatalities_text,
        figure_line,
        incident_heading,
        moving_lines,
        total_text,
    )
    from .reconcile.totals import fatalities_total  # imported on use, as above

    out = Console()
    out.print(f"[bold]Situation report[/bold] · {len(found)} incidents, newest first")
    total = fatalities_total(found) if found else None
    if total is not None:
        out.print(total_text(total), markup=False)
    number = {i.id: n for n, i in enumerate(found, start=1)}
    within = dict(total.within) if total is not None else {}
    for n, i in enumerate(found, start=1):
        table = Table(title=f"{n}. {incident_heading(i)}", title_justify="left", show_header=False, expand=False)
        table.add_column("figure")
        for f in i.figures:
            line = figure_line(f)
            table.add_row(f"[bold red]{line}[/bold red]" if f.contested else line)
        for line in moving_lines(i, times):
            table.add_row(f"moved: {line}")
        if not i.figures:
            table.add_row("no figures reported")
        counted = f" · counted within incident {number[within[i.id]]}" if i.id in within else ""
        table.caption = f"reports: {', '.join(i.docs)} · {fatalities_text(i)}{counted}"
        table.caption_justify = "left"
        out.print(table)


@app.command()
def demo(db: DbOpt = "sitrep-demo.db") -> None:
    """Ingest the bundled sample reports into a store and print the situation report.

    Example: sitrep demo
    """
    from .present.report import situation_report  # inside: the report's templates (see the top)

    settings = _settings(db, None)
    with Workbench(settings) as bench, _progress(None, "ingesting the sample") as tick:
        result = bench.ingest([bundled_sample()], tick)
        found = bench.incidents()
    _say(f"sample: {result.added} added, {result.unchanged} unchanged · store: {db}")
    print(situation_report(found, "txt"))
    raise typer.Exit(_report_failures(result.failures))


@app.command()
def serve(
    db: DbOpt = "sitrep.db",
    host: Annotated[str, typer.Option("--host", help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port to listen on")] = 8000,
    tiles: Annotated[
        str | None,
        typer.Option("--tiles", help="online map tile URL ({z}/{x}/{y}) drawn under the offline outlines"),
    ] = None,
    allow_writes: Annotated[
        bool, typer.Option("--allow-writes", help="accept POST /api/reports from clients with SITREP_TOKEN")
    ] = False,
    rate_limit: Annotated[
        float, typer.Option("--rate-limit", help="requests a second per client (429 beyond); 0: no limit")
    ] = 0.0,
    max_body: Annotated[
        int, typer.Option("--max-body", help="largest request body in bytes (413 beyond)")
    ] = 2_000_000,
    trust_proxy: Annotated[
        str | None,
        typer.Option("--trust-proxy", help="addresses of reverse proxies whose X-Forwarded-For is believed "
                                           "(comma-separated; default: none, every client is its address)"),
    ] = None,
) -> None:
    """Serve the dashboard and the JSON API over the store (read-only unless --allow-writes).

    Example: sitrep serve --db conflict.db --port 8000  (then open http://127.0.0.1:8000/)
    """
    # inside: the dashboard (see the top)
    import uvicorn

    from .web import create_app
    from .web.app import check_tiles

    if tiles is not None:
        try:
            check_tiles(tiles)
        except SitrepError as error:
            raise typer.BadParameter(str(error), param_hint="--tiles") from None
    settings = Settings.load(db=db, web_allow_writes=allow_writes, web_rate_limit=rate_limit,
                             web_max_body=max_body, web_token=os.environ.get("SITREP_TOKEN") or None)
    if not allow_writes:  # a read-only server of a mistyped --db would serve an empty store
        _existing_store(db)
    opened = open_store(settings.db)  # fail early, with a clear message, on a file that is not a store
    opened.close()
    _say(f"sitrep dashboard on http://{host}:{port}/ · store: {opened.path}")  # shown without a password
    # X-Forwarded-For is read only from the proxies named: from anyone else it would let a client
    # choose its own address (and so escape the rate limit)
    uvicorn.run(create_app(settings, tiles=tiles), host=host, port=port, log_level="warning",
                proxy_headers=bool(trust_proxy), forwarded_allow_ips=trust_proxy or None)


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")],
    db: DbOpt = "sitrep.db",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="acled-csv, ucdp-csv, geojson, jsonl or parquet")
    ] = "jsonl",
) -> None:
    """Write the stored incidents in another tool's format.

    Example: sitrep export --db conflict.db --format acled-csv --output events.csv
    """
    from .present.export import export_incidents  # one command's writers: imported on use

    with Workbench(_settings(_existing_store(db), None)) as bench:
        try:
            count = export_incidents(bench.incidents(), fmt, output, store_times(bench.store))
        except OutputError as error:
            raise _failed(error) from None
    _say(f"{count} incidents written to {output} ({fmt})")


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="feed or page URLs to poll")],
    every: Annotated[str, typer.Option("--every", help="time between polls: 30s, 15m, 2h")] = "15m",
    webhook: Annotated[str | None, typer.Option("--webhook", help="URL to POST each announcement to")] = None,
    once: Annotated[bool, typer.Option("--once", help="poll once and stop")] = False,
    db: DbOpt = "sitrep.db",
    allow_private: AllowPrivateOpt = False,
) -> None:
    """Poll feeds, ingest new items, and announce new incidents, figures and contradicting claims.

    Example: sitrep watch https://example.org/world/rss.xml --every 15m --webhook https://hooks.example.org/x
    """
    from .run.watch import parse_every  # inside: the web fetcher (see the top)
    from .run.watch import watch as watch_feeds

    try:
        seconds = parse_every(every)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    settings = replace(_settings(db, None), allow_private=allow_private)
    with Workbench(settings) as bench:
        polls = 1 if once else None
        try:
            last = watch_feeds(bench, feeds, every=seconds, webhook=webhook, on_poll=_print_poll, polls=polls)
        except KeyboardInterrupt:
            raise typer.Exit(0) from None
    raise typer.Exit(int(last.failed))


def _print_poll(result: Any) -> None:
    for item in result.announcements:
        print(f"[{item.kind}] {item.incident}: {item.message}", flush=True)
    _print_sources(result.sources)
    _report_failures(result.ingest.failures)


def _print_sources(rows: list[Any]) -> None:
    for s in rows:
        line = f"{s.status:<12} {s.url} · {s.items} items, {s.added} added, {s.failed} failed"
        err.print(line, highlight=False, markup=False)  # the failures and their reasons follow


@app.command()
def sources(db: DbOpt = "sitrep.db", fmt: FormatOpt = "table") -> None:
    """List web sources: last status (ok, not_modified, error and why), item counts, last fetch time.

    Example: sitrep sources --db conflict.db --format json
    """
    from .run.watch import sources_table  # inside: the web fetcher (see the top)

    with open_store(_existing_store(db)) as store:
        rows = store.sources()
    print(json.dumps(rows, ensure_ascii=False, indent=1) if fmt == "json" else sources_table(rows))


@app.command()
def claimants(db: DbOpt = "sitrep.db", fmt: FormatOpt = "table") -> None:
    """Each claimant's record across the store: figures given, against the adversary's admissions and
    independent counts (median ratio and pairs), revisions up and down, how often first.

    Example: sitrep claimants --db conflict.db --format json
    """
    from .reconcile.claimants import claimant_records, record_json, records_table  # inside: see the top

    with open_store(_existing_store(db)) as store:
        records = claimant_records(store.incidents(), store_times(store))
    if fmt == "json":
        print(json.dumps([record_json(r) for r in records], ensure_ascii=False, indent=1))
    else:
        print(records_table(records))


@app.command()
def batch(
    inputs: Annotated[list[Path], typer.Argument(help="JSON Lines or Parquet shards, text or HTML, folders")],
    output: Annotated[Path, typer.Option("--output", "-o", help="folder for the Parquet files")],
    engine: Annotated[str, typer.Option("--engine", help="dask, or local (this process)")] = "dask",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="a running Dask scheduler's address (default: local)")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="local cluster processes (0: one a core)")] = 0,
    published: PublishedOpt = None,
) -> None:
    """Backfill: analyse many reports on a Dask cluster; write Parquet claims and incidents.

    Example: sitrep batch shards/ --engine dask --scheduler tcp://10.0.0.5:8786 --output out/
    """
    from .run.batch import run_batch  # one command's workers: imported on use

    try:
        result = run_batch(inputs, output, _settings("sitrep.db", published), engine=engine,
                           scheduler=scheduler, workers=workers or None)
    except OutputError as error:
        raise _failed(error) from None
    _say(f"{result.documents} reports, {result.claims} claims, {result.incidents} incidents"
         f" ({result.parts} parts) → {output}")
    raise typer.Exit(_report_failures(result.failures))


def main() -> None:  # pragma: no cover - the console script
    try:
        app()
    except SitrepError as e:
        _print_error(str(e), e.code)
        # 2 for bad usage (settings or a --db that cannot be used), 1 when the work itself failed
        sys.exit(2 if isinstance(e, SettingsError | StoreError) else 1)


if __name__ == "__main__":  # pragma: no cover - python -m sitrep.cli
    main()
