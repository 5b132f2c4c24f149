"""The pipeline, stage by stage:

1. ingest    — files, folders, JSON Lines, HTML → `Document` (`ingest.read_inputs`)
2. clean     — boilerplate blanked, mojibake repaired, offsets kept (`clean.clean`, inside ingest)
3. annotate  — amounts, dates, places, actors → `Annotations` (`annotate`)
4. claims    — figures with subject, claimant and hedge → `Claim` (`claims.extract_claims`)
5. events    — what happened in each report, when, where, who → `Event` (`events.read_events`)
6. incidents — events of many reports reconciled → `Incident` (`incidents.reconcile`)
7. store     — SQLite, idempotent by content hash (`store.Store`)
8. present   — situation report, JSON, tables (`report`, `output`)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from ..errors import ExtractionError, SitrepError
from ..extract.actors import find_actors
from ..extract.claims import extract_claims
from ..extract.dates import find_dates
from ..extract.numbers import find_quantities
from ..extract.places import dateline_spans, find_places
from ..extract.sentences import split_sentences
from ..records import Annotations, Claim, DateMention, Document, Event
from ..settings import Settings

if TYPE_CHECKING:
    from ..sources.copies import Signature

log = logging.getLogger(__name__)

Stage = Literal["annotate", "claims", "events"]
"""The last stage a run goes through."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """One document carried through annotate, claims and events."""

    document: Document
    annotations: Annotations
    claims: tuple[Claim, ...]
    events: tuple[Event, ...]
    copy_signature: Signature | None = field(default=None, compare=False, repr=False)
    """What copy detection needs of the report, when the process that analysed it made it already."""


@dataclass(slots=True)
class Failure:
    source: str
    stage: str
    code: str
    message: str


@dataclass(slots=True)
class Run:
    """What a run produced, and what failed on the way (nothing is dropped silently)."""

    analyses: list[Analysis] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def claims(self) -> list[Claim]:
        return [c for a in self.analyses for c in a.claims]

    @property
    def events(self) -> list[Event]:
        return [e for a in self.analyses for e in a.events]


def annotate(doc: Document, settings: Settings) -> Annotations:
    """Stage 3: every amount, date, place and actor in the document's analysis text, with what the
    later stages read of the whole report, worked out once: its sentences and its dateline places."""
    text = doc.analysis
    dates = tuple(find_dates(text, doc.published))
    actors = find_actors(text, report_date(doc, dates, settings))
    countries = tuple(dict.fromkeys(a.country for a in actors if a.country))
    places = tuple(find_places(text, countries=countries))
    return Annotations(
        quantities=tuple(find_quantities(text)),
        dates=dates,
        places=places,
        actors=tuple(actors),
        sentences=tuple(split_sentences(text)),
        datelines=dateline_spans(text, places),
    )


def report_date(doc: Document, dates: Iterable[DateMention], settings: Settings) -> date | None:
    """The day a report speaks from: its publication date, else the latest full date it names
    (a 2019 note without a publication date speaks of the Taliban of 2019), else the clock."""
    if doc.published:
        return doc.published
    days = [d.last_day for d in dates if d.precision == "day"]
    return max(days) if days else settings.today


def analyse(doc: Document, settings: Settings, through: Stage = "events") -> Analysis:
    """Stages 3–5 for one document, or only up to `through` (what a caller will not show is not
    worked out: `sitrep extract` needs no events, `sitrep annotate` no claims)."""
    annotations = annotate(doc, settings)
    if through == "annotate":
        return Analysis(doc, annotations, (), ())
    claims = tuple(extract_claims(doc, annotations, today=report_date(doc, annotations.dates, settings)))
    if through == "claims":
        return Analysis(doc, annotations, claims, ())
    from ..extract.events import read_events  # the events stage: imported when a run goes that far

    events = tuple(read_events(doc, annotations, claims, settings))
    return Analysis(doc, annotations, claims, events)


def analyse_all(
    documents: Iterable[Document | SitrepError], settings: Settings, through: Stage = "events"
) -> Iterator[Analysis | Failure]:
    """Each document analysed (up to `through`), or the failure that stopped it; one failure never
    stops the rest."""
    for item in documents:
        if isinstance(item, SitrepError):
            yield Failure(item.source or "?", "ingest", item.code, str(item))
            continue
        try:
            yield analyse(item, settings, through)
        except SitrepError as err:
            yield Failure(item.name, "analyse", err.code, str(err))
        except Exception as err:  # a bug in one stage must not lose the other reports
            log.exception("analysis failed on %s", item.name)
            wrapped = ExtractionError(f"{type(err).__name__}: {err}", source=item.name, hint="please report this")
            yield Failure(item.name, "analyse", wrapped.code, str(wrapped))
