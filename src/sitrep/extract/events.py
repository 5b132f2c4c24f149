"""Events: what each report says happened — type, date, place, actors — with its claims.

A report is read as one main event (the first sentence that describes violence sets its type),
plus an event of its own for each figure that tells of another: stated in a sentence that describes
violence of another kind with its own date ("On December 25, Pakistani airstrikes … killed at least
46" inside a report on the retaliation that followed), dated well before the main event ("In
September 2022, an offensive killed 207 soldiers"), told as what the main event came after ("The
attack came a day after Thai jets bombed Preah Vihear, where three soldiers were killed"), or
placed far from it ("In the south, drones struck Odesa, killing two").
"""

from __future__ import annotations

import json
import logging
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Protocol, TypeVar

import pycountry

from ..records import Annotations, Claim, DateMention, Document, Event, PlaceMention, Precision, Span
from ..settings import Settings
from . import english
from .actors import acled_name, actor_table
from .dates import event_date
from .eventtypes import classify_event, main_event_type
from .gazetteer import haversine_km
from .names import event_names
from .places import REGION_KM, is_dateline, is_demonym, locate_event, speaks_for_government, state_place
from .sentences import sentences_of

log = logging.getLogger(__name__)


class _HasSpan(Protocol):
    @property
    def span(self) -> Span: ...


_Spanned = TypeVar("_Spanned", bound=_HasSpan)  # a place, date or actor mention

# figures that belong to the fighting around them whatever their own sentence says
_FOLLOWERS = frozenset({"aircraft_downed", "positions_captured", "detained"})


@dataclass(frozen=True, slots=True)
class _Part:
    """Sentences of one report that describe one event."""

    sentences: tuple[Span, ...]
    event_type: str
    sub_event_type: str
    claims: tuple[Claim, ...]


def read_events(
    doc: Document, annotations: Annotations, claims: Sequence[Claim], settings: Settings
) -> list[Event]:
    """The events a report describes, the main one first."""
    sentences = sentences_of(doc.analysis, annotations)
    typed = [(s, classify_event(s.text)) for s in sentences]
    chosen = _main_of_body(typed, doc, main_event_type)
    main_type = chosen[1] if chosen else classify_event(doc.analysis)
    if not main_type.conflict:
        return []  # no word of a conflict event, or words of a disaster, a crime or diplomacy only
    main_sentences = [sentences[chosen[0]]] if chosen else sentences[:1]
    main_day = event_date(doc.analysis, _current(doc.analysis, annotations.dates), doc.published, sentences)[0]
    main_place = _main_place(doc, annotations, main_sentences)
    main_claims: list[Claim] = []
    parts: dict[tuple[object, ...], _Part] = {}
    home: dict[tuple[str, str | None], tuple[object, ...] | None] = {}  # where a report's figures of a side went
    for claim in [*claims, *read_denials(doc, annotations, sentences, claims)]:
        own = _own_type(claim, typed, doc)
        sentence = _sentence_of(claim, sentences, doc)
        if claim.low == claim.high == 0 and (claim.kind, claim.subject_country) in home:
            key = home[(claim.kind, claim.subject_country)]  # a denial goes with the claim it denies
        else:
            key = _apart(claim, sentence, own, main_type, main_sentences, main_day, main_place, annotations, doc,
                         settings)
            home.setdefault((claim.kind, claim.subject_country), key)
        if key is None:
            main_claims.append(claim)
            continue
        kind = own if own is not None else classify_event(_after_clause(sentence.text, claim, doc, sentence))
        held = parts.get(key)
        if held is None:
            parts[key] = _Part((sentence,), kind.event_type, kind.sub_event_type, (claim,))
        else:
            more = () if sentence in held.sentences else (sentence,)
            parts[key] = _Part(held.sentences + more, held.event_type, held.sub_event_type, held.claims + (claim,))
    parts = _told_twice(parts, annotations)
    main_claims = _sites(doc, annotations, main_claims, sentences)
    main = _Part(tuple(main_sentences), main_type.event_type, main_type.sub_event_type, tuple(main_claims))
    apart = [s for p in parts.values() for s in p.sentences if s not in main_sentences]
    violent = [s for s, t in typed if _violent(t)]
    first = _event(doc, annotations, main, settings, is_main=True, apart=apart, main_day=main_day, violent=violent)
    first = replace(first, names=_names_of(doc, annotations, _told_of(doc, sentences, main, apart)))
    state = _state_of(first.place)
    return [first, *(replace(e, names=_names_of(doc, annotations, p.sentences)) for p, e in (
        (p, _event(doc, annotations, p, settings, is_main=False, main_day=main_day, main_state=state))
        for p in parts.values()))]


