"""The shipped claim-relation model ("model"): relation features -> a small numpy network.

`train` is the one recipe: `make train-relation` runs it on the FNC-1 and Emergent train files, and
`claimledger eval ... --cv K` runs it afresh on each fold's training side.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import E
from .relate import RELATIONS, Judgement, Relation, relation_models
from .relation_features import Vocabulary, featurize_many
from .relation_net import FitConfig, Net, fit

MODEL_FILE = "relation.npz"
FORMAT = 1


@dataclass(frozen=True)
class Recipe:
    vocab_size: int = 6000
    fit: FitConfig = field(default_factory=FitConfig)
    # Loss weight per class = (share of the class) ** -balance: 0 plain, 1 fully balanced. Denials are
    # rare in the data (2% of FNC-1) yet the class a fact-checker needs most.
    balance: float = 0.5
    seeds: int = 1  # networks averaged
    # Loss weight of a pair by dataset: Emergent's short headline pairs look like the product's statements.
    dataset_weight: tuple[tuple[str, float], ...] = (("emergent", 3.0), ("shuffled", 1.0), ("sentence", 1.0))
    # Generated unrelated pairs (see `generated`): per Emergent pair, claims paired with other claims'
    # headlines; per unrelated FNC-1 pair, the share whose body is cut to its best-matching sentence.
    shuffled_per_pair: int = 1
    sentence_share: float = 0.3


class LabelledPair(Protocol):
    @property
    def claim(self) -> str: ...
    @property
    def statement(self) -> str: ...
    @property
    def relation(self) -> Relation: ...
    @property
    def dataset(self) -> str: ...


@dataclass
class FeatureRelationModel:
    vocab: Vocabulary
    nets: list[Net]

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        rows = featurize_many(pairs, self.vocab)
        return np.mean([net.predict_proba(rows) for net in self.nets], axis=0)

    def relate_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        if not pairs:
            return []
        out = []
        for p in self.probabilities(pairs):
            best = int(np.argmax(p))
            out.append(Judgement(RELATIONS[best], round(float(p[best]), 4),
                                 {r: round(float(x), 4) for r, x in zip(RELATIONS, p)}))
        return out

    def save(self, path: Path) -> None:
        words = sorted(self.vocab.index, key=self.vocab.index.__getitem__)
        idf_words = sorted(self.vocab.idf)
        arrays: dict[str, np.ndarray] = {
            "format": np.array(FORMAT), "vocab": np.array(words, dtype=str),
            "idf_words": np.array(idf_words, dtype=str),
            "idf": np.array([self.vocab.idf[w] for w in idf_words], dtype=np.float32),
            "default_idf": np.array(self.vocab.default_idf, dtype=np.float32),
            "relations": np.array(RELATIONS, dtype=str),
        }
        for i, net in enumerate(self.nets):
            arrays.update({f"net{i}_w1": net.w1.astype(np.float16), f"net{i}_b1": net.b1,
                           f"net{i}_w2": net.w2, f"net{i}_b2": net.b2})
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]  # numpy's stub reads the kwargs as allow_pickle

    @classmethod
    def load(cls, path: Path) -> FeatureRelationModel:
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"]) != FORMAT or tuple(z["relations"]) != RELATIONS:
                    raise ValueError("format")
                vocab = Vocabulary({str(w): i for i, w in enumerate(z["vocab"])},
                                   dict(zip(map(str, z["idf_words"]), map(float, z["idf"]))),
                                   float(z["default_idf"]))
                nets = []
                i = 0
                while f"net{i}_w1" in z:
                    nets.append(Net(z[f"net{i}_w1"].astype(np.float32), z[f"net{i}_b1"],
                                    z[f"net{i}_w2"], z[f"net{i}_b2"]))
                    i += 1
        except (OSError, KeyError, ValueError) as error:
            raise E.E038.error(path=path) from error
        if not nets:
            raise E.E038.error(path=path)
        return cls(vocab, nets)


def default_path() -> Path:
    return Path(str(resources.files("claimledger") / "data" / "relation-model" / MODEL_FILE))


@relation_models.register("model")
def _shipped() -> FeatureRelationModel:
    return FeatureRelationModel.load(default_path())


def train(pairs: Sequence[LabelledPair], recipe: Recipe = Recipe(),
          on_featurized: Callable[[int], None] | None = None,
          on_epoch: Callable[[int], None] | None = None) -> FeatureRelationModel:
    """A fresh model from labelled pairs."""
    # The vocabulary and document frequencies come from the training side only: claims and sentences.
    from .relation_features import sentences

    docs = {p.claim for p in pairs} | {s for p in pairs for s in sentences(p.statement)}
    vocab = Vocabulary.build(sorted(docs), recipe.vocab_size)
    pairs = [*pairs, *generated(pairs, vocab, recipe)]
    rows = featurize_many([(p.claim, p.statement) for p in pairs], vocab,
                          progress=_Counter(on_featurized) if on_featurized else None)
    labels = np.array([RELATIONS.index(p.relation) for p in pairs], dtype=np.int64)
    by_dataset = dict(recipe.dataset_weight)
    sample_weight = np.array([by_dataset.get(p.dataset, 1.0) for p in pairs], dtype=np.float32)
    share = np.bincount(labels, minlength=len(RELATIONS)) / len(labels)
    weight = np.where(share > 0, np.maximum(share, 1e-6) ** -recipe.balance, 0.0)
    weight = weight / (weight * share).sum()
    nets = [fit(rows, labels, vocab.width(), len(RELATIONS), weight,
                FitConfig(**{**recipe.fit.__dict__, "seed": recipe.fit.seed + s}), sample_weight, on_epoch)
            for s in range(recipe.seeds)]
    return FeatureRelationModel(vocab, nets)


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
    from .relation_features import select, words

    rng = np.random.default_rng(7)
    out: list[Generated] = []
    short = [p for p in pairs if p.dataset == "emergent"]
    for _ in range(recipe.shuffled_per_pair):
        for p, j in zip(short, rng.permutation(len(short))):
            other = short[int(j)]
            if other.claim != p.claim:
                out.append(Generated(p.claim, other.statement, "unrelated", "shuffled"))
    for p in pairs:
        if p.dataset == "fnc1" and p.relation == "unrelated" and rng.random() < recipe.sentence_share:
            kept, sims = select(vocab.weights(words(p.claim)), p.statement, vocab, keep=1)
            out.append(Generated(p.claim, kept[0], "unrelated", "sentence"))
    return out


class _Counter:
    def __init__(self, callback: Callable[[int], None]) -> None:
        self.callback = callback

    def update(self, n: int) -> None:
        self.callback(n)
