"""The English word lists are data (`data/english.json`), read by the code and agreeing with the
other lexicons; no module of the extraction keeps a word list of its own."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

import sitrep.extract
from sitrep.extract import english
from sitrep.records import CLAIM_KINDS
from sitrep.run.pipeline import analyse
from sitrep.settings import Settings
from sitrep.sources.ingest import from_text

EXTRACT = Path(sitrep.extract.__file__).parent
MIN_WORDS = 5
_WORD = re.compile(r"[a-z][a-z'’.\- ]*")


def _data() -> dict:
    return json.loads(resources.files("sitrep.data").joinpath("english.json").read_text("utf-8"))


def _words(name: str) -> list[str]:
    entry = _data()["lists"][name]
    return list(entry.get("words") or entry["values"])


def test_patterns_compile_and_match_the_words_they_are_for():
    official = re.compile(rf"(?i)\b(?:{'|'.join(english.patterns('official_speakers'))})(?!\w)")
    group = re.compile(rf"(?i)\b(?:{'|'.join(english.patterns('armed_group_speakers'))})\b")
    assert official.search("the provincial governor") and official.search("security sources")
    assert group.search("the rebels") and not group.search("the governor")


def test_every_list_in_the_file_is_read_by_the_code():
    for module in pkgutil.iter_modules(sitrep.extract.__path__):
        importlib.import_module(f"sitrep.extract.{module.name}")
    doc = from_text("Clashes near Kunduz\n\nAt least 12 soldiers and two civilians were killed in clashes "
                    "near Kunduz city on Monday, a spokesman for the governor said.", "one.txt", date(2025, 3, 5))
    analysis = analyse(doc, Settings())
    assert analysis.claims  # the extraction ran through
    unread = set(english.names()) - english.asked()
    assert not unread, f"lists in data/english.json that no code reads: {sorted(unread)}"


def test_every_list_says_what_it_is_for_and_holds_words():
    data = _data()
    assert data["version"] >= 1 and data["about"]
    for name, entry in data["lists"].items():
        assert entry.get("about", "").strip(), f"{name} has no about"
        given = [field for field in ("words", "values", "patterns") if field in entry]
        assert len(given) == 1, f"{name}: give one of words, values or patterns"
        words = list(entry[given[0]])
        assert words, f"{name} is empty"
        assert len(set(words)) == len(words), f"{name} has a word twice"
        assert all(w == w.strip() and w for w in words), f"{name} has a blank or padded word"


def test_an_unknown_list_is_a_data_error():
    from sitrep.errors import DataError

    with pytest.raises(DataError, match="no list 'no such list'"):
        english.words("no such list")


def _literal_words(node: ast.AST) -> list[str]:
    """The strings of a set, tuple or list literal, or of a "…".split() call."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
            and not node.args and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        return node.func.value.value.split()
    return []


def _names_of_code(strings: list[str]) -> bool:
    """Claim kinds and snake_case names are names the code gives things, not English words."""
    return set(strings) <= set(CLAIM_KINDS) or any("_" in s for s in strings)


def _word_lists_in(source: str) -> list[tuple[int, list[str]]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        strings = _literal_words(node)
        words = [w for w in strings if _WORD.fullmatch(w)]
        if len(words) >= MIN_WORDS and not _names_of_code(strings):
            found.append((node.lineno, words))
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in EXTRACT.glob("*.py")))
def test_no_module_of_the_extraction_keeps_a_word_list(module):
    found = _word_lists_in((EXTRACT / module).read_text("utf-8"))
    assert not found, f"{module}: word lists belong in data/english.json: {found}"


@pytest.mark.parametrize("source", [
    'STOPS = frozenset("were was is are had have".split())',
    'X = {"its", "their", "our", "his", "her"}',
    'def f(w):\n    return w in ("one", "two", "three", "four", "five")',
])
def test_the_word_list_check_finds_a_list_in_code(source):
    assert _word_lists_in(source)


@pytest.mark.parametrize("source", [
    'X = ("its", "their", "our", "his")',  # too short to be a list
    'KINDS = ("killed", "injured", "missing", "displaced", "detained")',  # claim kinds
    'RULES = ("words", "actor", "speaker_own", "place", "report")',  # names of rules
    'X = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]',  # not lower case
])
def test_the_word_list_check_lets_names_of_code_pass(source):
    assert not _word_lists_in(source)


