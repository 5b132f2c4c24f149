"""Actors: who fights, who is counted and who speaks, with the state each belongs to.

`find_actors(text, on)` recognises, in text order:

- organisations of `data/actors.json` (armed groups, state forces, independent bodies, media) by
  their aliases, each record valid between its dates — the Taliban are a non-state group until
  14 August 2021 and Afghanistan's de facto state forces from 15 August 2021;
- states: a country's name or demonym, alone ("Pakistan", "Afghan") or with a force noun
  ("Pakistani soldiers", "Pakistan's army", "the Afghan defence ministry");
- people: spokespeople and leaders listed in the data, and those the report itself introduces
  ("Taliban spokesman Zabihullah Mujahid", "Mujahid, a spokesman for the Taliban"), whose later
  mentions ("Mujahid said") speak for the same side;
- generic armed actors ("militants", "gunmen", "security forces").

`resolve(phrase, on)` gives the (country, role) a phrase speaks for; `acled_name(mention, on)`
the name ACLED codes an actor under.

The organisations come from two files: `data/actors.json`, curated (aliases and short names news
uses, the dates a group changed status, named state forces), and `data/actors_ucdp.tsv`, derived
from the UCDP Actor Dataset 22.1 (CC BY 4.0; rebuilt by scripts/build_actors.py), for the many
groups the curated file does not list. The curated file wins: a UCDP actor sharing a name with a
curated one active in its countries lends it its other names; otherwise it loses that name.
`theatres(name)` gives every country the UCDP list has an actor fight in.
Short acronyms are matched in upper case only, and not inside a run of capitals (a headline).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from ..patterns import alternation
from ..records import ActorMention, Role, Span
from . import english

_TITLE = (r"(?:chief\s+|main\s+|official\s+|deputy\s+|senior\s+|military\s+|government\s+|army\s+)?"
          rf"(?:{'|'.join(english.words('speaker_titles'))})")
_NAME = r"(?:[A-Z][\w’'\-]+|al-[A-Z][\w\-]+)(?:\s+(?:[A-Z][\w’'\-]+|al-[A-Z][\w\-]+|bin|ibn|ul|al)){0,3}"
_BEFORE_NAME = re.compile(rf"\s+{_TITLE}\s+(?P<name>{_NAME})")
_AFTER_NAME = re.compile(rf"(?P<name>{_NAME}),\s+(?:the\s+|a\s+|an\s+)?(?:[\w\-]+\s+){{0,3}}?{_TITLE}\s+"
                         r"(?:for|of|to)\s+(?:the\s+)?$")
_FOR_THE = re.compile(r"\b(?:for|of|to)\s+(?:the\s+)?$")
_TITLE_WORDS = english.word_set("speaker_titles") | {"the", "a", "an"}


@dataclass(frozen=True, slots=True)
class Actor:
    """One record of the actor data, valid from `valid_from` to `valid_until` (inclusive)."""

    name: str
    acled: str
    country: str | None
    role: Role
    kind: str = "organisation"
    valid_from: date | None = None
    valid_until: date | None = None
    independent: bool = False

    def valid_on(self, on: date | None) -> bool:
        if on is None:
            return self.valid_until is None
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )


@dataclass(frozen=True, slots=True)
class UcdpActor:
    """One row of `data/actors_ucdp.tsv`."""

    ucdp_id: int
    role: Role
    country: str
    countries: tuple[str, ...]
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _State:
    country: str
    display: str


class ActorTable:
    """The actor data compiled for matching."""

    def __init__(self, data: dict[str, Any], countries: dict[str, str], demonyms: dict[str, str],
                 ucdp: Sequence[UcdpActor] = ()) -> None:
        self.by_alias: dict[str, list[Actor]] = {}
        self.by_name: dict[str, list[Actor]] = {}
        for rec in data["organisations"]:
            self._add(_actor(rec, "organisation"), rec["aliases"])
        self.curated = frozenset(rec["name"] for rec in data["organisations"])
        # name -> every country the actor is active in, its own first (from the UCDP list)
        self.theatres: dict[str, tuple[str, ...]] = {
            actor.name: (actor.country,) for found in self.by_name.values() for actor in found if actor.country}
        reserved = set(countries) | set(demonyms) | {w for words in data["generic"].values() for w in words}
        for row in ucdp:
            self._add_ucdp(row, reserved)
        # thousands of names: looked up by their first word, each word's names compiled only when the
        # word is met (one regex of them all would take a third of a second to compile at every start)
        self.names = _FirstWordIndex(self.by_alias)
        for rec in data["media"]:
            self._add(Actor(rec["name"], rec["name"], rec["country"], "unknown", "media"), rec["aliases"])
        for rec in data["people"]:
            for target in list(self.by_name.get(rec["actor"], [])):
                person = Actor(target.name, target.acled, target.country, target.role, "person",
                               target.valid_from, target.valid_until, target.independent)
                self._add(person, rec["aliases"], named=False)
        self.capitals: dict[str, str] = dict(data["capitals"])
        self.nouns: dict[str, str] = {n: cat for cat, words in data["force_nouns"].items() for n in words}
        self.generic: dict[str, Role] = {n: role for role, words in data["generic"].items() for n in words}
        self.states: dict[str, _State] = {}
        display = _display_names()
        for name, cc in countries.items():
            self.states.setdefault(name, _State(cc, display.get(cc, cc)))
        for word, cc in demonyms.items():
            self.states.setdefault(word, _State(cc, display.get(cc, cc)))
            self.states.setdefault(word + "s", _State(cc, display.get(cc, cc)))
        self.forces: dict[str, list[Actor]] = {}  # country -> its state forces' records, for ACLED names
        for actors in self.by_name.values():
            for a in actors:
                if (a.country and a.role == "military" and a.kind == "organisation"
                        and a.acled.startswith("Military Forces of")):
                    self.forces.setdefault(a.country, []).append(a)
        # a force's own name is written with capitals ("the Malian Armed Forces", "Nigerian Army")
        titled = [n.title() for n, cat in self.nouns.items() if cat in ("military", "police")]
        nouns = _alternation(sorted([*self.nouns, *titled], key=len, reverse=True))
        states = _alternation(sorted(self.states, key=len, reverse=True))
        generic = _alternation(sorted(self.generic, key=len, reverse=True))
        self.state_pattern = re.compile(
            rf"(?<![\w\-])(?=[A-Z]|pro-[A-Z]|anti-[A-Z])(?P<prefix>(?:pro|anti)-)?(?P<state>{states})"
            rf"(?:['’]s)?(?![\w])(?:(?:\s+[a-z]+){{0,2}}?\s+(?P<noun>{nouns})\b)?"
        )
        self.generic_pattern = re.compile(
            rf"\b{_first_letters(self.generic, fold=True)}(?:{generic})\b",
            re.IGNORECASE,
        )
        self.capital_pattern = _words(self.capitals)

    def _add_ucdp(self, row: UcdpActor, reserved: set[str]) -> None:
        """A UCDP actor: lends its names to a curated actor of its name, or of one of its countries
        that shares one of its names; else it becomes an actor of its own under the names no
        curated actor has."""
        aliases = [a for a in row.aliases if a not in reserved]
        shared = [a for a in aliases if a in self.by_alias]
        # a full name shared with a curated actor active in one of the row's countries, or any name
        # (an acronym too) shared with one of the row's own country, makes them one group
        kin = [a for alias in shared for a in self.by_alias[alias] if a.kind == "organisation" and (
            a.country == row.country or (not _acronym(alias) and a.country in row.countries))]
        kin += [a for a in self.by_name.get(row.name, ()) if a.name in self.curated and a not in kin]
        if kin:
            for actor in dict.fromkeys(kin):
                for alias in aliases:
                    if actor not in self.by_alias.get(alias, ()):
                        self.by_alias.setdefault(alias, []).append(actor)
                self.theatres[actor.name] = tuple(dict.fromkeys([*self.theatres.get(actor.name, ()), *row.countries]))
            return
        free = [a for a in aliases if a not in self.by_alias]
        if free:
            self._add(Actor(row.name, row.name, row.country or None, row.role), free)
            self.theatres[row.name] = tuple(dict.fromkeys([row.country, *row.countries]))

    def _add(self, actor: Actor, aliases: Iterable[str], *, named: bool = True) -> None:
        if named:
            self.by_name.setdefault(actor.name, []).append(actor)
        for alias in aliases:
            self.by_alias.setdefault(alias, []).append(actor)

    def actor(self, alias: str, on: date | None) -> Actor | None:
        """The record an alias names on a date (the open-ended one when the date is unknown)."""
        found = self.by_alias.get(alias, [])
        valid = [a for a in found if a.valid_on(on)]
        return valid[0] if valid else None

    def state_forces(self, country: str, on: date | None) -> str | None:
        """ACLED's name for a state's military on a date ("Military Forces of Afghanistan (Taliban)")."""
        return next((a.acled for a in self.forces.get(country, ()) if a.valid_on(on)), None)


_WORD = re.compile(r"\w+")


def _acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return " " not in name and upper >= 2 and upper * 2 > len(letters)


class _FirstWordIndex:
    """Names found by their first word: at each word of a text that begins names (a dictionary
    lookup, no regex of thousands of words to compile at every start), those names are tried,
    longest first."""

    def __init__(self, names: Iterable[str]) -> None:
        by_first: dict[str, set[str]] = {}
        for name in names:
            first = _WORD.match(name)
            if first:
                by_first.setdefault(first.group(0), set()).add(name)
        self.by_first = {word: frozenset(found) for word, found in by_first.items()}

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name as listed) of each name in `text`, the longest at each place, none
        overlapping."""
        out: list[tuple[int, int, str]] = []
        end = 0
        by_first = self.by_first
        for w in _WORD.finditer(text):
            names = by_first.get(w.group(0))
            if names is None:
                continue
            start = w.start()
            if start < end:
                continue
            for name in _longest_first(names):
                stop = _spaced_match(text, start, name)
                if stop >= 0:
                    end = stop
                    out.append((start, end, name))
                    break
        return out


