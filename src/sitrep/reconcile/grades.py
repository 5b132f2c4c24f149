"""The incident grade: how solid an incident is, from the evidence behind its figures.

In the spirit of Airwars' grading, the first rule that applies gives the grade, and its reason is
shown beside it. A voice is a claimant normalised to its organisation and side (`voices`); a voice's
word on a figure is its latest (by publication, `history`), so a voice that revised its own figure
does not contradict itself.

1. `contested` — two voices' latest words on one figure cannot both be true (their ranges do not
   meet: 23 against 58 killed, or a denial, 0, against 23);
2. `confirmed` — both parties, or a party and an independent voice, agree on a figure (their ranges
   meet);
3. `one_party` — every figure given by a side comes from one side, and no independent voice gives one;
4. `single_source` — everything rests on one report, or on one voice;
5. `several_sources` — several reports or voices, none of them a party confirming another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Incident
from .history import FigureHistory, Step, Times, incident_history, value_words
from .wording import KIND_WORDS, figure_subject

GRADES = ("contested", "confirmed", "one_party", "single_source", "several_sources")
GRADE_WORDS = {
    "contested": "contested", "confirmed": "confirmed", "one_party": "reported by one party only",
    "single_source": "single source", "several_sources": "several sources, unconfirmed",
}


@dataclass(frozen=True, slots=True)
class Grade:
    grade: str  # one of GRADES
    reason: str

    @property
    def words(self) -> str:
        return GRADE_WORDS[self.grade]


def grade(incident: Incident, times: Times, histories: Sequence[FigureHistory] | None = None) -> Grade:
    """The incident's grade and why (see the module's rules); `histories`, when given, are its
    figures' histories already worked out from `times`."""
    if histories is None:
        histories = incident_history(incident, times)
    for h in histories:
        clash = _clash(h)
        if clash:
            a, b = clash
            return Grade("contested", f"{_label(h)}: {_said(a)} against {_said(b)}")
    for h in histories:
        agree = _agreement(h)
        if agree:
            a, b = agree
            return Grade("confirmed", f"{_label(h)}: {_said(a)} and {_said(b)} agree")
    words = [w for h in histories for w in _words(h)]
    sides = {w.voice.side for w in words if w.voice.kind == "party"}
    independent = {w.voice for w in words if w.voice.kind == "independent"}
    if len(sides) == 1 and not independent:
        party = next(w.voice.organisation for w in words if w.voice.kind == "party")
        return Grade("one_party", f"every figure from a side comes from {party}; no independent voice")
    voices = {w.voice for w in words}
    if len(incident.docs) <= 1:
        return Grade("single_source", f"one report ({incident.docs[0] if incident.docs else 'none'})")
    if len(voices) == 1:
        return Grade("single_source", f"every figure from one voice: {next(iter(voices)).organisation}")
    if not words:
        return Grade("several_sources", f"{len(incident.docs)} reports, no figures")
    return Grade("several_sources", f"{len(incident.docs)} reports and {len(voices)} voices, no party confirmed")


def grade_json(g: Grade) -> dict[str, str]:
    return {"grade": g.grade, "reason": g.reason}


def _words(h: FigureHistory) -> list[Step]:
    """Each voice's latest word on the figure."""
    return [line.steps[-1] for line in h.lines]


def _clash(h: FigureHistory) -> tuple[Step, Step] | None:
    words = _words(h)
    for n, a in enumerate(words):
        for b in words[n + 1:]:
            if _disjoint(a, b):
                return (a, b) if (a.ref.low or 0) <= (b.ref.low or 0) else (b, a)
    return None


def _agreement(h: FigureHistory) -> tuple[Step, Step] | None:
    words = [w for w in _words(h) if w.voice.kind != "report" and (w.ref.low is not None or w.ref.high is not None)]
    for n, a in enumerate(words):
        for b in words[n + 1:]:
            if _disjoint(a, b):
                continue
            parties = {w.voice.side for w in (a, b) if w.voice.kind == "party"}
            if len(parties) == 2 or (len(parties) == 1 and "independent" in (a.voice.kind, b.voice.kind)):
                return a, b
    return None


def _disjoint(a: Step, b: Step) -> bool:
    """Whether two claims' ranges do not meet (an open high bound reaches any figure above it)."""
    if (a.ref.low is None and a.ref.high is None) or (b.ref.low is None and b.ref.high is None):
        return False
    a_low, a_high = a.ref.low or 0, a.ref.high if a.ref.high is not None else float("inf")
    b_low, b_high = b.ref.low or 0, b.ref.high if b.ref.high is not None else float("inf")
    return a_high < b_low or b_high < a_low


def _label(h: FigureHistory) -> str:
    f = h.figure
    return f"{figure_subject(f)} {KIND_WORDS.get(f.kind, f.kind)}".strip()


def _said(s: Step) -> str:
    return f"{value_words(s.ref.low, s.ref.high)} per {s.voice.organisation}"
