#!/usr/bin/env python3
"""Load: drive a real `sitrep serve` on 127.0.0.1 at a fixed rate (open loop) or with a fixed number of
clients (closed loop), and print errors and latencies.

    python bench/bench_load.py [--db STORE | --reports 3000] [--rate 200 | --clients 20] [--seconds 60] [--seed 7]

Without `--db`, a store is filled from `bench/corpus.py` output (`--reports` reports) in a temporary
folder first. The server runs in its own process (`python -m sitrep.cli serve`), and is timed from its
start until it answers (`ready_s`). The mix: the home page, `/api/incidents` (a page of 100, now and
then filtered by country or contested figures, or further down the list), the claimants' record
(`/claimants` and `/api/claimants`), `/api/incidents/{id}` and `/incidents/{id}` for incidents drawn
from the store (all of them, read from the SQLite file).

- Open loop (`--rate R`, the default at 200 a second): the client sends a fixed schedule of
  `rate × seconds` requests, one every 1/rate seconds whatever the answers (from a pool of threads,
  each with a keep-alive httpx client). Latency runs from each request's scheduled time, so a server
  falling behind shows in it.
- Closed loop (`--clients N`): N clients (threads, each with its own keep-alive httpx client and its
  own seeded draw from the mix) each send their next request as soon as the previous answer arrives,
  for `--seconds`. Latency runs from sending to the whole answer.

Either way the client stops by itself; any answer but 200, or no answer within 10 s, is an error.
Prints one JSON line: the mode, request count, errors, throughput, latency p50/p95/p99/max overall
and per route (`/` the home page's incident list, `/api/incidents`, `/api/incidents/{id}`,
`/incidents/{id}`, `/claimants`, `/api/claimants`), and the machine's core count.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
TIMEOUT = 10.0
START_TIMEOUT = 900.0
"""Seconds the server may take to answer its first request (it reads the store first)."""


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


def start_server(db: Path) -> tuple[str, subprocess.Popen[bytes], float]:
    """The server on a free port of 127.0.0.1, its process, and the seconds it took to answer."""
    port = _free_port()
    command = [sys.executable, "-m", "sitrep.cli", "serve", "--db", str(db), "--port", str(port)]
    began = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.poll() is not None:
            why = server.stderr.read().decode() if server.stderr else ""
            raise SystemExit(f"sitrep serve stopped: {why}")
        try:
            httpx.get(base + "/api/incidents?limit=1", timeout=TIMEOUT)
            return base, server, time.perf_counter() - began
        except httpx.TransportError:
            if time.monotonic() > deadline:
                server.kill()
                raise SystemExit(f"sitrep serve did not start within {START_TIMEOUT:.0f} s") from None
            time.sleep(0.2)


def incident_keys(db: Path) -> tuple[list[str], list[str]]:
    """The ids of every stored incident (in stored order) and their countries, read from the file."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT id, country FROM incidents ORDER BY seq").fetchall()
    if not rows:
        raise SystemExit("the store has no incidents; fill it first")
    return [row[0] for row in rows], sorted({row[1] for row in rows if row[1]}) or ["PK"]


def pick(rng: random.Random, ids: list[str], countries: list[str]) -> str:
    """One request path of the mix."""
    roll = rng.random()
    if roll < 0.2:
        return "/"
    if roll < 0.23:
        return "/claimants"
    if roll < 0.25:
        return "/api/claimants?limit=100"
    if roll < 0.3:
        return f"/api/incidents?limit=100&country={rng.choice(countries)}"
    if roll < 0.35:
        return "/api/incidents?limit=100&contested=1"
    if roll < 0.5:
        return f"/api/incidents?limit=100&offset={100 * rng.randrange(5)}"
    if roll < 0.75:
        return f"/api/incidents/{rng.choice(ids)}"
    return f"/incidents/{rng.choice(ids)}"


def schedule(ids: list[str], countries: list[str], count: int, seed: int) -> list[str]:
    """`count` request paths in a fixed, seeded order."""
    rng = random.Random(seed)
    return [pick(rng, ids, countries) for _ in range(count)]


