"""Jinja2 rendering shared by the dashboard and the HTML situation report (auto-escaped throughout)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote

import jinja2

from ..grades import GRADE_WORDS, GRADES
from ..records import Figure, Incident
from ..report import KIND_WORDS, demonym, fatalities_text, figure_subject, incident_heading, value_text, where
from ..report import when as report_when
from . import charts


def figure_label(f: Figure) -> str:
    return f"{figure_subject(f)} {KIND_WORDS.get(f.kind, f.kind)}".strip()


def when(i: Incident) -> str:
    return report_when(i, " – ")


def side(country: str | None) -> str:
    """The side a claimant speaks for, in words."""
    return demonym(country) + f" ({country})" if country else "independent / the report itself"


def web_url(url: str | None) -> str | None:
    """`url` if it is an http(s) address (report metadata is untrusted), else None."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def report_href(name: str) -> str:
    """The address of a stored report's page: its name with every reserved character (a web report's
    name is its URL: `/`, `?`, `#` ...) percent-encoded."""
    return "/reports/" + quote(name, safe="")


def contested_count(incidents: Sequence[Incident]) -> int:
    return sum(1 for i in incidents for f in i.figures if f.contested)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment: templates from the package, every value auto-escaped."""
    folder = resources.files("sitrep.web").joinpath("templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        figure_label=figure_label, value_text=value_text, when=when, where=where, side=side, web_url=web_url,
        report_href=report_href,
        heading=incident_heading, fatalities_text=fatalities_text, demonym=demonym,
        timeline=charts.timeline, figure_range=charts.figure_range, step_chart=charts.step_chart,
        grades=GRADES, grade_words=GRADE_WORDS,
    )
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def report_html(incidents: Sequence[Incident], title: str = "Situation report", times: Any = None) -> str:
    """The situation report as one self-contained, printable HTML page with inline SVG charts;
    `times` (report name: publication time) order the revisions of moving figures."""
    from ..report import moving_lines

    contested = [(i, f) for i in incidents for f in i.figures if f.contested]
    return render(
        "report.html", title=title, incidents=list(incidents), contested=contested,
        moving={i.id: moving_lines(i, times) for i in incidents},
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        reports=len({d for i in incidents for d in i.docs}),
    )
