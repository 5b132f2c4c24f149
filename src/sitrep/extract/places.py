"""Places: every place name in a report, resolved against the offline gazetteer, and the event's place.

`find_places` reads the text in three steps:

1. candidates — runs of capitalised words (with the lower-case joints of place names: "Tarnak wa
   Jaldak", "al-Bab") looked up longest first in the gazetteer's name index, plus demonyms ("Turkish")
   and exact-case abbreviations ("U.S.");
2. filters — stop words, acronyms, sentence-initial common words and pieces of longer proper names
   (a small village named like a person's surname next to a first name) are dropped;
3. resolution — each name's entries are scored by prominence, the countries the article is about,
   the admin units the article names (above all the one written right after the name: "Sarobi
   district, Paktika", "(Bulo Burto, Hiraan)"), the word after the name ("Kunar province") and
   closeness to the article's unambiguous places.

`locate_event` picks where the report's event happened: the first specific place that is not only the
admin qualifier of another, with ACLED's geo_precision (1 the town itself, 2 near a town or a part of
a region, 3 only a region or the country known, located at the unit's seat).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import NamedTuple

from ..records import PlaceMention, Span
from . import english
from .gazetteer import Entry, Gazetteer, haversine_km, load_gazetteer, name_key

logger = logging.getLogger(__name__)

# spaCy's English stop words, shipped as data (scripts/build_stopwords.py) so no spaCy import is paid
STOP_WORDS = frozenset(
    line.strip() for line in resources.files("sitrep.data").joinpath("english_stopwords.txt").read_text("utf-8")
    .splitlines() if line.strip() and not line.startswith("#")
)

MAX_WORDS = 6
MIN_KEY = 3  # shorter names ("Wa", "Ai") are words, not places, unless written as known abbreviations
MIN_ALTERNATE_KEY = 5  # other-language spellings this short match too many English words
STRAY_PRIOR = 4.5  # below this prominence (about 30,000 people) a lone town abroad is taken for a homonym
MAX_ANCHORS = 12  # resolved places that closeness is measured against
REGION_KM = 150.0  # the furthest apart two places of one event can be
# Lower-case words that may stand inside a place name ("Bosnia and Herzegovina", "Shahr-e Safa").
ARTICLES = english.word_set("name_articles")  # start a name when hyphened to it: "al-Bab"
JOINTS = ARTICLES | english.word_set("name_joints")
ABBREVIATION = re.compile(r"(?<![\w.])[A-Z][A-Za-z.]*(?!\w)")
TOKEN = re.compile(r"[^\W\d_]+(?:[‘’'][^\W\d_]+)*")  # hyphens split words: "Pakistan-Afghanistan"
GAP = re.compile(r"[ \t]{1,2}|[ \t]?-[ \t]?|\u00a0")
SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”\n(\[]\s*)$")

# Words after a name that say which kind of unit it is.
ADMIN1_WORDS = english.word_set("admin1_words")
ADMIN2_WORDS = english.word_set("admin2_words")
TOWN_WORDS = english.word_set("town_words")
# Words before a name that put the event near it rather than in it.
NEAR = re.compile(
    r"(?:\bnear|\boutside(?: of)?|\boutskirts of|\bvicinity of|\bclose to|\bfrom|\b(?:north|south|east|west|"
    r"northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?(?: part)?"
    r" of|\bkm (?:\w+ )?of|\bkilometres (?:\w+ )?of|\bkilometers (?:\w+ )?of|\bmiles (?:\w+ )?of|\bbetween)"
    r"\s+(?:the\s+)?$",
    re.I,
)

# Text between a name and the admin units written after it ("X district, Paktika", "X (Bulo Burto, Hiraan)").
QUALIFIER_GAP = re.compile(r"[\s\w-]*?[,(]\s*|[\s\w-]*?,\s*|\s*-\s*|\s*\(\s*[^)]*?,\s*")
# Text before a name that makes it the admin unit of the place named before it.
QUALIFIER_AFTER = re.compile(
    r"\b(?:districts?|provinces?|regions?|village|town|city|area|centre|center|county|governorate|"
    r"state|oblast)\s*,\s*$"
)

# What follows a dateline's place on its line: the country or state, then a dash or the agency.
DATELINE_REST = re.compile(r"[\w ,.'’]{0,40}?(?:\s[—–-]\s|\s?\((?:AP|AFP|Reuters|dpa|Xinhua|UPI|IANS|PTI)\))")

FEATURE_OUT = {"populated_place": "populated_place", "admin1": "admin1", "admin2": "admin2",
               "country": "country", "region": "region", "continent": "region"}
SPECIFIC = ("populated_place", "feature", "admin2")


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    name: bool  # may start or continue a place name (capitalised, or "al-Bab")


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A name found in the text with the entries it may mean."""

    start: int
    end: int
    entries: tuple[tuple[Entry, bool], ...]
    demonym: bool = False
    next_word: str = ""


