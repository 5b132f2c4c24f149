"""Actors: versioned actor data, state forces, spokespeople, and the sides phrases speak for."""

import importlib.util
import json
import os
from datetime import date
from importlib import resources
from pathlib import Path

import pycountry
import pytest

from sitrep.extract.actors import acled_name, actor_table, find_actors, resolve, theatres

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
    from sitrep.extract.actors import demonym_of

    assert demonym_of("PK") == "Pakistani"
    assert demonym_of("AF") == "Afghan"
    assert demonym_of("ZZ") is None


# --- the actors of the world: UCDP actor list, curated groups, state forces ---------------------

ROOT = Path(__file__).resolve().parents[1]
UCDP_CSV = Path(os.environ.get("SITREP_UCDP_ACTORS_CSV", ROOT.parent / "shared" / "data" / "ucdp-actor-221.csv"))


def organisations(text, on=AFTER):
    return [(a.span.text, a.country, a.role) for a in find_actors(text, on) if a.kind == "organisation"]


@pytest.mark.skipif(not UCDP_CSV.exists(), reason="ucdp-actor-221.csv is not beside the repository (../shared/data/)")
def test_the_shipped_ucdp_file_is_what_the_script_builds_from_the_csv():
    spec = importlib.util.spec_from_file_location("build_actors", ROOT / "scripts" / "build_actors.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    shipped = resources.files("sitrep.data").joinpath("actors_ucdp.tsv").read_text("utf-8")
    assert script.build(UCDP_CSV) == shipped, "run: python scripts/build_actors.py"


def test_the_ucdp_file_keeps_its_attribution_and_valid_rows():
    text = resources.files("sitrep.data").joinpath("actors_ucdp.tsv").read_text("utf-8")
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    assert "UCDP Actor Dataset 22.1" in header and "CC BY 4.0" in header and "Davies, Pettersson" in header
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rows) > 1500
    for ucdp_id, role, country, countries, name, _aliases in rows:
        assert role in ("military", "armed_group"), ucdp_id
        assert name, ucdp_id
        for cc in [country, *countries.split("|")]:
            assert not cc or pycountry.countries.get(alpha_2=cc) is not None, (ucdp_id, cc)


