#!/usr/bin/env python3
"""Rebuild src/sitrep/data/english_stopwords.txt from spaCy's English stop-word list.

    python scripts/build_stopwords.py

The places stage reads the list from this file rather than importing spaCy, whose import alone
costs about half a second at every start of the command line.
"""

from __future__ import annotations

from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "english_stopwords.txt"


def main() -> None:
    header = "# English stop words, one a line (from spaCy's English list; rebuilt by scripts/build_stopwords.py)\n"
    OUT.write_text(header + "\n".join(sorted(STOP_WORDS)) + "\n", encoding="utf-8")
    print(f"{len(STOP_WORDS)} words -> {OUT}")


if __name__ == "__main__":
    main()
