"""Event types: ACLED's event and sub-event type of a sentence or report, from the cue words in it.

The cues, their priorities and the disambiguation rules are data (`data/event_types.json`). A text
is typed by its cue of highest priority (the earliest on a tie); a cue inside a longer cue of
another rule does not count ("drones" in "shot down three drones"). Cues of a background clause
("In response to Pakistani airstrikes …, the Taliban attacked …"; "clashed …, after the militants
threw a grenade") rank below every other strong cue. Two kinds of cue look at the words around them:

- attack verbs ("attacked", "shot", "killed") ask who was hit: civilians make Violence against
  civilians/Attack, armed people or military sites (or no stated target) a Battle;
- verbs of taking ("took control", "arrested") ask who acted: state forces retaking ground make
  Government regains territory, non-state groups arresting people make an Abduction.

An attack verb in the passive with no agent ("were killed") only says people died: such weak types
set a report's type when nothing stronger does, and never split figures into an event of their own.

News is told less tidily than ACLED's notes, so a rule may also require a word in its cue's sentence
(the clashes and fires of a riot need protesters there), exclude some (an explosion in a factory is
no bomb), mark words of harm done ("killed", "injured": no clause after them is background) and
generic words of violence ("attacks were launched"), which a later sentence naming the means ("the
attackers used grenades") refines. Words of disasters, accidents, common crime, health and
diplomacy are cues of no conflict event (`EventType.conflict` is False): a report with only such
words, or with no cue at all, has no conflict event, while any sentence of conflict in it decides.
"""

from __future__ import annotations

import json
import logging
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from itertools import accumulate
from string import ascii_lowercase
from typing import Any

from ..errors import SitrepError
from ..patterns import DIGIT, Scanner, opens
from ..records import Span

log = logging.getLogger(__name__)

_GAP_WORD = r"[^\w.;!?]+[\w'’-]+"
_SEP = r"[^\w.;!?]+"
_WORD = re.compile(r"^[a-z0-9][a-z0-9'’./&-]*\*?$")
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|is|are|be|got)\s+(?:\w+\s+)?$"  # "were killed"
    r"|\b(?:was|were|been)\s+\w+(?:\s+and|,)\s+(?:[\w,]+\s+){1,3}$",  # "were killed and 18 others injured"
    re.IGNORECASE,
)
_AGENT_AFTER = re.compile(r"\s*(?:\w+\s+){0,2}?by\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;:.!?]")
_TOKEN = re.compile(r"\w+")
_CLAUSE_OPENER = re.compile(  # where the clause of a verb begins: its subject is the first actor after
    r",|\b(?:when|after|as|while|before|where|which|who|whom|that|because|since)\b", re.IGNORECASE
)
_PARTICIPLE = re.compile(r"\s*\w+ing\b", re.IGNORECASE)
_SOURCE_CLAUSE = re.compile(
    r",\s+(?:[\w'’-]+\s+){0,4}?(?:said|says|say|reported|reports|told|added|confirmed|announced)\b", re.IGNORECASE
)
_TARGET_WORDS = 12
_REACH = 400  # characters of a cue's sentence looked at on either side of it
_WORDS_KEPT = 50_000  # words whose rules are remembered (most trigger none); then they are learnt again


@dataclass(frozen=True, slots=True)
class EventType:
    """ACLED's type of an event, with the cue words that decided it (None: the text has no cue)."""

    event_type: str
    sub_event_type: str
    evidence: Span | None = None
    weak: bool = False  # decided only by words saying people died, with no agent or weapon
    generic: bool = False  # decided by a word of violence that names no means ("attacked", "killed")

    @property
    def conflict(self) -> bool:
        """Whether the text tells of a conflict event: it has a cue, and not one of a disaster, an
        accident, a crime or diplomacy only."""
        return self.evidence is not None and bool(self.event_type)


NO_CUE = EventType("Battles", "Armed clash", None, weak=True)
NOT_CONFLICT = ""  # the (sub-)event type of the cues of text that tells of no conflict event


@dataclass(frozen=True, slots=True)
class _CueRegex:
    """One cue of a rule: its regular expression, and what a match of it begins with."""

    source: str
    openings: tuple[str, ...]  # as `patterns.Scanner` reads them

    def may_begin(self, word: str) -> bool:
        """Whether a match can start at a word (lower case)."""
        return any(opens(opening, word) for opening in self.openings)


