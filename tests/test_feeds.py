"""The sample reports read through a real RSS feed on 127.0.0.1, a second poll, and a mirror outlet."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsroom import SAMPLE
from sitrep.cli import app
from sitrep.present.output import claim_json
from sitrep.run.watch import ingest_sources
from sitrep.run.workbench import Workbench, analyse_paths
from sitrep.settings import Settings
from sitrep.sources.fetch import Fetcher

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
GOLD = EVAL / "seeds.gold.json"


def quick(**overrides):
    base = dict(allow_private=True, fetch_timeout=0.5, fetch_max_bytes=400_000, fetch_retries=0,
                fetch_backoff=0.0, fetch_host_delay=0.0)
    return Settings.load(**{**base, **overrides})


@pytest.fixture(scope="module")
def polled(room, tmp_path_factory):
    """The feed ingested, polled again, then the mirror outlet's feed ingested, into one store."""
    db = tmp_path_factory.mktemp("feeds") / "sitrep.db"
    settings = quick(db=str(db))
    with Workbench(settings) as bench, Fetcher(settings) as web:
        first = ingest_sources(bench, [room.url("/feed.xml")], fetcher=web)
        before_mirror = bench.incidents()
        again = ingest_sources(bench, [room.url("/feed.xml")], fetcher=web)
        mirror = ingest_sources(bench, [room.url("/wire/feed.xml")], fetcher=web)
        hits = dict(room.hits)
        mirror_again = ingest_sources(bench, [room.url("/wire/feed.xml")], fetcher=web)
        yield {
            "db": db, "bench": bench, "first": first, "again": again, "mirror": mirror,
            "mirror_again": mirror_again, "before_mirror": before_mirror, "hits_before_repoll": hits,
        }


