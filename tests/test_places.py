"""Places: recognition, disambiguation by context, curated border features and the event's place.

The sentences are written for these tests (several conflicts); each assertion is about what the text
itself says, never about a dev-set item.
"""

from __future__ import annotations

import random
import re

import pytest

from sitrep.extract.gazetteer import haversine_km, load_gazetteer, name_key
from sitrep.extract.places import _written_lower, find_places, locate_event
from sitrep.records import PlaceMention


def places(text: str, countries: tuple[str, ...] = ()) -> dict[str, PlaceMention]:
    found = find_places(text, countries)
    for p in found:
        assert text[p.span.start:p.span.end] == p.span.text
    return {p.span.text: p for p in found}


def test_ukraine_cities_and_demonym() -> None:
    text = "Russian forces shelled Kharkiv and Zaporizhzhia overnight; drones also hit Odesa."
    found = places(text, ("RU", "UA"))
    assert found["Kharkiv"].country == "UA" and found["Kharkiv"].feature == "populated_place"
    assert found["Odesa"].country == "UA"
    assert found["Russian"].country == "RU" and found["Russian"].feature == "country"


def test_sudan_town_and_state() -> None:
    text = ("The Rapid Support Forces attacked El Fasher, the capital of North Darfur state, "
            "and shelled Omdurman.")
    found = places(text, ("SD",))
    assert found["El Fasher"].country == "SD"
    assert found["North Darfur"].feature == "admin1"
    assert found["Omdurman"].country == "SD"
    event, precision = locate_event(text, list(found.values()))
    assert event is not None and event.span.text == "El Fasher" and precision == 1


def test_gaza_towns_and_the_strip() -> None:
    found = places("Israeli strikes hit Khan Younis and Rafah in the southern Gaza Strip.", ("IL", "PS"))
    assert found["Khan Younis"].country == "PS"
    assert found["Rafah"].country == "PS"  # not Rafah on the Egyptian side: the article is about Gaza
    assert found["Gaza Strip"].lat is not None


def test_myanmar_town_in_a_state() -> None:
    text = "The Arakan Army said it had captured Paletwa in Chin State after weeks of fighting."
    found = places(text, ("MM",))
    assert found["Paletwa"].country == "MM" and found["Paletwa"].admin1 == "Chin"
    event, precision = locate_event(text, list(found.values()))
    assert event is not None and event.span.text == "Paletwa" and precision == 1


BORDER = ["Torkham", "Angoor Adda", "Ghulam Khan", "Chaman", "Wesh", "Spin Boldak", "Kurram", "Bajaur"]


@pytest.mark.parametrize("name", BORDER)
def test_curated_border_features(name: str) -> None:
    text = (f"Pakistani and Afghan forces exchanged heavy fire at {name} on Sunday, officials on both "
            "sides of the border said.")
    found = places(text, ("PK", "AF"))
    assert name in found, f"{name} not recognised"
    assert found[name].country in ("PK", "AF")
    assert 29.0 < found[name].lat < 36.0 and 65.0 < found[name].lon < 72.5


def test_durand_line_is_a_region_of_no_single_country() -> None:
    found = places("Clashes erupted along the Durand Line overnight.", ("PK", "AF"))
    assert found["Durand Line"].country is None
    event, precision = locate_event("Clashes erupted along the Durand Line overnight.", list(found.values()))
    assert event is not None and precision == 3


def test_district_disambiguated_by_the_province_after_it() -> None:
    # Sarobi is a district of Kabul and one of Paktika; the text says which.
    text = "Taliban fighters attacked a checkpoint in Sarobi district, Paktika, killing two soldiers."
    found = places(text, ("AF",))
    assert found["Sarobi"].admin1 == "Paktika"
    event, precision = locate_event(text, list(found.values()))
    assert event is not None and event.name == "Sarobi" and event.admin1 == "Paktika"
    assert precision == 2  # a district: the event is somewhere in it


def test_same_name_other_country_resolved_by_the_state_named() -> None:
    london = places("Police in London, Ontario, said the crash closed the highway.")["London"]
    paris = places("A storm hit Paris, Texas, on Monday.")["Paris"]
    assert (london.country, london.admin1) == ("CA", "Ontario")
    assert (paris.country, paris.admin1) == ("US", "Texas")
    assert places("Fighting resumed near Paris, officials in France said.")["Paris"].country == "FR"


@pytest.mark.parametrize("spelling", ["Khost", "Khowst"])
def test_province_spellings(spelling: str) -> None:
    found = places(f"Fighting was reported in {spelling} province on Friday.", ("AF",))
    assert found[spelling].feature == "admin1" and found[spelling].country == "AF"


@pytest.mark.parametrize("spelling", ["Kunar", "Konar", "Paktika", "Paktīkā", "Wardak", "Uruzgan"])
def test_variant_names_of_afghan_provinces(spelling: str) -> None:
    found = places(f"Clashes continued in {spelling} province.", ("AF",))
    assert found[spelling].feature == "admin1" and found[spelling].country == "AF"


def test_somali_town_near_and_region_qualifier() -> None:
    text = ("On 3 March, Al Shabaab clashed with Jubaland forces in a small village near Jalalaqsi town "
            "(Jalalaqsi, Hiraan). Several militants were killed.")
    found = find_places(text, ("SO",))
    event, precision = locate_event(text, found)
    assert event is not None and event.name == "Jalalaqsi" and event.country == "SO"
    assert event.admin1 == "Hiiraan"  # the gazetteer's own admin1 name, as incidents report it
    assert precision == 2


