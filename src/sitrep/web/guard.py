"""What every request passes through: security headers, a body size limit, a rate limit per client,
and the bearer token the write endpoints require.

`Guard` is plain ASGI middleware (no per-request task switching, so it costs next to nothing):

    app.add_middleware(Guard, policy=csp(), max_body=2_000_000, rate=0)

A body over `max_body` bytes is refused with 413 (by its Content-Length before it is read, or as
it arrives when sent in chunks); a client (by address) past `rate` requests a second is answered
429 with Retry-After (0: no limit). Every answer, those included, carries the Content-Security-Policy
(routes may set their own, stricter one) and headers against sniffing, framing and referrers.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException, Request

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


class BodyTooLarge(Exception):
    """The request body passed the limit while it was being read."""


class RateLimiter:
    """A token bucket per client: `rate` requests a second, bursts of up to `rate` (one second's)."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        """Take one request from `client`'s bucket; False when it is empty."""
        if self.rate <= 0:
            return True
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.rate, now))
            tokens = min(self.rate, tokens + (now - last) * self.rate)
            allowed = tokens >= 1
            self._buckets[client] = (tokens - 1 if allowed else tokens, now)
            if len(self._buckets) > 10_000:  # forget clients idle long enough to have a full bucket
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 1}
        return allowed


class Guard:
    """Security headers, the body size limit and the rate limit around an ASGI app."""

    def __init__(self, app: ASGIApp, *, policy: str, max_body: int, rate: float = 0.0) -> None:
        self.app = app
        self.policy = policy.encode("latin-1")
        self.max_body = max_body
        self.limiter = RateLimiter(rate)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send)
        client = (scope.get("client") or ("unknown", 0))[0]
        if not self.limiter.allow(client):
            await _refuse(send, 429, "too many requests; slow down", (b"retry-after", b"1"))
            return
        if _declared_length(scope) > self.max_body:
            await _refuse(send, 413, f"the request body is over the limit of {self.max_body} bytes")
            return
        if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b""):
            await _refuse(send, 400, "an address may not hold a NUL character (%00)")
            return
        started = False

        async def counted_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen[0] += len(message.get("body", b""))
                if seen[0] > self.max_body:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        seen = [0]
        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, 413, f"the request body is over the limit of {self.max_body} bytes")

    def _with_headers(self, send: Send) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.policy))
                headers.extend(_HEADERS)
                message["headers"] = headers
            await send(message)

        return send_with_headers


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


async def _refuse(send: Send, status: int, message: str, *extra: tuple[bytes, bytes]) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def require_token(request: Request) -> None:
    """The write endpoints' gate: writes allowed on this server, and the right bearer token."""
    settings = request.app.state.settings
    if not settings.web_allow_writes:
        raise HTTPException(403, "this server is read-only; start it with --allow-writes and SITREP_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    token = (settings.web_token or "").encode()
    if scheme.lower() != "bearer" or not token or not hmac.compare_digest(given.strip().encode(), token):
        raise HTTPException(401, "a valid bearer token is required (Authorization: Bearer …)",
                            headers={"WWW-Authenticate": "Bearer"})
