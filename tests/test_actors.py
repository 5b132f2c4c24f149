"""Actors: versioned actor data, state forces, spokespeople, and the sides phrases speak for."""

import json
from datetime import date
from importlib import resources

import pycountry
import pytest

from sitrep.actors import acled_name, actor_table, find_actors, resolve

BEFORE = date(2019, 6, 1)
AFTER = date(2025, 10, 12)


def names(text, on=AFTER):
    return [(a.span.text, a.name, a.country, a.role, a.kind) for a in find_actors(text, on)]


def test_the_taliban_change_role_on_15_august_2021():
    before = find_actors("The Taliban attacked a checkpoint.", BEFORE)[0]
    after = find_actors("The Taliban attacked a checkpoint.", AFTER)[0]
    assert (before.country, before.role) == ("AF", "armed_group")
    assert (after.country, after.role) == ("AF", "military")
    assert acled_name(before, BEFORE) == "Taliban"
    assert acled_name(after, AFTER) == "Military Forces of Afghanistan (Taliban)"
    edge = find_actors("The Taliban said.", date(2021, 8, 15))[0]
    assert edge.role == "military"


def test_state_forces_take_the_acled_name_valid_on_the_date():
    [pk] = [a for a in find_actors("Pakistani troops shelled the area.", AFTER) if a.kind == "state"]
    assert (pk.country, pk.role, pk.name) == ("PK", "military", "Military Forces of Pakistan")
    [af] = [a for a in find_actors("Afghan forces returned fire.", AFTER) if a.country == "AF"]
    assert af.name == "Military Forces of Afghanistan (Taliban)"
    [af_2019] = [a for a in find_actors("Afghan forces returned fire.", BEFORE) if a.country == "AF"]
    assert acled_name(af_2019, BEFORE) == "Military Forces of Afghanistan (2014-2021)"


def test_longest_alias_wins():
    [ttp] = [a for a in find_actors("The Pakistani Taliban claimed the attack.", AFTER) if a.kind != "generic"]
    assert (ttp.name, ttp.country, ttp.role) == ("Tehrik-i-Taliban Pakistan", "PK", "armed_group")


@pytest.mark.parametrize(
    ("phrase", "country", "role"),
    [
        ("pro-Taliban sources", "AF", "military"),
        ("A senior Pakistani security source", "PK", "unknown"),
        ("the Pakistan military", "PK", "military"),
        ("Afghanistan's Taliban government", "AF", "military"),
        ("Russia's defence ministry", "RU", "military"),
        ("Ukrainian soldiers", "UA", "military"),
        ("the Rapid Support Forces", "SD", "armed_group"),
        ("Hezbollah fighters", "LB", "armed_group"),
        ("Islamabad", "PK", "unknown"),
        ("the United Nations", None, "unknown"),
        ("Human Rights Watch", None, "unknown"),
        ("witnesses", None, "unknown"),
    ],
)
def test_resolve(phrase, country, role):
    assert resolve(phrase, AFTER) == (country, role)


def test_anti_is_not_the_side_itself():
    assert resolve("anti-Taliban fighters", AFTER)[0] is None


def test_spokespeople_introduced_by_the_report_speak_for_their_side():
    text = ("Khaled Omar, a spokesman for the Sudanese army, said 40 fighters died. "
            "Omar added that the town was retaken.")
    people = [a for a in find_actors(text, AFTER) if a.kind == "person"]
    assert [(p.span.text, p.country) for p in people] == [("Khaled Omar", "SD"), ("Omar", "SD")]


def test_title_before_the_name():
    text = "Armenian defence ministry spokeswoman Aram Torosyan said. Torosyan later denied it."
    people = [a for a in find_actors(text, AFTER) if a.kind == "person"]
    assert {p.span.text for p in people} == {"Aram Torosyan", "Torosyan"}
    assert all(p.country == "AM" for p in people)


def test_generic_actors_have_no_country():
    found = [a for a in find_actors("Unidentified armed men attacked the village.", AFTER) if a.kind == "generic"]
    expected = [("unidentified armed men", None, "armed_group")]
    assert [(a.span.text.lower(), a.country, a.role) for a in found] == expected


def test_offsets_point_into_the_text():
    text = "On Sunday the Indian Army said Pakistani drones were shot down over Jammu."
    for a in find_actors(text, AFTER):
        assert text[a.span.start : a.span.end] == a.span.text


def test_actor_data_integrity():
    data = json.loads(resources.files("sitrep.data").joinpath("actors.json").read_text("utf-8"))
    roles = {"military", "armed_group", "civilian", "unknown"}
    records = data["organisations"]
    for rec in records + data["media"]:
        assert rec["aliases"], rec["name"]
        if rec.get("country"):
            assert pycountry.countries.get(alpha_2=rec["country"]) is not None, rec
    for rec in records:
        assert rec["role"] in roles, rec
        start = date.fromisoformat(rec["from"]) if rec.get("from") else date.min
        end = date.fromisoformat(rec["until"]) if rec.get("until") else date.max
        assert start <= end, rec
    known = {r["name"] for r in records}
    assert all(p["actor"] in known for p in data["people"])
    # an alias may name two records only when their validity does not overlap
    table = actor_table()
    for alias, actors in table.by_alias.items():
        organisations = [a for a in actors if a.kind == "organisation"]
        for i, a in enumerate(organisations):
            for b in organisations[i + 1 :]:
                overlap = (a.valid_from or date.min) <= (b.valid_until or date.max) and (
                    b.valid_from or date.min) <= (a.valid_until or date.max)
                assert not overlap, (alias, a.name, b.name)
    for capital, cc in data["capitals"].items():
        assert pycountry.countries.get(alpha_2=cc) is not None, capital


def test_demonyms_for_the_report():
    from sitrep.actors import demonym_of

    assert demonym_of("PK") == "Pakistani"
    assert demonym_of("AF") == "Afghan"
    assert demonym_of("ZZ") is None
