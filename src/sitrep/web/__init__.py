"""The analyst's dashboard and JSON API: `create_app(settings, store)` (FastAPI + Jinja2)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
