"""Emergent and FNC-1 harnesses for the claim-relation model: the shipped model, or grouped CV.

Without `cv` the shipped model scores the file as given (held-back test files are measured this way).
With `cv=K`, folds are drawn over groups of text (stance_data) and a fresh model is trained on each
fold's training side with the shipped recipe; the scores are over the pooled predictions of all folds.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..claims.relate import RELATIONS, SIDES, Relation
from ..errors import E
from .stance_data import EMERGENT_LABELS, FNC_LABELS, Pair, assign_folds, groups, read_emergent, read_fnc1, split

FNC_CLASSES = tuple(FNC_LABELS)  # agree, disagree, discuss, unrelated
EMERGENT_CLASSES = tuple(EMERGENT_LABELS)  # for, against, observing
Predict = Callable[[Sequence[Pair]], np.ndarray]  # pairs -> probabilities over RELATIONS


def class_scores(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over `classes`, F1 per class and the confusion matrix (gold -> predicted -> n)."""
    f1 = {}
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        f1[c] = round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else 0.0
    confusion = {g: {p: sum(x == g and y == p for x, y in zip(gold, pred)) for p in classes} for g in classes}
    return {
        "pairs": len(gold),
        "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / len(gold), 4) if gold else 0.0,
        "macro_f1": round(sum(f1.values()) / len(classes), 4),
        "f1": f1,
        "confusion": confusion,
    }


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> float:
    """FNC-1's relative score in percent: 0.25 for related/unrelated right, 0.75 more for the exact
    related class, over the best possible."""
    def related(x: str) -> bool:
        return x != "unrelated"

    got = sum(0.25 * (related(g) == related(p)) + 0.75 * (related(g) and g == p) for g, p in zip(gold, pred))
    best = sum(0.25 + 0.75 * related(g) for g in gold)
    return round(100 * got / best, 2) if best else 0.0


DEFAULT_MODEL = "cross"  # what the harnesses score: the relation model the cross-article ledger uses


def _shipped(name: str) -> Predict:
    from ..claims.relate import get_relation_model

    model = get_relation_model(name)

    def predict(pairs: Sequence[Pair]) -> np.ndarray:
        judged = model.relate_many([(p.claim, p.statement) for p in pairs])
        rows = [[j.probabilities[r] for r in RELATIONS] for j in judged]
        return np.array(rows, np.float32).reshape(-1, len(RELATIONS))

    return predict


Train = Callable[[Sequence[Pair]], Predict]  # a fold's training side -> its model's predictions
# The relation model's name -> how CV trains it on a fold (training code: claimledger.train.folds.trainer).
TrainerFor = Callable[[str], Train]


