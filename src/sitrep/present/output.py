"""Records as the JSON the contract promises (`../shared/eval/CONTRACT.md`).

A record's own fields are written by `sitrep.codec` (`claim_json`, `claim_ref_json`,
`annotation_json`, dates as ISO text); this module adds what reconciling works out: each claim's
stance towards its figure, a figure's history and an incident's grade.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..codec import annotation_json, claim_json, claim_ref_json, iso
from ..reconcile.grades import grade, grade_json
from ..reconcile.history import ReportTime, history_json, incident_history
from ..reconcile.wording import stance
from ..records import Figure, Incident

__all__ = ["annotation_json", "claim_json", "figure_json", "incident_json"]


def figure_json(f: Figure) -> dict[str, Any]:
    return {
        "kind": f.kind, "subject_country": f.subject_country, "subject_role": f.subject_role,
        "low": f.low, "best": f.best, "high": f.high, "contested": f.contested,
        "claims": [claim_ref_json(r, stance(f, r)) for r in f.claims],
    }


def incident_json(i: Incident, times: Mapping[str, ReportTime] | None = None) -> dict[str, Any]:
    """The incident with its figures, each figure's `history` (claims in publication order by the
    reports' `times`; in the figure's order where a time is unknown) and its `grade`."""
    times = times or {}
    histories = incident_history(i, times)
    return {
        "id": i.id,
        "date_start": iso(i.date_start),
        "date_end": iso(i.date_end),
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
