"""Ingest: files, folders and JSON Lines articles into `Document` records.

`read_inputs(paths, settings)` yields a `Document` for every report it could read and an
`InputError` (naming the file, and the line for JSON Lines) for every one it could not, so that
one bad input never stops the rest.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .clean import clean
from .errors import BinaryInput, EmptyInput, EncodingError, InputError, MalformedInput, NotFound, TooLarge
from .records import Document
from .settings import Settings

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

Result = Document | InputError


def read_inputs(paths: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterator[Result]:
    """Every report in `paths` (files and folders, in name order), or the error that stopped it."""
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for child in sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES):
                yield from read_file(child, settings)
        elif p.exists():
            yield from read_file(p, settings)
        else:
            yield NotFound("no such file or folder", source=str(p), hint="check the path")


def read_file(path: Path, settings: Settings) -> Iterator[Result]:
    """The reports in one file: one for text and HTML, one a line for JSON Lines."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, settings)
        return
    try:
        text = _read_text(path, settings)
    except InputError as err:
        yield err
        return
    if path.suffix.lower() in HTML_SUFFIXES:
        yield _guard(lambda: from_html(text, path.name, settings.published, settings=settings), str(path))
    else:
        yield _guard(lambda: from_text(text, path.name, settings.published, settings=settings), str(path))


def _guard(make: Any, source: str) -> Result:
    try:
        doc: Document = make()
        return doc
    except InputError as err:
        return err if err.source else type(err)(err.message, source=source, hint=err.hint)


def _regular_file(path: Path) -> None:
    if not path.is_file():  # a pipe or a device would block or never end
        raise InputError("not a regular file", source=str(path), hint="give a file or a folder")


def _unreadable(path: Path, err: OSError) -> InputError:
    """The error of a file that is unreadable, or gone since the folder was listed."""
    return InputError(f"cannot read the file: {err.strerror or err}", source=str(path),
                      hint="check that it exists and is readable")


def _refuse_binary(head: bytes, source: str) -> None:
    if b"\x00" in head[:8192]:
        raise BinaryInput("the input is binary (it holds NUL bytes)", source=source,
                          hint="give text, HTML or JSON Lines")


def _read_text(path: Path, settings: Settings) -> str:
    try:
        _regular_file(path)
        size = path.stat().st_size
        if size > settings.max_input_bytes:
            raise TooLarge(
                f"{size:,} bytes is over the limit of {settings.max_input_bytes:,}",
                source=str(path), hint="split the file or raise max_input_bytes",
            )
        raw = path.read_bytes()
    except OSError as err:
        raise _unreadable(path, err) from None
    return decode(raw, str(path))


