"""The situation report: incidents newest first, one line per figure, disagreements explicit.

    Pakistani soldiers killed: 23 (the Pakistan military) – 58 (Afghanistan) · contested · 3 reports
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .actors import demonym_of
from .output import stance
from .records import ClaimRef, Figure, Incident

if TYPE_CHECKING:
    from .history import ReportTime

KIND_WORDS = {
    "killed": "killed", "injured": "injured", "detained": "detained", "missing": "missing",
    "displaced": "displaced", "casualties": "casualties (killed and injured)",
    "positions_captured": "captured", "aircraft_downed": "downed", "other": "",
}
ROLE_NOUNS = {"military": "soldiers", "armed_group": "fighters", "civilian": "civilians", "unknown": "people"}


@lru_cache(maxsize=256)
def demonym(country: str | None) -> str:
    """"PK" → "Pakistani"; the country's name where no demonym is known."""
    if not country:
        return ""
    found = demonym_of(country)
    if found:
        return found
    import pycountry

    c = pycountry.countries.get(alpha_2=country)
    return c.name if c else country


def figure_subject(f: Figure) -> str:
    """Who or what the figure counts, in words: "Pakistani soldiers", "Afghan posts"."""
    if f.kind == "positions_captured":
        noun = "positions"
    elif f.kind == "aircraft_downed":
        noun = "aircraft and drones"
    else:
        noun = ROLE_NOUNS.get(f.subject_role, "people")
    who = demonym(f.subject_country)
    return f"{who} {noun}".strip() if who else noun


def value_text(
    low: int | None, high: int | None, *, unknown: str = "unknown number", up_to: str = "up to "
) -> str:
    """A figure's value in words: "23", "201+", "8–15", "up to 50" (the unknown and open-low forms as
    the caller writes them)."""
    if low is None and high is None:
        return unknown
    if low is None:
        return f"{up_to}{high}"
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}–{high}"


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


def moving_lines(i: Incident, times: Mapping[str, ReportTime] | None) -> list[str]:
    """One line per figure a voice revised: "Pakistani civilians killed, per Pakistan (government and
    forces): 8 (7 May) → 26 → 31 (8 May)"."""
    from .history import incident_history, moving_line

    found: list[str] = []
    for h in incident_history(i, times or {}):
        if h.moving:
            found.extend(moving_line(h, f"{figure_subject(h.figure)} {KIND_WORDS.get(h.figure.kind, h.figure.kind)}"
                                     .strip()))
    return found


def situation_report(
    incidents: Sequence[Incident], fmt: str = "md", times: Mapping[str, ReportTime] | None = None
) -> str:
    """The whole report as Markdown (`md`), plain text (`txt`) or a self-contained page (`html`);
    `times` (report name: publication time) order the revisions of moving figures."""
    if fmt == "html":
        return html_report(incidents, times=times)
    lines = ["# Situation report", ""] if fmt == "md" else ["SITUATION REPORT", "=" * 16, ""]
    lines.append(f"{len(incidents)} incident{'s' if len(incidents) != 1 else ''}, newest first.")
    lines.append("")
    for n, i in enumerate(incidents, start=1):
        heading = f"{n}. {incident_heading(i)}"
        lines.append(f"## {heading}" if fmt == "md" else heading)
        lines.append(f"reports: {', '.join(i.docs)} · {fatalities_text(i)}")
        bullet = "- " if fmt == "md" else "  * "
        lines.extend(bullet + figure_line(f) for f in i.figures)
        lines.extend(bullet + "moved: " + line for line in moving_lines(i, times))
        if not i.figures:
            lines.append(bullet + "no figures reported")
        lines.append("")
    return "\n".join(lines)


def html_report(
    incidents: Sequence[Incident], title: str = "Situation report", times: Mapping[str, ReportTime] | None = None
) -> str:
    """One printable HTML page, no external files: inline CSS and SVG charts (incidents over time,
    each contested figure's range by claimant), every value from the reports escaped."""
    from .web.render import report_html

    return report_html(incidents, title, times)
