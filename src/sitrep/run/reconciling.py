"""Reconciling a whole store: its events read in the order they are reconciled, on one process or
several.

The events of a large store do not fit in memory, and they are stored report by report, not in
date order. A first reading takes only each event's key (day, report, place in it, type); the
reports are then read a batch at a time in the order of their first event, and an event is given
once no report still unread can have one before it (`events_in_order`). Undated events come last,
from a second reading of the reports that have them.

Incidents never join events of different families of event types (political violence,
demonstrations: `incidents.family`), so the families can be shared out among processes (`shares`),
each reconciling the events of its own types from its own connection to the
store and sending back the rows of its incidents: the incidents are those one process makes
(`reconcile_store`).
"""

from __future__ import annotations

import heapq
import itertools
import multiprocessing
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from ..errors import StoreError
from ..reconcile.incidents import canonical, collector_paused, family, order_key, reconcile_in_order
from ..records import Event
from ..settings import Settings
from ..store.base import incident_row
from ..store.opening import open_store

READ_BATCH = 256
"""Reports whose stored events are read at once."""
SEND_BATCH = 256
"""Incident rows a reconciling process sends back at once."""

OrderKey = tuple[date, str, str, int, str]
Ordered = tuple[tuple[OrderKey, str], ...]
"""(order key of a report's first event, its content hash), in order."""


@dataclass(frozen=True, slots=True)
class ReadingOrder:
    """The order a store's reports are read in for reconciling, from the keys of their events."""

    dated: Ordered  # reports with dated events, by their first dated event
    undated: Ordered  # reports with undated events, by their first undated event
    types: dict[str, frozenset[str]]  # content hash: the event types of its events
    events: Counter[str]  # events of each event type


def reading_order(store: Any) -> ReadingOrder:
    """The reading order of the events of every stored report but copies (one pass over the keys)."""
    dated: list[tuple[OrderKey, str]] = []
    undated: list[tuple[OrderKey, str]] = []
    types: dict[str, frozenset[str]] = {}
    events: Counter[str] = Counter()
    for content_hash, keys in store.event_keys(skip=store.copies()):
        for timed, firsts in ((True, dated), (False, undated)):
            found = [order_key(key[0], key[1], content_hash, key[2], key[3]) for key in keys
                     if (key[0] is not None) == timed]
            if found:
                firsts.append((min(found), content_hash))  # type: ignore[arg-type]
        types[content_hash] = frozenset(key[4] for key in keys)
        events.update(key[4] for key in keys)
    return ReadingOrder(tuple(sorted(dated)), tuple(sorted(undated)), types, events)


def events_in_order(store: Any, order: ReadingOrder, share: frozenset[str] | None = None) -> Iterator[Event]:
    """The events (of the event types in `share`; all if None) in reconciling order
    (`incidents.canonical`): the dated ones, then the undated ones."""
    yield from _merged(store, order, order.dated, True, share)
    yield from _merged(store, order, order.undated, False, share)


def _merged(store: Any, order: ReadingOrder, reports: Ordered, dated: bool,
            share: frozenset[str] | None) -> Iterator[Event]:
    """The dated (or undated) events of `reports` in order, reading the reports a batch at a time as
    the order reaches them."""
    if share is not None:
        reports = tuple(r for r in reports if order.types[r[1]] & share)
    waiting: list[tuple[tuple[object, ...], int, Event]] = []
    at = 0
    count = itertools.count()
    while at < len(reports) or waiting:
        if at < len(reports) and (not waiting or reports[at][0] <= waiting[0][0]):
            hashes = [h for _, h in reports[at:at + READ_BATCH]]
            found = store.events_of(hashes, share)
            at += len(hashes)
            for h in hashes:
                for event in found.get(h, ()):
                    if (event.date_start is not None) == dated:
                        heapq.heappush(waiting, (canonical(event), next(count), event))
            continue
        yield heapq.heappop(waiting)[2]


