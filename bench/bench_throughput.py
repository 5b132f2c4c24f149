#!/usr/bin/env python3
"""Speed and size figures: extract, annotate and ingest throughput, peak memory, store size,
incident resolution as the store grows. Each figure is printed with the corpus size and the
machine's core count; nothing here is a test.

    python bench/bench_throughput.py                 # 10k reports ingested; resolution at 1k, 10k
    python bench/bench_throughput.py --full          # 100k reports ingested; resolution up to 100k
    python bench/bench_throughput.py --only extract  # one part: extract | stages | ingest

The corpus comes from bench/corpus.py (seeded, so every run reads the same reports):

- extract: `sitrep extract` run as a command on 300 short reports (about 400 characters), start-up
  included (the target is 300 reports a second or more);
- stages: annotate and extract (annotate + claims + events) in one process on 300 reports of about
  3 KB, after a warm-up (the target is 100 reports a second per core), and on every core;
- ingest: `Workbench.ingest` of the corpus into a new SQLite file on every core, in a child process
  whose peak memory (ru_maxrss) is read when it ends (targets: 100k reports in 15 minutes or less,
  1 GB or less); then the store's size per 1k reports; then, in another child, the time to reconcile
  the stored events of the first 1k, 10k (and 100k) reports in memory, and to reconcile the whole
  store again as ingest does (`Workbench.reconcile`, streamed; on one process, then with the event
  types shared out among one process a core: political violence and demonstrations, the families
  incidents never cross), with that child's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate, write_corpus  # noqa: E402

CORES = os.cpu_count() or 1


def run_child(args: list[str], stdout: int | None = subprocess.DEVNULL,
              env: dict[str, str] | None = None) -> tuple[float, int, bytes, int]:
    """Run a command: (wall seconds, its peak resident memory in bytes (ru_maxrss), its stdout, and the
    peak of its memory with its children's (`_tree_memory`), sampled every 0.2 s)."""
    start = time.perf_counter()
    out_to = subprocess.PIPE if stdout is None else stdout
    proc = subprocess.Popen(args, stdout=out_to, stderr=subprocess.DEVNULL, env=env)
    box: dict[str, Any] = {"out": b"", "tree": 0}
    done = threading.Event()

    def sample() -> None:  # beside the wait, so the time taken is not rounded to the sampling step
        while not done.wait(0.2):
            box["tree"] = max(box["tree"], _tree_memory(proc.pid))

    reader = threading.Thread(target=lambda: box.update(out=proc.stdout.read() if proc.stdout else b""))
    sampler = threading.Thread(target=sample)
    reader.start()
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)  # reaps the child: no proc.poll() here
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    reader.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{args[:4]} failed with status {status}")
    return elapsed, usage.ru_maxrss * 1024, box["out"], box["tree"]


def _tree_memory(pid: int) -> int:
    """The memory of a process and its children: the sum of their proportional set sizes (each page
    shared by several processes, as a forked child shares its parent's, counted once in all), or of
    their resident sizes where the system gives no PSS."""
    import psutil

    try:
        root = psutil.Process(pid)
        return sum(_own_memory(p) for p in [root, *root.children(recursive=True)])
    except psutil.Error:
        return 0


def _own_memory(process: Any) -> int:
    try:
        return int(process.memory_full_info().pss)
    except (AttributeError, OSError):
        return int(process.memory_info().rss)


def bench_extract(tmp: Path) -> None:
    """`sitrep extract` on 300 short reports: once on a machine's first start (the gazetteer's SQLite
    file is made in an empty cache folder), then the median of three ordinary starts."""
    import compileall

    import sitrep

    # Bytecode as `pip install` leaves it (an editable install under PYTHONDONTWRITEBYTECODE has none).
    compileall.compile_dir(str(Path(sitrep.__file__).parent), quiet=1)
    files = write_corpus(tmp / "short", 300, seed=11, chars=400)
    mean = _mean_chars(files)
    command = [sys.executable, "-m", "sitrep.cli", "extract", str(files[0]), "--format", "jsonl"]
    first, _, _, _ = run_child(command, env={**os.environ, "SITREP_CACHE_DIR": str(tmp / "cache")})
    runs = sorted(run_child(command)[:2] for _ in range(3))
    elapsed, rss = runs[1]
    print(f"extract (command, start-up included): {300 / elapsed:.0f} reports/s"
          f" · 300 reports of mean {mean:.0f}"
          f" characters in {elapsed:.2f} s (median of 3; {first:.2f} s on a first start, gazetteer file"
          f" made) · peak memory {rss / 1e6:.0f} MB · cores {CORES}")


def bench_stages(n: int = 300) -> None:
    from sitrep.run.batch import analyse_parallel
    from sitrep.run.pipeline import analyse, annotate
    from sitrep.settings import Settings
    from sitrep.sources.ingest import from_article

    settings = Settings.load(db=":memory:")
    docs = [from_article(a, settings) for a in generate(n, seed=13, chars=3000)]
    mean = sum(len(d.text) for d in docs) / len(docs)
    analyse(docs[0], settings)  # warm-up: data files and matchers
    for label, stage in (("annotate", annotate), ("extract", analyse)):
        start = time.perf_counter()
        for d in docs:
            stage(d, settings)
        rate = len(docs) / (time.perf_counter() - start)
        print(f"{label} (one process): {rate:.0f} reports/s per core"
              f" · {n} reports of mean {mean:.0f} characters"
              f" · cores {CORES}")
    start = time.perf_counter()
    done = sum(1 for _ in analyse_parallel(docs, settings, CORES))
    rate = done / (time.perf_counter() - start)
    print(f"extract ({CORES} processes, start-up included): {rate:.0f} reports/s, {rate / CORES:.0f} per core"
          f" · {n} reports of mean {mean:.0f} characters · cores {CORES}")


