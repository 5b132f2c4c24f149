"""Date recognition, normalisation and the event date: the "when" stage.

`find_dates` finds date expressions in English news text with a set of compiled regular
expressions (one per form: "12 October 2025", "Oct. 12", "2025-10-12", "last week", "Friday",
"two days ago", ...), keeps the longest non-overlapping matches, and normalises each to a
`DateMention` with an ISO 8601 value as precise as the text allows (`2025-10-12`, `2025-W41`,
`2025-10`, `2025`; a compact range such as "26-28 September 2019" gets an ISO interval,
`2019-09-26/2019-09-28`).

Conventions (those of TimeBank's TIMEX3 where it has one):

* Expressions that need a reference point (weekdays, "yesterday", "last week", "Oct. 12" without a
  year, "two days ago") resolve against the publication date. A plain weekday is the most recent
  such day on or before it (the publication date itself when it is that weekday), or the next one
  when the words before it speak of the future ("will", "would", "plans to", "as soon as").
* A day or month without a year takes the nearest occurrence, counting days ahead twice: reports
  mostly look back, so "Aug. 6" in a February report is last August, "Jan. 3" in November is next
  January.
* "last week" / "this week" are ISO weeks; "last month", "last year", "earlier this year" are the
  calendar month or year; "early", "mid" and "late" keep the value of the period they modify and
  narrow `first_day`/`last_day` to its first, middle or last third.
* "over the past 24 hours" is dated to the day before its reference point (ACLED's convention for
  "Reported on 12 September 2019, over the past 24 hours, ..."), with `last_day` the reference day.
* "that day", "the next day", "the same year", "N days later" resolve against the previous date
  mentioned in the text.
* When `published` is None, the reference point is the nearest full date (day, month and year)
  written earlier in the same text, else the first one written later; without one, expressions
  that need a reference point are left out.
* "the weekend" is the Saturday before the reference date (value that Saturday, running to Sunday).
* Numeric dates are day first (12/10/2025 is 12 October) unless impossible, or unless the text's
  unambiguous numeric dates put the month first (08/13/90).
* Quarters, seasons, decades and durations are not dates here and are not returned; neither are
  counts ("some 2000 troops", "1,640-mile"), ages or times of day.

`event_date` picks the date of the event a report or an ACLED-style note describes; see its
docstring. Everything is regular expressions and date arithmetic: no model, no dateparser call.
"""

from __future__ import annotations

import bisect
import calendar
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sitrep.extract import english
from sitrep.extract.sentences import split_sentences
from sitrep.patterns import DIGIT, Scanner, alternation
from sitrep.records import DateMention, Precision, Span

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Data tables
# --------------------------------------------------------------------------------------------
# fmt: off

MONTH_NAMES: tuple[str, ...] = english.words("month_names")
MONTH_ABBREVIATIONS: dict[str, int] = english.values("month_abbreviations")
WEEKDAY_NAMES: tuple[str, ...] = english.words("weekday_names")
WEEKDAY_ABBREVIATIONS: dict[str, int] = english.values("weekday_abbreviations")
NUMBER_WORDS: dict[str, int] = english.values("date_number_words")
# Modifiers that narrow a period to a part of it: (start fraction, end fraction).
PART_OF_PERIOD: dict[str, tuple[float, float]] = {
    part: (start, end) for part, (start, end) in english.values("period_parts").items()
}
# Offsets, in units, of the words that pick a week, month or year relative to the reference date.
RELATIVE_OFFSETS: dict[str, int] = english.values("relative_offsets")
RELATIVE_DAYS: dict[str, int] = english.values("relative_days")
# Words before a bare "May" or "March" that make it a month rather than a verb or a noun.
MONTH_CUES: frozenset[str] = english.word_set("month_cues")
# Words after a number that make it a count, not a year ("2000 troops").
COUNT_NOUNS: frozenset[str] = english.word_set("count_nouns")
# Words before a number that make it a count or a code, not a year ("some 2000", "Resolution 2334").
QUANTITY_CUES = re.compile(rf"(?i)(?<![\w.])(?:{english.either('quantity_cues')})\s*$")
# fmt: on
FUTURE_CUES = re.compile(rf"\b(?:{english.either('future_cues')})\b", re.IGNORECASE)
VIOLENCE_CUES = re.compile(rf"\b(?:{english.either('violence_stems')})", re.IGNORECASE)
BACKGROUND_CUES = re.compile(
    rf"(?i)\b(?:{english.either('background_cues')})\s+(?:in\s+|on\s+|to\s+|from\s+|at\s+)?(?:the\s+)?$"
)
BACKGROUND_CLAUSE = re.compile(
    rf"(?i)\b(?:{english.either('background_clause_words')})\b[^.;:\n]{{0,50}}\b(?:in|of)\s+$"
)
REPORT_CUES = re.compile(rf"(?i)\b(?:{english.either('report_cues')})\s+(?:on\s+|late\s+on\s+)?$")
DATELINE_AFTER = re.compile(r"\s*(?:\([A-Za-z .&'-]{2,30}\)\s*)?(?:--|—|–|-\s|_)")
RANGE_CONNECTOR = re.compile(r"\s*(?:-|–|—|to|through|till|until|and)\s*", re.IGNORECASE)

