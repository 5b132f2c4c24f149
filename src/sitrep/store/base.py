"""What the SQLite and PostgreSQL stores share: the row encoding and the methods written once.

`StoreBase` holds every public method whose logic is the same on both backends, written against
a small seam each backend fills in: `_sql` (turns the `?` placeholders of the statements here into
the driver's style), `_insert_many`, `_insert_documents`, `_connection`, the `_writing` context
manager, the driver's exception classes (`_DRIVER_ERRORS`) and the few statements that differ by
dialect (`_INSERT_FAILURE`, `_INSERTION_ORDER`).
`sitrep.store.sqlite.Store` (SQLite) and `sitrep.store.postgres.PostgresStore` keep only what truly differs:
connecting, migrations, search, the data version and locking.

Rows are encoded here for both backends (JSON for dates, places, figures and events), so both
read back equal records. Values only ever reach SQL as parameters.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from functools import cache
from importlib.resources.abc import Traversable
from itertools import islice
from types import TracebackType
from typing import Any, ClassVar, Final, Self, TypeVar, cast

from .. import records
from ..errors import StoreError
from ..records import (
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

BUSY_TIMEOUT: Final = 30.0
"""Seconds a connection waits for another one's write lock before giving up."""
APPLICATION_ID: Final = 0x53495452
"""The application id of a sitrep store ("SITR"), set by the first migration."""

_BATCH: Final = 256
_MIGRATION_FILE: Final = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_UPGRADE_HINT: Final = "upgrade sitrep (pip install --upgrade sitrep) to open it"

Row = tuple[Any, ...]
_R = TypeVar("_R")


# --------------------------------------------------------------------------- migrations


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: `NNNN_name.sql` from `sitrep.store.migrations` (or its `postgres` folder)."""

    version: int
    name: str
    sql: str


def _read_migrations(folder: Traversable) -> list[Migration]:
    """The `NNNN_name.sql` steps in `folder`, ordered by version."""
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    return found


def _migrate(
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


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True, slots=True)
class DriverErrors:
    """A database driver's exception classes, by what they tell the user."""

    integrity: type[Exception]
    """The data breaks a constraint."""
    busy: tuple[type[Exception], ...]
    """Another writer holds the lock for too long."""
    other: tuple[type[Exception], ...]
    """Any other failure, including values the database cannot hold."""


@contextmanager
def _as_store_errors(action: str, where: str, driver: DriverErrors) -> Iterator[None]:
    """Raise the driver's errors as `StoreError`: "could not {action}" at `where`."""
    try:
        yield
    except StoreError:
        raise
    except driver.integrity as exc:
        hint = "the data breaks a constraint"
        raise StoreError(f"could not {action}: {exc}", source=where, hint=hint) from exc
    except driver.busy as exc:
        hint = "another sitrep is writing; try again later"
        raise StoreError(f"could not {action}: {exc}", source=where, hint=hint) from exc
    except driver.other as exc:
        raise StoreError(f"could not {action}: {exc}", source=where) from exc


def _refuse_newer(version: int, latest: int, where: str) -> None:
    """Raise `StoreError` if a store's schema `version` is newer than the `latest` this sitrep knows."""
    if version > latest:
        raise StoreError(
            f"the store has schema version {version}, newer than this sitrep supports ({latest})",
            source=where,
            hint=_UPGRADE_HINT,
        )


# --------------------------------------------------------------------------- the shared methods


