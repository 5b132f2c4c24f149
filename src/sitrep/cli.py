"""The `sitrep` command: thin wrappers over the library (parse options, call, print, exit code).

Exit status: 0 when everything was processed, 1 when some input failed (the rest is still
processed and printed), 2 for bad usage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import SitrepError
from .output import annotation_json, claim_json, incident_json
from .pipeline import Failure, Run
from .settings import Settings

app = typer.Typer(
    name="sitrep",
    help="Turn news reports about armed conflict into a sourced, reconciled record of what happened.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True)

PathsArg = Annotated[list[Path] | None, typer.Argument(help="files or folders (.txt, .html, .jsonl); none: the store")]
DbOpt = Annotated[str, typer.Option("--db", help="SQLite store file")]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="publication date (YYYY-MM-DD) for inputs that carry none")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="output format")]


def _settings(db: str, published: str | None) -> Settings:
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        raise typer.BadParameter(f"--published must be YYYY-MM-DD, not {published!r}") from None
    return Settings.load(db=db, published=day)


@contextmanager
def _progress(total: int | None, label: str) -> Iterator[Any]:
    """A progress bar on stderr for long runs (hidden when stderr is not a terminal)."""
    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=err, transient=True, disable=not err.is_terminal)
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda _name: bar.advance(task)


def _run(paths: list[Path] | None, settings: Settings) -> Run:
    from .workbench import Workbench, analyse_paths

    with _progress(None, "analysing") as tick:
        if paths:
            return analyse_paths(paths, settings, tick)
        with Workbench(settings) as bench:
            return bench.analyses(tick)


def _report_failures(failures: list[Failure]) -> int:
    for f in failures:
        err.print(f"[red]error[/red] {f.message} [dim]({f.stage}: {f.code})[/dim]", highlight=False)
    return 1 if failures else 0


def _jsonl(rows: Any) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command()
def ingest(
    sources: Annotated[list[Path], typer.Argument(help="files or folders of reports")],
    db: DbOpt = "sitrep.db",
    published: PublishedOpt = None,
) -> None:
    """Read reports into the store; the same report twice changes nothing.

    Example: sitrep ingest reports/ --db conflict.db
    """
    from .workbench import Workbench

    settings = _settings(db, published)
    with Workbench(settings) as bench, _progress(None, "ingesting") as tick:
        result = bench.ingest(sources, tick)
    err.print(f"{result.added} added, {result.unchanged} unchanged, {len(result.failures)} failed")
    raise typer.Exit(_report_failures(result.failures))


@app.command()
def extract(
    paths: PathsArg = None, db: DbOpt = "sitrep.db", published: PublishedOpt = None, fmt: FormatOpt = "jsonl"
) -> None:
    """Print every claim: figure, subject, claimant, hedge and evidence span.

    Example: sitrep extract reports/ --format jsonl > claims.jsonl
    """
    run = _run(paths, _settings(db, published))
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
    from .incidents import reconcile

    settings = _settings(db, published)
    run = _run(paths, settings)
    rows = [incident_json(i) for i in reconcile(run.events, settings)]
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
    run = _run(paths, _settings(db, published))
    _jsonl(row for a in run.analyses for row in annotation_json(a.document, a.annotations))
    raise typer.Exit(_report_failures(run.failures))


@app.command()
def report(
    paths: PathsArg = None, db: DbOpt = "sitrep.db", published: PublishedOpt = None, fmt: FormatOpt = "table"
) -> None:
    """Print the situation report: incidents newest first, one line per figure.

    Example: sitrep report --db conflict.db --format md > sitrep.md
    """
    from .incidents import reconcile
    from .report import situation_report

    settings = _settings(db, published)
    run = _run(paths, settings)
    found = reconcile(run.events, settings)
    if fmt in ("md", "txt"):
        print(situation_report(found, fmt))
    else:
        _print_tables(found)
    raise typer.Exit(_report_failures(run.failures))


def _print_tables(found: list[Any]) -> None:
    from .report import fatalities_text, figure_line, incident_heading

    out = Console()
    out.print(f"[bold]Situation report[/bold] · {len(found)} incidents, newest first")
    for n, i in enumerate(found, start=1):
        table = Table(title=f"{n}. {incident_heading(i)}", title_justify="left", show_header=False, expand=False)
        table.add_column("figure")
        for f in i.figures:
            line = figure_line(f)
            table.add_row(f"[bold red]{line}[/bold red]" if f.contested else line)
        if not i.figures:
            table.add_row("no figures reported")
        table.caption = f"reports: {', '.join(i.docs)} · {fatalities_text(i)}"
        table.caption_justify = "left"
        out.print(table)


@app.command()
def demo(db: DbOpt = "sitrep-demo.db") -> None:
    """Ingest the bundled sample reports into a store and print the situation report.

    Example: sitrep demo
    """
    from .report import situation_report
    from .workbench import Workbench, bundled_sample

    settings = _settings(db, None)
    with Workbench(settings) as bench, _progress(None, "ingesting the sample") as tick:
        result = bench.ingest([bundled_sample()], tick)
        found = bench.incidents()
    err.print(f"sample: {result.added} added, {result.unchanged} unchanged · store: {db}")
    print(situation_report(found, "txt"))
    raise typer.Exit(_report_failures(result.failures))


def main() -> None:  # pragma: no cover - the console script
    try:
        app()
    except SitrepError as e:
        err.print(f"[red]error[/red] {e}")
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover - python -m sitrep.cli
    main()
