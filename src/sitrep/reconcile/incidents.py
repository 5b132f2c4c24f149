"""Incidents: events from many reports reconciled into what happened, figure by figure.

Events are taken in a canonical order (so the result never depends on the order of the reports)
and joined to an incident when they agree on time and the states involved and share evidence (a
figure about the same side, the same place on the same day, or the same distinctive name: an
operation or a named site few reports of those days carry, `_Tally`), whatever event type each
report gave them: outlets type one event differently ("air strikes", "the clashes", "the attack"),
so an incident's type is decided from all its reports. Only political violence and demonstrations
(`family`) never meet, and a total over a period ("over the past week") never joins one of its days.

An event is compared only with the open incidents it could join (`_Blocks`), and with what each
keeps of its reports (`_Cluster`), never with every report; an incident is given out as soon as the
time window has passed it (`reconcile_in_order`), so a stream of events of any length is reconciled
in time that grows with its length and memory that grows with the reports of a few days.

Each figure (kind, subject country, subject role) keeps every claim behind it, with `low` the
smallest and `high` the largest value claimed, `contested` where claims cannot both be true, and
`best` by ACLED's conservative rule: the lowest figure reported, preferring figures no source
hedged; an unspecified number killed counts as 3.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from ..extract.places import REGION_KM
from ..records import Claim, ClaimRef, Event, Figure, Incident
from ..settings import Settings

UNSPECIFIED_KILLED = 3  # ACLED's current rule for "an unknown number were killed"
SAME_PLACE_KM = 50.0


DEMONSTRATIONS = frozenset({"Protests", "Riots"})

Count = tuple[str, str | None, int, int | None]
"""An exact figure a report gives: (kind, side, low, high)."""


@dataclass(frozen=True, slots=True)
class _Traits:
    """What joining an event to an incident asks of it, worked out once per event."""

    event: Event
    states: frozenset[str]
    counts: frozenset[Count]
    figures: frozenset[tuple[str, str]]
    names: frozenset[str] = frozenset()  # its names rare enough among all reports of its days to tell it apart
    over_period: bool = False  # a total over a period ("over the past week"), not one day's toll

    @classmethod
    def of(cls, e: Event, tally: _Tally | None = None) -> _Traits:
        states = frozenset(_states(e))
        names = frozenset(tally.rare(e, e.names)) if tally is not None else frozenset()
        return cls(e, states, frozenset(_counts(e)),
                   frozenset((c.kind, c.subject_country) for c in e.claims if c.subject_country), names,
                   _over_period(e))


@dataclass(slots=True)
class _Cluster:
    """An incident being built. Beside its events it keeps what `_belongs` compares a new event
    with: the union of its members' states, counts and figures, the pairs of counts one member
    gives, its dates and its distinct places. A test against every member thus becomes one
    against these sets, whose size does not grow with the number of reports repeating an event."""

    events: list[Event] = field(default_factory=list)
    states: set[str] = field(default_factory=set)
    counts: set[Count] = field(default_factory=set)
    count_pairs: set[frozenset[Count]] = field(default_factory=set)
    figures: set[tuple[str, str]] = field(default_factory=set)
    types: set[str] = field(default_factory=set)  # the event types its reports gave
    first_day: date | None = None
    last_day: date | None = None
    all_by_day: bool = True  # every dated member is dated to the day
    days: set[date] = field(default_factory=set)  # the days of members dated to the day
    points: set[tuple[float, float, bool]] = field(default_factory=set)  # (lat, lon, town or district)
    spots: set[tuple[str, float | None, float | None, bool]] = field(default_factory=set)  # dated places
    names: set[str] = field(default_factory=set)  # its members' names (`Event.names`), distinctive or not
    over_period: bool = False  # its first member is a total over a period

    def add(self, t: _Traits) -> None:
        e = t.event
        if not self.events:
            self.over_period = t.over_period
        self.events.append(e)
        if e.date_start is not None:
            self.names.update(e.names)
        self.states |= t.states
        self.counts |= t.counts
        self.count_pairs.update(_pairs(t.counts))
        self.figures |= t.figures
        self.types.add(e.event_type)
        if e.date_start is not None:
            self.first_day = min(self.first_day or e.date_start, e.date_start)
            self.last_day = max(self.last_day or e.date_start, e.date_start)
            self.all_by_day &= e.date_precision == "day"
            if e.date_precision == "day":
                self.days.add(e.date_start)
        if _pointed(e):
            self.points.add((e.place.lat, e.place.lon, (e.geo_precision or 3) <= 2))  # type: ignore[union-attr,arg-type]
        if e.place and e.date_start:
            self.spots.add((e.place.name, e.place.lat, e.place.lon, e.geo_precision == 1))


def family(event_type: str) -> str:
    """The kind of events an incident may gather: political violence (battles, strikes, attacks on
    civilians, and the strategic developments around them) or demonstrations. Reports of one event
    differ on its type, never on whether it was a demonstration."""
    return "demonstrations" if event_type in DEMONSTRATIONS else "political violence"


def _pairs(counts: frozenset[Count]) -> Iterator[frozenset[Count]]:
    ordered = list(counts)
    return (frozenset((a, b)) for i, a in enumerate(ordered) for b in ordered[i + 1:])


def reconcile(events: Iterable[Event], settings: Settings) -> list[Incident]:
    """Incidents from events, newest first."""
    with collector_paused():
        return sorted(reconcile_in_order(sorted(events, key=canonical), settings), key=newest_first, reverse=True)


def reconcile_in_order(events: Iterable[Event], settings: Settings) -> Iterator[Incident]:
    """Incidents from events that come in `canonical` order, each given as soon as no later event
    can join it (its first day is more than the window behind the event at hand). A stream of any
    length is thus reconciled holding only the events of the last few days (and, to weigh their
    names, of the few days ahead)."""
    work = _Reconciler(settings)
    for event in _looking_ahead(_in_order(events), work.tally):
        yield from work.close_before(event.date_start)
        work.take(event)
    yield from work.close_before(None, everything=True)


def _in_order(events: Iterable[Event]) -> Iterator[Event]:
    last: tuple[object, ...] | None = None
    for event in events:
        key = canonical(event)
        if last is not None and key < last:
            raise ValueError(f"events out of order: {key[:2]} after {last[:2]}; sort them with"
                             " key=sitrep.reconcile.incidents.canonical, or call reconcile()")
        last = key
        yield event


def _looking_ahead(events: Iterator[Event], tally: _Tally) -> Iterator[Event]:
    """The events as they come, each once `tally` counts every dated event within the window after
    its day (and none more than the window before it)."""
    ahead: deque[Event] = deque()
    for event in events:
        while ahead and (event.date_start is None or ahead[0].date_start is None
                         or (event.date_start - ahead[0].date_start).days > tally.window):
            yield tally.ready(ahead.popleft())
        ahead.append(event)
        tally.count(event)
    while ahead:
        yield tally.ready(ahead.popleft())


COMMON_SHARE = 0.5
"""A name carried by more than this share of the reports of the same days about the same states is
the campaign's, the front's or the city's, not one event's: it tells no event from another."""


class _Tally:
    """How many reports of the days around an event carry each name, and how many tell of each state
    (reports of an event family alike, dated within the window before or after its day), so that a
    name is weighed by how rare it is among the reports it could tell apart. Events are counted as
    they are read (ahead of the one being reconciled) and let go once the window is behind them."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.names: dict[tuple[str, str], Counter[str]] = {}
        self.states: dict[tuple[str, str], Counter[str]] = {}
        self.reports: dict[tuple[str, str], Counter[str]] = {}  # (family, ""): every report
        self.counted: deque[tuple[date, Event, set[str]]] = deque()  # (day, event, its states)

    def count(self, e: Event) -> None:
        if e.date_start is None:
            return
        states = _states(e)
        self.counted.append((e.date_start, e, states))
        self._tell(e, states, 1)

    def ready(self, e: Event) -> Event:
        """`e`, once the events more than the window before its day are let go."""
        if e.date_start is not None:
            while self.counted and (e.date_start - self.counted[0][0]).days > self.window:
                _, gone, states = self.counted.popleft()
                self._tell(gone, states, -1)
        return e

    def _tell(self, e: Event, states: set[str], step: int) -> None:
        kind, report = family(e.event_type), e.report_id
        for table, keys in ((self.names, e.names), (self.states, states), (self.reports, ("",))):
            for key in keys:
                reports = table.get((kind, key))
                if reports is None:
                    reports = table[(kind, key)] = Counter()
                reports[report] += step
                if reports[report] <= 0:
                    del reports[report]
                    if not reports:
                        del table[(kind, key)]

    def rare(self, e: Event, names: Iterable[str], states: Iterable[str] | None = None) -> list[str]:
        """Those of `names` (of dated event `e`) carried by no more than `COMMON_SHARE` of the reports
        of the days around it that tell of one of `states` (of the state most told of; of every report
        where `states` is None)."""
        if e.date_start is None:
            return []
        kind = family(e.event_type)
        if states is None:
            reports = len(self.reports.get((kind, ""), ()))
        else:
            reports = max((len(self.states.get((kind, s), ())) for s in states), default=0)
        return [n for n in names if len(self.names.get((kind, n), ())) <= COMMON_SHARE * reports]