def _told_of(doc: Document, sentences: Sequence[Span], main: _Part, apart: Sequence[Span]) -> list[Span]:
    """The sentences that tell of the main event: its own, its figures', and the report's lead (the
    headline and the sentences up to `LEAD_SENTENCES` after its own), but those of its other events."""
    if not sentences:
        return []
    ends = [doc.source_offset(s.end) + 1 for s in sentences]
    held = {min(bisect_right(ends, c.evidence.start), len(sentences) - 1) for c in main.claims}
    first = min((sentences.index(s) for s in main.sentences if s in sentences), default=0)
    lead = set(range(first + LEAD_SENTENCES + 1)) | held
    away = set(apart)
    return [s for i, s in enumerate(sentences) if i in lead and s not in away] + \
        [s for s in main.sentences if s not in sentences]


def _names_of(doc: Document, ann: Annotations, told: Sequence[Span]) -> tuple[str, ...]:
    return event_names(doc.analysis, told, ann.places, ann.datelines)


def fatality_split(text: str) -> tuple[int, int | None] | None:
    """(number of events, stated share) where a note spreads its fatalities over several events."""
    m = _split_pattern().search(text)
    if not m or int(m.group("parts")) < 2:
        return None
    return int(m.group("parts")), int(m.group("share")) if m.group("share") else None


@lru_cache(maxsize=1)
def _split_pattern() -> re.Pattern[str]:
    data = json.loads(resources.files("sitrep.data").joinpath("fatality_conventions.json").read_text("utf-8"))
    return re.compile(data["split"]["pattern"])


def _state_of(place: PlaceMention | None) -> PlaceMention | None:
    """The state a place is in, as a place (at its capital, as ACLED places a state-wide event)."""
    return state_place(place.country) if place is not None and place.country else None


@dataclass(frozen=True, slots=True)
class _Denial:
    kind: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _denial_rules() -> tuple[_Denial, ...]:
    data = json.loads(resources.files("sitrep.data").joinpath("denials.json").read_text("utf-8"))
    return tuple(_Denial(r["kind"], re.compile(r["pattern"], re.IGNORECASE)) for r in data["denials"])


def read_denials(doc: Document, ann: Annotations, sentences: Sequence[Span],
                 claims: Sequence[Claim] = ()) -> list[Claim]:
    """A side's denial of a loss the other side claims ("Thailand denied losing any aircraft", "…
    downed five Indian jets, a claim India denied") as a claim of 0 by the denying side about its
    own side: with the claim it denies, the figure becomes contested. The denying side is the last
    state or force its sentence names before the verb."""
    found: list[Claim] = []
    if not _DENYING.search(doc.analysis):
        return found
    for s in sentences:
        if not _DENYING.search(s.text):
            continue
        for rule in _denial_rules():
            m = rule.pattern.search(s.text)
            if m is not None:
                found.extend(_denial(doc, ann, s, m, rule.kind, None, s.start + m.start()))
                break
        else:
            m = _claim_denied().search(s.text)
            if m is not None:
                start = doc.source_offset(s.start + m.start())
                denied = [c for c in claims if doc.source_offset(s.start) <= c.evidence.start < start]
                if denied:
                    target = max(denied, key=lambda c: (c.evidence.end, c.evidence.start))
                    found.extend(_denial(doc, ann, s, m, target.kind, target.subject_country, s.start + m.end()))
    return found


def _denial(doc: Document, ann: Annotations, s: Span, m: re.Match[str], kind: str,
            side: str | None, before: int) -> list[Claim]:
    """The claim of 0 a denial makes; none where no state or force is named (before `before`) as the
    denier, or the denied figure is of another side than the denier's."""
    start = s.start + m.start()
    who = _denier(ann, s, before)
    if who is None or (side is not None and side != who[1]):
        return []
    name, country = who
    return [Claim(doc=doc.name, kind=kind, low=0, high=0, approx=False, subject=m.group(0).strip(" ,;—–"),
                  subject_country=country, subject_role="military", claimant=name, claimant_country=country,
                  unverified=False, evidence=doc.source_span(start, s.start + m.end()),
                  sentence=doc.source_span(s.start, s.end))]


