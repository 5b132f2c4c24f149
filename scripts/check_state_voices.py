#!/usr/bin/env python3
"""Check src/sitrep/data/state_voices.json: every country is a code of places_countries.tsv, no name is
given to two countries, and the example speakers below (invented sentences' claimants) read as the
country they should.

    python scripts/check_state_voices.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from checks import report  # this folder's shared report (the script's folder is on the path)

DATA = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data"
EXAMPLES = {
    "the Pentagon": "US",
    "state news agency Xinhua": "CN",
    "the Xinhua report": "CN",
    "Iran's IRNA news agency": "IR",
    "the Houthi-run Al-Masirah TV": "YE",
    "the Kremlin": "RU",
    "a local resident": None,
    "Sanaa residents": None,  # a word that begins like a voice is not one
}


def main() -> int:
    sys.path.insert(0, str(DATA.parents[1]))
    from sitrep.extract.attribution import state_voice

    data = json.loads((DATA / "state_voices.json").read_text(encoding="utf-8"))
    codes = {line.split("\t")[0] for line in (DATA / "places_countries.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")}
    bad = [f"{cc}: not a country code" for cc in data["voices"] if cc not in codes]
    seen: dict[str, str] = {}
    for cc, names in data["voices"].items():
        for name in names:
            if name in seen:
                bad.append(f"{name!r}: given to {seen[name]} and {cc}")
            seen[name] = cc
    for speaker, cc in EXAMPLES.items():
        if state_voice(speaker) != cc:
            bad.append(f"{speaker!r}: {state_voice(speaker)} (expected {cc})")
    return report(bad, f"{len(seen)} state voices of {len(data['voices'])} countries")


if __name__ == "__main__":
    sys.exit(main())
