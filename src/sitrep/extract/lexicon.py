"""The claims lexicon (`data/claims_lexicon.json`) compiled into matchers, loaded once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..patterns import alternation
from . import english


def _alternation(phrases: list[str]) -> str:
    return alternation(p.lower() for p in phrases)


@dataclass(frozen=True)
class ClaimsLexicon:
    head_class: dict[str, str]  # head noun -> people role, "positions" or "aircraft"
    singular: re.Pattern[str]  # "a soldier", "the civilian": one person counted
    singular_things: re.Pattern[str]  # "a military base", "a drone": one position or aircraft counted
    singular_thing_nouns: re.Pattern[str]  # any of their nouns: a sentence without one is not searched
    bare_before: re.Pattern[str]  # "killed and injured soldiers": people counted with no number
    bare_after: re.Pattern[str]  # "Soldiers were injured"
    casualty_report: re.Pattern[str]  # "Casualties were reported": an unknown number hit
    kind_noun: dict[str, str]  # "fatalities" -> "killed"
    cue_before: dict[str, re.Pattern[str]]  # kind -> pattern matching at the end of the text before an amount
    cue_after: dict[str, re.Pattern[str]]  # kind -> pattern matching at the start of the text after a subject
    toll_before: re.Pattern[str]
    toll_raised: re.Pattern[str]  # "brought to": a toll's new figure follows, its noun after it
    attribution_verb: re.Pattern[str]
    attribution_object: re.Pattern[str]
    hedge: re.Pattern[str]
    hedge_document: re.Pattern[str]
    hedge_local: re.Pattern[str]  # hedges of their own sentence only
    hedge_back: re.Pattern[str]
    version: int
    not_counted_heads: frozenset[str] = frozenset()
    not_counted_things: frozenset[str] = frozenset()
    hedge_keywords: tuple[str, ...] = ()
    enemy_labels: frozenset[str] = frozenset()  # "insurgents", "terrorists": a side's words for its enemy
    casualty_report_keywords: tuple[str, ...] = ()  # one is in every casualty report
    denial_keywords: tuple[str, ...] = ()  # one is in every denial of harm
    party_disputed_keywords: tuple[str, ...] = ()  # one is in every dispute of a party's own figures

    def head(self, words: str) -> str | None:
        return self.head_class.get(words.lower())


AUX_AFTER = (
    r"(?:,\s*(?:including|among\s+them|mostly|most\s+of\s+them|many\s+of\s+them|all\s+of\s+them)\b[^,;.]{1,80},\s*)?"
    rf"(?:(?:{english.either('words_before_a_cue')})\s+){{0,5}}"
)
FILLER_BEFORE = (r"(?:\s*[\"“”'‘’]?\s+(?:a\s+total\s+of|another|an\s+additional|a\s+further|the|some|about|around|"
                 r"roughly|nearly|of)\b)*\s*[\"“”'‘’]?")


@lru_cache(maxsize=1)
def claims_lexicon() -> ClaimsLexicon:
    data = json.loads(resources.files("sitrep.data").joinpath("claims_lexicon.json").read_text("utf-8"))
    head_class: dict[str, str] = {}
    for role, nouns in data["people"].items():
        head_class.update({n: role for n in nouns})
    head_class.update({n: "positions" for n in data["positions"]})
    head_class.update({n: "aircraft" for n in data["aircraft"]})
    kind_noun = {n: kind for kind, nouns in data["kind_nouns"].items() for n in nouns}
    flags = re.IGNORECASE
    cue_before = {
        kind: re.compile(rf"\b(?:{_alternation(words)}){FILLER_BEFORE}\s*$", flags)
        for kind, words in data["cues_before"].items()
    }
    cue_after = {
        kind: re.compile(rf"^\s*,?\s*{AUX_AFTER}[\"“”'‘’]?(?:{_alternation(words)})\b", flags)
        for kind, words in data["cues_after"].items()
    }
    toll = (rf"\b(?:{_alternation(data['toll_cues'])})\b[^.;]{{0,130}}?\b(?:to|at|of|from|reached|hit|is|was|"
            r"stands\s+at|stood\s+at|surpass(?:es|ed)?|top(?:s|ped)?|exceed(?:s|ed)?|passed|crossed)"
            r"(?:\s+(?:just|only|some|a\s+total\s+of))?\s*$")
    raisers = _alternation(data["toll_raisers"]["words"])
    toll = (rf"(?:{toll}|\b(?:{raisers})\s+(?:the\s+)?(?:overall\s+|total\s+)?(?:total|tally)\b"
            r"[^.;]{0,60}?\bto(?:\s+(?:just|only|some))?\s*$)")
    attr = data["attribution"]
    singular = re.compile(
        rf"\b(?:a|an|the|another)\s+(?=(?:[\w’'\-]+\s+){{0,3}}?(?:{_alternation(data['singular_people'])})\b"
        r"(?!\s+(?:camp|post|base|station|unit|battalion|checkpoint|outpost|headquarters|position|compound|"
        r"academy|school|barracks)\b))",
        flags,
    )
    plural = _alternation([n for role in ("military", "armed_group", "civilian") for n in data["people"][role]
                           if n.lower() not in {x.lower() for x in data["singular_people"]}])
    verbs = _alternation([*data["cues_before"]["killed"], *data["cues_before"]["injured"],
                          *data["cues_before"]["casualties"]])
    after = _alternation([*data["cues_after"]["killed"], *data["cues_after"]["injured"],
                          *data["cues_after"]["casualties"]])
    bare_before = re.compile(rf"\b(?:{verbs})\s+(?:(?:the|some|its|their|[A-Z][\w’'\-]*|[a-z]+-[a-z]+)\s+){{0,2}}(?P<noun>(?:{plural}))\b", flags)  # noqa: E501
    bare_after = re.compile(rf"(?:^|[.;:]\s*|\band\s+)(?P<np>(?:(?:the|some|[A-Z][\w’'\-]*)\s+){{0,2}}(?:{plural}))\s+(?:were|had\s+been|have\s+been|are)\s+(?:reportedly\s+)?(?:{after})\b", flags)  # noqa: E501
    return ClaimsLexicon(
        head_class=head_class,
        bare_before=bare_before,
        bare_after=bare_after,
        casualty_report=re.compile("|".join(f"(?:{p})" for p in data["casualty_reports"]), flags),
        singular=singular,
        singular_thing_nouns=re.compile(rf"\b(?:{_alternation(data['singular_things']['words'])})\b", flags),
        singular_things=re.compile(
            rf"\b(?:a|an|another)\s+(?=(?:[\w’'\-]+\s+){{0,2}}?(?:{_alternation(data['singular_things']['words'])})\b"
            r"(?!\s+(?:attack|strike|factory|launcher|site|base\b)))", flags),
        kind_noun=kind_noun,
        cue_before=cue_before,
        cue_after=cue_after,
        toll_before=re.compile(toll, flags),
        toll_raised=re.compile(rf"\b(?:{raisers})\s+to\s*$", flags),
        attribution_verb=re.compile(rf"\b(?:{_alternation(attr['verbs'])})\b", flags),
        attribution_object=re.compile(rf"\b(?:{_alternation(attr['before_object'])})\s+", flags),
        hedge=re.compile("|".join(f"(?:{h})" for h in data["hedges"]), flags),
        hedge_document=re.compile(data["hedge_document_scope"], flags),
        hedge_local=re.compile("|".join(f"(?:{h})" for h in data["hedges_local"]["patterns"]), flags),
        hedge_back=re.compile(data["hedge_back_reference"], flags),
        version=int(data["version"]),
        not_counted_heads=frozenset(data.get("not_counted_heads", {}).get("words", [])),
        not_counted_things=frozenset(data.get("not_counted_things", {}).get("words", [])),
        hedge_keywords=tuple(data.get("hedge_keywords", {}).get("words", [])),
        enemy_labels=frozenset(data["enemy_labels"]["words"]),
        casualty_report_keywords=tuple(data.get("casualty_report_keywords", {}).get("words", [])),
        denial_keywords=tuple(data["denial_keywords"]["words"]),
        party_disputed_keywords=tuple(data["party_disputed_keywords"]["words"]),
    )
