"""A bounded load test of `claimledger serve` on loopback, over a store of FNC-1 bodies, SQLite and PostgreSQL.

    python bench/serve_load.py --sqlite /tmp/claimledger-serve-fnc1.db [--postgres] [--requests 1000]
                               [--clients 50 200] [--time-limit 60] [--workers 1]

Build the store first (once; FNC-1 train has 1,683 bodies, about 2-4 articles/s on this shared machine):
    claimledger ingest bodies.jsonl --db /tmp/claimledger-serve-fnc1.db --relation-model model
(`--make-jsonl FILE` writes the bodies as JSON Lines with an outlet and a date each.) With --postgres a
throw-away cluster is started (tests/pgserver.py, default durability) and the SQLite store's tables are
copied into it row for row, so both serve the same data.

For each database: `claimledger serve` is started in its own process (one uvicorn worker) and timed from
the start to its first answer (cold start); its resident memory is read at rest and its peak under load
(VmRSS, VmHWM). Then, for each scenario and number of clients, a small asyncio/httpx client sends a fixed
number of requests with that many in flight at once, stopping at the time limit; it reports requests/s,
p50 and p99 latency and the errors. Scenarios: the contested claims list (JSON), one claim's page (HTML,
the most disputed claim), article search (JSON, words rotated).
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

WORDS = ["police", "video", "apple", "isis", "ebola", "president", "report", "government", "said", "killed",
         "army", "school", "phone", "church", "official", "million"]


def make_jsonl(fnc: Path, out: Path) -> int:
    csv.field_size_limit(10**8)
    n = 0
    with open(fnc / "train_bodies.csv", newline="", encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        for n, row in enumerate(csv.DictReader(f), 1):
            w.write(json.dumps({"id": row["Body ID"], "text": row["articleBody"], "outlet": f"Outlet {n % 12}",
                                "published": f"2026-10-{1 + n % 28:02d}T12:00:00+00:00"}) + "\n")
    return n


def copy_to_postgres(sqlite_url: str, pg_url: str) -> None:
    """The SQLite store's rows into an empty PostgreSQL store of the same schema (read-only bench data)."""
    from sqlalchemy import insert

    from claimledger.store import open_repository
    from claimledger.store.tables import metadata

    with open_repository(sqlite_url, create=False) as source, open_repository(pg_url) as target:
        with target.engine.begin() as conn:
            for table in metadata.sorted_tables:
                batch: list[dict[str, Any]] = []
                for row in source.table_rows(table):
                    batch.append(row)
                    if len(batch) == 500:
                        conn.execute(insert(table), batch)
                        batch = []
                if batch:
                    conn.execute(insert(table), batch)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM in MiB of the process and its children (the uvicorn workers), summed."""
    out = {"VmRSS": 0, "VmHWM": 0}
    children = Path(f"/proc/{pid}/task/{pid}/children")
    pids = [pid] + [int(p) for p in (children.read_text().split() if children.exists() else [])]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in out:
                out[key] += int(value.split()[0]) // 1024
    return out


class Server:
    def __init__(self, db: str, workers: int = 1) -> None:
        self.port = _port()
        self.base = f"http://127.0.0.1:{self.port}"
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "claimledger", "serve", "--db", db, "--port",
                                      str(self.port), "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while True:
            try:
                if httpx.get(self.base + "/api/v1/articles?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stderr.read().decode() if self.proc.stderr else "serve died")
                time.sleep(0.05)
        self.cold_start = time.perf_counter() - t0

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


async def _load(urls: list[str], clients: int, limit_s: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    kinds: dict[str, int] = {}
    queue = iter(urls)
    deadline = time.perf_counter() + limit_s

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for url in queue:
            if time.perf_counter() > deadline:
                return
            t0 = time.perf_counter()
            try:
                r = await client.get(url)
                ok, kind = r.status_code == 200, str(r.status_code)
            except httpx.HTTPError as error:
                ok, kind = False, type(error).__name__
            latencies.append(time.perf_counter() - t0)
            errors += not ok
            if not ok:
                kinds[kind] = kinds.get(kind, 0) + 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(clients)))
        wall = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"requests": len(latencies), "errors": errors, "error_kinds": kinds, "rps": round(len(latencies) / wall, 1),
            "p50_ms": round(1000 * q[49], 1), "p99_ms": round(1000 * q[98], 1), "seconds": round(wall, 1)}


def run(name: str, db: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    server = Server(db, args.workers)
    rows = []
    try:
        base = server.base
        claims = httpx.get(base + "/api/v1/claims?contested=true&limit=1", timeout=300).json()["claims"]
        if not claims:
            claims = httpx.get(base + "/api/v1/claims?limit=1", timeout=300).json()["claims"]
        at_rest = _memory(server.proc.pid)["VmRSS"]
        scenarios = {
            "contested list": [base + "/api/v1/claims?contested=true&limit=20"] * args.requests,
            "claim page": [base + f"/claims/{claims[0]['id']}"] * args.requests,
            "article search": [base + f"/api/v1/articles?q={WORDS[i % len(WORDS)]}&limit=20"
                               for i in range(args.requests)],
        }
        for scenario, urls in scenarios.items():
            for clients in args.clients:
                result = asyncio.run(_load(urls, clients, args.time_limit))
                row = {"db": name, "scenario": scenario, "clients": clients, **result}
                rows.append(row)
                print(json.dumps(row), flush=True)
        memory = _memory(server.proc.pid)
        print(json.dumps({"db": name, "cold_start_s": round(server.cold_start, 2), "rss_at_rest_mib": at_rest,
                          "peak_rss_mib": memory["VmHWM"]}), flush=True)
    finally:
        server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", default="/tmp/claimledger-serve-fnc1.db")
    parser.add_argument("--postgres", action="store_true", help="also serve a PostgreSQL copy of the store")
    parser.add_argument("--requests", type=int, default=1000, help="requests per scenario and client count")
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per scenario and client count")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers")
    parser.add_argument("--make-jsonl", type=Path, help="write FNC-1 bodies as JSON Lines here and exit")
    parser.add_argument("--fnc", type=Path, default=REPO.parent / "shared" / "data" / "fnc1")
    args = parser.parse_args()
    if args.make_jsonl:
        print(make_jsonl(args.fnc, args.make_jsonl), "bodies written")
        return
    from claimledger.store import open_repository

    with open_repository(args.sqlite, create=False) as repo:
        print(json.dumps({"articles": repo.count()}), flush=True)
    run("sqlite", args.sqlite, args)
    if args.postgres:
        import pgserver

        bindir = pgserver.find_bin()
        assert bindir is not None, pgserver.INSTALL
        with pgserver.cluster(bindir, durable=True) as server:
            import psycopg

            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute('CREATE DATABASE "serve_load"')
            url = server.rsplit("/", 1)[0] + "/serve_load"
            copy_to_postgres(args.sqlite, url)
            run("postgresql", url, args)


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