@dataclass(frozen=True, slots=True)
class _Rule:
    sub_event_type: str
    priority: int
    cues: tuple[_CueRegex, ...]  # in the order an alternation of them tries them: the longest first
    unless: tuple[str, ...]  # words right after the cue that cancel it ("seized control of 25 posts")
    # target class ("armed", "none") -> sub-event type; a civilian target keeps the rule's own
    target: dict[str, str] | None
    actor: dict[str, str] | None  # actor class ("state", "nonstate") -> sub-event type
    weak: bool
    first_words: tuple[str, ...]  # the words a cue can start with ("strike*" a stem)
    requires: tuple[str, ...] = ()  # cues one of which must be in the cue's sentence ("protesters")
    excludes: tuple[str, ...] = ()  # cues none of which may be in the cue's sentence ("boiler" for "exploded")
    casualty: bool = False  # cues that only tell of harm done ("killed", "injured"): no background after them
    generic: bool = False  # cues of violence that name no means: a later sentence naming one refines them

    def patterns_at(self, word: str) -> tuple[re.Pattern[str], ...]:
        """The compiled cues that can start at a word (lower case), in their order: tried one by one,
        the first to match is what the alternation of all of them would match there."""
        return tuple(_compiled(cue.source) for cue in self.cues if cue.may_begin(word))


@dataclass(frozen=True)
class _Triggers:
    """Which rules can match at a word, so that each rule is tried only where one of its cues can start."""

    exact: dict[str, frozenset[int]]
    stem_rules: dict[str, frozenset[int]]
    stems_by_letter: dict[str, tuple[str, ...]]  # the stems of each first letter, in the order of stem_rules

    def rules_at(self, word: str) -> frozenset[int]:
        found = self.exact.get(word, frozenset())
        stems = self.stems_by_letter.get(word[:1])
        if stems and word.startswith(stems):
            found = found.union(*(self.stem_rules[stem] for stem in stems if word.startswith(stem)))
        return found


