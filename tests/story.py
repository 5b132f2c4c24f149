"""An invented multi-day story for the figure history, the claimants' record and the grades.

A border shelling in Surin province (Thailand) reported over four days by four invented outlets: the
Thai army revises its civilian toll 8 → 26 → 31; Cambodia's defence ministry claims 40 Thai soldiers
killed (the Thai army admits 3) and denies firing on civilians; the Red Cross counts 5 soldiers.
Every sentence and figure here is made up.
"""

from __future__ import annotations

import json
from pathlib import Path

ARTICLES = [
    {"id": "bkk-wire-0724", "source": "Bangkok Wire", "published": "2025-07-24",
     "title": "Shelling hits border villages in Surin",
     "text": "SURIN, Thailand, 24 July 2025 - Cambodian artillery shelled villages near the border in Surin "
             "province on Thursday. The Thai army said 8 Thai civilians were killed in the shelling. The Thai "
             "army said 3 Thai soldiers were killed in the fighting."},
    {"id": "pp-daily-0724", "source": "Phnom Penh Daily", "published": "2025-07-24",
     "title": "Cambodia says border attack repelled",
     "text": "PHNOM PENH, 24 July 2025 - Cambodia's defence ministry said its forces killed 40 Thai soldiers in "
             "fighting near the border with Surin province on Thursday. The ministry denied that Cambodian "
             "forces had fired on civilians."},
    {"id": "regional-times-0725", "source": "Regional Times", "published": "2025-07-25",
     "title": "Death toll rises in Surin",
     "text": "SURIN, Thailand, 25 July 2025 - The death toll from Thursday's Cambodian shelling in Surin province "
             "rose on Friday. The Thai army said 26 Thai civilians were killed. Cambodia's defence ministry said "
             "its forces killed 40 Thai soldiers."},
    {"id": "bkk-wire-0726", "source": "Bangkok Wire", "published": "2025-07-26", "title": "Surin toll climbs again",
     "text": "SURIN, Thailand, 26 July 2025 - The Thai army said on Saturday that 31 Thai civilians were killed in "
             "Thursday's Cambodian shelling in Surin province. The Thai army said 3 Thai soldiers were killed in "
             "the fighting, a figure that could not be independently verified."},
    {"id": "asia-monitor-0727", "source": "Asia Monitor", "published": "2025-07-27",
     "title": "Red Cross counts the dead in Surin",
     "text": "SURIN, Thailand, 27 July 2025 - The International Committee of the Red Cross said 31 Thai civilians "
             "were killed in Thursday's Cambodian shelling in Surin province. The Red Cross said 5 Thai soldiers "
             "were killed in the fighting."},
]


def write_story(folder: Path) -> Path:
    """The story as a JSON Lines file in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "story.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def story_store(path: Path) -> Path:
    """A store at `path` holding the story (ingested as `sitrep ingest` does)."""
    from sitrep.run.workbench import Workbench
    from sitrep.settings import Settings

    source = write_story(path.parent / "story")
    with Workbench(Settings.load(db=str(path))) as bench:
        bench.ingest([source])
    return path


def by_figure(incident: dict, kind: str, country: str, role: str) -> tuple[dict, dict]:
    """(figure, its history) of an incident's JSON, found by what it counts."""
    for f, h in zip(incident["figures"], incident["history"], strict=True):
        if (f["kind"], f["subject_country"], f["subject_role"]) == (kind, country, role):
            return f, h
    raise AssertionError(f"no {kind} {country} {role} figure in {incident['id']}")


def line_of(history: dict, side: str) -> dict:
    """The history line of the party speaking for `side`."""
    found = [c for c in history["claimants"] if c["side"] == side and c["voice"] == "party"]
    assert len(found) == 1, history["claimants"]
    return found[0]
