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
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from helpers import free_port, sample_store
from sitrep.records import Figure, Incident
from sitrep.store.sqlite import Store
from story import story_store

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
HOSTILE = """<script>alert("title")</script> Clashes near Afgooye <img src=x onerror=alert(1)>

MOGADISHU, 3 March 2024 - At least 7 soldiers were killed <b onmouseover=alert(2)>in clashes</b> with
al-Shabaab fighters near Afgooye on Sunday, the Somali army said. <script>alert(document.cookie)</script>
"""

pytestmark = [pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
              pytest.mark.slow]  # a real browser
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    return sample_store(folder / "browser.db", {"hostile.txt": HOSTILE}, folder="hostile")


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    """`sitrep serve` on a free port, as a user starts it."""
    with _served(db) as url:
        yield url


@pytest.fixture(scope="module")
def story_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`sitrep serve` over the invented multi-day story (tests/story.py)."""
    with _served(story_store(tmp_path_factory.mktemp("story") / "story.db")) as url:
        yield url


@contextmanager
def _served(db: Path) -> Iterator[str]:
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
    with _page(browser, base) as found:
        yield found


@pytest.fixture()
def story_page(browser: object, story_base: str) -> Iterator[object]:
    """A page that may reach the story's dashboard only."""
    with _page(browser, story_base) as found:
        yield found


@contextmanager
def _page(browser: object, base: str) -> Iterator[object]:
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


# --------------------------------------------------------------------------- history, claimants, grades


def _story_incident(base: str) -> dict:
    """The story's shelling incident: the one counting Thai civilians killed."""
    listed = httpx.get(base + "/api/incidents", timeout=30).json()
    found = [i for i in listed if any((f["kind"], f["subject_country"], f["subject_role"]) ==
                                      ("killed", "TH", "civilian") for f in i["figures"])]
    assert len(found) == 1
    return found[0]


def test_story_incident_page_draws_each_claimants_steps(story_page: object, story_base: str) -> None:
    page = story_page
    incident = _story_incident(story_base)
    page.goto(f"{story_base}/incidents/{incident['id']}")
    assert page.locator("svg.steps").count() == len(incident["figures"])
    civilians = page.locator("section.history", has_text="Thai civilians killed")
    assert civilians.locator(".badge.moved").is_visible()
    thai = civilians.locator("li.history-line", has_text="Thailand (government and forces)")
    assert thai.locator(".values").inner_text() == "8 → 26 → 31"
    soldiers = page.locator("section.history", has_text="Thai soldiers killed")
    voices = soldiers.locator("li.history-line").count()
    assert voices >= 3 and soldiers.locator("g.step-line").count() == voices  # one line per claimant
    assert soldiers.locator("g.step-line circle").count() >= voices
    assert page.locator("#grade").text_content() == "contested"
    assert "40" in page.locator(".grade-reason").inner_text()
    _shot(page, "story-incident-history.png")


def test_story_claimants_page_opens_the_evidence_in_one_click(story_page: object, story_base: str) -> None:
    page = story_page
    incident = _story_incident(story_base)
    page.goto(story_base + "/claimants")
    row = page.locator("tr.claimant-row", has_text="Cambodia (government and forces)")
    assert "×13.333" in row.locator("td.ratio").first.inner_text()
    row.locator("td.ratio a").first.click()
    assert page.url.endswith("-adm")
    target = page.locator(page.url[page.url.index("#"):])
    assert target.is_visible() and "admissions" in target.inner_text()
    pairs = target.locator("xpath=following-sibling::table[1]")
    assert pairs.locator("tr.pair", has_text="40").count() >= 1
    _shot(page, "story-claimants.png")
    pairs.locator(f'a[href="/incidents/{incident["id"]}"]').first.click()
    page.wait_for_url(f"**/incidents/{incident['id']}")
    assert page.locator("svg.steps").count() >= 1


def test_story_grade_filter(story_page: object, story_base: str) -> None:
    page = story_page
    incident = _story_incident(story_base)
    graded = httpx.get(story_base + "/api/incidents", timeout=30).json()
    contested = sorted(i["id"] for i in graded if i["grade"]["grade"] == "contested")
    assert incident["id"] in contested
    page.goto(story_base + "/")
    with page.expect_response(lambda r: "grade=contested" in r.url):
        page.select_option("#grade", "contested")
    page.wait_for_function("n => document.querySelectorAll('#incident-list li.incident').length === n",
                           arg=len(contested))
    assert sorted(_listed(page)) == contested
    assert "grade=contested" in page.url
    _shot(page, "story-grade-filter.png")


def test_october_clash_draws_two_claimants_lines(page: object, base: str, incidents: list[Incident]) -> None:
    incident, _ = _disputed_figure(incidents, "killed", {23, 58})
    page.goto(f"{base}/incidents/{incident.id}")
    killed = page.locator("section.history", has=page.locator("h3", has_text="Pakistani soldiers killed"))
    assert killed.locator("g.step-line").count() == 2
    values = sorted(killed.locator("li.history-line .values").all_inner_texts())
    assert values == ["23", "58"]
    assert page.locator("#grade").text_content() == "contested"
    _shot(page, "october-clash-history.png")
