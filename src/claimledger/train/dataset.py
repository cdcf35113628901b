"""Gold spans -> wordpiece BIO labels (one column per role) -> training windows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..attribute.learned import STRIDE, WINDOW, Encoded, encode, windows
from ..text import ROLES
from .brat import GoldArticle

IGNORE = -100  # label of [CLS], [SEP] and padding: no loss


@dataclass
class Tagged:
    article: GoldArticle
    enc: Encoded
    labels: np.ndarray  # [n_tokens, 3] in {0: O, 1: B, 2: I}


def bio_labels(article: GoldArticle, enc: Encoded) -> np.ndarray:
    starts = np.array([o[0] for o in enc.offsets], dtype=np.int64)
    labels = np.zeros((len(enc.ids), len(ROLES)), dtype=np.int64)
    for r, role in enumerate(ROLES):
        # Same-role spans can nest (a content quoting a content); BIO holds one, so the longer
        # span wins and a nested one is dropped rather than breaking the outer span in two.
        for s, e in sorted(article.spans(role), key=lambda p: p[0] - p[1]):
            idx = np.nonzero((starts >= s) & (starts < e))[0]
            if len(idx) == 0 or labels[idx, r].any():
                continue
            labels[idx, r] = 2
            labels[idx[0], r] = 1
    return labels


def tag(articles: list[GoldArticle], tokenizer: Any) -> list[Tagged]:
    out = []
    for art in articles:
        enc = encode(tokenizer, art.text)
        out.append(Tagged(art, enc, bio_labels(art, enc)))
    return out


def train_windows(tagged: list[Tagged], window: int = WINDOW, stride: int = STRIDE,
                  shift: int = 0) -> list[tuple[list[int], np.ndarray]]:
    """(ids with [CLS]/[SEP], labels [len, 3]) for every window of every article. `shift` moves
    the window grid (the first window is shorter) so each epoch sees other cut points."""
    from ..attribute.learned import CLS_ID, SEP_ID

    out = []
    for t in tagged:
        n = len(t.enc.ids)
        spans = windows(n, window, stride)
        if shift and n > window - 2:
            spans = [(0, shift)] + [(a + shift, b + shift) for a, b in windows(n - shift, window, stride)]
        for a, b in spans:
            ids = [CLS_ID, *t.enc.ids[a:b], SEP_ID]
            lab = np.full((len(ids), len(ROLES)), IGNORE, dtype=np.int64)
            lab[1:-1] = t.labels[a:b]
            out.append((ids, lab))
    return out
