"""The store contract: an SQLite file and a PostgreSQL database behave alike.

Every contract test runs on both backends (`open_store` picks one from the `--db` value); the
PostgreSQL runs use a real server (see `postgres_server` in conftest.py) and are skipped only when
no PostgreSQL binaries are installed. The pipeline's own output over the bundled sample reports
is what gets stored, so the records that round-trip are real ones.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from helpers import bench_corpus
from sitrep.cli import app
from sitrep.errors import StoreError
from sitrep.reconcile.incidents import newest_first, reconcile
from sitrep.records import Incident
from sitrep.run.pipeline import Run
from sitrep.run.reconciling import reading_order, shares
from sitrep.run.workbench import Workbench, analyse_paths, bundled_sample
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text
from sitrep.store.opening import AnyStore, is_postgres_url, is_store, open_store
from sitrep.store.postgres import PostgresStore, pg_migrations
from sitrep.store.sqlite import Store, latest_version, migrations
from sitrep.web import create_app

ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The `--db` value of a new store on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("postgres_db"))


@pytest.fixture
def store(db: str) -> Iterator[AnyStore]:
    with open_store(db) as opened:
        yield opened


@pytest.fixture(scope="module")
def sample() -> Run:
    """The pipeline over the bundled sample reports."""
    run = analyse_paths([bundled_sample()], Settings.load())
    assert run.analyses and not run.failures
    return run


@pytest.fixture(scope="module")
def sample_incidents(sample: Run) -> list[Incident]:
    found = reconcile(sample.events, Settings.load())
    assert found
    return found


def news(name: str, text: str):
    return from_text(text, name, None)


# --------------------------------------------------------------------------- choosing a backend


def test_open_store_picks_the_backend_from_the_db_value(tmp_path: Path) -> None:
    assert is_postgres_url("postgresql://sitrep@db.example.org/sitrep")
    assert is_postgres_url("POSTGRES://localhost/sitrep")
    assert not is_postgres_url(str(tmp_path / "postgresql.db"))
    assert not is_postgres_url(":memory:")
    with open_store(str(tmp_path / "s.db")) as opened:
        assert isinstance(opened, Store) and is_store(opened)
    assert not is_store(lambda: None)


def test_both_backends_have_the_same_numbered_schema_steps() -> None:
    assert [(m.version, m.name) for m in pg_migrations()] == [(m.version, m.name) for m in migrations()]
    assert len(pg_migrations()) == latest_version()


def test_an_unreachable_server_says_what_to_do_and_hides_the_password() -> None:
    with pytest.raises(StoreError, match="cannot open the store") as caught:
        open_store("postgresql://sitrep:s3cret-word@127.0.0.1:1/sitrep", timeout=2)
    assert "s3cret-word" not in str(caught.value)
    assert "is the server running" in str(caught.value)


# --------------------------------------------------------------------------- the contract, on both backends


def test_migrations_run_once_and_give_the_latest_schema(db: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO), open_store(db) as first:
        assert first.schema_version == latest_version()
    applied = [r for r in caplog.records if r.getMessage().startswith("applied schema migration")]
    assert len(applied) == latest_version()
    caplog.clear()
    with caplog.at_level(logging.INFO), open_store(db) as again:
        assert again.schema_version == latest_version()
    assert not [r for r in caplog.records if r.getMessage().startswith("applied schema migration")]


def test_adding_the_same_documents_twice_changes_nothing(store: AnyStore, sample: Run) -> None:
    docs = [a.document for a in sample.analyses]
    assert store.add_documents(docs) == (len(docs), 0)
    assert store.add_documents(docs) == (0, len(docs))
    assert store.add_document(docs[0]) is False
    assert store.add_documents([docs[0], docs[0]]) == (0, 2)
    assert store.count_documents() == len(docs)
    assert list(store.documents()) == docs
    assert store.document(docs[-1].content_hash) == docs[-1]
    assert store.document("no-such-hash") is None


def test_analysed_reports_keep_their_claims_and_events(store: AnyStore, sample: Run) -> None:
    items = [(a.document, a.claims, a.events) for a in sample.analyses]
    first, second = (a.document.content_hash for a in sample.analyses[:2])
    assert store.add_analysed(items, {second: (first, 0.75)}) == [True] * len(items)
    assert store.add_analysed(items, {first: (second, 0.5)}) == [False] * len(items)
    twice = news("twice", "Clashes in Afgooye\n\nA report sent twice in one batch.")
    assert store.add_analysed([(twice, (), ()), (twice, (), ())]) == [True, False]
    assert store.copies() == {second: (first, 0.75)}
    assert store.claims() == sample.claims
    first = sample.analyses[0]
    assert store.claims(first.document.content_hash) == list(first.claims)
    assert list(store.events()) == sample.events
    assert list(store.events(skip={first.document.content_hash})) == sample.events[len(first.events):]
    assert list(store.unanalysed()) == []
    assert store.document(twice.content_hash) == twice
    store.replace_events(first.document.content_hash, ())
    assert list(store.events()) == sample.events[len(first.events):]


def test_stored_events_share_their_equal_strings(store: AnyStore, sample: Run) -> None:
    """Read back, the claims of a report hold one object per distinct text (its name, a sentence
    several claims quote), so a large store's events fit in less memory."""
    store.add_analysed([(a.document, a.claims, a.events) for a in sample.analyses])
    events = list(store.events())
    assert events == sample.events
    claims = [c for e in events for c in e.claims]
    assert len({id(c.doc) for c in claims}) == len({c.doc for c in claims}) < len(claims)
    sentences = [c.sentence.text for e in events[:1] for c in e.claims]
    assert len({id(t) for t in sentences}) == len(set(sentences))