@lru_cache(maxsize=4096)
def _longest_first(names: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def _spaced_match(text: str, start: int, name: str) -> int:
    """Where `name` ends if it is written at `start` of `text` as a whole word, a space of the name
    standing for any run of white space ("Rapid Support\nForces"); -1 where it is not."""
    at = start
    for i, part in enumerate(name.split(" ")):
        if i:
            gap = at
            while gap < len(text) and text[gap].isspace():
                gap += 1
            if gap == at:
                return -1
            at = gap
        if not text.startswith(part, at):
            return -1
        at += len(part)
    if at < len(text) and (text[at].isalnum() or text[at] == "_"):
        return -1
    return at


def _actor(rec: dict[str, Any], kind: str) -> Actor:
    return Actor(
        rec["name"], rec.get("acled", rec["name"]), rec.get("country"), rec.get("role", "unknown"), kind,
        date.fromisoformat(rec["from"]) if rec.get("from") else None,
        date.fromisoformat(rec["until"]) if rec.get("until") else None,
        bool(rec.get("independent")),
    )


def _alternation(words: Sequence[str]) -> str:
    return alternation(words)


def _words(names: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(rf"(?<![\w]){_first_letters(ordered)}(?:{_alternation(ordered)})(?![\w])")


def _first_letters(words: Iterable[str], *, fold: bool = False) -> str:
    """A lookahead on the first letters of `words`: most positions fail at once (a large speed-up)."""
    letters = {w[0] for w in words if w}
    if fold:
        letters |= {c.lower() for c in letters} | {c.upper() for c in letters}
    return f"(?=[{re.escape(''.join(sorted(letters)))}])"


@lru_cache(maxsize=1)
def _display_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for cc, names in _country_rows():
        out[cc] = names[0]
    return out


def _country_rows() -> list[tuple[str, list[str]]]:
    text = resources.files("sitrep.data").joinpath("places_countries.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            f = line.split("\t")
            rows.append((f[0], [n for n in f[3].split("|") if n]))
    return rows


@lru_cache(maxsize=1)
def actor_table() -> ActorTable:
    """The packaged actor data, compiled once per process."""
    countries = {name: cc for cc, names in _country_rows() for name in names if len(name) > 3 or name.isupper()}
    return ActorTable(_curated(), countries, _demonyms(), ucdp_actors())


@lru_cache(maxsize=1)
def _curated() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("sitrep.data").joinpath("actors.json").read_text("utf-8"))
    return data


@lru_cache(maxsize=1)
def ucdp_actors() -> tuple[UcdpActor, ...]:
    """The non-state actors of the UCDP actor list (governments are the states' own records)."""
    text = resources.files("sitrep.data").joinpath("actors_ucdp.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ucdp_id, role, country, countries, name, aliases = line.split("\t")
        if role == "military" or not aliases:
            continue
        rows.append(UcdpActor(int(ucdp_id), "armed_group", country, tuple(countries.split("|")), name,
                              tuple(aliases.split("|"))))
    return tuple(rows)


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Demonym -> country code, from the gazetteer's data (regions, written "@Name", left out)."""
    out: dict[str, str] = {}
    for line in resources.files("sitrep.data").joinpath("places_demonyms.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, target = (p.strip() for p in line.split("\t")[:2])
            if not target.startswith("@"):
                out.setdefault(word, target)
    for word, target in _curated().get("demonyms", {}).items():
        out.setdefault(word, target)
    return out


def find_actors(text: str, on: date | None) -> list[ActorMention]:
    """Every actor mention in `text` (offsets into it), in text order."""
    table = actor_table()
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []
    matches = table.names.matches(text)
    defined = _defined_acronyms(text, matches)
    for start, end, alias in matches:
        if text.endswith("-", 0, start) and not text.endswith("pro-", 0, start) or _in_capitals(text, start, end):
            continue  # "anti-Hamas", "Al-Fateh Qurashi": a word joined to the name makes it another
        alias = defined.get(text[start:end], alias)
        if not alias:
            continue
        actor = table.actor(alias, on)
        if actor is not None:
            found.append(_mention(start, end, text[start:end], actor))
            taken.append((start, end))
    for m in table.state_pattern.finditer(text):
        mention = _state_mention(table, m, on, taken)
        if mention is not None:
            found.append(mention)
    found.extend(_introduced_people(text, found, taken))
    named = taken + [(a.span.start, a.span.end) for a in found]
    for m in table.generic_pattern.finditer(text):
        if not _overlaps(m.start(), m.end(), named):
            role: Role = table.generic[m.group(0).lower()] if m.group(0).lower() in table.generic else "armed_group"
            found.append(ActorMention(Span(m.start(), m.end(), m.group(0)), m.group(0).lower(), None, role, "generic"))
    return sorted(found, key=lambda a: (a.span.start, -a.span.end))


_CAPITAL_WORD = re.compile(r"[A-Z][A-Z'’\-]{2,}")
_ACRONYM_IN_BRACKETS = re.compile(r"\([A-Z]{2,8}\)")
_DEFINED = re.compile(r"((?:[A-Z][\w’'\-]*\s+(?:(?:of|for|the|and|de|du|des|la|le|del)\s+)*){2,8})\(([A-Z]{2,8})\)")


def _defined_acronyms(text: str, matches: list[tuple[int, int, str]]) -> dict[str, str]:
    """Acronyms the report defines ("the Ambazonia Defence Forces (ADF)"): each stands for the listed
    name it follows, or (a name the list does not know) for no listed group, whatever else the same
    letters are elsewhere ('' then)."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text) if _ACRONYM_IN_BRACKETS.search(text) else ():
        acronym = m.group(2)
        if acronym in out or not "".join(w[0] for w in m.group(1).split() if w[0].isupper()).endswith(acronym):
            continue
        before = [alias for start, end, alias in matches if m.start(1) <= start and end <= m.end(1) + 1]
        out[acronym] = before[-1] if before else ""
    return out


def _in_capitals(text: str, start: int, end: int) -> bool:
    """Whether a short acronym ("IS", "SDF") stands among words in capitals (a headline, "WHAT IS
    LEFT"), where it is most likely a word."""
    alias = text[start:end]
    if len(alias) > 4 or not alias.isupper():
        return False
    before = text[max(0, start - 30) : start].split()
    after = text[end : end + 30].split()
    near = before[-1:] + after[:1]
    table = actor_table()
    return any(_CAPITAL_WORD.fullmatch(w.strip(".,;:!?\"'()")) and w.strip(".,;:!?\"'()") not in table.by_alias
               for w in near)


def _mention(start: int, end: int, text: str, actor: Actor) -> ActorMention:
    kind = "person" if actor.kind == "person" else "organisation"
    return ActorMention(Span(start, end, text), actor.name, actor.country, actor.role, kind)


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _state_mention(table: ActorTable, m: re.Match[str], on: date | None,
                   taken: list[tuple[int, int]]) -> ActorMention | None:
    if m.group("prefix") == "anti-" or _overlaps(m.start("state"), m.end("state"), taken):
        return None
    state = table.states[_state_key(table, m.group("state"))]
    noun = m.group("noun")
    if noun and _overlaps(m.start("noun"), m.end("noun"), taken):
        noun = None
    end = m.end("noun") if noun else m.end("state")
    span = Span(m.start(), end, m.string[m.start():end])
    if noun:
        category = table.nouns[_noun_key(table, noun)]
        if category == "military":
            name = table.state_forces(state.country, on) or f"Military Forces of {state.display}"
            return ActorMention(span, name, state.country, "military", "state")
        if category == "police":
            return ActorMention(span, f"Police Forces of {state.display}", state.country, "military", "state")
        return ActorMention(span, f"Government of {state.display}", state.country, "unknown", "state")
    kind = "state" if m.group("state") in _country_names() else "nationality"
    return ActorMention(span, state.display, state.country, "unknown", kind)


def _state_key(table: ActorTable, surface: str) -> str:
    if surface in table.states:
        return surface
    return re.sub(r"\s+", " ", surface)


def _noun_key(table: ActorTable, surface: str) -> str:
    key = re.sub(r"\s+", " ", surface)
    return key if key in table.nouns else key.lower()


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(n for _, names in _country_rows() for n in names)


def _introduced_people(text: str, found: list[ActorMention], taken: list[tuple[int, int]]) -> list[ActorMention]:
    """People the report introduces as speaking for an actor, and their later mentions."""
    learned: dict[str, ActorMention] = {}
    for a in found:
        if a.country is None or a.kind == "generic":
            continue
        after = _BEFORE_NAME.match(text, a.span.end)
        if after:
            _learn(learned, after.group("name"), a)
        window = max(0, a.span.start - 160)
        before = None
        if _FOR_THE.search(text[max(0, a.span.start - 9) : a.span.start]):
            before = _AFTER_NAME.search(text, window, a.span.start)
        if before:
            _learn(learned, before.group("name"), a)
    if not learned:
        return []
    out = []
    taken_now = taken + [(a.span.start, a.span.end) for a in found]
    for m in _words(learned).finditer(text):
        if not _overlaps(m.start(), m.end(), taken_now):
            who = learned[" ".join(m.group(0).split())]  # a name may be broken over a line
            out.append(ActorMention(Span(m.start(), m.end(), m.group(0)), who.name, who.country, who.role, "person"))
            taken_now.append((m.start(), m.end()))
    return out


def _learn(learned: dict[str, ActorMention], name: str, actor: ActorMention) -> None:
    words = [w for w in name.split() if w.lower() not in _TITLE_WORDS]
    if not words:
        return
    learned.setdefault(" ".join(words), actor)
    if len(words) > 1 and len(words[-1]) > 3:
        learned.setdefault(words[-1], actor)


@lru_cache(maxsize=8192)
def resolve(phrase: str, on: date | None) -> tuple[str | None, Role]:
    """(country, role) that a phrase names or speaks for; (None, "unknown") for independent voices."""
    table = actor_table()
    mentions = [a for a in find_actors(phrase, on) if a.kind != "generic"]
    for a in mentions:
        if a.kind in ("organisation", "person") and _is_independent(table, a):
            return None, "unknown"
    sided = [a for a in mentions if a.country]
    if sided:
        best = next((a for a in sided if a.role != "unknown"), sided[0])
        return best.country, best.role
    m = table.capital_pattern.search(phrase)
    if m:
        return table.capitals[m.group(0)], "unknown"
    return None, "unknown"


def _is_independent(table: ActorTable, mention: ActorMention) -> bool:
    return any(a.independent for a in table.by_name.get(mention.name, []))


def acled_name(mention: ActorMention, on: date | None) -> str | None:
    """The name ACLED codes the actor under, or None for a bare nationality or a generic group."""
    if mention.kind in ("generic", "nationality"):
        return None
    table = actor_table()
    if mention.kind in ("organisation", "person"):
        actors = [a for a in table.by_name.get(mention.name, []) if a.valid_on(on)] or table.by_name.get(
            mention.name, [])
        if actors and actors[0].kind == "media":
            return None
        return actors[0].acled if actors else mention.name
    if mention.kind == "state" and mention.role == "unknown" and not mention.name.startswith("Government of"):
        return None
    return mention.name


def theatres(name: str) -> tuple[str, ...]:
    """Every country the actor of this name (an `ActorMention.name`) is known to fight in, its own
    country first: the UCDP list's countries ("Al Shabaab": SO, ET, UG, KE, DJ); () when unknown.
    A reader of a report set in one of them may take that country for the group's side there."""
    return actor_table().theatres.get(name, ())


@lru_cache(maxsize=512)
def demonym_of(country: str) -> str | None:
    """The adjective news uses for a country's people ("PK" → "Pakistani"), from the gazetteer data."""
    return next((word for word, cc in _demonyms().items() if cc == country), None)


@lru_cache(maxsize=8192)
def is_independent(phrase: str, on: date | None) -> bool:
    """Whether a phrase names an independent voice (the UN, a monitor, an aid group) rather than a side."""
    table = actor_table()
    return any(a.kind in ("organisation", "person") and _is_independent(table, a)
               for a in find_actors(phrase, on))