# --------------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Period:
    """A normalised date value: what a `DateMention` holds besides its span."""

    value: str
    first: date
    last: date
    precision: Precision


def _day(d: date) -> _Period:
    return _Period(d.isoformat(), d, d, "day")


def _week(d: date) -> _Period:
    iso_year, week, weekday = d.isocalendar()
    monday = d - timedelta(days=weekday - 1)
    return _Period(f"{iso_year:04d}-W{week:02d}", monday, monday + timedelta(days=6), "week")


def _month(year: int, month: int) -> _Period:
    last = calendar.monthrange(year, month)[1]
    return _Period(f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last), "month")


def _year(year: int) -> _Period:
    return _Period(f"{year:04d}", date(year, 1, 1), date(year, 12, 31), "year")


def _days(first: date, last: date, precision: Precision = "day") -> _Period:
    """A stretch of days; its value is an ISO interval unless it is a single day."""
    if first == last:
        return _day(first)
    return _Period(f"{first.isoformat()}/{last.isoformat()}", first, last, precision)


def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + k
    return n // 12, n % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _narrow(p: _Period, part: str | None, base: date | None = None) -> _Period:
    """Narrow a period to the part a modifier names ("late", "mid", "earlier"); value unchanged."""
    if not part:
        return p
    if part in ("earlier", "later"):
        if base is None or not p.first <= base <= p.last:
            return p
        first, last = (p.first, base) if part == "earlier" else (base, p.last)
        return _Period(p.value, first, last, p.precision)
    lo, hi = PART_OF_PERIOD.get(part, (0.0, 1.0))
    first, last = _part_bounds(p, lo, hi)
    return _Period(p.value, first, last, p.precision)


def _part_bounds(p: _Period, lo: float, hi: float) -> tuple[date, date]:
    """First and last day of the [lo, hi) fraction of a period: thirds of a year are 4 months each,
    thirds of a month end on the 10th and the 20th."""
    if p.precision == "year":
        m1, m2 = 1 + round(12 * lo), round(12 * hi)
        return date(p.first.year, m1, 1), _month(p.first.year, m2).last
    if p.precision == "month":
        d1 = 1 + round(30 * lo)
        d2 = p.last.day if hi >= 1 else round(30 * hi)
        return p.first.replace(day=d1), p.first.replace(day=d2)
    n = (p.last - p.first).days + 1
    start, stop = int(n * lo), max(round(n * hi) - 1, int(n * lo))
    return p.first + timedelta(days=start), p.first + timedelta(days=stop)


def _nearest_day(base: date, month: int, day: int) -> date | None:
    """The occurrence of month/day nearest to `base`, days ahead counting double."""
    options = [d for y in (base.year - 1, base.year, base.year + 1) if (d := _safe_date(y, month, day))]
    if not options:
        return None
    return min(options, key=lambda d: (base - d).days if d <= base else 2 * (d - base).days)


def _nearest_month(base: date, month: int) -> tuple[int, int]:
    """The (year, month) of the occurrence of `month` nearest to `base`, months ahead counting double."""
    back = (base.month - month) % 12
    ahead = 12 - back if back else 0
    if back and 2 * ahead < back:
        return _shift_month(base.year, base.month, ahead)
    return _shift_month(base.year, base.month, -back)


# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------


def _alternation(words: Sequence[str]) -> str:
    return alternation(words, spaces=None)


def _cased(words: Sequence[str]) -> list[str]:
    """Each word as written (title case) and in capitals."""
    return [v for w in words for v in (w, w.upper())]


# Months joined to a day or a year may be written in lower case too, except "may" and "march".
_LOWER_SAFE_MONTHS = [m for m in MONTH_NAMES if m not in ("May", "March")]
_MONTH_FULL = rf"(?:{_alternation(_cased(MONTH_NAMES))})(?![A-Za-z])"
_MONTH_ANY = (
    rf"(?:{_alternation(_cased(MONTH_NAMES) + [m.lower() for m in _LOWER_SAFE_MONTHS])}|"
    rf"(?:{_alternation(_cased(list(MONTH_ABBREVIATIONS)))})\.?)"
    r"(?![A-Za-z])"
)
_WEEKDAY_FULL = rf"(?:{_alternation(_cased(WEEKDAY_NAMES))})(?![A-Za-z])"
_WEEKDAY_ANY = (
    rf"(?:{_alternation(_cased(WEEKDAY_NAMES))}|(?:{_alternation(_cased(list(WEEKDAY_ABBREVIATIONS)))})\.?)"
    r"(?![A-Za-z])"
)
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY_ANY},?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)"
_PERIOD_MODIFIERS = english.words("period_modifiers")
_MONTH_RELATIVES = english.words("month_relatives")
_WEEKDAY_RELATIVES = english.words("weekday_relatives")
_AGO_MODIFIERS = english.words("ago_modifiers")


