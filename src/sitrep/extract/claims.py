"""Claims: every figure a report states, about whom, who says so, and how sure.

`extract_claims(doc, annotations)` reads the report sentence by sentence:
figures (`figures.read_figures`) → claimant (`attribution`) → whose side the counted belong to
(`sides.side_of`, which records the rule that decided it) → hedges.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ..patterns import lowered, may_contain
from ..records import ActorMention, Annotations, Claim, Document, Quantity, Span
from . import english
from .actors import is_independent
from .actors import resolve as resolve_actor
from .attribution import Attribution, attributions, claimant_for, find_hedge, quotations, state_voice
from .figures import Figure as FigureMatch
from .figures import read_figures
from .lexicon import ClaimsLexicon, claims_lexicon
from .sentences import sentences_of
from .sides import Resolver, Scene, country_of_phrase, place_country, scene, side_of

log = logging.getLogger(__name__)

CASUALTY_KINDS = frozenset({"killed", "injured", "casualties", "missing"})
_WAR_CASUALTIES = CASUALTY_KINDS | {"detained"}  # a force's casualties: its dead, wounded, missing and captured


@dataclass(frozen=True, slots=True)
class _Context:
    scene: Scene
    speakers: list[tuple[str, str]]  # (claimant words, country) named so far, for "the ministry said"
    armed: set[str] = field(default_factory=set)  # claimants that are non-state armed groups
    claimants: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)  # by offset, worked out once
    quotes: tuple[tuple[int, int], ...] = ()  # the report's quotations (`attribution.quotations`)
    introduced: dict[str, tuple[str | None, int]] = field(default_factory=dict)  # name: (country, read up to)
    sentences: tuple[Span, ...] = ()  # the report's sentences
    starts: tuple[int, ...] = ()  # where each begins
    nearby: _Nearby | None = None  # the annotations around any stretch of the report

    @property
    def doc(self) -> Document:
        return self.scene.doc

    @property
    def annotations(self) -> Annotations:
        return self.scene.annotations

    def around(self, sentence: Span) -> _Context:
        """This context seeing only the annotations around `sentence`."""
        if self.nearby is None:
            return self
        return replace(self, scene=replace(self.scene, annotations=self.nearby.around(sentence)))


def extract_claims(
    doc: Document, annotations: Annotations, *, today: date | None = None, resolve: Resolver | None = None
) -> list[Claim]:
    """Every claim in `doc`, in text order, with evidence spans into `doc.text`."""
    if resolve is None:
        resolve = resolve_actor
    whole = scene(doc, annotations, doc.published or today, resolve)
    sentences = sentences_of(doc.analysis, annotations)
    nearby = _Nearby(annotations)
    ctx = _Context(whole, [], quotes=tuple(quotations(doc.analysis)), sentences=tuple(sentences),
                   starts=tuple(s.start for s in sentences), nearby=nearby)
    per_sentence: list[list[Claim]] = []
    last: tuple[str, str | None] | None = None
    spoke, headline, end = False, False, 0  # whether the sentence before had a speaker; was a headline
    for sentence in sentences:
        # each sentence sees only the annotations around it: no scan of the whole report per figure
        local = ctx.around(sentence)
        before = per_sentence[-1][-1] if per_sentence and per_sentence[-1] else None
        # a speaker's account goes on in its paragraph, and from a headline ("…, ministry says") to the lead
        carry = spoke and (headline or "\n" not in doc.analysis[end : sentence.start]) \
            and not _ANOTHER_ACCOUNT.match(sentence.text)
        claims, last, spoke = _sentence_claims(local, sentence, last, before, carry)
        per_sentence.append(claims)
        end = sentence.end
        headline = doc.analysis[end : end + 1] in ("\n", "\r") and sentence.text.rstrip()[-1:] not in _SENTENCE_ENDS
    _apply_hedges(ctx, sentences, per_sentence)
    return [c for claims in per_sentence for c in claims]


# "Meanwhile, …", "Elsewhere, …": the sentence turns to another account
_ANOTHER_ACCOUNT = re.compile(r"\W*(?:Meanwhile|Separately|Elsewhere|In\s+(?:a\s+separate|another)|Independently|"
                              r"By\s+contrast|However|But)\b")
_SENTENCE_ENDS = frozenset(".!?…:;,\"”’'»)]")  # a line ending otherwise is a headline


class _Nearby:
    """The annotations that touch a stretch of text, found by offset (bisection), in their own order."""

    def __init__(self, annotations: Annotations) -> None:
        self.annotations = annotations
        kinds = ("quantities", "dates", "places", "actors")
        self.index = {name: _index(getattr(annotations, name)) for name in kinds}

    def around(self, sentence: Span) -> Annotations:
        found = {}
        for name, (order, starts, longest) in self.index.items():
            items = getattr(self.annotations, name)
            lo = bisect_left(starts, sentence.start - longest)
            hi = bisect_right(starts, sentence.end)
            found[name] = tuple(items[i] for i in sorted(order[lo:hi]) if items[i].span.end >= sentence.start)
        return replace(self.annotations, **found)  # the report's sentences and datelines go along


def _index(items: Sequence[Any]) -> tuple[list[int], list[int], int]:
    order = sorted(range(len(items)), key=lambda i: items[i].span.start)
    longest = max((item.span.end - item.span.start for item in items), default=0)
    return order, [items[i].span.start for i in order], longest


def _sentence_claims(
    ctx: _Context, sentence: Span, last: tuple[str, str | None] | None, before: Claim | None = None,
    carry: bool = False,
) -> tuple[list[Claim], tuple[str, str | None] | None, bool]:
    """The claims of one sentence, the latest speaker, and whether someone speaks in it. `before` is
    the last claim of the sentence before it, which a figure with no noun of its own at the start
    refers to ("Five were killed on July 26"). With `carry` (the sentence before, in the same
    paragraph, had a speaker), a sentence naming no speaker goes on with that one's account ("The
    army disclosed its losses. Eight soldiers died in two firefights.")."""
    found = attributions(sentence.text)
    out: list[Claim] = []
    for fig, q in read_figures(sentence.text, _quantities_in(ctx.annotations, sentence)):
        quote = _quote_around(ctx, sentence, fig.quantity_start)
        att = claimant_for(sentence.text, found, fig.quantity_start, fig.quantity_end, quote)
        claimant, claimant_country = _claimant(ctx, sentence, att, last)
        quoted = quote is not None and quote[0] == 0  # a sentence of a quotation, from its start
        previous = out[-1] if out else before if fig.elliptical else None
        if att is None and quoted:  # '"We lost 19 men. Another 27 were wounded," Captain Ali said.'
            closing = _closing_speaker(ctx, sentence, fig.quantity_start, last)
            if closing is not None:
                claimant, claimant_country = closing
        if att is None and claimant is None and (quoted or carry and not found) and last is not None:
            # quoted words with no speaker named are the one speaking; so is a sentence going on with
            # the account of the one before, about the same side
            claim = _claim(ctx, sentence, fig, q, att, *last, previous)
            if quoted or claim.subject_country in (last[1], before.subject_country if before else None):
                claimant, claimant_country = last
        if claimant is not None:
            last = (claimant, claimant_country)
        out.append(_claim(ctx, sentence, fig, q, att, claimant, claimant_country, previous))
    spoke = bool(found) or carry and any(c.claimant is not None for c in out)
    return out, _last_claimant(ctx, sentence, last, found), spoke


