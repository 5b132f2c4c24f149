#!/usr/bin/env python3
"""Evaluate the "when" stage (`sitrep.extract.dates`) on the dev sets and print the figures.

    python bench/eval_dates.py [--dev DIR] [--score PATH] [--verbose]

* TimeBank: `find_dates` on each article (published date as reference), written as annotate-style
  JSONL and scored with `score.py dates` (recall of gold TIMEX3 dates, accuracy of their values).
* ACLED notes: `event_date(text, find_dates(text, None), None)` against the gold `event_date`.
* Speed: `find_dates` throughput over every dev text, as 3 KB reports per second on one core.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sitrep.extract.dates import event_date, find_dates

DEV = Path("/work/shared/eval/dev")
SCORE = Path("/work/shared/eval/score.py")
ACLED_SETS = ("acled_somalia2025_dev", "acled_afghanistan2019_dev")


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    return date.fromisoformat(value[:10])


def timebank_predictions(articles: list[dict]) -> list[dict]:
    rows = []
    for art in articles:
        for m in find_dates(art["text"], parse_published(art.get("published"))):
            rows.append(
                {
                    "doc": art["id"],
                    "type": "date",
                    "start": m.span.start,
                    "end": m.span.end,
                    "text": m.span.text,
                    "value": m.value,
                }
            )
    return rows


def score_timebank(dev: Path, score: Path, verbose: bool) -> dict:
    articles = load_jsonl(dev / "timebank_dev.articles.jsonl")
    rows = timebank_predictions(articles)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in rows) + "\n")
    out = subprocess.run(
        [sys.executable, str(score), "dates", str(dev / "timebank_dev.jsonl"), fh.name],
        capture_output=True,
        text=True,
        check=True,
    )
    if verbose:
        show_timebank_errors(dev, rows)
    Path(fh.name).unlink()
    return json.loads(out.stdout)


def show_timebank_errors(dev: Path, rows: list[dict]) -> None:
    concrete = re.compile(r"^\d{4}(-\d\d(-\d\d)?|-W\d\d)?$")
    for doc in load_jsonl(dev / "timebank_dev.jsonl"):
        spans = [r for r in rows if r["doc"] == doc["doc_id"]]
        for t in doc["timexes"]:
            if t.get("type") != "DATE" or not concrete.match(t.get("value") or ""):
                continue
            hit = next((s for s in spans if s["start"] < t["end"] and t["start"] < s["end"]), None)
            if hit is None:
                print(f"  MISS  {doc['doc_id']} {t['text']!r} gold={t['value']}")
            elif hit["value"] != t["value"]:
                got = f"{hit['text']!r} {hit['value']}"
                print(f"  VALUE {doc['doc_id']} {t['text']!r} -> {got} gold={t['value']}")


def score_acled(dev: Path, name: str, verbose: bool) -> dict:
    articles = load_jsonl(dev / f"{name}.articles.jsonl")
    gold = {str(r["id"]): r["event_date"][:10] for r in load_jsonl(dev / f"{name}.gold.jsonl")}
    right = 0
    for art in articles:
        start, _, _ = event_date(art["text"], find_dates(art["text"], None), None)
        ok = start is not None and start.isoformat() == gold[str(art["id"])]
        right += ok
        if verbose and not ok:
            print(f"  {art['id']}: got {start} gold {gold[str(art['id'])]}: {art['text'][:140]!r}")
    return {
        "rows": len(articles),
        "event_date_accuracy": round(right / len(articles), 4) if articles else 0.0,
    }


def measure_speed(dev: Path, rounds: int = 5) -> dict:
    texts = [a["text"] for p in sorted(dev.glob("*.articles.jsonl")) for a in load_jsonl(p)]
    published = date(2020, 1, 1)
    chars = sum(len(t) for t in texts)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            find_dates(t, published)
        best = min(best, time.perf_counter() - t0)
    return {
        "texts": len(texts),
        "kilobytes": round(chars / 1000, 1),
        "seconds": round(best, 3),
        "texts_per_second": round(len(texts) / best, 1),
        "3kb_reports_per_second": round(chars / 3000 / best, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--score", type=Path, default=SCORE)
    ap.add_argument("--verbose", action="store_true", help="list misses and wrong values")
    args = ap.parse_args()
    figures = {"timebank": score_timebank(args.dev, args.score, args.verbose)}
    for name in ACLED_SETS:
        if (args.dev / f"{name}.articles.jsonl").exists():
            figures[name] = score_acled(args.dev, name, args.verbose)
    figures["speed"] = measure_speed(args.dev)
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
