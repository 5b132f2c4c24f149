#!/usr/bin/env python3
"""Score sitrep on the seeds and the dev sets with ../shared/eval/score.py and print the figures.

    python bench/evaluate.py [SET ...] [--keep DIR]

SET is any of: seeds_claims, seeds_incidents, stories_incidents, acled_somalia2025, acled_afghanistan2019,
case2021_subtypes, tr_news_places, timebank_dates, news_claims_dev, claims_set (all by default). Each
prints one JSON line of figures; `--keep` leaves the predictions in DIR for inspection. SITREP_EVAL
names the folder of the scorer and the dev sets when it is not ../shared/eval beside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("SITREP_EVAL", ROOT.parent / "shared" / "eval"))  # the scorer and dev sets
DEV = EVAL / "dev"
SAMPLE = ROOT / "src" / "sitrep" / "data" / "sample"
CLAIMS_SET = ROOT / "tests" / "claims_set"  # invented reports of about 30 conflicts (tests/claims_set/README.md)
STORIES = ROOT / "tests" / "stories"  # invented multi-report stories (tests/stories/README.md)

# name: (sitrep command, input, output format, score mode, gold)
SETS = {
    "seeds_claims": ("extract", SAMPLE, "jsonl", "claims", EVAL / "seeds.gold.json"),
    "seeds_incidents": ("incidents", SAMPLE, "json", "incidents", EVAL / "seeds.gold.json"),
    "stories_incidents": ("incidents", STORIES / "stories.articles.jsonl", "json", "incidents",
                          STORIES / "stories.gold.json"),
    "acled_somalia2025": ("incidents", DEV / "acled_somalia2025_dev.articles.jsonl", "json", "events",
                          DEV / "acled_somalia2025_dev.gold.jsonl"),
    "acled_afghanistan2019": ("incidents", DEV / "acled_afghanistan2019_dev.articles.jsonl", "json", "events",
                              DEV / "acled_afghanistan2019_dev.gold.jsonl"),
    "case2021_subtypes": ("incidents", DEV / "case2021_dev.articles.jsonl", "json", "subtypes",
                          DEV / "case2021_dev.tsv"),
    "tr_news_places": ("annotate", DEV / "tr_news.articles.jsonl", "jsonl", "places", DEV / "tr_news.jsonl"),
    "timebank_dates": ("annotate", DEV / "timebank_dev.articles.jsonl", "jsonl", "dates", DEV / "timebank_dev.jsonl"),
    "news_claims_dev": ("extract", DEV / "news_claims_dev.articles.jsonl", "jsonl", "claims",
                        DEV / "news_claims_dev.gold.json"),
    "claims_set": ("extract", CLAIMS_SET / "articles.jsonl", "jsonl", "claims", CLAIMS_SET / "gold.json"),
}


def evaluate(name: str, out_dir: Path) -> dict:
    command, source, fmt, mode, gold = SETS[name]
    pred = out_dir / f"{name}.{fmt}"
    with pred.open("w", encoding="utf-8") as fh:
        subprocess.run([sys.executable, "-m", "sitrep.cli", command, str(source), "--format", fmt],
                       stdout=fh, stderr=subprocess.DEVNULL, check=False)
    done = subprocess.run([sys.executable, str(EVAL / "score.py"), mode, str(gold), str(pred)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", help=", ".join(SETS))
    parser.add_argument("--keep", type=Path, help="folder to keep the predictions in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in args.sets or list(SETS):
            if name not in SETS:
                parser.error(f"unknown set {name!r}; known: {', '.join(SETS)}")
            figures = evaluate(name, out_dir)
            shown = {k: v for k, v in figures.items() if not isinstance(v, (list, dict))}
            print(json.dumps({"set": name, **shown}))


if __name__ == "__main__":
    main()
