"""What every route takes: the store access and the incident filter from query parameters."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from ..errors import StoreError
from ..store import Store
from .catalogue import Catalogue, IncidentQuery

StoreSource = Store | Callable[[], Store]


class Stores:
    """Store access for request threads: a shared store under a lock, or a store opened per request."""

    def __init__(self, source: StoreSource) -> None:
        if isinstance(source, Store) and not getattr(source, "threads", False):
            raise StoreError(
                "the web app reads its store from worker threads",
                source=source.path,
                hint="open it with Store(path, threads=True), or pass a function that opens one",
            )
        self._shared = source if isinstance(source, Store) else None
        self._factory = None if isinstance(source, Store) else source
        self._lock = threading.Lock()

    @contextmanager
    def catalogue(self) -> Iterator[Catalogue]:
        """A catalogue over the store for one request (used and closed in the request's thread)."""
        if self._shared is not None:
            with self._lock:
                yield Catalogue(self._shared)
            return
        assert self._factory is not None
        store = self._factory()  # SQLite in WAL mode: a connection per request reads concurrently
        try:
            yield Catalogue(store)
        finally:
            store.close()


def stores(request: Request) -> Stores:
    return request.app.state.stores  # type: ignore[no-any-return]


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def incident_query(
    since: Annotated[str | None, Query(description="first day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="last day (YYYY-MM-DD)")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code")] = None,
    actor: Annotated[str | None, Query(description="actor1 or actor2, as normalised")] = None,
    kind: Annotated[str | None, Query(description="figure kind: killed, injured, detained, ...")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event or sub-event type")] = None,
    contested: Annotated[str | None, Query(description="only incidents with a contested figure")] = None,
    q: Annotated[str | None, Query(description="full-text search over the reports")] = None,
) -> IncidentQuery:
    """The incident filter from query parameters (empty ones are ignored)."""
    return IncidentQuery(
        since=_day(since, "since"), until=_day(until, "until"), country=country or None, actor=actor or None,
        kind=kind or None, event_type=event_type or None,
        contested=(contested or "").lower() in ("1", "true", "on", "yes"), q=(q or "").strip() or None,
    )


QueryDep = Annotated[IncidentQuery, Depends(incident_query)]
StoresDep = Annotated[Stores, Depends(stores)]
