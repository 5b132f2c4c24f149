"""Sides: whose losses a counted figure is — the subject's country and role — and which rule said so.

A reader resolves the side of "23 soldiers were killed" from context, and so does this stage, by the
first of these rules that applies (each one's name is recorded on the claim as `side_by`):

- `words`     the subject's own words: "Pakistani soldiers", "Congolese troops";
- `actor`     a named organisation in the subject: "M23 rebels", "al-Shabaab fighters";
- `anaphora`  the subject refers back to the one just counted: "… and 10 others wounded";
- `possessive` "its soldiers" (the claimant's own), "Armenia lost 49 servicemen" (the side named before);
- `speaker_own` a side reporting losses with no agent named admits its own: "the army said 23 soldiers
              were killed";
- `agent_target` an agent's count of what it did counts the other side: "Afghan forces killed 58
              soldiers", "five soldiers were killed by Russian drones";
- `place`     the country where it happened, from the place named in the sentence: "killed in a strike
              on a market in <town>";
- `report`    the one country where the report's violence happens.

Where none applies the side stays unknown: a wrong side is worse than none. Civilians and people
of no stated role are placed where they were before the agent's side is consulted (civilians killed
in Gaza are Palestinian whoever reports them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..records import ActorMention, Annotations, Claim, Document, PlaceMention, Span
from . import english
from .attribution import phrase_before
from .figures import Figure
from .gazetteer import load_gazetteer, name_key
from .lexicon import claims_lexicon
from .places import is_dateline

Resolver = Callable[[str, date | None], tuple[str | None, str]]

RULES = ("words", "actor", "anaphora", "possessive", "speaker_own", "agent_target", "place", "report")
"""Every rule a side can be decided by, in the order they are tried."""


@dataclass(frozen=True, slots=True)
class Side:
    country: str | None
    role: str
    by: str | None  # the rule that decided the country (one of RULES), None where none applied


@dataclass(frozen=True, slots=True)
class Scene:
    """What the whole report says about its sides, worked out once per report."""

    doc: Document
    annotations: Annotations
    on: date | None
    resolve: Resolver
    parties: tuple[str, ...]  # the states the report names, most mentioned first
    rebels: frozenset[str] = frozenset()  # countries the report names a non-state armed group of
    state_only: frozenset[str] = frozenset()  # countries whose only named organisations are state forces
    theatre: str | None = None  # the one country where the report's violence happens, if one leads
    named: frozenset[str] = frozenset()  # countries the report names (as a state, a people or a country)
    doc_actors: tuple[ActorMention, ...] = ()  # every actor of the report (`annotations` may be one sentence's)


def scene(doc: Document, annotations: Annotations, on: date | None, resolve: Resolver) -> Scene:
    actors = annotations.actors
    named = _named_countries(annotations)
    return Scene(doc, annotations, on, resolve, _parties(actors), *_organisations(actors),
                 theatre=_theatre(doc, annotations, named), named=named, doc_actors=tuple(actors))


def _named_countries(annotations: Annotations) -> frozenset[str]:
    """The countries a report names as such: a state, its forces or people, an armed group of it, or
    the country's own name. A town in any other country is more likely a namesake than the scene."""
    found = {a.country for a in annotations.actors if a.country and a.kind != "generic"}
    found.update(p.country for p in annotations.places if p.country and p.feature == "country")
    return frozenset(found)


def _organisations(actors: Sequence[ActorMention]) -> tuple[frozenset[str], frozenset[str]]:
    """(countries with a named non-state armed group, countries whose named organisations are all
    state forces), over the whole report."""
    organisations = [a for a in actors if a.country and a.kind == "organisation"]
    rebels = frozenset(a.country for a in organisations if a.role == "armed_group" and a.country)
    countries = {a.country for a in organisations if a.country}
    state_only = frozenset(
        c for c in countries if all(a.role == "military" for a in organisations if a.country == c)
    )
    return rebels, state_only


def _parties(actors: Sequence[ActorMention]) -> tuple[str, ...]:
    counts = Counter(a.country for a in actors if a.country and a.kind != "generic")
    return tuple(c for c, _ in counts.most_common())


_LOCATIVE = re.compile(r"\b(?:in|into|inside|across|throughout|near|of)\s+(?:the\s+)?"
                       r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                       r"north-?eastern|north-?western|south-?eastern|south-?western)\s+)?$", re.IGNORECASE)


