"""Totals over many incidents that never count one event twice.

Each incident's `fatalities_best` counts its own dead once. Summed over a report's incidents they may
still count an event twice, and a careful analyst adds them up by three rules:

1. **A total over a period contains its days.** An incident that is a total over a period ("17
   civilians killed in the Kherson region over the past week") contains the incidents of its days in
   its place (its country, and its province where both name one) whose dead are of the sides it
   counts: it stands for them, and the larger of its figure and theirs together is counted.
2. **A part of a total is counted in the total.** An incident whose every death figure its reports
   give as one site's part of a larger toll ("13 of them in Bahawalpur") is counted within an
   incident of the same days, country and side whose toll is at least as large.
3. **One event split is counted once.** Two incidents of the same days and country giving the same
   death toll for the same side, at the same place (within 50 km) or a toll of ten or more (unlikely to
   agree by chance), are one event told apart, and so are two totals of the same period and country
   for the same sides ("nearly 300 killed in September 2022" and "207 Armenian and 80 Azerbaijani
   soldiers killed that month"): counted once, at the larger toll.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..extract.gazetteer import haversine_km
from ..records import Figure, Incident
from .incidents import SAME_PLACE_KM, TELLING

PERIOD_DAYS = 2
"""An incident spanning more days than this is a total over a period, not one event."""


@dataclass(frozen=True, slots=True)
class Total:
    """Deaths over a set of incidents, each event counted once.

    `within` names, for each incident not counted on its own, the incident it was counted in."""

    fatalities: int
    incidents: int
    counted: int  # incidents counted on their own (the others are inside one of them)
    within: tuple[tuple[str, str], ...] = ()


def fatalities_total(incidents: Sequence[Incident]) -> Total:
    """The deaths of `incidents` (their `fatalities_best`), each event counted once (the rules above),
    whatever their order. An incident is compared only with those that could hold it or share with
    it: the periods of its country and first day, the incidents of its days where its toll is a
    site's part, and those of its days giving one of its tolls."""
    ordered = sorted(incidents, key=lambda i: i.id)
    periods: dict[tuple[str | None, date], list[Incident]] = {}
    days: dict[tuple[str | None, date], list[Incident]] = {}
    tolls: dict[tuple[str | None, date, Toll], list[Incident]] = {}
    spans: dict[tuple[str | None, tuple[date, date] | None], list[Incident]] = {}
    for i in ordered:
        if _over_period(i):
            spans.setdefault((i.country, _days(i)), []).append(i)
        for day in _each_day(i):
            days.setdefault((i.country, day), []).append(i)
            if _over_period(i):
                periods.setdefault((i.country, day), []).append(i)
            for toll in _tolls(i):
                tolls.setdefault((i.country, day, toll), []).append(i)
    for held in periods.values():
        held.sort(key=lambda p: (_span(p), p.id))
    home: dict[str, str] = {}  # incident id: the incident it is counted within
    dead = {i.id: _dead_of(i) for i in ordered}
    for i in ordered:  # rule 1: the smallest period holding it
        first = _days(i)
        held = periods.get((i.country, first[0]), []) if first else []
        holder = next((p for p in held if p.id != i.id and _span(p) > _span(i) and _holds(p, i, dead)), None)
        if holder is not None:
            home[i.id] = holder.id
    for i in ordered:  # rule 2, then 3, among incidents no period holds
        if i.id in home:
            continue
        wholes = [t for day in _each_day(i) for t in days.get((i.country, day), ())] if _all_parts(i) else []
        same = [t for day in _each_day(i) for toll in _tolls(i) for t in tolls.get((i.country, day, toll), ())]
        same += spans.get((i.country, _days(i)), []) if _over_period(i) else []
        whole = next((t for t in _free(wholes, i, home) if _part_of(i, t)), None) or next(
            (t for t in _free(same, i, home) if t.id < i.id and _same_event(i, t)), None)
        if whole is not None:
            home[i.id] = whole.id
    inside: dict[str, list[str]] = {}
    for k, v in home.items():
        inside.setdefault(v, []).append(k)
    by_id = {i.id: i for i in ordered}
    return Total(sum(_counted(i, inside, by_id) for i in ordered if i.id not in home), len(ordered),
                 sum(1 for i in ordered if i.id not in home), tuple(sorted(home.items())))


Toll = tuple[str | None, str, int | None]
"""A death toll an incident gives: (the dead's country, their role, the best figure)."""


def _tolls(i: Incident) -> set[Toll]:
    return {(f.subject_country, f.subject_role, f.best) for f in _killed(i)}


def _all_parts(i: Incident) -> bool:
    killed = _killed(i)
    return bool(killed) and all(r.part for f in killed for r in f.claims)


