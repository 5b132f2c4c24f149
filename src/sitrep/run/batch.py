"""Backfills: the pipeline over a large input on a Dask cluster, claims and incidents to Parquet.

    from sitrep.run.batch import run_batch
    result = run_batch(["shards/"], "out/", settings)                    # a local cluster
    result = run_batch(["shards/"], "out/", settings, scheduler="tcp://10.0.0.5:8786")

The stages:

1. plan      — the inputs cut into parts: JSON Lines files into runs of whole lines, Parquet files
               into row groups, text and HTML files whole (`plan_parts`)
2. analyse   — each part read and analysed on a worker (a `dask.bag` mapped over the parts); a part
               gives its claims (as contract rows), its events and its failures
3. reconcile — the events of all parts gathered and reconciled once, on the client (reconciliation
               is global: an incident may join reports of any part)
4. write     — `claims.parquet` (one row per claim, the fields of `sitrep extract`) and
               `incidents.parquet` (the fields of `sitrep incidents`) in the output folder

The result equals the single-process run (`sitrep extract` and `sitrep incidents`) on the same
input: parts are gathered in input order, and reconciliation does not depend on the order of events.
Workers of a running scheduler need sitrep installed and the inputs and output folder at the same paths.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Final

from ..errors import InputError, MalformedInput, MissingExtra, NotFound, OutputError, SettingsError, SitrepError
from ..present.export import writing
from ..present.output import claim_json, incident_json
from ..reconcile.incidents import reconcile
from ..records import Annotations, Document, Event, Incident
from ..settings import Settings
from ..sources.copies import copy_signature
from ..sources.ingest import JSONL_SUFFIXES, SUFFIXES, from_article, read_file, read_jsonl_file, walk_folder
from .pipeline import Analysis, Failure, analyse_all

log = logging.getLogger(__name__)

# pyarrow is imported inside the functions that read or write Parquet: it takes about 0.2 s to import,
# and the command line loads this module for every command, not only `sitrep batch`.

ENGINES: Final = ("dask", "local")
PART_BYTES: Final = 4_000_000
"""JSON Lines are cut into parts of about this many bytes (smaller when the input is small)."""
MIN_PART_BYTES: Final = 16_000
PARQUET_SUFFIXES: Final = (".parquet", ".pq")
IN_FLIGHT: Final = 8
"""Chunks of reports sent to each worker ahead of the results taken: enough that the workers still
have work while a store's one writer stores a batch (a few hundred reports), few enough to keep memory
small. Two chunks a worker left them idle a twentieth of a 3 KB ingest."""


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of the input analysed as one task: bytes [start, end) of a file, or one row group."""

    path: str
    kind: str  # jsonl | parquet | file
    start: int = 0
    end: int = 0
    first_line: int = 1  # line number of the first line (JSON Lines) or index of the row group (Parquet)


@dataclass(frozen=True, slots=True)
class PartResult:
    claims: list[dict[str, Any]]
    events: list[Event]
    failures: list[Failure]
    documents: int


@dataclass(slots=True)
class BatchResult:
    """What a batch run wrote, and what failed on the way."""

    documents: int = 0
    claims: int = 0
    incidents: int = 0
    parts: int = 0
    files: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    settings: Settings,
    *,
    engine: str = "dask",
    scheduler: str | None = None,
    workers: int | None = None,
) -> BatchResult:
    """Analyse `inputs` on `engine`, reconcile once, and write Parquet claims and incidents to `output`.

    `scheduler` is the address of a running Dask scheduler; without it a local cluster of
    `workers` processes (default: one per core) is started and stopped. `engine="local"` runs
    the same steps in this process, without Dask.
    """
    if engine not in ENGINES:
        raise SettingsError(f"unknown engine {engine!r}", hint=f"choose one of: {', '.join(ENGINES)}")
    out = _output_folder(Path(output))
    parts, failures = plan_parts(inputs, settings, workers or os.cpu_count() or 1)
    result = BatchResult(parts=len(parts), failures=failures)
    results = _local(parts, settings) if engine == "local" else _dask(parts, settings, scheduler, workers)
    events: list[Event] = []
    with writing(out / "claims.parquet"), _ClaimsWriter(out / "claims.parquet") as claims:
        for part in results:
            claims.write(part.claims)
            events.extend(part.events)
            result.failures.extend(part.failures)
            result.documents += part.documents
            result.claims += len(part.claims)
    incidents = reconcile(events, settings)
    with writing(out / "incidents.parquet"):
        write_incidents(incidents, out / "incidents.parquet")
    result.incidents = len(incidents)
    result.files = [out / "claims.parquet", out / "incidents.parquet"]
    log.info("batch: %d documents, %d claims, %d incidents", result.documents, result.claims, len(incidents))
    return result


def _output_folder(out: Path) -> Path:
    """The output folder, made if missing; a file in its place, or a folder that cannot be made, is an
    `OutputError` before any work is done."""
    if out.exists() and not out.is_dir():
        raise OutputError("the output exists and is not a folder", source=str(out),
                          hint="--output names a folder for claims.parquet and incidents.parquet")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot make the output folder: {err.strerror or err}", source=str(out),
                          hint="check the path and its permissions") from None
    return out