def _closing_speaker(
    ctx: _Context, sentence: Span, at: int, last: tuple[str, str | None] | None
) -> tuple[str | None, str | None] | None:
    """The speaker named where a quotation running on past this sentence closes ('"…," Ali said.')."""
    quote = _quote_at(ctx, sentence.start + at)
    if quote is None:
        return None
    close = quote[1]
    if close <= sentence.end or close >= len(ctx.doc.analysis) or ctx.doc.analysis[close - 1] not in "”\"»":
        return None  # closes in this sentence (read already) or runs on to the end of its paragraph
    j = bisect_right(ctx.starts, close - 1) - 1
    if j < 0 or ctx.starts[j] <= sentence.start or ctx.starts[j] - sentence.end > 1000:
        return None
    later = ctx.sentences[j]
    found = [a for a in attributions(later.text) if a.cue_start >= close - later.start]
    att = claimant_for(later.text, found, close - later.start, close - later.start)
    if att is None:
        return None
    return _claimant(ctx.around(later), later, att, last)


def _quote_around(ctx: _Context, sentence: Span, at: int) -> tuple[int, int] | None:
    """The quotation holding the sentence's offset `at`, in sentence offsets (cut to the sentence)."""
    quote = _quote_at(ctx, sentence.start + at)
    if quote is None:
        return None
    qs, qe = quote
    return max(qs, sentence.start) - sentence.start, min(qe, sentence.end) - sentence.start


def _quote_at(ctx: _Context, where: int) -> tuple[int, int] | None:
    """The report's quotation holding the offset `where`, if one does."""
    i = bisect_right(ctx.quotes, (where, len(ctx.doc.analysis) + 1)) - 1
    return ctx.quotes[i] if i >= 0 and ctx.quotes[i][0] <= where < ctx.quotes[i][1] else None


def _last_claimant(
    ctx: _Context, sentence: Span, last: tuple[str, str | None] | None, found: list[Attribution]
) -> tuple[str, str | None] | None:
    """The most recent named claimant (of the sentence's attributions, `found`), for "He said …" in a
    later sentence."""
    named = [a for a in found if not a.pronoun]
    if not named:
        return last
    outside = [a for a in named if _quote_around(ctx, sentence, a.cue_start) is None]
    named = outside or named  # "according to our records" inside a quotation is not who speaks
    a = named[-1]
    if len(named) > 1 and _trailing(sentence.text, a):
        a = named[-2]  # "The monitor said that …, Xinhua reported.": the agency passes on the monitor's words
    known = ctx.claimants.get(sentence.start + a.start)
    text, country = known if known is not None else _claimant(ctx, sentence, a, last)
    return (text, country) if text is not None else last


