"""Claims from hand-written reports: figures, sides, claimants and hedges."""

from datetime import date

import pytest

from sitrep.extract.claims import extract_claims
from sitrep.run.pipeline import annotate
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text

SETTINGS = Settings.load(db=":memory:")


def claims_of(text, published=date(2025, 6, 1)):
    doc = from_text("Headline\n" + text, "t.txt", published)
    return extract_claims(doc, annotate(doc, SETTINGS))


def only(text, **expected):
    found = [c for c in claims_of(text) if not c.unspecified]
    assert len(found) == 1, found
    for key, value in expected.items():
        assert getattr(found[0], key) == value, (key, getattr(found[0], key), value)
    return found[0]


def test_admission_counts_the_claimants_own_side():
    only("The Indian army said that 12 soldiers had been killed.", kind="killed", low=12, high=12,
         subject_country="IN", claimant_country="IN", subject_role="military")


def test_agent_claim_counts_the_adversarys_losses():
    only("Sudan's army said it killed 40 fighters near the city, a claim the RSF denied.",
         subject_country="SD", claimant_country="SD")


def test_nationality_in_the_subject_wins():
    only("Ukraine's military said Russian forces lost 300 soldiers killed overnight.".replace(
        "lost 300 soldiers killed", "had 300 soldiers killed"), subject_country="RU", claimant_country="UA")


def test_according_to_and_open_bounds():
    c = only("According to Armenia's defence ministry, at least 49 Armenian servicemen were killed.",
             low=49, high=None, subject_country="AM", claimant_country="AM")
    assert c.evidence.text.startswith("Armenia") or c.evidence.text.startswith("According")


def test_more_than_is_exclusive_and_over_too():
    only("Thai officials said more than 20 Cambodian soldiers were killed.", low=21, high=None,
         subject_country="KH", claimant_country="TH")


def test_two_claimants_in_one_sentence():
    found = claims_of("Israel said it had killed 30 Hezbollah fighters, while Hezbollah said that 5 Israeli "
                      "soldiers were killed.")
    assert [(c.low, c.claimant_country, c.subject_country) for c in found] == [(30, "IL", "LB"), (5, "LB", "IL")]


def test_hedge_in_the_same_sentence_covers_both_figures():
    found = claims_of("Pakistan claimed it killed 50 militants, while India said 8 of its soldiers died, "
                      "with neither side's figures independently verified.")
    assert [c.unverified for c in found] == [True, True]


def test_hedge_in_the_next_sentence_looks_back():
    found = claims_of("Rebel sources claimed 14 soldiers were killed. These figures could not be verified. "
                      "Separately, 3 civilians were injured.")
    assert [(c.kind, c.unverified) for c in found] == [("killed", True), ("injured", False)]


def test_document_wide_hedge_on_casualty_figures_only():
    found = claims_of("The army said 7 soldiers were killed and that it captured 4 villages. "
                      "Independent verification of all casualty figures remains elusive.")
    assert {c.kind: c.unverified for c in found} == {"killed": True, "positions_captured": False}


def test_coordinated_figures_and_number_words():
    found = claims_of("The strike killed nine soldiers and three civilians, officials said.")
    assert [(c.low, c.subject_role) for c in found] == [(9, "military"), (3, "civilian")]
    assert all(c.claimant == "officials" for c in found)


def test_a_subset_is_its_own_claim_marked_as_part_of_the_total():
    found = claims_of("At least 12 villagers, including 4 children, were killed.")
    assert [(c.low, c.high, c.part) for c in found] == [(12, None, False), (4, 4, True)]


def test_parts_never_add_to_their_total():
    from sitrep.reconcile.incidents import fatalities, reconcile_figures

    found = claims_of("The ministry said 19 people had been killed in the town, including 13 civilians and six "
                      "soldiers.")
    assert sorted((c.low, c.part) for c in found) == [(6, True), (13, True), (19, False)]
    assert fatalities(reconcile_figures(found))[1] == 19


def test_capture_and_downing():
    found = claims_of("Azerbaijan's defence ministry said its forces captured 7 villages and shot down 2 "
                      "Armenian drones.")
    assert [(c.kind, c.low, c.subject_country) for c in found] == [
        ("positions_captured", 7, "AM"), ("aircraft_downed", 2, "AM")]


def test_measures_years_and_ages_are_not_claims():
    assert claims_of("The 2,640-kilometre border was drawn in 1893; a 22-year-old man spoke for 45 minutes.") == []


@pytest.mark.parametrize("sentence", [
    "An unknown number of militants were killed.",
    "Casualties were reported.",
])
def test_no_figure_is_an_unspecified_claim(sentence):
    (c,) = claims_of(sentence)
    assert c.unspecified and c.low is None and c.high is None


