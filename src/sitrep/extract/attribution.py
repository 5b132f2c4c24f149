"""Attribution: who makes a claim, and whether the report hedges it.

The claimant of a figure is the subject of the nearest attribution cue before it in the same
sentence ("Pakistan claimed …", "according to X, …", "X countered that …"), else of a cue after
it ("…, X said"), else the agent of "X reportedly …"; with none, the article states the figure in
its own voice. Hedges ("not independently verified") cover the claims of their own sentence; a
hedge that refers back ("these figures have not been verified") covers the sentence before, and
one about "all casualty figures" covers the whole report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import english
from .lexicon import claims_lexicon

_SUBORDINATORS = english.word_set("subordinators")
_ADVERB = re.compile(r"^(?:\w+ly|also|later|further|earlier|then|now|again|too|already|had|has|have|was|were|"
                     r"officially|separately|previously|themselves|itself|on\s+\w+day|on\s+\w+)$", re.IGNORECASE)
_NP_LINK = english.word_set("speaker_links")
_PARENTHETICAL_START = english.word_set("parenthetical_starts")
_PRONOUNS = english.word_set("pronouns")
_REPORTEDLY = re.compile(r"\b(?:reportedly|allegedly|purportedly|apparently)\b", re.IGNORECASE)
_NOT_A_VERB_BEFORE = re.compile(r"(?:’s|'s|\bthe|\ba|\ban|\bthese|\bthose|\bits|\btheir|\bhis|\bher|\bsuch|"
                                r"\bconflicting|\bsimilar|\bunverified|\bfirst|\blatest|\binitial|\bnewly|"
                                r"\b(?:a|an|the|its|their|his|her|this|that)\s+(?:separate|new|joint|daily|weekly|monthly|"
                                r"annual|official|preliminary|recent|previous|brief|written|detailed|final|earlier))\s*$",
                                re.IGNORECASE)
_NOUN_TOO = english.word_set("verbs_that_are_nouns")
_NOUN_AFTER = re.compile(r"(?i)\b(?:received|receiving|receives|had|has|have|of|with|amid|following|after|by|"
                         r"denied|dismissed|rejected)\s+$")  # "it had received reports of 20 kidnapped"
_QUOTE_END = re.compile(r"(?:[,.!?]?\s*[\"”’]|,)\s*$")  # a quotation or a clause closed before "said the army"
_WORD_RE = re.compile(r"[\w’'\-.]+|[^\w\s]")
_PHRASE_WINDOW = 300


@dataclass(frozen=True, slots=True)
class Attribution:
    """A claimant phrase (offsets relative to the sentence) and the cue that introduces it."""

    start: int
    end: int
    text: str
    cue_start: int
    pronoun: bool = False
    cited: bool = False  # "…, citing the ministry": the source a speaker passes on


def attributions(sentence: str) -> list[Attribution]:
    """Every attribution cue in a sentence with its claimant phrase, in order of the cues."""
    lex = claims_lexicon()
    found: list[Attribution] = []
    for m in lex.attribution_object.finditer(sentence):
        a = _object_claimant(sentence, m.start(), m.end())
        if a:
            found.append(a)
    for m in lex.attribution_verb.finditer(sentence):
        if m.group(0).lower() == "according" or _NOT_A_VERB_BEFORE.search(sentence, max(0, m.start() - 60),
                                                                             m.start()):
            continue
        if m.group(0).lower() in _NOUN_TOO and (sentence[m.end() : m.end() + 1] == ","
                                                or _NOUN_AFTER.search(sentence, max(0, m.start() - 20), m.start())):
            continue  # "in Rakhine and Chin states, …", "received reports of": a plural noun, not a speaker's verb
        if m.group(0).lower() in _PASSIVE_VERBS and _PASSIVE_BEFORE.search(sentence, max(0, m.start() - 30),
                                                                          m.start()):
            continue  # "30 soldiers were reported killed", "the PLA is said to have lost": no speaker
        a = _subject_claimant(sentence, m.start(), m.end())
        if a:
            found.append(a)
    return sorted(found, key=lambda a: a.cue_start)


def claimant_for(sentence: str, found: list[Attribution], start: int, end: int,
                 quote: tuple[int, int] | None = None) -> Attribution | None:
    """The claimant of a figure at [start, end) of the sentence: the source a speaker cites, if it
    names one ("…, Al-Masirah TV reported, citing the health ministry"). A figure inside a quotation
    (`quote`, sentence offsets) is the words of the speaker outside it: cues inside the quotation
    ("we counted", "according to our records") give way to one outside ('"…," said the mayor')."""
    if quote is not None:
        outside = [a for a in found if not quote[0] <= a.cue_start < quote[1]]
        if outside:
            found, start, end = outside, quote[0], quote[1]
    before = [a for a in found if a.cue_start < start and a.end <= start]
    if before:
        return _cited_by(sentence, found, before[-1])
    after = [a for a in found if a.cue_start >= end]
    if after:
        return _cited_by(sentence, found, after[0])
    return _reported_agent(sentence, start)


def _cited_by(sentence: str, found: list[Attribution], speaker: Attribution) -> Attribution:
    """The source `speaker` passes on in the same clause ("X said, citing Y"; "X, quoting Y, said")."""
    if speaker.cited:
        return speaker
    begin = min(speaker.start, speaker.cue_start)
    for a in found:
        if a.cited and a.cue_start >= begin and a.cue_start - max(speaker.end, speaker.cue_start) <= 60 \
                and not re.search(r"[.;:]", sentence[begin : a.cue_start]):
            return a
    return speaker


def _object_claimant(s: str, cue_start: int, obj_start: int) -> Attribution | None:
    """The claimant after "according to", "citing": up to the next comma or clause end."""
    m = re.match(r"([^,;:.()—–\"“”]+?)(?=\s+(?:that|who|which|whose)\s|\s+(?:said|says|say|told|tells|reported|"
                 r"claimed|added|stated)\b|\s+as\s+(?:saying|telling|stating)\b|[,;:.()—–\"“”]|$)", s[obj_start:])
    if not m or re.match(r"(?:as|by)\b", m.group(1)):  # "was quoted as saying": the speaker is the subject
        return None
    text = m.group(1).strip()
    words = text.split()
    if not words or len(words) > 10:
        return None
    cited = s[cue_start:obj_start].strip().lower() in _CITING
    return Attribution(obj_start, obj_start + len(m.group(1).rstrip()), text, cue_start, cited=cited)


_ACRONYM = re.compile(r"\([A-Z][A-Z0-9\-]{1,9}\)")
_COORDINATED = re.compile(r"\b(?:and|or)\s+(?:the\s+)?[A-Z][\w’'\-]*\s*$")  # "… for Islam and Muslims (JNIM)"
_CITING = frozenset({"citing", "quoting", "quoted", "quotes"})
_PASSIVE_VERBS = english.word_set("passive_report_verbs")
_SPEAKER_OPENERS = english.word_set("speaker_openers")
_WEEKDAYS = frozenset(w.lower() for w in english.words("weekday_names"))
_PASSIVE_BEFORE = re.compile(r"(?i)\b(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+)?$")


def _subject_claimant(s: str, cue_start: int, cue_end: int) -> Attribution | None:
    """The subject of an attribution verb: the noun phrase before it, skipping parentheticals."""
    limit = cue_start
    for _ in range(3):
        span = phrase_before(s, limit)
        if span is None:
            break
        start, end, kind = span
        if kind == "phrase":
            return _attribution(s, start, end, cue_start)
        if kind == "parenthetical" and _ACRONYM.fullmatch(s, start, end) and _COORDINATED.search(s, 0, start):
            # "The Group for the Support of Islam and Muslims (JNIM) said": the short name speaks
            return Attribution(start + 1, end - 1, s[start + 1 : end - 1], cue_start)
        limit = start  # a parenthetical or an adverb: keep looking further back
    if cue_end < len(s) and (re.match(r"\s+(?:the\s+)?[A-Z]", s[cue_end:]) or _TITLED_NAME.match(s, cue_end)
                             or _MEMBER_OF.match(s, cue_end)
                             or re.match(r"\s+(?:the|a|an)\s+[a-z]", s[cue_end:]) and _QUOTE_END.search(s[:cue_start])):
        return _post_posed(s, cue_start, cue_end)
    if s[cue_end:cue_end + 1] and re.search(r",\s*$", s[:cue_start]) and s[cue_start:cue_end].lower().endswith("ing"):
        return _clause_subject(s, cue_start)
    if re.search(r"\b(?:and|but)\s+(?:\w+ly\s+)?$", s[:cue_start]):  # "X condemned the strikes and said …"
        return _clause_subject(s, cue_start)
    return None


def phrase_before(s: str, limit: int) -> tuple[int, int, str] | None:
    """The words just before `limit`, back to a clause boundary: a noun phrase, or something to skip.

    Only the last `_PHRASE_WINDOW` characters are read: no claimant is longer, and reading the whole
    sentence for every cue made long sentences quadratic."""
    window = max(0, limit - _PHRASE_WINDOW)
    stripped = s[window:limit].rstrip()
    if not stripped:
        return None
    if stripped.endswith(","):
        return _skip_comma_clause(s, window + len(stripped) - 1)
    if stripped.endswith(")"):  # "The Tigray People's Liberation Front (TPLF) said": step over the brackets
        opening = s.rfind("(", window, window + len(stripped))
        if opening >= 0:
            return (opening, window + len(stripped), "parenthetical")
    when = _WHEN.search(stripped)
    if when:  # "X on Sunday said", "X late on Monday said": a time, not the speaker
        return (window + when.start(), window + len(stripped), "adverb")
    words = list(_WORD_RE.finditer(s, window, window + len(stripped)))
    kept: list[re.Match[str]] = []
    for w in reversed(words):
        token = w.group(0)
        low = token.lower()
        if not kept and _ADVERB.match(token):
            return (w.start(), w.end(), "adverb")
        if low in _SUBORDINATORS or token in ",;:()—–\"“”" or (not token[0].isalnum() and token not in "’'-"):
            break
        kept.append(w)
    if not kept:
        return None
    kept.reverse()
    start = kept[0].start()
    joined = _JOINED_SPEAKER.search(s, window, start)
    if joined and _SPEAKER_NOUN.match(s, start):  # "Security sources and residents told AFP"
        start = joined.start(1)
    return (start, kept[-1].end(), "phrase")


# two kinds of speaker joined: "security sources and residents", "a military officer and witnesses"
_SPEAKER_WORDS = (r"(?:sources?|officials?|officers?|residents|witnesses|police|medics|doctors|villagers|"
                  r"survivors|relatives|activists|officers|soldiers|commanders?|leaders?)")
_JOINED_SPEAKER = re.compile(rf"(?<![\w’'\-])((?:(?:the|a|an)\s+)?(?:[\w\-]+\s+){{0,2}}?{_SPEAKER_WORDS})\s+and\s+$",
                             re.IGNORECASE)
_SPEAKER_NOUN = re.compile(rf"(?:(?:the|a|an|some|other)\s+)?(?:[\w\-]+\s+){{0,2}}?{_SPEAKER_WORDS}\b", re.IGNORECASE)


def _skip_comma_clause(s: str, comma: int) -> tuple[int, int, str] | None:
    """"X, who …, said": step back over the clause between two commas."""
    prev = s.rfind(",", 0, comma)
    if prev < 0 and _NAME_ONLY.fullmatch(s[:comma].strip()):  # "Col. Al-Maliki, said on Thursday": a stray comma
        return (len(s[:comma]) - len(s[:comma].lstrip()), comma, "phrase")
    clause = s[prev + 1 : comma].strip() if prev >= 0 else ""
    first = clause.split()[0].lower() if clause else ""
    if prev >= 0 and (first in _PARENTHETICAL_START or _looks_appositive(clause)):
        return (prev, comma, "parenthetical")
    return None


_NAME_ONLY = re.compile(r"(?:[A-Z][\w’'\-.]*\s+){0,4}[A-Z][\w’'\-.]*")


def _looks_appositive(clause: str) -> bool:
    if _NAME_ONLY.fullmatch(clause) and len(clause.split()) >= 2:
        return True  # "The army spokesman in Ituri, Lieutenant Jean Kasongo, said"
    if re.fullmatch(r"(?:the|a|an)\s+(?:[\w’'\-]+\s+){0,5}[\w’'\-]+", clause):
        return True  # "Magen David Adom, the national emergency service, says"
    return bool(re.match(r"(?:the\s+)?(?:\w+\s+){0,3}(?:spokes\w+|minister|official|commander|chief|head|"
                         r"director|governor|president|secretary|envoy|ambassador)\b", clause, re.IGNORECASE))


_WHEN = re.compile(r"(?:\b(?:late|early|earlier|later)\s+)?\b(?:on|last|this|late|early|earlier)\s+"
                   r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|week|month|night|year)"
                   r"(?:\s+(?:night|morning|evening|afternoon))?$", re.IGNORECASE)
_DATELINE_TAIL = re.compile(r"(?:[A-Z][\w’'.]*\s+){0,3}[A-Z][\w’'.]*\s+[-—–]+\s+(?=[A-Z])")
_DATELINE = re.compile(r"^[A-Z][A-Z .'’/-]{2,}(?:,[^—–\n]{0,40}?)?\s+(?:\([^)]{1,30}\)\s*)?[-—–]+\s+")


def _attribution(s: str, start: int, end: int, cue_start: int) -> Attribution | None:
    dateline = _DATELINE.match(s, start, end) or _DATELINE_TAIL.match(s, start, end)
    if dateline:  # "ISLAMABAD - Pakistan's military said", "…, Quezon City - The army said": not the claimant
        start = dateline.end()
    text = s[start:end].strip(" ,")
    words = text.split()
    words = _trim_np(words)
    if not words or len(words) > 9:
        return None
    text = " ".join(words)
    start = s.find(words[0], start)
    end = start + len(text) if s[start : start + len(text)] == text else end
    pronoun = len(words) == 1 and words[0].lower() in _PRONOUNS
    return Attribution(start, end, text, cue_start, pronoun)


def _trim_np(words: list[str]) -> list[str]:
    inner = [i for i, w in enumerate(words) if i > 0 and w.lower() in ("the", "a", "an")
             and words[i - 1].lower() not in _NP_LINK and not words[i - 1].endswith((",", "’s", "'s"))]
    if inner:  # "203 fighters the military said": the speaker begins at its own article
        words = words[inner[-1] :]
    while words and (_ADVERB.match(words[-1]) or words[-1].lower() in _NP_LINK):
        words = words[:-1]
    while words and (words[0].lower() in _SPEAKER_OPENERS
                     or not any(ch.isalnum() for ch in words[0])):
        words = words[1:]
    dated = [i for i, w in enumerate(words) if any(ch.isdigit() for ch in w)]
    if dated and dated[-1] + 1 < len(words) and words[dated[-1] + 1][:1].isupper():
        words = words[dated[-1] + 1 :]  # "date 2019-06-21 The Islamic State": a heading's date, then the speaker
    if words and words[0].lower() in _WEEKDAYS:
        return words[1:] if len(words) > 2 and words[1].lower() == "the" else []  # "On Friday the army said"
    return words


def _post_posed(s: str, cue_start: int, cue_end: int) -> Attribution | None:
    """"…, said the army" / "…, said Mujahid": the phrase after the verb."""
    if not re.search(r"[,”\"]\s*$", s[:cue_start]):
        return None
    m = _TITLED_NAME.match(s[cue_end:]) or _MEMBER_OF.match(s[cue_end:]) or re.match(
        r"\s+((?:the\s+)?[A-Z][\w’'\-]*(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z\w][\w’'\-]*){0,6})", s[cue_end:])
    if not m and _QUOTE_END.search(s[:cue_start]):  # '"We killed 37 soldiers," said the spokesman'
        m = re.match(r"\s+((?:the|a|an)\s+(?:[a-z][\w’'\-]*\s+){0,3}?(?:spokes\w+|commander|official|officer|"
                     r"minister|ministry|army|military|police|group|statement|leader|chief|governor|source)s?)\b",
                     s[cue_end:])
    if not m:
        return None
    start = cue_end + m.start(1)
    text = m.group(1)
    when = _AFTER_SPEAKER.search(text)  # "said the Army in its statement on Tuesday": the army
    if when and when.start() > 0:
        text = text[: when.start()]
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):  # the sentence's stop, not an initial
        text = text[:-1]
    return Attribution(start, start + len(text), text, cue_start)


_AFTER_SPEAKER = re.compile(r"\s+(?:in|on|at|during|after|late|early|earlier|via|through|from|to|when|while|"
                            r"adding|citing)\s+(?:(?:a|an|its|his|her|their|the)\s+)?(?-i:[a-z0-9])")


# "…, said local civil society leader Jean Mutombo", "said army spokesman Ali Hassan": a title in lower
# case, then the name
_TITLED_NAME = re.compile(rf"\s+((?:[a-z][\w’'\-]*\s+){{0,4}}(?:{english.either('titled_speakers')})"
                          r"(?:\s+[A-Z][\w’'\-.]*){1,4})")


# "…, said a representative of the Kyauk Lone Gyi People's Defence Force": who, of what organisation
_MEMBER_OF = re.compile(r"\s+((?:the|a|an)\s+(?:[a-z][\w’'\-]*\s+){0,3}?(?:representative|spokes\w+|official|member|"
                        r"commander|leader|source|officer)s?\s+(?:of|for|from)\s+(?:the\s+)?[A-Z][^,.;:()]{2,80}?)"
                        r"(?=\s*[,.;:(]|\s*$)")


_LEADING_CLAUSE = re.compile(r"\s*(?:When|After|While|Once|Asked|Contacted|Speaking|In|On|At|Later|Earlier)\b"
                             r"[^,;:]{0,40},\s*")
_NAMED_SUBJECT = re.compile(r"\s*((?:[Tt]he|[Aa]n?)\s+[^,;:]{2,60}?)\s*,\s*[^,;:]{2,80},\s+(?:\w+ly\s+)?"
                            r"(?:[a-z]+(?:ed|s)|gave|said|told|put|did)\b")


def _clause_subject(s: str, cue_start: int) -> Attribution | None:
    """"X pushed back against …, stating that …": the subject at the start of the main clause."""
    lead = _LEADING_CLAUSE.match(s)  # "When contacted, the police spokesman … confirmed … but said"
    at = lead.end() if lead else 0
    m = re.compile(r"\s*((?:[Tt]he\s+|[Aa]\s+)?(?:[A-Z][\w’'\-]*\s+){0,4}?[\w’'\-]+?)\s+(?:\w+ly\s+)?"
                   r"(?:[a-z]+(?:ed|s)|gave|said|told|put|did)\b").match(s, at)
    if not m or m.end(1) >= cue_start:
        m = _NAMED_SUBJECT.match(s, at)  # "A junta spokesman, Major General Aung Lwin, dismissed … and said"
    if not m or m.end(1) >= cue_start:
        return None
    return Attribution(m.start(1), m.end(1), m.group(1), cue_start)


def _reported_agent(s: str, start: int) -> Attribution | None:
    """"Pakistan reportedly shot down …": the agent before "reportedly" claims what it did."""
    m = None
    for m in _REPORTEDLY.finditer(s, 0, start):  # noqa: B007 - the last one before the figure
        pass
    if m is None:
        return None
    span = phrase_before(s, m.start())
    if span is None or span[2] != "phrase":
        return None
    return _attribution(s, span[0], span[1], m.start())


_QUOTE_PAIRS = re.compile(r"“[^“”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)|«[^«»\n]*(?:»|$)", re.MULTILINE)
_MIN_QUOTE_WORDS = 4  # a shorter one is a scare quote or a term ("several" dead, "enemy forces")


def quotations(text: str) -> list[tuple[int, int]]:
    """The spans of a text's quotations of someone's words, in order: from an opening mark to its
    closing one, or to the end of the paragraph where a quotation runs on without one; a paragraph
    after one left open goes on with the quotation up to its first closing mark (a quotation of
    several paragraphs)."""
    found: list[tuple[int, int]] = []
    open_before = False
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        at = pos
        if body.strip() and open_before and not body.lstrip().startswith(("“", '"', "«")):
            close = min((i for i in (body.find("”"), body.find('"'), body.find("»")) if i >= 0), default=-1)
            end = pos + (close + 1 if close >= 0 else len(body))
            found.append((pos, end))
            at = end
            open_before = close < 0
        elif body.strip():
            open_before = False
        for m in _QUOTE_PAIRS.finditer(text, at, pos + len(body)):
            if len(m.group(0).split()) >= _MIN_QUOTE_WORDS:
                found.append((m.start(), m.end()))
            open_before = m.group(0)[-1:] not in ("”", '"', "»") or len(m.group(0)) == 1
        pos += len(line)
    return found


@lru_cache(maxsize=1)
def _state_voices() -> tuple[re.Pattern[str], dict[str, str]]:
    data = json.loads(resources.files("sitrep.data").joinpath("state_voices.json").read_text("utf-8"))
    country = {name: cc for cc, names in data["voices"].items() for name in names}
    names = sorted(country, key=len, reverse=True)
    return re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w\-])"), country


def state_voice(claimant: str) -> str | None:
    """The country of a state institution or state medium the claimant names ("the Pentagon",
    "Xinhua"; `data/state_voices.json`), else None."""
    pattern, country = _state_voices()
    m = pattern.search(claimant)
    return country[m.group(0)] if m else None


# --- hedges -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hedge:
    """A hedge in sentence `sentence` (index), covering the whole report, or looking back."""

    sentence: int
    document: bool
    back: bool
    casualties_only: bool
    local: bool = False  # covers its own sentence's claims only ("allegedly")


# a hedge whose object is what was just reported ("Reuters could not verify the claims", "India denied
# losing any aircraft", "There was no independent confirmation of the toll")
_REFERS_BACK = re.compile(r"(?i)\b(?:claims?|figures?|tolls?|numbers?|reports?|accounts?|losing|losses|casualties|"
                          r"deaths|it|this|that)\b")


def find_hedge(sentence: str, index: int) -> Hedge | None:
    lex = claims_lexicon()
    low = sentence.lower()
    if lex.hedge_keywords and not any(k in low for k in lex.hedge_keywords):
        return None
    if not lex.hedge.search(sentence):
        return Hedge(index, False, False, False, local=True) if lex.hedge_local.search(sentence) else None
    document = bool(lex.hedge_document.search(sentence))
    casualties_only = document and bool(re.search(r"casualt|death|fatalit|killed", sentence, re.IGNORECASE))
    back = bool(lex.hedge_back.search(sentence) or _REFERS_BACK.search(sentence))
    return Hedge(index, document, back, casualties_only)
