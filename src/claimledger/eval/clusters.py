"""Claim clustering on Emergent: article headlines are the claim mentions, `claimId` the gold clusters.

Scored with B-cubed precision, recall and F1 (per mention: the share of its predicted cluster that is in
its gold cluster, and of its gold cluster that is in its predicted cluster; averaged over mentions).

Without `cv` the shipped parameters (across.cluster.ClusterParams) cluster the whole file in its row order.
With `cv=K` the claims are dealt into K folds (balanced by mentions); for each fold the threshold and word
weight are tuned on the other folds' mentions (clustered together, best B-cubed F1 on a grid), and the
held-out fold's mentions are clustered with them; figures are over the pooled held-out mentions.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..across.cluster import ClusterParams, Mention, cluster_mentions
from ..errors import E
from .stance_data import _rows

# The grid tuned on the training folds (a whole-file sweep put the best F1 at 0.44 / 0.35; 0.0 and 0.5
# word weight were 0.025-0.04 worse there, so they are left out to keep a 5-fold run in minutes).
THRESHOLDS = (0.36, 0.40, 0.44, 0.48, 0.52, 0.56)
WORD_WEIGHTS = (0.25, 0.35, 0.45)


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering against gold clusters (same length, any labels)."""
    if len(pred) != len(gold):
        raise ValueError("pred and gold differ in length")
    if not gold:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    pairs = Counter(zip(pred, gold))
    pred_size, gold_size = Counter(pred), Counter(gold)
    # Every mention in cell (p, g) shares its predicted cluster with pairs[p, g] mentions of its gold one.
    precision = sum(n * n / pred_size[p] for (p, _), n in pairs.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (_, g), n in pairs.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def read_mentions(path: str | Path) -> tuple[list[str], list[str]]:
    """(article headlines, their claim ids), in file order."""
    rows = _rows(path, ("articleHeadline", "claimId"))
    return [r["articleHeadline"] for r in rows], [r["claimId"] for r in rows]


def assign_claim_folds(claims: Sequence[str], k: int, seed: int = 0) -> dict[str, int]:
    """Claim -> fold, balancing mentions per fold (largest claims first, ties in seeded random order)."""
    size = Counter(claims)
    rng = random.Random(seed)
    order = sorted(size, key=lambda c: (-size[c], rng.random()))
    load = [0] * k
    fold = {}
    for c in order:
        f = min(range(k), key=lambda i: (load[i], i))
        fold[c] = f
        load[f] += size[c]
    return fold


def tune(mentions: Sequence[Mention], gold: Sequence[str], base: ClusterParams,
         thresholds: Sequence[float] = THRESHOLDS, word_weights: Sequence[float] = WORD_WEIGHTS,
         ) -> tuple[ClusterParams, dict[str, float]]:
    """The grid point with the best B-cubed F1 on these mentions, and its scores."""
    best: tuple[ClusterParams, dict[str, float]] | None = None
    for w in word_weights:
        for t in thresholds:
            params = replace(base, threshold=t, word_weight=w)
            scores = bcubed(cluster_mentions(mentions, params), gold)
            if best is None or scores["f1"] > best[1]["f1"]:
                best = (params, scores)
    assert best is not None
    return best


def evaluate_clusters(data: str | Path, cv: int | None = None, params: ClusterParams | None = None,
                      encode: Callable[[list[str]], np.ndarray] | None = None,
                      progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    texts, gold = read_mentions(data)
    if encode is None:
        from ..embed import get_encoder

        encode = get_encoder().encode
    vectors = encode(texts)
    mentions = [Mention(t, v) for t, v in zip(texts, vectors)]
    params = params or ClusterParams()
    result: dict[str, Any] = {"mentions": len(mentions), "claims": len(set(gold))}
    if not cv:
        pred = cluster_mentions(mentions, params)
        return {**result, "mode": "shipped parameters", **bcubed(pred, gold), "clusters": len(set(pred)),
                "params": {"threshold": params.threshold, "word_weight": params.word_weight}}
    n_claims = len(set(gold))
    if cv < 2 or n_claims < cv:
        raise E.E070.error(k=cv, claims=n_claims)
    fold_of = assign_claim_folds(gold, cv)
    pooled_pred: list[tuple[int, int]] = []
    pooled_gold: list[str] = []
    folds = []
    for k in range(cv):
        train = [i for i, g in enumerate(gold) if fold_of[g] != k]
        test = [i for i, g in enumerate(gold) if fold_of[g] == k]
        tuned, train_scores = tune([mentions[i] for i in train], [gold[i] for i in train], params)
        pred = cluster_mentions([mentions[i] for i in test], tuned)
        test_scores = bcubed(pred, [gold[i] for i in test])
        folds.append({"fold": k + 1, "threshold": tuned.threshold, "word_weight": tuned.word_weight,
                      "train_f1": train_scores["f1"], **test_scores, "mentions": len(test)})
        pooled_pred.extend((k, p) for p in pred)
        pooled_gold.extend(gold[i] for i in test)
        if progress:
            progress(f"fold {k + 1}/{cv}: F1 {test_scores['f1']:.3f}")
    return {**result, "mode": "grouped cross-validation over claims", "folds": cv, **bcubed(pooled_pred, pooled_gold),
            "per_fold": folds}

