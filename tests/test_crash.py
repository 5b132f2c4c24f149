"""Crash safety: `sitrep ingest` killed at random moments, then run again, leaves exactly the store
of an uninterrupted run; `sitrep watch` and `sitrep serve` share one store without errors.

Everything is real: the CLI in subprocesses, SIGKILL, SQLite files, a feed served by `newsroom` on
127.0.0.1 and the dashboard served by `sitrep serve`.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpers import bench_corpus
from newsroom import serve as newsroom
from sitrep.store.sqlite import Store

pytestmark = pytest.mark.slow  # real processes started, killed and started again

ROOT = Path(__file__).resolve().parents[1]
KILLS = 5
REPORTS = 100
WALL_CLOCK_COLUMNS = {"first_seen", "last_fetch", "last_ok"}
"""Columns that record when something happened, which two runs never share."""
CONTENT_TABLES = ("documents", "claims", "document_events", "copies", "incidents", "failures")



def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(),
    )


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every content table's rows in primary-key order, without the wall-clock columns."""
    conn = sqlite3.connect(db)
    try:
        found = {}
        for table in CONTENT_TABLES:
            info = conn.execute("SELECT name, pk FROM pragma_table_info(?)", (table,)).fetchall()
            columns = [name for name, _ in info if name not in WALL_CLOCK_COLUMNS]
            keys = [name for name, pk in sorted(info, key=lambda row: row[1]) if pk] or columns
            sql = 'SELECT {} FROM "{}" ORDER BY {}'.format(  # names from the schema, not from input
                ", ".join(f'"{c}"' for c in columns), table, ", ".join(f'"{k}"' for k in keys))
            found[table] = conn.execute(sql).fetchall()
        return found
    finally:
        conn.close()


def integrity(db: Path) -> list[str]:
    """SQLite's own checks of the file and of the full-text index ("ok" when sound)."""
    conn = sqlite3.connect(db)
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        return rows
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few seconds of ingest: generated reports, with copies among them, in one JSON Lines file."""
    folder = tmp_path_factory.mktemp("corpus")
    (path,) = bench_corpus().write_corpus(folder, REPORTS, seed=11, shard=REPORTS)
    return path


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The store of one uninterrupted run, and how long that run took. A first run beforehand makes
    the byte code and caches every later run finds, so the time is that of the runs to be killed."""
    folder = tmp_path_factory.mktemp("reference")
    warm = _ingest(corpus, folder / "warm-up.db")
    _, stderr = warm.communicate(timeout=600)
    assert warm.returncode == 0, stderr.decode()
    db = folder / "reference.db"
    start = time.monotonic()
    run = _ingest(corpus, db)
    _, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr.decode()
    return db, time.monotonic() - start


def test_ingest_killed_at_random_moments_ends_as_one_uninterrupted_run(
    corpus: Path, reference: tuple[Path, float], tmp_path: Path
) -> None:
    ref_db, _took = reference
    expected = dump(ref_db)
    assert expected["documents"] and expected["claims"] and expected["incidents"] and expected["copies"]
    db = tmp_path / "crashed.db"
    first = _ingest(corpus, db)  # the riskiest moment: just after the first reports are committed
    _kill_after_first_commit(first, db)
    rng = random.Random(20251012)
    killed = 0
    total = len(expected["documents"])
    for k in range(KILLS):  # one moment in each fifth of the reports, from start-up to the last writes
        run = _ingest(corpus, db)
        killed += _kill_at(run, db, int(total * (k + rng.random()) / KILLS))
        run.wait(timeout=60)
    assert killed >= 3, "the ingest ended before most kill points; use a larger corpus"
    final = _ingest(corpus, db)
    _, stderr = final.communicate(timeout=600)
    assert final.returncode == 0, stderr.decode()
    assert integrity(db) == ["ok"]
    got = dump(db)
    for table in CONTENT_TABLES:
        assert got[table] == expected[table], f"{table} differs from the uninterrupted run's"


def _kill_at(run: subprocess.Popen[bytes], db: Path, documents: int) -> bool:
    """SIGKILL `run` once a reader sees `documents` reports in its store (or at once for 0): a moment
    set by the run's progress, not by the clock, which a busy machine stretches. False if it ended first."""
    while run.poll() is None and documents:
        if _stored(db) >= documents:
            break
        time.sleep(0.005)
    if run.poll() is not None:
        return False
    run.send_signal(signal.SIGKILL)
    return True


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # no store file, or no schema yet
        return 0


def _kill_after_first_commit(run: subprocess.Popen[bytes], db: Path) -> None:
    """SIGKILL `run` as soon as a reader sees reports in its store (polled every few milliseconds)."""
    deadline = time.monotonic() + 300
    while run.poll() is None and time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                if conn.execute("SELECT count(*) FROM documents").fetchone()[0]:
                    break
        except sqlite3.OperationalError:  # no store file, or no schema yet
            pass
        time.sleep(0.005)
    assert run.poll() is None, "the ingest ended before it could be killed after its first commit"
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)


