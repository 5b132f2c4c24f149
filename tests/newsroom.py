"""A real HTTP server on 127.0.0.1 for the web tests: two outlets, their feeds, and bad answers.

`Newsroom` serves the bundled sample reports as article pages of an outlet ("The Frontier
Times", `/world/SLUG`) with navigation, adverts and a footer, an RSS feed of them (`/feed.xml`,
with ETag and Last-Modified), the same stories under a second outlet with other furniture and
headlines (`/wire/SLUG`, `/wire/feed.xml`), and the failures a crawler meets: redirects and a
redirect loop, a slow page, 404 and 500 answers, a page that fails once then works, an oversized
page, a non-HTML body, a page whose declared charset is wrong, malformed XML and HTML, and a
webhook that records what is posted to it.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "sample"
PUBLISHED = datetime(2025, 10, 13, 9, 30, tzinfo=UTC)
LAST_MODIFIED = format_datetime(PUBLISHED, usegmt=True)


def stories() -> dict[str, tuple[str, list[str]]]:
    """{slug: (headline, paragraphs)} of the sample reports (first line is the headline)."""
    found = {}
    for path in sorted(SAMPLE.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").strip().split("\n")
        paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
        found[path.stem] = (lines[0].strip(), paragraphs)
    return found


def frontier_page(base: str, slug: str, headline: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(headline)} | The Frontier Times</title>
<meta property="og:site_name" content="The Frontier Times">
<meta property="og:title" content="{html.escape(headline)}">
<meta name="author" content="Staff Reporter">
<meta property="article:published_time" content="{PUBLISHED.isoformat()}">
<link rel="canonical" href="{base}/world/{slug}">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<div class="ad-banner">Advertisement: Book cheap flights to Dubai today! Limited offer.</div>
<main><article>
<h1>{html.escape(headline)}</h1>
<p class="byline">By Staff Reporter · 13 October 2025</p>
{body}
</article>
<aside class="related"><h2>Most read</h2><ul><li><a href="/x">Cricket: Lahore wins the final</a></li>
<li><a href="/y">Markets close higher on oil prices</a></li></ul></aside></main>
<footer><p>© 2025 The Frontier Times. All rights reserved.</p><p><a href="/privacy">Privacy</a> ·
<a href="/terms">Terms</a> · <a href="/contact">Contact us</a></p></footer>
</body></html>"""


def wire_page(base: str, slug: str, headline: str, paragraphs: list[str]) -> str:
    """The same story as a syndicating outlet prints it: its own headline, furniture and credit line."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Border Wire Daily - {html.escape(headline.upper())}</title>
<meta property="og:site_name" content="Border Wire Daily">
<meta property="article:published_time" content="2025-10-14T06:00:00+00:00">
<link rel="canonical" href="{base}/wire/{slug}">
</head><body>
<div id="top"><a href="/">BORDER WIRE DAILY</a> | <a href="/latest">Latest</a> |
<a href="/opinion">Opinion</a></div>
<div class="sidebar"><div class="promo">Sponsored: Try our new VPN, 80% off.</div>
<div class="promo">Weather: Peshawar 28°C, sunny</div></div>
<div class="story"><h2 class="headline">Wire: {html.escape(headline)}</h2>
<div class="story-body">
<p><em>Syndicated from The Frontier Times.</em></p>
{body}
</div></div>
<div id="bottom">Border Wire Daily © 2025 · Advertise with us · Careers</div>
</body></html>"""


def rss(base: str, title: str, prefix: str, slugs: list[str], headlines: dict[str, str]) -> str:
    items = "\n".join(
        f"""<item><title>{html.escape(headlines[s])}</title><link>{base}{prefix}/{s}</link>
<guid>{base}{prefix}/{s}</guid><pubDate>{LAST_MODIFIED}</pubDate></item>"""
        for s in slugs
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{html.escape(title)}</title><link>{base}/</link>
<description>Latest stories</description>
{items}
</channel></rss>"""


@dataclass
class Newsroom:
    """The server's state: what it serves, and what it has seen (hits per path, webhook posts)."""

    base: str = ""
    feed_slugs: list[str] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    posts: list[dict] = field(default_factory=list)
    slow_seconds: float = 2.0
    huge_bytes: int = 3_000_000
    failing: set[str] = field(default_factory=set)  # paths answered with 500 for now
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, path: str) -> int:
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]

    def url(self, path: str) -> str:
        return self.base + path


