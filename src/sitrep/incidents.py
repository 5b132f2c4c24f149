"""Incidents: events from many reports reconciled into what happened, figure by figure.

Events are taken in a canonical order (so the result never depends on the order of the reports)
and joined to an incident when they agree on kind of event, time, and the states involved, and
share evidence (a figure about the same side, or the same place on the same day).

Each figure (kind, subject country, subject role) keeps every claim behind it, with `low` the
smallest and `high` the largest value claimed, `contested` where claims cannot both be true, and
`best` by ACLED's conservative rule: the lowest figure reported, preferring figures no source
hedged; an unspecified number killed counts as 3.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources

from .records import Claim, ClaimRef, Event, Figure, Incident
from .settings import Settings

UNSPECIFIED_KILLED = 3  # ACLED's current rule for "an unknown number were killed"
SAME_PLACE_KM = 50.0
REGION_KM = 150.0


@dataclass(slots=True)
class _Cluster:
    events: list[Event] = field(default_factory=list)

    @property
    def dated(self) -> list[date]:
        return [e.date_start for e in self.events if e.date_start]


def reconcile(events: Iterable[Event], settings: Settings) -> list[Incident]:
    """Incidents from events, newest first."""
    clusters: list[_Cluster] = []
    blocks = _Blocks(settings.incident_window_days)
    for event in sorted(events, key=_canonical):
        home = next((n for n in blocks.candidates(event) if _belongs(event, clusters[n], settings)), None)
        if home is None:
            home = len(clusters)
            clusters.append(_Cluster([event]))
        else:
            clusters[home].events.append(event)
        blocks.add(home, clusters[home].events[0], event)
    incidents = [_incident(c) for c in clusters]
    return sorted(incidents, key=lambda i: (i.date_start or date.min, i.id), reverse=True)


class _Blocks:
    """Clusters by (event type, first day, state), so an event is compared only with the clusters
    `_belongs` could accept: the same event type, begun at most `window` days before it (events
    come in date order), sharing a state. Candidates come in the order the clusters were made,
    so the first that accepts is the one a scan of every cluster would find."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.index: dict[tuple[str, date | None, str], list[int]] = {}
        self.states: dict[int, set[str]] = {}

    def candidates(self, e: Event) -> list[int]:
        days: list[date | None] = [e.date_start]
        if e.date_start is not None:
            days = [date.fromordinal(e.date_start.toordinal() - k)
                    for k in range(min(self.window, e.date_start.toordinal() - 1) + 1)]
        found = {n for day in days for s in _states(e) for n in self.index.get((e.event_type, day, s), ())}
        return sorted(found)

    def add(self, n: int, first: Event, e: Event) -> None:
        known = self.states.setdefault(n, set())
        for s in _states(e) - known:
            self.index.setdefault((first.event_type, first.date_start, s), []).append(n)
        known |= _states(e)


def _canonical(e: Event) -> tuple[object, ...]:
    return (e.date_start or date.max, e.doc, e.evidence.start, e.sub_event_type)


def _belongs(e: Event, c: _Cluster, settings: Settings) -> bool:
    first = c.events[0]
    if e.event_type != first.event_type:
        return False
    if not _same_time(e, c, settings.incident_window_days):
        return False
    if not _states(e) & set().union(*(_states(x) for x in c.events)):
        return False
    if any(_same_counts(e, x) >= 2 for x in c.events):
        return True
    if any(_far_apart(e, x) for x in c.events):
        return False
    if any(_other_day(e, x) for x in c.events):
        return any(_telling_counts(e, x) or (_same_town(e, x) and _same_place(e, x)) for x in c.events)
    return any(_shares_figure(e, x) or _same_place(e, x) for x in c.events)


def _telling_counts(a: Event, b: Event) -> bool:
    """Shared counts unlikely to agree by chance: two of them, or one of ten or more."""
    shared = _counts(a) & _counts(b)
    return len(shared) >= 2 or any((key[2] or 0) >= 10 for key in shared)


def _same_town(a: Event, b: Event) -> bool:
    return a.geo_precision == 1 and b.geo_precision == 1


