"""The command line as users and scorers see it: golden output, exit statuses, an idempotent store.

Golden files live in tests/golden/; after an intended change of output, rewrite them with
`SITREP_UPDATE_GOLDEN=1 python -m pytest tests/test_cli.py` and review the diff.
"""

import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.run.workbench import bundled_sample

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SITREP_UPDATE_GOLDEN") == "1"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


CONTRACT = ("doc", "kind", "low", "high", "approx", "subject", "subject_country", "subject_role", "claimant",
            "claimant_country", "unverified", "start", "end", "text")


def contract_lines(jsonl: str) -> str:
    """The contract's claim fields only, so the golden files change when claims change."""
    rows = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
    return "".join(json.dumps({k: r.get(k) for k in CONTRACT}, ensure_ascii=False) + "\n" for r in rows)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"tests/golden/{name} is missing: write it with SITREP_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"output differs from tests/golden/{name}"


def test_extract_golden():
    result = run("extract", str(GOLDEN / "sudan.txt"), "--published", "2025-04-12", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    golden("sudan.claims.jsonl", contract_lines(result.stdout))
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    text = (GOLDEN / "sudan.txt").read_text(encoding="utf-8")
    for c in claims:
        assert text[c["start"] : c["end"]] == c["text"]


def test_report_golden():
    result = run("report", str(GOLDEN / "sudan.txt"), "--published", "2025-04-12", "--format", "md")
    assert result.exit_code == 0, result.output
    golden("sudan.report.md", result.stdout)


def test_sample_claims_golden():
    result = run("extract", str(bundled_sample()), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    golden("sample.claims.jsonl", contract_lines(result.stdout))


def test_bad_inputs_fail_the_run_but_not_the_rest(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "latin.txt").write_bytes("Title\n\n200 soldiers were killed \xe9\n".encode("latin-1") + b"\xff\xfe\x00")
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "text": "Title. 5 soldiers were killed."}\n{not json\n',
                                        encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Clash\n\nThe army said 12 soldiers were killed on Monday.\n", encoding="utf-8")
    result = run("extract", str(tmp_path), "--published", "2025-01-01", "--format", "jsonl")
    assert result.exit_code == 1
    errors = result.stderr
    assert "empty.txt" in errors and "binary.txt" in errors and "bad.jsonl:2" in errors
    docs = {json.loads(line)["doc"] for line in result.stdout.splitlines()}
    assert {"good.txt", "a"} <= docs


_WHEN = ("_at", "seen", "time")  # columns that record when a row was written or last seen


def _dump(db: Path) -> list:
    """Each table's rows (sorted), without the columns that record when a row was written or seen."""
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = []
        for t in tables:
            cursor = con.execute(f"SELECT * FROM {t}")
            keep = [i for i, d in enumerate(cursor.description) if not any(w in d[0] for w in _WHEN)]
            out.append((t, sorted(repr(tuple(row[i] for i in keep)) for row in cursor)))
        return out


def _stable(dump: list) -> list:
    """The tables a second ingest of the same reports must leave as they are (a run's failures and the
    sources it polled are records of that run)."""
    return [(t, rows) for t, rows in dump if t not in ("failures", "sources")]


def test_ingesting_twice_changes_nothing(tmp_path):
    db = tmp_path / "s.db"
    first = run("ingest", str(bundled_sample()), "--db", str(db))
    assert first.exit_code == 0, first.output
    before = _dump(db)
    again = run("ingest", str(bundled_sample()), "--db", str(db))
    assert again.exit_code == 0, again.output
    assert _stable(_dump(db)) == _stable(before)
    stored = run("incidents", "--db", str(db), "--format", "json")
    direct = run("incidents", str(bundled_sample()), "--format", "json")
    assert json.loads(stored.stdout) == json.loads(direct.stdout)


def test_ingest_on_several_workers_stores_the_same(tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run("ingest", str(bundled_sample()), "--db", str(one)).exit_code == 0
    done = run("ingest", str(bundled_sample()), "--db", str(two), "--workers", "2")
    assert done.exit_code == 0, done.output
    for command in ("incidents", "extract"):
        assert run(command, "--db", str(two), "--format", "json").stdout == \
            run(command, "--db", str(one), "--format", "json").stdout
    assert run("ingest", str(bundled_sample()), "--db", str(two), "--workers", "-1").exit_code != 0


def _commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_parts_survive_the_store(tmp_path):
    db = tmp_path / "s.db"
    report = tmp_path / "r.txt"
    report.write_text("Strike\n\nThe strike killed 12 people, including five children, the ministry said.\n",
                      encoding="utf-8")
    assert run("ingest", str(report), "--db", str(db), "--published", "2025-01-01").exit_code == 0
    stored = [json.loads(line) for line in run("extract", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    direct = [json.loads(line) for line in run("extract", str(report), "--published", "2025-01-01",
                                               "--format", "jsonl").stdout.splitlines()]
    assert [(c["low"], c["part"]) for c in stored] == [(c["low"], c["part"]) for c in direct] == [(12, False),
                                                                                                    (5, True)]


# --------------------------------------------------------------------------- reports that share a name
# (each report's event has its evidence at the same place, as reports of one outlet's template would)

KABUL = "Clash\nAt least 7 soldiers were killed in Kabul on 3 May 2025, the army said.\n"
MOGADISHU = "Clash\nAt least 9 soldiers were killed in Mogadishu on 3 May 2025, the army said.\n"
BAIDOA = "Clash\nAt least 4 soldiers were killed in Baidoa on 9 May 2025, the army said.\n"


def _incidents(db) -> list[dict]:
    done = run("incidents", "--db", str(db), "--format", "json")
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_reports_of_one_name_in_two_folders_are_two_reports(tmp_path):
    for folder, text in (("a", KABUL), ("b", MOGADISHU)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "s.db"
    done = run("ingest", str(tmp_path / "a"), str(tmp_path / "b"), "--db", str(db))
    assert done.exit_code == 0, done.output
    incidents = _incidents(db)
    assert len(incidents) == 2 and len({i["id"] for i in incidents}) == 2
    assert all(i["docs"] == ["report.txt"] for i in incidents), "doc stays the report's name"
    assert sorted(f["claims"][0]["low"] for i in incidents for f in i["figures"]) == [7, 9]
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "report.txt").write_text(BAIDOA, encoding="utf-8")
    later = run("ingest", str(tmp_path / "c"), "--db", str(db))
    assert later.exit_code == 0, later.output
    assert len(_incidents(db)) == 3
    direct = run("incidents", str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "c"), "--format", "json")
    assert json.loads(direct.stdout) == _incidents(db)


def test_two_runs_from_stdin_are_two_reports(tmp_path):
    db = tmp_path / "s.db"
    for text in (KABUL, MOGADISHU, BAIDOA):
        done = CliRunner().invoke(app, ["ingest", "-", "--db", str(db)], input=text)
        assert done.exit_code == 0, done.output
    assert len(_incidents(db)) == 3


def test_json_lines_articles_of_one_id_are_two_reports(tmp_path):
    lines = [json.dumps({"id": "same", "text": text, "published": "2025-05-03"}) for text in (KABUL, MOGADISHU)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    done = run("ingest", str(tmp_path / "in.jsonl"), "--db", str(db))
    assert done.exit_code == 0, done.output
    incidents = _incidents(db)
    assert len({i["id"] for i in incidents}) == 2 and all(i["docs"] == ["same"] for i in incidents)
    claims = json.loads(run("extract", "--db", str(db), "--format", "json").stdout)
    assert sorted(c["low"] for c in claims) == [7, 9] and {c["doc"] for c in claims} == {"same"}


def test_two_claims_of_one_name_are_not_one_report_repeating_itself():
    """Reconciling: a figure repeated in one report counts once, but the same figure in two reports
    that share a name is two claims."""
    from dataclasses import replace

    from sitrep.reconcile.incidents import reconcile_figures
    from sitrep.records import Claim, Span

    first = Claim("report.txt", "killed", 7, 7, False, "soldiers", "AF", "military", None, None, False,
                  Span(0, 10, "7 soldiers"), Span(0, 20, "7 soldiers were killed"), report="a" * 64)
    [figure] = reconcile_figures([first, replace(first, report="b" * 64)])
    assert len(figure.claims) == 2
    [figure] = reconcile_figures([first, first])
    assert len(figure.claims) == 1
