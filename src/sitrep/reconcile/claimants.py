"""The claimants' record: what each voice said across every incident of a store, and how it compares.

For each voice (a claimant normalised to organisation and side, `voices`):

- the figures it gave (one per incident figure it spoke on) and its claims behind them;
- for figures about an adversary's losses, its latest word against that adversary's own admission
  and against an independent voice's count, where both exist: each pair kept as evidence, and the
  median ratio (its figure divided by the other) over the pairs where both are above zero; a pair
  against a denial (0) is counted beside them;
- its revisions of its own figures (a later report of it giving another value), up or down;
- how often it was first: among the voices on a figure, none published earlier.

A figure's value in a comparison is its low end for an open range ("201+" is 201), the middle of a
closed range, and its high end when only that is known ("up to 50").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from ..records import Incident
from .history import FigureHistory, Line, Step, Times, incident_history, value_words
from .voices import Voice
from .wording import KIND_WORDS, figure_subject


@dataclass(frozen=True, slots=True)
class Pair:
    """One comparison: the voice's word on an adversary's losses against another's."""

    incident: str
    figure: str  # the figure in words
    own: Step
    other: Step

    @property
    def ratio(self) -> float | None:
        a, b = point(self.own), point(self.other)
        if a is None or b is None or a <= 0 or b <= 0:
            return None
        return a / b


@dataclass(frozen=True, slots=True)
class Revision:
    incident: str
    figure: str
    before: Step
    after: Step

    @property
    def direction(self) -> str:
        a, b = point(self.before), point(self.after)
        if a is None or b is None or a == b:
            return "changed"
        return "up" if b > a else "down"


@dataclass(slots=True)
class Record:
    voice: Voice
    names: Counter[str] = field(default_factory=Counter)
    figures: int = 0
    claims: int = 0
    incidents: set[str] = field(default_factory=set)
    vs_admissions: list[Pair] = field(default_factory=list)
    vs_independent: list[Pair] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    first: list[tuple[str, str]] = field(default_factory=list)  # (incident, figure) it was first on

    @property
    def key(self) -> str:
        """A stable anchor for the voice: organisation and side."""
        return f"{self.voice.organisation}|{self.voice.side or ''}"


def point(s: Step) -> float | None:
    low, high = s.ref.low, s.ref.high
    if low is None:
        return None if high is None else float(high)
    if high is None:
        return float(low)
    return (low + high) / 2


def median_ratio(pairs: Sequence[Pair]) -> float | None:
    ratios = [p.ratio for p in pairs if p.ratio is not None]
    return round(median(ratios), 3) if ratios else None


def claimant_records(incidents: Iterable[Incident], times: Times) -> list[Record]:
    """Every voice's record over `incidents`, the voices giving most figures first."""
    records: dict[Voice, Record] = {}
    for incident in incidents:
        add_incident(records, incident, incident_history(incident, times))
    return ranked(records)


def add_incident(records: dict[Voice, Record], incident: Incident, histories: Iterable[FigureHistory]) -> None:
    """Count one incident's figures (their histories) into `records`."""
    for h in histories:
        _add_figure(records, incident, h)


def ranked(records: dict[Voice, Record]) -> list[Record]:
    """The records, the voices giving most figures first."""
    return sorted(records.values(), key=lambda r: (-r.figures, r.voice.organisation, r.voice.side or ""))


def _add_figure(records: dict[Voice, Record], incident: Incident, h: FigureHistory) -> None:
    label = figure_label(h)
    first = {s.voice for s in h.first}
    admissions = [line for line in h.lines if line.stance == "admission"]
    independent = [line for line in h.lines if line.voice.kind == "independent"]
    of_voice: dict[Voice, list[Step]] = {}
    for s in h.steps:
        of_voice.setdefault(s.voice, []).append(s)
    for line in h.lines:
        rec = records.get(line.voice) or records.setdefault(line.voice, Record(line.voice))
        steps = of_voice[line.voice]
        rec.names.update(s.ref.claimant or "(no claimant)" for s in steps)
        rec.figures += 1
        rec.claims += len(steps)
        rec.incidents.add(incident.id)
        rec.revisions.extend(Revision(incident.id, label, a, b) for a, b in line.revisions)
        if line.voice in first:
            rec.first.append((incident.id, label))
        if line.stance == "adversary":
            own = line.steps[-1]
            other = _latest(admissions)
            if other is not None:
                rec.vs_admissions.append(Pair(incident.id, label, own, other))
            other = _latest(independent)
            if other is not None:
                rec.vs_independent.append(Pair(incident.id, label, own, other))