def test_reports_and_their_claims_are_read_by_name(store: AnyStore, sample: Run) -> None:
    store.add_analysed([(a.document, a.claims, a.events) for a in sample.analyses])
    docs = [a.document for a in sample.analyses]
    names = [docs[2].name, docs[0].name, "no-such-report", docs[0].name] + [f"other-{n}" for n in range(600)]
    assert store.documents_named(names) == [docs[0], docs[2]]  # each once, in the order stored
    wanted = {docs[0].name, docs[2].name}
    assert store.claims_of_reports(names) == [c for c in sample.claims if c.doc in wanted]
    assert store.documents_named([]) == [] and store.claims_of_reports([]) == []


def test_report_times_are_read_by_name_or_all_at_once(store: AnyStore, sample: Run) -> None:
    docs = [replace(a.document, published=date(2025, 10, 11 + n)) if n % 2 else a.document
            for n, a in enumerate(sample.analyses)]
    store.add_documents(docs)
    every = store.report_times()
    assert set(every) == {d.name for d in docs}
    for d in docs:
        published, ingested = every[d.name]
        assert published == (d.published.isoformat() if d.published else None)
        assert ingested[:4].isdigit() and "T" in ingested  # an ISO time
    names = [docs[1].name, "no-such-report"] + [f"other-{n}" for n in range(600)]
    assert store.report_times(names) == {docs[1].name: every[docs[1].name]}


def test_a_store_of_the_previous_schema_gains_the_lookup_indexes(tmp_path: Path, sample: Run) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.add_analysed([(a.document, a.claims, a.events) for a in sample.analyses])
    with sqlite3.connect(path) as conn:  # as the release before migration 0006 left it
        conn.executescript("ALTER TABLE document_events DROP COLUMN keys; DROP TABLE reconciled;"
                           " ALTER TABLE claims DROP COLUMN side_by;"
                           " DROP INDEX documents_name; DROP INDEX claims_doc; DROP INDEX documents_times;"
                           " PRAGMA user_version = 5;")
    with Store(path) as store:
        assert store.schema_version == latest_version()
        # claims stored before 0009 do not say which rule decided their side
        assert store.claims_of_reports([sample.analyses[0].document.name]) == [
            replace(c, side_by=None) for c in sample.analyses[0].claims]
        plan = store._connection().execute(
            "EXPLAIN QUERY PLAN SELECT * FROM claims WHERE doc = 'x'").fetchall()
        assert "claims_doc" in str(plan)


def test_event_keys_come_from_the_kept_keys_or_else_from_the_events(tmp_path: Path, sample: Run) -> None:
    """Rows written before 0008 have no keys beside their events: the keys read from the events are
    the same, and they order the events as `incidents.canonical` does."""
    path = tmp_path / "keys.db"
    with Store(path) as store:
        store.add_analysed([(a.document, a.claims, a.events) for a in sample.analyses])
        kept = list(store.event_keys())
        store._connection().execute("UPDATE document_events SET keys = NULL")
        assert list(store.event_keys()) == kept
    events = [e for a in sample.analyses for e in a.events]
    assert Counter(k for _, keys in kept for k in keys) == Counter(
        (e.date_start, e.doc, e.evidence.start, e.sub_event_type, e.event_type) for e in events)


