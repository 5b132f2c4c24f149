"""What every route takes: the store access and the incident filter from query parameters."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, Response

from ..errors import StoreError
from ..reconcile.grades import GRADES
from ..store.base import StoreBase
from .catalogue import Catalogue, IncidentQuery, Snapshot

StoreSource = StoreBase | Callable[[], StoreBase]


class Stores:
    """Store access for request threads: a shared store under a lock, or a store opened per request."""

    def __init__(self, source: StoreSource, opener: Callable[[], StoreBase] | None = None) -> None:
        """`source`: a shared store (read under a lock) or a function opening one per request;
        `opener` opens a store of its own for each write request (default: the shared one, locked)."""
        if isinstance(source, StoreBase) and not source.threads:
            raise StoreError(
                "the web app reads its store from worker threads",
                source=source.path,
                hint="open it with Store(path, threads=True), or pass a function that opens one",
            )
        self._shared = source if isinstance(source, StoreBase) else None
        self._factory = None if isinstance(source, StoreBase) else source
        self._opener = opener or self._factory
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._version: int | None = None

    @contextmanager
    def catalogue(self) -> Iterator[Catalogue]:
        """A catalogue over the store for one request (used and closed in the request's thread).

        A shared store keeps one snapshot of what it read while its data version is unchanged
        (another connection's commit changes it); a store opened per request reads afresh.
        """
        if self._shared is not None:
            with self._lock:
                version = _data_version(self._shared)
                if self._snapshot is None or version is None or version != self._version:
                    self._replace(Snapshot(self._shared, lasting=version is not None), version)
                assert self._snapshot is not None
                yield Catalogue(self._shared, self._snapshot)
            return
        assert self._factory is not None
        store = self._factory()  # SQLite in WAL mode: a connection per request reads concurrently
        try:
            yield Catalogue(store)
        finally:
            store.close()

    def _replace(self, snapshot: Snapshot | None, version: int | None) -> None:
        """Keep `snapshot` in place of the one kept before, whose objects the collector may walk again
        (and free, where they hold cycles)."""
        if self._snapshot is not None:
            gc.unfreeze()
        self._snapshot, self._version = snapshot, version

    @contextmanager
    def writer(self) -> Iterator[StoreBase]:
        """The store to write to for one request (SQLite lets one connection write at a time)."""
        if self._opener is None and self._shared is not None:
            with self._lock:
                try:
                    yield self._shared
                finally:
                    self._replace(None, None)  # its own writes do not change its data version
            return
        assert self._opener is not None
        store = self._opener()
        try:
            yield store
        finally:
            store.close()

    def warm(self) -> None:
        """Read what the incident lists show (incidents, facets, the report count, every report's time
        through its index, the grades, the claimants' record and its JSON) into the kept snapshot; an
        incident's reports and claims are read when its page is asked for."""
        with self.catalogue() as cat:
            snap = cat.snapshot
            _ = snap.newest, snap.by_id, snap.facets, snap.report_count, snap.times, snap.grades, snap.claimants
            _ = snap.claimants_json

    def close(self) -> None:
        self._replace(None, None)
        if self._shared is not None:
            self._shared.close()


def _data_version(store: StoreBase) -> int | None:
    """The store's data version, or None for a store without one (then nothing is kept)."""
    version = getattr(store, "data_version", None)
    return version() if version is not None else None


def kept(request: Request, cat: Catalogue, make: Callable[[], Response]) -> Response:
    """`make()`'s answer to this request, or the one given before while the store is unchanged."""
    key = request.url.path + "?" + request.url.query + ("#hx" if request.headers.get("HX-Request") else "")
    return cat.snapshot.kept(key, make)


async def stores(request: Request) -> Stores:
    return request.app.state.stores


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


async def incident_query(
    since: Annotated[str | None, Query(description="first day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="last day (YYYY-MM-DD)")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code")] = None,
    actor: Annotated[str | None, Query(description="actor1 or actor2, as normalised")] = None,
    kind: Annotated[str | None, Query(description="figure kind: killed, injured, detained, ...")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event or sub-event type")] = None,
    contested: Annotated[str | None, Query(description="only incidents with a contested figure")] = None,
    q: Annotated[str | None, Query(description="full-text search over the reports")] = None,
    grade: Annotated[str | None, Query(description="incident grade: " + ", ".join(GRADES))] = None,
) -> IncidentQuery:
    """The incident filter from query parameters (empty ones are ignored)."""
    return IncidentQuery(
        since=_day(since, "since"), until=_day(until, "until"), country=country or None, actor=actor or None,
        kind=kind or None, event_type=event_type or None,
        contested=(contested or "").lower() in ("1", "true", "on", "yes"), q=(q or "").strip() or None,
        grade=_grade(grade),
    )


def _grade(value: str | None) -> str | None:
    if not value:
        return None
    if value not in GRADES:
        raise HTTPException(400, f"grade must be one of {', '.join(GRADES)}, not {value!r}")
    return value


MAX_COUNT = 1_000_000_000
"""The largest `limit` or `offset` a request may give (422 beyond): far past any store, and within
what SQLite and PostgreSQL take as a number."""
Count = Annotated[int, Query(le=MAX_COUNT)]

QueryDep = Annotated[IncidentQuery, Depends(incident_query)]
StoresDep = Annotated[Stores, Depends(stores)]
