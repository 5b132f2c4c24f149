#!/usr/bin/env python3
"""Check the event lexicon (src/sitrep/data/event_types.json) and print what it holds.

    python scripts/check_event_types.py [SENTENCE ...]

Compiles every cue (a malformed one is named and the script exits with status 1), checks that every
rule names one of ACLED's 25 sub-event types, and prints the rules and cues of each type. Each
SENTENCE given is typed and printed with the cue that decided it, to try a new cue before adding it.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from importlib import resources

from sitrep.errors import SitrepError
from sitrep.extract.eventtypes import classify_event, compile_cue, event_lexicon


def _check(data: dict) -> list[str]:
    known = {sub for subs in data["taxonomy"].values() for sub in subs}
    problems = []
    rules = [*data["rules"], *({**r, "sub_event_type": None} for r in data["not_conflict"]["rules"])]
    for rule in rules:
        outcomes = {rule["sub_event_type"], *rule.get("target", {}).values(), *rule.get("actor", {}).values()}
        unknown = outcomes - known - {None}
        if unknown:
            problems.append(f"rule of {rule['sub_event_type']!r}: unknown sub-event types {sorted(unknown)}")
        for key in ("cues", "unless_followed_by", "requires", "excludes"):
            for cue in rule.get(key, []):
                try:
                    compile_cue(cue)
                except ValueError as exc:
                    problems.append(f"rule of {rule['sub_event_type']!r}, {key}: {exc}")
    return problems


def main(sentences: list[str]) -> int:
    data = json.loads(resources.files("sitrep.data").joinpath("event_types.json").read_text("utf-8"))
    problems = _check(data)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    try:
        lexicon = event_lexicon()
    except SitrepError as exc:
        print(exc, file=sys.stderr)
        return 1
    rules, cues = Counter(), Counter()
    for rule in lexicon.rules:
        name = rule.sub_event_type or "(no conflict event)"
        rules[name] += 1
        cues[name] += len(rule.cues)
    print(f"event lexicon version {lexicon.version}: {len(lexicon.rules)} rules")
    for name in sorted(rules):
        print(f"  {name}: {rules[name]} rules, {cues[name]} cues")
    for sentence in sentences:
        found = classify_event(sentence)
        cue = found.evidence.text if found.evidence else None
        kind = found.sub_event_type if found.conflict else "no conflict event"
        print(f"{kind}{' (weak)' if found.weak else ''} <- {cue!r}: {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