def canonical(e: Event) -> tuple[object, ...]:
    """The order events are reconciled in (so the result never depends on the order of the reports):
    by day, undated events last, then by report (its name, then its identity) and place in it."""
    return order_key(e.date_start, e.doc, e.report_id, e.evidence.start, e.sub_event_type)


def order_key(day: date | None, doc: str, report: str, start: int, sub_event_type: str) -> tuple[object, ...]:
    return (day or date.max, doc, report, start, sub_event_type)


def newest_first(i: Incident) -> tuple[date, str]:
    """Sort key (descending) of incidents as they are listed: newest first, undated last."""
    return (i.date_start or date.min, i.id)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a while. Reconciling makes millions of small objects and
    no cycles, and each full collection walks every event held again: a quarter of the time."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class _Reconciler:
    """The incidents still open to new events, numbered in the order they were made."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.window = settings.incident_window_days
        self.clusters: dict[int, _Cluster] = {}
        self.blocks = _Blocks(self.window)
        self.tally = _Tally(self.window)
        self.made = 0
        self.oldest: deque[int] = deque()  # open clusters in the order they were made

    def take(self, event: Event) -> None:
        t = _Traits.of(event, self.tally)
        home = next((n for n in self.blocks.candidates(t) if _belongs(t, self.clusters[n], self.settings, self.tally)),
                    None)
        if home is None:
            home = self.made
            self.made += 1
            self.clusters[home] = _Cluster()
            self.oldest.append(home)
        self.clusters[home].add(t)
        self.blocks.add(home, self.clusters[home], t)

    def close_before(self, day: date | None, everything: bool = False) -> Iterator[Incident]:
        """The incidents no event of `day` or later can join: those begun more than the window
        before it, every dated one for an undated event (which joins only undated ones)."""
        while self.oldest:
            first = self.clusters[self.oldest[0]].first_day  # clusters are made in date order
            if not everything and (first is None or (day is not None and (day - first).days <= self.window)):
                return
            n = self.oldest.popleft()
            cluster = self.clusters.pop(n)
            self.blocks.forget(n, cluster)
            yield _incident(cluster)


Cell = tuple[int, int]
"""A square of one degree of latitude and longitude."""
_NO_SQUARE: Any = object()


class _Blocks:
    """Clusters by (event family, first day, state, timing) and then by place, so an event is compared
    only with the clusters `_belongs` could accept: the same event family, begun at most `window` days
    before it (events come in date order; one day where the event and every dated member are dated
    to the day), sharing a state, and with no member's point beyond reach of the event's point.

    A cluster's place is the square of the first point one of its members gave (None while none
    has); an event with a point looks at the squares within reach and at clusters without a point.
    Candidates come in the order the clusters were made, so the first that accepts is the one a
    scan of every cluster would find.

    Undated events have no time to bound them: every undated incident stays open to them. They are
    compared only with the undated incidents sharing one of their figures (kind and side) or two of
    their exact counts, the only ones `_belongs` lets an undated event join, so that their number
    does not make the work grow with its square."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.index: dict[tuple[str, date | None, str, bool], dict[Cell | None, dict[int, None]]] = {}
        self.filed: dict[int, tuple[set[str], bool, Cell | None]] = {}  # cluster: (states, by day, square)
        self.pairs: dict[tuple[str, date | None, frozenset[Count]], dict[int, None]] = {}
        self.undated: dict[tuple[str, tuple[str, str]], dict[Cell | None, dict[int, None]]] = {}
        self.undated_filed: dict[int, tuple[set[tuple[str, str]], Cell | None]] = {}  # cluster: (figures, square)
        self.telling: dict[tuple[str, date | None, Count], dict[int, None]] = {}
        self.named: dict[tuple[str, date | None, str], dict[int, None]] = {}  # operations and sites

    def candidates(self, t: _Traits) -> list[int]:
        e = t.event
        near = _squares_near(e.place.lat, e.place.lon) if _pointed(e) else None  # type: ignore[union-attr]
        if e.date_start is None:
            return self._undated_candidates(t, near)
        found: set[int] = set()
        for by_day in (True, False):
            for day in self._days(e, by_day):
                for state in t.states:
                    squares = self.index.get((family(e.event_type), day, state, by_day))
                    if squares:
                        found.update(*_within(squares, near))
        if near is not None:  # two counts shared with one member, or a telling one, join an event however far
            for pair in _pairs(t.counts):
                for day in self._days(e, False):
                    found.update(self.pairs.get((family(e.event_type), day, pair), ()))
            for count in _telling(t.counts):
                for day in self._days(e, False):
                    found.update(self.telling.get((family(e.event_type), day, count), ()))
            for name in _sites_named(t.names):
                for day in self._days(e, False):
                    found.update(self.named.get((family(e.event_type), day, name), ()))
        return sorted(found)

    def _undated_candidates(self, t: _Traits, near: set[Cell] | None) -> list[int]:
        """The undated clusters sharing a figure with undated event `t` (within reach of its point), or
        two of its exact counts or a telling one (however far)."""
        e = t.event
        found: set[int] = set()
        for figure in t.figures:
            squares = self.undated.get((family(e.event_type), figure))
            if squares:
                found.update(*_within(squares, near))
        for pair in _pairs(t.counts):
            found.update(self.pairs.get((family(e.event_type), None, pair), ()))
        for count in _telling(t.counts):  # a telling count joins however far apart
            found.update(self.telling.get((family(e.event_type), None, count), ()))
        return sorted(found)

    def _days(self, e: Event, by_day: bool) -> list[date | None]:
        if e.date_start is None:
            return [None]
        reach = min(self.window, 1) if by_day and e.date_precision == "day" else self.window
        last = e.date_start.toordinal()
        return [date.fromordinal(last - k) for k in range(min(reach, last - 1) + 1)]

    def add(self, n: int, c: _Cluster, t: _Traits) -> None:
        """File cluster `n` after `t` joined it: under its new states, and again under all of them
        where its timing or square changed."""
        first = c.events[0]
        kind = family(first.event_type)
        filed, by_day, square = self.filed.get(n, (set(), c.all_by_day, None))
        now = square or _anchor(c)
        if (by_day, square) != (c.all_by_day, now):
            for state in filed:
                del self.index[(kind, first.date_start, state, by_day)][square][n]
            filed = set()
        for state in c.states - filed:
            squares = self.index.setdefault((kind, first.date_start, state, c.all_by_day), {})
            squares.setdefault(now, {})[n] = None
        self.filed[n] = (set(c.states), c.all_by_day, now)
        for pair in _pairs(t.counts):
            self.pairs.setdefault((kind, first.date_start, pair), {})[n] = None
        for count in _telling(t.counts):
            self.telling.setdefault((kind, first.date_start, count), {})[n] = None
        if first.date_start is not None and t.event.date_start is not None:
            for name in _sites_named(t.event.names):
                self.named.setdefault((kind, first.date_start, name), {})[n] = None
        if first.date_start is None:
            self._file_undated(n, c, now)

    def _file_undated(self, n: int, c: _Cluster, square: Cell | None) -> None:
        """File undated cluster `n` under its figures (and its square), again under all of them where
        its square changed."""
        kind = family(c.events[0].event_type)
        filed, was = self.undated_filed.get(n, (set(), square))
        if was != square:
            for figure in filed:
                del self.undated[(kind, figure)][was][n]
            filed = set()
        for figure in c.figures - filed:
            self.undated.setdefault((kind, figure), {}).setdefault(square, {})[n] = None
        self.undated_filed[n] = (set(c.figures), square)

    def forget(self, n: int, c: _Cluster) -> None:
        """Take closed cluster `n` out of the blocks."""
        first = c.events[0]
        kind = family(first.event_type)
        states, by_day, square = self.filed.pop(n)
        for state in states:
            _drop(self.index, (kind, first.date_start, state, by_day), n, square)
        for pair in c.count_pairs:
            _drop(self.pairs, (kind, first.date_start, pair), n)
        for count in _telling(frozenset(c.counts)):
            _drop(self.telling, (kind, first.date_start, count), n)
        if first.date_start is not None:
            for name in _sites_named(c.names):
                _drop(self.named, (kind, first.date_start, name), n)
        if n in self.undated_filed:
            figures, square = self.undated_filed.pop(n)
            for figure in figures:
                _drop(self.undated, (kind, figure), n, square)


