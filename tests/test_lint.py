"""The code stays as ruff's rules in pyproject.toml want it (lint is part of the test command)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.prefix) / "bin" / "ruff").exists(),
                    reason="ruff is not installed (pip install -e '.[test]')")
def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.prefix) / "bin" / "ruff")
    done = subprocess.run([ruff, "check", "src", "tests", "bench", "scripts"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
