"""How much of a real page survives ingest + clean: the with/without segments of trafilatura's sample.

    python bench/pages.py [--data ../shared/data/trafilatura-sample] [--repeat 5] [--misses]

`gold.json` lists, per page, segments that must appear in the extracted text (`with`) and segments that
must not (`without`). Scored as trafilatura's own evaluation does, on our final clean `Article.text`
(whitespace collapsed on both sides): a `with` segment found is a true positive, one missing a false
negative; a `without` segment found is a false positive, one missing a true negative. A page that fails
(nothing extracted, nothing left after cleaning) finds nothing. Precision = TP / (TP + FP), recall =
TP / (TP + FN).

Speed: pages per second for read + extract + clean, against `trafilatura.extract` alone (text output,
comments off and tables on, as ingest extracts) on the same pages in the same process, after one warm-up
page (imports, language model). Each page is timed both ways back to back, and each page's fastest of
--repeat passes counts: a shared machine's load drifts over seconds, and both sides see the same drift.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

from claimledger.clean import clean
from claimledger.ingest import read_file
from claimledger.model import Article, Document
from claimledger.options import Options

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "trafilatura-sample"


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def article(path: Path, options: Options) -> Article | None:
    found: Article | None = None
    for doc in read_file(str(path)):
        if isinstance(doc, Document):
            try:
                found = clean(doc, options)
            except Exception:  # noqa: BLE001 - a failed page finds nothing; the count says how many
                found = None
    return found


def articles(paths: list[Path], options: Options) -> dict[str, Article | None]:
    return {path.name: article(path, options) for path in paths}


def timed(paths: list[Path], options: Options, repeat: int) -> tuple[dict[str, Article | None], float, float]:
    """Articles, and the seconds of ours and of trafilatura.extract alone (per page, the fastest pass)."""
    import trafilatura

    pages = [path.read_bytes() for path in paths]
    ours = [float("inf")] * len(paths)
    alone = [float("inf")] * len(paths)
    result: dict[str, Article | None] = {}
    for _ in range(max(1, repeat)):
        for i, (path, html) in enumerate(zip(paths, pages)):
            t0 = time.perf_counter()
            trafilatura.extract(html, include_comments=False, include_tables=True)
            t1 = time.perf_counter()
            result[path.name] = article(path, options)
            t2 = time.perf_counter()
            alone[i], ours[i] = min(alone[i], t1 - t0), min(ours[i], t2 - t1)
    return result, sum(ours), sum(alone)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="list kept 'without' and lost 'with' segments")
    args = parser.parse_args()
    data = Path(args.data)
    gold = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    paths = [data / "html" / entry["file"] for entry in gold.values()]
    options = Options(require_language=False)  # the sample has a few German pages; score them too
    timed(paths[:1], options, 1)  # warm-up: imports and the language model
    result, ours, alone = timed(paths, options, args.repeat)
    tp = fn = fp = tn = 0
    misses: list[str] = []
    for entry in gold.values():
        art = result[entry["file"]]
        text = norm(art.text) if art is not None else ""
        for seg in entry["with"]:
            if norm(seg) in text:
                tp += 1
            else:
                fn += 1
                misses.append(f"  lost  {entry['file']}: {seg[:100]}")
        for seg in entry["without"]:
            if norm(seg) in text:
                fp += 1
                misses.append(f"  kept  {entry['file']}: {seg[:100]}")
            else:
                tn += 1
    failed = sum(a is None for a in result.values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{len(paths)} pages ({failed} failed), {tp + fn} with / {fp + tn} without segments")
    print(f"  with found {tp}/{tp + fn}, without found {fp}/{fp + tn}")
    print(f"  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"  {len(paths) / ours:.1f} pages/s read + extract + clean, {len(paths) / alone:.1f} pages/s "
          f"trafilatura.extract alone: {alone / ours:.2f} of its speed (each page's best of {args.repeat})")
    if args.misses:
        print("\n".join(sorted(misses)), file=sys.stderr)


if __name__ == "__main__":
    main()