_BASED_AFTER = re.compile(r"-based\b|\s*-?\s*headquartered\b", re.IGNORECASE)
_BASED_BEFORE = re.compile(rf"\b(?:{english.either('based_in_words')})\s+in\s+(?:the\s+)?$", re.IGNORECASE)


def _scene(text: str, p: PlaceMention, datelines: Sequence[Span] | None) -> bool:
    """Whether a place can be where something happened: not a dateline (where the report was filed)
    nor where a speaker is based ("the London-based Observatory", "a group based in Paris")."""
    if is_dateline(text, p, datelines):
        return False
    if _BASED_AFTER.match(text, p.span.end, p.span.end + 20):
        return False
    return not _BASED_BEFORE.search(text, max(0, p.span.start - 30), p.span.start)


def _plausible(p: PlaceMention, named: frozenset[str]) -> bool:
    """Whether a place can be the scene: it is in a country the report names (or the report names
    none), or it is a city of about a million people or more, which no namesake hides."""
    if not p.country:
        return False
    if not named or p.country in named:
        return True
    prominence, alone = _standing(p)
    return prominence >= _CITY or alone and prominence >= _TOWN


_CITY = 6.0  # the gazetteer's prominence is about log10 of the population: a city of a million
_TOWN = 5.0  # a town of 100,000 whose name no other country has


def _standing(p: PlaceMention) -> tuple[float, bool]:
    """(prominence, whether every place of that name is in its country)."""
    return _standing_of(p.span.text, p.name, p.country or "", p.feature)


@lru_cache(maxsize=4096)
def _standing_of(written: str, name: str, country: str, feature: str) -> tuple[float, bool]:
    entries = load_gazetteer().candidates(name_key(written))
    prominence = max((e.prior for e, _ in entries if (e.name, e.cc, e.feature) == (name, country, feature)),
                     default=0.0)
    return prominence, all(e.cc == country for e, _ in entries)


def _theatre(doc: Document, annotations: Annotations, named: frozenset[str]) -> str | None:
    """The country the report's places of violence are in: its towns and regions (not datelines,
    not a country named as a party, not a namesake in a country the report never names), else every
    place it names, when one country clearly leads."""
    actor_spans = [(a.span.start, a.span.end) for a in annotations.actors]
    usable = [p for p in annotations.places if _plausible(p, named) and _scene(doc.analysis, p, annotations.datelines)]
    local = [p.country for p in usable if p.feature != "country"]
    # else every country the report names, as a place or as a state, its forces or people
    named_places = [p.country for p in usable if p.feature == "country"
                    and not any(s <= p.span.start < e for s, e in actor_spans)]
    states = [a.country for a in annotations.actors if a.country and a.kind in ("state", "nationality")]
    for countries in (local, named_places + states):
        counts = Counter(countries)
        if counts:
            (top, n), *rest = counts.most_common(2)
            return top if not rest or n >= 2 * rest[0][1] else None  # a clear lead: twice the next
    return None


# --------------------------------------------------------------------------- the rules

_TAKEN = frozenset({"positions_captured", "aircraft_downed", "detained"})
_MILITIA = re.compile(r"(?i)\bpro-(?:government|regime)\b|\bmilitia")
_ANAPHORIC = english.word_set("anaphoric")
_SPEAKER_SELF = english.words("speaker_self")


