"""Reconciling a whole store: in order from the store, and with the event types shared out among
processes, which must give the incidents one process gives."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from helpers import bench_corpus
from sitrep.errors import StoreError
from sitrep.reconcile.incidents import canonical, family, reconcile
from sitrep.run.reconciling import ReadingOrder, reading_order, reconcile_store, shares
from sitrep.run.workbench import Workbench
from sitrep.settings import Settings

PROTESTS = [  # demonstrations, which never join political violence: a second family to share out
    {"id": "protest-1", "published": "2024-03-12", "text": "Thousands of people protested in Lahore on Tuesday "
     "against rising fuel prices. Police used tear gas to disperse the protesters, and 12 were detained."},
    {"id": "protest-2", "published": "2024-03-13", "text": "Students marched peacefully through Karachi on "
     "Wednesday to demand the release of detained activists. The rally ended without incident."},
]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 150 generated reports, reconciled on one process."""
    folder = tmp_path_factory.mktemp("reconciling")
    bench_corpus().write_corpus(folder / "corpus", 150, seed=11, shard=50)
    (folder / "corpus" / "protests.jsonl").write_text("".join(json.dumps(a) + "\n" for a in PROTESTS), encoding="utf-8")
    with Workbench(Settings.load(db=str(folder / "s.db"))) as bench:
        bench.ingest([folder / "corpus"])
    return folder / "s.db"


def test_shares_hold_every_type_once_a_family_whole_and_balance_the_events() -> None:
    rng = random.Random(3)
    kinds = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments",
             "Protests", "Riots"]
    for _ in range(200):
        events = Counter({t: rng.randrange(1, 1000) for t in rng.sample(kinds, rng.randrange(1, len(kinds) + 1))})
        families = {family(t) for t in events}
        order = ReadingOrder((), (), {}, events)
        for processes in (1, 2, 3, 4):
            parts = shares(order, processes)
            assert len(parts) == min(processes, len(families))
            assert sorted(t for part in parts for t in part) == sorted(events)
            assert all(len({family(t) for t in part}) == 1 for part in parts) or len(parts) < len(families)
            loads = [sum(events[t] for t in part) for part in parts]
            # greedy, largest first: no share exceeds the lightest by more than one family's events
            assert max(loads) - min(loads) <= sum(events.values())


def test_events_come_in_reconciling_order(filled: Path) -> None:
    with Workbench(Settings.load(db=str(filled))) as bench:
        order = reading_order(bench.store)
        events = list(bench.events_in_order())
        assert events == sorted(events, key=canonical)
        assert sum(order.events.values()) == len(events) and len(order.events) > 1


def test_types_shared_out_among_processes_give_the_same_incidents(filled: Path) -> None:
    settings = Settings.load(db=str(filled))
    with Workbench(settings) as bench:
        alone = bench.incidents()
        assert alone == reconcile(bench.stored_events(), settings)
        assert len(shares(reading_order(bench.store), 2)) == 2
        bench.store.replace_incidents(alone[1:])  # one missing: the processes must bring it back
        bench.reconcile(workers=2)
        assert bench.incidents() == alone
        bench.reconcile(workers=3)
        assert bench.incidents() == alone


def test_a_failing_process_leaves_the_stored_incidents_as_they_were(filled: Path, tmp_path: Path) -> None:
    settings = Settings.load(db=str(filled))
    with Workbench(settings) as bench:
        before = bench.incidents()
        with pytest.raises(StoreError, match="reconciling the store failed"):
            reconcile_store(bench.store, settings, processes=2, db=str(tmp_path / "missing" / "s.db"))
        assert bench.incidents() == before


def test_a_process_that_dies_is_reported_not_waited_for(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reconciling process killed before it is done (here: its reconciling exits at once) ends the
    parent's reading with an error instead of a wait, and the stored incidents stay as they were."""
    import os

    from sitrep.run import reconciling

    def dies(*_: object) -> None:
        os._exit(3)

    settings = Settings.load(db=str(filled))
    with Workbench(settings) as bench:
        before = bench.incidents()
        monkeypatch.setattr(reconciling, "reconcile_in_order", dies)  # in the forked processes only
        with pytest.raises(StoreError, match="stopped before it was done"):
            reconcile_store(bench.store, settings, processes=2, db=str(filled))
        assert bench.incidents() == before
