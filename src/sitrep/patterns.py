"""Regular expressions for long word lists, built once and matched fast.

A plain alternation of hundreds of words ("January|February|…") makes the regex engine try every
word at every position. `alternation` folds the words into a trie ("Jan(?:uary)?|Feb(?:ruary)?…"),
so a position fails after a character or two; where words share a beginning the longer one is tried
first, as in a longest-first alternation, so matches are the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # marks the end of a word in the trie


def alternation(words: Iterable[str], *, spaces: str | None = r"\s+") -> str:
    """A regex (no group of its own to capture) matching any of `words`, longest first.

    With `spaces`, a space in a word matches that pattern instead (by default any run of white space).
    """
    trie: dict[str, dict] = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _render(trie, spaces) if trie else "(?!)"


def _render(node: dict[str, dict], spaces: str | None) -> str:
    branches = [_char(ch, spaces) + _render(child, spaces) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body


def _char(ch: str, spaces: str | None) -> str:
    if ch == " " and spaces is not None:
        return spaces
    return re.escape(ch)