def _drop(index: dict[Any, Any], key: Any, n: int, square: Any = _NO_SQUARE) -> None:
    """Remove `n` from the members under `key` (and `square`), and any container left empty."""
    outer = index[key]
    members = outer if square is _NO_SQUARE else outer[square]
    del members[n]
    if square is not _NO_SQUARE and not members:
        del outer[square]
    if not outer:
        del index[key]


def _anchor(c: _Cluster) -> Cell | None:
    """The square of a point of the cluster (any will do: every member lies within reach of it)."""
    if not c.points:
        return None
    lat, lon, _ = next(iter(c.points))
    return _square(lat, lon)


def _within(squares: dict[Cell | None, dict[int, None]], near: set[Cell] | None) -> list[dict[int, None]]:
    """The clusters of the squares within reach (`near`, None for anywhere), and those without a point."""
    if near is None:
        return list(squares.values())
    if len(squares) <= len(near):
        return [members for square, members in squares.items() if square is None or square in near]
    return [squares[square] for square in (None, *near) if square in squares]


def _square(lat: float, lon: float) -> Cell:
    return math.floor(lat), math.floor(lon)


_REACH = math.sin(max(SAME_PLACE_KM, REGION_KM) / 2 / 6371.0)


@lru_cache(maxsize=4096)
def _squares_near(lat: float, lon: float) -> set[Cell]:
    """The squares holding every point within the furthest distance `_far_apart` allows of
    (lat, lon): along a meridian it is at most that many kilometres at 111.19 km a degree; across,
    the haversine at the highest latitude in reach bounds the difference of longitude."""
    dlat = max(SAME_PLACE_KM, REGION_KM) / (6371.0 * math.pi / 180) + 0.01
    top = min(90.0, abs(lat) + dlat)
    spread = _REACH / max(math.cos(math.radians(top)), 1e-9)
    dlon = 360.0 if spread >= 1 else math.degrees(2 * math.asin(spread)) + 0.01
    lats = range(math.floor(lat - dlat), math.floor(lat + dlat) + 1)
    lons: list[int] = list(range(-180, 180)) if dlon >= 180 else [
        (k + 180) % 360 - 180 for k in range(math.floor(lon - dlon), math.floor(lon + dlon) + 1)]
    return {(a, b) for a in lats for b in lons}


