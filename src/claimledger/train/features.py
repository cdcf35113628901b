"""Training the shipped claim-relation model (claims/relation_model.py): the recipe, the generated pairs,
and `train`. numpy alone (no torch): `claimledger eval ... --cv K` runs it on each fold's training side,
`make train-relation` on the FNC-1 and Emergent train files.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ..claims.relate import RELATIONS, Relation
from ..claims.relation_features import Embed, Vocabulary, featurize_many, is_short, select
from ..claims.relation_model import FeatureRelationModel, inputs
from ..claims.relation_net import Net, take_rows
from ..text import sentences, words
from .net import NetConfig, fit


@dataclass(frozen=True)
class Recipe:
    # Bags of words over this many words (0: none). Measured by grouped CV, the bags learned the
    # training topics and lost on unseen ones (see the model card).
    vocab_size: int = 0
    # Sentence-embedding features (claimledger.embed). Measured by `make train-relation` (grouped 5-fold
    # CV, 2026-11-25) they lifted FNC-1's related/unrelated (unrelated F1 0.957) but lost on Emergent
    # (macro-F1 0.711) and on FNC-1 disagree (0.189) against the word features alone, and cost 20x the
    # run time (253 against ~5,500 short pairs/s): off.
    embed: bool = False
    fit: NetConfig = field(default_factory=NetConfig)
    # Loss weight per class = (share of the class) ** -balance: 0 plain, 1 fully balanced. Denials are
    # rare in the data (2% of FNC-1) yet the class a fact-checker needs most.
    balance: float = 0.5
    seeds: int = 1  # networks averaged
    # Loss weight of a pair by dataset: Emergent's short headline pairs look like the product's statements.
    dataset_weight: tuple[tuple[str, float], ...] = (("emergent", 3.0), ("shuffled", 1.0), ("sentence", 1.0))
    # Generated unrelated pairs (see `generated`): per Emergent pair, claims paired with other claims'
    # headlines; per unrelated FNC-1 pair, the share whose body is cut to its best-matching sentence.
    shuffled_per_pair: int = 1
    sentence_share: float = 0.1
    # Related FNC-1 pairs cut to their best-matching sentence, kept with their label, for the short model.
    related_sentences: bool = False
    # The body network learns from every pair (headlines too), the short one from one-sentence pairs only.
    body_on_all: bool = True


class LabelledPair(Protocol):
    @property
    def claim(self) -> str: ...
    @property
    def statement(self) -> str: ...
    @property
    def relation(self) -> Relation: ...
    @property
    def dataset(self) -> str: ...


def train(pairs: Sequence[LabelledPair], recipe: Recipe = Recipe(),
          on_featurized: Callable[[int], None] | None = None,
          on_epoch: Callable[[int], None] | None = None,
          on_pairs: Callable[[int], None] | None = None,
          embed: Embed | None = None) -> FeatureRelationModel:
    """A fresh model from labelled pairs. Progress: `on_pairs(n)` once the generated pairs are added,
    `on_featurized(k)` as pairs get their features, `on_epoch(i)` after each epoch of each network.
    `embed` (texts -> unit vectors) defaults to the shared encoder; training passes a cached one."""
    # The vocabulary and document frequencies come from the training side only: claims and sentences.
    docs = {p.claim for p in pairs} | {s for p in pairs for s in sentences(p.statement)}
    vocab = Vocabulary.build(sorted(docs), recipe.vocab_size, embedded=recipe.embed)
    if recipe.embed and embed is None:
        from ..embed import get_encoder

        embed = get_encoder().encode
    pairs = [*pairs, *generated(pairs, vocab, recipe)]
    if on_pairs is not None:
        on_pairs(len(pairs))
    rows = inputs(featurize_many([(p.claim, p.statement) for p in pairs], vocab,
                                 progress=_Counter(on_featurized) if on_featurized else None, embed=embed), vocab)
    labels = np.array([RELATIONS.index(p.relation) for p in pairs], dtype=np.int64)
    by_dataset = dict(recipe.dataset_weight)
    sample_weight = np.array([by_dataset.get(p.dataset, 1.0) for p in pairs], dtype=np.float32)
    short = np.array([is_short(p.statement) for p in pairs], dtype=bool)
    nets: dict[str, list[Net]] = {}
    for part, mask in (("short", short), ("body", np.ones_like(short) if recipe.body_on_all else ~short)):
        idx = np.flatnonzero(mask)
        if not len(idx) or (part == "body" and short.all()):
            continue
        y = labels[idx]
        share = np.bincount(y, minlength=len(RELATIONS)) / len(y)
        weight = np.where(share > 0, np.maximum(share, 1e-6) ** -recipe.balance, 0.0)
        weight = weight / (weight * share).sum()
        nets[part] = [fit(take_rows(rows, idx), y, vocab.width(), len(RELATIONS), weight,
                          NetConfig(**{**recipe.fit.__dict__, "seed": recipe.fit.seed + s}), sample_weight[idx],
                          on_epoch)
                      for s in range(recipe.seeds)]
    return FeatureRelationModel(vocab, nets, embed)


@dataclass(frozen=True)
class Generated:
    claim: str
    statement: str
    relation: Relation
    dataset: str


def generated(pairs: Sequence[LabelledPair], vocab: Vocabulary, recipe: Recipe) -> list[Generated]:
    """Unrelated pairs with short statements, which neither dataset has (Emergent pairs are all related,
    FNC-1's unrelated statements are whole bodies); without them a short statement reads as related.
    Built as FNC-1 built its unrelated pairs: a claim with another claim's text, and only from the
    pairs given (a CV fold's training side)."""
    rng = np.random.default_rng(7)
    out: list[Generated] = []
    short = [p for p in pairs if p.dataset == "emergent"]
    for _ in range(recipe.shuffled_per_pair):
        for p, j in zip(short, rng.permutation(len(short))):
            other = short[int(j)]
            if other.claim != p.claim:
                out.append(Generated(p.claim, other.statement, "unrelated", "shuffled"))
    for p in pairs:
        if p.dataset != "fnc1":
            continue
        if (p.relation == "unrelated" and rng.random() < recipe.sentence_share) or (
                p.relation != "unrelated" and recipe.related_sentences):
            kept, sims = select(vocab.weights(words(p.claim)), p.statement, vocab, keep=1)
            out.append(Generated(p.claim, kept[0], p.relation,
                                 "sentence" if p.relation == "unrelated" else "related-sentence"))
    return out


class _Counter:
    def __init__(self, callback: Callable[[int], None]) -> None:
        self.callback = callback

    def update(self, n: int) -> None:
        self.callback(n)