def _other_day(a: Event, b: Event) -> bool:
    """Both dated to the day, and to different days: one event only if the reports share a count."""
    return (a.date_precision == "day" and b.date_precision == "day" and a.date_start is not None
            and b.date_start is not None and a.date_start != b.date_start)


def _same_time(e: Event, c: _Cluster, window: int) -> bool:
    """Dates within the window; two dates known to the day may differ by one day at most."""
    if e.date_start is None:
        return not c.dated
    if not c.dated:
        return False
    if e.date_precision == "day" and all(x.date_precision == "day" for x in c.events if x.date_start):
        window = min(window, 1)
    return all(abs((e.date_start - d).days) <= window for d in c.dated)


def _states(e: Event) -> set[str]:
    found = {c.subject_country for c in e.claims if c.subject_country}
    found |= {c.claimant_country for c in e.claims if c.claimant_country}
    if e.place and e.place.country:
        found.add(e.place.country)
    return found


def _shares_figure(a: Event, b: Event) -> bool:
    keys = {(c.kind, c.subject_country) for c in a.claims if c.subject_country}
    return any((c.kind, c.subject_country) in keys for c in b.claims)


def _same_counts(a: Event, b: Event) -> int:
    """How many exact figures (kind, side, value) two reports share: two or more mark one event
    whatever the reports' datelines or background places."""
    return len(_counts(a) & _counts(b))


def _counts(e: Event) -> set[tuple[str, str | None, int, int | None]]:
    return {(c.kind, c.subject_country, c.low, c.high) for c in e.claims
            if c.subject_country and c.low is not None and not c.approx}


def _far_apart(a: Event, b: Event) -> bool:
    """Further apart than one incident spreads: 50 km between towns, 150 km where either report
    names only a region (its point stands for a whole province)."""
    if not (a.place and b.place) or None in (a.place.lat, a.place.lon, b.place.lat, b.place.lon):
        return False
    if a.place.feature == "country" or b.place.feature == "country":
        return False
    limit = SAME_PLACE_KM if (a.geo_precision or 3) <= 2 and (b.geo_precision or 3) <= 2 else REGION_KM
    return _km(a.place.lat, a.place.lon, b.place.lat, b.place.lon) > limit  # type: ignore[arg-type]




def _same_place(a: Event, b: Event) -> bool:
    if not (a.place and b.place and a.date_start and b.date_start):
        return False
    if None in (a.place.lat, a.place.lon, b.place.lat, b.place.lon):
        return a.place.name == b.place.name
    return _km(a.place.lat, a.place.lon, b.place.lat, b.place.lon) <= SAME_PLACE_KM  # type: ignore[arg-type]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _incident(c: _Cluster) -> Incident:
    events = c.events
    docs = tuple(dict.fromkeys(e.doc for e in events))
    figures = tuple(reconcile_figures([cl for e in events for cl in e.claims]))
    located = sorted((e for e in events if e.place), key=lambda e: (e.geo_precision or 9))
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
        docs=docs, figures=figures,
        fatalities_low=low, fatalities_best=best, fatalities_high=high,
    )


