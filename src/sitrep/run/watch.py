"""Sources and watching: files, stdin, web pages and feeds into the store, once or on a schedule.

`ingest_sources(bench, sources)` reads every source — a file, a folder, `-` (standard input), a
page URL or a feed URL (each item's page fetched) — into the workbench's store, and records each
web source's last fetch (status, reason, item counts, validators for conditional GET). A failing
source or item is recorded with its reason and asked again on the next poll; the others go on,
and nothing stored is touched. Each fetched page is analysed and stored as it comes (nothing waits
for the other items, or the other sources), and a page is recorded as fetched (`ok`) only once its
report is stored: a run stopped at any moment leaves the items it had not stored to the next poll.
`poll` is one round over web sources with what changed announced (a new incident, a new figure, a
new claim contradicting a stored one); `watch` polls on a schedule.

The fetcher (and through it the HTTP transport), the clock and `sleep` are injectable.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from ..errors import InputError, SitrepError, TooLarge
from ..reconcile.history import value_words
from ..reconcile.voices import voice_of
from ..reconcile.wording import KIND_WORDS, figure_subject
from ..records import ClaimRef, Document, Incident
from ..sources.feeds import FeedItem, Page, parse_feed, read_page
from ..sources.fetch import Fetched, Fetcher
from ..sources.ingest import decode, from_html, from_text, read_inputs, read_jsonl_bytes, refuse_wide_json_lines
from .pipeline import Failure
from .workbench import IngestReport, Progress, Workbench

log = logging.getLogger(__name__)

Now = Callable[[], datetime]
Sleep = Callable[[float], None]
Item = Document | SitrepError
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """A web source after one fetch: `status` is ok, not_modified or error (with `reason`)."""

    url: str
    kind: str
    status: str
    reason: str | None = None
    items: int = 0
    added: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class Announcement:
    """Something new a poll found: `kind` is new_incident, new_figure or contradiction."""

    kind: str
    incident: str
    message: str
    detail: dict[str, Any] = field(default_factory=dict)

    def json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class PollReport:
    """What one round over the sources did."""

    ingest: IngestReport
    sources: list[SourceStatus] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.ingest.failures) or any(s.status == "error" for s in self.sources)


def is_url(source: str) -> bool:
    """Whether `source` is a URL (`scheme://`, any case): http(s) ones are fetched, others refused."""
    return _URL.match(source) is not None


def parse_every(text: str) -> float:
    """Seconds in a period such as `15m`, `30s`, `2h`, `1d` or `900`."""
    match = _DURATION.match(text)
    if not match or float(match[1]) <= 0:
        raise ValueError(f"not a period: {text!r} (write e.g. 15m, 30s, 2h)")
    return float(match[1]) * _UNIT_SECONDS[match[2].lower()]


def ingest_sources(
    bench: Workbench,
    sources: Sequence[str],
    *,
    fetcher: Fetcher | None = None,
    stdin: TextIO | None = None,
    now: Now = lambda: datetime.now(UTC),
    progress: Progress | None = None,
    workers: int = 1,
    announce: bool = True,
) -> PollReport:
    """Read every source into the store; announce what changed in the incidents (unless `announce` is
    False: the incidents are then not read before and after, which on a large store is most of the cost
    of a small ingest).

    Files are read as they are analysed (a folder of any size never sits in memory whole); `workers`
    processes analyse them (the store keeps one writer). Fetched pages are analysed here, each as it
    comes, and stored at once: fetching (a request a second to a host) takes far longer than analysing,
    and other processes would take the pages in chunks, holding them unstored for longer."""
    before = bench.incidents() if announce else []
    local = _local_items([s for s in sources if not is_url(s)], bench, stdin)
    result = bench.ingest_documents(local, progress, workers=workers, reconcile=False)
    own = fetcher is None
    web = fetcher or Fetcher(bench.settings)
    fetched: list[_Fetch] = []
    pages = _Pending(bench)
    try:
        urls = dict.fromkeys(s for s in sources if is_url(s))
        items = _web_items(bench, web, urls, now, fetched, pages)
        result.extend(bench.ingest_documents(items, progress, workers=1, batch=1, stored=pages.stored))
    finally:
        if own:
            web.close()
    pages.unstored(result.failures)
    report = PollReport(result, [s.finish(bench) for s in fetched])
    report.ingest.failures.extend(f for s in fetched for f in s.failures)
    if result.added and announce:
        report.announcements = announcements(before, bench.incidents(), set(result.added_names))
    return report


def poll(bench: Workbench, sources: Sequence[str], **options: Any) -> PollReport:
    """One round over the sources (`ingest_sources` under the name the watcher uses)."""
    return ingest_sources(bench, sources, **options)


def watch(
    bench: Workbench,
    sources: Sequence[str],
    *,
    every: float,
    fetcher: Fetcher | None = None,
    webhook: str | None = None,
    on_poll: Callable[[PollReport], None] | None = None,
    polls: int | None = None,
    sleep: Sleep = time.sleep,
    now: Now = lambda: datetime.now(UTC),
) -> PollReport:
    """Poll `sources` every `every` seconds (`polls` times, or for ever); the last round's report."""
    own = fetcher is None
    web = fetcher or Fetcher(bench.settings)
    done = 0
    try:
        while True:
            report = poll(bench, sources, fetcher=web, now=now)
            if webhook:
                _post(web, webhook, report)
            if on_poll:
                on_poll(report)
            done += 1
            if polls is not None and done >= polls:
                return report
            sleep(every)
    finally:
        if own:
            web.close()


