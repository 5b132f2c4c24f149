"""Figures in a sentence: which counted amounts are casualty or capture figures, of whom.

A figure is an amount (`Quantity`), the words naming who or what was counted (the subject), and
the kind ("killed", "positions_captured" …) read from the words around it: a kind noun in the
subject ("19 military fatalities"), a cue before the amount ("the deaths of 58", "seized control
of 25"), or a cue after the subject ("23 soldiers had been killed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..records import Quantity
from . import english
from .lexicon import ClaimsLexicon, claims_lexicon
from .numbers import find_quantities

_WORD = re.compile(r"\s*[\"“”(\[]?\s*(?:(?P<of>of)\s+)?[\"“”]?(?P<word>and/or|[A-Za-z][\w’'\-]*(?:\.[A-Z]\.?)?)"
                   r"[\"“”)\]]?")
_NP_STOP = english.word_set("noun_phrase_stops")
_IRREGULAR_PAST = english.word_set("irregular_past")
_POSSESSIVE = english.word_set("possessives")
_OTHERS = english.word_set("others")
_NUMBER_WORDS = english.word_set("phrase_number_words")
_PART_OF = re.compile(r"\b(?:including|(?:(?:among|of)\s+(?:them|whom)|among\s+the\s+(?:dead|victims|wounded))"
                      r"(?:\s+(?:were|was|are|is))?)\s+(?:at\s+least\s+)?$",
                      re.IGNORECASE)
_CIVILIAN_TAIL = re.compile(
    r"\s*,?\s*(?:including|among\s+them|mostly|most\s+of\s+them|many\s+of\s+them)\s+"
    rf"(?:[\w’'\-]+\s+){{0,3}}?(?:{'|'.join(english.words('civilian_tail_nouns'))})\b"
    r"(?:\s+and\s+(?:women|children|the\s+elderly|elderly\s+people))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Figure:
    """A counted amount read as a claim figure (offsets relative to the sentence)."""

    quantity_start: int
    quantity_end: int
    kind: str
    subject: str
    subject_start: int
    subject_end: int
    head_class: str  # military | armed_group | civilian | unknown | positions | aircraft
    active: bool  # the counted were acted upon by an agent named before the amount ("X killed 5")
    cue_start: int
    cue_end: int
    possessive: bool  # "its soldiers", "their fighters": the claimant's own side
    elliptical: bool  # no noun of its own ("killing 3 and wounding 4"): subject taken from the previous figure
    part: bool = False  # a part of the figure before it ("200 people, including 10 civilians")


@dataclass(frozen=True, slots=True)
class _Phrase:
    start: int
    end: int
    words: list[tuple[int, int, str]]
    head: int | None  # index of the head word, or None
    head_class: str | None
    kind: str | None  # a kind noun as head ("fatalities")
    modifier_kind: str | None = None  # a kind word before a people noun ("displaced residents", "wounded soldiers")


def read_figures(sentence: str, quantities: list[tuple[int, int, Quantity]]) -> list[tuple[Figure, Quantity]]:
    """The claim figures among `quantities` (each with its offsets inside `sentence`)."""
    lex = claims_lexicon()
    out: list[tuple[Figure, Quantity]] = []
    previous: Figure | None = None
    pending: tuple[int, int, Quantity] | None = None
    for start, end, q in quantities:
        if _not_a_count(sentence, start, end, q):
            continue
        if q.unspecified and end > start and lex.casualty_report.fullmatch(sentence, start, end):
            out.append((_casualty_report(sentence, start, end), q))
            continue
        fig = _figure(sentence, start, end, lex, previous)
        if fig is not None and previous is not None and _PART_OF.search(sentence[max(0, start - 30) : start]):
            fig = replace(fig, part=True)
        if fig is None and previous is not None:
            fig = _coordinated(sentence, start, end, lex, previous)
            closed = _PLACE_THEN_AND.fullmatch(sentence, previous.subject_end, start)  # "…, in Nondin, and 179"
            if fig is not None and previous.part and not closed:
                fig = replace(fig, part=True)
        if fig is None and previous is not None:
            fig = _partitive(sentence, start, end, previous)
        if fig is None:
            pending = (start, end, q)
            continue
        if pending is not None:
            joined = _joined_before(sentence, pending, fig, lex)
            if joined is not None:
                out.append((joined, pending[2]))
        pending = None
        out.append((fig, q))
        previous = fig
    return out


def _casualty_report(s: str, start: int, end: int) -> Figure:
    """"Casualties were reported", "resulting in civilian casualties": an unknown number killed or hurt."""
    civilian = "civilian" in s[start:end].lower()
    return Figure(start, end, "casualties", "civilians" if civilian else "people", start, end,
                  "civilian" if civilian else "unknown", False, start, end, False, elliptical=False)


def _joined_before(s: str, pending: tuple[int, int, Quantity], fig: Figure, lex: ClaimsLexicon) -> Figure | None:
    """"2 soldiers and 27 militants were killed": the cue after the second figure serves the first."""
    start, end, _q = pending
    phrase = _noun_phrase(s, end, lex)
    if phrase.head is None or phrase.head_class not in _people_classes() or fig.active:
        return None
    head_end = phrase.words[phrase.head][1]
    if not _COORDINATION.fullmatch(s, head_end, fig.quantity_start):
        return None
    subject_start = phrase.words[0][0]
    return Figure(
        start, end, fig.kind, s[subject_start:head_end], subject_start, head_end, phrase.head_class or "unknown",
        False, fig.cue_start, fig.cue_end, _is_possessive(phrase), elliptical=False,
    )


_COORDINATION = re.compile(r"\s*(?:,\s*)?(?:and|as\s+well\s+as|plus|along\s+with|,)\s*", re.IGNORECASE)


def _coordinated(s: str, start: int, end: int, lex: ClaimsLexicon, previous: Figure) -> Figure | None:
    """A second amount joined to a figure by "and": "the deaths of 19 troops and three civilians"."""
    after_cue = previous.cue_start >= previous.subject_end and _ALSO.fullmatch(s, previous.cue_end, start)
    if not (after_cue or _COORDINATION.fullmatch(s, previous.subject_end, start) or _MEMBERS_THEN_AND.fullmatch(
            s, previous.subject_end, start) or _PLACE_THEN_AND.fullmatch(s, previous.subject_end, start)):
        return None
    phrase = _noun_phrase(s, end, lex)
    if phrase.head is None or phrase.head_class not in _people_classes() | {previous.head_class}:
        return None  # "the deaths of 19 troops and three civilians", "98 of the drones and five of the missiles"
    head_end = phrase.words[phrase.head][1]
    subject_start = phrase.words[0][0]
    return Figure(
        start, end, previous.kind, s[subject_start:head_end], subject_start, head_end,
        phrase.head_class or "unknown", previous.active, previous.cue_start, previous.cue_end,
        _is_possessive(phrase), elliptical=False,
    )


_ALSO = re.compile(r"\s*,?\s*(?:as\s+well\s+as|along\s+with|together\s+with)\s+", re.IGNORECASE)
"""After the cue: "three children were killed as well as an adult"."""
_PLACE_THEN_AND = re.compile(r"\s*,?\s+(?:in|at|near)\s+(?:the\s+)?(?:[\w’'\-]+\s+){0,2}?[A-Z][\w’'\-]*\s*,\s*and\s+")
"""After a place: "killing 44 people in Nondin, and 179 people in Soro"."""
_MEMBERS_THEN_AND = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?[^,;.()]{1,60}?(?:,\s*|\s+)(?:and|as\s+well\s+as)\s+",
                               re.IGNORECASE)
"""Whose the counted were, then the next amount: "52 fighters from the HTS and its allies and 37 soldiers"."""


_OF_THE = re.compile(r"(?i)\bof\s+(?:the|those|these|its|their)\s+$")
_THEN_PART = re.compile(r"[^.;:()]{0,80}?,\s*")
_PART_VERB = re.compile(r"\s+(?:of\s+them\s+)?(?:were|was|are|is|had|have|remain|remained)\b")


def _partitive(s: str, start: int, end: int, previous: Figure) -> Figure | None:
    """"Of the 440 fighters killed, about 30 were commanders": the second amount is a part of the first."""
    if previous.kind not in ("killed", "injured", "casualties") or not _OF_THE.search(
            s, max(0, previous.quantity_start - 14), previous.quantity_start):
        return None
    gap_from = max(previous.quantity_end, previous.subject_end, previous.cue_end)
    if not _THEN_PART.fullmatch(s, gap_from, start) or not _PART_VERB.match(s, end):
        return None
    fig = _inherit(previous, s, start, end, (previous.kind, previous.active, previous.cue_start, previous.cue_end))
    return replace(fig, part=True) if fig is not None else None


def _people_classes() -> frozenset[str]:
    return frozenset({"military", "armed_group", "civilian", "unknown"})


def _not_a_count(sentence: str, start: int, end: int, q: Quantity) -> bool:
    after = sentence[end : end + 12]
    before = sentence[max(0, start - 2) : start]
    if re.match(r"-[A-Za-z]|\s*(?:%|per\s*cent|percent|km|kilomet|mile|meter|metre|hours?\b|years?\b|days?\b|"
                r"minutes?\b|months?\b|weeks?\b|am\b|pm\b|a\.m|p\.m|o'clock|mm\b|cm\b|kg\b|tons?\b|tonnes?\b)",
                after, re.IGNORECASE):
        return True
    if re.search(r"[$€£#№]\s*$", before):
        return True
    return q.low is not None and q.low == q.high and 1900 <= q.low <= 2100 and not q.approx \
        and not _counted_next(sentence, end)


def _counted_next(sentence: str, end: int) -> bool:
    """Whether the word after a year-like amount shows it counts people ("2,000 captured", "2000 soldiers")."""
    m = _WORD.match(sentence, end)
    if not m or sentence[end : m.start("word")].strip():
        return False
    lex = claims_lexicon()
    word = m.group("word").lower()
    return lex.head(word) in _people_classes() or word in lex.kind_noun or any(
        p.match(sentence[end : end + 40]) for p in lex.cue_after.values())


def _figure(s: str, start: int, end: int, lex: ClaimsLexicon, previous: Figure | None) -> Figure | None:
    them = _OF_THEM.match(s, end)
    if them:
        return _of_them(s, start, end, them.end(), lex, previous)
    phrase = _noun_phrase(s, end, lex)
    before = s[max(0, start - 80) : start]
    if phrase.kind is not None:
        bare = phrase.head == 0 and previous is not None and _joined(s, previous, start)
        if bare:  # "31 civilians had been killed and 57 wounded": the wounded are civilians too
            head_start, head_end = phrase.words[0][0], phrase.words[0][1]
            return _inherit(previous, s, start, end, (phrase.kind, previous.active, head_start, head_end))  # type: ignore[union-attr]
        fig = _kind_noun_figure(s, start, end, phrase)
        later = _later_kind(s, phrase, lex)
        return replace(fig, kind=later[0], cue_start=later[1], cue_end=later[2]) if later else fig
    if phrase.head is None:
        if phrase.words and phrase.words[0][2].lower() in lex.not_counted_things:
            return None  # "destroyed two tanks": a count of something that is no claim figure
        family = _FAMILY_OF.search(before)
        if family:
            return _family(s, start, end, max(0, start - 80) + family.start(), lex, previous)
        return _elliptical(s, start, end, before, lex, previous)
    assert phrase.head_class is not None
    if phrase.words[phrase.head][2].lower() == "others" and previous is not None:
        return _inherit(previous, s, start, end, _cue(s, start, end, phrase, lex, previous.head_class))
    found = _cue(s, start, end, phrase, lex, phrase.head_class)
    if found is None and previous is not None and _PART_OF.search(before):
        # "at least 200 people, including 10 civilians, were killed": a part of the figure before
        found = (previous.kind, previous.active, previous.cue_start, previous.cue_end)
    if found is None and phrase.modifier_kind is not None:  # "12 wounded soldiers were evacuated"
        found = (phrase.modifier_kind, False, phrase.words[0][0], phrase.words[0][1])
    if found is None:
        return None
    kind, active, cue_start, cue_end = found
    head_end = phrase.words[phrase.head][1]
    subject_start, subject_end = phrase.words[0][0], head_end
    subject = s[subject_start:subject_end]
    head_class = phrase.head_class
    tail = _CIVILIAN_TAIL.match(s, subject_end)
    if tail and not _counts_inside(tail.group(0)):  # "including 10 civilians" is a figure of its own
        subject_end = tail.end()
        subject = s[subject_start:subject_end]
        head_class = "civilian"
    return Figure(
        start, end, kind, subject, subject_start, subject_end, head_class, active,
        cue_start, cue_end, _is_possessive(phrase), elliptical=False,
    )


_OF_THEM = re.compile(r"\s+of\s+(?:them|whom)\b", re.IGNORECASE)


def _of_them(s: str, start: int, end: int, after: int, lex: ClaimsLexicon, previous: Figure | None) -> Figure | None:
    """"Three of them are in serious condition", "five wounded, two of them seriously", "three of whom
    died": a part of the people counted before (in this sentence or the one before), its kind said
    after it or else theirs."""
    kinds = _kinds_for(previous.head_class if previous else "unknown")
    # "killing three of them", else "three of them are in serious condition"
    cue = _cue_just_before(s, start, lex, kinds) or _cue_after_at(s, after, lex, kinds)
    if cue is None and previous is not None:
        cue = (previous.kind, previous.active, previous.cue_start, previous.cue_end)
    if cue is None:
        return None
    fig = _inherit(previous, s, start, end, cue)
    if fig is not None and previous is None:
        fig = replace(fig, subject="them", subject_start=after - 4, subject_end=after)
    return replace(fig, part=True) if fig is not None else None


def _later_kind(s: str, phrase: _Phrase, lex: ClaimsLexicon) -> tuple[str, int, int] | None:
    """"Two of the wounded later died": what the words after a kind noun say became of the counted."""
    assert phrase.head is not None
    after = phrase.words[phrase.head][1]
    if phrase.kind != "injured":
        return None
    m = lex.cue_after["killed"].match(s[after : after + 60])
    return ("killed", after + m.start(), after + m.end()) if m else None


def _counts_inside(text: str) -> bool:
    return any(not q.approx for q in find_quantities(text))


def _noun_phrase(s: str, pos: int, lex: ClaimsLexicon) -> _Phrase:
    """The noun phrase after an amount: up to 6 words, ending before a verb, preposition or comma."""
    words: list[tuple[int, int, str]] = []
    head = head_class = kind = modifier = None
    p = pos
    for _ in range(7):
        m = _WORD.match(s, p)
        if not m or (m.group("of") and words):
            break
        w = m.group("word")
        lw = w.lower()
        if lw in _NP_STOP or _is_number_word(lw):
            break
        if head is not None and lw not in lex.kind_noun and (lw.endswith("ed") or lw in _IRREGULAR_PAST):
            break  # "residents fled the town": the verb ends the phrase
        if head is not None and lw in ("the", "a", "an"):
            break  # "203 fighters the military said it killed": a clause of their own
        if head_class in ("positions", "aircraft") and lw in lex.kind_noun:
            break  # "a base wounded three": a verb after a thing, not a count of the wounded
        if lw == "and/or":
            words.append((m.start("word"), m.end("word"), w))
            p = m.end()
            continue
        if lw == "and" and head is not None and _people_follow(s, m.end(), lex):
            words.append((m.start("word"), m.end("word"), w))  # "emergency workers and firefighters"
            p = m.end()
            continue
        if lw == "and" and (head is not None or not _continues_phrase(s, m.end())):
            break
        if head == len(words) - 1 and lw in lex.not_counted_heads:  # "120 missile launchers": not missiles
            head = head_class = None
            break
        words.append((m.start("word"), m.end("word"), w))
        p = m.end()
        if lw in lex.kind_noun and not words[:-1] and head is None and _people_follow(s, m.end(), lex):
            modifier = lex.kind_noun[lw]  # "six displaced residents were killed": an adjective here
            continue
        if lw in lex.kind_noun and (len(words) > 1 or head is None):
            kind = lex.kind_noun[lw]
            head = len(words) - 1
            break
        found = _head_of(words, lex)
        if found:
            mixed = head_class is not None and found != head_class and words[-2][2].lower() == "and"
            head, head_class = len(words) - 1, "unknown" if mixed else found
    if head is None and words and words[-1][2] and words[-1][2][0].isupper() and len(words) <= 3:
        head, head_class = len(words) - 1, "unknown"
    start = words[0][0] if words else pos
    end = words[-1][1] if words else pos
    return _Phrase(start, end, words, head, head_class, kind, modifier)


def _people_follow(s: str, pos: int, lex: ClaimsLexicon) -> bool:
    m = _WORD.match(s, pos)
    if m and m.group("word").lower() in _POSSESSIVE:  # "soldiers and their militiamen"
        m = _WORD.match(s, m.end())
    if not m:
        return False
    word = m.group("word").lower()
    return lex.head(word) in ("military", "armed_group", "civilian")


def _head_of(words: list[tuple[int, int, str]], lex: ClaimsLexicon) -> str | None:
    last = words[-1][2].lower()
    if len(words) > 1:
        pair = f"{words[-2][2].lower()} {last}"
        if pair in lex.head_class:
            return lex.head(pair)
    if last in _OTHERS:
        return "unknown" if last == "others" else None
    return lex.head(last)


def _continues_phrase(s: str, pos: int) -> bool:
    """After "and": another adjective or noun of the same phrase ("Taliban and allied fighters")."""
    m = _WORD.match(s, pos)
    if not m:
        return False
    w = m.group("word").lower()
    return w not in _NP_STOP and not _is_number_word(w) and not w.endswith("ed") or w == "allied"


def _is_number_word(w: str) -> bool:
    return w.isdigit() or w in _NUMBER_WORDS


def _is_possessive(phrase: _Phrase) -> bool:
    return bool(phrase.words) and phrase.words[0][2].lower() in _POSSESSIVE


def _cue(
    s: str, start: int, end: int, phrase: _Phrase, lex: ClaimsLexicon, head_class: str
) -> tuple[str, bool, int, int] | None:
    """(kind, active, cue start, cue end) from the words before the amount or after its subject."""
    kinds = _kinds_for(head_class)
    before = s[max(0, start - 80) : start]
    offset = max(0, start - 80)
    tail_from = phrase.words[phrase.head][1] if phrase.head is not None else end
    closing = _CLOSING.match(s, tail_from)  # '"15 terrorists" were killed', '26 (M23 rebels) dead'
    tail_from = closing.end() if closing else tail_from
    if "casualties" in kinds:  # "lost 1,250 troops killed and wounded": the words after say which
        m = lex.cue_after["casualties"].match(s[tail_from : tail_from + 70])
        if m:
            return "casualties", False, tail_from + m.start(), tail_from + m.end()
    for kind in kinds:
        m = lex.cue_before[kind].search(before)
        if m:
            return kind, _is_active(m.group(0)), offset + m.start(), offset + m.end()
    if "killed" in kinds and lex.toll_before.search(s, max(0, start - _TOLL_REACH), start):
        return "killed", False, start, end
    of = _OF_SIDE.match(s, tail_from)  # "20 soldiers of India were martyred"
    if of:
        tail_from = of.end()
    and_more = _AND_AMOUNT.match(s, tail_from)  # "19 terrorists and three armed groups have been eliminated"
    for at in (tail_from, and_more.end()) if and_more else (tail_from,):
        cue = _cue_after_at(s, at, lex, kinds)
        if cue:
            return cue
    said = _SAID_IT_DID.match(s, tail_from)  # "203 fighters the military said it had killed", "… said were killed"
    if said:
        cue = _cue_after_at(s, said.end(), lex, kinds, reach=40, active=bool(said.group("doer")))
        if cue:
            return cue
    return _cue_after_tail(s, tail_from, lex, kinds)


def _cue_after_at(
    s: str, at: int, lex: ClaimsLexicon, kinds: tuple[str, ...], reach: int = 70, active: bool = False
) -> tuple[str, bool, int, int] | None:
    """(kind, active, cue start, cue end) of the first of `kinds` whose cue the words from `at` begin with."""
    after = s[at : at + reach]
    for kind in kinds:
        m = lex.cue_after[kind].match(after)
        if m:
            return kind, active, at + m.start(), at + m.end()
    return None


def _cue_just_before(
    s: str, at: int, lex: ClaimsLexicon, kinds: tuple[str, ...], reach: int = 40
) -> tuple[str, bool, int, int] | None:
    """(kind, active, cue start, cue end) of the first of `kinds` whose cue ends right before `at` (a
    space between at most): "killing three of them", "killing a family of five"."""
    for kind in kinds:
        m = lex.cue_before[kind].search(s, max(0, at - reach), at)
        if m and m.end() >= at - 1:
            return kind, _is_active(m.group(0)), m.start(), m.end()
    return None


def _cue_after_tail(
    s: str, tail_from: int, lex: ClaimsLexicon, kinds: tuple[str, ...]
) -> tuple[str, bool, int, int] | None:
    """"127 members of the 5th battalion stationed in Kalay surrendered": the verb after whose the counted were."""
    if not _WHOSE_TAIL.match(s, tail_from):
        return None
    limit = tail_from + 120
    amounts = (m for m in _DIGIT_OR_AMOUNT.finditer(s, tail_from, limit)
               if not _UNIT_NUMBER.search(s, max(0, m.start() - 40), m.start()))
    for found in (_TAIL_STOP.search(s, tail_from, limit), lex.attribution_verb.search(s, tail_from, limit),
                  next(amounts, None)):
        limit = min(limit, found.start()) if found else limit
    for space in _SPACE.finditer(s, tail_from + 4, limit):
        if _FINITE.match(s, space.start()):
            return _cue_after_at(s, space.start(), lex, kinds)  # None where the first verb is no cue
    return None


_SAID_IT_DID = re.compile(r"\s+(?:that\s+|whom\s+)?(?:the\s+)?(?:[\w’'\-]+\s+){0,3}?(?:said|says|claimed|claims)\s+"
                          r"(?:(?P<doer>it|they|he|she)\s+)?(?:had\s+|has\s+|have\s+)?(?=\w)", re.IGNORECASE)
_WHOSE_TAIL = re.compile(r"\s+(?:of|from|in|at|stationed|based|deployed|belonging\s+to)\s", re.IGNORECASE)
_TAIL_STOP = re.compile(r"[,;.:\"“”]|\s(?:and|or|but|who|which|that)\s")
_SPACE = re.compile(r"\s+")
_UNIT_NUMBER = re.compile(r"(?:\)|[A-Z][\w’'\-]*)$")  # "Battalion 129", "(IB) 129": a unit's number, no amount
_DIGIT_OR_AMOUNT = re.compile(r"(?i)\s(?:\d|(?:two|three|four|five|six|seven|eight|nine|ten|dozens|scores|hundreds)\b)")
_FINITE = re.compile(r"\s+(?:were|was|have|had|has|are|surrendered|died|perished|fled)\b", re.IGNORECASE)


_SAID_IT_DID = re.compile(r"\s+(?:that\s+|whom\s+)?(?:the\s+)?(?:[\w’'\-]+\s+){0,3}?(?:said|says|claimed|claims)\s+"
                          r"(?:(?P<doer>it|they|he|she)\s+)?(?:had\s+|has\s+|have\s+)?(?=\w)", re.IGNORECASE)
_WHOSE_TAIL = re.compile(r"\s+(?:of|from|in|at|stationed|based|deployed|belonging\s+to)\s[^,;.:\"“”]{3,110}?(?=\s\w)")
_FINITE = re.compile(r"\s+(?:were|was|have|had|has|are|surrendered|died|perished|fled)\b", re.IGNORECASE)


_AND_AMOUNT = re.compile(r"\s*,?\s*(?:and|as\s+well\s+as|plus)\s+(?:\d[\d,]*|(?:one|two|three|four|five|six|seven|"
                         r"eight|nine|ten|eleven|twelve|dozens|scores|hundreds)\b)(?:\s+[\w\"“”'’\-]+){1,3}?"
                         r"(?=\s+(?:were|was|have|had|are)\b)", re.IGNORECASE)


_CLOSING = re.compile(r"[\"“”’)\]]*")
_OF_SIDE = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?(?:[A-Z][\w’'\-]*\s*){1,4}"
                      r"(?:\s*(?:forces|army|militia|group|units?|brigade|battalion)\b)?(?=\s|,)")


def _kinds_for(head_class: str) -> tuple[str, ...]:
    if head_class == "positions":
        return ("positions_captured",)
    if head_class == "aircraft":
        return ("aircraft_downed",)
    return ("casualties", "killed", "injured", "missing", "displaced", "detained")


_NOMINAL = re.compile(r"\b(?:deaths?|lives|killing|bodies|injuries|casualties)\s+(?:of|to|among|on)\b", re.IGNORECASE)


def _is_active(cue: str) -> bool:
    """Whether the cue is a verb done by an agent ("killed 5"), not a noun ("the deaths of 5")."""
    return not _NOMINAL.search(cue)


def _kind_noun_figure(s: str, start: int, end: int, phrase: _Phrase) -> Figure:
    assert phrase.head is not None and phrase.kind is not None
    words = phrase.words[: phrase.head]
    head_start, head_end = phrase.words[phrase.head][0], phrase.words[phrase.head][1]
    if words:
        subject_start, subject_end = words[0][0], words[-1][1]
    else:
        subject_start, subject_end = head_start, head_end
    subject = s[subject_start:subject_end]
    return Figure(
        start, end, phrase.kind, subject, subject_start, subject_end, _role_hint(subject), False,
        head_start, head_end, _is_possessive(phrase), elliptical=False,
    )


def _role_hint(subject: str) -> str:
    lex = claims_lexicon()
    for word in reversed(subject.lower().split()):
        role = lex.head(word)
        if role in ("military", "armed_group", "civilian"):
            return role
    return "unknown"


_FAMILY_OF = re.compile(r"(?i)\b(?:a|an|one|the|entire|whole)\s+(?:\w+\s+)?family\s+of\s+$")


def _family(s: str, start: int, end: int, at: int, lex: ClaimsLexicon, previous: Figure | None) -> Figure | None:
    """"Killing a family of five", "10 people, including a family of four": the family's members counted."""
    head_start = s.index("family", at)
    subject = (head_start, head_start + len("family"))
    if previous is not None and _PART_OF.search(s, max(0, at - 30), at):
        return Figure(start, end, previous.kind, "family", *subject, "unknown", previous.active,
                      previous.cue_start, previous.cue_end, False, False, part=True)
    cue = _cue_just_before(s, at, lex, ("killed", "injured"))
    if cue is None:
        return None
    kind, active, cue_start, cue_end = cue
    return Figure(start, end, kind, "family", *subject, "unknown", active, cue_start, cue_end, False, False)


