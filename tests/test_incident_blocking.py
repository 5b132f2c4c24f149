"""Reconciliation keeps running summaries of each incident and looks only at incidents in reach
(by time window, state, place, and shared counts). Whatever it skips, it must find the incidents a
plain scan finds: every event compared with every member of every incident made so far.

The plain scan below states the joining rule pair by pair, as `sitrep.reconcile.incidents` describes it."""

import math
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.reconcile.incidents import (
    REGION_KM,
    SAME_PLACE_KM,
    _incident_id,
    _square,
    _squares_near,
    canonical,
    is_contested,
    reconcile,
)
from sitrep.records import Claim, Event, PlaceMention, Span
from sitrep.settings import Settings

SETTINGS = Settings.load(db=":memory:")
DAY0 = date(2025, 10, 10)


def _states(e):
    found = {c.subject_country for c in e.claims if c.subject_country}
    found |= {c.claimant_country for c in e.claims if c.claimant_country}
    if e.place and e.place.country:
        found.add(e.place.country)
    return found


def _counts(e):
    return {(c.kind, c.subject_country, c.low, c.high) for c in e.claims
            if c.subject_country and c.low is not None and not c.approx}


def _km(a, b):
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _point(p):
    return p is not None and p.lat is not None and p.lon is not None


def _far_apart(a, b):
    if not (_point(a.place) and _point(b.place)) or "country" in (a.place.feature, b.place.feature):
        return False
    small = (a.geo_precision or 3) <= 2 and (b.geo_precision or 3) <= 2
    return _km(a.place, b.place) > (SAME_PLACE_KM if small else REGION_KM)


def _same_place(a, b):
    if not (a.place and b.place and a.date_start and b.date_start):
        return False
    if not (_point(a.place) and _point(b.place)):
        return a.place.name == b.place.name
    return _km(a.place, b.place) <= SAME_PLACE_KM


def _other_day(a, b):
    return (a.date_precision == b.date_precision == "day" and a.date_start and b.date_start
            and a.date_start != b.date_start)


def _same_time(e, members, window):
    dated = [x.date_start for x in members if x.date_start]
    if e.date_start is None:
        return not dated
    if not dated:
        return False
    if e.date_precision == "day" and all(x.date_precision == "day" for x in members if x.date_start):
        window = min(window, 1)
    return all(abs((e.date_start - d).days) <= window for d in dated)


def _violent(e):
    """Political violence of any type, as against demonstrations: reports of one event type it apart."""
    return e.event_type not in ("Protests", "Riots")


def _over_period(e):
    return e.date_start is not None and (e.date_precision in ("week", "month", "year")
                                         or (e.date_end - e.date_start).days > 1)


def _rare(name, e, states, every, window):
    """Whether a name is carried by at most half the reports of the days around `e` (its family, within
    the window) that tell of the state among `states` most told of."""
    near = [x for x in every if x.date_start is not None and _violent(x) == _violent(e)
            and abs((x.date_start - e.date_start).days) <= window]
    told = max((len({x.doc for x in near if s in _states(x)}) for s in states), default=0)
    return len({x.doc for x in near if name in x.names}) <= told / 2


def _named_alike(e, members, every, window):
    if e.date_start is None:
        return set()
    states = _states(e) | set().union(*(_states(x) for x in members))
    theirs = {n for x in members if x.date_start is not None for n in x.names}
    return {n for n in e.names if n in theirs and _rare(n, e, states, every, window)}


def _belongs(e, members, window, every=()):
    if _violent(e) != _violent(members[0]) or not _same_time(e, members, window):
        return False
    if not _states(e) & set().union(*(_states(x) for x in members)):
        return False
    if _over_period(e) != _over_period(members[0]):
        return any(_counts(e) & _counts(x) for x in members) and not any(_far_apart(e, x) for x in members)
    if any(len(_counts(e) & _counts(x)) >= 2 or any(k[2] >= 10 for k in _counts(e) & _counts(x)) for x in members):
        return True
    named = _named_alike(e, members, every, window)
    if any(not n.startswith("town:") for n in named):
        return True
    if any(_far_apart(e, x) for x in members):
        return False
    if any(_other_day(e, x) for x in members):
        return any(e.geo_precision == x.geo_precision == 1 and _same_place(e, x) for x in members)
    if all(e.event_type != x.event_type for x in members):
        return any(_counts(e) & _counts(x) for x in members)
    figures = {(c.kind, c.subject_country) for c in e.claims if c.subject_country}
    return bool(named) or any(any((c.kind, c.subject_country) in figures for c in x.claims) or _same_place(e, x)
                              for x in members)


def plain_scan(events, window):
    clusters = []
    for e in sorted(events, key=canonical):
        home = next((c for c in clusters if _belongs(e, c, window, events)), None)
        if home is None:
            clusters.append([e])
        else:
            home.append(e)
    return {_incident_id(c) for c in clusters}


PLACES = [  # (lat, lon): towns close together, a region's centre, far-off towns, both sides of 180°
    (34.10, 70.90), (34.30, 71.10), (34.95, 71.60), (35.90, 72.80), (31.60, 65.70),
    (-16.90, 179.95), (-16.95, -179.95), (69.50, 25.00), (69.60, 28.90),
]