@lru_cache(maxsize=1)
def _claim_denied() -> re.Pattern[str]:
    data = json.loads(resources.files("sitrep.data").joinpath("denials.json").read_text("utf-8"))
    return re.compile(data["claim_denied"])


_DENYING = re.compile(r"\b(?:denie[sd]|reject(?:s|ed)|dismiss(?:es|ed))\b", re.IGNORECASE)
"""The verbs every denial pattern begins with: sentences without one are not read further."""


def _denier(ann: Annotations, sentence: Span, before: int) -> tuple[str, str] | None:
    named = [(a.span, a.country) for a in ann.actors if a.country and sentence.start <= a.span.start < before]
    named += [(p.span, p.country) for p in ann.places
              if p.country and p.feature == "country" and sentence.start <= p.span.start < before]
    if not named:
        return None
    span, country = max(named, key=lambda item: item[0].start)
    return span.text, country


def _sites(doc: Document, ann: Annotations, claims: list[Claim], sentences: Sequence[Span]) -> list[Claim]:
    """Figures of one site of an event told over several ("13 were killed in Bahawalpur" beside "the
    strikes on nine sites killed 31") are parts of the total: a smaller figure of the same kind and
    side in a sentence naming one town, where a larger one of the same claimant's side (or of a
    claimant of no named side) is in a sentence naming none or several; the other side's larger
    claim is a dispute, not a total."""
    towns: dict[Span, int] = {}
    count: dict[int, int] = {}
    for c in claims:
        s = _sentence_of(c, sentences, doc)
        if s not in towns:
            towns[s] = len({p.name for p in _inside(ann.places, (s,)) if _is_town(doc.analysis, p, ann.datelines)})
        count[id(c)] = towns[s]
    totals: dict[tuple[str, str | None, str | None], int] = {}
    for c in claims:
        if c.low is not None and not c.part and count[id(c)] != 1:
            key = (c.kind, c.subject_country, c.claimant_country)
            totals[key] = max(totals.get(key, c.low), c.low)

    def total(c: Claim) -> int:
        """The largest total the same side's claimant (or a claimant of no named side) gives."""
        whose = [c.claimant_country] if c.claimant_country else {k[2] for k in totals}
        return max((totals.get((c.kind, c.subject_country, w), -1) for w in whose), default=-1)

    return [replace(c, part=True) if c.low is not None and not c.part and count[id(c)] == 1
            and c.low < total(c) else c for c in claims]


def _is_town(text: str, p: PlaceMention, datelines: Sequence[Span] | None) -> bool:
    return p.feature in ("populated_place", "admin2") and p.lat is not None and not is_dateline(text, p, datelines) \
        and not speaks_for_government(text, p)


def _told_twice(parts: dict[tuple[object, ...], _Part], ann: Annotations) -> dict[tuple[object, ...], _Part]:
    """An earlier event told twice in one report, once as what the main event answered or came after
    (with no date of its own) and once with its date, is one event: the first joins the second where
    their sentences name the same town or province ("In response to airstrikes in Paktika, …" and "On
    December 25, airstrikes in Paktika killed 46")."""
    out = dict(parts)
    for key, part in parts.items():
        if key[0] != "before" or _inside(ann.dates, part.sentences):
            continue
        names = {p.name for p in _inside(ann.places, part.sentences) if p.feature != "country"}
        home = next((k for k, other in out.items() if k != key and k[0] != "before" and names & {
            p.name for p in _inside(ann.places, other.sentences) if p.feature != "country"}), None)
        if home is not None:
            del out[key]
            other = out[home]
            out[home] = _Part(other.sentences, other.event_type, other.sub_event_type, other.claims + part.claims)
    return out


def _current(text: str, dates: Sequence[DateMention]) -> Sequence[DateMention]:
    """The dates that may be the main event's: not those of what it answered or came since ("a
    response to last month's attack", "since September 2022"), unless no other is left."""
    return [d for d in dates if not _since(text, d)] or dates


