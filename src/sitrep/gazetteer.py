"""Offline gazetteer: populated places, admin units, countries and curated conflict features.

The data ships with the package as `data/gazetteer.tsv.gz` (rebuilt by `scripts/build_gazetteer.py`
from GeoNames populated places, pycountry and the hand-written `data/places_*.tsv` files). Load it
once with `load_gazetteer()`; look names up with `Gazetteer.lookup`, which folds case, diacritics,
punctuation, spacing and doubled letters ("Ceel Dheer" = "Ceeldheer", "Kismaayo" = "Kismayo").

Columns of the data file (tab-separated, one entry a line, `#` lines are comments):
`id, geonameid, feature, name, cc, admin1, admin2, lat, lon, prior, seat, keys`, where `prior` is a
prominence score (about log10 of the population), `seat` the id of the entry whose point stands for
an admin unit or country when an event is only known to have happened "in" it (its capital), and
`keys` the `|`-separated normalised names (see `name_key`).
"""

from __future__ import annotations

import gzip
import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

logger = logging.getLogger(__name__)

DATA_PACKAGE = "sitrep.data"
GAZETTEER_FILE = "gazetteer.tsv.gz"
DEMONYMS_FILE = "places_demonyms.tsv"
ABBREVIATIONS_FILE = "places_abbreviations.tsv"
STOPWORDS_FILE = "places_stopwords.txt"

FEATURES = ("country", "admin1", "admin2", "populated_place", "feature", "region", "continent")

