"""How each figure moved: its claims in the order they were published, each voice's revisions, and
each side's latest word.

A claim's time is its report's, to the day: the publication date, else the day the report was
ingested; claims of the same day keep the figure's order, and are all first when they are the
earliest. A voice is a claimant normalised to its
organisation and side (`voices.voice_of`): "the Pakistan military" and "The Pakistani military" are
one line. A voice revises a figure when a later report of it gives another value ("8 → 26 → 31").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..records import ClaimRef, Figure, Incident
from .voices import Voice, voice_of
from .wording import stance


@dataclass(frozen=True, slots=True)
class ReportTime:
    """When a report came: its publication day, else the day it was ingested (and the ingest time)."""

    day: date | None
    ingested: str = ""
    published: bool = False  # whether `day` is the publication date

    @classmethod
    def of(cls, published: str | date | None, ingested: str | None) -> ReportTime:
        if isinstance(published, str):
            published = _day(published)
        if published is not None:
            return cls(published, ingested or "", True)
        return cls(_day((ingested or "")[:10]), ingested or "", False)

    @property
    def key(self) -> tuple[int, date]:
        """The sort key: known days first, in order; unknown ones last."""
        return (0, self.day) if self.day else (1, date.min)


UNKNOWN = ReportTime(None)
Times = Mapping[str, ReportTime]
"""{report name: its time}; a report missing from it has an unknown time."""


@dataclass(frozen=True, slots=True)
class Step:
    """One claim behind a figure, at its report's time."""

    ref: ClaimRef
    voice: Voice
    stance: str  # admission | adversary | report (output.stance)
    when: ReportTime

    @property
    def value(self) -> tuple[int | None, int | None]:
        return (self.ref.low, self.ref.high)


@dataclass(frozen=True, slots=True)
class Line:
    """One voice's values for a figure, in publication order, repeats of the same value left out."""

    voice: Voice
    stance: str
    steps: tuple[Step, ...]

    @property
    def revisions(self) -> tuple[tuple[Step, Step], ...]:
        """Each change of value: (the earlier step, the later one)."""
        return tuple(zip(self.steps, self.steps[1:], strict=False))

    @property
    def text(self) -> str:
        """"8 → 26 → 31"."""
        return " → ".join(value_words(s.ref.low, s.ref.high) for s in self.steps)


@dataclass(frozen=True, slots=True)
class FigureHistory:
    figure: Figure
    steps: tuple[Step, ...]  # every claim, in publication order
    lines: tuple[Line, ...]  # one per voice, in the order each first spoke
    latest: tuple[Step, ...]  # each side's latest word (independent voices and reports as their own sides)
    first: tuple[Step, ...]  # the earliest claims (all those of the earliest day)

    @property
    def moving(self) -> bool:
        """Whether some voice revised the figure."""
        return any(len(line.steps) > 1 for line in self.lines)


def value_words(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "unknown"
    if low is None:
        return f"up to {high}"
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}–{high}"


def figure_history(figure: Figure, times: Times, on: date | None = None) -> FigureHistory:
    """The figure's claims in publication order, one line per voice, each side's latest word."""
    steps = [Step(r, voice_of(r.claimant, r.claimant_country, on), stance(figure, r), times.get(r.doc, UNKNOWN))
             for r in figure.claims]
    steps.sort(key=lambda s: s.when.key)  # stable: claims of one report keep their order
    by_voice: dict[Voice, list[Step]] = {}
    for s in steps:
        kept = by_voice.setdefault(s.voice, [])
        if not kept or kept[-1].value != s.value:
            kept.append(s)
    lines = tuple(Line(v, kept[0].stance, tuple(kept)) for v, kept in by_voice.items())
    latest: dict[tuple[str, str | None], Step] = {}
    for s in steps:
        latest[(s.voice.kind if s.voice.side is None else "party", s.voice.side or s.voice.organisation)] = s
    earliest = steps[0].when.key if steps else None
    first = tuple(s for s in steps if s.when.key == earliest)
    return FigureHistory(figure, tuple(steps), lines, tuple(latest.values()), first)


def incident_history(incident: Incident, times: Times) -> list[FigureHistory]:
    return [figure_history(f, times, incident.date_start) for f in incident.figures]


def times_of(rows: Mapping[str, tuple[str | None, str]]) -> dict[str, ReportTime]:
    """Report times from `Store.report_times` rows."""
    return {name: ReportTime.of(published, ingested) for name, (published, ingested) in rows.items()}


def store_times(store: object, names: Sequence[str] | None = None) -> dict[str, ReportTime]:
    """The times of these reports (or of every report) in a store."""
    return times_of(store.report_times(names))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- JSON and text


def history_json(h: FigureHistory) -> dict[str, object]:
    f = h.figure
    return {
        "kind": f.kind, "subject_country": f.subject_country, "subject_role": f.subject_role,
        "moving": h.moving,
        "claims": [_step_json(s) for s in h.steps],
        "claimants": [
            {**_voice_json(line.voice), "stance": line.stance, "values": line.text,
             "revisions": len(line.revisions), "steps": [_step_json(s) for s in line.steps]}
            for line in h.lines
        ],
        "latest": [_step_json(s) for s in h.latest],
        "first": [_step_json(s) for s in h.first],
    }


def _voice_json(v: Voice) -> dict[str, object]:
    return {"organisation": v.organisation, "side": v.side, "voice": v.kind}


def _step_json(s: Step) -> dict[str, object]:
    return {
        "doc": s.ref.doc, "claimant": s.ref.claimant, **_voice_json(s.voice), "stance": s.stance,
        "low": s.ref.low, "high": s.ref.high, "unverified": s.ref.unverified,
        "published": s.when.day.isoformat() if s.when.published and s.when.day else None,
    }


def moving_line(h: FigureHistory, label: str) -> list[str]:
    """The report's lines for a figure that moved: "Pakistani civilians killed, per Pakistan: 8 (7 May)
    → 26 → 31 (8 May)", one a revising voice."""
    found = []
    for line in h.lines:
        if len(line.steps) < 2:
            continue
        parts = [value_words(s.ref.low, s.ref.high) for s in line.steps]
        first, last = line.steps[0].when, line.steps[-1].when
        if first.day:
            parts[0] += f" ({_short(first.day)})"
        if last.day and last.day != first.day:
            parts[-1] += f" ({_short(last.day)})"
        found.append(f"{label}, per {line.voice.organisation}: {' → '.join(parts)}")
    return found


def _short(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