def _post(web: Fetcher, webhook: str, report: PollReport) -> None:
    for item in report.announcements:
        try:
            web.post_json(webhook, item.json())
        except SitrepError as err:
            log.warning("webhook: %s", err)
            report.ingest.failures.append(Failure(webhook, "webhook", err.code, str(err)))


def sources_table(rows: Iterable[dict[str, Any]]) -> str:
    """Stored web sources (`Store.sources()`) as a plain text table, one line each."""
    row = "{:<12} {:<7} {:>5} {:>5} {:>6}  {:<25} {}{}"
    lines = [row.format("status", "kind", "items", "added", "failed", "last fetch", "source", " · reason")]
    for r in rows:
        reason = f" · {r['reason']}" if r["reason"] else ""
        lines.append(row.format(r["status"] or "never", r["kind"], r["items"], r["added"], r["failed"],
                                r["last_fetch"] or "", r["url"], reason))
    return "\n".join(lines)


# --------------------------------------------------------------------------- local sources


def _local_items(sources: Sequence[str], bench: Workbench, stdin: TextIO | None) -> Iterator[Item]:
    paths = [s for s in sources if s != "-"]
    if "-" in sources:
        yield from read_stream(stdin or sys.stdin, bench.settings)
    yield from read_inputs(paths, bench.settings)


def read_stream(stream: Any, settings: Any) -> Iterator[Item]:
    """Reports on standard input, read as files are: JSON Lines (a line at a time, each line held to
    `max_input_bytes`), or one HTML page or text of at most `max_input_bytes`, told by the first
    character; strict UTF-8 (or UTF-16 / UTF-32 with a byte-order mark, not for JSON Lines)."""
    fh = getattr(stream, "buffer", stream)  # the bytes under a text stream
    head = _bytes(fh.read(8192))
    try:
        if head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"{":
            yield from read_jsonl_bytes(_Prefixed(head, fh), "stdin", settings)
            return
        limit = settings.max_input_bytes
        raw = head + _bytes(fh.read(limit + 1 - len(head)))
        if len(raw) > limit:
            raise TooLarge(f"standard input is over the limit of {limit:,} bytes (max_input_bytes)", source="stdin",
                           hint="split the input, or give JSON Lines, which are read a line at a time")
        text = decode(raw, "stdin")
        first = text.lstrip()[:1]
        if first == "{":
            refuse_wide_json_lines(raw, "stdin")
        if first == "<":
            yield from_html(text, "stdin", settings.published, settings=settings)
        else:
            yield from_text(text, "stdin", settings.published, settings=settings)
    except InputError as err:
        yield err if err.source else type(err)(err.message, source="stdin", hint=err.hint)


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data