def shares(order: ReadingOrder, processes: int) -> list[frozenset[str]]:
    """The event types shared out among at most `processes` processes, a family of types
    (`incidents.family`) whole to one process, each given about as many events (the most numerous
    family first, to the process with the fewest so far)."""
    families: dict[str, set[str]] = {}
    sizes: Counter[str] = Counter()
    for event_type, n in order.events.items():
        families.setdefault(family(event_type), set()).add(event_type)
        sizes[family(event_type)] += n
    loads: list[tuple[int, int, set[str]]] = [(0, i, set()) for i in range(max(1, processes))]
    for kind, n in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        held, i, share = heapq.heappop(loads)
        share.update(families[kind])
        heapq.heappush(loads, (held + n, i, share))
    return [frozenset(share) for _, _, share in sorted(loads, key=lambda load: load[1]) if share]


def reconcile_store(store: Any, settings: Settings, through: int | None = None, processes: int = 1,
                    db: str | None = None) -> bool:
    """Reconcile every stored event into incidents and store them (`store.replace_incidents`);
    False if they did not change. With `processes` > 1 and `db` (what `store.opening.open_store` opens the
    same store from), the event types are shared out among that many processes."""
    order = reading_order(store)
    parts = shares(order, processes) if db is not None else []
    with collector_paused():
        if len(parts) <= 1:
            incidents = reconcile_in_order(events_in_order(store, order), settings)
            return bool(store.replace_incidents(incidents, through))
        return bool(store.replace_incident_rows(_rows_apart(db, settings, order, parts), through))  # type: ignore[arg-type]


def _rows_apart(db: str, settings: Settings, order: ReadingOrder, parts: list[frozenset[str]]) -> Iterator[Any]:
    """The incident rows of the processes reconciling `parts`, as they come."""
    context = multiprocessing.get_context("fork")  # the order and settings pass without pickling
    workers, receiving = [], []
    for part in parts:
        inbox, outbox = context.Pipe(duplex=False)
        worker = context.Process(target=_reconcile_share, args=(db, settings, order, part, inbox, outbox), daemon=True)
        worker.start()
        outbox.close()  # this process only reads: the pipe ends when its process does
        workers.append(worker)
        receiving.append(inbox)
    try:
        yield from _received(receiving)
    finally:
        for inbox in receiving:
            inbox.close()
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _received(pipes: list[Any]) -> Iterator[Any]:
    """What the reconciling processes send, until each has said it is done (None)."""
    hint = "run the ingest again: the stored incidents are unchanged"
    left = list(pipes)
    while left:
        for pipe in wait(left):
            try:
                item = cast(Connection, pipe).recv()  # `wait` gives back the pipes it was given
            except EOFError:
                raise StoreError("a process reconciling the store stopped before it was done", hint=hint) from None
            if item is None:
                left.remove(pipe)
            elif isinstance(item, str):
                raise StoreError(f"reconciling the store failed: {item}", hint=hint)
            else:
                yield from item


def _reconcile_share(db: str, settings: Settings, order: ReadingOrder, share: frozenset[str],
                     inbox: Any, outbox: Any) -> None:
    """In a child process: reconcile the events of `share`'s types, sending their incident rows in
    batches, then None (or the error, as text)."""
    inbox.close()  # with no reader left (the parent stopped), sending fails rather than waits
    try:
        with open_store(db) as store, collector_paused():
            incidents = reconcile_in_order(events_in_order(store, order, share), settings)
            while batch := list(islice(incidents, SEND_BATCH)):
                outbox.send([incident_row(i) for i in batch])
        outbox.send(None)
    except BrokenPipeError:  # the parent is gone: nobody to tell
        raise
    except Exception as exc:  # noqa: BLE001 - sent back whole, raised in the parent
        outbox.send(f"{type(exc).__name__}: {exc}")
    finally:
        outbox.close()