_TRAILING = re.compile(r"(?:\s+(?:on|late|early|last|this)?\s*(?:\w+day|\w+ing|night|week))?\s*[.!]?[\"”’]?\s*")


def _trailing(text: str, a: Attribution) -> bool:
    """Whether attribution `a` closes its sentence ("…, Xinhua reported on Monday.")."""
    at = max(a.end, a.cue_start)
    if at == a.cue_start:
        verb = re.match(r"\w+", text[at:])
        at += verb.end() if verb else 0
    return _TRAILING.fullmatch(text, at) is not None


def _quantities_in(ann: Annotations, sentence: Span) -> list[tuple[int, int, Quantity]]:
    """Amounts in the sentence (relative offsets), with the implicit ones: "a soldier", "killed soldiers"."""
    dates = [(d.span.start, d.span.end) for d in ann.dates]
    out = []
    for q in ann.quantities:
        if sentence.start <= q.span.start and q.span.end <= sentence.end:
            if any(s < q.span.end and q.span.start < e for s, e in dates) and not q.approx:
                continue
            out.append((q.span.start - sentence.start, q.span.end - sentence.start, q))
    out.extend(_implicit(sentence, out))
    return sorted(out, key=lambda t: t[0])


def _singulars(lex: ClaimsLexicon, text: str) -> list[re.Match[str]]:
    found = list(lex.singular.finditer(text))
    if lex.singular_thing_nouns.search(text):
        taken = {f.start() for f in found}
        found.extend(m for m in lex.singular_things.finditer(text) if m.start() not in taken)
        found.sort(key=lambda m: m.start())
    return found


def _implicit(sentence: Span, explicit: list[tuple[int, int, Quantity]]) -> list[tuple[int, int, Quantity]]:
    lex = claims_lexicon()
    text = sentence.text
    taken = [(s, e) for s, e, _ in explicit]
    found: list[tuple[int, int, Quantity]] = []
    for m in _singulars(lex, text):
        if not any(s <= m.start() < e + 2 for s, e in taken):
            span = Span(sentence.start + m.start(), sentence.start + m.end() - 1, m.group(0).strip())
            found.append((m.start(), m.end() - 1, Quantity(span, 1, 1)))
    for pattern, group in ((lex.bare_before, "noun"), (lex.bare_after, "np")):
        for m in pattern.finditer(text):
            at = m.start(group)
            if not any(s <= at <= e + 40 for s, e, _ in [*explicit, *found] if s <= at):
                span = Span(sentence.start + at, sentence.start + at, "")
                found.append((at, at, Quantity(span, None, None, approx=True, unspecified=True)))
    keywords = lex.casualty_report_keywords
    reports = lex.casualty_report.finditer(text) if not keywords or may_contain(lowered(text), keywords) else ()
    for m in reports:
        if not any(s <= m.start() <= e + 40 for s, e, _ in [*explicit, *found]):
            span = Span(sentence.start + m.start(), sentence.start + m.end(), m.group(0))
            found.append((m.start(), m.end(), Quantity(span, None, None, approx=True, unspecified=True)))
    return found


def _claimant(
    ctx: _Context, sentence: Span, att: Attribution | None, last: tuple[str, str | None] | None
) -> tuple[str | None, str | None]:
    if att is None:
        return None, None
    if att.pronoun or _DOCUMENT.fullmatch(att.text):  # "he said", "the statement said": the speaker before
        return last if last else (att.text, None)
    start, end = sentence.start + att.start, sentence.start + att.end
    known = ctx.claimants.get(start)
    if known is not None:
        return known
    found = _named_claimant(ctx, sentence, att, start, end)
    if found[1] is None and last is not None and last[1] and _named_after_title(ctx, att.text, end, last):
        found = (att.text, last[1])  # "The army's spokesman claimed … '…,' Philip Aguer told reporters"
        ctx.speakers.append((att.text, last[1]))
    ctx.claimants[start] = found
    return found


def _named_after_title(ctx: _Context, text: str, end: int, last: tuple[str, str | None]) -> bool:
    """Whether a bare name, said by no description to be anyone else, names the titled speaker just
    before it ("The spokesperson for the army said …" then "…, Philip Aguer told reporters")."""
    speaker, country = last
    return bool(country and _PERSON.fullmatch(text) and not _appositive(ctx, end) and _OFFICIAL.search(speaker)
                and not re.search(r"[A-Z][\w’'\-]+\s+[A-Z][\w’'\-]+\s*$", speaker)
                and not _BYSTANDER_NAME.search(ctx.doc.analysis, max(0, end - len(text) - 60), end - len(text)))


_PERSON = re.compile(r"(?!(?:The|A|An)\b)[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-.]*){1,3}")  # "Philip Aguer"
_BYSTANDER_NAME = re.compile(r"(?i)\b(?:resident|witness|farmer|trader|teacher|doctor|nurse|survivor|villager|"
                             r"activist|journalist|analyst)\s+$")


