"""The cost of issue 20's transactions and locks: the store's side of an ingest (save the ledger, group its
origin, join its claims to story claims) per article, without the analysis, into SQLite and PostgreSQL.

    python bench/store_locks.py [--fnc ../shared/data/fnc1] [--n 60] [--repeat 3] [--relation-across model]

The bodies are analysed once; each repeat stores the same ledgers into a fresh database; the best repeat
is reported (this machine is shared: the best is the least disturbed). To compare two builds, run it with
each on PYTHONPATH in turn, alternating, and compare ms per article; bench/ingest.py gives the ratio of
a whole ingest to analysis, which the analysis dominates.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from throughput import DEFAULT_FNC, read_bodies  # noqa: E402

import claimledger  # noqa: E402
from claimledger.across.story_claims import StoryClaims  # noqa: E402
from claimledger.across.syndication import Syndication  # noqa: E402
from claimledger.store import open_repository  # noqa: E402


def store_side(url: str, ledgers: list[Any], options: claimledger.Options) -> float:
    """Seconds to save, group and join every ledger, as run.job does after the analysis."""
    with open_repository(url) as repo:
        joiner = StoryClaims(repo, options)
        joiner.encoder.encode(["warm up"])
        t0 = time.perf_counter()
        origins = Syndication.open(repo)
        for ledger in ledgers:  # as run.job does
            repo.save(ledger)
            origins.group(repo, ledger.article.id, ledger.article.text)
            joiner.join(claimledger.ledger_to_dict(ledger))
        return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fnc", default=str(DEFAULT_FNC))
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--relation-across", default="model", choices=["cross", "model"])
    args = parser.parse_args()
    options = claimledger.Options(relation_across=args.relation_across)
    docs = [claimledger.Document(path=f"fnc1:{i}", raw=t) for i, t in enumerate(read_bodies(Path(args.fnc), args.n))]
    ledgers = [x for x in claimledger.analyze_many(docs, options) if not isinstance(x, claimledger.Failure)]
    import pgserver
    import psycopg

    tmp = Path(tempfile.mkdtemp(prefix="claimledger-locks-"))
    out: dict[str, Any] = {"articles": len(ledgers)}
    bindir = pgserver.find_bin()
    with pgserver.cluster(bindir, durable=True) as server:  # type: ignore[arg-type]
        for backend in ("sqlite", "postgresql"):
            runs = []
            for r in range(args.repeat):
                if backend == "sqlite":
                    url = str(tmp / f"s{r}.db")
                else:
                    with psycopg.connect(server, autocommit=True) as conn:
                        conn.execute(f'CREATE DATABASE "l{r}"')  # a name we made
                    url = server.rsplit("/", 1)[0] + f"/l{r}"
                runs.append(store_side(url, ledgers, options))
            out[backend] = {"ms_per_article": [round(1000 * s / len(ledgers), 1) for s in runs],
                            "best_ms_per_article": round(1000 * min(runs) / len(ledgers), 1)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
