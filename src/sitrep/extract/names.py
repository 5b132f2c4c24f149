"""Distinctive names: what an event's sentences call the operation or the site it tells of
("Operation Steppe Wind", "the Morozovsk airbase", "Abu Shouk camp"), and the small towns they name.

Outlets that type and place one event differently, and share no figure, still name the same
operation or base: two reports of the same days naming "the Morozovsk airbase" tell of one event.
Whether a name tells one event from another depends on how many other reports carry it, which only
reconciling across reports can say (`reconcile.incidents`); here each event gets its names:

- `op:` an operation's name, the capitalised words after "Operation" ("op:steppe wind");
- `site:` a named site, the capitalised words right before a word for a kind of site, the word
  folded to its kind ("Morozovsk air base" and "Morozovsk airfield" are "site:morozovsk airbase");
  a state, a people or a title before it is not its name ("Russia's Morozovsk airbase", "the
  Russian airbase");
- `town:` a town or village the gazetteer places, told of in the sentences (not a capital, a
  dateline or a capital standing for its government).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..patterns import lowered, may_contain
from ..records import PlaceMention, Span
from .gazetteer import load_gazetteer, name_key
from .places import STOP_WORDS, is_capital, is_dateline, is_demonym

MAX_NAME_WORDS = 3
"""An operation's or a site's name is at most this many words ("Nur Khan", "Steppe Wind")."""

_WORD = r"[A-Z][\w’'-]*"


@dataclass(frozen=True, slots=True)
class _Sites:
    operation: re.Pattern[str]
    site: re.Pattern[str]
    kinds: dict[str, str]  # a site word, folded: the kind of site it is
    keywords: tuple[str, ...]  # a word of every site word (lower case): a sentence without one has no named site


@lru_cache(maxsize=1)
def _sites() -> _Sites:
    data = json.loads(resources.files("sitrep.data").joinpath("named_sites.json").read_text("utf-8"))
    words = sorted(data["sites"], key=len, reverse=True)  # "air base" before "base"
    kinds = {_fold(w): kind for w, kind in data["sites"].items()}
    opening = "|".join(re.escape(w) for w in data["operation_words"])
    operation = re.compile(rf"\b(?:{opening})\s+[\"“‘']?(?P<name>{_WORD}(?:\s+{_WORD}){{0,{MAX_NAME_WORDS - 1}}})")
    site_words = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in words)
    site = re.compile(rf"(?P<name>(?:{_WORD}\s+){{1,{MAX_NAME_WORDS + 2}}}?)(?P<site>(?i:{site_words}))\b")
    keywords = tuple(sorted({re.split(r"[\s-]+", w.casefold())[-1] for w in words}))
    return _Sites(operation, site, kinds, keywords)


def _fold(text: str) -> str:
    return " ".join(re.split(r"[\s-]+", text.strip())).casefold()


def event_names(text: str, sentences: Sequence[Span], places: Iterable[PlaceMention],
                datelines: Sequence[Span] | None = None) -> tuple[str, ...]:
    """The distinctive names of `sentences` of `text` (spans into it), in text order, each once:
    operations, named sites and towns (`places`: the report's places)."""
    found: dict[str, None] = {}
    for s in sorted(sentences, key=lambda s: s.start):
        for name in _named(s.text):
            found.setdefault(name, None)
    for p in _towns(text, sentences, places, datelines):
        found.setdefault("town:" + _fold(p.name), None)
    return tuple(found)


def _named(sentence: str) -> list[str]:
    """The operations and named sites of one sentence, in order."""
    sites = _sites()
    out: list[tuple[int, str]] = []
    for m in sites.operation.finditer(sentence):
        words = _name_words(m.group("name").split(), leading=False)
        if words:
            out.append((m.start(), "op:" + " ".join(words).casefold()))
    for m in sites.site.finditer(sentence) if may_contain(lowered(sentence), sites.keywords) else ():
        words = _name_words(m.group("name").split(), leading=True)
        kind = sites.kinds.get(_fold(m.group("site")))
        if words and kind:
            out.append((m.start(), "site:" + " ".join(words).casefold() + " " + kind))
    return [name for _, name in sorted(out)]


def _name_words(words: list[str], leading: bool) -> list[str]:
    """The words of an operation's or a site's name: after a possessive ("Russia's"), without the
    states, peoples, titles and common words that open or close the run; at most `MAX_NAME_WORDS`."""
    gazetteer = load_gazetteer()

    def common(word: str) -> bool:
        w = word.strip("’'")
        return (w.casefold() in STOP_WORDS or gazetteer.is_stopword(w) or gazetteer.demonym_target(w) is not None
                or bool(gazetteer.lookup(w, feature="country")) or not name_key(w))

    if leading:
        owner = max((i for i, w in enumerate(words) if w.endswith(("'s", "’s", "s'", "s’"))), default=-1)
        words = words[owner + 1:]
        while words and common(words[0]):
            words = words[1:]
        words = words[-MAX_NAME_WORDS:]
    else:
        cut = next((i for i, w in enumerate(words) if w.casefold() in STOP_WORDS), len(words))
        words = words[:cut]
    return words if words and not all(common(w) for w in words) else []


def _towns(text: str, sentences: Sequence[Span], places: Iterable[PlaceMention],
           datelines: Sequence[Span] | None) -> list[PlaceMention]:
    """The towns and villages the sentences tell of: not capitals, datelines or demonyms."""
    spans = [(s.start, s.end) for s in sentences]
    return [p for p in places if p.feature == "populated_place" and p.lat is not None
            and any(a <= p.span.start < b for a, b in spans) and not is_demonym(p) and not is_capital(p)
            and not is_dateline(text, p, datelines)]