class StoreBase(ABC):
    """The methods both stores share; see `sitrep.store.sqlite.Store` for what each one does."""

    _INSERT_FAILURE: ClassVar[str]
    """Records a failure once: (source, stage, code, message), `?` placeholders."""
    _INSERTION_ORDER: ClassVar[str]
    """The column that orders sources, pages and copies as they were first stored."""
    _DRIVER_ERRORS: ClassVar[DriverErrors]
    """What the driver's exceptions mean, for `StoreError` messages."""

    path: str
    _conn: Any

    # ----------------------------------------------------------------------- the backend seam

    def _sql(self, statement: str) -> str:
        """`statement` (written with `?` placeholders) in the driver's parameter style."""
        return statement

    @abstractmethod
    def _connection(self) -> Any:
        """The open connection; `StoreError` if the store was closed."""

    @contextmanager
    def _reading(self, action: str) -> Iterator[Any]:
        """The connection (each statement commits on its own), its errors raised as `StoreError`."""
        conn = self._connection()
        with _as_store_errors(action, self.path, self._DRIVER_ERRORS):
            yield conn

    @abstractmethod
    def _writing(self, action: str) -> AbstractContextManager[Any]:
        """The connection inside a write transaction, committed on success, else rolled back."""

    @abstractmethod
    def _insert_many(self, conn: Any, statement: str, rows: Sequence[Row]) -> None:
        """Run `statement` (already in the driver's style) once per row."""

    @abstractmethod
    def _insert_documents(self, conn: Any, docs: Sequence[Document]) -> list[bool]:
        """Insert the documents not stored yet; True for each new one."""

    def _execute(self, conn: Any, statement: str, params: Sequence[Any] = ()) -> Any:
        """Run one `?`-style statement; the driver's cursor."""
        return conn.execute(self._sql(statement), params)

    def _execute_many(self, conn: Any, statement: str, rows: Sequence[Row]) -> None:
        self._insert_many(conn, self._sql(statement), rows)

    # ----------------------------------------------------------------------- opening and closing

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else f"schema {self.schema_version}"
        return f"{type(self).__name__}({self.path!r}, {state})"

    def __enter__(self) -> Self:
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
    @abstractmethod
    def schema_version(self) -> int:
        """The schema version of the open database."""

    # ----------------------------------------------------------------------- documents

    def add_document(self, doc: Document) -> bool:
        """Store `doc` unless a document with its `content_hash` is stored; True if it was new."""
        with self._writing("add a document") as conn:
            return self._insert_documents(conn, [doc])[0]

    def add_documents(self, docs: Iterable[Document]) -> tuple[int, int]:
        """Store every new document; return (added, already stored).

        Commits in batches, so a long input does not hold the write lock throughout; as adding
        is idempotent, re-running after an error completes the job.
        """
        added = unchanged = 0
        it = iter(docs)
        while batch := list(islice(it, _BATCH)):
            with self._writing("add documents") as conn:
                new = sum(self._insert_documents(conn, batch))
            added += new
            unchanged += len(batch) - new
        log.debug("documents: %d added, %d already stored", added, unchanged)
        return added, unchanged

    def document(self, content_hash: str) -> Document | None:
        """The stored document with this content hash, or None."""
        with self._reading("read a document") as conn:
            row = self._execute(conn, _SELECT_DOCUMENT_BY_HASH, (content_hash,)).fetchone()
        return None if row is None else _document_from_row(row)

    def documents(self, last: int | None = None) -> Iterator[Document]:
        """Every stored document, in the order they were first added (read in batches); the `last`
        so many only, if given."""
        after = 0
        if last is not None:
            if last < 1:
                return
            with self._reading("read documents") as conn:
                row = self._execute(conn, _SELECT_NTH_LAST_ID, (last - 1,)).fetchone()
            after = 0 if row is None else int(row[0]) - 1
        for row in self._rows_after("read documents", _SELECT_DOCUMENTS_AFTER, after):
            yield _document_from_row(row[1:])

    def _rows_after(self, action: str, statement: str, after: int = 0) -> Iterator[Row]:
        """The rows of `statement` (its parameters: the id to start after and a batch size; its first
        column the id it is ordered by), read a batch at a time."""
        while True:
            with self._reading(action) as conn:
                rows = self._execute(conn, statement, (after, _BATCH)).fetchall()
            yield from rows
            if len(rows) < _BATCH:
                return
            after = rows[-1][0]

    def documents_named(self, names: Iterable[str]) -> list[Document]:
        """The stored documents with any of these names (a report's `name`), in the order they were
        first added; read through an index, so the cost is that of the documents found."""
        rows = self._rows_in("read documents by name", _SELECT_DOCUMENTS_NAMED, names)
        return [_document_from_row(row[1:]) for row in sorted(rows, key=lambda row: row[0])]

    def report_times(self, names: Iterable[str] | None = None) -> dict[str, tuple[str | None, str]]:
        """{report name: (published date as ISO text or None, time first ingested as ISO text)} for
        the reports with these names (through the name index), or for every stored report; where two
        stored reports share a name, the first added."""
        if names is None:
            with self._reading("read report times") as conn:
                rows = self._execute(conn, _SELECT_REPORT_TIMES).fetchall()
        else:
            rows = self._rows_in("read report times", _SELECT_REPORT_TIMES_NAMED, names)
        found: dict[str, tuple[str | None, str]] = {}
        for _, name, published, first_seen in sorted(rows, key=lambda row: row[0]):
            found.setdefault(name, (published, first_seen))
        return found

    def documents_page(self, limit: int, offset: int = 0) -> list[Document]:
        """`limit` stored documents from `offset`, in the order they were added."""
        with self._reading("read documents") as conn:
            rows = self._execute(conn, _SELECT_DOCUMENTS_PAGE, (limit, offset)).fetchall()
        return [_document_from_row(row[1:]) for row in rows]

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._reading("count documents") as conn:
            row = self._execute(conn, "SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0

    def _has_document(self, conn: Any, content_hash: str) -> bool:
        return self._execute(conn, _HAS_DOCUMENT, (content_hash,)).fetchone() is not None

    # ----------------------------------------------------------------------- claims

    def replace_claims(self, content_hash: str, claims: Sequence[Claim]) -> bool:
        """Make `claims` the claims of the stored document `content_hash`, atomically.

        Returns False, writing nothing, when the stored claims are equal to `claims`.
        """
        rows = [(content_hash, seq, *_claim_row(claim)) for seq, claim in enumerate(claims)]
        with self._writing("replace claims") as conn:
            if self._execute(conn, _SELECT_CLAIMS_OF, (content_hash,)).fetchall() == rows:
                return False
            if rows and not self._has_document(conn, content_hash):
                raise StoreError(
                    f"no document {content_hash!r} in the store", hint="add the document before its claims"
                )
            self._execute(conn, "DELETE FROM claims WHERE document = ?", (content_hash,))
            self._execute_many(conn, _INSERT_CLAIM, rows)
        log.debug("stored %d claims for %s", len(rows), content_hash)
        return True

    def claims(self, content_hash: str | None = None) -> list[Claim]:
        """Stored claims (of one document if `content_hash` is given), in document order."""
        with self._reading("read claims") as conn:
            if content_hash is None:
                rows = self._execute(conn, _SELECT_ALL_CLAIMS).fetchall()
            else:
                rows = self._execute(conn, _SELECT_CLAIMS_OF, (content_hash,)).fetchall()
        return [_claim_from_row(row[2:], row[0]) for row in rows]

    def claims_page(self, limit: int, offset: int = 0, kind: str | None = None) -> list[Claim]:
        """`limit` stored claims from `offset` in the order `claims()` lists them (of one `kind`, if
        given): what a page shows, without reading the others."""
        statement, params = (_SELECT_CLAIMS_PAGE, (limit, offset)) if kind is None else (
            _SELECT_CLAIMS_OF_KIND_PAGE, (kind, limit, offset))
        with self._reading("read claims") as conn:
            rows = self._execute(conn, statement, params).fetchall()
        return [_claim_from_row(row[2:], row[0]) for row in rows]

    def claim_counts(self, names: Iterable[str]) -> dict[str, int]:
        """{report name: how many claims it makes} for these reports (those with claims)."""
        return dict(self._rows_in("count claims", _COUNT_CLAIMS_NAMED, names))

    def claims_of_reports(self, names: Iterable[str]) -> list[Claim]:
        """The stored claims made in reports with any of these names (a claim's `doc`), in document
        order (as `claims()` lists them); read through an index, so the cost is that of the claims found."""
        rows = self._rows_in("read claims by report", _SELECT_CLAIMS_NAMED, names)
        return [_claim_from_row(row[3:], row[1]) for row in sorted(rows, key=lambda row: (row[0], row[2]))]

    def _rows_in(self, action: str, statement: str, values: Iterable[str]) -> list[Row]:
        """The rows of `statement` (its `{}` a list of placeholders) for every one of `values`,
        asked for in batches; in no particular order."""
        found: list[Row] = []
        it = iter(dict.fromkeys(values))
        while batch := list(islice(it, _BATCH)):
            query = statement.format(", ".join("?" * len(batch)))
            with self._reading(action) as conn:
                found.extend(self._execute(conn, query, batch).fetchall())
        return found

    # ----------------------------------------------------------------------- incidents

    def replace_incidents(self, incidents: Iterable[Incident], through: int | None = None) -> bool:
        """Make `incidents` the whole reconciled set, atomically, listed newest first (undated
        last); False if nothing changed. They may come as a stream in any order: they are staged in
        a temporary table a batch at a time, never all held in memory, and outside the write
        transaction, which lasts only for the comparison and the swap: other writers wait for that
        alone, not for the reconciling that makes the stream. `through`: the last document id stored
        when they were reconciled (see `reconciled_through`)."""
        return self.replace_incident_rows(map(incident_row, incidents), through)

    def replace_incident_rows(self, rows: Iterable[Row], through: int | None = None) -> bool:
        """`replace_incidents` for incidents already made into rows (`incident_row`), as the
        processes that reconcile a store's event types apart send them."""
        with self._reading("stage incidents") as conn:  # a temporary table: no write lock on the store
            self._execute(conn, _STAGE_INCIDENTS)
            self._execute(conn, _CLEAR_STAGED)
        staged = 0
        it = iter(rows)
        while batch := list(islice(it, _BATCH)):
            with self._reading("stage incidents") as conn:
                self._execute_many(conn, _INSERT_STAGED, batch)
            staged += len(batch)
        with self._writing("replace incidents") as conn:
            if through is not None:
                self._execute(conn, _UPSERT_RECONCILED, (through,))
            stored = self._execute(conn, _COUNT_INCIDENTS).fetchone()[0]
            changed = stored != staged or self._execute(conn, _COUNT_RESTAGED).fetchone()[0] > 0
            if changed:
                self._execute(conn, "DELETE FROM incidents")
                self._execute(conn, _FILL_INCIDENTS)
            self._execute(conn, _CLEAR_STAGED)
        log.debug("stored %d incidents", staged)
        return bool(changed)

    def last_document_id(self) -> int:
        """The id of the last document stored (0 for none): documents are numbered as they come."""
        with self._reading("read the last document") as conn:
            row = self._execute(conn, "SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()
        return int(row[0])

    def reconciled_through(self) -> int | None:
        """The last document id stored when the incidents were last reconciled (None if not known)."""
        with self._reading("read how far incidents reach") as conn:
            row = self._execute(conn, "SELECT through_document FROM reconciled").fetchone()
        return None if row is None else int(row[0])

    def mark_reconciled(self, through: int) -> None:
        """Note that the incidents hold every document up to id `through`."""
        with self._writing("note how far incidents reach") as conn:
            self._execute(conn, _UPSERT_RECONCILED, (through,))

    def incident_reports(self) -> set[str]:
        """The names of the reports the stored incidents are reconciled from."""
        with self._reading("read the reports of incidents") as conn:
            rows = self._execute(conn, "SELECT docs FROM incidents").fetchall()
        return {name for (docs,) in rows for name in json.loads(docs)}

    def reports_with_events(self, skip: Iterable[str] = ()) -> set[str]:
        """The names of the stored reports (but those in `skip`, content hashes) that describe an event."""
        left_out = set(skip)
        with self._reading("read the reports with events") as conn:
            rows = self._execute(conn, _SELECT_REPORTS_WITH_EVENTS).fetchall()
        return {name for content_hash, name in rows if content_hash not in left_out}

    def incidents(self) -> list[Incident]:
        """The stored reconciled incidents, in the order they were given."""
        with self._reading("read incidents") as conn:
            rows = self._execute(conn, _SELECT_INCIDENTS).fetchall()
        return [_incident_from_row(row[1:]) for row in rows]

    # ----------------------------------------------------------------------- failures

    def record_failure(self, source: str, stage: str, code: str, message: str) -> bool:
        """Note that `stage` failed on `source`; True if this exact failure was not yet recorded."""
        with self._writing("record a failure") as conn:
            cur = self._execute(conn, self._INSERT_FAILURE, (source, stage, code, message))
            return bool(cur.rowcount == 1)

    def failures(self) -> list[dict[str, str]]:
        """Recorded failures, oldest first: dicts with source, stage, code, message, first_seen."""
        return self._rows("read failures", _SELECT_FAILURES, (), _FAILURE_FIELDS)

    # ----------------------------------------------------------------------- web sources and copies

    def record_source(self, url: str, kind: str, **fields: Any) -> None:
        """Create or update the row of a web source (`fields`: columns of the `sources` table)."""
        self._upsert("sources", _SOURCE_FIELDS, {"url": url, "kind": kind, **fields})

    def sources(self) -> list[dict[str, Any]]:
        """Every web source with its last fetch, in the order they were first given."""
        order = " ORDER BY " + self._INSERTION_ORDER
        return self._rows("read web sources", _SELECT_SOURCES + order, (), _SOURCE_FIELDS)

    def source(self, url: str) -> dict[str, Any] | None:
        rows = self._rows("read web sources", _SELECT_SOURCES + " WHERE url = ?", (url,), _SOURCE_FIELDS)
        return rows[0] if rows else None

    def record_page(self, url: str, source: str, **fields: Any) -> None:
        """Create or update the row of a fetched page (`fields`: columns of the `pages` table)."""
        self._upsert("pages", _PAGE_FIELDS, {"url": url, "source": source, **fields})

    def pages(self, source: str | None = None) -> list[dict[str, Any]]:
        """Fetched pages (of one source if given), in the order they were first fetched."""
        order = " ORDER BY " + self._INSERTION_ORDER
        if source is None:
            return self._rows("read pages", _SELECT_PAGES + order, (), _PAGE_FIELDS)
        return self._rows("read pages", _SELECT_PAGES + " WHERE source = ?" + order, (source,), _PAGE_FIELDS)

    def link_copy(self, copy: str, original: str, similarity: float) -> bool:
        """Mark document `copy` as a copy of `original` (content hashes); True if newly linked."""
        with self._writing("link a copy") as conn:
            return bool(self._execute(conn, _INSERT_COPY, (copy, original, similarity)).rowcount == 1)

    def copies(self) -> dict[str, tuple[str, float]]:
        """{copy's content hash: (original's content hash, similarity)} for every known copy."""
        statement = "SELECT document, original, similarity FROM copies ORDER BY " + self._INSERTION_ORDER
        with self._reading("read copies") as conn:
            rows = self._execute(conn, statement).fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def _upsert(self, table: str, columns: tuple[str, ...], values: dict[str, Any]) -> None:
        """Insert a row of `table`, or update the row with the same first value (its key)."""
        unknown = set(values) - set(columns)
        if unknown:
            raise StoreError(f"no column(s) {', '.join(sorted(unknown))} in {table}")
        names = list(values)  # every name is one of `columns`, the table's known column names
        updates = ", ".join(f"{n} = excluded.{n}" for n in names[1:])
        statement = (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
                     f" ON CONFLICT ({names[0]}) DO UPDATE SET {updates}")
        with self._writing(f"record a row of {table}") as conn:
            self._execute(conn, statement, [values[n] for n in names])

    def _rows(
        self, action: str, query: str, params: tuple[Any, ...], columns: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        with self._reading(action) as conn:
            rows = self._execute(conn, query, params).fetchall()
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
        if not items:
            return []
        linked = copies or {}
        with self._writing("add analysed documents") as conn:
            flags = self._insert_documents(conn, [doc for doc, _, _ in items])
            fresh = [item for item, new in zip(items, flags, strict=True) if new]
            claims = [(doc.content_hash, seq, *_claim_row(claim))
                      for doc, doc_claims, _ in fresh for seq, claim in enumerate(doc_claims)]
            self._execute_many(conn, _INSERT_CLAIM, claims)
            events = [(doc.content_hash, _events_json(doc_events), _keys_json(doc_events))
                      for doc, _, doc_events in fresh]
            self._execute_many(conn, _UPSERT_EVENTS, events)
            hashes = [doc.content_hash for doc, _, _ in fresh]
            self._execute_many(conn, _INSERT_COPY, [(h, *linked[h]) for h in hashes if h in linked])
        return flags

    def replace_events(self, content_hash: str, events: Sequence[Event]) -> None:
        """Make `events` the events of the stored document `content_hash`."""
        with self._writing("replace events") as conn:
            self._execute(conn, _UPSERT_EVENTS, (content_hash, _events_json(events), _keys_json(events)))

    def events(self, skip: Iterable[str] = ()) -> Iterator[Event]:
        """The stored events of every analysed document (but those in `skip`, content hashes)."""
        for content_hash, data in self._event_rows(skip, _SELECT_EVENTS):
            yield from _events_from_json(data, report=content_hash)

    def event_keys(self, skip: Iterable[str] = ()) -> Iterator[tuple[str, list[EventKey]]]:
        """(content hash, [(day, report, start, sub-event type, event type) of each event]) for every
        analysed document but those in `skip`: what orders events for reconciling, and shares them out
        by type, read without making the events themselves."""
        for content_hash, keys, data in self._event_rows(skip, _SELECT_EVENT_KEYS):
            if keys is None:
                yield content_hash, [_event_key(event) for event in json.loads(data)]
            else:
                yield content_hash, [(_from_iso(day), *rest) for day, *rest in json.loads(keys)]

    def _event_rows(self, skip: Iterable[str], statement: str) -> Iterator[Row]:
        """The rows of `statement` (`_SELECT_EVENTS`, `_SELECT_EVENT_KEYS`), without their leading
        document id, for every analysed document but those in `skip`, a batch at a time."""
        left_out = set(skip)
        for _, content_hash, *rest in self._rows_after("read events", statement):
            if content_hash not in left_out:
                yield (content_hash, *rest)

    def events_of(self, content_hashes: Iterable[str], types: Collection[str] | None = None) -> dict[str, list[Event]]:
        """{content hash: its stored events (those of the event `types` only, if given)} for these
        documents (those stored and analysed)."""
        rows = self._rows_in("read events", _SELECT_EVENTS_OF, content_hashes)
        return {content_hash: _events_from_json(data, types, content_hash) for content_hash, data in rows}

    def unanalysed(self) -> Iterator[Document]:
        """Stored documents without stored events (stored before events were kept)."""
        with self._reading("find documents without events") as conn:
            hashes = [row[0] for row in self._execute(conn, _SELECT_UNANALYSED).fetchall()]
        for content_hash in hashes:
            doc = self.document(content_hash)
            if doc is not None:
                yield doc


# --------------------------------------------------------------------------- failures and web sources

_FAILURE_FIELDS: Final = ("source", "stage", "code", "message", "first_seen")
_SELECT_FAILURES: Final = "SELECT " + ", ".join(_FAILURE_FIELDS) + " FROM failures ORDER BY id"
_SOURCE_FIELDS: Final = ("url", "kind", "status", "reason", "items", "added", "failed", "etag",
                         "last_modified", "last_fetch", "last_ok")
_PAGE_FIELDS: Final = ("url", "source", "status", "reason", "document", "final_url", "canonical_url", "title",
                       "outlet", "author", "published", "etag", "last_modified", "last_fetch")
_SELECT_SOURCES: Final = "SELECT " + ", ".join(_SOURCE_FIELDS) + " FROM sources"
_SELECT_PAGES: Final = "SELECT " + ", ".join(_PAGE_FIELDS) + " FROM pages"
_INSERT_COPY: Final = (
    "INSERT INTO copies (document, original, similarity) VALUES (?, ?, ?) ON CONFLICT (document) DO NOTHING"
)


# --------------------------------------------------------------------------- documents

_DOCUMENT_COLUMNS: Final = "name, text, analysis, title, published, url, source, content_hash, offset_map"
_SELECT_DOCUMENT: Final = "SELECT " + _DOCUMENT_COLUMNS + " FROM documents"
_SELECT_DOCUMENT_BY_HASH: Final = _SELECT_DOCUMENT + " WHERE content_hash = ?"
_SELECT_DOCUMENTS_AFTER: Final = (
    "SELECT id, " + _DOCUMENT_COLUMNS + " FROM documents WHERE id > ? ORDER BY id LIMIT ?"
)
_SELECT_NTH_LAST_ID: Final = "SELECT id FROM documents ORDER BY id DESC LIMIT 1 OFFSET ?"
"""The id of the document that many before the last (none when fewer are stored)."""
_SELECT_DOCUMENTS_PAGE: Final = "SELECT id, " + _DOCUMENT_COLUMNS + " FROM documents ORDER BY id LIMIT ? OFFSET ?"
_HAS_DOCUMENT: Final = "SELECT 1 FROM documents WHERE content_hash = ?"
_SELECT_DOCUMENTS_NAMED: Final = "SELECT id, " + _DOCUMENT_COLUMNS + " FROM documents WHERE name IN ({})"
_SELECT_REPORT_TIMES: Final = "SELECT id, name, published, first_seen FROM documents"
_SELECT_REPORT_TIMES_NAMED: Final = _SELECT_REPORT_TIMES + " WHERE name IN ({})"


def _document_row(doc: Document) -> Row:
    """The column values of a document (`_DOCUMENT_COLUMNS`); refuses one without a content hash."""
    if not doc.content_hash:
        raise StoreError(
            f"document {doc.name!r} has no content_hash",
            hint="build documents with sitrep.sources.ingest, which sets it",
        )
    offset_map = None if doc.offset_map is None else _dumps(list(doc.offset_map))
    published = None if doc.published is None else doc.published.isoformat()
    row = (doc.name, doc.text, doc.analysis, doc.title, published, doc.url, doc.source, doc.content_hash)
    return (*row, offset_map)


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


# --------------------------------------------------------------------------- claims

_CLAIM_COLUMNS: Final = (
    "document, seq, doc, kind, low, high, approx, unspecified, subject, subject_country, subject_role,"
    " claimant, claimant_country, unverified, evidence_start, evidence_end, evidence_text,"
    " sentence_start, sentence_end, sentence_text, date, place, part, side_by"
)
_INSERT_CLAIM: Final = (
    "INSERT INTO claims (" + _CLAIM_COLUMNS + ") VALUES (" + ", ".join("?" * (_CLAIM_COLUMNS.count(",") + 1)) + ")"
)
_SELECT_CLAIMS_OF: Final = "SELECT " + _CLAIM_COLUMNS + " FROM claims WHERE document = ? ORDER BY seq"
_SELECT_ALL_CLAIMS: Final = (
    "SELECT "
    + ", ".join("c." + column.strip() for column in _CLAIM_COLUMNS.split(","))
    + " FROM claims AS c JOIN documents AS d ON d.content_hash = c.document ORDER BY d.id, c.seq"
)

_SELECT_CLAIMS_PAGE: Final = _SELECT_ALL_CLAIMS + " LIMIT ? OFFSET ?"
_SELECT_CLAIMS_OF_KIND_PAGE: Final = (
    _SELECT_ALL_CLAIMS.replace(" ORDER BY", " WHERE c.kind = ? ORDER BY") + " LIMIT ? OFFSET ?"
)
_COUNT_CLAIMS_NAMED: Final = "SELECT doc, COUNT(*) FROM claims WHERE doc IN ({}) GROUP BY doc"
_SELECT_CLAIMS_NAMED: Final = (
    "SELECT d.id, "
    + ", ".join("c." + column.strip() for column in _CLAIM_COLUMNS.split(","))
    + " FROM claims AS c JOIN documents AS d ON d.content_hash = c.document WHERE c.doc IN ({})"
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
        None if claim.date is None else _dumps(_fields_json(claim.date)),
        None if claim.place is None else _dumps(_fields_json(claim.place)),
        int(claim.part),
        claim.side_by,
    )


def _claim_from_row(row: Row, report: str) -> Claim:
    """A stored claim (its columns from `doc` on) of the report whose content hash is `report`."""
    (doc, kind, low, high, approx, unspecified, subject, subject_country, subject_role, claimant,
     claimant_country, unverified, ev_start, ev_end, ev_text, se_start, se_end, se_text,
     when, where, part, side_by) = row  # fmt: skip
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
        part=bool(part),
        side_by=side_by,
        report=report,
    )


# --------------------------------------------------------------------------- incidents

_INCIDENT_COLUMNS: Final = (
    "seq, id, date_start, date_end, date_precision, country, admin1, location, lat, lon, geo_precision,"
    " event_type, sub_event_type, actor1, actor2, docs, figures,"
    " fatalities_low, fatalities_best, fatalities_high"
)
_SELECT_INCIDENTS: Final = "SELECT " + _INCIDENT_COLUMNS + " FROM incidents ORDER BY seq"


_STAGED_COLUMNS: Final = _INCIDENT_COLUMNS.removeprefix("seq, ")
_STAGE_INCIDENTS: Final = (
    "CREATE TEMP TABLE IF NOT EXISTS incidents_next AS SELECT " + _STAGED_COLUMNS + " FROM incidents WHERE 1 = 0"
)
_CLEAR_STAGED: Final = "DELETE FROM incidents_next"
_INSERT_STAGED: Final = (
    "INSERT INTO incidents_next (" + _STAGED_COLUMNS + ") VALUES (" + ", ".join("?" * 19) + ")"
)
_NEWEST_FIRST: Final = "ROW_NUMBER() OVER (ORDER BY date_start IS NULL, date_start DESC, id DESC) - 1"
"""An incident's place in the list: newest first, undated last (as `incidents.newest_first`)."""
_RESTAGED: Final = "SELECT " + _NEWEST_FIRST + ", " + _STAGED_COLUMNS + " FROM incidents_next"
_COUNT_INCIDENTS: Final = "SELECT COUNT(*) FROM incidents"
_COUNT_RESTAGED: Final = (
    "SELECT COUNT(*) FROM (" + _RESTAGED + " EXCEPT SELECT " + _INCIDENT_COLUMNS + " FROM incidents) AS changed"
)
_FILL_INCIDENTS: Final = "INSERT INTO incidents (" + _INCIDENT_COLUMNS + ") " + _RESTAGED
_UPSERT_RECONCILED: Final = (
    "INSERT INTO reconciled (id, through_document) VALUES (1, ?)"
    " ON CONFLICT (id) DO UPDATE SET through_document = excluded.through_document"
)
_SELECT_REPORTS_WITH_EVENTS: Final = (
    "SELECT d.content_hash, d.name FROM document_events AS e JOIN documents AS d ON d.content_hash = e.document"
    " WHERE e.events <> '[]'"
)


def incident_row(incident: Incident) -> Row:
    """The column values (after `seq`) both backends keep for an incident."""
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
        _dumps(_fields_json(incident.figures)),
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


# --------------------------------------------------------------------------- dates, places and figures
# A claim's date and place and an incident's figures are kept as JSON objects of their fields, in the
# order the record declares them; spans are [start, end, text] and dates ISO text.


def _fields_json(value: Any) -> Any:
    """A record (or a tuple of them) as JSON: an object of its fields, by name in declaration order."""
    if isinstance(value, Span):
        return [value.start, value.end, value.text]
    names = _record_fields(type(value))
    if names is not None:
        return {name: _fields_json(getattr(value, name)) for name in names}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_fields_json(v) for v in value]
    return value


def _fields_from_json(kind: type[_R], data: dict[str, Any], **decode: Callable[[Any], Any]) -> _R:
    """The `kind` record `_fields_json` wrote as `data`; `decode` reads the fields that are not plain
    JSON values. Keys that are not fields of `kind` are left out; missing ones take their defaults."""
    names = _field_names(kind)
    return kind(**{k: decode[k](v) if k in decode else v for k, v in data.items() if k in names})


@cache
def _record_fields(kind: type) -> tuple[str, ...] | None:
    """The field names of `kind` in declaration order when it is a record (dataclass) class, else None;
    worked out once per class, as every stored claim and event is written out field by field."""
    return tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None


@cache
def _field_names(kind: type) -> frozenset[str]:
    """The field names of the record class `kind` as a set, worked out once per class (reading a large
    store's incidents decodes hundreds of thousands of figures and claim references)."""
    return frozenset(_record_fields(kind) or ())


def _span_from_json(data: list[Any]) -> Span:
    start, end, text = data
    return Span(start, end, text)


def _date_from_json(data: dict[str, Any]) -> DateMention:
    day = date.fromisoformat
    return _fields_from_json(DateMention, data, span=_span_from_json, first_day=day, last_day=day)


def _place_from_json(data: dict[str, Any]) -> PlaceMention:
    return _fields_from_json(PlaceMention, data, span=_span_from_json)


def _figure_from_json(data: dict[str, Any]) -> Figure:
    if data.keys() == _field_names(Figure):  # as this release writes it: every field, by name
        return Figure(data["kind"], data["subject_country"], data["subject_role"], data["low"], data["best"],
                      data["high"], data["contested"], tuple(map(_claim_ref_from_json, data["claims"])))
    return _fields_from_json(Figure, data, claims=lambda refs: tuple(map(_claim_ref_from_json, refs)))


def _claim_ref_from_json(data: dict[str, Any]) -> ClaimRef:
    if data.keys() == _field_names(ClaimRef):  # the same, field by field, without the general decoder's work
        return ClaimRef(data["doc"], data["claimant"], data["claimant_country"], data["low"], data["high"],
                        data["unverified"], data["evidence"], bool(data["part"]), bool(data["revised"]))
    return _fields_from_json(ClaimRef, data, part=bool, revised=bool)


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
    "INSERT INTO document_events (document, events, keys) VALUES (?, ?, ?)"
    " ON CONFLICT (document) DO UPDATE SET events = excluded.events, keys = excluded.keys"
)
_SELECT_EVENT_KEYS: Final = (  # the events only where the keys were not kept (rows from before 0008)
    "SELECT d.id, d.content_hash, e.keys, CASE WHEN e.keys IS NULL THEN e.events END FROM document_events AS e"
    " JOIN documents AS d ON d.content_hash = e.document WHERE d.id > ? ORDER BY d.id LIMIT ?"
)
_SELECT_EVENTS: Final = (
    "SELECT d.id, d.content_hash, e.events FROM document_events AS e"
    " JOIN documents AS d ON d.content_hash = e.document WHERE d.id > ? ORDER BY d.id LIMIT ?"
)
_SELECT_EVENTS_OF: Final = "SELECT document, events FROM document_events WHERE document IN ({})"
_SELECT_UNANALYSED: Final = (
    "SELECT d.content_hash FROM documents AS d"
    " WHERE NOT EXISTS (SELECT 1 FROM document_events AS e WHERE e.document = d.content_hash) ORDER BY d.id"
)


