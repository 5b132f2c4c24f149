"""What the dashboard and the JSON API ask of a store: filtered incidents, claims, reports.

`Catalogue(store)` answers one request; `IncidentQuery` is the filter a user sets (dates,
country, actor, figure kind, event type, contested only, full-text search over the reports).
Search goes through the store's `search` (SQLite FTS5, or PostgreSQL's full-text search): an
incident matches when one of its reports does. Any store will do (`sitrep.store.base.StoreBase`).
"""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from fastapi import Response

from ..reconcile.claimants import Record, add_incident, ranked, record_json
from ..reconcile.grades import Grade, grade
from ..reconcile.history import FigureHistory, ReportTime, incident_history, store_times
from ..reconcile.voices import Voice
from ..records import Claim, ClaimRef, Document, Figure, Incident
from ..store.base import StoreBase

log = logging.getLogger(__name__)

SEARCH_LIMIT = 1000
"""How many matching reports a search considers."""
PAGE = 1000
"""Reports or claims a list gives at once, unless asked for another number (`limit`, `offset`)."""
FILTERS_KEPT = 256
"""Filtered incident lists a snapshot keeps (all are let go beyond)."""
RESPONSES_KEPT_BYTES = 64_000_000
"""Bytes of answers a snapshot keeps, with their requests (the least recently asked for are let go beyond)."""
RESPONSES_KEPT = 4096
"""Answers a snapshot keeps at most, however small (each query string is a request of its own)."""
ANSWER_OVERHEAD = 1024
"""Bytes an answer is counted beside its body and request: its record, headers and place in the dict."""
COSTLY_SECONDS = 0.02
"""An answer that took this long to make or longer is kept in preference to those made more quickly
(a list of incidents from a large store, against a single incident's page)."""


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
    grade: str | None = None  # one of grades.GRADES

    @property
    def is_empty(self) -> bool:
        return self == IncidentQuery()


@dataclass(frozen=True, slots=True)
class Answer:
    """A kept answer: status, body, media type, the headers its route set itself, and whether it was
    quick to make (in under `COSTLY_SECONDS`)."""

    status: int
    body: bytes
    media_type: str | None
    headers: dict[str, str]
    quick: bool = True


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


