"""The fetcher against a real HTTP server on 127.0.0.1 (tests/newsroom.py)."""

import socket
import threading
import time as clock

import httpx
import pytest

from sitrep.errors import (
    FetchTimeout,
    HttpStatus,
    MalformedInput,
    NotHtml,
    PrivateAddress,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)
from sitrep.settings import Settings
from sitrep.sources.feeds import parse_feed, read_page
from sitrep.sources.fetch import Fetcher, decode_body


class FakeTime:
    """A clock that only moves when someone sleeps, recording the pauses."""

    def __init__(self):
        self.now = 1000.0
        self.pauses = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.pauses.append(round(seconds, 3))
        self.now += seconds


def settings(**overrides):
    base = dict(allow_private=True, fetch_timeout=0.5, fetch_max_bytes=400_000, fetch_retries=0,
                fetch_backoff=0.25, fetch_host_delay=0.0)
    return Settings.load(**{**base, **overrides})


def fetcher(time=None, **overrides):
    time = time or FakeTime()
    return Fetcher(settings(**overrides), clock=time.clock, sleep=time.sleep)


def test_page_is_fetched_with_its_metadata_and_without_furniture(room):
    with fetcher() as web:
        page = read_page(web.get(room.url("/world/000_a0dbf494eb824e28")))
    doc = page.document
    assert page.outlet == "The Frontier Times" and page.author == "Staff Reporter"
    assert page.published.isoformat() == "2025-10-13"
    assert page.title.startswith("Escalating Pakistan-Afghanistan Border Clashes")
    assert doc.url == room.url("/world/000_a0dbf494eb824e28") and doc.source == "The Frontier Times"
    assert "23 soldiers had been killed" in doc.text
    for furniture in ("Advertisement", "Subscribe", "All rights reserved", "Most read", "Cricket"):
        assert furniture not in doc.text


def test_feed_lists_absolute_item_links(room):
    with fetcher() as web:
        feed = parse_feed(web.get(room.url("/feed.xml")))
    assert feed.title == "The Frontier Times" and len(feed.items) == 5
    assert all(item.link.startswith(room.base + "/world/") for item in feed.items)
    assert {item.published.isoformat() for item in feed.items} == {"2025-10-13"}


def test_atom_feeds_and_moved_feeds_are_read(room):
    with fetcher() as web:
        atom = parse_feed(web.get(room.url("/atom.xml")))
        moved = parse_feed(web.get(room.url("/moved-feed")))
    assert [i.link for i in atom.items] == [room.url("/world/000_a0dbf494eb824e28"),
                                            room.url("/world/001_cc365e9f94fb10cd")]
    assert atom.items[0].published.isoformat() == "2025-10-12" and len(moved.items) == 5


