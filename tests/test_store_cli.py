"""`claimledger ingest` and `claimledger export` as a user runs them, on SQLite and PostgreSQL,
including an ingest killed with SIGKILL and run again."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger import analyze_many, ledger_to_dict, read_inputs
from claimledger.cli import app
from claimledger.store import open_repository

ARTICLES = Path(__file__).parent / "fixtures" / "store"
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env=env)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The written articles, plus a byte-identical copy of one and an empty file."""
    out = tmp_path / "in"
    out.mkdir()
    for f in sorted(ARTICLES.iterdir()):
        (out / f.name).write_text(f.read_text())
    (out / "zz-copy-of-port-strike.txt").write_text((ARTICLES / "port-strike.txt").read_text())
    (out / "empty.txt").write_text("")
    return out


def test_help_explains_ingest_and_export() -> None:
    ingest = run("ingest", "--help").stdout
    for word in ("--db", "CLAIMLEDGER_DB", "unchanged", "transaction", "--progress"):
        assert word in ingest
    export = run("export", "--help").stdout
    for word in ("jsonl", "csv", "one row per attribution", "--db"):
        assert word in export


def test_ingest_stores_once_and_says_unchanged(db_url: str, folder: Path) -> None:
    first = run("ingest", str(folder), "--db", db_url)
    assert first.exit_code == 1  # the empty file failed
    assert "6 article(s)" in first.stdout and "4 new, 1 unchanged, 1 failed" in first.stdout
    assert "E002" in first.stdout  # the reason, in the summary
    assert "empty.txt: [E002]" in first.stderr
    (folder / "empty.txt").unlink()
    again = run("ingest", str(folder), "--db", db_url)
    assert again.exit_code == 0
    assert "0 new, 5 unchanged, 0 failed" in again.stdout
    with open_repository(db_url) as repo:
        assert repo.count() == 4


def test_db_url_from_environment(tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"
    result = run("ingest", str(ARTICLES / "hospital-wait.txt"), env={"CLAIMLEDGER_DB": str(path)})
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout and path.is_file()


def test_export_jsonl_equals_analyze_and_csv_has_a_row_per_attribution(db_url: str) -> None:
    assert run("ingest", str(ARTICLES), "--db", db_url).exit_code == 0
    expected = [ledger_to_dict(r) for r in analyze_many(read_inputs([str(ARTICLES)]))]

    exported = run("export", "--format", "jsonl", "--db", db_url)
    assert exported.exit_code == 0
    # The ledger `analyze` printed, with its origin: these articles are no copies of one another.
    assert [json.loads(line) for line in exported.stdout.splitlines()] == [
        {**e, "origin": e["article"]["id"]} for e in expected]

    table = run("export", "--format", "csv", "--db", db_url)
    assert table.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert len(rows) == sum(len(e["attributions"]) for e in expected) > 0
    texts = {e["article"]["id"]: e["article"]["text"] for e in expected}
    for row in rows:
        assert texts[row["article_id"]][int(row["content_start"]):int(row["content_end"])] == row["content_text"]
    denials = {row["source_name"] for row in rows if row["stance"] == "deny"}
    assert denials  # the written articles hold denials; they survive the round trip


def test_export_from_a_missing_database_is_an_error(tmp_path: Path) -> None:
    result = run("export", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "E064" in result.stderr
    assert not (tmp_path / "none.db").exists()


def _variants(folder: Path, n: int) -> Path:
    """n distinct articles 00.txt, 01.txt...: the written ones in turn, each with its own dateline."""
    folder.mkdir()
    bases = sorted(ARTICLES.iterdir())
    for i in range(n):
        (folder / f"{i:02d}.txt").write_text(f"DATELINE {i} --\n\n" + bases[i % len(bases)].read_text())
    return folder


def _stored(url: str) -> int:
    """Articles stored so far, read the way another program would (the ingest may be mid-write)."""
    try:
        if "://" not in url:
            with sqlite3.connect(url, timeout=5) as conn:
                return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        import psycopg

        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM articles").fetchone()
            return int(row[0]) if row else 0
    except Exception:  # noqa: BLE001: the schema may not exist yet
        return 0


def _wait_for_first_stored(proc: subprocess.Popen[str]) -> list[str]:
    """Read the ingest's --verbose lines up to the first article stored. (Polling the database for it raced
    the ingest on a loaded machine: the signal sometimes came after the last article.)"""
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if ": new (" in line:
            break
    return seen


def test_ingest_killed_mid_run_resumes_without_loss_or_doubles(db_url: str, tmp_path: Path) -> None:
    folder = _variants(tmp_path / "many", 12)
    cmd = [sys.executable, "-m", "claimledger", "ingest", str(folder), "--db", db_url, "--batch-size", "1",
           "--no-progress"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([*cmd, "--verbose"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    _wait_for_first_stored(proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    after_kill = _stored(db_url)
    assert 1 <= after_kill < 12, "the kill should land after the first article and before the last"

    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{12 - after_kill} new, {after_kill} unchanged, 0 failed" in done.stdout
    with open_repository(db_url) as repo:
        assert repo.count() == 12
        ledgers = [ledger_to_dict(x) for x in repo.ledgers()]
        per_article: dict[str, int] = {}
        for row in repo.attribution_rows():
            per_article[row["article_id"]] = per_article.get(row["article_id"], 0) + 1
    assert sorted(Path(l["article"]["path"]).name for l in ledgers) == [f"{i:02d}.txt" for i in range(12)]
    for ledger in ledgers:  # every article whole: all its attributions, none twice
        assert per_article.get(ledger["article"]["id"], 0) == len(ledger["attributions"])


def test_ctrl_c_stops_with_a_summary_and_the_rerun_finishes(tmp_path: Path) -> None:
    n = 16
    folder = _variants(tmp_path / "some", n)
    db = str(tmp_path / "int.db")
    cmd = [sys.executable, "-m", "claimledger", "ingest", str(folder), "--db", db, "--batch-size", "1", "--no-progress"]
    proc = subprocess.Popen([*cmd, "--verbose"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = _wait_for_first_stored(proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    stored = _stored(db)
    assert proc.returncode == 130, "".join(seen) + err
    assert "interrupted" in out and f"{stored} new" in out and 1 <= stored < n
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and f"{n - stored} new, {stored} unchanged" in done.stdout


def test_a_refused_write_stops_the_run_and_keeps_what_was_stored(tmp_path: Path) -> None:
    db = tmp_path / "damaged.db"
    assert run("ingest", str(ARTICLES / "port-strike.txt"), "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as conn:  # someone damaged the schema behind claimledger's back
        conn.execute("DROP TABLE claims")
    result = run("ingest", str(ARTICLES), "--db", str(db))
    assert result.exit_code == 1
    assert "[E063]" in result.stderr and "no such table: claims" in result.stderr
    assert "0 new" in result.stdout  # the summary still comes
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