def side_of(
    sc: Scene, sentence: Span, fig: Figure, claimant_country: str | None, previous: Claim | None,
    claimant_armed: bool = False,
) -> Side:
    """The side of `fig` (offsets relative to `sentence`); `previous` is the claim read just before it
    in the same sentence, for anaphora; `claimant_armed`, whether the claimant is a non-state armed
    group (whose enemy is the state it fights in, not another state)."""
    base_role = _base_role(fig)
    country, role = sc.resolve(fig.subject, sc.on)
    if country:
        by: str | None = "actor" if _names_organisation(sc, sentence, fig) else "words"
        return Side(country, role if role != "unknown" else base_role, by)
    whose = _of_whom(sc, sentence, fig)
    if whose:
        return Side(whose, base_role, "words")
    told = _APPOSITION.match(sentence.text, fig.subject_end)
    if told:  # "23 people, all of them Syrian, …"
        country, _role = sc.resolve(told.group(1), sc.on)
        if country:
            return Side(country, base_role, "words")
    member = _member_of(sc, sentence, fig)
    if member is not None:
        role = member.role if member.role != "unknown" else base_role
        return Side(member.country, role, "actor" if member.kind == "organisation" else "words")
    if previous is not None and _refers_back(fig):
        return Side(previous.subject_country, previous.subject_role, previous.side_by and "anaphora")
    if fig.possessive and fig.active and fig.kind in _TAKEN and claimant_country:
        enemy = _adversary(sc, claimant_country)  # "captured 11 of their posts": nobody takes its own
        return Side(enemy, _actor_role(sc, base_role, enemy), "agent_target" if enemy else None)
    if fig.possessive:
        return Side(claimant_country, _actor_role(sc, base_role, claimant_country),
                    "possessive" if claimant_country else None)
    if base_role in ("civilian", "unknown") and fig.head_class not in ("positions", "aircraft"):
        return _bystanders(sc, sentence, fig, claimant_country, base_role)
    possessor = _possessor(sc, sentence, fig)
    if possessor:
        return Side(possessor, _actor_role(sc, base_role, possessor), "possessive")
    labels = claims_lexicon().enemy_labels
    if base_role == "armed_group" and any(w.strip("\"“”'‘’") in labels for w in fig.subject.lower().split()):
        return _rebels(sc, sentence, sentence.start + fig.quantity_start)  # "terrorists", "extremist fighters"
    if fig.active and _LOSS.fullmatch(sentence.text[fig.cue_start : fig.cue_end].rstrip(" \"“”'‘’")):
        loser = _agent_country(sc, sentence, fig, claimant_country) or claimant_country
        if loser:  # "the army had lost 20 soldiers": the side that lost them, else the speaker's own
            return Side(loser, _actor_role(sc, base_role, loser), "possessive")
    owner, by = _owner(sc, sentence, fig, claimant_country, claimant_armed)
    if owner is None and base_role in ("military", "armed_group"):
        owner, by = _where(sc, sentence, sentence.start + fig.quantity_start)
    return Side(owner, _actor_role(sc, base_role, owner) if owner else base_role, by if owner else None)


def _base_role(fig: Figure) -> str:
    role = fig.head_class if fig.head_class in ("military", "armed_group", "civilian") else "unknown"
    if role == "military" and _MILITIA.search(fig.subject):
        role = "armed_group"
    if fig.head_class in ("positions", "aircraft"):
        role = "military"
    return role


def _names_organisation(sc: Scene, sentence: Span, fig: Figure) -> bool:
    start, end = sentence.start + fig.subject_start, sentence.start + fig.subject_end
    return any(a.kind == "organisation" and a.span.start < end and start < a.span.end
               for a in sc.annotations.actors)


def _refers_back(fig: Figure) -> bool:
    words = fig.subject.lower().split()
    return fig.elliptical or bool(words) and (words[-1] in _ANAPHORIC or words[0] in _ANAPHORIC)


def _bystanders(sc: Scene, sentence: Span, fig: Figure, claimant_country: str | None, role: str) -> Side:
    """Civilians and people of no stated role are where it happened: the sentence's place, else a
    state's count of its own with no attacker named, else the report's country; only where the report
    has no one country, the other side of a named attacker. Dead of clashes "between Pakistan and
    Afghanistan" are of neither side that the words tell."""
    if _between_states(sc, sentence):
        return Side(None, role, None)
    here = place_country(sc, sentence, sentence.start + fig.quantity_start)
    if here:
        return Side(here, role, "place")
    attacker = (_agent_country(sc, sentence, fig, claimant_country) if fig.active
                else _passive_agent(sc, sentence, fig, claimant_country))
    if attacker is None and claimant_country and not fig.active:
        return Side(claimant_country, role, "speaker_own")
    if sc.theatre:
        return Side(sc.theatre, role, "report")
    enemy = _adversary(sc, attacker)
    if enemy:
        return Side(enemy, role, "agent_target")
    return Side(None, role, None)


_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?[A-Z][^,;.]{0,40}?\s+and\s+(?:the\s+)?[A-Z]")