def _in_order(phrases: Sequence[str]) -> str:
    """An alternation of `phrases` tried in the order given, a space matching any run of white space."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


_PART = rf"(?:(?P<mod>(?i:{_in_order(_PERIOD_MODIFIERS)}))(?:\s+|-))?"
_NUMBER = rf"(?P<n>\d{{1,3}}|(?i:{_alternation(list(NUMBER_WORDS))}))"
_NOT_NUMBER_AFTER = r"(?!\d|[,.:]\d|\s*(?:a\.?m\b|p\.?m\b|GMT|UTC|hours|hrs))"
_END = r"(?![A-Za-z0-9])"

PATTERNS: dict[str, str] = {
    "day_range_dmy": (
        rf"(?<![\w,.]){_WEEKDAY_PREFIX}(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|—|to|and|until|till|through)\s*"
        rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>{_MONTH_ANY})(?:,?\s+{_YEAR})?{_END}"
    ),
    "day_range_mdy": (
        rf"(?<!\w)(?P<mon>{_MONTH_ANY})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|—|to|and|until|till|through)"
        rf"\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|[,.]\d)(?:,?\s+{_YEAR})?{_END}"
    ),
    "dmy": (
        rf"(?<![\w,.]){_WEEKDAY_PREFIX}{_DAY}(?:\s+of)?(?:\s+|-|/|\.\s*)(?P<mon>{_MONTH_ANY})"
        rf"(?:(?:,?\s+|-|/|\.)(?:of\s+)?{_YEAR})?{_END}"
    ),
    "mdy": (
        rf"(?<!\w){_WEEKDAY_PREFIX}(?P<mon>{_MONTH_ANY})\s*{_DAY}{_NOT_NUMBER_AFTER}(?:,?\s+{_YEAR})?{_END}"
    ),
    "month_year": rf"(?<!\w){_PART}(?P<mon>{_MONTH_ANY}),?\s+(?:of\s+)?{_YEAR}{_END}",
    "iso": rf"(?<![\w./-]){_YEAR}(?P<sep>[-/.])(?P<mon>0?[1-9]|1[0-2])(?P=sep)(?P<day>[0-3]?\d)(?![\d])",
    "numeric": (
        r"(?<![\w./-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:1[89]|20)\d\d|\d\d)"
        r"(?!\d|[/.-]\d)"
    ),
    "numeric_spaced": rf"(?<![\w,.])(?P<a>[0-3]\d) (?P<b>[01]\d) {_YEAR}",
    "year": rf"(?<![\w$£€#.,/]){_PART}{_YEAR}(?!,\d|\.\d|s\b|-[A-Za-z]|%|[A-Za-z])",
    "month": (
        rf"(?<!\w){_PART}(?:(?P<rel>(?i:{_in_order(_MONTH_RELATIVES)}))\s+)?(?P<mon>{_MONTH_FULL})"
    ),
    "weekday": (
        rf"(?<!\w)(?:(?P<rel>(?i:{_in_order(_WEEKDAY_RELATIVES)}))\s+)?(?P<wd>{_WEEKDAY_FULL})"
        r"(?:['’]s)?(?:\s+(?i:morning|afternoon|evening|night))?(?!\w)"
    ),
    "relative_day": (
        rf"(?<!\w)(?:(?i:earlier|later)\s+)?(?P<rd>(?i:{_alternation(list(RELATIVE_DAYS))})){_END}"
    ),
    "relative_unit": (
        rf"(?<!\w){_PART}(?P<rel>(?i:{_alternation([k for k in RELATIVE_OFFSETS if k != 'the'])}|the))\s+"
        r"(?P<unit>(?i:week|weekend|month|year))(?!\w)"
    ),
    "year_ago": r"(?<!\w)(?i:year[-\s](?:ago|earlier))(?!\w)",
    "ago": (
        rf"(?<!\w)(?:(?i:{_in_order(_AGO_MODIFIERS)})\s+)?{_NUMBER}\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+"
        r"(?P<dir>(?i:ago|earlier|later|from\s+now))(?!\w)"
    ),
    "past_hours": (
        rf"(?<!\w)(?i:(?:the\s+)?(?:past|last|previous)\s+){_NUMBER}\s+(?P<unit>(?i:hours|days|weeks))(?!\w)"
    ),
    "over_hours": rf"(?<=\b[Oo]ver\s){_NUMBER}\s+(?P<unit>(?i:hours))(?!\w)",
    "anaphor": (
        r"(?<!\w)(?P<ana>(?i:that\s+(?:day|week|month|year)|the\s+same\s+(?:day|week|month|year)|"
        r"the\s+(?:next|following|previous|preceding)\s+(?:day|morning|afternoon|evening|night)|"
        r"the\s+day\s+(?:before|after)(?=\s*[,.;:)]|\s+his\b|\s+her\b|\s+their\b|\s+its\b)))(?!\w)"
    ),
}
_COMPILED: dict[str, re.Pattern[str]] = {name: re.compile(p) for name, p in PATTERNS.items()}


def _openings(phrases: Sequence[str], *, whole: bool) -> list[str]:
    """The opening (see `patterns.Scanner`) of each phrase: its first word, the whole word where a space
    or hyphen follows it in the phrase or, with `whole`, where the pattern lets no letter or digit follow
    the phrase; else a beginning ("today*": "today_" is a word too)."""
    out = []
    for phrase in phrases:
        first, *rest = re.split(r"[\s-]", phrase.lower(), maxsplit=1)
        out.append(first if rest or whole else first + "*")
    return out


# The words (lower case, or any digit) every match of each pattern begins with, read off the patterns
# above: a weekday or day number, a month, a modifier ("early", "the end of"), a number ("two days ago")…
_WEEKDAY_WORDS = _openings([*WEEKDAY_NAMES, *WEEKDAY_ABBREVIATIONS], whole=True)  # then ",", "." or a space
_MONTH_WORDS = [m[:3].lower() + "*" for m in MONTH_NAMES]  # every name and abbreviation; "May12" is one word
_PART_WORDS = _openings(_PERIOD_MODIFIERS, whole=True)
_NUMBER_WORDS = [DIGIT, *_openings(list(NUMBER_WORDS), whole=True)]
OPENINGS: dict[str, list[str]] = {
    "day_range_dmy": [*_WEEKDAY_WORDS, DIGIT],
    "day_range_mdy": _MONTH_WORDS,
    "dmy": [*_WEEKDAY_WORDS, DIGIT],
    "mdy": [*_WEEKDAY_WORDS, *_MONTH_WORDS],
    "month_year": [*_PART_WORDS, *_MONTH_WORDS],
    "iso": [DIGIT],
    "numeric": [DIGIT],
    "numeric_spaced": [DIGIT],
    "year": [*_PART_WORDS, DIGIT],
    "month": [*_PART_WORDS, *_openings(_MONTH_RELATIVES, whole=True),
              *(name.lower() + "*" for name in MONTH_NAMES)],
    "weekday": [*_openings(_WEEKDAY_RELATIVES, whole=True), *_openings(WEEKDAY_NAMES, whole=True)],
    "relative_day": ["earlier", "later", *_openings(list(RELATIVE_DAYS), whole=False)],
    "relative_unit": [*_PART_WORDS, *_openings(list(RELATIVE_OFFSETS), whole=True)],
    "year_ago": ["year"],
    "ago": [*_openings(_AGO_MODIFIERS, whole=True), *_NUMBER_WORDS],
    "past_hours": ["the", "past", "last", "previous"],
    "over_hours": _NUMBER_WORDS,
    "anaphor": ["that", "the"],
}
_SCANNER = Scanner(_COMPILED, OPENINGS)
_COMPOSITE_BEFORE = re.compile(r"(?i)\bthe\s+(?P<what>week\s+of|day\s+before|day\s+after|night\s+of)\s+$")


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A pattern match before normalisation; `prefix` starts a composite ("the week of")."""

    start: int
    end: int
    kind: str
    match: re.Match[str]
    prefix: str | None = None


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z.]+)\W*$", text[max(0, start - 20) : start])
    return m.group(1).lower() if m else ""


