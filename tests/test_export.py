"""Exports read back with pandas / a JSON parser and keep every incident; DataFrame views."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pycountry
import pytest
from typer.testing import CliRunner

import sitrep
from helpers import sample_store
from sitrep.errors import SettingsError
from sitrep.present.export import ACLED_COLUMNS, FORMATS, UCDP_COLUMNS, acled_regions, export_incidents
from sitrep.records import ClaimRef, Figure, Incident
from sitrep.run.workbench import bundled_sample


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory.mktemp("export") / "sample.db")


@pytest.fixture(scope="module")
def incidents(sample_db: Path) -> list[Incident]:
    """The sample's incidents plus one built here with a place, so every column is exercised."""
    with sitrep.open(sample_db) as bench:
        found = bench.incidents()
    assert found, "the sample gives incidents"
    refs = (ClaimRef("a.txt", "the army", "PK", 4, 4, False, "4 soldiers"),
            ClaimRef("b.txt", "the group", "AF", 9, None, True, "at least 9 soldiers"))
    located = Incident(
        id="inc-located", date_start=date(2025, 10, 12), date_end=date(2025, 10, 12), date_precision="day",
        country="PK", admin1="Khyber Pakhtunkhwa", location="Torkham", lat=34.1, lon=71.1, geo_precision=1,
        event_type="Battles", sub_event_type="Armed clash", actor1="Military Forces of Pakistan",
        actor2="Military Forces of Afghanistan", docs=("a.txt", "b.txt"),
        figures=(Figure("killed", "PK", "military", 4, 4, None, True, refs),
                 Figure("killed", None, "civilian", 2, 2, 2, False, refs[:1])),
        fatalities_low=6, fatalities_best=6, fatalities_high=None,
    )
    return [*found, located]


def _ids(incidents: list[Incident]) -> list[str]:
    return [i.id for i in incidents]


def test_acled_csv_has_acleds_columns_and_types(tmp_path: Path, incidents: list[Incident]) -> None:
    out = tmp_path / "events.csv"
    assert export_incidents(incidents, "acled-csv", out) == len(incidents)
    frame = pd.read_csv(out)
    assert tuple(frame.columns) == ACLED_COLUMNS
    assert len(frame) == len(incidents)
    assert pd.api.types.is_integer_dtype(frame["fatalities"])
    assert pd.api.types.is_integer_dtype(frame["timestamp"])
    row = frame[frame["event_id_cnty"].str.endswith("located")].iloc[0]
    assert row["event_id_cnty"].startswith("PAK")
    assert (row["country"], row["iso"], row["region"]) == ("Pakistan", 586, "South Asia")
    assert (row["latitude"], row["longitude"], row["year"]) == (34.1, 71.1, 2025)
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("State forces", "State forces",
                                                                  "State forces-State forces")
    assert row["fatalities"] == 6 and row["time_precision"] == 1
    assert row["disorder_type"] == "Political violence"
    for i in incidents:  # fatalities are the best estimate, 0 where none was reported
        got = frame[frame["event_id_cnty"].str.endswith(i.id.removeprefix("inc-"))]["fatalities"].iloc[0]
        assert got == (i.fatalities_best or 0)


def test_ucdp_csv_keeps_best_low_high_and_deaths_per_side(tmp_path: Path, incidents: list[Incident]) -> None:
    out = tmp_path / "ged.csv"
    export_incidents(incidents, "ucdp-csv", out)
    frame = pd.read_csv(out)
    assert tuple(frame.columns) == UCDP_COLUMNS
    assert sorted(frame["id"]) == sorted(_ids(incidents))
    assert (frame["low"] <= frame["best"]).all() and (frame["best"] <= frame["high"]).all()
    sides = frame[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]].sum(axis=1)
    assert (sides >= frame["best"]).all()
    row = frame[frame["id"] == "inc-located"].iloc[0]
    assert (row["deaths_a"], row["deaths_b"], row["deaths_civilians"], row["best"]) == (4, 0, 2, 6)