@pytest.mark.parametrize("before", [
    "DELETE FROM reconciled",  # a first run: no incidents were ever reconciled
    "UPDATE reconciled SET through_document = through_document / 2",  # an earlier run reconciled half
])
def test_a_store_killed_between_writing_and_reconciling_is_reconciled_by_the_next_run(
    corpus: Path, reference: tuple[Path, float], tmp_path: Path, before: str
) -> None:
    """The last moment of a run, made certain: reports stored, incidents not yet reconciled."""
    ref_db = reference[0]
    db = tmp_path / "unreconciled.db"
    shutil.copy(ref_db, db)  # the reference run ended, so its file holds everything (WAL checkpointed)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM incidents")
        conn.execute(before)
    rerun = _ingest(corpus, db)
    _, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr.decode()
    assert dump(db)["incidents"] == dump(ref_db)["incidents"]


# --------------------------------------------------------------------------- watch and serve together


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def dashboard(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """`sitrep serve` on a fresh store, in its own process; yields its URL, the store and the process."""
    db = tmp_path / "shared.db"
    Store(db).close()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
        try:
            httpx.get(base + "/api/incidents", timeout=2)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline, "sitrep serve did not start"
            time.sleep(0.2)
    try:
        yield base, db, server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def test_watch_and_serve_share_one_store(dashboard: tuple[str, Path, subprocess.Popen[bytes]]) -> None:
    base, db, server = dashboard
    http, room = newsroom()
    watcher = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "watch", room.url("/feed.xml"), "--every", "1s", "--db", str(db),
         "--allow-private"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
    )
    answers: list[int] = []
    stored: list[dict[str, Any]] = []
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            start = time.monotonic()  # a few seconds at least, until the watcher has stored the feeds
            while watcher.poll() is None and time.monotonic() - start < 90:
                for path in ("/api/incidents", "/", "/api/reports", "/api/claims", "/map"):
                    answers.append(client.get(path).status_code)
                for found in client.get("/api/incidents").json()[:3]:
                    answers.append(client.get(f"/incidents/{found['id']}").status_code)
                    answers.append(client.get(f"/api/incidents/{found['id']}").status_code)
                stored = client.get("/api/reports").json()
                if len(stored) >= 5 and time.monotonic() - start > 6:
                    break
    finally:
        watcher.send_signal(signal.SIGINT)
        out, err = watcher.communicate(timeout=30)
        http.shutdown()
    log = err.decode() + out.decode()
    assert server.poll() is None, "sitrep serve stopped"
    assert "locked" not in log.lower() and "Traceback" not in log, log
    assert set(answers) == {200}, answers
    assert len(stored) >= 5, log
    server.send_signal(signal.SIGTERM)
    _, server_err = server.communicate(timeout=20)
    server_log = server_err.decode()
    assert "locked" not in server_log.lower() and "Traceback" not in server_log, server_log


# --------------------------------------------------------------------------- a feed ingest killed while fetching


def _ingest_feed(url: str, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "ingest", url, "--db", str(db), "--allow-private"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(),
    )


def _item_pages_served(room: Any) -> int:
    return sum(n for path, n in dict(room.hits).items() if path.startswith("/world/"))


def test_a_feed_ingest_killed_while_fetching_stores_every_item_once_when_run_again(tmp_path: Path) -> None:
    """The items come a second apart (the delay between two requests to one host): the run is killed
    after the third is served, then run again; the store is that of an uninterrupted run, every item
    recorded as fetched once, with its report."""
    http, room = newsroom()
    try:
        feed = room.url("/feed.xml")
        reference = tmp_path / "reference.db"
        clean = _ingest_feed(feed, reference)
        _, stderr = clean.communicate(timeout=300)
        assert clean.returncode == 0, stderr.decode()
        served = _item_pages_served(room)
        db = tmp_path / "killed.db"
        run = _ingest_feed(feed, db)
        deadline = time.monotonic() + 120
        while _item_pages_served(room) < served + 3 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert run.poll() is None, "the ingest ended before it could be killed while fetching"
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        again = _ingest_feed(feed, db)
        _, stderr = again.communicate(timeout=300)
        assert again.returncode == 0, stderr.decode()
    finally:
        http.shutdown()
    assert integrity(db) == ["ok"]
    expected, got = dump(reference), dump(db)
    assert len(expected["documents"]) == 5
    for table in CONTENT_TABLES:
        assert got[table] == expected[table], f"{table} differs from the uninterrupted run's"
    with sqlite3.connect(db) as conn:
        pages = conn.execute("SELECT status, document FROM pages").fetchall()
        stored = {row[0] for row in conn.execute("SELECT content_hash FROM documents")}
    assert len(pages) == 5 and all(status == "ok" and document in stored for status, document in pages)
