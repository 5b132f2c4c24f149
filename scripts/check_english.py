#!/usr/bin/env python3
"""Check src/sitrep/data/english.json: every list says what it is for, holds one of words, values
or patterns, no word twice, no blank or padded word, its words in lower case unless the list is of
names ("month_names", "weekday_names" and their abbreviations), and its patterns compile.

    python scripts/check_english.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from checks import report  # this folder's shared report (the script's folder is on the path)

DATA = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "english.json"
NAMES = {"month_names", "month_abbreviations", "weekday_names", "weekday_abbreviations"}


def problems(data: dict) -> list[str]:
    bad = []
    for name, entry in data["lists"].items():
        if not str(entry.get("about", "")).strip():
            bad.append(f"{name}: no about")
        given = [field for field in ("words", "values", "patterns") if field in entry]
        if len(given) != 1:
            bad.append(f"{name}: give one of words, values or patterns")
            continue
        words = list(entry[given[0]])
        if not words:
            bad.append(f"{name}: empty")
        bad += [f"{name}: {w!r} twice" for w in sorted({w for w in words if words.count(w) > 1})]
        bad += [f"{name}: blank or padded {w!r}" for w in words if not w or w != w.strip()]
        if given == ["patterns"]:
            bad += [f"{name}: {w!r} does not compile: {e}" for w in words for e in _error(w)]
        elif name not in NAMES:
            bad += [f"{name}: {w!r} is not lower case" for w in words if w != w.lower()]
    return bad


def _error(pattern: str) -> list[str]:
    try:
        re.compile(pattern)
    except re.error as e:
        return [str(e)]
    return []


def main() -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    bad = problems(data)
    return report(bad, f"{len(data['lists'])} word lists")


if __name__ == "__main__":
    sys.exit(main())
