"""Incidents in other tools' formats: ACLED CSV, UCDP GED-style CSV, GeoJSON, JSON Lines, Parquet.

    export_incidents(incidents, "acled-csv", "events.csv")

One row (feature, line) per incident, always: an incident without a place or a date is kept with
empty cells. `acled-csv` has ACLED's columns in ACLED's order, `fatalities` being the best
estimate by ACLED's rule; `ucdp-csv` gives UCDP GED's best/low/high with deaths per side.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pycountry

from ..errors import OutputError, SettingsError
from ..extract.actors import resolve
from ..reconcile.grades import grade
from ..records import Figure, Incident
from .output import claim_json, figure_json, incident_json
from .phrases import figure_line

if TYPE_CHECKING:
    from ..reconcile.history import Times

log = logging.getLogger(__name__)

# pandas and pyarrow are imported inside the functions that use them: together they take about
# 0.6 s to import, which every command that loads this module would otherwise wait for.

ACLED_COLUMNS: Final = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp", "grade", "grade_reason",
)
"""ACLED's columns in ACLED's order, then sitrep's incident grade and its reason (`grades`)."""
UCDP_COLUMNS: Final = (
    "id", "year", "type_of_violence", "side_a", "side_b", "country", "country_id", "region", "adm_1",
    "where_coordinates", "latitude", "longitude", "where_prec", "date_start", "date_end", "date_prec",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low", "number_of_sources",
    "source_article", "grade", "grade_reason",
)
FORMATS: Final = ("acled-csv", "ucdp-csv", "geojson", "jsonl", "parquet")

_DISORDER: Final = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations", "Strategic developments": "Strategic developments",
}
_TIME_PRECISION: Final = {"day": 1, "week": 2, "month": 3, "year": 3}
_UCDP_DATE_PREC: Final = {"day": 1, "week": 2, "month": 3, "year": 4}
_INTER_PREFIXES: Final = (
    ("Military Forces of", "State forces"), ("Police Forces of", "State forces"),
    ("Government of", "State forces"), ("Civilians", "Civilians"), ("Protesters", "Protesters"),
    ("Rioters", "Rioters"), ("Unidentified Armed Group", "Political militia"),
)
_ROLE_INTER: Final = {"military": "State forces", "armed_group": "Rebel group", "civilian": "Civilians"}


@lru_cache(maxsize=1)
def acled_regions() -> dict[str, str]:
    """{ISO alpha-2: ACLED region} from `data/acled_regions.json`."""
    data = json.loads(resources.files("sitrep.data").joinpath("acled_regions.json").read_text("utf-8"))
    return {code: region for region, codes in data["regions"].items() for code in codes}


@lru_cache(maxsize=512)
def _country(code: str | None) -> tuple[str, int | None, str]:
    """(name, ISO numeric, ISO alpha-3) of an alpha-2 code; the code itself where unknown."""
    if not code:
        return "", None, ""
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code, None, code
    return getattr(found, "common_name", found.name), int(found.numeric), found.alpha_3


def actor_type(name: str | None, incident: Incident) -> str:
    """ACLED's actor type (`inter1`) from an ACLED-style actor name, or "" where it cannot be told."""
    if not name:
        return ""
    for prefix, kind in _INTER_PREFIXES:
        if name.startswith(prefix):
            return kind
    try:
        _country_code, role = resolve(name, incident.date_start)
    except Exception:  # noqa: BLE001 - actor data is optional for an export; an unknown type is ""
        log.debug("could not resolve actor %r", name, exc_info=True)
        return ""
    return _ROLE_INTER.get(role, "")


def grade_cells(incident: Incident, times: Times | None = None) -> dict[str, str]:
    """The incident's grade and its reason, as the exports' last two columns."""
    g = grade(incident, times or {})
    return {"grade": g.grade, "grade_reason": g.reason}


