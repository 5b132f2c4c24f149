"""Records as the JSON the contract promises (`../shared/eval/CONTRACT.md`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..reconcile.grades import grade, grade_json
from ..reconcile.history import ReportTime, history_json, incident_history
from ..reconcile.wording import stance
from ..records import Annotations, Claim, Document, Figure, Incident


def claim_json(c: Claim) -> dict[str, Any]:
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


def figure_json(f: Figure) -> dict[str, Any]:
    return {
        "kind": f.kind, "subject_country": f.subject_country, "subject_role": f.subject_role,
        "low": f.low, "best": f.best, "high": f.high, "contested": f.contested,
        "claims": [
            {"doc": r.doc, "claimant": r.claimant, "claimant_country": r.claimant_country,
             "stance": stance(f, r), "low": r.low, "high": r.high, "unverified": r.unverified,
             "evidence": r.evidence, "revised": r.revised}
            for r in f.claims
        ],
    }


def incident_json(i: Incident, times: Mapping[str, ReportTime] | None = None) -> dict[str, Any]:
    """The incident with its figures, each figure's `history` (claims in publication order by the
    reports' `times`; in the figure's order where a time is unknown) and its `grade`."""
    times = times or {}
    histories = incident_history(i, times)
    return {
        "id": i.id,
        "date_start": i.date_start.isoformat() if i.date_start else None,
        "date_end": i.date_end.isoformat() if i.date_end else None,
        "date_precision": i.date_precision,
        "country": i.country, "admin1": i.admin1, "location": i.location, "lat": i.lat, "lon": i.lon,
        "geo_precision": i.geo_precision,
        "event_type": i.event_type, "sub_event_type": i.sub_event_type,
        "actor1": i.actor1, "actor2": i.actor2,
        "docs": list(i.docs),
        "figures": [figure_json(f) for f in i.figures],
        "fatalities": {"low": i.fatalities_low, "best": i.fatalities_best, "high": i.fatalities_high},
        "history": [history_json(h) for h in histories],
        "grade": grade_json(grade(i, times, histories)),
    }


def annotation_json(doc: Document, ann: Annotations) -> Iterator[dict[str, Any]]:
    """Every recognised span, offsets into the text as given, in text order."""
    rows: list[dict[str, Any]] = []
    for p in ann.places:
        rows.append(_span(doc, p.span.start, p.span.end, "place") | {
            "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1,
            "geonameid": p.geonameid})
    for d in ann.dates:
        rows.append(_span(doc, d.span.start, d.span.end, "date") | {"value": d.value, "precision": d.precision})
    for a in ann.actors:
        rows.append(_span(doc, a.span.start, a.span.end, "actor") | {
            "name": a.name, "country": a.country, "role": a.role, "actor_kind": a.kind})
    for q in ann.quantities:
        rows.append(_span(doc, q.span.start, q.span.end, "quantity") | {
            "low": q.low, "high": q.high, "approx": q.approx, "unspecified": q.unspecified})
    rows.sort(key=lambda r: (r["start"], r["end"], r["type"]))
    yield from rows


def _span(doc: Document, start: int, end: int, kind: str) -> dict[str, Any]:
    s = doc.source_span(start, end)
    return {"doc": doc.name, "type": kind, "start": s.start, "end": s.end, "text": s.text}
