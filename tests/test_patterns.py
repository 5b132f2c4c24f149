"""The pattern helpers: the trie alternation, the scanner that tries each pattern only where it can
start, and the promises the date, amount and event-cue patterns make to it (their openings)."""

import json
import re
from functools import lru_cache
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract import dates, numbers
from sitrep.extract.eventtypes import compile_cue, cue_openings
from sitrep.patterns import DIGIT, Scanner, alternation, lowered, may_contain, opens

_WORD = re.compile(r"\w+")
_SEPARATORS = [" ", " ", " ", "", "-", "–", "/", ".", ". ", ", ", "'s ", "’s ", "_", "\n", " (", ") ", ":"]
# letters that a case-insensitive pattern reads as ASCII ones, but lower() does not give: İ ı ſ and the Kelvin sign
_TWINS = {"i": "ı", "s": "ſ", "k": "\u212a", "I": "İ"}


def _cased(word: str, how: int) -> str:
    if how == 1:
        return word.upper()
    if how == 2:
        return word.title()
    if how == 3:
        return "".join(_TWINS.get(ch, ch) for ch in word)
    return word


def texts(vocabulary: list[str]) -> st.SearchStrategy[str]:
    """Texts of the vocabulary's words in any case, glued or apart, with letters a regex folds to ASCII."""
    piece = st.tuples(st.sampled_from(vocabulary), st.integers(0, 5), st.sampled_from(_SEPARATORS))
    return st.lists(piece, max_size=14).map(lambda ps: "".join(_cased(w, how) + sep for w, how, sep in ps))


def _kept(pattern: re.Pattern[str], openings: list[str], text: str) -> bool:
    """Whether every match of `pattern` starts at a word that one of `openings` may begin."""
    for m in pattern.finditer(text):
        word = _WORD.match(text, m.start())
        if word is None or (m.start() > 0 and _WORD.match(text, m.start() - 1)):
            return False
        if not any(opens(opening, word.group().lower()) for opening in openings):
            return False
    return True


def _same(scanner: Scanner, patterns: dict, text: str) -> bool:
    found = {key: [m.span() for m in ms] for key, ms in scanner.matches(text).items()}
    return found == {key: [m.span() for m in p.finditer(text)] for key, p in patterns.items()}


_DATE_WORDS = [
    *dates.MONTH_NAMES, *dates.MONTH_ABBREVIATIONS, *dates.WEEKDAY_NAMES, *dates.WEEKDAY_ABBREVIATIONS,
    *dates.NUMBER_WORDS, *dates.RELATIVE_DAYS, *dates.RELATIVE_OFFSETS, *dates.PART_OF_PERIOD,
    "12", "3", "31st", "2019", "1990", "05", "2025-10-12", "12/10/2025", "12 10 2025", "3-5", "of", "to", "and",
    "until", "week", "weekend", "month", "year", "days", "ago", "earlier", "later", "from now", "hours", "over",
    "the past", "that day", "the same year", "the next day", "the day before", "the middle of", "almost", "x",
    # whole expressions of every form, so that each pattern matches often
    "October 3-5", "3 to 5 October", "Monday, 12 October 2025", "Oct. 12", "12 Oct", "mid-October", "early 2019",
    "last week", "two days ago", "the past 48 hours", "over 24 hours", "a year ago", "year-earlier", "08/13/90",
]
_DATE_PATTERNS = {kind: re.compile(p) for kind, p in dates.PATTERNS.items()}
_AMOUNT_WORDS = [
    *numbers.UNITS, *numbers.SCALES, *numbers.VAGUE, *numbers.UNSPECIFIED, "12", "3", "1,200", "2.5", "2 million",
    "a", "an", "between", "and", "to", "at least", "more than", "over", "upwards of", "in excess of", "up to",
    "as many as", "no more than", "nearly", "under", "about", "an estimated", "close to", "%", "soldiers", "x",
    "between 3 and 5", "between two and four", "3-5", "10 to 12", "at least 10-20", "about 3–5", "more than 30",
    "an unknown number of", "tens of thousands", "twenty-three", "a hundred", "at most 7", "5 per cent",
]
_EVENTS = json.loads(resources.files("sitrep.data").joinpath("event_types.json").read_text("utf-8"))
_CUES = sorted({cue for rule in _EVENTS["rules"] for cue in rule["cues"] + rule.get("unless_followed_by", [])}
               | {cue for part in ("background", "targets", "actors") for name, cues in _EVENTS[part].items()
                  if name != "note" for cue in cues})
_CUE_WORDS = sorted({w.strip("*") for cue in _CUES for w in re.split(r"[ |]", cue) if not w.startswith("~")}
                    | {"the", "were", "by", "offduty", "postal", "strikes", "x"}
                    | {re.sub(r" ~\d+", "", re.sub(r"\|\S+", "", cue)).replace("*", "s") for cue in _CUES})


