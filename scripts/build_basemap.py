"""Rebuild the dashboard's offline basemap: country outlines from Natural Earth (1:110m).

The outlines come from the npm package `world-atlas` (Natural Earth as TopoJSON), fetched with
`npm pack`; this script decodes the TopoJSON, rounds coordinates to 0.01° and drops repeated
points, and writes a compact GeoJSON FeatureCollection into the web package:

    python scripts/build_basemap.py [--version 2.0.2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/sitrep/web/static/basemap/countries.geojson"
DIGITS = 2
ANTARCTICA = "010"  # no conflict events; its ring runs round the pole and across the whole map


def fetch_topology(version: str, work: Path) -> dict:
    command = ["npm", "pack", "--silent", f"world-atlas@{version}"]
    packed = subprocess.run(command, cwd=work, check=True, capture_output=True, text=True).stdout
    name = packed.strip().splitlines()[-1]
    with tarfile.open(work / name) as tar:
        member = tar.extractfile("package/countries-110m.json")
        assert member is not None, "world-atlas no longer ships countries-110m.json"
        return json.load(member)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute coordinates of every arc (TopoJSON arcs are delta-encoded and quantized)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    out: list[list[float]] = []
    for x, y in points:
        p = [round(x, DIGITS), round(y, DIGITS)]
        if not out or p != out[-1]:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return unwrap(out)


def unwrap(points: list[list[float]]) -> list[list[float]]:
    """A ring that crosses the antimeridian, moved east of it (so no edge runs across the map)."""
    if any(abs(a[0] - b[0]) > 180 for a, b in zip(points, points[1:], strict=False)):
        return [[x + 360 if x < 0 else x, y] for x, y in points]
    return points


def features(topology: dict) -> list[dict]:
    arcs = decode_arcs(topology)
    found = []
    for geom in topology["objects"]["countries"]["geometries"]:
        if geom.get("id") == ANTARCTICA:
            continue
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        coords = [[ring(r, arcs) for r in poly] for poly in polys]
        coords = [[r for r in poly if len(r) >= 4] for poly in coords]
        coords = [poly for poly in coords if poly]
        if not coords:
            continue
        found.append({
            "type": "Feature",
            "id": geom.get("id"),
            "properties": {"name": geom.get("properties", {}).get("name")},
            "geometry": {"type": "MultiPolygon", "coordinates": coords},
        })
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="2.0.2", help="world-atlas version on the npm registry")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        topology = fetch_topology(args.version, Path(tmp))
    collection = {
        "type": "FeatureCollection",
        "source": f"Natural Earth 1:110m via world-atlas {args.version} (public domain)",
        "features": features(topology),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(collection['features'])} countries, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main()