@dataclass(frozen=True, slots=True)
class _Context:
    """What the article as a whole says about where it is."""

    countries: Counter[str]
    own: dict[str, Counter[str]]  # the part of `countries` each name contributed
    admin1: dict[tuple[str, str], set[str]]  # admin1 units named, with the names that named them
    anchors: tuple[tuple[str, Entry], ...]


# ---------------------------------------------------------------------------------------------- entry points

def find_places(text: str, countries: Sequence[str] = ()) -> list[PlaceMention]:
    """Every place name in `text`, resolved; `countries` are the ISO codes of the states it is about."""
    gazetteer = load_gazetteer()
    candidates = _candidates(text, gazetteer)
    if not candidates:
        return []
    context = _context(candidates, countries, text, None)
    chosen = [_best(c, i, candidates, context, text) for i, c in enumerate(candidates)]
    context = _context(candidates, countries, text, chosen)
    chosen = [_best(c, i, candidates, context, text) for i, c in enumerate(candidates)]
    pairs = zip(candidates, chosen, strict=True)
    return [_held_by(text, _mention(text, c, e), gazetteer) for c, e in pairs if not _stray(c, e, context)]


_HELD_BY = re.compile(r"([A-Z][\w]+)-administered\s+$")


def _held_by(text: str, p: PlaceMention, gazetteer: Gazetteer) -> PlaceMention:
    """A region named as administered by a state ("Pakistan-administered Kashmir") is that state's:
    its own entry there if the gazetteer has one, else the state. (Occupied or rebel-held land stays
    where the gazetteer has it, as ACLED codes it.)"""
    m = _HELD_BY.search(text, max(0, p.span.start - 30), p.span.start)
    if m is None:
        return p
    key = name_key(m.group(1))
    state = gazetteer.demonym_target(m.group(1)) or next(
        (e.cc for e, _ in gazetteer.candidates(key) if e.feature == "country"), None)
    if state is None or state == p.country:
        return p
    there = [e for e in gazetteer.lookup(p.name, country=state) if e.feature != "country"]
    unit = there[0] if there else gazetteer.country(state)
    if unit is None:
        return p
    return replace(p, name=unit.name, lat=unit.lat, lon=unit.lon, country=unit.cc or None,
                   admin1=unit.admin1 or (unit.name if unit.feature == "admin1" else None) or None,
                   admin2=unit.admin2 or None, geonameid=unit.geonameid,
                   feature=FEATURE_OUT.get(unit.feature, "feature"))


