"""The quality gate: ../shared/eval/score.py over the sample and the dev sets, with floors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from evaluate import EVAL, SETS  # noqa: E402 - the sets and their inputs, one table for the gate and the bench

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())
# under CI the dev sets must be there: a gate that skips there holds nothing
if os.environ.get("CI") and not (EVAL / "score.py").exists():
    raise RuntimeError(f"the quality gate needs {EVAL} (../shared/eval beside the repository) under CI")
needs_eval = pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="../shared/eval is not beside the repo")


def _run(args, out: Path) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out.write_text(result.stdout, encoding="utf-8")


def _score(mode: str, gold: Path, pred: Path) -> dict:
    done = subprocess.run([sys.executable, str(EVAL / "score.py"), mode, str(gold), str(pred)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _meets(figures: dict, floors: dict) -> None:
    low = {k: (figures[k], v) for k, v in floors.items() if figures[k] < v}
    assert not low, f"below the floor (figure, floor): {low}"


@needs_eval
def test_every_set_has_floors():
    assert set(SETS) == set(FLOORS) - {"about"}


@needs_eval
@pytest.mark.parametrize("name", sorted(SETS))
def test_quality_floors(tmp_path, name):
    """Each set of `bench/evaluate.py` (the seeds, our invented stories and claims, the dev sets of
    ../shared/eval) scored by score.py, against its floors."""
    command, source, fmt, mode, gold = SETS[name]
    pred = tmp_path / f"{name}.{fmt}"
    _run([command, str(source), "--format", fmt], pred)
    _meets(_score(mode, gold, pred), FLOORS[name])
