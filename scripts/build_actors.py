#!/usr/bin/env python3
"""Rebuild src/sitrep/data/actors_ucdp.tsv from the UCDP Actor Dataset 22.1.

    python scripts/build_actors.py [--csv PATH] [--check]

The source is `ucdp-actor-221.csv` (Uppsala Conflict Data Program, UCDP Actor Dataset 22.1,
ucdp.uu.se; Davies, Pettersson & Öberg (2022), Organized violence 1989–2021 and drone warfare,
Journal of Peace Research 59(4); licence CC BY 4.0), by default in ../shared/data/ beside the
repository. `--check` builds the file in memory and exits 1 when the shipped one differs.

Each actor becomes one row: its UCDP id, its country (ISO 3166-1 alpha-2, through pycountry: for a
government the state it governs, for any other actor the first country it is active in), its role
(`military` for a government, `armed_group` for a rebel group, militia or other organised group),
every country it is active in, the name it is shown under, and the names it is recognised by in text.

Only names a reader would take for that actor are kept for matching:
- acronyms of three or more letters ("JNIM", "M23"), which sitrep matches in upper case only, minus
  a few that are more often something else ("CPI", "PDF");
- names of two words or more; for an ethnic group, clan or other non-organisation (UCDP kinds 2
  and 3) only those naming an organisation ("Popular Front", "… Brigade", "… Cartel"), never the
  name of a people ("Ngok Dinka");
- single words only for rebel groups (kind 1), and never a common word or a people's name;
- never a name that ends in a generic word ("Palestinian insurgents"), nor one two actors of
  different countries or roles share ("National Liberation Army").
Dates are not in the source: changes of status (the Taliban in 2021) are curated in actors.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "data" / "ucdp-actor-221.csv"
OUT = ROOT / "src" / "sitrep" / "data" / "actors_ucdp.tsv"

HEADER = """\
# Actors of armed conflict derived from the UCDP Actor Dataset 22.1: Uppsala Conflict Data Program,
# UCDP Actor Dataset 22.1, ucdp.uu.se; Davies, Pettersson & Öberg (2022), Organized violence
# 1989–2021 and drone warfare, Journal of Peace Research 59(4). Licence CC BY 4.0: this file is a
# derived work of that dataset (selected columns, countries as ISO codes, names filtered for
# matching). Built by scripts/build_actors.py from ucdp-actor-221.csv (sha256 {sha}); do not edit:
# curated actors, aliases and dates are in actors.json, which wins over this file.
# ucdp_id\trole\tcountry\tcountries\tname\taliases ("|"-separated)
"""

# Location names of the dataset that pycountry does not know as written.
LOCATIONS = {
    "Bosnia-Herzegovina": "BA", "Brunei": "BN", "DR Congo (Zaire)": "CD", "Hyderabad": "IN",
    "Ivory Coast": "CI", "Macedonia, FYR": "MK", "Russia (Soviet Union)": "RU", "South Vietnam": "VN",
    "South Yemen": "YE", "Turkey": "TR", "Macedonia": "MK", "Czechoslovakia": "CZ", "Yugoslavia": "RS",
    "Rumania": "RO", "Russia": "RU", "Soviet Union": "RU", "DR Congo": "CD", "Rhodesia": "ZW",
    "Democratic Republic of the Congo": "CD", "North Yemen": "YE", "North Vietnam": "VN",
}
# Names the dataset gives that news uses more often for something else (a party, an agency, a
# common word or place), or for a movement that has since become a government or a party.
NOT_NAMES = frozenset(
    # acronyms
    "ANC CPI PDF NRA BRA USC ASL MSA SWAPO PNA ADP DPF MPA FIS AIS ALP RNL TRB CNRT UDF NPF NDF ABC BBC CNN"
    " USA USSR NATO NLC NUM OAS PAC NSA PRC NRC MAS ETA AFL NDA MCC CPP CPM CPT BCP NDC DSA SPM MIA FDR EDU"
    " TRC RPF PRA APF CDR CNR MDA BMA KRA TPF SDB ACC EPL MQM MQM-H NUF PSP KDP PUK GPC IFP VHP JSM CPC"
    " ISI CPA MNF IAI MODEL KIM"
    # movements now governing or political parties
    " EPRDF FSLN Frelimo Fretilin FMLN PAIGC UNITA FUNCINPEC JVP Istiqlal ZANU"
    # common words, places, peoples
    " Union Neutralists Republicans Royalists Islamists Communists Ahali Dozo Amhara Oromo Kurds Tuareg"
    " Elements Outlaws Greenlanders Cobras Ninjas Spiders Rastas Maidan Tibet Sakartvelo Zaïrois Amal"
    " Counterrevolutionaries Jama'at Contras".split()
) | {"Estados Unidos", "Hells Angels", "Rock Machine", "Be Strong", "Be Well", "Nepali Congress",
     "Muslim Brotherhood", "Bush Boys", "Peace and Justice", "Paz y Justicia", "Red Command",
     "Third Command", "Army of God", "God's Army", "Lord's Army", "White Legion", "African National Congress",
     "Inkatha Freedom Party", "Rwandan Patriotic Front", "Front patriotique rwandais", "Janatha Vimukthi Peramuna",
     "Vishwa Hindu Parishad", "World Hindu Council", "Pan-Africanist Congress"}
# Words of names any movement might bear: a name made of two or three of them alone ("Islamic
# Front", "Popular Defence Force") names no one group.
COMMON_NAME_WORDS = frozenset(
    "national islamic popular patriotic democratic revolutionary people's peoples unity united liberation"
    " salvation resistance justice peace freedom free special presidential southern northern eastern western"
    " central red white black elite truth holy muslim christian local first second third new transitional"
    " opposition government republic state kingdom jihad army armies front movement brigade brigades force"
    " forces militia group council party organization organisation union alliance coalition command guard"
    " guards defence defense committee committees corps regiment legion division battalion vigilante"
    " socialist communist congress league independence solidarity redemption islam arab kurdish community"
    " brotherhood nationalist progressive reformed rejectionist steadfastness levant sham mujahideen"
    " of the and for in de la del".split()
)
# Words that make a name of a militia or organised group the name of an organisation.
ORGANISATION_WORDS = re.compile(
    r"\b(?:Army|Armies|Front|Movement|Brigades?|Forces?|Militias?|Group|Council|Party|Organi[sz]ation|"
    r"Union|Alliance|Coalition|Cartel|Battalions?|Command|Liberation|Resistance|Guards?|Defen[cs]e|Jihad|"
    r"Mujahideen|Jaysh|Jaish|Liwa|Katiba|Harakat|Ansar|Jabhat|Tehrik|Hizb|Mayi|Mai-Mai|Self-Defen[cs]e|"
    r"Vigilantes?|Gang|Bloc|Tigers|Committee|Corps|Regiment|Commando|Rangers|Legion)\b"
)
# A name ending in one of these is a description, not a name ("Palestinian insurgents").
GENERIC_ENDINGS = re.compile(
    r"\b(?:insurgents?|rebels?|militants?|terrorists?|jihadists?|groups?|fighters?|militias?|supporters?|"
    r"dissidents?|gangs?|separatists?|faction|forces|clans?|tribes?|irregulars)$", re.IGNORECASE)
# Numbered units ("16th Division", "Brigade 301") are found in every army.
NUMBERED_UNIT = re.compile(r"^(?:\d+\w*\s+(?:\w+\s+)?(?:Division|Brigade|Regiment)|(?:Brigade|Division)\s+\d+)$")


def country_code(location: str) -> str:
    """ISO alpha-2 code of a location name of the dataset."""
    location = location.strip()
    if location in LOCATIONS:
        return LOCATIONS[location]
    base = re.sub(r"\s*\(.*\)", "", location).strip()
    for name in (base, location, base.replace("Kingdom of ", "")):
        try:
            return pycountry.countries.lookup(name).alpha_2
        except LookupError:
            continue
    raise SystemExit(f"no ISO code for the location {location!r}: add it to LOCATIONS in {__file__}")


def locations(field: str) -> list[str]:
    field = field.replace("Macedonia, FYR", "Macedonia")
    return [p.strip() for p in field.split(",") if p.strip()]


def clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name.replace("\u00a0", " ")).strip().strip("'\"")
    return "" if name.lower() in ("n/a", "na", "") else name


def is_acronym(name: str) -> bool:
    if " " in name or not re.fullmatch(r"[A-Z][A-Za-z0-9\-/&]*", name):
        return False
    letters = [c for c in name if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 2 > len(letters)


def latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘–—´" for c in name)


def matchable(name: str, org: str, peoples: frozenset[str]) -> bool:
    """Whether a reader would take `name` in text for the actor (see the module's rules)."""
    if not name or "(" in name or ")" in name or not latin(name) or not any(c.isupper() for c in name):
        return False
    if name.startswith("Government of") or GENERIC_ENDINGS.search(name) or len(name.split()) > 9:
        return False
    if name in NOT_NAMES or name in peoples or NUMBERED_UNIT.match(name):
        return False
    if not (name[0].isupper() or name[0].isdigit() or re.match(r"(?:al|el|ad|ash|as)-", name)):
        return False
    if is_acronym(name):
        return sum(c.isalpha() for c in name) >= 3 and name.split("-")[0] not in NOT_NAMES
    words = name.split()
    if len(words) == 1:
        return org == "1"
    if words[0] == "The" and len(words) == 2:
        return False
    if re.fullmatch(r"Republic of (.+)", name) and name.removeprefix("Republic of ") in peoples:
        return False
    content = [w.lower() for w in re.split(r"[\s\-/]+", name) if w]
    if len(content) <= 3 and all(w in COMMON_NAME_WORDS for w in content):
        return False
    if org in ("2", "3") and not ORGANISATION_WORDS.search(name):
        return False
    return True


def names_of(row: dict[str, str]) -> list[str]:
    fields = [row["NameData"], row["NameOrig"], row["NameOrigFullEng"], row["NameOrigFull"]]
    for key in ("NewName", "NewNameFullEng", "NewNameFullMotherTongue"):
        fields.extend(row[key].split(", "))
    out: list[str] = []
    for f in fields:
        name = clean(f)
        name = re.sub(r"\s*-\s*(?=[A-Z][a-z]+ faction$)", " - ", name)
        for variant in (name, name.replace("’", "'")):
            if variant and variant not in out:
                out.append(variant)
    return out


def government_names(row: dict[str, str]) -> list[str]:
    out = []
    for f in (row["NameData"], row["NameOrigFullEng"], row["NewName"], row["NewNameFullEng"]):
        name = clean(re.sub(r"\s*\(.*?\)", "", f))
        if name.startswith("Government of ") and name not in out:
            out.append(name)
    return out


def display_name(row: dict[str, str]) -> str:
    """"ACRONYM: Full Name" (as ACLED writes them) or the name; a renamed actor's latest names."""
    short, full = clean(row["NameData"]), clean(row["NameOrigFullEng"])
    if row["NameChange"] == "1" and clean(row["NewNameFullEng"]):
        full = clean(row["NewNameFullEng"].split(", ")[-1])
    if is_acronym(short) and full and full != short:
        return f"{short}: {full}"
    return short


def peoples_names() -> frozenset[str]:
    """Demonyms and country names: a single word that is one of them names a people, not a group."""
    out = set()
    demonyms = ROOT / "src" / "sitrep" / "data" / "places_demonyms.tsv"
    for line in demonyms.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.add(line.split("\t")[0].strip())
    for c in pycountry.countries:
        out.update({c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)})
    countries = ROOT / "src" / "sitrep" / "data" / "places_countries.tsv"
    for line in countries.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.update(n for n in line.split("\t")[3].split("|") if n)
    return frozenset(out)