def locate_event(text: str, places: Sequence[PlaceMention],
                 known: Sequence[Span] | None = None) -> tuple[PlaceMention | None, int | None]:
    """Where the event happened, and ACLED's geo_precision (1 town, 2 near a town or in a district, 3 region).

    The first town or feature named that is not only the admin qualifier of another place, lies in the
    article's main country and agrees with the admin1 the text states; else the first district or
    qualifying town (precision 2); else the first admin1 or country, located at its seat (precision 3).
    A dateline's place ("KABUL —") counts only when the text names no other; a place name inside
    the name of something else ("Operation Falcon", "Phoenix TV", "Tehran University") never does.
    `known`: the spans of the report's dateline places (`dateline_spans`), when worked out.
    """
    usable = sorted((p for p in places if p.lat is not None and not _is_demonym(p)
                     and not _names_other_thing(text, p.span.start, p.span.end)),
                    key=lambda p: p.span.start)
    main = _main_country(places)
    datelines = [p for p in usable if is_dateline(text, p, known)]
    body = [p for p in usable if p not in datelines]
    found = _locate(text, body, main)
    return found if found[0] is not None or not datelines else _locate(text, datelines, main)


def _locate(text: str, usable: list[PlaceMention],
            main: str | None) -> tuple[PlaceMention | None, int | None]:
    """`locate_event` over the given places (in text order)."""
    ends = frozenset(p.span.end for p in usable)
    qualifiers = {id(p) for p in usable if _is_qualifier(text, p, ends)}
    stated = {(p.country, name_key(p.admin1 or "")) for p in usable
              if id(p) in qualifiers and p.feature == "admin1"}
    stated_countries = {cc for cc, _ in stated}

    def fits(p: PlaceMention) -> bool:
        if main and p.country != main:
            return False
        unit = (p.country, name_key(p.admin1 or ""))
        return not stated or unit in stated or p.country not in stated_countries

    specific = [p for p in usable if p.feature in SPECIFIC and fits(p)]
    for place in specific:
        if id(place) not in qualifiers:
            return _located(text, place)
    if specific:
        return specific[0], 2
    # The text's admin1 may be wrong, or the town a homonym the gazetteer lacks: a town of the main
    # country still says more than a region's seat; a town abroad only when no region is stated.
    for place in usable:
        if place.feature in SPECIFIC and id(place) not in qualifiers and \
                (not stated or place.country == main):
            return _located(text, place)
    for feature in ("admin1", "region", "country"):
        for place in usable:
            if place.feature == feature and (feature == "country" or fits(place)):
                return _at_seat(place), 3
    return None, None


# ---------------------------------------------------------------------------------------------- candidates

def _tokens(text: str) -> list[_Token]:
    out = []
    for m in TOKEN.finditer(text):
        start, end = m.span()
        word = m.group()
        if len(word) > 3 and word[-1] == "s" and word[-2] in "'’‘":
            end -= 2
            word = word[:-2]
        hyphened = text[end:end + 1] == "-" and text[end + 1:end + 2].isupper()
        name = word[0].isupper() or (hyphened and word in ARTICLES)
        out.append(_Token(start, end, word, name))
    return out


def _candidates(text: str, gazetteer: Gazetteer) -> list[_Candidate]:
    tokens = _tokens(text)
    found = _abbreviations(text, gazetteer)
    taken = {i for c in found for i in range(c.start, c.end)}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.name or tok.start in taken:
            i += 1
            continue
        hit = _longest(text, tokens, i, gazetteer)
        if hit is None:
            i += 1
            continue
        candidate, j = hit
        if _plausible(text, tokens, i, j, candidate, gazetteer):
            found.append(candidate)
        i = j + 1
    found.sort(key=lambda c: c.start)
    return found