def decode(raw: bytes, source: str) -> str:
    """Strict UTF-8 text of `raw`, or a clear error for empty, binary and undecodable input."""
    if not raw.strip():
        raise EmptyInput("the input is empty", source=source)
    _refuse_binary(raw, source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise EncodingError(
            f"invalid UTF-8 at byte {err.start}", source=source, hint="convert the file to UTF-8"
        ) from None


def read_jsonl(text: str, source: str, settings: Settings) -> Iterator[Result]:
    """One report a line: `{"id", "text" or "html", "title"?, "url"?, "source"?, "published"?}`."""
    # lines end at "\n" only: U+2028, U+0085 and the other breaks `splitlines` knows may be raw in JSON
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        yield _article(line, f"{source}:{number}", settings)


def _article(line: str, where: str, settings: Settings) -> Result:
    """The report on one JSON Lines line, or why it cannot be read (naming the file and line)."""
    return _guard(lambda: from_article(_parse_line(line, where), settings), where)


def read_jsonl_file(path: Path, settings: Settings, part: tuple[int, int, int] | None = None) -> Iterator[Result]:
    """A JSON Lines file read a line at a time, so a file of any size streams through in little memory;
    each line is held to `max_input_bytes` and decoded on its own, so a bad line costs only itself.
    `part` = (first byte, end byte, number of its first line) reads one part of the file."""
    try:
        _regular_file(path)
        with path.open("rb") as whole:
            fh = whole if part is None else _bytes_of(whole, part[0], part[1])
            _refuse_binary(fh.read(8192), str(path))
            fh.seek(0)
            seen = False  # a line other than a blank one
            for number, line in _lines(fh, settings.max_input_bytes, str(path), part[2] if part else 1):
                if isinstance(line, InputError):
                    seen = True
                    yield line
                elif line.strip():
                    seen = True
                    yield _article(line, f"{path}:{number}", settings)
    except InputError as err:
        yield err
        return
    except OSError as err:
        yield _unreadable(path, err)
        return
    if not seen:
        yield EmptyInput("the input is empty", source=str(path))


def _bytes_of(fh: Any, start: int, end: int) -> io.BytesIO:
    fh.seek(start)
    return io.BytesIO(fh.read(end - start))


def _lines(fh: Any, limit: int, source: str, first: int = 1) -> Iterator[tuple[int, str | InputError]]:
    """(line number, its text or why it cannot be read) for each line of a binary file; lines end at
    "\n" only (U+2028 and the other breaks may stand raw inside JSON strings)."""
    number = first - 1
    while raw := fh.readline(limit + 1):
        number += 1
        where = f"{source}:{number}"
        if len(raw) > limit:
            while raw and not raw.endswith(b"\n"):  # the rest of the overlong line, a piece at a time
                raw = fh.readline(1 << 20)
            yield number, TooLarge(f"the line is over the limit of {limit:,} bytes", source=where,
                                   hint="raise max_input_bytes")
            continue
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            yield number, raw.decode("utf-8").removesuffix("\n")
        except UnicodeDecodeError as err:
            yield number, EncodingError(f"invalid UTF-8 at byte {err.start} of the line", source=where,
                                        hint="convert the file to UTF-8")


def _parse_line(line: str, where: str) -> dict[str, Any]:
    try:
        article = json.loads(line)
    except json.JSONDecodeError as err:
        raise MalformedInput(f"malformed JSON: {err.msg} at column {err.colno}", source=where) from None
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise MalformedInput("a number in the line is too long to read (over 4,300 digits)", source=where,
                             hint="give the number as a string") from None
    except RecursionError:
        raise MalformedInput("the line's JSON is nested too deeply to read", source=where,
                             hint="give the article as a flat object") from None
    if not isinstance(article, dict):
        raise MalformedInput("a line must hold a JSON object", source=where)
    if not isinstance(article.get("text") or article.get("html"), str):
        raise MalformedInput("the article has neither 'text' nor 'html'", source=where, hint="add one")
    if article.get("id") is None:
        raise MalformedInput("the article has no 'id'", source=where, hint="give every article an id")
    return article


def from_article(article: dict[str, Any], settings: Settings) -> Document:
    """A `Document` from one JSON Lines article."""
    published = parse_published(article.get("published")) or settings.published
    name = _scrub(str(article["id"]))
    title = article.get("title") if isinstance(article.get("title"), str) else None
    if isinstance(article.get("text"), str) and article["text"].strip():
        doc = from_text(article["text"], name, published, title=title, first_line_title=False,
                        settings=settings)
    elif isinstance(article.get("html"), str):
        doc = from_html(article["html"], name, published, settings=settings)
    else:
        raise EmptyInput("the article's text is empty")
    return _with(doc, url=_text_field(article.get("url")), source=_text_field(article.get("source")))


def _text_field(value: Any) -> str | None:
    return _scrub(value) if isinstance(value, str) else None


def from_text(
    text: str, name: str, published: date | None, *, title: str | None = None, first_line_title: bool = True,
    settings: Settings | None = None,
) -> Document:
    """A `Document` from plain text; its first non-empty line is the title unless one is given.

    Text longer than `max_report_chars` is refused (`TooLarge`): that bounds the time one report
    takes. Lone surrogates (from JSON escapes such as "\\ud800") become U+FFFD, so offsets stay put.
    """
    limit = (settings or Settings()).max_report_chars
    if len(text) > limit:
        raise TooLarge(f"the report is {len(text):,} characters, over the limit of {limit:,}",
                       hint="split the report or raise max_report_chars")
    if not text.strip():
        raise EmptyInput("the input is empty")
    text, title = _scrub(text), _scrub(title) if title else None
    cleaned = clean(text, title if title or not first_line_title else None)
    return Document(
        name=name,
        text=text,
        analysis=cleaned.analysis,
        title=title or (cleaned.title if first_line_title else None),
        published=published,
        content_hash=content_hash(text),
        offset_map=cleaned.offset_map,
    )


def from_html(html: str, name: str, published: date | None, *, settings: Settings | None = None) -> Document:
    """A `Document` from an HTML page: its main text and metadata, through trafilatura.

    Pages longer than `max_html_chars` are refused (`TooLarge`) before extraction, whose time grows
    faster than the page. lxml reads the page without fetching or expanding external entities.
    """
    import trafilatura

    settings = settings or Settings()
    if len(html) > settings.max_html_chars:
        raise TooLarge(f"the HTML page is {len(html):,} characters, over the limit of "
                       f"{settings.max_html_chars:,}", hint="give the text, or raise max_html_chars")
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise EmptyInput("no article text found in the HTML")
    meta = trafilatura.extract_metadata(html, extensive=False)
    title = meta.title if meta and meta.title else None
    found = parse_published(meta.date) if meta and meta.date else None
    doc = from_text(text, name, found or published, title=title, first_line_title=title is None,
                    settings=settings)
    return _with(doc, url=meta.url if meta else None, source=meta.sitename if meta else None)


def _with(doc: Document, **fields: Any) -> Document:
    from dataclasses import replace

    return replace(doc, **{k: v for k, v in fields.items() if v})


def parse_published(value: Any) -> date | None:
    """An ISO date (or the date part of an ISO timestamp); None for anything else."""
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        log.warning("unreadable publication date %r", value)
        return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _scrub(value: str) -> str:
    """`value` with lone surrogates (not text; they cannot be written as UTF-8) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", value)


def content_hash(text: str) -> str:
    """The identity of a report's content: the same text is the same report."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