@st.composite
def claims(draw, doc):
    kind = draw(st.sampled_from(["killed", "injured"]))
    low = draw(st.sampled_from([2, 3, 12, 40, None]))
    span = Span(0, 1, "x")
    return Claim(doc, kind, low, low, draw(st.sampled_from([False, False, False, True])), "s",
                 draw(st.sampled_from(["AF", "PK", "AF", None])),
                 "military", None, draw(st.sampled_from(["AF", "PK", None])), False, span, span)


NAMES = ["op:steppe wind", "site:morozovsk airbase", "site:abu shouk camp", "town:sotk", "town:jermuk"]


@st.composite
def events(draw):
    n = draw(st.integers(1, 60))
    out = []
    for i in range(n):
        doc = f"r{i}"
        day = draw(st.none() | st.integers(0, 6).map(lambda k: DAY0 + timedelta(days=k)))
        place = None
        if draw(st.booleans()):
            lat, lon = draw(st.sampled_from(PLACES))
            feature = draw(st.sampled_from(["populated_place", "admin1", "country"]))
            country = draw(st.sampled_from(["AF", "PK"]))
            point = draw(st.booleans()) or feature != "populated_place"
            place = PlaceMention(Span(0, 1, "x"), f"p{lat}", lat if point else None, lon if point else None,
                                 country, feature=feature)
        out.append(Event(doc, draw(st.sampled_from(["Battles", "Battles", "Explosions/Remote violence", "Protests"])),
                         "Armed clash", day, day, draw(st.sampled_from(["day", "day", "month"])) if day else None,
                         place, draw(st.sampled_from([1, 2, 3, None])) if place else None, "A", "B",
                         tuple(draw(st.lists(claims(doc), min_size=0, max_size=5))), Span(i, i + 1, "x"),
                         names=tuple(draw(st.sets(st.sampled_from(NAMES), max_size=2)))))
    return out


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.sampled_from([0, 1, 3, 7]))
def test_reconcile_finds_what_a_plain_scan_finds(found, window):
    s = Settings.load(db=":memory:", incident_window_days=window)
    assert {i.id for i in reconcile(found, s)} == plain_scan(found, window)


@given(st.lists(st.tuples(st.integers(0, 50) | st.none(), st.integers(0, 50) | st.none(), st.booleans()),
                max_size=8))
def test_contested_when_and_only_when_two_ranges_cannot_both_hold(ranges):
    span = Span(0, 1, "x")
    found = [Claim("d", "killed", lo, hi, False, "s", "AF", "military", None, None, False, span, span, unspecified=u)
             for lo, hi, u in ranges]
    bounds = [(c.low or 0, math.inf if c.high is None else c.high) for c in found if not c.unspecified]
    pairwise = any(a[1] < b[0] for i, a in enumerate(bounds) for j, b in enumerate(bounds) if i != j)
    assert is_contested(found) == pairwise


@settings(max_examples=500)
@given(st.floats(-89.5, 89.5), st.floats(-180, 179.999), st.floats(0, 2 * math.pi), st.floats(0, REGION_KM))
def test_squares_near_hold_every_point_in_reach(lat, lon, bearing, km):
    """The point `km` away along `bearing` (on the sphere `_far_apart` measures on) lies in a square
    `_squares_near` names."""
    d, p, lam = km / 6371.0, math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p) * math.cos(d) + math.cos(p) * math.sin(d) * math.cos(bearing))
    lam2 = lam + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p), math.cos(d) - math.sin(p) * math.sin(p2))
    lon2 = (math.degrees(lam2) + 180) % 360 - 180
    assert _square(math.degrees(p2), lon2) in _squares_near(lat, lon)


def test_undated_events_are_compared_only_with_incidents_they_could_join(monkeypatch):
    """Undated events have no time window to bound them: 2,000 undated reports of one country, each
    with a figure of its own kind and side, none joining another, must not each be compared with
    every incident made before (2 million comparisons), and the incidents are those a scan finds."""
    import sitrep.reconcile.incidents as incidents

    kinds = ["killed", "injured", "detained", "missing", "displaced"]
    span = Span(0, 1, "x")
    found = []
    for i in range(2000):
        doc = f"u{i:05d}"
        claim = Claim(doc, kinds[i % 5], i + 1, i + 1, False, "s", f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}",
                      "military", None, "SO", False, span, span)
        place = PlaceMention(span, "Somalia", 5.0, 46.0, "SO", feature="country")
        found.append(Event(doc, "Battles", "Armed clash", None, None, None, place, 3, "A", "B", (claim,), span))
    calls = [0]
    belongs = incidents._belongs

    def counted(*args):
        calls[0] += 1
        return belongs(*args)

    monkeypatch.setattr(incidents, "_belongs", counted)
    made = reconcile(found, SETTINGS)
    assert calls[0] <= 10 * len(found), f"{calls[0]:,} comparisons for {len(found):,} events"
    monkeypatch.setattr(incidents, "_belongs", belongs)
    assert len(made) == len(found), "no two share a figure or two counts"
    assert {i.id for i in reconcile(found[:300], SETTINGS)} == plain_scan(found[:300], 3)