def _belongs(t: _Traits, c: _Cluster, settings: Settings, tally: _Tally | None = None) -> bool:
    """Whether event `t` joins incident `c`: political violence (or demonstrations) at the same time
    between the same states, with two exact figures shared with one report, or else no report's
    place too far and some shared evidence (a count, or a town, where reports give different days;
    a count, where no report gave the event's type: two events of one place and day, an ambush and a
    roadside bomb, differ in type and in their tolls)."""
    e = t.event
    if family(e.event_type) != family(c.events[0].event_type):
        return False
    if not _same_time(e, c, settings.incident_window_days):
        return False
    if not t.states & c.states:
        return False
    if t.over_period != c.over_period:  # a week's total is not one of its days: only the same count joins
        return bool(t.counts & c.counts) and not _far_apart(e, c)
    if any(pair in c.count_pairs for pair in _pairs(t.counts)) or _telling_counts(t, c):
        return True  # however far apart its reports place it: outlets lead with different sites
    named = _named_alike(t, c, tally)
    if any(not name.startswith("town:") for name in named):
        return True  # the same operation or base, however its reports typed and placed it
    if _far_apart(e, c):
        return False
    town = bool(named)
    if e.date_precision == "day" and e.date_start is not None and c.days - {e.date_start}:
        return e.geo_precision == 1 and _same_place(e, c, towns_only=True)  # a town named is not enough
    if e.event_type not in c.types:  # typed apart: the same count for the same side says it is one event
        return bool(t.counts & c.counts)
    return bool(t.figures & c.figures) or town or _same_place(e, c)