def _word_after(text: str, end: int) -> str:
    m = re.match(r"\s*([A-Za-z]+)", text[end : end + 20])
    return m.group(1).lower() if m else ""


def _plausible_year(text: str, c: _Candidate) -> bool:
    """Reject numbers that look like counts or codes rather than years."""
    m = c.match
    if m.group("mod") is None and QUANTITY_CUES.search(text, max(0, c.start - 20), c.start):
        return False
    if _word_after(text, c.end) in COUNT_NOUNS:
        return False
    after = text[c.end : c.end + 2]
    return not (after[:1] in "'’" and after[1:2] == "s" and m.group("year").endswith("0"))


def _plausible_month(text: str, c: _Candidate) -> bool:
    """A bare month needs a cue ("in May", "last March", "March's") if it is "May" or "March" or
    if a capitalised word follows it ("June Carter")."""
    m = c.match
    if m.group("mod") or m.group("rel") or text[c.end : c.end + 2] in ("'s", "’s"):
        return True
    if _word_before(text, c.start) in MONTH_CUES:
        return True
    followed_by_name = re.match(r"\s+[A-Z][a-z]", text[c.end : c.end + 4]) is not None
    return m.group("mon").lower() not in ("may", "march") and not followed_by_name


def _plausible(text: str, c: _Candidate) -> bool:
    if c.kind == "year":
        return _plausible_year(text, c)
    if c.kind == "month":
        return _plausible_month(text, c)
    if c.kind == "relative_unit":  # "the week" alone is no date; "the end of the week", "the weekend" are
        m = c.match
        return m.group("rel").lower() != "the" or bool(m.group("mod")) or m.group("unit").lower() == "weekend"
    if c.kind in ("dmy", "mdy") and not c.match.group("year"):
        return _word_after(text, c.end) not in COUNT_NOUNS
    return True


def _with_composite(text: str, c: _Candidate) -> _Candidate:
    """Extend a candidate over "the week of" / "the day before" written just before it."""
    if c.kind in ("anaphor", "past_hours", "over_hours"):
        return c
    m = _COMPOSITE_BEFORE.search(text, max(0, c.start - 20), c.start)
    if m is None:
        return c
    what = re.sub(r"\s+", " ", m.group("what").lower())
    return _Candidate(m.start(), c.end, c.kind, c.match, what)


def _candidates(text: str, matches: dict[str, list[re.Match[str]]]) -> list[_Candidate]:
    """The plausible matches of every pattern (`matches`, pattern by pattern), as candidates."""
    found: list[_Candidate] = []
    for kind, kind_matches in matches.items():
        for m in kind_matches:
            c = _Candidate(m.start(), m.end(), kind, m)
            if _plausible(text, c):
                found.append(_with_composite(text, c))
    return found


