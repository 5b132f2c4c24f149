"""Events within a report and across reports, from hand-written reports: the main event apart from
background and other events, its place where the violence was, and reports of one event joined
whatever type each gave it."""

from datetime import date

from sitrep.reconcile.incidents import reconcile
from sitrep.run.pipeline import analyse
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text

SETTINGS = Settings.load(db=":memory:")


def events_of(text, published=date(2026, 3, 5), name="t.txt"):
    return analyse(from_text(text, name, published), SETTINGS).events


def figures(event):
    return sorted(((c.kind, c.subject_country, c.low) for c in event.claims), key=str)


def test_an_earlier_dated_event_is_its_own_event():
    main, *rest = events_of(
        "Border clash kills six\n\n"
        "Azerbaijani troops attacked Armenian positions near Ijevan in Tavush Province on Wednesday. "
        "Armenia's Defence Ministry said that six soldiers had been killed.\n\n"
        "In September 2022, an Azerbaijani offensive on Jermuk killed 207 Armenian soldiers, according to "
        "Yerevan.")
    assert ("killed", "AM", 207) not in figures(main) and ("killed", "AM", 6) in figures(main)
    assert main.place is not None and main.place.name == "Ijevan"
    (earlier,) = [e for e in rest if ("killed", "AM", 207) in figures(e)]
    assert earlier.date_start is not None and earlier.date_start.year == 2022


def test_what_the_main_event_came_after_is_its_own_event_a_day_before():
    main, *rest = events_of(
        "Rockets hit Thai district\n\n"
        "Cambodian rockets struck Kantharalak district in Sisaket province on Wednesday, killing two Thai "
        "civilians, Thai officials said.\n\n"
        "The attack came a day after Thai jets bombed Cambodian positions in Preah Vihear province, where "
        "Cambodia says three soldiers were killed.", published=date(2026, 5, 13))
    assert figures(main) == [("killed", "TH", 2)]
    (before,) = rest
    assert figures(before) == [("killed", "KH", 3)]
    assert before.date_start == date(2026, 5, 12) and before.place is not None and before.place.country == "KH"


def test_a_strike_far_from_the_main_one_is_its_own_event():
    main, *rest = events_of(
        "Russian strikes hit two cities\n\n"
        "A Russian missile struck an apartment building in Kharkiv on Monday, killing nine civilians, the "
        "regional governor said.\n\n"
        "In the south, Russian drones struck the port of Odesa on Monday, killing two people and wounding "
        "five, officials said.", published=date(2026, 4, 20))
    assert main.place is not None and main.place.name == "Kharkiv"
    (odesa,) = rest
    assert odesa.place is not None and odesa.place.name == "Odessa" and odesa.date_start == date(2026, 4, 20)
    assert {c.low for c in odesa.claims} == {2, 5}


def test_a_capital_speaking_for_its_government_is_not_the_place():
    (main, *_) = events_of(
        "Clash on the border\n\n"
        "Azerbaijani forces killed 15 Armenian servicemen in a clash in Tavush Province on Wednesday, "
        "Azerbaijan's Defence Ministry said. Yerevan rejected the claim, and officials in Baku said the "
        "fighting was over after Armenian forces attacked.\n\n"
        "Yerevan said its forces killed 10 Azerbaijani soldiers in the fighting.")
    assert main.place is not None and main.place.name not in ("Baku", "Yerevan")
    assert main.place.admin1 == "Tavush" and main.geo_precision == 3


def test_reports_typing_one_event_apart_join_on_a_shared_count():
    one = events_of("Air strikes kill soldiers\n\nThai air strikes on Tuesday killed three Cambodian soldiers "
                    "in Preah Vihear province, Cambodia's defence ministry said.", date(2026, 5, 12), "a.txt")
    two = events_of("Fighting at the temple\n\nFighting near the Preah Vihear temple on Tuesday killed three "
                    "Cambodian soldiers, Cambodia said.", date(2026, 5, 12), "b.txt")
    (incident,) = reconcile([*one, *two], SETTINGS)
    assert set(incident.docs) == {"a.txt", "b.txt"}


def test_what_an_event_answered_is_not_its_place_and_its_target_is_acted_on():
    """An invented report: Indian strikes in Punjab answered by Pakistani attacks inside India."""
    main, *rest = events_of(
        "Retaliation on the border\n\n"
        "In response to Indian air strikes in Pakistan's Punjab province that caused civilian casualties, "
        "the Pakistani army launched attacks on several targets inside India. Pakistan's military said its "
        "attacks killed 12 Indian soldiers.", published=date(2026, 5, 9))
    assert main.place is not None and main.place.country == "IN"
    assert main.actor1 == "Military Forces of Pakistan" and main.actor2 == "Military Forces of India"
    assert all(c.subject_role != "civilian" for c in main.claims)
    assert len({e.evidence.start for e in [main, *rest]}) == 1 + len(rest)  # each event its own key and id


