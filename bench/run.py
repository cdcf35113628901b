"""Throughput of `claimledger run` against `ingest` on the same FNC-1 bodies, as ratios measured in one run.

    python bench/run.py [--fnc ../shared/data/fnc1] [--n 2000] [--workers 1,2] [--executors local,ray]
                        [--shard-size 50] [--no-story-claims] [--relation-model cross|features] [--store [--pg]]
    python bench/run.py --job JOB_FOLDER [--pg]     # the store part alone, on a job's shards

Each configuration is one `claimledger` process (a fresh SQLite store and job folder), timed from start to
exit, model loading included: `ingest`, then `run --executor local` and `run --executor ray` at each
--workers. "analysis" is the time to the job's last shard (from its progress lines), before the load's
tail and the join of origins and story claims, which run once, in the driver ("story-claim join": from
the job's "joining" line to its exit). Peak memory per worker is
what the job reports (each worker's ru_maxrss); for `ingest`, the process's own. CPU seconds per article
(the process and its local workers) are the cost that a busy machine does not change. The load average
before and after each configuration is printed: this machine is shared, and its speed drifts.
FNC-1's train bodies are 1,683 texts: --n above that takes them all.

The store part (--store, with --pg for PostgreSQL on a throw-away cluster, tests/pgserver.py, durable
settings) loads the ledgers the job analysed into fresh stores twice: in bulk (Repository.save_many:
COPY on PostgreSQL, executemany on SQLite, 500 a transaction) and one article a transaction
(Repository.save, as `ingest` writes), and gives the PostgreSQL bytes per article, tables and indexes.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_load import make_jsonl  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FNC = REPO.parent / "shared" / "data" / "fnc1"
CLI = [sys.executable, "-m", "claimledger"]
_PEAKS = re.compile(r"peak memory per worker \(MB\): ([\d, ]+)")


def _first_lines(src: Path, dst: Path, n: int) -> int:
    with open(src, encoding="utf-8") as fh, open(dst, "w", encoding="utf-8") as out:
        count = 0
        for count, line in enumerate(fh, 1):
            if count > n:
                return n
            out.write(line)
    return count


def _timed(args: list[str]) -> dict[str, Any]:
    """Run one configuration; wall seconds, the time of the last analysed shard, peaks, output."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    analysed: list[float] = []
    joining: list[float] = []
    err_lines: list[str] = []

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            err_lines.append(line)
            if line.startswith("run: ") and "articles/s" in line:
                analysed.append(time.perf_counter() - start)
            elif line.startswith("run: joining"):
                joining.append(time.perf_counter() - start)

    reader = threading.Thread(target=read_stderr)
    reader.start()
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    reader.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{args} failed ({proc.returncode}):\n{''.join(err_lines[-20:])}")
    found = _PEAKS.search(out)
    peaks = [float(x) for x in found.group(1).split(",")] if found else [usage.ru_maxrss / 1024]
    # CPU seconds of the process and the children it waited for (local workers; Ray's actors are the
    # raylet's children, not counted): on a machine shared with others, the cost that does not drift.
    cpu = usage.ru_utime + usage.ru_stime
    return {"wall": wall, "analysis": analysed[-1] if analysed else None, "peaks": peaks, "summary": out.strip(),
            "join": wall - joining[-1] if joining else None,
            "load": (load_before, os.getloadavg()[0]), "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fnc", type=Path, default=DEFAULT_FNC)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--executors", default="local,ray")
    parser.add_argument("--shard-size", type=int, default=50)
    parser.add_argument("--no-story-claims", action="store_true")
    parser.add_argument("--relation-model", default="cross")
    parser.add_argument("--store", action="store_true", help="also time the bulk load against one-by-one saves")
    parser.add_argument("--pg", action="store_true", help="with --store: on PostgreSQL too")
    parser.add_argument("--job", type=Path, help="only the store part, on the shards of this job folder")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="claimledger-bench-run-"))
    if args.job:
        try:
            store_part(args.job, tmp, args.pg)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    try:
        make_jsonl(args.fnc, tmp / "all.jsonl")
        n = _first_lines(tmp / "all.jsonl", tmp / "bodies.jsonl", args.n)
        common = ["--relation-model", args.relation_model, "--no-progress"] + (
            ["--no-story-claims"] if args.no_story_claims else ["--story-claims"])
        configs: list[tuple[str, list[str]]] = [("ingest", ["ingest", str(tmp / "bodies.jsonl")])]
        for executor in args.executors.split(","):
            for w in args.workers.split(","):
                configs.append((f"run {executor} x{w}", [
                    "run", str(tmp / "bodies.jsonl"), "--executor", executor, "--workers", w,
                    "--shard-size", str(args.shard_size), "--out", str(tmp / f"job-{executor}-{w}")]))
        print(f"{n} FNC-1 bodies, story claims {'off' if args.no_story_claims else 'on'}, relation model "
              f"{args.relation_model}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
        results: dict[str, dict[str, Any]] = {}
        for name, command in configs:
            db = tmp / f"{name.replace(' ', '-')}.db"
            # `run` with progress on prints a plain line per shard (stderr is a pipe): the analysis time.
            flags = [f for f in common if f != "--no-progress"] if command[0] == "run" else common
            results[name] = _timed(CLI + command + ["--db", str(db)] + flags)
            r = results[name]
            print(f"  {name:<16} {r['wall']:7.1f} s  {n / r['wall']:6.2f} articles/s"
                  + (f"  (analysis {r['analysis']:.1f} s" + (f", story-claim join {r['join']:.1f} s" if r["join"] else "")
                     + ")" if r["analysis"] else "")
                  + (f"  CPU {r['cpu'] / n:.2f} s/article" if not name.startswith("run ray") else "")
                  + f"  peak MB per worker {', '.join(f'{p:.0f}' for p in r['peaks'])}"
                  + f"  load {r['load'][0]:.2f} -> {r['load'][1]:.2f}", flush=True)
        base = results["ingest"]["wall"]
        print("\nratios (wall time; higher is faster)")
        for name, r in results.items():
            line = f"  {name:<16} {base / r['wall']:5.2f}x ingest"
            one = name.rsplit("x", 1)[0] + "x1"
            if name.startswith("run") and one in results and one != name:
                line += f", {results[one]['wall'] / r['wall']:.2f}x its 1 worker"
                if r["analysis"] and results[one]["analysis"]:
                    line += f" (analysis alone {results[one]['analysis'] / r['analysis']:.2f}x)"
            print(line)
        for name, r in results.items():
            print(f"  {name}: {r['summary'].splitlines()[0]}")
        jobs = sorted(tmp.glob("job-*"))
        if args.store and jobs:
            store_part(jobs[0], tmp, args.pg)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _ledgers(job: Path) -> list[Any]:
    import json

    import pyarrow.parquet as pq

    from claimledger.contract import ledger_from_dict

    rows = [r for f in sorted(job.glob("shard-*.parquet")) for r in pq.read_table(f).to_pylist()]
    return [ledger_from_dict(json.loads(r["ledger"])) for r in rows if r["status"] == "analysed"]


def _load_rates(make: Any, ledgers: list[Any]) -> tuple[float, float, str]:
    from claimledger.store import open_repository

    bulk_url, one_url = make(), make()
    with open_repository(bulk_url) as repo:
        start = time.perf_counter()
        for i in range(0, len(ledgers), 500):
            repo.save_many(ledgers[i:i + 500])
        bulk = len(ledgers) / (time.perf_counter() - start)
    with open_repository(one_url) as repo:
        start = time.perf_counter()
        for ledger in ledgers:
            repo.save(ledger)
        one = len(ledgers) / (time.perf_counter() - start)
    return bulk, one, bulk_url


def _pg_sizes(url: str, n: int) -> None:
    from sqlalchemy import text

    from claimledger.store import open_repository

    query = text("SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid) FROM pg_class c "
                 "JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'public' AND c.relkind = 'r' "
                 "ORDER BY 2 DESC")
    with open_repository(url) as repo, repo.engine.connect() as conn:
        rows = [(r[0], int(r[1]), int(r[2])) for r in conn.execute(query)]
    tables, indexes = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"  PostgreSQL after {n} articles: tables {tables / n / 1024:.1f} KiB and indexes {indexes / n / 1024:.1f} KiB "
          f"per article -> at 10M articles ~{tables / n * 1e7 / 2**30:.0f} GiB of tables, "
          f"~{indexes / n * 1e7 / 2**30:.0f} GiB of indexes")
    for name, table, index in rows[:5]:
        print(f"    {name:<14} table {table / n:8.0f} B/article, indexes {index / n:8.0f} B/article")


