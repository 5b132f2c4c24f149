"""The dashboard's pages, rendered on the server (Jinja2, auto-escaped); htmx swaps in the list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..present.html import report_html
from ..reconcile.claimants import record_json
from ..reconcile.history import incident_history
from ..records import Document, Incident
from .catalogue import Catalogue, ClaimView, IncidentQuery, highlight
from .deps import Count, QueryDep, StoresDep, kept
from .render import contested_count, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)
"""The printable report is one file with its own inline style, and no script at all."""


@router.get("/")
async def home(request: Request, stores: StoresDep, query: QueryDep, offset: Count = 0) -> Response:
    with stores.catalogue() as cat:
        return kept(request, cat, lambda: _home(request, cat, query, max(offset, 0)))


def _home(request: Request, cat: Catalogue, query: IncidentQuery, offset: int) -> HTMLResponse:
    context = _listing(request, query, cat.incidents(query), offset, request.app.state.page_size)
    context["graded"] = {i.id: cat.grade_of(i) for i in context["shown"]}  # the page's own, not all
    if request.headers.get("HX-Request"):
        return HTMLResponse(render("_items.html" if offset else "_results.html", **context))
    return HTMLResponse(render("index.html", facets=cat.facets(), total=cat.total(),
                               reports=cat.report_count(), page="incidents", **context))


@router.get("/map")
async def map_page(request: Request, stores: StoresDep, query: QueryDep) -> Response:
    with stores.catalogue() as cat:
        return kept(request, cat, lambda: HTMLResponse(render(
            "map.html", facets=cat.facets(), query=query, tiles=request.app.state.tiles or "",
            qs=request.url.query, page="map")))


@router.get("/incidents/{incident_id}")
async def incident_page(request: Request, stores: StoresDep, incident_id: str) -> Response:
    with stores.catalogue() as cat:
        return kept(request, cat, lambda: _incident_page(cat, incident_id))


def _incident_page(cat: Catalogue, incident_id: str) -> HTMLResponse:
    incident = cat.incident(incident_id)
    if incident is None:
        return not_found(f"No incident {incident_id!r} in this store.")
    views = cat.claim_views(incident)
    of_doc: dict[str, list[ClaimView]] = {}
    for view in views:
        of_doc.setdefault(view.ref.doc, []).append(view)
    docs = [(d, highlight(d.text, of_doc.get(d.name, []))) for d in cat.reports(incident.docs)]
    histories = incident_history(incident, cat.times_of(incident))
    return HTMLResponse(render(
        "incident.html", incident=incident, views=views, docs=docs, page="", histories=histories,
        grade=cat.grade_of(incident, histories)))


@router.get("/claimants")
async def claimants_page(request: Request, stores: StoresDep) -> Response:
    with stores.catalogue() as cat:  # the same page whatever the query: made once per snapshot
        return cat.snapshot.kept_for_good("/claimants", lambda: HTMLResponse(render(
            "claimants.html", records=[record_json(r) for r in cat.claimants()], page="claimants")))


REPORTS_PAGE = 200
"""Reports the reports page lists at once."""


@router.get("/reports")
async def reports_page(request: Request, stores: StoresDep, offset: Count = 0) -> Response:
    with stores.catalogue() as cat:
        return kept(request, cat, lambda: _reports_page(cat, max(offset, 0)))


def _reports_page(cat: Catalogue, offset: int) -> HTMLResponse:
    docs = cat.reports(limit=REPORTS_PAGE, offset=offset)
    return HTMLResponse(render(
        "reports.html", docs=docs, counts=cat.claim_counts([d.name for d in docs]), total=cat.report_count(),
        offset=offset, size=REPORTS_PAGE, page="reports"))


@router.get("/reports/{name:path}")  # a web report's name is its URL, slashes and all
async def report_page(request: Request, stores: StoresDep, name: str) -> Response:
    with stores.catalogue() as cat:
        return kept(request, cat, lambda: _report_page(cat, name))


def _report_page(cat: Catalogue, name: str) -> HTMLResponse:
    found = cat.reports([name])
    if not found:
        return not_found(f"No report {name!r} in this store.")
    return HTMLResponse(render("report_doc.html", **_report_context(cat, found[0]), page="reports"))


@router.get("/sitrep.html")
async def situation_report(request: Request, stores: StoresDep, query: QueryDep) -> Response:
    with stores.catalogue() as cat:
        return kept(request, cat, lambda: HTMLResponse(
            report_html(cat.incidents(query), times=cat.times()), headers={"Content-Security-Policy": REPORT_CSP}))


@router.get("/docs")
async def api_docs(request: Request) -> HTMLResponse:
    return HTMLResponse(render("docs.html", openapi=request.app.openapi(), page="docs"))


def not_found(message: str, status: int = 404) -> HTMLResponse:
    return HTMLResponse(render("error.html", message=message, page=""), status_code=status)


def _listing(
    request: Request, query: IncidentQuery, found: list[Incident], offset: int, size: int
) -> dict[str, Any]:
    """What the incident list shows: one page of `found` from `offset`, and the link to the next."""
    shown = found[offset: offset + size]
    return {
        "incidents": found, "shown": shown, "offset": offset, "page_size": size, "query": query,
        "more": max(len(found) - offset - len(shown), 0),
        "next_qs": request.url.include_query_params(offset=offset + size).query,
        "contested_total": contested_count(found), "qs": request.url.remove_query_params("offset").query,
    }


def _report_context(cat: Catalogue, doc: Document) -> dict[str, Any]:
    incidents = cat.incidents_of(doc.name)
    views: list[ClaimView] = []
    for incident in incidents:
        views.extend(v for v in cat.claim_views(incident) if v.ref.doc == doc.name)
    return {"doc": doc, "segments": highlight(doc.text, views), "views": views, "incidents": incidents}
