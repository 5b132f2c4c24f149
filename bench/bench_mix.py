#!/usr/bin/env python3
"""The server's own work on the load bench's mix: the app in this process, one request at a time, timed
in CPU time (which other work on a shared machine disturbs far less than the latency under load).

    python bench/bench_mix.py --db big.db [--requests 4000] [--seed 11]

The app reads the store as `sitrep serve` does (the snapshot built before the first request: `warm_s`,
`warm_cpu_s`), then makes the lists of the mix once (the home page, the five pages of `/api/incidents`,
the contested ones, one per country, the claimants' page and API), as a server that has run a while
has; then sends `--requests` requests drawn from `bench_load.py`'s mix through an in-process ASGI
client. Prints one JSON line: CPU and wall time a request overall, and per route the count, CPU p50,
mean, p95 and max; the time the cyclic garbage collector ran (count and seconds, by generation, and
its longest pause); and how many answers were made rather than given again, by route.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from sitrep.settings import Settings
from sitrep.web import create_app
from sitrep.web.catalogue import Snapshot

HERE = Path(__file__).resolve().parent


def _load_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_load", HERE / "bench_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Collections:
    """The garbage collector's runs while it is watched: count and seconds by generation, longest run."""

    def __init__(self) -> None:
        self.runs: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._began = 0.0
        self.watching = False

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if not self.watching:
            return
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.runs[info["generation"]].append(time.perf_counter() - self._began)

    def summary(self) -> dict[str, Any]:
        every = [s for runs in self.runs.values() for s in runs]
        return {"by_generation": {g: [len(r), round(sum(r), 3)] for g, r in self.runs.items()},
                "longest_s": round(max(every, default=0.0), 3)}


def _count_made(made: dict[str, int], route: Any) -> None:
    """Count each answer the snapshot makes (rather than gives again), by route."""
    kept = Snapshot.kept

    def counting(self: Snapshot, key: str, make: Any) -> Any:
        def counted() -> Any:
            made[route(key.split("#")[0])] = made.get(route(key.split("#")[0]), 0) + 1
            return make()
        return kept(self, key, counted)

    Snapshot.kept = counting  # type: ignore[method-assign]


def _stats(seconds: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(seconds, n=20, method="inclusive") if len(seconds) > 1 else seconds * 19
    return {"cpu_p50_ms": round(1000 * statistics.median(seconds), 2),
            "cpu_mean_ms": round(1000 * statistics.mean(seconds), 2),
            "cpu_p95_ms": round(1000 * cuts[18], 2), "cpu_max_ms": round(1000 * max(seconds), 1)}


async def run(db: Path, requests: int, seed: int) -> dict[str, Any]:
    load = _load_module()
    made: dict[str, int] = {}
    _count_made(made, lambda key: load._route(key))
    app = create_app(Settings.load(db=str(db)))
    began, cpu = time.perf_counter(), time.process_time()
    app.state.stores.warm()
    warm = {"warm_s": round(time.perf_counter() - began, 1), "warm_cpu_s": round(time.process_time() - cpu, 1)}
    ids, countries = load.incident_keys(db)
    first = ["/", "/claimants", "/api/claimants?limit=100", "/api/incidents?limit=100&contested=1"]
    first += [f"/api/incidents?limit=100&offset={100 * k}" for k in range(5)]
    first += [f"/api/incidents?limit=100&country={c}" for c in countries]
    collections = Collections()
    gc.callbacks.append(collections)
    rng = random.Random(seed)
    cpu_of: dict[str, list[float]] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        for path in first:
            (await client.get(path)).raise_for_status()
        made.clear()
        collections.watching = True
        began, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            path = load.pick(rng, ids, countries)
            at = time.process_time()
            (await client.get(path)).raise_for_status()
            cpu_of.setdefault(load._route(path), []).append(time.process_time() - at)
        took, took_cpu = time.perf_counter() - began, time.process_time() - cpu
        collections.watching = False
    gc.callbacks.remove(collections)
    return {
        "requests": requests, "incidents": len(ids), **warm,
        "cpu_ms_a_request": round(1000 * took_cpu / requests, 2), "wall_ms_a_request": round(1000 * took / requests, 2),
        "routes": {route: {"requests": len(s), **_stats(s)} for route, s in sorted(cpu_of.items())},
        "collections": collections.summary(), "made": made, "cores": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="an existing store")
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"no store {args.db}")
    print(json.dumps(asyncio.run(run(args.db, args.requests, args.seed))))


if __name__ == "__main__":
    main()
