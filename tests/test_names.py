"""Distinctive names (operations, named sites, towns) as evidence that reports tell of one event,
weighed by how many reports of the same days carry them. Invented sentences and events."""

import random
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from sitrep.extract.names import _named
from sitrep.reconcile.incidents import reconcile
from sitrep.records import Claim, Document, Event, PlaceMention, Span
from sitrep.run.pipeline import analyse
from sitrep.settings import Settings

SETTINGS = Settings.load(db=":memory:")
DAY = date(2026, 6, 10)
SPAN = Span(0, 1, "x")


def test_operations_and_named_sites_are_read_without_states_peoples_or_titles():
    assert _named("Drones hit Russia's Morozovsk Air Base in Operation Steppe Wind.") == [
        "site:morozovsk airbase", "op:steppe wind"]
    assert _named("Shelling hit the Abu Shouk camp and the Kakhovka dam.") == ["site:abu shouk camp",
                                                                               "site:kakhovka dam"]
    assert _named("The Russian airbase was hit. The base was hit.") == []
    assert _named("Operation Sindoor On The Border") == ["op:sindoor"]


def test_an_events_names_come_from_its_own_sentences():
    text = ("Drones hit airbase\n\nUkrainian drones struck the Morozovsk airbase in Russia's Rostov region on "
            "Wednesday, Ukraine's army said, in what it called Operation Steppe Wind. Two servicemen were injured, "
            "the governor said.\n")
    doc = Document("d1", text, text, title="Drones hit airbase", published=DAY)
    (main, *_) = analyse(doc, SETTINGS).events
    assert "site:morozovsk airbase" in main.names and "op:steppe wind" in main.names
    assert "town:morozovsk" in main.names


def _claim(doc, kind, low, country, claimant_country=None):
    return Claim(doc, kind, low, low, False, "s", country, "military", None, claimant_country, False, SPAN, SPAN)


def _event(doc, etype, sub, place, claims, names, day=DAY):
    lat, lon, country = place
    where = PlaceMention(SPAN, f"p{lat}", lat, lon, country, feature="populated_place")
    return Event(doc, etype, sub, day, day, "day", where, 1, "A", "B", tuple(claims), SPAN, names=tuple(names))


MOROZOVSK, ROSTOV = (48.35, 41.83, "RU"), (47.23, 39.72, "RU")
KHERSON, ODESA, KHARKIV, SUMY = (46.64, 32.61, "UA"), (46.48, 30.72, "UA"), (49.99, 36.23, "UA"), (50.91, 34.80, "UA")


def _airbase_story(base_named_by: int, others: int) -> list[Event]:
    """Reports of one night's drone attack on an airbase, typed and placed apart and sharing no figure,
    `base_named_by` of them naming the base, and `others` reports of the same days about shelling in
    Ukraine (which name no base)."""
    found = [
        _event("a1", "Explosions/Remote violence", "Air/drone strike", MOROZOVSK,
               [_claim("a1", "killed", 12, "RU", "UA")], ["site:morozovsk airbase"]),
        _event("a2", "Strategic developments", "Disrupted weapons use", ROSTOV,
               [_claim("a2", "aircraft_downed", 41, "UA", "RU")],
               ["site:morozovsk airbase"] if base_named_by > 1 else []),
    ]
    for n in range(others):
        found.append(_event(f"k{n}", "Explosions/Remote violence", "Shelling/artillery/missile attack",
                            KHARKIV if n % 2 else SUMY, [_claim(f"k{n}", "killed", 2 + n, "UA", "UA")], [],
                            day=date(2026, 6, 8 + n % 5)))
    return found


def _together(incidents, *docs):
    return any(set(docs) <= set(i.docs) for i in incidents)


def test_reports_naming_one_airbase_are_one_incident_however_typed_and_placed():
    made = reconcile(_airbase_story(base_named_by=2, others=4), SETTINGS)
    assert _together(made, "a1", "a2")


def test_without_the_name_the_same_reports_stay_apart():
    made = reconcile(_airbase_story(base_named_by=1, others=4), SETTINGS)
    assert not _together(made, "a1", "a2")


def test_a_name_most_reports_of_those_days_carry_joins_nothing():
    """A campaign's name that every report of the week carries tells no event from another: two events
    of other types, places and figures stay apart although both name it."""
    found = [_event(f"r{n}", "Explosions/Remote violence" if n % 2 else "Battles",
                    "Air/drone strike" if n % 2 else "Armed clash", KHERSON if n % 2 else ODESA,
                    [_claim(f"r{n}", "killed" if n % 2 else "injured", 3 + n, "UA", "UA")], ["op:steppe wind"])
             for n in range(4)]
    made = reconcile(found, SETTINGS)
    assert not _together(made, "r0", "r1")
    rare = [*found[:2], *(replace(e, names=()) for e in found[2:])]
    rare += _airbase_story(1, 4)[2:]  # other reports of those days, about Ukraine
    assert _together(reconcile(rare, SETTINGS), "r0", "r1")


def test_joining_on_names_does_not_depend_on_report_order():
    found = _airbase_story(base_named_by=2, others=6)
    expected = {i.id for i in reconcile(found, SETTINGS)}
    for seed in range(5):
        random.Random(seed).shuffle(found)
        assert {i.id for i in reconcile(found, SETTINGS)} == expected


def test_a_weeks_total_is_not_one_of_its_days():
    """A governor's toll for the week and a day's shelling in the same city stay apart, as two reports
    of the week's total join each other."""
    day = _event("d1", "Explosions/Remote violence", "Shelling/artillery/missile attack", KHERSON,
                 [_claim("d1", "killed", 3, "UA", "UA")], [], day=date(2026, 6, 8))
    week = [Event(doc, "Explosions/Remote violence", "Shelling/artillery/missile attack", date(2026, 6, 8),
                  date(2026, 6, 14), "week", PlaceMention(SPAN, "Kherson", 46.64, 32.61, "UA", feature="admin1"), 3,
                  "A", "B", (_claim(doc, "killed", 17, "UA", "UA"),), SPAN) for doc in ("w1", "w2")]
    made = reconcile([day, *week], SETTINGS)
    assert _together(made, "w1", "w2") and not _together(made, "d1", "w1")


def test_the_check_script_passes():
    script = Path(__file__).resolve().parents[1] / "scripts" / "check_named_sites.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_store_reconciled_as_a_stream_joins_on_names_as_in_memory(tmp_path):
    """The airbase and Kherson stories ingested into a store (reconciled streamed, reading the
    window ahead from the store) give the incidents reconciling their events in memory gives."""
    import json

    import sitrep

    stories = Path(__file__).resolve().parent / "stories" / "stories.articles.jsonl"
    rows = [json.loads(line) for line in stories.read_text("utf-8").splitlines() if line.strip()]
    chosen = tmp_path / "chosen.jsonl"
    chosen.write_text("".join(json.dumps(r) + "\n" for r in rows if r["id"][:3] in ("ru-", "ks-")), "utf-8")
    with sitrep.open(str(tmp_path / "s.db")) as bench:
        bench.ingest([str(chosen)])
        stored = {tuple(sorted(i.docs)) for i in bench.incidents()}
        events = list(bench.store.events())
    assert stored == {tuple(sorted(i.docs)) for i in reconcile(events, SETTINGS)}
    assert ("ru-01", "ru-02", "ru-03", "ru-04") in stored
