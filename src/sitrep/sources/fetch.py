"""Fetch: web pages and feeds over HTTP, politely and safely.

`Fetcher(settings).get(url)` returns a `Fetched` body or raises a typed `FetchError` that says
what went wrong (unreachable host, timeout, HTTP status, oversized body, too many redirects, a
private address). What it guarantees:

- every host name is resolved once and refused when it points at an address that is not global
  (loopback, private, link-local, shared, reserved, multicast, or a public-looking IPv6 address
  wrapping one: IPv4-mapped, 6to4, Teredo, NAT64), unless `allow_private`, on the first request
  and after every redirect; the connection is then made to the address that was checked (never
  to one the name resolves to a moment later: DNS rebinding), with the name kept for the Host
  header, TLS server name (SNI) and certificate check;
- redirects are followed by hand, at most `fetch_max_redirects`;
- the body is streamed and reading stops past `fetch_max_bytes`;
- a fetch (its redirects, retries and the whole body) ends by `fetch_deadline` seconds, on top of
  `fetch_timeout` for each connect and read, so a server trickling a byte at a time cannot hold it;
- conditional GET: pass the `etag` and `last_modified` of the last fetch and a 304 comes back as
  `Fetched.not_modified`;
- one request per `fetch_host_delay` seconds per host, a clear User-Agent, and retries with
  exponential backoff after timeouts, lost connections and 5xx answers.

The HTTP transport (an `httpx` transport), the clock, `sleep` and the host resolver are injectable,
so tests run against a local server, or a scripted transport, without waiting.
"""

from __future__ import annotations

import codecs
import ipaddress
import logging
import re
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from charset_normalizer import from_bytes

from ..errors import (
    EncodingError,
    FetchError,
    FetchTimeout,
    HttpStatus,
    PrivateAddress,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)
from ..settings import Settings

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], None]
Resolver = Callable[[str, int], list[str]]

REDIRECTS = {301, 302, 303, 307, 308}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/xml", "text/xml", "application/feed+json",
}
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"
)
ACCEPT_ENCODING = "gzip, deflate"  # the only codings sitrep decodes itself, within the size limit
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class Fetched:
    """One answer: the body of a page or feed, or a 304 (`not_modified`) with no body."""

    url: str
    final_url: str
    status: int
    content: bytes
    media_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def kind(self) -> str:
        """'feed', 'html' or 'other', from the content type, or the body where the type says nothing."""
        return body_kind(self.media_type, self.content)

    def text(self) -> str:
        """The body as text: its byte-order mark, valid UTF-8, the declared charset, or a detected one."""
        return decode_body(self.content, self.charset, source=self.final_url)


def body_kind(media_type: str, content: bytes) -> str:
    head = content[:512].lstrip().lower()
    if media_type in FEED_TYPES or (media_type.endswith("+xml") and media_type not in HTML_TYPES):
        return "html" if head.startswith((b"<!doctype html", b"<html")) else "feed"
    if media_type in HTML_TYPES:
        return "feed" if _looks_like_feed(head) else "html"
    if media_type in ("", "application/octet-stream", "text/plain"):
        if _looks_like_feed(head):
            return "feed"
        if head.startswith((b"<!doctype html", b"<html")):
            return "html"
    return "other"


