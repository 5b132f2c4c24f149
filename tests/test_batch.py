"""Backfills: `sitrep batch` on real Dask workers gives the single-process result, and the store
reconciles incidents from its stored events without running the pipeline again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import LocalCluster
from typer.testing import CliRunner

from helpers import bench_corpus
from sitrep.cli import app
from sitrep.present.output import claim_json, incident_json
from sitrep.reconcile.incidents import canonical, reconcile
from sitrep.run.batch import plan_parts, run_batch
from sitrep.run.workbench import Workbench, analyse_paths, bundled_sample
from sitrep.settings import Settings

SETTINGS = Settings.load(db=":memory:")



@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 generated reports in three JSON Lines shards."""
    out = tmp_path_factory.mktemp("corpus")
    bench_corpus().write_corpus(out, 60, seed=5, shard=25)
    return out


@pytest.fixture(scope="module")
def scheduler() -> Any:
    """The address of a running Dask scheduler with two workers."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def single_process(inputs: list[Path]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """What `sitrep extract` and `sitrep incidents` give for the inputs, and the failures."""
    run = analyse_paths(inputs, SETTINGS)
    claims = [claim_json(c) for c in run.claims if not c.unspecified]
    incidents = [incident_json(i) for i in reconcile(run.events, SETTINGS)]
    return claims, incidents, [f.message for f in run.failures]


def written(out: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return tuple(pq.read_table(out / f"{name}.parquet").to_pylist() for name in ("claims", "incidents"))


def same_fields(rows: list[dict[str, Any]], like: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` with only the fields the Parquet rows have."""
    fields = list(like[0]) if like else []
    return [{k: row[k] for k in fields} for row in rows]


def test_dask_run_equals_the_single_process_run(tmp_path: Path, corpus: Path, scheduler: str) -> None:
    inputs = [bundled_sample(), corpus]
    result = run_batch(inputs, tmp_path / "out", SETTINGS, scheduler=scheduler)
    claims, incidents = written(tmp_path / "out")
    want_claims, want_incidents, _ = single_process(inputs)
    assert claims and incidents
    assert claims == same_fields(want_claims, claims)
    assert incidents == same_fields(want_incidents, incidents)
    assert result.parts > 5 and result.documents == 65 and not result.failures
    assert (result.claims, result.incidents) == (len(claims), len(incidents))


def test_a_local_cluster_of_processes_by_default(tmp_path: Path) -> None:
    run_batch([bundled_sample()], tmp_path / "out", SETTINGS, workers=2)
    claims, incidents = written(tmp_path / "out")
    want_claims, want_incidents, _ = single_process([bundled_sample()])
    assert claims == same_fields(want_claims, claims)
    assert incidents == same_fields(want_incidents, incidents)


def test_parts_keep_whole_lines_and_failures_name_the_line(tmp_path: Path, scheduler: str) -> None:
    rows = list(bench_corpus().generate(40, seed=9))
    lines = [json.dumps(r) for r in rows]
    lines.insert(30, '{"id": "broken", "text": ')
    shard = tmp_path / "in" / "part.jsonl"
    shard.parent.mkdir()
    shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts, _ = plan_parts([shard], SETTINGS, workers=2)
    assert len(parts) > 1 and parts[0].start == 0 and parts[-1].end == shard.stat().st_size
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))
    result = run_batch([shard], tmp_path / "out", SETTINGS, scheduler=scheduler)
    _, _, want_failures = single_process([shard])
    assert [f.message for f in result.failures] == want_failures
    assert ":31:" in want_failures[0]
    assert result.documents == 40


def test_parquet_input_gives_what_json_lines_give(tmp_path: Path, corpus: Path, scheduler: str) -> None:
    rows = [json.loads(line) for f in sorted(corpus.glob("*.jsonl")) for line in f.open(encoding="utf-8")]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "corpus.parquet", row_group_size=20)
    result = run_batch([tmp_path / "corpus.parquet"], tmp_path / "out", SETTINGS, scheduler=scheduler)
    assert result.parts == 3
    claims, incidents = written(tmp_path / "out")
    want_claims, want_incidents, _ = single_process([corpus])
    assert claims == same_fields(want_claims, claims)
    assert incidents == same_fields(want_incidents, incidents)