@settings(max_examples=300, deadline=None)
@given(texts(_DATE_WORDS))
def test_every_date_form_starts_as_its_openings_say(text):
    assert all(_kept(pattern, dates.OPENINGS[kind], text) for kind, pattern in _DATE_PATTERNS.items())


@settings(max_examples=300, deadline=None)
@given(texts(_AMOUNT_WORDS))
def test_every_amount_starts_as_its_openings_say(text):
    assert _kept(numbers.QUANTITY_RE, numbers.OPENINGS, text)


@lru_cache(maxsize=1)
def _compiled_cues() -> tuple[tuple[str, re.Pattern[str], list[str]], ...]:
    """Each cue with its pattern and openings, compiled once for all examples (more cues than the
    regex module's own cache holds)."""
    return tuple((cue, re.compile(compile_cue(cue), re.IGNORECASE), cue_openings([cue])) for cue in _CUES)


@settings(max_examples=300, deadline=None)
@given(texts(_CUE_WORDS))
def test_every_cue_starts_as_its_openings_say(text):
    for cue, pattern, openings in _compiled_cues():
        assert _kept(pattern, openings, text), cue


def _glued(cue: str) -> list[str]:
    """Texts of a cue's words, each way its first slot can begin, with letters glued to the first word."""
    slots = [slot.split("|") for slot in re.split(r" ~\d+ ", cue)]
    rest = " ".join(phrases[0].replace("*", "s") for phrases in slots[1:])
    out = []
    for phrase in slots[0]:
        first, _, more = phrase.replace("*", "").partition(" ")
        out += [f"{first}{tail} {more} {rest}x" for tail in ("", "s", "al", "_", "1", "-x")]
    return out


def test_every_cue_starts_as_its_openings_say_with_letters_glued_on():
    for cue in _CUES:
        pattern = re.compile(compile_cue(cue), re.IGNORECASE)
        assert all(_kept(pattern, cue_openings([cue]), text) for text in _glued(cue)), cue


@settings(max_examples=300, deadline=None)
@given(texts(_DATE_WORDS + _AMOUNT_WORDS))
def test_the_scanner_finds_what_each_pattern_finds(text):
    date_scanner = Scanner(_DATE_PATTERNS, dates.OPENINGS)
    amount_scanner = Scanner({"amount": numbers.QUANTITY_RE}, {"amount": numbers.OPENINGS})
    assert _same(date_scanner, _DATE_PATTERNS, text)
    assert _same(amount_scanner, {"amount": numbers.QUANTITY_RE}, text)


def test_whole_words_beginnings_and_digits():
    patterns = {"the": re.compile(r"(?<!\w)the\s+\w+"), "jan": re.compile(r"(?<!\w)jan\w*", re.IGNORECASE),
                "num": re.compile(r"(?<!\w)\d+")}
    scanner = Scanner(patterns, {"the": ["the"], "jan": ["jan*"], "num": [DIGIT]})
    found = scanner.matches("There the end; January 12 JANET theme ٣ ſ")
    assert {k: [m.group() for m in ms] for k, ms in found.items()} == {
        "the": ["the end"], "jan": ["January", "JANET"], "num": ["12", "٣"]}
    assert opens("the", "the") and not opens("the", "there") and opens("jan*", "january")
    assert opens(DIGIT, "12") and not opens(DIGIT, "x12") and opens("the", "ſome")  # unclear case: may
    with pytest.raises(ValueError):
        Scanner(patterns, {"the": ["The"], "jan": ["jan*"], "num": [DIGIT]})
    with pytest.raises(ValueError):
        Scanner(patterns, {"the": ["the"]})


def test_cue_openings_follow_the_cue_syntax():
    assert cue_openings(["killed|shot dead"]) == ["killed", "shot"]
    assert cue_openings(["post|posts|outpost*"]) == ["post*", "posts*", "outpost*"]  # open end: "postal"
    assert cue_openings(["air-strike*", "off duty", "rpg-7*", "threw ~3 grenade*", "9/11"]) == [
        "air*", "off", "rpg*", "threw", DIGIT]


def test_lowered_refuses_letters_lower_case_does_not_fold():
    assert lowered("Killed") == "killed" and may_contain(lowered("Casualties were"), ["casualties"])
    assert lowered("caſualties") is None and may_contain(None, ["casualties"])  # "ſ" matches "s" in a regex
    assert not may_contain(lowered("no one was hurt"), ["casualties", "deaths"])


def test_alternation_is_a_trie_of_the_words():
    assert alternation(["January", "Jan", "June"]) == "J(?:an(?:uary)?|une)"
    assert alternation(["a b", "a"]) == r"a(?:\s+b)?" and alternation(["a b"], spaces=None) == r"a\ b"
    assert alternation([]) == "(?!)"
