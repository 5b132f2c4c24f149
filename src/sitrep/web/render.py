"""The dashboard's templates: the situation report's template environment (`sitrep.present.html`)
over this package's templates, with the helpers only pages need (links, counts)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote

import jinja2

from ..present.html import template_environment
from ..records import Incident


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
    """The dashboard's templates, from this package, every value auto-escaped."""
    env = template_environment(resources.files("sitrep.web").joinpath("templates"))
    env.globals.update(web_url=web_url, report_href=report_href)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
