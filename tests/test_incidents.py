from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.reconcile.incidents import best_value, fatalities, is_contested, reconcile, reconcile_figures
from sitrep.records import Claim, Event, PlaceMention, Span
from sitrep.settings import Settings


def claim(doc, kind, low, high, country, role="military", claimant=None, claimant_country=None, unverified=False,
          unspecified=False):
    span = Span(0, 1, "x")
    return Claim(doc, kind, low, high, False, "s", country, role, claimant, claimant_country, unverified, span, span,
                 unspecified=unspecified)


def event(doc, claims, day=None, sub="Armed clash", etype="Battles", place=None, start=0):
    return Event(doc, etype, sub, day, day, "day" if day else None, place, 1 if place else None, "A", "B",
                 tuple(claims), Span(start, start + 1, "x"))


def test_contested_range_and_acled_best():
    claims = [claim("a", "killed", 23, 23, "PK", claimant="army", claimant_country="PK"),
              claim("b", "killed", 58, 58, "PK", claimant="Taliban", claimant_country="AF", unverified=True)]
    (f,) = reconcile_figures(claims)
    assert (f.low, f.best, f.high, f.contested) == (23, 23, 58, True)
    assert len(f.claims) == 2


def test_open_bound_keeps_high_open():
    claims = [claim("a", "killed", 9, 9, "AF"), claim("b", "killed", 201, None, "AF", unverified=True)]
    (f,) = reconcile_figures(claims)
    assert (f.low, f.high, f.contested) == (9, None, True)


def test_repeated_claim_in_one_report_counts_once():
    claims = [claim("a", "injured", 30, None, "PK", claimant_country="AF")] * 2
    (f,) = reconcile_figures(claims)
    assert len(f.claims) == 1 and not f.contested


def test_unspecified_killed_counts_as_three():
    assert best_value("killed", [claim("a", "killed", None, None, None, "unknown", unspecified=True)]) == 3
    assert best_value("injured", [claim("a", "injured", None, None, None, "unknown", unspecified=True)]) is None


def test_fatalities_add_sides_and_leave_out_hedged_ones_when_others_are_firm():
    figures = reconcile_figures([
        claim("a", "killed", 3, 3, "AF", "armed_group"),
        claim("a", "killed", 2, 2, "AF", "military", claimant_country="AF", unverified=True),
        claim("a", "killed", 12, None, None, "unknown"),
    ])
    low, best, high = fatalities(figures)
    assert best == 12  # the unnamed total is larger than the named, firm side (3)
    assert low == 12 and high is None


def test_dated_and_undated_events_stay_apart():
    a = event("a", [claim("a", "killed", 19, 19, "PK")], day=date(2024, 12, 28))
    b = event("b", [claim("b", "killed", 23, 23, "PK")])
    c = event("c", [claim("c", "killed", 58, 58, "PK")])
    found = reconcile([a, b, c], Settings.load())
    assert sorted(i.docs for i in found) == [("a",), ("b", "c")]


def test_far_apart_dates_are_separate_incidents():
    a = event("a", [claim("a", "killed", 5, 5, "SO")], day=date(2025, 1, 1))
    b = event("b", [claim("b", "killed", 5, 5, "SO")], day=date(2025, 3, 1))
    assert len(reconcile([a, b], Settings.load())) == 2


def test_same_place_same_day_joins_without_shared_figures():
    p = PlaceMention(Span(0, 1, "x"), "Baidoa", 3.11, 43.65, "SO")
    a = event("a", [claim("a", "killed", 5, 5, "SO")], day=date(2025, 1, 1), place=p)
    b = event("b", [claim("b", "injured", 2, 2, "SO")], day=date(2025, 1, 2), place=p)
    assert len(reconcile([a, b], Settings.load())) == 1


def test_contested_is_symmetric():
    x = claim("a", "killed", 1, 5, "PK")
    y = claim("b", "killed", 6, None, "PK")
    assert is_contested([x, y]) and is_contested([y, x])
    assert not is_contested([x, claim("c", "killed", 5, 9, "PK")])


