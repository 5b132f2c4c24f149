"""Copies: near duplicates and syndicated rewrites found by MinHash LSH and confirmed by overlap."""

from newsroom import stories
from sitrep.settings import Settings
from sitrep.sources.copies import CopyIndex, find_copies, overlap, shingles
from sitrep.sources.ingest import from_text
from sitrep.store.sqlite import Store


def doc(name, text):
    return from_text(text, name, None)


def sample_docs():
    return {slug: "\n\n".join([headline, *paragraphs]) for slug, (headline, paragraphs) in stories().items()}


def rewrite(text):
    """What a syndicating outlet does: another headline, a credit line, a dropped last paragraph."""
    paragraphs = [line for line in text.split("\n") if line.strip()]
    return "\n\n".join(["WIRE: " + paragraphs[0].upper(), "(Border Wire Daily) -", *paragraphs[1:-1]])


def test_shingles_ignore_case_accents_and_punctuation():
    assert shingles("The Café, near Kabul; was shelled!") == shingles("the cafe near kabul was SHELLED")
    assert overlap(shingles("a b c d e f"), shingles("a b c d e f g h")) == 1.0
    assert overlap(frozenset(), shingles("a b c d")) == 0.0


def test_a_rewrite_is_a_copy_and_different_reports_are_not():
    texts = sample_docs()
    originals = [doc(slug, text) for slug, text in texts.items()]
    copies = [doc("wire-" + slug, rewrite(text)) for slug, text in texts.items()]
    links = find_copies(originals + copies, Settings.load())
    by_copy = {link.copy: link for link in links}
    assert set(by_copy) == {c.content_hash for c in copies}
    for original, copy in zip(originals, copies, strict=True):
        assert by_copy[copy.content_hash].original == original.content_hash
        assert by_copy[copy.content_hash].similarity >= 0.7


def test_chains_of_copies_point_at_one_original():
    text = next(iter(sample_docs().values()))
    first, second = doc("a", text), doc("b", rewrite(text))
    third = doc("c", rewrite(rewrite(text)))
    index = CopyIndex(Settings.load())
    index.add(first)
    link = index.find(second)
    index.add(second, link.original)
    assert index.find(third).original == first.content_hash