def _connected(base: str, count: int) -> list[httpx.Client]:
    """`count` keep-alive clients, connected before the clock runs, as a browser's kept-alive connection is."""
    clients = [httpx.Client(base_url=base, timeout=TIMEOUT) for _ in range(count)]
    for client in clients:
        client.get("/static/app.css").raise_for_status()
    return clients


def _get(client: httpx.Client, path: str) -> bool:
    """Whether `path` was answered with 200 in time."""
    try:
        return client.get(path).status_code == 200
    except httpx.HTTPError:
        return False


def _run_threads(work: Callable[[int, httpx.Client], None], clients: list[httpx.Client]) -> None:
    """`work(n, client)` on a thread per client until all return; the clients are closed after."""
    def run(n: int, client: httpx.Client) -> None:
        try:
            work(n, client)
        finally:
            client.close()

    threads = [threading.Thread(target=run, args=(n, client)) for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def drive(base: str, paths: list[str], rate: float, workers: int = 32) -> list[tuple[str, float, bool]]:
    """Open loop: send `paths` at `rate` a second from `workers` threads, each with its own keep-alive
    client; (route, latency from the scheduled time, ok) for each request."""
    results: list[tuple[str, float, bool]] = []
    turn = iter(range(len(paths)))
    lock = threading.Lock()
    clients = _connected(base, workers)
    start = time.perf_counter() + 0.5

    def work(_: int, client: httpx.Client) -> None:
        while (n := _next(turn, lock)) is not None:
            due = start + n / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            ok = _get(client, paths[n])
            results.append((_route(paths[n]), time.perf_counter() - due, ok))

    _run_threads(work, clients)
    return results


def drive_closed(
    base: str, ids: list[str], countries: list[str], clients: int, seconds: float, seed: int
) -> list[tuple[str, float, bool]]:
    """Closed loop: `clients` threads, each with its own keep-alive client and seeded draw from the mix,
    each sending its next request when the previous answer is in, for `seconds`; (route, latency from
    sending, ok) for each request."""
    results: list[tuple[str, float, bool]] = []
    connected = _connected(base, clients)
    end = time.perf_counter() + seconds

    def work(n: int, client: httpx.Client) -> None:
        rng = random.Random(f"{seed}-{n}")
        while (sent := time.perf_counter()) < end:
            path = pick(rng, ids, countries)
            ok = _get(client, path)
            results.append((_route(path), time.perf_counter() - sent, ok))

    _run_threads(work, connected)
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


def summary(results: list[tuple[str, float, bool]], took: float) -> dict[str, Any]:
    """Request count, errors, throughput and latency percentiles, overall and per route."""
    routes = sorted({r[0] for r in results})
    return {
        "requests": len(results), "errors": sum(not r[2] for r in results), "seconds": round(took, 1),
        "per_second": round(len(results) / took, 1), **_percentiles([r[1] for r in results]),
        "cores": os.cpu_count(),
        "routes": {route: {"requests": sum(r[0] == route for r in results),
                           "errors": sum(r[0] == route and not r[2] for r in results),
                           **_percentiles([r[1] for r in results if r[0] == route])} for route in routes},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="an existing store (default: fill one from bench/corpus.py)")
    parser.add_argument("--reports", type=int, default=3000, help="reports to fill the store with (no --db)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--rate", type=float, help="open loop: requests a second (the default, at 200)")
    mode.add_argument("--clients", type=int, help="closed loop: this many clients, each waiting for its answer")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long (default 60)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rate = None if args.clients else args.rate or 200.0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or fill_store(Path(tmp), args.reports, args.seed)
        ids, countries = incident_keys(db)
        base, server, ready = start_server(db)
        try:
            began = time.perf_counter()
            if rate is None:
                results = drive_closed(base, ids, countries, args.clients, args.seconds, args.seed)
            else:
                results = drive(base, schedule(ids, countries, int(rate * args.seconds), args.seed), rate)
            took = time.perf_counter() - began
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    loop = {"mode": "open", "rate": rate} if rate is not None else {"mode": "closed", "clients": args.clients}
    print(json.dumps({**loop, "incidents": len(ids), "ready_s": round(ready, 1), **summary(results, took)}))


if __name__ == "__main__":
    main()
