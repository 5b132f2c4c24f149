#!/usr/bin/env python3
"""Check src/sitrep/data/named_sites.json: every site word maps to a kind, words are unique once
folded, and the example sentences below (invented) give the names they should.

    python scripts/check_named_sites.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from checks import report  # this folder's shared report (the script's folder is on the path)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "sitrep" / "data" / "named_sites.json"
EXAMPLES = {
    "Drones struck the Morozovsk airbase overnight as part of Operation Steppe Wind.":
        ["site:morozovsk airbase", "op:steppe wind"],
    "Satellite images show damage at Russia's Morozovsk Air Base.": ["site:morozovsk airbase"],
    "Shells hit the Zamzam displacement camp.": ["site:zamzam camp"],
    "The Nur Khan air-base near Rawalpindi was struck.": ["site:nur khan airbase"],
    "The Russian airbase was hit.": [],
    "Ukraine Widens Operation Steppe Wind With Strike": ["op:steppe wind"],
}


def main() -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    bad = []
    folded = [" ".join(w.replace("-", " ").split()).casefold() for w in data["sites"]]
    bad += [f"site word {w!r} given twice" for w in sorted({w for w in folded if folded.count(w) > 1})]
    bad += [f"site word {w!r} has no kind" for w, kind in data["sites"].items() if not kind]
    if not data["operation_words"]:
        bad.append("no operation words")
    sys.path.insert(0, str(ROOT / "src"))
    from sitrep.extract.names import _named

    for sentence, expected in EXAMPLES.items():
        found = _named(sentence)
        if found != expected:
            bad.append(f"{sentence!r}: {found} (expected {expected})")
    return report(bad, f"{len(data['sites'])} site words, {len(EXAMPLES)} examples")


if __name__ == "__main__":
    sys.exit(main())