def _looks_like_feed(head: bytes) -> bool:
    head = re.sub(rb"^<\?xml[^>]*>\s*", b"", head)
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def decode_body(content: bytes, declared: str | None, *, source: str) -> str:
    """Text of a web body; a wrong or missing charset falls back to what the bytes say."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            return content.decode(name, errors="replace")
    for name in _charset_candidates(content, declared):
        try:
            return content.decode(name)
        except (UnicodeError, LookupError):  # also codecs such as idna that fail in their own way
            log.info("%s: the body is not %s", source, name)
    return _detect(content, source)


def _charset_candidates(content: bytes, declared: str | None) -> list[str]:
    """UTF-8 first (valid UTF-8 is almost never anything else), then what the page declares."""
    found = ["utf-8"]
    if declared:
        found.append(declared)
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(content[:4096])
        if match:
            found.append(match[1].decode("ascii"))
    return list(dict.fromkeys(name.lower() for name in found))


def _detect(content: bytes, source: str) -> str:
    best = from_bytes(content).best()
    if best is None:
        raise EncodingError("the body's character set could not be told", source=source,
                            hint="the server sends binary data or a broken encoding")
    log.info("%s: detected charset %s", source, best.encoding)
    return str(best)


def resolve_host(host: str, port: int) -> list[str]:
    """The IP addresses of `host` (the system resolver)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class Fetcher:
    """An HTTP client with sitrep's limits; one per run (it remembers when it last asked each host)."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        resolve: Resolver = resolve_host,
    ) -> None:
        self.settings = settings
        self._clock, self._sleep, self._resolve = clock, sleep, resolve
        self._last_request: dict[str, float] = {}
        self._pins = _Pins()
        self._client = httpx.Client(
            transport=transport or _PinnedTransport(self._pins),
            timeout=httpx.Timeout(settings.fetch_timeout),
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The body at `url` (after redirects), or a 304 when `etag`/`last_modified` still hold."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        retries = self.settings.fetch_retries
        with self._pins.deadline(self.settings.fetch_deadline):
            for attempt in range(retries + 1):
                try:
                    return self._follow(url, headers)
                except (FetchTimeout, Unreachable, _ServerError) as err:
                    pause = self.settings.fetch_backoff * 2**attempt
                    if attempt == retries or self._pins.remaining() <= pause:
                        raise err.public() if isinstance(err, _ServerError) else err from None
                    log.info("%s: %s; retrying in %.1fs", url, err.message, pause)
                    self._sleep(pause)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def post_json(self, url: str, payload: Any) -> int:
        """POST `payload` as JSON (a webhook); the status code, or a `FetchError`."""
        with self._pins.deadline(self.settings.fetch_deadline):
            self._guard(url)
            self._wait(url)
            with _translated(url, self._pins):
                response = self._client.post(url, json=payload)
        if response.status_code >= 400:
            raise HttpStatus(f"HTTP {response.status_code} from the webhook", source=url)
        return response.status_code

    def _follow(self, url: str, headers: dict[str, str]) -> Fetched:
        current = url
        for _hop in range(self.settings.fetch_max_redirects + 1):
            self._guard(current)
            self._wait(current)
            answer = self._request(url, current, headers)
            if isinstance(answer, Fetched):
                return answer
            log.debug("%s redirects to %s", current, answer)
            current = answer
        raise TooManyRedirects(
            f"more than {self.settings.fetch_max_redirects} redirects", source=url,
            hint="the server loops, or give the final address",
        )

    def _request(self, url: str, current: str, headers: dict[str, str]) -> Fetched | str:
        """The answer at `current`, or the next URL when it redirects."""
        with _translated(url, self._pins), self._client.stream("GET", current, headers=headers) as response:
            status = response.status_code
            if status in REDIRECTS and response.headers.get("location"):
                return urljoin(current, response.headers["location"])
            if status >= 500:
                raise _ServerError(f"HTTP {status} {response.reason_phrase}".strip(), source=url,
                                   hint="the server failed; it is asked again on the next poll")
            if status >= 400:
                raise HttpStatus(f"HTTP {status} {response.reason_phrase}".strip(), source=url,
                                 hint="check the address")
            content = b"" if status == 304 else self._body(url, response)
            media_type, charset = _content_type(response.headers.get("content-type", ""))
            return Fetched(url, current, status, content, media_type, charset,
                           response.headers.get("etag"), response.headers.get("last-modified"))

    def _body(self, url: str, response: httpx.Response) -> bytes:
        """The body, decompressed here rather than by httpx, so that no chunk of a compression bomb
        (gzip in gzip, or a megabyte that inflates to gigabytes) ever grows past the limit in memory."""
        limit = self.settings.fetch_max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(url, f"{int(declared):,} bytes (declared)", limit)
        if response.is_stream_consumed:  # a transport that hands over a body already in memory
            return _within(response.content, limit, url)
        layers = _decoders(response.headers.get("content-encoding", ""), url)
        chunks, size = [], 0
        for raw in response.iter_raw():
            if self._pins.remaining() <= 0:  # also where the transport is not sitrep's own
                raise _late(url, self.settings.fetch_deadline)
            chunk = _inflate(layers, raw, limit, url)
            size += len(chunk)
            if size > limit:
                raise _too_large(url, f"over {limit:,} bytes; stopped reading", limit)
            chunks.append(chunk)
        if any(layer.started() and not layer.finished() for layer in layers):
            raise Unreachable("the compressed body ends too early", source=url,
                              hint="the body is truncated or corrupt; it is retried on the next poll")
        return b"".join(chunks)

    def _guard(self, url: str) -> None:
        """Refuse anything but http(s) to global addresses (unless `allow_private`), and pin the host
        to the address checked: the connection is made to it, not to a second answer of the DNS."""
        host, port = _host_and_port(url)
        try:
            addresses = self._resolve(host, port)
        except (OSError, UnicodeError) as err:
            raise Unreachable(f"cannot resolve host {host!r}: {err}", source=url,
                              hint="check the address and the network") from None
        if not addresses:
            raise Unreachable(f"host {host!r} has no address", source=url, hint="check the address")
        if not self.settings.allow_private:
            for address in addresses:
                refused = _refused_kind(address)
                if refused:
                    raise PrivateAddress(
                        f"{host} resolves to {address}, a {refused} address", source=url,
                        hint="pass --allow-private to fetch from your own machine or network",
                    )
        self._pins.pin(host, port, addresses[0])

    def _wait(self, url: str) -> None:
        """Politeness: leave `fetch_host_delay` seconds between two requests to one host."""
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            pause = self.settings.fetch_host_delay - (self._clock() - last)
            if pause > 0:
                self._sleep(pause)
        self._last_request[host] = self._clock()


class _ServerError(HttpStatus):
    """A 5xx answer, worth asking again."""

    def public(self) -> HttpStatus:
        return HttpStatus(self.message, source=self.source, hint=self.hint)


def _host_and_port(url: str) -> tuple[str, int]:
    """The host (as the connection names it: IDNA, IPv6 without brackets) and port of an http(s) URL."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise FetchError(f"not a usable web address: {url!r}", source=url, hint="check the URL") from None
    if parsed.scheme not in ("http", "https") or not parsed.raw_host:
        raise FetchError(f"not a web address: {url!r}", source=url, hint="give an http(s):// URL")
    return parsed.raw_host.decode("ascii").lower(), parsed.port or (443 if parsed.scheme == "https" else 80)


