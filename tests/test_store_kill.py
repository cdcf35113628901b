"""Issue 20: kill -9 at any moment, run the same command again, get the same store as a run never killed.

Each case stops `claimledger ingest` with SIGKILL at a point chosen from the code (CLAIMLEDGER_KILL_AT,
store.db.fault): between an article and its origin, between an origin and its join, inside a join with a
story claim made and its links not, and with a whole join written but not committed. The same command is
then run again, and the store is compared table by table with one from an unkilled run (ids of story
claims by their order, since PostgreSQL does not hand back a sequence number a killed transaction took).
Also: a migration killed after each of its statements leaves a store the next open completes.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from claimledger.store import open_engine, open_repository
from claimledger.store.tables import metadata

STORY = Path(__file__).parent / "fixtures" / "across" / "gas-story.jsonl"  # 6 articles: copies and a dispute
CLI = [sys.executable, "-m", "claimledger"]
VOLATILE = {("articles", "ingested_at"), ("story_claims", "created_at"), ("corrections", "created_at"),
            ("publications", "id"), ("failures", "failed_at"),  # ids: PostgreSQL's sequences skip rolled-back ones
            ("story_claim_merges", "merged_at"), ("story_claim_merges", "id")}  # a merge's id: a sequence's, like story claims'
STORY_IDS = {"story_claim_id", "merged_id", "into_id"}  # columns holding a story claim id (issue 18: merges)


def _ingest(url: str, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMLEDGER_", "_CLAIMLEDGER_"))}
    if kill_at:
        env["CLAIMLEDGER_KILL_AT"] = kill_at
    return subprocess.run(CLI + ["ingest", str(STORY), "--db", url, "--relation-model", "model", "--no-progress"],
                          capture_output=True, text=True, env=env, timeout=600)


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without timestamps, story claim ids replaced by their rank."""
    engine = open_engine(url, readonly=True)
    try:
        with engine.connect() as conn:
            ranks = {i: n for n, i in enumerate(sorted(conn.execute(select(metadata.tables["story_claims"].c.id)).scalars()))}
            tables: dict[str, list[tuple[Any, ...]]] = {}
            for table in metadata.sorted_tables:
                rows = []
                for row in conn.execute(select(table)).mappings():
                    rows.append(tuple(
                        ranks[v] if k in STORY_IDS or (table.name == "story_claims" and k == "id")
                        else bytes(v) if isinstance(v, memoryview) else v
                        for k, v in row.items() if (table.name, k) not in VOLATILE))
                tables[table.name] = sorted(rows, key=repr)
            return tables
    finally:
        engine.dispose()


@pytest.fixture
def new_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Makes fresh, empty stores of the test's backend (`backend` param)."""
    backend = request.param
    made: list[str] = []

    def make() -> str:
        if backend == "sqlite":
            return str(tmp_path / f"store{len(made) + len(list(tmp_path.iterdir()))}.db")
        import psycopg

        server = request.getfixturevalue("postgres_server")
        name = f"k{os.getpid()}_{len(made)}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a name we made, not input
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return server.rsplit("/", 1)[0] + "/" + name

    yield make
    if backend != "sqlite":
        import psycopg

        with psycopg.connect(request.getfixturevalue("postgres_server"), autocommit=True) as conn:
            for name in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


POINTS = {"sqlite": ["save:2", "origin:3", "join:2", "joined:4", "join:5"],
          "postgresql": ["origin:2", "join:3", "joined:5"]}