def test_the_threshold_decides():
    texts = list(sample_docs().values())
    half = texts[4].split("\n\n")
    mixed = "\n\n".join(half[: len(half) // 2] + texts[3].split("\n\n")[1:])
    strict = find_copies([doc("x", texts[4]), doc("y", mixed)], Settings.load(copy_similarity=0.95))
    loose = find_copies([doc("x", texts[4]), doc("y", mixed)], Settings.load(copy_similarity=0.2))
    assert strict == [] and len(loose) == 1


def test_short_texts_are_never_called_copies():
    a, b = doc("a", "Two soldiers were killed."), doc("b", "Two soldiers were killed.\n\nMore soon.")
    assert find_copies([a, b], Settings.load()) == []


def test_store_links_copies(tmp_path):
    texts = sample_docs()
    original, copy = doc("a", texts["000_a0dbf494eb824e28"]), doc("b", rewrite(texts["000_a0dbf494eb824e28"]))
    with Store(tmp_path / "s.db") as store:
        store.add_document(original)
        store.add_document(copy)
        assert store.link_copy(copy.content_hash, original.content_hash, 0.9)
        assert not store.link_copy(copy.content_hash, original.content_hash, 0.9)
        assert store.copies() == {copy.content_hash: (original.content_hash, 0.9)}


def test_the_window_bounds_the_index():
    texts = sample_docs()
    original = doc("a", texts["000_a0dbf494eb824e28"])
    others = [doc(f"o{i}", text) for i, text in enumerate(list(texts.values())[1:])]
    copy = doc("b", rewrite(texts["000_a0dbf494eb824e28"]))
    near = find_copies([original, copy], Settings.load(copy_window=2))
    far = find_copies([original, *others, copy], Settings.load(copy_window=2))
    assert [link.copy for link in near] == [copy.content_hash]
    assert far == []


def test_a_copy_is_found_among_many_reports_sharing_wording():
    """Running coverage repeats whole sentences; the copy of one report is still found when far more
    candidates share wording than are measured exactly."""
    import random

    from sitrep.sources.copies import MAX_CHECKED

    rng = random.Random(5)
    texts = list(sample_docs().values())
    common = [s.strip() + "." for t in texts for s in t.replace("\n", " ").split(". ") if len(s.split()) > 6][:16]
    index = CopyIndex(Settings.load())
    reports = []
    for n in range(3 * MAX_CHECKED):
        own = [f"Report {n} quotes official {rng.randrange(10**6)} on day {rng.randrange(10**6)} near post {n}."
               for _ in range(4)]
        text = " ".join(rng.sample(common, 10) + own)
        reports.append(doc(f"r{n}", text))
        index.add(reports[-1])
    target = reports[MAX_CHECKED]
    copy = doc("copy", "WIRE: " + target.text + " Officials gave no further detail.")
    found, signature = index._sketch(copy, None)
    assert len(index._lsh.query(signature)) > MAX_CHECKED  # more candidates than are measured exactly
    assert index.find(copy).original == target.content_hash


def test_overlaps_in_one_pass_equal_overlap_one_by_one():
    index = CopyIndex(Settings.load())
    docs = [doc(slug, text) for slug, text in sample_docs().items()]
    for d in docs:
        index.add(d)
    import numpy as np

    from sitrep.sources.copies import shingle_hashes

    mine = shingle_hashes(docs[0].analysis)
    slots = [index._slot[d.content_hash] for d in docs]
    expected = [overlap(mine, frozenset(index._hashes[k])) for k in slots]
    ordered = np.array(sorted(mine), dtype=np.uint32)
    assert index._overlaps(ordered, slots) == expected and expected[0] == 1.0 and min(expected) < 0.5


def test_a_signature_made_elsewhere_gives_the_same_links():
    """Worker processes send each report's signature with its analysis; the index then finds the same
    copies, originals and similarities as when it makes the signatures itself."""
    import pickle

    from sitrep.sources.copies import copy_signature

    texts = sample_docs()
    docs = [doc(slug, text) for slug, text in texts.items()]
    docs += [doc("wire-" + slug, rewrite(text)) for slug, text in texts.items()]
    docs += [doc("again-" + slug, rewrite(rewrite(text))) for slug, text in list(texts.items())[:3]]
    docs.append(doc("short", "Two soldiers were killed."))
    in_place, given = CopyIndex(Settings.load()), CopyIndex(Settings.load())
    found_in_place, found_given = [], []
    for d in docs:
        signature = pickle.loads(pickle.dumps(copy_signature(d.analysis)))  # as it crosses processes
        found_in_place.append(in_place.find(d))
        in_place.add(d, found_in_place[-1].original if found_in_place[-1] else None)
        found_given.append(given.find(d, signature))
        given.add(d, found_given[-1].original if found_given[-1] else None, signature)
    assert found_given == found_in_place
    assert sum(link is not None for link in found_given) == len(texts) + 3


def test_a_later_run_looks_for_copies_among_the_last_stored_reports_only(tmp_path):
    """A run's copy index starts from the stored reports still in the window (not every report
    stored): the links are those of one run over all the reports."""
    from sitrep.run.workbench import Workbench

    texts = list(sample_docs().values())
    originals = [doc(f"r{i}", text) for i, text in enumerate(texts)]
    later = [doc("copy-of-first", rewrite(texts[0])), doc("copy-of-last", rewrite(texts[-1]))]
    settings = Settings.load(db=str(tmp_path / "two-runs.db"), copy_window=2)
    with Workbench(settings) as bench:
        bench.ingest_documents(originals)
        assert [d.name for d in bench.store.documents(last=2)] == [d.name for d in originals[-2:]]
        assert [d.name for d in bench.store.documents(last=len(originals) + 5)] == [d.name for d in originals]
        assert list(bench.store.documents(last=0)) == []
        bench.ingest_documents(later)
        two_runs = bench.store.copies()
    one_run = {link.copy: (link.original, link.similarity) for link in find_copies([*originals, *later], settings)}
    assert two_runs == one_run
    assert list(two_runs) == [later[1].content_hash]  # the first report had left the window