# --------------------------------------------------------------------------- plan


def plan_parts(
    inputs: Sequence[str | os.PathLike[str]], settings: Settings, workers: int = 1
) -> tuple[list[Part], list[Failure]]:
    """The input cut into parts, in input order, and the inputs that cannot be read at all."""
    files: list[Path] = []
    failures: list[Failure] = []
    for item in inputs:
        p = Path(item)
        folder = _is_folder(p, failures)
        if folder is None:
            continue
        if folder:
            for found in walk_folder(p, (*SUFFIXES, *PARQUET_SUFFIXES)):
                if isinstance(found, InputError):
                    failures.append(Failure(found.source or str(p), "ingest", found.code, str(found)))
                else:
                    files.append(found)
        elif p.exists():
            files.append(p)
        else:
            err = NotFound("no such file or folder", source=str(p), hint="check the path")
            failures.append(Failure(str(p), "ingest", err.code, str(err)))
    total = sum(f.stat().st_size for f in files)
    size = max(MIN_PART_BYTES, min(PART_BYTES, total // max(1, 4 * workers)))
    parts: list[Part] = []
    for f in files:
        try:
            parts.extend(_parts_of(f, size))
        except SitrepError as err:
            failures.append(Failure(err.source or str(f), "ingest", err.code, str(err)))
    return parts, failures


def _is_folder(path: Path, failures: list[Failure]) -> bool | None:
    """Whether `path` is a folder; None, with a failure naming it, for a path that cannot be reached."""
    try:
        return path.is_dir()
    except OSError as err:
        failures.append(Failure(str(path), "ingest", "input", f"{path}: cannot reach the path: {err.strerror}"))
        return None


def _parts_of(path: Path, size: int) -> Iterator[Part]:
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        import pyarrow.parquet as pq  # inside: see the note at the top

        for group in range(pq.ParquetFile(path).num_row_groups):
            yield Part(str(path), "parquet", first_line=group)
        return
    if suffix not in JSONL_SUFFIXES:
        yield Part(str(path), "file")
        return
    length = path.stat().st_size
    with path.open("rb") as fh:  # a part at a time: a file of any size is cut without reading it whole
        start, line = 0, 1
        while start < length:
            fh.seek(min(start + size, length) - 1)
            end = fh.tell() + len(fh.readline())  # just past the next line end (or the file's end)
            yield Part(str(path), "jsonl", start, end, line)
            fh.seek(start)
            line += fh.read(end - start).count(b"\n")
            start = end


# --------------------------------------------------------------------------- analyse


def analyse_part(part: Part, settings: Settings) -> PartResult:
    """Read and analyse one part (on a worker): its claims as contract rows, its events, its failures."""
    claims: list[dict[str, Any]] = []
    events: list[Event] = []
    failures: list[Failure] = []
    documents = 0
    for item in analyse_all(_read_part(part, settings), settings):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        documents += 1
        claims.extend(claim_json(c) for c in _claims(item))
        events.extend(item.events)
    return PartResult(claims, events, failures, documents)


def _claims(item: Analysis) -> list[Any]:
    return [c for c in item.claims if not c.unspecified]  # as `sitrep extract`: no figure, no claim row


def _read_part(part: Part, settings: Settings) -> Iterator[Any]:
    if part.kind == "file":
        yield from read_file(Path(part.path), settings)
        return
    if part.kind == "parquet":
        yield from _read_row_group(part, settings)
        return
    yield from read_jsonl_file(Path(part.path), settings, (part.start, part.end, part.first_line))


def _read_row_group(part: Part, settings: Settings) -> Iterator[Any]:
    import pyarrow.parquet as pq  # inside: see the note at the top

    rows = pq.ParquetFile(part.path).read_row_group(part.first_line).to_pylist()
    for n, row in enumerate(rows):
        where = f"{part.path}:group {part.first_line} row {n + 1}"
        if row.get("id") is None or not isinstance(row.get("text") or row.get("html"), str):
            yield MalformedInput("a row needs an 'id' and a 'text' or 'html'", source=where, hint="add them")
            continue
        try:
            yield from_article({k: v for k, v in row.items() if v is not None}, settings)
        except InputError as err:
            yield err if err.source else type(err)(err.message, source=where, hint=err.hint)


# --------------------------------------------------------------------------- engines


def _local(parts: Sequence[Part], settings: Settings) -> Iterator[PartResult]:
    for part in parts:
        yield analyse_part(part, settings)


def _dask(
    parts: Sequence[Part], settings: Settings, scheduler: str | None, workers: int | None
) -> Iterator[PartResult]:
    """Part results in input order, computed on a Dask cluster (a local one unless `scheduler`)."""
    try:  # inside: Dask is an extra (pip install 'sitrep[dask]'), and this the one place that needs it
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise MissingExtra("a batch on Dask", "dask", exc) from exc

    if not parts:
        return
    bag = db.from_sequence(parts, npartitions=len(parts)).map(analyse_part, settings)
    if scheduler:
        cluster = None
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.compute(bag.to_delayed())
        for future in futures:  # in input order; later parts keep computing meanwhile
            yield from future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def analyse_parallel(
    documents: Iterable[Document | SitrepError], settings: Settings, workers: int, chunk: int = 32,
    lean: bool = False,
) -> Iterator[Analysis | Failure]:
    """`pipeline.analyse_all` on `workers` processes of this machine, results in input order (`lean`:
    without annotations, which a store does not keep).

    Documents go out in chunks, with at most `IN_FLIGHT` chunks a worker in flight, so memory stays
    bounded whatever the input's length. With one worker, everything runs in this process.
    """
    if workers <= 1:
        yield from analyse_all(documents, settings)
        return
    pending: deque[tuple[list[Document | SitrepError], Future[list[Any]]]] = deque()
    it = iter(documents)
    with ProcessPoolExecutor(workers) as pool:
        while True:
            while len(pending) < IN_FLIGHT * workers and (items := list(islice(it, chunk))):
                pending.append((items, pool.submit(_analyse_chunk, items, settings, lean)))
            if not pending:
                return
            items, done = pending.popleft()
            yield from _rejoin(items, done.result()) if lean else done.result()


def _analyse_chunk(items: list[Document | SitrepError], settings: Settings, lean: bool = False) -> list[Any]:
    """The chunk's analyses; `lean`: only each report's claims and events (or its failure), which is all
    a store keeps, and its copy signature, so that neither the report nor its annotations cross back
    between processes and the store's one writer need not make the signature."""
    found = list(analyse_all(items, settings))
    return [_lean(a) if lean and isinstance(a, Analysis) else a for a in found]


def _lean(analysis: Analysis) -> tuple[Any, ...]:
    """What a store needs of an analysis besides the report itself: claims, events, copy signature."""
    return analysis.claims, analysis.events, copy_signature(analysis.document.analysis)


def _rejoin(items: list[Document | SitrepError], results: list[Any]) -> Iterator[Analysis | Failure]:
    """Lean results paired again with the documents sent out (failures come back whole)."""
    for item, result in zip(items, results, strict=True):
        if isinstance(result, Failure):
            yield result
        else:
            assert isinstance(item, Document)
            claims, events, signature = result
            yield Analysis(item, Annotations(), claims, events, signature)


# --------------------------------------------------------------------------- write

def _schemas() -> tuple[Any, Any]:
    import pyarrow as pa  # inside: see the note at the top

    s, i, b = pa.string(), pa.int64(), pa.bool_()
    claim = pa.schema([
        ("doc", s), ("kind", s), ("low", i), ("high", i), ("approx", b), ("subject", s),
        ("subject_country", s), ("subject_role", s), ("claimant", s), ("claimant_country", s),
        ("unverified", b), ("start", i), ("end", i), ("text", s), ("unspecified", b),
        ("date", s), ("place", s), ("part", b), ("side_by", s),
    ])
    ref = pa.struct([("doc", s), ("claimant", s), ("claimant_country", s), ("stance", s), ("low", i),
                     ("high", i), ("unverified", b), ("evidence", s), ("revised", b)])
    figure = pa.struct([("kind", s), ("subject_country", s), ("subject_role", s), ("low", i), ("best", i),
                        ("high", i), ("contested", b), ("claims", pa.list_(ref))])
    incident = pa.schema([
        ("id", s), ("date_start", s), ("date_end", s), ("date_precision", s), ("country", s), ("admin1", s),
        ("location", s), ("lat", pa.float64()), ("lon", pa.float64()), ("geo_precision", i),
        ("event_type", s), ("sub_event_type", s), ("actor1", s), ("actor2", s), ("docs", pa.list_(s)),
        ("figures", pa.list_(figure)), ("fatalities", pa.struct([("low", i), ("best", i), ("high", i)])),
    ])
    return claim, incident


class _ClaimsWriter:
    """Claims appended to one Parquet file, a row group per part (nothing is held for the whole run)."""

    def __init__(self, path: Path) -> None:
        import pyarrow.parquet as pq  # inside: see the note at the top

        self.schema = _schemas()[0]
        self.writer = pq.ParquetWriter(path, self.schema)

    def __enter__(self) -> _ClaimsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.writer.close()

    def write(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa  # inside: see the note at the top

        if rows:
            self.writer.write_table(pa.Table.from_pylist(rows, schema=self.schema))


def write_incidents(incidents: Sequence[Incident], path: Path) -> None:
    """The incidents as Parquet, one row each with the fields of `sitrep incidents`."""
    import pyarrow as pa  # inside: see the note at the top
    import pyarrow.parquet as pq

    rows = [incident_json(i) for i in incidents]
    pq.write_table(pa.Table.from_pylist(rows, schema=_schemas()[1]), path)
