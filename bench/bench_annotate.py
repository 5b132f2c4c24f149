"""Throughput of the annotate and extract stages on reports of about 3 KB, in one process.

    python bench/bench_annotate.py [--reports 300] [--size 3000]

Prints reports per second for annotate (amounts, dates, places, actors) and for the whole
extraction (annotate + claims + events), after a warm-up that loads the data files, and the
machine's core count. The reports are cut from the bundled sample, so the figures are for real
report text.
"""

from __future__ import annotations

import argparse
import os
import time

from sitrep.run.pipeline import analyse, annotate
from sitrep.run.workbench import bundled_sample
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text


def reports(n: int, size: int) -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(bundled_sample().glob("*.txt")))
    paragraphs = [p for p in text.split("\n") if len(p) > 80]
    out = []
    for i in range(n):
        body, j = [], i
        while sum(len(b) for b in body) < size:
            body.append(paragraphs[j % len(paragraphs)])
            j += 7
        out.append(f"Report {i}\n" + "\n".join(body))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--size", type=int, default=3000)
    args = parser.parse_args()
    settings = Settings.load(db=":memory:")
    docs = [from_text(t, f"r{i}.txt", None) for i, t in enumerate(reports(args.reports, args.size))]
    analyse(docs[0], settings)  # warm-up: data files and matchers
    mean = sum(len(d.text) for d in docs) / len(docs)
    for label, stage in (("annotate", annotate), ("extract", analyse)):
        start = time.perf_counter()
        for d in docs:
            stage(d, settings)
        elapsed = time.perf_counter() - start
        print(f"{label}: {len(docs) / elapsed:.0f} reports/s (mean {mean:.0f} characters, {len(docs)} reports, "
              f"one process; machine cores: {os.cpu_count()})")


if __name__ == "__main__":
    main()
