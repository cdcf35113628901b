"""The shipped claim-relation model ("features"): relation features -> a small numpy network.

Its one recipe, `claimledger.train.features.train`, is training code: `make train-relation` runs it on the
FNC-1 and Emergent train files, and `claimledger eval ... --cv K` runs it afresh on each fold's training side.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import E
from ..options import Options
from .relate import RELATIONS, Judgement, relation_models
from .relation_features import Embed, Rows, Vocabulary, dense, featurize_many, is_short
from .relation_net import Inputs, Net, take_rows

MODEL_FILE = "relation.npz"
FORMAT = 3


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
    options: Options | None = None  # whose sentence encoder (folder, threads) that shared one is

    def _embed(self) -> Embed | None:
        if not self.vocab.embedded:
            return None
        if self.embed is None:
            from ..embed import get_encoder

            self.embed = get_encoder(self.options).encode
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
    def load(cls, path: Path, options: Options | None = None) -> FeatureRelationModel:
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
        return cls(vocab, nets, options=options)


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
def _shipped(options: Options) -> FeatureRelationModel:
    return FeatureRelationModel.load(default_path(), options)


def inputs(rows: Rows, vocab: Vocabulary) -> Inputs:
    """What the networks read: without bags of words every row fills its columns, so a dense matrix."""
    return dense(rows, vocab.width()) if vocab.size == 0 else rows