class _Prefixed:
    """A binary stream's lines, after `head` (bytes already read from it)."""

    def __init__(self, head: bytes, rest: Any) -> None:
        self._head, self._rest = io.BytesIO(head), rest

    def readline(self, size: int = -1) -> bytes:
        line = self._head.readline(size)
        if line.endswith(b"\n") or 0 <= size <= len(line):
            return line
        return line + _bytes(self._rest.readline(size - len(line) if size >= 0 else -1))


# --------------------------------------------------------------------------- web sources


@dataclass(slots=True)
class _Fetch:
    """One web source being read: its failures, item count and the reports it added."""

    url: str
    kind: str
    status: str
    reason: str | None = None
    failures: list[Failure] = field(default_factory=list)
    count: int = 0
    added: int = 0
    validators: dict[str, str | None] = field(default_factory=dict)
    """The answer's ETag and Last-Modified, kept for the next poll's conditional GET only once every
    item of the answer is stored: a run stopped before asks for the whole feed again."""

    def finish(self, bench: Workbench) -> SourceStatus:
        """Record the source's counts (and validators) now the documents are stored."""
        row = bench.store.source(self.url) or {}
        bench.store.record_source(self.url, self.kind, added=int(row.get("added") or 0) + self.added,
                                  **self.validators)
        failed = len(self.failures)
        return SourceStatus(self.url, self.kind, self.status, self.reason, self.count, self.added, failed)


@dataclass(frozen=True, slots=True)
class _Fetched:
    """A fetched page waiting for its report to be stored before it is recorded as fetched."""

    link: str
    source: _Fetch
    page: Page
    stamp: str


class _Pending:
    """The fetched pages whose reports are not stored yet, by content hash. A page is recorded `ok`
    when its report is committed (`stored`); a run stopped before leaves it unrecorded (or as it was),
    so the next poll fetches it again."""

    def __init__(self, bench: Workbench) -> None:
        self._bench = bench
        self._waiting: dict[str, list[_Fetched]] = {}

    def expect(self, fetched: _Fetched) -> None:
        self._waiting.setdefault(fetched.page.document.content_hash, []).append(fetched)

    def stored(self, docs: list[Document], new: list[bool]) -> None:
        for doc, added in zip(docs, new, strict=True):
            for fetched in self._waiting.pop(doc.content_hash, ()):
                _record_fetched(self._bench, fetched)
                fetched.source.added += added
                added = False  # a report two items share is added once

    def unstored(self, failures: list[Failure]) -> None:
        """Record as failed the pages whose reports could not be analysed (asked again next poll)."""
        why = {f.source: f.message for f in failures if f.stage == "analyse"}
        for waiting in self._waiting.values():
            for fetched in waiting:
                reason = why.get(fetched.page.document.name, "its report could not be analysed")
                self._bench.store.record_page(fetched.link, fetched.source.url, status="error", reason=reason,
                                              last_fetch=fetched.stamp)
        self._waiting.clear()


def _web_items(bench: Workbench, web: Fetcher, urls: Iterable[str], now: Now, fetched: list[_Fetch],
               pages: _Pending) -> Iterator[Item]:
    """The report of each page of each web source as it is fetched; each source's `_Fetch` is added to
    `fetched` once it is read."""
    for url in urls:
        source = yield from _fetch_source(bench, web, url, now, pages)
        fetched.append(source)


