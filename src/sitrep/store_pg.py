"""The PostgreSQL store: the SQLite store's behaviour on a shared server.

`PostgresStore("postgresql://user@host/db")` offers the public methods of `sitrep.store.Store`
with the same results: its schema comes from the numbered steps in
`sitrep.migrations.postgres` (same versions and meaning as the SQLite ones, the version kept in
the `sitrep_schema` table); adding a document already stored (same `content_hash`) changes
nothing; replacing claims or incidents with equal ones writes nothing; every write batch is one
transaction. Writers take one advisory lock, so there is one writer at a time as in SQLite, and
any number of readers. Search uses a `tsvector` column with a GIN index.

Rows are encoded as in `sitrep.store` (its row functions are reused), so both backends read back
equal records. Values only ever reach SQL as parameters.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from itertools import islice
from types import TracebackType
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from .errors import StoreError
from .records import Claim, Document, Event, Incident
from .store import (
    _BATCH,
    _CLAIM_COLUMNS,
    _DOCUMENT_COLUMNS,
    _INCIDENT_COLUMNS,
    _MIGRATION_FILE,
    _PAGE_FIELDS,
    _SOURCE_FIELDS,
    _UPGRADE_HINT,
    APPLICATION_ID,
    BUSY_TIMEOUT,
    Migration,
    _claim_from_row,
    _claim_row,
    _document_from_row,
    _dumps,
    _events_from_json,
    _events_json,
    _incident_from_row,
    _incident_row,
    migrations,
)

log = logging.getLogger(__name__)

__all__ = ["PostgresStore", "apply_pg_migrations", "pg_migrations"]

WRITE_LOCK: Final = APPLICATION_ID
"""Key of the advisory lock every write transaction holds: one writer at a time, as in SQLite."""

_CONFIG: Final = "'simple'::regconfig"  # no stemming, no stop words: as SQLite's unicode61 tokenizer
_RANK_WEIGHTS: Final = "ARRAY[0.1, 0.2, 0.5, 1.0]::real[]"  # D, C, B (text), A (title): a title hit counts 2x
_CONNECT_HINT: Final = "is the server running, and do the URL's host, port, user and database exist?"

Row = tuple[Any, ...]


# --------------------------------------------------------------------------- migrations


@lru_cache(maxsize=1)
def pg_migrations() -> tuple[Migration, ...]:
    """Every PostgreSQL schema step, in order; the same versions and names as the SQLite steps."""
    folder = resources.files("sitrep.migrations").joinpath("postgres")
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [(m.version, m.name) for m in found] != [(m.version, m.name) for m in migrations()]:
        raise StoreError(
            f"the PostgreSQL schema steps {[m.version for m in found]} do not match the SQLite ones",
            hint="the sitrep installation is broken; reinstall it",
        )
    return tuple(found)


def apply_pg_migrations(conn: psycopg.Connection[Any], target: int | None = None) -> int:
    """Bring the database's schema up to version `target` (default: the latest); return the version.

    Each step runs in one transaction with the version update, under the write lock, so a failed
    step leaves the previous version intact and a step another connection applied is skipped.
    """
    steps = pg_migrations()
    goal = len(steps) if target is None else target
    if not 0 <= goal <= len(steps):
        raise ValueError(f"no schema version {goal}: versions run from 0 to {len(steps)}")
    for step in steps[_schema_version(conn) : goal]:
        _apply_step(conn, step)
    return _schema_version(conn)


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


class PostgresStore:
    """A sitrep database on a PostgreSQL server; see `sitrep.store.Store` for each method.

    Use one `PostgresStore` per thread (or process); any number of them may share a database.
    Usable as a context manager, which closes it.
    """

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

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else f"schema {self.schema_version}"
        return f"PostgresStore({self.path!r}, {state})"

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; closing twice is harmless."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self._reading("read the schema version") as conn:
            return _schema_version(conn)

    # ----------------------------------------------------------------------- documents

    def add_document(self, doc: Document) -> bool:
        """Store `doc` unless a document with its `content_hash` is stored; True if it was new."""
        with self._writing("add a document") as conn:
            return _insert_documents(conn, [doc])[0]

    def add_documents(self, docs: Iterable[Document]) -> tuple[int, int]:
        """Store every new document, a transaction per batch; return (added, already stored)."""
        added = unchanged = 0
        it = iter(docs)
        while batch := list(islice(it, _BATCH)):
            with self._writing("add documents") as conn:
                new = sum(_insert_documents(conn, batch))
            added += new
            unchanged += len(batch) - new
        log.debug("documents: %d added, %d already stored", added, unchanged)
        return added, unchanged

    def document(self, content_hash: str) -> Document | None:
        """The stored document with this content hash, or None."""
        with self._reading("read a document") as conn:
            row = conn.execute(_SELECT_DOCUMENT + " WHERE content_hash = %s", (content_hash,)).fetchone()
        return None if row is None else _document_from_row(row)

    def documents(self) -> Iterator[Document]:
        """Every stored document, in the order they were first added (read in batches)."""
        last = 0
        while True:
            with self._reading("read documents") as conn:
                rows = conn.execute(_SELECT_DOCUMENTS_AFTER, (last, _BATCH)).fetchall()
            for row in rows:
                yield _document_from_row(row[1:])
            if len(rows) < _BATCH:
                return
            last = rows[-1][0]

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._reading("count documents") as conn:
            row = conn.execute("SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0

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

    # ----------------------------------------------------------------------- claims

    def replace_claims(self, content_hash: str, claims: Sequence[Claim]) -> bool:
        """Make `claims` the claims of the stored document `content_hash`, atomically.

        Returns False, writing nothing, when the stored claims are equal to `claims`.
        """
        rows = [(content_hash, seq, *_claim_row(claim)) for seq, claim in enumerate(claims)]
        with self._writing("replace claims") as conn:
            if conn.execute(_SELECT_CLAIMS_OF, (content_hash,)).fetchall() == rows:
                return False
            if rows and not _has_document(conn, content_hash):
                raise StoreError(
                    f"no document {content_hash!r} in the store", hint="add the document before its claims"
                )
            conn.execute("DELETE FROM claims WHERE document = %s", (content_hash,))
            _insert_many(conn, _INSERT_CLAIM, rows)
        log.debug("stored %d claims for %s", len(rows), content_hash)
        return True

    def claims(self, content_hash: str | None = None) -> list[Claim]:
        """Stored claims (of one document if `content_hash` is given), in document order."""
        with self._reading("read claims") as conn:
            if content_hash is None:
                rows = conn.execute(_SELECT_ALL_CLAIMS).fetchall()
            else:
                rows = conn.execute(_SELECT_CLAIMS_OF, (content_hash,)).fetchall()
        return [_claim_from_row(row[2:]) for row in rows]

    # ----------------------------------------------------------------------- incidents

    def replace_incidents(self, incidents: Sequence[Incident]) -> bool:
        """Make `incidents` the whole reconciled set, atomically; False if nothing changed."""
        rows = [(seq, *_incident_row(incident)) for seq, incident in enumerate(incidents)]
        with self._writing("replace incidents") as conn:
            if conn.execute(_SELECT_INCIDENTS).fetchall() == rows:
                return False
            conn.execute("DELETE FROM incidents")
            _insert_many(conn, _INSERT_INCIDENT, rows)
        log.debug("stored %d incidents", len(rows))
        return True

    def incidents(self) -> list[Incident]:
        """The stored reconciled incidents, in the order they were given."""
        with self._reading("read incidents") as conn:
            rows = conn.execute(_SELECT_INCIDENTS).fetchall()
        return [_incident_from_row(row[1:]) for row in rows]

    # ----------------------------------------------------------------------- failures

    def record_failure(self, source: str, stage: str, code: str, message: str) -> bool:
        """Note that `stage` failed on `source`; True if this exact failure was not yet recorded."""
        with self._writing("record a failure") as conn:
            cur = conn.execute(_INSERT_FAILURE, (source, stage, code, message))
            return cur.rowcount == 1

    def failures(self) -> list[dict[str, str]]:
        """Recorded failures, oldest first: dicts with source, stage, code, message, first_seen."""
        keys = ("source", "stage", "code", "message", "first_seen")
        return self._rows("read failures", _SELECT_FAILURES, (), keys)

    # ----------------------------------------------------------------------- web sources and copies

    def record_source(self, url: str, kind: str, **fields: Any) -> None:
        """Create or update the row of a web source (`fields`: columns of the `sources` table)."""
        self._upsert("sources", _SOURCE_FIELDS, {"url": url, "kind": kind, **fields})

    def sources(self) -> list[dict[str, Any]]:
        """Every web source with its last fetch, in the order they were first given."""
        return self._rows("read web sources", _SELECT_SOURCES + " ORDER BY id", (), _SOURCE_FIELDS)

    def source(self, url: str) -> dict[str, Any] | None:
        rows = self._rows("read web sources", _SELECT_SOURCES + " WHERE url = %s", (url,), _SOURCE_FIELDS)
        return rows[0] if rows else None

    def record_page(self, url: str, source: str, **fields: Any) -> None:
        """Create or update the row of a fetched page (`fields`: columns of the `pages` table)."""
        self._upsert("pages", _PAGE_FIELDS, {"url": url, "source": source, **fields})

    def pages(self, source: str | None = None) -> list[dict[str, Any]]:
        """Fetched pages (of one source if given), in the order they were first fetched."""
        if source is None:
            return self._rows("read pages", _SELECT_PAGES + " ORDER BY id", (), _PAGE_FIELDS)
        return self._rows("read pages", _SELECT_PAGES + " WHERE source = %s ORDER BY id", (source,),
                          _PAGE_FIELDS)

    def link_copy(self, copy: str, original: str, similarity: float) -> bool:
        """Mark document `copy` as a copy of `original` (content hashes); True if newly linked."""
        with self._writing("link a copy") as conn:
            cur = conn.execute(_INSERT_COPY, (copy, original, similarity))
            return cur.rowcount == 1

    def copies(self) -> dict[str, tuple[str, float]]:
        """{copy's content hash: (original's content hash, similarity)} for every known copy."""
        with self._reading("read copies") as conn:
            rows = conn.execute("SELECT document, original, similarity FROM copies ORDER BY id").fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def _upsert(self, table: str, columns: tuple[str, ...], values: dict[str, Any]) -> None:
        unknown = set(values) - set(columns)
        if unknown:
            raise StoreError(f"no column(s) {', '.join(sorted(unknown))} in {table}")
        names = [sql.Identifier(name) for name in values]
        statement = sql.SQL(
            "INSERT INTO {table} ({names}) VALUES ({values}) ON CONFLICT ({key}) DO UPDATE SET {updates}"
        ).format(
            table=sql.Identifier(table),
            names=sql.SQL(", ").join(names),
            values=sql.SQL(", ").join(sql.Placeholder() * len(names)),
            key=names[0],
            updates=sql.SQL(", ").join(sql.SQL("{0} = excluded.{0}").format(name) for name in names[1:]),
        )
        with self._writing(f"record a row of {table}") as conn:
            conn.execute(statement, list(values.values()))

    def _rows(
        self, action: str, query: str, params: tuple[Any, ...], columns: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        with self._reading(action) as conn:
            rows = conn.execute(query, params).fetchall()
        return [dict(zip(columns, row, strict=True)) for row in rows]

    # ----------------------------------------------------------------------- analysed reports

    def add_analysed(
        self,
        items: Sequence[tuple[Document, Sequence[Claim], Sequence[Event]]],
        copies: Mapping[str, tuple[str, float]] | None = None,
    ) -> list[bool]:
        """Store each new document with its claims, events and copy link, all in one transaction.

        Returns, for each item, True if its document was new; a document already stored (same
        `content_hash`) is left as it is. `copies` maps a content hash to (original's content hash,
        similarity) for the new documents that copy another (see `link_copy`).
        """
        if not items:
            return []
        linked = copies or {}
        with self._writing("add analysed documents") as conn:
            flags = _insert_documents(conn, [doc for doc, _, _ in items])
            fresh = [item for item, new in zip(items, flags, strict=True) if new]
            claims = [(doc.content_hash, seq, *_claim_row(claim))
                      for doc, doc_claims, _ in fresh for seq, claim in enumerate(doc_claims)]
            _insert_many(conn, _INSERT_CLAIM, claims)
            events = [(doc.content_hash, _events_json(doc_events)) for doc, _, doc_events in fresh]
            _insert_many(conn, _UPSERT_EVENTS, events)
            hashes = [doc.content_hash for doc, _, _ in fresh]
            _insert_many(conn, _INSERT_COPY, [(h, *linked[h]) for h in hashes if h in linked])
        return flags

    def replace_events(self, content_hash: str, events: Sequence[Event]) -> None:
        """Make `events` the events of the stored document `content_hash`."""
        with self._writing("replace events") as conn:
            conn.execute(_UPSERT_EVENTS, (content_hash, _events_json(events)))

    def events(self, skip: Iterable[str] = ()) -> Iterator[Event]:
        """The stored events of every analysed document (but those in `skip`, content hashes)."""
        left_out = set(skip)
        last = 0
        while True:
            with self._reading("read events") as conn:
                rows = conn.execute(_SELECT_EVENTS, (last, _BATCH)).fetchall()
            for _, content_hash, data in rows:
                if content_hash not in left_out:
                    yield from _events_from_json(data)
            if len(rows) < _BATCH:
                return
            last = rows[-1][0]

    def unanalysed(self) -> Iterator[Document]:
        """Stored documents without stored events (stored before events were kept)."""
        with self._reading("find documents without events") as conn:
            hashes = [row[0] for row in conn.execute(_SELECT_UNANALYSED).fetchall()]
        for content_hash in hashes:
            doc = self.document(content_hash)
            if doc is not None:
                yield doc

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
    def _reading(self, action: str) -> Iterator[psycopg.Connection[Any]]:
        """The connection (each statement is its own transaction), errors raised as `StoreError`."""
        conn = self._connection()
        with _errors(action, self.path):
            yield conn

    @contextmanager
    def _writing(self, action: str) -> Iterator[psycopg.Connection[Any]]:
        """The connection in a transaction holding the write lock; committed on success, else rolled back."""
        conn = self._connection()
        with _errors(action, self.path), conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield conn


@contextmanager
def _errors(action: str, where: str) -> Iterator[None]:
    """Raise database errors (and values PostgreSQL cannot hold) as `StoreError`."""
    try:
        yield
    except StoreError:
        raise
    except psycopg.IntegrityError as exc:
        hint = "the data breaks a constraint"
        raise StoreError(f"could not {action}: {exc}", source=where, hint=hint) from exc
    except psycopg.errors.LockNotAvailable as exc:
        raise StoreError(
            f"could not {action}: {exc}", source=where, hint="another sitrep is writing; try again later"
        ) from exc
    except psycopg.Error as exc:
        raise StoreError(f"could not {action}: {exc}", source=where) from exc


def _open(url: str, where: str, timeout: float) -> psycopg.Connection[Any]:
    """Connect, check that the database is (or can become) a sitrep store, and migrate."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=max(1, round(timeout)))
    except psycopg.Error as exc:
        raise StoreError(f"cannot open the store: {exc}", source=where, hint=_CONNECT_HINT) from exc
    try:
        with _errors("open the store", where):
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
    latest = len(pg_migrations())
    if int(row[1]) > latest:
        raise StoreError(
            f"the store has schema version {row[1]}, newer than this sitrep supports ({latest})",
            source=where,
            hint=_UPGRADE_HINT,
        )


