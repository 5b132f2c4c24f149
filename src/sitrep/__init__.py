"""sitrep: a sourced, reconciled record of what happened, from news reports about armed conflict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:
    from .run.workbench import Workbench


def open(path: str = "sitrep.db", **settings: Any) -> Workbench:  # noqa: A001 - the public name
    """A workbench over the SQLite store at `path`: `.ingest(paths)`, `.claims()`, `.incidents()`."""
    # inside: the package is imported before any of its modules, and must not load the whole pipeline
    # (and itself again, through the workbench's modules) for one that needs a record only
    from .run.workbench import open_workbench

    return open_workbench(path, **settings)
