"""What the dashboard and the JSON API ask of a store: filtered incidents, claims, reports.

`Catalogue(store)` answers one request; `IncidentQuery` is the filter a user sets (dates,
country, actor, figure kind, event type, contested only, full-text search over the reports).
Search goes through `Store.search` (SQLite FTS5): an incident matches when one of its reports does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..records import Claim, ClaimRef, Document, Figure, Incident
from ..store import Store

log = logging.getLogger(__name__)

SEARCH_LIMIT = 1000
"""How many matching reports a search considers."""


@dataclass(frozen=True, slots=True)
class IncidentQuery:
    """A filter over incidents; every field left empty matches everything."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    actor: str | None = None
    kind: str | None = None
    event_type: str | None = None
    contested: bool = False
    q: str | None = None

    @property
    def is_empty(self) -> bool:
        return self == IncidentQuery()


@dataclass(frozen=True, slots=True)
class Facets:
    """The values a filter can take, from the stored incidents."""

    countries: tuple[str, ...]
    actors: tuple[str, ...]
    kinds: tuple[str, ...]
    event_types: tuple[str, ...]
    first_day: date | None
    last_day: date | None


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim behind a figure, with where its evidence sits in its report."""

    anchor: str
    figure: Figure
    ref: ClaimRef
    claim: Claim | None


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of report text; `anchor` is set where it is a claim's evidence."""

    text: str
    anchor: str | None = None
    contested: bool = False
    also: tuple[str, ...] = ()  # anchors of other claims resting on the same words


def newest_first(incidents: Iterable[Incident]) -> list[Incident]:
    """Dated incidents newest first (by first day), then undated ones in their stored order."""
    items = list(incidents)
    dated = sorted((i for i in items if i.date_start), key=lambda i: (i.date_start, i.date_end), reverse=True)
    return dated + [i for i in items if not i.date_start]


def matches(incident: Incident, query: IncidentQuery) -> bool:
    """Whether `incident` passes the query's field filters (search is applied separately)."""
    if query.since and (incident.date_end or incident.date_start or date.min) < query.since:
        return False
    if query.until and (incident.date_start or date.max) > query.until:
        return False
    if query.country and incident.country != query.country:
        return False
    if query.actor and query.actor not in (incident.actor1, incident.actor2):
        return False
    if query.kind and all(f.kind != query.kind for f in incident.figures):
        return False
    if query.event_type and query.event_type not in (incident.event_type, incident.sub_event_type):
        return False
    return not (query.contested and not any(f.contested for f in incident.figures))


class Catalogue:
    """Read-only questions to one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def incidents(self, query: IncidentQuery | None = None) -> list[Incident]:
        """Incidents passing `query`, newest first."""
        query = query or IncidentQuery()
        found = [i for i in self.store.incidents() if matches(i, query)]
        if query.q and query.q.strip():
            names = self.matching_reports(query.q)
            found = [i for i in found if names.intersection(i.docs)]
        return newest_first(found)

    def incident(self, incident_id: str) -> Incident | None:
        return next((i for i in self.store.incidents() if i.id == incident_id), None)

    def matching_reports(self, text: str) -> set[str]:
        """Names of the reports whose title or text match `text` (every word, FTS5)."""
        hashes = self.store.search(text, limit=SEARCH_LIMIT)
        docs = (self.store.document(h) for h in hashes)
        return {d.name for d in docs if d is not None}

    def facets(self) -> Facets:
        incidents = self.store.incidents()
        days = [d for i in incidents for d in (i.date_start, i.date_end) if d]
        return Facets(
            countries=_distinct(i.country for i in incidents),
            actors=_distinct(a for i in incidents for a in (i.actor1, i.actor2)),
            kinds=_distinct(f.kind for i in incidents for f in i.figures),
            event_types=_distinct(i.sub_event_type for i in incidents),
            first_day=min(days, default=None),
            last_day=max(days, default=None),
        )

    def reports(self, names: Sequence[str] | None = None) -> list[Document]:
        """Stored reports, all or those named (in the order named)."""
        if names is None:
            return list(self.store.documents())
        wanted = set(names)
        found: dict[str, Document] = {}
        for doc in self.store.documents():
            if doc.name in wanted and doc.name not in found:
                found[doc.name] = doc
                if len(found) == len(wanted):
                    break
        return [found[n] for n in names if n in found]

    def claims(self, doc: str | None = None, kind: str | None = None) -> list[Claim]:
        found = self.store.claims()
        return [c for c in found if (doc is None or c.doc == doc) and (kind is None or c.kind == kind)]

    def claim_views(self, incident: Incident) -> list[ClaimView]:
        """Every claim behind the incident's figures, matched to its stored claim and evidence."""
        stored = [c for c in self.store.claims() if c.doc in incident.docs]
        views = []
        for fn, figure in enumerate(incident.figures):
            for cn, ref in enumerate(figure.claims):
                views.append(ClaimView(f"claim-{fn}-{cn}", figure, ref, _stored_claim(ref, figure, stored)))
        return views


def highlight(text: str, views: Iterable[ClaimView]) -> list[Segment]:
    """`text` cut into segments, each claim's evidence its own marked segment (overlaps: first wins)."""
    by_span: dict[tuple[int, int], list[ClaimView]] = {}
    for v in views:
        if v.claim is not None:
            by_span.setdefault((v.claim.evidence.start, v.claim.evidence.end), []).append(v)
    segments: list[Segment] = []
    at = 0
    for (start, end), group in sorted(by_span.items()):
        if start < at or end > len(text) or end <= start:
            continue
        if start > at:
            segments.append(Segment(text[at:start]))
        contested = any(v.figure.contested for v in group)
        others = tuple(v.anchor for v in group[1:])
        segments.append(Segment(text[start:end], group[0].anchor, contested, others))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


def _stored_claim(ref: ClaimRef, figure: Figure, stored: Sequence[Claim]) -> Claim | None:
    candidates = [
        c for c in stored
        if c.doc == ref.doc and c.kind == figure.kind and c.low == ref.low and c.high == ref.high
    ]
    exact = [c for c in candidates if c.evidence.text == ref.evidence or c.claimant == ref.claimant]
    found = exact or candidates
    return found[0] if found else None


def _distinct(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v}))