def _display(url: str) -> str:
    """`url` without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def _has_document(conn: psycopg.Connection[Any], content_hash: str) -> bool:
    row = conn.execute("SELECT 1 FROM documents WHERE content_hash = %s", (content_hash,)).fetchone()
    return row is not None


def _insert_many(conn: psycopg.Connection[Any], statement: str, rows: Sequence[Row]) -> None:
    if rows:
        with conn.cursor() as cur:
            cur.executemany(statement, rows)


# --------------------------------------------------------------------------- documents and search

_SELECT_DOCUMENT: Final = "SELECT " + _DOCUMENT_COLUMNS + " FROM documents"
_SELECT_DOCUMENTS_AFTER: Final = (
    "SELECT id, " + _DOCUMENT_COLUMNS + " FROM documents WHERE id > %s ORDER BY id LIMIT %s"
)
_INSERT_DOCUMENT: Final = (
    "INSERT INTO documents (" + _DOCUMENT_COLUMNS + ", search) VALUES (" + ", ".join(["%s"] * 9) + ","
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


def _insert_documents(conn: psycopg.Connection[Any], docs: Sequence[Document]) -> list[bool]:
    """Insert the documents not stored yet, in one round of statements; True for each new one."""
    rows = [_document_row(doc) for doc in docs]
    flags = []
    with conn.cursor() as cur:
        cur.executemany(_INSERT_DOCUMENT, rows, returning=True)
        for _ in rows:
            flags.append(cur.fetchone() is not None)
            cur.nextset()
    return flags


def _document_row(doc: Document) -> Row:
    if not doc.content_hash:
        raise StoreError(
            f"document {doc.name!r} has no content_hash",
            hint="build documents with sitrep.ingest, which sets it",
        )
    offset_map = None if doc.offset_map is None else _dumps(list(doc.offset_map))
    published = None if doc.published is None else doc.published.isoformat()
    row = (doc.name, doc.text, doc.analysis, doc.title, published, doc.url, doc.source, doc.content_hash)
    return (*row, offset_map, _fold(doc.title or ""), _fold(doc.text))


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


# --------------------------------------------------------------------------- claims and incidents

_INSERT_CLAIM: Final = "INSERT INTO claims (" + _CLAIM_COLUMNS + ") VALUES (" + ", ".join(["%s"] * 22) + ")"
_SELECT_CLAIMS_OF: Final = "SELECT " + _CLAIM_COLUMNS + " FROM claims WHERE document = %s ORDER BY seq"
_SELECT_ALL_CLAIMS: Final = (
    "SELECT "
    + ", ".join("c." + column.strip() for column in _CLAIM_COLUMNS.split(","))
    + " FROM claims AS c JOIN documents AS d ON d.content_hash = c.document ORDER BY d.id, c.seq"
)
_INSERT_INCIDENT: Final = (
    "INSERT INTO incidents (" + _INCIDENT_COLUMNS + ") VALUES (" + ", ".join(["%s"] * 20) + ")"
)
_SELECT_INCIDENTS: Final = "SELECT " + _INCIDENT_COLUMNS + " FROM incidents ORDER BY seq"

# --------------------------------------------------------------------------- failures, sources, events

_INSERT_FAILURE: Final = (
    "INSERT INTO failures (source, stage, code, message) VALUES (%s, %s, %s, %s)"
    " ON CONFLICT (md5(source), stage, code, md5(message)) DO NOTHING"
)
_SELECT_FAILURES: Final = "SELECT source, stage, code, message, first_seen FROM failures ORDER BY id"
_SELECT_SOURCES: Final = "SELECT " + ", ".join(_SOURCE_FIELDS) + " FROM sources"
_SELECT_PAGES: Final = "SELECT " + ", ".join(_PAGE_FIELDS) + " FROM pages"
_INSERT_COPY: Final = (
    "INSERT INTO copies (document, original, similarity) VALUES (%s, %s, %s)"
    " ON CONFLICT (document) DO NOTHING"
)
_UPSERT_EVENTS: Final = (
    "INSERT INTO document_events (document, events) VALUES (%s, %s)"
    " ON CONFLICT (document) DO UPDATE SET events = excluded.events"
)
_SELECT_EVENTS: Final = (
    "SELECT d.id, d.content_hash, e.events FROM document_events AS e"
    " JOIN documents AS d ON d.content_hash = e.document WHERE d.id > %s ORDER BY d.id LIMIT %s"
)
_SELECT_UNANALYSED: Final = (
    "SELECT d.content_hash FROM documents AS d"
    " WHERE NOT EXISTS (SELECT 1 FROM document_events AS e WHERE e.document = d.content_hash) ORDER BY d.id"
)