def test_evidence_offsets_index_the_text_as_given():
    text = "Headline\nOfficials said 5 soldiers were killed."
    doc = from_text(text, "t.txt", None)
    (c,) = extract_claims(doc, annotate(doc, SETTINGS))
    assert text[c.evidence.start : c.evidence.end] == c.evidence.text
    assert "5 soldiers" in c.evidence.text


def test_dateline_dash_is_not_part_of_the_claimant():
    c = only("BAKU, Sept 25 (Reuters) - Azerbaijan's defence ministry said on Monday that 192 of its "
             "servicemen were killed.", low=192, subject_country="AZ", claimant_country="AZ")
    assert not c.claimant.startswith("-")


def test_a_state_reporting_civilian_deaths_reports_its_own():
    only("Pakistan said 31 civilians had been killed.", subject_country="PK", subject_role="civilian",
         claimant_country="PK")


def test_aircraft_shot_down_are_the_enemys():
    found = claims_of("Russia launched 58 drones overnight. Ukraine's air force said 38 drones were shot down.")
    downed = [c for c in found if c.kind == "aircraft_downed"]
    assert [(c.low, c.subject_country, c.claimant_country) for c in downed] == [(38, "RU", "UA")]


def test_the_ministry_refers_back_to_the_named_ministry():
    found = claims_of("Azerbaijan's defence ministry said 192 servicemen were killed in Karabakh. "
                      "Azerbaijani forces took control of 90 posts, the ministry said.")
    posts = [c for c in found if c.kind == "positions_captured"]
    assert [(c.low, c.claimant_country) for c in posts] == [(90, "AZ")]


def test_dateline_city_is_not_the_claimant():
    c = only("ISLAMABAD - Pakistan's military spokesman said on Wednesday that 31 civilians had been killed.",
             low=31, subject_country="PK", claimant_country="PK")
    assert c.claimant.startswith("Pakistan")


def test_lost_troops_belong_to_the_side_that_lost_them():
    only("Russia's Defense Ministry said Ukraine had lost up to 1,250 troops over the past day.",
         kind="casualties", high=1250, subject_country="UA", claimant_country="RU")


def test_an_army_that_lost_soldiers_had_them_killed():
    only("The Nigerian army said it lost 12 soldiers in the ambush near Damboa.",
         kind="killed", low=12, subject_country="NG", claimant_country="NG")


def test_compound_nouns_are_not_the_counted_things():
    assert not [c for c in claims_of("The Israeli military said its jets had destroyed 120 Iranian missile "
                                     "launchers.") if c.kind == "aircraft_downed"]


def test_whose_land_the_words_after_say():
    only("Armenian Prime Minister Nikol Pashinyan said Azerbaijani forces had occupied 10 square kilometres "
         "of Armenian territory.", kind="positions_captured", subject_country="AM", claimant_country="AM")


@pytest.mark.parametrize("after", [
    "Reuters could not independently verify the claims.",
    "India denied losing any aircraft.",
    "There was no independent confirmation of the toll.",
])
def test_a_hedge_in_the_next_sentence_covers_what_was_just_reported(after):
    only("Pakistan's military said its forces had shot down five Indian fighter jets. " + after, unverified=True)


@pytest.mark.parametrize("hedged", [
    "Pakistan's military said its forces had shot down five Indian fighter jets, a claim India did not confirm.",
    "Russia said it had destroyed 30 Ukrainian drones, without providing evidence.",
])
def test_hedges_in_the_same_sentence(hedged):
    only(hedged, unverified=True)


def test_a_hedge_about_something_else_covers_nothing():
    only("Local officials said 9 villagers were killed in the raid. The cause of the fire was not known.",
         unverified=False)


def test_counts_of_things_are_no_claims_and_inherit_nothing():
    found = claims_of("Azerbaijan said it had downed 3 Armenian drones and destroyed two tanks.")
    assert [(c.kind, c.low) for c in found] == [("aircraft_downed", 3)]


def test_unknown_nouns_still_count_people():
    only("Taliban militants killed 2 shopkeepers in Tagab district.", kind="killed", low=2)


def test_a_subset_in_words_is_its_own_figure():
    found = claims_of("The strikes killed 12 people, including five children, according to the health ministry.")
    assert sorted((c.low, c.subject_role, c.part) for c in found) == [(5, "civilian", True), (12, "unknown", False)]


def test_every_hedge_pattern_holds_a_hedge_keyword():
    """find_hedge reads only sentences with a keyword: each pattern must need one of them."""
    import json
    from importlib import resources

    data = json.loads(resources.files("sitrep.data").joinpath("claims_lexicon.json").read_text("utf-8"))
    keys = data["hedge_keywords"]["words"]
    assert all(any(k in pattern.lower() for k in keys) for pattern in data["hedges"])


