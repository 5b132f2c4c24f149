"""The library's front door: a store with the pipeline around it.

    import sitrep
    with sitrep.open("sitrep.db") as w:
        w.ingest(["reports/"])
        incidents = w.incidents()

The CLI and the web app are thin layers over these calls.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import SitrepError
from ..records import Claim, Document, Event, Incident
from ..settings import Settings
from ..sources.ingest import read_inputs
from .pipeline import Analysis, Failure, Run, Stage, analyse_all

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
Stored = Callable[[list[Document], list[bool]], None]
"""Told of each batch of documents once it is committed: the documents and, for each, whether it was new."""
WRITE_BATCH = 256
"""Analysed reports written to the store in one transaction."""


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    copies: int = 0  # added reports that repeat a stored one (their claims are not counted again)
    added_names: list[str] = field(default_factory=list)

    def extend(self, other: IngestReport) -> None:
        """Count in what another ingest of the same run did."""
        self.added += other.added
        self.unchanged += other.unchanged
        self.failures.extend(other.failures)
        self.copies += other.copies
        self.added_names.extend(other.added_names)


class Workbench:
    """A store (SQLite file by default, PostgreSQL for a postgresql:// URL) and the pipeline's settings."""

    def __init__(self, settings: Settings | None = None, store: Any | None = None) -> None:
        self.settings = settings or Settings.load()
        from ..store.opening import open_store  # a store's work: imported on use
        self.store = store if store is not None else open_store(self.settings.db)
        self._db = None if store is not None or self.settings.db == ":memory:" else self.settings.db
        self._copy_index: Any = None

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def ingest(
        self, paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None, *, workers: int = 1
    ) -> IngestReport:
        """Read reports into the store, extract their claims, and reconcile incidents again.

        `workers` > 1 analyses the reports on that many processes (the store has one writer).
        """
        return self.ingest_documents(read_inputs(paths, self.settings), progress, workers=workers)

    def ingest_documents(
        self,
        documents: Iterable[Document | SitrepError],
        progress: Progress | None = None,
        *,
        workers: int = 1,
        batch: int = WRITE_BATCH,
        stored: Stored | None = None,
        reconcile: bool = True,
    ) -> IngestReport:
        """Store documents (and record the errors met reading them), then reconcile incidents again
        (unless `reconcile` is False, for a caller ingesting more before it reconciles).

        Analysed reports are committed `batch` at a time (1: each as soon as it is analysed, for
        documents that come slowly, such as fetched pages), and `stored` is told of each commit."""
        report = IngestReport()
        self._copy_index = None
        from .batch import analyse_parallel  # a store's work: imported on use
        for chunk in _batches(analyse_parallel(documents, self.settings, workers, lean=True), batch):
            self._keep_batch(chunk, report, progress, stored)
        self._copy_index = None  # not held while reconciling, which pauses the collector: its LSH
        gc.collect()  # holds reference cycles, freed now
        if reconcile and (report.added or self._unreconciled()):
            self.reconcile(workers)
        return report

    def reconcile(self, workers: int = 1) -> None:
        """Reconcile the stored events into incidents again and store them. The events are read in
        the order they are reconciled, a few reports at a time, and each incident is written as
        soon as it is complete, so a store of any size is reconciled in about the memory of the
        events of a few days. `workers` > 1 shares the event types out among that many processes
        (for a store opened from `settings.db`, not one in memory)."""
        through = self.store.last_document_id()
        self._analyse_unanalysed()
        from . import reconciling  # a store's work: imported on use
        reconciling.reconcile_store(self.store, self.settings, through, workers, self._db)

    def _unreconciled(self) -> bool:
        """Whether stored reports may be missing from the stored incidents: a run stopped (killed)
        after storing reports and before reconciling them, which this run completes. One lookup,
        unless the store does not yet say how far its incidents reach (written before it kept that):
        then reports stored before events were kept are analysed, and every report's name is looked
        for in the incidents, once. (Reports stored since are stored with their events.)"""
        last, through = self.store.last_document_id(), self.store.reconciled_through()
        if through is not None:
            return last > through
        analysed = self._analyse_unanalysed()
        missing = self.store.reports_with_events(skip=self.store.copies()) - self.store.incident_reports()
        if not (missing or analysed):
            self.store.mark_reconciled(last)
        return bool(missing) or analysed

    def _keep_batch(
        self, batch: list[Analysis | Failure], report: IngestReport, progress: Progress | None,
        stored: Stored | None = None,
    ) -> None:
        """Store a batch of analysed reports (documents, claims, events, copy links) in one transaction,
        so a run stopped at any moment leaves each report whole or absent, and the next run completes it."""
        analysed = [item for item in batch if isinstance(item, Analysis)]
        links = self._copy_links(analysed)
        flags = self.store.add_analysed([(a.document, a.claims, a.events) for a in analysed], links)
        if stored is not None:
            stored([a.document for a in analysed], flags)
        news = iter(flags)
        for item in batch:
            if isinstance(item, Failure):
                report.failures.append(item)
                self.store.record_failure(item.source, item.stage, item.code, item.message)
                continue
            if next(news):
                report.added += 1
                report.added_names.append(item.document.name)
                report.copies += item.document.content_hash in links
            else:
                report.unchanged += 1
            if progress:
                progress(item.document.name)

    def _copy_links(self, analysed: list[Analysis]) -> dict[str, tuple[str, float]]:
        """{content hash: (original's content hash, similarity)} for each report of `analysed` not yet
        stored that copies a stored or an earlier one (see `sitrep.sources.copies`); a copy signature the
        analysis brings along is used rather than made again."""
        seen: set[str] = set()
        links: dict[str, tuple[str, float]] = {}
        for item in analysed:
            doc, signature = item.document, item.copy_signature
            if doc.content_hash in seen or self.store.document(doc.content_hash) is not None:
                continue
            seen.add(doc.content_hash)
            if self._copy_index is None:  # the stored reports still in the comparison window
                known = self.store.copies()
                from ..sources.copies import CopyIndex  # a store's work: imported on use
                self._copy_index = CopyIndex(self.settings)
                for stored in self.store.documents(last=self.settings.copy_window):
                    self._copy_index.add(stored, known.get(stored.content_hash, (None,))[0])
            link = self._copy_index.find(doc, signature)
            self._copy_index.add(doc, link.original if link else None, signature)
            if link:
                links[doc.content_hash] = (link.original, link.similarity)
        return links

    def documents(self) -> list[Document]:
        return list(self.store.documents())

    def analyses(self, progress: Progress | None = None) -> Run:
        """The pipeline over every stored report; copies keep their claims but add no events."""
        run = analyse_documents(self.documents(), self.settings, progress)
        copies = self.store.copies()
        if copies:
            run.analyses = [
                replace(a, events=()) if a.document.content_hash in copies else a for a in run.analyses
            ]
        return run

    def stored_events(self) -> list[Event]:
        """The events of every stored report but copies, from the store (reports stored before
        events were kept are analysed once and their events stored)."""
        self._analyse_unanalysed()
        return list(self.store.events(skip=self.store.copies()))

    def events_in_order(self) -> Iterator[Event]:
        """`stored_events()` in the order they are reconciled (`incidents.canonical`), read a few
        reports at a time (see `sitrep.run.reconciling`)."""
        self._analyse_unanalysed()  # now, not when the first event is asked for
        from . import reconciling  # a store's work: imported on use
        return reconciling.events_in_order(self.store, reconciling.reading_order(self.store))

    def _analyse_unanalysed(self) -> bool:
        """Analyse once the reports stored before events were kept, and store their events; True if any."""
        found = False
        for item in analyse_all(self.store.unanalysed(), self.settings):
            if isinstance(item, Analysis):
                self.store.replace_events(item.document.content_hash, item.events)
                found = True
        return found

    def claims(self) -> list[Claim]:
        return list(self.store.claims())

    def incidents(self) -> list[Incident]:
        return list(self.store.incidents())

    def incidents_frame(self) -> Any:
        """The stored incidents as a pandas DataFrame (see `sitrep.present.export.incidents_frame`)."""
        from ..present import export as exports  # a store's work: imported on use
        return exports.incidents_frame(self.incidents())

    def figures_frame(self) -> Any:
        """One row per reconciled figure of every incident, as a pandas DataFrame."""
        from ..present import export as exports  # a store's work: imported on use
        return exports.figures_frame(self.incidents())

    def claims_frame(self) -> Any:
        """The stored claims as a pandas DataFrame, one row per claim, the contract's fields as columns."""
        from ..present import export as exports  # a store's work: imported on use
        return exports.claims_frame(self.claims())

    def export(self, fmt: str, output: str | os.PathLike[str]) -> int:
        """Write the incidents as acled-csv, ucdp-csv, geojson, jsonl or parquet; return how many."""
        from ..present import export as exports  # a store's work: imported on use
        from ..reconcile.history import store_times  # a store's work: imported on use
        return exports.export_incidents(self.incidents(), fmt, output, store_times(self.store))


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def analyse_documents(
    docs: Iterable[Document | SitrepError], settings: Settings, progress: Progress | None = None,
    through: Stage = "events",
) -> Run:
    """The pipeline over documents (and the ingest errors met on the way), collected into a `Run`."""
    run = Run()
    for item in analyse_all(docs, settings, through):
        if isinstance(item, Failure):
            run.failures.append(item)
        else:
            run.analyses.append(item)
            if progress:
                progress(item.document.name)
    return run


def analyse_paths(
    paths: Sequence[str | os.PathLike[str]], settings: Settings, progress: Progress | None = None,
    through: Stage = "events",
) -> Run:
    """The pipeline straight over files and folders, without a store."""
    return analyse_documents(read_inputs(paths, settings), settings, progress, through)


def open_workbench(path: str | os.PathLike[str] = "sitrep.db", **settings: Any) -> Workbench:
    """`sitrep.open(path)`: a workbench over the store at `path`."""
    return Workbench(Settings.load(db=str(path), **settings))


def bundled_sample() -> Path:
    """The sample reports shipped with sitrep (the Afghanistan–Pakistan seed reports)."""
    return Path(str(resources.files("sitrep.data").joinpath("sample")))


__all__ = ["IngestReport", "Workbench", "analyse_paths", "open_workbench", "SitrepError"]