_FOLD = str.maketrans(
    {
        "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
        "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ħ": "h",
        "ŀ": "l", "ŉ": "n", "ĸ": "k",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1+")


def fold(text: str) -> str:
    """Lower-case ASCII-ish form of `text`: diacritics dropped, special letters spelled out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The lookup key of a place name: folded, letters and digits only, doubled letters single.

    >>> name_key("Ceel Dheer") == name_key("Ceeldheer") == name_key("CEEL-DHEER")
    True
    >>> name_key("Kismaayo") == name_key("Kismayo")
    True
    """
    return _REPEATS.sub(r"\1", _NON_ALNUM.sub("", fold(name)))


class Entry(NamedTuple):
    """One gazetteer entry: a place, admin unit, country or curated feature (immutable; a named tuple,
    since 164k of them are made at every start and a tuple is built several times faster)."""

    id: int
    name: str
    feature: str
    cc: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    prior: float
    geonameid: int | None = None
    seat: int | None = None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Entries with indexes by normalised name, by country and by (country, admin1).

    `index` maps a name key to entry ids; an id `i` given as `-(i + 1)` marks a match through an
    other-language spelling only (GeoNames alternate names), which disambiguation trusts less.
    """

    def __init__(
        self,
        entries: list[Entry],
        index: dict[str, int | tuple[int, ...]],
        demonyms: dict[str, str] | None = None,
        abbreviations: dict[str, int] | None = None,
        stopwords: Iterable[str] = (),
    ) -> None:
        self.entries = entries
        self._by_key = index
        self._by_country: dict[str, list[int]] = defaultdict(list)
        self._admin1: dict[tuple[str, str], int] = {}
        self._countries: dict[str, int] = {}
        for e in entries:
            self._by_country[e.cc].append(e.id)
            if e.feature == "admin1":
                self._admin1.setdefault((e.cc, name_key(e.name)), e.id)
            elif e.feature == "country":
                self._countries[e.cc] = e.id
        self.demonyms: dict[str, str] = dict(demonyms or {})
        self.abbreviations: dict[str, int] = dict(abbreviations or {})
        self.stopwords: frozenset[str] = frozenset(name_key(w) for w in stopwords)

    @classmethod
    def from_entries(cls, entries: list[Entry], keys: Iterable[tuple[int, Iterable[str], Iterable[str]]],
                     **lexicons: object) -> Gazetteer:
        """A gazetteer from entries and, per entry id, its own and its alternate name keys."""
        return cls(entries, build_index(keys), **lexicons)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __getitem__(self, entry_id: int) -> Entry:
        return self.entries[entry_id]

    def candidates(self, key: str) -> list[tuple[Entry, bool]]:
        """(entry, matched only through an alternate spelling) for every entry under a name key."""
        found = self._by_key.get(key)
        if found is None:
            return []
        ids = (found,) if isinstance(found, int) else found
        return [(self.entries[i], False) if i >= 0 else (self.entries[-i - 1], True) for i in ids]

    def has_key(self, key: str) -> bool:
        """Whether any entry is known under the normalised key."""
        return key in self._by_key

    def lookup(self, name: str, *, country: str | None = None, feature: str | None = None) -> list[Entry]:
        """Entries called `name` (any spelling that folds to the same key), most prominent first."""
        found = self.candidates(name_key(name))
        if country:
            found = [(e, a) for e, a in found if e.cc == country.upper()]
        if feature:
            found = [(e, a) for e, a in found if e.feature == feature]
        return [e for e, alt in sorted(found, key=lambda t: (t[1], -t[0].prior))]

    def in_country(self, cc: str) -> list[Entry]:
        """All entries of a country."""
        return [self.entries[i] for i in self._by_country.get(cc.upper(), ())]

    def country(self, cc: str) -> Entry | None:
        """The country entry for an ISO alpha-2 code."""
        entry_id = self._countries.get(cc.upper())
        return None if entry_id is None else self.entries[entry_id]

    def admin1(self, cc: str, name: str) -> Entry | None:
        """The admin1 unit `name` of country `cc` (any spelling known to the gazetteer)."""
        entry_id = self._admin1.get((cc.upper(), name_key(name)))
        if entry_id is not None:
            return self.entries[entry_id]
        found = self.lookup(name, country=cc, feature="admin1")
        return found[0] if found else None

    def in_admin1(self, cc: str, admin1: str) -> list[Entry]:
        """Entries inside an admin1 unit (the unit itself included)."""
        key = name_key(admin1)
        return [e for e in self.in_country(cc) if name_key(e.admin1) == key]

    def seat_of(self, entry: Entry) -> Entry:
        """The entry whose point stands for `entry` when only the unit is known (its capital)."""
        return entry if entry.seat is None else self.entries[entry.seat]

    def demonym_target(self, word: str) -> str | None:
        """What a demonym names: a country code ("Afghan" -> "AF") or "@Name" of a region."""
        return self.demonyms.get(name_key(word))

    def is_stopword(self, word: str) -> bool:
        """Whether a capitalised word is never a place on its own (months, titles, groups …)."""
        return name_key(word) in self.stopwords


def build_index(keys: Iterable[tuple[int, Iterable[str], Iterable[str]]]) -> dict[str, int | tuple[int, ...]]:
    """Name key -> entry id (or ids); alternate-only matches stored as `-(id + 1)`."""
    index: dict[str, int | tuple[int, ...]] = {}
    for entry_id, own, alternates in keys:
        for key, code in [(k, entry_id) for k in own] + [(k, -entry_id - 1) for k in alternates]:
            if not key:
                continue
            prev = index.get(key)
            if prev is None:
                index[key] = code
            elif isinstance(prev, int):
                if prev != code and prev != -code - 1:
                    index[key] = (prev, code)
            elif code not in prev and -code - 1 not in prev:
                index[key] = prev + (code,)
    return index


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process."""
    data = resources.files(DATA_PACKAGE)
    with data.joinpath(GAZETTEER_FILE).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        entries, keys = read_entries(fh)
    demonyms = {name_key(k): v for k, v in _read_pairs(data.joinpath(DEMONYMS_FILE).read_text("utf-8"))}
    abbreviations = _read_abbreviations(data.joinpath(ABBREVIATIONS_FILE).read_text("utf-8"), entries)
    stopwords = [w.strip() for w in data.joinpath(STOPWORDS_FILE).read_text("utf-8").splitlines()]
    stopwords = [w for w in stopwords if w and not w.startswith("#")]
    gazetteer = Gazetteer(entries, build_index(keys), demonyms, abbreviations, stopwords)
    logger.debug("gazetteer: %d entries, %d keys", len(gazetteer), len(gazetteer._by_key))
    return gazetteer


def read_entries(lines: Iterable[str]) -> tuple[list[Entry], list[tuple[int, list[str], list[str]]]]:
    """Parse the gazetteer TSV into entries (id = line number among entries) and their name keys."""
    entries: list[Entry] = []
    keys: list[tuple[int, list[str], list[str]]] = []
    interned: dict[str, str] = {}
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        i = len(entries)
        entries.append(Entry(
            i, f[2], interned.setdefault(f[1], f[1]), interned.setdefault(f[3], f[3]),
            interned.setdefault(f[4], f[4]), interned.setdefault(f[5], f[5]), float(f[6]), float(f[7]),
            float(f[8]), int(f[0]) if f[0] else None, int(f[9]) if f[9] else None,
        ))
        own = f[10].split("|") if len(f) > 10 and f[10] else [name_key(f[2])]
        keys.append((i, own, f[11].split("|") if len(f) > 11 and f[11] else []))
    return entries, keys


def _read_pairs(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            a, b = line.split("\t")[:2]
            yield a.strip(), b.strip()


def _read_abbreviations(text: str, entries: list[Entry]) -> dict[str, int]:
    """Exact-case abbreviations ("U.S.", "Ky.", "B.C.") -> id of the country or admin1 entry named."""
    units = {(e.cc, name_key(e.name)): e.id for e in reversed(entries) if e.feature in ("country", "admin1")}
    countries = {e.cc: e.id for e in entries if e.feature == "country"}
    out: dict[str, int] = {}
    for surface, target in _read_pairs(text):
        cc, _, name = target.partition(":")
        entry_id = units.get((cc, name_key(name))) if name else countries.get(cc)
        if entry_id is None:
            logger.warning("abbreviation %r: no entry for %r", surface, target)
            continue
        out[surface] = entry_id
    return out
