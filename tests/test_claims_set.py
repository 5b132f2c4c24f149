"""The invented claims set (tests/claims_set) is well formed: its articles and its hand-annotated gold
follow the annotation guidelines' record format, and every evidence is an exact span of its article.

This checks the data only; how well sitrep does on it is measured with the scorer, not here."""

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "claims_set"
COUNTRIES = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "places_countries.tsv"

KINDS = {"killed", "injured", "casualties", "detained", "missing", "displaced", "positions_captured",
         "aircraft_downed"}
ROLES = {"military", "armed_group", "civilian", "unknown"}
FIELDS = {"doc", "kind", "subject", "subject_country", "subject_role", "low", "high", "approx", "claimant",
          "claimant_country", "unverified", "evidence", "incident", "start", "end"}


def _articles():
    lines = (HERE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _claims():
    return json.loads((HERE / "gold.json").read_text(encoding="utf-8"))["claims"]


def _country_codes():
    rows = COUNTRIES.read_text(encoding="utf-8").splitlines()
    return {row.split("\t")[0] for row in rows if row and not row.startswith("#")}


ARTICLES = _articles()
TEXTS = {a["id"]: a["text"] for a in ARTICLES}
CLAIMS = _claims()


def test_articles_have_an_id_a_text_and_a_publication_date():
    assert len(ARTICLES) == 40
    assert len(TEXTS) == len(ARTICLES), "article ids must be unique"
    for article in ARTICLES:
        assert set(article) == {"id", "text", "published"}, article["id"]
        date.fromisoformat(article["published"])
        words = len(article["text"].split())
        assert 80 <= words <= 250, (article["id"], words)


def test_every_article_has_claims_and_every_claim_an_article():
    assert {c["doc"] for c in CLAIMS} == set(TEXTS)


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c['doc']}:{c['start']}")
def test_claim_fields_follow_the_guidelines(claim):
    codes = _country_codes()
    assert set(claim) == FIELDS
    assert claim["kind"] in KINDS
    assert claim["subject_role"] in ROLES
    assert claim["subject"].strip()
    for key in ("subject_country", "claimant_country"):
        assert claim[key] is None or claim[key] in codes, (key, claim[key])
    low, high = claim["low"], claim["high"]
    assert low is not None or high is not None
    for bound in (low, high):
        assert bound is None or (isinstance(bound, int) and not isinstance(bound, bool) and bound >= 0)
    assert low is None or high is None or low <= high
    assert isinstance(claim["approx"], bool) and isinstance(claim["unverified"], bool)
    if claim["claimant"] is None:
        assert claim["claimant_country"] is None, "the article's own voice has no claimant country"
    assert claim["incident"] is None or claim["incident"].strip()


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c['doc']}:{c['start']}")
def test_evidence_is_an_exact_span_of_the_article(claim):
    text = TEXTS[claim["doc"]]
    evidence = claim["evidence"]
    assert evidence in text, evidence
    assert text[claim["start"]:claim["end"]] == evidence
    assert len(evidence) <= 200
    assert re.search(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirty|hundred|"
                     r"dozens?|scores|hundreds|thousands|several|family of)\b", evidence, re.IGNORECASE), evidence


def test_no_claim_is_annotated_twice():
    """The scorer counts one claim per document, kind, subject country, value and claimant country."""
    keys = Counter((c["doc"], c["kind"], c["subject_country"], c["low"], c["high"], c["claimant_country"])
                   for c in CLAIMS)
    assert [k for k, n in keys.items() if n > 1] == []


def test_the_set_covers_many_conflicts_kinds_and_claimant_types():
    assert {c["kind"] for c in CLAIMS} == KINDS
    assert len({c["subject_country"] for c in CLAIMS if c["subject_country"]}) >= 15
    assert any(c["claimant"] is None for c in CLAIMS)
    assert any(c["claimant"] and c["claimant_country"] is None for c in CLAIMS)
    assert sum(c["unverified"] for c in CLAIMS) >= 20
    assert sum(c["approx"] for c in CLAIMS) >= 10
