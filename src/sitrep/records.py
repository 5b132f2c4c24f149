"""Immutable records passed between pipeline stages.

Every derived value keeps its evidence: a `Span` with character offsets into the text the
stage read. Annotators read `Document.analysis` (same text with boilerplate blanked and broken
characters repaired); `Document.source_offset` maps an analysis offset back to the text as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
from typing import Any, Literal

ClaimKind = Literal[
    "killed",
    "injured",
    "detained",
    "missing",
    "displaced",
    "casualties",
    "positions_captured",
    "aircraft_downed",
    "other",
]
CLAIM_KINDS: tuple[str, ...] = (
    "killed",
    "injured",
    "detained",
    "missing",
    "displaced",
    "casualties",
    "positions_captured",
    "aircraft_downed",
    "other",
)
Role = Literal["military", "armed_group", "civilian", "unknown"]
Precision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text: `text == source[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """One report as ingested.

    `text` is the text as given (offsets in every output index it); `analysis` is what the
    annotators read: boilerplate lines blanked with spaces and mojibake repaired. When the repair
    changed lengths, `offset_map[i]` is the index in `text` of analysis character `i`.
    """

    name: str
    text: str
    analysis: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None
    content_hash: str = ""
    offset_map: tuple[int, ...] | None = field(default=None, repr=False)

    def source_offset(self, i: int) -> int:
        """Map an offset in `analysis` to the matching offset in `text`."""
        if self.offset_map is None:
            return i
        if i >= len(self.offset_map):
            return len(self.text)
        return self.offset_map[i]

    def source_span(self, start: int, end: int) -> Span:
        """The evidence span in the text as given for an analysis range."""
        s, e = self.source_offset(start), self.source_offset(end)
        if self.offset_map is not None and end > start:
            e = self.source_offset(end - 1) + 1
        return Span(s, e, self.text[s:e])


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted amount: `low`/`high` are None for open bounds; `approx` for vague amounts.

    `unspecified` marks phrases such as "an unknown number of", which give no figure at all.
    """

    span: Span
    low: int | None
    high: int | None
    approx: bool = False
    unspecified: bool = False


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and its normalised value (ISO 8601, as precise as the text allows)."""

    span: Span
    value: str
    first_day: date
    last_day: date
    precision: Precision


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A recognised place name with its resolved gazetteer entry."""

    span: Span
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None = None
    admin2: str | None = None
    geonameid: int | None = None
    feature: str = "populated_place"  # populated_place | admin1 | admin2 | country | feature


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A recognised actor: an organisation, a state's forces, a nationality, or a generic group."""

    span: Span
    name: str
    country: str | None
    role: Role
    kind: str = "organisation"  # organisation | state | nationality | person | generic


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything the annotators found in one document (offsets into `Document.analysis`), and what the
    stages after them read of the whole report, worked out once: its sentences and which of its
    places are datelines. None where not worked out (annotations made by hand): a stage then works
    it out itself."""

    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    sentences: tuple[Span, ...] | None = None
    datelines: tuple[Span, ...] | None = None  # the spans of the places that are a dateline ("KABUL —")


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure as one source states it."""

    doc: str
    kind: str
    low: int | None
    high: int | None
    approx: bool
    subject: str
    subject_country: str | None
    subject_role: str
    claimant: str | None
    claimant_country: str | None
    unverified: bool
    evidence: Span
    sentence: Span
    unspecified: bool = False
    date: DateMention | None = None
    place: PlaceMention | None = None
    part: bool = False  # a part of a total stated beside it ("including 10 civilians"): never added to it
    side_by: str | None = None  # the rule that decided subject_country (`sides.RULES`), None where none did
    report: str = ""  # the report's identity (its content hash); `doc`, its name, is a label others may share

    @property
    def report_id(self) -> str:
        """What tells this claim's report from every other: its content hash (its name where none is set)."""
        return self.report or self.doc


@dataclass(frozen=True, slots=True)
class Event:
    """An occurrence one report describes: what, when, where, who, and the claims about it."""

    doc: str
    event_type: str
    sub_event_type: str
    date_start: date | None
    date_end: date | None
    date_precision: Precision | None
    place: PlaceMention | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    claims: tuple[Claim, ...]
    evidence: Span
    published: date | None = None
    fatality_split: tuple[int, int | None] | None = None  # (events the report spreads its dead over, stated share)
    report: str = ""  # the report's identity (its content hash); `doc`, its name, is a label others may share
    names: tuple[str, ...] = ()  # distinctive names its sentences give: "op:…", "site:…", "town:…" (`extract.names`)

    @property
    def report_id(self) -> str:
        """What tells this event's report from every other: its content hash (its name where none is set)."""
        return self.report or self.doc


@dataclass(frozen=True, slots=True)
class ClaimRef:
    doc: str
    claimant: str | None
    claimant_country: str | None
    low: int | None
    high: int | None
    unverified: bool
    evidence: str
    part: bool = False
    revised: bool = False  # the claimant gave another figure in a later report: kept for history, not in the range


@dataclass(frozen=True, slots=True)
class Figure:
    """A reconciled figure: one (kind, subject country, subject role) across all reports."""

    kind: str
    subject_country: str | None
    subject_role: str
    low: int | None
    best: int | None
    high: int | None
    contested: bool
    claims: tuple[ClaimRef, ...]


@dataclass(frozen=True, slots=True)
class Incident:
    id: str
    date_start: date | None
    date_end: date | None
    date_precision: Precision | None
    country: str | None
    admin1: str | None
    location: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    docs: tuple[str, ...]
    figures: tuple[Figure, ...]
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None


def _pickled_by_values(kind: type) -> None:
    """Pickle records of `kind` as the class and its field values, made again by `kind(*values)`.
    The state functions slots dataclasses are given look the fields up for every object: they were
    a tenth of the ingest writer's time, taking back the analyses of its workers."""
    names = [f.name for f in fields(kind)]
    get = attrgetter(*names)
    values = get if len(names) > 1 else lambda record: (get(record),)

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return kind, values(self)

    kind.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]


for _kind in (Span, Document, Quantity, DateMention, PlaceMention, ActorMention, Annotations, Claim, Event,
              ClaimRef, Figure, Incident):
    _pickled_by_values(_kind)
