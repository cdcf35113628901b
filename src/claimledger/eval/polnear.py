"""PolNeAR harness: analyse every article of a split, optionally write the ledgers, score them."""
from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import E
from ..contract import ledger_to_dict
from ..model import Document, Failure
from ..options import Options
from .score import score


def _documents(split_dir: str) -> list[Document]:
    text_dir = os.path.join(split_dir, "text")
    docs = []
    for name in sorted(os.listdir(text_dir)):
        if name.endswith(".txt"):
            path = os.path.join(text_dir, name)
            with open(path, encoding="utf-8") as fh:
                docs.append(Document(path=path, raw=fh.read()))
    return docs


def _as_polnear(ledger: dict[str, Any]) -> dict[str, Any]:
    """PolNeAR counts a position-taking act ("praised the police") as an attribution: the ledger's acts are
    scored with its statements."""
    return {**ledger, "attributions": ledger["attributions"] + ledger.get("acts", [])}


def evaluate(data_dir: str, split: str, options: Options, out: str | None = None) -> dict[str, Any]:
    """Scores as shared/tools/polnear_score.py gives them, plus "throughput": articles, seconds, failed."""
    from ..pipeline import analyze_many  # late: the pipeline pulls in spaCy

    split_dir = os.path.join(data_dir, split)
    if not (os.path.isdir(os.path.join(split_dir, "text")) and os.path.isdir(os.path.join(split_dir, "attributions"))):
        raise E.E011.error(path=split_dir)
    docs = _documents(split_dir)
    # PolNeAR texts are already clean: cleaning could only drop lines that gold offsets point into.
    options = replace(options, clean=False, require_language=False)
    predictions: list[dict[str, Any]] = []
    failed = 0
    start = time.perf_counter()
    progress = Progress(TextColumn("PolNeAR {task.fields[split]}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    with progress:
        task = progress.add_task("analyse", total=len(docs), split=split)
        for result in analyze_many(docs, options):
            if isinstance(result, Failure):
                failed += 1  # scored as an article without prediction
            else:
                predictions.append(_as_polnear(ledger_to_dict(result)))
            progress.advance(task)
    seconds = time.perf_counter() - start
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            for obj in predictions:
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    scores = score(split_dir, predictions)
    scores["throughput"] = {
        "articles": len(docs),
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(docs) / seconds, 2) if seconds else 0.0,
        "failed": failed,
    }
    return scores