def acled_row(incident: Incident, exported: int, times: Times | None = None) -> dict[str, Any]:
    """One incident as an ACLED data row (ACLED's column names; numbers as numbers)."""
    i = incident
    name, numeric, alpha3 = _country(i.country)
    inter1, inter2 = actor_type(i.actor1, i), actor_type(i.actor2, i)
    interaction = f"{inter1}-{inter2}" if inter1 and inter2 else f"{inter1 or inter2} only"
    if not (inter1 or inter2):
        interaction = ""
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}{i.id.removeprefix('inc-')}",
        "event_date": i.date_start.isoformat() if i.date_start else "",
        "year": i.date_start.year if i.date_start else None,
        "time_precision": _TIME_PRECISION.get(i.date_precision or "", 3 if i.date_start else None),
        "disorder_type": _DISORDER.get(i.event_type, ""),
        "event_type": i.event_type, "sub_event_type": i.sub_event_type,
        "actor1": i.actor1 or "", "assoc_actor_1": "", "inter1": inter1,
        "actor2": i.actor2 or "", "assoc_actor_2": "", "inter2": inter2, "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == "Civilians" else "",
        "iso": numeric, "region": acled_regions().get(i.country or "", ""), "country": name,
        "admin1": i.admin1 or "", "admin2": "", "admin3": "", "location": i.location or "",
        "latitude": i.lat, "longitude": i.lon, "geo_precision": i.geo_precision,
        "source": "; ".join(i.docs), "source_scale": "", "notes": _notes(i),
        "fatalities": i.fatalities_best if i.fatalities_best is not None else 0,
        "tags": "contested figures" if any(f.contested for f in i.figures) else "",
        "timestamp": exported,
    } | grade_cells(i, times)


def _notes(i: Incident) -> str:
    return " | ".join(figure_line(f) for f in i.figures)


def ucdp_row(incident: Incident, times: Times | None = None) -> dict[str, Any]:
    """One incident as a UCDP GED-style row: deaths per side, and low <= best <= high as UCDP keeps
    them (an open high becomes the highest figure reported)."""
    i = incident
    name, numeric, _ = _country(i.country)
    killed = [f for f in i.figures if f.kind == "killed"]
    side_a = [f for f in killed if f.subject_role in ("military", "armed_group") and _side(f, i) == "a"]
    side_b = [f for f in killed if f.subject_role in ("military", "armed_group") and _side(f, i) == "b"]
    civilians = sum(f.best or 0 for f in killed if f.subject_role == "civilian")
    deaths_a, deaths_b = sum(f.best or 0 for f in side_a), sum(f.best or 0 for f in side_b)
    known = deaths_a + deaths_b + civilians
    best = i.fatalities_best or 0
    return {
        "id": i.id, "year": i.date_start.year if i.date_start else None,
        "type_of_violence": 3 if i.event_type == "Violence against civilians" else 1,
        "side_a": i.actor1 or "", "side_b": i.actor2 or "", "country": name, "country_id": numeric,
        "region": acled_regions().get(i.country or "", ""), "adm_1": i.admin1 or "",
        "where_coordinates": i.location or "", "latitude": i.lat, "longitude": i.lon,
        "where_prec": i.geo_precision,
        "date_start": i.date_start.isoformat() if i.date_start else "",
        "date_end": (i.date_end or i.date_start).isoformat() if i.date_start else "",
        "date_prec": _UCDP_DATE_PREC.get(i.date_precision or "", 5 if not i.date_start else 1),
        "deaths_a": deaths_a, "deaths_b": deaths_b, "deaths_civilians": civilians,
        "deaths_unknown": max(best - known, 0),
        "best": best, "high": max(v for v in (i.fatalities_high, i.fatalities_low, best) if v is not None),
        "low": min(v for v in (i.fatalities_low, best) if v is not None),
        "number_of_sources": len(i.docs), "source_article": "; ".join(i.docs),
    } | grade_cells(i, times)