class Snapshot:
    """What a store holds, read once (each part when first asked for) and kept while the store is
    unchanged, so that requests do not parse whole tables again. The incidents are kept (the lists,
    filters and facets need them all); an incident page reads its own reports and claims from the
    store, and the lists of reports and claims read one page of them at a time."""

    def __init__(
        self, store: StoreBase, clock: Callable[[], float] = time.perf_counter, *, lasting: bool = False
    ) -> None:
        """`clock` times the making of each answer (`kept`). A `lasting` snapshot is kept across
        requests: its large parts (the incidents, the reports' times, the grades and records) are moved
        out of the cyclic collector's walks once built (`gc.freeze`); whoever lets it go calls
        `gc.unfreeze()`."""
        self._store = store
        self._kept_bytes = 0
        self._clock = clock
        self.lasting = lasting

    @cached_property
    def stored(self) -> list[Incident]:
        """The incidents in their stored order."""
        with _uncollected(self.lasting):
            return self._store.incidents()

    @cached_property
    def newest(self) -> list[Incident]:
        return newest_first(self.stored)

    @cached_property
    def by_id(self) -> dict[str, Incident]:
        return {i.id: i for i in self.stored}

    @cached_property
    def facets(self) -> Facets:
        incidents = self.stored
        days = [d for i in incidents for d in (i.date_start, i.date_end) if d]
        return Facets(
            countries=_distinct(i.country for i in incidents),
            actors=_distinct(a for i in incidents for a in (i.actor1, i.actor2)),
            kinds=_distinct(f.kind for i in incidents for f in i.figures),
            event_types=_distinct(i.sub_event_type for i in incidents),
            first_day=min(days, default=None),
            last_day=max(days, default=None),
        )

    @cached_property
    def times(self) -> dict[str, ReportTime]:
        """Every report's time (publication, else ingest), for the figures' history and the grades."""
        with _uncollected(self.lasting):
            return store_times(self._store)

    @cached_property
    def _graded(self) -> tuple[dict[str, Grade], list[Record]]:
        """The grades and the claimants' record, from one reading of every figure's history."""
        times = self.times
        grades: dict[str, Grade] = {}
        records: dict[Voice, Record] = {}
        with _uncollected(self.lasting):
            for i in self.stored:
                histories = incident_history(i, times)
                grades[i.id] = grade(i, times, histories)
                add_incident(records, i, histories)
            return grades, ranked(records)

    @property
    def grades(self) -> dict[str, Grade]:
        """{incident id: its grade}, for the grade filter and the list."""
        return self._graded[0]

    @property
    def claimants(self) -> list[Record]:
        """Every voice's record across the stored incidents."""
        return self._graded[1]

    @cached_property
    def claimants_json(self) -> list[bytes]:
        """Each voice's record as JSON text (UTF-8), in the claimants' order: a page of the API joins them."""
        return [json_bytes(record_json(r)) for r in self.claimants]

    @cached_property
    def report_count(self) -> int:
        return self._store.count_documents()

    @cached_property
    def responses(self) -> dict[str, Answer]:
        """Answers already given, by request, the least recently asked for first."""
        return {}

    @cached_property
    def _quick(self) -> dict[str, None]:
        """The requests of the kept answers that were quick to make, the least recently asked for first."""
        return {}

    def kept(self, key: str, make: Callable[[], Response]) -> Response:
        """The answer to the request `key`: made once, then given again while the store is unchanged.

        Past `RESPONSES_KEPT_BYTES` (bodies, requests and `ANSWER_OVERHEAD` each) or `RESPONSES_KEPT`
        answers, answers are let go: the least recently asked for of those made in under
        `COSTLY_SECONDS` first, and only when none of those is left the least recently asked for of
        the others. So the lists (costly to make again over a large store) stay while single incident
        pages and one-off query strings come and go."""
        found = self.responses.pop(key, None)
        if found is None:
            began = self._clock()
            response = make()
            if response.status_code != 200:
                return response
            quick = self._clock() - began < COSTLY_SECONDS
            found = Answer(response.status_code, bytes(response.body), response.media_type,
                           _own_headers(response), quick)
            self._kept_bytes += _answer_bytes(key, found)
            while self.responses and (self._kept_bytes > RESPONSES_KEPT_BYTES
                                      or len(self.responses) >= RESPONSES_KEPT):
                self._let_go()
        self.responses[key] = found  # the most recently asked for last
        if found.quick:
            self._quick.pop(key, None)
            self._quick[key] = None
        return Response(found.body, found.status, found.headers, found.media_type)

    def _let_go(self) -> None:
        """Let go the kept answer least recently asked for among the quick ones, else among all."""
        key = next(iter(self._quick)) if self._quick else next(iter(self.responses))
        self._quick.pop(key, None)
        self._kept_bytes -= _answer_bytes(key, self.responses.pop(key))

    @cached_property
    def filtered(self) -> dict[IncidentQuery, list[Incident]]:
        """Field-filtered incidents by query (searches are not kept: they depend on the text index)."""
        return {}

    @cached_property
    def answers_for_good(self) -> dict[str, Response]:
        """Answers kept for the snapshot's whole life, outside the bounded ones (`kept_for_good`)."""
        return {}

    def kept_for_good(self, key: str, make: Callable[[], Response]) -> Response:
        """The answer to the request `key`, made once for this snapshot and never let go before it:
        for the few answers that cost much to make and are asked for again and again whatever else is
        (the claimants' page, which reads every voice's record)."""
        found = self.answers_for_good.get(key)
        if found is None:
            found = make()
            if found.status_code != 200:
                return found
            self.answers_for_good[key] = found
        return Response(found.body, found.status_code, _own_headers(found), found.media_type)


@contextmanager
def _uncollected(freeze: bool) -> Iterator[None]:
    """The cyclic collector paused while a large part of a snapshot is built: the collector would walk
    the growing heap again and again (on a store of 1M claims, 14 full collections and about a third
    of the start-up). With `freeze`, every object alive is then moved to the collector's permanent
    generation, which it never walks: they live as long as the kept snapshot, and a full collection
    would otherwise walk millions of them again (seconds each, with every request waiting)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_on:
            gc.enable()


def _own_headers(response: Response) -> dict[str, str]:
    """The headers a route set itself and a kept answer gives again (its own Content-Security-Policy)."""
    return {k: v for k, v in response.headers.items() if k == "content-security-policy"}


def json_bytes(value: object) -> bytes:
    """`value` as compact JSON text in UTF-8, as the API answers (no NaN, characters as they are)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def json_list(items: Sequence[bytes]) -> bytes:
    """The JSON list of these JSON texts: what `json_bytes` gives for the list of their values."""
    return b"[" + b",".join(items) + b"]"


def _answer_bytes(key: str, answer: Answer) -> int:
    """What a kept answer is counted: its body, its request and `ANSWER_OVERHEAD`."""
    return len(answer.body) + len(key) + ANSWER_OVERHEAD