def test_claims_and_incidents_round_trip_equal(
    store: AnyStore, sample: Run, sample_incidents: list[Incident]
) -> None:
    store.add_documents(a.document for a in sample.analyses)
    for a in sample.analyses:
        assert store.replace_claims(a.document.content_hash, a.claims) is True
        assert store.replace_claims(a.document.content_hash, a.claims) is False
    assert store.claims() == sample.claims
    assert store.replace_incidents(sample_incidents) is True
    assert store.replace_incidents(sample_incidents) is False
    assert store.incidents() == sample_incidents
    assert store.replace_incidents(sample_incidents[:1]) is True
    assert store.incidents() == sample_incidents[:1]
    with pytest.raises(StoreError, match="add the document before its claims"):
        store.replace_claims("no-such-hash", sample.claims[:1])
    assert store.claims() == sample.claims


def test_claims_and_documents_are_read_a_page_at_a_time(store: AnyStore, sample: Run) -> None:
    store.add_documents(a.document for a in sample.analyses)
    for a in sample.analyses:
        store.replace_claims(a.document.content_hash, a.claims)
    every, docs = store.claims(), list(store.documents())
    assert store.claims_page(3, 2) == every[2:5]
    kind = every[-1].kind
    assert store.claims_page(2, 1, kind=kind) == [c for c in every if c.kind == kind][1:3]
    assert store.documents_page(2, 1) == docs[1:3]
    assert list(store.documents(last=2)) == docs[-2:] and list(store.documents(last=99)) == docs
    names = [d.name for d in docs]
    assert store.claim_counts(names[:2]) == {n: k for n, k in Counter(c.doc for c in every).items() if n in names[:2]}


def test_incidents_stream_in_any_order_and_are_listed_newest_first(
    store: AnyStore, sample_incidents: list[Incident]
) -> None:
    assert len({i.date_start for i in sample_incidents}) > 1
    assert store.replace_incidents(i for i in reversed(sample_incidents)) is True
    assert store.incidents() == sample_incidents
    assert store.replace_incidents(iter(sample_incidents[::2] + sample_incidents[1::2])) is False
    undated = replace(sample_incidents[0], id="inc-undated", date_start=None, date_end=None)
    assert store.replace_incidents(iter([undated, *sample_incidents])) is True
    listed = store.incidents()
    assert listed == sorted([undated, *sample_incidents], key=newest_first, reverse=True)
    assert all(i.date_start is None for i in listed[listed.index(undated):])
    assert store.replace_incidents(iter(())) is True
    assert store.incidents() == []


def test_a_failed_write_batch_writes_nothing(store: AnyStore, sample: Run) -> None:
    items = [(a.document, a.claims, a.events) for a in sample.analyses]
    broken = (replace(sample.analyses[0].document, name="no-hash", content_hash=""), (), ())
    with pytest.raises(StoreError, match="no content_hash"):
        store.add_analysed([*items, broken])
    assert store.count_documents() == 0
    assert store.claims() == [] and list(store.events()) == []


def test_search_needs_every_word_and_ignores_case_and_accents(store: AnyStore) -> None:
    shelling = news("shelling", "Shelling in Kābul\n\nThree civilians were killed when shells hit a market.")
    strike = news("strike", "Air strike near Herat\n\nAn air strike killed two fighters on the road.")
    talks = news("talks", "Talks resume in Doha\n\nDelegates from Herat met to discuss a ceasefire there.")
    store.add_documents([shelling, strike, talks])
    hashes = {d.name: d.content_hash for d in (shelling, strike, talks)}

    def found(query: str, **kw: bool) -> set[str]:
        names = {h: n for n, h in hashes.items()}
        return {names[h] for h in store.search(query, **kw)}

    assert found("killed") == {"shelling", "strike"}
    assert found("KILLED civilians") == {"shelling"}
    assert found("kabul") == found("KĀBUL") == {"shelling"}
    assert found("cease*") == {"talks"}
    assert found("strik* air") == {"strike"}
    assert found("ceasefire OR killed") == set()  # no operators: "or" must occur too
    assert found('"air strike" OR ceasefire', raw=True) == {"strike", "talks"}
    assert found('air-strike "near ( NOT *') == set()  # never a syntax error
    assert store.search("herat")[0] == hashes["strike"]  # a title hit ranks first
    assert len(store.search("killed", limit=1)) == 1
    assert store.search("") == [] and store.search("killed", limit=0) == []


