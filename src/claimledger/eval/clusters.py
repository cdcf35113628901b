"""Claim clustering on Emergent: article headlines are the claim mentions, `claimId` the gold clusters.

Scored with B-cubed precision, recall and F1 (per mention: the share of its predicted cluster that is in
its gold cluster, and of its gold cluster that is in its predicted cluster; averaged over mentions).

Without `cv` the shipped parameters (across.cluster.ClusterParams) cluster the whole file in its row order.
With `cv=K` the claims are dealt into K folds (balanced by mentions); for each fold the threshold, word
weight and merge threshold are tuned on the other folds' mentions (clustered together, best B-cubed F1 on a grid), and the
held-out fold's mentions are clustered with them; figures are over the pooled held-out mentions.

Beside the model, the simplest baseline it must beat (issue 16): TF-IDF vectors (scikit-learn's defaults:
words of two or more letters, smoothed idf fitted on the mentions being clustered, unit length) clustered by
average link at a cosine threshold fitted on the training folds alone (on the whole file without `cv`).
"""
from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..across.cluster import ClusterParams, Mention, cluster_mentions
from ..errors import E
from .stance_data import _rows

# The grid tuned on the training folds: the join threshold and word weight (a whole-file sweep put the best
# at 0.44 / 0.35; word weights 0.0 and 0.5 were 0.025-0.04 worse there) and the threshold of the merges a run
# makes at its end (issue 16: 0.883 without merges, 0.905 with them, against 0.902 for the baseline).
THRESHOLDS = (0.44, 0.48, 0.52, 0.56)
WORD_WEIGHTS = (0.35, 0.45)
MERGE_THRESHOLDS = (0.35, 0.40, 0.45, 0.50, 0.60)


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


# Cosine similarity thresholds the baseline's average link is cut at (fitted on the training folds).
BASELINE_THRESHOLDS = tuple(round(0.05 + 0.025 * i, 3) for i in range(23))  # 0.05 .. 0.60
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def tfidf(texts: Sequence[str]) -> np.ndarray:
    """Unit-length TF-IDF rows (raw counts x smoothed idf, ln((1 + n) / (1 + df)) + 1), vocabulary and idf
    from these texts: scikit-learn's TfidfVectorizer defaults, without scikit-learn."""
    tokens = [_TOKEN.findall(t.lower()) for t in texts]
    vocabulary = {w: i for i, w in enumerate(sorted({w for ts in tokens for w in ts}))}
    counts = np.zeros((len(texts), len(vocabulary)), np.float32)
    for row, ts in enumerate(tokens):
        for w in ts:
            counts[row, vocabulary[w]] += 1
    df = (counts > 0).sum(axis=0)
    weights = counts * (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return weights / np.where(norms > 0, norms, 1)


def average_link(vectors: np.ndarray, thresholds: Sequence[float]) -> dict[float, list[int]]:
    """Average-link clusters of unit rows, cut where the mean cosine between two clusters falls below each
    threshold: threshold -> cluster labels (one tree, cut once per threshold)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(vectors) < 2:
        return {t: [0] * len(vectors) for t in thresholds}
    distance = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return {t: [int(c) for c in fcluster(tree, t=1.0 - t, criterion="distance")] for t in thresholds}


def baseline_threshold(texts: Sequence[str], gold: Sequence[str],
                       thresholds: Sequence[float] = BASELINE_THRESHOLDS) -> tuple[float, dict[str, float]]:
    """The baseline's threshold with the best B-cubed F1 on these mentions, and its scores."""
    scored = [(t, bcubed(labels, gold)) for t, labels in average_link(tfidf(texts), thresholds).items()]
    return max(scored, key=lambda ts: (ts[1]["f1"], -ts[0]))


def baseline(texts: Sequence[str], threshold: float) -> list[int]:
    """The baseline's clusters of these mentions at a threshold."""
    return average_link(tfidf(texts), [threshold])[threshold]


def tune(mentions: Sequence[Mention], gold: Sequence[str], base: ClusterParams,
         thresholds: Sequence[float] = THRESHOLDS, word_weights: Sequence[float] = WORD_WEIGHTS,
         merge_thresholds: Sequence[float] = MERGE_THRESHOLDS) -> tuple[ClusterParams, dict[str, float]]:
    """The grid point with the best B-cubed F1 on these mentions, and its scores."""
    best: tuple[ClusterParams, dict[str, float]] | None = None
    for w in word_weights:
        for t in thresholds:
            for m in merge_thresholds:
                params = replace(base, threshold=t, word_weight=w, merge_threshold=m)
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
        cut, base = baseline_threshold(texts, gold)
        return {**result, "mode": "shipped parameters", **bcubed(pred, gold), "clusters": len(set(pred)),
                "params": {"threshold": params.threshold, "word_weight": params.word_weight,
                           "merge_threshold": params.merge_threshold},
                "baseline": {**base, "threshold": cut, "fitted": "on this file (not CV)"}}
    n_claims = len(set(gold))
    if cv < 2 or n_claims < cv:
        raise E.E070.error(k=cv, claims=n_claims)
    fold_of = assign_claim_folds(gold, cv)
    pooled_pred: list[tuple[int, int]] = []
    pooled_base: list[tuple[int, int]] = []
    pooled_gold: list[str] = []
    folds = []
    for k in range(cv):
        train = [i for i, g in enumerate(gold) if fold_of[g] != k]
        test = [i for i, g in enumerate(gold) if fold_of[g] == k]
        tuned, train_scores = tune([mentions[i] for i in train], [gold[i] for i in train], params)
        pred = cluster_mentions([mentions[i] for i in test], tuned)
        test_scores = bcubed(pred, [gold[i] for i in test])
        cut, base_train = baseline_threshold([texts[i] for i in train], [gold[i] for i in train])
        base_pred = baseline([texts[i] for i in test], cut)
        folds.append({"fold": k + 1, "threshold": tuned.threshold, "word_weight": tuned.word_weight,
                      "merge_threshold": tuned.merge_threshold,
                      "train_f1": train_scores["f1"], **test_scores, "mentions": len(test),
                      "baseline": {"threshold": cut, "train_f1": base_train["f1"],
                                   **bcubed(base_pred, [gold[i] for i in test])}})
        pooled_pred.extend((k, p) for p in pred)
        pooled_base.extend((k, p) for p in base_pred)
        pooled_gold.extend(gold[i] for i in test)
        if progress:
            progress(f"fold {k + 1}/{cv}: F1 {test_scores['f1']:.3f}")
    return {**result, "mode": "grouped cross-validation over claims", "folds": cv, **bcubed(pooled_pred, pooled_gold),
            "baseline": {**bcubed(pooled_base, pooled_gold), "fitted": "on the training folds"}, "per_fold": folds}

