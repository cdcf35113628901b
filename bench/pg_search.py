"""PostgreSQL article search before and after revision 0006's stored tsvector column, as a ratio in one run.

    python bench/pg_search.py [--fnc ../shared/data/fnc1] [--n 1683] [--copies 3] [--repeat 20]

A throw-away cluster (tests/pgserver.py) holds FNC-1 train bodies (each stored --copies times with a line
of its own, so the store is bigger than the 1,683 bodies). Both queries run on the same database:
"before" is Repository.search as it was (WHERE and ts_rank over to_tsvector(title || text), served by
0001's GIN expression index, made here again for it), "after" is Repository.search now (the stored
`search` column and its GIN index). Each word is searched --repeat times, alternating the two; the median
of each is reported and their ratio. Common words match most articles, which is where ranking by a
vector parsed again for every match costs most.
"""
from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

import pgserver  # noqa: E402
from throughput import DEFAULT_FNC, read_bodies  # noqa: E402

from sqlalchemy import text  # noqa: E402

from claimledger.store import open_repository  # noqa: E402
from claimledger.store.tables import articles  # noqa: E402

WORDS = ["said", "police", "government", "apple watch", "isis video", "meteorite"]
BEFORE = ("SELECT id FROM articles WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) "
          "@@ plainto_tsquery('english', :q) ORDER BY ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || "
          "text), plainto_tsquery('english', :q)) DESC LIMIT :n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fnc", default=str(DEFAULT_FNC), help="folder with train_bodies.csv")
    parser.add_argument("--n", type=int, default=1683, help="bodies to read")
    parser.add_argument("--copies", type=int, default=3, help="rows stored per body")
    parser.add_argument("--repeat", type=int, default=20, help="searches per word and side")
    args = parser.parse_args()
    bodies = read_bodies(Path(args.fnc), args.n)
    bindir = pgserver.find_bin()
    if bindir is None:
        sys.exit(f"PostgreSQL binaries not found: {pgserver.INSTALL}")
    with pgserver.cluster(bindir) as url:
        with open_repository(url) as repo:
            now = datetime.now(timezone.utc)
            rows = []
            for copy in range(args.copies):
                for n, body in enumerate(bodies):
                    body = f"{body}\n\nCopy {copy} of body {n}."
                    rows.append({"id": hashlib.sha256(body.encode()).hexdigest(), "path": f"fnc:{n}:{copy}",
                                 "title": body[:80], "text": body, "ledger": "{}", "ingested_at": now})
            with repo.engine.begin() as conn:
                conn.execute(articles.insert(), rows)
                conn.execute(text("CREATE INDEX ix_articles_fts ON articles USING gin "
                                  "(to_tsvector('english', coalesce(title, '') || ' ' || text))"))
                conn.execute(text("ANALYZE articles"))
            print(f"{len(rows)} articles, {sum(map(len, (r['text'] for r in rows))) / 1e6:.1f} M characters")
            print(f"{'words':<14} {'matches':>8} {'before ms':>10} {'after ms':>9} {'ratio':>6}")
            ratios = []
            for words in WORDS:
                before, after = [], []
                for _ in range(args.repeat):
                    for side, query in ((before, BEFORE), (after, None)):
                        t0 = time.perf_counter()
                        if query is None:
                            found = repo.search(words, limit=20)
                        else:
                            with repo.engine.connect() as conn:
                                found = [r[0] for r in conn.execute(text(query), {"q": words, "n": 20})]
                        side.append(time.perf_counter() - t0)
                with repo.engine.connect() as conn:
                    matches = conn.execute(text("SELECT count(*) FROM articles WHERE search @@ "
                                                "plainto_tsquery('english', :q)"), {"q": words}).scalar_one()
                b, a = statistics.median(before) * 1000, statistics.median(after) * 1000
                ratios.append(b / a)
                print(f"{words:<14} {matches:>8} {b:>10.1f} {a:>9.1f} {b / a:>5.1f}x")
                assert found, words
            print(f"geometric mean ratio: {statistics.geometric_mean(ratios):.1f}x (before / after, same database)")


if __name__ == "__main__":
    main()