def test_failures_are_recorded_once(store: AnyStore) -> None:
    long_message = "the page could not be read: " + "x" * 20_000
    assert store.record_failure("a.txt", "ingest", "empty", "the input is empty") is True
    assert store.record_failure("a.txt", "ingest", "empty", "the input is empty") is False
    assert store.record_failure("b.html", "fetch", "fetch", long_message) is True
    assert store.record_failure("b.html", "fetch", "fetch", long_message) is False
    rows = store.failures()
    assert [(r["source"], r["code"], r["message"]) for r in rows] == [
        ("a.txt", "empty", "the input is empty"), ("b.html", "fetch", long_message)
    ]
    assert all(ISO_TIME.match(r["first_seen"]) for r in rows)


def test_web_sources_pages_and_copies(store: AnyStore) -> None:
    original = news("original", "Clashes in Afgooye\n\nSeven soldiers were killed, the army said.")
    copy = news("copy", "WIRE: Clashes in Afgooye\n\nSeven soldiers were killed, the army said.")
    store.add_documents([original, copy])
    store.record_source("https://example.org/b.xml", "feed")
    store.record_source("https://example.org/a.xml", "feed", status="ok", items=3, last_fetch="2025-01-01")
    store.record_source("https://example.org/b.xml", "feed", status="error", reason="timed out")
    assert [s["url"] for s in store.sources()] == ["https://example.org/b.xml", "https://example.org/a.xml"]
    assert store.source("https://example.org/b.xml") == {
        "url": "https://example.org/b.xml", "kind": "feed", "status": "error", "reason": "timed out",
        "items": 0, "added": 0, "failed": 0, "etag": None, "last_modified": None, "last_fetch": None,
        "last_ok": None,
    }
    assert store.source("https://example.org/none.xml") is None
    with pytest.raises(StoreError, match="no column"):
        store.record_source("https://example.org/a.xml", "feed", colour="red")
    store.record_page("https://example.org/1", "https://example.org/a.xml", status="ok",
                      document=original.content_hash, last_fetch="2025-01-01T00:00:00Z")
    store.record_page("https://example.org/2", "https://example.org/b.xml", status="error", last_fetch="x")
    assert [p["url"] for p in store.pages()] == ["https://example.org/1", "https://example.org/2"]
    assert [p["document"] for p in store.pages("https://example.org/a.xml")] == [original.content_hash]
    assert store.link_copy(copy.content_hash, original.content_hash, 0.9) is True
    assert store.link_copy(copy.content_hash, original.content_hash, 0.9) is False
    assert store.copies() == {copy.content_hash: (original.content_hash, 0.9)}


def test_the_data_version_changes_when_another_connection_writes(db: str) -> None:
    with open_store(db) as reader, open_store(db) as writer:
        before = reader.data_version()
        assert reader.count_documents() == 0 and reader.incidents() == []
        assert reader.data_version() == before  # reading changes nothing
        writer.add_document(news("one", "Clashes in Afgooye\n\nSeven soldiers were killed."))
        assert reader.data_version() != before


def test_a_closed_store_refuses_work(db: str) -> None:
    opened = open_store(db)
    opened.close()
    opened.close()
    with pytest.raises(StoreError, match="closed"):
        opened.count_documents()


# --------------------------------------------------------------------------- PostgreSQL only