class Catalogue:
    """Read-only questions to one store (through a snapshot of it, shared while the store is unchanged)."""

    def __init__(self, store: StoreBase, snapshot: Snapshot | None = None) -> None:
        self.store = store
        self.snapshot = snapshot or Snapshot(store)

    def incidents(self, query: IncidentQuery | None = None) -> list[Incident]:
        """Incidents passing `query`, newest first."""
        query = query or IncidentQuery()
        found = self._matching(replace(query, q=None))
        if query.q and query.q.strip():
            names = self.matching_reports(query.q)
            found = [i for i in found if names.intersection(i.docs)]
        return found

    def _matching(self, query: IncidentQuery) -> list[Incident]:
        snap = self.snapshot
        if query.is_empty:
            return snap.newest
        if query not in snap.filtered:
            if len(snap.filtered) >= FILTERS_KEPT:
                snap.filtered.clear()
            found = [i for i in snap.newest if matches(i, query)]
            if query.grade:
                grades = snap.grades
                found = [i for i in found if grades[i.id].grade == query.grade]
            snap.filtered[query] = found
        return snap.filtered[query]

    def incident(self, incident_id: str) -> Incident | None:
        return self.snapshot.by_id.get(incident_id)

    def times_of(self, incident: Incident) -> dict[str, ReportTime]:
        """The times of one incident's reports: read through the name index, or taken from the
        snapshot when it already holds every report's."""
        if "times" in self.snapshot.__dict__:
            return self.snapshot.times
        return store_times(self.store, list(incident.docs))

    def times(self) -> dict[str, ReportTime]:
        return self.snapshot.times

    def grade_of(self, incident: Incident, histories: Sequence[FigureHistory] | None = None) -> Grade:
        """The incident's grade: the one worked out for every incident where it is, else its own (from
        its figures' `histories` when given)."""
        if "_graded" in self.snapshot.__dict__:
            return self.snapshot.grades[incident.id]
        return grade(incident, self.times_of(incident), histories)

    def claimants(self) -> list[Record]:
        return self.snapshot.claimants

    def claimants_json(self, limit: int = PAGE, offset: int = 0) -> bytes:
        """A page of the claimants' records as a JSON list (`record_json` of each)."""
        offset = max(offset, 0)
        return json_list(self.snapshot.claimants_json[offset: offset + max(limit, 0)])

    def total(self) -> int:
        """How many incidents are stored."""
        return len(self.snapshot.stored)

    def report_count(self) -> int:
        return self.snapshot.report_count

    def claim_counts(self, names: Sequence[str]) -> dict[str, int]:
        """{report name: how many claims it makes} for these reports."""
        return self.store.claim_counts(names)

    def incidents_of(self, name: str) -> list[Incident]:
        """The incidents a report contributes to, in stored order."""
        return [i for i in self.snapshot.stored if name in i.docs]

    def matching_reports(self, text: str) -> set[str]:
        """Names of the reports whose title or text match `text` (every word, FTS5)."""
        hashes = self.store.search(text, limit=SEARCH_LIMIT)
        docs = (self.store.document(h) for h in hashes)
        return {d.name for d in docs if d is not None}

    def facets(self) -> Facets:
        return self.snapshot.facets

    def reports(self, names: Sequence[str] | None = None, limit: int = PAGE, offset: int = 0) -> list[Document]:
        """Stored reports: those named (in the order named), or else a page of them in the order they
        were added, read from the store."""
        if names is None:
            return self.store.documents_page(max(limit, 0), max(offset, 0))
        by_name: dict[str, Document] = {}
        for doc in self.store.documents_named(names):
            by_name.setdefault(doc.name, doc)  # the first stored of a name
        return [by_name[n] for n in names if n in by_name]

    def claims(self, doc: str | None = None, kind: str | None = None, limit: int = PAGE, offset: int = 0
               ) -> list[Claim]:
        """A page of the stored claims in report order, of one report and one kind if given."""
        limit, offset = max(limit, 0), max(offset, 0)
        if doc is None:
            return self.store.claims_page(limit, offset, kind)
        found = [c for c in self.store.claims_of_reports([doc]) if kind is None or c.kind == kind]
        return found[offset: offset + limit]

    def claim_views(self, incident: Incident) -> list[ClaimView]:
        """Every claim behind the incident's figures, matched to its stored claim and evidence."""
        alike: dict[tuple[str, str, int | None, int | None], list[Claim]] = {}
        for c in self.store.claims_of_reports(incident.docs):  # this incident's reports only, in report order
            alike.setdefault((c.doc, c.kind, c.low, c.high), []).append(c)
        views = []
        for fn, figure in enumerate(incident.figures):
            for cn, ref in enumerate(figure.claims):
                candidates = alike.get((ref.doc, figure.kind, ref.low, ref.high), [])
                views.append(ClaimView(f"claim-{fn}-{cn}", figure, ref, _stored_claim(ref, candidates)))
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


def _stored_claim(ref: ClaimRef, candidates: Sequence[Claim]) -> Claim | None:
    """The stored claim `ref` points to among `candidates` (its report's claims of the figure's kind and
    the ref's values, in report order): the one with its evidence or claimant, else the first."""
    exact = [c for c in candidates if c.evidence.text == ref.evidence or c.claimant == ref.claimant]
    found = exact or candidates
    return found[0] if found else None


def _distinct(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v}))
