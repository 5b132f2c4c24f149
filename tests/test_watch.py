"""Watching feeds: two polls, announcements and the webhook, failures and their retries, the CLI."""

import json
from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from newsroom import serve, stories
from sitrep.cli import app
from sitrep.records import ClaimRef, Figure, Incident
from sitrep.run.watch import announcements, ingest_sources, parse_every, watch
from sitrep.run.workbench import Workbench
from sitrep.settings import Settings
from sitrep.sources.fetch import Fetcher

SLUGS = list(stories())


def quick(**overrides):
    base = dict(allow_private=True, fetch_timeout=0.5, fetch_max_bytes=400_000, fetch_retries=0,
                fetch_backoff=0.0, fetch_host_delay=0.0)
    return Settings.load(**{**base, **overrides})


@pytest.fixture
def room():
    server, room = serve()
    room.slow_seconds = 1.5
    yield room
    server.shutdown()


@pytest.fixture
def bench(tmp_path):
    with Workbench(quick(db=str(tmp_path / "sitrep.db"))) as bench:
        yield bench


def clock():
    return lambda: datetime(2025, 10, 14, 12, 0, tzinfo=UTC)


def test_two_polls_ingest_new_items_and_announce_them(room, bench):
    room.feed_slugs = SLUGS[:2]
    pauses, reports = [], []

    def after_poll(report):
        reports.append(report)
        room.feed_slugs = SLUGS  # the feed gains three stories before the next poll

    watch(bench, [room.url("/feed.xml")], every=900, webhook=room.url("/hook"), on_poll=after_poll,
          polls=2, sleep=pauses.append, now=clock(), fetcher=Fetcher(bench.settings))
    first, second = reports
    assert pauses == [900]
    assert first.ingest.added == 2 and second.ingest.added == 3
    assert first.announcements and all(a.kind == "new_incident" for a in first.announcements)
    assert second.announcements, "three new reports on the same fighting must change something"
    posted = [a.json() for r in reports for a in r.announcements]
    assert room.posts == posted
    assert all({"kind", "incident", "message", "detail"} <= set(p) for p in room.posts)
    web = Fetcher(bench.settings)
    third = watch(bench, [room.url("/feed.xml")], every=900, polls=1, now=clock(), fetcher=web)
    assert third.ingest.added == 0 and not third.announcements and third.sources[0].status == "not_modified"


def test_failing_items_are_reported_retried_and_the_rest_goes_on(room, bench):
    web = Fetcher(bench.settings)
    first = ingest_sources(bench, [room.url("/troubled.xml")], fetcher=web, now=clock())
    assert first.failed and first.ingest.added == 1
    [source] = first.sources
    assert (source.status, source.items, source.failed) == ("error", 7, 6)
    reasons = {f.source.removeprefix(room.base): f.message for f in first.ingest.failures}
    assert "HTTP 404" in reasons["/missing"] and "HTTP 500" in reasons["/error"]
    assert "no answer in time" in reasons["/slow"] and "over the limit" in reasons["/huge"]
    assert "image/png, not an HTML page" in reasons["/image"] and "no article text" in reasons["/garbage"]
    stored = bench.store.count_documents()
    second = ingest_sources(bench, [room.url("/troubled.xml")], fetcher=web, now=clock())
    assert room.hits["/missing"] == 2 and room.hits["/world/" + SLUGS[0]] == 1  # failures asked again
    assert second.failed and bench.store.count_documents() == stored
    row = bench.store.source(room.url("/troubled.xml"))
    assert row["status"] == "error" and "6 of 7 items failed" in row["reason"]


def test_a_failing_feed_keeps_what_is_stored_and_recovers(room, bench):
    web = Fetcher(bench.settings)
    room.feed_slugs = SLUGS[3:4]
    ok = ingest_sources(bench, [room.url("/feed.xml"), room.url("/broken.xml")], fetcher=web, now=clock())
    etag = bench.store.source(room.url("/feed.xml"))["etag"]
    statuses = {s.url.removeprefix(room.base): (s.status, s.reason) for s in ok.sources}
    assert statuses["/feed.xml"] == ("ok", None)
    assert statuses["/broken.xml"][0] == "error" and "malformed feed" in statuses["/broken.xml"][1]
    room.failing.add("/feed.xml")
    failed = ingest_sources(bench, [room.url("/feed.xml")], fetcher=web, now=clock())
    row = bench.store.source(room.url("/feed.xml"))
    assert failed.failed and row["status"] == "error" and "HTTP 500" in row["reason"]
    assert row["etag"] == etag and row["added"] == 1 and bench.store.count_documents() == 1
    room.failing.clear()
    back = ingest_sources(bench, [room.url("/feed.xml")], fetcher=web, now=clock())
    assert not back.failed and back.sources[0].status == "not_modified"


