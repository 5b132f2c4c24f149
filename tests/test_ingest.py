import json
from datetime import date

import pytest

from sitrep.errors import BinaryInput, EmptyInput, EncodingError, InputError, MalformedInput, NotFound, TooLarge
from sitrep.records import Document
from sitrep.settings import Settings
from sitrep.sources.ingest import read_inputs


@pytest.fixture
def settings():
    return Settings.load(db=":memory:")


def split(results):
    results = list(results)
    docs = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, InputError)]
    return docs, errors


def test_text_file_title_and_published_date(tmp_path):
    (tmp_path / "a.txt").write_text("\n  Headline here\n\nBody text. 3 killed.\n", encoding="utf-8")
    docs, errors = split(read_inputs([tmp_path], Settings.load(published=date(2025, 10, 12))))
    assert not errors
    assert docs[0].name == "a.txt" and docs[0].title == "Headline here"
    assert docs[0].published == date(2025, 10, 12)


def test_bad_inputs_are_named_and_the_rest_is_read(tmp_path, settings):
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 clash".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Title\nFive soldiers were killed.", encoding="utf-8")
    docs, errors = split(read_inputs([tmp_path, tmp_path / "missing.txt"], settings))
    assert [d.name for d in docs] == ["good.txt"]
    kinds = {type(e): str(e) for e in errors}
    assert "binary.txt" in kinds[BinaryInput]
    assert "empty.txt" in kinds[EmptyInput]
    assert "latin1.txt" in kinds[EncodingError] and "byte 3" in kinds[EncodingError]
    assert "missing.txt" in kinds[NotFound]


def test_jsonl_bad_line_names_file_and_line(tmp_path, settings):
    lines = [
        json.dumps({"id": "a", "text": "Two soldiers were killed.", "published": "2025-01-02"}),
        "{not json",
        json.dumps({"id": "c"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "e", "text": "Three civilians were injured."}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = split(read_inputs([path], settings))
    assert [d.name for d in docs] == ["a", "e"]
    assert docs[0].published == date(2025, 1, 2)
    assert sorted(str(e).split(":")[1] for e in errors) == ["2", "3", "4"]
    assert all(isinstance(e, MalformedInput) for e in errors)


def test_oversized_input_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000, encoding="utf-8")
    _, errors = split(read_inputs([path], Settings.load(max_input_bytes=1000)))
    assert isinstance(errors[0], TooLarge) and "big.txt" in str(errors[0])


def test_html_main_text_is_extracted(tmp_path, settings):
    body = "<p>" + "Militants attacked a checkpoint near the border on Sunday. " * 3 + "</p>"
    html = (
        "<html><head><title>Checkpoint attack</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Checkpoint attack</h1>{body}<p>Four soldiers were killed, officials said.</p></article>"
        "<footer>Copyright 2025 Example News</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    docs, errors = split(read_inputs([tmp_path], settings))
    assert not errors
    assert "Four soldiers were killed" in docs[0].text
    assert "Home | World" not in docs[0].text
    assert docs[0].title == "Checkpoint attack"


def test_jsonl_streams_past_the_file_limit_and_holds_each_line_to_it(tmp_path):
    small = Settings.load(db=":memory:", max_input_bytes=2_000)
    good = [json.dumps({"id": f"r{i}", "text": f"Report {i}. {i + 2} soldiers were killed in the clash."})
            for i in range(60)]
    long = json.dumps({"id": "long", "text": "Soldiers were killed. " * 200})
    path = tmp_path / "feed.jsonl"
    raw = "\n".join(good[:30] + [long] + good[30:]).encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + raw.replace(b'"r5"', b'"r\xff5"') + b"\n")
    assert path.stat().st_size > 3 * small.max_input_bytes
    docs, errors = split(read_inputs([path], small))
    assert len(docs) == 59 and docs[0].name == "r0" and docs[-1].name == "r59"
    assert {e.source: type(e) for e in errors} == {f"{path}:6": EncodingError, f"{path}:31": TooLarge}


def test_jsonl_of_blank_lines_is_empty_and_binary_jsonl_is_refused(tmp_path, settings):
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n\n")
    (tmp_path / "nul.jsonl").write_bytes(b'{"id": 1, "text": "x"}\n\x00\x00')
    docs, errors = split(read_inputs([tmp_path], settings))
    assert not docs and {type(e): e.source for e in errors} == {
        EmptyInput: str(tmp_path / "blank.jsonl"), BinaryInput: str(tmp_path / "nul.jsonl")}


def test_jsonl_of_one_bad_line_gives_that_line_error_only(tmp_path, settings):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": 1, "text": "caf\xe9"}\n\n')
    docs, errors = split(read_inputs([path], settings))
    assert not docs and [(type(e), e.source) for e in errors] == [(EncodingError, f"{path}:1")]
