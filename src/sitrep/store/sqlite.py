"""The SQLite store: documents, claims, incidents and failures in one file.

`Store(path)` opens (or creates) a database, brings its schema up to date with the numbered
steps in `sitrep.store.migrations`, and offers idempotent writes: adding a document that is already
stored (same `content_hash`) changes nothing, and replacing claims or incidents with equal ones
writes nothing. Files use WAL journaling, so one writer and many readers can share a store.

The methods shared with the PostgreSQL store live in `sitrep.store.base.StoreBase`; this module
holds what is SQLite's own: opening, migrations, search, the data version and transactions.
Only the standard library's `sqlite3` is used, and values only ever reach SQL as parameters.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Final

from ..errors import StoreError
from ..records import Document
from .base import (
    APPLICATION_ID,
    BUSY_TIMEOUT,
    DOCUMENT_COLUMNS,
    DriverErrors,
    Row,
    StoreBase,
    as_store_errors,
    document_row,
    refuse_newer,
)
from .migrations import Migration, latest_version, migrate, sqlite_steps

log = logging.getLogger(__name__)

__all__ = [
    "APPLICATION_ID",
    "DEFAULT_PATH",
    "Migration",
    "Store",
    "StoreError",
    "apply_migrations",
    "latest_version",
    "migrations",
]

DEFAULT_PATH: Final = "sitrep.db"

_MEMORY: Final = ":memory:"
_ERRORS: Final = DriverErrors(
    integrity=sqlite3.IntegrityError, busy=(), other=(sqlite3.Error, OverflowError, UnicodeEncodeError)
)
_NOW: Final = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


# --------------------------------------------------------------------------- migrations


migrations = sqlite_steps
"""Every schema step shipped with sitrep, in order (versions 1, 2, ... with no gaps)."""


def apply_migrations(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Bring `conn`'s schema up to version `target` (default: the latest); return the version.

    Each step runs in its own `BEGIN IMMEDIATE` transaction together with the
    `PRAGMA user_version` bump, so a failed step leaves the previous version intact. If another
    connection applied a step first, it is skipped.
    """
    return migrate(conn, sqlite_steps(), target, _user_version, _apply_step)


def _apply_step(conn: sqlite3.Connection, step: Migration) -> None:
    """Run one migration step and set the schema version, all in one transaction."""
    # PRAGMA takes no parameters; `version` is an int parsed from a file name we ship.
    script = f"BEGIN IMMEDIATE;\n{step.sql}\n;PRAGMA user_version = {int(step.version)};\nCOMMIT;"
    try:
        conn.executescript(script)
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.rollback()
        if _user_version(conn) >= step.version:
            log.info("schema step %04d was applied by another connection", step.version)
            return
        hint = "this Python's SQLite lacks FTS5" if "fts5" in str(exc) else None
        raise StoreError(
            f"could not apply schema migration {step.version:04d}_{step.name}: {exc}", hint=hint
        ) from exc
    log.info("applied schema migration %04d_%s", step.version, step.name)


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


# --------------------------------------------------------------------------- the store


