"""Event types from hand-written sentences and reports, and the integrity of the event lexicon."""

import json
import re
from datetime import date
from importlib import resources

import pytest

from sitrep.extract.events import read_events
from sitrep.extract.eventtypes import EventType, classify_event, compile_cue, event_lexicon, main_event_type
from sitrep.run.pipeline import annotate
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text

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


# news language, as wire reports put it: several phrasings of each type (sentences invented for the tests)
NEWS_SENTENCES = [
    (
        'Heavy fighting broke out between the army and rebel fighters on the outskirts of the provincial capital.',
        'Armed clash',
    ),
    (
        'Insurgents ambushed an army convoy on the highway, sparking a gun battle that lasted several hours.',
        'Armed clash',
    ),
    ('Two soldiers died when militants stormed a border post overnight, the defence ministry said.', 'Armed clash'),
    ('Rival militias exchanged fire in the old quarter of the city for a second day.', 'Armed clash'),
    ('Troops repelled an assault by jihadists on their base in the north, killing 14 of the attackers.', 'Armed clash'),
    (
        'Government forces recaptured the town from the insurgents on Sunday, state television reported.',
        'Government regains territory',
    ),
    (
        'The army said it had driven the militants out of three villages in the eastern district.',
        'Government regains territory',
    ),
    (
        'Soldiers took back control of the strategic hilltop after a week-long offensive.',
        'Government regains territory',
    ),
    (
        'Troops have liberated the last district held by the rebels, the prime minister announced.',
        'Government regains territory',
    ),
    ('Rebels captured the district capital after government troops fled.', 'Non-state actor overtakes territory'),
    ('Jihadist fighters overran the town of Kalo on Tuesday, residents said.', 'Non-state actor overtakes territory'),
    (
        'The militia seized control of the airport after two days of fighting with the army.',
        'Non-state actor overtakes territory',
    ),
    (
        'Insurgents have taken over a key town near the border, tightening their grip on the province.',
        'Non-state actor overtakes territory',
    ),
    (
        'Doctors said dozens of patients showed signs of exposure to nerve gas after the attack on the suburb.',
        'Chemical weapon',
    ),
    (
        'Rockets loaded with chlorine hit a residential area, leaving residents struggling to breathe.',
        'Chemical weapon',
    ),
    (
        'Activists accused the air force of dropping bombs filled with poison gas on the rebel enclave.',
        'Chemical weapon',
    ),
    ('Warplanes pounded rebel positions in the mountains overnight.', 'Air/drone strike'),
    ('A US drone strike killed a senior commander of the group in his car.', 'Air/drone strike'),
    ('Fighter jets bombed a weapons depot near the port, the military said.', 'Air/drone strike'),
    ('Helicopter gunships fired on a convoy of militants near the border.', 'Air/drone strike'),
    ('A suicide bomber detonated his explosive vest at a crowded market, killing 20 people.', 'Suicide bomb'),
    ('An attacker driving a car packed with explosives blew himself up at the gate of the army base.', 'Suicide bomb'),
    ('Two women wearing explosive belts blew themselves up at a checkpoint.', 'Suicide bomb'),
    ('Artillery fire hit a hospital in the besieged city on Monday.', 'Shelling/artillery/missile attack'),
    ('Rebels fired mortar rounds at the presidential palace.', 'Shelling/artillery/missile attack'),
    (
        'A barrage of rockets struck a residential neighbourhood of the capital overnight.',
        'Shelling/artillery/missile attack',
    ),
    ('The navy fired cruise missiles at targets on the coast.', 'Shelling/artillery/missile attack'),
    ('A roadside bomb ripped through a police patrol, killing three officers.', 'Remote explosive/landmine/IED'),
    ('A car bomb exploded outside a hotel in the city centre.', 'Remote explosive/landmine/IED'),
    ('Two children were killed when a landmine went off as they herded goats.', 'Remote explosive/landmine/IED'),
    ('An explosive device planted under a bridge detonated as a bus passed.', 'Remote explosive/landmine/IED'),
    ('Unknown attackers lobbed a grenade into a bar, wounding eleven customers.', 'Grenade'),
    ('A hand grenade thrown at a police station injured two constables.', 'Grenade'),
    ('Militants hurled grenades at a security post in the market.', 'Grenade'),
    ('A rights group said soldiers had raped at least 30 women during the operation.', 'Sexual violence'),
    ('Fighters sexually assaulted women detained at the camp, survivors said.', 'Sexual violence'),
    ('Gunmen opened fire on worshippers leaving a mosque, killing nine.', 'Attack'),
    ('Armed men killed seven farmers in their fields on Saturday.', 'Attack'),
    ('Militants beheaded two villagers they accused of spying.', 'Attack'),
    ('Attackers set upon a bus carrying pilgrims, shooting dead six passengers.', 'Attack'),
    ('Bandits kidnapped 40 students from their school dormitory.', 'Abduction/forced disappearance'),
    ('Gunmen seized an aid worker from his car and took him hostage.', 'Abduction/forced disappearance'),
    (
        'Relatives say the activist was abducted by men in plain clothes and has not been seen since.',
        'Abduction/forced disappearance',
    ),
    ('Thousands marched through the capital demanding the release of political prisoners.', 'Peaceful protest'),
    ('Teachers staged a sit-in outside the ministry over unpaid salaries.', 'Peaceful protest'),
    ('Hundreds of students rallied on campus against the tuition increase.', 'Peaceful protest'),
    ('Residents held a peaceful demonstration to demand clean water.', 'Peaceful protest'),
    ('Farmers took to the streets to protest a new law on land ownership.', 'Peaceful protest'),
    (
        'Police used tear gas and water cannon to break up a rally of opposition supporters.',
        'Protest with intervention',
    ),
    ('Riot police dispersed a crowd of demonstrators outside parliament.', 'Protest with intervention'),
    ('Dozens of protesters were detained as police broke up the march.', 'Protest with intervention'),
    ('Security forces fired rubber bullets to disperse protesters in the square.', 'Protest with intervention'),
    ('Soldiers fired live ammunition at unarmed protesters, killing four.', 'Excessive force against protesters'),
    ('Three demonstrators were shot dead by police during a peaceful march.', 'Excessive force against protesters'),
    (
        'Security forces violently dispersed the peaceful sit-in, leaving dozens seriously injured.',
        'Excessive force against protesters',
    ),
    ('Protesters hurled stones and petrol bombs at riot police.', 'Violent demonstration'),
    (
        'Demonstrators torched a police station and blocked the main highway with burning tyres.',
        'Violent demonstration',
    ),
    ("Angry protesters stormed the governor's office and smashed windows.", 'Violent demonstration'),
    ('Clashes erupted between protesters and police in the capital on Friday.', 'Violent demonstration'),
    ('A mob lynched a man accused of stealing a motorcycle.', 'Mob violence'),
    ('Vigilantes beat two suspected thieves to death in the market.', 'Mob violence'),
    ('An angry crowd attacked and burned the house of a man accused of witchcraft.', 'Mob violence'),
    ('The government and the rebels signed a peace agreement in the capital.', 'Agreement'),
    ('The warring parties agreed to a ceasefire starting at midnight.', 'Agreement'),
    ('The two sides swapped 200 prisoners of war at the border.', 'Agreement'),
    ('Some 50 fighters surrendered to the army with their weapons.', 'Agreement'),
    ('Police arrested a prominent opposition leader at his home.', 'Arrests'),
    ('Security forces detained 35 suspected members of the group in a series of raids.', 'Arrests'),
    ('The journalist was taken into custody by intelligence officers.', 'Arrests'),
    ('The army deployed thousands of troops to the border region.', 'Change to group/activity'),
    ('Two rebel factions announced the formation of a new alliance.', 'Change to group/activity'),
    ('Dozens of militia fighters defected to the government side.', 'Change to group/activity'),
    ('Reinforcements were sent to the northern front, the ministry said.', 'Change to group/activity'),
    ('Police defused a bomb found near the stadium.', 'Disrupted weapons use'),
    ('Soldiers discovered a large cache of weapons and ammunition in a cave.', 'Disrupted weapons use'),
    ('Air defences intercepted two missiles over the city.', 'Disrupted weapons use'),
    ('Customs officers seized a shipment of rifles and grenades at the port.', 'Disrupted weapons use'),
    ('Three improvised explosive devices were found and destroyed by the bomb squad.', 'Disrupted weapons use'),
    ('The insurgents set up a new base in the forest near the river.', 'Headquarters or base established'),
    ('The army established a military outpost on the hilltop.', 'Headquarters or base established'),
    ('Militiamen looted shops and burned down houses in the village.', 'Looting/property destruction'),
    ('Fighters destroyed a telecommunications mast outside the town.', 'Looting/property destruction'),
    ('Rebels ransacked the health centre and made off with medicines.', 'Looting/property destruction'),
    (
        'Government troops withdrew from the town, handing it over to a local militia without a fight.',
        'Non-violent transfer of territory',
    ),
    ('Rebels entered the city unopposed after the army pulled out.', 'Non-violent transfer of territory'),
    ('The militants took control of the base after soldiers abandoned it.', 'Non-violent transfer of territory'),
    ('The group reported a non-violent activity in the district.', 'Other'),
    (
        'Islamist militants attacked a military camp in the north '
        'on Thursday, and soldiers fought back for several hours.',
        'Armed clash',
    ),
    (
        'At least 15 soldiers were killed in clashes with '
        'separatists in the mountainous region, an army spokesman said.',
        'Armed clash',
    ),
    ('Security forces backed by helicopters engaged insurgents hiding in the forest.', 'Armed clash'),
    (
        'The army regained control of the city centre on Wednesday, a week after rebels overran it.',
        'Government regains territory',
    ),
    (
        'Federal troops have pushed the rebels out of the provincial capital, the defence minister said.',
        'Government regains territory',
    ),
    (
        'Separatist fighters seized the airport and a police station in the regional capital.',
        'Non-state actor overtakes territory',
    ),
    ('The town fell to the insurgents after a three-day siege.', 'Non-state actor overtakes territory'),
    ('Inspectors found that sarin had been used in the attack on the village.', 'Chemical weapon'),
    ('Airstrikes by the coalition hit a wedding party in the province, killing 20 guests.', 'Air/drone strike'),
    ('An armed drone targeted a vehicle carrying militants near the border.', 'Air/drone strike'),
    ('A suicide car bomb struck an army checkpoint at the entrance of the city.', 'Suicide bomb'),
    (
        'Shells fired by government forces landed on a crowded market, killing 12 civilians.',
        'Shelling/artillery/missile attack',
    ),
    ('Militants launched rockets at the airport, damaging a runway.', 'Shelling/artillery/missile attack'),
    (
        'A bomb hidden in a motorcycle exploded near a bus station, wounding nine people.',
        'Remote explosive/landmine/IED',
    ),
    ('Three soldiers were injured when their vehicle struck a landmine.', 'Remote explosive/landmine/IED'),
    ('An unidentified man threw a grenade at a political rally, injuring 15 people.', 'Grenade'),
    ('Gunmen on motorbikes shot dead a local councillor outside his home.', 'Attack'),
    ('Fighters of the group executed 12 civilians in the village square.', 'Attack'),
    ('A journalist was abducted by armed men in the capital on Monday.', 'Abduction/forced disappearance'),
    ('Protesters gathered outside the embassy chanting slogans against the war.', 'Peaceful protest'),
    ("Workers went on strike and marched to the governor's office to demand higher wages.", 'Peaceful protest'),
    ('Police fired tear gas at hundreds of demonstrators who had gathered in the square.', 'Protest with intervention'),
    ('Police arrested dozens of protesters at the rally.', 'Protest with intervention'),
    (
        'Troops opened fire on a crowd of peaceful protesters, killing at least 10.',
        'Excessive force against protesters',
    ),
    ('Rioters set fire to cars and looted shops after the election results were announced.', 'Violent demonstration'),
    ('Protesters threw rocks at police, who responded with tear gas.', 'Violent demonstration'),
    ('A crowd of villagers lynched two men suspected of kidnapping a child.', 'Mob violence'),
    ('The two armed groups signed a ceasefire agreement mediated by tribal elders.', 'Agreement'),
    ('The rebels released 20 hostages under a deal with the government.', 'Agreement'),
    ('Intelligence agents arrested a senior member of the armed group in the capital.', 'Arrests'),
    ('The militant group announced a new leader after its chief was killed.', 'Change to group/activity'),
    ('The army dispatched reinforcements and tanks to the town.', 'Change to group/activity'),
    ('Sappers cleared landmines from the road leading to the village.', 'Disrupted weapons use'),
    ('Police foiled a plot to bomb a church, seizing explosives in a raid.', 'Disrupted weapons use'),
    ('The rebels established their headquarters in a former school.', 'Headquarters or base established'),
    ('Militants burned down a school and a clinic in the village.', 'Looting/property destruction'),
    ('Soldiers pulled out of the town, and rebels moved in without resistance.', 'Non-violent transfer of territory'),
    ('Police say a bomb was defused outside the courthouse on Tuesday morning.', 'Disrupted weapons use'),
    ('A large quantity of explosives and detonators was seized from a house in the suburb.', 'Disrupted weapons use'),
    ('Troops intercepted a truck carrying rockets bound for the militants.', 'Disrupted weapons use'),
    (
        'Two would-be bombers were killed when the device they were assembling exploded prematurely.',
        'Disrupted weapons use',
    ),
    (
        'Dozens of people were hurt as police baton-charged students demonstrating against fee hikes.',
        'Protest with intervention',
    ),
    ('Hundreds of opposition supporters were arrested as police broke up a banned rally.', 'Protest with intervention'),
    ('Protesters set up roadblocks of burning tyres across the city.', 'Violent demonstration'),
    ('Football fans rioted after the match, smashing shop windows and overturning cars.', 'Violent demonstration'),
    ('Villagers armed with machetes attacked a group of herders they blamed for a theft, killing two.', 'Mob violence'),
    ('A crowd set upon a man accused of blasphemy and burned him alive.', 'Mob violence'),
    ('The government and the armed group agreed on a prisoner exchange.', 'Agreement'),
    ('Hundreds of fighters laid down their arms and surrendered to the authorities.', 'Agreement'),
    ('Police rounded up more than 100 members of the banned movement.', 'Arrests'),
    ('Security forces arrested the mayor on charges of aiding the insurgents.', 'Arrests'),
    ('The insurgent group named a new commander to lead its operations in the south.', 'Change to group/activity'),
    ('Hundreds of soldiers were redeployed to the capital ahead of the vote.', 'Change to group/activity'),
    (
        'Militants set up checkpoints on the main road and established a camp nearby.',
        'Headquarters or base established',
    ),
    ('Armed men stole cattle and torched granaries in three villages.', 'Looting/property destruction'),
    ('The rebels razed the police station and looted the bank.', 'Looting/property destruction'),
    ('After the soldiers left, the militia moved into the town unopposed.', 'Non-violent transfer of territory'),
    (
        'The army handed over control of the district to the police without incident.',
        'Non-violent transfer of territory',
    ),
    ('Troops retook the airport from the rebels after a fierce battle.', 'Government regains territory'),
    ('Insurgents captured two villages near the border on Thursday.', 'Non-state actor overtakes territory'),
    ('Artillery pounded the northern suburbs through the night.', 'Shelling/artillery/missile attack'),
    ('A missile slammed into an apartment block, killing seven.', 'Shelling/artillery/missile attack'),
    ('A mine blast killed two soldiers on patrol near the frontier.', 'Remote explosive/landmine/IED'),
    ('An IED targeted a police vehicle on the outskirts of the town.', 'Remote explosive/landmine/IED'),
    ('A man wearing a suicide vest blew himself up among worshippers.', 'Suicide bomb'),
    ('A grenade was thrown into a crowded bus station, wounding 18.', 'Grenade'),
    ('Assailants stabbed to death a teacher and his wife in their home.', 'Attack'),
    ('Unidentified gunmen shot and killed a journalist as he left his office.', 'Attack'),
    ('Gunmen abducted a priest from his parish on Sunday.', 'Abduction/forced disappearance'),
    ('Clashes between two armed groups left 20 fighters dead.', 'Armed clash'),
    ('Soldiers and militants traded fire for hours near the river.', 'Armed clash'),
    ('Helicopters fired rockets at suspected militant positions.', 'Air/drone strike'),
    ('Witnesses said the victims had been exposed to chlorine.', 'Chemical weapon'),
    ('Villagers were attacked by gunmen on their way to the market.', 'Attack'),
    (
        'Tens of thousands of people poured into the streets of the capital on Saturday to denounce the coup.',
        'Peaceful protest',
    ),
    ('Nurses picketed outside hospitals across the country in a dispute over pay.', 'Peaceful protest'),
    ('Activists held a candlelight vigil for the victims outside the embassy.', 'Peaceful protest'),
    (
        'Opposition supporters staged a march through the city, chanting slogans against the president.',
        'Peaceful protest',
    ),
    ('Residents blocked the highway with logs and burning tyres to protest power cuts.', 'Violent demonstration'),
    (
        'Students pelted police with stones outside the university, prompting officers to respond with tear gas.',
        'Violent demonstration',
    ),
    (
        'The demonstration turned violent when some protesters began smashing the windows of banks.',
        'Violent demonstration',
    ),
    (
        'Hundreds of protesters clashed with riot police in the port city, leaving dozens injured.',
        'Violent demonstration',
    ),
    ('Police used batons to disperse striking workers outside the factory gates.', 'Protest with intervention'),
    ('Authorities broke up the sit-in and detained its organisers.', 'Protest with intervention'),
    ('Police fired water cannon at demonstrators marching on the presidential palace.', 'Protest with intervention'),
    (
        'At least 12 protesters were shot dead when troops fired into a crowd demanding the release of detainees.',
        'Excessive force against protesters',
    ),
    ('Police killed two peaceful demonstrators, a rights group said.', 'Excessive force against protesters'),
    ('A mob torched the home of a local official accused of corruption.', 'Mob violence'),
    ('Militants attacked a police post in the district, sparking a firefight.', 'Armed clash'),
    ('Government forces and rebels fought for control of the bridge on Saturday.', 'Armed clash'),
    ('Border guards of the two countries exchanged fire across the frontier.', 'Armed clash'),
    ('Unknown assailants tossed a grenade at a market stall, injuring five people.', 'Grenade'),
    ("Two grenades exploded near the governor's residence, police said.", 'Grenade'),
    ('A female suicide bomber struck a crowded mosque during Friday prayers.', 'Suicide bomb'),
    ('A suicide attack on a military base killed 14 soldiers.', 'Suicide bomb'),
    ('Police found a pipe bomb in a bag near the railway station and safely detonated it.', 'Disrupted weapons use'),
    ('Soldiers seized 50 rifles and 3,000 rounds of ammunition from a militant hideout.', 'Disrupted weapons use'),
    ('Bomb disposal experts defused an explosive device planted on the road to the airport.', 'Disrupted weapons use'),
    ('Anti-aircraft defences shot down three drones launched towards the airport.', 'Disrupted weapons use'),
    ('Army units eliminated a number of terrorists in an attack on their positions in the countryside.', 'Armed clash'),
    ('Security forces neutralised five terrorists in an operation in the mountains.', 'Armed clash'),
    (
        'The army restored security and stability to the entire area after purging it of terrorists.',
        'Government regains territory',
    ),
    (
        'Army units targeted the hideouts of terrorist groups with artillery shells.',
        'Shelling/artillery/missile attack',
    ),
    (
        'Syrian army engineering units dismantled explosive devices left behind by the terrorists.',
        'Disrupted weapons use',
    ),
    ('Two policemen were martyred when terrorists opened fire on their checkpoint.', 'Armed clash'),
    (
        'Kurdish fighters recaptured the village from the jihadists after a day of battles.',
        'Non-state actor overtakes territory',
    ),
    (
        'The militia took control of a major crossing on the border, according to local sources.',
        'Non-state actor overtakes territory',
    ),
    ("The coalition's warplanes struck a gathering of militants east of the city.", 'Air/drone strike'),
    ('A bomb planted in a car went off near a checkpoint, local media reported.', 'Remote explosive/landmine/IED'),
    ('Several people were hurt when a grenade was hurled at a wedding party.', 'Grenade'),
    ('Gunmen killed a tribal chief and his bodyguard in an ambush on the road.', 'Attack'),
    ('The kidnappers freed the hostages after a ransom was paid.', 'Abduction/forced disappearance'),
    ('Students boycotted classes and marched to the education ministry.', 'Peaceful protest'),
    (
        'Police fired warning shots and tear gas as protesters tried to reach the parliament.',
        'Protest with intervention',
    ),
    (
        'Security forces killed at least 40 protesters in a brutal crackdown on the demonstrations.',
        'Excessive force against protesters',
    ),
    ('Demonstrators burned an effigy of the leader and set a government vehicle alight.', 'Violent demonstration'),
    ('Residents attacked the police station after a man died in custody, setting it on fire.', 'Mob violence'),
    ('The government and the rebel coalition reached a deal on the release of prisoners.', 'Agreement'),
    ('Authorities arrested dozens of suspected members of the insurgent group in dawn raids.', 'Arrests'),
    ('The rebels announced that they had merged with two smaller groups.', 'Change to group/activity'),
    ('A large arms depot was discovered in a cave used by the insurgents.', 'Disrupted weapons use'),
    ('Militiamen burned the crops and looted the livestock of villagers.', 'Looting/property destruction'),
    ('The army handed over the town to the peacekeepers.', 'Non-violent transfer of territory'),
    ('Rebels opened fire on an army checkpoint outside the town.', 'Armed clash'),
    # headlines
    ('Suicide blast kills 12 at police academy', 'Suicide bomb'),
    ('Rebels seize key northern town', 'Non-state actor overtakes territory'),
    ('Army retakes airport from militants', 'Government regains territory'),
    ('Drone attack hits oil facility, no casualties reported', 'Air/drone strike'),
    ('Police teargas protesters in capital', 'Protest with intervention'),
    ('Thousands protest against new tax law', 'Peaceful protest'),
    ('Rioters torch cars as unrest spreads', 'Violent demonstration'),
    ('Gunmen kill five villagers in overnight raid', 'Attack'),
    ('Roadside bomb kills three soldiers', 'Remote explosive/landmine/IED'),
    ('Troops, rebels clash near border town', 'Armed clash'),
    ('Government, rebels sign ceasefire deal', 'Agreement'),
    ('Police arrest opposition leader', 'Arrests'),
    ('Bandits abduct 30 schoolchildren', 'Abduction/forced disappearance'),
    ('Mortar shells hit refugee camp', 'Shelling/artillery/missile attack'),
    ('Militants lob grenade at security forces', 'Grenade'),
    ('Bomb disposal squad defuses explosive near mosque', 'Disrupted weapons use'),
    ('Mob lynches suspected cattle thief', 'Mob violence'),
    ('Insurgents loot aid warehouse', 'Looting/property destruction'),
    ('Security forces kill 8 demonstrators in crackdown', 'Excessive force against protesters'),
    ('Militia commander defects to government with 200 fighters', 'Change to group/activity'),
    (
        'Traders observed a shutdown in the market town to protest against the killing of a shopkeeper.',
        'Peaceful protest',
    ),
    ("Opposition party workers staged a dharna outside the district collector's office.", 'Peaceful protest'),
    ('Women in the village blocked the road with stones to demand water supply.', 'Violent demonstration'),
    ('Police fired tear gas shells at protesters outside the court.', 'Protest with intervention'),
    ('Police baton-charged party workers who were trying to gherao the minister.', 'Protest with intervention'),
    ('Hundreds of farmers were detained while trying to march to the capital.', 'Protest with intervention'),
    (
        'Soldiers shot dead two men during a protest against land seizures, witnesses said.',
        'Excessive force against protesters',
    ),
    (
        'Militants established a new training camp in the hills, intelligence sources said.',
        'Headquarters or base established',
    ),
    ('Armed herders razed three villages, destroying homes and granaries.', 'Looting/property destruction'),
    ('The two clans agreed to end hostilities after mediation by elders.', 'Agreement'),
    ('The rebel group has appointed a new spokesman and changed its name.', 'Change to group/activity'),
]