def build(csv_path: Path) -> str:
    data = csv_path.read_bytes()
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    peoples = peoples_names()
    actors = []
    for row in rows:
        places = [country_code(p) for p in locations(row["Location"])]
        countries = list(dict.fromkeys(places))
        if row["Org"] == "4":
            names = government_names(row)
            role = "military"
            country = _government_country(names[0]) if names else (countries[0] if countries else "")
            aliases = names
        else:
            role = "armed_group"
            country = countries[0] if countries else ""
            aliases = [n for n in names_of(row) if matchable(n, row["Org"], peoples)]
        actors.append({"id": int(row["ActorId"]), "role": role, "country": country,
                       "countries": countries, "name": display_name(row), "aliases": aliases})
    _drop_shared_aliases(actors)
    sha = hashlib.sha256(data).hexdigest()
    lines = [HEADER.format(sha=sha)]
    for a in sorted(actors, key=lambda a: a["id"]):
        lines.append("\t".join([str(a["id"]), a["role"], a["country"], "|".join(a["countries"]), a["name"],
                                "|".join(a["aliases"])]) + "\n")
    return "".join(lines)


def _government_country(name: str) -> str:
    return country_code(name.removeprefix("Government of ").strip())


def _drop_shared_aliases(actors: list[dict]) -> None:
    """An alias two actors of different country or role share is dropped from both; one they
    share with the same side is kept on the first only."""
    owners: dict[str, list[dict]] = defaultdict(list)
    for a in actors:
        for alias in a["aliases"]:
            owners[alias].append(a)
    for alias, found in owners.items():
        if len(found) < 2:
            continue
        sides = {(a["country"], a["role"]) for a in found}
        keep = found[0] if len(sides) == 1 else None
        for a in found:
            if a is not keep:
                a["aliases"] = [x for x in a["aliases"] if x != alias]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV, help=f"the UCDP actor list (default {CSV})")
    parser.add_argument("--check", action="store_true", help="exit 1 when the shipped file differs")
    args = parser.parse_args()
    if not args.csv.exists():
        raise SystemExit(f"{args.csv} not found: pass --csv with the path of ucdp-actor-221.csv")
    text = build(args.csv)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.name}: {'up to date' if same else 'differs from what the script builds'}")
        sys.exit(0 if same else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10)) - HEADER.count(chr(10))} actors -> {OUT}")


if __name__ == "__main__":
    main()
