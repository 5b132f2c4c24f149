"""Actors (placeholder)."""
from __future__ import annotations
from datetime import date
from .records import ActorMention

def find_actors(text: str, on: date | None) -> list[ActorMention]:
    return []

def acled_name(mention: ActorMention, on: date | None) -> str | None:
    return mention.name

def resolve(phrase: str, on: date | None) -> tuple[str | None, str]:
    return None, "unknown"
