"""Copies: the same report under another outlet's name, found so its claims count once.

Exact duplicates never get this far (the store keeps one document per content hash). Near
duplicates and syndicated rewrites — a wire story with another headline, byline or a sentence
added — are found in two steps: MinHash LSH (datasketch) over word shingles of the normalised text
proposes candidates quickly, and the exact shingle overlap (containment of the smaller text in the
larger) confirms them against `copy_similarity`. A copy links to the original of whatever it
copies, so chains of copies all point at one original.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from .records import Document
from .settings import Settings

log = logging.getLogger(__name__)

SHINGLE_WORDS: Final = 4
PERMUTATIONS: Final = 128
LSH_THRESHOLD: Final = 0.3
"""Candidates are proposed generously (MinHash Jaccard estimate) and confirmed exactly."""
MIN_SHINGLES: Final = 20
"""Texts shorter than this many shingles are too short to call copies."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CopyLink:
    """`copy` (a content hash) repeats `original` with this shingle overlap."""

    copy: str
    original: str
    similarity: float


def shingles(text: str) -> frozenset[str]:
    """Word shingles of the text, case, accents and punctuation ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    words = _WORD.findall("".join(ch for ch in folded if not unicodedata.combining(ch)))
    if len(words) < SHINGLE_WORDS:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of the smaller shingle set the larger one holds (1.0: one text contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class CopyIndex:
    """Originals seen so far; `find(doc)` tells whether a new document copies one of them."""

    def __init__(self, settings: Settings) -> None:
        from datasketch import MinHashLSH

        self.threshold = settings.copy_similarity
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
        self._shingles: dict[str, frozenset[str]] = {}
        self._original: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._shingles)

    def add(self, doc: Document, original: str | None = None) -> None:
        """Index `doc`; a copy is remembered as standing for `original`."""
        key = doc.content_hash
        if key in self._shingles:
            return
        found = shingles(doc.analysis)
        self._shingles[key] = found
        self._original[key] = self._original.get(original, original) if original else key
        if len(found) >= MIN_SHINGLES:
            self._lsh.insert(key, _minhash(found))

    def find(self, doc: Document) -> CopyLink | None:
        """The link to the original `doc` copies, or None when it is a report of its own."""
        found = shingles(doc.analysis)
        if len(found) < MIN_SHINGLES or not self._shingles:
            return None
        best: tuple[float, str] | None = None
        for key in self._lsh.query(_minhash(found)):
            if key == doc.content_hash:
                continue
            score = overlap(found, self._shingles[key])
            if score >= self.threshold and (best is None or (score, key) > best):
                best = (score, key)
        if best is None:
            return None
        score, key = best
        log.info("%s copies %s (overlap %.2f)", doc.name, key[:12], score)
        return CopyLink(doc.content_hash, self._original[key], round(score, 4))


def _minhash(found: frozenset[str]) -> object:
    from datasketch import MinHash

    signature = MinHash(num_perm=PERMUTATIONS)
    signature.update_batch([s.encode("utf-8") for s in sorted(found)])
    return signature


def find_copies(documents: list[Document], settings: Settings) -> list[CopyLink]:
    """Copies among `documents`, each linked to the earliest document (in list order) it repeats."""
    index = CopyIndex(settings)
    links = []
    for doc in documents:
        link = index.find(doc)
        index.add(doc, link.original if link else None)
        if link:
            links.append(link)
    return links
