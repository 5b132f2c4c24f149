"""The library's front door: a store with the pipeline around it.

    import sitrep
    with sitrep.open("sitrep.db") as w:
        w.ingest(["reports/"])
        incidents = w.incidents()

The CLI and the web app are thin layers over these calls.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SitrepError
from .ingest import read_inputs
from .pipeline import Analysis, Failure, Run, analyse_all
from .records import Claim, Document, Incident
from .settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)


class Workbench:
    """A store (SQLite file by default) and the settings the pipeline runs with."""

    def __init__(self, settings: Settings | None = None, store: Any | None = None) -> None:
        from .store import Store

        self.settings = settings or Settings.load()
        self.store = store if store is not None else Store(self.settings.db)

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def ingest(self, paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None) -> IngestReport:
        """Read reports into the store, extract their claims, and reconcile incidents again."""
        report = IngestReport()
        for item in analyse_all(read_inputs(paths, self.settings), self.settings):
            if isinstance(item, Failure):
                report.failures.append(item)
                self.store.record_failure(item.source, item.stage, item.code, item.message)
                continue
            if self._keep(item):
                report.added += 1
            else:
                report.unchanged += 1
            if progress:
                progress(item.document.name)
        if report.added:
            self.store.replace_incidents(self._reconcile())
        return report

    def _keep(self, item: Analysis) -> bool:
        new = self.store.add_document(item.document)
        if new:
            self.store.replace_claims(item.document.content_hash, item.claims)
        return bool(new)

    def documents(self) -> list[Document]:
        return list(self.store.documents())

    def analyses(self, progress: Progress | None = None) -> Run:
        """The pipeline over every stored report."""
        return analyse_documents(self.documents(), self.settings, progress)

    def _reconcile(self) -> list[Incident]:
        from .incidents import reconcile

        return reconcile(self.analyses().events, self.settings)

    def claims(self) -> list[Claim]:
        return list(self.store.claims())

    def incidents(self) -> list[Incident]:
        return list(self.store.incidents())


def analyse_documents(
    docs: Iterable[Document | SitrepError], settings: Settings, progress: Progress | None = None
) -> Run:
    """The pipeline over documents (and the ingest errors met on the way), collected into a `Run`."""
    run = Run()
    for item in analyse_all(docs, settings):
        if isinstance(item, Failure):
            run.failures.append(item)
        else:
            run.analyses.append(item)
            if progress:
                progress(item.document.name)
    return run


def analyse_paths(
    paths: Sequence[str | os.PathLike[str]], settings: Settings, progress: Progress | None = None
) -> Run:
    """The pipeline straight over files and folders, without a store."""
    return analyse_documents(read_inputs(paths, settings), settings, progress)


def open_workbench(path: str | os.PathLike[str] = "sitrep.db", **settings: Any) -> Workbench:
    """`sitrep.open(path)`: a workbench over the store at `path`."""
    return Workbench(Settings.load(db=str(path), **settings))


def bundled_sample() -> Path:
    """The sample reports shipped with sitrep (the Afghanistan–Pakistan seed reports)."""
    from importlib import resources

    return Path(str(resources.files("sitrep.data").joinpath("sample")))


__all__ = ["IngestReport", "Workbench", "analyse_paths", "open_workbench", "SitrepError"]
