from hypothesis import given
from hypothesis import strategies as st
from text_to_num import alpha2digit  # noqa: F401  (the library sitrep relies on for number words)

from sitrep.extract.numbers import find_quantities, parse_number

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """English words for 0 <= n < 1000, written independently of the code under test."""
    if n < 10:
        return ONES[n]
    if n < 20:
        return TEENS[n - 10]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])
    rest = n % 100
    return ONES[n // 100] + " hundred" + ("" if rest == 0 else " and " + words(rest))


def one(text):
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    return q.low, q.high, q.approx, q.unspecified


@given(st.integers(min_value=1, max_value=999))
def test_number_words_round_trip(n):
    assert parse_number(words(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_thousands_separators_round_trip(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=1, max_value=5000))
def test_at_least_is_an_open_upper_bound(n):
    assert one(f"at least {n} soldiers") == (n, None, False, False)


@given(st.integers(min_value=1, max_value=5000))
def test_more_than_excludes_the_number(n):
    assert one(f"more than {n} soldiers") == (n + 1, None, False, False)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500))
def test_between_gives_a_closed_range(a, b):
    low, high = min(a, b), max(a, b)
    assert one(f"between {low} and {high} people")[:2] == (low, high)


def test_bounds_and_ranges():
    assert one("over 200 fighters")[:2] == (201, None)
    assert one("up to 50 people")[:2] == (None, 50)
    assert one("fewer than 10 people")[:2] == (None, 9)
    assert one("killing 2-3")[:2] == (2, 3)
    assert one("twenty-three troops")[:2] == (23, 23)
    assert one("1.5 million people")[:2] == (1_500_000, 1_500_000)


def test_vague_amounts_follow_acled():
    assert one("several civilians") == (3, None, True, False)
    assert one("dozens of lives") == (12, None, True, False)
    assert one("tens of fighters") == (10, None, True, False)
    assert one("hundreds of people") == (100, None, True, False)
    assert one("an unknown number of militants") == (None, None, True, True)


def test_huge_digit_strings_are_not_counts():
    assert find_quantities("9" * 40 + " soldiers") == []


def test_decimals_are_measures_not_counts():
    assert find_quantities("2.5 soldiers") == []


@given(st.lists(st.sampled_from(["kill", "killed", "killing", "killing of", "Mar", "March", "a b", "ab", "toll"]),
                min_size=1, max_size=6),
       st.text(alphabet="kiledngofMarchabt ", max_size=40))
def test_trie_alternation_matches_like_a_longest_first_alternation(words, text):
    import re

    from sitrep.patterns import alternation

    plain = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
    trie, flat = re.compile(f"(?:{alternation(words)})"), re.compile(f"(?:{plain})")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
