"""Offline gazetteer: populated places, admin units, countries and curated conflict features.

The data ships with the package as `data/gazetteer.tsv.gz` (rebuilt by `scripts/build_gazetteer.py`
from GeoNames populated places, pycountry and the hand-written `data/places_*.tsv` files). Load it
once with `load_gazetteer()` (the first start on a machine turns it into an indexed SQLite file in
the cache folder, so later starts read only the names a text asks for); look names up with
`Gazetteer.lookup`, which folds case, diacritics, punctuation, spacing and doubled letters
("Ceel Dheer" = "Ceeldheer", "Kismaayo" = "Kismayo").

Columns of the data file (tab-separated, one entry a line, `#` lines are comments):
`id, geonameid, feature, name, cc, admin1, admin2, lat, lon, prior, seat, keys`, where `prior` is a
prominence score (about log10 of the population), `seat` the id of the entry whose point stands for
an admin unit or country when an event is only known to have happened "in" it (its capital), and
`keys` the `|`-separated normalised names (see `name_key`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import DataError

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
    """Entries looked up by normalised name, kept in a SQLite file (see `load_gazetteer`).

    Only what a text asks for is read: entries are built on first use and kept (so the same place is
    always the same object), and the last `CANDIDATE_CACHE` name lookups are remembered. The
    connection is opened again in a forked child and guarded by a lock across threads.
    """

    def __init__(
        self,
        path: Path,
        demonyms: dict[str, str] | None = None,
        abbreviations: dict[str, str] | None = None,
        stopwords: Iterable[str] = (),
    ) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self._entries: dict[int, Entry] = {}
        self._admin1: dict[tuple[str, str], int] = {}
        self._countries: dict[str, int] = {}
        units: dict[tuple[str, str], int] = {}
        rows = self._query(_SELECT_UNITS)
        for e in map(self._entry_of, rows):
            unit = (e.cc, name_key(e.name))
            units.setdefault(unit, e.id)
            if e.feature == "admin1":
                self._admin1.setdefault(unit, e.id)
            else:
                self._countries[e.cc] = e.id
        self.demonyms: dict[str, str] = dict(demonyms or {})
        self.abbreviations = _abbreviation_ids(abbreviations or {}, units, self._countries)
        self.stopwords: frozenset[str] = frozenset(name_key(w) for w in stopwords)
        self._codes = lru_cache(maxsize=CANDIDATE_CACHE)(self._read_codes)
        self._candidates = lru_cache(maxsize=CANDIDATE_CACHE)(self._read_candidates)

    def __len__(self) -> int:
        return int(self._query("SELECT count(*) FROM entries")[0][0])

    def __iter__(self) -> Iterator[Entry]:
        return iter([self._entry_of(row) for row in self._query(_SELECT_ALL)])

    def __getitem__(self, entry_id: int) -> Entry:
        found = self._entries.get(entry_id)
        if found is None:
            rows = self._query(_SELECT_ONE, (entry_id,))
            if not rows:
                raise KeyError(entry_id)
            found = self._entry_of(rows[0])
        return found

    def candidates(self, key: str) -> tuple[tuple[Entry, bool], ...]:
        """(entry, matched only through an alternate spelling) for every entry under a name key."""
        return self._candidates(key)

    def _read_candidates(self, key: str) -> tuple[tuple[Entry, bool], ...]:
        codes = self._codes(key)
        if not codes:
            return ()
        self._fetch([c if c >= 0 else -c - 1 for c in codes])
        return tuple((self._entries[c], False) if c >= 0 else (self._entries[-c - 1], True) for c in codes)

    def has_key(self, key: str) -> bool:
        """Whether any entry is known under the normalised key."""
        return bool(self._codes(key))

    def lookup(self, name: str, *, country: str | None = None, feature: str | None = None) -> list[Entry]:
        """Entries called `name` (any spelling that folds to the same key), most prominent first."""
        found: Sequence[tuple[Entry, bool]] = self.candidates(name_key(name))
        if country:
            found = [(e, a) for e, a in found if e.cc == country.upper()]
        if feature:
            found = [(e, a) for e, a in found if e.feature == feature]
        return [e for e, alt in sorted(found, key=lambda t: (t[1], -t[0].prior))]

    def country(self, cc: str) -> Entry | None:
        """The country entry for an ISO alpha-2 code."""
        entry_id = self._countries.get(cc.upper())
        return None if entry_id is None else self[entry_id]

    def admin1(self, cc: str, name: str) -> Entry | None:
        """The admin1 unit `name` of country `cc` (any spelling known to the gazetteer)."""
        entry_id = self._admin1.get((cc.upper(), name_key(name)))
        if entry_id is not None:
            return self[entry_id]
        found = self.lookup(name, country=cc, feature="admin1")
        return found[0] if found else None

    def seat_of(self, entry: Entry) -> Entry:
        """The entry whose point stands for `entry` when only the unit is known (its capital)."""
        return entry if entry.seat is None else self[entry.seat]

    def demonym_target(self, word: str) -> str | None:
        """What a demonym names: a country code ("Afghan" -> "AF") or "@Name" of a region."""
        return self.demonyms.get(name_key(word))

    def is_stopword(self, word: str) -> bool:
        """Whether a capitalised word is never a place on its own (months, titles, groups …)."""
        return name_key(word) in self.stopwords

    # ------------------------------------------------------------------------------------------ storage

    def _read_codes(self, key: str) -> tuple[int, ...]:
        rows = self._query("SELECT codes FROM names WHERE key = ?", (key,))
        return tuple(int(c) for c in rows[0][0].split(",")) if rows else ()

    def _fetch(self, ids: list[int]) -> None:
        missing = [i for i in ids if i not in self._entries]
        if missing:
            for row in self._query(_SELECT_MANY, (json.dumps(missing),)):
                self._entry_of(row)

    def _entry_of(self, row: tuple[Any, ...]) -> Entry:
        """The one `Entry` object of a row (made on first sight, then reused)."""
        found = self._entries.get(row[0])
        if found is None:
            found = self._entries[row[0]] = Entry(*row)
        return found

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._conn is None or self._pid != os.getpid():  # never use a connection across fork
                self._conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
                self._pid = os.getpid()
            return self._conn.execute(sql, params).fetchall()


_SELECT_ALL = "SELECT id, name, feature, cc, admin1, admin2, lat, lon, prior, geonameid, seat FROM entries ORDER BY id"
_SELECT_ONE = "SELECT id, name, feature, cc, admin1, admin2, lat, lon, prior, geonameid, seat FROM entries WHERE id = ?"
_SELECT_MANY = ("SELECT id, name, feature, cc, admin1, admin2, lat, lon, prior, geonameid, seat FROM entries "
                "WHERE id IN (SELECT value FROM json_each(?))")
_SELECT_UNITS = ("SELECT id, name, feature, cc, admin1, admin2, lat, lon, prior, geonameid, seat FROM entries "
                 "WHERE feature IN ('admin1', 'country') ORDER BY id")
_INSERT_ENTRY = ("INSERT INTO entries (id, name, feature, cc, admin1, admin2, lat, lon, prior, geonameid, seat) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
CANDIDATE_CACHE = 50_000
CACHE_ENV = "SITREP_CACHE_DIR"
CACHE_SCHEMA = 1


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
    """The packaged gazetteer, opened once per process.

    The first use on a machine turns `data/gazetteer.tsv.gz` into an indexed SQLite file in the
    cache folder (`$SITREP_CACHE_DIR`, else `$XDG_CACHE_HOME/sitrep`, else `~/.cache/sitrep`; a few
    seconds, once per version of the data); every later start opens that file and reads only the names
    a text asks for. Without a writable cache folder the file is made in a temporary folder instead.
    """
    data = resources.files(DATA_PACKAGE)
    packed = data.joinpath(GAZETTEER_FILE).read_bytes()
    path = cached_database(packed)
    demonyms = {name_key(k): v for k, v in _read_pairs(data.joinpath(DEMONYMS_FILE).read_text("utf-8"))}
    abbreviations = dict(_read_pairs(data.joinpath(ABBREVIATIONS_FILE).read_text("utf-8")))
    stopwords = [w.strip() for w in data.joinpath(STOPWORDS_FILE).read_text("utf-8").splitlines()]
    stopwords = [w for w in stopwords if w and not w.startswith("#")]
    return Gazetteer(path, demonyms, abbreviations, stopwords)


def cache_folder() -> Path:
    """Where derived data files are kept between runs."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


