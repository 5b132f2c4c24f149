"""sitrep.codec: records to JSON and back, as the stores keep them and as the contract gives them."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date

from sitrep.codec import (
    claim_json,
    date_from_json,
    dumps,
    event_key,
    event_keys_from_json,
    event_keys_json,
    events_from_json,
    events_json,
    fields_json,
    figure_from_json,
    from_iso,
    iso,
    place_from_json,
)
from sitrep.records import Claim, ClaimRef, DateMention, Event, Figure, PlaceMention, Span

TEXT = "Shelling of Harrowfield on 3 May killed at least 12 civilians, the regional governor said."


def _claim(report: str = "") -> Claim:
    return Claim(
        doc="harrowfield-1", kind="killed", low=12, high=None, approx=True, subject="civilians",
        subject_country="XA", subject_role="civilian", claimant="the regional governor", claimant_country="XA",
        unverified=False, evidence=Span(0, 62, TEXT[:62]), sentence=Span(0, len(TEXT), TEXT),
        date=DateMention(Span(27, 32, "3 May"), "2031-05-03", date(2031, 5, 3), date(2031, 5, 3), "day"),
        place=PlaceMention(Span(12, 23, "Harrowfield"), "Harrowfield", 10.5, -3.25, "XA", admin1="North",
                           geonameid=42),
        side_by="words", report=report,
    )


def _event(report: str = "") -> Event:
    claim = _claim(report)
    return Event(
        doc="harrowfield-1", event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date_start=date(2031, 5, 3), date_end=date(2031, 5, 3), date_precision="day", place=claim.place,
        geo_precision=1, actor1=None, actor2="Civilians (Xanadu)", claims=(claim,), evidence=claim.evidence,
        published=date(2031, 5, 4), fatality_split=(2, None), report=report,
    )


def test_a_claims_date_and_place_come_back_equal_from_their_field_json():
    claim = _claim()
    assert claim.date is not None and claim.place is not None
    date_text, place_text = dumps(fields_json(claim.date)), dumps(fields_json(claim.place))
    assert json.loads(date_text)["span"] == [27, 32, "3 May"]
    assert json.loads(date_text)["first_day"] == "2031-05-03"
    assert date_from_json(json.loads(date_text)) == claim.date
    assert place_from_json(json.loads(place_text)) == claim.place


def test_field_json_keeps_the_records_field_order_and_is_compact():
    text = dumps(fields_json(_claim().place))
    assert list(json.loads(text)) == [f.name for f in fields(PlaceMention)]
    assert list(json.loads(text))[:5] == ["span", "name", "lat", "lon", "country"]
    assert ", " not in text and ": " not in text


def test_a_figure_with_its_claims_comes_back_equal():
    ref = ClaimRef("harrowfield-1", "the regional governor", "XA", 12, None, False, "killed at least 12", part=True)
    figure = Figure("killed", "XA", "civilian", 12, 12, None, False, (ref,))
    assert figure_from_json(json.loads(dumps(fields_json(figure)))) == figure


def test_unknown_keys_are_left_out_and_missing_ones_take_their_defaults():
    data = fields_json(_claim().place)
    data["elevation"] = 120  # written by a later sitrep
    del data["feature"]  # written by an earlier one
    place = place_from_json(data)
    assert place.feature == "populated_place" and place.name == "Harrowfield"


def test_events_come_back_equal_with_their_reports_identity_from_the_row():
    written = events_json([_event("hash-of-report")])
    assert "hash-of-report" not in written  # the row holds it, not every event and claim
    [event] = events_from_json(written, report="hash-of-report")
    assert event == _event("hash-of-report")
    assert event.claims[0].report == "hash-of-report"


def test_events_are_read_of_the_types_asked_for_only():
    written = events_json([_event()])
    assert events_from_json(written, types={"Battles"}) == []
    assert len(events_from_json(written, types={"Explosions/Remote violence"})) == 1


def test_event_keys_read_from_the_kept_keys_equal_those_of_the_events():
    written = events_json([_event()])
    kept = list(event_keys_from_json(event_keys_json([_event()])))
    assert kept == [event_key(row) for row in json.loads(written)]
    assert kept == [(date(2031, 5, 3), "harrowfield-1", 0, "Shelling/artillery/missile attack",
                     "Explosions/Remote violence")]


def test_the_contract_gives_a_claim_with_its_evidence_offsets_date_value_and_place_name():
    row = claim_json(_claim("hash-of-report"))
    assert list(row) == ["doc", "kind", "low", "high", "approx", "subject", "subject_country", "subject_role",
                         "claimant", "claimant_country", "unverified", "start", "end", "text", "unspecified",
                         "date", "place", "part", "side_by"]
    assert (row["start"], row["end"], row["text"]) == (0, 62, TEXT[:62])
    assert (row["date"], row["place"]) == ("2031-05-03", "Harrowfield")


def test_dates_are_iso_text_both_ways():
    assert iso(date(2031, 5, 3)) == "2031-05-03" and iso(None) is None
    assert from_iso("2031-05-03") == date(2031, 5, 3) and from_iso(None) is None