def _between_states(sc: Scene, sentence: Span) -> bool:
    """Whether the sentence tells of fighting between two states ("clashes between Pakistan and
    Afghanistan"): two countries named after "between … and"."""
    m = _BETWEEN.search(sentence.text)
    if not m:
        return False
    start, end = sentence.start + m.start(), sentence.start + m.end() + 40
    countries = {a.country for a in sc.annotations.actors if start <= a.span.start < end and a.country
                 and a.kind in ("state", "nationality")}
    countries |= {p.country for p in sc.annotations.places if start <= p.span.start < end and p.country
                  and p.feature == "country"}
    return len(countries) >= 2


def _rebels(sc: Scene, sentence: Span, near: int) -> Side:
    """Unnamed "insurgents", "militants", "terrorists", "rebels": the armed group the report names,
    else where it happened, else the report's country (a group fights in its own country, whoever
    counts its dead)."""
    if len(sc.rebels) == 1:
        return Side(next(iter(sc.rebels)), "armed_group", "report")
    here = place_country(sc, sentence, near)
    if here:
        return Side(here, "armed_group", "place")
    if sc.theatre:
        return Side(sc.theatre, "armed_group", "report")
    return Side(None, "armed_group", None)


def _where(sc: Scene, sentence: Span, near: int) -> tuple[str | None, str | None]:
    """Fighters of no named side: in a report about one state's war, that state; else the country of
    the sentence's place; else the report's country."""
    if len(sc.parties) == 1:
        return sc.parties[0], "report"
    here = place_country(sc, sentence, near)
    if here:
        return here, "place"
    return (sc.theatre, "report") if sc.theatre else (None, None)


_OF_LAND = re.compile(r"\s+of\s+(?:the\s+)?((?:[A-Z][\w’'\-]*\s+){1,3})(?:territory|land|soil|airspace)\b")


def _of_whom(sc: Scene, sentence: Span, fig: Figure) -> str | None:
    """"10 square kilometres of Armenian territory": whose land or positions the words after say."""
    if fig.head_class not in ("positions", "aircraft"):
        return None
    m = _OF_LAND.match(sentence.text, fig.subject_end)
    return sc.resolve(m.group(1), sc.on)[0] if m else None


_APPOSITION = re.compile(r"\s*,\s*(?:all|most|many|almost\s+all|mostly)\s+(?:of\s+them\s+)?([A-Z][\w’'\-]+)")
_MEMBER_OF = re.compile(r"\s*,?\s*(?:of|from|belonging\s+to|with|among)\s+(?:the\s+)?(?:so-called\s+)?",
                        re.IGNORECASE)


def _member_of(sc: Scene, sentence: Span, fig: Figure) -> ActorMention | None:
    """"11 rebels of the so-called M23 group", "37 soldiers from the Syrian government forces",
    "20 soldiers of India": the side named right after the counted."""
    if fig.head_class in ("positions", "aircraft"):
        return None
    m = _MEMBER_OF.match(sentence.text, fig.subject_end)
    if not m:
        return None
    at = sentence.start + m.end()
    for a in sc.annotations.actors:
        attacker = _ATTACK_NOUN.match(sc.doc.analysis, a.span.end)  # "victims of the Israeli attack"
        if a.span.start == at and a.country and a.kind != "generic" and not attacker:
            return a
    return None


_LOSS = re.compile(r"(?i)(?:ha(?:ve|s|d)\s+)?(?:lost|losing)")  # a cue of losses: whose they were
_ATTACK_NOUN = re.compile(rf"\s+(?:\w+\s+)?(?:{english.either('attack_nouns')})s?\b", re.IGNORECASE)
_EVENT_AGENT = re.compile(rf"(?i)\b(?:the|an?|that|this)\s+(?:\w+\s+)?(?:{english.either('event_agent_nouns')})"
                          r"\s+(?:also\s+|reportedly\s+)?$")
_HAVE = re.compile(r"\b(?:had|has|have|lost|suffered|saw|sustained)\s+(?:about\s+|some\s+|around\s+)?$")