def _events_json(events: Sequence[Event]) -> str:
    return _dumps([_record_json(event) for event in events])


EventKey = tuple[date | None, str, int, str, str]


def _keys_json(events: Sequence[Event]) -> str:
    """The keys of `events` (see `_event_key`) as JSON, kept beside them."""
    return _dumps([[_iso(e.date_start), e.doc, e.evidence.start, e.sub_event_type, e.event_type] for e in events])


def _event_key(data: dict[str, Any]) -> EventKey:
    """(day, report, start, sub-event type, event type) of a stored event's JSON."""
    day = data["date_start"]
    return (date.fromisoformat(day["@d"]) if day else None, data["doc"], data["evidence"]["start"],
            data["sub_event_type"], data["event_type"])


def _events_from_json(data: str, types: Collection[str] | None = None, report: str = "") -> list[Event]:
    """The stored events of the report whose content hash is `report` (of the event `types` only, if
    given); each event and claim is given the report's identity, which the JSON leaves to its row.
    Equal strings of the report (its name, a sentence several claims quote, a kind or a country)
    become one object, and short ones one object across reports: the events of a large store are
    read into about half the memory."""
    memo: dict[str, str] = {}
    return [cast(Event, _record_from_json(row, memo, report)) for row in json.loads(data)
            if types is None or row["event_type"] in types]


