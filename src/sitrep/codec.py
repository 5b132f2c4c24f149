"""Records to and from JSON: the one codec the stores and the output share.

A record has three JSON shapes, all written here:

- **fields**: an object of its fields by name, in the order the record declares them; spans are
  `[start, end, text]` and dates ISO text. The stores keep a claim's date and place and an
  incident's figures so (`fields_json`, read back by `date_from_json`, `place_from_json`,
  `figure_from_json`).
- **tagged**: the same, with the record's class named (`{"@": "Event", "doc": …}`) and dates as
  `{"@d": "2025-10-12"}`, so a whole event with the claims in it reads back without a schema
  (`events_json`, `events_from_json`). Records that gain fields still round-trip.
- **contract**: what `../shared/eval/CONTRACT.md` promises to other programs: a claim with its
  evidence's offsets (`claim_json`), the claims behind a figure (`claim_ref_json`), the spans of an
  annotated report (`annotation_json`). `sitrep.present.output` adds what reconciling works out
  (a figure's history, an incident's grade).

Dates are ISO text everywhere (`iso`, `from_iso`); stored JSON is compact and deterministic
(`dumps`), so equal values give equal text and a rewrite of equal records can be skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any, Final, TypeVar, cast

from . import records
from .records import (
    Annotations,
    Claim,
    ClaimRef,
    DateMention,
    Document,
    Event,
    Figure,
    PlaceMention,
    Span,
)

__all__ = [
    "EventKey",
    "annotation_json",
    "claim_json",
    "claim_ref_json",
    "date_from_json",
    "dumps",
    "event_key",
    "event_keys_json",
    "events_from_json",
    "event_keys_from_json",
    "events_json",
    "fields_json",
    "figure_from_json",
    "from_iso",
    "iso",
    "place_from_json",
]

_R = TypeVar("_R")


# --------------------------------------------------------------------------- values


def dumps(value: Any) -> str:
    """Compact, deterministic JSON (equal values give equal text, so rewrites can be skipped)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def iso(value: date | None) -> str | None:
    """A date as ISO text (`2025-10-12`), None as None."""
    return None if value is None else value.isoformat()


def from_iso(value: str | None) -> date | None:
    """The date of ISO text, None as None."""
    return None if value is None else date.fromisoformat(value)


# --------------------------------------------------------------------------- fields


def fields_json(value: Any) -> Any:
    """A record (or a tuple of them) as JSON: an object of its fields, by name in declaration order."""
    if isinstance(value, Span):
        return [value.start, value.end, value.text]
    kind: type = type(value)  # a plain `type`, which the checker knows to be hashable
    names = _record_fields(kind)
    if names is not None:
        return {name: fields_json(getattr(value, name)) for name in names}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [fields_json(v) for v in value]
    return value


def _fields_from_json(kind: type[_R], data: dict[str, Any], **decode: Callable[[Any], Any]) -> _R:
    """The `kind` record `fields_json` wrote as `data`; `decode` reads the fields that are not plain
    JSON values. Keys that are not fields of `kind` are left out; missing ones take their defaults."""
    cls: type = kind  # a plain `type`, which the checker knows to be hashable
    names = _field_names(cls)
    return kind(**{k: decode[k](v) if k in decode else v for k, v in data.items() if k in names})


@cache
def _record_fields(kind: type) -> tuple[str, ...] | None:
    """The field names of `kind` in declaration order when it is a record (dataclass) class, else None;
    worked out once per class, as every stored claim and event is written out field by field."""
    return tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None


@cache
def _field_names(kind: type) -> frozenset[str]:
    """The field names of the record class `kind` as a set, worked out once per class (reading a large
    store's incidents decodes hundreds of thousands of figures and claim references)."""
    return frozenset(_record_fields(kind) or ())


def _span_from_json(data: list[Any]) -> Span:
    start, end, text = data
    return Span(start, end, text)


