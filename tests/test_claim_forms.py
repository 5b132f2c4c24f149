"""Claim forms a careful reader counts: quoted and bracketed nouns, parts of a figure, tolls carried
to a new total, partitives and losses. Every sentence here is invented."""

from datetime import date

from sitrep.extract.claims import extract_claims
from sitrep.run.pipeline import annotate
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text

SETTINGS = Settings.load(db=":memory:")


def claims_of(text):
    doc = from_text("Headline\n" + text, "t.txt", date(2025, 6, 1))
    return [c for c in extract_claims(doc, annotate(doc, SETTINGS)) if not c.unspecified]


def figures(text):
    return [(c.kind, c.low, c.high, c.part) for c in claims_of(text)]


def test_a_quoted_noun_is_still_the_counted():
    assert figures('"Twelve terrorists" were neutralised near the river, the army said.') == [
        ("killed", 12, 12, False)]
    assert figures('The army said 19 "terrorists" had been eliminated overnight.') == [("killed", 19, 19, False)]


def test_a_quoted_vague_amount_before_its_noun():
    assert figures('Local officials spoke of "several" dead in the valley.') == [("killed", 3, None, False)]


def test_a_bracketed_noun_between_amount_and_cue():
    found = claims_of('"There were 31 (Wagner fighters) dead" near the mine, a local chief said.')
    assert [(c.kind, c.low, c.subject) for c in found] == [("killed", 31, "Wagner fighters")]


def test_among_whom_were_names_a_part():
    assert figures("Police said 14 people were killed, among whom were three police officers.") == [
        ("killed", 14, 14, False), ("killed", 3, 3, True)]


def test_an_amount_with_an_inserted_part_before_its_verb():
    found = figures("Eight, including a battalion commander, were injured in the ambush.")
    assert ("injured", 8, 8, False) in found
    assert all(part for kind, low, _, part in found if low == 1)


def test_a_second_amount_after_whose_the_first_were():
    found = figures("The monitor said 70 combatants died, including 40 fighters from the rebel alliance and "
                    "its allies and 30 soldiers from the government forces.")
    assert found == [("killed", 70, 70, False), ("killed", 40, 40, True), ("killed", 30, 30, True)]


def test_a_toll_carried_to_a_new_total():
    assert figures("The two raids brought to 41 the total number of dead in the district, officials said.") == [
        ("killed", 41, 41, False)]
    found = claims_of("Another soldier died in hospital, taking the total number of troops killed to 14.")
    assert [(c.low, c.subject) for c in found] == [(1, "soldier"), (14, "troops")]


def test_a_toll_raiser_needs_a_toll_after_it():
    assert figures("The raids brought to 12 the number of villages in ruins.") == []


def test_a_partitive_is_a_part_of_the_figure_before():
    assert figures("Of the 230 militants killed in the offensive, some 40 were foreign fighters.") == [
        ("killed", 230, 230, False), ("killed", 40, 40, True)]


def test_a_partitive_of_people_who_fled_is_no_casualty():
    assert figures("Of the 5,000 people who fled, 300 have returned.") == [("displaced", 5000, 5000, False)]


def test_losses_belong_to_the_side_that_lost_them():
    found = claims_of('Security sources in Bamako said the army had lost "between 20 and 30" soldiers.')
    assert [(c.low, c.high, c.subject_country, c.side_by) for c in found] == [(20, 30, "ML", "possessive")]
    found = claims_of("Ukraine's military said Russia had lost 1,200 soldiers in the past day.")
    assert [(c.subject_country, c.claimant_country) for c in found] == [("RU", "UA")]


def test_a_year_like_amount_before_a_cue_is_a_count():
    found = figures("A general said 2,300 rebels were wounded and 2,000 captured in 2000.")
    assert found == [("injured", 2300, 2300, False), ("detained", 2000, 2000, False)]


def test_one_cue_after_two_coordinated_amounts():
    found = claims_of('Nineteen "terrorists" and three armed groups have been eliminated since March, the army said.')
    assert [(c.kind, c.low) for c in found] == [("killed", 19)]


def test_as_well_as_after_the_cue_adds_a_figure():
    assert figures("A doctor said three children were killed as well as an adult.") == [
        ("killed", 3, 3, False), ("killed", 1, 1, False)]