def _apart(claim: Claim, sentence: Span, own, main_type, main: Sequence[Span],  # type: ignore[no-untyped-def]
           main_day: date | None, main_place: PlaceMention | None, ann: Annotations, doc: Document,
           settings: Settings) -> tuple[object, ...] | None:
    """The key of the other event a claim tells of (claims with one key are one event), or None for
    the main event's claims."""
    if claim.date is not None and main_day is not None and \
            (main_day - claim.date.last_day).days > settings.incident_window_days:
        return ("earlier", claim.date.value)
    if _after_clause(sentence.text, claim, doc, sentence) != sentence.text and \
            not (claim.date is not None and main_day is not None and claim.date.first_day >= main_day):
        return ("before", sentence.start)
    if own is None or sentence in main:
        return None
    if own.event_type != main_type.event_type and claim.kind not in _FOLLOWERS and \
            _dated_apart(claim, main, ann, doc):
        return ("type", own.event_type)
    there = _place_in(sentence, ann, doc.analysis)
    if there is not None and main_place is not None and main_place.feature != "country" \
            and _elsewhere(there, main_place):
        return ("place", there.name)
    return None


_AFTER = re.compile(
    r"\b(?:came|comes|coming|followed|follows|was|is)\s+(?:(?:just|only|barely)\s+)?"
    r"(?:(?:a|an|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|hours?)\s+)?(?:after|following)\s"
    r"|\b(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?)\s+after\s"
    r"|\bthe\s+day\s+after\s", re.IGNORECASE)
_IN_RESPONSE = re.compile(r"\s*in\s+(?:response|retaliation|reprisal|revenge)\s+(?:to|for)\s"
                          r"[^,;:.]{10,200},", re.IGNORECASE)
"""A sentence's opening clause of what its event answered ("In response to Pakistani airstrikes in
Paktika that caused civilian casualties, the Taliban attacked …")."""
_DAYS: dict[str, int] = english.values("day_counts")


def _after_clause(text: str, claim: Claim, doc: Document, sentence: Span) -> str:
    """The part of a sentence telling of what the main event came after ("The attack came a day after
    Thai jets bombed …, where three soldiers were killed"), when the claim lies in it; else the
    sentence."""
    m = _AFTER.search(text)
    if m is None or doc.source_offset(sentence.start + m.end()) > claim.evidence.start:
        lead = _IN_RESPONSE.match(text)
        if lead and doc.source_offset(sentence.start + lead.end()) > claim.evidence.start:
            return text[:lead.end()]
        return text
    return text[m.end():]


def _days_before(text: str) -> int | None:
    """How many days before the main event an event told after "came … after" happened, if said."""
    m = _AFTER.search(text)
    if m is None:
        return None
    words = m.group(0).lower().split()
    if "day" in words and "the" in words:
        return 1
    for i, w in enumerate(words[:-1]):
        if words[i + 1].startswith("day"):
            return int(w) if w.isdigit() else _DAYS.get(w)
    return None


def _place_in(sentence: Span, ann: Annotations, text: str) -> PlaceMention | None:
    """The first town, district or province a sentence names (not a country, a demonym, a dateline
    or a capital standing for its government)."""
    for p in _inside(ann.places, (sentence,)):
        if p.lat is not None and p.feature in ("populated_place", "admin2", "admin1") and not is_demonym(p) \
                and not is_dateline(text, p, ann.datelines) and not speaks_for_government(text, p) \
                and not _since(text, p):
            return p
    return None


def _main_place(doc: Document, ann: Annotations, main: Sequence[Span]) -> PlaceMention | None:
    inside = _inside(ann.places, main)
    return locate_event(doc.analysis, inside, ann.datelines)[0] if inside else None


def _elsewhere(a: PlaceMention, b: PlaceMention) -> bool:
    """Two places too far apart for one event: in other countries, or further than a region spreads."""
    if a.country and b.country and a.country != b.country:
        return True
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) > REGION_KM


def _main_of_body(typed, doc: Document, pick):  # type: ignore[no-untyped-def]
    """The main event's sentence, looked for below the headline first: a headline ("Pakistan says
    Indian strikes killed 31") sums up the event its body tells."""
    if len(typed) > 1 and doc.title and typed[0][0].text.strip() == doc.title.strip():
        below = pick([t for _, t in typed[1:]])
        if below is not None:
            return below[0] + 1, below[1]
    return pick([t for _, t in typed])


def _dated_apart(claim: Claim, main: Sequence[Span], annotations: Annotations, doc: Document) -> bool:
    """Whether the claim's sentence dates an event of its own ("On December 25, airstrikes … killed 46"):
    a figure in a sentence without a date of its own tells of the report's main event ("Al Shabaab
    claimed to have killed 1 soldier" after "an IED exploded")."""
    if claim.date is None:
        return False
    return not any(s.start <= claim.date.span.start < s.end for s in main)