_NAT64: Final = ipaddress.ip_network("64:ff9b::/96")
_KINDS: Final = ("loopback", "link_local", "site_local", "multicast", "unspecified", "private", "reserved")


def _refused_kind(address: str) -> str | None:
    """Why `address` may not be fetched from (None for a global one): an address that is not global,
    or an IPv6 address carrying one (IPv4-mapped, 6to4, Teredo, NAT64)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    for inner, wrapping in _carried(ip):
        refused = _own_refused_kind(inner)
        if refused:
            return f"{refused} (in {wrapping})" if wrapping else refused
    return None


def _carried(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Iterator[tuple[Any, str]]:
    """`ip` itself, then each IPv4 address an IPv6 address carries, with the way it carries it."""
    yield ip, ""
    if not isinstance(ip, ipaddress.IPv6Address):
        return
    if ip.ipv4_mapped is not None:
        yield ip.ipv4_mapped, "an IPv4-mapped address"
    if ip.sixtofour is not None:
        yield ip.sixtofour, "a 6to4 address"
    if ip.teredo is not None:
        server, client = ip.teredo
        yield server, "a Teredo address"
        yield client, "a Teredo address"
    if ip in _NAT64:
        yield ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "a NAT64 address"


def _own_refused_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    for kind in _KINDS:
        if getattr(ip, f"is_{kind}", False):  # site-local: IPv6 only
            return kind.replace("_", "-")
    if not ip.is_global:  # shared address space (100.64.0.0/10), site-local fec0::/10, ...
        return "non-global"
    return None


class _Pins:
    """The address each (host, port) was checked at, and the deadline of the fetch under way, shared
    by a `Fetcher` and its transport."""

    def __init__(self) -> None:
        self._addresses: dict[tuple[str, int], str] = {}
        self._deadline: float | None = None
        self.deadline_seconds = 0.0
        """The length of the deadline under way, for messages."""

    def pin(self, host: str, port: int, address: str) -> None:
        self._addresses[(host, port)] = address

    def address(self, host: str, port: int) -> str:
        found = self._addresses.get((host.lower(), port))
        if found is None:  # never connect to a host the guard did not check
            raise httpcore.ConnectError(f"{host}:{port} was not checked before connecting")
        return found

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """The time from now to the end of one fetch; nested fetches keep the outer deadline."""
        outer = self._deadline
        if outer is None:
            self._deadline, self.deadline_seconds = time.monotonic() + seconds, seconds
        try:
            yield
        finally:
            self._deadline = outer

    def remaining(self) -> float:
        return float("inf") if self._deadline is None else self._deadline - time.monotonic()

    def bounded(self, timeout: float | None, late: type[Exception]) -> float | None:
        """`timeout` cut to what is left of the fetch's deadline; `late` raised when none is left."""
        left = self.remaining()
        if left <= 0:
            raise late("the fetch ran past its deadline")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, pins: _Pins) -> None:
        self._stream, self._pins = stream, pins

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._pins.bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._pins.bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        bounded = self._pins.bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, bounded), self._pins)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _PinnedNetwork(httpcore.SyncBackend):
    """Connects to the address the guard checked for the host (TLS still names the host)."""

    def __init__(self, pins: _Pins) -> None:
        self._pins = pins

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        address = self._pins.address(host, port)
        bounded = self._pins.bounded(timeout, httpcore.ConnectTimeout)
        stream = super().connect_tcp(address, port, bounded, local_address, socket_options)
        return _DeadlineStream(stream, self._pins)


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over `_PinnedNetwork`. It takes no proxy from the environment: a proxy would
    resolve the host again, out of the guard's sight."""

    def __init__(self, pins: _Pins) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=100, max_keepalive_connections=20,
            keepalive_expiry=5.0, network_backend=_PinnedNetwork(pins),
        )


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


