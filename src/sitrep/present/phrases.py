"""The phrases of a situation report, shared by its text (`report`) and HTML (`html`) forms: an
incident's heading, dates, place and fatalities, a figure's line and the revisions of moving figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..reconcile.history import incident_history, moving_line
from ..reconcile.totals import Total
from ..reconcile.wording import KIND_WORDS, figure_subject, stance, value_text
from ..records import ClaimRef, Figure, Incident

if TYPE_CHECKING:
    from ..reconcile.history import ReportTime


def _who(ref: ClaimRef) -> str:
    return ref.claimant or "report"


def figure_line(f: Figure) -> str:
    """One line: subject, kind, values with their claimants, contested, number of reports."""
    label = f"{figure_subject(f)} {KIND_WORDS.get(f.kind, f.kind)}".strip()
    reports = len({r.doc for r in f.claims})
    parts = [f"{label}: {_values(f)}"]
    if f.contested:
        parts.append("contested")
    if all(r.unverified for r in f.claims):
        parts.append("unverified")
    parts.append(f"{reports} report{'s' if reports != 1 else ''}")
    return " · ".join(parts)


def _values(f: Figure) -> str:
    if not f.contested:
        claimants = sorted({_who(r) for r in f.claims})
        return f"{value_text(f.low, f.high)} ({', '.join(claimants)})"
    lowest = min(f.claims, key=lambda r: (r.low if r.low is not None else -1))
    highest = max(f.claims, key=lambda r: (r.high if r.high is not None else 10**12, r.low or 0))
    return (f"{value_text(lowest.low, lowest.high)} ({_side(f, lowest)}) – "
            f"{value_text(highest.low, highest.high)} ({_side(f, highest)})")


def _side(f: Figure, ref: ClaimRef) -> str:
    """The claimant, marked where it speaks of its own losses: an admission reads differently from
    the enemy's count."""
    return f"{_who(ref)}, own losses" if stance(f, ref) == "admission" else _who(ref)


def incident_heading(i: Incident) -> str:
    actors = " vs ".join(a for a in (i.actor1, i.actor2) if a) or "actors unknown"
    return f"{when(i)} · {where(i)} · {i.sub_event_type} · {actors}"


def when(i: Incident, to: str = " to ") -> str:
    """The incident's dates: one day, "first to last", or "date unknown"."""
    if not i.date_start:
        return "date unknown"
    if i.date_end and i.date_end != i.date_start:
        return f"{i.date_start.isoformat()}{to}{i.date_end.isoformat()}"
    return i.date_start.isoformat()


def where(i: Incident) -> str:
    return ", ".join(x for x in (i.location, i.admin1, i.country) if x) or "place unknown"


def fatalities_text(i: Incident) -> str:
    if i.fatalities_best is None:
        return "fatalities: none reported"
    return f"fatalities: {i.fatalities_best} (reported range {value_text(i.fatalities_low, i.fatalities_high)})"


def total_text(total: Total) -> str:
    """The report's headline toll (`reconcile.totals.fatalities_total` of its incidents): "Fatalities:
    29 (each incident's best figure, every event counted once; 3 incidents counted within another)"."""
    inside = total.incidents - total.counted
    within = f"; {inside} incident{'s' if inside != 1 else ''} counted within another" if inside else ""
    return f"Fatalities: {total.fatalities} (each incident's best figure, every event counted once{within})."


def moving_lines(i: Incident, times: Mapping[str, ReportTime] | None) -> list[str]:
    """One line per figure a voice revised: "Pakistani civilians killed, per Pakistan (government and
    forces): 8 (7 May) → 26 → 31 (8 May)"."""
    found: list[str] = []
    for h in incident_history(i, times or {}):
        if h.moving:
            found.extend(moving_line(h, f"{figure_subject(h.figure)} {KIND_WORDS.get(h.figure.kind, h.figure.kind)}"
                                     .strip()))
    return found