def _possessor(sc: Scene, sentence: Span, fig: Figure) -> str | None:
    """"Russian forces had 300 soldiers killed", "Armenia lost 49 servicemen": the side named just before."""
    before = sentence.text[max(0, fig.quantity_start - 20) : fig.quantity_start]
    if not _HAVE.search(before):
        return None
    at = sentence.start + fig.quantity_start
    near = [a for a in sc.annotations.actors
            if a.country and a.kind != "generic" and sentence.start <= a.span.start and a.span.end <= at - 3
            and at - a.span.end <= 25]
    return near[-1].country if near else None


def _owner(sc: Scene, sentence: Span, fig: Figure, claimant_country: str | None,
           claimant_armed: bool) -> tuple[str | None, str | None]:
    """Fighters, positions or aircraft counted by a side: the enemy's where an agent acted on them,
    the claimant's own where it reports them lost."""
    if claimant_armed and claimant_country:
        own = _passive_agent(sc, sentence, fig, claimant_country) == claimant_country
        if fig.active and _agent_country(sc, sentence, fig, claimant_country) in (claimant_country, None) or own:
            return claimant_country, "agent_target"  # an armed group's count of what it did: the state's losses
    if not fig.active:
        by = _passive_agent(sc, sentence, fig, claimant_country)
        if by:
            return _adversary(sc, by), "agent_target"
        if fig.kind == "aircraft_downed":  # "38 drones were shot down, Ukraine's air force said"
            return _adversary(sc, claimant_country), "agent_target"
        return claimant_country, "speaker_own"
    if _base_role(fig) == "military" and _armed_agent(sc, sentence, fig):
        # "militants attacked a checkpoint, killing two policemen": the state the group fights
        owner = _rebels(sc, sentence, sentence.start + fig.quantity_start).country
        if owner:
            return owner, "agent_target"
    agent = _agent_country(sc, sentence, fig, claimant_country)
    acting = agent or claimant_country
    if acting and _base_role(fig) == "armed_group" and acting not in sc.rebels:
        # "the army said it killed 203 fighters": the armed group fighting in the report, not a neighbour
        fighters = _rebels(sc, sentence, sentence.start + fig.quantity_start)
        if fighters.country:
            return fighters.country, fighters.by
    if agent:
        return _adversary(sc, agent), "agent_target"
    if claimant_country and _EVENT_AGENT.search(sentence.text[max(0, fig.cue_start - 40) : fig.cue_start]):
        return claimant_country, "speaker_own"  # "the attack wounded seven soldiers, Syrian media said"
    return (_adversary(sc, claimant_country), "agent_target") if claimant_country else (None, None)


_OWN_ACTION = re.compile(r"^[^.;]{0,40}?\b(?:in|by|during|under)\s+(?:its|their|our)\s+(?:\w+\s+){0,2}?"
                         rf"(?:{english.either('own_action_nouns')})", re.IGNORECASE)
_BY = re.compile(r"^[^.;]{0,30}?\bby\s+(?:the\s+)?", re.IGNORECASE)


def _passive_agent(sc: Scene, sentence: Span, fig: Figure, claimant_country: str | None) -> str | None:
    """Who did it, in a passive clause: "100 militants were killed in its strikes" (the claimant),
    "5 soldiers were killed by Russian drones" (the side named after "by")."""
    after = sentence.text[fig.cue_end : fig.cue_end + 80]
    if claimant_country and _OWN_ACTION.search(after):
        return claimant_country
    m = _BY.search(after)
    if m:
        at = sentence.start + fig.cue_end + m.end()
        for a in sc.annotations.actors:
            if a.span.start == at and a.country and a.kind != "generic":
                return a.country
    return None


def _armed_agent(sc: Scene, sentence: Span, fig: Figure) -> bool:
    """Whether who acted on the counted is an unnamed armed group, called by a word a side uses for
    one ("militants", "gunmen", "insurgents"): it fights the state of its own country."""
    span = phrase_before(sentence.text, fig.cue_start)
    clause = span is None or span[2] != "phrase"
    if clause and not _PARTICIPLE.match(sentence.text, fig.cue_start):
        return False
    # "militants stormed a post, killing two": the clause's subject, its first words
    start, end = _after_speaker(sentence.text, *((0, fig.cue_start) if clause or span is None else span[:2]))
    text = sentence.text[start:end].lower()
    if clause:
        text = " ".join(text.split()[:6])
    labels = claims_lexicon().enemy_labels
    return sc.resolve(text, sc.on)[0] is None and any(w.strip("\"“”'‘’,") in labels for w in text.split())