def cached_database(packed: bytes) -> Path:
    """The SQLite form of the packed gazetteer TSV, built on first use and named by its content."""
    digest = hashlib.blake2b(packed, digest_size=8).hexdigest()
    name = f"gazetteer-{CACHE_SCHEMA}-{digest}.sqlite3"
    for folder in (cache_folder(), Path(tempfile.gettempdir()) / f"sitrep-{os.getuid()}"):
        path = folder / name
        if _usable(path):
            return path
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_database(gzip.decompress(packed).decode("utf-8").splitlines(), path)
            return path
        except OSError as err:
            logger.warning("gazetteer cache %s cannot be written (%s); trying a temporary folder", folder, err)
    raise DataError("no writable folder for the gazetteer's SQLite file",
                    source=GAZETTEER_FILE, hint=f"set {CACHE_ENV} to a writable folder")


def _usable(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            row: tuple[Any, ...] | None = conn.execute("SELECT value FROM meta WHERE name = 'complete'").fetchone()
            return row == ("yes",)
    except sqlite3.Error:
        return False


def write_database(lines: Iterable[str], path: Path) -> None:
    """Write the gazetteer TSV's entries and name index as a SQLite file at `path` (atomically)."""
    entries, keys = read_entries(lines)
    index = build_index(keys)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(partial)) as conn:
            conn.executescript(_SCHEMA)
            conn.executemany(_INSERT_ENTRY, entries)
            conn.executemany("INSERT INTO names (key, codes) VALUES (?, ?)",
                             ((k, str(v) if isinstance(v, int) else ",".join(map(str, v))) for k, v in index.items()))
            conn.execute("INSERT INTO meta (name, value) VALUES ('complete', 'yes')")
            conn.commit()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    logger.info("gazetteer: %d entries, %d names written to %s", len(entries), len(index), path)


