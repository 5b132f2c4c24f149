"""The PostgreSQL store: the SQLite store's behaviour on a shared server.

`PostgresStore("postgresql://user@host/db")` offers the public methods of `sitrep.store.sqlite.Store`
with the same results: its schema comes from the numbered steps in
`sitrep.store.migrations.postgres` (same versions and meaning as the SQLite ones, the version kept in
the `sitrep_schema` table); adding a document already stored (same `content_hash`) changes
nothing; replacing claims or incidents with equal ones writes nothing; every write batch is one
transaction. Writers take one advisory lock, so there is one writer at a time as in SQLite, and
any number of readers. Search uses a `tsvector` column with a GIN index.

The methods both backends share live in `sitrep.store.base.StoreBase` (rows are encoded there,
so both backends read back equal records); this module holds what is PostgreSQL's own: connecting,
migrations, search, the data version and the write lock. Values only ever reach SQL as parameters.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

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
from .migrations import Migration, migrate, postgres_steps

log = logging.getLogger(__name__)

__all__ = ["PostgresStore", "apply_pg_migrations", "pg_migrations"]

WRITE_LOCK: Final = APPLICATION_ID
"""Key of the advisory lock every write transaction holds: one writer at a time, as in SQLite."""

_CONFIG: Final = "'simple'::regconfig"  # no stemming, no stop words: as SQLite's unicode61 tokenizer
_RANK_WEIGHTS: Final = "ARRAY[0.1, 0.2, 0.5, 1.0]::real[]"  # D, C, B (text), A (title): a title hit counts 2x
_ERRORS: Final = DriverErrors(
    integrity=psycopg.IntegrityError, busy=(psycopg.errors.LockNotAvailable,), other=(psycopg.Error,)
)
_CONNECT_HINT: Final = "is the server running, and do the URL's host, port, user and database exist?"


# --------------------------------------------------------------------------- migrations


pg_migrations = postgres_steps
"""Every PostgreSQL schema step, in order; the same versions and names as the SQLite steps."""


def apply_pg_migrations(conn: psycopg.Connection[Any], target: int | None = None) -> int:
    """Bring the database's schema up to version `target` (default: the latest); return the version.

    Each step runs in one transaction with the version update, under the write lock, so a failed
    step leaves the previous version intact and a step another connection applied is skipped.
    """
    return migrate(conn, postgres_steps(), target, _schema_version, _apply_step)


def _apply_step(conn: psycopg.Connection[Any], step: Migration) -> None:
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            if _schema_version(conn) >= step.version:
                log.info("schema step %04d was applied by another connection", step.version)
                return
            conn.execute(step.sql.encode("utf-8"))  # a script: several statements, no parameters
            conn.execute("UPDATE sitrep_schema SET version = %s", (step.version,))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(
            f"could not apply schema migration {step.version:04d}_{step.name}: {exc}",
            hint="the URL's user must be allowed to create tables: make it the database's owner",
        ) from exc
    except psycopg.Error as exc:
        raise StoreError(f"could not apply schema migration {step.version:04d}_{step.name}: {exc}") from exc
    log.info("applied schema migration %04d_%s", step.version, step.name)


def _schema_version(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT to_regclass('sitrep_schema') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute("SELECT version FROM sitrep_schema").fetchone()
    return 0 if found is None else int(found[0])


# --------------------------------------------------------------------------- the store


class PostgresStore(StoreBase):
    """A sitrep database on a PostgreSQL server; see `sitrep.store.sqlite.Store` for each method.

    Use one `PostgresStore` per thread (or process); any number of them may share a database.
    Usable as a context manager, which closes it.
    """

    _INSERT_FAILURE = (
        "INSERT INTO failures (source, stage, code, message) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (md5(source), stage, code, md5(message)) DO NOTHING"
    )
    _INSERTION_ORDER = "id"
    _DRIVER_ERRORS = _ERRORS

    def __init__(self, url: str, *, timeout: float = BUSY_TIMEOUT, threads: bool = False) -> None:
        """Connect to the database at `url` (`postgresql://user:password@host:port/dbname`).

        `timeout` is how many seconds to wait for another connection's write lock. `threads=True`
        lets other threads use this store too (the caller serialises the calls). Raises
        `StoreError` if the server cannot be reached, the database holds tables that are not a
        sitrep store, or a newer sitrep wrote it.
        """
        self.path = _display(url)  # the URL without its password: in messages and repr
        self.threads = threads
        self._url, self._timeout = url, timeout
        self._conn: psycopg.Connection[Any] | None = _open(url, self.path, timeout)

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self._reading("read the schema version") as conn:
            return _schema_version(conn)

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the store, as SQLite's
        data version: a long-lived reader compares it between calls to know whether what it read and
        kept is still current. It is the server's snapshot of running writers, so it also changes
        on this store's own writes and on writes to other databases of the server (costing only a
        re-read), never on reads."""
        with self._reading("read the data version") as conn:
            row = conn.execute("SELECT pg_current_snapshot()::text").fetchone()
        digest = hashlib.blake2b(str(row[0] if row else "").encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big")

    def search(self, query: str, limit: int = 50, *, raw: bool = False) -> list[str]:
        """Content hashes of the documents whose title or text match `query`, best first.

        By default every whitespace-separated word must occur (case and accents are ignored; a
        trailing `*` matches a prefix) and nothing is an operator. With `raw=True` the query is
        web search syntax (`"air strike" OR shelling -drill`), which never fails to parse.
        """
        if limit <= 0 or not query.strip():
            return []
        match: sql.Composable
        if raw:
            match, params = _WEB_SEARCH, [_fold(query)]
        else:
            match, params = _all_words(query)
        if not params:
            return []
        statement = _SEARCH.format(match=match)
        with self._reading("search documents") as conn:
            rows = conn.execute(statement, (*params, limit)).fetchall()
        return [row[0] for row in rows]

    # ----------------------------------------------------------------------- plumbing

    def _connection(self) -> psycopg.Connection[Any]:
        """The open connection; a new one if the server dropped it (it restarted, say), so a
        long-lived store (the web app's) fails one call at most, not every call after."""
        if self._conn is None:
            raise StoreError(f"the store {self.path!r} is closed", hint="open a new PostgresStore")
        if self._conn.broken:
            log.warning("%s: the connection was lost; connecting again", self.path)
            self._conn.close()
            self._conn = None
            self._conn = _open(self._url, self.path, self._timeout)
        return self._conn

    @contextmanager
    def _writing(self, action: str) -> Iterator[psycopg.Connection[Any]]:
        """The connection in a transaction holding the write lock; committed on success, else rolled back."""
        conn = self._connection()
        with as_store_errors(action, self.path, _ERRORS), conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield conn

    def _sql(self, statement: str) -> str:
        return _pyformat(statement)

    def _insert_many(self, conn: psycopg.Connection[Any], statement: str, rows: Sequence[Row]) -> None:
        if rows:
            with conn.cursor() as cur:
                cur.executemany(statement, rows)

    def _insert_documents(self, conn: psycopg.Connection[Any], docs: Sequence[Document]) -> list[bool]:
        """Insert the documents not stored yet, in one round of statements; True for each new one."""
        rows = [(*document_row(doc), _fold(doc.title or ""), _fold(doc.text)) for doc in docs]
        flags = []
        with conn.cursor() as cur:
            cur.executemany(_INSERT_DOCUMENT, rows, returning=True)
            for _ in rows:
                flags.append(cur.fetchone() is not None)
                cur.nextset()
        return flags


def _open(url: str, where: str, timeout: float) -> psycopg.Connection[Any]:
    """Connect, check that the database is (or can become) a sitrep store, and migrate."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=max(1, round(timeout)))
    except psycopg.Error as exc:
        raise StoreError(f"cannot open the store: {exc}", source=where, hint=_CONNECT_HINT) from exc
    try:
        with as_store_errors("open the store", where, _ERRORS):
            # a value for SET cannot be a bind parameter; set_config takes one
            conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{int(timeout * 1000)}ms",))
            _check_version(conn, where)
            apply_pg_migrations(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_version(conn: psycopg.Connection[Any], where: str) -> None:
    """Refuse databases that hold other tables, or that a newer sitrep wrote."""
    schema = conn.execute("SELECT current_schema()").fetchone()
    if schema is None or schema[0] is None:
        raise StoreError("the database has no schema to create the store in",
                         source=where, hint="create the schema named in the URL's search_path")
    if _schema_version(conn) == 0:
        other = conn.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename <> 'sitrep_schema' LIMIT 1"
        ).fetchone()
        if other is not None:
            raise StoreError("not a sitrep store", source=where, hint=(
                "give sitrep an empty database, or a schema of its own with"
                " ?options=-csearch_path%3Dsitrep in the URL"))
        return
    row = conn.execute("SELECT application_id, version FROM sitrep_schema").fetchone()
    if row is None or int(row[0]) != APPLICATION_ID:
        raise StoreError("not a sitrep store", source=where, hint="choose a new database for the store")
    refuse_newer(int(row[1]), len(postgres_steps()), where)


def _display(url: str) -> str:
    """`url` without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


@lru_cache(maxsize=64)
def _pyformat(statement: str) -> str:
    """A statement written with `?` placeholders (and no `%`) in psycopg's `%s` style."""
    return statement.replace("?", "%s")


# --------------------------------------------------------------------------- documents and search

_INSERT_DOCUMENT: Final = (
    "INSERT INTO documents (" + DOCUMENT_COLUMNS + ", search) VALUES (" + ", ".join(["%s"] * 9) + ","
    f" setweight(to_tsvector({_CONFIG}, %s), 'A') || setweight(to_tsvector({_CONFIG}, %s), 'B'))"
    " ON CONFLICT (content_hash) DO NOTHING RETURNING id"
)
_SEARCH: Final = sql.SQL(
    "SELECT content_hash FROM documents, (SELECT {match} AS q) AS query WHERE search @@ query.q"
    " ORDER BY ts_rank(" + _RANK_WEIGHTS + ", search, query.q) DESC, id LIMIT %s"
)
_WORD: Final = sql.SQL(f"phraseto_tsquery({_CONFIG}, %s)")
_PREFIX: Final = sql.SQL(
    "(SELECT CASE WHEN numnode(p) = 0 THEN p ELSE (p::text || ':*')::tsquery END"
    f" FROM phraseto_tsquery({_CONFIG}, %s) AS p)"
)
_WEB_SEARCH: Final = sql.SQL(f"websearch_to_tsquery({_CONFIG}, %s)")


def _fold(text: str) -> str:
    """`text` without accents (é → e), as SQLite's `remove_diacritics`; case is folded by PostgreSQL."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


_PUNCTUATION_ONLY: Final = re.compile(r"^\W*$")


def _all_words(query: str) -> tuple[sql.Composable, list[str]]:
    """A tsquery requiring every word of `query` (a word with a trailing `*` as a prefix)."""
    parts: list[sql.Composable] = []
    params: list[str] = []
    for word in query.split():
        core = word.rstrip("*")
        if _PUNCTUATION_ONLY.match(core):
            continue
        parts.append(_PREFIX if core != word else _WORD)
        params.append(_fold(core))
    return sql.SQL(" && ").join(parts) if parts else sql.SQL("''::tsquery"), params
