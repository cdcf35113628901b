"""Cost of the claim-relation model: pairs per second on short statements (as the ledger relates them)
and on whole news bodies, and the load time, in one process.

    python bench/relation.py [--emergent ../shared/data/emergent/train.csv] [--fnc ../shared/data/fnc1]
                             [--n 2000] [--repeat 3]

Short pairs are Emergent claim/headline pairs; long ones FNC-1 headline/body pairs. The fastest of
--repeat runs counts (this machine is shared; the fastest run is the least disturbed).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--emergent", type=Path, default=SHARED / "emergent" / "train.csv")
    ap.add_argument("--fnc", type=Path, default=SHARED / "fnc1")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from claimledger.claims.relate import get_relation_model
    from claimledger.eval.stance_data import read_emergent, read_fnc1

    t0 = time.perf_counter()
    model = get_relation_model("model")
    load = time.perf_counter() - t0
    short = [(p.claim, p.statement) for p in read_emergent(args.emergent)][:args.n]
    long = [(p.claim, p.statement) for p in read_fnc1(args.fnc / "train_bodies.csv",
                                                       args.fnc / "train_stances.csv")][:args.n // 4]
    result: dict[str, float] = {"load_seconds": round(load, 3)}
    for name, pairs in (("short", short), ("body", long)):
        best = min(_timed(model.relate_many, pairs) for _ in range(args.repeat))
        result[f"{name}_pairs"] = len(pairs)
        result[f"{name}_pairs_per_second"] = round(len(pairs) / best, 1)
        result[f"{name}_ms_per_pair"] = round(1000 * best / len(pairs), 3)
    print(json.dumps(result))


def _timed(fn, pairs) -> float:  # type: ignore[no-untyped-def]
    from claimledger.claims import relation_features

    # The featurizer caches sentence tokens; a real ledger's sentences are new, so start cold.
    relation_features._sentence_words.cache_clear()
    start = time.perf_counter()
    fn(pairs)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
