"""Places (placeholder until the gazetteer matcher lands)."""
from __future__ import annotations
from collections.abc import Sequence
from .records import PlaceMention

def find_places(text: str, countries: Sequence[str] = ()) -> list[PlaceMention]:
    return []

def locate_event(text: str, places: Sequence[PlaceMention]) -> tuple[PlaceMention | None, int | None]:
    return (places[0], 1) if places else (None, None)
