"""The words that name a figure: its kind ("killed"), who it counts ("Pakistani soldiers"), its
value ("8–15", "201+") and how its claimant stands to the counted (`stance`).

Shared by the reading of incidents over time (`history`, `grades`, `claimants`) and by every output.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

from ..extract.actors import demonym_of
from ..records import ClaimRef, Figure

KIND_WORDS = {
    "killed": "killed", "injured": "injured", "detained": "detained", "missing": "missing",
    "displaced": "displaced", "casualties": "casualties (killed and injured)",
    "positions_captured": "captured", "aircraft_downed": "downed", "other": "",
}
ROLE_NOUNS = {"military": "soldiers", "armed_group": "fighters", "civilian": "civilians", "unknown": "people"}


@lru_cache(maxsize=256)
def demonym(country: str | None) -> str:
    """"PK" → "Pakistani"; the country's name where no demonym is known."""
    if not country:
        return ""
    found = demonym_of(country)
    if found:
        return found
    c = pycountry.countries.get(alpha_2=country)
    return c.name if c else country


def figure_subject(f: Figure) -> str:
    """Who or what the figure counts, in words: "Pakistani soldiers", "Afghan posts"."""
    if f.kind == "positions_captured":
        noun = "positions"
    elif f.kind == "aircraft_downed":
        noun = "aircraft and drones"
    else:
        noun = ROLE_NOUNS.get(f.subject_role, "people")
    who = demonym(f.subject_country)
    return f"{who} {noun}".strip() if who else noun


def value_text(
    low: int | None, high: int | None, *, unknown: str = "unknown number", up_to: str = "up to "
) -> str:
    """A figure's value in words: "23", "201+", "8–15", "up to 50" (the unknown and open-low forms as
    the caller writes them)."""
    if low is None and high is None:
        return unknown
    if low is None:
        return f"{up_to}{high}"
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}–{high}"


def stance(f: Figure, r: ClaimRef) -> str:
    """How the claimant stands to the counted: `admission` (a side's own losses), `adversary` (a
    side's count of its enemy's), `report` (the article's own voice or a third party)."""
    if not r.claimant_country or not f.subject_country:
        return "report"
    return "admission" if r.claimant_country == f.subject_country else "adversary"