def make_handler(room: Newsroom) -> type[BaseHTTPRequestHandler]:
    all_stories = stories()
    headlines = {slug: headline for slug, (headline, _) in all_stories.items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            room.hit(self.path)
            length = int(self.headers.get("content-length") or 0)
            room.posts.append(json.loads(self.rfile.read(length) or b"null"))
            self.send(204, b"", "text/plain")

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            count = room.hit(self.path)
            path = self.path.split("?")[0]
            route = ROUTES.get(path)
            if path in room.failing:
                self.send(500, b"<h1>Internal Server Error</h1>", "text/html")
            elif route:
                route(self, count)
            elif path.startswith("/world/") and path[7:] in all_stories:
                headline, paragraphs = all_stories[path[7:]]
                if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                    self.send(304, b"", "text/html")
                    return
                page = frontier_page(room.base, path[7:], headline, paragraphs)
                self.send(200, page.encode(), "text/html; charset=utf-8", Last_Modified=LAST_MODIFIED)
            elif path.startswith("/wire/") and path[6:] in all_stories:
                headline, paragraphs = all_stories[path[6:]]
                self.send(200, wire_page(room.base, path[6:], headline, paragraphs).encode(), "text/html")
            elif path.startswith("/old/"):
                self.redirect("/world/" + path[5:])
            else:
                self.send(404, b"<h1>Not found</h1>", "text/html")

        def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def redirect(self, to: str) -> None:
            self.send(302, b"", "text/plain", Location=to)

        def feed(self, _count: int) -> None:
            slugs = room.feed_slugs or list(all_stories)
            etag = '"' + hashlib.sha1(",".join(slugs).encode()).hexdigest()[:12] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send(304, b"", "application/rss+xml", ETag=etag)
                return
            body = rss(room.base, "The Frontier Times", "/world", slugs, headlines)
            self.send(200, body.encode(), "application/rss+xml", ETag=etag, Last_Modified=LAST_MODIFIED)

        def wire_feed(self, _count: int) -> None:
            body = rss(room.base, "Border Wire Daily", "/wire", list(all_stories), headlines)
            self.send(200, body.encode(), "application/rss+xml")

        def troubled_feed(self, _count: int) -> None:
            links = ["/world/" + next(iter(all_stories)), "/missing", "/error", "/slow", "/huge", "/image",
                     "/garbage"]
            items = "\n".join(f"<item><title>t{i}</title><link>{room.base}{p}</link></item>"
                              for i, p in enumerate(links))
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
            self.send(200, body.encode(), "application/rss+xml")

        def slow(self, _count: int) -> None:
            time.sleep(room.slow_seconds)
            self.send(200, b"<html><body><p>late</p></body></html>", "text/html")

        def error(self, _count: int) -> None:
            self.send(500, b"<h1>Internal Server Error</h1>", "text/html")

        def flaky(self, count: int) -> None:
            if count == 1:
                self.send(503, b"busy", "text/plain")
                return
            slug = next(iter(all_stories))
            headline, paragraphs = all_stories[slug]
            page = frontier_page(room.base, slug, headline, paragraphs)
            self.send(200, page.encode(), "text/html; charset=utf-8")

        def huge(self, _count: int) -> None:
            filler = "<p>" + "Filler words about nothing in particular. " * 20 + "</p>\n"
            article = filler * (room.huge_bytes // len(filler) + 1)
            body = "<html><body><article>" + article + "</article></body></html>"
            self.send(200, body.encode(), "text/html; charset=utf-8")

        def huge_chunked(self, _count: int) -> None:
            """An oversized body with no Content-Length: the reader must stop by itself."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = ("<p>" + "x" * 8000 + "</p>").encode()
            try:
                for _ in range(room.huge_bytes // len(chunk) + 1):
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            except OSError:  # the client stopped reading, as it should
                self.close_connection = True

        def image(self, _count: int) -> None:
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")

        def wrong_charset(self, _count: int) -> None:
            """UTF-8 bytes served as ISO-8859-1."""
            slug = list(all_stories)[1]
            headline, paragraphs = all_stories[slug]
            page = frontier_page(room.base, slug, headline, paragraphs).replace('<meta charset="utf-8">', "")
            self.send(200, page.encode("utf-8"), "text/html; charset=iso-8859-1")

        def cp1252(self, _count: int) -> None:
            """Windows-1252 bytes served as UTF-8."""
            page = ("<html><body><article><h1>Clash</h1><p>The army said “twelve fighters” were killed "
                    "near the border café on Monday, officials said.</p>" * 3 + "</article></body></html>")
            self.send(200, page.encode("cp1252"), "text/html; charset=utf-8")

        def broken_feed(self, _count: int) -> None:
            cut_short = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Bro'
            self.send(200, cut_short, "application/rss+xml")

        def garbage(self, _count: int) -> None:
            self.send(200, b"<html><<<div></span><script>var x = 1;</script></html", "text/html")

        def loop(self, _count: int) -> None:
            self.redirect("/loop")

        def atom(self, _count: int) -> None:
            entries = "".join(
                f'<entry><title>{html.escape(headlines[s])}</title><link href="/world/{s}"/><id>urn:{s}</id>'
                f"<updated>2025-10-12T08:00:00Z</updated></entry>" for s in list(all_stories)[:2]
            )
            body = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    "<title>Frontier Atom</title><id>urn:frontier</id>"
                    f"<updated>2025-10-12T08:00:00Z</updated>{entries}</feed>")
            self.send(200, body.encode(), "application/atom+xml")

        def moved_feed(self, _count: int) -> None:
            self.redirect("/feed.xml")

    ROUTES = {
        "/feed.xml": Handler.feed, "/wire/feed.xml": Handler.wire_feed,
        "/troubled.xml": Handler.troubled_feed, "/slow": Handler.slow, "/error": Handler.error,
        "/flaky": Handler.flaky, "/huge": Handler.huge, "/huge-chunked": Handler.huge_chunked,
        "/image": Handler.image, "/wrong-charset": Handler.wrong_charset,
        "/cp1252": Handler.cp1252, "/broken.xml": Handler.broken_feed, "/garbage": Handler.garbage,
        "/loop": Handler.loop, "/moved-feed": Handler.moved_feed, "/atom.xml": Handler.atom,
    }
    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that stops reading (as sitrep does past the size limit) is no error here."""


def serve() -> tuple[ThreadingHTTPServer, Newsroom]:
    """Start the server on a free port of 127.0.0.1 in a daemon thread."""
    room = Newsroom()
    server = _Server(("127.0.0.1", 0), make_handler(room))
    room.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, room