def test_a_denial_is_a_claim_of_none_that_contests_the_figure():
    one = events_of("Clash in Kashmir\n\nPakistan's army said it killed 40 Indian soldiers in a clash near Uri on "
                    "Tuesday.", date(2026, 5, 6), "a.txt")
    two = events_of("India rejects claim\n\nIndian forces clashed with Pakistani troops near Uri on Tuesday. "
                    "India's army denied losing any soldiers in the clash.", date(2026, 5, 6), "b.txt")
    denial = [c for e in two for c in e.claims if c.low == 0]
    assert [(c.kind, c.subject_country, c.claimant_country) for c in denial] == [("killed", "IN", "IN")]
    (incident,) = reconcile([*one, *two], SETTINGS)
    (killed,) = [f for f in incident.figures if f.kind == "killed" and f.subject_country == "IN"]
    assert (killed.low, killed.high, killed.contested) == (0, 40, True)
    assert killed.low <= killed.best <= killed.high


def test_a_figure_of_one_site_is_a_part_of_the_total_not_a_dispute():
    (main, *_) = events_of(
        "Strikes on nine sites\n\n"
        "Indian missile strikes on nine sites in Pakistan killed 31 civilians on Wednesday, Pakistan's "
        "military said. In Bahawalpur, 13 civilians were killed when a missile hit a mosque, officials said.",
        published=date(2026, 5, 7))
    parts = {c.low: c.part for c in main.claims if c.kind == "killed"}
    assert parts == {31: False, 13: True}
    (incident,) = [i for i in reconcile([main], SETTINGS)]
    (killed,) = [f for f in incident.figures if f.kind == "killed"]
    assert (killed.low, killed.best, killed.high, killed.contested) == (31, 31, 31, False)
    assert incident.fatalities_best == 31


def test_a_place_name_inside_another_name_is_not_the_place():
    (main, *_) = events_of(
        "Strikes in Punjab\n\n"
        "Missiles launched under Operation Falcon struck a seminary in Muridke on Wednesday, killing 8 people, "
        "Phoenix TV reported.", published=date(2026, 5, 7))
    assert main.place is not None and main.place.name == "Muridke"
    (only, *_) = events_of("Blast\n\nA bomb exploded at Phoenix TV's office on Monday, killing 2 people.",
                           published=date(2026, 5, 7))
    assert only.place is None or only.place.country != "US"


def test_a_claim_the_other_side_denied_is_contested_and_an_own_figure_beats_a_denial():
    (main, *_) = events_of(
        "Jets downed\n\nIndian missiles struck Bahawalpur on Wednesday night. Pakistan's military said its air "
        "force downed five Indian jets, a claim India denied.", published=date(2026, 5, 7))
    downed = [c for c in main.claims if c.kind == "aircraft_downed"]
    assert sorted((c.low, c.claimant_country) for c in downed) == [(0, "IN"), (5, "PK")]
    admitted = events_of("Clash\n\nIndia's army said two of its soldiers were killed in the clash near Uri on "
                         "Tuesday. Pakistan said it killed 10 Indian soldiers, a claim India rejected.",
                         published=date(2026, 5, 6))
    (incident,) = reconcile(admitted, SETTINGS)
    (killed,) = [f for f in incident.figures if f.kind == "killed" and f.subject_country == "IN"]
    assert (killed.low, killed.high) == (2, 10)


def test_the_date_an_event_answered_is_not_its_own():
    (main, *_) = events_of(
        "India strikes\n\nIndia said on Thursday its forces had struck nine sites in Pakistan, in what it called "
        "a response to last month's attack on tourists in Pahalgam.", published=date(2026, 5, 7))
    assert main.date_start is not None and main.date_start.month == 5


def test_a_region_administered_by_a_state_is_that_states():
    from sitrep.extract.places import find_places

    found = {p.span.start: p.country for p in find_places("Shells fell in Pakistan-administered Kashmir and in "
                                                             "Indian-administered Kashmir.")}
    assert sorted(found.values()) == ["IN", "IN", "PK", "PK"]


def test_an_earlier_event_told_twice_in_a_report_is_one_event():
    events = events_of(
        "Retaliation\n\n"
        "In response to Indian air strikes in Pakistan's Punjab province that caused civilian casualties, the "
        "Pakistani army attacked several targets inside India. Pakistan's military said its attacks killed 12 "
        "Indian soldiers.\n\n"
        "On May 6, Indian air strikes on Bahawalpur in Punjab province killed 5 civilians, officials said.",
        published=date(2026, 5, 9))
    assert len(events) == 2
    main, strikes = events
    assert strikes.date_start == date(2026, 5, 6) and {c.kind for c in strikes.claims} >= {"killed"}
    assert all(c.subject_role != "civilian" for c in main.claims)


def test_an_unplaced_earlier_event_is_in_the_reports_state_on_the_date_its_figure_was_given():
    main, *rest = events_of(
        "Camp shelled\n\nShelling by the Rapid Support Forces killed 18 civilians in El Fasher on Tuesday, "
        "doctors said. The attack was the deadliest since April 2025, when an assault on a camp killed more "
        "than 400 people.", published=date(2026, 2, 10))
    (earlier,) = [e for e in rest if any(c.low == 401 for c in e.claims)]
    assert earlier.date_start is not None and (earlier.date_start.year, earlier.date_start.month) == (2025, 4)
    assert earlier.place is not None and earlier.place.country == "SD" and earlier.geo_precision == 3
