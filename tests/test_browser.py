"""The dashboard driven in Debian's headless chromium (playwright's client, the system's browser).

`sitrep serve` runs on a free port of 127.0.0.1 over a store filled from the bundled sample and one
hostile report; screenshots go to test-artifacts/. Skipped only where /usr/bin/chromium is absent.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from helpers import free_port, sample_store
from sitrep.records import Figure, Incident
from sitrep.store import Store

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
HOSTILE = """<script>alert("title")</script> Clashes near Afgooye <img src=x onerror=alert(1)>

MOGADISHU, 3 March 2024 - At least 7 soldiers were killed <b onmouseover=alert(2)>in clashes</b> with
al-Shabaab fighters near Afgooye on Sunday, the Somali army said. <script>alert(document.cookie)</script>
"""

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    return sample_store(folder / "browser.db", {"hostile.txt": HOSTILE}, folder="hostile")


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    """`sitrep serve` on a free port, as a user starts it."""
    port = free_port()
    command = [sys.executable, "-m", "sitrep.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
               "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise AssertionError(f"sitrep serve exited: {server.stdout.read() if server.stdout else ''}")
            assert time.monotonic() < deadline, "sitrep serve did not answer within 60 s"
            try:
                if httpx.get(url + "/api/reports", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: object, base: str) -> Iterator[object]:
    """A page that may reach the dashboard only: any other request is refused and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.outside = []
    page.dialogs = []
    page.errors = []
    host = urlsplit(base).netloc

    def only_local(route: object) -> None:
        if urlsplit(route.request.url).netloc == host or route.request.url.startswith("data:"):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_default_timeout(20_000)
    yield page
    context.close()
    assert not page.outside, f"the dashboard tried to reach the network: {page.outside}"
    assert not page.dialogs, f"report markup ran as script: {page.dialogs}"
    assert not page.errors, f"script errors or blocked content: {page.errors}"


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


@pytest.fixture(scope="module")
def incidents(db: Path) -> list[Incident]:
    with Store(db) as store:
        return store.incidents()


def _listed(page: object) -> list[str]:
    return page.locator("#incident-list li.incident").evaluate_all("els => els.map(e => e.dataset.id)")


def test_home_lists_the_incidents(page: object, base: str, incidents: list[Incident]) -> None:
    page.goto(base + "/")
    assert sorted(_listed(page)) == sorted(i.id for i in incidents)
    assert page.locator("#count").inner_text() == str(len(incidents))
    assert page.locator("figure.timeline svg").count() == 1
    _shot(page, "dashboard-home.png")


def _disputed_figure(incidents: list[Incident], kind: str, values: set[int]) -> tuple[Incident, Figure]:
    """The incident and figure whose claims give exactly these values (found by figure, not by id)."""
    for incident in incidents:
        for figure in incident.figures:
            claimed = {r.low for r in figure.claims} | {r.high for r in figure.claims}
            if figure.kind == kind and values <= claimed:
                return incident, figure
    raise AssertionError(f"no {kind} figure with claims {values}")


def test_incident_page_shows_the_contested_soldiers_killed(page: object, base: str,
                                                           incidents: list[Incident]) -> None:
    incident, figure = _disputed_figure(incidents, "killed", {23, 58})
    assert figure.contested
    page.goto(f"{base}/incidents/{incident.id}")
    rows = page.locator("tr.figure-row", has_text=re.compile(r"\b23\b"))
    rows = rows.filter(has_text=re.compile(r"\b58\b"))
    assert rows.count() == 1
    row = rows.first
    assert "contested" in row.get_attribute("class")
    assert row.locator(".badge.contested").is_visible()
    claimants = {r.claimant for r in figure.claims if r.low in (23, 58)}
    assert len(claimants) >= 2, claimants
    for claimant in claimants:
        assert claimant and claimant in row.inner_text()
        assert page.locator("table.claims-table td.claimant", has_text=claimant).count() >= 1
    assert page.locator("svg.range").count() == sum(f.contested for f in incident.figures)
    assert page.locator(".report-text mark").count() >= 1  # evidence highlighted in the report
    _shot(page, "dashboard-incident-contested.png")


def test_contested_filter_and_search(page: object, base: str, incidents: list[Incident], db: Path) -> None:
    page.goto(base + "/")
    contested = sorted(i.id for i in incidents if any(f.contested for f in i.figures))
    with page.expect_response(lambda r: "contested=1" in r.url):
        page.get_by_label("contested only").check()
    page.wait_for_function("n => document.querySelectorAll('#incident-list li.incident').length === n",
                           arg=len(contested))
    assert sorted(_listed(page)) == contested
    assert "contested=1" in page.url  # the filtered view has its own address
    _shot(page, "dashboard-filter-contested.png")

    page.goto(base + "/")
    word, docs = _distinctive_word(db)
    want = sorted(i.id for i in incidents if docs & set(i.docs))
    with page.expect_response(lambda r: "q=" + word in r.url):
        page.fill("#q", word)
    page.wait_for_function("n => document.querySelectorAll('#incident-list li.incident').length === n",
                           arg=len(want))
    assert sorted(_listed(page)) == want
    _shot(page, "dashboard-search.png")


def _distinctive_word(db: Path) -> tuple[str, set[str]]:
    """A word that some stored reports contain and others do not, with the names of those that do."""
    with Store(db) as store:
        docs = list(store.documents())
    words = {d.name: set(re.findall(r"\b[a-z]{6,}\b", f"{d.title or ''} {d.text}".lower())) for d in docs}
    common = sorted(set.union(*words.values()))
    for word in common:
        having = {name for name, found in words.items() if word in found}
        if 1 < len(having) < len(docs):
            return word, having
    raise AssertionError("no word tells the reports apart")


def test_map_draws_offline(page: object, base: str, incidents: list[Incident]) -> None:
    page.goto(base + "/map")
    page.wait_for_selector("#map.ready")
    assert int(page.locator("#map").get_attribute("data-countries")) > 150
    assert page.locator(".leaflet-overlay-pane svg path").count() > 150  # the country outlines
    located = [i for i in incidents if i.lat is not None and i.lon is not None]
    assert int(page.locator("#map").get_attribute("data-markers")) == len(located)
    assert page.locator("path.incident-marker").count() == len(located)
    _shot(page, "dashboard-map.png")


def test_hostile_report_renders_as_text(page: object, base: str, incidents: list[Incident]) -> None:
    page.goto(base + "/reports/hostile.txt")
    text = page.locator(".report-text").inner_text()
    assert "<script>alert(document.cookie)</script>" in text and "<b onmouseover=alert(2)>" in text
    assert page.locator(".report-text script, .report-text img, .report-text b").count() == 0
    for incident in (i for i in incidents if "hostile.txt" in i.docs):
        page.goto(f"{base}/incidents/{incident.id}")
        assert page.locator("main script, main img").count() == 0
    page.goto(base + "/?q=Afgooye")
    page.goto(base + "/sitrep.html")
    _shot(page, "situation-report.png")
