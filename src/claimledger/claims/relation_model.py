"""The shipped claim-relation model ("features"): relation features -> a small numpy network.

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
from .relation_features import Embed, Rows, Vocabulary, dense, featurize_many, is_short
from .relation_net import FitConfig, Inputs, Net, fit, take_rows

MODEL_FILE = "relation.npz"
FORMAT = 3


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


PARTS = ("short", "body")  # one network for one-sentence statements, one for bodies of text


@dataclass
class FeatureRelationModel:
    """Two networks over the same features: headlines and quotes do not read like news bodies (in one
    network the 50,000 FNC-1 bodies drowned Emergent's 2,000 headlines: 3-way accuracy 0.64 on a
    grouped CV fold, 0.69 with a network of their own), so a statement of one sentence goes to the
    `short` network and a longer one to `body`."""

    vocab: Vocabulary
    nets: dict[str, list[Net]]
    embed: Embed | None = None  # texts -> unit vectors; the shared encoder when None and the model needs one

    def _embed(self) -> Embed | None:
        if not self.vocab.embedded:
            return None
        if self.embed is None:
            from ..embed import get_encoder

            self.embed = get_encoder().encode
        return self.embed

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        rows = inputs(featurize_many(pairs, self.vocab, embed=self._embed()), self.vocab)
        out = np.zeros((len(pairs), len(RELATIONS)), np.float32)
        short = np.array([is_short(s) for _, s in pairs], dtype=bool)
        for part, mask in (("short", short), ("body", ~short)):
            if mask.any():
                nets = self.nets.get(part) or next(n for n in self.nets.values() if n)
                sub = take_rows(rows, np.flatnonzero(mask))
                out[mask] = np.mean([net.predict_proba(sub) for net in nets], axis=0)
        return out

    def relate_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        return judgements(self.probabilities(pairs)) if pairs else []

    def save(self, path: Path) -> None:
        words = sorted(self.vocab.index, key=self.vocab.index.__getitem__)
        idf_words = sorted(self.vocab.idf)
        arrays: dict[str, np.ndarray] = {
            "format": np.array(FORMAT), "vocab": np.array(words, dtype=str),
            "idf_words": np.array(idf_words, dtype=str),
            "idf": np.array([self.vocab.idf[w] for w in idf_words], dtype=np.float32),
            "default_idf": np.array(self.vocab.default_idf, dtype=np.float32),
            "embedded": np.array(self.vocab.embedded),
            "relations": np.array(RELATIONS, dtype=str),
        }
        for part, nets in self.nets.items():
            for i, net in enumerate(nets):
                arrays.update({f"{part}{i}_w1": net.w1.astype(np.float16), f"{part}{i}_b1": net.b1,
                               f"{part}{i}_w2": net.w2, f"{part}{i}_b2": net.b2})
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]  # numpy's stub reads the kwargs as allow_pickle

    @classmethod
    def load(cls, path: Path) -> FeatureRelationModel:
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"]) != FORMAT or tuple(z["relations"]) != RELATIONS:
                    raise ValueError("format")
                vocab = Vocabulary({str(w): i for i, w in enumerate(z["vocab"])},
                                   dict(zip(map(str, z["idf_words"]), map(float, z["idf"]))),
                                   float(z["default_idf"]), bool(z["embedded"]))
                nets: dict[str, list[Net]] = {}
                for part in PARTS:
                    i = 0
                    while f"{part}{i}_w1" in z:
                        nets.setdefault(part, []).append(Net(z[f"{part}{i}_w1"].astype(np.float32), z[f"{part}{i}_b1"],
                                                             z[f"{part}{i}_w2"], z[f"{part}{i}_b2"]))
                        i += 1
        except (OSError, KeyError, ValueError) as error:
            raise E.E038.error(path=path) from error
        # A model saved with other features (an older build) would read the wrong columns.
        if not nets or any(n.w1.shape[0] != vocab.width() for part in nets.values() for n in part):
            raise E.E038.error(path=path)
        return cls(vocab, nets)


def judgements(probabilities: np.ndarray) -> list[Judgement]:
    """One Judgement per row of probabilities over RELATIONS: the likeliest, and the whole spread."""
    out = []
    for p in probabilities:
        best = int(np.argmax(p))
        out.append(Judgement(RELATIONS[best], round(float(p[best]), 4),
                             {r: round(float(x), 4) for r, x in zip(RELATIONS, p)}))
    return out


def default_path() -> Path:
    return Path(str(resources.files("claimledger") / "data" / "relation-model" / MODEL_FILE))


@relation_models.register("features")
def _shipped() -> FeatureRelationModel:
    return FeatureRelationModel.load(default_path())


def inputs(rows: Rows, vocab: Vocabulary) -> Inputs:
    """What the networks read: without bags of words every row fills its columns, so a dense matrix."""
    return dense(rows, vocab.width()) if vocab.size == 0 else rows


def train(pairs: Sequence[LabelledPair], recipe: Recipe = Recipe(),
          on_featurized: Callable[[int], None] | None = None,
          on_epoch: Callable[[int], None] | None = None,
          on_pairs: Callable[[int], None] | None = None,
          embed: Embed | None = None) -> FeatureRelationModel:
    """A fresh model from labelled pairs. Progress: `on_pairs(n)` once the generated pairs are added,
    `on_featurized(k)` as pairs get their features, `on_epoch(i)` after each epoch of each network.
    `embed` (texts -> unit vectors) defaults to the shared encoder; training passes a cached one."""
    # The vocabulary and document frequencies come from the training side only: claims and sentences.
    from .relation_features import sentences

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
                          FitConfig(**{**recipe.fit.__dict__, "seed": recipe.fit.seed + s}), sample_weight[idx],
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