def _longest(text: str, tokens: list[_Token], i: int, gazetteer: Gazetteer) -> tuple[_Candidate, int] | None:
    """The longest name starting at token `i` that the gazetteer (or the demonym table) knows."""
    last = i
    for j in range(i + 1, min(len(tokens), i + MAX_WORDS)):
        if not GAP.fullmatch(text[tokens[j - 1].end:tokens[j].start]):
            break
        if not (tokens[j].name or tokens[j].text in JOINTS):
            break
        last = j
    for j in range(last, i - 1, -1):
        if not tokens[j].name:
            continue
        surface = text[tokens[i].start:tokens[j].end]
        nxt = tokens[j + 1].text.lower() if j + 1 < len(tokens) else ""
        demonym = gazetteer.demonym_target(surface) if not surface.isupper() else None
        if demonym:
            entries = _demonym_entries(demonym, gazetteer)
            if entries:
                return _Candidate(tokens[i].start, tokens[j].end, entries, True, nxt), j
        key = name_key(surface)
        if len(key) < MIN_KEY or not gazetteer.has_key(key) or (j == i and gazetteer.is_stopword(surface)):
            continue
        entries = tuple((e, alt) for e, alt in gazetteer.candidates(key)
                        if not alt or len(key) >= MIN_ALTERNATE_KEY)
        if entries:
            return _Candidate(tokens[i].start, tokens[j].end, entries, False, nxt), j
    return None


def _demonym_entries(target: str, gazetteer: Gazetteer) -> tuple[tuple[Entry, bool], ...]:
    if target.startswith("@"):
        found = [e for e in gazetteer.lookup(target[1:]) if e.feature in ("continent", "region", "feature")]
        return ((found[0], False),) if found else ()
    country = gazetteer.country(target)
    return ((country, False),) if country is not None else ()


def _abbreviations(text: str, gazetteer: Gazetteer) -> list[_Candidate]:
    """Exact-case abbreviations ("U.S.", "UK", "Calif.") standing as words of their own."""
    found = []
    for m in ABBREVIATION.finditer(text):
        surface = m.group()
        entry_id = gazetteer.abbreviations.get(surface)
        if entry_id is None and surface.endswith("."):
            surface = surface[:-1]  # the full stop ends the sentence
            entry_id = gazetteer.abbreviations.get(surface)
        if entry_id is not None:
            found.append(_Candidate(m.start(), m.start() + len(surface), ((gazetteer[entry_id], False),)))
    return found


def _plausible(text: str, tokens: list[_Token], i: int, j: int, c: _Candidate, gazetteer: Gazetteer) -> bool:
    """Drop stop words, acronyms, sentence-initial common words and pieces of longer proper names."""
    surface = text[c.start:c.end]
    if c.demonym:
        return True
    if i == j:
        if surface.lower() in STOP_WORDS or (surface.isupper() and not _dateline(text, c.start, surface)):
            return False
        if _sentence_start(text, c.start) and _written_lower(text, surface):
            return False
    top = max(e.prior for e, _ in c.entries)
    if top >= 6.0:
        return True
    return not (_in_name(text, tokens, i - 1, i, gazetteer) or _in_name(text, tokens, j + 1, j, gazetteer))


_THING_BEFORE = re.compile(r"\b(?:Operation|Op\.|Exercise|Project|Mission)\s+(?:[A-Z][\w-]*\s+){0,2}$")
_THING_AFTER = re.compile(
    r"(?:[\s-]+[A-Z][\w-]*){0,2}?\s+(?:TV|Television|Radio|News|Channel|Times|Post|Herald|Tribune|Gazette|"
    r"University|College|Airlines|Airways|Air\s+Lines)\b")


def _names_other_thing(text: str, start: int, end: int) -> bool:
    """Whether a place name is a piece of the name of something else: a military operation
    ("Operation Sindoor"), a broadcaster or paper ("Phoenix TV", "Dawn News"), a university or an
    airline."""
    return bool(_THING_BEFORE.search(text, max(0, start - 40), start) or _THING_AFTER.match(text, end))


def _in_name(text: str, tokens: list[_Token], k: int, nearby: int, gazetteer: Gazetteer) -> bool:
    """Whether token `k`, next to token `nearby`, is a capitalised word that is neither a stop word nor a
    place (a person's or an organisation's name the candidate is part of)."""
    if k < 0 or k >= len(tokens):
        return False
    a, b = (tokens[k], tokens[nearby]) if k < nearby else (tokens[nearby], tokens[k])
    if text[a.end:b.start] != " ":
        return False
    word = tokens[k].text
    if not word[0].isupper() or gazetteer.is_stopword(word) or word.lower() in STOP_WORDS:
        return False
    lowered = word.lower()
    if lowered in ADMIN1_WORDS or lowered in ADMIN2_WORDS or lowered in TOWN_WORDS:
        return False
    return not gazetteer.has_key(name_key(word)) and gazetteer.demonym_target(word) is None