_PATTERN_ORDER: dict[str, int] = {k: i for i, k in enumerate(PATTERNS)}


def _select(cands: list[_Candidate], length: int) -> list[_Candidate]:
    """Longest non-overlapping candidates (earlier patterns win ties), in text order."""
    taken = bytearray(length)
    chosen: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, _PATTERN_ORDER[c.kind], c.start)):
        if not any(taken[c.start : c.end]):
            chosen.append(c)
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    return sorted(chosen, key=lambda c: c.start)


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What a handler may use besides its match: the text, the reference date, neighbours."""

    text: str
    base: date | None = None
    previous: _Period | None = None
    partner: date | None = None
    month_first: bool = False


def _month_number(name: str) -> int:
    key = name.rstrip(".").lower()
    for i, full in enumerate(MONTH_NAMES, 1):
        if full.lower() == key:
            return i
    return MONTH_ABBREVIATIONS[key[:1].upper() + key[1:]]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[re.sub(r"\s+", " ", word.lower())]


def _mod(m: re.Match[str]) -> str | None:
    """The normalised modifier ("late", "first half", ...) of a match, if it has one."""
    raw = m.groupdict().get("mod")
    if not raw:
        return None
    words = re.sub(r"\s+", " ", raw.lower()).removeprefix("the ").removesuffix(" of")
    return words


def _calendar_day(year: int | None, month: int, day: int, ctx: _Context) -> date | None:
    """The date for a day and month, taking the year given, a range partner's, or the nearest."""
    if year is not None:
        return _safe_date(year, month, day)
    if ctx.partner is not None:
        d = _safe_date(ctx.partner.year, month, day)
        return _safe_date(ctx.partner.year - 1, month, day) if d and d > ctx.partner else d
    if ctx.base is None:
        return None
    return _nearest_day(ctx.base, month, day)


def _h_day_month(m: re.Match[str], ctx: _Context) -> _Period | None:
    year = int(m.group("year")) if m.group("year") else None
    d = _calendar_day(year, _month_number(m.group("mon")), int(m.group("day")), ctx)
    return _day(d) if d else None


def _h_day_range(m: re.Match[str], ctx: _Context) -> _Period | None:
    year = int(m.group("year")) if m.group("year") else None
    month = _month_number(m.group("mon"))
    first = _calendar_day(year, month, int(m.group("d1")), ctx)
    if first is None:
        return None
    last = _safe_date(first.year, month, int(m.group("d2")))
    if last is None or last < first:
        return None
    return _days(first, last)


def _h_month_year(m: re.Match[str], ctx: _Context) -> _Period | None:
    p = _month(int(m.group("year")), _month_number(m.group("mon")))
    return _narrow(p, _mod(m), ctx.base)


def _h_iso(m: re.Match[str], ctx: _Context) -> _Period | None:
    d = _safe_date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
    return _day(d) if d else None


def _full_year(y: str) -> int:
    n = int(y)
    if len(y) == 4:
        return n
    return 2000 + n if n < 50 else 1900 + n


def _h_numeric(m: re.Match[str], ctx: _Context) -> _Period | None:
    """12/10/2025: day first unless impossible or the text writes month first elsewhere."""
    a, b = int(m.group("a")), int(m.group("b"))
    if len(m.group("y")) == 2 and m.group("sep") != "/":
        return None
    month_first = (ctx.month_first or a > 12) and b <= 31 and a <= 12
    month, day = (a, b) if month_first else (b, a)
    d = _safe_date(_full_year(m.group("y")), month, day)
    return _day(d) if d else None


def _h_numeric_spaced(m: re.Match[str], ctx: _Context) -> _Period | None:
    d = _safe_date(int(m.group("year")), int(m.group("b")), int(m.group("a")))
    return _day(d) if d else None


def _h_year(m: re.Match[str], ctx: _Context) -> _Period | None:
    return _narrow(_year(int(m.group("year"))), _mod(m), ctx.base)


def _h_month(m: re.Match[str], ctx: _Context) -> _Period | None:
    """A month without a year: "in October", "last November", "this September", "mid-October"."""
    month = _month_number(m.group("mon"))
    rel = (m.group("rel") or "").lower()
    if ctx.partner is not None and not rel:
        year = ctx.partner.year - (month > ctx.partner.month)
        return _narrow(_month(year, month), _mod(m), ctx.base)
    base = ctx.base
    if base is None:
        return None
    if rel == "this":
        year = base.year
    elif rel in ("last", "past", "previous"):
        year = base.year if month < base.month else base.year - 1
    elif rel in ("next", "coming"):
        year = base.year if month > base.month else base.year + 1
    else:
        year = _nearest_month(base, month)[0]
    return _narrow(_month(year, month), _mod(m), base)


def _speaks_of_future(text: str, start: int) -> bool:
    """Whether the few words before `start`, in the same sentence, speak of the future."""
    window = text[max(0, start - 80) : start]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("? "), window.rfind("! "))
    words = window[cut + 1 :].split()[-8:]
    return bool(FUTURE_CUES.search(" ".join(words)))