@pytest.mark.parametrize(
    ("sentence", "span", "country", "role"),
    [
        ("Al-Shabaab fighters stormed a base near Kismayo.", "Al-Shabaab", "SO", "armed_group"),
        ("Boko Haram abducted 40 people from a village.", "Boko Haram", "NG", "armed_group"),
        ("The JAS faction attacked a rival camp.", "JAS", "NG", "armed_group"),
        ("ISWAP claimed the ambush on the convoy.", "ISWAP", "NG", "armed_group"),
        ("The Islamic State Sahel Province raided a market.", "Islamic State Sahel Province", "ML", "armed_group"),
        ("JNIM said it held the town.", "JNIM", "ML", "armed_group"),
        ("The M23 took the airport.", "M23", "CD", "armed_group"),
        ("The AFC/M23 alliance named a governor.", "AFC/M23", "CD", "armed_group"),
        ("ADF rebels killed farmers near Beni.", "ADF rebels", "CD", "armed_group"),
        ("CODECO militiamen attacked a displacement camp.", "CODECO", "CD", "armed_group"),
        ("Fano militiamen entered the town.", "Fano militiamen", "ET", "armed_group"),
        ("The TPLF rejected the plan.", "TPLF", "ET", "armed_group"),
        ("The Oromo Liberation Army denied the attack.", "Oromo Liberation Army", "ET", "armed_group"),
        ("The RSF shelled the camp.", "RSF", "SD", "armed_group"),
        ("The SAF retook the bridge.", "SAF", "SD", "military"),
        ("Ansar Allah launched drones at ships.", "Ansar Allah", "YE", "armed_group"),
        ("The Houthis fired a missile.", "Houthis", "YE", "armed_group"),
        ("Hamas released a statement.", "Hamas", "PS", "armed_group"),
        ("Islamic Jihad fired rockets.", "Islamic Jihad", "PS", "armed_group"),
        ("Hezbollah fired rockets at the border.", "Hezbollah", "LB", "armed_group"),
        ("The PKK ended its armed struggle.", "PKK", "TR", "armed_group"),
        ("The YPG held the dam.", "YPG", "SY", "armed_group"),
        ("The SDF guards the camps.", "SDF", "SY", "armed_group"),
        ("The Arakan Army seized the command.", "Arakan Army", "MM", "armed_group"),
        ("The MNDAA captured Lashio.", "MNDAA", "MM", "armed_group"),
        ("The TNLA took the town.", "TNLA", "MM", "armed_group"),
        ("The KIA overran a post.", "KIA", "MM", "armed_group"),
        ("PDF fighters ambushed a convoy.", "PDF fighters", "MM", "armed_group"),
        ("The NUG said it would investigate.", "NUG", "MM", "armed_group"),
        ("The ELN kidnapped two engineers.", "ELN", "CO", "armed_group"),
        ("FARC dissidents attacked a police station.", "FARC dissidents", "CO", "armed_group"),
        ("Wagner mercenaries were seen at the base.", "Wagner mercenaries", "RU", "armed_group"),
        ("The Africa Corps replaced them.", "Africa Corps", "RU", "military"),
        ("Ambazonian separatists burned a school.", "Ambazonian separatists", "CM", "armed_group"),
        ("ISKP claimed the bombing.", "ISKP", "AF", "armed_group"),
        ("The TTP denied involvement.", "TTP", "PK", "armed_group"),
        ("The BLA claimed the attack on the train.", "BLA", "PK", "armed_group"),
        ("Baloch separatists blew up a pipeline.", "Baloch separatists", "PK", "armed_group"),
        ("The Sinaloa Cartel fought a rival faction.", "Sinaloa Cartel", "MX", "armed_group"),
        ("The Lord's Resistance Army raided a village.", "Lord's Resistance Army", "UG", "armed_group"),
    ],
)
def test_curated_and_listed_groups_have_their_country_and_role(sentence, span, country, role):
    assert (span, country, role) in organisations(sentence)


def test_validity_dates_where_a_status_changed():
    before, after = date(2020, 5, 1), date(2022, 5, 1)
    assert organisations("The Taliban took the district.", before) == [("Taliban", "AF", "armed_group")]
    assert organisations("The Taliban took the district.", after) == [("Taliban", "AF", "military")]
    assert organisations("HTS fighters entered Aleppo.", date(2024, 11, 30)) == [("HTS", "SY", "armed_group")]
    assert organisations("HTS fighters entered Aleppo.", date(2025, 3, 1)) == [("HTS", "SY", "military")]
    assert organisations("The RSF deployed in Khartoum.", date(2022, 1, 10)) == [("RSF", "SD", "military")]
    assert organisations("The RSF deployed in Khartoum.", date(2023, 5, 10)) == [("RSF", "SD", "armed_group")]
    assert organisations("The FARC ambushed a patrol.", date(2010, 1, 1)) == [("FARC", "CO", "armed_group")]
    assert organisations("The FARC ambushed a patrol.", date(2024, 1, 1)) == []  # a party since 2017


def test_syrian_state_forces_change_name_on_8_december_2024():
    [old] = [a for a in find_actors("Syrian troops advanced.", date(2024, 1, 1)) if a.kind == "state"]
    [new] = [a for a in find_actors("Syrian troops advanced.", date(2025, 1, 1)) if a.kind == "state"]
    assert (old.country, old.role) == (new.country, new.role) == ("SY", "military")
    assert old.name == "Military Forces of Syria (2000-2024)"
    assert new.name == "Military Forces of Syria (2024-)"


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        ("the Malian army", "ML"),
        ("Nigerian troops", "NG"),
        ("Congolese soldiers", "CD"),
        ("the FARDC", "CD"),
        ("the IDF", "IL"),
        ("the Tatmadaw", "MM"),
        ("the SANDF", "ZA"),
        ("the Malian Armed Forces", "ML"),
        ("the Nigerian Army", "NG"),
        ("Burkinabe soldiers", "BF"),
        ("Basotho soldiers", "LS"),
        ("the ENDF", "ET"),
        ("the UPDF", "UG"),
        ("Kenyan police", "KE"),
        ("Colombia's army", "CO"),
        ("the PLA", "CN"),
        ("Mali's junta", "ML"),
        ("South Sudan's army", "SS"),
        ("the ISI", "PK"),
        ("Sudan's army", "SD"),
    ],
)
def test_state_forces_of_many_countries(phrase, country):
    assert resolve(phrase, AFTER) == (country, "military")


