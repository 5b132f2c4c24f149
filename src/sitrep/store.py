"""The SQLite store: documents, claims, incidents and failures in one file.

`Store(path)` opens (or creates) a database, brings its schema up to date with the numbered
steps in `sitrep.migrations`, and offers idempotent writes: adding a document that is already
stored (same `content_hash`) changes nothing, and replacing claims or incidents with equal ones
writes nothing. Files use WAL journaling, so one writer and many readers can share a store.

Only the standard library's `sqlite3` is used, and values only ever reach SQL as parameters.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from itertools import islice
from types import TracebackType
from typing import Any, Final, cast

from . import records
from .errors import StoreError
from .records import (
    Claim,
    ClaimRef,
    DateMention,
    Document,
    Event,
    Figure,
    Incident,
    PlaceMention,
    Precision,
    Span,
)

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
BUSY_TIMEOUT: Final = 30.0
"""Seconds a connection waits for another one's write lock before giving up."""
APPLICATION_ID: Final = 0x53495452
"""`PRAGMA application_id` of a sitrep store ("SITR"), set by the first migration."""

_MEMORY: Final = ":memory:"
_BATCH: Final = 256
_MIGRATION_FILE: Final = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_UPGRADE_HINT: Final = "upgrade sitrep (pip install --upgrade sitrep) to open it"
_NOW: Final = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

Row = tuple[Any, ...]


# --------------------------------------------------------------------------- migrations


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: `NNNN_name.sql` from `sitrep.migrations`."""

    version: int
    name: str
    sql: str


@lru_cache(maxsize=1)
def migrations() -> tuple[Migration, ...]:
    """Every schema step shipped with sitrep, in order (versions 1, 2, ... with no gaps)."""
    found: list[Migration] = []
    for entry in resources.files("sitrep.migrations").iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError(
            f"schema migrations are not numbered 1..n: {versions}",
            hint="the sitrep installation is broken; reinstall it",
        )
    return tuple(found)


def latest_version() -> int:
    """The schema version this sitrep writes."""
    return len(migrations())


def apply_migrations(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Bring `conn`'s schema up to version `target` (default: the latest); return the version.

    Each step runs in its own `BEGIN IMMEDIATE` transaction together with the
    `PRAGMA user_version` bump, so a failed step leaves the previous version intact. If another
    connection applied a step first, it is skipped.
    """
    steps = migrations()
    goal = len(steps) if target is None else target
    if not 0 <= goal <= len(steps):
        raise ValueError(f"no schema version {goal}: versions run from 0 to {len(steps)}")
    for step in steps[_user_version(conn) : goal]:
        _apply_step(conn, step)
    return _user_version(conn)


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