def _weekday_date(base: date, weekday: int, rel: str, future: bool) -> date:
    back = (base.weekday() - weekday) % 7
    ahead = (weekday - base.weekday()) % 7
    if rel in ("last", "past"):
        return base - timedelta(days=back or 7)
    if rel in ("next", "coming"):
        return base + timedelta(days=ahead or 7)
    if rel == "this":
        return base - timedelta(days=base.weekday()) + timedelta(days=weekday)
    return base + timedelta(days=ahead) if future else base - timedelta(days=back)


def _h_weekday(m: re.Match[str], ctx: _Context) -> _Period | None:
    if ctx.base is None:
        return None
    weekday = WEEKDAY_NAMES.index(m.group("wd").title())
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower()).replace("this past", "last")
    possessive = m.group(0).endswith(("'s", "’s"))
    future = not rel and not possessive and _speaks_of_future(ctx.text, m.start())
    return _day(_weekday_date(ctx.base, weekday, rel, future))


def _h_relative_day(m: re.Match[str], ctx: _Context) -> _Period | None:
    if ctx.base is None:
        return None
    offset = RELATIVE_DAYS[re.sub(r"\s+", " ", m.group("rd").lower())]
    return _day(ctx.base + timedelta(days=offset))


def _unit_period(base: date, unit: str, k: int) -> _Period:
    if unit == "week":
        return _week(base + timedelta(days=7 * k))
    if unit == "month":
        return _month(*_shift_month(base.year, base.month, k))
    return _year(base.year + k)


def _h_relative_unit(m: re.Match[str], ctx: _Context) -> _Period | None:
    """ "last week", "this month", "earlier this year", "the end of the month", "the past week"."""
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    unit = m.group("unit").lower()
    if ctx.base is None:
        return None
    if unit == "weekend":
        return _weekend(ctx.base, RELATIVE_OFFSETS[rel], m.start(), ctx.text)
    if rel == "the" and not m.group("mod"):
        return None
    if rel in ("the past", "the last"):
        if unit != "week":
            return None  # "the past year" is a duration
        return _Period(_week(ctx.base).value, ctx.base - timedelta(days=6), ctx.base, "week")
    k = RELATIVE_OFFSETS[rel]
    return _narrow(_unit_period(ctx.base, unit, k), _mod(m), ctx.base)


def _weekend(base: date, k: int, start: int, text: str) -> _Period:
    """The weekend before `base` (or the coming one): Saturday, running to Sunday."""
    back = (base.weekday() - 5) % 7
    saturday = base - timedelta(days=back)
    if k > 0 or (k == 0 and back > 1 and _speaks_of_future(text, start)):
        saturday += timedelta(days=7)
    return _Period(saturday.isoformat(), saturday, saturday + timedelta(days=1), "day")


def _h_year_ago(m: re.Match[str], ctx: _Context) -> _Period | None:
    return _year(ctx.base.year - 1) if ctx.base else None


def _h_ago(m: re.Match[str], ctx: _Context) -> _Period | None:
    """ "two days ago", "a year earlier" (from the reference date); "three days later", "a day earlier"
    (from the previous date in the text, when it names a day)."""
    n = _number(m.group("n"))
    unit = m.group("unit").lower().rstrip("s")
    direction = m.group("dir").lower()
    later = direction.startswith("later") or direction.startswith("from")
    anchor = ctx.base
    prev = ctx.previous
    day_before_previous = direction == "earlier" and unit == "day" and prev and prev.precision == "day"
    if prev and (direction == "later" or day_before_previous):
        anchor = prev.first
    if anchor is None:
        return None
    sign = 1 if later else -1
    if unit == "day":
        return _day(anchor + timedelta(days=sign * n))
    if unit == "week":
        return _week(anchor + timedelta(days=sign * 7 * n))
    if unit == "month":
        return _month(*_shift_month(anchor.year, anchor.month, sign * n))
    return _year(anchor.year + sign * n)


