"""Event types (placeholder)."""
from __future__ import annotations
from dataclasses import dataclass
from .records import Span

@dataclass(frozen=True, slots=True)
class EventType:
    event_type: str
    sub_event_type: str
    evidence: Span | None = None

def classify_event(text: str) -> EventType:
    return EventType("Battles", "Armed clash", None)