def _elliptical(
    s: str, start: int, end: int, before: str, lex: ClaimsLexicon, previous: Figure | None
) -> Figure | None:
    """An amount with no noun: a figure only right next to its cue ("killing 3", "4 were wounded")."""
    offset = max(0, start - 80)
    kinds = _kinds_for(previous.head_class if previous else "unknown")
    for kind in kinds:
        m = lex.cue_before[kind].search(before)
        if m and start - (offset + m.end()) <= 1:
            cue = (kind, _is_active(m.group(0)), offset + m.start(), offset + m.end())
            return _inherit(previous, s, start, end, cue)
    joined = previous is not None and _joined(s, previous, start)
    for kind in kinds:
        m = lex.cue_after[kind].match(s[end : end + 50])
        if m and m.start() == 0 and (joined or _SUBJECT_OF_VERB.match(s, end)):
            # "4 were wounded"; "Eight, including a commander, were injured"; "… and 2,000 captured"
            return _inherit(previous, s, start, end, (kind, False, end + m.start(), end + m.end()))
    if "killed" in kinds and lex.toll_raised.search(before) and _TOLL_NAMED.match(s, end):
        return _inherit(None, s, start, end, ("killed", False, start, end))  # "brought to 55 the total of dead"
    toll_from = max(0, start - _TOLL_REACH)
    toll = lex.toll_before.search(s, toll_from, start) if "killed" in kinds else None
    if toll and _NOT_A_TOLL.search(s, toll.start(), start):
        toll = None  # "the toll amounts to 2% of a population of 2.3 million": the amount is no toll
    if toll:
        if previous is not None and previous.quantity_start > toll.start():  # "the toll of a raid that killed X"
            return _toll_figure(s, start, end, toll.start(), lex) or Figure(
                start, end, "killed", "people", start, end, "unknown", False, start, end, False, False)
        return _toll_figure(s, start, end, toll.start(), lex) or _inherit(
            previous, s, start, end, ("killed", False, start, end))
    return None