def _named_claimant(ctx: _Context, sentence: Span, att: Attribution, start: int, end: int
                    ) -> tuple[str | None, str | None]:
    spelled = _spelled_out(ctx, att.text)  # "the AFP" after "the Armed Forces of the Philippines"
    if spelled is not None:
        ctx.speakers.append((att.text, spelled))
        return att.text, spelled
    if is_independent(att.text, ctx.scene.on) or _bystander(att.text) or (
            _NEWSPAPER.search(att.text) and not state_voice(att.text) and not _OFFICIAL.search(att.text)) or (
            _INDEPENDENT_BODY.search(att.text) or _INDEPENDENT_BODY.search(_appositive(ctx, end))
            or _NON_STATE_OFFICIALS.search(att.text)):
        return att.text, None
    if _SPONSOR.search(att.text):  # "the Iran-backed rebels" speak for the rebels, not for Iran
        country = ctx.scene.resolve(_SPONSOR.sub(" ", att.text), ctx.scene.on)[0]
    else:
        country = country_of_phrase(ctx.scene, start, end, att.text)
    country = country or state_voice(att.text) or _country_first(ctx, start, end) or _speaker_country(
        ctx, sentence, att.text) or _speaker_country(ctx, sentence, _appositive(ctx, end))
    if _is_armed_group(ctx, att.text) or _armed_actor_in(ctx.annotations.actors, start, end) \
            or _speaks_for_armed_group(ctx, end):
        ctx.armed.add(att.text)
        country = _fights_in(ctx, country)
    if country:
        ctx.speakers.append((att.text, country))
    return att.text, country


_DOCUMENT = re.compile(r"(?i)(?:the|a|its|their|his|her)\s+(?:(?-i:[a-z])\w*\s+)?(?:statement|communiqu[eé]|report|"
                       r"post|message|update|briefing|release)")
def _bystander(text: str) -> bool:
    """Whether a speaker is a witness of no side: "Palestinian medics", "a doctor at a hospital"; not
    with an official ("security sources and residents")."""
    if _OFFICIAL.search(text):
        return False
    head = re.split(r"\s(?:at|in|from|of|with|near|who|that)\s", f" {text} ", maxsplit=1)[0].split()
    return bool(head) and head[-1].lower().strip(".,") in _BYSTANDERS


# "The Washington Post", "the Kyiv Independent": a newspaper speaks for no state, whatever place it names
_NEWSPAPER = re.compile(r"\b(?:Post|Times|Journal|Herald|Tribune|Guardian|Gazette|Telegraph|Chronicle|Observer|"
                        r"Independent|Daily|Newspaper|newspaper)\b")
# "A rights group", "the Sudan Doctors Network, a medical group that documents casualties": no party's voice
_INDEPENDENT_BODY = re.compile(r"(?i)^(?:an?|the)\s+(?:[\w\-]+\s+){0,2}?(?:medical|rights|aid|humanitarian|relief|"
                               r"monitoring|charity|research)\s+(?:group|organi[sz]ation|network|agency|body|charity)\b|"
                               r"^(?:an?|the)\s+(?:[\w\-]+\s+){0,2}?(?:war\s+)?(?:monitor|watchdog|NGO)\b")
_NON_STATE_OFFICIALS = re.compile(r"(?i)\b(?:church|parish|diocese|mosque|hospital|aid|charity|camp|school|"
                                  r"university|company|opposition|UN|U\.N\.|United\s+Nations)\s+(?:officials?|sources?|"
                                  r"workers?|staff)\b")
_BYSTANDERS = english.word_set("bystanders")
_SPONSOR = re.compile(r"\b[\w’'.]+-(?:backed|funded|supported|sponsored|armed|trained|allied|aligned|based|run)\b")
_OFFICIAL = re.compile(rf"(?i)\b(?:{'|'.join(english.patterns('official_speakers'))})(?!\w)")
_GROUP = re.compile(rf"(?i)\b(?:{'|'.join(english.patterns('armed_group_speakers'))})\b")


def _is_armed_group(ctx: _Context, text: str) -> bool:
    if ctx.scene.resolve(text, ctx.scene.on)[1] == "armed_group":
        return True  # "a TTP spokesman"
    if _OFFICIAL.search(text):
        return False
    return bool(_GROUP.search(text)) or ctx.scene.resolve(text, ctx.scene.on)[1] == "armed_group"


_SAME_NOUN = {"alliance": {"alliance", "coalition"}, "coalition": {"alliance", "coalition"}}
"""Nouns a report uses in turn for one speaker: "the Saudi-led coalition said …; the alliance said …"."""


def _speaks_for_armed_group(ctx: _Context, end: int) -> bool:
    """"Yohannes Nigusu, a Fano spokesperson in Gondar, said": the group named in the apposition."""
    text = ctx.doc.analysis
    if not text.startswith(",", end):
        return False
    close = text.find(",", end + 1)
    if close < 0 or close - end > 60:
        return False
    return _armed_actor_in(ctx.scene.doc_actors, end + 1, close)