class _Inflater:
    """One content coding (gzip or deflate) undone a bounded piece at a time."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 16 if coding == "gzip" else zlib.MAX_WBITS)
        self._started = False

    def inflate(self, data: bytes, room: int) -> bytes:
        """At most `room` bytes of output; `overflowed()` tells when more was left behind."""
        if not self._started and self.coding == "deflate" and data:
            self._started = True
            try:  # "deflate" is zlib-wrapped by the standard, raw deflate by some servers
                return self._z.decompress(data, room)
            except zlib.error:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        self._started = self._started or bool(data)
        return self._z.decompress(data, room)

    def overflowed(self) -> bool:
        return bool(self._z.unconsumed_tail)

    def started(self) -> bool:
        return self._started

    def finished(self) -> bool:
        return self._z.eof


def _within(content: bytes, limit: int, url: str) -> bytes:
    if len(content) > limit:
        raise _too_large(url, f"{len(content):,} bytes", limit)
    return content


def _decoders(header: str, url: str) -> list[_Inflater]:
    """The codings to undo, last applied first; any coding sitrep did not ask for is refused."""
    codings = [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]
    unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
    if unknown:
        raise FetchError(f"the body is sent in an unsupported content coding ({', '.join(unknown)})",
                         source=url, hint="the server ignores Accept-Encoding: gzip, deflate")
    return [_Inflater("gzip" if c == "x-gzip" else c) for c in reversed(codings)]


def _inflate(layers: list[_Inflater], data: bytes, limit: int, url: str) -> bytes:
    """`data` with every coding undone; no layer may give more than `limit` bytes for one chunk."""
    for layer in layers:
        try:
            data = layer.inflate(data, limit + 1)
        except zlib.error as err:
            raise Unreachable(f"the {layer.coding} body is corrupt: {err}", source=url,
                              hint="the server sent a broken compressed body") from None
        if layer.overflowed() or len(data) > limit:
            raise _too_large(url, f"over {limit:,} bytes once decompressed ({layer.coding}); stopped", limit)
    return data


def _late(url: str, deadline: float) -> FetchTimeout:
    return FetchTimeout(f"the fetch took longer than its deadline of {deadline:g} s", source=url,
                        hint="the server is too slow (or trickles its answer); it is asked again on the next poll")


def _too_large(url: str, what: str, limit: int) -> TooLarge:
    return TooLarge(f"the body is {what}, over the limit of {limit:,}", source=url,
                    hint="the page or feed is too large to read")


@contextmanager
def _translated(url: str, pins: _Pins | None = None) -> Iterator[None]:
    """Turn httpx's transport errors into sitrep's typed fetch errors."""
    try:
        yield
    except httpx.TimeoutException as err:
        if pins is not None and pins.remaining() <= 0:
            raise _late(url, pins.deadline_seconds) from None
        raise FetchTimeout(f"no answer in time ({type(err).__name__})", source=url,
                           hint="the server is slow; it is asked again on the next poll") from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL, ValueError) as err:  # ValueError: a bad redirect
        raise FetchError(f"not a usable web address: {err}", source=url, hint="check the URL") from None
    except (httpx.TransportError, httpx.DecodingError) as err:
        raise Unreachable(f"cannot reach the server: {err or type(err).__name__}", source=url,
                          hint="check the address and the network; it is retried on the next poll") from None
