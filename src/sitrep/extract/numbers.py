"""Counted amounts in text: digits, number words, ranges, bounds and vague amounts.

`find_quantities(text)` returns every amount with its span. Which of them are casualty or
capture figures is decided later, in `claims`, from the words around each amount.

Vague amounts follow ACLED's conservative reading ("several" 3, "tens" 10, "dozens" 12,
"hundreds" 100); "an unknown number of" gives an unspecified quantity (no figure at all).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from text_to_num import text2num

from ..patterns import DIGIT, Scanner
from ..records import Quantity, Span
from . import english

log = logging.getLogger(__name__)

MAX_DIGITS = 12  # longer digit strings are not counts of people or things
MAX_NUMBER_CHARS = 120  # "nine hundred and ninety-nine thousand nine hundred and ninety-nine" is 65

UNITS: dict[str, int] = english.values("number_units")
SCALES = english.words("number_scales")

# vague amount -> low figure; ACLED's conservative reading
VAGUE: dict[str, int] = english.values("vague_amounts")
UNSPECIFIED = english.words("unspecified_amounts")

_WORD = r"(?:" + "|".join(sorted(list(UNITS) + list(SCALES), key=len, reverse=True)) + r")"
_NUMWORDS = rf"(?:(?:a\s+)?{_WORD}(?:(?:\s+|-|\s+and\s+){_WORD})*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = rf"(?:(?:{_DIGITS}(?:\s+(?:million|thousand|hundred))?|{_NUMWORDS})(?:\s+dozen\b)?)"
_VAGUE = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
_UNSPEC = "|".join(re.escape(v) for v in sorted(UNSPECIFIED, key=len, reverse=True))

LOWER_BOUND = (
    r"at\s+least|more\s+than|over|upwards\s+of|in\s+excess\s+of|no\s+fewer\s+than|no\s+less\s+than"
    r"|a\s+minimum\s+of"
)
UPPER_BOUND = (
    r"up\s+to|as\s+many\s+as|at\s+most|fewer\s+than|less\s+than|no\s+more\s+than|a\s+maximum\s+of"
    r"|under"
)
ABOUT = r"about|around|some|approximately|roughly|an\s+estimated|estimated|nearly|almost|close\s+to"

QUANTITY_RE = re.compile(
    rf"""
    (?P<unspec>\b(?:{_UNSPEC}))
    |(?P<between>\bbetween\s+(?P<b1>{_NUMBER})\s+and\s+(?P<b2>{_NUMBER})\b)
    |(?P<range>(?:\b(?:{LOWER_BOUND}|{ABOUT})\s+)?(?P<r1>\b{_DIGITS})\s*(?:-|–|—|to)\s*(?P<r2>{_DIGITS})\b(?!\s*(?:%|per\s*cent|percent)))
    |(?:(?P<mod>\b(?:{LOWER_BOUND}|{UPPER_BOUND}|{ABOUT})\s+)?(?P<num>(?<![\w.,/:-]){_NUMBER}(?![\w]|[.,]\d|:\d)))
    |(?P<vague>\b(?:{_VAGUE})\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _first_words(phrases: list[str]) -> list[str]:
    """The first word of each phrase, written plainly ("at least") or as a regex ("at\\s+least")."""
    return [re.split(r"\s|\\s", phrase)[0].lower() for phrase in phrases]


# what a match of QUANTITY_RE begins with (see `patterns.Scanner`): a digit, or a whole word (a space,
# hyphen or the end of the amount follows each): a number word, a bound, a vague amount…
OPENINGS = [
    DIGIT, "a", "between", *UNITS, *SCALES, *_first_words(list(UNSPECIFIED)), *_first_words(list(VAGUE)),
    *_first_words(f"{LOWER_BOUND}|{UPPER_BOUND}|{ABOUT}".split("|")),
]
_SCANNER = Scanner({"amount": QUANTITY_RE}, {"amount": OPENINGS})


def find_quantities(text: str) -> list[Quantity]:
    """Every counted amount in `text`, in order, with offsets into `text`."""
    out: list[Quantity] = []
    for m in _SCANNER.matches(text)["amount"]:
        q = _quantity(m)
        if q is not None:
            out.append(q)
    return out


def _quantity(m: re.Match[str]) -> Quantity | None:
    span = Span(m.start(), m.end(), m.group(0))
    if m.group("unspec"):
        return Quantity(span, None, None, approx=True, unspecified=True)
    if m.group("between"):
        return _bounded(span, m.group("b1"), m.group("b2"))
    if m.group("range"):
        return _bounded(span, m.group("r1"), m.group("r2"))
    if m.group("vague"):
        return _vague(span, m.group("vague"))
    return _single(span, m.group("num"), m.group("mod"))


def _bounded(span: Span, a: str, b: str) -> Quantity | None:
    low, high = parse_number(a), parse_number(b)
    if low is None or high is None or high < low:
        return None
    return Quantity(span, low, high)


def _vague(span: Span, word: str) -> Quantity:
    key = re.sub(r"\s+", " ", word.lower())
    if key in ("a dozen", "dozen"):  # a round number, not an open bound
        return Quantity(span, 12, 12, approx=True)
    return Quantity(span, VAGUE[key], None, approx=True)


def _single(span: Span, number: str, modifier: str | None) -> Quantity | None:
    value = parse_number(number)
    if value is None:
        return None
    mod = re.sub(r"\s+", " ", (modifier or "").strip().lower())
    dozens = number.lower().rstrip().endswith("dozen")  # "two dozen" is a rounded amount
    if not mod:
        return Quantity(span, value, value, approx=dozens)
    if re.fullmatch(LOWER_BOUND, mod):
        exclusive = mod in ("more than", "over", "upwards of", "in excess of")
        return Quantity(span, value + 1 if exclusive else value, None)
    if re.fullmatch(UPPER_BOUND, mod):
        exclusive = mod in ("fewer than", "less than", "under")
        return Quantity(span, None, value - 1 if exclusive else value)
    return Quantity(span, value, value, approx=True)


def parse_number(words: str) -> int | None:
    """The integer an amount in digits or English words stands for ("1,200", "twenty-three", "2 million").

    Longer than `MAX_NUMBER_CHARS` it is no count of anything (None), and is never cached.
    """
    if len(words) > MAX_NUMBER_CHARS:
        return None
    return _parse_number(words)


@lru_cache(maxsize=4096)
def _parse_number(words: str) -> int | None:
    s = re.sub(r"\s+", " ", words.strip().lower())
    if s.endswith(" dozen"):
        inner = _parse_number(s.removesuffix(" dozen"))
        return None if inner is None else inner * 12
    digits = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)(?: (million|thousand|hundred))?", s)
    if digits:
        return _digits_value(digits.group(1), digits.group(2))
    s = re.sub(r"^a ", "one ", s).replace("-", " ")
    try:
        return int(text2num(s, "en"))
    except ValueError:
        log.debug("not a number: %r", words)
        return None


def _digits_value(number: str, scale: str | None) -> int | None:
    plain = number.replace(",", "")
    if len(plain.split(".")[0]) > MAX_DIGITS:
        return None
    value = float(plain)
    value *= {"million": 1_000_000, "thousand": 1_000, "hundred": 100}.get(scale or "", 1)
    if not scale and "." in plain:
        return None  # a decimal is a measure, not a count
    return int(value)
