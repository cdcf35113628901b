"""Importable port of shared/tools/polnear_score.py: the same numbers, as functions.

Keep this line for line equivalent to the shared script (trimming, `locate`, greedy one-to-one matching,
rounding, the first-annotator-by-name rule); tests/test_score.py checks that both give the same dict.
"""
from __future__ import annotations

import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..text import ROLES, trim  # text.SPAN_EDGES is the shared script's TRIM


Range = tuple[int, int]


def read_gold(ann_path: str, text: str) -> list[dict[str, Range]]:
    """Attributions of one brat .ann file; discontinuous spans ("a b;c d") become (min, max)."""
    spans: dict[str, tuple[str, int, int]] = {}
    rels: list[dict[str, str]] = []
    with open(ann_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("T") and len(parts) >= 2:
                kind, *rng = parts[1].replace(";", " ").split()
                nums = [int(x) for x in rng]
                spans[parts[0]] = (kind, min(nums), max(nums))
            elif line.startswith("E") and len(parts) >= 2:
                rels.append(dict(p.split(":", 1) for p in parts[1].split() if ":" in p))
    out = []
    for r in rels:
        if "Source" not in r or "Cue" not in r or "Content" not in r:
            continue  # attributions without a source are not scored
        rec = {}
        for role in ("Source", "Cue", "Content"):
            _, s, e = spans[r[role]]
            rec[role.lower()] = trim(text, s, e)
        out.append(rec)
    return out


def locate(orig: str, span_text: str | None, hint: int) -> Range | None:
    """Map a predicted span back to the original file: the occurrence of its text nearest `hint`."""
    span_text = (span_text or "").strip()
    if not span_text:
        return None
    best, pos = None, orig.find(span_text)
    while pos != -1:
        if best is None or abs(pos - hint) < abs(best - hint):
            best = pos
        pos = orig.find(span_text, pos + 1)
    if best is None:
        return None
    return trim(orig, best, best + len(span_text))


def overlap(a: Range, b: Range) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def match(pred: list[Range], gold: list[Range], exact: bool) -> int:
    """Greedy one-to-one: each prediction, in order, takes the first unused gold span it matches."""
    used: set[int] = set()
    hits = 0
    for p in pred:
        for j, g in enumerate(gold):
            if j in used:
                continue
            if (p == g) if exact else overlap(p, g) >= 0.5:
                used.add(j)
                hits += 1
                break
    return hits


def prf(tp: int, np_: int, ng: int) -> tuple[float, float, float]:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _article_key(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def score(split_dir: str, predictions: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Score `claimledger.article/1` objects against a PolNeAR split (text/ and attributions/)."""
    anns: dict[str, list[str]] = defaultdict(list)
    for name in sorted(os.listdir(os.path.join(split_dir, "attributions"))):
        anns[re.sub(r"_[^_]+\.ann$", "", name)].append(name)
    preds = {_article_key(obj["article"]["path"]): obj for obj in predictions}  # last one wins, as in the script
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, npred, ngold
    missing = 0
    for art, files in anns.items():
        with open(os.path.join(split_dir, "text", art + ".txt"), encoding="utf-8") as fh:
            orig = fh.read()
        gold = read_gold(os.path.join(split_dir, "attributions", files[0]), orig)
        obj = preds.get(art)
        if obj is None:
            missing += 1
        pred = []
        for a in (obj or {}).get("attributions", []):
            rec = {}
            for role in ROLES:
                sp = a.get(role) or {}
                loc = locate(orig, sp.get("text"), sp.get("start") or 0)
                if loc:
                    rec[role] = loc
            pred.append(rec)
        for role in ROLES:
            gs = [g[role] for g in gold]
            ps = [p[role] for p in pred if role in p]
            for mode, exact in (("exact", True), ("overlap", False)):
                c = counts[(role, mode)]
                c[0] += match(ps, gs, exact)
                c[1] += len(ps)
                c[2] += len(gs)
    result: dict[str, Any] = {
        f"{role}_{mode}": dict(zip(("p", "r", "f1"), (round(x, 4) for x in prf(*c))))
        for (role, mode), c in sorted(counts.items())
    }
    result["articles"] = len(anns)
    result["articles_without_prediction"] = missing
    return result


def read_jsonl(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


if __name__ == "__main__":  # python -m claimledger.eval.score SPLIT_DIR PREDICTIONS.jsonl
    print(json.dumps(score(sys.argv[1], read_jsonl(sys.argv[2]))))