def test_somali_region_spelling_picks_the_local_town() -> None:
    text = "Airstrikes hit a training camp near Adan Yabaal town (Middle Shabelle)."
    event, precision = locate_event(text, find_places(text, ("SO",)))
    assert event is not None and event.name == "Adan Yabaal" and event.country == "SO"
    assert precision == 2


def test_province_only_event_is_located_at_its_seat() -> None:
    text = "Heavy fighting continued in Paktika province, local officials said."
    event, precision = locate_event(text, find_places(text, ("AF",)))
    assert event is not None and precision == 3
    unit = load_gazetteer().admin1("AF", "Paktika")
    assert unit is not None and event.admin1 == "Paktika"
    assert haversine_km(event.lat, event.lon, unit.lat, unit.lon) < 150


def test_small_foreign_homonym_is_not_the_event_place() -> None:
    # "Gorgor" is a Peruvian village, and here the name of a Somali army unit.
    text = ("Government security forces (Gorgor) clashed with Al Shabaab near Jowhar "
            "(Jowhar, Middle Shabelle).")
    found = find_places(text, ("SO",))
    assert all(p.country == "SO" for p in found)
    event, _ = locate_event(text, found)
    assert event is not None and event.name == "Jawhar"


def test_people_titles_and_sentence_words_are_not_places() -> None:
    text = ("President Ahmed met General Hassan in the capital. However, officials said the talks failed. "
            "March was the deadliest month.")
    assert find_places(text) == []


def test_a_word_written_lower_is_found_as_a_whole_word_only() -> None:
    """The check behind dropping "Security" at a sentence's start, against the regular expression
    `\\bword\\b` it stands for, over random texts of letters (some changing length when lowered),
    digits, "_", spaces and apostrophes."""
    rng = random.Random(5)
    for _ in range(20_000):
        text = "".join(rng.choice("aAbé_1 .-'’İẞ") for _ in range(rng.randrange(12)))
        word = "".join(rng.choice("aAbéİ") for _ in range(rng.randrange(1, 3)))
        expected = re.search(rf"\b{re.escape(word.lower())}\b", text) is not None
        assert _written_lower(text, word) is expected, (text, word)
    assert _written_lower("The security forces. Security", "Security")
    assert not _written_lower("Insecurity grew. Security", "Security")


def test_no_place_gives_no_event() -> None:
    assert locate_event("Nothing here.", []) == (None, None)


def test_curated_rows_are_in_the_packaged_gazetteer() -> None:
    """Every curated place and alias resolves in the shipped gazetteer (rebuild it after editing the data)."""
    from importlib import resources

    data = resources.files("sitrep.data")
    gazetteer = load_gazetteer()
    for line in data.joinpath("places_curated.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, feature, cc, _admin1, lat, lon, *_ = [c.strip() for c in line.split("\t")]
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, name
        known = gazetteer.lookup(name)
        assert any(e.name == name and e.feature == feature and e.cc == cc for e in known), name
    for line in data.joinpath("places_aliases.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, _target, cc, *_ = [c.strip() for c in line.split("\t")]
        assert gazetteer.lookup(alias, country=cc), f"alias {alias!r} ({cc}) not in the gazetteer"


def test_admin1_points_apply_to_known_units() -> None:
    from importlib import resources

    gazetteer = load_gazetteer()
    text = resources.files("sitrep.data").joinpath("places_admin1_points.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cc, name, lat, lon = [c.strip() for c in line.split("\t")]
        unit = gazetteer.admin1(cc, name)
        assert unit is not None, name
        assert (round(unit.lat, 2), round(unit.lon, 2)) == (round(float(lat), 2), round(float(lon), 2)), name


def test_offsets_index_the_text_with_unicode_before() -> None:
    text = "«Ça suffit», dit-il. Des frappes ont touché Kharkiv."
    found = places(text, ("UA",))
    assert name_key(found["Kharkiv"].name) == name_key("Kharkiv")


def test_hyphenated_pairs_and_hyphened_names() -> None:
    found = places("Clashes on the Pakistan-Afghanistan border reached al-Bab and Mazar-i-Sharif.")
    assert found["Pakistan"].country == "PK" and found["Afghanistan"].country == "AF"
    assert found["al-Bab"].country == "SY"
    assert found["Mazar-i-Sharif"].country == "AF"


def test_abbreviations_keep_their_case() -> None:
    found = places("The U.S.-backed forces and the UK condemned it; us and uk in lower case are words.")
    assert found["U.S."].country == "US" and found["UK"].country == "GB"
    assert "us" not in found and "uk" not in found


def test_near_a_town_is_precision_two_and_in_it_precision_one() -> None:
    near = "Russian troops attacked positions near Pokrovsk on Monday, Ukraine's military said."
    inside = "Russian troops attacked positions in Pokrovsk on Monday, Ukraine's military said."
    for text, want in ((near, 2), (inside, 1)):
        event, precision = locate_event(text, find_places(text, ("RU", "UA")))
        assert event is not None and event.country == "UA" and precision == want


def test_dateline_place_is_recognised_but_not_taken_for_the_event() -> None:
    text = "KABUL — Taliban fighters attacked a checkpoint in Ghazni province on Sunday, officials said."
    found = places(text, ("AF",))
    assert found["KABUL"].name == "Kabul"
    event, precision = locate_event(text, list(found.values()))
    assert event is not None and event.admin1 == "Ghazni" and precision == 3
    text = "Kabul, Afghanistan (AP) — Fighting resumed in Sangin on Sunday."
    event, precision = locate_event(text, find_places(text, ("AF",)))
    assert event is not None and event.name == "Sangin" and precision == 1
