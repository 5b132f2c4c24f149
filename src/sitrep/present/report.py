"""The situation report: incidents newest first, one line per figure, disagreements explicit.

    Pakistani soldiers killed: 23 (the Pakistan military) – 58 (Afghanistan) · contested · 3 reports
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..reconcile.totals import fatalities_total
from ..records import Incident
from .html import report_html
from .phrases import fatalities_text, figure_line, incident_heading, moving_lines, total_text

if TYPE_CHECKING:
    from ..reconcile.history import ReportTime


def situation_report(
    incidents: Sequence[Incident], fmt: str = "md", times: Mapping[str, ReportTime] | None = None
) -> str:
    """The whole report as Markdown (`md`), plain text (`txt`) or a self-contained page (`html`);
    `times` (report name: publication time) order the revisions of moving figures."""
    if fmt == "html":
        return html_report(incidents, times=times)
    lines = ["# Situation report", ""] if fmt == "md" else ["SITUATION REPORT", "=" * 16, ""]
    lines.append(f"{len(incidents)} incident{'s' if len(incidents) != 1 else ''}, newest first.")
    total = fatalities_total(incidents) if incidents else None
    if total is not None:
        lines.append(total_text(total))
    lines.append("")
    number = {i.id: n for n, i in enumerate(incidents, start=1)}
    within = dict(total.within) if total is not None else {}
    for n, i in enumerate(incidents, start=1):
        heading = f"{n}. {incident_heading(i)}"
        lines.append(f"## {heading}" if fmt == "md" else heading)
        counted = f" · counted within incident {number[within[i.id]]}" if i.id in within else ""
        lines.append(f"reports: {', '.join(i.docs)} · {fatalities_text(i)}{counted}")
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
    return report_html(incidents, title, times)