def test_postgres_refuses_a_database_of_another_application(postgres_db: str) -> None:
    with psycopg.connect(postgres_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE orders (id integer PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a sitrep store"):
        open_store(postgres_db)


def test_postgres_store_in_a_schema_of_its_own(postgres_db: str) -> None:
    with psycopg.connect(postgres_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE orders (id integer PRIMARY KEY)")
        conn.execute("CREATE SCHEMA sitrep")
    with open_store(postgres_db + "?options=-csearch_path%3Dsitrep") as opened:
        assert opened.schema_version == latest_version()
        assert opened.add_document(news("one", "Clashes in Afgooye\n\nSeven soldiers were killed."))
    with psycopg.connect(postgres_db, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM sitrep.documents").fetchone()
    assert row is not None and row[0] == 1


def test_postgres_refuses_a_schema_newer_than_this_sitrep(postgres_db: str) -> None:
    open_store(postgres_db).close()
    with psycopg.connect(postgres_db, autocommit=True) as conn:
        conn.execute("UPDATE sitrep_schema SET version = version + 1")
    with pytest.raises(StoreError, match="newer than this sitrep supports"):
        open_store(postgres_db)


def test_postgres_store_connects_again_after_losing_its_connection(postgres_db: str) -> None:
    with open_store(postgres_db) as opened:
        with psycopg.connect(postgres_db, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                          " WHERE datname = current_database() AND pid <> pg_backend_pid()")
        with pytest.raises(StoreError, match="could not count documents"):
            opened.count_documents()
        assert opened.count_documents() == 0


def test_postgres_writers_take_turns(postgres_db: str, sample: Run, sample_incidents: list[Incident]) -> None:
    items = [(a.document, a.claims, a.events) for a in sample.analyses]
    stores = [PostgresStore(postgres_db) for _ in range(3)]

    def write(one: PostgresStore) -> list[bool]:
        one.replace_incidents(sample_incidents)
        return one.add_analysed(items)

    try:
        with ThreadPoolExecutor(len(stores)) as pool:
            flags = list(pool.map(write, stores))
        assert [sum(column) for column in zip(*flags, strict=True)] == [1] * len(items)  # each added once
        assert stores[0].claims() == sample.claims
        assert stores[1].incidents() == sample_incidents
    finally:
        for one in stores:
            one.close()


def test_the_web_app_reads_a_postgres_store(postgres_db: str, sample: Run, sample_incidents) -> None:
    with open_store(postgres_db) as filled:
        filled.add_analysed([(a.document, a.claims, a.events) for a in sample.analyses])
        filled.replace_incidents(sample_incidents)
    with TestClient(create_app(Settings.load(db=postgres_db))) as client:
        listed = client.get("/api/incidents").json()
        assert sorted(row["id"] for row in listed) == sorted(i.id for i in sample_incidents)
        assert len(client.get("/api/reports").json()) == len(sample.analyses)


def test_ingest_on_two_processes_reconciles_as_one(db: str, tmp_path: Path) -> None:
    """Two workers: the reports are analysed on two processes, and the families of event types
    (political violence, demonstrations) shared out among two reconciling processes, each with its own
    connection to the store; the incidents are those of reconciling every stored event at once."""
    bench_corpus().write_corpus(tmp_path / "corpus", 60, seed=9)
    protests = [{"id": "protest-1", "published": "2024-06-11", "text": "Thousands of people protested in "
                 "Lahore on Tuesday against fuel prices; police detained 12 protesters."}]
    (tmp_path / "corpus" / "protests.jsonl").write_text("".join(json.dumps(a) + "\n" for a in protests))
    settings = Settings.load(db=db)
    with Workbench(settings) as bench:
        bench.ingest([tmp_path / "corpus"], workers=2)
        assert len(shares(reading_order(bench.store), 2)) == 2
        assert bench.incidents() == reconcile(bench.stored_events(), settings)
        assert bench.store.reconciled_through() == bench.store.last_document_id()


# --------------------------------------------------------------------------- the command line


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_cli_gives_the_same_results_on_both_backends(tmp_path: Path, postgres_db: str) -> None:
    outputs = []
    for db in (str(tmp_path / "s.db"), postgres_db):
        _cli("ingest", str(bundled_sample()), "--db", db)
        _cli("ingest", str(bundled_sample()), "--db", db)  # unchanged
        exported = tmp_path / f"incidents-{len(outputs)}.jsonl"
        _cli("export", "--db", db, "--format", "jsonl", "--output", str(exported))
        incidents = json.loads(_cli("incidents", "--db", db, "--format", "json"))
        outputs.append((incidents, exported.read_text(encoding="utf-8")))
        with open_store(db) as stored:
            assert stored.count_documents() == len(list(bundled_sample().glob("*.txt")))
    assert outputs[0][0]  # the sample has incidents
    assert outputs[1] == outputs[0]
