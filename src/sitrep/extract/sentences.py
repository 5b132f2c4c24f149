"""Sentence boundaries in report text (lines are always boundaries: headlines stand alone)."""

from __future__ import annotations

import re

from ..records import Annotations, Span
from . import english

ABBREVIATIONS = english.word_set("abbreviations")
# a run of stops is matched from its first stop only, and never given back: no quadratic
# backtracking on long runs of dots
_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_LONGEST_ABBREVIATION = 12
MAX_SENTENCE_CHARS = 2000
"""A longer run without a sentence end (a list, a table, junk) is cut into pieces of at most this
length, so that what is done once per sentence stays bounded."""


def split_sentences(text: str) -> list[Span]:
    """Sentences of `text` as spans (leading and trailing blanks trimmed), in order."""
    out: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        _split_line(text, pos, pos + len(line.rstrip("\r\n")), out)
        pos += len(line)
    return out


def sentences_of(text: str, annotations: Annotations) -> list[Span]:
    """The sentences of a report's analysis text `text`: those annotate split it into once for every
    stage, else (annotations made by hand) split now."""
    return list(annotations.sentences) if annotations.sentences is not None else split_sentences(text)


def _split_line(text: str, start: int, end: int, out: list[Span]) -> None:
    begin = start
    for m in _END.finditer(text, start, end):
        if _is_abbreviation(text, begin, m.start()) and text[m.start()] == ".":
            continue
        _add(text, begin, m.end(), out)
        begin = m.end()
    _add(text, begin, end, out)


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(begin, dot - _LONGEST_ABBREVIATION - 1) : dot])
    if not word:
        return False
    w = word.group(1).lower()
    return w in ABBREVIATIONS or (len(w) == 1 and w.isalpha())


def _add(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut(text, start)
        _add(text, start, cut, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


def _cut(text: str, start: int) -> int:
    """Where an over-long run without a sentence end is cut: after its last ';' or ',' (else space)
    in the second half of `MAX_SENTENCE_CHARS`, else right at the limit."""
    low, high = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
    for mark in ("; ", ", ", " "):
        at = text.rfind(mark, low, high)
        if at >= 0:
            return at + len(mark) - 1 if mark != " " else at
    return high
