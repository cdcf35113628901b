"""Syndicated-copy grouping (across/syndication.py): precision / recall and cost on FNC-1 bodies.

    python bench/syndication.py [--fnc ../shared/data/fnc1] [--variants 300] [--seed 7] [--json]

The distinct FNC-1 bodies (1,683 real news bodies, many of them different reports of the same story)
must not group with one another; for --variants bodies of 120 words or more we make copies the way
syndication does, each of which must group with its body:
  headline  a new headline and dateline on top, a wire credit and an outlet's boilerplate at the end
  trim60    the first 60% of its sentences (an outlet cutting the wire story short)
  trim40    the first 40%
  reword    5% of words changed (light editing), plus a new headline
  combo     trimmed to 70%, 5% of words changed, boilerplate on both ends
Everything goes through one index in a shuffled order (a copy may come before its original), as an
ingest would. Pairwise precision and recall over "same origin" pairs. FNC-1 holds its own copies (the
same wire story from two sites): with --clean, bodies sharing half or more of their exact 4-word
shingles with another body are left out first, so that precision counts only false merges; different
reports of one story that share quotes (exact containment 0.2-0.5) stay in as the hard negatives.
Without --clean, the body pairs it groups are listed with their exact containment, for inspection.
Cost: time to sign and assign each article (mean and p95), and to rebuild the index from signatures.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimledger.across import syndication  # noqa: E402
from claimledger.across.syndication import (Signature, Syndication, containment, jaccard, shingles,
                                              signature)  # noqa: E402

HEADLINES = ["Officials Weigh Response as Questions Mount", "What We Know So Far", "Latest: Reports Spark Debate",
             "Story Draws Scrutiny Online", "Update: New Details Emerge"]
TOP = ["NEW YORK (Wire Service) —", "LONDON, Tuesday (Wire) -", "By Staff Writers | Updated 6:42 a.m."]
BOTTOM = ["Copyright 2026 Wire Service. All rights reserved. This material may not be redistributed.",
          "Sign up for our morning newsletter to get the day's top stories in your inbox.",
          "Follow us on social media for the latest updates. Comments are moderated.",
          "Reporting by wire staff; editing by the news desk."]
FILLER = ["also", "reportedly", "now", "then", "still", "however", "meanwhile", "indeed", "later", "further"]


def read_bodies(fnc: Path) -> list[tuple[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with open(fnc / "train_bodies.csv", encoding="utf-8", newline="") as fh:
        return [(row["Body ID"], row["articleBody"]) for row in csv.DictReader(fh)]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def reword(text: str, rate: float, rng: random.Random) -> str:
    words = text.split(" ")
    for i in range(len(words)):
        if rng.random() < rate:
            words[i] = rng.choice(FILLER) if rng.random() < 0.5 else words[i].upper() + "s"
    return " ".join(words)


def trim(text: str, share: float) -> str:
    parts = sentences(text)
    return " ".join(parts[:max(1, round(len(parts) * share))])


def variants(body: str, rng: random.Random) -> dict[str, str]:
    head, top, bottom = rng.choice(HEADLINES), rng.choice(TOP), rng.sample(BOTTOM, 2)
    return {
        "headline": f"{head}\n\n{top} {body}\n\n" + "\n".join(bottom),
        "trim60": trim(body, 0.6),
        "trim40": trim(body, 0.4),
        "reword": f"{head}\n\n" + reword(body, 0.05, rng),
        "combo": f"{head}\n\n{top} " + reword(trim(body, 0.7), 0.05, rng) + "\n\n" + "\n".join(bottom),
    }


def exact_containment(bodies: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """Exact shingle containment of every pair of bodies sharing a shingle (an inverted index; shingles
    found in more than 50 bodies are skipped: they are phrases, not copies)."""
    sets = {bid: shingles(text) for bid, text in bodies}
    holders: dict[bytes, list[str]] = defaultdict(list)
    for bid, found in sets.items():
        for x in found:
            holders[x].append(bid)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in holders.values():
        if len(ids) <= 50:
            shared.update(combinations(ids, 2))
    return {pair: n / max(1, min(len(sets[pair[0]]), len(sets[pair[1]]))) for pair, n in shared.items()}


def store_cost(url: str, items: list[tuple[str, str, str, str]]) -> dict[str, float]:
    """ms per article of Syndication.group (signature, LSH, the origins row written) and of
    Syndication.open (the index rebuilt from stored signatures), with bare article rows stored first."""
    from datetime import datetime, timezone

    from sqlalchemy import insert

    from claimledger.store import open_repository
    from claimledger.store.tables import articles

    with open_repository(url) as repo:
        now = datetime.now(timezone.utc)
        with repo.engine.begin() as conn:
            conn.execute(insert(articles), [{"id": key, "path": key, "text": text, "ledger": "{}", "ingested_at": now}
                                            for key, _, _, text in items])
        index = Syndication()
        t = time.perf_counter()
        for key, _, _, text in items:
            index.group(repo, key, text)
        grouped = time.perf_counter() - t
        t = time.perf_counter()
        Syndication.open(repo)
        opened = time.perf_counter() - t
    return {"store_ms_group_per_article": round(1000 * grouped / len(items), 3),
            "store_ms_open_per_stored_article": round(1000 * opened / len(items), 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fnc", type=Path, default=REPO.parent / "shared" / "data" / "fnc1")
    ap.add_argument("--variants", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--clean", action="store_true", help="leave out FNC-1's own near-copies first")
    ap.add_argument("--threshold", type=float, help="try another SAME_ORIGIN containment threshold")
    ap.add_argument("--shingle", type=int, help="try another number of words per shingle")
    ap.add_argument("--db", help="also time grouping with the store's write (a new SQLite file or a "
                                 "PostgreSQL URL): origin + signature written per article, and the index rebuilt")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    bodies = read_bodies(args.fnc)
    exact = exact_containment(bodies)  # with the shipped shingles: it defines the clean set
    if args.threshold is not None:
        syndication.SAME_ORIGIN = args.threshold
    if args.shingle is not None:
        syndication.SHINGLE_WORDS = args.shingle
    if args.clean:
        copies = {b for pair, c in exact.items() if c >= 0.5 for b in pair}
        bodies = [(bid, text) for bid, text in bodies if bid not in copies]
        exact = {pair: c for pair, c in exact.items() if not copies & set(pair)}
    hard = sum(1 for c in exact.values() if 0.2 <= c < 0.5)
    items: list[tuple[str, str, str, str]] = [(f"b{bid}", f"b{bid}", "body", text) for bid, text in bodies]
    long_enough = [(bid, text) for bid, text in bodies if len(text.split()) >= 120]
    for bid, text in rng.sample(long_enough, min(args.variants, len(long_enough))):
        for kind, copy in variants(text, rng).items():
            items.append((f"v{bid}-{kind}", f"b{bid}", kind, copy))
    rng.shuffle(items)

    index = Syndication()
    costs, origin = [], {}
    for key, _, _, text in items:
        t = time.perf_counter()
        origin[key] = index.assign(key, text)[0]
        costs.append(time.perf_counter() - t)

    gold = {key: g for key, g, _, _ in items}
    kinds = {key: k for key, _, k, _ in items}
    predicted, truth = defaultdict(set), defaultdict(set)
    for key in origin:
        predicted[origin[key]].add(key)
        truth[gold[key]].add(key)
    pairs = lambda groups: {frozenset(p) for g in groups.values() for p in combinations(sorted(g), 2)}  # noqa: E731
    pp, tp = pairs(predicted), pairs(truth)
    hit = pp & tp
    per_kind = {}
    for kind in ("headline", "trim60", "trim40", "reword", "combo"):
        keys = [k for k in origin if kinds[k] == kind]
        per_kind[kind] = sum(origin[k] == origin[gold[k]] for k in keys) / max(1, len(keys))
    # Distinct FNC-1 bodies grouped together: the false merges (or FNC-1's own duplicates).
    merged = [sorted(g) for g in predicted.values() if len({gold[k] for k in g}) > 1]
    sigs = {key: index._known[key][1] for key in origin}
    wrong = sorted({(a, b) for g in merged for a, b in combinations([k for k in g if k.startswith("b")], 2)})
    exact_of = {(f"b{a}", f"b{b}"): c for (a, b), c in exact.items()}
    exact_of.update({(b, a): c for (a, b), c in exact_of.items()})
    shown = [{"pair": [a, b], "estimated": round(containment(sigs[a], sigs[b]), 3),
              "exact": round(exact_of.get((a, b), 0.0), 3)} for a, b in wrong]
    bands = Counter("0.5+" if x["exact"] >= 0.5 else "0.3-0.5" if x["exact"] >= 0.3 else "<0.3" for x in shown)

    blobs = [(k, index._known[k][0], sigs[k].to_bytes()) for k in origin]
    t = time.perf_counter()
    rebuilt = Syndication()
    for k, o, data in blobs:
        found = Signature.from_bytes(data)
        assert found is not None
        rebuilt.add(k, o, found)
    rebuild = time.perf_counter() - t
    t = time.perf_counter()
    for _, _, _, text in items[:300]:
        signature(text)
    sign_only = (time.perf_counter() - t) / min(300, len(items))

    costs.sort()
    report = {
        "articles": len(items), "bodies": len(bodies), "copies": len(items) - len(bodies),
        "pair_precision": round(len(hit) / max(1, len(pp)), 4), "pair_recall": round(len(hit) / max(1, len(tp)), 4),
        "copy_recall_by_kind": {k: round(v, 4) for k, v in per_kind.items()},
        "hard_negative_pairs": hard, "body_pairs_merged": len(wrong),
        "merged_pairs_by_exact_containment": dict(bands), "examples": shown[:12],
        "ms_per_article_mean": round(1000 * sum(costs) / len(costs), 3),
        "ms_per_article_p95": round(1000 * costs[int(0.95 * len(costs))], 3),
        "ms_signature_only": round(1000 * sign_only, 3),
        "ms_rebuild_per_article": round(1000 * rebuild / len(blobs), 4),
    }
    if args.db:
        report.update(store_cost(args.db, items))
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        for k, v in report.items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
