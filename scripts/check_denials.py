#!/usr/bin/env python3
"""Check src/sitrep/data/denials.json: every pattern compiles, names a claim kind, and reads the
example denials below (invented sentences) as the kind it should.

    python scripts/check_denials.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from checks import report  # this folder's shared report (the script's folder is on the path)

DATA = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "denials.json"
KINDS = {"killed", "injured", "detained", "missing", "displaced", "casualties", "positions_captured",
         "aircraft_downed", "other"}
EXAMPLES = {
    "The air force denied that any of its jets had been shot down.": "aircraft_downed",
    "Thailand again denied losing any aircraft.": "aircraft_downed",
    "The ministry denied that it had lost any fighter jets.": "aircraft_downed",
    "The army denied losing any soldiers in the clash.": "killed",
    "Officials denied that any of its soldiers were killed.": "killed",
    "The army denied that it had lost any posts.": "positions_captured",
    "An Indian official denied that any Indian jets had been shot down.": "aircraft_downed",
}
CLAIM_DENIED = ["Its air force downed five Indian jets, a claim India denied.",
                "The ministry said it killed 10 soldiers, a claim Baku rejected."]


def main() -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    rules = [(r["kind"], re.compile(r["pattern"], re.IGNORECASE)) for r in data["denials"]]
    bad = [kind for kind, _ in rules if kind not in KINDS]
    for sentence, kind in EXAMPLES.items():
        found = {k for k, rx in rules if rx.search(sentence)}
        if found != {kind}:
            bad.append(f"{sentence!r}: {sorted(found)} (expected {kind})")
    claim_denied = re.compile(data["claim_denied"])
    bad += [f"{sentence!r}: claim_denied does not match" for sentence in CLAIM_DENIED
            if not claim_denied.search(sentence)]
    return report(bad, f"{len(rules)} denial patterns, {len(EXAMPLES)} examples")


if __name__ == "__main__":
    sys.exit(main())