def _fetch_source(bench: Workbench, web: Fetcher, url: str, now: Now,
                  pages: _Pending) -> Generator[Item, None, _Fetch]:
    store = bench.store
    row = store.source(url) or {}
    stamp = now().isoformat(timespec="seconds")
    kind = row.get("kind") or "unknown"
    try:
        answer = web.get(url, etag=row.get("etag"), last_modified=row.get("last_modified"))
    except SitrepError as err:
        return _failed(bench, url, kind, err, stamp)
    kind = kind if answer.not_modified else ("feed" if answer.kind == "feed" else "page")
    source = _Fetch(url, kind, "not_modified" if answer.not_modified else "ok")
    try:
        if kind == "feed":
            yield from _read_feed(bench, web, source, answer, stamp, pages)
        elif answer.not_modified:
            source.count = 1
        else:
            yield _read_page_source(bench, source, answer, stamp, pages)
    except SitrepError as err:
        return _failed(bench, url, kind, err, stamp)
    if source.failures:
        source.status = "error"
        first = source.failures[0].message
        source.reason = f"{len(source.failures)} of {source.count} items failed; first: {first}"
    if not answer.not_modified:
        source.validators = {"etag": answer.etag, "last_modified": answer.last_modified}
    store.record_source(url, kind, status=source.status, reason=source.reason, items=source.count,
                        failed=len(source.failures), last_fetch=stamp, last_ok=stamp)
    return source


def _failed(bench: Workbench, url: str, kind: str, err: SitrepError, stamp: str) -> _Fetch:
    """The source could not be read: say why; its stored reports and validators stay as they were."""
    log.info("%s", err)
    bench.store.record_source(url, kind, status="error", reason=str(err), failed=1, last_fetch=stamp)
    bench.store.record_failure(url, "fetch", err.code, str(err))
    source = _Fetch(url, kind, "error", str(err))
    source.failures.append(Failure(url, "fetch", err.code, str(err)))
    return source


def _read_page_source(bench: Workbench, source: _Fetch, answer: Fetched, stamp: str, pages: _Pending) -> Document:
    page = read_page(answer, settings=bench.settings)
    source.count = 1
    return _keep_page(source, source.url, page, stamp, pages)


def _read_feed(bench: Workbench, web: Fetcher, source: _Fetch, answer: Fetched, stamp: str,
               pages: _Pending) -> Iterator[Document]:
    """Fetch the feed's items not yet stored (and, when the feed is unchanged, those that failed)."""
    stored = {p["url"]: p for p in bench.store.pages(source.url)}
    if answer.not_modified:
        todo = [FeedItem(url, None, None) for url, p in stored.items() if p["status"] != "ok"]
        source.count = len(stored)
    else:
        feed = parse_feed(answer)
        todo = [i for i in feed.items if stored.get(i.link, {}).get("status") != "ok"]
        source.count = len(feed.items)
    for item in todo:
        link = item.link
        try:
            page = read_page(web.get(link), published=item.published, title=item.title, settings=bench.settings)
        except SitrepError as err:
            log.info("%s", err)
            bench.store.record_page(link, source.url, status="error", reason=str(err), last_fetch=stamp)
            bench.store.record_failure(link, "fetch", err.code, str(err))
            source.failures.append(Failure(link, "fetch", err.code, str(err)))
            continue
        yield _keep_page(source, link, page, stamp, pages)


def _keep_page(source: _Fetch, link: str, page: Page, stamp: str, pages: _Pending) -> Document:
    """The page's report, to be stored; the page is recorded as fetched once it is."""
    pages.expect(_Fetched(link, source, page, stamp))
    return page.document


def _record_fetched(bench: Workbench, fetched: _Fetched) -> None:
    page, doc = fetched.page, fetched.page.document
    bench.store.record_page(
        fetched.link, fetched.source.url, status="ok", reason=None, document=doc.content_hash, final_url=page.url,
        canonical_url=page.canonical_url, title=page.title, outlet=page.outlet, author=page.author,
        published=page.published.isoformat() if page.published else None, last_fetch=fetched.stamp,
    )


# --------------------------------------------------------------------------- announcements


