"""`track` on FNC-1 train: ingest the bodies, track sampled headlines, score the stances it returns.

    nice -n 10 python bench/track.py [--fnc ../shared/data/fnc1] [--db /tmp/claimledger-track-fnc1.db]
                                     [--headlines 50] [--seed 11] [--limit 100] [--ingest-only] [--holdout]

The bodies are ingested once into --db (a SQLite file, or a PostgreSQL URL); a second run finds them
stored and only re-reads them to map each FNC-1 Body ID to its stored article (identical bodies are one
article). Headlines: the distinct headlines of train_stances.csv, sorted, and `random.Random(seed).sample`
of --headlines of them. For each, `track(repo, headline, limit=--limit)`; the pairs scored are that
headline's labelled pairs in train_stances.csv: a body track returns gets its stance, a body it does
not return counts as unrelated (FNC-1's relative score and macro-F1, eval.relation's scorers). Returned
bodies the file does not label for the headline are counted apart ("unlabelled"; "unlabelled_same_story"
are those tied to the headline's story by FNC-1's related pairs), and a stricter score counts them all as
unrelated pairs wrongly called related. "retrieval_recall_at" is the share of related bodies among the
first k full-text candidates, before the relation model.

The shipped relation model was trained on FNC-1 train (and Emergent), so these figures are on training
data for the relation step; the retrieval is what is new. --holdout also trains a fresh model (the
shipped recipe, on FNC-1 and Emergent train) without the sampled headlines and every text tied to them
(see `holdout_model`), registers it under the name "holdout" and tracks with it too.

Each configuration in VARIANTS is scored: where the stance comes from (track's `stance_from`: "text", the
default; "whole"; "sentence") and how much of the claim some sentence must restate (`min_cover`).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FNC = REPO.parent / "shared" / "data" / "fnc1"

import claimledger  # noqa: E402
from claimledger.across.track import StanceFrom  # noqa: E402
from claimledger.store import Repository, open_repository  # noqa: E402


def read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)  # some bodies are long
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def ingest_bodies(repo: Repository, bodies: list[dict[str, str]]) -> dict[str, str]:
    """Store every body (resuming what is stored); Body ID -> stored article id."""
    from claimledger.run.job import ingest

    docs = [claimledger.Document(path=f"fnc1:{r['Body ID']}", raw=r["articleBody"]) for r in bodies]
    article_of: dict[str, str] = {}
    t0 = time.perf_counter()
    counts: dict[str, int] = defaultdict(int)
    for i, outcome in enumerate(ingest(docs, repo, claimledger.Options())):
        counts[outcome.status] += 1
        if outcome.article_id:
            article_of[outcome.path.removeprefix("fnc1:")] = outcome.article_id
        if (i + 1) % 100 == 0:
            print(f"ingest {i + 1}/{len(docs)} {dict(counts)} {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    print(f"ingest done {dict(counts)} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return article_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fnc", default=str(DEFAULT_FNC))
    parser.add_argument("--db", default="/tmp/claimledger-track-fnc1.db")
    parser.add_argument("--headlines", type=int, default=50)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--ingest-only", action="store_true")
    parser.add_argument("--holdout", action="store_true")
    parser.add_argument("--emergent", default=str(REPO.parent / "shared" / "data" / "emergent" / "train.csv"),
                        help="Emergent train.csv, for --holdout (the shipped recipe trains on both)")
    args = parser.parse_args()
    fnc = Path(args.fnc)
    bodies = read_csv(fnc / "train_bodies.csv")
    with open_repository(args.db) as repo:
        article_of = ingest_bodies(repo, bodies)
        if args.ingest_only:
            return
        result = bench(repo, article_of, read_csv(fnc / "train_stances.csv"), bodies, args)
    print(json.dumps(result, indent=2))


def sample_headlines(stances: list[dict[str, str]], n: int, seed: int) -> list[str]:
    return random.Random(seed).sample(sorted({r["Headline"] for r in stances}), n)


def bench(repo: Repository, article_of: dict[str, str], stances: list[dict[str, str]],
          bodies: list[dict[str, str]], args: argparse.Namespace) -> dict[str, Any]:
    headlines = sample_headlines(stances, args.headlines, args.seed)
    out: dict[str, Any] = {"articles": repo.count(), "bodies": len(bodies), "headlines": len(headlines),
                           "seed": args.seed, "limit": args.limit}
    out["retrieval_recall_at"] = retrieval_recall(repo, article_of, stances, headlines, (25, 50, 100, 250, 500))
    models: list[str | None] = [None]
    if args.holdout:
        models.append(holdout_model(Path(args.fnc), Path(args.emergent), headlines))
    for relation in models:
        for stance_from, min_cover in VARIANTS:
            key = f"{relation or 'shipped'} stance_from={stance_from} min_cover={min_cover}"
            out[key] = run(repo, article_of, stances, headlines, args.limit, relation,
                           stance_from=stance_from, min_cover=min_cover)
            print(key, json.dumps({k: out[key][k] for k in ("score", "macro_f1", "related_recall")}), file=sys.stderr)
    return out


# The default (the whole-text stance, a denial checked against the deciding sentence; some sentence must
# restate a fifth of the claim's content words) and what each of its choices changes on this data.
VARIANTS: list[tuple[StanceFrom, float]] = [("text", 0.2), ("whole", 0.2), ("sentence", 0.2), ("text", 0.0)]


def run(repo: Repository, article_of: dict[str, str], stances: list[dict[str, str]], headlines: list[str],
        limit: int, relation: str | None, **how: Any) -> dict[str, Any]:
    from claimledger.across.track import track
    from claimledger.eval.relation import FNC_CLASSES, class_scores, fnc_score
    from claimledger.eval.stance_data import FNC_LABELS

    to_label = {v: k for k, v in FNC_LABELS.items()}
    options = claimledger.Options(relation=relation) if relation else None
    track(repo, "warm-up: the models load here", options=options, limit=1)
    gold: list[str] = []
    pred: list[str] = []
    strict_extra = same_story = 0
    story = _stories(stances, article_of)
    seconds: list[float] = []
    returned = related_gold = related_found = 0
    for headline in headlines:
        t0 = time.perf_counter()
        result = track(repo, headline, options=options, limit=limit, **how)
        seconds.append(time.perf_counter() - t0)
        stance_of = {a.article_id: a.relation for a in result.articles}
        returned += len(stance_of)
        labelled_articles = set()
        for r in stances:
            if r["Headline"] != headline:
                continue
            article = article_of.get(r["Body ID"])
            labelled_articles.add(article)
            g = r["Stance"].strip().lower()
            p = to_label[stance_of[article]] if article in stance_of else "unrelated"
            gold.append(g)
            pred.append(p)
            related_gold += g != "unrelated"
            related_found += g != "unrelated" and article in stance_of
        unlabelled = set(stance_of) - labelled_articles
        strict_extra += len(unlabelled)
        same_story += sum(story.get(a) is not None and story.get(a) == story.get(headline) for a in unlabelled)
    scores = {"score": fnc_score(gold, pred), **class_scores(gold, pred, FNC_CLASSES)}
    strict_gold = gold + ["unrelated"] * strict_extra
    strict_pred = pred + ["discuss"] * strict_extra  # any related call on an unrelated pair costs the same
    return {
        "relation_model": relation or "model (shipped)", **how,
        **scores,
        "related_recall": round(related_found / related_gold, 4) if related_gold else 0.0,
        "returned": returned,
        "unlabelled_returned": strict_extra,
        "unlabelled_same_story": same_story,
        "strict_score": fnc_score(strict_gold, strict_pred),
        "seconds_per_track": {"median": round(statistics.median(seconds), 3), "mean": round(statistics.mean(seconds), 3),
                              "max": round(max(seconds), 3)},
    }


def retrieval_recall(repo: Repository, article_of: dict[str, str], stances: list[dict[str, str]],
                     headlines: list[str], ks: tuple[int, ...]) -> dict[int, float]:
    """Share of the sampled headlines' related bodies among the first k full-text candidates (pooled)."""
    from claimledger.across.track import query_words

    found = dict.fromkeys(ks, 0)
    total = 0
    for headline in headlines:
        ranked = repo.search_any(query_words(headline), limit=max(ks))
        related = {article_of.get(r["Body ID"]) for r in stances
                   if r["Headline"] == headline and r["Stance"].strip().lower() != "unrelated"}
        total += len(related)
        for k in ks:
            found[k] += len(related & set(ranked[:k]))
    return {k: round(n / total, 4) for k, n in found.items()}