def _fights_in(ctx: _Context, country: str | None) -> str | None:
    """An armed group of no known country ("the Islamic State") speaks for the country it fights in."""
    return country or ctx.scene.theatre


def _spelled_out(ctx: _Context, text: str) -> str | None:
    """The country of an earlier speaker whose initials a short name is ("AFP": "Armed Forces of the
    Philippines"): in this report the letters stand for that speaker, whatever else they may mean."""
    words = text.split()
    if not words or len(words) > 2 or not re.fullmatch(r"[A-Z]{2,6}", words[-1]):
        return None
    for earlier, country in reversed(ctx.speakers):
        if "".join(w[0] for w in earlier.split() if w[:1].isupper() and w.lower() != "the") == words[-1]:
            return country
    return None


def _country_first(ctx: _Context, start: int, end: int) -> str | None:
    """"US intel", "UK officials": a speaker named by its country first speaks for that country."""
    text = ctx.doc.analysis
    first = start + (4 if text[start : start + 4].lower() == "the " else 0)
    for p in ctx.annotations.places:
        if p.feature == "country" and p.span.start == first and p.span.end < end and p.country \
                and text[p.span.end : p.span.end + 1] != "-":  # not "the Iran-backed rebels"
            return p.country
    return None


def _armed_actor_in(actors: Iterable[ActorMention], start: int, end: int) -> bool:
    """Whether a named non-state armed group begins between `start` and `end`."""
    return any(a.role == "armed_group" and a.kind == "organisation" and start <= a.span.start < end for a in actors)


def _appositive(ctx: _Context, end: int) -> str:
    """"Abu Musab, the group's spokesman, said": the words that describe the speaker just named."""
    m = re.match(r",\s+((?:the|a|an)\s+[^,.;:]{3,90}?)\s*[,.;]", ctx.doc.analysis[end : end + 100])
    return m.group(1) if m else ""


def _speaker_country(ctx: _Context, sentence: Span, text: str) -> str | None:
    """"The ministry said" after "Azerbaijan's defence ministry said", "Leek said" after "Philip Thon
    Leek, a lawmaker, said": the same speaker. "The group said": the armed group the report named
    last. A local official with no country named ("regional governor Ivan Fedorov") speaks for where
    he serves, as does an armed group for the country it fights in."""
    words = text.lower().split()
    if len(words) > 3 and " ".join(words[:3]) in ("one of the", "some of the", "another of the", "two of the"):
        words = words[2:]  # "one of the officers": of the officers named before
    if words and (words[0] == "the" and len(words) <= 3 or len(words) <= 2 and text[:1].isupper()):
        same = _SAME_NOUN.get(words[-1], {words[-1]})
        for earlier, country in reversed(ctx.speakers):
            if {_surname(w) for w in same} & {_surname(w) for w in earlier.split()}:
                return country
        if len(words) <= 2 and text[:1].isupper():
            introduced = _introduction(ctx, sentence, text.split()[-1])
            if introduced:
                return introduced
    names = {w for w in text.split() if w[:1].isupper() and w.lower() != "the"}
    if len(names) >= 2:  # "Kyauk Lone Gyi PDF" after "Kyauk Lone Gyi People's Defense Force"
        for earlier, country in reversed(ctx.speakers):
            if len(names & set(earlier.split())) >= 2:
                return country
    sc = ctx.scene
    if _GROUP.search(text) and not _OFFICIAL.search(text):
        before = sentence.start + (sentence.text.find(text) if text in sentence.text else 0)
        groups = [a for a in ctx.scene.doc_actors if a.role == "armed_group" and a.country
                  and a.kind == "organisation" and a.span.end <= before]
        if groups:
            return groups[-1].country
        return sc.theatre
    if _OFFICIAL.search(text):
        forces = _MILITARY_TITLE.search(text) and _forces_in(sc, sentence)
        return forces or place_country(sc, sentence) or (sc.parties[0] if len(sc.parties) == 1 else sc.theatre)
    return None


def _introduction(ctx: _Context, sentence: Span, name: str) -> str | None:
    """The country of a person the report introduced before with a title or a description: "Leek"
    after "Philip Thon Leek, a lawmaker in the South Sudan assembly", "Njuguna" after "Kenyan military
    spokesman P.M. Njuguna"."""
    if len(name) < 3 or not name[:1].isupper():
        return None
    text = ctx.doc.analysis
    found, read = ctx.introduced.get(name, (None, 0))  # each stretch of the report is read once per name
    if found is not None or read >= sentence.start:
        return found
    ctx.introduced[name] = (None, sentence.start)
    for m in re.compile(rf"\b{re.escape(name.strip('.,'))}\b").finditer(text, max(0, read - 100), sentence.start):
        before = " ".join(text[max(0, m.start() - 80) : m.start()].split()[-6:])  # a title before the name
        described = _DESCRIBED.match(text, m.end())
        after = described.group(1) if described else ""
        country = ctx.scene.resolve(after, ctx.scene.on)[0] if after else None
        if not country and (_OFFICIAL.search(before) or _TITLE_BEFORE.search(before)):
            country = ctx.scene.resolve(before, ctx.scene.on)[0]
        if country:
            ctx.introduced[name] = (country, sentence.start)
            return country
    return None


