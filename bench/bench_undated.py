#!/usr/bin/env python3
"""Reconciling reports that carry no date: the time to reconcile the events of 2.5k, 5k and 10k
undated reports (and more with --reports), in memory, and what came out (a digest of the incidents,
to check that a change of speed left the result as it was). Nothing here is a test.

    python bench/bench_undated.py                          # 2,500, 5,000 and 10,000 undated reports
    python bench/bench_undated.py --reports 2500 100000    # other sizes
    python bench/bench_undated.py --events /tmp/undated.pickle   # keep the analysed events for a rerun

The reports are those of bench/corpus.py (short ones, `--chars 400`) without a publication date and
with every date they write left out, so no event of them has a date: undated events can only join
undated incidents, whatever their distance in time, which is what makes them a case of their own.
Analysing them takes most of the run; `--events FILE` keeps the events, so a second run (after a
change to reconciling) times the same events at once.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def undated_text(text: str) -> str:
    """`text` with every date expression it writes taken out."""
    from sitrep.extract.dates import find_dates

    out, at = [], 0
    for mention in sorted(find_dates(text, None), key=lambda m: m.span.start):
        if mention.span.start >= at:
            out.append(text[at:mention.span.start])
            at = mention.span.end
    out.append(text[at:])
    return "".join(out)


def undated_events(n: int, seed: int) -> list:
    """The events of `n` undated reports of the seeded corpus."""
    from corpus import generate

    from sitrep.run.pipeline import analyse
    from sitrep.settings import Settings
    from sitrep.sources.ingest import from_text

    settings = Settings.load()
    events = []
    for row in generate(n, seed=seed, chars=400):
        doc = from_text(undated_text(row["text"]), row["id"], None, title=row["title"], first_line_title=False,
                        settings=settings)
        events.extend(e for e in analyse(doc, settings).events if e.date_start is None)
    return events


def digest(incidents: list) -> str:
    """A short fingerprint of the incidents: their reports, figures and places, in order."""
    h = hashlib.sha256()
    for i in incidents:
        h.update(repr((i.docs, i.sub_event_type, i.country, i.location, i.figures)).encode("utf-8"))
    return h.hexdigest()[:16]


def cached_events(path: Path | None, make: Callable[[], list], label: str) -> list:
    """The analysed events kept in `path` (a pickle) when it exists; else made by `make`, timed and
    printed as `label`, and kept there for the next run."""
    if path and path.exists():
        return pickle.loads(path.read_bytes())
    start = time.perf_counter()
    events = make()
    print(f"analysed {label} in {time.perf_counter() - start:.1f} s")
    if path:
        path.write_bytes(pickle.dumps(events))
    return events


def timed_reconcile(events: list, settings: Any) -> tuple[list, float]:
    """The incidents of `events` and the seconds reconciling them took."""
    from sitrep.reconcile.incidents import reconcile

    start = time.perf_counter()
    incidents = reconcile(events, settings)
    return incidents, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--events", type=Path, help="a file to keep the analysed events in (read if present)")
    args = parser.parse_args()
    from sitrep.settings import Settings

    most = max(args.reports)
    events = cached_events(args.events, lambda: undated_events(most, args.seed), f"{most:,} undated reports")
    settings = Settings.load()
    print(f"cores: {os.cpu_count()}")
    for n in sorted(args.reports):
        chosen = [e for e in events if int(e.doc.rsplit("-", 1)[1]) < n]
        incidents, took = timed_reconcile(chosen, settings)
        print(f"{n:>7,} undated reports, {len(chosen):,} events: reconciled in {took:.2f} s"
              f" ({len(incidents):,} incidents, digest {digest(incidents)})")


if __name__ == "__main__":
    main()
