"""Event types from hand-written sentences and reports, and the integrity of the event lexicon."""

import json
import re
from datetime import date
from importlib import resources

import pytest

from sitrep.events import read_events
from sitrep.eventtypes import EventType, classify_event, compile_cue, event_lexicon, main_event_type
from sitrep.ingest import from_text
from sitrep.pipeline import annotate
from sitrep.settings import Settings

ACLED_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}

SENTENCES = [
    ("Government troops clashed with rebels near the town on Tuesday.", "Armed clash"),
    ("Fighters attacked an army checkpoint outside the city overnight.", "Armed clash"),
    ("Three soldiers were killed by insurgents in the northern district.", "Armed clash"),
    (
        "The army said it retook the village from the militants after two days of fighting.",
        "Government regains territory",
    ),
    (
        "Rebel fighters seized control of the district headquarters town on Friday.",
        "Non-state actor overtakes territory",
    ),
    ("Witnesses said a chemical attack with chlorine gas hit the suburb.", "Chemical weapon"),
    (
        "An Israeli airstrike hit a building in the south of the city, killing four people.",
        "Air/drone strike",
    ),
    ("A drone strike destroyed a car carrying two commanders.", "Air/drone strike"),
    ("A suicide bomber blew himself up at the entrance of a mosque, killing 12 worshippers.", "Suicide bomb"),
    (
        "Russian forces shelled the town overnight, wounding five residents.",
        "Shelling/artillery/missile attack",
    ),
    (
        "A ballistic missile struck a residential block in the city centre.",
        "Shelling/artillery/missile attack",
    ),
    ("A roadside bomb struck a police vehicle, killing two officers.", "Remote explosive/landmine/IED"),
    ("A landmine exploded under a tractor, killing a farmer.", "Remote explosive/landmine/IED"),
    ("Militants threw a hand grenade at a police station; two officers were hurt.", "Grenade"),
    ("Soldiers raped two women in the village, a rights group said.", "Sexual violence"),
    ("Gunmen shot dead three villagers on their farm.", "Attack"),
    ("Militants killed a tribal elder for refusing to pay them.", "Attack"),
    ("Armed men abducted 20 passengers from a bus on the highway.", "Abduction/forced disappearance"),
    ("Thousands of people protested in the capital against rising fuel prices.", "Peaceful protest"),
    (
        "Police fired tear gas to disperse hundreds of demonstrators outside parliament.",
        "Protest with intervention",
    ),
    ("Security forces opened fire on protesters, killing six of them.", "Excessive force against protesters"),
    ("Rioters torched shops and threw stones at police during the demonstration.", "Violent demonstration"),
    ("A mob lynched a man accused of theft in the market.", "Mob violence"),
    ("The two sides signed a ceasefire agreement in the capital.", "Agreement"),
    ("Police arrested 14 suspects in a raid on the outskirts of the city.", "Arrests"),
    ("Hundreds of fighters were seen mobilizing near the border town.", "Change to group/activity"),
    ("Security forces defused an explosive device planted near the school.", "Disrupted weapons use"),
    ("Air defences shot down nine drones over the region overnight.", "Disrupted weapons use"),
    (
        "The militia established a new base in the hills above the village.",
        "Headquarters or base established",
    ),
    ("Fighters looted shops and burned down the market.", "Looting/property destruction"),
    ("Non-violent activity: On 2 May, a militia took over the running of the local water office.", "Other"),
    (
        "The militants took control of the town after government troops withdrew without a fight.",
        "Non-violent transfer of territory",
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_sentence_type(sentence, expected):
    found = classify_event(sentence)
    assert found.sub_event_type == expected, found
    assert found.event_type in ACLED_TYPES and found.sub_event_type in ACLED_TYPES[found.event_type]
    assert (
        found.evidence is not None
        and sentence[found.evidence.start : found.evidence.end] == found.evidence.text
    )


def test_every_supported_sub_type_has_a_sentence():
    covered = {expected for _, expected in SENTENCES}
    assert covered == set().union(*ACLED_TYPES.values())


def test_text_without_a_cue_has_no_evidence():
    found = classify_event("The foreign minister travelled to Geneva on Monday for a conference on trade.")
    assert found.evidence is None


def test_who_is_hit_decides_between_battle_and_attack_on_civilians():
    assert (
        classify_event("Gunmen attacked a wedding party, killing five guests and a child.").sub_event_type
        == "Attack"
    )
    assert (
        classify_event("Gunmen attacked a military post, killing five soldiers.").sub_event_type
        == "Armed clash"
    )
    assert (
        classify_event("Militants shot and killed an off-duty soldier at a market.").sub_event_type
        == "Attack"
    )


def test_who_acts_decides_territory_and_arrests():
    assert (
        classify_event("Government forces took control of the town.").sub_event_type
        == "Government regains territory"
    )
    assert (
        classify_event("Insurgents took control of the town.").sub_event_type
        == "Non-state actor overtakes territory"
    )
    assert classify_event("The militants arrested four men they accused of spying.").sub_event_type == (
        "Abduction/forced disappearance"
    )


def test_captured_posts_are_not_territory():
    found = classify_event("Afghan forces said they seized control of 25 border posts during the clashes.")
    assert found.sub_event_type == "Armed clash"


def test_background_clause_gives_way_to_what_happened():
    found = classify_event(
        "In response to airstrikes in the province, the militants launched attacks on army posts."
    )
    assert found.sub_event_type == "Armed clash"
    found = classify_event(
        "Militants clashed with soldiers at a checkpoint, after they threw a hand grenade."
    )
    assert found.sub_event_type == "Armed clash"
    found = classify_event("Two people were killed after a bomb exploded in the market.")
    assert found.sub_event_type == "Remote explosive/landmine/IED"


def test_the_crime_someone_is_arrested_for_is_not_the_event():
    found = classify_event("Police arrested a man accused of raping a girl in the city.")
    assert found.sub_event_type == "Arrests"


def test_agentless_deaths_are_weak():
    assert classify_event("At least 40 people were killed.").weak
    assert not classify_event("Forty people were killed by the strike on the market.").weak


def test_report_type_follows_how_the_fighting_ended():
    sentences = [
        "Troops clashed with militants in the village.",
        "The security forces took control of the village.",
        "Casualties are unknown.",
    ]
    index, found = main_event_type([classify_event(s) for s in sentences])
    assert index == 0 and found.sub_event_type == "Government regains territory"
    sentences = ["Residents protested against the eviction.", "Police opened fire on the protesters."]
    assert main_event_type([classify_event(s) for s in sentences])[1].sub_event_type == (
        "Excessive force against protesters"
    )


def test_arrests_after_a_protest_make_it_a_protest_with_intervention():
    sentences = ["Hundreds of traders protested against new taxes.", "Police arrested 12 of them."]
    assert (
        main_event_type([classify_event(s) for s in sentences])[1].sub_event_type
        == "Protest with intervention"
    )


def test_air_support_of_ground_fighting_is_a_battle():
    found = classify_event(
        "Commandos killed 17 militants in operations backed by airstrikes in the district."
    )
    assert found.sub_event_type == "Armed clash"


def test_bodies_found_and_torture_are_violence_against_civilians():
    sentences = ["The bodies of three men were found on a roadside.", "They showed signs of torture."]
    assert main_event_type([classify_event(s) for s in sentences])[1].sub_event_type == "Attack"


def test_a_passive_arrest_is_typed_by_its_agent():
    assert classify_event("Three men were arrested by the police.").sub_event_type == "Arrests"
    assert (
        classify_event("Three men were arrested by militants.").sub_event_type
        == "Abduction/forced disappearance"
    )


def test_a_report_with_only_weak_cues_still_has_a_type():
    index, found = main_event_type(
        [classify_event("Officials met on Monday."), classify_event("Ten people died.")]
    )
    assert index == 1 and found.weak


def test_figures_of_another_kind_of_event_become_their_own_event():
    text = (
        "Militants attacked army posts near the border on Friday in retaliation for earlier strikes.\n"
        "On December 2, airstrikes by the air force on a village in the province killed at least 30 people.\n"
    )
    doc = from_text("Border attacks\n" + text, "t.txt", date(2024, 12, 28))
    settings = Settings.load(db=":memory:")
    from sitrep.claims import extract_claims

    annotations = annotate(doc, settings)
    events = read_events(doc, annotations, extract_claims(doc, annotations), settings)
    assert events[0].sub_event_type == "Armed clash"
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert strikes and any(c.low == 30 for c in strikes[0].claims)


# the data file itself


def _data():
    return json.loads(resources.files("sitrep.data").joinpath("event_types.json").read_text("utf-8"))


def test_taxonomy_is_acleds_spelling():
    data = _data()
    assert {k: set(v) for k, v in data["taxonomy"].items()} == ACLED_TYPES
    assert isinstance(data["version"], int)


def test_every_rule_names_acled_sub_types_and_well_formed_cues():
    data = _data()
    known = set().union(*ACLED_TYPES.values())
    for rule in data["rules"]:
        outcomes = {rule["sub_event_type"], *rule.get("target", {}).values(), *rule.get("actor", {}).values()}
        assert outcomes <= known, rule["sub_event_type"]
        assert set(rule.get("target", {})) <= {"armed", "none"} and set(rule.get("actor", {})) <= {
            "state",
            "nonstate",
        }
        assert isinstance(rule["priority"], int) and rule["cues"]
        for cue in rule["cues"] + rule.get("unless_followed_by", []):
            assert cue == cue.lower(), cue
            re.compile(compile_cue(cue))


def test_word_lists_are_well_formed():
    data = _data()
    lists = [
        data["background"]["leading"],
        data["background"]["anywhere"],
        data["background"]["trailing"],
        *(v for k, v in data["targets"].items() if k != "note"),
        *(v for k, v in data["actors"].items() if k != "note"),
    ]
    for words in lists:
        assert len(words) == len(set(words))
        for cue in words:
            re.compile(compile_cue(cue))
    known = set().union(*ACLED_TYPES.values())
    for main, turns in data["escalations"]["from"].items():
        assert main in known and set(turns) <= known and set(turns.values()) <= known, main
    assert event_lexicon().version == data["version"]


@pytest.mark.parametrize(
    "cue",
    ["", " attack", "attack  on", "~3 attack", "attack ~3", "Attack", "attack ~x on", "attack|", "a ~3 ~3 b"],
)
def test_malformed_cues_are_refused(cue):
    with pytest.raises(ValueError):
        compile_cue(cue)


def test_cue_syntax():
    pattern = re.compile(compile_cue("air-strike*"), re.IGNORECASE)
    assert all(pattern.search(t) for t in ["an airstrike", "air strikes", "Air-strikes"])
    gap = re.compile(compile_cue("threw ~3 grenade*"), re.IGNORECASE)
    assert gap.search("threw a hand grenade") and not gap.search("threw stones at the police. A grenade")
    phrase = re.compile(compile_cue("set fire|torched ~2 house*"), re.IGNORECASE)
    assert phrase.search("set fire to houses") and phrase.search("torched the house")
    assert EventType("Battles", "Armed clash").evidence is None
