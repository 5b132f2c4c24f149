"""Time the dashboard's pages, the API and the exports over a store; prints one JSON line per figure.

    python bench/bench_web.py --db conflict.db [--repeat 5]

Requests go through a real uvicorn server on 127.0.0.1 (a free port), as a browser's would.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from sitrep.present.export import FORMATS, export_incidents
from sitrep.settings import Settings
from sitrep.store.sqlite import Store
from sitrep.web import create_app


def _serve(db: str) -> tuple[str, uvicorn.Server]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings.load(db=db)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def _time(client: httpx.Client, path: str, repeat: int) -> dict[str, object]:
    seconds, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        seconds.append(time.perf_counter() - start)
        response.raise_for_status()
        size = len(response.content)
    return {"what": path, "median_ms": round(1000 * statistics.median(seconds), 1), "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with Store(args.db) as store:
        incidents = store.incidents()
        words = (store.documents().__next__().title or "attack").split()
    print(json.dumps({"incidents": len(incidents)}))
    busiest = max(incidents, key=lambda i: len(i.docs))
    base, server = _serve(args.db)
    paths = ["/", "/?contested=1", f"/?q={words[-1]}", "/map", "/api/incidents", "/api/claims",
             f"/incidents/{busiest.id}", "/sitrep.html"]
    with httpx.Client(base_url=base, timeout=120) as client:
        for path in paths:
            print(json.dumps(_time(client, path, args.repeat)))
    server.should_exit = True
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            start = time.perf_counter()
            export_incidents(incidents, fmt, Path(tmp) / f"out.{fmt}")
            took = time.perf_counter() - start
            print(json.dumps({"what": f"export {fmt}", "ms": round(1000 * took, 1),
                              "bytes": (Path(tmp) / f"out.{fmt}").stat().st_size}))


if __name__ == "__main__":
    main()