def test_a_place_closes_the_part_before_the_next_figure():
    found = figures("Gunmen opened fire, killing 44 people, including 20 children, in Nondin, and 179 people, "
                    "including 36 children, in nearby Soro.")
    assert found == [("killed", 44, 44, False), ("killed", 20, 20, True), ("killed", 179, 179, False),
                     ("killed", 36, 36, True)]


def test_a_toll_far_from_its_figure_counts_people_not_the_victim_named_inside():
    found = claims_of("The health minister said the toll from a strike on Friday that killed a senior commander "
                      "of the group, Ali Farouk, had risen to 55, including seven children.")
    assert [(c.low, c.subject, c.part) for c in found] == [(1, "senior commander", False), (55, "people", False),
                                                           (7, "children", True)]


def test_a_population_is_no_toll():
    assert figures("The toll now amounts to roughly 2% of the prewar population of about 2.3 million.") == []


def test_many_is_no_amount():
    assert figures("Many civilians were killed and numerous soldiers were wounded.") == []


def test_leaving_one_refers_back_to_the_counted():
    found = claims_of("A drone attack on a US base wounded three American troops, leaving one in critical condition.")
    assert [(c.kind, c.low, c.subject_country) for c in found] == [("injured", 3, "US"), ("injured", 1, "US")]


def test_a_thing_before_a_verb_is_not_counted():
    assert figures("A drone attack on a base wounded three soldiers.") == [("injured", 3, 3, False)]


def test_an_attack_as_agent_wounds_the_speakers_own():
    found = claims_of("Syrian state media said the attack also wounded seven soldiers and caused damage.")
    assert [(c.subject_country, c.side_by) for c in found] == [("SY", "speaker_own")]


def test_the_attackers_nationality_is_not_the_victims():
    found = claims_of("The toll of victims of the Israeli attack on Hodeida has risen to three, the Houthi-run "
                      "health ministry said.")
    assert [c.subject_country for c in found] == ["YE"]


def test_an_enemy_label_anywhere_in_the_subject():
    found = claims_of('Al-Shabaab stormed the base. Kenya denied it, saying "scores" of the extremist fighters were '
                      'killed.')
    assert [(c.low, c.subject_country, c.subject_role) for c in found] == [(20, "SO", "armed_group")]


def test_a_spokesman_of_an_armed_group_counts_the_states_losses():
    found = claims_of("The army said it had killed 300 Fano fighters in Amhara. Eritrea was not involved, officials "
                      "in Asmara said. Abebe Kassa, a Fano spokesperson in Gondar, countered that the militia had "
                      "killed 600 federal soldiers and captured 98 troops.")
    assert [(c.low, c.subject_country) for c in found] == [(300, "ET"), (600, "ET"), (98, "ET")]


def test_a_states_coalition_is_no_armed_group():
    found = claims_of("The Saudi-led coalition said it was on alert after Houthi rebels in Yemen fired drones. "
                      "The alliance said it had intercepted eight drones.")
    assert [(c.low, c.subject_country, c.claimant_country) for c in found] == [(8, "YE", "SA")]


def test_a_family_of_n_counts_its_members():
    assert figures("An air strike killed at least 10 people, including a family of four, in the city.") == [
        ("killed", 10, None, False), ("killed", 4, 4, True)]
    assert figures("The strike killed an entire family of six.") == [("killed", 6, 6, False)]
    assert figures("A family of five fled to the border.") == []


def test_whose_the_counted_were_before_their_verb():
    found = claims_of("All 127 members of the army's Light Infantry Battalion (LIB) 129 stationed in the besieged "
                      "town of Kalay surrendered last Sunday, according to the rebels.")
    assert [(c.kind, c.low) for c in found] == [("detained", 127)]


def test_a_number_the_speaker_said_it_killed():
    found = claims_of("The number is in addition to 203 fighters the military said it had killed in March.")
    assert [(c.kind, c.low, c.subject) for c in found] == [("killed", 203, "fighters")]


