"""Who speaks for a figure, and when the report doubts it: sentences written for these tests."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sitrep.extract.claims import extract_claims
from sitrep.run.pipeline import annotate
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text

SETTINGS = Settings.load(db=":memory:")


def claims_of(text, published=date(2025, 6, 1)):
    doc = from_text("Headline\n" + text, "t.txt", published)
    return [c for c in extract_claims(doc, annotate(doc, SETTINGS)) if not c.unspecified]


def by_low(text):
    return {c.low: c for c in claims_of(text)}


def test_a_passive_report_names_no_speaker():
    (c,) = claims_of("Thirty soldiers were reported killed in the clashes near the border.")
    assert c.claimant is None


def test_a_speaker_citing_a_source_passes_on_that_sources_figure():
    (c,) = claims_of("At least 9 people were killed in air strikes on the port, Sabaa TV reported, "
                     "citing Freedonia's health ministry.")
    assert c.claimant == "Freedonia's health ministry"


def test_a_cited_source_between_subject_and_verb():
    (c,) = claims_of("The rebel radio, quoting Ukraine's defence ministry, said 12 soldiers were killed.")
    assert (c.claimant, c.claimant_country) == ("Ukraine's defence ministry", "UA")


def test_a_quote_closed_by_a_titled_name_in_lower_case():
    found = claims_of('"We counted 17 bodies," said local church leader Joseph Kabila Mwamba. '
                      "He said two children were wounded.")
    assert [c.claimant for c in found] == ["local church leader Joseph Kabila Mwamba"] * 2


def test_a_paragraph_of_quotation_is_the_words_of_the_one_speaking():
    text = ("Major Ibrahim Kone, an army spokesman in Mali, said the fighting lasted all night.\n"
            "He said a Malian soldier was wounded near the camp.\n"
            "\u201cOn Tuesday the militants attacked our post. Our men repelled them and killed three attackers "
            "before nightfall.\u201d")
    found = by_low(text)
    assert found[3].claimant == found[1].claimant == "Major Ibrahim Kone"


def test_a_quotation_inside_a_sentence_borrows_no_earlier_speaker():
    found = by_low("The governor of Kherson said 3 people died in the shelling. Ukrainian state television, "
                   'quoting the air force as saying it downed "nine Russian attack drones overnight", gave no '
                   "other details.")
    assert found[3].claimant == "The governor of Kherson"
    assert found[9].claimant != "The governor of Kherson"


def test_the_next_sentence_goes_on_with_the_speakers_account():
    text = ("Over the past day 40 people were killed in Gaza, according to the health ministry in Gaza. "
            "Since the war began, 51,000 people have been killed and 116,000 wounded.")
    found = by_low(text)
    assert {found[n].claimant_country for n in (40, 51000, 116000)} == {"PS"}


def test_a_lead_in_sentence_gives_its_speaker_to_the_figures_after_it():
    found = by_low("On Friday the Israeli army disclosed its own losses for the week. Four Israeli soldiers "
                   "were killed in two separate ambushes.")
    assert found[4].claimant_country == "IL"


def test_the_account_is_not_carried_to_another_paragraph():
    found = by_low("The health ministry in Gaza said 40 people were killed.\n"
                   "Since the war began, 51,000 people have been killed.")
    assert found[51000].claimant is None


def test_the_account_is_not_carried_to_the_other_sides_losses():
    found = by_low("Pakistan's military said 12 of its soldiers were killed in the raid. "
                   "On the Indian side of the border, 20 Indian soldiers died in the fighting.")
    assert found[12].claimant_country == "PK"
    assert found[20].claimant is None


def test_a_name_coordinated_inside_brackets_speaks_by_its_short_name():
    (c,) = claims_of("The Group for the Support of Islam and Muslims (JNIM) has claimed an attack in "
                     "Burkina Faso that killed 14 soldiers.")
    assert c.claimant == "JNIM"


def test_an_armed_group_of_no_known_country_speaks_for_the_country_it_fights_in():
    (c,) = claims_of("The Islamic State said its fighters killed 30 soldiers in an ambush on a convoy near "
                     "Maiduguri and Damboa in Borno State.")
    assert c.claimant_country == "NG"


def test_an_appositive_with_the_article_is_stepped_over():
    (c,) = claims_of("Magen David Adom, the national emergency service, says one missile hit a building in "
                     "Beersheba, wounding 14 people.")
    assert c.claimant == "Magen David Adom"


def test_the_groups_spokesman_speaks_for_the_group_named_before():
    text = ("Al-Shabaab fighters attacked a base near Afgoye in Somalia on Monday.\n"
            "\u201cWe killed 19 soldiers,\u201d said Ahmed Farah, the group\u2019s spokesman.")
    assert by_low(text)[19].claimant_country == "SO"


def test_a_local_administrator_speaks_for_where_he_serves():
    (c,) = claims_of("In Pakistan-administered Kashmir, Ali Raza Khan, a local administrator in Neelum "
                     "valley, said Indian shelling had killed six people.")
    assert c.claimant_country == "PK"


def test_a_military_officer_does_not_speak_for_the_soldiers_he_counts():
    (c,) = claims_of("Lieutenant General Arjun Mehta, the northern commander, said that at least 38 Chinese "
                     "soldiers were killed in the clash in the Galwan valley in India.")
    assert c.claimant_country != "CN"


# --- verification ---------------------------------------------------------------------------


def test_claims_by_either_side_hard_to_verify_hedges_the_whole_report():
    text = ("Al-Shabaab said it overran a base near Kismayo in Somalia and captured 3 soldiers. "
            "The Somali army said 14 militants were killed. "
            "Verifying claims by either side is difficult because the area is remote.")
    assert all(c.unverified for c in claims_of(text))


def test_a_party_called_false_has_its_claims_disputed():
    text = ("The Ethiopian military said it had killed 900 rebels in Afar. "
            "The TPLF said it had killed 400 soldiers near Bati. "
            "A spokesman for the rebels described the government's claims as \u201cfalse and absurd\u201d.")
    found = by_low(text)
    assert found[900].unverified and not found[400].unverified


def test_a_denial_of_civilian_deaths_disputes_the_civilian_tolls_before_it():
    text = ("Residents of Kalehe in Congo said 12 civilians were killed in the shelling and 30 wounded. "
            "The army denies civilians were killed.")
    found = by_low(text)
    assert found[12].unverified and not found[30].unverified


def test_had_not_shot_any_civilians_disputes_the_deaths_reported():
    text = ("Nigerian soldiers opened fire in a market in Maiduguri, killing 25 civilians, witnesses said. "
            "An army spokesman said that soldiers had not shot any civilians.")
    assert by_low(text)[25].unverified


def test_a_party_under_reporting_its_losses_has_its_figures_disputed():
    text = ("Russia's defence ministry said 17 Russian soldiers were killed in the strike on Makiivka. "
            "Ukraine's army said 400 Russian soldiers died. "
            "However, Russia is under-reporting the number of its soldiers killed.")
    found = by_low(text)
    assert found[17].unverified and not found[400].unverified


# --- who speaks for a state ------------------------------------------------------------------


def test_state_voices_data_passes_its_check():
    script = Path(__file__).resolve().parents[1] / "scripts" / "check_state_voices.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_a_state_institution_speaks_for_its_state():
    (c,) = claims_of("The Pentagon said a rocket attack on a base in Syria wounded four American troops.")
    assert c.claimant_country == "US"


def test_a_named_state_agencys_report_is_not_a_document_of_an_earlier_speaker():
    found = by_low("The mayor of Leh said 2 people died. Four Chinese soldiers were killed in the clash, "
                   "the Xinhua report said.")
    assert found[4].claimant_country == "CN"


def test_a_newspaper_speaks_for_no_state():
    (c,) = claims_of("About 300 people fled their homes near Gori in Georgia, The Washington Post reported.")
    assert c.claimant_country is None


def test_an_agency_passing_on_a_monitors_words_does_not_become_it():
    text = ("The Syrian Observatory for Human Rights said that rebels seized 12 villages near Aleppo, "
            "Xinhua news agency reported. It said that 40 Syrian soldiers were killed.")
    found = by_low(text)
    assert found[40].claimant == "The Syrian Observatory for Human Rights"
    assert found[40].claimant_country is None


# --- speakers named again --------------------------------------------------------------------


def test_a_representative_of_a_group_named_after_the_verb_is_the_speaker():
    text = ("Two houses were destroyed, said a representative of the Yinmabin Kani People\u2019s Defence Force "
            "(PDF).\nAt least 12 junta soldiers were killed, according to Yinmabin Kani PDF.")
    assert by_low(text)[12].claimant_country == "MM"


def test_a_stray_comma_between_speaker_and_verb():
    (c,) = claims_of("Col. Yusuf Al-Harbi, said on Thursday, that the attack on Najran killed three Saudi "
                     "soldiers.")
    assert c.claimant == "Col. Yusuf Al-Harbi"


def test_a_surname_repeated_without_its_article_is_the_same_speaker():
    text = ("LNA officer Khalid al-Mahjoub told reporters that the army repelled an attack near Tripoli "
            "in Libya. The battle left 40 militants dead, said Mahjoub.")
    assert by_low(text)[40].claimant_country == "LY"


def test_believes_names_who_holds_the_figure():
    (c,) = claims_of("Analysts said that Ukrainian intelligence believes 25 Russian soldiers died in the strike.")
    assert c.claimant == "Ukrainian intelligence"


def test_a_cited_source_stops_before_the_verb():
    (c,) = claims_of("The paper, quoting officials said that 14 soldiers were killed in Ladakh.")
    assert c.claimant == "officials"


def test_a_report_wide_hedge_covers_what_was_reported_before_it_only():
    text = ("The governor of North Kivu said 20 civilians were killed in the attack. "
            "The figures could not be independently verified.\n"
            "Separately, the health ministry said 9 people died of cholera in Goma.")
    found = by_low(text)
    assert found[20].unverified and not found[9].unverified


def test_a_hedge_naming_whose_figures_covers_those_parties_only():
    text = ("A Somali army officer said 11 soldiers were wounded in the attack in Somalia. "
            "Somalia's defence ministry said government forces killed 60 al-Shabaab fighters. "
            "Al-Shabaab said its fighters had killed 40 soldiers. "
            "The figures given by the ministry and al-Shabaab could not be independently verified.")
    found = by_low(text)
    assert found[60].unverified and found[40].unverified and not found[11].unverified


def test_a_headlines_speaker_goes_on_into_the_lead():
    text = ("Over 3,000 Palestinians killed in Gaza this month, health ministry in Gaza says\n"
            "Israeli strikes overnight killed 40 people in Gaza. The toll has climbed to 3,112, with 9,000 "
            "others wounded.")
    found = by_low(text)
    assert {found[n].claimant_country for n in (40, 3112, 9000)} == {"PS"}


def test_a_headline_without_a_speaker_gives_none_to_the_lead():
    found = by_low("Over 3,000 Palestinians killed in Gaza this month\n"
                   "Israeli strikes overnight killed 40 people in Gaza.")
    assert found[40].claimant is None


def test_a_surname_alone_speaks_for_the_country_of_its_introduction():
    text = ("Daniel Lual Kiir, a lawmaker in the South Sudan assembly, blamed the rebels for the raid.\n"
            "Two civilians were killed in the attack, Kiir said on Monday.")
    assert by_low(text)[2].claimant_country == "SS"


def test_a_surname_after_a_title_and_initials():
    text = ("Kenyan military spokesman J.K. Mwangi dismissed the reports. "
            "Our soldiers repulsed the attackers and killed 12 of them, Mwangi said.")
    assert by_low(text)[12].claimant_country == "KE"


def test_rumours_spread_by_a_party_called_false_dispute_that_partys_figures():
    text = ("A spokesman for al-Shabaab said its fighters killed 45 Kenyan soldiers at the base in Somalia. "
            "Kenya's army said 20 militants were killed. "
            "A Kenyan military spokesman said the \u201crumours\u201d spread by al-Shabaab were false.")
    found = by_low(text)
    assert found[45].unverified and not found[20].unverified


def test_reports_of_deaths_that_cannot_be_verified_still_hedge_their_own_sentence():
    (c,) = claims_of("Reports of 30 civilian deaths in the shelling of Kherson could not be verified.")
    assert c.unverified


def test_gave_a_lower_toll_names_its_speaker():
    (c,) = claims_of("The Congolese army spokesman in Ituri, Lieutenant Jean Kasongo, gave a lower toll of 17 dead.")
    assert c.claimant_country == "CD"


def test_saying_after_a_comma_belongs_to_the_subject_of_the_clause():
    (c,) = claims_of("Syria's interior ministry gave a lower figure, saying 12 Syrian soldiers "
                     "had been killed.")
    assert c.claimant == "Syria's interior ministry"


def test_a_named_spokesman_in_commas_who_dismissed_and_said():
    (c,) = claims_of("A junta spokesman, Major General Aung Lwin, dismissed the claims and said an air strike "
                     "had killed 30 Arakan Army fighters in Rakhine.")
    assert c.claimant == "A junta spokesman"


def test_a_leading_clause_is_not_the_speaker():
    (c,) = claims_of("When contacted, the Kaduna State police spokesman, DSP Musa Bello, confirmed the attack "
                     "but said only 11 people were kidnapped in Kaduna.")
    assert c.claimant == "the Kaduna State police spokesman"


def test_one_of_several_groups_is_stepped_over():
    (c,) = claims_of("The Ambazonia Defence Forces (ADF), one of several separatist groups, said its fighters "
                     "had killed 9 soldiers in Cameroon.")
    assert c.claimant == "The Ambazonia Defence Forces"


def test_a_report_is_a_noun_after_an_article_and_an_adjective():
    (c,) = claims_of("Amnesty International said in a separate report that 60 men had been detained in Tigray.")
    assert c.claimant == "Amnesty International"


def test_a_rights_or_medical_group_speaks_for_no_state():
    found = by_low("The Sudan Doctors Network, a medical group that documents casualties, put the death toll "
                   "at 41. A rights group said 70 people were detained in Darfur.")
    assert found[41].claimant_country is None and found[70].claimant_country is None


def test_two_kinds_of_speaker_joined_by_and():
    (c,) = claims_of("Security sources and residents told reporters that 15 soldiers were killed in Borno, "
                     "in north-east Nigeria.")
    assert c.claimant == "Security sources and residents" and c.claimant_country == "NG"


def test_church_officials_are_no_states_voice():
    (c,) = claims_of("Catholic church officials and residents said 6 people were killed in Mocimboa da Praia, "
                     "in Mozambique.")
    assert c.claimant_country is None


def test_received_reports_is_a_noun():
    (c,) = claims_of("Colombia's Ombudsman's Office said it had received reports of 20 people kidnapped by "
                     "the ELN.")
    assert c.claimant == "Colombia's Ombudsman's Office"


def test_a_statement_by_a_ministry_speaks_for_its_quotation():
    text = ("The following is a statement by the Russian Ministry of Defence, published on Sunday.\n"
            "\u201cAir defence systems shot down 41 Ukrainian drones over the Belgorod region overnight. "
            "Units of the Battlegroup Centre liberated 2 settlements in the Donetsk region.\u201d")
    found = by_low(text)
    assert found[41].claimant_country == found[2].claimant_country == "RU"


def test_initials_stand_for_the_speaker_spelled_out_before():
    text = ("MANILA - The Armed Forces of the Philippines (AFP) announced that its troops were deployed in "
            "Mindanao. Soldiers killed 3 NPA rebels in a clash in Surigao, the AFP said.")
    assert by_low(text)[3].claimant_country == "PH"


def test_a_hedge_naming_a_kind_covers_the_last_claims_of_that_kind():
    text = ("Russia's defence ministry said its forces captured 2 villages in the Donetsk region. "
            "It said its air defences shot down 30 Ukrainian drones overnight. "
            "Ukraine did not confirm the loss of either village.")
    found = by_low(text)
    assert found[2].unverified and not found[30].unverified


@pytest.mark.parametrize("hedge", [
    "The figures could not immediately be verified.",
    "It was not possible to verify the figures.",
    "He did not provide evidence.",
])
def test_more_ways_to_say_the_figures_just_given_are_unverified(hedge):
    found = claims_of("A junta spokesman said an air strike had killed 50 rebel fighters in Sagaing. " + hedge)
    assert [c.unverified for c in found] == [True]


def test_quotes_someone_as_saying_gives_the_one_quoted():
    (c,) = claims_of("Iran's state news agency IRNA quotes the Islamic Revolutionary Guard Corps as saying it "
                     "shot down three Israeli F-35 jets.")
    assert (c.claimant, c.claimant_country) == ("the Islamic Revolutionary Guard Corps", "IR")


def test_a_speaker_quoted_by_a_newspaper_is_still_the_speaker():
    (c,) = claims_of("A police officer, quoted by the Nation newspaper, said 12 soldiers were killed in Borno.")
    assert c.claimant == "A police officer"


def test_one_of_the_speakers_named_before_keeps_their_country():
    text = ("Militants overran a base in Borno, killing 9 soldiers, according to two military officers in "
            "Nigeria. One of the officers said 13 soldiers were still missing.")
    assert by_low(text)[13].claimant_country == "NG"


def test_both_accounts_are_the_two_just_reported():
    text = ("A police officer in Borno, Nigeria, said 13 soldiers were missing after the raid. "
            "The army said it had killed 42 militants. "
            "ISWAP said it had killed 30 soldiers. "
            "Both accounts could not be independently confirmed.")
    found = by_low(text)
    assert found[42].unverified and found[30].unverified and not found[13].unverified


def test_a_sentence_turning_to_another_account_is_not_carried():
    found = by_low("The governor of Kherson said 3 civilians were killed in the shelling of Kherson. "
                   "Meanwhile, 5 Ukrainian civilians were wounded in Nikopol.")
    assert found[3].claimant_country == "UA" and found[5].claimant is None


def test_a_quotation_running_over_sentences_is_the_speaker_named_where_it_closes():
    text = ("The district commissioner of Kalehe said 4 civilians died.\n"
            "\u201cWe lost 19 men in the ambush. Another 27 were wounded,\u201d Captain Amani Kabila of the "
            "Congolese army told reporters.")
    found = by_low(text)
    assert found[19].claimant == found[27].claimant == "Captain Amani Kabila of the Congolese army"


def test_a_speaker_named_by_its_country_first_speaks_for_it():
    (c,) = claims_of("Sources said that UK intelligence believes 200 Russian soldiers died near Bakhmut.")
    assert (c.claimant, c.claimant_country) == ("UK intelligence", "GB")


def test_a_sponsor_named_first_is_not_the_speakers_country():
    (c,) = claims_of("At least 3 people were killed in Hodeidah in Yemen, the Iran-backed rebels said.")
    assert c.claimant_country != "IR"


def test_a_denial_does_not_doubt_the_deniers_own_count():
    text = ("Sudan's army said it had killed 300 RSF fighters near El Fasher. "
            "The RSF denied the army's figures, saying it lost 5 fighters.")
    found = by_low(text)
    assert found[300].unverified and not found[5].unverified


def test_a_speaker_after_a_counted_noun_begins_at_its_article():
    (c,) = claims_of("The new figure is on top of 203 militants the Malian military said were killed in Moura.")
    assert c.claimant == "the Malian military"


def test_spoke_of_names_who_gives_the_figure():
    (c,) = claims_of("The government in Kinshasa spoke of several dead in Congo.")
    assert c.claimant == "The government in Kinshasa"


def test_a_bare_name_after_a_titled_speaker_is_that_speaker():
    text = ("The spokesperson for the South Sudan army claimed on Monday that its forces had repulsed an "
            "attack in Jonglei. \u201cThe rebels were repulsed,\u201d Peter Malual told reporters, adding "
            "that 16 soldiers were wounded.")
    assert by_low(text)[16].claimant_country == "SS"


def test_a_bare_name_described_as_a_witness_is_not_the_titled_speaker():
    text = ("The spokesperson for the South Sudan army claimed that its forces had repulsed an attack in "
            "Jonglei. Peter Malual, a farmer in Bor, said 6 civilians were killed.")
    assert by_low(text)[6].claimant_country is None


def test_casualty_figures_unverified_cover_the_captured_too():
    text = ("A Fano spokesman in Gondar said the militia had killed 60 federal soldiers and captured 18 troops. "
            "The casualty figures remain unverified.")
    found = by_low(text)
    assert found[60].unverified and found[18].unverified


def test_a_quotation_over_several_paragraphs_keeps_its_speaker():
    text = ("The following is a statement by the Russian Ministry of Defence.\n\n"
            "\"Units of the Battlegroup Centre liberated 2 settlements in the Donetsk region.\n\n"
            "Air defence systems shot down 44 Ukrainian drones over the Belgorod region.\"\n\n"
            "Ukraine's army did not comment.")
    assert by_low(text)[44].claimant_country == "RU"
