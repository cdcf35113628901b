"""The training loop: AdamW, linear warm-up/decay, dev score after each epoch, keep the best."""
from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from tqdm import tqdm

from .dataset import IGNORE
from .tagger import Tagger, loss_fn

Window = tuple[list[int], np.ndarray]


@dataclass
class FitConfig:
    epochs: int = 3
    batch_size: int = 16
    lr: float = 8e-5
    warmup: float = 0.06
    weight_decay: float = 0.01
    max_minutes: float = 45.0  # stop (and keep the best so far) when the budget is spent
    seed: int = 13
    # A torch dev pass costs ~4 minutes on 2 cores; by default the caller scores the exported model.
    eval_every_epoch: bool = False


@dataclass
class FitResult:
    best: dict[str, Any] = field(default_factory=dict)  # dev scores of the kept weights
    history: list[dict[str, Any]] = field(default_factory=list)
    minutes: float = 0.0
    steps: int = 0


def collate(batch: list[Window]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(ids) for ids, _ in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    labels = torch.full((len(batch), width, 3), IGNORE, dtype=torch.long)
    for i, (x, y) in enumerate(batch):
        ids[i, : len(x)] = torch.tensor(x)
        mask[i, : len(x)] = 1
        labels[i, : len(x)] = torch.from_numpy(y)
    return ids, mask, labels


def torch_runner(model: Tagger) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def run(input_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return model(torch.from_numpy(input_ids), torch.from_numpy(mask)).float().numpy()

    return run


def fit(model: Tagger, data_for_epoch: Callable[[int], list[Window]], cfg: FitConfig,
        evaluate: Callable[[Tagger], dict[str, Any]], score_of: Callable[[dict[str, Any]], float],
        log: Callable[[str], None] = print) -> FitResult:
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": cfg.weight_decay},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=cfg.lr)
    steps_per_epoch = (len(data_for_epoch(0)) + cfg.batch_size - 1) // cfg.batch_size
    # `plan[0]` is the number of steps the LR decays over. After a few steps it is cut to what
    # the time budget allows, so a budget-limited run still ends at LR 0 instead of mid-schedule.
    plan = [steps_per_epoch * cfg.epochs]
    warm = max(1, int(plan[0] * cfg.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (plan[0] - s) / max(1, plan[0] - warm))))
    result, best_state, t0 = FitResult(), None, time.time()
    t10 = t0
    out_of_time = False
    for epoch in range(cfg.epochs):
        model.train()
        data = data_for_epoch(epoch)
        order = list(range(len(data)))
        random.shuffle(order)
        bar = tqdm(range(0, len(order), cfg.batch_size), desc=f"epoch {epoch + 1}/{cfg.epochs}", unit="batch")
        running = 0.0
        for k, i in enumerate(bar):
            ids, mask, labels = collate([data[j] for j in order[i : i + cfg.batch_size]])
            loss = loss_fn(model(ids, mask), labels)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            result.steps += 1
            if result.steps == 10:
                t10 = time.time()  # the first steps are slow (allocator warm-up): time after them
            if result.steps == 40:
                per_step = (time.time() - t10) / 30
                affordable = 40 + int((cfg.max_minutes * 60 - (time.time() - t0)) / per_step)
                if affordable < plan[0]:
                    plan[0] = affordable
                    log(f"{per_step:.1f} s/step: the budget allows {affordable} steps; LR decays over those")
            if result.steps >= plan[0]:
                out_of_time = True
                break
            running = 0.98 * running + 0.02 * loss.item() if k else loss.item()
            bar.set_postfix(loss=f"{running:.3f}")
            if (time.time() - t0) / 60 > cfg.max_minutes * 1.1:
                out_of_time = True
                break
        bar.close()
        model.eval()
        if not cfg.eval_every_epoch:
            if out_of_time:
                break
            continue
        scores = evaluate(model)
        scores["epoch"] = epoch + 1
        scores["minutes"] = round((time.time() - t0) / 60, 1)
        result.history.append(scores)
        log(f"epoch {epoch + 1}: dev {score_of(scores):.4f} {scores}")
        if best_state is None or score_of(scores) > score_of(result.best):
            result.best = scores
            best_state = copy.deepcopy(model.state_dict())
        if out_of_time:
            log("time budget spent; keeping the best epoch so far")
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    result.minutes = (time.time() - t0) / 60
    return result
