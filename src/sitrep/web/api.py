"""The read-only JSON API: incidents, claims and reports with the contract's fields."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from ..output import claim_json, incident_json
from ..records import Document
from .deps import QueryDep, StoresDep

router = APIRouter(prefix="/api")


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


@router.get("/incidents", tags=["incidents"], summary="Incidents, newest first, filtered")
def incidents(stores: StoresDep, query: QueryDep, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
    with stores.catalogue() as cat:
        found = cat.incidents(query)
    return [incident_json(i) for i in found[max(offset, 0): max(offset, 0) + max(limit, 0)]]


@router.get("/incidents/{incident_id}", tags=["incidents"], summary="One incident with its figures")
def incident(stores: StoresDep, incident_id: str) -> dict[str, Any]:
    with stores.catalogue() as cat:
        found = cat.incident(incident_id)
    if found is None:
        raise HTTPException(404, f"no incident {incident_id!r}; list them at /api/incidents")
    return incident_json(found)


@router.get("/claims", tags=["claims"], summary="Claims, in report order")
def claims(stores: StoresDep, doc: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    with stores.catalogue() as cat:
        return [claim_json(c) for c in cat.claims(doc or None, kind or None)]


@router.get("/reports", tags=["reports"], summary="Stored reports (add text=true for their text)")
def reports(stores: StoresDep, text: bool = False) -> list[dict[str, Any]]:
    with stores.catalogue() as cat:
        return [report_json(d, text) for d in cat.reports()]
