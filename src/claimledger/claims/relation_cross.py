"""The cross-encoder behind the relation model: MiniLM reads claim and statement together and tells a
statement that supports the claim from one that only reports it (supports / discusses).

The feature model (relation_model) still decides whether a statement bears on the claim at all, and
whether it denies it (`combine`): it is cheap, and the cross-encoder is run only where its answer
can change the result (`needed`). What the cross-encoder reads is the claim and the statement's
sentences that best match it (`excerpt`), the same at training and at run time. Shipped as int8 ONNX
with its tokenizer; no torch at run time.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import E
from ..options import Options
from ..text import words
from .relate import RELATIONS, SIDES, Judgement, relation_models
from .relation_features import is_short, select
from .relation_model import FeatureRelationModel, default_path, judgements
from .relation_net import softmax

CROSS_FILE = "cross.onnx"
TOKENIZER_FILE = "cross-tokenizer.json"
CONFIG_FILE = "cross.json"
MAX_TOKENS = 96  # claim + excerpt in word pieces: a headline and two or three sentences
EXCERPT_SENTENCES = 2


def excerpt(claim: str, statement: str, model: FeatureRelationModel) -> str:
    """What the cross-encoder reads of a statement: all of a one-sentence statement, else its sentences
    most similar to the claim (TF-IDF, the feature model's vocabulary), in text order."""
    if is_short(statement):
        return statement
    kept, _ = select(model.vocab.weights(words(claim)), statement, model.vocab, keep=EXCERPT_SENTENCES)
    return " ".join(kept)


def combine(features: np.ndarray, sides: np.ndarray, ran: np.ndarray, weight: float) -> np.ndarray:
    """Probabilities over RELATIONS. Unrelated and denies stay the feature model's; where the cross-encoder
    ran, the rest is split between supports and discusses by its odds blended log-linearly with the
    feature model's (weight on the cross-encoder). Grouped CV chose this: left to pick denials too, the
    cross-encoder lowered FNC-1 disagree F1 (0.268 to 0.191 over three folds); splitting only the other
    two sides raised every figure (see the model card)."""
    out = features.copy()
    s_col, d_col = RELATIONS.index("supports"), RELATIONS.index("discusses")
    mass = features[:, s_col] + features[:, d_col]
    own = features[:, [s_col, d_col]] + 1e-6
    cross = sides[:, [SIDES.index("supports"), SIDES.index("discusses")]] + 1e-6
    mixed = np.exp(weight * np.log(cross / cross.sum(axis=1, keepdims=True))
                   + (1 - weight) * np.log(own / own.sum(axis=1, keepdims=True)))
    mixed = mixed / mixed.sum(axis=1, keepdims=True)
    out[ran, s_col] = (mass * mixed[:, 0])[ran]
    out[ran, d_col] = (mass * mixed[:, 1])[ran]
    return out


def needed(features: np.ndarray) -> np.ndarray:
    """Where the cross-encoder can change the answer: the feature model's supports and discusses together
    outweigh both its denies and its unrelated. It only splits that mass, so elsewhere the likeliest
    relation stays what it is (in an ingest most statements are unrelated to their story claim or
    denials: running it on every pair cost twice the time)."""
    mass = features[:, RELATIONS.index("supports")] + features[:, RELATIONS.index("discusses")]
    return np.asarray(mass >= np.maximum(features[:, RELATIONS.index("denies")],
                                         features[:, RELATIONS.index("unrelated")]))


@dataclass
class CrossRelationModel:
    """The feature model's gate and the cross-encoder's side, behind the RelationModel interface."""

    features: FeatureRelationModel
    session: Any  # onnxruntime.InferenceSession
    tokenizer: Any  # tokenizers.Tokenizer, truncating pairs to MAX_TOKENS
    weight: float = 1.0
    batch: int = 32

    def side_probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """The cross-encoder's spread over SIDES for each pair (no gate)."""
        if not pairs:
            return np.zeros((0, len(SIDES)), np.float32)
        texts = [(c, excerpt(c, s, self.features)) for c, s in pairs]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i][0]) + len(texts[i][1]))
        out = np.zeros((len(texts), len(SIDES)), np.float32)
        for start in range(0, len(order), self.batch):
            idx = order[start:start + self.batch]
            enc = self.tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in enc], np.int64)
            mask = np.array([e.attention_mask for e in enc], np.int64)
            (logits,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[idx] = softmax(logits)
        return out

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        features = self.features.probabilities(pairs)
        # A statement read against its own words (a story claim's first statement, over half the pairs of
        # an ingest) is left to the features: the cross-encoder never saw such a pair in training.
        own_words = np.array([" ".join(c.split()) == " ".join(s.split()) for c, s in pairs], dtype=bool)
        ran = needed(features) & ~own_words
        sides = np.full((len(pairs), len(SIDES)), 1.0 / len(SIDES), np.float32)
        picked = np.flatnonzero(ran)
        if picked.size:
            sides[picked] = self.side_probabilities([pairs[int(i)] for i in picked])
        return combine(features, sides, ran, self.weight)

    def relate_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        return judgements(self.probabilities(pairs)) if pairs else []

    @classmethod
    def load(cls, folder: Path, options: Options | None = None) -> CrossRelationModel:
        from tokenizers import Tokenizer

        from ..onnx import inference_session

        try:
            config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
            tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
            session = inference_session(folder / CROSS_FILE, (options or Options()).threads)
        except Exception as error:  # noqa: BLE001  (onnxruntime and tokenizers raise their own types)
            raise E.E038.error(path=folder / CROSS_FILE) from error
        # The longer side is cut first: the excerpt, as in training (headlines are short), but a claim of
        # its own longer than the window (a story claim can be a long quote) is cut too, never refused.
        tokenizer.enable_truncation(int(config.get("max_tokens", MAX_TOKENS)), strategy="longest_first")
        tokenizer.enable_padding()
        return cls(FeatureRelationModel.load(folder / default_path().name, options), session, tokenizer,
                   float(config.get("weight", 1.0)))


def model_dir() -> Path:
    return default_path().parent  # the feature model's folder: the cross-encoder ships beside it


@relation_models.register("cross")
def _shipped_cross(options: Options) -> CrossRelationModel:
    return CrossRelationModel.load(model_dir(), options)