_DESCRIBED = re.compile(r",\s+((?:a|an|the)\s+[^,.;]{3,120}?)\s*[,.;]")
_TITLE_BEFORE = re.compile(r"(?i)\b(?:spokes\w+|leader|lawmaker|senator|deputy|mp)\b")


def _surname(word: str) -> str:
    """"Mansoury" for "al-Mansoury": a name as it is repeated, without its article."""
    return re.sub(r"^(?:al|el|ad|as|ash|at|az|ar)[-‑]", "", word.lower().strip(".,"))


_MILITARY_TITLE = re.compile(rf"(?i)\b(?:{english.either('military_titles')})")


_COUNTED = re.compile(r"\s+(?:[a-z\-]+\s+){0,2}")


def _forces_in(sc: Scene, sentence: Span) -> str | None:
    """"Rwandan forces have killed 14 insurgents in Mozambique, an army spokesman said": a military
    spokesman speaks for the one state whose forces the sentence names."""
    text = sc.doc.analysis
    counted = [q.span.end for q in sc.annotations.quantities]  # "45 Chinese soldiers": the dead, not the speaker's
    states = {a.country for a in sc.annotations.actors if sentence.start <= a.span.start < sentence.end
              and a.country and a.role == "military" and a.kind in ("state", "organisation")
              and not any(0 <= a.span.start - end <= 30 and _COUNTED.fullmatch(text, end, a.span.start)
                          for end in counted)}
    return states.pop() if len(states) == 1 else None


def _claim(
    ctx: _Context, sentence: Span, fig: FigureMatch, q: Quantity, att: Attribution | None,
    claimant: str | None, claimant_country: str | None, previous: Claim | None,
) -> Claim:
    side = side_of(ctx.scene, sentence, fig, claimant_country, previous, claimant in ctx.armed)
    kind = fig.kind
    low, high = q.low, q.high
    if low is not None and low == high and _PASSED.search(sentence.text, 0, fig.quantity_start):
        low, high = low + 1, None  # "the toll surpassed 770": more than 770
    if kind == "killed" and _LOST.match(sentence.text, fig.cue_start, fig.cue_end) and claimant_country \
            and side.country and side.country != claimant_country:
        kind = "casualties"  # an enemy's daily "losses" count its dead and wounded together
    start = min(fig.quantity_start, fig.subject_start, fig.cue_start)
    if att is not None and att.end <= fig.quantity_start:
        start = min(start, att.start)
    end = max(fig.quantity_end, fig.subject_end, fig.cue_end)
    evidence = ctx.doc.source_span(sentence.start + start, sentence.start + end)
    return Claim(
        doc=ctx.doc.name, kind=kind, low=low, high=high, approx=q.approx,
        subject=fig.subject, subject_country=side.country, subject_role=side.role, side_by=side.by,
        claimant=claimant, claimant_country=claimant_country, unverified=_accused(sentence.text, fig.quantity_start),
        evidence=evidence, sentence=ctx.doc.source_span(sentence.start, sentence.end),
        unspecified=q.unspecified, date=_first_in(ctx.annotations.dates, sentence),
        place=_first_in(ctx.annotations.places, sentence), part=fig.part, report=ctx.doc.content_hash,
    )


_ACCUSATION = re.compile(r"(?i)\b(?:accus(?:ed|es|ing|ation|ations)|allegations?|alleging|blamed|blaming)\b")
_CLAUSE_BREAK = re.compile(r"[;:]|\bbut\b|\bwhile\b|\bwhereas\b|\bhowever\b|\.\s")


def _accused(text: str, at: int) -> bool:
    """Whether the figure at `at` is what one side accuses another of ("Russia accused Georgia of
    killing 2,000 …"): an accusation is a claim not yet shown, unlike "… but later reported 133 dead"."""
    found = None
    for found in _ACCUSATION.finditer(text, 0, at):  # noqa: B007 - the last one before the figure
        pass
    return found is not None and at - found.end() <= 120 and not _CLAUSE_BREAK.search(text, found.end(), at)


_PASSED = re.compile(r"(?i)\b(?:surpass(?:es|ed)?|top(?:s|ped)?|exceed(?:s|ed)?|passed|crossed)\s+(?:the\s+)?$")
_LOST = re.compile(r"(?i)(?:have\s+|has\s+|had\s+)?(?:lost|losing)\b")


def _first_in(items, sentence: Span):  # type: ignore[no-untyped-def]
    for item in items:
        if sentence.start <= item.span.start < sentence.end:
            return item
    return None


