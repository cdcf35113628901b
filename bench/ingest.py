"""Ingest throughput into SQLite and PostgreSQL, as a ratio to `analyze` alone in the same run.

    python bench/ingest.py [--fnc ../shared/data/fnc1] [--n 300] [--extractor combined] [--repeat 2]
                           [--pg-url postgresql://...] [--relation-across cross|model]

One process, models loaded once (warm-up first). For each database and repeat: analyze alone
(analyze_many, results kept in memory), then right after it `run.job.ingest` (clean, check the store
by content hash, analyse, store) into a fresh database; the ratio is taken within each such pair, since
this machine's speed drifts by 20-30% between runs a minute apart. Also timed: storing the already-made ledgers alone (repo.save),
and re-running the ingest over the same bodies, which finds them all unchanged. Without --pg-url a
throw-away PostgreSQL cluster is started on loopback (tests/pgserver.py; Debian's postgresql), with
its default durability (fsync on), as SQLite keeps its own (WAL, synchronous=NORMAL).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from throughput import DEFAULT_FNC, read_bodies  # noqa: E402

import claimledger  # noqa: E402
from claimledger.run.job import ingest  # noqa: E402
from claimledger.store import open_repository  # noqa: E402


def _docs(texts: list[str]) -> list[claimledger.Document]:
    return [claimledger.Document(path=f"fnc1:{i}", raw=text) for i, text in enumerate(texts)]


def _ingest(url: str, texts: list[str], options: claimledger.Options) -> tuple[float, Counter[str], float]:
    with open_repository(url) as repo:
        t0 = time.perf_counter()
        counts = Counter(o.status for o in ingest(_docs(texts), repo, options))
        seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = Counter(o.status for o in ingest(_docs(texts), repo, options))
        rerun = time.perf_counter() - t0
        assert again["new"] == 0 and again["unchanged"] == counts["new"] + counts["unchanged"], again
    return seconds, counts, rerun


def _fresh_pg(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name


def _analyze(texts: list[str], options: claimledger.Options) -> tuple[float, list[claimledger.Ledger]]:
    t0 = time.perf_counter()
    ledgers = [x for x in claimledger.analyze_many(_docs(texts), options) if not isinstance(x, claimledger.Failure)]
    return time.perf_counter() - t0, ledgers


def bench(args: argparse.Namespace, pg_server: str) -> dict[str, Any]:
    texts = read_bodies(Path(args.fnc), args.n)
    options = claimledger.Options(extractor=args.extractor, relation_across=args.relation_across)
    claimledger.analyze("The mayor said on Monday that the bridge would reopen in May.", options)  # loads models
    tmp = Path(tempfile.mkdtemp(prefix="claimledger-bench-"))
    n = len(texts)
    out: dict[str, Any] = {"articles": n, "extractor": args.extractor, "repeat": args.repeat}
    for backend in ("sqlite", "postgresql"):
        pairs, store_only, reruns, outcomes = [], [], [], {}
        for r in range(args.repeat):
            # Each ingest right after an analyze-alone pass of the same bodies: the machine's drift between
            # the two is as small as it gets, and the ratio is taken within the pair.
            alone, ledgers = _analyze(texts, options)
            url = str(tmp / f"bench{r}.db") if backend == "sqlite" else _fresh_pg(pg_server, f"bench{r}")
            seconds, counts, rerun = _ingest(url, texts, options)
            pairs.append((alone, seconds))
            reruns.append(rerun)
            outcomes = dict(counts)
            store_url = str(tmp / f"store{r}.db") if backend == "sqlite" else _fresh_pg(pg_server, f"store{r}")
            with open_repository(store_url) as repo:
                t0 = time.perf_counter()
                for ledger in ledgers:
                    repo.save(ledger)
                store_only.append(time.perf_counter() - t0)
        ratios = [a / s for a, s in pairs]  # in run order, like the two lists above
        out[backend] = {
            "outcomes": outcomes,
            "analyze_per_s": [round(n / a, 2) for a, _ in pairs],
            "ingest_per_s": [round(n / s, 2) for _, s in pairs],
            "ratio_to_analyze": [round(x, 3) for x in ratios],
            "store_only_ms_per_article": round(1000 * min(store_only) / n, 2),
            "rerun_unchanged_per_s": round(n / min(reruns), 1),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fnc", default=str(DEFAULT_FNC))
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--extractor", default="combined", choices=["combined", "tagger", "rules"])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--relation-across", default="cross", choices=["cross", "features"],
                        help="the relation model behind the stances toward story claims (Options.relation_across)")
    parser.add_argument("--pg-url", help="a PostgreSQL server's maintenance database (default: start one)")
    args = parser.parse_args()
    if args.pg_url:
        result = bench(args, args.pg_url)
    else:
        import pgserver

        bindir = pgserver.find_bin()
        if bindir is None:
            sys.exit(f"PostgreSQL binaries not found: {pgserver.INSTALL}, or give --pg-url")
        with pgserver.cluster(bindir, durable=True) as url:
            result = bench(args, url)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
