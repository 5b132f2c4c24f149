"""The English words the extraction reads (`data/english.json`), loaded once.

Each list in the file has an "about" saying what it is for and which stage reads it, and either
"words" (a list), "values" (each word with the number or role it stands for) or "patterns" (regular
expressions, tried in the order given). The stages ask for
a list by name; the names asked for are kept (`asked`), so a test can show that every list in the
file is read by the code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import DataError

_ASKED: set[str] = set()


@lru_cache(maxsize=1)
def _lists() -> dict[str, dict[str, Any]]:
    try:
        text = resources.files("sitrep.data").joinpath("english.json").read_text("utf-8")
        lists: dict[str, dict[str, Any]] = json.loads(text)["lists"]
    except (OSError, ValueError, KeyError) as e:
        raise DataError(f"cannot read sitrep's English word lists (data/english.json): {e}; reinstall sitrep") from e
    return lists


def _entry(name: str, field: str) -> Any:
    entry = _lists().get(name)
    if entry is None or field not in entry:
        raise DataError(f"data/english.json has no list {name!r} with {field!r}; reinstall sitrep")
    _ASKED.add(name)
    return entry[field]


def words(name: str) -> tuple[str, ...]:
    """The words of list `name`, in the order the file gives them."""
    return tuple(_entry(name, "words"))


def word_set(name: str) -> frozenset[str]:
    """The words of list `name`, as a set."""
    return frozenset(_entry(name, "words"))


def values(name: str) -> dict[str, Any]:
    """Each word of list `name` with what it stands for, in the order the file gives them."""
    return dict(_entry(name, "values"))


def patterns(name: str) -> tuple[str, ...]:
    """The regular expressions of list `name`, in the order they are tried."""
    return tuple(_entry(name, "patterns"))


def either(name: str) -> str:
    """The regular expressions of list `name` as one alternation ("a|b|c"), tried in the order given."""
    return "|".join(patterns(name))


def names() -> tuple[str, ...]:
    """Every list in the file."""
    return tuple(_lists())


def asked() -> frozenset[str]:
    """The lists asked for so far."""
    return frozenset(_ASKED)