def store_part(job: Path, tmp: Path, pg: bool) -> None:
    ledgers = _ledgers(job)
    print(f"\nstore: loading the {len(ledgers)} ledgers of {job.name} into fresh stores")
    count = iter(range(1000))
    bulk, one, _ = _load_rates(lambda: str(tmp / f"load{next(count)}.db"), ledgers)
    print(f"  SQLite      bulk {bulk:7.1f} articles/s, one by one {one:7.1f} articles/s ({bulk / one:.1f}x)")
    if not pg:
        return
    sys.path.insert(0, str(REPO / "tests"))
    import pgserver
    import psycopg

    bindir = pgserver.find_bin()
    if bindir is None:
        raise SystemExit(f"PostgreSQL binaries not found: {pgserver.INSTALL}")
    with pgserver.cluster(bindir, durable=True) as server:
        names = iter(range(1000))

        def make() -> str:
            name = f"b{next(names)}"
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')  # a name we made
            return server.rsplit("/", 1)[0] + "/" + name
        bulk, one, url = _load_rates(make, ledgers)
        print(f"  PostgreSQL  bulk {bulk:7.1f} articles/s, one by one {one:7.1f} articles/s ({bulk / one:.1f}x)")
        _pg_sizes(url, len(ledgers))


if __name__ == "__main__":
    main()