def _dateline(text: str, start: int, surface: str) -> bool:
    """Whether an upper-case name opens a line, as the place of a dateline does ("KABUL —")."""
    return len(surface) >= 4 and not text[text.rfind("\n", 0, start) + 1:start].strip()


def _sentence_start(text: str, start: int) -> bool:
    return bool(SENTENCE_END.search(text[max(0, start - 3):start]))


def _written_lower(text: str, word: str) -> bool:
    """Whether the text also writes `word` in lower case, as a word of its own (no letter, digit or
    "_" next to it): a common word capitalised by the sentence."""
    lowered = word.lower()
    at = text.find(lowered)
    while at >= 0:
        if not (_word_char(text, at - 1) or _word_char(text, at + len(lowered))):
            return True
        at = text.find(lowered, at + 1)
    return False


def _word_char(text: str, i: int) -> bool:
    """Whether `text[i]` is a character regular expressions count as part of a word (`\\w`)."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


# ---------------------------------------------------------------------------------------------- resolution

def _context(candidates: list[_Candidate], countries: Sequence[str], text: str,
             chosen: list[Entry] | None) -> _Context:
    """Countries, admin1 units and resolved places of the article, each noted with the name it came from."""
    counts: Counter[str] = Counter({cc.upper(): 3 for cc in countries if cc})
    own: dict[str, Counter[str]] = {}
    admin1: dict[tuple[str, str], set[str]] = {}
    anchors: list[tuple[str, Entry]] = []
    for k, c in enumerate(candidates):
        key = name_key(text[c.start:c.end])
        entry = chosen[k] if chosen is not None else c.entries[0][0]
        if chosen is not None or len({e.cc for e, _ in c.entries}) == 1:
            counts[entry.cc] += 1
            own.setdefault(key, Counter())[entry.cc] += 1
        if chosen is not None and entry.feature in SPECIFIC + ("admin1",) and len(anchors) < MAX_ANCHORS:
            anchors.append((key, entry))
        for e, alt in c.entries:
            if e.feature == "admin1" and not alt and (len(c.entries) == 1 or chosen is None or e is entry):
                admin1.setdefault((e.cc, name_key(e.name)), set()).add(key)
    counts.pop("", None)
    return _Context(counts, own, admin1, tuple(anchors))


def _best(c: _Candidate, k: int, candidates: list[_Candidate], ctx: _Context, text: str) -> Entry:
    if len(c.entries) == 1:
        return c.entries[0][0]
    qualifier = _qualifier_units(k, candidates, text)
    key = name_key(text[c.start:c.end])
    return max(c.entries, key=lambda ea: _score(ea[0], ea[1], c, key, ctx, qualifier))[0]


def _score(e: Entry, alternate: bool, c: _Candidate, key: str, ctx: _Context,
           qualifier: frozenset[tuple[str, str]]) -> float:
    score = e.prior - (1.5 if alternate else 0.0)
    mine = ctx.own.get(key, Counter())
    total = sum(ctx.countries.values()) - sum(mine.values())
    others = ctx.countries.get(e.cc, 0) - mine.get(e.cc, 0)
    if total > 0 and others > 0:
        score += 4.0 * others / total + 1.0
    unit = (e.cc, name_key(e.admin1))
    if e.feature != "admin1" and e.admin1:
        if unit in qualifier:
            score += 5.0
        elif ctx.admin1.get(unit, {key}) != {key}:
            score += 2.5
    if c.next_word in ADMIN1_WORDS:
        score += 3.0 if e.feature == "admin1" else 0.0
    elif c.next_word in ADMIN2_WORDS:
        score += 3.0 if e.feature in ("admin2", "populated_place") else 0.0
    elif c.next_word in TOWN_WORDS:
        score += 2.0 if e.feature == "populated_place" else 0.0
    if e.feature in SPECIFIC:
        nearest = min((haversine_km(e.lat, e.lon, a.lat, a.lon) for k, a in ctx.anchors if k != key),
                      default=1e9)
        score += 1.5 if nearest < 50 else 1.0 if nearest < 150 else 0.5 if nearest < 400 else 0.0
    return score


def _qualifier_units(k: int, candidates: list[_Candidate], text: str) -> frozenset[tuple[str, str]]:
    """Admin units written right after candidate `k` ("X district, Paktika", "X (Bulo Burto, Hiraan)")."""
    units: set[tuple[str, str]] = set()
    end = candidates[k].end
    for nxt in candidates[k + 1:k + 4]:
        gap = text[end:nxt.start]
        if len(gap) > 40 or not QUALIFIER_GAP.fullmatch(gap):
            break
        for e, alt in nxt.entries:
            if e.feature in ("admin1", "admin2", "populated_place") and not alt:
                units.add((e.cc, name_key(e.admin1 or e.name)))
        end = nxt.end
    return frozenset(units)


def _stray(c: _Candidate, e: Entry, ctx: _Context) -> bool:
    """A small town abroad in an article clearly about other countries: a homonym of a local word.

    Towns matched only through an other-language spelling count as small up to a larger size."""
    alternate = any(alt for entry, alt in c.entries if entry is e)
    limit = STRAY_PRIOR + (1.0 if alternate else 0.0)
    if e.feature != "populated_place" or e.prior >= limit or ctx.countries.get(e.cc, 0) > 1:
        return False
    return bool(ctx.countries) and ctx.countries.most_common(1)[0][1] >= 3


def _mention(text: str, c: _Candidate, e: Entry) -> PlaceMention:
    return PlaceMention(
        span=Span(c.start, c.end, text[c.start:c.end]),
        name=e.name, lat=e.lat, lon=e.lon, country=e.cc or None,
        admin1=e.admin1 or (e.name if e.feature == "admin1" else None) or None,
        admin2=e.admin2 or None, geonameid=e.geonameid,
        feature=FEATURE_OUT.get(e.feature, "feature"),
    )


# ---------------------------------------------------------------------------------------------- event place

_SAYS = re.compile(
    r"(?:[’']s\s+(?:government|leaders?|officials?|authorities|envoy|embassy)\s+)?\s*(?:has\s+|have\s+|had\s+)?"
    rf"(?:not\s+)?(?:{english.either('government_speech_verbs')})\b")
_SPEAKER_BEFORE = re.compile(
    r"(?:according\s+to|officials?\s+in|ministry\s+in|government\s+in|authorities\s+in|leaders?\s+in|"
    r"spokes(?:man|woman|person)\s+in|sources\s+in|discontent\s+in|talks\s+in|meeting\s+in|both|between|"
    r"and|with)\s*$", re.IGNORECASE)


def speaks_for_government(text: str, p: PlaceMention) -> bool:
    """Whether a capital stands for its government, not a place where something happened: the one
    who speaks or acts ("Baku rejected the claim", "according to Kabul", "officials in Bangkok said"),
    or a party named beside another ("talks between Islamabad and Kabul")."""
    if not _is_capital(p):
        return False
    before = text[max(0, p.span.start - 30):p.span.start]
    return bool(_SAYS.match(text, p.span.end) or _SPEAKER_BEFORE.search(before)
                or re.match(r"\s+and\s+(?:the\s+)?[A-Z]", text[p.span.end:p.span.end + 12]))


def is_capital(p: PlaceMention) -> bool:
    """Whether a town is its country's capital (the seat of its state)."""
    return _is_capital(p)


