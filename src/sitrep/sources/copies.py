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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from ..records import Document
from ..settings import Settings

log = logging.getLogger(__name__)

# numpy and datasketch are imported inside the functions that use them: they take about 1 s to import
# together, and only storing reports looks for copies; reading files (`sitrep extract`) never does.

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
class Signature:
    """What copy detection needs of a report's text, made once wherever the text is at hand (a worker
    process sends it back with the analysis): the sorted CRC-32 hashes of its shingles (uint32) and, when
    it has enough shingles to call a copy, its MinHash values; both as bytes, which cross processes cheaply."""

    hashes: bytes
    minhash: bytes | None


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
        from datasketch import MinHashLSH  # inside: see the note at the top

        self.threshold = settings.copy_similarity
        self.window = settings.copy_window
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)  # keyed by slot
        self._slot: dict[str, int] = {}  # content hash: its slot, the number of reports indexed before it
        self._key: dict[int, str] = {}  # slot: content hash
        self._hashes: dict[int, Any] = {}  # slot: its report's sorted shingle hashes (a uint32 array)
        self._minhashes: Any = None  # row (slot modulo the window): its report's MinHash values
        self._sizes: Any = None  # row: its report's number of shingle hashes
        self._added = 0
        self._original: dict[str, str] = {}
        self._last: tuple[str, Any, object | None] | None = None
        self._low_bits: Any = None  # a table of the low 16 bits of the hashes being looked up, kept all False

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, key: str) -> bool:
        return key in self._original

    def add(self, doc: Document, original: str | None = None, signature: Signature | None = None) -> None:
        """Index `doc`; a copy is remembered as standing for `original`. `signature` is the document's,
        if made already (`copy_signature(doc.analysis)`)."""
        key = doc.content_hash
        if key in self._slot:
            return
        found, minhash = self._sketch(doc, signature)
        slot = self._added
        self._added += 1
        self._slot[key], self._key[slot], self._hashes[slot] = slot, key, found
        self._original[key] = self._original.get(original, original) if original else key
        if minhash is not None:
            self._lsh.insert(slot, minhash)
            self._keep_row(slot, minhash.hashvalues, len(found))
        if slot >= self.window:  # the oldest report leaves the comparison window
            old = slot - self.window
            if old in self._lsh:
                self._lsh.remove(old)
            del self._slot[self._key.pop(old)], self._hashes[old]

    def _keep_row(self, slot: int, values: Any, size: int) -> None:
        """Note a report's MinHash values and size in its row of the window's arrays (grown as needed)."""
        import numpy as np  # inside: see the note at the top

        row = slot % self.window
        if self._minhashes is None or row >= len(self._minhashes):
            rows = min(self.window, max(1024, 2 * row))
            grown = np.zeros((rows, len(values)), dtype=values.dtype)
            sizes = np.zeros(rows, dtype=np.float64)
            if self._minhashes is not None:
                grown[:len(self._minhashes)] = self._minhashes
                sizes[:len(self._sizes)] = self._sizes
            self._minhashes, self._sizes = grown, sizes
        self._minhashes[row] = values
        self._sizes[row] = size

    def find(self, doc: Document, signature: Signature | None = None) -> CopyLink | None:
        """The link to the original `doc` copies, or None when it is a report of its own. `signature` is
        the document's, if made already (`copy_signature(doc.analysis)`): the link is the same either way."""
        found, minhash = self._sketch(doc, signature)
        if minhash is None or not self._hashes:
            return None
        best: tuple[float, str] | None = None
        own = self._slot.get(doc.content_hash)
        slots = [slot for slot in self._lsh.query(minhash) if slot != own]
        slots = self._likeliest(slots, len(found), minhash)
        for slot, score in zip(slots, self._overlaps(found, slots), strict=True):
            if score >= self.threshold and (best is None or (score, self._key[slot]) > best):
                best = (score, self._key[slot])
        if best is None:
            return None
        score, key = best
        log.info("%s copies %s (overlap %.2f)", doc.name, key[:12], score)
        return CopyLink(doc.content_hash, self._original[key], round(score, 4))

    def _overlaps(self, mine: Any, slots: list[int]) -> list[float]:
        """`overlap` of the sorted shingle hashes `mine` with each indexed report of `slots`, in one pass."""
        if not slots:
            return []
        import numpy as np  # inside: see the note at the top

        theirs = [self._hashes[k] for k in slots]
        sizes = np.array([len(t) for t in theirs])
        held = self._held(mine, np.concatenate(theirs))
        shared = np.bincount(np.searchsorted(np.cumsum(sizes), held, side="right"), minlength=len(slots))
        return [int(n) / min(len(mine), int(m)) if m else 0.0 for n, m in zip(shared, sizes, strict=True)]

    def _held(self, mine: Any, every: Any) -> Any:
        """The positions in `every` of the hashes the sorted `mine` holds. A table of the low 16 bits of
        `mine` rules out almost all the others at once, and a binary search settles the few left."""
        import numpy as np  # inside: see the note at the top

        if self._low_bits is None:
            self._low_bits = np.zeros(1 << 16, dtype=bool)
        low = mine & 0xFFFF
        self._low_bits[low] = True
        try:
            maybe = np.flatnonzero(self._low_bits[every & 0xFFFF])
        finally:
            self._low_bits[low] = False
        hashes = every[maybe]
        at = np.minimum(np.searchsorted(mine, hashes), len(mine) - 1)
        return maybe[mine[at] == hashes]

    def _likeliest(self, slots: list[int], size: int, minhash: Any) -> list[int]:
        """At most `MAX_CHECKED` of the candidates, those whose estimated overlap is largest: the share
        of equal MinHash values estimates the Jaccard index J, and J·(|a|+|b|)/(1+J) the shared shingles."""
        if len(slots) <= MAX_CHECKED:
            return slots
        import numpy as np  # inside: see the note at the top

        picked = np.fromiter(slots, dtype=np.int64, count=len(slots))
        rows = picked % self.window
        jaccard = (self._minhashes[rows] == minhash.hashvalues).mean(axis=1)
        sizes = self._sizes[rows]
        shared = jaccard * (sizes + size) / (1.0 + jaccard)
        estimate = shared / np.minimum(sizes, size)
        cut = np.partition(estimate, len(slots) - MAX_CHECKED)[len(slots) - MAX_CHECKED]  # the 48th largest
        above = [int(k) for k in picked[estimate > cut]]
        tied = sorted((int(k) for k in picked[estimate == cut]), key=self._key.__getitem__)  # by key, as a full sort
        return above + tied[:MAX_CHECKED - len(above)]

    def _sketch(self, doc: Document, signature: Signature | None) -> tuple[Any, Any]:
        """The document's sorted shingle hashes (a uint32 array) and MinHash (None when too short to
        call a copy), from `signature` or else from its text, made once for the `find` and `add` of the
        same document."""
        if self._last is not None and self._last[0] == doc.content_hash:
            return self._last[1], self._last[2]
        import numpy as np  # inside: see the note at the top

        given = signature or copy_signature(doc.analysis)
        found = np.frombuffer(given.hashes, dtype=np.uint32)
        minhash = None if given.minhash is None else _lean_minhash(given.minhash)
        self._last = (doc.content_hash, found, minhash)
        return found, minhash