@pytest.mark.parametrize("new_url", ["sqlite", "postgresql"], indirect=True)
def test_an_ingest_killed_anywhere_and_run_again_equals_one_never_killed(
        new_url: Callable[[], str], request: pytest.FixtureRequest) -> None:
    unkilled = new_url()
    done = _ingest(unkilled)
    assert done.returncode == 0, done.stderr
    expected = dump(unkilled)
    assert expected["claim_links"] and expected["relations"] and expected["origins"]
    backend = "sqlite" if "://" not in unkilled else "postgresql"
    for point in POINTS[backend]:
        url = new_url()
        killed = _ingest(url, point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        again = _ingest(url)
        assert again.returncode == 0, (point, again.stderr)
        assert "Traceback" not in again.stderr
        got = dump(url)
        for table in expected:
            assert got[table] == expected[table], (point, table)


@pytest.mark.parametrize("new_url", ["sqlite", "postgresql"], indirect=True)
def test_a_migration_killed_at_each_step_leaves_a_store_the_next_open_completes(
        new_url: Callable[[], str]) -> None:
    code = "import sys; from claimledger.store import open_repository; open_repository(sys.argv[1]).close()"
    step, killed = 1, 0
    while True:
        url = new_url()
        env = dict(os.environ, CLAIMLEDGER_KILL_AT=f"migrate:{step}")
        run = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, env=env, timeout=120)
        if run.returncode == 0:
            break  # past the last statement: the store was made whole
        assert run.returncode == -signal.SIGKILL, run.stderr
        killed += 1
        with open_repository(url) as repo:  # reopened: made now, as if never interrupted
            assert repo.count() == 0
        engine = open_engine(url, readonly=True)
        engine.dispose()
        step += 3 if "://" in url else 1  # every step on SQLite, every third on PostgreSQL (a new database each)
    assert killed >= 10


FIRST, SECOND = STORY.parent.parent / "story-claims" / "first", STORY.parent.parent / "story-claims" / "second"
# Issue 18: a wire text run by two outlets (and a rebuttal), then by the second again and a third.
WIRE, WIRE_MORE = STORY.parent.parent / "publications" / "first.jsonl", STORY.parent.parent / "publications" / "more.jsonl"


def _start(url: str, *inputs: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMLEDGER_", "_CLAIMLEDGER_"))}
    return subprocess.Popen(CLI + ["ingest", *map(str, inputs), "--db", url, "--relation-model", "model", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _finish(run: subprocess.Popen[str]) -> None:
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, err
    assert "Traceback" not in err


def grouping(url: str) -> dict[str, Any]:
    """What must not depend on which ingest went first: the articles, how they group into origins, and
    how their claims group into story claims."""
    tables = dump(url)
    by_origin: dict[str, set[str]] = {}
    for article_id, origin, _ in tables["origins"]:
        by_origin.setdefault(origin, set()).add(article_id)
    by_story: dict[int, set[tuple[str, str]]] = {}
    for article_id, claim_id, story, *_ in tables["claim_links"]:
        by_story.setdefault(story, set()).add((article_id, claim_id))
    published = [(r[0], r[5], r[3]) for r in tables["publications"]]  # article, outlet, url
    assert len(published) == len(set(published)), "a publication recorded twice"
    return {"articles": sorted(r[0] for r in tables["articles"]),
            "publications": sorted(published),
            "origins": sorted(sorted(g) for g in by_origin.values()),
            "story claims": sorted(sorted(g) for g in by_story.values()),
            "links": len(tables["claim_links"]), "relations": len(tables["relations"])}


@pytest.mark.parametrize("new_url", ["sqlite", "postgresql"], indirect=True)
def test_two_ingests_at_once_equal_the_two_in_turn(new_url: Callable[[], str]) -> None:
    # Overlapping inputs (the wire story in both). SQLite: both create a new file at once; PostgreSQL:
    # both write into a store that holds articles already.
    at_once, in_turn = new_url(), new_url()
    existing = "://" in at_once
    for url in (at_once, in_turn) if existing else ():
        _finish(_start(url, FIRST))
    a, b = ((SECOND, STORY, WIRE), (STORY, WIRE_MORE, WIRE)) if existing else \
        ((FIRST, STORY, WIRE, WIRE_MORE), (SECOND, STORY, WIRE_MORE))
    runs = [_start(at_once, *a), _start(at_once, *b)]
    for run in runs:
        _finish(run)
    _finish(_start(in_turn, *a))
    _finish(_start(in_turn, *b))
    together = grouping(at_once)
    assert together == grouping(in_turn)
    [wire] = [p[0] for p in together["publications"] if p[1] == "Tidewater Press"]
    assert sorted(p[1] for p in together["publications"] if p[0] == wire) == [  # one text, three outlets
        "Harbour Gazette", "Meridian Courier", "Tidewater Press"]