def test_cli_ingest_names_every_failure_and_exits_1(room, tmp_path):
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(
        app, ["ingest", room.url("/missing"), room.url("/broken.xml"), "--db", db, "--allow-private"]
    )
    assert result.exit_code == 1
    assert "HTTP 404" in result.stderr and "malformed feed" in result.stderr
    refused = CliRunner().invoke(app, ["ingest", room.url("/feed.xml"), "--db", db])
    assert refused.exit_code == 1 and "loopback" in refused.stderr and "--allow-private" in refused.stderr
    listed = json.loads(CliRunner().invoke(app, ["sources", "--db", db, "--format", "json"]).stdout)
    assert {r["status"] for r in listed} == {"error"} and all(r["reason"] for r in listed)


def test_cli_watch_once_and_stdin(room, tmp_path):
    db = str(tmp_path / "cli.db")
    page = room.url("/world/" + SLUGS[2])
    options = ["--once", "--every", "1m", "--db", db, "--allow-private"]
    result = CliRunner().invoke(app, ["watch", page, *options])
    assert result.exit_code == 0, result.output
    assert "[new_incident]" in result.stdout
    again = CliRunner().invoke(app, ["watch", page, *options])
    assert again.exit_code == 0 and again.stdout == "" and "not_modified" in again.stderr
    text = "Clashes on the border\n\nFour soldiers were killed in Kurram on Monday, the army said.\n"
    piped = CliRunner().invoke(app, ["ingest", "-", "--db", db], input=text)
    assert piped.exit_code == 0 and "1 added" in piped.stderr
    bad = CliRunner().invoke(app, ["watch", page, "--every", "soon", "--db", db])
    assert bad.exit_code == 2


def test_periods():
    assert parse_every("15m") == 900 and parse_every("30s") == 30 and parse_every("2h") == 7200
    assert parse_every("90") == 90
    with pytest.raises(ValueError):
        parse_every("0m")


def ref(doc, low, high, claimant=None):
    return ClaimRef(doc, claimant or f"the source of {doc}", None, low, high, False, "")


def incident(docs, *figures):
    return Incident("inc-" + "-".join(docs), date(2025, 10, 12), None, None, "PK", None, None, None, None,
                    None, "Battles", "Armed clash", None, None, tuple(docs), tuple(figures), None, None, None)


def figure(kind, *refs):
    return Figure(kind, "PK", "military", None, None, None, False, tuple(refs))


def test_announcements_name_new_incidents_figures_and_contradictions():
    before = [incident(["a"], figure("killed", ref("a", 23, 23)))]
    after = [
        incident(["a", "b"], figure("killed", ref("a", 23, 23), ref("b", 58, 58), ref("b", 20, 30)),
                 figure("injured", ref("b", 30, None))),
        incident(["c"], figure("killed", ref("c", 5, 5))),
        incident(["a"], figure("killed", ref("a", 23, 23))),
    ]
    found = announcements(before, after, {"b", "c"})
    kinds = [(a.kind, a.incident) for a in found]
    assert ("new_figure", "inc-a-b") in kinds and ("new_incident", "inc-c") in kinds
    contradictions = [a for a in found if a.kind == "contradiction"]
    assert len(contradictions) == 1 and "58" in contradictions[0].message
    assert contradictions[0].detail["against"][0]["low"] == 23


def test_a_claimants_new_figure_is_announced_as_its_revision():
    before = [incident(["a"], figure("killed", ClaimRef("a", "the Pakistani military", "PK", 8, 8, False, "")))]
    after = [incident(["a", "b", "c"], figure(
        "killed", ClaimRef("a", "the Pakistani military", "PK", 8, 8, False, ""),
        ClaimRef("b", "Pakistan's army", "PK", 26, 26, False, ""),
        ClaimRef("c", "a hospital doctor", None, 2, 2, False, "")))]
    found = announcements(before, after, {"b", "c"})
    revisions = [a for a in found if a.kind == "revision"]
    assert [a.message for a in revisions] == ["Pakistan's army revised Pakistani soldiers killed from 8 to 26"]
    assert revisions[0].detail["before"]["low"] == 8 and revisions[0].detail["side"] == "PK"
    contradictions = [a for a in found if a.kind == "contradiction"]  # its own 8 is none; the doctor's 2 is one
    assert len(contradictions) == 1 and "hospital doctor" in contradictions[0].message
