"""Shared fixtures: a real PostgreSQL server for the store tests, and the test newsroom.

`postgres_server` is the URL of a server the tests may create databases on: `SITREP_TEST_POSTGRES`
if set (its user needs CREATEDB), else a throwaway server started from the PostgreSQL binaries
(Debian: apt-get install postgresql) in a temporary folder, as the `postgres` user when the tests
run as root, and stopped at the end of the session. The tests that need it are skipped only when
no PostgreSQL binaries are installed. `postgres_db` is a fresh, empty database for one test.

`room` is the newsroom of tests/newsroom.py (feeds and articles over real HTTP on 127.0.0.1), one
per test module. Helpers that are not fixtures are in tests/helpers.py.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from helpers import free_port
from newsroom import Newsroom, serve

ENV_URL = "SITREP_TEST_POSTGRES"


def postgres_bindir() -> Path | None:
    """The folder holding `initdb` and `pg_ctl` (the newest Debian version), or None."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "initdb").exists()]
    found.sort(key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)])
    return found[-1] if found else None


def _as_server_user() -> tuple[list[str], int | None]:
    """The command prefix that runs the server's programs, and the uid owning its files."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail("PostgreSQL refuses to run as root and there is no 'postgres' user: create one, "
                    f"or set {ENV_URL} to a server's URL")
    return ["runuser", "-u", "postgres", "--"], user.pw_uid


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a PostgreSQL server (its maintenance database) for the whole test session."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip(f"no PostgreSQL binaries (initdb, pg_ctl); install postgresql or set {ENV_URL}")
    prefix, uid = _as_server_user()
    # the server's user must reach its folder: pytest's own tmp folders are private to this user
    base = Path(tempfile.mkdtemp(prefix="sitrep-pg-")) if uid is not None else tmp_path_factory.mktemp("pg")
    if uid is not None:
        os.chown(base, uid, -1)
    data, port = base / "data", free_port()
    _run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base}"
               " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
               " -c autovacuum=off")  # no background writes: the data version changes only when a test writes
    pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data)]
    _run([*pg_ctl, "-l", str(base / "log"), "-w", "-o", options, "start"])
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True, check=False)
        if uid is not None:
            shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_db(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped after the test."""
    import psycopg
    from psycopg import sql

    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urlsplit(postgres_server)
    try:
        yield urlunsplit(parts._replace(path="/" + name))
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def room() -> Iterator[Newsroom]:
    """The test newsroom, serving on 127.0.0.1 for one test module (its slow pages take 1.5 s)."""
    server, newsroom = serve()
    newsroom.slow_seconds = 1.5
    yield newsroom
    server.shutdown()