def date_from_json(data: dict[str, Any]) -> DateMention:
    """A claim's date as `fields_json` wrote it."""
    day = date.fromisoformat
    return _fields_from_json(DateMention, data, span=_span_from_json, first_day=day, last_day=day)


def place_from_json(data: dict[str, Any]) -> PlaceMention:
    """A claim's place as `fields_json` wrote it."""
    return _fields_from_json(PlaceMention, data, span=_span_from_json)


def figure_from_json(data: dict[str, Any]) -> Figure:
    """An incident's figure (with the claims behind it) as `fields_json` wrote it."""
    if data.keys() == _field_names(Figure):  # as this release writes it: every field, by name
        return Figure(data["kind"], data["subject_country"], data["subject_role"], data["low"], data["best"],
                      data["high"], data["contested"], tuple(map(_claim_ref_from_json, data["claims"])))
    return _fields_from_json(Figure, data, claims=lambda refs: tuple(map(_claim_ref_from_json, refs)))


def _claim_ref_from_json(data: dict[str, Any]) -> ClaimRef:
    if data.keys() == _field_names(ClaimRef):  # the same, field by field, without the general decoder's work
        return ClaimRef(data["doc"], data["claimant"], data["claimant_country"], data["low"], data["high"],
                        data["unverified"], data["evidence"], bool(data["part"]), bool(data["revised"]))
    return _fields_from_json(ClaimRef, data, part=bool, revised=bool)


# --------------------------------------------------------------------------- tagged (events)


def events_json(events: Sequence[Event]) -> str:
    """A report's events as tagged JSON text (the claims in them without their report's identity,
    which the row they are stored in holds)."""
    return dumps([_tagged_json(event) for event in events])


def events_from_json(data: str, types: Collection[str] | None = None, report: str = "") -> list[Event]:
    """The events `events_json` wrote, of the report whose content hash is `report` (of the event
    `types` only, if given); each event and claim is given the report's identity, which the JSON
    leaves to its row. Equal strings of the report (its name, a sentence several claims quote, a kind
    or a country) become one object, and short ones one object across reports: the events of a large
    store are read into about half the memory."""
    memo: dict[str, str] = {}
    return [cast(Event, _from_tagged_json(row, memo, report)) for row in json.loads(data)
            if types is None or row["event_type"] in types]


EventKey = tuple[date | None, str, int, str, str]
"""What orders events for reconciling: (day, report, start, sub-event type, event type)."""


def event_keys_json(events: Sequence[Event]) -> str:
    """The keys of `events` (see `EventKey`) as JSON text, kept beside them; read back with `event_keys_from_json`."""
    return dumps([[iso(e.date_start), e.doc, e.evidence.start, e.sub_event_type, e.event_type] for e in events])


def event_keys_from_json(data: str) -> Iterator[EventKey]:
    """The keys `event_keys_json` wrote."""
    for day, *rest in json.loads(data):
        yield (from_iso(day), *rest)


def event_key(data: dict[str, Any]) -> EventKey:
    """The key of one event of `events_json`'s text, as parsed JSON (stores that kept no keys)."""
    day = data["date_start"]
    return (date.fromisoformat(day["@d"]) if day else None, data["doc"], data["evidence"]["start"],
            data["sub_event_type"], data["event_type"])


def _tagged_json(value: Any) -> Any:
    """A record (and the records, dates and tuples in it) as JSON, every field by name:
    {"@": "Event", "doc": …}; dates {"@d": "2025-10-12"}."""
    kind: type = type(value)
    if kind in _PLAIN:
        return value
    names = _stored_fields(kind)
    if names is not None:
        record = {"@": kind.__name__}
        for name in names:
            record[name] = _tagged_json(getattr(value, name))
        return record
    if isinstance(value, date):
        return {"@d": value.isoformat()}
    if isinstance(value, (tuple, list)):
        return [_tagged_json(v) for v in value]
    return value


