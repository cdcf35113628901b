"""Training the claim-relation network (claims/relation_net.Net) with numpy alone: Adam that updates only
the rows of the first layer a batch touched (the lookup over sparse feature rows)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..claims.relation_net import Inputs, Net, softmax, take_rows


@dataclass(frozen=True)
class NetConfig:
    hidden: int = 96
    epochs: int = 12
    batch: int = 64
    lr: float = 1e-3
    l2: float = 1e-5
    dropout: float = 0.3
    seed: int = 0


def fit(rows: Inputs, labels: np.ndarray, n_features: int, n_classes: int, class_weight: np.ndarray,
        config: NetConfig = NetConfig(), sample_weight: np.ndarray | None = None,
        on_epoch: Callable[[int], None] | None = None) -> Net:
    rng = np.random.default_rng(config.seed)
    h = config.hidden
    net = Net(
        (rng.standard_normal((n_features, h)) * 0.05).astype(np.float32), np.zeros(h, np.float32),
        (rng.standard_normal((h, n_classes)) * np.sqrt(2.0 / h)).astype(np.float32), np.zeros(n_classes, np.float32),
    )
    params = [net.w1, net.b1, net.w2, net.b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step = np.zeros(n_features, np.int64)  # per-row step count of W1: lazy Adam bias correction
    t = 0
    b1_, b2_, eps = 0.9, 0.999, 1e-8
    weights = class_weight[labels] * (sample_weight if sample_weight is not None else 1.0)
    for epoch in range(config.epochs):
        order = rng.permutation(len(rows))
        for start in range(0, len(order), config.batch):
            sel = order[start:start + config.batch]
            batch = take_rows(rows, sel)
            y = labels[sel]
            w = weights[sel].astype(np.float32)
            pre = net.hidden(batch)
            act = np.maximum(pre, 0.0)
            mask = (rng.random(act.shape) >= config.dropout).astype(np.float32) / (1.0 - config.dropout)
            act_d = act * mask
            p = softmax(act_d @ net.w2 + net.b2)
            d = p.copy()
            d[np.arange(len(y)), y] -= 1.0
            d *= (w / w.sum())[:, None]
            g_w2 = act_d.T @ d + config.l2 * net.w2
            g_b2 = d.sum(axis=0)
            dh = (d @ net.w2.T) * mask * (pre > 0)
            g_b1 = dh.sum(axis=0)
            if isinstance(batch, np.ndarray):  # dense: every row of W1 gets a gradient
                cols = np.arange(n_features)
                g_rows = batch.T @ dh + config.l2 * net.w1
            else:  # sparse: one gradient row per distinct active feature of the batch
                row_of = np.repeat(np.arange(len(sel)), np.diff(batch.indptr))
                contrib = dh[row_of] * batch.values[:, None]
                cols, inverse = np.unique(batch.indices, return_inverse=True)
                g_rows = np.zeros((len(cols), h), np.float32)
                np.add.at(g_rows, inverse, contrib)
                g_rows += config.l2 * net.w1[cols]
            t += 1
            for i, (p_, g) in enumerate(((net.b1, g_b1), (net.w2, g_w2), (net.b2, g_b2)), start=1):
                m[i] = b1_ * m[i] + (1 - b1_) * g
                v[i] = b2_ * v[i] + (1 - b2_) * g * g
                p_ -= config.lr * (m[i] / (1 - b1_ ** t)) / (np.sqrt(v[i] / (1 - b2_ ** t)) + eps)
            step[cols] += 1
            mc = m[0][cols] = b1_ * m[0][cols] + (1 - b1_) * g_rows
            vc = v[0][cols] = b2_ * v[0][cols] + (1 - b2_) * g_rows * g_rows
            s = step[cols][:, None]
            net.w1[cols] -= config.lr * (mc / (1 - b1_ ** s)) / (np.sqrt(vc / (1 - b2_ ** s)) + eps)
        if on_epoch is not None:
            on_epoch(epoch)
    return net
