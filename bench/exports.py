"""Cost of the exports against the size of the store: seconds and peak memory per format.

    python bench/exports.py [--sizes 1000,4000] [--corrected 0.1] [--formats jsonl,csv,parquet,claimreview,labelstudio]

A SQLite store of N articles is built from the test articles (tests/fixtures/store, tests/fixtures/exchange),
analysed once: article i is one of them with "Edition i." appended (so its own text and id, the same
attributions), saved through Repository.save. A share of the articles (--corrected) gets a person's
corrections (a stance and a removal) through Repository.add_corrections, so the exports lay corrections
over those ledgers. Each export then runs in a fresh process (`claimledger export`), timed, with that
process's peak RSS. A streamed export keeps its peak flat as N grows.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = [ROOT / "tests" / "fixtures" / "store", ROOT / "tests" / "fixtures" / "exchange" / "feed.jsonl"]

# VmHWM, not ru_maxrss: after fork and exec Linux keeps the parent's high-water mark in ru_maxrss.
RUN = """
import re, sys
from claimledger.cli import main
sys.argv = ["claimledger", *sys.argv[1:]]
try:
    main()
except SystemExit as stop:
    code = stop.code
finally:
    status = open("/proc/self/status").read()
    print(re.search(r"VmHWM:\\s+(\\d+)", status).group(1), file=sys.stderr)
"""


def build(db: str, n: int, corrected: float) -> None:
    from claimledger import analyze_many, ledger_to_dict, read_inputs
    from claimledger.contract import ledger_from_dict
    from claimledger.store import open_repository
    from claimledger.store.corrections import Correction

    bases = [ledger_to_dict(r) for r in analyze_many(read_inputs([str(p) for p in FIXTURES]))]
    every = max(1, round(1 / corrected)) if corrected else 0
    fixes: list[Correction] = []
    with open_repository(db) as repo:
        for i in range(n):
            ledger: dict[str, Any] = json.loads(json.dumps(bases[i % len(bases)]))
            text = ledger["article"]["text"] + f"\n\nEdition {i}."
            ledger["article"].update(text=text, id=hashlib.sha256(text.encode()).hexdigest(), path=f"edition-{i}")
            repo.save(ledger_from_dict(ledger))
            if every and i % every == 0 and len(ledger["attributions"]) >= 2:
                first, second = ledger["attributions"][:2]
                fixes += [Correction(ledger["article"]["id"], first["content"]["start"], first["content"]["end"],
                                     "stance", "deny"),
                          Correction(ledger["article"]["id"], second["content"]["start"], second["content"]["end"],
                                     "removed", True)]
        repo.add_corrections(fixes, author="bench")


def export(db: str, fmt: str, out: Path) -> tuple[float, float, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN, "export", "--format", fmt, "--db", db, "--out", str(out)],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0 or not done.stderr.strip():
        raise SystemExit(f"export {fmt} failed: {done.stderr[-2000:]}")
    peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.is_dir() else out.stat().st_size
    return seconds, peak_mb, size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,4000")
    parser.add_argument("--corrected", type=float, default=0.1)
    parser.add_argument("--formats", default="jsonl,csv,parquet,claimreview,labelstudio")
    args = parser.parse_args()
    base = subprocess.run([sys.executable, "-c", RUN, "export", "--help"], capture_output=True, text=True, check=True)
    print(f"peak RSS of the command alone (export --help): {int(base.stderr.strip().splitlines()[-1]) / 1024:.0f} MB")
    print(f"{'articles':>8} {'format':>12} {'seconds':>8} {'articles/s':>10} {'peak MB':>8} {'output MB':>9}")
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "bench.db")
            build(db, n, args.corrected)
            for fmt in args.formats.split(","):
                seconds, peak, size = export(db, fmt, Path(tmp) / f"out-{fmt}")
                print(f"{n:>8} {fmt:>12} {seconds:>8.2f} {n / seconds:>10.0f} {peak:>8.0f} {size:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
