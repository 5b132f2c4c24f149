"""Helpers the test files share: a free port, a uvicorn server in a thread, a store of the sample reports."""

from __future__ import annotations

import importlib.util
import socket
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

import sitrep
from sitrep.run.workbench import bundled_sample

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: object) -> Iterator[str]:
    """Run `app` with uvicorn on a free port of 127.0.0.1 in a thread; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def sample_store(path: Path, reports: Mapping[str, str] | None = None, folder: str = "reports") -> Path:
    """A store at `path` filled from the bundled sample reports and `reports` ({file name: text}, written
    to the folder `folder` beside the store); fails the test if a report could not be read."""
    sources = [bundled_sample()]
    if reports:
        extra = path.parent / folder
        extra.mkdir()
        for name, text in reports.items():
            (extra / name).write_text(text, encoding="utf-8")
        sources.append(extra)
    with sitrep.open(path) as bench:
        report = bench.ingest(sources)
    assert not report.failures, report.failures
    return path


def bench_corpus() -> Any:
    """bench/corpus.py (the seeded corpus generator), loaded as a module for the tests that need reports."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_corpus", module)
    spec.loader.exec_module(module)
    return module
