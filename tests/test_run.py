"""Issue 18, batch jobs: `claimledger run` stores what `ingest` stores, on local processes and on Ray, resumes
after kill -9 anywhere without losing or doubling anything, and refuses what it cannot do with a numbered error.

The reference is `ingest` of the same inputs: each job's store is compared with it table by table
(test_store_kill.dump: timestamps left out, story claim ids by rank).
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from test_store_kill import dump, new_url  # noqa: F401 (new_url is a fixture)

FIXTURES = Path(__file__).parent / "fixtures"
# 13 inputs: a story told by six reports (copies among them), four articles, and a JSON Lines file with
# one line that is not JSON (one failure).
INPUTS = [str(FIXTURES / "across" / "gas-story.jsonl"), str(FIXTURES / "store"), str(FIXTURES / "batch.jsonl")]
CLI = [sys.executable, "-m", "claimledger"]
FAST = ["--relation-model", "features", "--no-progress"]


def _env(kill_at: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMLEDGER_", "_CLAIMLEDGER_"))}
    if kill_at:
        env["CLAIMLEDGER_KILL_AT"] = kill_at
    return env


def _cli(*args: str, kill_at: str | None = None, inputs: list[str] = INPUTS) -> subprocess.CompletedProcess[str]:
    return subprocess.run(CLI + list(args[:1]) + inputs + list(args[1:]), capture_output=True, text=True,
                          env=_env(kill_at), timeout=600)


def _run(out: Path, url: str, *extra: str, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    return _cli("run", "--out", str(out), "--db", url, "--shard-size", "3", *FAST, *extra, kill_at=kill_at)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    """The store `ingest` makes of INPUTS."""
    url = str(tmp_path_factory.mktemp("ingest") / "ingest.db")
    done = _cli("ingest", "--db", url, "--relation-model", "features", "--no-progress")
    assert done.returncode == 1, done.stderr  # the bad JSON line
    tables = dump(url)
    assert len(tables["articles"]) == 12 and tables["claim_links"] and tables["origins"]
    return tables


def _same(got: dict[str, list[tuple[Any, ...]]], expected: dict[str, list[tuple[Any, ...]]], why: str = "") -> None:
    for table in expected:
        assert got[table] == expected[table], (why, table)


def test_a_local_job_stores_what_ingest_stores_with_progress_and_the_failure_reported(
        tmp_path: Path, reference: dict[str, list[tuple[Any, ...]]]) -> None:
    url, out = str(tmp_path / "run.db"), tmp_path / "job"
    done = _cli("run", "--out", str(out), "--db", url, "--shard-size", "3", "--workers", "2",
                "--relation-model", "features")  # progress on: stderr is a pipe, so plain lines
    assert done.returncode == 1, done.stderr  # one input failed, the rest stored
    assert "13 article(s) into" in done.stdout and "12 new, 0 unchanged, 1 failed" in done.stdout
    assert "1 failed with E007" in done.stdout
    assert "batch.jsonl:2: [E007]" in done.stderr
    progress = [line for line in done.stderr.splitlines() if line.startswith("run: ") and "articles/s" in line]
    assert progress and "ETA" in progress[-1] and "13/13 articles" in progress[-1]
    assert "peak memory per worker (MB): " in done.stdout
    _same(dump(url), reference)
    shards = sorted(p.name for p in out.glob("shard-*.parquet"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(shards) == len(manifest["shards"]) >= 4 and all(s["loaded"] for s in manifest["shards"].values())

    again = _run(out, url)
    assert again.returncode == 1, again.stderr
    assert "0 shard(s) analysed now" in again.stdout  # finished shards are skipped
    _same(dump(url), reference)


def test_a_new_job_into_a_store_skips_what_it_holds(tmp_path: Path) -> None:
    url = str(tmp_path / "run.db")
    first = _cli("run", "--out", str(tmp_path / "a"), "--db", url, *FAST, inputs=INPUTS[:1])
    assert first.returncode == 0, first.stderr
    both = _cli("run", "--out", str(tmp_path / "b"), "--db", url, *FAST, inputs=INPUTS[:2])
    assert both.returncode == 0, both.stderr
    assert "10 article(s) into" in both.stdout and "4 new, 6 unchanged, 0 failed" in both.stdout


@pytest.mark.parametrize("point", ["shard:2", "loaded:2", "join:3"])
def test_a_job_killed_at_a_point_and_run_again_equals_ingest(
        tmp_path: Path, point: str, reference: dict[str, list[tuple[Any, ...]]]) -> None:
    url, out = str(tmp_path / "run.db"), tmp_path / "job"
    killed = _run(out, url, "--workers", "1", kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    again = _run(out, url, "--workers", "1")
    assert again.returncode == 1 and "Traceback" not in again.stderr, again.stderr
    assert ", 1 failed" in again.stdout
    _same(dump(url), reference, point)


def _loaded_shards(out: Path) -> int:
    try:
        return sum(s["loaded"] for s in json.loads((out / "manifest.json").read_text())["shards"].values())
    except (OSError, ValueError):
        return 0


def test_kill_9_of_the_whole_job_mid_run_then_resume_loses_and_doubles_nothing(
        tmp_path: Path, reference: dict[str, list[tuple[Any, ...]]]) -> None:
    url, out = str(tmp_path / "run.db"), tmp_path / "job"
    args = CLI + ["run", *INPUTS, "--out", str(out), "--db", url, "--shard-size", "1", "--workers", "2", *FAST]
    job = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while _loaded_shards(out) < 2 and job.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert job.poll() is None, "the job ended before it could be killed"
        os.killpg(job.pid, signal.SIGKILL)  # the driver and its workers, as the OOM killer or a node loss would
    finally:
        job.communicate(timeout=60)
    assert job.returncode == -signal.SIGKILL
    assert 2 <= _loaded_shards(out) < 13
    again = _cli("run", "--out", str(out), "--db", url, "--shard-size", "1", "--workers", "2", *FAST)
    assert again.returncode == 1 and "Traceback" not in again.stderr, again.stderr
    _same(dump(url), reference)


@pytest.mark.parametrize("new_url", ["postgresql"], indirect=True)
def test_a_job_loads_postgresql_by_copy_and_resumes_after_a_kill(
        new_url: Callable[[], str], tmp_path: Path, reference: dict[str, list[tuple[Any, ...]]]) -> None:
    url = new_url()
    killed = _run(tmp_path / "job", url, "--workers", "2", kill_at="loaded:3")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    again = _run(tmp_path / "job", url, "--workers", "2")
    assert again.returncode == 1 and "Traceback" not in again.stderr, again.stderr
    _same(dump(url), reference)


# --- Ray ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[str]:
    """A Ray of 2 CPUs on this machine, started once per test session (dashboard and usage stats off);
    yields its address, which a job is given as --address."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray = pytest.importorskip("ray") if not os.environ.get("CI") else __import__("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield str(ray.get_runtime_context().gcs_address)
    finally:
        ray.shutdown()


