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
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import BinaryInput, EmptyInput, EncodingError, InputError, MalformedInput, NotFound, TooLarge
from ..extract.clean import clean
from ..records import Document
from ..settings import Settings

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

Result = Document | InputError


def read_inputs(paths: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterator[Result]:
    """Every report in `paths` (files and folders, in name order), or the error that stopped it.

    Inside a folder, files with a report's suffix are read, and symbolic links are followed (to files
    and to folders; a folder reached twice, as through a link loop, is read once). What cannot be
    read is an error naming its path: an unreadable folder, a broken link, a pipe or a device."""
    for path in paths:
        p = Path(path)
        try:
            is_dir = p.is_dir()
            exists = is_dir or p.exists()
        except OSError as err:  # a folder on the way cannot be searched
            yield InputError(f"cannot reach the path: {err.strerror or err}", source=str(p),
                             hint="check that every folder on the way is readable and searchable")
            continue
        if is_dir:
            for found in walk_folder(p):
                if isinstance(found, InputError):
                    yield found
                else:
                    yield from read_file(found, settings)
        elif exists:
            yield from read_file(p, settings)
        elif p.is_symlink():
            yield _broken_link(p)
        else:
            yield NotFound("no such file or folder", source=str(p), hint="check the path")


def walk_folder(
    folder: Path, suffixes: Iterable[str] = SUFFIXES, seen: set[tuple[int, int]] | None = None
) -> Iterator[Path | InputError]:
    """The files under `folder` with one of `suffixes`, in name order (depth first), and an error for
    each folder, or entry with one of `suffixes`, that cannot be read."""
    suffixes = frozenset(suffixes)
    seen = set() if seen is None else seen
    try:
        status = folder.stat()
        if (status.st_dev, status.st_ino) in seen:
            return
        seen.add((status.st_dev, status.st_ino))
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as err:
        yield InputError(f"cannot read the folder: {err.strerror or err}", source=str(folder),
                         hint="check that it is readable and searchable")
        return
    for entry in entries:
        path = Path(entry.path)
        kind = _kind(entry)
        if kind == "folder":
            yield from walk_folder(path, suffixes, seen)
        elif path.suffix.lower() not in suffixes:
            continue
        elif kind == "file":
            yield path
        elif kind == "broken":
            yield _broken_link(path)
        else:
            yield InputError("not a regular file (a pipe, a device or a socket)", source=str(path),
                             hint="give reports as files")


def _kind(entry: os.DirEntry[str]) -> str:
    """folder, file (either through a symbolic link), broken (a link to nothing, or a loop of links)
    or other."""
    try:
        if entry.is_dir():
            return "folder"
        if entry.is_file():
            return "file"
        return "broken" if entry.is_symlink() and not os.path.exists(entry.path) else "other"
    except OSError:  # a loop of links
        return "broken" if entry.is_symlink() else "other"


def _broken_link(path: Path) -> InputError:
    return InputError("a broken symbolic link (what it points to does not exist)", source=str(path),
                      hint="fix or remove the link")


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
                f"{size:,} bytes is over the limit of {settings.max_input_bytes:,} (max_input_bytes)",
                source=str(path), hint="split the file",
            )
        raw = path.read_bytes()
    except OSError as err:
        raise _unreadable(path, err) from None
    return decode(raw, str(path))


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
               (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 when `head` starts with its byte-order mark (as web pages are read), else None."""
    return next((name for bom, name in _WIDE_BOMS if head.startswith(bom)), None)


def decode(raw: bytes, source: str) -> str:
    """Strict UTF-8 text of `raw` (or UTF-16 / UTF-32 with a byte-order mark), or a clear error for
    empty, binary and undecodable input."""
    if not raw.strip():
        raise EmptyInput("the input is empty", source=source)
    wide = _wide_encoding(raw)
    if wide:
        return _decode_wide(raw, wide, source)
    _refuse_binary(raw, source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise EncodingError(
            f"invalid UTF-8 at byte {err.start}", source=source, hint="convert the file to UTF-8"
        ) from None


def _decode_wide(raw: bytes, encoding: str, source: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise EncodingError(f"invalid {encoding.upper()} at byte {err.start}", source=source,
                            hint="convert the file to UTF-8") from None
    if not text.strip():
        raise EmptyInput("the input is empty", source=source)
    if "\x00" in text[:8192]:
        raise BinaryInput("the input is binary (it holds NUL characters)", source=source,
                          hint="give text, HTML or JSON Lines")
    return text


def refuse_wide_json_lines(head: bytes, source: str) -> None:
    """JSON Lines are UTF-8 (as JSON text exchanged between systems must be): a UTF-16 or UTF-32
    file is refused by name rather than called binary."""
    wide = _wide_encoding(head)
    if wide:
        raise EncodingError(f"JSON Lines must be UTF-8, and this input is {wide.upper()}", source=source,
                            hint="convert it to UTF-8, e.g. with iconv -t UTF-8")


def read_jsonl(text: str, source: str, settings: Settings) -> Iterator[Result]:
    """One report a line: `{"id", "text" or "html", "title"?, "url"?, "source"?, "published"?}`."""
    # lines end at "\n" only: U+2028, U+0085 and the other breaks `splitlines` knows may be raw in JSON
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        yield _article(line, f"{source}:{number}", settings)


def _article(line: str, where: str, settings: Settings) -> Result:
    """The report on one JSON Lines line, or why it cannot be read (naming the file and line)."""
    return _guard(lambda: from_article(_parse_line(line, where), settings, where=where), where)


def read_jsonl_file(path: Path, settings: Settings, part: tuple[int, int, int] | None = None) -> Iterator[Result]:
    """A JSON Lines file read a line at a time, so a file of any size streams through in little memory;
    each line is held to `max_input_bytes` and decoded on its own, so a bad line costs only itself.
    `part` = (first byte, end byte, number of its first line) reads one part of the file."""
    try:
        _regular_file(path)
        with path.open("rb") as whole:
            fh = whole if part is None else _bytes_of(whole, part[0], part[1])
            head = fh.read(8192)
            refuse_wide_json_lines(head, str(path))
            _refuse_binary(head, str(path))
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


def read_jsonl_bytes(fh: Any, source: str, settings: Settings) -> Iterator[Result]:
    """JSON Lines from a binary stream (standard input, a request body) a line at a time, each line
    held to `max_input_bytes` and decoded as a file's lines are (strict UTF-8)."""
    for number, line in _lines(fh, settings.max_input_bytes, source):
        if isinstance(line, InputError):
            yield line
        elif line.strip():
            yield _article(line, f"{source}:{number}", settings)


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
            yield number, TooLarge(f"the line is over the limit of {limit:,} bytes (max_input_bytes)", source=where,
                                   hint="give one article a line")
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


def from_article(article: dict[str, Any], settings: Settings, *, where: str | None = None) -> Document:
    """A `Document` from one JSON Lines article (`where`: its file and line, named in warnings)."""
    published = parse_published(article.get("published"), where) or settings.published
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
        raise TooLarge(f"the report is {len(text):,} characters, over the limit of {limit:,} (max_report_chars)",
                       hint="split the report")
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
    import trafilatura  # inside: about 0.4 s to import, and only HTML needs it, not every command

    settings = settings or Settings()
    if len(html) > settings.max_html_chars:
        raise TooLarge(f"the HTML page is {len(html):,} characters, over the limit of "
                       f"{settings.max_html_chars:,} (max_html_chars)", hint="give the text rather than the page")
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
    return replace(doc, **{k: v for k, v in fields.items() if v})


def parse_published(value: Any, where: str | None = None) -> date | None:
    """An ISO date (or the date part of an ISO timestamp); None for anything else, with a warning
    naming `where` (the file and line) when a value is given but is not a date."""
    if value is None or value == "":
        return None
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        log.warning("%sunreadable publication date %r (write YYYY-MM-DD); it is ignored",
                    f"{where}: " if where else "", value)
        return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _scrub(value: str) -> str:
    """`value` with lone surrogates (not text; they cannot be written as UTF-8) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", value)


def content_hash(text: str) -> str:
    """The identity of a report's content: the same text is the same report."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