def _named_alike(t: _Traits, c: _Cluster, tally: _Tally | None) -> list[str]:
    """The names event `t` shares with incident `c` that are distinctive: carried by no more than
    `COMMON_SHARE` of the reports of its days that tell of their states."""
    shared = [name for name in t.names if name in c.names]
    return tally.rare(t.event, shared, t.states | c.states) if shared and tally is not None else []


def _sites_named(names: Iterable[str]) -> list[str]:
    """The operations and named sites among distinctive names (towns are evidence of place only)."""
    return sorted(n for n in names if not n.startswith("town:"))


def _over_period(e: Event) -> bool:
    """Whether an event is a total over a period ("over the past week"): dated to a week, a month or a
    year, or from one day to another more than a day later."""
    if e.date_start is None:
        return False
    return e.date_precision in ("week", "month", "year") or (
        e.date_end is not None and (e.date_end - e.date_start).days > 1)


TELLING = 10
"""A count of this many or more, of one kind for one side, is unlikely to agree by chance."""


def _telling(counts: frozenset[Count]) -> list[Count]:
    return [key for key in counts if key[2] >= TELLING]


def _telling_counts(t: _Traits, c: _Cluster) -> bool:
    """A count shared with a report unlikely to agree by chance: one of ten or more."""
    return any(key in c.counts for key in _telling(t.counts))


def _same_time(e: Event, c: _Cluster, window: int) -> bool:
    """Dates within the window; two dates known to the day may differ by one day at most."""
    if e.date_start is None:
        return c.first_day is None
    if c.first_day is None or c.last_day is None:
        return False
    if e.date_precision == "day" and c.all_by_day:
        window = min(window, 1)
    return abs((e.date_start - c.first_day).days) <= window and abs((e.date_start - c.last_day).days) <= window


def _states(e: Event) -> set[str]:
    found = {c.subject_country for c in e.claims if c.subject_country}
    found |= {c.claimant_country for c in e.claims if c.claimant_country}
    if e.place and e.place.country:
        found.add(e.place.country)
    return found


def _counts(e: Event) -> set[Count]:
    return {(c.kind, c.subject_country, c.low, c.high) for c in e.claims
            if c.subject_country and c.low is not None and not c.approx}


def _has_point(e: Event) -> bool:
    return e.place is not None and e.place.lat is not None and e.place.lon is not None


def _pointed(e: Event) -> bool:
    """Placed at a point that says how far it is from others (a country's centre does not)."""
    return _has_point(e) and e.place.feature != "country"  # type: ignore[union-attr]


def _far_apart(e: Event, c: _Cluster) -> bool:
    """Whether a member lies further away than one incident spreads: 50 km between towns, 150 km
    where either report names only a region (its point stands for a whole province)."""
    if not _pointed(e):
        return False
    small = (e.geo_precision or 3) <= 2
    lat, lon = e.place.lat, e.place.lon  # type: ignore[union-attr]
    return any(_km(lat, lon, plat, plon) > (SAME_PLACE_KM if small and psmall else REGION_KM)  # type: ignore[arg-type]
               for plat, plon, psmall in c.points)


def _same_place(e: Event, c: _Cluster, towns_only: bool = False) -> bool:
    """Whether a dated member was placed within 50 km of this dated event (the same name where
    either place has no point); `towns_only` looks at members placed in a town alone."""
    if not (e.place and e.date_start):
        return False
    point = _has_point(e)
    for name, lat, lon, town in c.spots:
        if towns_only and not town:
            continue
        if not point or lat is None or lon is None:
            if name == e.place.name:
                return True
        elif _km(e.place.lat, e.place.lon, lat, lon) <= SAME_PLACE_KM:  # type: ignore[arg-type]
            return True
    return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _incident(c: _Cluster) -> Incident:
    events = c.events
    docs = tuple(dict.fromkeys(e.doc for e in events))
    figures = tuple(reconcile_figures([cl for e in events for cl in e.claims], {e.doc: e.published for e in events}))
    located = _placed(events)
    place = located[0].place if located else None
    kind = Counter((e.event_type, e.sub_event_type) for e in events).most_common(1)[0][0]
    starts = [e.date_start for e in events if e.date_start]
    ends = [e.date_end or e.date_start for e in events if e.date_start]
    low, best, high = _shared(fatalities(figures, min(starts) if starts else None), events)
    return Incident(
        id=_incident_id(events),
        date_start=min(starts) if starts else None,
        date_end=max(d for d in ends if d) if starts else None,
        date_precision=next((e.date_precision for e in events if e.date_precision), None),
        country=place.country if place else _majority_country(events),
        admin1=place.admin1 if place else None,
        location=place.name if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        geo_precision=located[0].geo_precision if located else None,
        event_type=kind[0], sub_event_type=kind[1],
        actor1=_majority(e.actor1 for e in events), actor2=_majority(e.actor2 for e in events),
        docs=docs, figures=_of_the_place(figures, place.country if place else None),
        fatalities_low=low, fatalities_best=best, fatalities_high=high,
    )


