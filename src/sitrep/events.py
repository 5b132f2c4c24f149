"""Events: what each report says happened — type, date, place, actors — with its claims.

A report is read as one main event (the first sentence that describes violence sets its type),
plus a separate event for each figure stated in a sentence that describes violence of another
kind ("On December 25, Pakistani airstrikes … killed at least 46" inside a report on the
retaliation that followed).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .records import Annotations, Claim, DateMention, Document, Event, Span
from .sentences import split_sentences
from .settings import Settings

log = logging.getLogger(__name__)

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
    from .eventtypes import classify_event, main_event_type

    sentences = split_sentences(doc.analysis)
    typed = [(s, classify_event(s.text)) for s in sentences]
    chosen = _main_of_body(typed, doc, main_event_type)
    main_type = chosen[1] if chosen else classify_event(doc.analysis)
    if not main_type.conflict:
        return []  # no word of a conflict event, or words of a disaster, a crime or diplomacy only
    main_sentences = [sentences[chosen[0]]] if chosen else sentences[:1]
    main_claims: list[Claim] = []
    parts: list[_Part] = []
    for claim in claims:
        own = _own_type(claim, typed, doc)
        if (own is not None and own.event_type != main_type.event_type and claim.kind not in _FOLLOWERS
                and _dated_apart(claim, main_sentences, annotations, doc)):
            sentence = _sentence_of(claim, sentences, doc)
            parts.append(_Part((sentence,), own.event_type, own.sub_event_type, (claim,)))
        else:
            main_claims.append(claim)
    main = _Part(tuple(main_sentences), main_type.event_type, main_type.sub_event_type, tuple(main_claims))
    parts = _merge_parts(parts)
    return [_event(doc, annotations, p, settings, is_main=i == 0) for i, p in enumerate([main, *parts])]


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


def _merge_parts(parts: list[_Part]) -> list[_Part]:
    """Figures of the same other event in one report (same event type: "airstrikes" and "the bombardment"
    of one report are one event) form one event, typed by its first sentence."""
    merged: dict[str, _Part] = {}
    for p in parts:
        if p.event_type in merged:
            q = merged[p.event_type]
            merged[p.event_type] = _Part(
                q.sentences + p.sentences, q.event_type, q.sub_event_type, q.claims + p.claims
            )
        else:
            merged[p.event_type] = p
    return list(merged.values())


def _event(doc: Document, ann: Annotations, part: _Part, settings: Settings, *, is_main: bool) -> Event:
    from .dates import event_date
    from .incidents import fatality_split
    from .places import locate_event

    text = doc.analysis if is_main else " ".join(s.text for s in part.sentences)
    dates = ann.dates if is_main else _inside(ann.dates, part.sentences)
    places = ann.places if is_main else _inside(ann.places, part.sentences)
    start, end, precision = event_date(text if is_main else doc.analysis, dates, doc.published)
    if is_main:
        place, geo = locate_event(doc.analysis, places)
    else:
        place, geo = locate_event(doc.analysis, places) if places else (None, None)
    actor1, actor2 = _actors(doc, ann, part)
    first = part.sentences[0] if part.sentences else Span(0, 0, "")
    return Event(
        doc=doc.name, event_type=part.event_type, sub_event_type=part.sub_event_type,
        date_start=start, date_end=end or start, date_precision=precision, place=place, geo_precision=geo,
        actor1=actor1, actor2=actor2, claims=part.claims,
        evidence=doc.source_span(first.start, first.end), published=doc.published,
        fatality_split=fatality_split(doc.analysis) if is_main else None, report=doc.content_hash,
    )


def _inside(items, sentences: Sequence[Span]):  # type: ignore[no-untyped-def]
    return tuple(i for i in items if any(s.start <= i.span.start < s.end for s in sentences))


def _actors(doc: Document, ann: Annotations, part: _Part) -> tuple[str | None, str | None]:
    """The first two distinct named actors of the event's sentences (or of the report)."""
    from .actors import acled_name

    on = doc.published
    pool = [a for a in _inside(ann.actors, part.sentences) if a.kind != "generic"] or [
        a for a in ann.actors if a.kind != "generic"
    ]
    names: list[str] = []
    for mention in pool:
        name = acled_name(mention, on)
        if name and name not in names:
            names.append(name)
    civilian = any(c.subject_role == "civilian" for c in part.claims)
    if civilian and len(names) < 2:
        country = next((c.subject_country for c in part.claims if c.subject_role == "civilian"), None)
        names.append(_civilians(country))
    return (names[0] if names else None), (names[1] if len(names) > 1 else None)


def _civilians(country: str | None) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2=country) if country else None
    return f"Civilians ({found.name})" if found else "Civilians"


def event_day(d: DateMention | None) -> date | None:
    return d.first_day if d else None