def _record_json(value: Any) -> Any:
    """A record (and the records, dates and tuples in it) as JSON, every field by name, so records
    that gain fields still round-trip: {"@": "Event", "doc": …}; dates {"@d": "2025-10-12"}."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _stored_fields(kind)
    if names is not None:
        record = {"@": kind.__name__}
        for name in names:
            record[name] = _record_json(getattr(value, name))
        return record
    if isinstance(value, date):
        return {"@d": value.isoformat()}
    if isinstance(value, (tuple, list)):
        return [_record_json(v) for v in value]
    return value


def _record_from_json(data: Any, memo: dict[str, str], report: str) -> Any:
    if isinstance(data, str):
        return memo.setdefault(data, sys.intern(data) if len(data) <= _INTERNED else data)
    if isinstance(data, list):
        return tuple(_record_from_json(v, memo, report) for v in data)
    if isinstance(data, dict):
        if "@d" in data:
            return date.fromisoformat(data["@d"])
        kind = getattr(records, data["@"])
        values = {k: _record_from_json(v, memo, report) for k, v in data.items() if k != "@"}
        if kind in _OF_A_REPORT:
            values["report"] = report
        return kind(**values)
    return data


@cache
def _stored_fields(kind: type) -> tuple[str, ...] | None:
    """The fields of a record class that its stored JSON holds: all but the report's identity of an
    event or claim, which is its row's (the report's content hash), not written again for each."""
    names = _record_fields(kind)
    return None if names is None else tuple(n for n in names if not (kind in _OF_A_REPORT and n == "report"))


_OF_A_REPORT: Final = frozenset({Event, Claim})
"""Records that carry their report's identity (`report`), given back from the row they are stored in."""


_PLAIN: Final = frozenset({str, int, float, bool, type(None)})
"""Types of values that are JSON as they are (most of a record's fields), passed over at once."""
_INTERNED: Final = 40
"""Strings up to this length (kinds, roles, countries, names of reports and actors) are interned."""
