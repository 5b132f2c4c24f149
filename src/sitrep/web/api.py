"""The JSON API: incidents, claims and reports with the contract's fields, read-only; and, on a server
started with writes allowed, `POST /api/reports` for a client holding the bearer token."""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool

from ..errors import InputError
from ..present.output import claim_json, incident_json
from ..records import Document
from ..run.workbench import Workbench
from ..sources.ingest import read_jsonl_bytes, refuse_wide_json_lines
from .catalogue import PAGE, json_bytes
from .deps import Count, QueryDep, StoresDep, kept
from .guard import require_token

router = APIRouter(prefix="/api")
writes = APIRouter(prefix="/api")
"""The write endpoints, mounted only on a server started with writes allowed (and a token set)."""


def report_json(doc: Document, text: bool = False) -> dict[str, Any]:
    """A stored report's metadata (and its text when asked)."""
    row: dict[str, Any] = {
        "doc": doc.name, "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url, "source": doc.source, "content_hash": doc.content_hash, "chars": len(doc.text),
    }
    if text:
        row["text"] = doc.text
    return row


@router.get("/incidents", tags=["incidents"], summary="Incidents, newest first, filtered",
            response_model=list[dict[str, Any]])
async def incidents(
    request: Request, stores: StoresDep, query: QueryDep, limit: Count = 1000, offset: Count = 0
) -> Response:
    with stores.catalogue() as cat:
        def make() -> Response:
            found = cat.incidents(query)
            times = cat.times()
            return _json([incident_json(i, times) for i in found[max(offset, 0): max(offset, 0) + max(limit, 0)]])

        return kept(request, cat, make)


@router.get("/incidents/{incident_id}", tags=["incidents"], summary="One incident with its figures",
            response_model=dict[str, Any])
async def incident(request: Request, stores: StoresDep, incident_id: str) -> Response:
    with stores.catalogue() as cat:
        def make() -> Response:
            found = cat.incident(incident_id)
            if found is None:
                raise HTTPException(404, f"no incident {incident_id!r}; list them at /api/incidents")
            return _json(incident_json(found, cat.times_of(found)))

        return kept(request, cat, make)


@router.get("/claimants", tags=["claimants"],
            summary="Each claimant's record across the store, the voices giving most figures first",
            response_model=list[dict[str, Any]])
async def claimants(request: Request, stores: StoresDep, limit: Count = PAGE, offset: Count = 0) -> Response:
    with stores.catalogue() as cat:  # each record's JSON is made once per snapshot, a page joins them
        return kept(request, cat, lambda: Response(cat.claimants_json(limit, offset), media_type="application/json"))


@router.get("/claims", tags=["claims"], summary="Claims, in report order, a page at a time (limit, offset)",
            response_model=list[dict[str, Any]])
async def claims(
    request: Request, stores: StoresDep, doc: str | None = None, kind: str | None = None,
    limit: Count = PAGE, offset: Count = 0,
) -> Response:
    with stores.catalogue() as cat:
        def make() -> Response:
            return _json([claim_json(c) for c in cat.claims(doc or None, kind or None, limit, offset)])

        return kept(request, cat, make)


@router.get("/reports", tags=["reports"],
            summary="Stored reports, a page at a time (limit, offset; add text=true for their text)",
            response_model=list[dict[str, Any]])
async def reports(
    request: Request, stores: StoresDep, text: bool = False, limit: Count = PAGE, offset: Count = 0
) -> Response:
    with stores.catalogue() as cat:
        return kept(request, cat, lambda: _json(
            [report_json(d, text) for d in cat.reports(limit=limit, offset=offset)]))


def _json(value: Any) -> Response:
    return Response(json_bytes(value), media_type="application/json")


@writes.post(
    "/reports", tags=["reports"], dependencies=[Depends(require_token)],
    summary="Store reports (JSON Lines: id, title, text, published, url, source); needs the bearer token",
)
async def add_reports(request: Request, response: Response, stores: StoresDep) -> dict[str, Any]:
    """Read the body as JSON Lines articles (never as paths or URLs) and ingest them into the store.
    422 when not one article of the body could be read (each line's error is in `failed`)."""
    body = await request.body()
    answer = await run_in_threadpool(_ingest_body, body, stores, request.app.state.settings)
    if answer["failed"] and not (answer["added"] or answer["unchanged"]):
        response.status_code = 422
    return answer


def _ingest_body(body: bytes, stores: Any, settings: Any) -> dict[str, Any]:
    """The body's articles read as a JSON Lines file's are (strict UTF-8, a line at a time)."""
    if not body.strip():
        raise HTTPException(400, "send the reports as JSON Lines, one article a line with at least a text")
    try:
        refuse_wide_json_lines(body[:4], "request")
    except InputError as err:
        raise HTTPException(400, str(err)) from None
    with stores.writer() as store:
        done = Workbench(settings, store).ingest_documents(read_jsonl_bytes(io.BytesIO(body), "request", settings))
    return {"added": done.added, "copies": done.copies, "unchanged": done.unchanged,
            "failed": [{"stage": f.stage, "code": f.code, "message": f.message} for f in done.failures]}