def test_a_ray_job_on_an_existing_cluster_stores_what_ingest_stores(
        tmp_path: Path, ray_cluster: str, reference: dict[str, list[tuple[Any, ...]]]) -> None:
    url, out = str(tmp_path / "run.db"), tmp_path / "job"
    done = _run(out, url, "--executor", "ray", "--workers", "2", "--address", ray_cluster)
    assert done.returncode == 1, done.stderr
    assert "12 new, 0 unchanged, 1 failed" in done.stdout and "by 2 worker(s)" in done.stdout
    _same(dump(url), reference)
    again = _run(out, url, "--executor", "ray", "--workers", "2", "--address", ray_cluster)
    assert "0 shard(s) analysed now" in again.stdout
    _same(dump(url), reference)


def test_the_ray_executor_in_process_uses_the_running_ray(tmp_path: Path, ray_cluster: str) -> None:
    from claimledger.ingest import list_inputs
    from claimledger.options import Options
    from claimledger.run.batch import Report, run
    from claimledger.run.executors import RayExecutor
    from claimledger.run.shards import open_manifest, plan
    from claimledger.store import open_repository

    options = Options(story_claims=False)
    shards = plan(list_inputs(INPUTS[:2], options), options, 1)  # ten shards: both actors get some
    with open_repository(str(tmp_path / "r.db")) as repo:
        events = list(run(shards, tmp_path / "job", open_manifest(tmp_path / "job", options), repo,
                          RayExecutor(2), options, None))
        assert repo.count() == 10
    report = events[-1]
    assert isinstance(report, Report) and report.counts["new"] == 10 and len(report.peak_mb) == 2
    import ray

    assert ray.is_initialized()  # the session's Ray is left running for the next test