def announcements(
    before: Iterable[Incident], after: Iterable[Incident], new_docs: set[str]
) -> list[Announcement]:
    """What the reports `new_docs` changed: new incidents, new figures, contradicting claims."""
    earlier = list(before)
    found: list[Announcement] = []
    for incident in after:
        if not set(incident.docs) & new_docs:
            continue
        old_docs = set(incident.docs) - new_docs
        prior = [b for b in earlier if set(b.docs) & old_docs]
        if not prior:
            found.append(_new_incident(incident))
            continue
        known = {(f.kind, f.subject_country, f.subject_role) for b in prior for f in b.figures}
        for figure in incident.figures:
            if (figure.kind, figure.subject_country, figure.subject_role) not in known:
                found.append(_announce("new_figure", incident, f"new figure: {_figure_text(figure)}"))
                continue
            found.extend(_revisions(incident, figure, new_docs))
            found.extend(_contradictions(incident, figure, new_docs))
    return found


def _revisions(incident: Incident, figure: Any, new_docs: set[str]) -> Iterator[Announcement]:
    """A new claim of a voice (a claimant normalised to organisation and side) that stated another
    value for the figure in an earlier report: "<claimant> revised <figure> from 8 to 26"."""
    said: dict[Any, ClaimRef] = {}
    for ref in figure.claims:
        if ref.doc not in new_docs:
            said[voice_of(ref.claimant, ref.claimant_country)] = ref
    told: set[Any] = set()
    for ref in figure.claims:
        voice = voice_of(ref.claimant, ref.claimant_country)
        before = said.get(voice)
        if ref.doc not in new_docs or before is None or voice in told:
            continue
        if (before.low, before.high) == (ref.low, ref.high):
            continue
        told.add(voice)
        label = f"{figure_subject(figure)} {KIND_WORDS.get(figure.kind, figure.kind)}".strip()
        who = ref.claimant or voice.organisation
        message = (f"{who} revised {label} from {value_words(before.low, before.high)} to "
                   f"{value_words(ref.low, ref.high)}")
        yield _announce("revision", incident, message, claimant=who, organisation=voice.organisation,
                        side=voice.side, before=asdict(before), claim=asdict(ref))


def _new_incident(incident: Incident) -> Announcement:
    where = incident.location or incident.country or "place unknown"
    when = incident.date_start.isoformat() if incident.date_start else "date unknown"
    figures = "; ".join(_figure_text(f) for f in incident.figures) or "no figures"
    message = f"new incident: {incident.sub_event_type}, {where}, {when}: {figures}"
    return _announce("new_incident", incident, message)


def _contradictions(incident: Incident, figure: Any, new_docs: set[str]) -> Iterator[Announcement]:
    for ref in figure.claims:
        if ref.doc not in new_docs:
            continue
        voice = voice_of(ref.claimant, ref.claimant_country)
        against = [o for o in figure.claims if o.doc not in new_docs and _disjoint(ref, o)
                   and voice_of(o.claimant, o.claimant_country) != voice]  # its own earlier word: a revision
        if against:
            what = f"{figure.kind} {figure.subject_country or ''} {figure.subject_role}".replace("  ", " ")
            message = (f"contradiction on {what}: {_ref_text(ref)} against "
                       + ", ".join(_ref_text(o) for o in against))
            others = [asdict(o) for o in against]
            yield _announce("contradiction", incident, message, claim=asdict(ref), against=others)


def _announce(kind: str, incident: Incident, message: str, **detail: Any) -> Announcement:
    return Announcement(kind, incident.id, message, {"docs": list(incident.docs), **detail})


def _disjoint(a: ClaimRef, b: ClaimRef) -> bool:
    a_low, a_high = a.low or 0, a.high if a.high is not None else float("inf")
    b_low, b_high = b.low or 0, b.high if b.high is not None else float("inf")
    return a_high < b_low or b_high < a_low


def _figure_text(figure: Any) -> str:
    side = " ".join(x for x in (figure.subject_country, figure.subject_role) if x)
    return f"{figure.kind} ({side}) {_range(figure.low, figure.high)}"


def _ref_text(ref: ClaimRef) -> str:
    return f"{_range(ref.low, ref.high)} ({ref.claimant or 'the report'}, {ref.doc})"


def _range(low: int | None, high: int | None) -> str:
    if low == high:
        return str(low)
    return f"{low if low is not None else ''}–{high if high is not None else ''}"