def copy_signature(text: str) -> Signature:
    """The text's `Signature`: its shingle hashes, and their MinHash when there are enough of them."""
    import numpy as np  # inside: see the note at the top

    found = shingle_hashes(text)
    ordered = np.fromiter(sorted(found), dtype=np.uint32, count=len(found))
    if len(ordered) < MIN_SHINGLES:
        return Signature(ordered.tobytes(), None)
    return Signature(ordered.tobytes(), _minhash(ordered).hashvalues.tobytes())


def _lean_minhash(values: bytes) -> Any:
    """The MinHash whose values are `values` (as `_minhash` made them), to query and fill the LSH index."""
    import numpy as np  # inside: see the note at the top
    from datasketch import LeanMinHash

    template = _template()
    hashvalues = np.frombuffer(values, dtype=template.hashvalues.dtype)
    return LeanMinHash(seed=template.seed, hashvalues=hashvalues, scheme=template.scheme)


def shingle_hashes(text: str) -> frozenset[int]:
    """CRC-32 of each shingle: stable across processes and runs, and a fraction of the strings' size."""
    return frozenset(zlib.crc32(s.encode("utf-8")) for s in shingles(text))


def _minhash(ordered: Any) -> Any:
    """The MinHash of the shingle hashes `ordered` (a uint32 array)."""
    import numpy as np  # inside: see the note at the top
    from datasketch import MinHash

    template = _template()
    signature = MinHash(num_perm=PERMUTATIONS, hashfunc=_same, permutations=template.permutations,
                        scheme=template.scheme)
    signature.update_batch(ordered.astype(np.uint64))
    return signature


@lru_cache(maxsize=1)
def _template() -> Any:
    """A MinHash whose permutations (fixed by the default seed) every signature reuses, rather than
    making them again for each report."""
    from datasketch import MinHash  # inside: see the note at the top

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
