"""Figure history, the claimants' record and the incident grade: rules on invented records, then the
invented multi-day story (tests/story.py) and the bundled sample through the JSON API, the pages,
the command line and the exports."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from helpers import sample_store, serving
from sitrep.cli import app
from sitrep.reconcile.claimants import claimant_records, record_json
from sitrep.reconcile.grades import grade
from sitrep.reconcile.history import ReportTime, figure_history
from sitrep.records import ClaimRef, Figure, Incident
from sitrep.settings import Settings
from sitrep.store.sqlite import Store
from sitrep.web import create_app
from story import by_figure, line_of, story_store

# --------------------------------------------------------------------------- rules on invented records


def ref(doc: str, claimant: str | None, side: str | None, low: int | None, high: int | None = -1) -> ClaimRef:
    return ClaimRef(doc, claimant, side, low, low if high == -1 else high, False, f"{low} killed")


def figure(kind: str, country: str, role: str, *refs: ClaimRef, contested: bool = False) -> Figure:
    return Figure(kind, country, role, None, None, None, contested, refs)


def incident(ident: str, *figures: Figure) -> Incident:
    docs = tuple(dict.fromkeys(r.doc for f in figures for r in f.claims))
    return Incident(ident, date(2024, 5, 7), None, "day", "IN", None, None, None, None, None, "Battles",
                    "Armed clash", None, None, docs, figures, None, None, None)


TIMES = {
    "d1": ReportTime.of("2024-05-07", "2024-05-09T10:00:00Z"),
    "d2": ReportTime.of("2024-05-07", "2024-05-09T09:00:00Z"),  # the same day
    "d3": ReportTime.of("2024-05-08", "2024-05-09T08:00:00Z"),
    "d4": ReportTime.of(None, "2024-05-10T08:00:00Z"),  # no publication date: the day it was ingested
}


def test_history_orders_claims_by_publication_and_collapses_each_voices_repeats() -> None:
    f = figure("killed", "PK", "civilian",
               ref("d4", "Pakistan's army", "PK", 31), ref("d3", "the Pakistani military", "PK", 26),
               ref("d1", "Pakistani officials", "PK", 8), ref("d2", "India's army", "IN", 0),
               ref("d3", "India's army", "IN", 0), ref("d1", "the ISPR", "PK", 8))
    h = figure_history(f, TIMES)
    assert [s.ref.doc for s in h.steps] == ["d1", "d2", "d1", "d3", "d3", "d4"]  # one day: the figure's order
    lines = {line.voice.side: line for line in h.lines}
    assert lines["PK"].text == "8 → 26 → 31" and len(lines["PK"].revisions) == 2
    assert lines["IN"].text == "0" and not lines["IN"].revisions
    assert h.moving
    assert {s.voice.side: s.ref.low for s in h.latest} == {"PK": 31, "IN": 0}
    assert [s.ref.doc for s in h.first] == ["d1", "d2", "d1"]  # both published the first day
    assert [line.voice.side for line in h.lines] == ["PK", "IN"]  # in the order they first spoke


def test_unknown_times_keep_the_figures_order_and_come_last() -> None:
    f = figure("killed", "PK", "military", ref("x", "a doctor", None, 4), ref("d3", "a doctor", None, 6))
    h = figure_history(f, TIMES)
    assert [s.ref.doc for s in h.steps] == ["d3", "x"]
    assert h.lines[0].text == "6 → 4"


def test_grades_follow_the_documented_rules_in_order() -> None:
    both_agree = incident("i1", figure("killed", "IN", "military", ref("d1", "India's army", "IN", 5),
                                       ref("d2", "Pakistan's army", "PK", 4, 6)))
    assert grade(both_agree, TIMES).grade == "confirmed"
    with_monitor = incident("i2", figure("killed", "IN", "civilian", ref("d1", "India's army", "IN", 12),
                                         ref("d3", "the United Nations", None, 12)))
    g = grade(with_monitor, TIMES)
    assert g.grade == "confirmed" and "United Nations" in g.reason and "12" in g.reason
    clash = incident("i3", figure("killed", "PK", "military", ref("d1", "Pakistan's army", "PK", 23),
                                  ref("d2", "India's army", "IN", 58)))
    g = grade(clash, TIMES)
    assert g.grade == "contested" and "23" in g.reason and "58" in g.reason
    denial = incident("i4", figure("killed", "PK", "civilian", ref("d1", "Pakistan's army", "PK", 8),
                                   ref("d2", "India's army", "IN", 0)))
    assert grade(denial, TIMES).grade == "contested"
    one_side = incident("i5", figure("killed", "IN", "military", ref("d1", "India's army", "IN", 5)),
                        figure("injured", "IN", "military", ref("d3", "an Indian official", "IN", 9)))
    g = grade(one_side, TIMES)
    assert g.grade == "one_party" and "India" in g.reason
    lone = incident("i6", figure("killed", "IN", "civilian", ref("d1", None, None, 3)))
    assert grade(lone, TIMES).grade == "single_source"
    outlets = incident("i7", figure("killed", "IN", "civilian", ref("d1", None, None, 3),
                                    ref("d2", "a doctor", None, 3)))
    assert grade(outlets, TIMES).grade == "several_sources"


def test_a_voice_revising_its_figure_does_not_contest_it() -> None:
    revised = incident("i8", figure("killed", "PK", "civilian", ref("d1", "Pakistan's army", "PK", 8),
                                    ref("d3", "Pakistan's army", "PK", 26),
                                    ref("d4", "the United Nations", None, 26), contested=True))
    g = grade(revised, TIMES)
    assert g.grade == "confirmed", g


def test_claimant_record_pairs_ratios_revisions_and_firsts() -> None:
    incidents = [
        incident("i1", figure("killed", "PK", "military", ref("d1", "India's army", "IN", 40),
                              ref("d3", "Pakistan's army", "PK", 10), ref("d4", "the United Nations", None, 20))),
        incident("i2", figure("killed", "PK", "military", ref("d2", "India's army", "IN", 30),
                              ref("d1", "Pakistan's army", "PK", 10), ref("d3", "Pakistan's army", "PK", 0))),
        incident("i3", figure("killed", "IN", "military", ref("d1", "Pakistan's army", "PK", 12),
                              ref("d3", "Pakistan's army", "PK", 9), ref("d4", "India's army", "IN", 3))),
    ]
    records = {r.voice.side: record_json(r) for r in claimant_records(incidents, TIMES) if r.voice.side}
    india, pakistan = records["IN"], records["PK"]
    assert india["figures"] == 3 and pakistan["figures"] == 3
    assert india["vs_admissions"]["median_ratio"] == 4.0 and india["vs_admissions"]["pairs"] == 1
    assert india["vs_admissions"]["against_zero"] == 1  # Pakistan's last word on i2 is a denial
    assert india["vs_independent"]["median_ratio"] == 2.0 and india["vs_independent"]["pairs"] == 1
    assert [p["incident"] for p in india["vs_admissions"]["items"]] == ["i1", "i2"]
    assert pakistan["vs_admissions"]["median_ratio"] == 3.0  # its 9 (after 12) against India's own 3
    assert pakistan["revisions"]["count"] == 2 and pakistan["revisions"]["down"] == 2
    assert pakistan["revisions"]["items"][0]["from"]["value"] == "10"
    assert india["first"]["count"] == 2 and pakistan["first"]["count"] == 2  # i2: both, the same day
    assert "India's army" in india["names"]


# --------------------------------------------------------------------------- the story, served


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return story_store(tmp_path_factory.mktemp("story") / "story.db")


@pytest.fixture(scope="module")
def client(story_db: Path) -> Iterator[httpx.Client]:
    app_ = create_app(Settings.load(db=str(story_db)), lambda: Store(story_db))
    with serving(app_) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield http


def _story_incident(client: httpx.Client) -> dict:
    """The shelling incident: the one counting Thai civilians killed (found by figure, not by id)."""
    listed = client.get("/api/incidents").json()
    found = [i for i in listed if any(f["kind"] == "killed" and f["subject_country"] == "TH"
                                      and f["subject_role"] == "civilian" for f in i["figures"])]
    assert len(found) == 1, [i["id"] for i in listed]
    one = client.get(f"/api/incidents/{found[0]['id']}").json()
    assert one["history"] == found[0]["history"] and one["grade"] == found[0]["grade"]
    return one


def test_story_history_through_the_api(client: httpx.Client) -> None:
    incident = _story_incident(client)
    _, civilians = by_figure(incident, "killed", "TH", "civilian")
    thai = line_of(civilians, "TH")
    assert thai["values"] == "8 → 26 → 31" and thai["revisions"] == 2 and thai["stance"] == "admission"
    assert [s["published"] for s in thai["steps"]] == ["2025-07-24", "2025-07-25", "2025-07-26"]
    assert [s["doc"] for s in thai["steps"]] == ["bkk-wire-0724", "regional-times-0725", "bkk-wire-0726"]
    assert civilians["moving"]
    published = [s["published"] for s in civilians["claims"]]
    assert published == sorted(published)
    assert {s["side"]: s["low"] for s in civilians["latest"] if s["voice"] == "party"}["TH"] == 31
    _, soldiers = by_figure(incident, "killed", "TH", "military")
    assert line_of(soldiers, "KH")["values"] == "40" and line_of(soldiers, "TH")["values"] == "3"
    assert any(c["voice"] == "independent" and c["values"] == "5" for c in soldiers["claimants"])


def test_story_grade_and_grade_filter(client: httpx.Client) -> None:
    incident = _story_incident(client)
    assert incident["grade"]["grade"] == "contested"
    assert "3" in incident["grade"]["reason"] and "40" in incident["grade"]["reason"]
    contested = client.get("/api/incidents", params={"grade": "contested"}).json()
    assert incident["id"] in [i["id"] for i in contested]
    assert all(i["grade"]["grade"] == "contested" for i in contested)
    confirmed = client.get("/api/incidents", params={"grade": "confirmed"}).json()
    assert incident["id"] not in [i["id"] for i in confirmed]
    assert client.get("/api/incidents", params={"grade": "solid"}).status_code == 400
    home = client.get("/", params={"grade": "contested"}).text
    assert f'data-id="{incident["id"]}"' in home and 'class="badge grade grade-contested"' in home
    assert 'class="badge grade grade-confirmed"' not in home


def test_story_claimants_record_through_the_api(client: httpx.Client) -> None:
    records = client.get("/api/claimants").json()
    by_side = {r["side"]: r for r in records if r["voice"] == "party"}
    cambodia, thailand = by_side["KH"], by_side["TH"]
    # Cambodia's 40 Thai soldiers against Thailand's own 3, and against the Red Cross's 5
    assert cambodia["vs_admissions"]["pairs"] >= 1
    assert cambodia["vs_admissions"]["median_ratio"] == pytest.approx(40 / 3, rel=1e-3)
    assert cambodia["vs_independent"]["median_ratio"] == 8.0
    pair = next(p for p in cambodia["vs_admissions"]["items"] if p["figure"] == "Thai soldiers killed")
    assert pair["own"]["value"] == "40" and pair["other"]["value"] == "3" and pair["other"]["doc"]
    assert thailand["revisions"]["up"] == 2 and thailand["revisions"]["down"] == 0
    assert [v["to"]["value"] for v in thailand["revisions"]["items"]] == ["26", "31"]
    assert thailand["first"]["count"] >= 1
    assert client.get("/api/claimants", params={"limit": 1}).json() == records[:1]


def test_story_claimants_page_puts_the_evidence_one_click_away(client: httpx.Client) -> None:
    html = client.get("/claimants").text
    incident = _story_incident(client)
    assert "Cambodia (government and forces)" in html and "Thailand (government and forces)" in html
    for anchor in re.findall(r'<td class="ratio"><a href="#([^"]+)"', html):  # every ratio links to its pairs
        assert f'id="{anchor}"' in html
    assert f'href="/incidents/{incident["id"]}"' in html
    assert "×13.333" in html


def test_story_incident_page_draws_a_line_per_voice(client: httpx.Client) -> None:
    incident = _story_incident(client)
    html = client.get(f"/incidents/{incident['id']}").text
    assert html.count('<svg class="steps"') == len(incident["figures"])
    assert "8 → 26 → 31" in html and 'class="badge grade grade-contested"' in html
    report = client.get("/sitrep.html").text
    assert "Thai civilians killed, per Thailand (government and forces): 8 (24 Jul) → 26 → 31 (26 Jul)" in report


def test_story_from_the_command_line_and_exports(story_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["claimants", "--db", str(story_db), "--format", "json"])
    assert done.exit_code == 0, done.output
    rows = json.loads(done.stdout)
    assert {r["side"] for r in rows if r["voice"] == "party"} >= {"KH", "TH"}
    table = runner.invoke(app, ["claimants", "--db", str(story_db)])
    assert table.exit_code == 0 and "Cambodia (government and forces)" in table.stdout
    assert "vs admissions" in table.stdout
    report = runner.invoke(app, ["report", "--db", str(story_db), "--format", "txt"])
    moved = "moved: Thai civilians killed, per Thailand (government and forces): 8 (24 Jul) → 26 → 31 (26 Jul)"
    assert moved in report.stdout
    out = tmp_path / "events.csv"
    command = ["export", "--db", str(story_db), "--format", "acled-csv", "--output", str(out)]
    assert runner.invoke(app, command).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert "contested" in {r["grade"] for r in rows} and all(r["grade_reason"] for r in rows)
    missing = runner.invoke(app, ["claimants", "--db", str(tmp_path / "nothing.db")])
    assert missing.exit_code == 2


# --------------------------------------------------------------------------- the sample's October clash


def test_october_clash_two_lines_both_records_and_contested(tmp_path: Path) -> None:
    db = sample_store(tmp_path / "sample.db")
    app_ = create_app(Settings.load(db=str(db)), lambda: Store(db))
    with serving(app_) as base, httpx.Client(base_url=base, timeout=30) as http:
        listed = http.get("/api/incidents").json()
        clash = [i for i in listed if any({23, 58} <= {c["low"] for c in f["claims"]} for f in i["figures"])]
        assert len(clash) == 1
        incident = clash[0]
        _, killed = by_figure(incident, "killed", "PK", "military")
        assert line_of(killed, "PK")["values"] == "23" and line_of(killed, "PK")["stance"] == "admission"
        assert line_of(killed, "AF")["values"] == "58" and line_of(killed, "AF")["stance"] == "adversary"
        assert incident["grade"]["grade"] == "contested"
        records = {r["side"]: r for r in http.get("/api/claimants").json() if r["voice"] == "party"}
        taliban_pairs = records["AF"]["vs_admissions"]["items"]
        assert {(p["own"]["value"], p["other"]["value"]) for p in taliban_pairs} >= {("58", "23")}
        assert records["PK"]["figures"] >= 1
        assert any(p["incident"] == incident["id"] for p in records["PK"]["vs_admissions"]["items"])
        html = http.get(f"/incidents/{incident['id']}").text
        step = html[html.index("Pakistani soldiers killed</h3>"):]
        step = step[: step.index("</section>")]
        assert step.count('class="step-line"') == 2 and ">23</span>" in step and ">58</span>" in step


def test_a_record_lists_a_bounded_number_of_pairs_and_counts_them_all():
    """A voice quoted in thousands of incidents: its record lists ITEMS_LISTED pairs, and its counts
    and median ratio are over all of them."""
    from sitrep.reconcile.claimants import ITEMS_LISTED, Pair, Record, record_json
    from sitrep.reconcile.history import ReportTime, Step
    from sitrep.reconcile.voices import Voice
    from sitrep.records import ClaimRef

    army, rebels = Voice("army", "XA", "party"), Voice("rebels", "XA", "party")

    def step(voice, low):
        return Step(ClaimRef("r", voice.organisation, "XA", low, low, False, "x"), voice, "adversary",
                    ReportTime(None))

    record = Record(army)
    record.vs_admissions = [Pair(f"inc-{n}", "rebels killed", step(army, 2 * (n + 1)), step(rebels, n + 1))
                            for n in range(ITEMS_LISTED + 50)]
    shown = record_json(record)["vs_admissions"]
    assert len(shown["items"]) == ITEMS_LISTED
    assert shown["pairs"] == ITEMS_LISTED + 50 and shown["median_ratio"] == 2.0
