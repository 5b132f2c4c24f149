#!/usr/bin/env python3
"""A reproducible corpus of real-looking conflict reports, of any size, as sharded JSON Lines.

    python bench/corpus.py OUT_DIR [--reports 10000] [--seed 7] [--chars 0] [--shard 10000]

Every report is one of the source texts (the bundled sample reports and the texts of
../shared/eval/dev) with its details varied: towns swapped for other towns of the same country
(from the bundled gazetteer), people's names after a title ("spokesman …") for other names, every
number for another of the same size, every written date for another one near a publication date
drawn from two years, and the outlet. `--chars N` builds reports of about N characters from
paragraphs of several sources instead (`--chars 400` short reports, `--chars 3000` long ones).

The same seed gives the same corpus, byte for byte; no two reports have the same text. Files are
`part-00000.jsonl`, `part-00001.jsonl`, …, one article a line (`id`, `title`, `text`, `source`,
`published`, `url`), as `sitrep ingest`, `sitrep extract` and `sitrep batch` read them.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "sitrep" / "data" / "sample"
DEV = ROOT.parent / "shared" / "eval" / "dev"

OUTLETS = (
    "Reuters", "Associated Press", "Agence France-Presse", "Al Jazeera", "BBC News", "Dawn", "TOLOnews",
    "Hiiraan Online", "Garowe Online", "The Express Tribune", "Pajhwok Afghan News", "Anadolu Agency",
    "Shabelle Media Network", "Radio Dalsan", "Khaama Press", "The News International", "Voice of America",
    "Deutsche Welle", "France 24", "The Guardian", "Radio Kulmiye", "Caasimada", "Geo News", "Ariana News",
)
GIVEN = (
    "Ahmad", "Mohammed", "Abdullah", "Hassan", "Fatima", "Amina", "Omar", "Yusuf", "Khalid", "Zainab",
    "Ibrahim", "Asif", "Nadia", "Farhan", "Saeed", "Hamid", "Layla", "Tariq", "Bilal", "Rashid", "Sara",
    "Daniel", "Maria", "John", "Aisha", "Hussein", "Ali", "Karim", "Mariam", "Samir",
)
FAMILY = (
    "Rahimi", "Khan", "Hashimi", "Noori", "Farah", "Warsame", "Abdi", "Jama", "Yusufzai", "Qureshi",
    "Siddiqui", "Haidari", "Mohamud", "Osman", "Ahmadzai", "Stanikzai", "Durrani", "Barakzai", "Hussaini",
    "Elmi", "Aden", "Hersi", "Karimi", "Popal", "Sharif", "Malik", "Chaudhry", "Ansari", "Baig", "Wardak",
)
TITLES = (
    r"spokesman|spokesperson|spokeswoman|commander|minister|Minister|governor|Governor|General|Gen\.|"
    r"Colonel|Col\.|Captain|Major|Lieutenant|President|Prime Minister|official|chief|Chief|Mr\.|Ms\.|Dr\."
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
FIRST_DAY = date(2024, 1, 1)
DAYS = 730

_NAME_AFTER_TITLE = re.compile(rf"\b(?:{TITLES})[ \t]+((?:[A-Z][a-z]+)(?:[ \t]+[A-Z][a-z]+){{0,2}})")  # within a line
_MONTH = "|".join(MONTHS)
_DATE = re.compile(
    rf"\b(?:(?P<d1>\d\d?)\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d\d?)(?:st|nd|rd|th)?(?:,?\s+(?P<y2>(?:19|20)\d\d))?)\b"
)
_NUMBER = re.compile(r"(?<![\w.,/:-])\d{1,3}(?:,\d{3})*(?![\w]|[.,:/-]\d)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_TOWN = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\b"
_PLACE = re.compile(  # a town after a word of place, or first in a parenthesised "(District, Province)"
    rf"\b(?:in|near|at|outside|from|to|of|around|village|town|city|district)\s+(?P<name>{_TOWN})"
    rf"|\((?P<first>{_TOWN})(?=,)"
)
_NOT_PLACES = frozenset(MONTHS) | {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Taliban", "Shabaab", "Islamic", "State", "Army", "Police", "Government",
}


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Places:
    """Towns of the gazetteer by country, and the country of each town name."""

    by_country: dict[str, tuple[str, ...]]
    country_of: dict[str, str]
    regions: frozenset[str]  # names of countries and provinces, which stay as they are


@lru_cache(maxsize=1)
def sources() -> tuple[Source, ...]:
    """The texts reports are built from: the bundled sample, then the dev articles when present."""
    found = []
    for path in sorted(SAMPLE.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").strip().split("\n")
        found.append(Source(lines[0].strip(), "\n".join(lines[1:]).strip()))
    for path in sorted(DEV.glob("*.articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            text = (article.get("text") or "").strip()
            if text:
                found.append(Source((article.get("title") or _first_words(text)).strip(), text))
    return tuple(found)


def _first_words(text: str) -> str:
    return " ".join(text.split()[:9]).rstrip(".,;:")


@lru_cache(maxsize=1)
def places() -> Places:
    """Towns from the bundled gazetteer (the better-known ones, so the names read as real)."""
    path = resources.files("sitrep.data").joinpath("gazetteer.tsv.gz")
    by_country: dict[str, list[str]] = {}
    country_of: dict[str, str] = {}
    regions: set[str] = set()
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 9:
                continue
            if cols[1] in ("country", "admin1"):
                regions.add(cols[2])
            if cols[1] != "populated_place" or float(cols[8] or 0) < 3.0:
                continue
            name, cc = cols[2], cols[3]
            if re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?", name):
                by_country.setdefault(cc, []).append(name)
                country_of.setdefault(name, cc)
    return Places({cc: tuple(names) for cc, names in by_country.items()}, country_of, frozenset(regions))


def vary(text: str, rng: random.Random, published: date) -> str:
    """The text with its towns, names, numbers and dates changed (the same words the same way)."""
    text = _vary_places(text, rng)
    people: dict[str, str] = {}
    text = _NAME_AFTER_TITLE.sub(lambda m: _person(m, rng, people), text)
    numbers: dict[str, str] = {}
    text = _NUMBER.sub(lambda m: numbers.setdefault(m.group(0), _other_number(m.group(0), rng)), text)
    days: dict[tuple[str, str], date] = {}
    # dates after numbers, so the days of dates end up as days
    return _DATE.sub(lambda m: _other_date(m, rng, published, days), text)


def _vary_places(text: str, rng: random.Random) -> str:
    gaz = places()
    swap: dict[str, str] = {}
    for m in _PLACE.finditer(text):
        name = m.group("name") or m.group("first")
        cc = gaz.country_of.get(name)
        if cc and name not in swap and name not in _NOT_PLACES and name not in gaz.regions:
            swap[name] = rng.choice(gaz.by_country[cc])
    if not swap:
        return text
    names = "|".join(re.escape(n) for n in sorted(swap, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{names})\b")
    return pattern.sub(lambda m: swap[m.group(0)], text)


def _person(m: re.Match[str], rng: random.Random, people: dict[str, str]) -> str:
    name = people.setdefault(m.group(1), f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}")
    return m.group(0)[: m.start(1) - m.start(0)] + name


def _other_date(
    m: re.Match[str], rng: random.Random, published: date, days: dict[tuple[str, str], date]
) -> str:
    key = (m.group("m1") or m.group("m2"), m.group("d1") or m.group("d2"))
    day = days.setdefault(key, published - timedelta(days=rng.randint(0, 6)))
    if m.group("m1"):
        return f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if m.group("y1") else "")
    return f"{MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if m.group("y2") else "")


def _other_number(written: str, rng: random.Random) -> str:
    value = int(written.replace(",", ""))
    if _YEAR.match(written) or value == 0:
        return written
    new = max(1, int(value * rng.uniform(0.5, 1.6)))
    return f"{new:,}" if "," in written else str(new)


def _body(rng: random.Random, chars: int) -> Source:
    """One source as it is, or (with `chars`) paragraphs of several sources up to about `chars`."""
    pool = sources()
    first = rng.choice(pool)
    if chars <= 0:
        return first
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < chars:
        source = first if not parts else rng.choice(pool)
        paragraphs = [p for p in source.text.split("\n") if p.strip()]
        parts.append(rng.choice(paragraphs).strip())
    return Source(first.title, _trim("\n".join(parts), chars))


def _trim(text: str, chars: int) -> str:
    """Cut at the last sentence end before about `chars` characters (never below half of it)."""
    if len(text) <= chars * 1.1:
        return text
    cut = max(text.rfind(". ", 0, chars), text.rfind(".\n", 0, chars))
    return text[: cut + 1] if cut > chars // 2 else text[:chars].rsplit(" ", 1)[0] + "."


def generate(n: int, seed: int = 7, chars: int = 0) -> Iterator[dict[str, str]]:
    """`n` articles (JSON Lines rows), the same for the same arguments; no two share a text."""
    rng = random.Random(seed)
    seen: set[bytes] = set()
    made = 0
    while made < n:
        published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        source = _body(rng, chars)
        outlet = rng.choice(OUTLETS)
        title, text = vary(source.title + "\n\n" + source.text, rng, published).split("\n\n", 1)
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if key in seen:
            continue
        seen.add(key)
        yield {
            "id": f"gen-{seed}-{made:07d}",
            "title": title,
            "text": text,
            "source": outlet,
            "published": published.isoformat(),
            "url": f"https://news.example/{outlet.lower().replace(' ', '-')}/{seed}/{made}",
        }
        made += 1


def write_corpus(out: Path, n: int, seed: int = 7, chars: int = 0, shard: int = 10_000) -> list[Path]:
    """Write `n` articles to `out/part-NNNNN.jsonl`, `shard` a file; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    fh = None
    try:
        for i, article in enumerate(generate(n, seed, chars)):
            if i % shard == 0:
                if fh:
                    fh.close()
                files.append(out / f"part-{len(files):05d}.jsonl")
                fh = files[-1].open("w", encoding="utf-8")
            assert fh is not None
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")
    finally:
        if fh:
            fh.close()
    return files


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="folder for the JSON Lines shards")
    parser.add_argument("--reports", type=int, default=10_000, help="how many reports (default 10000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--chars", type=int, default=0,
                        help="about this many characters a report (0: as found)")
    parser.add_argument("--shard", type=int, default=10_000, help="reports a file (default 10000)")
    args = parser.parse_args()
    files = write_corpus(args.out, args.reports, args.seed, args.chars, args.shard)
    size = sum(f.stat().st_size for f in files)
    print(f"{args.reports} reports in {len(files)} files, {size / 1e6:.1f} MB, in {args.out}")


if __name__ == "__main__":
    main()
