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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: a place, admin unit, country or curated feature."""

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
    """Entries with indexes by normalised name, by country and by (country, admin1)."""

    def __init__(
        self,
        entries: Iterable[Entry],
        keys: Iterable[tuple[int, Iterable[str]]],
        demonyms: dict[str, str] | None = None,
        abbreviations: dict[str, int] | None = None,
        stopwords: Iterable[str] = (),
    ) -> None:
        self.entries: list[Entry] = sorted(entries, key=lambda e: e.id)
        if any(e.id != i for i, e in enumerate(self.entries)):
            raise ValueError("gazetteer entry ids must be 0..n-1")
        index: dict[str, list[int]] = defaultdict(list)
        for entry_id, entry_keys in keys:
            for key in entry_keys:
                if key:
                    index[key].append(entry_id)
        self._by_key: dict[str, tuple[int, ...]] = {k: tuple(dict.fromkeys(v)) for k, v in index.items()}
        self._by_country: dict[str, list[int]] = defaultdict(list)
        self._admin1: dict[tuple[str, str], int] = {}
        self._countries: dict[str, int] = {}
        for e in self.entries:
            self._by_country[e.cc].append(e.id)
            if e.feature == "admin1":
                self._admin1[(e.cc, name_key(e.admin1))] = e.id
            elif e.feature == "country":
                self._countries[e.cc] = e.id
        self.demonyms: dict[str, str] = dict(demonyms or {})
        self.abbreviations: dict[str, int] = dict(abbreviations or {})
        self.stopwords: frozenset[str] = frozenset(name_key(w) for w in stopwords)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __getitem__(self, entry_id: int) -> Entry:
        return self.entries[entry_id]

    def lookup(self, name: str, *, country: str | None = None, feature: str | None = None) -> list[Entry]:
        """Entries called `name` (any spelling that folds to the same key), best known first."""
        return self.lookup_key(name_key(name), country=country, feature=feature)

    def lookup_key(self, key: str, *, country: str | None = None, feature: str | None = None) -> list[Entry]:
        """Entries under an already normalised key, best known first."""
        found = [self.entries[i] for i in self._by_key.get(key, ())]
        if country:
            found = [e for e in found if e.cc == country]
        if feature:
            found = [e for e in found if e.feature == feature]
        return sorted(found, key=lambda e: -e.prior)

    def has_key(self, key: str) -> bool:
        """Whether any entry is known under the normalised key."""
        return key in self._by_key

    def ids_for_key(self, key: str) -> tuple[int, ...]:
        """Ids of the entries under a normalised key (no sorting; fast path for matching)."""
        return self._by_key.get(key, ())

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
        found = self.lookup(name, country=cc.upper(), feature="admin1")
        return found[0] if found else None

    def in_admin1(self, cc: str, admin1: str) -> list[Entry]:
        """Entries inside an admin1 unit (the unit itself included)."""
        key = name_key(admin1)
        return [e for e in self.in_country(cc) if name_key(e.admin1) == key]

    def seat_of(self, entry: Entry) -> Entry:
        """The entry whose point stands for `entry` when only the unit is known (its capital)."""
        return entry if entry.seat is None else self.entries[entry.seat]

    def demonym_country(self, word: str) -> str | None:
        """The country code of a demonym ("Afghan" -> "AF"), or None."""
        return self.demonyms.get(name_key(word))

    def is_stopword(self, word: str) -> bool:
        """Whether a capitalised word is never a place on its own (months, titles, groups …)."""
        return name_key(word) in self.stopwords


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process."""
    data = resources.files(DATA_PACKAGE)
    with data.joinpath(GAZETTEER_FILE).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        entries, keys = read_entries(fh)
    demonyms = {name_key(k): v for k, v in _read_pairs(data.joinpath(DEMONYMS_FILE).read_text("utf-8"))}
    by_name = {name_key(e.name): e.id for e in entries if e.feature in ("country", "admin1", "continent")}
    abbreviations = _read_abbreviations(data.joinpath(ABBREVIATIONS_FILE).read_text("utf-8"), entries, by_name)
    stopwords = [w.strip() for w in data.joinpath(STOPWORDS_FILE).read_text("utf-8").splitlines()]
    stopwords = [w for w in stopwords if w and not w.startswith("#")]
    gazetteer = Gazetteer(entries, keys, demonyms, abbreviations, stopwords)
    logger.debug("gazetteer: %d entries, %d keys", len(gazetteer), len(gazetteer._by_key))
    return gazetteer


def read_entries(lines: Iterable[str]) -> tuple[list[Entry], list[tuple[int, list[str]]]]:
    """Parse the gazetteer TSV into entries and their name keys."""
    entries: list[Entry] = []
    keys: list[tuple[int, list[str]]] = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        entry = Entry(
            id=int(f[0]),
            geonameid=int(f[1]) if f[1] else None,
            feature=f[2],
            name=f[3],
            cc=f[4],
            admin1=f[5],
            admin2=f[6],
            lat=float(f[7]),
            lon=float(f[8]),
            prior=float(f[9]),
            seat=int(f[10]) if f[10] else None,
        )
        entries.append(entry)
        keys.append((entry.id, f[11].split("|") if len(f) > 11 and f[11] else [name_key(entry.name)]))
    return entries, keys


def _read_pairs(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            a, b = line.split("\t")[:2]
            yield a.strip(), b.strip()


def _read_abbreviations(text: str, entries: list[Entry], by_name: dict[str, int]) -> dict[str, int]:
    """Exact-case abbreviations ("U.S.", "Ky.", "B.C.") -> entry id of the country/admin1 named."""
    out: dict[str, int] = {}
    for surface, target in _read_pairs(text):
        cc, _, name = target.partition(":")
        entry_id = by_name.get(name_key(name)) if name else None
        if name and cc:
            matches = [e.id for e in entries if e.cc == cc and e.feature in ("country", "admin1")
                       and name_key(e.name) == name_key(name)]
            entry_id = matches[0] if matches else entry_id
        elif not name:
            matches = [e.id for e in entries if e.cc == cc and e.feature == "country"]
            entry_id = matches[0] if matches else None
        if entry_id is None:
            logger.warning("abbreviation %r: no entry for %r", surface, target)
            continue
        out[surface] = entry_id
    return out