def test_the_command(tmp_path: Path, scheduler: str) -> None:
    done = CliRunner().invoke(app, ["batch", str(bundled_sample()), "--scheduler", scheduler,
                                    "--output", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    claims = written(tmp_path / "out")[0]
    assert claims and claims == same_fields(single_process([bundled_sample()])[0], claims)
    bad = CliRunner().invoke(app, ["batch", str(bundled_sample()), "--engine", "spark", "-o", str(tmp_path)])
    assert bad.exit_code != 0


def test_stored_events_rebuild_the_incidents(tmp_path: Path, corpus: Path) -> None:
    inputs = [bundled_sample(), corpus]
    run = analyse_paths(inputs, SETTINGS)
    with Workbench(Settings.load(db=str(tmp_path / "s.db"))) as bench:
        first = bench.ingest(inputs)
        assert first.added == 65
        assert list(bench.store.events()) == run.events
        copies = bench.store.copies()
        kept = [e for a in run.analyses if a.document.content_hash not in copies for e in a.events]
        assert bench.incidents() == reconcile(kept, SETTINGS)
        assert list(bench.events_in_order()) == sorted(kept, key=canonical)
        assert {e.date_start is None for e in kept} == {True, False}
        assert bench.ingest(inputs).unchanged == 65
    with sqlite3.connect(tmp_path / "s.db") as conn:  # a store written before events were kept
        conn.execute("DELETE FROM document_events")
    with Workbench(Settings.load(db=str(tmp_path / "s.db"))) as bench:
        assert bench.stored_events() == kept
        assert len(list(bench.store.unanalysed())) == 0


def test_ingest_on_several_processes_stores_the_same(tmp_path: Path, corpus: Path) -> None:
    """Claims, incidents, events, and copies (found from signatures the workers make) as on one process."""
    first = json.loads(sorted(corpus.glob("*.jsonl"))[0].read_text(encoding="utf-8").splitlines()[0])
    wire = {**first, "id": "wire-copy", "text": "WIRE: " + first["text"] + " Officials gave no further detail."}
    (tmp_path / "wire.jsonl").write_text(json.dumps(wire) + "\n", encoding="utf-8")
    stored = []
    for workers in (1, 2):
        with Workbench(Settings.load(db=str(tmp_path / f"w{workers}.db"))) as bench:
            bench.ingest([corpus, tmp_path / "wire.jsonl"], workers=workers)
            stored.append((bench.claims(), bench.incidents(), list(bench.store.events()), bench.store.copies()))
    assert stored[0] == stored[1]
    assert stored[0][0] and stored[0][1] and stored[0][3]


def test_the_store_says_how_far_its_incidents_reach(tmp_path: Path) -> None:
    from sitrep.sources.ingest import from_text

    db = tmp_path / "s.db"
    with Workbench(Settings.load(db=str(db))) as bench:
        bench.ingest([bundled_sample()])
        assert bench.store.reconciled_through() == bench.store.last_document_id() > 0
        assert not bench._unreconciled()
    with sqlite3.connect(db) as conn:  # as a store written before it kept how far its incidents reach
        conn.executescript("ALTER TABLE document_events DROP COLUMN keys; DROP TABLE reconciled;"
                           " ALTER TABLE claims DROP COLUMN side_by; PRAGMA user_version = 6;")
    with Workbench(Settings.load(db=str(db))) as bench:
        assert bench.store.reconciled_through() is None
        assert not bench._unreconciled()  # every report looked for in the incidents, once
        assert bench.store.reconciled_through() == bench.store.last_document_id()
        # a report stored and not reconciled, as a run killed between the two leaves it
        bench.store.add_documents([from_text("Two soldiers were killed in Kunar on Monday.", "late.txt", None)])
        assert bench._unreconciled()
        assert bench.ingest([bundled_sample()]).unchanged == 5
        assert bench.store.reconciled_through() == bench.store.last_document_id()
        assert not bench._unreconciled()


def test_records_cross_processes_whole() -> None:
    """Records are pickled as their field values: every record of an analysis, its document (with the
    map of repaired offsets) and the incidents made from it come back equal, field for field."""
    import pickle
    from dataclasses import fields

    run = analyse_paths([bundled_sample()], SETTINGS)
    analysis = run.analyses[0]
    records = [analysis.document, analysis.annotations, *analysis.claims, *analysis.events,
               *reconcile(run.events, SETTINGS)]
    assert any(r.offset_map for r in (a.document for a in run.analyses))
    for record in records + [a.document for a in run.analyses]:
        back = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(back) is type(record) and back == record
        assert all(getattr(back, f.name) == getattr(record, f.name) for f in fields(record))


def test_a_value_past_the_parser_limits_fails_its_line_alone(tmp_path: Path) -> None:
    rows = [json.dumps(r) for r in bench_corpus().generate(4, seed=3)]
    rows.insert(2, '{"id": "huge", "text": "x", "n": ' + "7" * 5000 + "}")
    shard = tmp_path / "in" / "part.jsonl"
    shard.parent.mkdir()
    shard.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_batch([shard], tmp_path / "out", SETTINGS, engine="local")
    assert result.documents == 4
    assert [f.code for f in result.failures] == ["malformed"] and f"{shard}:3" in result.failures[0].message
