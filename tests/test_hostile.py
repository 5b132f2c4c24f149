"""Hostile input: every parser and extractor under random and adversarial text.

What must hold for any input: no crash (only sitrep's typed errors, naming the input), no hang
(the adversarial inputs below made the old code take minutes or hours; a watchdog turns a hang
into a failure instead of a stuck CI run), every span indexes its text (`text[start:end] ==
span.text`), and reading the same input twice gives the same result. The limits themselves are
in the README's "Limits" section; bench/ measures the time per report.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import struct
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.errors import (
    BinaryInput,
    EmptyInput,
    EncodingError,
    FetchError,
    InputError,
    MalformedInput,
    SitrepError,
    TooLarge,
)
from sitrep.extract import actors, clean, dates, eventtypes, numbers, places, sentences
from sitrep.run.pipeline import analyse
from sitrep.settings import Settings
from sitrep.sources import feeds, ingest
from sitrep.sources.fetch import Fetched, Fetcher, decode_body
from sitrep.store.sqlite import Store

DAY = date(2025, 5, 3)
SETTINGS = Settings.load(published=DAY, today=DAY)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# words the extractors react to, and the characters that break naive code
VOCABULARY = [
    "12", "1,200", "3.5", "9" * 40, "1" + "0" * 13, "twenty-three", "a hundred", "one and", "at least",
    "up to", "between", "and", "to", "-", "–", "dozens of", "an unknown number of", "killed", "wounded",
    "captured", "soldiers", "civilians", "militants", "Taliban", "al-Shabaab", "the army", "Pakistan",
    "Kabul", "Mogadishu", "said", "reportedly", "according to", "on", "Monday", "3 May 2025", "2025-05-03",
    "yesterday", "last week", "Mr.", "U.S.", ".", "...", ",", ";", "!", "?", '"', "(", ")", "\n", "\r\n",
    "\t", "\x00", "\x1b[0m", "\x0b", "\u2028", "\u200b", "\ufeff", "â€œ", "Ã©", "đŸ”„", "\ud800", "\udfff",
    "Ω", "مقتل", "😀",
]
SEPARATORS = [" ", " ", " ", "", "\n", ", ", ". "]
token = st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=6))
report_text = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=60).map(
    lambda parts: "".join(t + s for t, s in parts)
)


class Hung(Exception):
    pass


@contextmanager
def watchdog(seconds: int = 60) -> Iterator[None]:
    """Fail (rather than hang CI) if the block runs for minutes; a bound on hangs, not a speed test."""

    def stop(*_: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outcomes(results) -> list:  # type: ignore[no-untyped-def]
    """Documents as they are, errors as (class, message): errors do not compare equal themselves."""
    return [(type(r), str(r)) if isinstance(r, Exception) else r for r in results]


def assert_spans(text: str, spans) -> None:  # type: ignore[no-untyped-def]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text


# --------------------------------------------------------------------------- each parser, fuzzed


@FUZZ
@given(report_text)
def test_quantities_hold_their_spans_and_bounded_values(text):
    for q in numbers.find_quantities(text):
        assert text[q.span.start : q.span.end] == q.span.text
        for value in (q.low, q.high):
            assert value is None or 0 <= value < 10**19
        if q.low is not None and q.high is not None and not q.approx:
            assert q.low <= q.high


@FUZZ
@given(st.text(max_size=300))
def test_parse_number_never_fails(words):
    value = numbers.parse_number(words)
    assert value is None or (isinstance(value, int) and value >= 0)


@FUZZ
@given(st.integers(min_value=0, max_value=10**numbers.MAX_DIGITS - 1))
def test_numbers_round_trip_and_long_digit_strings_are_no_count(n):
    assert numbers.parse_number(str(n)) == n
    assert numbers.parse_number(f"{n:,}") == n
    assert numbers.parse_number("9" * (numbers.MAX_DIGITS + 1)) is None
    assert numbers.parse_number("one " * 1000) is None


@FUZZ
@given(report_text, st.one_of(st.none(), st.dates()))
def test_dates_hold_their_spans_and_order(text, published):
    found = dates.find_dates(text, published)
    assert_spans(text, [d.span for d in found])
    assert all(d.first_day <= d.last_day for d in found)
    first, last, precision = dates.event_date(text, found, published)
    assert (first is None) == (last is None) == (precision is None)


@pytest.mark.parametrize("published", [date.min, date.max, None])
@pytest.mark.parametrize("text", [
    "on 12 May 99999", "3 May 2025 to 9" + "9" * 50 + " May", "12 months ago",
    "the " + "9" * 20 + "th of May", "Monday Monday Monday", "yesterday, the attack",
    "since 2021 attack on Monday", "9" * 5000 + " days ago",
])
def test_dates_at_the_ends_of_the_calendar(text, published):
    found = dates.find_dates(text, published)
    assert_spans(text, [d.span for d in found])
    dates.event_date(text, found, published)


@FUZZ
@given(report_text)
def test_cleaning_keeps_every_offset_in_the_text(text):
    cleaned = clean.clean(text)
    if cleaned.offset_map is None:
        assert len(cleaned.analysis) == len(text)
    else:
        assert len(cleaned.offset_map) == len(cleaned.analysis)
        assert all(0 <= i <= len(text) for i in cleaned.offset_map)
        assert list(cleaned.offset_map) == sorted(cleaned.offset_map)
    assert clean.clean(text) == cleaned


@FUZZ
@given(report_text)
def test_sentences_are_ordered_spans(text):
    found = sentences.split_sentences(text)
    assert_spans(text, found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert all(len(s.text) <= sentences.MAX_SENTENCE_CHARS for s in found)


@FUZZ
@given(report_text, st.one_of(st.none(), st.dates()))
def test_actors_hold_their_spans(text, on):
    assert_spans(text, [a.span for a in actors.find_actors(text, on)])
    country, role = actors.resolve(text, on)
    assert country is None or isinstance(country, str)
    assert role in ("military", "armed_group", "civilian", "unknown")


@FUZZ
@given(report_text)
def test_places_hold_their_spans(text):
    assert_spans(text, [p.span for p in places.find_places(text)])


@FUZZ
@given(report_text)
def test_event_types_hold_their_evidence(text):
    found = eventtypes.classify_event(text)
    if found.evidence is not None:
        assert_spans(text, [found.evidence])


def test_event_types_of_a_long_report_come_in_bounded_time():
    with watchdog(5):
        found = eventtypes.classify_event("Killed.\n" * 8000)
    assert found.evidence is not None


@FUZZ
@given(report_text)
def test_the_whole_chain_fails_only_with_typed_errors_and_spans_hold(text):
    try:
        doc = ingest.from_text(text, "fuzzed.txt", DAY, settings=SETTINGS)
    except InputError as err:
        assert isinstance(err, EmptyInput)
        return
    result = analyse(doc, SETTINGS)
    ann = result.annotations
    for group in (ann.quantities, ann.dates, ann.places, ann.actors):
        assert_spans(doc.analysis, [item.span for item in group])
    assert_spans(doc.text, [c.evidence for c in result.claims] + [c.sentence for c in result.claims])
    assert_spans(doc.text, [e.evidence for e in result.events if e.evidence is not None])
    assert analyse(doc, SETTINGS) == result


# --------------------------------------------------------------------------- ingest, fuzzed


@FUZZ
@given(st.binary(max_size=400))
def test_decode_gives_text_or_a_typed_error_naming_the_input(raw):
    try:
        text = ingest.decode(raw, "raw.bin")
    except InputError as err:
        assert isinstance(err, EmptyInput | BinaryInput | EncodingError)
        assert err.source == "raw.bin" and "raw.bin" in str(err)
        return
    assert isinstance(text, str)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | report_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
article = st.fixed_dictionaries(
    {},
    optional={"id": json_value, "text": report_text | json_value, "html": report_text, "title": json_value,
              "url": json_value, "source": json_value, "published": json_value},
)
jsonl_line = st.one_of(
    article.map(json.dumps), st.text(max_size=40), st.just('{"id": 1, "text": "\\ud800 killed"}')
)


@FUZZ
@given(st.lists(jsonl_line, max_size=6))
def test_json_lines_give_documents_or_errors_naming_file_and_line(lines):
    text = "\n".join(lines)
    results = list(ingest.read_jsonl(text, "feed.jsonl", SETTINGS))
    for result in results:
        if isinstance(result, InputError):
            assert result.source and result.source.startswith("feed.jsonl:")
        else:
            assert_document(result)
    assert outcomes(ingest.read_jsonl(text, "feed.jsonl", SETTINGS)) == outcomes(results)


def test_json_lines_split_at_newlines_only():
    texts = ["Five\u2028were killed", "Six\x85were\x1cwounded\x0b", "Seven\u2029were captured\r"]
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(texts)]
    docs = list(ingest.read_jsonl("\r\n".join(lines) + "\n", "raw.jsonl", SETTINGS))
    assert [d.text for d in docs] == texts


def assert_document(doc) -> None:  # type: ignore[no-untyped-def]
    doc.text.encode("utf-8")  # storable: no lone surrogates left
    doc.name.encode("utf-8")
    assert doc.content_hash == ingest.content_hash(doc.text)
    if doc.offset_map is None:
        assert len(doc.analysis) == len(doc.text)


html_fragment = st.one_of(
    report_text,
    st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<article>", "<script>", "<!--", "-->", "&amp;",
                     "&#0;", "&#xD800;", "&lol;", "<![CDATA[", "]]>", "<title>", "<meta charset=x>"]),
)


@FUZZ
@given(st.lists(html_fragment, max_size=40).map("".join))
def test_html_gives_a_document_or_a_typed_error(html):
    try:
        doc = ingest.from_html(html, "page.html", DAY, settings=SETTINGS)
    except InputError as err:
        assert isinstance(err, EmptyInput | TooLarge)
        return
    assert_document(doc)


@FEW
@given(st.lists(st.tuples(st.sampled_from([".txt", ".html", ".jsonl", ".md"]), st.binary(max_size=300)),
                min_size=1, max_size=4))
def test_any_file_is_read_or_refused_by_name_and_twice_the_same(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("inputs")
    for i, (suffix, raw) in enumerate(files):
        (folder / f"report{i}{suffix}").write_bytes(raw)
    first = list(ingest.read_inputs([folder], SETTINGS))
    for result in first:
        if isinstance(result, InputError):
            assert result.source and str(folder) in result.source
        else:
            assert_document(result)
    assert outcomes(ingest.read_inputs([folder], SETTINGS)) == outcomes(first)


# --------------------------------------------------------------------------- feeds and pages, fuzzed


def fetched(body: bytes, media_type: str, charset: str | None = None) -> Fetched:
    url = "http://outlet.example/x"
    return Fetched(url, url, 200, body, media_type, charset, None, None)


feed_fragment = st.one_of(
    st.sampled_from([b'<?xml version="1.0"?>', b'<rss version="2.0">', b"<channel>", b"<item>", b"</item>",
                     b"<title>", b"</title>", b"<link>http://[::1</link>", b"<link>/a</link>", b"<pubDate>",
                     b"Mon, 01 Jan 0000 00:00:00 GMT", b"</pubDate>", b'<feed xmlns="http://www.w3.org/2005/Atom">',
                     b"<entry>", b'<link href="x"/>', b"</entry>", b"<!DOCTYPE r [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
                     b"&e;", b"\x00", b"\xff\xfe"]),
    st.binary(max_size=8),
)


@FUZZ
@given(st.lists(feed_fragment, max_size=30).map(b"".join))
def test_feeds_give_items_or_malformed_input(body):
    try:
        feed = feeds.parse_feed(fetched(body, "application/rss+xml"))
    except MalformedInput as err:
        assert err.source == "http://outlet.example/x"
        return
    assert all(item.link.startswith("http") for item in feed.items)


@FUZZ
@given(st.lists(html_fragment, max_size=40).map(lambda part: "".join(part).encode("utf-8", "surrogatepass")),
       st.sampled_from([None, "utf-8", "iso-8859-1", "idna", "rot13", "utf-16", "bogus"]))
def test_pages_give_a_page_or_a_typed_error(body, charset):
    try:
        page = feeds.read_page(fetched(body, "text/html", charset), settings=SETTINGS)
    except InputError as err:
        assert err.source == "http://outlet.example/x"
        return
    assert_document(page.document)


# --------------------------------------------------------------------------- adversarial examples

REPORT = "The army said 12 militants were killed in Kabul on Monday. "


@pytest.mark.parametrize("text", [
    "At least " + "9" * 5000 + " people were killed.",
    "Killed " + ",".join(["999"] * 3000) + " people.",
    "Police said " + "one hundred and " * 2000 + "people died.",
    "1-" * 20_000,
    "between " * 10_000 + "3 and 5 killed",
])
def test_huge_numbers_are_no_counts(text):
    with watchdog():
        found = numbers.find_quantities(text)
        doc = ingest.from_text(text, "numbers.txt", DAY, settings=SETTINGS)
        result = analyse(doc, SETTINGS)
    assert_spans(text, [q.span for q in found])
    assert all(c.low is None or c.low < 10**13 for c in result.claims)


@pytest.mark.parametrize("text", [
    "." * 1_000_000,
    "!?" * 500_000,
    "Mr. " * 250_000,
    "x" * 1_000_000 + ". Y",
    "word, " * 200_000,
])
def test_million_character_lines_split_in_linear_time(text):
    with watchdog():
        found = sentences.split_sentences(text)
    assert_spans(text, found)
    assert all(len(s.text) <= sentences.MAX_SENTENCE_CHARS for s in found)


def test_long_mojibake_lines_are_repaired_without_quadratic_alignment():
    text = ("â€œ12 killedâ€\x9d in đŸ”„ Ã©tÃ© " * 8000)[:200_000]
    with watchdog():
        cleaned = clean.clean(text)
    assert "“12 killed”" in cleaned.analysis
    assert cleaned.offset_map is not None and len(cleaned.offset_map) == len(cleaned.analysis)
    i = cleaned.analysis.index("12 killed")
    assert text[cleaned.offset_map[i] : cleaned.offset_map[i + 8] + 1] == "12 killed"


def test_control_characters_nul_bytes_and_surrogates_in_a_report():
    text = ("Border clash\x00\n\x01\x1b[31mFive\x00 soldiers were killed\ud800 in Kabul\u2028on 3 May 2025."
            "\x7f\n")
    doc = ingest.from_text(text, "control.txt", None, settings=SETTINGS)
    assert "\ud800" not in doc.text and "\ufffd" in doc.text and len(doc.text) == len(text)
    result = analyse(doc, SETTINGS)
    assert [(c.kind, c.low) for c in result.claims] == [("killed", 5)]
    assert_spans(doc.text, [c.evidence for c in result.claims])


def test_a_report_over_the_limit_is_refused_and_one_at_it_is_read():
    small = Settings.load(max_report_chars=1000, published=DAY)
    at_limit = (REPORT * 100)[:1000]
    assert ingest.from_text(at_limit, "a.txt", DAY, settings=small).text == at_limit
    with pytest.raises(TooLarge, match="1,001 characters, over the limit of 1,000"):
        ingest.from_text(at_limit + "x", "a.txt", DAY, settings=small)


def test_a_ten_megabyte_line_is_refused_by_name_in_every_format(tmp_path):
    line = REPORT * (10_000_000 // len(REPORT))
    (tmp_path / "line.txt").write_text(line, encoding="utf-8")
    (tmp_path / "line.html").write_text(f"<html><body><p>{line}</p></body></html>", encoding="utf-8")
    (tmp_path / "line.jsonl").write_text(json.dumps({"id": "big", "text": line}) + "\n", encoding="utf-8")
    with watchdog():
        results = list(ingest.read_inputs([tmp_path], SETTINGS))
    assert [type(r) for r in results] == [TooLarge] * 3
    assert sorted(r.source for r in results) == sorted(
        [str(tmp_path / "line.html"), str(tmp_path / "line.jsonl") + ":1", str(tmp_path / "line.txt")])
    assert all("max_report_chars" in str(r) or "max_html_chars" in str(r) for r in results)


def test_a_file_over_the_input_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2_001)
    [result] = ingest.read_inputs([path], Settings.load(max_input_bytes=2_000))
    assert isinstance(result, TooLarge) and result.source == str(path)


@pytest.mark.parametrize("html", [
    "<html><body>" + "<div>" * 100_000 + "<p>" + REPORT * 3 + "</p>" + "</div>" * 100_000 + "</body></html>",
    "<html><body>" + "<div><span>" * 50_000 + "<p>" + REPORT * 3,
    "<html><body>" + "<table><tr><td>" * 30_000 + REPORT,
])
def test_deeply_nested_html_is_read_or_refused(html):
    with watchdog():
        try:
            doc = ingest.from_html(html, "deep.html", DAY, settings=SETTINGS)
        except EmptyInput as err:
            assert err.source is None or "deep.html" in err.source
            return
    assert_document(doc)


LAUGHS = (
    '<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
)
EXTERNAL = "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">"


def test_entities_in_html_are_neither_expanded_nor_fetched():
    html = (f'<?xml version="1.0"?><!DOCTYPE html [{LAUGHS}{EXTERNAL}]><html><body><article>'
            f"<p>&lol9; &xxe;</p><p>{REPORT * 3}</p></article></body></html>")
    with watchdog():
        doc = ingest.from_html(html, "laughs.html", DAY, settings=SETTINGS)
    assert "lollollollollol" not in doc.text and "root:" not in doc.text
    assert "12 militants" in doc.text


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_entities_in_feeds_are_neither_expanded_nor_fetched(kind):
    if kind == "rss":
        body = (f'<?xml version="1.0"?><!DOCTYPE rss [{LAUGHS}{EXTERNAL}]><rss version="2.0"><channel>'
                "<title>&lol9;</title><item><title>&lol9; &xxe;</title><link>http://outlet.example/a</link>"
                "</item></channel></rss>")
    else:
        body = (f'<?xml version="1.0"?><!DOCTYPE feed [{LAUGHS}{EXTERNAL}]><feed xmlns="http://www.w3.org/2005/Atom">'
                '<title>&lol9;</title><entry><title>&lol9; &xxe;</title><link href="http://outlet.example/a"/>'
                "</entry></feed>")
    with watchdog():
        feed = feeds.parse_feed(fetched(body.encode(), f"application/{kind}+xml"))
    text = repr(feed)
    assert len(text) < 2000 and "lollollollollol" not in text and "root:" not in text
    assert [item.link for item in feed.items] == ["http://outlet.example/a"]


def test_a_deeply_nested_feed_is_read():
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>t</title>'
            b"<link>http://outlet.example/a</link><description>" + b"<x>" * 100_000 + b"</x>" * 100_000
            + b"</description></item></channel></rss>")
    with watchdog():
        feed = feeds.parse_feed(fetched(body, "application/rss+xml"))
    assert [item.link for item in feed.items] == ["http://outlet.example/a"]


def test_mixed_encodings_in_a_file_are_refused_by_name(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"Five were killed in Kabul, " + "caf\u00e9 \u201cquoted\u201d".encode("cp1252"))
    [result] = ingest.read_inputs([path], SETTINGS)
    assert isinstance(result, EncodingError) and result.source == str(path)
    assert "convert the file to UTF-8" in str(result)


def test_mixed_encodings_in_a_web_page_are_decoded():
    body = "<p>Five soldiers were killed near the café ".encode() + "“border”</p>".encode("cp1252")
    text = decode_body(body, "utf-8", source="http://outlet.example/x")
    assert text.startswith("<p>Five soldiers were killed")


def test_binary_files_are_refused_by_name(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    [result] = ingest.read_inputs([path], SETTINGS)
    assert isinstance(result, BinaryInput) and result.source == str(path)


def test_a_pipe_given_as_input_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "reports.txt"
    os.mkfifo(pipe)
    with watchdog(10):
        [result] = ingest.read_inputs([pipe], SETTINGS)
    assert isinstance(result, InputError) and result.source == str(pipe)
    assert "not a regular file" in str(result)


def test_the_same_input_ingested_twice_changes_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Clash\n" + REPORT * 3, encoding="utf-8")
    (folder / "b.jsonl").write_text(json.dumps({"id": 1, "text": REPORT + "\ud800"}) + "\n" + "{broken\n",
                                    encoding="utf-8", errors="surrogatepass")
    first = list(ingest.read_inputs([folder], SETTINGS))
    assert outcomes(ingest.read_inputs([folder], SETTINGS)) == outcomes(first)
    docs = [r for r in first if not isinstance(r, SitrepError)]
    with Store(tmp_path / "sitrep.db") as store:
        assert store.add_documents(docs) == (2, 0)
        assert store.add_documents(list(ingest.read_inputs([folder], SETTINGS))[:2]) == (0, 2)
        assert store.count_documents() == 2


# --------------------------------------------------------------------------- compression bombs over HTTP

PAGE = f"<html><body><article><h1>Clash</h1><p>{REPORT * 4}</p></article></body></html>".encode()


def deflated_zeros(mib: int) -> bytes:
    """`mib` MiB of zeros as raw deflate, built from one compressed MiB repeated (a second, not minutes)."""
    pack = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = b"\0" * (1 << 20)
    first = pack.compress(block) + pack.flush(zlib.Z_FULL_FLUSH)
    again = pack.compress(block) + pack.flush(zlib.Z_FULL_FLUSH)  # the same bytes for every further MiB
    return first + again * (mib - 1) + pack.flush()


def gzip_bomb(mib: int) -> bytes:
    """A valid gzip member of `mib` MiB of zeros (about a thousandth of the size)."""
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(b"\0" * (1 << 20), crc)
    trailer = struct.pack("<II", crc, (mib << 20) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + deflated_zeros(mib) + trailer


@pytest.fixture(scope="module")
def bombs():
    """A server on 127.0.0.1 that answers with compressed bodies; the bombs inflate to 1 and 4 GiB, and
    the double one (gzip in gzip) to 1 GiB from 2 KB."""
    bomb = gzip_bomb(1024)
    answers = {
        "/gzip": (bomb, "gzip"),
        "/deflate": (deflated_zeros(4096), "deflate"),
        "/double": (gzip.compress(bomb, 9), "gzip, gzip"),
        "/brotli": (b"\x1b\x00\x00", "br"),
        "/corrupt": (b"\x1f\x8b\x08\x00garbage", "gzip"),
        "/page": (gzip.compress(PAGE), "gzip"),
        "/raw-deflate": (zlib.compress(PAGE)[2:-4], "deflate"),
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body, coding = answers[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", coding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:  # the client stopped reading, as it should
                self.close_connection = True

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def web() -> Fetcher:
    quick = Settings.load(allow_private=True, fetch_retries=0, fetch_host_delay=0.0, fetch_timeout=5.0)
    return Fetcher(quick)


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/double"])
def test_compression_bombs_stop_at_the_size_limit_without_inflating(bombs, path):
    tracemalloc.start()
    try:
        with watchdog(), pytest.raises(TooLarge, match="once decompressed") as err:
            web().get(bombs + path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.source == bombs + path
    assert peak < 60_000_000  # a gigabyte bomb never gets far past fetch_max_bytes (5 MB) in memory


@pytest.mark.parametrize(("path", "message"),
                         [("/brotli", "unsupported content coding"), ("/corrupt", "ends too early")])
def test_unknown_and_broken_codings_are_refused_by_name(bombs, path, message):
    with pytest.raises(FetchError, match=message) as err:
        web().get(bombs + path)
    assert err.value.source == bombs + path


@pytest.mark.parametrize("path", ["/page", "/raw-deflate"])
def test_compressed_pages_are_still_read(bombs, path):
    page = web().get(bombs + path)
    assert page.content == PAGE
    assert "12 militants" in feeds.read_page(page, settings=SETTINGS).document.text


# --------------------------------------------------------------------------- JSON Lines values past the parser's limits

HUGE_INT = '{"id": "huge", "text": "x", "n": ' + "7" * 5000 + "}"
DEEP = '{"id": "deep", "text": "x", "n": ' + "[" * 100_000 + "]" * 100_000 + "}"


@pytest.mark.parametrize("line", [HUGE_INT, DEEP], ids=["huge-integer", "deep-nesting"])
def test_a_json_lines_value_past_the_parser_limits_is_one_malformed_line(tmp_path, line):
    good = json.dumps({"id": "good", "text": REPORT * 2})
    path = tmp_path / "in.jsonl"
    path.write_text(good + "\n" + line + "\n" + good.replace('"good"', '"good-2"') + "\n", encoding="utf-8")
    with watchdog(60):
        results = list(ingest.read_inputs([path], SETTINGS))
        in_memory = list(ingest.read_jsonl(path.read_text(encoding="utf-8"), "body", SETTINGS))
    assert [r.name for r in results if not isinstance(r, SitrepError)] == ["good", "good-2"]
    [bad] = [r for r in results if isinstance(r, SitrepError)]
    assert isinstance(bad, MalformedInput) and bad.source == f"{path}:2", bad
    assert [r.source for r in in_memory if isinstance(r, SitrepError)] == ["body:2"]


@pytest.mark.parametrize("line", [HUGE_INT, DEEP], ids=["huge-integer", "deep-nesting"])
def test_ingest_stores_the_good_lines_beside_a_value_past_the_parser_limits(tmp_path, line):
    import sitrep

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "good", "text": REPORT * 2}) + "\n" + line + "\n", encoding="utf-8")
    with sitrep.open(tmp_path / "s.db") as bench:
        done = bench.ingest([path])
        assert done.added == 1 and [f.code for f in done.failures] == ["malformed"]
        assert done.failures[0].source == f"{path}:2"
