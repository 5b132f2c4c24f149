"""The server's defences, against a real uvicorn on 127.0.0.1: read-only by default, a bearer token
for writes, SQL only with parameters, a Content-Security-Policy without inline script on every
route, body size and rate limits, no way out of the static folder; and the fetcher's refusal of
private and loopback addresses."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

import sitrep
from helpers import free_port, sample_store
from helpers import serving as serving_app
from sitrep.errors import FetchError, PrivateAddress, SettingsError
from sitrep.settings import Settings
from sitrep.sources.fetch import Fetcher
from sitrep.web import api, create_app, pages
from sitrep.web.guard import RateLimiter

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sitrep"
TOKEN = "a-long-enough-test-token-0123456789"
ARTICLE = {
    "id": "posted-1", "title": "Clashes near Afgooye <script>alert(1)</script>", "published": "2024-03-04",
    "text": "MOGADISHU, 3 March 2024 - At least 7 soldiers were killed in clashes with al-Shabaab fighters"
            " near Afgooye on Sunday, the Somali army said. <img src=x onerror=alert(2)>",
}


@contextmanager
def serving(settings: Settings) -> Iterator[httpx.Client]:
    """`create_app(settings)` under uvicorn on a free port of 127.0.0.1; a client for it."""
    with serving_app(create_app(settings)) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory.mktemp("security") / "store.db")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[httpx.Client]:
    with serving(Settings.load(db=str(db))) as c:
        yield c


def _writable(db: Path, **extra: Any) -> Settings:
    return Settings.load(db=str(db), web_allow_writes=True, web_token=TOKEN, **extra)


# --------------------------------------------------------------------------- read-only, token


def test_the_server_is_read_only_by_default(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert {method for ops in spec["paths"].values() for method in ops} == {"get"}
    lines = json.dumps(ARTICLE)
    for path in ("/api/reports", "/api/incidents", "/", "/api/claims"):
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            answer = client.request(method, path, content=lines, headers={"Authorization": f"Bearer {TOKEN}"})
            assert answer.status_code == 405, (method, path)


def test_writes_need_the_bearer_token(tmp_path: Path) -> None:
    db = sample_store(tmp_path / "writable.db")
    body = json.dumps(ARTICLE) + "\n"
    with serving(_writable(db)) as c:
        before = c.get("/api/reports").json()
        assert c.post("/api/reports", content=body).status_code == 401
        wrong = {"Authorization": "Bearer wrong-token-wrong-token"}
        refused = c.post("/api/reports", content=body, headers=wrong)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert c.post("/api/reports", content=body, headers={"Authorization": TOKEN}).status_code == 401
        assert c.get("/api/reports").json() == before, "a refused write changed nothing"
        done = c.post("/api/reports", content=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert done.status_code == 200, done.text
        assert done.json()["added"] == 1
        after = c.get("/api/reports").json()
        assert len(after) == len(before) + 1, "the dashboard shows the stored report at once"
        page = c.get("/reports/posted-1").text
        assert "<script>alert(1)" not in page and "<img src=x" not in page and "&lt;script&gt;" in page


def test_writes_need_a_token_worth_the_name(tmp_path: Path) -> None:
    for token in (None, "", "short"):
        with pytest.raises(SettingsError, match="token"):
            Settings.load(db=str(tmp_path / "x.db"), web_allow_writes=True, web_token=token)
    env = {k: v for k, v in os.environ.items() if k != "SITREP_TOKEN"}
    env["PYTHONPATH"] = str(ROOT / "src")
    run = subprocess.run([sys.executable, "-m", "sitrep.cli", "serve", "--allow-writes", "--db",
                          str(tmp_path / "x.db"), "--port", str(free_port())],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 2 and "SITREP_TOKEN" in run.stderr


# --------------------------------------------------------------------------- SQL

SQL_WORD = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|PRAGMA|WHERE|VALUES)\b")
BUILT_SQL_ALLOWED = {
    ("store/sqlite.py", "_apply_step"): "a migration file we ship and its integer version",
    ("store/base.py", "_upsert"): "column names checked against the table's fixed list",
}
"""Functions that build SQL text at run time, and why no outside value reaches it."""


def _built_sql(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """(function, line) of each f-string, `%` or `.format` whose literal text reads as SQL."""
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if SQL_WORD.search(_literal_text(node)):
                yield func.name, node.lineno


def _literal_text(node: ast.AST) -> str:
    """The literal text of an f-string, of `"..." % x` or of `"...".format(x)`; "" for other nodes."""
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        return str(node.left.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return str(node.func.value.value) if isinstance(node.func.value, ast.Constant) else ""
    return ""


def test_sql_is_built_only_from_our_own_text() -> None:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        for name, line in _built_sql(ast.parse(path.read_text(encoding="utf-8"))):
            found[(path.relative_to(SRC).as_posix(), name)] = line
    unexpected = {key: line for key, line in found.items() if key not in BUILT_SQL_ALLOWED}
    assert not unexpected, f"SQL built from run-time values (use parameters): {unexpected}"
    web = SRC / "web"
    for path in web.rglob("*.py"):
        assert not re.search(r"\.execute(many|script)?\(", path.read_text(encoding="utf-8")), path


def test_the_scan_finds_sql_built_from_values() -> None:
    sample = 'def bad(conn, name):\n    conn.execute(f"SELECT * FROM documents WHERE name = \'{name}\'")\n'
    assert list(_built_sql(ast.parse(sample))) == [("bad", 2)]


def test_hostile_filter_values_are_only_values(client: httpx.Client, db: Path) -> None:
    everything = client.get("/api/incidents").json()
    for value in ("' OR 1=1 --", '"; DROP TABLE incidents; --', "PK' UNION SELECT * FROM documents --"):
        for name in ("country", "actor", "kind", "event_type", "q"):
            answer = client.get("/api/incidents", params={name: value})
            assert answer.status_code == 200 and answer.json() == [], (name, value)
        assert client.get("/api/claims", params={"doc": value}).json() == []
        assert client.get(f"/api/incidents/{value}").status_code == 404
    assert client.get("/api/incidents").json() == everything
    with sitrep.open(db) as bench:
        assert len(bench.incidents()) == len(everything)


# --------------------------------------------------------------------------- headers


def _routes(client: httpx.Client) -> list[str]:
    """Every page and API route of the app, with real values in their path parameters."""
    incident = client.get("/api/incidents").json()[0]["id"]
    report = client.get("/api/reports").json()[0]["doc"]
    paths = ["/openapi.json", "/static/app.js", "/no-such-page", "/api/incidents/none", "/incidents/none"]
    for route in [*pages.router.routes, *api.router.routes]:
        path = getattr(route, "path", "")
        if "GET" in (getattr(route, "methods", None) or set()):
            paths.append(path.replace("{incident_id}", incident).replace("{name}", report))
    assert {"/", "/map", "/api/incidents", "/sitrep.html", f"/incidents/{incident}"} <= set(paths)
    return paths


def _forbids_inline_script(policy: str) -> bool:
    rules = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    scripts = rules.get("script-src", rules.get("default-src", ""))
    return "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and (
        "script-src" in rules or "'none'" in rules.get("default-src", ""))


def test_every_route_forbids_inline_script(client: httpx.Client) -> None:
    for path in _routes(client):
        answer = client.get(path)
        policy = answer.headers.get("content-security-policy", "")
        assert _forbids_inline_script(policy), (path, policy)
        assert answer.headers["x-content-type-options"] == "nosniff", path
        assert answer.headers["x-frame-options"] == "DENY", path
    assert not _forbids_inline_script("default-src 'self'; script-src 'self' 'unsafe-inline'")
    assert not _forbids_inline_script("img-src 'self'")


# --------------------------------------------------------------------------- limits


def test_bodies_over_the_limit_are_refused(tmp_path: Path) -> None:
    db = sample_store(tmp_path / "small.db")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = (json.dumps({**ARTICLE, "text": ARTICLE["text"] + " more" * 2000}) + "\n").encode()
    with serving(_writable(db, web_max_body=5_000)) as c:
        declared = c.post("/api/reports", content=big, headers=auth)
        assert declared.status_code == 413 and "5000 bytes" in declared.json()["error"]
        assert _forbids_inline_script(declared.headers["content-security-policy"])
        chunked = c.post("/api/reports", content=iter([big[i:i + 1000] for i in range(0, len(big), 1000)]),
                         headers=auth)
        assert chunked.status_code == 413
        assert c.request("GET", "/", content=big).status_code == 413, "also where no body is expected"
        small = c.post("/api/reports", content=json.dumps(ARTICLE).encode(), headers=auth)
        assert small.status_code == 200 and small.json()["added"] == 1
    with sitrep.open(db) as bench:
        assert sum(doc.name == "posted-1" for doc in bench.documents()) == 1


def test_a_client_past_the_rate_limit_is_told_to_wait(db: Path) -> None:
    with serving(Settings.load(db=str(db), web_rate_limit=5)) as c:
        codes = [c.get("/api/incidents?limit=1").status_code for _ in range(30)]
        assert codes[:5] == [200] * 5, "a burst of one second's worth is allowed"
        assert 429 in codes
        refused = c.get("/api/incidents?limit=1")
        assert refused.status_code == 429 and refused.headers["retry-after"] == "1"


def test_no_rate_limit_by_default(client: httpx.Client) -> None:
    assert {client.get("/api/incidents?limit=1").status_code for _ in range(100)} == {200}


def test_the_rate_limiter_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(3)] == [True, True, False]
    assert limiter.allow("b"), "each client has its own allowance"
    now[0] += 0.5
    assert limiter.allow("a") and not limiter.allow("a")
    assert all(RateLimiter(0).allow("a") for _ in range(1000)), "0: no limit"


# --------------------------------------------------------------------------- paths and addresses


def test_no_path_leads_out_of_the_static_folder(client: httpx.Client) -> None:
    secret = (SRC / "web" / "app.py").read_text(encoding="utf-8")[:60]
    for path in ("/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/..%5capp.py",
                 "/static/%2e%2e%2f%2e%2e%2fsettings.py", "/static//etc/passwd", "/reports/..%2f..%2fapp.py",
                 "/reports/%2fetc%2fpasswd"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert secret not in answer.text and "root:" not in answer.text, path


def test_the_write_endpoint_reads_text_never_files_or_urls(tmp_path: Path) -> None:
    db = tmp_path / "paths.db"
    sitrep.open(db).close()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with serving(_writable(db)) as c:
        for line in ("/etc/passwd", str(SRC / "web" / "app.py"), "http://127.0.0.1/feed.xml"):
            answer = c.post("/api/reports", content=line, headers=auth)
            assert answer.status_code == 422 and answer.json()["added"] == 0 and answer.json()["failed"]
    with sitrep.open(db) as bench:
        assert bench.documents() == []


@pytest.mark.parametrize("address", ["127.0.0.1", "[::1]", "10.0.0.7", "192.168.1.1", "169.254.169.254",
                                     "0.0.0.0", "[::ffff:127.0.0.1]", "172.16.0.1"])
def test_the_fetcher_refuses_private_and_loopback_addresses(address: str) -> None:
    with Fetcher(Settings.load(fetch_retries=0)) as web, pytest.raises(PrivateAddress):
        web.get(f"http://{address}/feed.xml")


def test_ingest_from_a_loopback_url_needs_allow_private(tmp_path: Path) -> None:
    from newsroom import serve

    http, room = serve()
    try:
        db = tmp_path / "fetch.db"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "sitrep.cli", "ingest", room.url("/feed.xml"), "--db", str(db)]
        run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 1 and "loopback" in run.stderr and "--allow-private" in run.stderr
        assert room.hits == {}, "nothing was asked of the refused address"
    finally:
        http.shutdown()
    with sitrep.open(db) as bench:
        assert bench.documents() == []


@pytest.mark.parametrize("value", ["7" * 5000, "[" * 100_000 + "]" * 100_000], ids=["huge-integer", "deep-nesting"])
def test_a_posted_value_past_the_parser_limits_is_a_client_error(tmp_path: Path, value: str) -> None:
    db = tmp_path / "posted.db"
    sitrep.open(db).close()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bad = '{"id": "bad", "text": "x", "n": ' + value + "}"
    with serving(_writable(db)) as c:
        alone = c.post("/api/reports", content=bad, headers=auth)
        assert alone.status_code == 422, alone.text
        assert [f["code"] for f in alone.json()["failed"]] == ["malformed"]
        mixed = c.post("/api/reports", content=json.dumps(ARTICLE) + "\n" + bad, headers=auth)
        assert mixed.status_code == 200 and mixed.json()["added"] == 1, mixed.text
        assert "request:2" in mixed.json()["failed"][0]["message"]


@pytest.mark.parametrize("address", [
    "100.64.0.1", "100.100.100.200",            # shared address space (carrier-grade NAT, cloud metadata)
    "198.18.0.1", "240.0.0.1", "224.0.0.251",    # benchmarking, reserved, multicast
    "[2002:7f00:1::]", "[2002:a9fe:a9fe::1]",   # 6to4 wrapping 127.0.0.1 and 169.254.169.254
    "[2002:a00:7::]",                            # 6to4 wrapping 10.0.0.7
    "[fec0::1]", "[fd00::1]", "[ff0e::1]",       # site-local, unique local, global multicast
    "[64:ff9b::7f00:1]", "[64:ff9b::a9fe:a9fe]",  # NAT64 wrapping 127.0.0.1 and 169.254.169.254
    "[2001:0:4136:e378:8000:63bf:80ff:fffe]",    # Teredo
])
def test_the_fetcher_refuses_every_address_that_is_not_global(address: str) -> None:
    with Fetcher(Settings.load(fetch_retries=0)) as web, pytest.raises(PrivateAddress):
        web.get(f"http://{address}/feed.xml")


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "2002:5db8:d70e::1"])
def test_the_fetcher_asks_global_addresses(address: str) -> None:
    answer = httpx.MockTransport(lambda request: httpx.Response(200, html="<html><body><p>ok</p></body></html>"))
    with Fetcher(Settings.load(fetch_retries=0), transport=answer, resolve=lambda host, port: [address]) as web:
        assert web.get("http://outlet.example/story").status == 200


class _Recorder(BaseHTTPRequestHandler):
    """Answers every GET with a small page and records the Host header it was sent."""

    hosts: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.hosts.append(self.headers.get("Host", ""))
        body = b"<html><body><article><p>A page of the outlet.</p></article></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def recording_server(tls: Any = None) -> Iterator[tuple[int, list[str]]]:
    """A server on 127.0.0.1 (over TLS with the context `tls`, if given): its port and the Hosts it saw."""
    import threading

    handler = type("Handler", (_Recorder,), {"hosts": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], handler.hosts
    finally:
        server.shutdown()
        server.server_close()


def test_the_fetcher_connects_to_the_address_it_checked() -> None:
    """DNS rebinding: the name answers a public address to the check and 127.0.0.1 to the connection
    ("localhost" resolves to 127.0.0.1 for the HTTP client). The connection goes to the address checked."""
    with recording_server() as (port, hosts):
        settings = Settings.load(fetch_retries=0, fetch_timeout=1.0, fetch_deadline=2.0)
        with Fetcher(settings, resolve=lambda host, port: ["93.184.215.14"]) as web, pytest.raises(FetchError):
            web.get(f"http://localhost:{port}/")
        assert hosts == [], "nothing reached the loopback server"


def test_a_pinned_connection_keeps_the_host_name() -> None:
    settings = Settings.load(fetch_retries=0, allow_private=True)
    with recording_server() as (port, hosts):
        with Fetcher(settings, resolve=lambda host, port: ["127.0.0.1"]) as web:
            assert web.get(f"http://news.example:{port}/story").status == 200
        assert hosts == [f"news.example:{port}"]


def test_a_pinned_tls_connection_names_the_host_and_checks_its_certificate(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import ssl

    if not shutil.which("openssl"):
        pytest.skip("no openssl command to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=news.example", "-addext",
                    "subjectAltName=DNS:news.example"], check=True, capture_output=True)
    names: list[str | None] = []
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    tls.sni_callback = lambda sock, name, context: names.append(name)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the test's certificate is the one authority trusted
    settings = Settings.load(fetch_retries=0, allow_private=True, fetch_timeout=5.0)
    with recording_server(tls) as (port, hosts):
        with Fetcher(settings, resolve=lambda host, port: ["127.0.0.1"]) as web:
            assert web.get(f"https://news.example:{port}/story").status == 200
            with pytest.raises(FetchError):  # the certificate names news.example, not this host
                Fetcher(settings, resolve=lambda host, port: ["127.0.0.1"]).get(f"https://other.example:{port}/")
        assert hosts == [f"news.example:{port}"] and names[0] == "news.example"
