"""Feeds and pages: RSS/Atom feeds into their items, fetched web pages into `Document` records.

`parse_feed(fetched)` reads an RSS or Atom feed (feedparser) into a `Feed` of `FeedItem`s; a
malformed one raises `MalformedInput`. `read_page(fetched)` takes a fetched HTML page through
trafilatura: the article's main text (claim offsets index it), and its metadata — title, outlet
(site name), author, publication date (htmldate, without the extensive search that guesses dates
from body text) and canonical URL — as a `Page`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import date
from time import struct_time
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from ..errors import EmptyInput, InputError, MalformedInput, NotHtml, TooLarge
from ..records import Document
from ..settings import Settings
from .fetch import Fetched
from .ingest import from_text, parse_published

log = logging.getLogger(__name__)

MIN_WORDS = 5
"""A page whose main text has fewer words than this holds no article (empty or malformed HTML)."""
_WORD = re.compile(r"\w{2,}")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: where its page is, and what the feed says about it."""

    link: str
    title: str | None
    published: date | None


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    title: str | None
    items: tuple[FeedItem, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched article: its `Document` and the page's metadata."""

    document: Document
    url: str
    canonical_url: str | None
    title: str | None
    outlet: str | None
    author: str | None
    published: date | None


def parse_feed(fetched: Fetched) -> Feed:
    """The items of an RSS or Atom feed, links made absolute; `MalformedInput` if it is not one."""
    # only links, titles and dates are read: no HTML sanitising (slow on deeply nested markup);
    # feedparser's XML reader neither expands entities defined in the feed nor fetches external ones
    parsed = feedparser.parse(
        fetched.content,
        response_headers={"content-location": fetched.final_url, "content-type": _content_type(fetched)},
        sanitize_html=False, resolve_relative_uris=False,
    )
    if parsed.get("bozo") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "unreadable"
        raise MalformedInput(f"malformed feed: {reason}", source=fetched.url, hint="the feed's XML is broken")
    if not parsed.get("version") and not parsed.entries:
        raise MalformedInput("not an RSS or Atom feed", source=fetched.url, hint="give the feed's own URL")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            log.warning("%s: an item without a link is skipped (%s)", fetched.url, entry.get("title"))
            continue
        try:
            absolute = urljoin(fetched.final_url, link)
        except ValueError:
            log.warning("%s: an item with a broken link is skipped (%r)", fetched.url, link[:200])
            continue
        items.append(FeedItem(absolute, entry.get("title"), _entry_date(entry)))
    return Feed(fetched.url, parsed.feed.get("title"), tuple(items))


def _content_type(fetched: Fetched) -> str:
    media = fetched.media_type or "application/xml"
    return f"{media}; charset={fetched.charset}" if fetched.charset else media


def _entry_date(entry: Any) -> date | None:
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if isinstance(when, struct_time):
        try:
            return date(when.tm_year, when.tm_mon, when.tm_mday)
        except ValueError:  # a year 0 or past 9999
            return None
    return None


def read_page(
    fetched: Fetched, *, published: date | None = None, title: str | None = None,
    settings: Settings | None = None,
) -> Page:
    """A fetched HTML page as a `Page`; `published` and `title` (from a feed) fill what it lacks.

    Pages over `max_html_chars` and texts over `max_report_chars` are refused (`TooLarge`)."""
    if fetched.kind != "html":
        what = fetched.media_type or "of no stated type"
        raise NotHtml(f"the body is {what}, not an HTML page", source=fetched.url,
                      hint="give the address of a web page or a feed")
    html = fetched.text()
    settings = settings or Settings()
    if len(html) > settings.max_html_chars:
        raise TooLarge(f"the HTML page is {len(html):,} characters, over the limit of "
                       f"{settings.max_html_chars:,} (max_html_chars)", source=fetched.url,
                       hint="the page is too large to read")
    text, meta = _extract(html, fetched.final_url)
    if not text or len(_WORD.findall(text)) < MIN_WORDS:
        raise EmptyInput("no article text found in the HTML", source=fetched.url,
                         hint="the page is empty, malformed, or not an article")
    page_title = (meta.title if meta else None) or title
    found = parse_published(meta.date) if meta and meta.date else None
    canonical = meta.url if meta and meta.url and meta.url != fetched.final_url else None
    outlet = (meta.sitename if meta else None) or urlsplit(fetched.final_url).hostname
    name = canonical or fetched.final_url
    doc = _guarded_text(text, name, found or published, page_title, settings, fetched.url)
    doc = replace(doc, url=name, source=outlet)
    author = meta.author if meta else None
    return Page(doc, fetched.final_url, canonical, page_title, outlet, author, doc.published)


def _guarded_text(
    text: str, name: str, published: date | None, title: str | None, settings: Settings, url: str
) -> Document:
    try:
        return from_text(text, name, published, title=title, first_line_title=title is None,
                         settings=settings)
    except InputError as err:
        raise type(err)(err.message, source=err.source or url, hint=err.hint) from None


def _extract(html: str, url: str) -> tuple[str | None, Any]:
    import trafilatura  # inside: it takes about 0.4 s to import, and `sitrep ingest` loads this module for files too

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    meta = trafilatura.extract_metadata(html, default_url=url, extensive=False)
    return text, meta