def _shared(counts: tuple[int | None, int | None, int | None], events: Sequence[Event]
            ) -> tuple[int | None, int | None, int | None]:
    """The share of the dead a report that spreads them over several events gives this one."""
    split = next((e.fatality_split for e in events if e.fatality_split), None)
    if split is None:
        return counts
    parts, stated = split
    low, best, high = (None if n is None else n // parts for n in counts)
    return low, (stated if stated is not None else best), high


def fatality_split(text: str) -> tuple[int, int | None] | None:
    """(number of events, stated share) where a note spreads its fatalities over several events."""
    m = _conventions().split.search(text)
    if not m or int(m.group("parts")) < 2:
        return None
    return int(m.group("parts")), int(m.group("share")) if m.group("share") else None


def _incident_id(events: Sequence[Event]) -> str:
    key = "|".join(sorted(f"{e.doc}:{e.evidence.start}" for e in events))
    return "inc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _majority(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _majority_country(events: Sequence[Event]) -> str | None:
    return _majority(c.subject_country for e in events for c in e.claims)


def reconcile_figures(claims: Sequence[Claim]) -> list[Figure]:
    """One figure per (kind, subject country, subject role), with every distinct claim behind it."""
    groups: dict[tuple[str, str | None, str], list[Claim]] = {}
    for c in _without_vaguer_repeats(claims):
        groups.setdefault((c.kind, c.subject_country, c.subject_role), []).append(c)
    for key, group in groups.items():
        # a part counted inside a total of the same side and kind ("3 civilians, including 1 boy")
        totals = {c.doc for c in group if not c.part}
        groups[key] = [c for c in group if not (c.part and c.doc in totals)]
    return [_figure(key, _distinct(group)) for key, group in sorted(groups.items(), key=_figure_order) if group]


def _without_vaguer_repeats(claims: Sequence[Claim]) -> list[Claim]:
    """A headline's "31 killed" beside the body's "31 civilians killed": the same figure said less
    precisely, so it does not stand as a figure of unnamed people of its own."""
    specific = {(c.doc, c.kind, c.low, c.high) for c in claims if c.subject_country or c.subject_role != "unknown"}
    return [c for c in claims
            if c.subject_country or c.subject_role != "unknown" or (c.doc, c.kind, c.low, c.high) not in specific]


def _figure_order(item: tuple[tuple[str, str | None, str], list[Claim]]) -> tuple[str, str, str]:
    kind, country, role = item[0]
    return (kind, country or "~", role)


def _distinct(claims: Sequence[Claim]) -> list[Claim]:
    """A claim repeated in one report (headline and body) counts once; parts of one statement add up."""
    seen: dict[tuple[object, ...], Claim] = {}
    for c in _summed(claims):
        key = (c.doc, c.claimant_country, c.low, c.high, c.unspecified)
        if key not in seen or (seen[key].claimant is None and c.claimant):
            seen[key] = c
    return list(seen.values())


def _summed(claims: Sequence[Claim]) -> list[Claim]:
    """"1 senior soldier and 3 soldiers were killed": figures of one sentence and claimant for one side add up."""
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for c in claims:
        groups.setdefault((c.doc, c.sentence.start, c.claimant_country, c.unspecified, c.part), []).append(c)
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


def _figure(key: tuple[str, str | None, str], claims: list[Claim]) -> Figure:
    kind, country, role = key
    lows = [c.low for c in _sharpest(claims) if c.low is not None]
    highs = [c.high for c in claims if c.high is not None]
    open_high = any(c.high is None and c.low is not None for c in claims)
    low = min(lows) if lows else None
    high = None if open_high or not highs else max(highs)
    refs = tuple(
        ClaimRef(c.doc, c.claimant, c.claimant_country, c.low, c.high, c.unverified, c.evidence.text, c.part)
        for c in claims
    )
    return Figure(kind, country, role, low, best_value(kind, claims), high, is_contested(claims), refs)


_MORE_THAN = re.compile(r"\b(?:more\s+than|over|upwards\s+of|in\s+excess\s+of)\s+\d", re.IGNORECASE)


def _stated(c: Claim) -> int | None:
    """The number as written: "more than 10" is 10 to ACLED (the claim's own low is 11)."""
    if c.low is not None and c.high is None and _MORE_THAN.search(c.evidence.text):
        return c.low - 1
    return c.low if c.low is not None else c.high


def _sharpest(claims: Sequence[Claim]) -> list[Claim]:
    """Vague amounts ("dozens") give way to exact ones they agree with ("at least 100"): the exact
    figure is what the vague word stood for, not a competing claim."""
    exact = [c for c in claims if not c.approx and c.low is not None]
    if not exact:
        return list(claims)
    return [c for c in claims if not c.approx or c.low is None
            or not any(e.low is not None and e.low >= c.low for e in exact)]


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
    return any(a[1] < b[0] or b[1] < a[0] for i, a in enumerate(ranges) for b in ranges[i + 1 :])


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
    split: re.Pattern[str]
    uncertain: re.Pattern[str]


@lru_cache(maxsize=1)
def _conventions() -> _Conventions:
    data = json.loads(resources.files("sitrep.data").joinpath("fatality_conventions.json").read_text("utf-8"))
    return _Conventions(re.compile(data["split"]["pattern"]), re.compile(data["uncertain_casualties"]["pattern"]))


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
    named = [f for f in killed if f.subject_country or f.subject_role != "unknown"]
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
