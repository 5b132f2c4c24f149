"""Sides: each rule of `sitrep.extract.sides` on reports written for the test, with the rule it records."""

from datetime import date

from sitrep.extract.claims import extract_claims
from sitrep.extract.sides import RULES
from sitrep.run.pipeline import annotate
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text

SETTINGS = Settings.load(db=":memory:")


def claims_of(text, published=date(2025, 6, 1)):
    doc = from_text("Headline\n" + text, "t.txt", published)
    return [c for c in extract_claims(doc, annotate(doc, SETTINGS)) if not c.unspecified]


def side(text, low):
    found = [c for c in claims_of(text) if c.low == low]
    assert len(found) == 1, found
    return found[0].subject_country, found[0].side_by


def test_every_recorded_rule_is_a_known_rule():
    text = ("Kenyan troops killed 12 militants near Kismayo on Monday, the army said. "
            "Four soldiers were killed and seven others wounded, a spokesman said.")
    for c in claims_of(text):
        assert c.side_by is None or c.side_by in RULES


def test_the_subjects_own_words():
    assert side("The ministry said 14 Nigerian soldiers were killed in the ambush.", 14) == ("NG", "words")


def test_anaphora_carries_the_side_of_the_figure_just_counted():
    text = "The Malian army said six Malian soldiers were killed and nine others wounded near Gao."
    assert side(text, 9) == ("ML", "anaphora")


def test_a_state_reporting_its_losses_with_no_agent_admits_its_own():
    assert side("Colombia's defence ministry said 7 soldiers had been killed overnight.", 7) == ("CO", "speaker_own")


def test_the_place_where_it_happened_decides_for_people():
    text = "A strike on a market in Kharkiv killed 17 people on Tuesday, officials said."
    assert side(text, 17) == ("UA", "place")


def test_the_reports_country_decides_when_the_sentence_names_no_place():
    text = ("Fighting raged around Bunia and Beni for a third day. "
            "At least 31 people were killed on Thursday, a hospital director said.")
    assert side(text, 31) == ("CD", "report")


def test_an_agents_count_of_what_it_did_is_the_other_sides():
    text = "Thai forces said they killed 12 soldiers in the clash along the Cambodian border."
    country, by = side(text, 12)
    assert (country, by) == ("KH", "agent_target")


def test_no_rule_applies_so_the_side_stays_unknown():
    text = "Eleven people were killed, the witness said."
    assert side(text, 11) == (None, None)


def test_an_armed_groups_count_of_what_it_did_is_the_state_it_fights():
    text = ("The Kachin Independence Army said it overran an outpost in Kachin state, Myanmar, and "
            "killed 40 soldiers, the group said in a statement.")
    found = [c for c in claims_of(text) if c.low == 40]
    assert [(c.subject_country, c.claimant_country) for c in found] == [("MM", "MM")]


def test_a_sponsor_named_before_a_group_is_not_the_claimant():
    text = ("Israeli strikes hit the port of Hodeidah in Yemen on Monday. Three people were killed, "
            "the Iran-backed rebels said.")
    found = [c for c in claims_of(text) if c.low == 3]
    assert [c.claimant_country for c in found] == ["YE"]


def test_an_independent_voice_has_no_country_even_with_an_official_title():
    text = "Fighting went on in Goma, Congo. A UN spokesperson said 70 people were killed in the city."
    found = [c for c in claims_of(text) if c.low == 70]
    assert [(c.subject_country, c.claimant_country) for c in found] == [("CD", None)]


def test_a_speaker_based_elsewhere_is_not_the_scene():
    text = ("Clashes went on in Idlib province, Syria. The London-based monitor said 23 fighters were killed "
            "in the town.")
    found = [c for c in claims_of(text) if c.low == 23]
    assert [c.subject_country for c in found] == ["SY"]


def test_he_said_keeps_the_country_of_the_official_named_before():
    text = ("Heavy fighting was reported in Cabo Delgado, Mozambique. Army spokesman Colonel Jaime Neto said "
            "12 insurgents were killed on Monday. Four soldiers were wounded, he said.")
    found = [c for c in claims_of(text) if c.low == 4]
    assert [c.claimant_country for c in found] == ["MZ"]


def test_a_country_named_as_a_party_is_not_where_it_happened():
    text = ("Since the war began, 1,200 people have been killed in Israel's bombardment of the enclave, "
            "the health ministry in Gaza said.")
    found = [c for c in claims_of(text) if c.low == 1200]
    assert [c.subject_country for c in found] == ["PS"]


def test_the_reports_country_counts_its_states_and_peoples_when_no_town_is_named():
    text = ("Burkina Faso's army denied the accusations. A rights group in the United States said soldiers "
            "killed 60 people. Burkinabe officials called the report biased.")
    found = [c for c in claims_of(text) if c.low == 60]
    assert [(c.subject_country, c.side_by) for c in found] == [("BF", "report")]


def test_a_states_unnamed_enemy_is_the_group_fighting_in_its_country():
    text = ("Rwandan forces have killed at least 14 insurgents in Cabo Delgado province, Mozambique, "
            "an army spokesman said.")
    found = [c for c in claims_of(text) if c.low == 14]
    assert [(c.subject_country, c.subject_role) for c in found] == [("MZ", "armed_group")]


def test_members_named_after_the_count():
    text = "Congolese troops killed at least 11 rebels of the M23 group near Goma, a commander said."
    found = [c for c in claims_of(text) if c.low == 11]
    assert [(c.subject_country, c.side_by) for c in found] == [("CD", "actor")]


def test_an_apposition_names_the_peoples_side():
    text = "At least 23 people, all of them Syrian, were killed in a strike on Baalbek in Lebanon, the mayor said."
    found = [c for c in claims_of(text) if c.low == 23]
    assert [(c.subject_country, c.side_by) for c in found] == [("SY", "words")]


def test_a_military_spokesman_speaks_for_the_forces_his_sentence_names():
    text = ("Kenyan forces have killed at least 14 militants in Gedo region, Somalia, army spokesman "
            "Colonel Paul Njuguna said. Five were killed on Monday, he said.")
    found = {c.low: c for c in claims_of(text)}
    assert found[14].claimant_country == "KE"
    assert (found[5].subject_country, found[5].side_by) == ("SO", "anaphora")


def test_medics_are_no_side_whatever_their_nationality():
    text = "An Israeli strike killed at least 10 people in Gaza City, Palestinian medics said."
    assert [c.claimant_country for c in claims_of(text) if c.low == 10] == [None]


def test_dead_of_clashes_between_two_states_are_of_neither_side_told():
    text = ("Dozens of lives were lost in clashes between Armenia and Azerbaijan near the town of Jermuk, "
            "officials said.")
    found = [c for c in claims_of(text) if c.kind == "killed"]
    assert [(c.subject_country, c.side_by) for c in found] == [(None, None)]
