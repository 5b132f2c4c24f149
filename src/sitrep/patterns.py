"""Regular expressions for long word lists, built once and matched fast.

A plain alternation of hundreds of words ("January|February|…") makes the regex engine try every
word at every position. `alternation` folds the words into a trie ("Jan(?:uary)?|Feb(?:ruary)?…"),
so a position fails after a character or two; where words share a beginning the longer one is tried
first, as in a longest-first alternation, so matches are the same.

Two helpers skip work a pattern cannot use: `Scanner` runs several patterns over a text trying each
only at the words its matches can begin with, and `lowered` gives the lower-case text for a cheap
test of whether a word a pattern needs is there at all.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from typing import Generic, TypeVar

_END = ""  # marks the end of a word in the trie
DIGIT = r"\d"
"""An opening (see `Scanner`): any decimal digit."""
# Letters beyond ASCII that a case-insensitive pattern reads as ASCII letters: 'İ' and 'ı' as "i",
# 'ſ' as "s", the Kelvin sign as "k" (lower() turns only the last into its ASCII letter).
_ASCII_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")

K = TypeVar("K", bound=Hashable)
_Trie = dict[str, "_Trie"]  # a letter -> the words that go on with it


def alternation(words: Iterable[str], *, spaces: str | None = r"\s+") -> str:
    """A regex (no group of its own to capture) matching any of `words`, longest first.

    With `spaces`, a space in a word matches that pattern instead (by default any run of white space).
    """
    trie: _Trie = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _render(trie, _Escapes(spaces)) if trie else "(?!)"


def _render(node: _Trie, escapes: _Escapes) -> str:
    branches = []
    for ch, child in sorted(node.items()):
        if ch == _END:
            continue
        run = escapes[ch]
        while len(child) == 1 and _END not in child:  # a chain of single letters is written in one go
            ((ch, child),) = child.items()
            run += escapes[ch]
        branches.append(run + _render(child, escapes))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body


class _Escapes(dict[str, str]):
    """Each character as a regex writes it (a space as `spaces`, when given), worked out once."""

    def __init__(self, spaces: str | None) -> None:
        super().__init__()
        self.spaces = spaces

    def __missing__(self, ch: str) -> str:
        escaped = self.spaces if ch == " " and self.spaces is not None else re.escape(ch)
        self[ch] = escaped
        return escaped


def lowered(text: str) -> str | None:
    """`text` in lower case, for a cheap test (`word in lowered`) of whether a case-insensitive pattern
    can find an ASCII word in it; None when the text has a letter such a pattern reads as an ASCII
    letter that lower() does not give ("ſ"), so that a word missing from the lower case proves nothing."""
    if text.isascii() or not _ASCII_TWINS.search(text):
        return text.lower()
    return None


def may_contain(low: str | None, words: Iterable[str]) -> bool:
    """Whether a text whose `lowered` form is `low` may hold one of `words` (lower-case ASCII)."""
    return low is None or any(w in low for w in words)


def opens(opening: str, word: str) -> bool:
    """Whether a match that begins with `opening` (as `Scanner` reads openings) can start at a word, the
    whole run of `\\w` there in lower case; always where the case of a letter beyond ASCII is unclear."""
    if not word.isascii():
        return True
    if opening == DIGIT:
        return word[:1].isdecimal()
    return word.startswith(opening[:-1]) if opening.endswith("*") else word == opening


class Scanner(Generic[K]):
    """Several patterns run over a text, each tried only where one of its *openings* is written.

    Every match of each pattern must start where a word starts (a `\\w` after none), with one of its
    openings: a lower-case ASCII word that is the whole word there ("the": not "there"), a word with
    "*" that the word begins with ("jan*": "January", "Jan."), or `DIGIT`, any decimal digit.
    Then `matches(text)` gives each pattern exactly the matches of its own `finditer` (none may be
    empty), without trying it at the many positions where none of its openings is written. The
    openings are a promise about each pattern that the scanner cannot check: one left out loses the
    matches that begin with it.
    """

    def __init__(self, patterns: Mapping[K, re.Pattern[str]], openings: Mapping[K, Iterable[str]]) -> None:
        if patterns.keys() != openings.keys():
            raise ValueError("every pattern needs its openings, and only those")
        self._patterns = dict(patterns)
        listed = {key: set(words) - {DIGIT} for key, words in openings.items()}
        self._digit = tuple(key for key, words in openings.items() if DIGIT in words)
        self._wholes = {key: frozenset(w for w in words if not w.endswith("*")) for key, words in listed.items()}
        self._beginnings = {key: tuple(sorted(w[:-1] for w in words if w.endswith("*")))
                            for key, words in listed.items()}
        self._worded = tuple(key for key, words in listed.items() if words)
        wholes = set().union(*self._wholes.values())
        beginnings = {b for found in self._beginnings.values() for b in found}
        wrong = sorted(w for w in wholes | beginnings if not (w.isascii() and w.isalpha() and w.islower()))
        if wrong:
            raise ValueError(f"openings must be lower-case ASCII words (with '*' a beginning) or DIGIT: {wrong}")
        self._starts = re.compile(_starts(bool(self._digit), wholes, beginnings), re.IGNORECASE)
        self._keys: dict[tuple[str | None, str], tuple[K, ...]] = {}  # (kind, as written) -> patterns

    def matches(self, text: str) -> dict[K, list[re.Match[str]]]:
        """Each pattern's matches in `text`, as its `finditer` gives them, in the patterns' order."""
        found: dict[K, list[re.Match[str]]] = {key: [] for key in self._patterns}
        ends = dict.fromkeys(self._patterns, 0)
        for start in self._starts.finditer(text):
            at = start.start()
            for key in self._keys_for(start.lastgroup, start.group()):
                if at >= ends[key] and (m := self._patterns[key].match(text, at)):
                    found[key].append(m)
                    ends[key] = m.end()
        return found

    def _keys_for(self, kind: str | None, opening: str) -> tuple[K, ...]:
        keys = self._keys.get((kind, opening))
        return keys if keys is not None else self._learn(kind, opening)

    def _learn(self, kind: str | None, opening: str) -> tuple[K, ...]:
        """The patterns a word may start, found as a `kind` of opening ("digit", "whole": the whole word,
        "beginning": the longest beginning it has); all with words where a letter beyond ASCII leaves
        its case unclear."""
        if kind == "digit":
            keys = self._digit
        elif not opening.isascii():
            keys = self._worded
        else:
            low = opening.lower()
            keys = tuple(key for key in self._worded
                         if (kind == "whole" and low in self._wholes[key]) or low.startswith(self._beginnings[key]))
        self._keys[kind, opening] = keys
        return keys


def _starts(digit: bool, wholes: set[str], beginnings: set[str]) -> str:
    """Where a word starts that is one of `wholes`, or begins with one of `beginnings`, or a digit."""
    kinds = [r"(?P<digit>\d)"] if digit else []
    if wholes:
        kinds.append(rf"(?P<whole>{alternation(wholes)})(?!\w)")
    if beginnings:
        kinds.append(rf"(?P<beginning>{alternation(beginnings)})")
    return rf"(?<!\w)(?:{'|'.join(kinds) or '(?!)'})"
