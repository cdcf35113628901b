"""Cost of the claim-relation models: pairs per second on short statements (as the ledger relates them)
and on whole news bodies, and the load time, in one process; the cross-encoder's cost as a ratio to the
feature model's, measured in the same run.

    python bench/relation.py [--emergent ../shared/data/emergent/train.csv] [--fnc ../shared/data/fnc1]
                             [--n 2000] [--repeat 3] [--models features,cross]

Short pairs are Emergent claim/headline pairs; long ones FNC-1 headline/body pairs (a quarter related:
the cross-encoder runs only on pairs the features find may be related). The fastest of --repeat runs
counts (this machine is shared; the fastest run is the least disturbed).
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
    ap.add_argument("--models", default="features,cross", help="registered relation models to time, comma-separated")
    args = ap.parse_args()

    from claimledger.claims.relate import get_relation_model
    from claimledger.eval.stance_data import read_emergent, read_fnc1

    short = [(p.claim, p.statement) for p in read_emergent(args.emergent)][:args.n]
    long = [(p.claim, p.statement) for p in read_fnc1(args.fnc / "train_bodies.csv",
                                                       args.fnc / "train_stances.csv")][:args.n // 4]
    results: dict[str, dict[str, float]] = {}
    for name in args.models.split(","):
        t0 = time.perf_counter()
        model = get_relation_model(name)
        result: dict[str, float] = {"load_seconds": round(time.perf_counter() - t0, 3)}
        for kind, pairs in (("short", short), ("body", long)):
            best = min(_timed(model.relate_many, pairs) for _ in range(args.repeat))
            result[f"{kind}_pairs"] = len(pairs)
            result[f"{kind}_pairs_per_second"] = round(len(pairs) / best, 1)
            result[f"{kind}_ms_per_pair"] = round(1000 * best / len(pairs), 3)
        results[name] = result
    first, *rest = list(results)
    for name in rest:  # time per pair against the first model's, same run
        for kind in ("short", "body"):
            results[name][f"{kind}_time_ratio_to_{first}"] = round(
                results[name][f"{kind}_ms_per_pair"] / results[first][f"{kind}_ms_per_pair"], 1)
    print(json.dumps(results))


def _timed(fn, pairs) -> float:  # type: ignore[no-untyped-def]
    from claimledger.claims import relation_features

    # The featurizer caches sentence tokens; a real ledger's sentences are new, so start cold.
    relation_features._sentence_words.cache_clear()
    start = time.perf_counter()
    fn(pairs)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
