"""The code type-checks as pyproject.toml's [tool.mypy] asks: strict for the extraction and
reconciliation layers (sitrep.extract, sitrep.reconcile), the default checks elsewhere. Like lint, it is
part of the test command."""

import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALLED = importlib.util.find_spec("mypy") is not None


@pytest.mark.skipif(not INSTALLED and not os.environ.get("CI"),  # under CI a missing mypy fails
                    reason="mypy is not installed (pip install -e '.[test]')")
def test_mypy_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_layers_that_make_records_are_checked_strictly():
    """The strict options stand for the extraction and reconciliation layers, and mypy reads the package."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mypy"]
    assert config["files"] == ["src/sitrep"]
    strict = [o for o in config["overrides"] if o.get("disallow_untyped_defs")]
    assert strict, "no override makes any module strict"
    modules = {m for o in strict for m in o["module"]}
    assert {"sitrep.extract.*", "sitrep.reconcile.*"} <= modules
    for option in ("disallow_any_generics", "warn_return_any", "disallow_untyped_calls", "no_implicit_reexport"):
        assert all(o.get(option) for o in strict), option