countries = st.sampled_from(["PK", "AF", "SO"])
kinds = st.sampled_from(["killed", "injured", "positions_captured"])
values = st.integers(min_value=0, max_value=60)


@st.composite
def events(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    out = []
    for i in range(n):
        day = draw(st.one_of(st.none(), st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 1, 20))))
        cs = [claim(f"d{i}", draw(kinds), v, v + draw(st.integers(0, 3)), draw(countries))
              for v in draw(st.lists(values, min_size=1, max_size=3))]
        out.append(event(f"d{i}", cs, day=day, start=i))
    return out


@settings(max_examples=60, deadline=None)
@given(events(), st.randoms())
def test_reconciliation_does_not_depend_on_report_order(evs, rnd):
    shuffled = list(evs)
    rnd.shuffle(shuffled)
    assert reconcile(evs, Settings.load()) == reconcile(shuffled, Settings.load())


def test_fatalities_of_an_unnamed_total_alone():
    assert fatalities(reconcile_figures([claim("a", "killed", 12, 12, None, "unknown")])) == (12, 12, 12)


def test_a_headline_and_its_body_are_one_event():
    from sitrep.run.pipeline import analyse
    from sitrep.sources.ingest import from_text

    text = ("Pakistan says Indian strikes killed 31\n\nISLAMABAD - Pakistan's military spokesman said on "
            "Wednesday that 31 civilians had been killed in Indian missile strikes overnight.")
    doc = from_text(text, "r2.txt", date(2025, 5, 7))
    analysis = analyse(doc, Settings.load(db=":memory:"))
    (incident,) = reconcile(analysis.events, Settings.load())
    assert incident.sub_event_type == "Shelling/artillery/missile attack"
    assert [(f.kind, f.subject_country, f.best) for f in incident.figures] == [("killed", "PK", 31)]


def test_reconciling_in_order_refuses_events_out_of_order():
    import pytest

    from sitrep.reconcile.incidents import reconcile_in_order

    early = event("a", [claim("a", "killed", 3, 3, "AF")], day=date(2024, 1, 1))
    late = event("b", [claim("b", "killed", 3, 3, "AF")], day=date(2024, 3, 1))
    assert len(list(reconcile_in_order([early, late], Settings.load()))) == 2
    with pytest.raises(ValueError, match="out of order"):
        list(reconcile_in_order([late, early], Settings.load()))


def test_incidents_are_given_as_soon_as_the_window_has_passed():
    from sitrep.reconcile.incidents import reconcile_in_order

    days = [date(2024, 1, 1) + timedelta(days=k) for k in range(0, 60, 10)]
    given = []

    def events():
        for i, day in enumerate(days):
            given.append(day)
            yield event(f"r{i}", [claim(f"r{i}", "killed", 3, 3, "AF")], day=day)

    for incident in reconcile_in_order(events(), Settings.load(incident_window_days=3)):
        assert incident.date_start is not None and incident.date_start < given[-1]  # closed before the end
        break


def test_a_claimants_later_figure_revises_its_earlier_one():
    """Armenia's ministry says 4, the next day 6; Azerbaijan says 15: the range is 6-15, not a dispute
    of Armenia with itself; two figures of one day from one claimant both stand."""
    claims = [claim("a", "killed", 4, 4, "AM", claimant="Armenia's Defence Ministry", claimant_country="AM"),
              claim("b", "killed", 15, 15, "AM", claimant="Azerbaijan", claimant_country="AZ"),
              claim("c", "killed", 6, 6, "AM", claimant="the ministry", claimant_country="AM"),
              claim("d", "killed", 11, 11, "UA", "civilian", claimant="governor Oleh Syniehubov"),
              claim("e", "killed", 9, 9, "UA", "civilian", claimant="regional governor Oleh Syniehubov")]
    published = {"a": date(2026, 3, 4), "b": date(2026, 3, 4), "c": date(2026, 3, 5),
                 "d": date(2026, 4, 21), "e": date(2026, 4, 20)}
    am, ua = reconcile_figures(claims, published)
    assert (am.low, am.best, am.high) == (6, 6, 15) and {c.doc for c in am.claims if not c.revised} == {"b", "c"}
    assert [c.doc for c in am.claims if c.revised] == ["a"]  # kept, for the figure's history
    assert (ua.low, ua.high, ua.contested) == (11, 11, False)
    same_day = reconcile_figures(claims, {d: date(2026, 3, 4) for d in published})
    assert same_day[0].low == 4 and len(same_day[0].claims) == 3