def score(rows, path):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    done = subprocess.run([sys.executable, str(EVAL / "score.py"), "claims", str(GOLD), str(path)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(not GOLD.exists(), reason="the shared evaluation files are not beside the repository")
def test_feed_gives_the_same_claims_as_the_text_files(polled, room, tmp_path):
    text_rows = [claim_json(c) for c in analyse_paths([SAMPLE], Settings.load()).claims if not c.unspecified]
    originals = {room.url(f"/world/{p.stem}"): p.name for p in SAMPLE.glob("*.txt")}
    feed_rows = []
    for claim in polled["bench"].claims():
        if claim.doc in originals and not claim.unspecified:
            feed_rows.append({**claim_json(claim), "doc": originals[claim.doc]})  # the page's file name
    from_text = score(text_rows, tmp_path / "text.jsonl")
    from_feed = score(feed_rows, tmp_path / "feed.jsonl")
    print(f"claims F1: text files {from_text['f1']}, feed {from_feed['f1']}")
    assert {r["doc"] for r in feed_rows} == {r["doc"] for r in text_rows}
    assert abs(from_text["f1"] - from_feed["f1"]) <= 0.02
    assert abs(from_text["matched"] - from_feed["matched"]) <= 1


def test_first_poll_reads_every_item(polled):
    first = polled["first"]
    assert first.ingest.added == 5 and not first.failed
    [source] = first.sources
    assert (source.kind, source.status, source.items, source.added, source.failed) == ("feed", "ok", 5, 5, 0)
    assert first.announcements and {a.kind for a in first.announcements} == {"new_incident"}


def test_polling_again_adds_nothing(polled, room):
    again, mirror_again = polled["again"], polled["mirror_again"]
    assert again.ingest.added == 0 and again.sources[0].status == "not_modified" and not again.announcements
    # the mirror's feed has no validators: it is fetched, but its stored items are not fetched again
    assert mirror_again.ingest.added == 0 and mirror_again.sources[0].status == "ok"
    wire_pages = [p for p in room.hits if p.startswith("/wire/") and p != "/wire/feed.xml"]
    assert all(room.hits[p] == polled["hits_before_repoll"][p] == 1 for p in wire_pages)


def test_each_mirror_copy_is_a_copy_and_adds_to_no_figure(polled, room):
    bench, mirror = polled["bench"], polled["mirror"]
    assert mirror.ingest.added == 5 and mirror.ingest.copies == 5 and not mirror.announcements
    copies = bench.store.copies()
    by_hash = {d.content_hash: d for d in bench.documents()}
    assert sorted(by_hash[c].url.split("/")[-2] for c in copies) == ["wire"] * 5
    assert all(by_hash[original].url.split("/")[-2] == "world" for original, _ in copies.values())
    assert bench.incidents() == polled["before_mirror"]
    refs = {ref.doc for i in bench.incidents() for f in i.figures for ref in f.claims}
    assert refs and not any("/wire/" in doc for doc in refs)
    # the copies' claims are still listed, under the copies' names
    assert any("/wire/" in c.doc for c in bench.claims())


def test_pages_keep_their_metadata(polled, room):
    pages = polled["bench"].store.pages(room.url("/wire/feed.xml"))
    assert len(pages) == 5 and {p["outlet"] for p in pages} == {"Border Wire Daily"}
    assert all(p["status"] == "ok" and p["document"] and p["title"] for p in pages)
    assert {p["published"] for p in pages} == {"2025-10-14"}  # the page's own date, not the feed's
    world = polled["bench"].store.pages(room.url("/feed.xml"))
    assert {(p["outlet"], p["author"]) for p in world} == {("The Frontier Times", "Staff Reporter")}


def test_sources_command_lists_status_and_counts(polled, room):
    result = CliRunner().invoke(app, ["sources", "--db", str(polled["db"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["url"]: r for r in json.loads(result.stdout)}
    feed, wire = rows[room.url("/feed.xml")], rows[room.url("/wire/feed.xml")]
    assert (feed["status"], feed["items"], feed["added"], feed["failed"]) == ("not_modified", 5, 5, 0)
    assert (wire["status"], wire["added"]) == ("ok", 5)
    assert feed["etag"] and feed["last_fetch"] and feed["last_ok"]
    table = CliRunner().invoke(app, ["sources", "--db", str(polled["db"])])
    assert table.exit_code == 0 and "not_modified" in table.stdout and room.url("/feed.xml") in table.stdout


class Stopped(BaseException):
    """The run stops here, as a killed process would (nothing of it catches this)."""


class StoppingFetcher(Fetcher):
    """A fetcher whose run stops when it is asked for its `stop_at`-th item page."""

    def __init__(self, settings, stop_at):
        super().__init__(settings)
        self.pages, self.stop_at = 0, stop_at

    def get(self, url, **validators):
        if "/world/" in url:
            self.pages += 1
            if self.pages == self.stop_at:
                raise Stopped(url)
        return super().get(url, **validators)


def test_feed_items_are_stored_as_they_come_and_marked_fetched_only_when_stored(room, tmp_path):
    settings = quick(db=str(tmp_path / "s.db"))
    with Workbench(settings) as bench:
        with StoppingFetcher(settings, stop_at=4) as web, pytest.raises(Stopped):
            ingest_sources(bench, [room.url("/feed.xml")], fetcher=web)
        stored = {d.content_hash for d in bench.documents()}
        assert len(stored) == 3, "the three pages fetched before the stop were stored as they came"
        pages = bench.store.pages(room.url("/feed.xml"))
        assert all(p["document"] in stored for p in pages if p["status"] == "ok")
        with Fetcher(settings) as web:
            again = ingest_sources(bench, [room.url("/feed.xml")], fetcher=web)
        assert again.ingest.added == 2 and not again.failed
        pages = bench.store.pages(room.url("/feed.xml"))
        assert len(pages) == 5 and {p["status"] for p in pages} == {"ok"}
        assert {p["document"] for p in pages} == {d.content_hash for d in bench.documents()}
        assert len(bench.documents()) == 5


def test_two_pages_sharing_a_canonical_link_are_two_reports(tmp_path):
    """A page's report is named by its canonical link, which any site may set: two pages of other
    texts naming one canonical link are two reports, and the store takes both (and later ones)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    towns = {"/one": "Kabul", "/two": "Mogadishu", "/three": "Baidoa"}

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            town = towns[self.path]
            body = (f'<html><head><title>Clash</title><link rel="canonical" href="https://outlet.example/story">'
                    f"</head><body><article><h1>Clash</h1><p>At least 7 soldiers were killed in {town} on"
                    f" 3 May 2025, the army said.</p></article></body></html>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        settings = quick(db=str(tmp_path / "s.db"))
        with Workbench(settings) as bench, Fetcher(settings) as web:
            first = ingest_sources(bench, [base + "/one", base + "/two"], fetcher=web)
            assert first.ingest.added == 2 and not first.failed, first
            later = ingest_sources(bench, [base + "/three"], fetcher=web)
            assert later.ingest.added == 1 and not later.failed, later
            incidents = bench.incidents()
    finally:
        server.shutdown()
        server.server_close()
    assert len({i.id for i in incidents}) == 3
    assert all(i.docs == ("https://outlet.example/story",) for i in incidents)


def test_a_feed_is_asked_for_whole_again_when_a_run_stopped_before_storing_its_last_item(room, tmp_path):
    """A run may have read the whole feed and stop before its last report is stored (here: its writing
    fails). The feed's validators are kept only once every item is stored, so the next poll does not
    take the unchanged feed (304) as done, and fetches that item."""
    settings = quick(db=str(tmp_path / "s.db"))
    with Workbench(settings) as bench:
        add = bench.store.add_analysed
        calls = []

        def stopping(items, copies=None):
            calls.append(len(items))
            if len(calls) == 5:
                raise Stopped("before the last report was stored")
            return add(items, copies)

        bench.store.add_analysed = stopping
        with Fetcher(settings) as web, pytest.raises(Stopped):
            ingest_sources(bench, [room.url("/feed.xml")], fetcher=web)
        bench.store.add_analysed = add
        assert len(bench.documents()) == 4
        with Fetcher(settings) as web:
            again = ingest_sources(bench, [room.url("/feed.xml")], fetcher=web)
        assert again.ingest.added == 1 and len(bench.documents()) == 5
        assert {p["status"] for p in bench.store.pages(room.url("/feed.xml"))} == {"ok"}