_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE entries (id INTEGER PRIMARY KEY, name TEXT, feature TEXT, cc TEXT, admin1 TEXT, admin2 TEXT,
                      lat REAL, lon REAL, prior REAL, geonameid INTEGER, seat INTEGER);
CREATE INDEX entries_feature ON entries (feature);
CREATE TABLE names (key TEXT PRIMARY KEY, codes TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def read_entries(lines: Iterable[str]) -> tuple[list[Entry], list[tuple[int, list[str], list[str]]]]:
    """Parse the gazetteer TSV into entries (id = line number among entries) and their name keys."""
    entries: list[Entry] = []
    keys: list[tuple[int, list[str], list[str]]] = []
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        i = len(entries)
        entries.append(Entry(
            i, f[2], f[1], f[3], f[4], f[5], float(f[6]), float(f[7]),
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


def _abbreviation_ids(pairs: dict[str, str], units: dict[tuple[str, str], int],
                      countries: dict[str, int]) -> dict[str, int]:
    """Exact-case abbreviations ("U.S.", "Ky.", "B.C.") -> id of the country or admin1 entry named."""
    out: dict[str, int] = {}
    for surface, target in pairs.items():
        cc, _, name = target.partition(":")
        entry_id = units.get((cc, name_key(name))) if name else countries.get(cc)
        if entry_id is None:
            logger.warning("abbreviation %r: no entry for %r", surface, target)
            continue
        out[surface] = entry_id
    return out
