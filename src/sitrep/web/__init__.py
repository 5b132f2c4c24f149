"""The analyst's dashboard and JSON API: `create_app(settings, store)` (FastAPI + Jinja2).

It may import every layer below it (root, extract, reconcile, store, sources, present, run); only
the command line (`sitrep.cli`) imports it.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
