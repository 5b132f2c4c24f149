"""The dashboard and JSON API, served by a real uvicorn on 127.0.0.1 over a store filled from reports."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import sample_store, serving
from sitrep.present.output import claim_json, incident_json
from sitrep.reconcile.history import store_times
from sitrep.run.workbench import bundled_sample
from sitrep.settings import Settings
from sitrep.store.sqlite import Store
from sitrep.web import create_app
from sitrep.web.catalogue import newest_first

HOSTILE = """<script>alert("title")</script> Clashes near Afgooye <img src=x onerror=alert(1)>

MOGADISHU, 3 March 2024 - At least 7 soldiers were killed <b onmouseover=alert(2)>in clashes</b> with
al-Shabaab fighters near Afgooye on Sunday, the Somali army said. <script>alert(document.cookie)</script>
Officials said 12 civilians were injured <img src=x onerror=alert(3)> in the fighting.
"""
MARKUP = re.compile(r"<script>alert|<img\b|<b\s+onmouseover|<[a-z][^<>]*\son[a-z]+\s*=", re.I)
"""Live markup from the hostile report: its tags, or any tag carrying an event handler."""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory.mktemp("web") / "web.db", {"hostile.txt": HOSTILE})


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[httpx.Client]:
    app = create_app(Settings.load(db=str(db)), lambda: Store(db))
    with serving(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def stored(db: Path) -> dict:
    with Store(db) as store:
        return {"incidents": store.incidents(), "claims": store.claims(), "docs": list(store.documents()),
                "times": store_times(store)}


def _listed(html: str) -> list[str]:
    return re.findall(r'<li class="incident[^"]*" data-id="([^"]+)"', html)


def test_home_lists_every_incident_newest_first(client: httpx.Client, stored: dict) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert _listed(page.text) == [i.id for i in newest_first(stored["incidents"])]
    dated = [i.date_start for i in newest_first(stored["incidents"]) if i.date_start]
    assert dated == sorted(dated, reverse=True)
    assert "<svg" in page.text  # the timeline


def test_filters_narrow_the_list(client: httpx.Client, stored: dict) -> None:
    contested = {i.id for i in stored["incidents"] if any(f.contested for f in i.figures)}
    assert contested, "the sample has contested figures"
    assert set(_listed(client.get("/", params={"contested": "1"}).text)) == contested
    kinds = {f.kind for i in stored["incidents"] for f in i.figures}
    for kind in kinds:
        want = {i.id for i in stored["incidents"] if any(f.kind == kind for f in i.figures)}
        assert set(_listed(client.get("/", params={"kind": kind}).text)) == want
    partial = client.get("/", params={"contested": "1"}, headers={"HX-Request": "true"}).text
    assert "<html" not in partial and set(_listed(partial)) == contested  # htmx gets the results alone


def test_dates_filter_and_bad_dates(client: httpx.Client, stored: dict) -> None:
    days = sorted(i.date_start for i in stored["incidents"] if i.date_start)
    if days:
        last = days[-1].isoformat()
        got = client.get("/api/incidents", params={"since": last}).json()
        want = {i.id for i in stored["incidents"] if (i.date_end or i.date_start) and
                (i.date_end or i.date_start).isoformat() >= last}
        assert {i["id"] for i in got} == want
    bad = client.get("/api/incidents", params={"since": "12/10/2025"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]


def test_search_finds_the_reports_words(client: httpx.Client, stored: dict) -> None:
    hostile = next(d for d in stored["docs"] if d.name == "hostile.txt")
    found = client.get("/api/incidents", params={"q": "Afgooye"}).json()
    assert found and all(hostile.name in i["docs"] for i in found)
    want = {i.id for i in stored["incidents"] if hostile.name in i.docs}
    assert {i["id"] for i in found} == want
    assert _listed(client.get("/", params={"q": "zzqxnotaword"}).text) == []
    assert client.get("/", params={"q": 'AND OR "('}).status_code == 200  # operators are plain words


def test_incident_page_shows_figures_claims_and_evidence(client: httpx.Client, stored: dict) -> None:
    for incident in stored["incidents"]:
        page = client.get(f"/incidents/{incident.id}")
        assert page.status_code == 200
        rows = page.text.count('class="figure-row')
        assert rows == len(incident.figures)
        assert page.text.count('class="figure-row contested"') == sum(f.contested for f in incident.figures)
        for f in incident.figures:
            for ref in f.claims:
                if ref.claimant:
                    assert _escaped(ref.claimant) in page.text
        if any(f.claims for f in incident.figures):
            assert "<mark id=\"claim-" in page.text  # evidence highlighted in the report's text
    assert client.get("/incidents/no-such-incident").status_code == 404


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace(
        "'", "&#39;")


def test_api_serves_the_contract(client: httpx.Client, stored: dict) -> None:
    incidents = client.get("/api/incidents").json()
    expected = {i.id: json.loads(json.dumps(incident_json(i, stored["times"]))) for i in stored["incidents"]}
    assert {i["id"]: i for i in incidents} == expected
    one = stored["incidents"][0]
    assert client.get(f"/api/incidents/{one.id}").json() == expected[one.id]
    missing = client.get("/api/incidents/nope")
    assert missing.status_code == 404 and "error" in missing.json()
    claims = client.get("/api/claims").json()
    assert claims == [json.loads(json.dumps(claim_json(c))) for c in stored["claims"]]
    reports = client.get("/api/reports").json()
    assert {r["doc"] for r in reports} == {d.name for d in stored["docs"]} and "text" not in reports[0]
    assert client.get("/api/reports", params={"text": "true"}).json()[0]["text"] == stored["docs"][0].text


def test_claims_and_reports_come_a_page_at_a_time(client: httpx.Client, stored: dict) -> None:
    every = [json.loads(json.dumps(claim_json(c))) for c in stored["claims"]]
    assert len(every) > 5
    assert client.get("/api/claims", params={"limit": 3, "offset": 2}).json() == every[2:5]
    kind, doc = stored["claims"][-1].kind, stored["claims"][-1].doc
    of_kind = [row for row, c in zip(every, stored["claims"], strict=True) if c.kind == kind]
    assert client.get("/api/claims", params={"kind": kind, "limit": 2, "offset": 1}).json() == of_kind[1:3]
    of_doc = [row for row, c in zip(every, stored["claims"], strict=True) if c.doc == doc]
    assert client.get("/api/claims", params={"doc": doc}).json() == of_doc
    assert client.get("/api/claims", params={"doc": doc, "offset": 1, "limit": 1}).json() == of_doc[1:2]
    names = [d.name for d in stored["docs"]]
    assert [r["doc"] for r in client.get("/api/reports", params={"limit": 2, "offset": 1}).json()] == names[1:3]
    assert client.get("/api/claims", params={"offset": len(every)}).json() == []


def test_reports_page_lists_a_page_with_counts_and_links(db: Path, stored: dict, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from sitrep.web import pages

    monkeypatch.setattr(pages, "REPORTS_PAGE", 2)
    names = [d.name for d in stored["docs"]]
    counts = Counter(c.doc for c in stored["claims"])
    with TestClient(create_app(Settings.load(db=str(db)), lambda: Store(db))) as test_client:
        first = test_client.get("/reports").text
        assert f"<h1>{len(names)} reports</h1>" in first and "Later" in first and "Earlier" not in first
        last = test_client.get("/reports", params={"offset": len(names) - 1}).text
        assert "Earlier" in last and "Later" not in last
    listed = re.findall(r'<a href="/reports/([^"]+)">', first)
    assert listed == [quote(n) for n in names[:2]]
    shown = re.findall(r'<td class="num">(\d+)</td>', first)
    assert shown == [str(counts.get(n, 0)) for n in names[:2]]


def test_api_is_read_only_and_documented(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    endpoints = {"/api/incidents", "/api/incidents/{incident_id}", "/api/claims", "/api/reports"}
    assert endpoints <= set(spec["paths"])
    assert {m for ops in spec["paths"].values() for m in ops} == {"get"}
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert client.request(method, "/api/incidents").status_code == 405
    assert "/api/claims" in client.get("/docs").text


def test_pages_forbid_inline_script(client: httpx.Client, stored: dict) -> None:
    pages = ["/", "/map", "/reports", "/docs", f"/incidents/{stored['incidents'][0].id}"]
    for path in pages:
        page = client.get(path)
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text), path  # every script is a file
        assert not re.search(r"<[a-z][^<>]*\son[a-z]+\s*=", page.text, re.I), path  # no inline handlers
        assert "http://" not in page.text.replace("http://127.0.0.1", "") or path == "/docs"


def test_untrusted_report_markup_is_inert_everywhere(client: httpx.Client, stored: dict) -> None:
    name = "hostile.txt"
    hostile = [i for i in stored["incidents"] if name in i.docs]
    paths = ["/", "/?q=Afgooye", "/reports", f"/reports/{quote(name)}", "/sitrep.html", "/map"]
    paths += [f"/incidents/{i.id}" for i in hostile]
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        assert not MARKUP.search(page.text), path
    text = client.get(f"/reports/{quote(name)}").text
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(3)&gt;" in text


def test_static_assets_are_served_locally(client: httpx.Client) -> None:
    for path in ("/static/vendor/htmx.min.js", "/static/vendor/leaflet/leaflet.js", "/static/app.js",
                 "/static/map.js", "/static/app.css"):
        assert client.get(path).status_code == 200, path
    basemap = client.get("/static/basemap/countries.geojson").json()
    assert basemap["type"] == "FeatureCollection" and len(basemap["features"]) > 150
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in basemap["features"])


def test_situation_report_page_is_self_contained(client: httpx.Client, stored: dict) -> None:
    page = client.get("/sitrep.html")
    assert page.status_code == 200 and "<svg" in page.text
    assert "<script" not in page.text and not re.search(r'(src|href)="(https?:)?//', page.text)
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    contested = client.get("/sitrep.html", params={"contested": "1"}).text
    assert contested.count('<div class="incident') == len(
        [i for i in stored["incidents"] if any(f.contested for f in i.figures)])


def test_an_injected_store_serves_the_same(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from sitrep.errors import StoreError
    from sitrep.run.workbench import Workbench

    settings = Settings.load(db=":memory:")
    with Store(":memory:", threads=True) as store:
        Workbench(settings, store).ingest([bundled_sample()])
        with TestClient(create_app(settings, store)) as test_client:
            ids = [i["id"] for i in test_client.get("/api/incidents").json()]
            assert test_client.get("/").status_code == 200
        assert ids == [i.id for i in newest_first(store.incidents())]
    with Store(tmp_path / "one-thread.db") as single, pytest.raises(StoreError, match="threads=True"):
        create_app(settings, single)


def test_long_lists_come_a_page_at_a_time(db: Path, stored: dict) -> None:
    from fastapi.testclient import TestClient

    everything = [i.id for i in newest_first(stored["incidents"])]
    assert len(everything) > 2
    with TestClient(create_app(Settings.load(db=str(db)), lambda: Store(db), page_size=2)) as test_client:
        first = test_client.get("/").text
        assert _listed(first) == everything[:2] and f'<span id="count">{len(everything)}</span>' in first
        seen, offset = _listed(first), 2
        while offset < len(everything):
            page = test_client.get("/", params={"offset": offset}, headers={"HX-Request": "true"}).text
            assert "<html" not in page and "<svg" not in page  # the next items only
            assert ('class="more"' in page) == (offset + 2 < len(everything))
            seen += _listed(page)
            offset += 2
        assert seen == everything


def test_online_tiles_are_opt_in(db: Path) -> None:
    from fastapi.testclient import TestClient

    offline = TestClient(create_app(Settings.load(db=str(db)), lambda: Store(db))).get("/map")
    assert 'data-tiles=""' in offline.text and "tile" not in offline.headers["content-security-policy"]
    url = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    online = TestClient(create_app(Settings.load(db=str(db)), lambda: Store(db), tiles=url)).get("/map")
    assert "https://*.tile.example.org" in online.headers["content-security-policy"]
    assert 'data-tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png"' in online.text


def test_cli_report_html_is_one_printable_page(db: Path, stored: dict) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app

    result = CliRunner().invoke(app, ["report", "--db", str(db), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.lstrip().startswith("<!doctype html>") and "<svg" in page and "@media print" in page
    assert "<script" not in page and not re.search(r'(src|href)="', page)  # nothing outside the file
    assert not MARKUP.search(page)


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=0, max_size=80), cuts=st.lists(st.tuples(st.integers(0, 90), st.integers(0, 90)),
                                                            max_size=6))
def test_highlight_keeps_the_text_and_every_claim(text: str, cuts: list[tuple[int, int]]) -> None:
    from sitrep.records import Claim, ClaimRef, Figure, Span
    from sitrep.web.catalogue import ClaimView, highlight

    views = []
    for n, (a, b) in enumerate(cuts):
        start, end = min(a, b), max(a, b)
        span = Span(start, end, text[start:end])
        claim = Claim("d", "killed", 1, 1, False, "x", None, "unknown", None, None, False, span, span)
        ref = ClaimRef("d", None, None, 1, 1, False, span.text)
        figure = Figure("killed", None, "unknown", 1, 1, 1, n % 2 == 0, (ref,))
        views.append(ClaimView(f"claim-{n}", figure, ref, claim))
    segments = highlight(text, views)
    assert "".join(s.text for s in segments) == text
    anchors = [a for s in segments for a in ((s.anchor,) if s.anchor else ()) + s.also]
    assert len(anchors) == len(set(anchors))
    placed = {(v.claim.evidence.start, v.claim.evidence.end) for v in views if v.anchor in anchors}
    assert all(s.text for s in segments if s.anchor)
    for v in views:  # a claim without a mark only where its words overlap an earlier mark or fall outside
        span = (v.claim.evidence.start, v.claim.evidence.end)
        if v.anchor not in anchors and span[1] <= len(text) and span[1] > span[0]:
            assert any(a < span[1] and span[0] < b for a, b in placed)


def test_kept_snapshot_is_moved_out_of_the_collectors_walks_while_it_is_kept(db: Path) -> None:
    """A server's kept snapshot (millions of objects on a large store) is moved to the collector's
    permanent generation once built, so that no full collection walks it again; a snapshot read for
    one request alone is not, and letting the kept one go gives its objects back to the collector."""
    import gc

    from sitrep.web.catalogue import Snapshot
    from sitrep.web.deps import Stores

    gc.unfreeze()
    with Store(db) as store:
        assert Snapshot(store).stored and Snapshot(store).grades
    assert gc.get_freeze_count() == 0, "a snapshot for one request stays with the collector"
    stores = Stores(Store(db, threads=True))
    try:
        stores.warm()
        with stores.catalogue() as cat:
            incidents = cat.snapshot.stored
        assert incidents and gc.get_freeze_count() > 0
        frozen = {id(o) for o in gc.get_objects()}
        assert id(incidents) not in frozen and id(incidents[0]) not in frozen, "out of the walks"
    finally:
        stores.close()
    assert gc.get_freeze_count() == 0, "the snapshot let go, its objects are the collector's again"


def test_kept_answers_quick_to_make_are_let_go_before_costly_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the bound, the least recently asked for answer that was quick to make goes first: a list
    that took long to make outlives single pages asked for after it, and goes only when no quick
    answer is left."""
    from fastapi import Response

    from sitrep.web import catalogue

    now = [0.0]
    monkeypatch.setattr(catalogue, "RESPONSES_KEPT", 4)

    def answer(seconds: float) -> Response:
        now[0] += seconds
        return Response(b"[]", 200)

    with Store(tmp_path / "empty.db") as store:
        snap = catalogue.Snapshot(store, clock=lambda: now[0])
        snap.kept("/api/incidents?country=PK", lambda: answer(catalogue.COSTLY_SECONDS * 2))
        for n in range(6):
            snap.kept(f"/incidents/{n}", lambda: answer(0.001))
        assert "/api/incidents?country=PK" in snap.responses, "the costly list outlives the quick pages"
        assert list(snap.responses)[1:] == ["/incidents/3", "/incidents/4", "/incidents/5"]
        made = []
        snap.kept("/api/incidents?country=PK", lambda: made.append(1) or answer(0))
        assert not made, "a kept answer is given again, not made again"
        for n in range(3):
            snap.kept(f"/api/incidents?country={n}", lambda: answer(catalogue.COSTLY_SECONDS * 2))
        assert list(snap.responses) == ["/api/incidents?country=PK", "/api/incidents?country=0",
                                        "/api/incidents?country=1", "/api/incidents?country=2"]
        snap.kept("/api/incidents?country=3", lambda: answer(catalogue.COSTLY_SECONDS * 2))
        assert "/api/incidents?country=PK" not in snap.responses, "with no quick answer left, the oldest goes"


def test_kept_answers_are_bounded_in_number_and_in_bytes_with_their_requests(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new query string is a request of its own: a client sending unique ones must not grow the
    kept answers without bound, however small each answer is."""
    from fastapi import Response

    from sitrep.web import catalogue

    with Store(tmp_path / "empty.db") as store:
        snap = catalogue.Snapshot(store)
        for n in range(catalogue.RESPONSES_KEPT + 500):
            snap.kept(f"/api/incidents?x={n}", lambda: Response(b"[]", 200))
        assert len(snap.responses) <= catalogue.RESPONSES_KEPT
        assert f"/api/incidents?x={catalogue.RESPONSES_KEPT + 499}" in snap.responses, "the newest are kept"
        monkeypatch.setattr(catalogue, "RESPONSES_KEPT_BYTES", 1_000_000)
        snap = catalogue.Snapshot(store)
        for n in range(300):  # requests of 100 KB, answers of 2 bytes
            snap.kept(f"/?q={n}&pad=" + "p" * 100_000, lambda: Response(b"[]", 200))
        assert sum(len(key) for key in snap.responses) <= 1_000_000