def _is_capital(p: PlaceMention) -> bool:
    if p.feature != "populated_place" or not p.country or p.geonameid is None:
        return False
    gazetteer = load_gazetteer()
    state = gazetteer.country(p.country)
    return state is not None and state.seat is not None and gazetteer.seat_of(state).geonameid == p.geonameid


def is_demonym(p: PlaceMention) -> bool:
    """Whether the mention is a people's name standing for a place ("Afghan" for Afghanistan)."""
    return _is_demonym(p)


def _is_demonym(p: PlaceMention) -> bool:
    if name_key(p.span.text) == name_key(p.name):
        return False
    return load_gazetteer().demonym_target(p.span.text) is not None


def _is_qualifier(text: str, p: PlaceMention, ends: frozenset[int]) -> bool:
    """Whether `p` only names the unit of a place before it ("Tulak district, Ghor", "(Bulo Burto, Hiraan)").
    """
    before = text[max(0, p.span.start - 60):p.span.start]
    opened, closed = before.rfind("("), before.rfind(")")
    if opened > closed:
        return True
    comma = before.rstrip()
    if not comma.endswith(","):
        return False
    return bool(QUALIFIER_AFTER.search(before)) or any(p.span.start - 4 <= e < p.span.start for e in ends)


def dateline_spans(text: str, places: Sequence[PlaceMention]) -> tuple[Span, ...]:
    """The spans of the `places` that are a dateline's place (`is_dateline`): worked out once per report."""
    return tuple(p.span for p in places if is_dateline(text, p))