def _of_the_place(figures: tuple[Figure, ...], state: str | None) -> tuple[Figure, ...]:
    """Figures of people no report gave a state to ("two people were killed") are of the state the
    incident happened in, where they concern no other state (no figure names another) and no figure
    of that kind names it already."""
    if state is None or any(f.subject_country not in (None, state) for f in figures):
        return figures
    named = {f.kind for f in figures if f.subject_country}
    return tuple(replace(f, subject_country=state) if f.subject_country is None and f.kind not in named
                 and f.subject_role in ("civilian", "unknown") else f for f in figures)


_FEATURE_RANK = {"populated_place": 0, "feature": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 4}


def _placed(events: Sequence[Event]) -> list[Event]:
    """The incident's placed events, the one it is placed at first: in the country most of its
    reports place it in (of those naming a town or province, if any do), the most precise place (a
    town before a district, a province or a state), the one most reports name among equals."""
    located = [e for e in events if e.place]
    if not located:
        return []
    precise = [e for e in located if e.place.feature != "country"] or located  # type: ignore[union-attr]
    states = Counter(e.place.country for e in precise if e.place.country)  # type: ignore[union-attr]
    top = max(states.values(), default=0)
    names = Counter(e.place.name for e in located)  # type: ignore[union-attr]

    def rank(e: Event) -> tuple[object, ...]:
        p = e.place
        return (states.get(p.country, 0) < top, e.geo_precision or 9, _FEATURE_RANK.get(p.feature, 5),  # type: ignore[union-attr]
                -names[p.name])  # type: ignore[union-attr]

    return sorted(located, key=rank)


