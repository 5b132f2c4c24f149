"""Claims: every figure a report states, about whom, who says so, and how sure.

`extract_claims(doc, annotations)` reads the report sentence by sentence:
figures (`figures.read_figures`) → claimant (`attribution`) → whose side the counted belong to
→ hedges. Sides come from the subject's own words ("Pakistani soldiers"), else from the
possessive ("its soldiers": the claimant's), else from the verb: an agent's claim of what it did
("Afghan units seized 25 posts") counts the adversary's losses; an admission ("the army reported
that 23 soldiers had been killed") counts the claimant's own.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .attribution import Attribution, _phrase_before, attributions, claimant_for, find_hedge
from .figures import Figure as FigureMatch
from .figures import read_figures
from .lexicon import claims_lexicon
from .patterns import lowered, may_contain
from .places import is_dateline
from .records import ActorMention, Annotations, Claim, Document, Quantity, Span
from .sentences import split_sentences

log = logging.getLogger(__name__)

Resolver = Callable[[str, date | None], tuple[str | None, str]]
CASUALTY_KINDS = frozenset({"killed", "injured", "casualties", "missing"})
_SIDE_ROLES = frozenset({"military", "armed_group"})


@dataclass(frozen=True, slots=True)
class _Context:
    doc: Document
    annotations: Annotations
    on: date | None
    resolve: Resolver
    parties: tuple[str, ...]
    speakers: list[tuple[str, str]]  # (claimant words, country) named so far, for "the ministry said"
    rebels: frozenset[str] = frozenset()  # countries the report names a non-state armed group of
    state_only: frozenset[str] = frozenset()  # countries whose only named organisations are state forces


def extract_claims(
    doc: Document, annotations: Annotations, *, today: date | None = None, resolve: Resolver | None = None
) -> list[Claim]:
    """Every claim in `doc`, in text order, with evidence spans into `doc.text`."""
    if resolve is None:
        from .actors import resolve as resolve_actor

        resolve = resolve_actor
    ctx = _Context(doc, annotations, doc.published or today, resolve, _parties(annotations.actors), [],
                   *_sides(annotations.actors))
    per_sentence: list[list[Claim]] = []
    last: tuple[str, str | None] | None = None
    sentences = split_sentences(doc.analysis)
    nearby = _Nearby(annotations)
    for sentence in sentences:
        # each sentence sees only the annotations around it: no scan of the whole report per figure
        local = replace(ctx, annotations=nearby.around(sentence))
        claims, last = _sentence_claims(local, sentence, last)
        per_sentence.append(claims)
    _apply_hedges(sentences, per_sentence)
    return [c for claims in per_sentence for c in claims]


class _Nearby:
    """The annotations that touch a stretch of text, found by offset (bisection), in their own order."""

    def __init__(self, annotations: Annotations) -> None:
        self.annotations = annotations
        kinds = ("quantities", "dates", "places", "actors")
        self.index = {name: _index(getattr(annotations, name)) for name in kinds}

    def around(self, sentence: Span) -> Annotations:
        found = {}
        for name, (order, starts, longest) in self.index.items():
            items = getattr(self.annotations, name)
            lo = bisect_left(starts, sentence.start - longest)
            hi = bisect_right(starts, sentence.end)
            found[name] = tuple(items[i] for i in sorted(order[lo:hi]) if items[i].span.end >= sentence.start)
        return Annotations(**found)


def _index(items: Sequence[Any]) -> tuple[list[int], list[int], int]:
    order = sorted(range(len(items)), key=lambda i: items[i].span.start)
    longest = max((item.span.end - item.span.start for item in items), default=0)
    return order, [items[i].span.start for i in order], longest


def _sides(actors: Sequence[ActorMention]) -> tuple[frozenset[str], frozenset[str]]:
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
    """The states the report is about, most mentioned first."""
    counts = Counter(a.country for a in actors if a.country and a.kind != "generic")
    return tuple(c for c, _ in counts.most_common())


def _sentence_claims(
    ctx: _Context, sentence: Span, last: tuple[str, str | None] | None
) -> tuple[list[Claim], tuple[str, str | None] | None]:
    found = attributions(sentence.text)
    out: list[Claim] = []
    for fig, q in read_figures(sentence.text, _quantities_in(ctx.annotations, sentence)):
        att = claimant_for(sentence.text, found, fig.quantity_start, fig.quantity_end)
        claimant, claimant_country = _claimant(ctx, sentence, att, last)
        if claimant is not None:
            last = (claimant, claimant_country)
        out.append(_claim(ctx, sentence, fig, q, att, claimant, claimant_country))
    return out, _last_claimant(ctx, sentence, last, found)


def _last_claimant(
    ctx: _Context, sentence: Span, last: tuple[str, str | None] | None, found: list[Attribution]
) -> tuple[str, str | None] | None:
    """The most recent named claimant (of the sentence's attributions, `found`), for "He said …" in a
    later sentence."""
    named = [a for a in found if not a.pronoun]
    if not named:
        return last
    a = named[-1]
    return a.text, _country_of_phrase(ctx, sentence.start + a.start, sentence.start + a.end, a.text)


def _quantities_in(ann: Annotations, sentence: Span) -> list[tuple[int, int, Quantity]]:
    """Amounts in the sentence (relative offsets), with the implicit ones: "a soldier", "killed soldiers"."""
    dates = [(d.span.start, d.span.end) for d in ann.dates]
    out = []
    for q in ann.quantities:
        if sentence.start <= q.span.start and q.span.end <= sentence.end:
            if any(s < q.span.end and q.span.start < e for s, e in dates) and not q.approx:
                continue
            out.append((q.span.start - sentence.start, q.span.end - sentence.start, q))
    out.extend(_implicit(sentence, out))
    return sorted(out, key=lambda t: t[0])


def _implicit(sentence: Span, explicit: list[tuple[int, int, Quantity]]) -> list[tuple[int, int, Quantity]]:
    lex = claims_lexicon()
    text = sentence.text
    taken = [(s, e) for s, e, _ in explicit]
    found: list[tuple[int, int, Quantity]] = []
    for m in lex.singular.finditer(text):
        if not any(s <= m.start() < e + 2 for s, e in taken):
            span = Span(sentence.start + m.start(), sentence.start + m.end() - 1, m.group(0).strip())
            found.append((m.start(), m.end() - 1, Quantity(span, 1, 1)))
    for pattern, group in ((lex.bare_before, "noun"), (lex.bare_after, "np")):
        for m in pattern.finditer(text):
            at = m.start(group)
            if not any(s <= at <= e + 40 for s, e, _ in [*explicit, *found] if s <= at):
                span = Span(sentence.start + at, sentence.start + at, "")
                found.append((at, at, Quantity(span, None, None, approx=True, unspecified=True)))
    keywords = lex.casualty_report_keywords
    reports = lex.casualty_report.finditer(text) if not keywords or may_contain(lowered(text), keywords) else ()
    for m in reports:
        if not any(s <= m.start() <= e + 40 for s, e, _ in [*explicit, *found]):
            span = Span(sentence.start + m.start(), sentence.start + m.end(), m.group(0))
            found.append((m.start(), m.end(), Quantity(span, None, None, approx=True, unspecified=True)))
    return found


def _claimant(
    ctx: _Context, sentence: Span, att: Attribution | None, last: tuple[str, str | None] | None
) -> tuple[str | None, str | None]:
    if att is None:
        return None, None
    if att.pronoun:
        return last if last else (att.text, None)
    start, end = sentence.start + att.start, sentence.start + att.end
    country = _country_of_phrase(ctx, start, end, att.text) or _speaker_country(ctx, sentence, att.text)
    if country:
        ctx.speakers.append((att.text, country))
    return att.text, country


_OFFICIAL = re.compile(r"(?i)\b(?:governor|mayor|police|officials?|authorities|administration|district\s+chief|"
                       r"spokes(?:man|woman|person)|ministry|military|army)\b")


def _speaker_country(ctx: _Context, sentence: Span, text: str) -> str | None:
    """"The ministry said" after "Azerbaijan's defence ministry said": the same speaker; a local
    official with no country named ("regional governor Ivan Fedorov") speaks for where he serves."""
    words = text.lower().split()
    if words and words[0] == "the" and len(words) <= 3:
        for earlier, country in reversed(ctx.speakers):
            if words[-1] in earlier.lower().split():
                return country
    if _OFFICIAL.search(text):
        return _place_country(ctx, sentence) or (ctx.parties[0] if len(ctx.parties) == 1 else None)
    return None


def _country_of_phrase(ctx: _Context, start: int, end: int, text: str) -> str | None:
    """The state a phrase speaks for: its own words, else an actor recognised inside it."""
    country, _role = ctx.resolve(text, ctx.on)
    if country:
        return country
    inside = [a for a in ctx.annotations.actors if a.span.start < end and start < a.span.end and a.country]
    if inside:
        return inside[0].country
    return _appositive_country(ctx, end)


def _appositive_country(ctx: _Context, end: int) -> str | None:
    """"Zabihullah Mujahid, spokesperson for the Taliban government": the organisation after the name."""
    text = ctx.doc.analysis
    if not text[end : end + 2].startswith(","):
        return None
    close = min((i for i in (text.find(",", end + 1), text.find(".", end + 1)) if i > 0), default=-1)
    if close < 0 or close - end > 90:
        return None
    country, _ = ctx.resolve(text[end + 1 : close], ctx.on)
    return country


def _claim(
    ctx: _Context, sentence: Span, fig: FigureMatch, q: Quantity, att: Attribution | None,
    claimant: str | None, claimant_country: str | None,
) -> Claim:
    country, role = _subject_side(ctx, sentence, fig, claimant_country)
    start = min(fig.quantity_start, fig.subject_start, fig.cue_start)
    if att is not None and att.end <= fig.quantity_start:
        start = min(start, att.start)
    end = max(fig.quantity_end, fig.subject_end, fig.cue_end)
    evidence = ctx.doc.source_span(sentence.start + start, sentence.start + end)
    return Claim(
        doc=ctx.doc.name, kind=fig.kind, low=q.low, high=q.high, approx=q.approx,
        subject=fig.subject, subject_country=country, subject_role=role,
        claimant=claimant, claimant_country=claimant_country, unverified=False,
        evidence=evidence, sentence=ctx.doc.source_span(sentence.start, sentence.end),
        unspecified=q.unspecified, date=_first_in(ctx.annotations.dates, sentence),
        place=_first_in(ctx.annotations.places, sentence), part=fig.part, report=ctx.doc.content_hash,
    )


def _first_in(items, sentence: Span):  # type: ignore[no-untyped-def]
    for item in items:
        if sentence.start <= item.span.start < sentence.end:
            return item
    return None


def _subject_side(
    ctx: _Context, sentence: Span, fig: FigureMatch, claimant_country: str | None
) -> tuple[str | None, str]:
    """(country, role) of the counted people or things."""
    country, role = ctx.resolve(fig.subject, ctx.on)
    base_role = fig.head_class if fig.head_class in ("military", "armed_group", "civilian") else "unknown"
    if base_role == "military" and _MILITIA.search(fig.subject):
        base_role = "armed_group"
    if fig.head_class in ("positions", "aircraft"):
        base_role = "military"
    if country:
        return country, role if role != "unknown" else base_role
    if fig.possessive:
        return claimant_country, _actor_role(ctx, base_role, claimant_country)
    whose = _of_whom(ctx, sentence, fig)
    if whose:
        return whose, base_role
    if base_role == "civilian":
        return _civilians_side(ctx, sentence, fig, claimant_country), "civilian"
    if base_role == "unknown" and fig.head_class not in ("positions", "aircraft"):
        return None, "unknown"
    owner = _possessor(ctx, sentence, fig) or _owner(ctx, sentence, fig, claimant_country)
    if owner is None and base_role == "military":
        owner = _home_state(ctx, sentence)
    return owner, _actor_role(ctx, base_role, owner) if owner else base_role


_OF_LAND = re.compile(r"\s+of\s+(?:the\s+)?((?:[A-Z][\w’'\-]*\s+){1,3})(?:territory|land|soil|airspace)\b")


def _of_whom(ctx: _Context, sentence: Span, fig: FigureMatch) -> str | None:
    """"10 square kilometres of Armenian territory": whose land or positions the words after say."""
    if fig.head_class not in ("positions", "aircraft"):
        return None
    m = _OF_LAND.match(sentence.text, fig.subject_end)
    return ctx.resolve(m.group(1), ctx.on)[0] if m else None


def _civilians_side(ctx: _Context, sentence: Span, fig: FigureMatch, claimant_country: str | None) -> str | None:
    """Whose civilians: the adversary's where a named side did the killing ("Pakistani airstrikes
    killed 46 civilians"), the claimant's own where a state reports them ("Pakistan said 31
    civilians had been killed"), else the country where it happened."""
    if fig.active:
        enemy = _adversary(ctx, _agent_country(ctx, sentence, fig, claimant_country))
        if enemy:
            return enemy
    elif claimant_country:
        return claimant_country
    return _place_country(ctx, sentence) or (ctx.parties[0] if len(ctx.parties) == 1 else None)


def _home_state(ctx: _Context, sentence: Span) -> str | None:
    """Unnamed soldiers or police in a report about one state's war are that state's: the only state
    the report names, else the country of the sentence's place."""
    if len(ctx.parties) == 1:
        return ctx.parties[0]
    if not ctx.parties:
        return _place_country(ctx, sentence)
    return None


_MILITIA = re.compile(r"(?i)\bpro-(?:government|regime)\b|\bmilitia")
_HAVE = re.compile(r"\b(?:had|has|have|lost|suffered|saw|sustained)\s+(?:about\s+|some\s+|around\s+)?$")


def _possessor(ctx: _Context, sentence: Span, fig: FigureMatch) -> str | None:
    """"Russian forces had 300 soldiers killed", "Armenia lost 49 servicemen": the side named just before."""
    before = sentence.text[max(0, fig.quantity_start - 20) : fig.quantity_start]
    if not _HAVE.search(before):
        return None
    at = sentence.start + fig.quantity_start
    near = [a for a in ctx.annotations.actors
            if a.country and a.kind != "generic" and sentence.start <= a.span.start and a.span.end <= at - 3
            and at - a.span.end <= 25]
    return near[-1].country if near else None


def _owner(ctx: _Context, sentence: Span, fig: FigureMatch, claimant_country: str | None) -> str | None:
    if not fig.active:
        by = _passive_agent(ctx, sentence, fig, claimant_country)
        if by:
            return _adversary(ctx, by)
        # "38 drones were shot down, Ukraine's air force said": a side counts the enemy's aircraft
        return _adversary(ctx, claimant_country) if fig.kind == "aircraft_downed" else claimant_country
    agent = _agent_country(ctx, sentence, fig, claimant_country)
    if agent:
        return _adversary(ctx, agent)
    return _adversary(ctx, claimant_country) if claimant_country else None


_OWN_ACTION = re.compile(r"^[^.;]{0,40}?\b(?:in|by|during|under)\s+(?:its|their|our)\s+(?:\w+\s+){0,2}?"
                         r"(?:strikes?|air\s*strikes?|attacks?|operations?|raids?|shelling|fire|offensive|bombardment)",
                         re.IGNORECASE)
_BY = re.compile(r"^[^.;]{0,30}?\bby\s+(?:the\s+)?", re.IGNORECASE)


def _passive_agent(ctx: _Context, sentence: Span, fig: FigureMatch, claimant_country: str | None) -> str | None:
    """Who did it, in a passive clause: "100 militants were killed in its strikes" (the claimant),
    "5 soldiers were killed by Russian drones" (the side named after "by")."""
    after = sentence.text[fig.cue_end : fig.cue_end + 80]
    if claimant_country and _OWN_ACTION.search(after):
        return claimant_country
    m = _BY.search(after)
    if m:
        at = sentence.start + fig.cue_end + m.end()
        for a in ctx.annotations.actors:
            if a.span.start == at and a.country and a.kind != "generic":
                return a.country
    return None


def _agent_country(ctx: _Context, sentence: Span, fig: FigureMatch, claimant_country: str | None) -> str | None:
    span = _phrase_before(sentence.text, fig.cue_start)
    if span is None or span[2] != "phrase":
        return None
    text = sentence.text[span[0] : span[1]]
    if text.split()[0].lower() in ("its", "their", "our", "it", "they", "we"):
        return claimant_country
    return _country_of_phrase(ctx, sentence.start + span[0], sentence.start + span[1], text)


def _adversary(ctx: _Context, country: str | None) -> str | None:
    """The other side: the other state the report is about, else (a civil war) the same state
    when the report names a non-state armed group of it ("Sudan's army" against "the RSF")."""
    if not country:
        return None
    others = [c for c in ctx.parties[:2] if c != country]
    if others:
        return others[0]
    return country if country in ctx.rebels else None


def _actor_role(ctx: _Context, base_role: str, country: str | None) -> str:
    """"Fighters" of a side whose only named organisation is its (de facto) state forces are military
    (the Taliban's fighters after August 2021); where the report names a non-state group of that
    country, they keep the noun's role."""
    if base_role != "armed_group" or not country:
        return base_role
    return "military" if country in ctx.state_only else base_role


def _place_country(ctx: _Context, sentence: Span) -> str | None:
    """The country where the sentence's civilians were: its most precise place (a demonym such as
    "Pakistani airstrikes" names the attacker's country, not where the victims were)."""
    inside = [p for p in ctx.annotations.places if sentence.start <= p.span.start < sentence.end and p.country
              and not is_dateline(ctx.doc.analysis, p)]
    named = [p for p in inside if p.span.text == p.name or p.feature != "country"]
    ranked = sorted(named, key=lambda p: p.feature == "country")
    return ranked[0].country if ranked else None


def _apply_hedges(sentences: Sequence[Span], per_sentence: list[list[Claim]]) -> None:
    """Mark hedged claims unverified, each hedge over its own scope (in place)."""
    for i, sentence in enumerate(sentences):
        hedge = find_hedge(sentence.text, i)
        if hedge is None:
            continue
        if hedge.document:
            for j, claims in enumerate(per_sentence):
                per_sentence[j] = [
                    _unverified(c) if (not hedge.casualties_only or c.kind in CASUALTY_KINDS) else c for c in claims
                ]
        elif per_sentence[i]:
            per_sentence[i] = [_unverified(c) for c in per_sentence[i]]
        elif hedge.back and i > 0:
            per_sentence[i - 1] = [_unverified(c) for c in per_sentence[i - 1]]


def _unverified(c: Claim) -> Claim:
    return replace(c, unverified=True)