def _own_type(claim: Claim, typed, doc: Document):  # type: ignore[no-untyped-def]
    """The type of the claim's own sentence when it has a cue of its own (weak cues do not count)."""
    for s, t in typed:
        if doc.source_offset(s.start) <= claim.evidence.start < doc.source_offset(s.end) + 1:
            return t if t.evidence is not None and not t.weak else None
    return None


def _sentence_of(claim: Claim, sentences: Sequence[Span], doc: Document) -> Span:
    for s in sentences:
        if doc.source_offset(s.start) <= claim.evidence.start <= doc.source_offset(s.end):
            return s
    return sentences[0]


def _event(doc: Document, ann: Annotations, part: _Part, settings: Settings, *, is_main: bool,
           apart: Sequence[Span] = (), main_day: date | None = None, violent: Sequence[Span] = (),
           main_state: PlaceMention | None = None) -> Event:
    dates = _current(doc.analysis, ann.dates) if is_main else _inside(ann.dates, part.sentences)
    places = _main_places(doc, ann, part, apart, violent) if is_main else _inside(ann.places, part.sentences)
    start, end, precision = event_date(doc.analysis, dates, doc.published, ann.sentences)
    told = [c.date for c in part.claims if c.date is not None]
    if not is_main and start is None and told:  # the date its figure was given ("since September 2022, when …")
        first_told = min(told, key=lambda d: d.first_day)
        start, end, precision = first_told.first_day, first_told.last_day, first_told.precision
    if not is_main and main_day is not None and (start is None or start >= main_day) and \
            any(_AFTER.search(s.text) or _IN_RESPONSE.match(s.text) for s in part.sentences):
        start, end, precision = _before_main(part, main_day)
    if is_main:
        place, geo = locate_event(doc.analysis, places, ann.datelines)
    else:
        place, geo = locate_event(doc.analysis, places, ann.datelines) if places else (None, None)
        if place is None and main_state is not None:  # an unplaced event of a report: in its state
            place, geo = main_state, 3
    actor1, actor2 = _actors(doc, ann, part)
    first = part.sentences[0] if part.sentences else Span(0, 0, "")
    evidence = doc.source_span(first.start, first.end)
    if not is_main and part.claims:  # its first figure: a part may share its sentence with the main event
        evidence = min((c.evidence for c in part.claims), key=lambda span: (span.start, span.end))
    return Event(
        doc=doc.name, event_type=part.event_type, sub_event_type=part.sub_event_type,
        date_start=start, date_end=end or start, date_precision=precision, place=place, geo_precision=geo,
        actor1=actor1, actor2=actor2, claims=part.claims,
        evidence=evidence, published=doc.published,
        fatality_split=fatality_split(doc.analysis) if is_main else None, report=doc.content_hash,
    )


def _before_main(part: _Part, main_day: date) -> tuple[date | None, date | None, Precision | None]:
    """The date of an event the main one came after ("a day after"), when its sentences give none
    of their own: so many days before, else some day of the week before."""
    days = next((d for d in (_days_before(s.text) for s in part.sentences) if d is not None), None)
    if days is not None:
        day = main_day - timedelta(days=days)
        return day, day, "day"
    return main_day - timedelta(days=1), main_day, "week"


def _main_places(doc: Document, ann: Annotations, part: _Part, apart: Sequence[Span],
                 violent: Sequence[Span]) -> tuple[PlaceMention, ...]:
    """The places the main event may be at: those of its own sentence, else of the report's sentences
    that tell of violence, outside the sentences of its other events, without capitals standing for
    their governments ("Baku rejected the claim", "officials in Bangkok said") or places of the past
    ("since the Taliban took Kabul"); else every place of the report."""
    text = doc.analysis
    away = set(_inside(ann.places, apart))
    elsewhere = {p.name for p in away if p.feature != "country"}
    mine = [p for p in ann.places if p not in away and not speaks_for_government(text, p) and not _since(text, p)]
    own = _inside(tuple(mine), part.sentences)
    if any(p.feature != "country" and p.lat is not None for p in own) or any(_located_in(text, p) for p in own):
        return own
    mine = [p for p in mine if p.name not in elsewhere]  # the place of another event the report tells
    sentences = sentences_of(text, ann)
    ends = [doc.source_offset(s.end) + 1 for s in sentences]
    held = {min(bisect_right(ends, c.evidence.start), len(sentences) - 1) for c in part.claims} if sentences else set()
    claimed = [sentences[i] for i in sorted(held)]  # the sentences of the event's figures
    first = part.sentences[0].start if part.sentences else 0
    lead = [s for s in sentences if s.start >= first][:LEAD_SENTENCES + 1]
    leading = set(lead)
    for told in (_inside(tuple(mine), claimed), _inside(tuple(mine), [s for s in violent if s in leading])):
        if any(p.feature != "country" and p.lat is not None for p in told):
            return tuple(told)
    # past the lead, only the provinces and states the violence is told of: the towns of a report's
    # later sentences are those of reactions, background and other events
    told = tuple(p for p in _inside(tuple(mine), violent) if p.feature in ("admin1", "country"))
    return told if told else tuple(mine) if mine else ann.places


