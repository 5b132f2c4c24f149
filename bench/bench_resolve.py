#!/usr/bin/env python3
"""Incident resolution in memory: the time to reconcile the dated events of 2.5k, 5k and 10k
generated reports (and more with --reports), and a digest of what came out. Nothing here is a test.

    python bench/bench_resolve.py                              # 2,500, 5,000 and 10,000 reports
    python bench/bench_resolve.py --reports 2500 20000         # other sizes
    python bench/bench_resolve.py --events /tmp/resolve.pickle # keep the analysed events for a rerun

The reports are `--analyse` (300) reports of bench/corpus.py, analysed once; their events are then
repeated a week apart (each copy a report of its own) up to the largest size, so that the work is
reconciling alone and a size of any length costs no more analysis. The time a report should stay
about the same at every size (the work grows with the number of reports, not their square).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def analysed(n: int, seed: int) -> list:
    """The dated events of `n` reports of the seeded corpus, by report."""
    from corpus import generate

    from sitrep.run.pipeline import analyse
    from sitrep.settings import Settings
    from sitrep.sources.ingest import from_text

    settings = Settings.load()
    found = []
    for row in generate(n, seed=seed):
        doc = from_text(row["text"], row["id"], _day(row.get("published")), title=row["title"],
                        first_line_title=False, settings=settings)
        found.append([e for e in analyse(doc, settings).events if e.date_start is not None])
    return found


def _day(text):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(text[:10]) if text else None


def repeated(reports: list, n: int) -> list:
    """The events of `n` reports: `reports` again and again, each round a week later, each copy a
    report of its own."""
    out = []
    for k in range(n):
        shift = timedelta(days=7 * (k // len(reports)))
        name = f"r{k:07d}"
        for e in reports[k % len(reports)]:
            claims = tuple(replace(c, doc=name, report=name) for c in e.claims)
            out.append(replace(e, doc=name, report=name, claims=claims, date_start=e.date_start + shift,
                               date_end=(e.date_end or e.date_start) + shift,
                               published=e.published + shift if e.published else None))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--analyse", type=int, default=300, help="generated reports analysed (then repeated)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--events", type=Path, help="a file to keep the analysed events in (read if present)")
    args = parser.parse_args()
    from bench_undated import cached_events, digest, timed_reconcile

    from sitrep.settings import Settings

    reports = cached_events(args.events, lambda: analysed(args.analyse, args.seed), f"{args.analyse:,} reports")
    settings = Settings.load()
    print(f"cores: {os.cpu_count()}")
    for n in sorted(args.reports):
        chosen = repeated(reports, n)
        incidents, took = timed_reconcile(chosen, settings)
        print(f"{n:>7,} reports, {len(chosen):,} events: reconciled in {took:.2f} s ({took / n * 1e6:.0f} µs a"
              f" report; {len(incidents):,} incidents, digest {digest(incidents)})")


if __name__ == "__main__":
    main()
