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
        default=20_000_000, metadata={"help": "inputs larger than this are refused"}
    )
    incident_window_days: int = field(
        default=3, metadata={"help": "claims further apart in time than this are separate incidents"}
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
        if settings.max_input_bytes <= 0:
            raise SettingsError("max_input_bytes must be positive")
        if settings.incident_window_days < 0:
            raise SettingsError("incident_window_days must not be negative")
        return settings

    def clock(self) -> date:
        return self.today or date.today()

    @classmethod
    def table(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, for documentation and `--help`."""
        return [(f.name, f.default, f.metadata.get("help", "")) for f in dataclasses.fields(cls)]