def _side(f: Figure, i: Incident) -> str:
    """Which side ("a": actor1's, "b": actor2's, "" unknown) a figure's dead belong to."""
    for side, actor in (("a", i.actor1), ("b", i.actor2)):
        if actor and f.subject_country and actor.endswith(f"of {_country(f.subject_country)[0]}"):
            return side
    for side, actor in (("a", i.actor1), ("b", i.actor2)):
        if actor and f.subject_country and _country(f.subject_country)[0] in actor:
            return side
    return ""


def geojson_feature(incident: Incident, times: Times | None = None) -> dict[str, Any]:
    """A GeoJSON Feature: a Point where the incident is located (null geometry otherwise)."""
    props = incident_json(incident, times)
    geometry = None
    if incident.lat is not None and incident.lon is not None:
        geometry = {"type": "Point", "coordinates": [incident.lon, incident.lat]}
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": props}


_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula in a text cell."""


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: None empty, and text a spreadsheet would run as a formula (a report
    named `=HYPERLINK(...)`) kept as text by a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(rows: list[dict[str, Any]], columns: Sequence[str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: csv_cell(v) for k, v in row.items()})


def _acled(incidents: Sequence[Incident], path: Path, times: Times) -> None:
    exported = int(datetime.now(UTC).timestamp())
    _write_csv([acled_row(i, exported, times) for i in incidents], ACLED_COLUMNS, path)


def _ucdp(incidents: Sequence[Incident], path: Path, times: Times) -> None:
    _write_csv([ucdp_row(i, times) for i in incidents], UCDP_COLUMNS, path)


def _geojson(incidents: Sequence[Incident], path: Path, times: Times) -> None:
    collection = {"type": "FeatureCollection", "features": [geojson_feature(i, times) for i in incidents]}
    path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")


def _jsonl(incidents: Sequence[Incident], path: Path, times: Times) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in incidents:
            out.write(json.dumps(incident_json(i, times), ensure_ascii=False) + "\n")


def _parquet(incidents: Sequence[Incident], path: Path, times: Times) -> None:
    import pyarrow as pa  # inside: see the note at the top
    import pyarrow.parquet as pq

    rows = [incident_json(i, times) for i in incidents]
    for row in rows:  # nested records as JSON text: one flat, typed table
        row["docs"] = json.dumps(row["docs"], ensure_ascii=False)
        row["figures"] = json.dumps(row["figures"], ensure_ascii=False)
        row["history"] = json.dumps(row["history"], ensure_ascii=False)
        row.update({"grade": row["grade"]["grade"], "grade_reason": row["grade"]["reason"]})
        fatalities = row.pop("fatalities")
        row.update({f"fatalities_{k}": v for k, v in fatalities.items()})
    pq.write_table(pa.Table.from_pylist(rows, schema=_parquet_schema()), path)


def _parquet_schema() -> Any:
    import pyarrow as pa  # inside: see the note at the top

    text, integer, real = pa.string(), pa.int64(), pa.float64()
    fields = [("id", text), ("date_start", text), ("date_end", text), ("date_precision", text),
              ("country", text), ("admin1", text), ("location", text), ("lat", real), ("lon", real),
              ("geo_precision", integer), ("event_type", text), ("sub_event_type", text),
              ("actor1", text), ("actor2", text), ("docs", text), ("figures", text),
              ("fatalities_low", integer), ("fatalities_best", integer), ("fatalities_high", integer),
              ("history", text), ("grade", text), ("grade_reason", text)]
    return pa.schema(fields)


_WRITERS: Final[dict[str, Callable[[Sequence[Incident], Path, Times], None]]] = {
    "acled-csv": _acled, "ucdp-csv": _ucdp, "geojson": _geojson, "jsonl": _jsonl, "parquet": _parquet,
}


def export_incidents(
    incidents: Sequence[Incident], fmt: str, output: str | os.PathLike[str], times: Times | None = None
) -> int:
    """Write `incidents` to `output` in format `fmt` (one of `FORMATS`); return how many were written.
    `times` (report name: its publication time, `history.store_times`) orders each figure's history
    and grades the incidents; without them claims keep their figure's order."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise SettingsError(f"unknown export format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")
    path = Path(output)
    rows = list(incidents)
    with output_file(path) as target:
        writer(rows, target, times or {})
    log.info("exported %d incidents to %s as %s", len(incidents), path, fmt)
    return len(incidents)