def test_n_of_them_is_a_part_of_those_counted_before():
    assert figures("A rocket wounded five people, two of them seriously.") == [
        ("injured", 5, 5, False), ("injured", 2, 2, True)]
    assert figures("Seven people were wounded, three of whom died on arrival.") == [
        ("injured", 7, 7, False), ("killed", 3, 3, True)]
    found = claims_of("A strike on a market wounded 11 people, the mayor said. Three of them are in serious "
                      "condition, he added.")
    assert [(c.kind, c.low, c.part) for c in found] == [("injured", 11, False), ("injured", 3, True)]


def test_things_coordinated_with_things():
    assert figures("Air defences shot down or jammed 98 of the drones and five of the missiles.") == [
        ("aircraft_downed", 98, 98, False), ("aircraft_downed", 5, 5, False)]


def test_among_the_dead_are():
    assert figures("Among the martyrs are four employees of the ministry and two security guards.") == [
        ("killed", 4, 4, False), ("killed", 2, 2, False)]


def test_their_militiamen_continue_the_counted():
    assert figures("More than 60 of the soldiers and their militiamen were killed, the group said.") == [
        ("killed", 61, None, False)]


def test_an_acronym_the_report_defines_is_that_name():
    found = claims_of("Separatist fighters killed seven soldiers near Batibo in Cameroon's Northwest region, a "
                      "military official said. The Ambazonia Defence Forces (ADF), one of several separatist "
                      "groups, said its fighters had killed 15 soldiers.")
    assert [(c.low, c.subject_country) for c in found] == [(7, "CM"), (15, "CM")]


def test_an_acronym_the_list_knows_keeps_its_group():
    found = claims_of("The Allied Democratic Forces (ADF) killed 12 villagers in Beni, the army said.")
    assert [(c.low, c.subject_country) for c in found] == [(12, "CD")]


def test_unnamed_militants_fight_their_own_state():
    found = claims_of("Pakistan accuses Afghanistan's Taliban of sheltering TTP leaders. In Bannu, militants "
                      "attacked a police post, killing two policemen and wounding four, a police officer said.")
    assert [(c.kind, c.subject_country) for c in found] == [("killed", "PK"), ("injured", "PK")]


def test_a_named_groups_spokesman_speaks_for_an_armed_group():
    found = claims_of("Pakistan accuses Afghanistan's Taliban of sheltering TTP leaders. A TTP spokesman said the "
                      "group's fighters had killed 12 soldiers in North Waziristan.")
    assert [(c.low, c.subject_country) for c in found] == [(12, "PK")]


def test_nobody_captures_its_own_posts():
    found = claims_of("Taliban spokesman Zabihullah Mujahid said Afghan forces had killed 34 Pakistani soldiers and "
                      "captured 11 of their posts.")
    assert [(c.kind, c.subject_country) for c in found] == [("killed", "PK"), ("positions_captured", "PK")]


def test_a_speaker_before_the_verb_is_not_counted():
    found = claims_of("A doctor at a hospital treating victims said three children were killed.")
    assert [(c.kind, c.low, c.subject) for c in found] == [("killed", 3, "children")]


def test_a_name_joined_by_a_hyphen_is_another_name():
    found = claims_of("The Rapid Support Forces said they had seized the town, spokesman Al-Fateh Qurashi said. The "
                      "Sudanese army said its troops had killed more than 150 of the \"rebel militia\".")
    assert [(c.low, c.subject_country) for c in found] == [(151, "SD")]


def test_zionist_names_israel():
    found = claims_of('Iran\'s army said it shot down "three Zionist F-35 fighter jets" over Tabriz.')
    assert [(c.kind, c.low, c.subject_country) for c in found] == [("aircraft_downed", 3, "IL")]


def test_killing_three_of_them():
    found = claims_of("Troops attacked a rebel camp in Mindanao on Sunday. They engaged the rebels, killing three of "
                      "them, the army said.")
    assert [(c.kind, c.low, c.part) for c in found] == [("killed", 3, True)]


def test_fighters_a_state_killed_are_of_the_group_fighting_in_the_report_not_a_neighbour():
    found = claims_of("Mali's army said it had killed 203 fighters in an operation in the Mopti region. Burkina "
                      "Faso's junta said the border was closed.")
    assert [(c.low, c.subject_country, c.subject_role) for c in found] == [(203, "ML", "armed_group")]