def test_every_casualty_report_pattern_holds_a_keyword():
    """Sentences without a casualty report keyword are not searched for one: each pattern must need one."""
    import json
    from importlib import resources

    data = json.loads(resources.files("sitrep.data").joinpath("claims_lexicon.json").read_text("utf-8"))
    keys = data["casualty_report_keywords"]["words"]
    assert all(any(k in pattern.lower() for k in keys) for pattern in data["casualty_reports"])
    for sentence in ("Casualties were reported.", "The strike caused heavy casualties.", "Deaths were also reported."):
        assert [(c.kind, c.unspecified) for c in claims_of(sentence)] == [("casualties", True)], sentence


@pytest.mark.parametrize("sentence, kind, low, high", [
    ("Gunmen killed more than two dozen villagers in the raid, police said.", "killed", 25, None),
    ("Police said nearly 40 civilians were killed in the bombing.", "killed", 40, 40),
    ("The rebels were accused of slaughtering 61 civilians in the village.", "killed", 61, 61),
    ("The toll from the attack on the camp has surpassed 120, officials said.", "killed", 121, None),
    ("The deaths include 45 children and 30 women, the ministry said.", "killed", 45, 45),
    ("About 8,000 villagers were forced from their homes by the fighting.", "displaced", 8000, 8000),
    ("Officials said 37 fighters had surrendered to the army on Friday.", "detained", 37, 37),
    ("The militants seized a military base near the border, the group said.", "positions_captured", 1, 1),
    ("Air defences shot down a drone over the capital overnight, the ministry said.", "aircraft_downed", 1, 1),
    ("Troops recovered a further nine corpses from the river, the army said.", "killed", 9, 9),
])
def test_claim_forms_of_real_reports(sentence, kind, low, high):
    found = [c for c in claims_of(sentence) if c.kind == kind and c.low == low and c.high == high]
    assert found, claims_of(sentence)


def test_a_dispute_of_one_sides_count_hedges_that_sides_claims_only():
    text = ("The army said its troops killed 120 rebels in two days of fighting in the north. "
            "Local officials said 14 civilians were killed in the crossfire. "
            "Rebel leaders disputed the army's count.")
    by_low = {c.low: c.unverified for c in claims_of(text)}
    assert by_low[120] is True and by_low[14] is False


def test_no_confirmation_of_either_claim_hedges_both_sides_claims():
    text = ("Ruritania said it killed 300 enemy soldiers. Borduria said it had killed 250 Ruritanian troops. "
            "There was no independent confirmation of either claim.")
    assert all(c.unverified for c in claims_of(text))


def test_allegedly_hedges_its_own_sentence_and_nothing_before():
    text = ("Airstrikes killed 31 people in the market on Monday, the hospital said. "
            "The militia allegedly used the market as a depot.")
    assert [c.unverified for c in claims_of(text) if c.low == 31] == [False]


def test_a_disputed_speaker_has_all_its_figures_hedged():
    text = ("The ministry said 900 people had been killed since the war began. "
            "Of the dead, 210 were children, the ministry said. The government disputed its figures.")
    assert all(c.unverified for c in claims_of(text) if c.low in (900, 210))


@pytest.mark.parametrize("sentence, claimant", [
    ("The Kachin Independence Army (KIA) on Sunday said it had killed 30 soldiers, reports the radio.",
     "The Kachin Independence Army"),
    ("Clashes went on, with the rebel alliance claiming that 12 soldiers were killed.", "the rebel alliance"),
    ("The Iraqi government condemned the strike and said one soldier was killed.", "The Iraqi government"),
    ("Fighting raged, according to the Mon Liberation Army that led the attack, which killed 9 soldiers.",
     "the Mon Liberation Army"),
])
def test_claimants_across_clauses(sentence, claimant):
    assert [c.claimant for c in claims_of(sentence)] == [claimant]


def test_the_statement_said_speaks_for_the_group_that_issued_it():
    text = ("The Arakan Army said in a statement on Tuesday that its fighters had overrun the camp. "
            "More than 40 soldiers were killed in the attack, the statement said.")
    assert [c.claimant for c in claims_of(text) if c.low == 41] == ["The Arakan Army"]


def test_whose_toll_the_words_before_it_say():
    found = claims_of("The military's death toll has climbed to 85, the defence secretary said.")
    assert [(c.low, c.subject_role) for c in found] == [(85, "military")]
    found = claims_of("The number of slain rebels rose to 351 on Wednesday, the army said.")
    assert [(c.low, c.subject_role) for c in found] == [(351, "armed_group")]


