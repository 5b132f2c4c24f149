"""Settings, declared once as a table of name, default and help; validated on load and passed in."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import SettingsError


@dataclass(frozen=True, slots=True)
class Settings:
    """What the pipeline can be told. Build one with `Settings.load(**overrides)`."""

    db: str = field(default="sitrep.db", metadata={"help": "SQLite file (or ':memory:') of the store"})
    published: date | None = field(
        default=None, metadata={"help": "publication date for inputs that carry none"}
    )
    today: date | None = field(
        default=None,
        metadata={"help": "the clock: the date taken as 'now' where a report has no date (None: the system's)"},
    )
    max_input_bytes: int = field(
        default=20_000_000,
        metadata={"help": "files (and JSON Lines lines, which stream through) larger than this are refused"}
    )
    max_report_chars: int = field(
        default=100_000,
        metadata={"help": "reports longer than this (characters) are refused; it bounds the time per report"},
    )
    max_html_chars: int = field(
        default=3_000_000,
        metadata={"help": "HTML pages longer than this (characters) are refused before text extraction"},
    )
    incident_window_days: int = field(
        default=3, metadata={"help": "claims further apart in time than this are separate incidents"}
    )
    fetch_timeout: float = field(
        default=15.0, metadata={"help": "seconds to wait for a web server (connect, read)"}
    )
    fetch_deadline: float = field(
        default=60.0, metadata={"help": "seconds one fetch may take in all (redirects, retries, the whole body), "
                                        "however steadily the server trickles bytes"}
    )
    fetch_max_bytes: int = field(
        default=5_000_000, metadata={"help": "web pages and feeds larger than this are refused"}
    )
    fetch_max_redirects: int = field(default=5, metadata={"help": "redirects followed before a fetch fails"})
    fetch_retries: int = field(
        default=2, metadata={"help": "retries after a timeout, a lost connection or a 5xx answer"}
    )
    fetch_backoff: float = field(
        default=1.0, metadata={"help": "seconds before the first retry; doubled for each further one"}
    )
    fetch_host_delay: float = field(
        default=1.0, metadata={"help": "politeness: seconds between two requests to the same host"}
    )
    user_agent: str = field(
        default="sitrep/0.1 (conflict report reader; polite, conditional GET)",
        metadata={"help": "User-Agent header of every request"},
    )
    allow_private: bool = field(
        default=False, metadata={"help": "fetch from loopback and private addresses (refused by default)"}
    )
    copy_similarity: float = field(
        default=0.7, metadata={"help": "shingle overlap (0-1) from which a report is a copy"}
    )
    copy_window: int = field(
        default=20_000,
        metadata={"help": "how many of the latest reports a new one is compared with to find copies "
                          "(syndicated copies follow their original within days; bounds the index's memory)"},
    )
    web_allow_writes: bool = field(
        default=False, metadata={"help": "the dashboard accepts reports (POST /api/reports), with web_token"}
    )
    web_token: str | None = field(
        default=None, repr=False,
        metadata={"help": "bearer token the write endpoints require (`sitrep serve` reads SITREP_TOKEN)"},
    )
    web_max_body: int = field(
        default=2_000_000, metadata={"help": "request bodies larger than this (bytes) are refused with 413"}
    )
    web_rate_limit: float = field(
        default=0.0, metadata={"help": "requests a second one client may make (429 beyond); 0: no limit"}
    )

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Settings with `overrides` applied, each checked against the table."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(unknown)}", hint=f"known: {', '.join(sorted(names))}")
        clean = {k: v for k, v in overrides.items() if v is not None}
        settings = cls(**clean)
        for name in ("max_input_bytes", "max_report_chars", "max_html_chars"):
            if getattr(settings, name) <= 0:
                raise SettingsError(f"{name} must be positive")
        if settings.incident_window_days < 0:
            raise SettingsError("incident_window_days must not be negative")
        _check_fetch_limits(settings)
        _check_web_limits(settings)
        return settings

    def clock(self) -> date:
        return self.today or date.today()

    @classmethod
    def table(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, for documentation and `--help`."""
        return [(f.name, f.default, f.metadata.get("help", "")) for f in dataclasses.fields(cls)]


def _check_fetch_limits(settings: Settings) -> None:
    """The web settings must be usable numbers."""
    positive = ("fetch_timeout", "fetch_deadline", "fetch_max_bytes")
    for name in positive:
        if getattr(settings, name) <= 0:
            raise SettingsError(f"{name} must be positive")
    for name in ("fetch_max_redirects", "fetch_retries", "fetch_backoff", "fetch_host_delay"):
        if getattr(settings, name) < 0:
            raise SettingsError(f"{name} must not be negative")
    if settings.copy_window < 1:
        raise SettingsError("copy_window must be at least 1")
    if not 0 < settings.copy_similarity <= 1:
        raise SettingsError("copy_similarity must be above 0 and at most 1")


def _check_web_limits(settings: Settings) -> None:
    """The server's limits must be usable, and writes need a token worth the name."""
    if settings.web_max_body <= 0:
        raise SettingsError("web_max_body must be positive")
    if settings.web_rate_limit < 0:
        raise SettingsError("web_rate_limit must not be negative (0: no limit)")
    if settings.web_allow_writes and len(settings.web_token or "") < 16:
        raise SettingsError(
            "writes through the web need a bearer token of 16 characters or more",
            hint="set SITREP_TOKEN, e.g. to: python -c 'import secrets; print(secrets.token_urlsafe())'",
        )