def test_number_words_of_a_noun_phrase_are_number_words_and_amounts():
    known = {*_words("number_units"), *_words("number_scales"), *_words("vague_amounts")}
    assert set(_words("phrase_number_words")) <= known


def test_number_words_agree_on_their_values():
    units = english.values("number_units")
    for name in ("date_number_words", "day_counts"):
        for word, value in english.values(name).items():
            if word in units:
                assert units[word] == value, f"{name}: {word} is {value}, number_units says {units[word]}"
    dates = english.values("date_number_words")
    assert all(dates[w] == v for w, v in english.values("day_counts").items())


def test_civilian_nouns_are_civilian_nouns_of_the_claims_lexicon():
    lexicon = json.loads(resources.files("sitrep.data").joinpath("claims_lexicon.json").read_text("utf-8"))
    civilian = {w.lower() for w in lexicon["people"]["civilian"]}
    assert set(_words("civilian_tail_nouns")) <= civilian


def test_toll_roles_are_roles_and_their_words_are_people_of_that_role():
    lexicon = json.loads(resources.files("sitrep.data").joinpath("claims_lexicon.json").read_text("utf-8"))
    for word, role in english.values("toll_roles").items():
        assert role in ("military", "armed_group", "civilian")
        assert word in {w.lower() for w in lexicon["people"][role]}, f"{word} is not a {role} noun"


def test_place_name_articles_are_not_listed_again_as_joints():
    assert not set(_words("name_articles")) & set(_words("name_joints"))


def test_date_word_lists_agree():
    assert len(_words("month_names")) == 12 and len(_words("weekday_names")) == 7
    months = english.values("month_abbreviations")
    assert all(1 <= m <= 12 and english.words("month_names")[m - 1].startswith(a) for a, m in months.items())
    days = english.values("weekday_abbreviations")
    assert all(english.words("weekday_names")[d].startswith(a) for a, d in days.items())
    for part, (start, end) in english.values("period_parts").items():
        assert 0 <= start < end <= 1, part
    modifiers = {m.removeprefix("the ").removesuffix(" of") for m in english.words("period_modifiers")}
    assert set(english.values("period_parts")) <= modifiers


_DATELINED = ("Clashes near Kunduz\n\nKUNDUZ, Afghanistan (AP) — At least 12 soldiers and two civilians were killed "
              "in clashes near Kunduz city on Monday, a spokesman for the governor said. Three more were wounded "
              "in Baghlan province, officials said.")


def test_a_report_is_split_into_sentences_once(monkeypatch):
    """Annotate splits the report; claims, events and the event date read its sentences from there."""
    from sitrep.extract import sentences

    calls: list[int] = []

    def counted(text: str) -> list:
        calls.append(len(text))
        return real(text)

    real = sentences.split_sentences
    for name in [m.name for m in pkgutil.iter_modules(sitrep.extract.__path__)]:
        importlib.import_module(f"sitrep.extract.{name}")
    for module in [m for name, m in sys.modules.items() if name.startswith("sitrep.")]:
        if getattr(module, "split_sentences", None) is real:  # wherever the function was imported to
            monkeypatch.setattr(module, "split_sentences", counted)
    analysis = analyse(from_text(_DATELINED, "d.txt", date(2025, 3, 5)), Settings())
    assert analysis.claims and analysis.events
    assert calls == [len(analysis.document.analysis)]
    assert list(analysis.annotations.sentences) == real(analysis.document.analysis)


def test_datelines_are_found_once_per_place(monkeypatch):
    """Each place is tested for a dateline once, in annotate; the stages after it look the answer up."""
    from sitrep.extract import places, sides

    worked_out: list[str] = []
    real = places.is_dateline

    def counted(text, p, known=None):
        if known is None:
            worked_out.append(p.span.text)
        return real(text, p, known)

    monkeypatch.setattr(places, "is_dateline", counted)
    monkeypatch.setattr(sides, "is_dateline", counted)
    analysis = analyse(from_text(_DATELINED, "d.txt", date(2025, 3, 5)), Settings())
    assert analysis.claims and analysis.events
    assert sorted(worked_out) == sorted(p.span.text for p in analysis.annotations.places)
    assert [s.text for s in analysis.annotations.datelines] == ["KUNDUZ"]