@pytest.mark.parametrize("sentence, kind, low", [
    ("Army officials said 320 rebels were wounded and 140 captured in the offensive.", "detained", 140),
    ("In the clash, 14 soldiers of Kenya were killed, the ministry said.", "killed", 14),
    ("The ministry said it had 'neutralised' 23 fighters near the border.", "killed", 23),
    ("At least 16 people were seriously injured in the blast, the hospital said.", "injured", 16),
    ("Nine firefighters were wounded while putting out the blaze, the civil defence said.", "injured", 9),
    ("Rebels have captured 10 townships since the offensive began.", "positions_captured", 10),
    ("Four more soldiers are in a critical condition, the army said.", "injured", 4),
])
def test_more_claim_forms(sentence, kind, low):
    assert [c for c in claims_of(sentence) if c.kind == kind and c.low == low], claims_of(sentence)


@pytest.mark.parametrize("sentence, kind, low, role", [
    ("Some 2,000 residents fled the town last week, officials said.", "displaced", 2000, "civilian"),
    ("At least six displaced residents were killed by shelling near the camp.", "killed", 6, "civilian"),
    ("Twelve wounded soldiers were flown to the capital, the army said.", "injured", 12, "military"),
    ("Sixteen emergency workers and firefighters were wounded, the minister said.", "injured", 16, "civilian"),
    ("Nine soldiers and civilians were killed in the blast, police said.", "killed", 9, "unknown"),
])
def test_noun_phrases_of_counted_people(sentence, kind, low, role):
    found = [c for c in claims_of(sentence) if c.kind == kind and c.low == low]
    assert [c.subject_role for c in found] == [role], claims_of(sentence)


def test_an_accusation_hedges_the_figure_it_governs_only():
    text = ("Ruritania accused Borduria of killing as many as 900 villagers, but later reported 120 villagers "
            "dead and 40 of its soldiers killed.")
    by_low = {(c.low, c.high): c.unverified for c in claims_of(text)}
    assert by_low[(None, 900)] is True
    assert by_low[(120, 120)] is False


@pytest.mark.parametrize("hedge", [
    "The radio was not able to independently verify the figures.",
    "The toll is unverifiable, officials conceded.",
])
def test_more_ways_to_say_a_figure_is_unverified(hedge):
    found = claims_of("The rebels said they killed 45 soldiers near the dam. " + hedge)
    assert [c.unverified for c in found if c.low == 45] == [True]


def test_a_person_noun_before_a_place_noun_is_no_person():
    assert not [c for c in claims_of("The rebels captured a border guard camp near the river, the group said.")
                if c.kind == "detained"]


@pytest.mark.parametrize("sentence, kind, low", [
    ("Five soldiers paid the supreme price in the ambush, the army said.", "killed", 5),
    ("Two of the wounded later died of their injuries, the hospital said.", "killed", 2),
    ("Officials said 13 villagers were still unaccounted for on Saturday.", "missing", 13),
    ("The fighting has forced more than 9,000 people from their homes, the agency said.", "displaced", 9001),
    ("At least 700 refugees crossed into Chad over the weekend, the agency said.", "displaced", 700),
    ("Police said 4 suspects had been detained after the blast.", "detained", 4),
    ("Gunmen shot to death at least 14 farmers in the village, residents said.", "killed", 14),
    ("The rebels said they had taken 9 localities in the district.", "positions_captured", 9),
    ("At least 30 people, most of them women, were abducted from the village.", "detained", 30),
])
def test_claim_forms_of_invented_reports(sentence, kind, low):
    assert [c for c in claims_of(sentence) if c.kind == kind and c.low == low], claims_of(sentence)


def test_some_alone_is_no_amount():
    assert not [c for c in claims_of("The shelling forced some residents to flee, a witness said.")]


@pytest.mark.parametrize("closing", [
    "Neither toll could be independently verified.",
    "None of the figures could be independently verified.",
    "Access is restricted and the tolls could not be independently verified.",
])
def test_a_closing_hedge_over_the_reports_tolls(closing):
    text = ("The army said it killed 40 rebels. The rebels said they killed 25 soldiers. "
            "Residents said the fighting lasted all day. " + closing)
    assert all(c.unverified for c in claims_of(text))


@pytest.mark.parametrize("speaker, country", [
    ("The Britain-based war monitor", None),
    ("The Italian-run hospital in the city", None),
    ("The district commissioner", "SO"),
    ("Security sources in Mogadishu", "SO"),
])
def test_who_speaks_for_a_side(speaker, country):
    text = f"Fighting raged in Mogadishu, Somalia. {speaker} said 12 people were killed."
    assert [c.claimant_country for c in claims_of(text) if c.low == 12] == [country]


def test_a_quote_closed_by_said_the_spokesman():
    text = ("A spokesman for the Karen National Union said its fighters overran an outpost in Myanmar. "
            "\"We killed 21 soldiers,\" said the spokesman.")
    found = [c for c in claims_of(text) if c.low == 21]
    assert [(c.claimant, c.claimant_country) for c in found] == [("the spokesman", "MM")]