def _shared(counts: tuple[int | None, int | None, int | None], events: Sequence[Event]
            ) -> tuple[int | None, int | None, int | None]:
    """The share of the dead a report that spreads them over several events gives this one."""
    split = next((e.fatality_split for e in events if e.fatality_split), None)
    if split is None:
        return counts
    parts, stated = split
    low, best, high = (None if n is None else n // parts for n in counts)
    return low, (stated if stated is not None else best), high


def _incident_id(events: Sequence[Event]) -> str:
    """An id no other incident has: each event is told apart by its report's identity (content hash, not
    its name, which other reports may share), its span in the report, its type and its claims' spans
    (two events of one report may open at one offset: a figure told far from the main event, in the
    main event's first sentence), and the id is 128 bits of a hash of them (far past what anyone could
    make collide by trying texts)."""
    key = "|".join(sorted(f"{e.report_id}:{e.evidence.start}:{e.evidence.end}:{e.event_type}:"
                          + ",".join(f"{c.evidence.start}-{c.evidence.end}" for c in e.claims) for e in events))
    return "inc-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _majority(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _majority_country(events: Sequence[Event]) -> str | None:
    return _majority(c.subject_country for e in events for c in e.claims)


def reconcile_figures(claims: Sequence[Claim], published: dict[str, date | None] | None = None) -> list[Figure]:
    """One figure per (kind, subject country, subject role), with every distinct claim behind it but
    those a claimant revised in a later report (`published`: each report's publication date)."""
    groups: dict[tuple[str, str | None, str], list[Claim]] = {}
    for c in _without_vaguer_repeats(claims):
        groups.setdefault((c.kind, c.subject_country, c.subject_role), []).append(c)
    for key, group in groups.items():
        # a part counted inside a total of the same side and kind ("3 civilians, including 1 boy")
        totals = {c.report_id for c in group if not c.part}
        groups[key] = [c for c in group if not (c.part and c.report_id in totals)]
    return [_figure(key, _distinct(group), published or {}) for key, group in sorted(groups.items(), key=_figure_order)
            if group]


def _revised(claims: Sequence[Claim], published: dict[str, date | None]) -> list[Claim]:
    """Without the figures a claimant gave in a report published before one where it gives another
    figure of the same kind and side ("the toll has risen to 11"): its later figure revises its own
    earlier one, it does not dispute it. Figures of one day stand side by side."""
    latest: dict[tuple[object, ...], tuple[date, set[tuple[int | None, int | None]]]] = {}
    for c in claims:
        key, day = _revision_key(c), published.get(c.doc)
        if day is None:
            continue
        held = latest.get(key)
        if held is None or held[0] < day:
            latest[key] = (day, {(c.low, c.high)})
        elif held[0] == day:
            held[1].add((c.low, c.high))
    kept = []
    for c in claims:
        day, held = published.get(c.doc), latest.get(_revision_key(c))
        if day is not None and held is not None and day < held[0] and (c.low, c.high) not in held[1] \
                and not c.unspecified:
            continue
        kept.append(c)
    return kept


_TITLE = re.compile(r"^(?:(?:the|a|an|regional|provincial|local|district|deputy|chief|acting|senior|[a-z]+)\s+)+")


def _revision_key(c: Claim) -> tuple[object, ...]:
    """Who gives a figure of what: the claimant's state, else its name without titles ("regional
    governor Oleh Kiper" and "governor Oleh Kiper" are one), else the report's own voice."""
    who = c.claimant_country or (_TITLE.sub("", c.claimant.strip()).casefold() if c.claimant else "")
    return (c.kind, c.subject_country, c.subject_role, c.part, who)


def _without_vaguer_repeats(claims: Sequence[Claim]) -> list[Claim]:
    """A headline's "31 killed" beside the body's "31 civilians killed": the same figure said less
    precisely, so it does not stand as a figure of unnamed people of its own."""
    specific: dict[tuple[object, ...], set[str | None]] = {}
    for c in claims:
        if c.subject_role != "unknown":
            specific.setdefault((c.report_id, c.kind, c.low, c.high), set()).add(c.subject_country)
    def repeated(c: Claim) -> bool:
        """A claim of no stated role whose value a claim of a stated role gives for its side, or for
        no side; one of no side repeats any."""
        sides = specific.get((c.report_id, c.kind, c.low, c.high))
        return sides is not None and (c.subject_country is None or bool({None, c.subject_country} & sides))

    return [c for c in claims if c.subject_role != "unknown" or not repeated(c)]


def _figure_order(item: tuple[tuple[str, str | None, str], list[Claim]]) -> tuple[str, str, str]:
    kind, country, role = item[0]
    return (kind, country or "~", role)


def _distinct(claims: Sequence[Claim]) -> list[Claim]:
    """A claim repeated in one report (headline and body) counts once; parts of one statement add up."""
    seen: dict[tuple[object, ...], Claim] = {}
    for c in _summed(claims):
        key = (c.report_id, c.claimant_country, c.low, c.high, c.unspecified)
        if key not in seen or (seen[key].claimant is None and c.claimant):
            seen[key] = c
    return list(seen.values())


def _summed(claims: Sequence[Claim]) -> list[Claim]:
    """"1 senior soldier and 3 soldiers were killed": figures of one sentence and claimant for one side add up."""
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for c in claims:
        groups.setdefault((c.report_id, c.sentence.start, c.claimant_country, c.unspecified, c.part), []).append(c)
    out: list[Claim] = []
    for group in groups.values():
        parts = {c.subject: c for c in group}
        if len(parts) < 2 or any(c.low is None for c in parts.values()):
            out.extend(group)
            continue
        values = list(parts.values())
        low = sum(c.low or 0 for c in values)
        high = None if any(c.high is None for c in values) else sum(c.high or 0 for c in values)
        out.append(replace(values[0], low=low, high=high, subject=" and ".join(parts)))
    return out


def _figure(key: tuple[str, str | None, str], every: list[Claim], published: dict[str, date | None]) -> Figure:
    """The figure of `key` from its claims; those its claimant revised in a later report are kept among
    its claims, marked, and left out of its range."""
    kind, country, role = key
    given = _revised(every, published)
    current = {id(c) for c in given}
    # a figure of one site is a part of the total other reports give, not a dispute of it
    claims = [c for c in given if not c.part] or given
    # a side's denial ("denied losing any") stands where the side gives no figure of its own losses
    claims = [c for c in claims if not _denied_own(c) or not any(
        o.claimant_country == c.claimant_country and (o.low or 0) > 0 for o in claims)]
    lows = [c.low for c in _sharpest(claims) if c.low is not None]
    highs = [c.high for c in claims if c.high is not None]
    open_high = any(c.high is None and c.low is not None for c in claims)
    low = min(lows) if lows else None
    high = None if open_high or not highs else max(highs)
    refs = tuple(
        ClaimRef(c.doc, c.claimant, c.claimant_country, c.low, c.high, c.unverified, c.evidence.text, c.part,
                 revised=id(c) not in current)
        for c in every
    )
    best = best_value(kind, claims)
    if best is not None:  # ACLED's reading ("more than 10" is 10; an unknown number, 3) widens the range
        low = best if low is None else min(low, best)
        high = None if high is None else max(high, best)
    return Figure(kind, country, role, low, best, high, is_contested(claims), refs)


def _denied_own(c: Claim) -> bool:
    """A side's claim of none of its own: a denial."""
    return c.low == c.high == 0 and c.claimant_country is not None and c.claimant_country == c.subject_country


_MORE_THAN = re.compile(r"\b(?:more\s+than|over|upwards\s+of|in\s+excess\s+of)\s+\d", re.IGNORECASE)


def _stated(c: Claim) -> int | None:
    """The number as written: "more than 10" is 10 to ACLED (the claim's own low is 11)."""
    if c.low is not None and c.high is None and _MORE_THAN.search(c.evidence.text):
        return c.low - 1
    return c.low if c.low is not None else c.high


def _sharpest(claims: Sequence[Claim]) -> list[Claim]:
    """Vague amounts ("dozens") give way to exact ones they agree with ("at least 100"): the exact
    figure is what the vague word stood for, not a competing claim."""
    exact = [c.low for c in claims if not c.approx and c.low is not None]
    if not exact:
        return list(claims)
    top = max(exact)
    return [c for c in claims if not c.approx or c.low is None or top < c.low]


def best_value(kind: str, claims: Sequence[Claim]) -> int | None:
    """ACLED's conservative figure: the lowest reported, from unhedged claims where there are any."""
    firm = _sharpest([c for c in claims if not c.unverified] or list(claims))
    values = [_stated(c) for c in firm]
    known = [v for v in values if v is not None]
    if known:
        return min(known)
    if kind in ("killed", "casualties") and any(c.unspecified for c in claims):
        return UNSPECIFIED_KILLED
    return None


def is_contested(claims: Sequence[Claim]) -> bool:
    """Whether two claims give ranges that cannot both be true."""
    ranges = [(c.low if c.low is not None else 0, c.high if c.high is not None else math.inf)
              for c in claims if not c.unspecified]
    if len(ranges) < 2:
        return False
    # some claim's high below another's low: the lowest high against the highest low of the others
    by_high = sorted(range(len(ranges)), key=lambda i: ranges[i][1])[:2]
    by_low = sorted(range(len(ranges)), key=lambda i: ranges[i][0], reverse=True)[:2]
    return any(ranges[i][1] < ranges[j][0] for i in by_high for j in by_low if i != j)


def _from_casualties(figures: Sequence[Figure]) -> tuple[int | None, int | None, int | None]:
    """Killed and wounded not told apart: ACLED counts an unknown number killed, 3 (fewer if fewer were hit)."""
    hit = [f for f in figures if f.kind == "casualties"]
    if not hit:
        return None, None, None
    uncertain = _conventions().uncertain
    hit = [f for f in hit if not all(uncertain.search(c.evidence) for c in f.claims)]
    if not hit:
        return 0, 0, None
    best = max(min(UNSPECIFIED_KILLED, f.best if f.best is not None else UNSPECIFIED_KILLED) for f in hit)
    return 0, best, None


@dataclass(frozen=True, slots=True)
class _Conventions:
    uncertain: re.Pattern[str]


@lru_cache(maxsize=1)
def _conventions() -> _Conventions:
    data = json.loads(resources.files("sitrep.data").joinpath("fatality_conventions.json").read_text("utf-8"))
    return _Conventions(re.compile(data["uncertain_casualties"]["pattern"]))


@dataclass(frozen=True, slots=True)
class _Uncounted:
    country: str
    roles: frozenset[str]
    first: date
    last: date


@lru_cache(maxsize=1)
def _uncounted() -> tuple[_Uncounted, ...]:
    data = json.loads(resources.files("sitrep.data").joinpath("fatality_conventions.json").read_text("utf-8"))
    return tuple(
        _Uncounted(u["country"], frozenset(u["roles"]), date.fromisoformat(u["from"]), date.fromisoformat(u["until"]))
        for u in data["uncounted"]
    )


def counted(f: Figure, on: date | None) -> bool:
    """Whether ACLED's conventions count this side's deaths on that day."""
    if on is None:
        return True
    return not any(
        u.country == f.subject_country and f.subject_role in u.roles and u.first <= on <= u.last for u in _uncounted()
    )


def fatalities(
    figures: Sequence[Figure], on: date | None = None
) -> tuple[int | None, int | None, int | None]:
    """(low, best, high) deaths over all sides.

    Sides named in the reports add up; a figure no source stated without a hedge is left out of
    `best` when another is firm; a total of unnamed dead ("dozens of lives") stands only where it
    exceeds the named sides' sum.
    """
    killed = [f for f in figures if f.kind == "killed" and counted(f, on)]
    if not killed:
        return _from_casualties([f for f in figures if counted(f, on)])
    # "100 people killed" is a total of unstated roles even where their country is known
    named = [f for f in killed if f.subject_role != "unknown"]
    unnamed = [f for f in killed if f not in named]
    parts = [f for f in named if f.claims and all(r.part for r in f.claims)]
    named = [f for f in named if f not in parts]
    if not named and parts:
        named, parts = parts, []
    firm = [f for f in named if any(not c.unverified for c in f.claims)] or named
    best = sum(f.best or 0 for f in firm)
    low = sum(f.low or 0 for f in named)
    high: int | None = None if any(f.high is None for f in named) else sum(f.high or 0 for f in named)
    for f in unnamed:
        best = max(best, f.best or 0)
        low = max(low, f.low or 0)
        high = None if f.high is None or high is None else max(high, f.high)
    if parts:  # parts of a total ("including 13 civilians and six soldiers") never add to it
        best = max(best, sum(f.best or 0 for f in parts))
        low = max(low, sum(f.low or 0 for f in parts))
    return low, best, high
