"""Gazetteer storage: the packed TSV becomes an indexed SQLite file once, which later starts reuse."""

from __future__ import annotations

import gzip
import multiprocessing
import os
from pathlib import Path

import pytest

from sitrep.errors import DataError
from sitrep.extract.gazetteer import Gazetteer, cached_database, load_gazetteer, name_key, read_entries

ROWS = [
    "# id\tgeonameid ...",
    "1\tpopulated_place\tKabul\tAF\tKabul\t\t34.5\t69.2\t7.9\t\tkabul\tcabul",
    "\tadmin1\tKabul\tAF\tKabul\t\t34.6\t69.2\t5.5\t0\tkabul",
    "\tcountry\tAfghanistan\tAF\t\t\t33.9\t67.7\t8.0\t0\tafghanistan",
    "2\tpopulated_place\tKandahar\tAF\tKandahar\t\t31.6\t65.7\t6.0\t\tkandahar",
]


def packed(rows: list[str] = ROWS) -> bytes:
    return gzip.compress(("\n".join(rows) + "\n").encode("utf-8"), mtime=0)  # the same bytes every time


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SITREP_CACHE_DIR", str(folder))
    return folder


def test_built_once_then_reused(cache: Path) -> None:
    path = cached_database(packed())
    assert path.parent == cache and path.exists()
    stamp = path.stat().st_mtime_ns
    assert cached_database(packed()) == path and path.stat().st_mtime_ns == stamp
    other = cached_database(packed(ROWS[:-1]))  # other data, other file
    assert other != path and other.exists()


def test_lookups_match_the_tsv(cache: Path) -> None:
    gazetteer = Gazetteer(cached_database(packed()), abbreviations={"Afg.": "AF"})
    entries, _ = read_entries(ROWS)
    assert len(gazetteer) == len(entries) and list(gazetteer) == entries
    kabul = gazetteer.lookup("KABUL")
    assert [e.feature for e in kabul] == ["populated_place", "admin1"]
    assert gazetteer.candidates(name_key("Cabul")) == ((entries[0], True),)
    assert gazetteer.lookup("Kabul")[0] is gazetteer[0]  # one object per entry
    assert gazetteer.seat_of(gazetteer[1]) is gazetteer[0]
    assert gazetteer.country("af") == entries[2] and gazetteer.admin1("AF", "kabul") == entries[1]
    assert gazetteer.abbreviations == {"Afg.": 2}
    assert not gazetteer.has_key("herat") and gazetteer.lookup("Herat") == []
    with pytest.raises(KeyError):
        gazetteer[99]


def test_a_broken_cache_file_is_rebuilt(cache: Path) -> None:
    path = cached_database(packed())
    path.write_bytes(b"not a database")
    assert cached_database(packed()) == path
    assert Gazetteer(path).lookup("Kandahar")


def test_an_unwritable_cache_falls_back_to_a_temporary_folder(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("SITREP_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    (tmp_path / "tmp").mkdir()
    path = cached_database(packed())
    assert str(path).startswith(str(tmp_path / "tmp")) and Gazetteer(path).lookup("Kabul")
    (tmp_path / "tmp").chmod(0o500)
    try:
        if os.access(tmp_path / "tmp", os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(DataError, match="SITREP_CACHE_DIR"):
            cached_database(packed(ROWS[:-1]))
    finally:
        (tmp_path / "tmp").chmod(0o700)


def _lookup_in_child(gazetteer: Gazetteer, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    out.put([e.name for e in gazetteer.lookup("Kandahar")])


def test_a_forked_child_opens_its_own_connection(cache: Path) -> None:
    gazetteer = Gazetteer(cached_database(packed()))
    assert gazetteer.lookup("Kabul")  # the parent's connection is open
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_lookup_in_child, args=(gazetteer, out))
    child.start()
    child.join(30)
    assert child.exitcode == 0 and out.get(timeout=5) == ["Kandahar"]


def test_the_packaged_gazetteer_opens_from_its_cache() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.path.exists() and len(gazetteer) > 100_000
    assert gazetteer.lookup("Torkham")