def _apply_hedges(ctx: _Context, sentences: Sequence[Span], per_sentence: list[list[Claim]]) -> None:
    """Mark hedged claims unverified, each hedge over its own scope (in place): the whole report
    ("all casualty figures could not be verified"), its own sentence's claims, the claims of the side
    it names ("X disputed the army's count", "could not verify the group's report", "the figures
    given by the ministry and al-Shabaab"), the claims just before it ("there was no confirmation of
    either claim"), the last claims of the kind it names ("did not confirm the loss of either
    village"), or the previous sentence's. A denial of a harm ("the army denies civilians were
    killed") and a party said to misstate its toll ("China is under-reporting") come first."""
    for i, sentence in enumerate(sentences):
        if _disputed_harm(sentence.text, i, per_sentence) or _disputed_party(ctx, sentence.text, per_sentence):
            continue
        hedge = find_hedge(sentence.text, i)
        if hedge is None:
            continue
        if _hedge_named_parties(ctx, sentence.text, per_sentence):
            continue
        kinds = _kinds_named(sentence.text)  # "the loss of either village": the claims of that kind only

        def doubted(c: Claim, kinds: frozenset[str] | None = kinds) -> bool:
            return kinds is None or c.kind in kinds

        if hedge.document:
            if kinds is None and hedge.casualties_only:
                kinds = _WAR_CASUALTIES
            for j, claims in enumerate(per_sentence[: i + 1]):  # what was reported, not what follows
                per_sentence[j] = [_unverified(c) if doubted(c, kinds) else c for c in claims]
        elif per_sentence[i] and not _denier_speaks(sentence.text, per_sentence[i]):
            per_sentence[i] = [_unverified(c) for c in per_sentence[i]]
        elif hedge.local:
            continue
        elif (whose := _WHOSE.search(sentence.text)) is not None and not _EITHER.match(whose.group("party")):
            _hedge_party(ctx, whose.group("party"), per_sentence)
        elif _EITHER.search(sentence.text):
            for j in [j for j in range(i) if per_sentence[j]][-2:]:  # the two sides just reported
                per_sentence[j] = [_unverified(c) if c.claimant and doubted(c) else c for c in per_sentence[j]]
        elif (hedge.back or kinds is not None) and i > 0:
            # the claims just reported; of the kind the hedge names, the last ones of that kind
            # ("Kyiv did not confirm the loss of either village")
            before = [j for j in range(i) if any(doubted(c) for c in per_sentence[j])][-1:]
            for j in before if before and before[0] >= i - (2 if kinds is None else 5) else []:
                per_sentence[j] = [_unverified(c) if doubted(c) else c for c in per_sentence[j]]
                speaker = per_sentence[j][-1].claimant
                if speaker and _THEIR.search(sentence.text):  # "X disputed its figures": all of that speaker's
                    _hedge_party(ctx, speaker, per_sentence)


_DENIER = re.compile(r"(?:^|[,;]\s*|\bbut\s+)(?P<who>[^,.;]{2,60}?)\s+(?:has\s+|have\s+|had\s+|also\s+)?"
                     r"(?:denied|denies|disputed|disputes|rejected|rejects|dismissed|dismisses)\b")


def _denier_speaks(text: str, claims: list[Claim]) -> bool:
    """Whether a sentence's own figures are those of the one denying another's ("The RSF denied the army's
    figures, saying it lost 5 fighters"): a denial does not doubt the denier's own count."""
    m = _DENIER.search(text)
    if m is None:
        return False
    who = m.group("who").lower()
    return all(c.claimant and (c.claimant.lower() in who or who.endswith(c.claimant.lower())) for c in claims)


_KIND_WORDS = (
    (re.compile(r"(?i)\b(?:villages?|towns?|settlements?|bases?|posts?|positions?|territory|checkpoints?|"
                r"outposts?)\b"), frozenset({"positions_captured"})),
    (re.compile(r"(?i)\b(?:drones?|aircraft|jets?|planes?|helicopters?|missiles?|UAVs?)\b"),
     frozenset({"aircraft_downed"})),
    (re.compile(r"(?i)\b(?:losses|casualt\w+|dead|deaths?|killed|wounded|injured|fatalit\w+|death\s+tolls?)\b"),
     _WAR_CASUALTIES),
)


def _kinds_named(text: str) -> frozenset[str] | None:
    """The kinds of claim a hedge names ("the loss of either village": positions), or None (any kind)."""
    kinds = [k for pattern, k in _KIND_WORDS if pattern.search(text)]
    return frozenset().union(*kinds) if len(kinds) == 1 else None


# "the military's casualty count", "the Arakan Army's report": whose figures a hedge speaks of
_WHOSE = re.compile(r"(?P<party>(?:\b[Tt]he\s+)?(?:[A-Z][\w\-]*\s+){0,3}?[\w\-]+)['’]s?\s+(?:own\s+)?"
                    r"(?:\w+\s+){0,2}?(?:reports?|claims?|figures?|count|tally|toll|numbers?|accounts?|statements?)\b")
_THEIR = re.compile(r"(?i)\b(?:its|their)\s+(?:\w+\s+)?(?:figures?|claims?|tolls?|numbers?|counts?|reports?)\b")
_EITHER = re.compile(r"(?i)\b(?:either|both|neither|each)\s+(?:side|claim|account|party|parties|figure)")