def _free(found: list[Incident], i: Incident, home: dict[str, str]) -> list[Incident]:
    """`found` in the order of their ids, once each, without `i`, those already counted within
    another and those counted within `i`."""
    unique = {t.id: t for t in found if t.id != i.id and t.id not in home}
    return [unique[k] for k in sorted(unique) if not _under(k, i.id, home)]


def _each_day(i: Incident) -> list[date]:
    """The days an incident covers (none if undated)."""
    span = _days(i)
    if span is None:
        return []
    return [date.fromordinal(n) for n in range(span[0].toordinal(), span[1].toordinal() + 1)]


def _under(a: str, b: str, home: dict[str, str]) -> bool:
    """Whether incident `a` is counted within `b`, directly or through others."""
    seen = set()
    while a in home and a not in seen:
        seen.add(a)
        a = home[a]
        if a == b:
            return True
    return False


def _counted(i: Incident, inside: dict[str, list[str]], by_id: dict[str, Incident]) -> int:
    """An incident's dead with those of the incidents counted within it: its own figure, or theirs
    together where larger (a period's total that missed some of its days; one event told twice
    counts its larger toll)."""
    own = i.fatalities_best or 0
    if i.id not in inside:
        return own
    parts = [by_id[k] for k in inside[i.id]]
    theirs = [_counted(x, inside, by_id) for x in parts]
    if _over_period(i) or any(_part_of(x, i) for x in parts):
        return max(own, sum(theirs))
    return max(own, *theirs)


def _over_period(i: Incident) -> bool:
    return i.date_start is not None and (i.date_precision in ("week", "month", "year") or _span(i) > PERIOD_DAYS)


def _span(i: Incident) -> int:
    if i.date_start is None:
        return 0
    return ((i.date_end or i.date_start) - i.date_start).days + 1


def _days(i: Incident) -> tuple[date, date] | None:
    if i.date_start is None:
        return None
    return i.date_start, i.date_end or i.date_start


def _holds(period: Incident, i: Incident, dead: dict[str, frozenset[tuple[str | None, str]]]) -> bool:
    """Whether a period's total holds incident `i`: its days lie within the period, in the same place,
    and its dead are of sides the period counts."""
    a, b = _days(period), _days(i)
    if a is None or b is None or not (a[0] <= b[0] and b[1] <= a[1]):
        return False
    if not _same_state(period, i):
        return False
    counts = dead[period.id]
    return all(_counts_side(counts, country, role) for country, role in dead[i.id])


def _counts_side(counts: frozenset[tuple[str | None, str]], country: str | None, role: str) -> bool:
    """Whether a total of the sides `counts` counts the dead of (country, role): the same side, or a
    side of unknown role (of that country or of none); dead of unknown role, any role of their country."""
    if (country, role) in counts or (country, "unknown") in counts or (None, "unknown") in counts:
        return True
    return role == "unknown" and any(c in (country, None) for c, _ in counts)


def _same_state(a: Incident, b: Incident) -> bool:
    if a.country is None or a.country != b.country:
        return False
    return a.admin1 is None or b.admin1 is None or a.admin1 == b.admin1


def _dead_of(i: Incident) -> frozenset[tuple[str | None, str]]:
    """The sides (country, role) an incident's deaths are of; an unknown role stands for any role."""
    found: set[tuple[str | None, str]] = set()
    for f in _killed(i):
        found.add((f.subject_country, f.subject_role))
    return frozenset(found) if found else frozenset({(i.country, "unknown")})


def _killed(i: Incident) -> list[Figure]:
    return [f for f in i.figures if f.kind == "killed" and f.best is not None]


def _meet(a: Incident, b: Incident) -> bool:
    x, y = _days(a), _days(b)
    return x is not None and y is not None and x[0] <= y[1] and y[0] <= x[1]


def _part_of(part: Incident, whole: Incident) -> bool:
    """Whether every death figure of `part` is a site's part of a toll (as its reports give it) that
    `whole`, of the same days and country, gives for the same side at least as large."""
    killed = _killed(part)
    if not _all_parts(part) or not _meet(part, whole):
        return False
    if part.country != whole.country:
        return False
    return all(any(w.subject_country == f.subject_country and (w.best or 0) >= (f.best or 0) for w in _killed(whole))
               for f in killed)


def _same_event(a: Incident, b: Incident) -> bool:
    """Two incidents of the same days and country with the same death toll for the same side, at one
    place or a toll unlikely to agree by chance."""
    if not _meet(a, b) or a.country != b.country or a.country is None:
        return False
    if _over_period(a) and _days(a) == _days(b) and any(
            x in (y, None) or y is None for x, _ in _dead_of(a) for y, _ in _dead_of(b)):
        return True  # two totals of one period (September 2022) and country, for the same sides
    shared = _tolls(a) & _tolls(b)
    if not shared:
        return False
    close = None not in (a.lat, a.lon, b.lat, b.lon) and \
        haversine_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM  # type: ignore[arg-type]
    return close or any((best or 0) >= TELLING for _, _, best in shared)