def is_dateline(text: str, p: PlaceMention, known: Sequence[Span] | None = None) -> bool:
    """Whether `p` is the dateline's place ("KABUL —", "Kabul, Afghanistan (AP) —"): where the report was
    filed, not necessarily where the event happened. `known`: the report's dateline spans
    (`dateline_spans`), when worked out."""
    if known is not None:
        return p.span in known
    line_start = text.rfind("\n", 0, p.span.start) + 1
    if text[line_start:p.span.start].strip():
        return False
    return p.span.text.isupper() or bool(DATELINE_REST.match(text, p.span.end, p.span.end + 60))


def _main_country(places: Sequence[PlaceMention]) -> str | None:
    """The country most of the article's places (demonyms included) are in, when one clearly leads."""
    counts = Counter(p.country for p in places if p.country)
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2)
    return top if not rest or n > rest[0][1] else None


def _located(text: str, place: PlaceMention) -> tuple[PlaceMention, int]:
    after = text[place.span.end:place.span.end + 12].lower().split()
    if NEAR.search(text[max(0, place.span.start - 40):place.span.start]):
        return place, 2
    if place.feature == "admin2" or (after and after[0].strip(",.;") in ADMIN2_WORDS):
        return place, 2
    return place, 1


def state_place(country: str) -> PlaceMention | None:
    """A state as a place, at its seat (capital)."""
    gazetteer = load_gazetteer()
    unit = gazetteer.country(country)
    if unit is None:
        return None
    seat = gazetteer.seat_of(unit)
    return PlaceMention(Span(0, 0, ""), seat.name, seat.lat, seat.lon, country, admin1=seat.admin1 or None,
                        geonameid=seat.geonameid, feature="country")


def _at_seat(place: PlaceMention) -> PlaceMention:
    """An admin unit or country located at its seat (capital), as ACLED codes a region-only event."""
    gazetteer = load_gazetteer()
    if place.feature == "region":
        return place
    if place.feature == "country":
        unit = gazetteer.country(place.country or "")
    else:
        unit = gazetteer.admin1(place.country or "", place.admin1 or place.name)
    if unit is None or unit.seat is None:
        return place
    seat = gazetteer.seat_of(unit)
    return replace(place, name=seat.name, lat=seat.lat, lon=seat.lon, geonameid=seat.geonameid,
                   admin1=seat.admin1 or place.admin1)