# --- what it refuses ------------------------------------------------------------------------------------


def test_what_run_refuses_gets_a_numbered_error(tmp_path: Path) -> None:
    url = str(tmp_path / "run.db")
    stdin = subprocess.run(CLI + ["run", "-", "--out", str(tmp_path / "j"), "--db", url], capture_output=True,
                           text=True, input="Some text.", env=_env(), timeout=120)
    assert stdin.returncode == 2 and "[E151]" in stdin.stderr
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff\xd8")
    busy = _cli("run", "--out", str(other), "--db", url, inputs=INPUTS[2:])
    assert busy.returncode == 1 and "[E150]" in busy.stderr and (other / "cat.jpg").exists()
    first = _cli("run", "--out", str(tmp_path / "j"), "--db", url, *FAST, "--no-story-claims", inputs=INPUTS[2:])
    assert first.returncode == 1, first.stderr
    changed = _cli("run", "--out", str(tmp_path / "j"), "--db", url, *FAST, inputs=INPUTS[2:])
    assert changed.returncode == 1 and "[E152]" in changed.stderr and "story_claims=False" in changed.stderr
    local = _cli("run", "--out", str(tmp_path / "k"), "--address", "auto", inputs=INPUTS[2:])
    assert local.returncode == 2 and "--address" in local.stderr
    help_text = subprocess.run(CLI + ["run", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "--executor" in help_text and "resume" in help_text


# --- the bulk load ---------------------------------------------------------------------------------------


def test_a_bulk_save_stores_what_saves_one_by_one_store_with_a_persons_corrections(db_url: str, tmp_path: Path) -> None:
    from claimledger import analyze_many, read_inputs
    from claimledger.model import Ledger
    from claimledger.store import open_repository
    from claimledger.store.corrections import Correction

    ledgers = [r for r in analyze_many(read_inputs([str(FIXTURES / "store")])) if isinstance(r, Ledger)]
    assert len(ledgers) == 4
    first = ledgers[0]
    fix = Correction(first.article.id, *first.attributions[0].key, "stance", "deny")  # made before the article is stored
    one_url = str(tmp_path / "one.db")
    with open_repository(one_url) as one:
        one.add_corrections([fix], author="desk")
        assert all(one.save(ledger) for ledger in ledgers)
    with open_repository(db_url) as bulk:
        bulk.add_corrections([fix], author="desk")
        assert bulk.save_many([*ledgers, first]) == {ledger.article.id for ledger in ledgers}  # given twice, once
        assert bulk.save_many(ledgers) == set()  # already stored: nothing doubled
        assert bulk.stored_ids([first.article.id, "0" * 64]) == {first.article.id}
        stored = bulk.get(first.article.id)
        assert stored is not None and stored.attributions[0].stance == "deny"
        word = max(re.findall(r"[A-Za-z]{6,}", first.article.text), key=len)
        assert first.article.id in bulk.search(word)  # the full-text index holds it
    expected, got = dump(one_url), dump(db_url)
    for table in ("articles", "attributions", "claims", "corrections"):
        assert got[table] == expected[table], table


def test_warc_archives_are_units_read_by_the_workers(tmp_path: Path) -> None:
    from test_inputs_warc import write_warc

    web = FIXTURES / "web"
    for name, url in (("harbour", "https://eastport.example/harbour"), ("council", "https://westfield.example/council")):
        write_warc(tmp_path / f"{name}.warc.gz", [(url, "200 OK", "text/html", (web / f"{name}.html").read_bytes()),
                                                  (url + "/gone", "404 Not Found", "text/html", b"")])
    url = str(tmp_path / "run.db")
    done = _cli("run", "--out", str(tmp_path / "job"), "--db", url, "--workers", "2", "--relation-model", "features",
                "--no-story-claims", inputs=[str(tmp_path / "council.warc.gz"), str(tmp_path / "harbour.warc.gz")])
    assert done.returncode == 0, done.stderr
    assert "2 new, 0 unchanged, 0 failed" in done.stdout
    assert "run: 2 shard(s), articles not counted" in done.stderr  # a WARC is a shard of its own
    assert "2/? articles, 2/2 shards" in done.stderr  # its pages are known once read
    from claimledger.store import open_repository

    with open_repository(url, create=False, readonly=True) as repo:
        assert {row.url for row in repo.articles()} == {"https://eastport.example/harbour",
                                                         "https://westfield.example/council"}
