"""FNC-1 and Emergent pairs as (claim, statement, relation), and grouped folds that share no text.

Folds are drawn over groups of text that belong together: an FNC-1 headline and every body it is
related to (agree/disagree/discuss), an Emergent claim with its article headlines, and any headline
both datasets hold (925 Emergent headlines are FNC-1 headlines). A pair is tested in fold k only if
all its texts are in fold k, and trained on only if none of them is; the few unrelated FNC-1 pairs
that join two folds' texts are left out of both sides of those splits.
"""
from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..claims.relate import Relation
from ..errors import E

FNC_LABELS: dict[str, Relation] = {"agree": "supports", "disagree": "denies", "discuss": "discusses",
                                   "unrelated": "unrelated"}
EMERGENT_LABELS: dict[str, Relation] = {"for": "supports", "against": "denies", "observing": "discusses"}


@dataclass(frozen=True)
class Pair:
    claim: str
    statement: str
    relation: Relation
    texts: tuple[str, ...]  # keys of the texts in this pair ("h:<headline>", "b:<body id>", "c:<claim id>")
    linked: bool  # whether the pair ties its texts into one group (an unrelated pair does not)
    dataset: str


def headline_key(text: str) -> str:
    return "h:" + " ".join(text.lower().split())


def _rows(path: str | Path, required: Sequence[str]) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 24)  # news bodies can outgrow the csv module's 128 KiB field default
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise E.E035.error(path=path, columns=", ".join(missing))
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise E.E013.error(path=path, detail=str(error)) from None


def read_fnc1(bodies: str | Path, stances: str | Path) -> list[Pair]:
    body_text = {r["Body ID"]: r["articleBody"] for r in _rows(bodies, ("Body ID", "articleBody"))}
    pairs = []
    for r in _rows(stances, ("Headline", "Body ID", "Stance")):
        label = FNC_LABELS.get(r["Stance"].strip().lower())
        if label is None:
            raise E.E036.error(path=stances, value=r["Stance"], allowed=", ".join(FNC_LABELS))
        if r["Body ID"] not in body_text:
            raise E.E037.error(path=stances, body=r["Body ID"], bodies=bodies)
        pairs.append(Pair(r["Headline"], body_text[r["Body ID"]], label,
                          (headline_key(r["Headline"]), "b:" + r["Body ID"]), label != "unrelated", "fnc1"))
    return pairs


def read_emergent(path: str | Path) -> list[Pair]:
    pairs = []
    for r in _rows(path, ("claimHeadline", "articleHeadline", "articleHeadlineStance", "claimId")):
        label = EMERGENT_LABELS.get(r["articleHeadlineStance"].strip().lower())
        if label is None:
            raise E.E036.error(path=path, value=r["articleHeadlineStance"], allowed=", ".join(EMERGENT_LABELS))
        pairs.append(Pair(r["claimHeadline"], r["articleHeadline"], label,
                          (headline_key(r["claimHeadline"]), headline_key(r["articleHeadline"]), "c:" + r["claimId"]),
                          True, "emergent"))
    return pairs


def groups(pairs: Iterable[Pair]) -> dict[str, str]:
    """Text key -> the representative of its group (union-find over the linking pairs)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        roots = [find(t) for t in p.texts]
        if p.linked:
            for r in roots[1:]:
                parent[find(r)] = find(roots[0])
    return {t: find(t) for t in parent}


def assign_folds(pairs: Sequence[Pair], k: int, seed: int = 0) -> dict[str, int]:
    """Group representative -> fold, balancing the pairs per fold (largest groups first)."""
    group_of = groups(pairs)
    size: Counter[str] = Counter(group_of[p.texts[0]] for p in pairs)
    for t, g in group_of.items():
        size.setdefault(g, 0)
    rng = random.Random(seed)
    order = sorted(size, key=lambda g: (-size[g], rng.random()))
    load = [0] * k
    fold: dict[str, int] = {}
    for g in order:
        f = min(range(k), key=lambda i: (load[i], i))
        fold[g] = f
        load[f] += size[g]
    return {t: fold[g] for t, g in group_of.items()}


def split(pairs: Sequence[Pair], fold_of: dict[str, int], k: int) -> tuple[list[int], list[int]]:
    """(train, test) indices into `pairs` for fold k: test pairs lie wholly in fold k, train pairs
    wholly outside it."""
    train, test = [], []
    for i, p in enumerate(pairs):
        folds = {fold_of[t] for t in p.texts}
        if folds == {k}:
            test.append(i)
        elif k not in folds:
            train.append(i)
    return train, test


def crossing_texts(pairs: Sequence[Pair], train: Sequence[int], test: Sequence[int]) -> set[str]:
    """Texts (headlines, bodies, claims) found on both sides of a split: empty when the split is sound."""
    seen: defaultdict[str, set[str]] = defaultdict(set)
    for side, idx in (("train", train), ("test", test)):
        for i in idx:
            for t in pairs[i].texts:
                seen[t].add(side)
    return {t for t, sides in seen.items() if len(sides) == 2}