_SUBJECT_OF_VERB = re.compile(r"(?:\s*,\s*(?:including|among\s+them)\b[^,;.]{1,60},)?"
                              r"\s*(?:(?:who|that)\s+)?(?:were|was|have|had|are)\s")
"""An amount that is the subject of its own clause: "4 were wounded", "Eight, including a commander, were hurt"."""

_NOT_A_TOLL = re.compile(r"(?i)\bpopulation\b|%|\bper\s?cent\b")
_TOLL_REACH = 150  # "the toll from an Israeli strike … that killed …, had risen to 55": the toll may be far back

_WHOSE_TOLL = re.compile(
    r"(?:(?P<owner>(?:[Tt]he\s+)?(?:[A-Z][\w’'\-]*\s+){0,3}?[\w’'\-]+)['’]s?\s+)?"
    r"(?P<adj>(?:civilian|military|army|police|troop|soldier|rebel|militant|insurgent|[A-Z][a-z]+)\s+)?$")
_TOLL_OF = re.compile(r"(?i)(?:number of (?:slain|dead|killed)|(?:death )?toll (?:of|among)|"
                      r"(?:total|tally)(?: number)? of)\s+(?:the\s+)?")
"""A toll whose counted people follow it: "the number of slain rebels", "the toll among civilians"."""
_TOLL_NAMED = re.compile(r"(?i)\s+the\s+(?:overall\s+|total\s+)?(?:death\s+toll|toll|(?:total\s+)?number\s+of\s+"
                         r"(?:dead|deaths|fatalities|victims|(?:people|those)\s+killed))\b")
