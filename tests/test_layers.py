"""The package's layers: data flows down, never up, and no two parts import each other.

From the bottom up:

0. root       `records`, `codec` (records to and from JSON), `errors`, `settings`, `patterns` and the
              data files (`sitrep.data`)
1. extract    reading one report: cleaning, sentences, numbers, figures, claims, places, dates,
              actors, event types, events
2. reconcile  many reports read together: incidents, each figure's history, grades, claimants
3. store      keeping records: SQLite, PostgreSQL, their schema steps
4. sources    where reports come from: files, the web, feeds, copies of one story
5. present    records for people and programs: JSON, the situation report, exports
6. run        running the stages: pipeline, batches, reconciling a store, the workbench, feeds
7. web        the dashboard and its JSON API
8. top        the command line (`sitrep.cli`) and the package itself (`sitrep.open` opens a
              workbench); any layer may read the package's `__version__`

A module may import its own layer and the layers below it. Every import counts: at the top of a
module, inside a function, under `TYPE_CHECKING`, and a module named in a string
(`importlib.import_module("sitrep.x")`, `resources.files("sitrep.x")`, `sys.modules.get("sitrep.x")`).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "sitrep"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("records", "codec", "errors", "settings", "patterns", "data"),
    ("extract",),
    ("reconcile",),
    ("store",),
    ("sources",),
    ("present",),
    ("run",),
    ("web",),
    ("cli", "__main__", ""),  # "": the package's own __init__
)
LAYER_NAMES = ("root", "extract", "reconcile", "store", "sources", "present", "run", "web", "top")


def module_name(path: Path) -> str:
    """`sitrep.extract.claims` for src/sitrep/extract/claims.py, `sitrep.store` for its __init__."""
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def unit(module: str) -> str:
    """The part a module belongs to: its subpackage or root module right under `sitrep` ("" for the
    package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer(module: str) -> int:
    for n, names in enumerate(LAYERS):
        if unit(module) in names:
            return n
    raise AssertionError(f"{module} is in no layer: add its part to LAYERS in tests/test_layers.py")


def imports_of(source: str, module: str, is_package: bool, known: set[str]) -> set[str]:
    """Every sitrep module `source` (the text of `module`) imports, wherever the import stands."""
    found: set[str] = set()
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            # `from . import charts` imports the module `charts`; `from .x import name` a name of x
            inner = {f"{base}.{a.name}" for a in node.names} & known
            found.update(inner)
            if len(inner) < len(node.names):
                found.add(base)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known:
            found.add(node.value)
    return {m for m in found if m == "sitrep" or m.startswith("sitrep.")}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {m: imports_of(p.read_text("utf-8"), m, p.name == "__init__.py", known) - {m} for m, p in found.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph`, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        path.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return path[path.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        state[n] = 2
        path.pop()
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def _upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{m} ({LAYER_NAMES[layer(m)]}) imports {t} ({LAYER_NAMES[layer(t)]})"
        for m, targets in graph.items() for t in targets
        if t != "sitrep" and layer(t) > layer(m)
    )


def test_every_module_has_a_layer():
    for m in modules():
        layer(m)


def test_no_import_from_a_later_layer():
    assert _upward(import_graph()) == []


def test_no_cycle_between_parts():
    graph = import_graph()
    parts: dict[str, set[str]] = {}
    for m, targets in graph.items():
        parts.setdefault(unit(m) or "sitrep", set()).update(unit(t) for t in targets if unit(t) and unit(t) != unit(m))
    assert _cycle(parts) is None


def test_no_cycle_between_modules():
    # a module's own package (`sitrep.web` for `sitrep.web.app`) is loaded before it anyway
    graph = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in import_graph().items()}
    assert _cycle(graph) is None


@pytest.mark.parametrize("part", [name for names in LAYERS[1:-1] for name in names])
def test_each_layer_says_what_it_holds_and_may_import(part):
    doc = ast.get_docstring(ast.parse((SRC / part / "__init__.py").read_text("utf-8"))) or ""
    assert "import" in doc, f"sitrep/{part}/__init__.py: say what the layer holds and what it may import"


# the reader itself: each kind of import it must see


def _read(source: str, module: str = "sitrep.extract.claims") -> set[str]:
    known = {"sitrep.extract.claims", "sitrep.reconcile.incidents", "sitrep.present", "sitrep.present.charts",
             "sitrep.web", "sitrep.records"}
    return imports_of(source, module, False, known)


@pytest.mark.parametrize("source", [
    "from ..reconcile.incidents import reconcile",
    "def f():\n    from ..reconcile import incidents\n",
    "import sitrep.reconcile.incidents",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sitrep.reconcile.incidents import x\n",
    "import importlib\nm = importlib.import_module('sitrep.reconcile.incidents')",
], ids=["relative", "inside-function", "absolute", "type-checking", "by-name"])
def test_the_reader_sees_an_upward_import(source):
    found = _read(source)
    assert "sitrep.reconcile.incidents" in found
    assert _upward({"sitrep.extract.claims": found}) != []


def test_the_reader_resolves_a_module_imported_from_its_package():
    assert "sitrep.present.charts" in _read("from . import charts", "sitrep.present.html")


def test_the_reader_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_readme_layout_matches_the_tree():
    """Every part and every module of the layers below the dashboard is named in the README's
    "How the code is laid out", so a new module cannot hide from a newcomer."""
    readme = (SRC.parents[1] / "README.md").read_text("utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    words = set(re.findall(r"[\w]+", section))
    for m in modules():
        parts = m.split(".")
        layered = (len(parts) == 3 and parts[1] != "web") or (len(parts) == 2 and parts[1] not in ("web", "data"))
        if layered:
            assert parts[-1] in words, f"{m} is not in the README's layout"
    for names in LAYERS[1:-1]:
        for name in names:
            assert f"{name}/" in section, f"sitrep/{name}/ is not in the README's layout"
