#!/usr/bin/env python3
"""Time per report on hostile text: the whole analysis (annotate, claims, events) of reports made of
one pattern repeated up to a length, by default `max_report_chars` (the longest report sitrep reads).

    python bench/bench_hostile.py [--chars N] [--only NAME ...]

Prints one JSON line per pattern ({"pattern", "chars", "seconds"} or an "error") and a last line
with the slowest. Each pattern stresses one parser: long runs of dots (sentences), digit strings and
ranges (numbers), dates, names (actors, places), mojibake (clean), control characters and NUL bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from sitrep.errors import SitrepError
from sitrep.run.pipeline import analyse
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "sample"

PATTERNS = {
    "one_line": "The army said 12 militants were killed in Kabul on Monday. ",
    "dots": ".",
    "titles": "Mr ",
    "dashes": "1-",
    "ranges": "1 to 2 ",
    "dates": "Monday Tuesday 12 May 2025 yesterday ",
    "names": "Ahmad Khan ",
    "mojibake": "â€œ12 killedâ€\x9d ",
    "digits": "9",
    "quotes": '"',
    "initials": "Ab.",
    "short_lines": "Killed.\n",
    "figures": "12 killed, ",
    "claimants": "officials said ",
    "nul": "\x00 12 killed ",
    "control": "\x01\x02\x1b[0m 5 dead ",
    "reportedly": "Pakistan reportedly shot down 5 jets, ",
    "between": "between 3 and 5 killed, ",
    "articles": "al-Shabaab al-",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=Settings().max_report_chars)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    day = date(2025, 5, 3)
    settings = Settings.load(published=day, today=day, max_report_chars=max(args.chars, 1))
    patterns = dict(PATTERNS)
    patterns["sample_reports"] = "\n\n".join(p.read_text("utf-8") for p in sorted(SAMPLE.glob("*.txt")))
    analyse(from_text(patterns["sample_reports"][:2000], "warm-up", day, settings=settings), settings)
    slowest = ("", 0.0)
    for name, unit in patterns.items():
        if args.only and name not in args.only:
            continue
        text = (unit * (args.chars // len(unit) + 1))[: args.chars]
        started = time.perf_counter()
        row: dict[str, object] = {"pattern": name, "chars": len(text)}
        try:
            analyse(from_text(text, name, day, settings=settings), settings)
        except SitrepError as err:
            row["error"] = f"{err.code}: {err}"
        row["seconds"] = round(time.perf_counter() - started, 2)
        slowest = max(slowest, (name, float(row["seconds"])), key=lambda t: t[1])
        print(json.dumps(row), flush=True)
    print(json.dumps({"slowest": slowest[0], "seconds": slowest[1], "chars": args.chars}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
