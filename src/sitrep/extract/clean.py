"""Cleaning: what the annotators read, without shifting the offsets of the text as given.

Site furniture ("Popular Categories", "Tags:", "Advertisement" …) and repeated title lines are
blanked with spaces, so every offset still indexes the original text. Mojibake ("đŸ”„") is
repaired with ftfy line by line; where a repair changes a line's length, an offset map records
where each repaired character came from.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ftfy


@dataclass(frozen=True, slots=True)
class Cleaned:
    analysis: str
    offset_map: tuple[int, ...] | None
    title: str | None


@lru_cache(maxsize=1)
def furniture() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """Boilerplate lines (exact, case-insensitive) and line patterns, from the versioned lexicon."""
    data = json.loads(resources.files("sitrep.data").joinpath("boilerplate.json").read_text("utf-8"))
    lines = frozenset(s.lower() for s in data["lines"])
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in data["patterns"])
    return lines, patterns


def clean(text: str, title: str | None = None) -> Cleaned:
    """The analysis text of a report (same length as `text` unless mojibake was repaired)."""
    repaired, offset_map = _repair(text)
    lines = _lines(repaired)
    title = title or first_title(repaired)
    blanked = _blank_furniture(repaired, lines, title)
    return Cleaned(blanked, offset_map, title)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _blank_furniture(text: str, lines: list[tuple[int, int]], title: str | None) -> str:
    exact, patterns = furniture()
    chars = list(text)
    seen: set[str] = set()
    for start, end in lines:
        line = text[start:end].strip()
        key = re.sub(r"\s+", " ", line).lower()
        if not key:
            continue
        repeated = key in seen and len(key) < 300
        seen.add(key)
        if repeated or key.rstrip(":") in exact or any(p.fullmatch(line) for p in patterns):
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def _repair(text: str) -> tuple[str, tuple[int, ...] | None]:
    """Fix mojibake line by line; an offset map when any fix changed a length."""
    if text.isascii():
        return text, None
    pieces: list[str] = []
    mapping: list[int] = []
    changed = False
    pos = 0
    for line in text.splitlines(keepends=True):
        fixed = line if line.isascii() else _fix_line(line)
        if len(fixed) != len(line):
            changed = True
        pieces.append(fixed)
        mapping.extend(_align(line, fixed, pos))
        pos += len(line)
    if not changed:
        return "".join(pieces), None
    return "".join(pieces), tuple(mapping)


def _fix_line(line: str) -> str:
    fixed = ftfy.fix_text(line, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
    return _mixed_codepage(fixed)


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")


def _mixed_codepage(line: str) -> str:
    """Repair UTF-8 read through a mix of Windows code pages, which ftfy leaves alone.

    Each run of non-ASCII characters is turned back into bytes (cp1252, else cp1250) and kept
    decoded as UTF-8 only where the bytes are valid UTF-8 as a whole.
    """
    return _NON_ASCII_RUN.sub(_redecode, line)


def _redecode(m: re.Match[str]) -> str:
    run = m.group(0)
    raw = bytearray()
    for ch in run:
        for codec in ("cp1252", "cp1250"):
            try:
                raw += ch.encode(codec)
                break
            except UnicodeEncodeError:
                continue
        else:
            return run
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return run


_GAPS = re.compile(r"([ \t]+)")
_EXACT_ALIGN_CHARS = 64  # difflib is cubic on repetitive text: longer stretches are aligned in proportion


def _align(original: str, fixed: str, base: int) -> list[int]:
    """For each character of `fixed`, the offset in the original text it stands for.

    Repairs stay within words, so the two lines are aligned word by word (spaces and tabs are
    never changed), each changed word on its own; that keeps the work linear on long lines.
    """
    if original == fixed or len(original) == len(fixed):
        return [base + i for i in range(len(fixed))]
    words, fixed_words = _GAPS.split(original), _GAPS.split(fixed)
    if len(words) != len(fixed_words) or words[1::2] != fixed_words[1::2]:
        return _align_stretch(original, fixed, base)
    out: list[int] = []
    for word, fixed_word in zip(words, fixed_words, strict=True):
        out.extend(_align_stretch(word, fixed_word, base))
        base += len(word)
    return out


def _align_stretch(original: str, fixed: str, base: int) -> list[int]:
    if len(original) == len(fixed):
        return [base + i for i in range(len(fixed))]
    if not original:
        return [base] * len(fixed)
    if max(len(original), len(fixed)) > _EXACT_ALIGN_CHARS:
        return [base + k * len(original) // len(fixed) for k in range(len(fixed))]
    out: list[int] = []
    matcher = difflib.SequenceMatcher(None, original, fixed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            if tag == "equal":
                out.append(base + i1 + k)
            else:
                out.append(base + min(i1 + k, max(i1, i2 - 1)))
    return out


def first_title(text: str) -> str | None:
    """The first non-empty line: a plain-text report's title."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None