@dataclass(frozen=True)
class EventLexicon:
    """The event lexicon; each matcher is compiled when first needed (a short report needs few)."""

    version: int
    rules: tuple[_Rule, ...]
    triggers: _Triggers
    parent: dict[str, str]  # sub-event type -> event type
    background_cues: dict[str, list[str]]  # "leading", "anywhere" and "trailing" background clauses
    trailing_after: frozenset[str]  # event types whose cue makes a trailing clause after it background
    target_cues: dict[str, list[str]]  # "strong_civilian", "civilian" and "armed" target words
    actor_cues: dict[str, list[str]]  # "nonstate" and "state" actors
    escalations: dict[str, dict[str, str]]  # main sub-event type -> {later sentence's type -> new main type}
    refinements: frozenset[str]  # types naming the means of violence a generic main event is refined into
    window: int
    _at: dict[str, tuple[tuple[_Rule, tuple[re.Pattern[str], ...]], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def cues_at(self, word: str) -> tuple[tuple[_Rule, tuple[re.Pattern[str], ...]], ...]:
        """The rules a word (lower case) triggers, each with its cues that can start there (`patterns_at`)."""
        found = self._at.get(word)
        if found is None:
            if len(self._at) >= _WORDS_KEPT:
                self._at.clear()
            found = tuple((self.rules[i], self.rules[i].patterns_at(word)) for i in self.triggers.rules_at(word))
            self._at[word] = found
        return found

    @cached_property
    def leading_background(self) -> re.Pattern[str]:
        return re.compile(rf"^\s*(?:{_cue_source(self.background_cues['leading'])})[^,;.]*", re.IGNORECASE)

    @cached_property
    def background(self) -> Scanner[str]:
        """The "anywhere" and "trailing" background clauses."""
        return _scanner({k: self.background_cues[k] for k in ("anywhere", "trailing")}, flank="[^,;.]*")

    @cached_property
    def targets(self) -> Scanner[str]:
        """The "strong_civilian", "civilian" and "armed" target words."""
        return _scanner(self.target_cues)

    @cached_property
    def actors(self) -> re.Pattern[str]:
        """Actors, in named groups "nonstate_…" and "state_…"."""
        return _named(self.actor_cues)


def compile_cue(cue: str) -> str:
    """The regular expression of one cue (syntax in the data file's `about`); ValueError if malformed."""
    if not cue or cue != cue.strip() or "  " in cue:
        raise ValueError(f"cue {cue!r}: words must be separated by single spaces")
    parts = re.split(r" (~[1-9][0-9]?) ", cue)
    out = _slot(parts[0], cue)
    for gap, slot in zip(parts[1::2], parts[2::2], strict=True):
        out += rf"(?:{_GAP_WORD}){{0,{gap[1:]}}}{_SEP}{_slot(slot, cue)}"
    return rf"(?<![\w-]){out}" + ("" if cue.endswith("*") else r"(?![\w])")


def _slot(slot: str, cue: str) -> str:
    """Phrases separated by '|', each words separated by single spaces."""
    if "~" in slot:
        raise ValueError(f"cue {cue!r}: a gap '~N' must stand alone between two words")
    phrases = [_SEP.join(_word(w, cue) for w in phrase.split(" ")) for phrase in slot.split("|")]
    return "(?:" + "|".join(phrases) + ")"


def _word(word: str, cue: str) -> str:
    if not _WORD.match(word):
        raise ValueError(f"cue {cue!r}: {word!r} is not a lower-case word")
    body = re.escape(word.rstrip("*")).replace(r"\-", r"[-\s]?").replace("'", "['’]")
    return body + (r"[\w-]*" if word.endswith("*") else "")


@cache
def _alternation(cues: tuple[str, ...]) -> re.Pattern[str]:
    return _compiled(_cue_source(cues))


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def _cue_source(cues: Sequence[str]) -> str:
    """The regular expression (source) of any of `cues`, the longest first."""
    return "|".join(compile_cue(c) for c in _in_order(cues))


def _in_order(cues: Sequence[str]) -> list[str]:
    """The cues in the order an alternation of them tries them: the longest first."""
    return sorted(set(cues), key=len, reverse=True)


def cue_openings(cues: Sequence[str]) -> list[str]:
    """What a match of any of `cues` begins with (see `patterns.Scanner`): each phrase's first word,
    whole where a space or a gap follows it or where the cue does not end open ("post|posts|outpost*"
    lets "postal" match "post"), else the letters it begins with ("off-duty", "strike*"); or a digit."""
    out = []
    for cue in cues:
        slots = cue.split(" ~")
        open_end = len(slots) == 1 and cue.endswith("*")  # compile_cue puts no (?![\w]) after such a cue
        for phrase in slots[0].split("|"):
            words = phrase.split(" ")
            out.append(_opening(words[0], whole=len(words) > 1 or not open_end))
    return out


def _opening(word: str, *, whole: bool) -> str:
    letters = word[: len(word) - len(word.lstrip(ascii_lowercase))]
    if not letters:
        return DIGIT
    return letters if whole and letters == word else letters + "*"


def _scanner(groups: Mapping[str, Sequence[str]], flank: str = "") -> Scanner[str]:
    """A scanner with a pattern for each group of cues (any of them, then `flank`)."""
    return Scanner(
        {name: re.compile(rf"(?:{_cue_source(cues)}){flank}", re.IGNORECASE) for name, cues in groups.items()},
        {name: cue_openings(cues) for name, cues in groups.items()},
    )


def _named(groups: dict[str, list[str]]) -> re.Pattern[str]:
    parts = sorted(
        ((c, name) for name, cues in groups.items() for c in cues),
        key=lambda p: len(p[0]),
        reverse=True,
    )
    return re.compile(
        "|".join(f"(?P<{name}_{i}>{compile_cue(c)})" for i, (c, name) in enumerate(parts)), re.IGNORECASE
    )


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """The event lexicon (`data/event_types.json`) compiled, loaded once."""
    data = json.loads(resources.files("sitrep.data").joinpath("event_types.json").read_text("utf-8"))
    parent = {sub: event for event, subs in data["taxonomy"].items() for sub in subs}
    parent[NOT_CONFLICT] = NOT_CONFLICT
    try:
        rules = tuple(_rule(r, parent) for r in data["rules"]) + tuple(
            _rule({**r, "sub_event_type": NOT_CONFLICT}, parent) for r in data["not_conflict"]["rules"]
        )
        background = {k: data["background"][k] for k in ("leading", "anywhere", "trailing")}
        targets = {k: data["targets"][k] for k in ("strong_civilian", "civilian", "armed")}
        actors = {k: v for k, v in data["actors"].items() if k != "note"}
        for cue in (c for groups in (background, targets, actors) for cues in groups.values() for c in cues):
            compile_cue(cue)  # a malformed cue is refused now, not when first needed
        return EventLexicon(
            version=int(data["version"]),
            rules=rules,
            triggers=_triggers(rules),
            parent=parent,
            background_cues=background,
            trailing_after=frozenset(data["trailing_background_after"]["types"]),
            target_cues=targets,
            actor_cues=actors,
            escalations={k: dict(v) for k, v in data["escalations"]["from"].items()},
            refinements=frozenset(_known(data["escalations"]["generic"], parent)),
            window=int(data["escalations"]["window"]),
        )
    except (KeyError, ValueError) as exc:
        raise SitrepError(
            f"event_types.json is malformed: {exc}", hint="run tests/test_eventtypes.py"
        ) from exc


def _known(types: Sequence[str], parent: dict[str, str]) -> list[str]:
    unknown = [s for s in types if s not in parent]
    if unknown:
        raise ValueError(f"unknown sub-event types {unknown}")
    return list(types)


def _rule(raw: dict[str, Any], parent: dict[str, str]) -> _Rule:
    sub = raw["sub_event_type"]
    outcomes = [sub, *raw.get("target", {}).values(), *raw.get("actor", {}).values()]
    unknown = [s for s in outcomes if s not in parent]
    if unknown:
        raise ValueError(f"unknown sub-event types {unknown}")
    unless = tuple(raw.get("unless_followed_by", ()))
    requires = tuple(raw.get("requires", ()))
    excludes = tuple(raw.get("excludes", ()))
    _cue_source(unless + requires + excludes)  # a malformed cue is refused now, not when first needed
    first = tuple(
        w for cue in raw["cues"] for phrase in cue.split(" ~")[0].split("|") for w in _starts(phrase)
    )
    return _Rule(
        sub,
        int(raw["priority"]),
        tuple(_CueRegex(compile_cue(cue), tuple(cue_openings([cue]))) for cue in _in_order(raw["cues"])),
        unless,
        raw.get("target"),
        raw.get("actor"),
        bool(raw.get("weak", False)),
        first,
        requires,
        excludes,
        bool(raw.get("casualty", False)),
        bool(raw.get("generic", False)),
    )


def _starts(phrase: str) -> list[str]:
    """The words (as the tokenizer splits them) a phrase can start with; a trailing '*' marks a stem."""
    word = phrase.split(" ")[0]
    if "-" not in word:
        return [word]
    head, star = word.split("-")[0], "*" if word.endswith("*") else ""
    return [head, word.replace("-", "").rstrip("*") + star]


def _triggers(rules: Sequence[_Rule]) -> _Triggers:
    exact: dict[str, set[int]] = {}
    stems: dict[str, set[int]] = {}
    for i, rule in enumerate(rules):
        for word in rule.first_words:
            table = stems if word.endswith("*") else exact
            table.setdefault(word.rstrip("*").replace("’", "'"), set()).add(i)
    by_letter: dict[str, list[str]] = {}
    for stem in stems:
        by_letter.setdefault(stem[:1], []).append(stem)
    return _Triggers(
        {w: frozenset(r) for w, r in exact.items()},
        {w: frozenset(r) for w, r in stems.items()},
        {letter: tuple(group) for letter, group in by_letter.items()},
    )


def classify_event(text: str, lexicon: EventLexicon | None = None) -> EventType:
    """ACLED's event type of `text` (a sentence or a report); evidence None when it has no cue at all."""
    lex = lexicon or event_lexicon()
    cues = _cues(text, lex)
    if not cues:
        return NO_CUE
    background = _Spans(_background(text, lex, cues))
    best = max(cues, key=lambda c: (_priority(c, background), -c.match.start(), c.rule.priority))
    sub, generic = _resolve(best.rule, text, best.match, lex)
    m = best.match
    weak = best.weak or _priority(best, background) == 1  # a sentence that only names what came before
    if sub == NOT_CONFLICT:  # a disaster, a crime or diplomacy: any sentence of conflict in the report decides
        weak, generic = True, False
    return EventType(lex.parent[sub], sub, Span(m.start(), m.end(), m.group(0)), weak=weak, generic=generic)


@dataclass(frozen=True, slots=True)
class _Cue:
    rule: _Rule
    match: re.Match[str]
    weak: bool


def _cues(text: str, lex: EventLexicon) -> list[_Cue]:
    """Every cue in `text`, less those inside a longer cue ("drones" in "shot down three drones")."""
    found = []
    for word in _TOKEN.finditer(text):
        for rule, patterns in lex.cues_at(word.group(0).lower()):
            m = _first_match(patterns, text, word.start())
            if m is None or _cancelled(rule, text, m) or not _required(rule, text, m):
                continue
            found.append(
                _Cue(rule, m, rule.weak or (rule.target is not None and _agentless_passive(text, m)))
            )
    return _outermost(found)


def _first_match(patterns: Sequence[re.Pattern[str]], text: str, pos: int) -> re.Match[str] | None:
    """What an alternation of `patterns` matches at `pos`: the match of the first that matches there."""
    for pattern in patterns:
        m = pattern.match(text, pos)
        if m is not None:
            return m
    return None


def _outermost(cues: list[_Cue]) -> list[_Cue]:
    """The cues not inside a longer one, in their order: one sweep by start (longest first at a start),
    keeping the earlier cue that reaches furthest, so long texts stay linear."""
    order = sorted(range(len(cues)), key=lambda i: (cues[i].match.start(), -cues[i].match.end()))
    inside: set[int] = set()
    reach: re.Match[str] | None = None
    for i in order:
        m = cues[i].match
        if reach is not None and _inside(m, reach):
            inside.add(i)
        if reach is None or m.end() > reach.end():
            reach = m
    return [c for i, c in enumerate(cues) if i not in inside]


def _cancelled(rule: _Rule, text: str, m: re.Match[str]) -> bool:
    if not rule.unless:
        return False
    after = " ".join(text[m.end() : m.end() + _REACH].split()[:5])
    return _alternation(rule.unless).search(after) is not None


def _required(rule: _Rule, text: str, m: re.Match[str]) -> bool:
    """Whether the cue's sentence holds one of the words the rule requires (any, when it requires none)
    and none of those it excludes."""
    if not rule.requires and not rule.excludes:
        return True
    reach = max(0, m.start() - _REACH)
    start = max(reach - 1, *(text.rfind(c, reach, m.start()) for c in ".!?")) + 1
    stop = _sentence_stop(text, m.end())
    if rule.excludes and _alternation(rule.excludes).search(text, start, stop) is not None:
        return False
    return not rule.requires or _alternation(rule.requires).search(text, start, stop) is not None


def _sentence_stop(text: str, end: int) -> int:
    stops = [i for i in (text.find(c, end, end + _REACH) for c in ".!?") if i >= 0]
    return min(stops, default=min(len(text), end + _REACH))


def _inside(a: re.Match[str], b: re.Match[str]) -> bool:
    return b.start() <= a.start() and a.end() <= b.end() and (b.end() - b.start()) > (a.end() - a.start())


class _Spans:
    """Spans of a text, asked whether they cover a position in logarithmic time (a long report has
    thousands of cues and clauses)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))  # the furthest end so far

    def cover(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self._reach[i] > pos


def _priority(cue: _Cue, background: _Spans) -> int:
    if cue.weak:
        return 0
    if background.cover(cue.match.start()):
        return min(cue.rule.priority, 1)  # above a weak cue, below every other
    return cue.rule.priority


def _background(text: str, lex: EventLexicon, cues: list[_Cue]) -> list[tuple[int, int]]:
    """Spans of clauses that name what came before or around the event rather than the event."""
    clauses = lex.background.matches(text)
    spans = [m.span() for m in clauses["anywhere"]]
    lead = lex.leading_background.match(text)
    if lead and lead.end() < len(text.rstrip(". ")):  # a clause, not the whole sentence
        spans.append(lead.span())
    covered = _Spans(spans)
    strong = [
        c.match.start()
        for c in cues
        if not c.weak
        and not c.rule.casualty
        and lex.parent[c.rule.sub_event_type] in lex.trailing_after
        and not covered.cover(c.match.start())
    ]
    first = min(strong, default=None)
    spans += [m.span() for m in clauses["trailing"] if first is not None and first < m.start()]
    return spans


def _agentless_passive(text: str, m: re.Match[str]) -> bool:
    near = max(0, m.start() - 120)  # the verb's own clause: bounded, so long texts stay linear
    return bool(_PASSIVE_BEFORE.search(text, near, m.start())) and not _AGENT_AFTER.match(text, m.end())


def _resolve(rule: _Rule, text: str, m: re.Match[str], lex: EventLexicon) -> tuple[str, bool]:
    """The rule's sub-event type, turned by who was targeted or who acted where the rule says so; and
    whether it is generic (a generic cue with no armed target: "attacks were launched on the town")."""
    if rule.target is not None:
        target = _target_class(text, m, lex)
        sub = rule.sub_event_type if target == "civilian" else rule.target.get(target, rule.sub_event_type)
        return sub, rule.generic and target != "armed"
    if rule.actor is not None:
        actor = _actor_class(text, m, lex)
        return (rule.actor.get(actor, rule.sub_event_type) if actor else rule.sub_event_type), rule.generic
    return rule.sub_event_type, rule.generic


def _target_class(text: str, m: re.Match[str], lex: EventLexicon) -> str:
    """Who the attack of cue `m` hit: "civilian", "armed" or "none" (before a passive verb, else after)."""
    passive = _PASSIVE_BEFORE.search(text, max(0, m.start() - 120), m.start()) or _AGENT_AFTER.match(text, m.end())
    region = _words_before(text, m.start()) if passive else _words_after(text, m.end())
    found = lex.targets.matches(region)
    if found["strong_civilian"]:
        return "civilian"
    civ, arm = found["civilian"][:1], found["armed"][:1]
    if civ and (not arm or civ[0].start() < arm[0].start()):
        return "civilian"
    return "armed" if arm else "none"


def _words_after(text: str, end: int) -> str:
    stop = _CLAUSE_END.search(text, end)
    region = text[end : stop.start() if stop else len(text)]
    source = _SOURCE_CLAUSE.search(region)  # ", police said": who told it, not who was hit
    return " ".join(region[: source.start() if source else len(region)].split()[:_TARGET_WORDS])


def _words_before(text: str, start: int) -> str:
    cut = max(text.rfind(c, 0, start) for c in ";:.!?")
    return text[cut + 1 : start]


def _actor_class(text: str, m: re.Match[str], lex: EventLexicon) -> str | None:
    """Who acts: "state" or "nonstate", the first named actor of the cue's clause (its subject: "the
    army and allied fighters captured"), else the nearest before it in its sentence, or after "by"
    for a passive verb ("3 were arrested by the police"); None when none is named."""
    if _PASSIVE_BEFORE.search(text, max(0, m.start() - 120), m.start()):  # "$"-anchored: the words just before
        agent = _AGENT_AFTER.match(text, m.end())
        found = lex.actors.search(text, agent.end(), _sentence_end(text, agent.end())) if agent else None
    else:
        reach = max(0, m.start() - _REACH)  # a sentence's own words: bounded, so long texts stay linear
        cut = max(reach - 1, *(text.rfind(c, reach, m.start()) for c in ";.!?"))
        opener = max(_CLAUSE_OPENER.finditer(text, cut + 1, m.start()), key=lambda o: o.end(), default=None)
        clause = max(cut + 1, opener.end() if opener else 0)
        if _PARTICIPLE.match(text, clause):  # ", clashing with rebels and capturing": the sentence's subject
            clause = cut + 1
        found = lex.actors.search(text, clause, m.start()) or max(
            lex.actors.finditer(text, cut + 1, m.start()), key=lambda a: a.start(), default=None
        )
    if found is None or found.lastgroup is None:
        return None
    return found.lastgroup.rsplit("_", 1)[0]


def _sentence_end(text: str, start: int) -> int:
    stop = _CLAUSE_END.search(text, start)
    return stop.start() if stop else len(text)


def main_event_type(
    types: Sequence[EventType], lexicon: EventLexicon | None = None
) -> tuple[int, EventType] | None:
    """Which of a report's sentence types sets its main event: the first strong one (else the first
    weak one), turned into how it ended when one of the next few sentences says so (a clash that took
    a town, a protest dispersed). Returns its index and type, or None when no sentence has a cue."""
    lex = lexicon or event_lexicon()
    typed = [i for i, t in enumerate(types) if t.evidence is not None]
    strong = [i for i in typed if not types[i].weak]
    if not typed:
        return None
    first = (strong or typed)[0]
    main = types[first]
    for later in types[first + 1 : first + 1 + lex.window]:
        turned = lex.escalations.get(main.sub_event_type, {}).get(later.sub_event_type)
        if main.generic and later.sub_event_type in lex.refinements:
            turned = later.sub_event_type  # "the attack" told first, its means ("a grenade") after
        if later.evidence is not None and not later.weak and turned:
            log.debug("main event %s becomes %s", main.sub_event_type, turned)
            main = EventType(lex.parent[turned], turned, later.evidence)
    return first, main
