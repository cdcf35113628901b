"""Cost against article length: seconds per 10k characters and peak memory per MB.

    python bench/scale.py [--fnc ../shared/data/fnc1] [--sizes 5000,10000,25000,100000,1000000]
                          [--extractor combined] [--paragraphs 10000] [--timeout 900]

Each article is FNC-1 bodies joined (blank line between) and cut at a space near the size asked for; with
--paragraphs N one more article of N short generated paragraphs ("Officials said ...", ~19 characters
each) is timed too (0 leaves it out). Every article runs in a fresh process after a one-sentence
warm-up that loads the models, so "peak" is that article's own ru_maxrss and "MB/MB" is
(peak - RSS after warm-up) / MB of cleaned text. Time is analyze() of the raw text: cleaning, parsing, tagging,
grouping, sources, claims. Linear cost means a flat s/10k column and a 100k/10k ratio near 10.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from throughput import DEFAULT_FNC, read_bodies

BODIES_PER_MB = 600  # FNC-1 bodies run ~2,400 characters; a few spare


def fnc_article(fnc_dir: Path, size: int) -> str:
    bodies = [b.strip() for b in read_bodies(fnc_dir, max(4, size * BODIES_PER_MB // 1_000_000 + 4))]
    text, copy = "\n\n".join(bodies), 1
    while len(text) < size:  # past the corpus (~4M characters): copies, each line made new, as cleaning drops repeats
        text += "\n\n" + "\n\n".join(f"Update {copy}: " + line for b in bodies for line in b.split("\n") if line)
        copy += 1
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > size // 2 else size]


def paragraphs(n: int) -> str:
    """N one-line paragraphs of the kind that made grouping cubic: a cue, a speaker and a content each."""
    rng = random.Random(8)
    who = ["Officials", "The mayor", "A spokesman", "She", "Residents", "The agency", "He"]
    verbs = ["said", "denied", "told reporters", "added", "warned"]
    return "\n\n".join(f"{rng.choice(who)} {rng.choice(verbs)} lane {i} would close." for i in range(n))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(args: argparse.Namespace) -> None:
    import claimledger

    text = paragraphs(args.child_paragraphs) if args.child_paragraphs else fnc_article(Path(args.fnc), args.child_size)
    options = claimledger.Options(extractor=args.extractor)
    claimledger.analyze("The mayor said on Monday that the bridge would reopen in May.", options)
    base = _rss_mb()
    t0 = time.perf_counter()
    result = next(claimledger.analyze_many([claimledger.Document(path="scale", raw=text)], options))
    seconds = time.perf_counter() - t0
    failed = str(result.error) if isinstance(result, claimledger.Failure) else None
    attributions = 0 if failed else len(result.attributions)
    clean = 0 if failed else len(result.article.text)
    print(json.dumps({"chars": len(text), "clean": clean, "seconds": seconds, "base_mb": base, "peak_mb": _rss_mb(),
                      "attributions": attributions, "failed": failed}))


def spawn(args: argparse.Namespace, size: int = 0, paragraphs_n: int = 0) -> dict[str, Any] | None:
    cmd = [sys.executable, __file__, "--fnc", str(args.fnc), "--extractor", args.extractor,
           "--child-size", str(size), "--child-paragraphs", str(paragraphs_n)]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def row(label: str, r: dict[str, Any] | None, timeout: float) -> str:
    if r is None:
        return f"  {label:<24} over {timeout:.0f} s (stopped)"
    if r["failed"]:
        return f"  {label:<24} failed: {r['failed'][:100]}"
    grew = r["peak_mb"] - r["base_mb"]
    # Below 100k characters the growth is mostly buffers that do not scale with the text.
    per_mb = f"{grew / (r['clean'] / 1e6):8.0f}" if r["clean"] >= 100_000 else f"{'-':>8}"
    return (f"  {label:<24} {r['chars']:>9,} {r['clean']:>9,} {r['seconds']:9.1f} {r['seconds'] / r['chars'] * 1e4:8.2f}"
            f" {r['peak_mb']:8.0f} {grew:8.0f} {per_mb} {r['attributions']:7,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fnc", default=str(DEFAULT_FNC), help="folder with train_bodies.csv")
    parser.add_argument("--sizes", default="5000,10000,25000,100000,1000000", help="characters, comma-separated")
    parser.add_argument("--extractor", default="combined")
    parser.add_argument("--paragraphs", type=int, default=10_000, help="short paragraphs in the synthetic article")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before one article is given up")
    parser.add_argument("--child-size", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--child-paragraphs", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_size or args.child_paragraphs:
        child(args)
        return
    if not (Path(args.fnc) / "train_bodies.csv").exists():
        sys.exit(f"train_bodies.csv not found in {args.fnc} (pass --fnc)")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"extractor={args.extractor}; each article in a fresh process; +MB = peak - RSS after warm-up, MB/MB = +MB per MB cleaned")
    print(f"  {'article':<24} {'chars':>9} {'cleaned':>9} {'seconds':>9} {'s/10k':>8} {'peak MB':>8} {'+MB':>8} {'MB/MB':>8} {'attrib':>7}")
    results: dict[int, dict[str, Any] | None] = {}
    for size in sizes:
        results[size] = spawn(args, size=size)
        print(row(f"FNC-1 {size:,}", results[size], args.timeout), flush=True)
    if args.paragraphs:
        print(row(f"{args.paragraphs:,} paragraphs", spawn(args, paragraphs_n=args.paragraphs), args.timeout))
    small, large = results.get(10_000), results.get(100_000)
    if small and large and not small["failed"] and not large["failed"]:
        print(f"  ratio of 100k time to 10k time: {large['seconds'] / small['seconds']:.1f} (linear: 10)")


if __name__ == "__main__":
    main()