_PARTICIPLE = re.compile(r"\w+ing\b")


def _after_speaker(text: str, start: int, end: int) -> tuple[int, int]:
    """The agent's words of `text[start:end]`: after the last speaker's verb in it, if any ("Pakistan
    says Indian strikes killed 31": Indian strikes), without the spaces after that verb."""
    said = None
    for said in claims_lexicon().attribution_verb.finditer(text, start, end):  # noqa: B007 - the last one
        pass
    if said is None:
        return start, end
    return said.end() + len(text[said.end() : end]) - len(text[said.end() : end].lstrip()), end


def _agent_country(sc: Scene, sentence: Span, fig: Figure, claimant_country: str | None) -> str | None:
    span = phrase_before(sentence.text, fig.cue_start)
    if span is None or span[2] != "phrase":
        return None
    start, end = _after_speaker(sentence.text, span[0], span[1])
    text = sentence.text[start:end]
    if not text.strip():
        return None
    if text.split()[0].lower() in _SPEAKER_SELF:
        return claimant_country
    return country_of_phrase(sc, sentence.start + start, sentence.start + end, text)


def country_of_phrase(sc: Scene, start: int, end: int, text: str) -> str | None:
    """The state a phrase speaks for: its own words, else an actor recognised inside it."""
    country, _role = sc.resolve(text, sc.on)
    if country:
        return country
    inside = [a for a in sc.annotations.actors if a.span.start < end and start < a.span.end and a.country]
    if inside:
        return inside[0].country
    return _appositive_country(sc, end)


def _appositive_country(sc: Scene, end: int) -> str | None:
    """"Zabihullah Mujahid, spokesperson for the Taliban government": the organisation after the name."""
    text = sc.doc.analysis
    if not text[end : end + 2].startswith(","):
        return None
    close = min((i for i in (text.find(",", end + 1), text.find(".", end + 1)) if i > 0), default=-1)
    if close < 0 or close - end > 90:
        return None
    country, _ = sc.resolve(text[end + 1 : close], sc.on)
    return country


def _adversary(sc: Scene, country: str | None) -> str | None:
    """The other side: the other state the report is about, else (a civil war) the same state
    when the report names a non-state armed group of it ("Sudan's army" against "the RSF")."""
    if not country:
        return None
    others = [c for c in sc.parties[:2] if c != country]
    if others:
        return others[0]
    return country if country in sc.rebels else None


def _actor_role(sc: Scene, base_role: str, country: str | None) -> str:
    """"Fighters" of a side whose only named organisation is its (de facto) state forces are military
    (the Taliban's fighters after August 2021); where the report names a non-state group of that
    country, they keep the noun's role."""
    if base_role != "armed_group" or not country:
        return base_role
    return "military" if country in sc.state_only else base_role


def place_country(sc: Scene, sentence: Span, near: int | None = None) -> str | None:
    """The country of the sentence's most precise place (a demonym such as "Pakistani airstrikes"
    names the attacker's country, not where it happened; a dateline, where the report was filed)."""
    inside = [p for p in sc.annotations.places if sentence.start <= p.span.start < sentence.end
              and _plausible(p, sc.named) and _scene(sc.doc.analysis, p, sc.annotations.datelines)]
    text = sc.doc.analysis
    named = [p for p in inside if p.feature != "country"
             or p.span.text == p.name and _LOCATIVE.search(text, max(0, p.span.start - 30), p.span.start)
             and not _POSSESSIVE_AFTER.match(text, p.span.end)]
    at = sentence.start if near is None else near  # the place nearest the figure: "killed in Masisi, and … Uganda"
    ranked: list[PlaceMention] = sorted(named, key=lambda p: (p.feature == "country", abs(p.span.start - at)))
    if ranked:
        return ranked[0].country
    for a in sc.annotations.actors:  # "an Eritrean village": a people's word before a place noun
        if a.kind == "nationality" and a.country and sentence.start <= a.span.start < sentence.end \
                and _PLACE_NOUN.match(text, a.span.end, a.span.end + 40):
            return a.country
    return None


_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
_PLACE_NOUN = re.compile(rf"\s+(?:[a-z\-]+\s+){{0,2}}?(?:{english.either('place_nouns')})s?\b")