def test_conditional_get_gives_not_modified(room):
    with fetcher() as web:
        first = web.get(room.url("/feed.xml"))
        again = web.get(room.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and first.etag
    assert again.not_modified and again.content == b""


def test_redirects_are_followed_and_a_loop_stops(room):
    with fetcher() as web:
        moved = web.get(room.url("/old/001_cc365e9f94fb10cd"))
        assert moved.final_url == room.url("/world/001_cc365e9f94fb10cd")
        with pytest.raises(TooManyRedirects, match="more than 3 redirects"):
            Fetcher(settings(fetch_max_redirects=3)).get(room.url("/loop"))


@pytest.mark.parametrize(
    ("path", "error", "words"),
    [
        ("/missing", HttpStatus, "HTTP 404"),
        ("/error", HttpStatus, "HTTP 500"),
        ("/slow", FetchTimeout, "no answer in time"),
        ("/huge", TooLarge, "over the limit of 400,000"),
        ("/huge-chunked", TooLarge, "stopped reading"),
    ],
)
def test_failures_say_why(room, path, error, words):
    with fetcher() as web, pytest.raises(error, match=words) as caught:
        web.get(room.url(path))
    assert room.url(path) in str(caught.value)


def test_unreachable_host_is_named():
    with fetcher() as web, pytest.raises(Unreachable, match="cannot reach"):
        web.get("http://127.0.0.1:9/nothing-listens-here")


def test_bodies_that_are_no_article_are_refused(room):
    with fetcher() as web:
        with pytest.raises(NotHtml, match="image/png"):
            read_page(web.get(room.url("/image")))
        with pytest.raises(MalformedInput, match="malformed feed"):
            parse_feed(web.get(room.url("/broken.xml")))
        with pytest.raises(Exception, match="no article text"):
            read_page(web.get(room.url("/garbage")))


def test_wrong_and_missing_charsets_are_read_right(room):
    with fetcher() as web:
        declared_latin1 = read_page(web.get(room.url("/wrong-charset"))).document.text
        declared_utf8 = read_page(web.get(room.url("/cp1252"))).document.text
    assert "Afghanistan’s" in declared_latin1 and "â€" not in declared_latin1
    assert "“twelve fighters”" in declared_utf8 and "café" in declared_utf8
    text = "<p>The café near the border was shelled – officials said “no one” was hurt.</p>" * 4
    assert decode_body(text.encode("cp1252"), None, source="x") == text


def test_server_errors_are_retried_with_backoff(room):
    time = FakeTime()
    with fetcher(time, fetch_retries=2) as web:
        page = web.get(room.url("/flaky"))
    assert page.status == 200 and room.hits["/flaky"] == 2
    assert time.pauses == [0.25]
    time = FakeTime()
    with fetcher(time, fetch_retries=2) as web, pytest.raises(HttpStatus):
        web.get(room.url("/error"))
    assert time.pauses == [0.25, 0.5]


def test_one_host_is_asked_at_most_once_per_delay(room):
    time = FakeTime()
    with fetcher(time, fetch_host_delay=2.0) as web:
        web.get(room.url("/feed.xml"))
        web.get(room.url("/world/002_a0669a4719f36776"))
        time.now += 5
        web.get(room.url("/world/003_649a80b4a3ec6d74"))
    assert time.pauses == [2.0]


def test_user_agent_is_sent():
    seen = []

    def answer(request):
        seen.append(request.headers["user-agent"])
        return httpx.Response(200, html="<html><body><p>ok</p></body></html>")

    web = Fetcher(settings(), transport=httpx.MockTransport(answer))
    web.get("http://127.0.0.1/")
    assert seen == [settings().user_agent] and seen[0].startswith("sitrep/")


def test_private_addresses_are_refused_also_after_a_redirect(room):
    with pytest.raises(PrivateAddress, match="loopback"):
        Fetcher(settings(allow_private=False)).get(room.url("/feed.xml"))

    def answer(request):  # a public outlet that redirects into the local network
        return httpx.Response(302, headers={"location": "http://10.0.0.7/admin"})

    addresses = {"outlet.example": ["93.184.215.14"], "10.0.0.7": ["10.0.0.7"]}
    web = Fetcher(settings(allow_private=False), transport=httpx.MockTransport(answer),
                  resolve=lambda host, port: addresses[host])
    with pytest.raises(PrivateAddress, match="10.0.0.7, a private address"):
        web.get("http://outlet.example/story")
    with pytest.raises(Exception, match="not a web address"):
        web.get("file:///etc/passwd")


# --------------------------------------------------------------------------- a total deadline per fetch

def _trickling_server(where: str):
    """A server on 127.0.0.1 that sends its answer a byte every 0.2 s: in the `headers` or in the `body`."""
    listener = socket.create_server(("127.0.0.1", 0))
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 60\r\nX-Pad: " + b"p" * 40 + b"\r\n\r\n"
    body = b"<html><body><p>" + b"x" * 27 + b"</p></body></html>"  # 60 bytes

    def run() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                try:
                    head, tail = (answer[:17], answer[17:] + body) if where == "headers" else (answer, body)
                    conn.sendall(head)
                    for byte in tail:
                        clock.sleep(0.2)
                        conn.sendall(bytes([byte]))
                except OSError:
                    continue

    threading.Thread(target=run, daemon=True).start()
    return listener, f"http://127.0.0.1:{listener.getsockname()[1]}/"


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_trickling_server_is_cut_off_at_the_fetch_deadline(where):
    listener, url = _trickling_server(where)
    try:
        with Fetcher(settings(fetch_timeout=1.0, fetch_deadline=1.5, fetch_retries=2)) as web:
            started = clock.monotonic()
            with pytest.raises(FetchTimeout, match="deadline of 1.5 s"):
                web.get(url)
            assert clock.monotonic() - started < 4, "each byte came within the read timeout, the whole did not"
    finally:
        listener.close()