@pytest.mark.parametrize(
    "sentence",
    [
        "WHAT IS LEFT OF THE TOWN AFTER THE FLOODS",
        "He sent the PDF of the budget to the committee.",
        "The CPI rose by two percent in March.",
        "The union and the council met to discuss the harvest.",
        "Young people, the shabab of the quarter, gathered in the square.",
        "Ngok Dinka herders moved their cattle south.",
        "Militants, rebels, insurgents, terrorists and jihadists were blamed.",
        "The Republic of Armenia signed the treaty.",
        "The 16th Division of the army paraded.",
        "The Muslim Brotherhood won seats in parliament.",
    ],
)
def test_no_named_actor_in_ordinary_sentences(sentence):
    assert organisations(sentence) == []
    assert all(a.country is None for a in find_actors(sentence, AFTER) if a.kind == "generic")


def test_generic_words_are_not_named_actors():
    found = find_actors("The insurgents and the jihadists attacked; rebels and terrorists fled.", AFTER)
    assert {a.kind for a in found} == {"generic"}
    assert resolve("the insurgents", AFTER) == (None, "unknown")


def test_a_listed_group_of_another_country_does_not_take_a_curated_name():
    # UCDP lists "Hamas" under Israel (the conflict's state); the curated record (PS) wins
    found = organisations("Islamic Resistance Movement fighters")
    assert found == [("Islamic Resistance Movement", "PS", "armed_group")]
    # and a UCDP group of the same country lends the curated one its other names
    found = organisations("KADEK and KONGRA-GEL")
    assert found == [("KADEK", "TR", "armed_group"), ("KONGRA-GEL", "TR", "armed_group")]


def test_theatres_list_every_country_a_group_fights_in():
    assert theatres("Al Shabaab")[0] == "SO" and "KE" in theatres("Al Shabaab")
    assert theatres("JNIM")[0] == "ML" and "BF" in theatres("JNIM")
    assert theatres("Hamas")[0] == "PS"
    assert theatres("no such group") == ()


def test_a_name_broken_over_a_line_is_read():
    text = "The Islamic\nState Sahel Province and the Arakan  Army clashed."
    assert organisations(text) == [("Islamic\nState Sahel Province", "ML", "armed_group"),
                                   ("Arakan  Army", "MM", "armed_group")]


def test_a_name_run_into_the_next_line_does_not_break_the_reading():
    """A paragraph cut off after a name, the next beginning with a speaker's name: the two names run
    together over the line break, as a learned name and its later mention may."""
    from sitrep.extract.actors import find_actors

    text = ("Two bombers struck the market, said staff sergeant Paul Biya\n"
            "Zabihullah Mujahid, spokesperson for the Islamic Emirate of Afghanistan, condemned the attack. "
            "Paul Biya Zabihullah Mujahid was quoted again later.")
    people = [a for a in find_actors(text, None) if a.kind == "person"]
    assert all(a.country == "AF" for a in people)


def test_afghanistans_local_police_by_their_pashto_name_are_state_forces_before_the_takeover():
    mentions = [a for a in find_actors('Two "Arbaki" were killed at a post.', BEFORE) if a.kind != "generic"]
    assert [(a.name, a.country, a.role) for a in mentions] == [("Afghan National Security Forces", "AF", "military")]
    assert [a.country for a in find_actors("Two Arbakis were killed.", AFTER) if a.kind != "generic"] == []


def test_a_name_joined_to_the_word_before_is_another_name():
    assert [a.name for a in find_actors("spokesman Al-Fateh Qurashi said", AFTER) if a.kind != "generic"] == []
