"""The story-claim index saved beside the store (issue 18): adding 1k mentions to a 100k-mention store with
the saved index (load it, checked against the store; join 1k; save it again) against today's way (rebuild the
index from the stored vectors, join 1k), measured in one run on copies of one SQLite store.

Mentions are synthetic (bench/clusters.py's: unit 384-wide vectors around one topic per 5 mentions, texts
from each topic's own words): no encoder runs, a lookup stands in for it, so the figures are the index's and
the store's. The store holds one article per mention, each mention linked to its topic's story claim (no
clustering is run to make it). One thread; CPU seconds, on this shared 2-core machine: compare the two in
one run. The joins' nearest story claims are compared on 50 probes: HNSW draws each new row's graph level
at random, and the generator's state is not saved with the index, so the two graphs may differ a little.

    .venv/bin/python bench/story_index.py [--stored 100000] [--added 1000] [--json]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).parent))
from clusters import synthetic  # noqa: E402  (bench/clusters.py)

from claimledger.across.index import save_index  # noqa: E402
from claimledger.across.story_claims import StoryClaims  # noqa: E402
from claimledger.contract import ledger_from_dict  # noqa: E402
from claimledger.embed import to_bytes  # noqa: E402
from claimledger.options import Options  # noqa: E402
from claimledger.store import open_repository  # noqa: E402
from claimledger.store.tables import articles, claim_links, story_claims  # noqa: E402


class Lookup:
    """Stands in for the sentence encoder: each synthetic text's own vector."""

    def __init__(self, texts: list[str], vectors: list[np.ndarray]) -> None:
        self.vectors = dict(zip(texts, vectors))

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)


def _article_id(i: int) -> str:
    return f"{i:064x}"


def make_store(path: Path, mentions: list[Any]) -> None:
    now = datetime.now(timezone.utc)
    stories = sorted({m.text.split()[0].split("x")[0] for m in mentions})  # "t123": the topic
    story_of = {t: n + 1 for n, t in enumerate(stories)}
    with open_repository(str(path)) as repo, repo.engine.begin() as conn:
        conn.execute(insert(story_claims), [{"id": story_of[t], "text": t, "created_at": now} for t in stories])
        for start in range(0, len(mentions), 5000):
            chunk = list(enumerate(mentions))[start:start + 5000]
            conn.execute(insert(articles), [{"id": _article_id(i), "path": f"{i}.txt", "text": m.text, "ledger": "{}",
                                             "ingested_at": now} for i, m in chunk])
            conn.execute(insert(claim_links), [{"article_id": _article_id(i), "claim_id": "c1",
                                                "story_claim_id": story_of[m.text.split()[0].split("x")[0]],
                                                "text": m.text, "vector": to_bytes(m.vector)} for i, m in chunk])


def join_all(joiner: StoryClaims, added: list[Any], first: int) -> float:
    start = time.process_time()
    for i, m in enumerate(added, first):
        ledger = {"schema": "claimledger.article/1",
                  "article": {"id": _article_id(i), "path": f"{i}.txt", "text": m.text, "title": "", "language": "en"},
                  "attributions": [], "claims": [{"id": "c1", "text": m.text}]}
        joiner.repo.save(ledger_from_dict(ledger))
        joiner.join(ledger)
    return time.process_time() - start


def timed(make: Any) -> tuple[Any, float]:
    """The value and the CPU seconds it took (CPU time: robust on this shared, busy machine)."""
    start = time.process_time()
    value = make()
    return value, time.process_time() - start


def run(stored: int, added: int) -> dict[str, Any]:
    mentions = synthetic(stored + added)
    # Unique texts, so the lookup encoder gives each mention its own vector.
    from claimledger.across.cluster import Mention

    mentions = [Mention(f"{m.text} n{i}", m.vector) for i, m in enumerate(mentions)]
    old, new = mentions[:stored], mentions[stored:]
    encoder: Any = Lookup([m.text for m in new], [m.vector for m in new])
    options = Options(relation_across=None)
    folder = Path(tempfile.mkdtemp(prefix="story-index-"))
    try:
        today, saved = folder / "rebuild.db", folder / "saved.db"
        _, made = timed(lambda: make_store(today, old))
        shutil.copy(today, saved)
        out: dict[str, Any] = {"stored": stored, "added": added, "store_s": round(made, 1)}
        with open_repository(str(today)) as repo:
            # Today's way: every run rebuilds the index from the stored vectors before its first article.
            joiner, out["rebuild_s"] = timed(lambda: StoryClaims(repo, options, encoder=encoder,
                                                                 index_path=folder / "unused.faiss"))
            # The same index, saved for the copy of the store (what an earlier run leaves behind).
            _, out["first_save_s"] = timed(lambda: save_index(joiner.clusterer.index, joiner._keys,
                                                              folder / "saved.db-story-index.faiss"))
            out["rebuild_join_s"] = join_all(joiner, new, stored)
        with open_repository(str(saved)) as repo:
            loaded, out["load_s"] = timed(lambda: StoryClaims(repo, options, encoder=encoder))
            assert loaded.index_note is None and loaded.index_loaded == stored, loaded.index_note
            out["saved_join_s"] = join_all(loaded, new, stored)
            _, out["save_s"] = timed(loaded.save)
            same = [loaded.similar(m.text, 3) == joiner.similar(m.text, 3) for m in new[:50]]
        out["same_answers"] = f"{sum(same)}/{len(same)}"
        out["index_mib"] = round((folder / "saved.db-story-index.faiss").stat().st_size / 2**20)
        rebuild = out["rebuild_s"] + out["rebuild_join_s"]
        incremental = out["load_s"] + out["saved_join_s"] + out["save_s"]
        out["ratio"] = round(rebuild / incremental, 1)
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in out.items()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--added", type=int, default=1_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = run(args.stored, args.added)
    if args.json:
        print(json.dumps(r))
        return
    print(f"{r['stored']:,} stored mentions, {r['added']:,} added (synthetic vectors; store made in {r['store_s']} s)")
    print("CPU seconds:")
    print(f"  rebuild: index rebuilt {r['rebuild_s']} s + join {r['rebuild_join_s']} s")
    print(f"  saved:   index loaded and checked {r['load_s']} s + join {r['saved_join_s']} s + saved again "
          f"{r['save_s']} s ({r['index_mib']} MiB; first save {r['first_save_s']} s)")
    print(f"  adding {r['added']:,} with the saved index is {r['ratio']}x faster than with a rebuild; "
          f"same nearest story claims for {r['same_answers']} probes")


if __name__ == "__main__":
    main()
