"""Report totals never count one event twice: a period's total holds its days, a site's part is
counted in its toll, one event split is counted once. Invented incidents and stories."""

import json
import random
from datetime import date
from pathlib import Path

from sitrep.present.report import situation_report
from sitrep.reconcile.incidents import reconcile
from sitrep.reconcile.totals import fatalities_total
from sitrep.records import ClaimRef, Figure, Incident
from sitrep.run.pipeline import analyse
from sitrep.settings import Settings
from sitrep.sources.ingest import read_inputs

STORIES = Path(__file__).resolve().parent / "stories" / "stories.articles.jsonl"


def killed(country, role, best, part=False):
    return Figure("killed", country, role, best, best, best, False,
                  (ClaimRef("d", None, None, best, best, False, "x", part=part),))


def incident(name, start, end, figures, country="UA", admin1="Kherson", precision="day", lat=46.6, lon=32.6):
    best = sum(f.best for f in figures) if figures else None
    return Incident(name, start, end, precision, country, admin1, "Kherson", lat, lon, 1, "Explosions/Remote violence",
                    "Shelling/artillery/missile attack", "A", "B", (name,), tuple(figures), best, best, best)


MON, WED, FRI, SUN = date(2026, 6, 8), date(2026, 6, 10), date(2026, 6, 12), date(2026, 6, 14)


def test_a_weeks_total_stands_for_the_days_it_holds():
    days = [incident(f"day{n}", d, d, [killed("UA", "civilian", k)]) for n, (d, k) in enumerate([(MON, 3), (WED, 2),
                                                                                                   (FRI, 4)])]
    week = incident("week", MON, SUN, [killed("UA", "civilian", 17)], precision="week")
    total = fatalities_total([*days, week])
    assert total.fatalities == 17  # not 26
    assert dict(total.within) == {"day0": "week", "day1": "week", "day2": "week"}


def test_a_weeks_total_smaller_than_its_days_gives_way_to_them():
    days = [incident(f"day{n}", d, d, [killed("UA", "civilian", 9)]) for n, d in enumerate([MON, WED])]
    week = incident("week", MON, SUN, [killed("UA", "civilian", 12)], precision="week")
    assert fatalities_total([*days, week]).fatalities == 18


def test_a_period_holds_only_its_days_place_and_sides():
    week = incident("week", MON, SUN, [killed("UA", "civilian", 17)], precision="week")
    elsewhere = incident("kharkiv", WED, WED, [killed("UA", "civilian", 5)], admin1="Kharkiv")
    soldiers = incident("soldiers", WED, WED, [killed("RU", "military", 6)])
    after = incident("after", date(2026, 6, 16), date(2026, 6, 16), [killed("UA", "civilian", 2)])
    assert fatalities_total([week, elsewhere, soldiers, after]).fatalities == 17 + 5 + 6 + 2


def test_a_sites_part_is_counted_in_the_toll_it_is_part_of():
    whole = incident("strikes", WED, WED, [killed("PK", "civilian", 31)], country="PK", admin1=None, lat=30.0, lon=71.0)
    site = incident("site", WED, WED, [killed("PK", "civilian", 13, part=True)], country="PK", admin1="Punjab",
                    lat=29.4, lon=71.7)
    other = incident("other", WED, WED, [killed("PK", "civilian", 13)], country="PK", admin1="Punjab",
                     lat=33.0, lon=73.0)
    assert fatalities_total([whole, site]).fatalities == 31
    assert fatalities_total([whole, other]).fatalities == 44  # a toll no report gives as a part adds up


def test_one_event_told_apart_is_counted_once():
    a = incident("a", WED, WED, [killed("UA", "civilian", 11)], lat=49.99, lon=36.23)
    b = incident("b", WED, WED, [killed("UA", "civilian", 11)], lat=50.3, lon=36.9)  # another outlet's place
    small_far = [incident("c", WED, WED, [killed("UA", "civilian", 2)], lat=46.6, lon=32.6),
                 incident("d", WED, WED, [killed("UA", "civilian", 2)], lat=49.99, lon=36.23)]
    small_near = [incident("e", WED, WED, [killed("UA", "civilian", 2)], lat=46.6, lon=32.6),
                  incident("f", WED, WED, [killed("UA", "civilian", 2)], lat=46.65, lon=32.65)]
    assert fatalities_total([a, b]).fatalities == 11
    assert fatalities_total(small_far).fatalities == 4  # two tolls of 2 far apart: two events
    assert fatalities_total(small_near).fatalities == 2


def test_the_total_does_not_depend_on_the_order_of_incidents():
    found = [incident("week", MON, SUN, [killed("UA", "civilian", 17)], precision="week"),
             *(incident(f"d{n}", WED, WED, [killed("UA", "civilian", 11)], lat=46.6 + n / 100) for n in range(4)),
             incident("site", FRI, FRI, [killed("UA", "civilian", 3, part=True)])]
    expected = fatalities_total(found)
    for seed in range(5):
        random.Random(seed).shuffle(found)
        assert fatalities_total(found) == expected


def _story_incidents(prefixes):
    settings = Settings.load(db=":memory:")
    lines = [json.loads(line) for line in STORIES.read_text("utf-8").splitlines() if line.strip()]
    wanted = [line for line in lines if line["id"].split("-")[0] in prefixes]
    events = []
    for doc in read_inputs([STORIES], settings):
        if doc.name in {line["id"] for line in wanted}:
            events.extend(analyse(doc, settings).events)
    return reconcile(events, settings)


def test_the_kherson_week_story_counts_each_death_once():
    """Three days' attacks on Kherson and the governor's total for the week, with the drone attack on
    the Morozovsk airbase the same days: 17 (the week, holding its days) and 12 (the airbase)."""
    made = _story_incidents({"ks", "ru"})
    assert sum(i.fatalities_best or 0 for i in made) == 38  # summing incidents counts the days twice
    assert fatalities_total(made).fatalities == 29
    report = situation_report(made, "md")
    assert "Fatalities: 29 (" in report and "counted within incident" in report
    assert ">29</b>" in situation_report(made, "html")