def _stories(stances: list[dict[str, str]], article_of: dict[str, str]) -> dict[str, str]:
    """Headline or stored article id -> its story: FNC-1 labels each headline against some bodies only, and a
    returned body it does not label may be related to another headline of the same story (headlines and
    bodies joined by related pairs, stance_data's groups)."""
    from claimledger.eval.stance_data import Pair, groups, headline_key

    pairs = [Pair(r["Headline"], "", "unrelated", (headline_key(r["Headline"]), "b:" + r["Body ID"]),
                  r["Stance"].strip().lower() != "unrelated", "fnc1") for r in stances]
    group_of = groups(pairs)
    out = {h: group_of[headline_key(h)] for h in {r["Headline"] for r in stances}}
    for body, article in article_of.items():
        if "b:" + body in group_of:
            out.setdefault(article, group_of["b:" + body])
    return out


def holdout_model(fnc: Path, emergent: Path, headlines: list[str]) -> str:
    """Train the shipped recipe (FNC-1 train and Emergent train) without the sampled headlines and every text
    tied to them (their related bodies, Emergent claims and headlines that share them: stance_data's groups,
    as the grouped cross-validation of `eval` splits); register it as "holdout"."""
    from claimledger.claims.relate import relation_models
    from claimledger.train.features import train
    from claimledger.eval.stance_data import groups, headline_key, read_emergent, read_fnc1

    pairs = read_fnc1(fnc / "train_bodies.csv", fnc / "train_stances.csv") + read_emergent(emergent)
    group_of = groups(pairs)
    held = {group_of[headline_key(h)] for h in headlines}
    kept = [p for p in pairs if not any(group_of[t] in held for t in p.texts)]
    print(f"holdout: training on {len(kept)} of {len(pairs)} pairs", file=sys.stderr)
    t0 = time.perf_counter()
    model = train(kept)
    print(f"holdout: trained in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    relation_models.register("holdout")(lambda: model)
    return "holdout"


if __name__ == "__main__":
    main()