class Store:
    """A sitrep database: documents with full-text search, claims, incidents and failures.

    Use one `Store` per thread (or process); any number of them may read one file while one
    writes. Usable as a context manager, which closes it.
    """

    def __init__(
        self, path: str | os.PathLike[str] = DEFAULT_PATH, *, timeout: float = BUSY_TIMEOUT, threads: bool = False
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

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else f"schema {self.schema_version}"
        return f"Store({self.path!r}, {state})"

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
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
            return _user_version(conn)

    # ----------------------------------------------------------------------- documents

    def add_document(self, doc: Document) -> bool:
        """Store `doc` unless a document with its `content_hash` is stored; True if it was new."""
        with self._writing("add a document") as conn:
            return _insert_document(conn, doc)

    def add_documents(self, docs: Iterable[Document]) -> tuple[int, int]:
        """Store every new document; return (added, already stored).

        Commits in batches, so a long input does not hold the write lock throughout; as adding
        is idempotent, re-running after an error completes the job.
        """
        added = unchanged = 0
        it = iter(docs)
        while batch := list(islice(it, _BATCH)):
            with self._writing("add documents") as conn:
                new = sum(_insert_document(conn, doc) for doc in batch)
            added += new
            unchanged += len(batch) - new
        log.debug("documents: %d added, %d already stored", added, unchanged)
        return added, unchanged

    def document(self, content_hash: str) -> Document | None:
        """The stored document with this content hash, or None."""
        with self._reading("read a document") as conn:
            row = conn.execute(_SELECT_DOCUMENT + " WHERE content_hash = ?", (content_hash,)).fetchone()
        return None if row is None else _document_from_row(row)

    def documents(self) -> Iterator[Document]:
        """Every stored document, in the order they were first added (read in batches)."""
        last = 0
        while True:
            with self._reading("read documents") as conn:
                rows = conn.execute(
                    "SELECT id, " + _DOCUMENT_COLUMNS + " FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                    (last, _BATCH),
                ).fetchall()
            for row in rows:
                yield _document_from_row(row[1:])
            if len(rows) < _BATCH:
                return
            last = rows[-1][0]

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._reading("count documents") as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])

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

    # ----------------------------------------------------------------------- claims

    def replace_claims(self, content_hash: str, claims: Sequence[Claim]) -> bool:
        """Make `claims` the claims of the stored document `content_hash`, atomically.

        Returns False, writing nothing, when the stored claims are equal to `claims`.
        """
        rows = [(content_hash, seq, *_claim_row(claim)) for seq, claim in enumerate(claims)]
        with self._writing("replace claims") as conn:
            current = conn.execute(_SELECT_CLAIMS_OF, (content_hash,)).fetchall()
            if current == rows:
                return False
            if rows and not _has_document(conn, content_hash):
                raise StoreError(
                    f"no document {content_hash!r} in the store",
                    hint="add the document before its claims",
                )
            conn.execute("DELETE FROM claims WHERE document = ?", (content_hash,))
            conn.executemany(_INSERT_CLAIM, rows)
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
            conn.executemany(_INSERT_INCIDENT, rows)
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
            cur = conn.execute(
                "INSERT INTO failures (source, stage, code, message) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (source, stage, code, message) DO NOTHING",
                (source, stage, code, message),
            )
            return cur.rowcount == 1

    def failures(self) -> list[dict[str, str]]:
        """Recorded failures, oldest first: dicts with source, stage, code, message, first_seen."""
        with self._reading("read failures") as conn:
            rows = conn.execute(
                "SELECT source, stage, code, message, first_seen FROM failures ORDER BY id"
            ).fetchall()
        keys = ("source", "stage", "code", "message", "first_seen")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    # ----------------------------------------------------------------------- web sources and copies

    def record_source(self, url: str, kind: str, **fields: Any) -> None:
        """Create or update the row of a web source (`fields`: columns of the `sources` table)."""
        self._upsert("sources", _SOURCE_FIELDS, {"url": url, "kind": kind, **fields})

    def sources(self) -> list[dict[str, Any]]:
        """Every web source with its last fetch, in the order they were first given."""
        return self._rows(_SELECT_SOURCES + " ORDER BY rowid", (), _SOURCE_FIELDS)

    def source(self, url: str) -> dict[str, Any] | None:
        rows = self._rows(_SELECT_SOURCES + " WHERE url = ?", (url,), _SOURCE_FIELDS)
        return rows[0] if rows else None

    def record_page(self, url: str, source: str, **fields: Any) -> None:
        """Create or update the row of a fetched page (`fields`: columns of the `pages` table)."""
        self._upsert("pages", _PAGE_FIELDS, {"url": url, "source": source, **fields})

    def pages(self, source: str | None = None) -> list[dict[str, Any]]:
        """Fetched pages (of one source if given), in the order they were first fetched."""
        sql = "SELECT " + ", ".join(_PAGE_FIELDS) + " FROM pages"
        if source is None:
            return self._rows(sql + " ORDER BY rowid", (), _PAGE_FIELDS)
        return self._rows(sql + " WHERE source = ? ORDER BY rowid", (source,), _PAGE_FIELDS)

    def link_copy(self, copy: str, original: str, similarity: float) -> bool:
        """Mark document `copy` as a copy of `original` (content hashes); True if newly linked."""
        with self._writing("link a copy") as conn:
            return conn.execute(_INSERT_COPY, (copy, original, similarity)).rowcount == 1

    def copies(self) -> dict[str, tuple[str, float]]:
        """{copy's content hash: (original's content hash, similarity)} for every known copy."""
        with self._reading("read copies") as conn:
            rows = conn.execute("SELECT document, original, similarity FROM copies ORDER BY rowid").fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def _upsert(self, table: str, columns: tuple[str, ...], values: dict[str, Any]) -> None:
        unknown = set(values) - set(columns)
        if unknown:
            raise StoreError(f"no column(s) {', '.join(sorted(unknown))} in {table}")
        names = list(values)
        updates = ", ".join(f"{n} = excluded.{n}" for n in names[1:])
        sql = (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
               f" ON CONFLICT ({names[0]}) DO UPDATE SET {updates}")
        with self._writing(f"record a row of {table}") as conn:
            conn.execute(sql, [values[n] for n in names])

    def _rows(self, sql: str, params: tuple[Any, ...], columns: tuple[str, ...]) -> list[dict[str, Any]]:
        with self._reading("read web sources") as conn:
            rows = conn.execute(sql, params).fetchall()
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
        similarity) for the new documents that copy another (see `link_copy`). As the transaction
        holds all of it, a process killed at any moment leaves each report whole or absent.
        """
        with self._writing("add analysed documents") as conn:
            flags = [_insert_document(conn, doc) for doc, _, _ in items]
            for (doc, claims, events), new in zip(items, flags, strict=True):
                if new:
                    rows = [(doc.content_hash, seq, *_claim_row(claim)) for seq, claim in enumerate(claims)]
                    conn.executemany(_INSERT_CLAIM, rows)
                    conn.execute(_UPSERT_EVENTS, (doc.content_hash, _events_json(events)))
            linked = copies or {}
            conn.executemany(_INSERT_COPY, [
                (doc.content_hash, *linked[doc.content_hash])
                for (doc, _, _), new in zip(items, flags, strict=True) if new and doc.content_hash in linked
            ])
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

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self.path!r} is closed", hint="open a new Store")
        return self._conn

    @contextmanager
    def _reading(self, action: str) -> Iterator[sqlite3.Connection]:
        """The connection, with sqlite3 errors raised as `StoreError`."""
        conn = self._connection()
        with _errors(action, self.path):
            yield conn

    @contextmanager
    def _writing(self, action: str) -> Iterator[sqlite3.Connection]:
        """The connection inside a write transaction, committed on success, else rolled back."""
        conn = self._connection()
        with _errors(action, self.path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.execute("COMMIT")


@contextmanager
def _errors(action: str, path: str) -> Iterator[None]:
    """Raise database errors (and values SQLite cannot hold) as `StoreError`."""
    try:
        yield
    except StoreError:
        raise
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"could not {action}: {exc}", source=path, hint="the data breaks a constraint") from exc
    except (sqlite3.Error, OverflowError, UnicodeEncodeError) as exc:
        raise StoreError(f"could not {action}: {exc}", source=path) from exc


def _open(path: str, timeout: float, threads: bool = False) -> sqlite3.Connection:
    """Connect, configure, check the schema version and migrate."""
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=not threads)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store: {exc}", source=path, hint="does its folder exist?") from exc
    try:
        with _errors("open the store", path):
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
    if version > latest_version():
        raise StoreError(
            f"the store has schema version {version}, newer than this sitrep supports ({latest_version()})",
            source=path,
            hint=_UPGRADE_HINT,
        )


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchone() is not None


def _has_document(conn: sqlite3.Connection, content_hash: str) -> bool:
    row = conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
    return row is not None


# --------------------------------------------------------------------------- web sources

_SOURCE_FIELDS: Final = ("url", "kind", "status", "reason", "items", "added", "failed", "etag",
                         "last_modified", "last_fetch", "last_ok")
_PAGE_FIELDS: Final = ("url", "source", "status", "reason", "document", "final_url", "canonical_url", "title",
                       "outlet", "author", "published", "etag", "last_modified", "last_fetch")
_SELECT_SOURCES: Final = "SELECT " + ", ".join(_SOURCE_FIELDS) + " FROM sources"
_INSERT_COPY: Final = (
    "INSERT INTO copies (document, original, similarity) VALUES (?, ?, ?) ON CONFLICT (document) DO NOTHING"
)


# --------------------------------------------------------------------------- documents

_DOCUMENT_COLUMNS: Final = "name, text, analysis, title, published, url, source, content_hash, offset_map"
_SELECT_DOCUMENT: Final = "SELECT " + _DOCUMENT_COLUMNS + " FROM documents"
_INSERT_DOCUMENT: Final = (
    "INSERT INTO documents (" + _DOCUMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (content_hash) DO NOTHING"
)
_SEARCH: Final = (
    "SELECT d.content_hash FROM documents_fts JOIN documents AS d ON d.id = documents_fts.rowid"
    " WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts, 2.0, 1.0), d.id LIMIT ?"
)


def _insert_document(conn: sqlite3.Connection, doc: Document) -> bool:
    if not doc.content_hash:
        raise StoreError(
            f"document {doc.name!r} has no content_hash",
            hint="build documents with sitrep.ingest, which sets it",
        )
    offset_map = None if doc.offset_map is None else _dumps(list(doc.offset_map))
    published = None if doc.published is None else doc.published.isoformat()
    row = (doc.name, doc.text, doc.analysis, doc.title, published, doc.url, doc.source, doc.content_hash)
    return conn.execute(_INSERT_DOCUMENT, (*row, offset_map)).rowcount == 1


def _document_from_row(row: Row) -> Document:
    name, text, analysis, title, published, url, source, content_hash, offset_map = row
    return Document(
        name=name,
        text=text,
        analysis=analysis,
        title=title,
        published=None if published is None else date.fromisoformat(published),
        url=url,
        source=source,
        content_hash=content_hash,
        offset_map=None if offset_map is None else tuple(json.loads(offset_map)),
    )


def _quote_terms(query: str) -> str:
    """An FTS5 query requiring every word of `query`, each quoted so nothing is an operator."""
    terms = []
    for word in query.split():
        core = word.rstrip("*")
        prefix = "*" if core and core != word else ""
        terms.append('"' + (core or word).replace('"', '""') + '"' + prefix)
    return " ".join(terms)


# --------------------------------------------------------------------------- claims

_CLAIM_COLUMNS: Final = (
    "document, seq, doc, kind, low, high, approx, unspecified, subject, subject_country, subject_role,"
    " claimant, claimant_country, unverified, evidence_start, evidence_end, evidence_text,"
    " sentence_start, sentence_end, sentence_text, date, place"
)
_INSERT_CLAIM: Final = "INSERT INTO claims (" + _CLAIM_COLUMNS + ") VALUES (" + ", ".join("?" * 22) + ")"
_SELECT_CLAIMS_OF: Final = "SELECT " + _CLAIM_COLUMNS + " FROM claims WHERE document = ? ORDER BY seq"
_SELECT_ALL_CLAIMS: Final = (
    "SELECT "
    + ", ".join("c." + column.strip() for column in _CLAIM_COLUMNS.split(","))
    + " FROM claims AS c JOIN documents AS d ON d.content_hash = c.document ORDER BY d.id, c.seq"
)


def _claim_row(claim: Claim) -> Row:
    """The column values of a claim (after `document, seq`)."""
    return (
        claim.doc,
        claim.kind,
        claim.low,
        claim.high,
        int(claim.approx),
        int(claim.unspecified),
        claim.subject,
        claim.subject_country,
        claim.subject_role,
        claim.claimant,
        claim.claimant_country,
        int(claim.unverified),
        claim.evidence.start,
        claim.evidence.end,
        claim.evidence.text,
        claim.sentence.start,
        claim.sentence.end,
        claim.sentence.text,
        None if claim.date is None else _dumps(_date_json(claim.date)),
        None if claim.place is None else _dumps(_place_json(claim.place)),
    )


def _claim_from_row(row: Row) -> Claim:
    (doc, kind, low, high, approx, unspecified, subject, subject_country, subject_role, claimant,
     claimant_country, unverified, ev_start, ev_end, ev_text, se_start, se_end, se_text, when, where) = row  # fmt: skip
    return Claim(
        doc=doc,
        kind=kind,
        low=low,
        high=high,
        approx=bool(approx),
        subject=subject,
        subject_country=subject_country,
        subject_role=subject_role,
        claimant=claimant,
        claimant_country=claimant_country,
        unverified=bool(unverified),
        evidence=Span(ev_start, ev_end, ev_text),
        sentence=Span(se_start, se_end, se_text),
        unspecified=bool(unspecified),
        date=None if when is None else _date_from_json(json.loads(when)),
        place=None if where is None else _place_from_json(json.loads(where)),
    )


def _date_json(mention: DateMention) -> dict[str, Any]:
    return {
        "span": _span_json(mention.span),
        "value": mention.value,
        "first_day": mention.first_day.isoformat(),
        "last_day": mention.last_day.isoformat(),
        "precision": mention.precision,
    }


def _date_from_json(data: dict[str, Any]) -> DateMention:
    return DateMention(
        span=_span_from_json(data["span"]),
        value=data["value"],
        first_day=date.fromisoformat(data["first_day"]),
        last_day=date.fromisoformat(data["last_day"]),
        precision=cast(Precision, data["precision"]),
    )


def _place_json(mention: PlaceMention) -> dict[str, Any]:
    return {
        "span": _span_json(mention.span),
        "name": mention.name,
        "lat": mention.lat,
        "lon": mention.lon,
        "country": mention.country,
        "admin1": mention.admin1,
        "admin2": mention.admin2,
        "geonameid": mention.geonameid,
        "feature": mention.feature,
    }


def _place_from_json(data: dict[str, Any]) -> PlaceMention:
    return PlaceMention(
        span=_span_from_json(data["span"]),
        name=data["name"],
        lat=data["lat"],
        lon=data["lon"],
        country=data["country"],
        admin1=data["admin1"],
        admin2=data["admin2"],
        geonameid=data["geonameid"],
        feature=data["feature"],
    )


def _span_json(span: Span) -> list[Any]:
    return [span.start, span.end, span.text]


def _span_from_json(data: list[Any]) -> Span:
    start, end, text = data
    return Span(start, end, text)


# --------------------------------------------------------------------------- incidents

_INCIDENT_COLUMNS: Final = (
    "seq, id, date_start, date_end, date_precision, country, admin1, location, lat, lon, geo_precision,"
    " event_type, sub_event_type, actor1, actor2, docs, figures,"
    " fatalities_low, fatalities_best, fatalities_high"
)
_INSERT_INCIDENT: Final = "INSERT INTO incidents (" + _INCIDENT_COLUMNS + ") VALUES (" + ", ".join("?" * 20) + ")"
_SELECT_INCIDENTS: Final = "SELECT " + _INCIDENT_COLUMNS + " FROM incidents ORDER BY seq"


def _incident_row(incident: Incident) -> Row:
    """The column values of an incident (after `seq`)."""
    return (
        incident.id,
        _iso(incident.date_start),
        _iso(incident.date_end),
        incident.date_precision,
        incident.country,
        incident.admin1,
        incident.location,
        incident.lat,
        incident.lon,
        incident.geo_precision,
        incident.event_type,
        incident.sub_event_type,
        incident.actor1,
        incident.actor2,
        _dumps(list(incident.docs)),
        _dumps([_figure_json(figure) for figure in incident.figures]),
        incident.fatalities_low,
        incident.fatalities_best,
        incident.fatalities_high,
    )


def _incident_from_row(row: Row) -> Incident:
    (id_, date_start, date_end, date_precision, country, admin1, location, lat, lon, geo_precision,
     event_type, sub_event_type, actor1, actor2, docs, figures, low, best, high) = row  # fmt: skip
    return Incident(
        id=id_,
        date_start=_from_iso(date_start),
        date_end=_from_iso(date_end),
        date_precision=cast("Precision | None", date_precision),
        country=country,
        admin1=admin1,
        location=location,
        lat=lat,
        lon=lon,
        geo_precision=geo_precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        actor2=actor2,
        docs=tuple(json.loads(docs)),
        figures=tuple(_figure_from_json(figure) for figure in json.loads(figures)),
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
    )


def _figure_json(figure: Figure) -> dict[str, Any]:
    return {
        "kind": figure.kind,
        "subject_country": figure.subject_country,
        "subject_role": figure.subject_role,
        "low": figure.low,
        "best": figure.best,
        "high": figure.high,
        "contested": figure.contested,
        "claims": [_claim_ref_json(ref) for ref in figure.claims],
    }


def _figure_from_json(data: dict[str, Any]) -> Figure:
    return Figure(
        kind=data["kind"],
        subject_country=data["subject_country"],
        subject_role=data["subject_role"],
        low=data["low"],
        best=data["best"],
        high=data["high"],
        contested=data["contested"],
        claims=tuple(_claim_ref_from_json(ref) for ref in data["claims"]),
    )


def _claim_ref_json(ref: ClaimRef) -> dict[str, Any]:
    return {
        "doc": ref.doc,
        "claimant": ref.claimant,
        "claimant_country": ref.claimant_country,
        "low": ref.low,
        "high": ref.high,
        "unverified": ref.unverified,
        "evidence": ref.evidence,
        "part": ref.part,
    }


def _claim_ref_from_json(data: dict[str, Any]) -> ClaimRef:
    return ClaimRef(
        doc=data["doc"],
        claimant=data["claimant"],
        claimant_country=data["claimant_country"],
        low=data["low"],
        high=data["high"],
        unverified=data["unverified"],
        evidence=data["evidence"],
        part=bool(data.get("part", False)),
    )


# --------------------------------------------------------------------------- values


def _dumps(value: Any) -> str:
    """Compact, deterministic JSON (equal values give equal text, so rewrites can be skipped)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _from_iso(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


# --------------------------------------------------------------------------- events

_UPSERT_EVENTS: Final = (
    "INSERT INTO document_events (document, events) VALUES (?, ?)"
    " ON CONFLICT (document) DO UPDATE SET events = excluded.events"
)
_SELECT_EVENTS: Final = (
    "SELECT d.id, d.content_hash, e.events FROM document_events AS e"
    " JOIN documents AS d ON d.content_hash = e.document WHERE d.id > ? ORDER BY d.id LIMIT ?"
)
_SELECT_UNANALYSED: Final = (
    "SELECT d.content_hash FROM documents AS d"
    " WHERE NOT EXISTS (SELECT 1 FROM document_events AS e WHERE e.document = d.content_hash) ORDER BY d.id"
)


def _events_json(events: Sequence[Event]) -> str:
    return _dumps([_record_json(event) for event in events])


def _events_from_json(data: str) -> list[Event]:
    return [cast(Event, _record_from_json(row)) for row in json.loads(data)]


def _record_json(value: Any) -> Any:
    """A record (and the records, dates and tuples in it) as JSON, every field by name, so records
    that gain fields still round-trip: {"@": "Event", "doc": …}; dates {"@d": "2025-10-12"}."""
    if is_dataclass(value) and not isinstance(value, type):
        named = {f.name: _record_json(getattr(value, f.name)) for f in fields(value)}
        return {"@": type(value).__name__, **named}
    if isinstance(value, date):
        return {"@d": value.isoformat()}
    if isinstance(value, (tuple, list)):
        return [_record_json(v) for v in value]
    return value


def _record_from_json(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(_record_from_json(v) for v in data)
    if isinstance(data, dict):
        if "@d" in data:
            return date.fromisoformat(data["@d"])
        kind = getattr(records, data["@"])
        return kind(**{k: _record_from_json(v) for k, v in data.items() if k != "@"})
    return data