NOT_CONFLICT = [
    "A fire broke out in a textile factory, killing 14 workers.",
    "A train derailed near the capital, injuring more than 50 passengers.",
    "The prime minister met his counterpart to discuss a trade agreement.",
    "A boat carrying migrants capsized off the coast; 30 people drowned.",
    "Police arrested three men over a string of burglaries.",
    'A magnitude 6.2 earthquake struck the coast, killing at least 12 people.',
    'Floods swept away homes in three provinces after days of torrential rain.',
    'Eleven people were killed when a bus plunged into a ravine.',
    'A gas leak at a fertiliser factory sent dozens of workers to hospital.',
    'The foreign ministry expelled two diplomats over the spying row.',
    'Health officials reported 300 new cases of cholera in the camp.',
    'The boiler of a textile plant exploded, injuring four workers.',
    'Police arrested the manager of a bank for embezzlement of public funds.',
    'The two presidents met in Geneva to discuss trade.',
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
    from sitrep.extract.claims import extract_claims

    annotations = annotate(doc, settings)
    events = read_events(doc, annotations, extract_claims(doc, annotations), settings)
    assert events[0].sub_event_type == "Armed clash"
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert strikes and any(c.low == 30 for c in strikes[0].claims)


@pytest.mark.parametrize(("sentence", "expected"), NEWS_SENTENCES)
def test_news_sentence_type(sentence, expected):
    found = classify_event(sentence)
    assert found.sub_event_type == expected, found
    assert found.conflict


def test_news_sentences_cover_every_type_but_other_several_times():
    counts = {t: sum(1 for _, e in NEWS_SENTENCES if e == t) for t in set().union(*ACLED_TYPES.values())}
    assert all(n >= 2 for t, n in counts.items() if t not in {"Other", "Sexual violence"}), counts


@pytest.mark.parametrize("sentence", NOT_CONFLICT)
def test_text_of_no_conflict_has_no_conflict_event(sentence):
    found = classify_event(sentence)
    assert not found.conflict, found


def test_a_report_of_a_disaster_gives_no_event_and_one_of_conflict_still_does():
    settings = Settings.load(db=":memory:")

    def events(text):
        doc = from_text(text, "t.txt", date(2024, 5, 2))
        return read_events(doc, annotate(doc, settings), [], settings)

    assert events("Quake hits coast\nA strong earthquake struck the coast on Monday, killing 12 people.\n") == []
    assert events("Talks\nThe two foreign ministers met in the capital to discuss trade.\n") == []
    mixed = events(
        "Floods and fighting\nFloods cut the main road on Monday.\nRebels attacked an army post near the river.\n"
    )
    assert [e.sub_event_type for e in mixed] == ["Armed clash"]


def test_an_accident_of_industry_is_no_bomb_nor_chemical_weapon():
    assert not classify_event("A gas cylinder exploded in a restaurant kitchen, injuring three cooks.").conflict
    assert not classify_event("Chlorine gas leaked from a water plant, sending 40 people to hospital.").conflict
    assert classify_event("An explosion tore through the market, killing five.").sub_event_type == (
        "Remote explosive/landmine/IED"
    )


def test_riot_words_need_a_protest_in_their_sentence():
    assert classify_event("Protesters clashed with police near the palace.").sub_event_type == "Violent demonstration"
    assert classify_event("Troops clashed with rebels near the palace.").sub_event_type == "Armed clash"
    assert classify_event("Youths set fire to tyres during the protest.").sub_event_type == "Violent demonstration"
    assert classify_event("On 3 March 2024, militants clashed with troops at a base.").sub_event_type == "Armed clash"
    assert classify_event("Militants set fire to a crowded market.").sub_event_type == "Looting/property destruction"
    assert classify_event("Gunmen stormed a crowded hotel, killing 20 guests.").sub_event_type == "Attack"


def test_violent_protesters_make_a_riot_whatever_the_police_did():
    found = classify_event("Police fired tear gas at protesters who were throwing stones.")
    assert found.sub_event_type == "Violent demonstration"
    found = classify_event("Police fired tear gas at protesters outside the court.")
    assert found.sub_event_type == "Protest with intervention"


def test_a_generic_attack_is_refined_by_the_means_told_after_it():
    index, found = main_event_type(
        [classify_event("Attacks were launched on the town overnight."), classify_event("The attackers used grenades.")]
    )
    assert index == 0 and found.sub_event_type == "Grenade"
    _, kept = main_event_type(
        [classify_event("Rebels attacked an army base overnight."), classify_event("Later a grenade hit a shop.")]
    )
    assert kept.sub_event_type == "Armed clash"


def test_who_told_of_an_attack_is_not_its_target():
    found = classify_event("Two civilians were killed in separate attacks in the north, police said.")
    assert found.generic
    _, main = main_event_type([found, classify_event("One of them died in a grenade attack on a market.")])
    assert main.sub_event_type == "Grenade"


def test_a_store_of_weapons_found_is_disrupted_weapons_use():
    found = classify_event("During the sweep, troops discovered an underground depot full of rifles and ammunition.")
    assert found.sub_event_type == "Disrupted weapons use"


def test_the_subject_of_the_clause_takes_the_ground():
    assert classify_event("The army and allied fighters captured the village on Monday.").sub_event_type == (
        "Government regains territory"
    )
    assert classify_event("According to an army spokesman, militants seized control of the town.").sub_event_type == (
        "Non-state actor overtakes territory"
    )
    assert classify_event("Rebels recaptured the town they had lost in May.").sub_event_type == (
        "Non-state actor overtakes territory"
    )


def test_a_sentence_of_background_only_is_weak():
    found = classify_event("In response to the airstrikes of last week, officials met.")
    assert found.weak and found.sub_event_type == "Air/drone strike"


def test_an_arrest_for_a_common_crime_is_no_conflict_event():
    assert not classify_event("Police arrested a bank manager for embezzlement.").conflict
    assert classify_event("Police arrested a rebel commander at his home.").sub_event_type == "Arrests"


# short reports of one to three sentences: the main event's type (reports invented for the tests)
NEWS_REPORTS = [
    (
        'Rebels took the town of Marka on Sunday after heavy fighting. Residents said the army had retreated to '
        'the coast.',
        'Non-state actor overtakes territory',
    ),
    (
        'Protesters gathered in the main square on Friday. Police later fired tear gas to scatter the crowd.',
        'Protest with intervention',
    ),
    (
        'Thousands rallied in the capital. Some protesters threw stones at police, who responded with water '
        'cannon.',
        'Violent demonstration',
    ),
    ('An explosion rocked the market on Tuesday. Police said a suicide bomber had detonated his vest.', 'Suicide bomb'),
    (
        'Attacks were reported in three villages overnight. The assailants used mortars, officials said.',
        'Shelling/artillery/missile attack',
    ),
    (
        'A blast hit a bus in the city. Investigators said the device had been planted under a seat.',
        'Remote explosive/landmine/IED',
    ),
    ('Angry residents beat a suspected thief to death in the market, police said.', 'Mob violence'),
    ('Armed men looted the clinic and set fire to several homes in the village.', 'Looting/property destruction'),
    ('Militants raided the village at dawn, killing 11 villagers and burning houses.', 'Attack'),
    (
        'Troops discovered an arms cache hidden in a farmhouse. The weapons included rifles and rocket launchers.',
        'Disrupted weapons use',
    ),
    ('The two factions met in the capital and signed a deal to end the fighting.', 'Agreement'),
    (
        'A convoy of tanks and armoured vehicles moved towards the border on Monday, witnesses said.',
        'Change to group/activity',
    ),
    ('Police detained the leader of the opposition party ahead of the election.', 'Arrests'),
    ('Soldiers fired on a car that failed to stop at a checkpoint, killing a family of four.', 'Attack'),
    ('Police said 12 officers were injured when protesters hurled rocks and bottles.', 'Violent demonstration'),
    (
        'Fighters loyal to the warlord entered the city after the rival militia left it.',
        'Non-violent transfer of territory',
    ),
    ('A drone struck a house in the village, killing a commander and his guards.', 'Air/drone strike'),
    ('The air force carried out raids on militant hideouts in the north.', 'Air/drone strike'),
    ('Shelling by the rebels killed two children in the town.', 'Shelling/artillery/missile attack'),
]


@pytest.mark.parametrize(("text", "expected"), NEWS_REPORTS)
def test_news_report_main_event(text, expected):
    settings = Settings.load(db=":memory:")
    doc = from_text(text, "r.txt", date(2024, 1, 1))
    events = read_events(doc, annotate(doc, settings), [], settings)
    assert events and events[0].sub_event_type == expected, events[:1]


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
        extra = rule.get("unless_followed_by", []) + rule.get("requires", []) + rule.get("excludes", [])
        for cue in rule["cues"] + extra:
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
    assert set(data["escalations"]["generic"]) <= known
    assert set(data["trailing_background_after"]["types"]) <= set(ACLED_TYPES)
    for rule in data["not_conflict"]["rules"]:
        assert isinstance(rule["priority"], int) and rule["cues"]
        for cue in rule["cues"]:
            assert cue == cue.lower(), cue
            re.compile(compile_cue(cue))
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


def test_the_check_script_passes_and_types_a_sentence():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "check_event_types.py"
    done = subprocess.run(
        [sys.executable, str(script), "Police defused a bomb near the stadium."],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Disrupted weapons use <- 'defused'" in done.stdout
