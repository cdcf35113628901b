"""Issue 20: the store in every state a file or disk can be in, through every command: a read-only folder,
an empty file, another application's database, a damaged file, a half-made store, a full disk, and
command-line values out of range. No traceback anywhere, a numbered error, and nothing written that a
command only reads."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimledger.cli import app

STORY = Path(__file__).parent / "fixtures" / "across" / "gas-story.jsonl"
CLI = [sys.executable, "-m", "claimledger"]


def cli(*args: str, stdout: int | None = subprocess.PIPE, user: bool = False) -> subprocess.CompletedProcess[str]:
    # `user`: as root without the power to override file modes, so a read-only folder is read-only to it,
    # while the checkout (which root owns, perhaps under a 0700 temp folder) stays readable
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if user else []
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMLEDGER_")}
    with open(os.devnull, "w") as null:
        return subprocess.run(prefix + CLI + list(args), stdout=stdout if stdout is not None else null,
                              stderr=subprocess.PIPE, text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the written wire story (copies, a dispute), made once for the module."""
    path = tmp_path_factory.mktemp("store") / "story.db"
    made = cli("ingest", str(STORY), "--db", str(path), "--relation-model", "model", "--no-progress")
    assert made.returncode == 0, made.stderr
    return path


@pytest.fixture
def copy(store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.db"
    shutil.copy(store, target)
    return target


def commands(db: Path, corrections: Path) -> dict[str, list[str]]:
    d = ["--db", str(db)]
    return {"claims": ["claims", *d], "claim": ["claim", "1", *d], "sources": ["sources", *d],
            "track": ["track", "Arlen asked Valdora for gas", *d, "--relation-model", "model"],
            "export": ["export", *d], "export-csv": ["export", "--format", "csv", *d],
            "import-corrections": ["import-corrections", str(corrections), *d],
            "ingest": ["ingest", str(STORY), *d, "--relation-model", "model", "--no-progress"],
            "upgrade": ["upgrade", *d]}


READS = ("claims", "claim", "sources", "track", "export", "export-csv")


def _no_traceback(run: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in run.stderr and "Error:" not in run.stderr.replace("error: [", ""), run.stderr


def test_another_applications_file_is_refused_by_every_command_and_left_byte_for_byte(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    with sqlite3.connect(foreign) as conn:
        conn.executescript("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
    conn.close()
    in_wal = tmp_path / "wal.db"  # another program's file in WAL mode, closed
    with sqlite3.connect(in_wal) as conn:
        conn.executescript("PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT);")
    conn.close()
    not_sqlite = tmp_path / "photo.db"
    not_sqlite.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    for path in (foreign, in_wal, not_sqlite):
        before = path.read_bytes()
        for name, args in commands(path, tmp_path / "none.jsonl").items():
            run = cli(*args)
            assert run.returncode == 1, (name, run.stderr)
            assert "[E065]" in run.stderr, (name, run.stderr)
            _no_traceback(run)
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db", "photo.db", "wal.db"]


def test_an_empty_file_is_no_store_to_read_and_stays_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for name in READS:
        run = cli(*commands(empty, tmp_path / "none.jsonl")[name])
        assert run.returncode == 1 and "[E064]" in run.stderr, (name, run.stderr)
    assert empty.stat().st_size == 0
    assert [p.name for p in tmp_path.iterdir()] == ["empty.db"]


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="needs setpriv to drop root's file-mode override")
def test_a_store_in_a_read_only_folder_is_read(store: Path) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copy(store, folder / "story.db")
        os.chmod(folder / "story.db", 0o444)
        os.chmod(folder, 0o555)
        for name in READS:
            run = cli(*commands(folder / "story.db", folder / "none.jsonl")[name], user=os.geteuid() == 0)
            assert run.returncode == 0, (name, run.stderr)
            assert run.stdout.strip(), name
        assert [p.name for p in folder.iterdir()] == ["story.db"]
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)


def _damage(path: Path) -> None:
    """Overwrite every page but the first with noise: SQLite finds the file 'malformed'."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    for start in range(page, len(data), page):
        data[start + 8:start + 64] = bytes((start + i) * 37 % 256 for i in range(56))
    path.write_bytes(bytes(data))


def test_a_damaged_store_names_the_command_that_recovers_it(copy: Path, tmp_path: Path) -> None:
    _damage(copy)
    for name, args in commands(copy, tmp_path / "none.jsonl").items():
        run = cli(*args)
        _no_traceback(run)
        assert run.returncode == 1, (name, run.stderr)
        if name != "import-corrections":  # the missing file is read first there (E091)
            assert "[E066]" in run.stderr and ".recover" in run.stderr, (name, run.stderr)


def test_output_to_a_full_disk_is_e017_for_every_command(copy: Path, tmp_path: Path) -> None:
    corrections = tmp_path / "tasks.json"
    made = cli("export", "--format", "labelstudio", "--db", str(copy), "-o", str(corrections))
    assert made.returncode == 0, made.stderr
    every = commands(copy, corrections)
    every["analyze"] = ["analyze", str(Path(__file__).parent / "fixtures" / "article.txt")]
    for name, args in every.items():
        with open("/dev/full", "w") as full:
            run = subprocess.run(CLI + args, stdout=full, stderr=subprocess.PIPE, text=True, timeout=600)
        assert run.returncode == 1, (name, run.stderr)
        assert "[E017]" in run.stderr, (name, run.stderr)
        _no_traceback(run)


def test_an_export_to_a_file_is_whole_or_absent(copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "ledgers.jsonl"
    out.parent.mkdir()
    _damage(copy)  # fails part-way
    run = cli("export", "--db", str(copy), "-o", str(out))
    assert run.returncode == 1
    assert list(out.parent.iterdir()) == []


def test_a_half_made_store_is_explained_then_repaired_by_upgrade(tmp_path: Path) -> None:
    # As an older build left a store killed while creating it: tables, but no version row.
    half = tmp_path / "half.db"
    from claimledger.store import open_engine

    open_engine(str(half)).dispose()
    with sqlite3.connect(half) as conn:
        conn.execute("DROP TABLE alembic_version")
        conn.execute("DROP TABLE corrections")
    conn.close()
    run = cli("claims", "--db", str(half))
    assert run.returncode == 1 and "[E067]" in run.stderr, run.stderr
    assert f"claimledger upgrade --db {half}" in run.stderr.replace("\n", ""), run.stderr
    fixed = cli("upgrade", "--db", str(half))
    assert fixed.returncode == 0, fixed.stderr
    run = cli("claims", "--db", str(half))
    assert run.returncode == 1 and "[E076]" in run.stderr, run.stderr  # a store now, with nothing in it yet
    assert cli("upgrade", "--db", str(half)).stdout.strip().endswith("already at schema revision " + _head())


def _head() -> str:
    from claimledger.store.migrations import head

    return head()


def test_an_older_store_with_a_half_made_upgrade_is_upgraded_by_a_write(copy: Path) -> None:
    # As an older build left a 0001 store killed while upgrading it to 0002: its first tables made.
    with sqlite3.connect(copy) as conn:
        for table in ("story_claim_merges", "publications", "failures", "articles_search", "claims_search",
                      "story_claims_fts", "relations",
                      "claim_links", "story_claims", "corrections"):
            conn.execute(f"DROP TABLE {table}")
        for trigger in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER [{trigger[0]}]")  # 0004's, on articles and claims
        conn.execute("DELETE FROM origins")
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    run = cli("sources", "--db", str(copy))
    assert run.returncode == 1 and "[E067]" in run.stderr, run.stderr
    again = cli(*commands(copy, copy)["ingest"])
    assert again.returncode == 0, again.stderr
    assert cli("claims", "--db", str(copy)).returncode == 0


runner = CliRunner()
NUMBERS = st.one_of(st.integers(min_value=-2**70, max_value=2**70).map(str), st.text(max_size=12))
CLAIM_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(["\udcff", "\x00"]),
                     max_size=60)


@pytest.fixture(scope="module")
def read_only_store(store: Path) -> Iterator[Path]:
    yield store


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=NUMBERS, which=st.sampled_from(["claim", "claims --limit", "sources --top", "track --limit"]),
       claim=CLAIM_TEXT)
def test_any_id_limit_or_claim_text_is_an_answer_or_a_usage_error(read_only_store: Path, number: str, which: str,
                                                                 claim: str) -> None:
    command, *option = which.split()
    args = [command] + (["Arlen asked Valdora for gas"] if command == "track" else []) + option + [number]
    if command == "track" and claim.strip():
        args[1] = claim
    result = runner.invoke(app, args + ["--db", str(read_only_store)] +
                           (["--relation-model", "model"] if command == "track" else []))
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def _first_attribution(db: Path) -> tuple[str, dict[str, Any]]:
    run = cli("export", "--db", str(db))
    ledger = json.loads(run.stdout.splitlines()[0])
    return ledger["article"]["id"], ledger["attributions"][0]


def test_bad_corrections_are_numbered_errors_and_store_nothing(copy: Path, tmp_path: Path) -> None:
    article, attribution = _first_attribution(copy)
    content = attribution["content"]
    bad = {
        "nested": "[" * 100_000 + "]" * 100_000,
        "nested-line": '{"article": "%s", "x": %s}' % (article, "[" * 5000 + "]" * 5000),
        "surrogate": json.dumps({"article": article, "attribution": attribution["id"], "stance": "deny",
                                 "author": "\ud800"}),
        "true-offset": json.dumps({"article": article, "attribution": attribution["id"],
                                   "source": {"start": True, "end": 5}}),
        "matches-nothing": json.dumps({"article": article, "at": {"start": content["start"], "end": content["end"] - 1},
                                       "stance": "deny"}),
        "huge-author": json.dumps({"article": article, "attribution": attribution["id"], "stance": "deny",
                                   "author": "x" * 100_000}),
    }
    before = cli("export", "--db", str(copy)).stdout
    for name, body in bad.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_text(body, encoding="utf-8", errors="surrogatepass")
        run = cli("import-corrections", str(path), "--db", str(copy))
        _no_traceback(run)
        assert run.returncode == 1 and ("[E091]" in run.stderr or "[E092]" in run.stderr), (name, run.stderr)
    assert cli("export", "--db", str(copy)).stdout == before


def test_corrections_of_articles_not_stored_are_summed_up(copy: Path, tmp_path: Path) -> None:
    article, attribution = _first_attribution(copy)
    lines = [json.dumps({"article": f"{n:064x}", "attribution": "a1", "stance": "deny"}) for n in range(2000)]
    lines.append(json.dumps({"article": article, "attribution": attribution["id"], "stance": "deny"}))
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    run = cli("import-corrections", str(path), "--db", str(copy))
    assert run.returncode == 0, run.stderr
    assert len(run.stderr.splitlines()) < 10 and "1,995 more" in run.stderr, run.stderr
    assert "1 correction(s) of 1 article(s)" in run.stdout


def test_json_ld_cannot_break_out_of_a_script_element_and_keeps_only_web_urls(copy: Path) -> None:
    from claimledger.exchange.claimreview import to_json

    hostile = {"text": "Officials said </script><script>alert(1)</script> & more\u2028",
               "url": "javascript:alert(1)", "appearance": [{"url": " HTTPS://news.example/a?b=1&c=2"}]}
    written = to_json(hostile)
    assert not set("<>&\u2028") & set(written)
    assert json.loads(written) == {"text": hostile["text"], "appearance": hostile["appearance"]}
    exported = cli("export", "--format", "claimreview", "--db", str(copy))
    assert exported.returncode == 0 and "@graph" in exported.stdout
    assert not set("<>&") & set(exported.stdout)


def test_a_label_studio_region_with_true_as_offset_is_refused(copy: Path, tmp_path: Path) -> None:
    tasks_file = tmp_path / "tasks.json"
    assert cli("export", "--format", "labelstudio", "--db", str(copy), "-o", str(tasks_file)).returncode == 0
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    result = json.loads(json.dumps(tasks[0]["predictions"][0]["result"]))
    region = next(r for r in result if r.get("type") == "labels")
    region["value"]["start"] = True
    tasks[0]["annotations"] = [{"result": result}]
    tasks_file.write_text(json.dumps(tasks), encoding="utf-8")
    run = cli("import-corrections", str(tasks_file), "--db", str(copy))
    assert run.returncode == 1 and "[E092]" in run.stderr and "whole numbers" in run.stderr, run.stderr
