"""The dashboard and JSON API over a store (FastAPI + Jinja2), read-only.

    app = create_app(settings, store)   # Store(path, threads=True), or a callable opening one per request
    uvicorn.run(app, host="127.0.0.1", port=8000)

Pages (`pages`): `/` incidents (timeline and list, filters, full-text search), `/map`,
`/incidents/{id}`, `/reports/{name}`, `/sitrep.html` (the printable situation report). JSON (`api`):
`/api/incidents`, `/api/incidents/{id}`, `/api/claims`, `/api/reports`; `/openapi.json` and `/docs`
describe them. Read-only unless `settings.web_allow_writes`: then `POST /api/reports` stores reports
for a client with the bearer token `settings.web_token`. Every response carries a
Content-Security-Policy that allows scripts from this server only, bodies and request rates are
limited (`guard`); every template escapes what it shows, since report text is untrusted.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import SettingsError
from ..settings import Settings
from ..store.opening import open_store
from . import api, pages
from .deps import Stores, StoreSource
from .guard import Guard

log = logging.getLogger(__name__)

PAGE_SIZE = 100
"""Incidents listed per page of the dashboard by default (the timeline counts them all)."""


_TILES = re.compile(r"https?://(\{s\}\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?/[^\s;,'\"<>\\]*")


def check_tiles(tiles: str) -> str:
    """`tiles` if it is a tile URL template (http(s), a host name, `{z}`, `{x}` and `{y}`, and none of
    the characters that would end or add a directive of the Content-Security-Policy it goes into)."""
    if not _TILES.fullmatch(tiles) or not all(part in tiles for part in ("{z}", "{x}", "{y}")):
        raise SettingsError(f"not a tile URL template: {tiles!r}",
                            hint="give e.g. https://{s}.tile.example.org/{z}/{x}/{y}.png")
    return tiles


def csp(tiles: str | None = None) -> str:
    """The Content-Security-Policy: everything from this server, no inline script, tiles if set."""
    img = "'self' data:"
    if tiles:
        check_tiles(tiles)
        parts = urlsplit(tiles.replace("{s}", "a"))
        host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tiles else parts.netloc
        img += f" {parts.scheme}://{host}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def create_app(
    settings: Settings,
    store: StoreSource | None = None,
    *,
    tiles: str | None = None,
    page_size: int = PAGE_SIZE,
) -> FastAPI:
    """The dashboard over `store` (default: the store `settings.db`, one connection reading for all).

    `tiles` is an online tile layer URL (`https://{s}.tile.example.org/{z}/{x}/{y}.png`) drawn
    under the offline country outlines for users with internet; None keeps the map offline.
    `page_size` incidents are listed at a time, with a link to the next ones.
    """
    if store is None:  # one connection reads (and keeps a snapshot while the store is unchanged)
        stores = Stores(open_store(settings.db, threads=True), lambda: open_store(settings.db))
    else:
        stores = Stores(store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if store is None:
            stores.warm()  # read the store before the first request rather than during it
        yield
        if store is None:
            stores.close()

    app = FastAPI(
        title="sitrep", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
        description="Access to reconciled conflict incidents, their sourced claims and reports.",
    )
    app.state.stores = stores
    app.state.settings = settings
    app.state.tiles = tiles
    app.state.page_size = max(page_size, 1)
    app.add_middleware(Guard, policy=csp(tiles), max_body=settings.web_max_body, rate=settings.web_rate_limit)
    static = resources.files("sitrep.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    if settings.web_allow_writes:
        app.include_router(api.writes)
    app.add_exception_handler(HTTPException, _http_error)
    return app


async def _http_error(request: Request, exc: Exception) -> Any:
    """JSON errors under /api/, an error page elsewhere."""
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return pages.not_found(str(exc.detail), exc.status_code)