@st.composite
def any_claims(draw):
    out = []
    for i in range(draw(st.integers(1, 6))):
        low = draw(st.none() | st.integers(0, 50))
        spread = draw(st.none() | st.integers(0, 30))
        high = None if spread is None else (low or 0) + spread
        text = draw(st.sampled_from(["x", "more than 10 killed", "over 5 soldiers"]))
        span = Span(0, len(text), text)
        out.append(Claim(f"d{i % 3}", "killed", low, high, draw(st.booleans()), "s", "PK", "military",
                         draw(st.sampled_from([None, "army", "Taliban"])), draw(st.sampled_from([None, "PK", "AF"])),
                         draw(st.booleans()), span, span, unspecified=low is None and high is None))
    return out


@settings(max_examples=200, deadline=None)
@given(any_claims())
def test_best_lies_between_low_and_high(claims):
    for f in reconcile_figures(claims):
        if f.best is not None:
            assert f.low is None or f.low <= f.best
            assert f.high is None or f.best <= f.high


def test_people_of_no_named_state_are_of_the_state_it_happened_in():
    odesa = PlaceMention(Span(0, 1, "x"), "Odessa", 46.48, 30.73, "UA")
    alone = reconcile([event("a", [claim("a", "killed", 2, 2, None, "unknown")], day=date(2026, 4, 20),
                             place=odesa)], Settings.load())
    assert [(f.kind, f.subject_country) for f in alone[0].figures] == [("killed", "UA")]
    both = reconcile([event("a", [claim("a", "killed", 2, 2, None, "unknown"), claim("a", "killed", 5, 5, "RU")],
                            day=date(2026, 4, 20), place=odesa)], Settings.load())
    assert {(f.kind, f.subject_country) for f in both[0].figures} == {("killed", None), ("killed", "RU")}
    assert both[0].fatalities_best == 5  # an unnamed total stands only where it exceeds the named sides


def test_a_telling_count_joins_reports_that_lead_with_different_sites():
    """Outlets lead a campaign's story with different sites (Bahawalpur, Muzaffarabad, 600 km apart):
    the same toll of ten or more for the same side joins them; a small shared toll does not."""
    bahawalpur = PlaceMention(Span(0, 1, "x"), "Bahawalpur", 29.40, 71.68, "PK")
    muzaffarabad = PlaceMention(Span(0, 1, "x"), "Muzaffarabad", 34.37, 73.47, "PK")
    day = date(2026, 5, 7)
    joined = reconcile([event("a", [claim("a", "killed", 26, 26, "PK", "civilian")], day=day, place=bahawalpur),
                        event("b", [claim("b", "killed", 26, 26, "PK", "civilian")], day=day, place=muzaffarabad)],
                       Settings.load())
    assert [set(i.docs) for i in joined] == [{"a", "b"}]
    apart = reconcile([event("a", [claim("a", "killed", 2, 2, "PK", "civilian")], day=day, place=bahawalpur),
                       event("b", [claim("b", "killed", 2, 2, "PK", "civilian")], day=day, place=muzaffarabad)],
                      Settings.load())
    assert len(apart) == 2


def test_two_events_of_one_report_opening_at_one_offset_have_two_ids():
    """A report's main event and a figure told far from it may both open at the report's first
    character; their incidents must not share an id (a store refuses two incidents of one id)."""
    from sitrep.reconcile.incidents import _incident_id

    main = event("r", [claim("r", "killed", 10, 10, "MX")])
    other = replace(main, evidence=Span(0, 40, "x" * 40),
                    claims=(replace(claim("r", "aircraft_downed", 1, 1, "MX"), evidence=Span(0, 40, "x" * 40)),))
    assert main.evidence.start == other.evidence.start
    assert _incident_id([main]) != _incident_id([other])