@contextmanager
def output_file(path: Path) -> Iterator[Path]:
    """Where to write `path`: a temporary file beside it, renamed over it once complete, so that a
    failed export leaves an existing file as it was; a device or pipe (`/dev/stdout`) is written in
    place. Every failure is an `OutputError` naming `path`."""
    if path.is_dir():
        raise OutputError("the output is a folder", source=str(path), hint="give a file name")
    if path.exists() and not path.is_file():
        with writing(path):
            yield path
        return
    with writing(path):
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
    temporary = Path(name)
    try:
        with writing(path):
            yield temporary
            os.chmod(temporary, _file_mode(path))
            os.replace(temporary, path)
    finally:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """An `OSError` while writing `path` as an `OutputError` that names it and says what to check."""
    try:
        yield
    except OSError as err:
        raise OutputError(f"cannot write the file: {err.strerror or err}", source=str(path),
                          hint="check that its folder exists and is writable, and that there is room") from None


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, or a new file's (read and write as the umask allows)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def incidents_frame(incidents: Sequence[Incident]) -> Any:
    """A pandas DataFrame, one row per incident: the contract's fields, `fatalities` split into
    `fatalities_low/best/high`, `docs` and `figures` as lists, `contested` true where a figure is."""
    import pandas as pd  # inside: see the note at the top

    rows = []
    for i in incidents:
        row = incident_json(i)
        row.update({f"fatalities_{k}": v for k, v in row.pop("fatalities").items()})
        row["contested"] = any(f.contested for f in i.figures)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=_INCIDENT_FRAME_COLUMNS)
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    counts = ("geo_precision", "fatalities_low", "fatalities_best", "fatalities_high")
    return frame.astype({c: "Int64" for c in counts})


def figures_frame(incidents: Sequence[Incident]) -> Any:
    """A pandas DataFrame, one row per reconciled figure: incident id, kind, subject, low/best/high,
    contested, and how many claims and reports stand behind it."""
    import pandas as pd  # inside: see the note at the top

    rows = []
    for i in incidents:
        for f in i.figures:
            row = figure_json(f)
            claims = row.pop("claims")
            reports = len({c["doc"] for c in claims})
            rows.append({"incident": i.id, **row, "claims": len(claims), "reports": reports})
    columns = ["incident", "kind", "subject_country", "subject_role", "low", "best", "high", "contested",
               "claims", "reports"]
    return pd.DataFrame(rows, columns=columns).astype({c: "Int64" for c in ("low", "best", "high")})


def claims_frame(claims: Sequence[Any]) -> Any:
    """A pandas DataFrame, one row per claim, with the contract's claim fields as columns."""
    import pandas as pd  # inside: see the note at the top

    rows = [claim_json(c) for c in claims]
    frame = pd.DataFrame(rows, columns=list(_CLAIM_FRAME_COLUMNS) if not rows else None)
    return frame.astype({c: "Int64" for c in ("low", "high")})


_INCIDENT_FRAME_COLUMNS: Final = [
    "id", "date_start", "date_end", "date_precision", "country", "admin1", "location", "lat", "lon",
    "geo_precision", "event_type", "sub_event_type", "actor1", "actor2", "docs", "figures",
    "fatalities_low", "fatalities_best", "fatalities_high", "contested",
]
_CLAIM_FRAME_COLUMNS: Final = (
    "doc", "kind", "low", "high", "approx", "subject", "subject_country", "subject_role", "claimant",
    "claimant_country", "unverified", "start", "end", "text",
)