"""A toll named after its new figure: "brought to 55 the total number of dead"."""
_TOLL_ROLE: dict[str, str] = english.values("toll_roles")


def _toll_figure(s: str, start: int, end: int, toll_start: int, lex: ClaimsLexicon) -> Figure | None:
    """"The military's death toll has climbed to 85", "the civilian toll rose to 39", "the number of
    slain rebels rose to 351": whose dead a toll counts, from the words around it; None where they
    do not say."""
    cue = _TOLL_OF.search(s, toll_start, start)
    if cue:
        phrase = _noun_phrase(s, cue.end(), lex)
        if phrase.head is not None and phrase.head_class in _people_classes():
            head = phrase.head - 1 if phrase.kind and phrase.head else phrase.head  # "troops killed": troops
            first, last = phrase.words[0][0], phrase.words[head][1]
            return Figure(start, end, "killed", s[first:last], first, last, phrase.head_class or "unknown",
                          False, start, end, False, False)
    m = _WHOSE_TOLL.search(s, max(0, toll_start - 60), toll_start)
    if m is None or not (m.group("owner") or m.group("adj")):
        return None
    adj = (m.group("adj") or "").strip()
    owner = (m.group("owner") or "").strip()
    role = _TOLL_ROLE.get(adj.lower()) or _TOLL_ROLE.get(owner.split()[-1].lower() if owner else "", "unknown")
    if not owner and adj[:1].isupper() and adj.lower() not in _TOLL_ROLE:
        role = "unknown"  # "the Palestinian death toll": the people of that side
    elif not owner and adj.lower() not in _TOLL_ROLE:
        return None
    first = m.start("owner") if owner else m.start("adj")
    last = m.start("adj") + len(adj) if adj else m.start("owner") + len(owner)
    return Figure(start, end, "killed", s[first:last], first, last, role, False, start, end, False, False)


def _joined(s: str, previous: Figure, start: int) -> bool:
    """Whether the amount continues the previous figure's clause ("…, and 57 wounded")."""
    gap = s[max(previous.quantity_end, previous.cue_end, previous.subject_end) : start]
    return len(gap) <= 40 and _JOINED.fullmatch(gap) is not None


_JOINED = re.compile(r"[^.;:()]*?(?:,\s*|\s)(?:and|while|with|leaving)\s+(?:another\s+|some\s+)?")


def _inherit(
    previous: Figure | None, s: str, start: int, end: int, cue: tuple[str, bool, int, int] | None
) -> Figure | None:
    if cue is None:
        return None
    kind, active, cue_start, cue_end = cue
    if previous is None:
        return Figure(start, end, kind, "people", start, end, "unknown", active, cue_start, cue_end, False, True)
    return Figure(
        start, end, kind, previous.subject, previous.subject_start, previous.subject_end, previous.head_class,
        active, cue_start, cue_end, previous.possessive, True,
    )