def _latest(lines: Sequence[Line]) -> Step | None:
    """The latest word among these lines' voices (by publication; the first listed at a tie)."""
    words = [line.steps[-1] for line in lines]
    return max(words, key=lambda s: s.when.key) if words else None


def figure_label(h: FigureHistory) -> str:
    f = h.figure
    return f"{figure_subject(f)} {KIND_WORDS.get(f.kind, f.kind)}".strip()


# --------------------------------------------------------------------------- output


ITEMS_LISTED = 200
"""How many pairs, revisions and firsts a record lists (its counts cover them all): a voice quoted in
thousands of incidents would otherwise make every page of the record megabytes."""


def record_json(r: Record) -> dict[str, Any]:
    ups = sum(1 for v in r.revisions if v.direction == "up")
    downs = sum(1 for v in r.revisions if v.direction == "down")
    return {
        "organisation": r.voice.organisation, "side": r.voice.side, "voice": r.voice.kind,
        "names": [name for name, _ in r.names.most_common()],
        "figures": r.figures, "claims": r.claims, "incidents": len(r.incidents),
        "vs_admissions": _comparison(r.vs_admissions),
        "vs_independent": _comparison(r.vs_independent),
        "revisions": {"count": len(r.revisions), "up": ups, "down": downs,
                      "items": [_revision_json(v) for v in r.revisions[:ITEMS_LISTED]]},
        "first": {"count": len(r.first), "of": r.figures,
                  "items": [{"incident": i, "figure": f} for i, f in r.first[:ITEMS_LISTED]]},
    }


def _comparison(pairs: Sequence[Pair]) -> dict[str, Any]:
    return {
        "median_ratio": median_ratio(pairs),
        "pairs": len([p for p in pairs if p.ratio is not None]),
        "against_zero": len([p for p in pairs if point(p.other) == 0]),
        "items": [_pair_json(p) for p in pairs[:ITEMS_LISTED]],
    }


def _pair_json(p: Pair) -> dict[str, Any]:
    return {
        "incident": p.incident, "figure": p.figure,
        "own": _word(p.own), "other": _word(p.other) | {"organisation": p.other.voice.organisation},
        "ratio": None if p.ratio is None else round(p.ratio, 3),
    }


def _revision_json(v: Revision) -> dict[str, Any]:
    return {"incident": v.incident, "figure": v.figure, "from": _word(v.before), "to": _word(v.after),
            "direction": v.direction}


def _word(s: Step) -> dict[str, Any]:
    return {"low": s.ref.low, "high": s.ref.high, "value": value_words(s.ref.low, s.ref.high),
            "doc": s.ref.doc, "claimant": s.ref.claimant,
            "published": s.when.day.isoformat() if s.when.day and s.when.published else None}


def records_table(records: Sequence[Record]) -> str:
    """A plain-text table: one line per voice."""
    head = ("claimant", "side", "figures", "vs admissions", "vs independent", "revisions", "first")
    rows = [head]
    for r in records:
        ups = sum(1 for v in r.revisions if v.direction == "up")
        rows.append((
            r.voice.organisation, r.voice.side or r.voice.kind, str(r.figures),
            _ratio_cell(r.vs_admissions), _ratio_cell(r.vs_independent),
            f"{len(r.revisions)} ({ups} up, {len(r.revisions) - ups} other)" if r.revisions else "0",
            f"{len(r.first)}/{r.figures}",
        ))
    widths = [max(len(row[n]) for row in rows) for n in range(len(head))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def _ratio_cell(pairs: Sequence[Pair]) -> str:
    m = median_ratio(pairs)
    n = len([p for p in pairs if p.ratio is not None])
    zero = len([p for p in pairs if point(p.other) == 0])
    text = f"×{m:g} ({n} pair{'s' if n != 1 else ''})" if m is not None else "–"
    return text + (f", {zero} vs denial" if zero else "")
