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
import zlib
from array import array
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from .records import Document
from .settings import Settings

log = logging.getLogger(__name__)

SHINGLE_WORDS: Final = 4
PERMUTATIONS: Final = 64
LSH_THRESHOLD: Final = 0.2
"""Candidates are proposed generously (MinHash Jaccard estimate) and confirmed exactly."""
MIN_SHINGLES: Final = 20
"""Texts shorter than this many shingles are too short to call copies."""
MAX_CHECKED: Final = 48
"""Candidates whose exact overlap is measured, the likeliest first (by MinHash estimate): reports that
share much wording (one agency's formula, a running story) would otherwise make every lookup cost the
whole window."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CopyLink:
    """`copy` (a content hash) repeats `original` with this shingle overlap."""

    copy: str
    original: str
    similarity: float


def shingles(text: str) -> frozenset[str]:
    """Word shingles of the text, case, accents and punctuation ignored."""
    folded = text.casefold()
    if not folded.isascii():
        folded = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    words = _WORD.findall(folded)
    if len(words) < SHINGLE_WORDS:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def overlap(a: frozenset[str] | frozenset[int], b: frozenset[str] | frozenset[int]) -> float:
    """How much of the smaller shingle set the larger one holds (1.0: one text contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class CopyIndex:
    """Originals seen so far; `find(doc)` tells whether a new document copies one of them.

    Each document is kept as the sorted 32-bit hashes of its shingles (about 2 KB a report), not the
    shingles themselves, and its MinHash is made from those hashes once, so an index of 100k reports
    stays a few hundred MB and a lookup costs no second pass over the text.
    """

    def __init__(self, settings: Settings) -> None:
        from datasketch import MinHashLSH

        self.threshold = settings.copy_similarity
        self.window = settings.copy_window
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
        self._hashes: dict[str, array[int]] = {}
        self._minhashes: dict[str, Any] = {}
        self._order: deque[str] = deque()
        self._original: dict[str, str] = {}
        self._last: tuple[str, frozenset[int], object | None] | None = None

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, key: str) -> bool:
        return key in self._original

    def add(self, doc: Document, original: str | None = None) -> None:
        """Index `doc`; a copy is remembered as standing for `original`."""
        key = doc.content_hash
        if key in self._hashes:
            return
        found, signature = self._signature(doc)
        self._hashes[key] = array("I", sorted(found))
        self._original[key] = self._original.get(original, original) if original else key
        if signature is not None:
            self._lsh.insert(key, signature)
            self._minhashes[key] = signature.hashvalues  # type: ignore[attr-defined]
        self._order.append(key)
        while len(self._order) > self.window:  # the oldest report leaves the comparison window
            old = self._order.popleft()
            if old in self._lsh:
                self._lsh.remove(old)
            del self._hashes[old]
            self._minhashes.pop(old, None)

    def find(self, doc: Document) -> CopyLink | None:
        """The link to the original `doc` copies, or None when it is a report of its own."""
        found, signature = self._signature(doc)
        if signature is None or not self._hashes:
            return None
        best: tuple[float, str] | None = None
        keys = [key for key in self._lsh.query(signature) if key != doc.content_hash]
        keys = self._likeliest(keys, len(found), signature)
        for key, score in zip(keys, self._overlaps(found, keys), strict=True):
            if score >= self.threshold and (best is None or (score, key) > best):
                best = (score, key)
        if best is None:
            return None
        score, key = best
        log.info("%s copies %s (overlap %.2f)", doc.name, key[:12], score)
        return CopyLink(doc.content_hash, self._original[key], round(score, 4))

    def _overlaps(self, found: frozenset[int], keys: list[str]) -> list[float]:
        """`overlap` of the shingle hashes with each indexed report of `keys`, in one pass over them."""
        if not keys:
            return []
        import numpy as np

        mine = np.array(sorted(found), dtype=np.uint32)
        theirs = [self._hashes[k] for k in keys]
        sizes = np.array([len(t) for t in theirs])
        every = np.concatenate([np.frombuffer(t, dtype=f"u{t.itemsize}") for t in theirs]).astype(np.uint32)
        at = np.minimum(np.searchsorted(mine, every), len(mine) - 1)
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        shared = np.add.reduceat((mine[at] == every).astype(np.int64), starts)
        return [int(n) / min(len(found), int(m)) if m else 0.0 for n, m in zip(shared, sizes, strict=True)]

    def _likeliest(self, keys: list[str], size: int, signature: Any) -> list[str]:
        """At most `MAX_CHECKED` of the candidates, those whose estimated overlap is largest: the share
        of equal MinHash values estimates the Jaccard index J, and J·(|a|+|b|)/(1+J) the shared shingles."""
        if len(keys) <= MAX_CHECKED:
            return keys
        import numpy as np

        jaccard = (np.stack([self._minhashes[k] for k in keys]) == signature.hashvalues).mean(axis=1)
        sizes = np.array([len(self._hashes[k]) for k in keys], dtype=np.float64)
        shared = jaccard * (sizes + size) / (1.0 + jaccard)
        estimate = shared / np.minimum(sizes, size)
        cut = np.partition(estimate, len(keys) - MAX_CHECKED)[len(keys) - MAX_CHECKED]  # the 48th largest
        above = [keys[i] for i in np.flatnonzero(estimate > cut)]
        tied = sorted(keys[i] for i in np.flatnonzero(estimate == cut))  # ties go by key, as in a full sort
        return above + tied[:MAX_CHECKED - len(above)]

    def _signature(self, doc: Document) -> tuple[frozenset[int], object | None]:
        """The document's shingle hashes and MinHash (None when too short to call a copy), made once
        for the `find` and `add` of the same document."""
        if self._last is not None and self._last[0] == doc.content_hash:
            return self._last[1], self._last[2]
        found = shingle_hashes(doc.analysis)
        signature = _minhash(found) if len(found) >= MIN_SHINGLES else None
        self._last = (doc.content_hash, found, signature)
        return found, signature


def shingle_hashes(text: str) -> frozenset[int]:
    """CRC-32 of each shingle: stable across processes and runs, and a fraction of the strings' size."""
    return frozenset(zlib.crc32(s.encode("utf-8")) for s in shingles(text))


def _minhash(found: frozenset[int]) -> object:
    import numpy as np
    from datasketch import MinHash

    template = _template()
    signature = MinHash(num_perm=PERMUTATIONS, hashfunc=_same, permutations=template.permutations,
                        scheme=template.scheme)
    signature.update_batch(np.fromiter(sorted(found), dtype=np.uint64, count=len(found)))
    return signature


@lru_cache(maxsize=1)
def _template() -> Any:
    """A MinHash whose permutations (fixed by the default seed) every signature reuses, rather than
    making them again for each report."""
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS)


def _same(value: int) -> int:
    """The shingles are hashed already (32-bit CRC), as MinHash wants its values."""
    return value


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
