"""Tests for the "when" stage: `sitrep.extract.dates.find_dates` and `sitrep.extract.dates.event_date`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract.dates import MONTH_NAMES, WEEKDAY_NAMES, event_date, find_dates
from sitrep.records import DateMention

PUB = date(2024, 5, 9)  # a Thursday


def values(text: str, published: date | None = PUB) -> list[str]:
    return [m.value for m in find_dates(text, published)]


def only(text: str, published: date | None = PUB) -> DateMention:
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


def check_offsets(text: str, found: list[DateMention]) -> None:
    for m in found:
        assert m.span.text == text[m.span.start : m.span.end]
        assert m.first_day <= m.last_day


# ------------------------------------------------------------------ absolute dates


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The convoy was hit on 3 February 2024 near the border.", "2024-02-03"),
        ("The convoy was hit on February 3, 2024 near the border.", "2024-02-03"),
        ("The convoy was hit on February 3rd 2024.", "2024-02-03"),
        ("The convoy was hit on the 3rd of February, 2024.", "2024-02-03"),
        ("The convoy was hit on Feb. 3, 2024.", "2024-02-03"),
        ("The convoy was hit on 3 Feb 2024.", "2024-02-03"),
        ("The convoy was hit on 03-February-2024.", "2024-02-03"),
        ("The convoy was hit on 03-Feb-2024.", "2024-02-03"),
        ("The convoy was hit on 2024-02-03.", "2024-02-03"),
        ("The convoy was hit on 03 02 2024 in the evening.", "2024-02-03"),
        ("The convoy was hit on Saturday, 3 February 2024.", "2024-02-03"),
        ("The convoy was hit on 3 FEBRUARY 2024.", "2024-02-03"),
        ("The convoy was hit on 3 february 2024.", "2024-02-03"),
    ],
)
def test_absolute_day_formats(text: str, value: str) -> None:
    m = only(text)
    assert m.value == value
    assert m.precision == "day"
    assert m.first_day == m.last_day == date.fromisoformat(value)
    check_offsets(text, [m])


def test_numeric_dates_are_day_first_unless_impossible() -> None:
    assert values("Signed on 12/10/2025 in the capital.") == ["2025-10-12"]
    assert values("Signed on 10/13/2025 in the capital.") == ["2025-10-13"]


def test_numeric_dates_follow_the_texts_own_order() -> None:
    text = "The memo, dated 09/25/2021, was filed on 10/04/2021."
    assert values(text) == ["2021-09-25", "2021-10-04"]


def test_month_and_year() -> None:
    m = only("Fighting resumed in March 2023 after a lull.")
    assert (m.value, m.precision) == ("2023-03", "month")
    assert (m.first_day, m.last_day) == (date(2023, 3, 1), date(2023, 3, 31))


def test_bare_years_are_year_precision() -> None:
    text = "The militia, active since 2016, seized the town in 2019."
    found = find_dates(text, PUB)
    assert [(m.span.text, m.value, m.precision) for m in found] == [
        ("2016", "2016", "year"),
        ("2019", "2019", "year"),
    ]
    assert found[1].first_day == date(2019, 1, 1) and found[1].last_day == date(2019, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "Refugees walked the 1,640-mile route on foot.",
        "A 25-year-old man and his 19-year-old brother were wounded.",
        "The blast happened at 10:30 pm local time.",
        "Some 2000 troops were sent to the region.",
        "At least 2015 people were displaced, officials said.",
        "The council passed Resolution 2334 without a vote.",
        "Unrest in the 1990s left deep scars.",
        "Officials may announce a ceasefire; protesters plan to march on the palace.",
        "Twelve people were killed and 40 injured in the attack.",
    ],
)
def test_non_dates_are_not_dates(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_may_and_march_need_a_cue() -> None:
    assert values("Talks may resume in May, the envoy said.") == ["2024-05"]
    assert values("A march was planned for March 2024.") == ["2024-03"]


# ------------------------------------------------------------------ partial and relative dates


def test_partial_date_takes_the_year_of_publication() -> None:
    assert values("Gunmen raided the village on October 9.", date(2025, 10, 12)) == ["2025-10-09"]


def test_partial_date_prefers_the_past_across_the_new_year() -> None:
    assert values("The truce broke down on 28 December.", date(2025, 1, 4)) == ["2024-12-28"]
    assert values("The vote is set for 3 January.", date(2025, 12, 20)) == ["2026-01-03"]
    # half a year away either way: the past wins
    assert values("Troops withdrew on Aug. 6.", date(2024, 2, 6)) == ["2023-08-06"]


def test_weekday_is_the_most_recent_such_day() -> None:
    m = only("Militants stormed a checkpoint on Tuesday, killing four.")
    assert m.value == "2024-05-07"


def test_weekday_of_publication_is_the_publication_date() -> None:
    assert values("Rebels shelled the airport Thursday.") == ["2024-05-09"]


def test_weekday_in_future_context_looks_ahead() -> None:
    assert values("The delegation will travel to Doha on Saturday.") == ["2024-05-11"]
    assert values("Talks resumed after Saturday's ceasefire, which the army said would hold.") == [
        "2024-05-04"
    ]


def test_last_and_next_weekday() -> None:
    assert values("It happened last Thursday.") == ["2024-05-02"]
    assert values("It resumes next Monday.") == ["2024-05-13"]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("The bodies were found yesterday.", "2024-05-08", "day"),
        ("Talks open today.", "2024-05-09", "day"),
        ("The strike was reported two days ago.", "2024-05-07", "day"),
        ("The offensive began last week.", "2024-W18", "week"),
        ("More shelling was reported this week.", "2024-W19", "week"),
        ("Aid deliveries resumed last month.", "2024-04", "month"),
        ("The group split last year.", "2023", "year"),
        ("The group was banned earlier this year.", "2024", "year"),
        ("Elections are due early next year.", "2025", "year"),
        ("The base was abandoned a year ago.", "2023", "year"),
    ],
)
def test_relative_expressions(text: str, value: str, precision: str) -> None:
    m = only(text)
    assert (m.value, m.precision) == (value, precision)
    check_offsets(text, [m])


def test_earlier_this_year_runs_to_the_reference_date() -> None:
    m = only("The group was banned earlier this year.")
    assert (m.first_day, m.last_day) == (date(2024, 1, 1), PUB)


def test_last_month_name_is_before_the_current_month() -> None:
    assert values("He was detained last November.", date(2024, 4, 20)) == ["2023-11"]
    assert values("He was detained last February.", date(2024, 4, 20)) == ["2024-02"]


def test_bare_month_is_the_nearest_occurrence() -> None:
    assert values("The dam was bombed in October.", date(2024, 1, 8)) == ["2023-10"]
    assert values("The summit will be held in June.", date(2024, 4, 8)) == ["2024-06"]


def test_parts_of_periods_narrow_the_days() -> None:
    late = only("Clashes erupted in late December 2024.")
    assert (late.value, late.first_day, late.last_day) == ("2024-12", date(2024, 12, 21), date(2024, 12, 31))
    early = only("The siege lasted until early 2024.")
    assert (early.value, early.first_day, early.last_day) == ("2024", date(2024, 1, 1), date(2024, 4, 30))
    mid = only("Displacement peaked in mid-October.", date(2025, 11, 2))
    assert (mid.value, mid.first_day, mid.last_day) == ("2025-10", date(2025, 10, 11), date(2025, 10, 20))


def test_past_24_hours_is_the_day_before_the_reference() -> None:
    m = only("Over the past 24 hours, drones struck three villages.")
    assert (m.value, m.first_day, m.last_day) == ("2024-05-08", date(2024, 5, 8), PUB)


def test_anaphora_follow_the_previous_date() -> None:
    text = "Rebels entered the town on 2 March 2023. The next day they burned the market."
    assert values(text, None) == ["2023-03-02", "2023-03-03"]


def test_day_before_and_week_of_compose() -> None:
    assert values("Police had searched the house the day before yesterday.") == ["2024-05-07"]
    m = only("A hearing is set for the week of June 3.")
    assert (m.span.text, m.value) == ("the week of June 3", "2024-W23")


# ------------------------------------------------------------------ ranges


def test_compact_day_ranges_are_intervals() -> None:
    m = only("Between September 26-28 2019, heavy fighting was reported.")
    assert (m.value, m.first_day, m.last_day) == (
        "2019-09-26/2019-09-28",
        date(2019, 9, 26),
        date(2019, 9, 28),
    )
    m = only("Curfews were imposed from 3 to 5 March 2022.")
    assert (m.first_day, m.last_day) == (date(2022, 3, 3), date(2022, 3, 5))


def test_range_start_borrows_the_year_of_its_end() -> None:
    text = "The blockade lasted from December to February 2021."
    assert values(text, None) == ["2020-12", "2021-02"]


# ------------------------------------------------------------------ without a publication date


def test_relative_dates_without_reference_are_left_out() -> None:
    assert find_dates("On Saturday, rebels shelled the town, killing two.", None) == []
    assert values("It was reported in 2018, yesterday.", None) == ["2018"]


def test_relative_dates_resolve_against_a_full_date_in_the_text() -> None:
    text = "As reported on 5 March 2023, over the past 24 hours, gunmen killed 3; a raid on 2 Mar failed."
    assert values(text, None) == ["2023-03-05", "2023-03-04", "2023-03-02"]


# ------------------------------------------------------------------ event_date


def when(text: str, published: date | None = None) -> tuple:
    return event_date(text, find_dates(text, published), published)


def test_event_date_of_a_dated_note() -> None:
    text = "On 3 February 2024, unidentified gunmen attacked a police post. Two officers were killed."
    assert when(text) == (date(2024, 2, 3), date(2024, 2, 3), "day")


def test_event_date_of_a_report_date_note() -> None:
    text = "Reported on 10 July 2022, security forces clashed with militants in the district."
    assert when(text)[0] == date(2022, 7, 10)


def test_event_date_of_a_past_24_hours_note() -> None:
    text = "As reported on 5 March 2023, over the past 24 hours, airstrikes killed 9 fighters in the valley."
    assert when(text)[0] == date(2023, 3, 4)


def test_event_date_of_a_range_note() -> None:
    text = "Between October 3-5 2021, the army shelled rebel positions around the town."
    assert when(text) == (date(2021, 10, 3), date(2021, 10, 5), "day")


def test_event_date_joins_separate_range_ends() -> None:
    text = "Fighting raged from 2 May 2022 to 9 May 2022 around the airport."
    assert when(text) == (date(2022, 5, 2), date(2022, 5, 9), "day")


def test_event_date_skips_background_dates() -> None:
    text = (
        "The group, formed in 2007, has fought the government since 2021. "
        "On Sunday its fighters ambushed an army convoy, killing six soldiers."
    )
    assert when(text, date(2024, 3, 12)) == (date(2024, 3, 10), date(2024, 3, 10), "day")


def test_event_date_prefers_the_violent_sentence() -> None:
    text = (
        "Talks resumed in Geneva on Monday. "
        "Meanwhile, rebels shelled the northern district on Saturday, wounding 14 civilians."
    )
    assert when(text, PUB)[0] == date(2024, 5, 4)


def test_event_date_prefers_the_event_over_the_report_date() -> None:
    text = "Police said on Tuesday that gunmen killed five villagers on Sunday."
    assert when(text, PUB)[0] == date(2024, 5, 5)


def test_event_date_skips_a_dateline() -> None:
    text = "KANDAHAR, Afghanistan, May 9 (Agency) - Insurgents attacked an outpost on Wednesday, killing two."
    assert when(text, PUB)[0] == date(2024, 5, 8)


def test_event_date_without_dates_is_unknown() -> None:
    assert when("Gunmen attacked a village, killing two.") == (None, None, None)


# ------------------------------------------------------------------ properties

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@given(DATES)
def test_day_month_year_round_trips(d: date) -> None:
    text = f"Shelling was reported on {d.day} {MONTH_NAMES[d.month - 1]} {d.year}, witnesses said."
    m = only(text, None)
    assert m.value == d.isoformat()
    assert m.span.text == f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"
    check_offsets(text, [m])


@given(DATES)
def test_month_day_year_round_trips(d: date) -> None:
    text = f"({MONTH_NAMES[d.month - 1]} {d.day}, {d.year})"
    assert values(text, None) == [d.isoformat()]


@given(DATES)
def test_iso_round_trips(d: date) -> None:
    assert values(f"Logged {d.isoformat()}.", None) == [d.isoformat()]


@settings(max_examples=40, deadline=None)
@given(DATES)
def test_day_month_year_agrees_with_dateparser(d: date) -> None:
    dateparser = pytest.importorskip("dateparser")
    phrase = f"{d.day} {MONTH_NAMES[d.month - 1][:3]} {d.year}"
    parsed = dateparser.parse(phrase, languages=["en"], settings={"PREFER_DATES_FROM": "past"})
    assert parsed is not None and values(phrase, None) == [parsed.date().isoformat()]


@given(DATES, st.integers(min_value=0, max_value=6))
def test_weekday_is_within_the_week_before_publication(published: date, weekday: int) -> None:
    m = only(f"Rebels attacked the base on {WEEKDAY_NAMES[weekday]}.", published)
    assert m.first_day.weekday() == weekday
    assert published - timedelta(days=6) <= m.first_day <= published


@given(DATES)
def test_yesterday_is_the_day_before_publication(published: date) -> None:
    assert values("The bodies were found yesterday.", published) == [
        (published - timedelta(days=1)).isoformat()
    ]


@given(DATES, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28))
def test_partial_dates_stay_near_publication(published: date, month: int, day: int) -> None:
    m = only(f"The raid happened on {day} {MONTH_NAMES[month - 1]}.", published)
    assert published - timedelta(days=366) < m.first_day < published + timedelta(days=184)


@settings(max_examples=200)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.sampled_from(["", " on 3 May 2021", " Friday"]),
)
def test_offsets_hold_on_any_text(noise: str, snippet: str) -> None:
    text = noise + snippet + noise[::-1]
    check_offsets(text, find_dates(text, PUB))


def test_event_date_of_a_note_is_its_opening_date() -> None:
    text = (
        "As reported on 12 May 2019, security forces seized explosives in the district. "
        "On 10 May, gunmen killed two guards nearby."
    )
    assert when(text)[0] == date(2019, 5, 12)
    labelled = "Looting/property destruction: On 2 August 2025, militia looted a market."
    assert when(labelled)[0] == date(2025, 8, 2)


def test_bare_month_before_a_name_is_not_a_date() -> None:
    assert find_dates("The singer June Carter toured the region.", PUB) == []
    assert values("In June President Ruto visited the camp.") == ["2024-06"]


def test_event_date_falls_back_on_an_old_date_when_no_other_remains() -> None:
    text = "In 2019, fighters overran the garrison and killed 40 soldiers."
    assert when(text, date(2025, 6, 1)) == (date(2019, 1, 1), date(2019, 12, 31), "year")
