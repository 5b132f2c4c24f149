"""bench/corpus.py: the benchmark corpus is reproducible, varied, and reads as sitrep input."""

from __future__ import annotations

from pathlib import Path

from helpers import bench_corpus
from sitrep.records import Document
from sitrep.settings import Settings
from sitrep.sources.ingest import read_inputs


def test_the_same_seed_gives_the_same_files(tmp_path: Path) -> None:
    corpus = bench_corpus()
    a = corpus.write_corpus(tmp_path / "a", 120, seed=4, shard=50)
    b = corpus.write_corpus(tmp_path / "b", 120, seed=4, shard=50)
    c = corpus.write_corpus(tmp_path / "c", 120, seed=5, shard=50)
    assert [f.name for f in a] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert [f.read_bytes() for f in a] == [f.read_bytes() for f in b]
    assert [f.read_bytes() for f in a] != [f.read_bytes() for f in c]


def test_reports_are_distinct_and_varied(tmp_path: Path) -> None:
    rows = list(bench_corpus().generate(300, seed=2))
    texts = [r["text"] for r in rows]
    assert len(set(texts)) == 300 and len({r["id"] for r in rows}) == 300
    assert len({r["source"] for r in rows}) > 10 and len({r["published"] for r in rows}) > 100
    sources = bench_corpus().sources()
    unchanged = sum(any(r["text"] == s.text for s in sources) for r in rows)
    assert unchanged < 60  # most reports differ from the text they were built from


def test_lengths_follow_chars() -> None:
    corpus = bench_corpus()
    short = [len(r["text"]) for r in corpus.generate(100, seed=3, chars=400)]
    long = [len(r["text"]) for r in corpus.generate(100, seed=3, chars=3000)]
    assert 300 < sum(short) / 100 < 550
    assert 2400 < sum(long) / 100 < 3600


def test_the_corpus_reads_as_sitrep_input(tmp_path: Path) -> None:
    bench_corpus().write_corpus(tmp_path, 80, seed=6, shard=30)
    read = list(read_inputs([tmp_path], Settings.load(db=":memory:")))
    assert len(read) == 80 and all(isinstance(d, Document) and d.published for d in read)