def _hedge_party(ctx: _Context, party: str, per_sentence: list[list[Claim]]) -> bool:
    """Every claim of the side `party` names: a claimant sharing its head word ("the military" for
    "the military claimed"), or of its country and kind (an armed group, a state)."""
    words = party.lower().split()
    head = words[-1] if words else ""
    if head in _EMPTY_PARTY_HEADS:
        return False
    country, role = ctx.scene.resolve(party, ctx.scene.on)
    armed = role == "armed_group" or bool(_GROUP.search(party))
    if country is None and head in _STATE_HEADS:  # "the government's claims": the state fighting in the report
        country = ctx.scene.theatre

    def theirs(c: Claim) -> bool:
        if c.claimant is None:
            return False
        if head in c.claimant.lower().split():
            return True
        return country is not None and c.claimant_country == country and (c.claimant in ctx.armed) == armed

    found = False
    for j, claims in enumerate(per_sentence):
        if any(theirs(c) for c in claims):
            found = True
            per_sentence[j] = [_unverified(c) if theirs(c) else c for c in claims]
    return found


_STATE_HEADS = frozenset("government regime junta authorities".split())
_EMPTY_PARTY_HEADS = english.word_set("empty_party_heads")
# "The army denies civilians were killed", "soldiers had not shot any civilians": a denial of one kind of harm
_DENIED_HARM = re.compile(
    r"(?i)\b(?:(?:denied|denies|deny|denying|rejected|rejects)\s+(?:that\s+)?(?:any\s+)?(?P<whom>civilians?|people|"
    r"residents|villagers|children|soldiers|troops)\s+(?:were|had\s+been|have\s+been|was|being)\s+|"
    r"(?:(?:had|have|has|did|do|does)\s+not|never)\s+(?:ever\s+)?)(?P<harm>killed|kill|shot|shoot|harmed|harm|"
    r"targeted|target|injured|wounded|hurt)\b(?(whom)|\s+any\s+(?P<object>civilians?|residents|villagers|people))")
_HARM_KIND = {"injured": "injured", "wounded": "injured", "hurt": "injured"}
# "China is under-reporting the number of soldiers killed": a party's own figures disputed
_PARTY_DISPUTED = re.compile(
    r"(?P<party>(?:\b[Tt]he\s+)?(?:[A-Z][\w\-]*\s+){0,3}?[\w\-]+)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:\w+\s+)?(?:under-?reporting|understating|exaggerating|inflating|overstating)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:number|toll|figures?|casualt|losses|deaths|scale)")


def _disputed_harm(text: str, i: int, per_sentence: list[list[Claim]]) -> bool:
    """A denial that some kind of harm happened ("The army denies civilians were killed") disputes the
    claims of that kind reported in the few sentences before it, by others than the one denying."""
    low = text.lower()
    if not any(k in low for k in claims_lexicon().denial_keywords):
        return False
    m = _DENIED_HARM.search(text)
    if m is None or not (m.group("whom") or m.group("object")):
        return False
    kind = _HARM_KIND.get(m.group("harm").lower(), "killed")
    roles = {"military"} if (m.group("whom") or "").lower() in ("soldiers", "troops") else {"civilian", "unknown"}
    for j in [j for j in range(max(0, i - 4), i) if per_sentence[j]][-3:]:
        per_sentence[j] = [_unverified(c) if c.kind == kind and c.subject_role in roles else c
                           for c in per_sentence[j]]
    return True


# "The figures given by the ministry and al-Shabaab could not be verified": whose figures, by name
_NAMED_PARTIES = re.compile(
    rf"(?i)\b(?:{english.either('disputed_figure_nouns')})[\"”]?\s+(?:(?:being\s+)?"
    rf"(?:{'|'.join(english.words('figures_given_verbs'))})\s+)?(?:by|of|from)\s+(?P<parties>(?!(?:either|both|neither|all|any|their|its|his|her|our)\b)(?:the\s+)?[\w’'\-]+"
    r"(?:\s+(?!and\b)[\w’'\-]+){0,3}?(?:\s*(?:,|\band\b)\s*(?:the\s+)?[\w’'\-]+(?:\s+(?!and\b)[\w’'\-]+){0,3}?)*)"
    r"(?:\s+(?:could|can|cannot|were|are|have|has|had|was|is|remain)\b|\s*[,.;])")


def _hedge_named_parties(ctx: _Context, text: str, per_sentence: list[list[Claim]]) -> bool:
    m = _NAMED_PARTIES.search(text)
    if m is None:
        return False
    parties = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group("parties"))
    return any([_hedge_party(ctx, party, per_sentence) for party in parties])  # every party, not the first only


def _disputed_party(ctx: _Context, text: str, per_sentence: list[list[Claim]]) -> bool:
    low = text.lower()
    if not any(k in low for k in claims_lexicon().party_disputed_keywords):
        return False
    m = _PARTY_DISPUTED.search(text)
    if m is None:
        return False
    return _hedge_party(ctx, m.group("party"), per_sentence)


def _unverified(c: Claim) -> Claim:
    return replace(c, unverified=True)
