"""A one-hidden-layer network over sparse feature rows, run with numpy alone (trained by claimledger.train.net).

Written out rather than borrowed so that the runtime and `eval --cv` need no torch or scikit-learn:
the first layer is a lookup (sum of the rows of W1 the active features select, scaled by their values).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .relation_features import Rows

Inputs = Rows | np.ndarray  # sparse rows (bags of words) or a dense matrix (no bags: every column is used)


def take_rows(x: Inputs, rows: np.ndarray) -> Inputs:
    return x.take(rows) if isinstance(x, Rows) else x[rows]


@dataclass
class Net:
    w1: np.ndarray  # (features, hidden)
    b1: np.ndarray
    w2: np.ndarray  # (hidden, classes)
    b2: np.ndarray

    def hidden(self, rows: Inputs) -> np.ndarray:
        if isinstance(rows, np.ndarray):
            return rows @ self.w1 + self.b1
        gathered = self.w1[rows.indices] * rows.values[:, None]
        # Every row holds the constant "bias" feature, so no row is empty and reduceat is exact.
        return np.add.reduceat(gathered, rows.indptr[:-1].astype(np.intp), axis=0) + self.b1

    def logits(self, rows: Inputs) -> np.ndarray:
        return np.maximum(self.hidden(rows), 0.0) @ self.w2 + self.b2

    def predict_proba(self, rows: Inputs, batch: int = 2048) -> np.ndarray:
        out = []
        for start in range(0, len(rows), batch):
            z = self.logits(take_rows(rows, np.arange(start, min(start + batch, len(rows)))))
            out.append(softmax(z))
        return np.concatenate(out) if out else np.zeros((0, len(self.b2)), np.float32)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits (the one copy: the cross-encoder's logits use it too)."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