def _from_tagged_json(data: Any, memo: dict[str, str], report: str) -> Any:
    if isinstance(data, str):
        return memo.setdefault(data, sys.intern(data) if len(data) <= _INTERNED else data)
    if isinstance(data, list):
        return tuple(_from_tagged_json(v, memo, report) for v in data)
    if isinstance(data, dict):
        if "@d" in data:
            return date.fromisoformat(data["@d"])
        kind = getattr(records, data["@"])
        values = {k: _from_tagged_json(v, memo, report) for k, v in data.items() if k != "@"}
        if kind in _OF_A_REPORT:
            values["report"] = report
        return kind(**values)
    return data


@cache
def _stored_fields(kind: type) -> tuple[str, ...] | None:
    """The fields of a record class that its stored JSON holds: all but the report's identity of an
    event or claim, which is its row's (the report's content hash), not written again for each."""
    names = _record_fields(kind)
    return None if names is None else tuple(n for n in names if not (kind in _OF_A_REPORT and n == "report"))


_OF_A_REPORT: Final = frozenset({Event, Claim})
"""Records that carry their report's identity (`report`), given back from the row they are stored in."""
_PLAIN: Final = frozenset({str, int, float, bool, type(None)})
"""Types of values that are JSON as they are (most of a record's fields), passed over at once."""
_INTERNED: Final = 40
"""Strings up to this length (kinds, roles, countries, names of reports and actors) are interned."""


# --------------------------------------------------------------------------- the contract's JSON


def claim_json(c: Claim) -> dict[str, Any]:
    """A claim as the contract gives it: its evidence's offsets and text in place of the span, its
    date's value and its place's name."""
    return {
        "doc": c.doc, "kind": c.kind, "low": c.low, "high": c.high, "approx": c.approx,
        "subject": c.subject, "subject_country": c.subject_country, "subject_role": c.subject_role,
        "claimant": c.claimant, "claimant_country": c.claimant_country, "unverified": c.unverified,
        "start": c.evidence.start, "end": c.evidence.end, "text": c.evidence.text,
        "unspecified": c.unspecified,
        "date": c.date.value if c.date else None,
        "place": c.place.name if c.place else None,
        "part": c.part,
        "side_by": c.side_by,
    }


def claim_ref_json(r: ClaimRef, stance: str) -> dict[str, Any]:
    """A claim behind a figure as the contract gives it, with its `stance` towards the figure."""
    return {"doc": r.doc, "claimant": r.claimant, "claimant_country": r.claimant_country,
            "stance": stance, "low": r.low, "high": r.high, "unverified": r.unverified,
            "evidence": r.evidence, "revised": r.revised}


def annotation_json(doc: Document, ann: Annotations) -> Iterator[dict[str, Any]]:
    """Every recognised span, offsets into the text as given, in text order."""
    rows: list[dict[str, Any]] = []
    for p in ann.places:
        rows.append(_span_json(doc, p.span, "place") | {
            "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1,
            "geonameid": p.geonameid})
    for d in ann.dates:
        rows.append(_span_json(doc, d.span, "date") | {"value": d.value, "precision": d.precision})
    for a in ann.actors:
        rows.append(_span_json(doc, a.span, "actor") | {
            "name": a.name, "country": a.country, "role": a.role, "actor_kind": a.kind})
    for q in ann.quantities:
        rows.append(_span_json(doc, q.span, "quantity") | {
            "low": q.low, "high": q.high, "approx": q.approx, "unspecified": q.unspecified})
    rows.sort(key=lambda r: (r["start"], r["end"], r["type"]))
    yield from rows


def _span_json(doc: Document, span: Span, kind: str) -> dict[str, Any]:
    """A span of `doc`'s analysis text as offsets into the text as given."""
    s = doc.source_span(span.start, span.end)
    return {"doc": doc.name, "type": kind, "start": s.start, "end": s.end, "text": s.text}