def _h_past_hours(m: re.Match[str], ctx: _Context) -> _Period | None:
    """ "over the past 24 hours": the day before the reference date (ACLED), through that date."""
    if ctx.base is None:
        return None
    n = _number(m.group("n"))
    unit = m.group("unit").lower()
    days = -(-n // 24) if unit == "hours" else n * (7 if unit == "weeks" else 1)
    first = ctx.base - timedelta(days=max(days, 1))
    if unit == "hours" and days <= 1:
        return _Period(first.isoformat(), first, ctx.base, "day")
    return _days(first, ctx.base, "week" if unit == "weeks" else "day")


def _h_anaphor(m: re.Match[str], ctx: _Context) -> _Period | None:
    """ "that day", "the next day", "the same year": relative to the previous date in the text."""
    prev = ctx.previous
    if prev is None:
        return None
    words = re.sub(r"\s+", " ", m.group("ana").lower())
    unit = words.rsplit(" ", 1)[-1]
    if unit in ("week", "month", "year"):
        return _unit_period(prev.first, unit, 0)
    if prev.precision != "day":
        return None
    step = 1 if ("next" in words or "following" in words or "after" in words) else 0
    step = -1 if ("previous" in words or "preceding" in words or "before" in words) else step
    return _day(prev.first + timedelta(days=step))


HANDLERS: dict[str, Callable[[re.Match[str], _Context], _Period | None]] = {
    "day_range_dmy": _h_day_range,
    "day_range_mdy": _h_day_range,
    "dmy": _h_day_month,
    "mdy": _h_day_month,
    "month_year": _h_month_year,
    "iso": _h_iso,
    "numeric": _h_numeric,
    "numeric_spaced": _h_numeric_spaced,
    "year": _h_year,
    "month": _h_month,
    "weekday": _h_weekday,
    "relative_day": _h_relative_day,
    "relative_unit": _h_relative_unit,
    "year_ago": _h_year_ago,
    "ago": _h_ago,
    "past_hours": _h_past_hours,
    "over_hours": _h_past_hours,
    "anaphor": _h_anaphor,
}


def _apply_composite(p: _Period, prefix: str | None) -> _Period:
    if prefix == "week of":
        return _week(p.first)
    if prefix in ("day before", "day after") and p.precision == "day":
        return _day(p.first + timedelta(days=-1 if prefix == "day before" else 1))
    return p


def _is_absolute(c: _Candidate) -> bool:
    """Whether the candidate's value needs no reference point (it writes its year)."""
    groups = c.match.groupdict()
    if c.kind in ("iso", "numeric", "numeric_spaced", "month_year", "year"):
        return True
    return c.kind in ("dmy", "mdy", "day_range_dmy", "day_range_mdy") and bool(groups.get("year"))


# --------------------------------------------------------------------------------------------
# find_dates
# --------------------------------------------------------------------------------------------


def _as_date(d: date | datetime | None) -> date | None:
    return d.date() if isinstance(d, datetime) else d


def _month_first_hint(numeric: list[re.Match[str]]) -> bool:
    """Whether the text's unambiguous numeric dates (the matches of the "numeric" pattern) put the month
    first (08/13/90)."""
    votes = 0
    for m in numeric:
        a, b = int(m.group("a")), int(m.group("b"))
        votes += (b > 12 >= a) - (a > 12 >= b)
    return votes > 0


def _partner(text: str, c: _Candidate, nxt: _Candidate | None, resolved: dict[int, _Period]) -> date | None:
    """The end of a range ("March to May 2019") that this yearless date begins: it lends its year."""
    if nxt is None or id(nxt) not in resolved:
        return None
    if not RANGE_CONNECTOR.fullmatch(text[c.end : nxt.start]):
        return None
    return resolved[id(nxt)].last


def _anchor(c: _Candidate, full_dates: list[tuple[int, date]]) -> date | None:
    """Reference date without a publication date: the nearest full date before, else the first after."""
    i = bisect.bisect_left(full_dates, c.start, key=lambda sd: sd[0])
    if i > 0:
        return full_dates[i - 1][1]
    return full_dates[0][1] if full_dates else None


def _resolve_all(
    text: str, cands: list[_Candidate], published: date | None, month_first: bool
) -> list[tuple[_Candidate, _Period]]:
    """Normalise the candidates: those that write their year first, then the rest in text order."""
    ctx = _Context(text, month_first=month_first)
    resolved: dict[int, _Period] = {}
    for c in cands:
        if _is_absolute(c) and (p := _resolve(c, ctx)):
            resolved[id(c)] = p
    full = [(c.start, p.first) for c in cands if (p := resolved.get(id(c))) and p.precision == "day"]
    out: list[tuple[_Candidate, _Period]] = []
    previous: _Period | None = None
    for i, c in enumerate(cands):
        p = resolved.get(id(c))
        if p is None:
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            ctx.base = published or _anchor(c, full)
            ctx.previous = previous
            ctx.partner = _partner(text, c, nxt, resolved)
            p = _resolve(c, ctx)
        if p is not None:
            out.append((c, p))
            previous = p
    return out


def _resolve(c: _Candidate, ctx: _Context) -> _Period | None:
    """One candidate's period, or None where it falls outside the calendar (before year 1, after 9999)."""
    try:
        p = HANDLERS[c.kind](c.match, ctx)
        return _apply_composite(p, c.prefix) if p else None
    except (OverflowError, ValueError):
        logger.debug("date out of range: %r", c.match.group(0))
        return None


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in `text`, normalised, in text order.

    `published` is the reference point for relative expressions ("yesterday", "Friday", "Oct. 12");
    without it they resolve against the nearest full date written in the text, or are left out.
    """
    published = _as_date(published)
    matches = _SCANNER.matches(text)
    cands = _select(_candidates(text, matches), len(text))
    mentions = [
        DateMention(Span(c.start, c.end, text[c.start : c.end]), p.value, p.first, p.last, p.precision)
        for c, p in _resolve_all(text, cands, published, _month_first_hint(matches["numeric"]))
    ]
    logger.debug("found %d dates in %d characters", len(mentions), len(text))
    return mentions


# --------------------------------------------------------------------------------------------
# event_date
# --------------------------------------------------------------------------------------------


def _is_background(text: str, m: DateMention, ref: date | None) -> bool:
    """Dates of context rather than of the event: "since 2021", "formed in 2007", the future."""
    if BACKGROUND_CUES.search(text, max(0, m.span.start - 40), m.span.start):
        return True
    if m.precision == "year" and BACKGROUND_CLAUSE.search(text, max(0, m.span.start - 70), m.span.start):
        return True
    return ref is not None and (m.first_day - ref).days > 1  # (no date arithmetic past year 9999)


def _is_old(m: DateMention, ref: date | None) -> bool:
    """A month or year that ended more than a year before the reference date ("in 1947")."""
    return ref is not None and m.precision in ("month", "year") and (ref - m.last_day).days > 366


def _is_report_date(text: str, m: DateMention) -> bool:
    """ "As reported on 12 May", "officials said on Sunday", or a dateline "KABUL, May 12 (AP) --"."""
    if REPORT_CUES.search(text, max(0, m.span.start - 40), m.span.start):
        return True
    line_start = text.rfind("\n", 0, m.span.start) + 1
    lead = text[line_start : m.span.start]
    is_dateline = len(lead) < 60 and re.fullmatch(r"\s*[A-Z][A-Za-z .,'()-]*,\s*", lead) is not None
    return is_dateline and DATELINE_AFTER.match(text, m.span.end) is not None


def _reference(dates: Sequence[DateMention], published: date | None) -> date | None:
    if published is not None:
        return published
    days = [m.last_day for m in dates if m.precision == "day"]
    return max(days) if days else None


def _first_usable(text: str, ms: list[DateMention]) -> DateMention | None:
    """The first mention that is not a report date, else the first one."""
    for m in ms:
        if not _is_report_date(text, m):
            return m
    return ms[0] if ms else None


_NOTE_LEAD = re.compile(
    r"\W*(?:[A-Z][\w /&-]{0,40}:\s*)?(?i:(?:as\s+)?reported\s+on|on\s+or\s+(?:about|around)|on|between|from|"
    r"around|overnight\s+on|(?:on\s+)?the\s+night\s+of)?\s*"
)


def _note_lead(text: str, usable: list[DateMention], sentences: list[tuple[int, int]]) -> DateMention | None:
    """For a note that opens with its date ("On 8 June 2025, ...", "As reported on ..., over the past
    24 hours, ..."), the date of that opening sentence."""
    if not usable or not sentences or not _NOTE_LEAD.fullmatch(text, 0, usable[0].span.start):
        return None
    first_end = sentences[0][1]
    return _first_usable(text, [m for m in usable if m.span.start < first_end])


def _pick_event_mention(text: str, usable: list[DateMention], split: Sequence[Span] | None) -> DateMention | None:
    """The opening date of a note; else the first date in the first sentence that speaks of
    violence; else the first date at all."""
    sentences = [(sp.start, sp.end) for sp in (split_sentences(text) if split is None else split)]
    lead = _note_lead(text, usable, sentences)
    if lead is not None:
        return lead
    for start, end in sentences:
        inside = [m for m in usable if start <= m.span.start < end]
        if inside and VIOLENCE_CUES.search(text, start, end):
            return _first_usable(text, inside)
    return _first_usable(text, usable)


def _range_end(text: str, m: DateMention, dates: Sequence[DateMention]) -> date:
    """The last day of a range that `m` opens ("from 3 March to 5 March", "between 1994 and 1997")."""
    nxt = next((d for d in dates if d.span.start >= m.span.end), None)
    if nxt is None:
        return m.last_day
    gap = text[m.span.end : nxt.span.start]
    if not RANGE_CONNECTOR.fullmatch(gap) or nxt.last_day < m.first_day:
        return m.last_day
    between = re.search(r"(?i)\bbetween\s+$", text[max(0, m.span.start - 12) : m.span.start])
    if gap.strip().lower() == "and" and not between:
        return m.last_day
    return nxt.last_day


def event_date(
    text: str, dates: Sequence[DateMention], published: date | None, sentences: Sequence[Span] | None = None
) -> tuple[date | None, date | None, Precision | None]:
    """When the event `text` describes happened: (first day, last day, precision), or Nones.

    `dates` are mentions in `text` (as `find_dates` gives them); the reference date is `published`,
    else the latest day named in the text; `sentences` are those of `text`, when split already. The
    chosen date is:

    * for a note that opens with its date ("On 8 June 2025, ...", "As reported on 02-April-2019,
      ...", "Between September 26-28 2019, ..."), the date of that opening sentence, where a
      "past 24 hours" expression beats the report date it is counted from;
    * otherwise the first date in the first sentence that speaks of violence (attacks, clashes,
      strikes, killings), where a report date ("officials said on Sunday", a dateline) gives way to
      another date in the same sentence; otherwise the first date in the text.

    Background dates ("since 2021", "formed in 2007"), future dates, and months or years that ended
    more than a year before the reference date are passed over while another date remains. A date
    that opens a range ("from 3 to 5 March", "between 1994 and 1997") extends to the range's end.
    Without any usable date the answer is (None, None, None); callers may fall back on `published`.
    """
    published = _as_date(published)
    ordered = sorted(dates, key=lambda d: d.span.start)
    ref = _reference(ordered, published)
    current = [m for m in ordered if not _is_background(text, m, ref)]
    usable = [m for m in current if not _is_old(m, ref)] or current
    chosen = _pick_event_mention(text, usable, sentences)
    if chosen is None:
        return None, None, None
    return chosen.first_day, _range_end(text, chosen, ordered), chosen.precision