_LOCATIVE = re.compile(r"\b(?:in|inside|within|into|across)\s+(?:the\s+)?$", re.IGNORECASE)


def _located_in(text: str, p: PlaceMention) -> bool:
    """A state named as where something happened ("targets within Pakistan")."""
    return p.feature == "country" and bool(_LOCATIVE.search(text, max(0, p.span.start - 12), p.span.start))


def _violent(t) -> bool:  # type: ignore[no-untyped-def]
    return t.evidence is not None and not t.weak


LEAD_SENTENCES = 3
"""Sentences after the main event's own that may still name its place (a report's lead); further
down, a report tells of reactions, background and other events."""

_SINCE = re.compile(r"\b(?:since|(?:following|after)\s+(?:the\s+)?(?:recent|earlier|previous|last)|"
                    r"(?:response|retaliation|reprisal|revenge)\s+(?:to|for))\b[^.;:,]*$", re.IGNORECASE)


def _since(text: str, p: PlaceMention | DateMention) -> bool:
    """Whether a place is named in a clause of what happened before ("since the Taliban regained
    control in Kabul")."""
    return bool(_SINCE.search(text, max(0, p.span.start - 80), p.span.start))


def _inside(items: Sequence[_Spanned], sentences: Sequence[Span]) -> tuple[_Spanned, ...]:
    """The items (spans in text order or not) that begin inside one of the sentences."""
    if not sentences or not items:
        return ()
    spans = sorted((s.start, s.end) for s in sentences)
    starts = [a for a, _ in spans]
    out: list[_Spanned] = []
    for i in items:
        k = bisect_right(starts, i.span.start) - 1
        if k >= 0 and i.span.start < spans[k][1]:
            out.append(i)
    return tuple(out)


def _actors(doc: Document, ann: Annotations, part: _Part) -> tuple[str | None, str | None]:
    """The first two distinct named actors of the event's sentences (or of the report)."""
    on = doc.published
    pool = [a for a in _inside(ann.actors, part.sentences) if a.kind != "generic"] or [
        a for a in ann.actors if a.kind != "generic"
    ]
    names: list[str] = []
    for mention in pool:
        name = acled_name(mention, on)
        if name and name not in names:
            names.append(name)
    target = _target_forces(doc, part, names)
    if target is not None and len(names) < 2:
        names.append(target)
    civilian = any(c.subject_role == "civilian" for c in part.claims)
    if civilian and len(names) < 2:
        country = next((c.subject_country for c in part.claims if c.subject_role == "civilian"), None)
        names.append(_civilians(country))
    return (names[0] if names else None), (names[1] if len(names) > 1 else None)


def _target_forces(doc: Document, part: _Part, names: Sequence[str]) -> str | None:
    """The forces of a state whose soldiers the event's figures count and that the event's first
    sentence names as where it struck ("attacks on targets within Pakistan", 19 Pakistani soldiers
    killed): the side acted on, where the sentences name only the side that acted."""
    soldiers = {c.subject_country for c in part.claims if c.subject_role == "military" and c.subject_country}
    if not part.sentences or not soldiers:
        return None
    first = part.sentences[0]
    for m in _STRUCK_IN.finditer(first.text):
        state = _state_named(m.group("state"))
        if state in soldiers:
            forces = actor_table().state_forces(state, doc.published)
            return forces if forces and forces not in names else None
    return None


_STRUCK_IN = re.compile(r"\b(?:within|inside|into|in)\s+(?P<state>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)")


def _state_named(words: str) -> str | None:
    try:
        return pycountry.countries.lookup(words).alpha_2
    except LookupError:
        return None


def _civilians(country: str | None) -> str:
    found = pycountry.countries.get(alpha_2=country) if country else None
    return f"Civilians ({found.name})" if found else "Civilians"


def event_day(d: DateMention | None) -> date | None:
    return d.first_day if d else None
