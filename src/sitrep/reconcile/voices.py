"""Voices: a claimant normalised to its organisation and side.

The claims stage keeps the claimant's words ("the Pakistan military", "Mujahid", "pro-Taliban
sources") and the side it speaks for (`claimant_country`). The claimants' record and the figure
history count a voice, which is:

- a **party**: a claimant speaking for a side. A non-state armed group named in the claimant ("M23
  rebels") is its own organisation; every other voice of a side (its state, forces, ministries,
  officials, spokespeople, the state's name alone) is that side's government and forces;
- an **independent** voice: a named claimant speaking for no side (the UN, a monitor, hospital
  officials, local sources), under the actor list's name where it is known;
- the **report** itself: a figure no one is quoted for, in the report's own voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pycountry

from ..extract.actors import acled_name, find_actors

REPORT_VOICE = "the reports' own voice"


@dataclass(frozen=True, slots=True)
class Voice:
    organisation: str
    side: str | None  # the country the voice speaks for (ISO 3166-1 alpha-2), None for the others
    kind: str  # party | independent | report


def voice_of(claimant: str | None, claimant_country: str | None, on: date | None = None) -> Voice:
    """The organisation and side of a claimant (see the module's rules), with the actors as they
    stood at the end of `on`'s year (so that a store's many days share their answers)."""
    if not claimant or not claimant.strip():
        return Voice(REPORT_VOICE, None, "report")
    return _voice(claimant, claimant_country, on.year if on else None)


@lru_cache(maxsize=65536)
def _voice(claimant: str, claimant_country: str | None, year: int | None) -> Voice:
    on = date(year, 12, 31) if year else None
    mentions = [a for a in find_actors(claimant, on) if a.kind != "generic"]
    if claimant_country:
        for a in mentions:
            if a.country == claimant_country and a.role == "armed_group" and a.kind == "organisation":
                return Voice(acled_name(a, on) or a.name, claimant_country, "party")
        return Voice(state_voice(claimant_country), claimant_country, "party")
    for a in mentions:
        if a.kind in ("organisation", "person") and not a.country:
            return Voice(acled_name(a, on) or a.name, None, "independent")
    return Voice(_plain(claimant), None, "independent")


@lru_cache(maxsize=512)
def state_voice(country: str) -> str:
    """"PK" → "Pakistan (government and forces)"."""
    found = pycountry.countries.get(alpha_2=country)
    name = getattr(found, "common_name", None) or (found.name if found else country)
    return f"{name} (government and forces)"


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _plain(claimant: str) -> str:
    """The claimant's words without a leading article, capitalised, spaces tidied."""
    text = _ARTICLE.sub("", " ".join(claimant.split()))
    return text[:1].upper() + text[1:]
