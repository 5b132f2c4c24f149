"""The situation report as one self-contained HTML page (Jinja2, auto-escaped throughout), and the
template helpers the dashboard's pages share with it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import jinja2

from ..reconcile.grades import GRADE_WORDS, GRADES
from ..reconcile.totals import fatalities_total
from ..reconcile.wording import KIND_WORDS, demonym, figure_subject, value_text
from ..records import Figure, Incident
from . import charts
from .phrases import fatalities_text, incident_heading, moving_lines, where
from .phrases import when as report_when


def figure_label(f: Figure) -> str:
    return f"{figure_subject(f)} {KIND_WORDS.get(f.kind, f.kind)}".strip()


def when(i: Incident) -> str:
    return report_when(i, " – ")


def side(country: str | None) -> str:
    """The side a claimant speaks for, in words."""
    return demonym(country) + f" ({country})" if country else "independent / the report itself"


def template_environment(folder: Traversable) -> jinja2.Environment:
    """A template environment over `folder`, every value auto-escaped, with the phrases, charts and
    grade words the templates use; the dashboard adds its own templates' helpers to its own."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        figure_label=figure_label, value_text=value_text, when=when, where=where, side=side,
        heading=incident_heading, fatalities_text=fatalities_text, demonym=demonym,
        timeline=charts.timeline, figure_range=charts.figure_range, step_chart=charts.step_chart,
        grades=GRADES, grade_words=GRADE_WORDS,
    )
    return env


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The situation report's templates, from this package."""
    return template_environment(resources.files("sitrep.present").joinpath("templates"))


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def report_html(incidents: Sequence[Incident], title: str = "Situation report", times: Any = None) -> str:
    """The situation report as one self-contained, printable HTML page with inline SVG charts;
    `times` (report name: publication time) order the revisions of moving figures."""
    contested = [(i, f) for i in incidents for f in i.figures if f.contested]
    total = fatalities_total(incidents)
    return render(
        "report.html", title=title, incidents=list(incidents), contested=contested,
        moving={i.id: moving_lines(i, times) for i in incidents},
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        reports=len({d for i in incidents for d in i.docs}), total=total, within=dict(total.within),
        number={i.id: n for n, i in enumerate(incidents, start=1)},
    )
