"""Numbered schema migrations, applied in order when a store is opened: the SQLite steps here, the
PostgreSQL ones in `postgres/`, with the same versions and meaning.

Each step is a file `NNNN_name.sql` (NNNN counts up from 0001 with no gaps). A step runs in
one transaction that also sets the store's schema version (SQLite's `PRAGMA user_version`), so a
store is always at exactly one version. Never edit a step that has been released: add a new one.

This module reads the steps (`sqlite_steps`, `postgres_steps`) and applies those a store lacks
(`migrate`), for both stores.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Final

from ...errors import StoreError

__all__ = ["Migration", "latest_version", "migrate", "postgres_steps", "sqlite_steps"]

_MIGRATION_FILE: Final = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_BROKEN: Final = "the sitrep installation is broken; reinstall it"


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: `NNNN_name.sql` from `sitrep.store.migrations` (or its `postgres` folder)."""

    version: int
    name: str
    sql: str


@lru_cache(maxsize=1)
def sqlite_steps() -> tuple[Migration, ...]:
    """Every SQLite schema step shipped with sitrep, in order (versions 1, 2, ... with no gaps)."""
    found = _read_steps(resources.files(__name__))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError(f"schema migrations are not numbered 1..n: {versions}", hint=_BROKEN)
    return tuple(found)


@lru_cache(maxsize=1)
def postgres_steps() -> tuple[Migration, ...]:
    """Every PostgreSQL schema step, in order; the same versions and names as the SQLite steps."""
    found = _read_steps(resources.files(__name__).joinpath("postgres"))
    if [(m.version, m.name) for m in found] != [(m.version, m.name) for m in sqlite_steps()]:
        raise StoreError(
            f"the PostgreSQL schema steps {[m.version for m in found]} do not match the SQLite ones", hint=_BROKEN
        )
    return tuple(found)


def latest_version() -> int:
    """The schema version this sitrep writes."""
    return len(sqlite_steps())


def migrate(
    conn: Any,
    steps: Sequence[Migration],
    target: int | None,
    version: Callable[[Any], int],
    apply: Callable[[Any, Migration], None],
) -> int:
    """Apply each of `steps` past `conn`'s schema `version` up to `target` (default: all of them)
    with `apply`; return the version reached."""
    goal = len(steps) if target is None else target
    if not 0 <= goal <= len(steps):
        raise ValueError(f"no schema version {goal}: versions run from 0 to {len(steps)}")
    for step in steps[version(conn) : goal]:
        apply(conn, step)
    return version(conn)


def _read_steps(folder: Traversable) -> list[Migration]:
    """The `NNNN_name.sql` steps in `folder`, ordered by version."""
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    return found