def bench_ingest(tmp: Path, n: int, sizes: list[int], chars: int = 0) -> None:
    corpus = tmp / f"corpus-{n}"
    files = write_corpus(corpus, n, seed=17, chars=chars or 0)
    mean = _mean_chars(files)
    db = tmp / "bench.db"
    args = [sys.executable, str(Path(__file__)), "--child-ingest", str(db), str(corpus)]
    elapsed, rss, out, tree = run_child(args, stdout=None)
    child = json.loads(out.decode().strip().splitlines()[-1])
    size = sum(p.stat().st_size for p in tmp.glob("bench.db*"))
    with sqlite3.connect(db) as conn:
        child["claims"], child["incidents"] = conn.execute(
            "SELECT (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM incidents)").fetchone()
    print(f"ingest ({CORES} processes, one writer): {n / elapsed:.0f} reports/s"
          f" · {n} reports of mean {mean:.0f}"
          f" characters in {elapsed / 60:.1f} min (reconciling {child['reconcile_s']:.1f} s of it)"
          f" · peak memory {rss / 1e6:.0f} MB (ru_maxrss of the writer; {tree / 1e6:.0f} MB with its workers, PSS)"
          f" · cores {CORES}")
    print(f"store size: {size / n * 1000 / 1e6:.2f} MB per 1k reports ({size / 1e6:.0f} MB for {n} reports,"
          f" {child['claims']} claims, {child['incidents']} incidents)")
    args = [sys.executable, str(Path(__file__)), "--child-resolve", str(db), "--sizes", ",".join(map(str, sizes))]
    elapsed, rss, out, _ = run_child(args, stdout=None)
    child = json.loads(out.decode().strip().splitlines()[-1])
    for k, seconds, incidents in child["resolution"]:
        print(f"incident resolution: {seconds:.2f} s for the stored events of {k} reports"
              f" ({incidents} incidents,"
              f" {seconds / k * 1e6:.0f} µs a report) · cores {CORES}")
    for processes, seconds in child["whole"]:
        print(f"reconciling the whole store again (Workbench.reconcile, {processes} process(es)): {seconds:.1f} s"
              f" · cores {CORES}")
    print(f"peak memory of the resolution timings: {rss / 1e6:.0f} MB (they hold the events of up to"
          f" {max(sizes)} reports in memory)")


def child_ingest(db: str, corpus: str) -> None:
    """In the child: ingest on every core, timing the reconciliation that ends it."""
    from sitrep.run.workbench import Workbench
    from sitrep.settings import Settings

    settings = Settings.load(db=db)
    with Workbench(settings) as bench:
        reconcile, spent = bench.reconcile, [0.0]

        def timed(*args: Any, **kwargs: Any) -> None:
            start = time.perf_counter()
            reconcile(*args, **kwargs)
            spent[0] += time.perf_counter() - start

        bench.reconcile = timed  # type: ignore[method-assign]
        bench.ingest([corpus], workers=CORES)
    print(json.dumps({"reconcile_s": spent[0]}))


def child_resolve(db: str, sizes: list[int]) -> None:
    """In another child: reconciliation over growing prefixes of the stored events, in memory, then
    the whole store again as ingest does it (streamed)."""
    from sitrep.reconcile.incidents import reconcile
    from sitrep.run.workbench import Workbench
    from sitrep.settings import Settings

    settings = Settings.load(db=db)
    with Workbench(settings) as bench:
        resolution = []
        for k in sizes:
            docs = {f"gen-17-{i:07d}" for i in range(k)}
            part = [e for e in bench.store.events(skip=bench.store.copies()) if e.doc in docs]
            start = time.perf_counter()
            found = reconcile(part, settings)
            resolution.append((k, time.perf_counter() - start, len(found)))
            del part, found
        whole = []
        for processes in sorted({1, CORES}):
            start = time.perf_counter()
            bench.reconcile(workers=processes)
            whole.append((processes, time.perf_counter() - start))
        figures = {"resolution": resolution, "whole": whole}
    print(json.dumps(figures))


def _mean_chars(files: list[Path]) -> float:
    rows = [json.loads(line) for f in files for line in f.open(encoding="utf-8")]
    return sum(len(r["text"]) for r in rows) / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="ingest 100k reports (about 15 minutes)")
    parser.add_argument("--reports", type=int, help="reports to ingest (default 10000; 100000 with --full)")
    parser.add_argument("--only", choices=("extract", "stages", "ingest"), help="run one part")
    parser.add_argument("--chars", type=int, help="length of an ingested report (default: the generator's mix)")
    parser.add_argument("--child-ingest", nargs=2, metavar=("DB", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--child-resolve", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_ingest:
        child_ingest(*args.child_ingest)
        return
    if args.child_resolve:
        child_resolve(args.child_resolve, [int(s) for s in args.sizes.split(",") if s])
        return
    n = args.reports or (100_000 if args.full else 10_000)
    sizes = [k for k in (1_000, 10_000, 100_000) if k <= n]
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        if args.only in (None, "extract"):
            bench_extract(Path(tmp))
        if args.only in (None, "stages"):
            bench_stages()
        if args.only in (None, "ingest"):
            bench_ingest(Path(tmp), n, sizes, args.chars or 0)


if __name__ == "__main__":
    main()