def test_geojson_is_a_feature_collection_of_points(tmp_path: Path, incidents: list[Incident]) -> None:
    out = tmp_path / "incidents.geojson"
    export_incidents(incidents, "geojson", out)
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert sorted(f["id"] for f in collection["features"]) == sorted(_ids(incidents))
    for feature, incident in zip(collection["features"], incidents, strict=True):
        assert feature["type"] == "Feature" and feature["properties"]["id"] == incident.id
        if incident.lat is None or incident.lon is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"] == {"type": "Point", "coordinates": [incident.lon, incident.lat]}


def test_jsonl_and_parquet_read_back(tmp_path: Path, incidents: list[Incident]) -> None:
    export_incidents(incidents, "jsonl", tmp_path / "i.jsonl")
    lines = pd.read_json(tmp_path / "i.jsonl", lines=True)
    assert list(lines["id"]) == _ids(incidents)
    export_incidents(incidents, "parquet", tmp_path / "i.parquet")
    table = pd.read_parquet(tmp_path / "i.parquet")
    assert list(table["id"]) == _ids(incidents)
    best = [None if pd.isna(v) else int(v) for v in table["fatalities_best"]]
    assert best == [i.fatalities_best for i in incidents]
    figures = [json.loads(f) for f in table["figures"]]
    assert [len(f) for f in figures] == [len(i.figures) for i in incidents]


def test_every_format_keeps_an_empty_set(tmp_path: Path) -> None:
    for fmt in FORMATS:
        assert export_incidents([], fmt, tmp_path / f"empty.{fmt}") == 0
        assert (tmp_path / f"empty.{fmt}").exists()


def test_unknown_format_says_which_exist(tmp_path: Path, incidents: list[Incident]) -> None:
    with pytest.raises(SettingsError, match="acled-csv"):
        export_incidents(incidents, "xlsx", tmp_path / "x.xlsx")


def test_untrusted_text_survives_csv_quoting(tmp_path: Path, incidents: list[Incident]) -> None:
    odd = replace(incidents[-1], id="inc-odd", location='Camp "A", line\nbreak', actor1="a,b")
    export_incidents([odd], "acled-csv", tmp_path / "odd.csv")
    row = pd.read_csv(tmp_path / "odd.csv").iloc[0]
    assert row["location"] == 'Camp "A", line\nbreak' and row["actor1"] == "a,b"


def test_cli_export_writes_the_store(tmp_path: Path, sample_db: Path) -> None:
    from sitrep.cli import app

    out = tmp_path / "events.csv"
    args = ["export", "--db", str(sample_db), "--format", "acled-csv", "--output", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    with sitrep.open(sample_db) as bench:
        assert len(pd.read_csv(out)) == len(bench.incidents())


def test_dataframe_views(sample_db: Path) -> None:
    with sitrep.open(sample_db) as bench:
        found, claims = bench.incidents(), bench.claims()
        incidents, figures, claim_rows = bench.incidents_frame(), bench.figures_frame(), bench.claims_frame()
    assert list(incidents["id"]) == [i.id for i in found]
    assert list(incidents["contested"]) == [any(f.contested for f in i.figures) for i in found]
    assert pd.api.types.is_datetime64_any_dtype(incidents["date_start"])
    assert len(figures) == sum(len(i.figures) for i in found)
    assert len(claim_rows) == len(claims)
    contract = {"doc", "kind", "low", "high", "claimant", "unverified", "start", "end", "text"}
    assert contract <= set(claim_rows.columns)


def test_acled_regions_data_is_sound() -> None:
    regions = acled_regions()
    assert len(regions) > 240
    for code in regions:
        assert code == "XK" or pycountry.countries.get(alpha_2=code) is not None, code
    missing = [c.alpha_2 for c in pycountry.countries if c.alpha_2 not in regions]
    assert not missing, f"countries without an ACLED region: {missing}"
    assert (regions["SO"], regions["AF"], regions["SY"]) == ("Eastern Africa", "South Asia", "Middle East")


def test_readme_python_api_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    import shutil

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code, "the README shows the Python API"
    shutil.copytree(bundled_sample(), tmp_path / "reports")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(code[1], "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    assert len(pd.read_csv(tmp_path / "events.csv")) == len(namespace["incidents"])
