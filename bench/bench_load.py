#!/usr/bin/env python3
"""Load: drive a real `sitrep serve` on 127.0.0.1 at a fixed rate and print errors and latencies.

    python bench/bench_load.py [--db STORE | --reports 3000] [--rate 200] [--seconds 60] [--seed 7]

Without `--db`, a store is filled from `bench/corpus.py` output (`--reports` reports) in a temporary
folder first. The server runs in its own process (`python -m sitrep.cli serve`); the client sends a
fixed schedule of `rate × seconds` requests, one every 1/rate seconds whatever the answers (from a
pool of threads, each with a keep-alive httpx client), and stops by itself. The mix: the home page,
`/api/incidents` (a page of 100, now and then filtered by country or contested figures),
`/api/incidents/{id}` and `/incidents/{id}` for incidents drawn from the store. Latency runs from
each request's scheduled time (so a server falling behind shows in it), and any answer but 200, or
no answer within 10 s, is an error. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
TIMEOUT = 10.0


def _corpus_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_corpus", HERE / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def fill_store(folder: Path, reports: int, seed: int) -> Path:
    """A store of `reports` generated reports, ingested by the CLI."""
    files = _corpus_module().write_corpus(folder / "corpus", reports, seed=seed)
    db = folder / "load.db"
    subprocess.run([sys.executable, "-m", "sitrep.cli", "ingest", *map(str, files), "--db", str(db)],
                   check=True, stdout=subprocess.DEVNULL)
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path) -> tuple[str, subprocess.Popen[bytes]]:
    port = _free_port()
    command = [sys.executable, "-m", "sitrep.cli", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            why = server.stderr.read().decode() if server.stderr else ""
            raise SystemExit(f"sitrep serve stopped: {why}")
        try:
            httpx.get(base + "/api/incidents?limit=1", timeout=2)
            return base, server
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise SystemExit("sitrep serve did not start within 60 s") from None
            time.sleep(0.2)


def schedule(base: str, count: int, seed: int) -> list[str]:
    """`count` request paths in a fixed, seeded order."""
    incidents = httpx.get(base + "/api/incidents?limit=100000", timeout=60).json()
    if not incidents:
        raise SystemExit("the store has no incidents; fill it first")
    ids = [i["id"] for i in incidents]
    countries = sorted({i["country"] for i in incidents if i.get("country")}) or ["PK"]
    rng = random.Random(seed)
    paths = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.2:
            paths.append("/")
        elif roll < 0.3:
            paths.append(f"/api/incidents?limit=100&country={rng.choice(countries)}")
        elif roll < 0.35:
            paths.append("/api/incidents?limit=100&contested=1")
        elif roll < 0.5:
            paths.append(f"/api/incidents?limit=100&offset={100 * rng.randrange(5)}")
        elif roll < 0.75:
            paths.append(f"/api/incidents/{rng.choice(ids)}")
        else:
            paths.append(f"/incidents/{rng.choice(ids)}")
    return paths


def drive(base: str, paths: list[str], rate: float, workers: int = 32) -> list[tuple[str, float, bool]]:
    """Send `paths` at `rate` a second from `workers` threads, each with its own keep-alive client;
    (route, latency from the scheduled time, ok) for each request."""
    results: list[tuple[str, float, bool]] = []
    turn = iter(range(len(paths)))
    lock = threading.Lock()
    clients = [httpx.Client(base_url=base, timeout=TIMEOUT) for _ in range(workers)]
    for client in clients:  # connected before the clock runs, as a browser's kept-alive connection is
        client.get("/static/app.css").raise_for_status()
    start = time.perf_counter() + 0.5

    def work(client: httpx.Client) -> None:
        try:
            while (n := _next(turn, lock)) is not None:
                due = start + n / rate
                time.sleep(max(0.0, due - time.perf_counter()))
                try:
                    ok = client.get(paths[n]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                results.append((_route(paths[n]), time.perf_counter() - due, ok))
        finally:
            client.close()

    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _next(turn: Iterator[int], lock: threading.Lock) -> int | None:
    with lock:
        return next(turn, None)


def _route(path: str) -> str:
    if path.startswith("/api/incidents/"):
        return "/api/incidents/{id}"
    if path.startswith("/incidents/"):
        return "/incidents/{id}"
    return path.split("?")[0]


def _percentiles(seconds: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive") if len(seconds) > 1 else seconds * 99
    return {"p50_ms": round(1000 * cuts[49], 1), "p95_ms": round(1000 * cuts[94], 1),
            "p99_ms": round(1000 * cuts[98], 1), "max_ms": round(1000 * max(seconds), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="an existing store (default: fill one from bench/corpus.py)")
    parser.add_argument("--reports", type=int, default=3000, help="reports to fill the store with (no --db)")
    parser.add_argument("--rate", type=float, default=200.0, help="requests a second (default 200)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long (default 60)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or fill_store(Path(tmp), args.reports, args.seed)
        base, server = start_server(db)
        try:
            paths = schedule(base, int(args.rate * args.seconds), args.seed)
            began = time.perf_counter()
            results = drive(base, paths, args.rate)
            took = time.perf_counter() - began
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    latencies = [r[1] for r in results]
    routes = sorted({r[0] for r in results})
    print(json.dumps({
        "requests": len(results), "errors": sum(not r[2] for r in results), "rate": args.rate,
        "seconds": round(took, 1), **_percentiles(latencies), "cores": os.cpu_count(),
        "routes": {route: {"requests": sum(r[0] == route for r in results),
                           **_percentiles([r[1] for r in results if r[0] == route])} for route in routes},
    }))


if __name__ == "__main__":
    main()