def _bar(label: str) -> Progress:
    return Progress(TextColumn(label + " {task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=Console(stderr=True), transient=True)


def cross_validate(pairs: Sequence[Pair], k: int, label: str, train_pairs: Train,
                   ) -> tuple[list[Pair], np.ndarray, dict[str, Any]]:
    """Grouped K-fold predictions: the pairs tested (each once, in fold order), their probabilities,
    and what was run."""
    n_groups = len(set(groups(pairs).values()))
    if k < 2 or n_groups < k:
        raise E.E039.error(k=k, groups=n_groups)
    fold_of = assign_folds(pairs, k)
    tested: list[Pair] = []
    probs: list[np.ndarray] = []
    trained_sizes = []
    with _bar(label) as bar:
        task = bar.add_task(f"{k}-fold CV", total=k)
        for fold in range(k):
            train_idx, test_idx = split(pairs, fold_of, fold)
            if test_idx:
                trained_sizes.append(len(train_idx))
                test = [pairs[i] for i in test_idx]
                tested.extend(test)
                probs.append(train_pairs([pairs[i] for i in train_idx])(test))
            bar.advance(task)
    info = {"folds": k, "trained_on": {"datasets": sorted({p.dataset for p in pairs}),
                                       "pairs_per_fold": trained_sizes}}
    return tested, np.concatenate(probs) if probs else np.zeros((0, len(RELATIONS))), info


def _cv_on(pairs: list[Pair], extra: Sequence[Pair], k: int, label: str, model: str,
           trainer: TrainerFor) -> tuple[list[Pair], np.ndarray, dict[str, Any]]:
    # The trainer is looked up at the first fold, after the fold count is checked against the groups.
    tested, probs, info = cross_validate(pairs + list(extra), k, label, lambda train: trainer(model)(train))
    keep = [i for i, p in enumerate(tested) if p.dataset == pairs[0].dataset] if pairs else []
    info.update(mode="grouped cross-validation", tested=len(keep), left_out=len(pairs) - len(keep))
    return [tested[i] for i in keep], probs[keep], info


# The model card lists the files the shipped model was trained on, one line each: "- sha256 HEX  NAME".
_TRAINING_FILE = re.compile(r"^- sha256 ([0-9a-f]{64})\s+(\S.*?)\s*$", re.MULTILINE)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def training_files(card: str | Path | None = None) -> dict[str, str]:
    """sha256 -> name of the files the shipped relation model was trained on, as its model card lists them."""
    card = Path(card) if card else Path(__file__).resolve().parent.parent / "data" / "relation-model" / "MODEL_CARD.md"
    try:
        return {h: name for h, name in _TRAINING_FILE.findall(card.read_text(encoding="utf-8"))}
    except OSError:
        return {}


def trained_on(*paths: str | Path, card: str | Path | None = None) -> str | None:
    """The training file's name if one of `paths` is a file the shipped model was trained on (by content
    hash), else None: its score on that file is no test of the model."""
    known = training_files(card)
    for path in paths:
        if (name := known.get(file_sha256(path))) is not None:
            return name
    return None


def _evaluate(pairs: list[Pair], extra: Callable[[], list[Pair]], cv: int | None, label: str,
              scorer: Callable[[Sequence[Pair], np.ndarray], dict[str, Any]], predict: Predict | None,
              model: str, trainer: TrainerFor | None) -> dict[str, Any]:
    info: dict[str, Any] = {"mode": "shipped model"}
    if cv:
        if trainer is None:
            raise ValueError("cross-validation needs a trainer: pass claimledger.train.folds.trainer")
        pairs, probs, info = _cv_on(pairs, extra(), cv, label, model, trainer)
    else:
        probs = (predict or _shipped(model))(pairs)
    return {**scorer(pairs, probs), **info, "model": model}


def _relations(probs: np.ndarray, allowed: Sequence[Relation] = RELATIONS) -> list[Relation]:
    cols = [RELATIONS.index(r) for r in allowed]
    return [allowed[int(i)] for i in probs[:, cols].argmax(axis=1)]


def evaluate_emergent(data: str | Path, cv: int | None = None, fnc1: tuple[str, str] | None = None,
                      predict: Predict | None = None, model: str = DEFAULT_MODEL,
                      trainer: TrainerFor | None = None) -> dict[str, Any]:
    """Scores on an Emergent CSV. Every Emergent pair is related, so the prediction is the most likely of
    supports / denies / discusses; `unrelated_argmax` counts the pairs the model ranked unrelated first.
    With `cv`, `trainer` trains each fold (claimledger.train.folds.trainer)."""
    scores = _evaluate(read_emergent(data), lambda: read_fnc1(*fnc1) if fnc1 else [], cv, "Emergent",
                       emergent_scores, predict, model, trainer)
    return {**scores, "training_file": None if cv else trained_on(data)}


def emergent_scores(pairs: Sequence[Pair], probs: np.ndarray) -> dict[str, Any]:
    to_label = {v: k for k, v in EMERGENT_LABELS.items()}
    gold = [to_label[p.relation] for p in pairs]
    pred = [to_label[r] for r in _relations(probs, SIDES)]
    scores = class_scores(gold, pred, EMERGENT_CLASSES)
    scores["unrelated_argmax"] = sum(r == "unrelated" for r in _relations(probs))
    return scores


def evaluate_fnc1(bodies: str | Path, stances: str | Path, cv: int | None = None,
                  emergent: str | None = None, predict: Predict | None = None,
                  model: str = DEFAULT_MODEL, trainer: TrainerFor | None = None) -> dict[str, Any]:
    scores = _evaluate(read_fnc1(bodies, stances), lambda: read_emergent(emergent) if emergent else [], cv, "FNC-1",
                       fnc1_scores, predict, model, trainer)
    return {**scores, "training_file": None if cv else trained_on(stances)}


def fnc1_scores(pairs: Sequence[Pair], probs: np.ndarray) -> dict[str, Any]:
    to_label = {v: k for k, v in FNC_LABELS.items()}
    gold = [to_label[p.relation] for p in pairs]
    pred = [to_label[r] for r in _relations(probs)]
    return {"score": fnc_score(gold, pred), **class_scores(gold, pred, FNC_CLASSES)}