class Store(StoreBase):
    """A sitrep database: documents with full-text search, claims, incidents and failures.

    Use one `Store` per thread (or process); any number of them may read one file while one
    writes. Usable as a context manager, which closes it.
    """

    _INSERT_FAILURE = (
        "INSERT INTO failures (source, stage, code, message) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (source, stage, code, message) DO NOTHING"
    )
    _INSERTION_ORDER = "rowid"
    _DRIVER_ERRORS = _ERRORS

    def __init__(
        self,
        path: str | os.PathLike[str] = DEFAULT_PATH,
        *,
        timeout: float = BUSY_TIMEOUT,
        threads: bool = False,
    ) -> None:
        """Open or create the store at `path` (":memory:" for a private in-memory store).

        `timeout` is how many seconds to wait for another connection's write lock. `threads=True`
        lets other threads use this store too (the caller then serialises the calls, as the web
        app does with a lock). Raises `StoreError` if the file is not a sitrep store, or was
        written by a newer sitrep.
        """
        self.path = os.fspath(path)
        self.threads = threads
        self._conn: sqlite3.Connection | None = _open(self.path, timeout, threads)

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self._reading("read the schema version") as conn:
            return _user_version(conn)

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the store (SQLite's
        `PRAGMA data_version`): a long-lived reader compares it between calls to know whether what
        it read and kept is still current."""
        with self._reading("read the data version") as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def search(self, query: str, limit: int = 50, *, raw: bool = False) -> list[str]:
        """Content hashes of the documents whose title or text match `query`, best first.

        By default every whitespace-separated word must occur (case and accents are ignored; a
        trailing `*` matches a prefix) and FTS5 operators are read as plain words, so no input
        is a syntax error. With `raw=True` the query is FTS5 syntax (`"air strike" OR shelling`)
        and a malformed one raises `StoreError`.
        """
        match = query if raw else _quote_terms(query)
        if limit <= 0 or not match.strip():
            return []
        try:
            with self._reading("search documents") as conn:
                rows = conn.execute(_SEARCH, (match, limit)).fetchall()
        except StoreError as exc:
            if raw and isinstance(exc.__cause__, sqlite3.OperationalError):
                raise StoreError(
                    f"invalid search query {query!r}: {exc.__cause__}",
                    hint="check the FTS5 query syntax, or search without raw=True",
                ) from exc.__cause__
            raise
        return [row[0] for row in rows]

    # ----------------------------------------------------------------------- plumbing

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self.path!r} is closed", hint="open a new Store")
        return self._conn

    @contextmanager
    def _writing(self, action: str) -> Iterator[sqlite3.Connection]:
        """The connection inside a write transaction, committed on success, else rolled back."""
        conn = self._connection()
        with as_store_errors(action, self.path, _ERRORS):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.execute("COMMIT")

    def _insert_many(self, conn: sqlite3.Connection, statement: str, rows: Sequence[Row]) -> None:
        conn.executemany(statement, rows)

    def _insert_documents(self, conn: sqlite3.Connection, docs: Sequence[Document]) -> list[bool]:
        return [conn.execute(_INSERT_DOCUMENT, document_row(doc)).rowcount == 1 for doc in docs]


def _open(path: str, timeout: float, threads: bool = False) -> sqlite3.Connection:
    """Connect, configure, check the schema version and migrate."""
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=not threads)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store: {exc}", source=path, hint="does its folder exist?") from exc
    try:
        with as_store_errors("open the store", path, _ERRORS):
            _configure(conn, path)
            _check_version(conn, path)
            apply_migrations(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: sqlite3.Connection, path: str) -> None:
    """Foreign keys on, a busy timeout, WAL journaling and NORMAL sync for files."""
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if path != _MEMORY and str(mode).lower() != "wal":
        log.warning("%s: WAL journaling unavailable (journal mode %s); readers may block writers", path, mode)
    conn.execute("PRAGMA synchronous = NORMAL")


def _check_version(conn: sqlite3.Connection, path: str) -> None:
    """Refuse databases that are not sitrep stores, or that a newer sitrep wrote."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = _user_version(conn)
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and (version or _has_tables(conn))):
        raise StoreError("not a sitrep store", source=path, hint="choose a new file name for the store")
    refuse_newer(version, latest_version(), path)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchone() is not None


# --------------------------------------------------------------------------- documents and search

_INSERT_DOCUMENT: Final = (
    "INSERT INTO documents (" + DOCUMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (content_hash) DO NOTHING"
)
_SEARCH: Final = (
    "SELECT d.content_hash FROM documents_fts JOIN documents AS d ON d.id = documents_fts.rowid"
    " WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts, 2.0, 1.0), d.id LIMIT ?"
)


def _quote_terms(query: str) -> str:
    """An FTS5 query requiring every word of `query`, each quoted so nothing is an operator."""
    terms = []
    for word in query.split():
        core = word.rstrip("*")
        prefix = "*" if core and core != word else ""
        terms.append('"' + (core or word).replace('"', '""') + '"' + prefix)
    return " ".join(terms)
