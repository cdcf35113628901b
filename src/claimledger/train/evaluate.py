"""Dev predictions in the claimledger.article/1 shape, scored by the shared PolNeAR scorer."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

from ..attribute.learned import RunFn, article_logits, decode, encode, group
from .brat import GoldArticle


def predict(articles: list[GoldArticle], tokenizer: Any, run: RunFn) -> list[dict[str, Any]]:
    lines = []
    for art in articles:
        enc = encode(tokenizer, art.text)
        triples = group(art.text, decode(art.text, enc, article_logits(enc, run))) if enc.ids else []
        lines.append({
            "article": {"path": art.path, "text": art.text},
            "attributions": [
                {role: {"text": art.text[a:b], "start": a, "end": b}
                 for role, (a, b) in zip(("source", "cue", "content"), triple)}
                for triple in triples
            ],
        })
    return lines


def write_jsonl(lines: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


def score(scorer: Path, split_dir: Path, preds: Path) -> dict[str, Any]:
    """Run shared/tools/polnear_score.py in-process (it is the one scorer for PolNeAR numbers)."""
    spec = importlib.util.spec_from_file_location("polnear_score", scorer)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with contextlib.redirect_stdout(io.StringIO()):
        result: dict[str, Any] = mod.main(str(split_dir), str(preds), True)
    return result


def headline(result: dict[str, Any], mode: str = "exact") -> float:
    """Mean F1 of the three roles: the number model selection maximises."""
    return sum(result[f"{r}_{mode}"]["f1"] for r in ("source", "cue", "content")) / 3
