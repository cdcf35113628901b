"""Throughput of `claimledger run` against `ingest` on the same FNC-1 bodies, as ratios measured in one run.

    python bench/run.py [--fnc ../shared/data/fnc1] [--n 2000] [--workers 1,2] [--executors local,ray]
                        [--shard-size 50] [--no-story-claims] [--relation-model cross|features]

Each configuration is one `claimledger` process (a fresh SQLite store and job folder), timed from start to
exit, model loading included: `ingest`, then `run --executor local` and `run --executor ray` at each
--workers. "analysis" is the time to the job's last shard (from its progress lines), before the load's
tail and the join of origins and story claims, which run once, in the driver. Peak memory per worker is
what the job reports (each worker's ru_maxrss); for `ingest`, the process's own. The load average
before and after each configuration is printed: this machine is shared, and its speed drifts.
FNC-1's train bodies are 1,683 texts: --n above that takes them all.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_load import make_jsonl  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FNC = REPO.parent / "shared" / "data" / "fnc1"
CLI = [sys.executable, "-m", "claimledger"]
_PEAKS = re.compile(r"peak memory per worker \(MB\): ([\d, ]+)")


def _first_lines(src: Path, dst: Path, n: int) -> int:
    with open(src, encoding="utf-8") as fh, open(dst, "w", encoding="utf-8") as out:
        count = 0
        for count, line in enumerate(fh, 1):
            if count > n:
                return n
            out.write(line)
    return count


def _timed(args: list[str]) -> dict[str, Any]:
    """Run one configuration; wall seconds, the time of the last analysed shard, peaks, output."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    analysed: list[float] = []
    err_lines: list[str] = []

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            err_lines.append(line)
            if line.startswith("run: ") and "articles/s" in line:
                analysed.append(time.perf_counter() - start)

    reader = threading.Thread(target=read_stderr)
    reader.start()
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    reader.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{args} failed ({proc.returncode}):\n{''.join(err_lines[-20:])}")
    found = _PEAKS.search(out)
    peaks = [float(x) for x in found.group(1).split(",")] if found else [usage.ru_maxrss / 1024]
    return {"wall": wall, "analysis": analysed[-1] if analysed else None, "peaks": peaks, "summary": out.strip(),
            "load": (load_before, os.getloadavg()[0])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fnc", type=Path, default=DEFAULT_FNC)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--executors", default="local,ray")
    parser.add_argument("--shard-size", type=int, default=50)
    parser.add_argument("--no-story-claims", action="store_true")
    parser.add_argument("--relation-model", default="cross")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="claimledger-bench-run-"))
    try:
        make_jsonl(args.fnc, tmp / "all.jsonl")
        n = _first_lines(tmp / "all.jsonl", tmp / "bodies.jsonl", args.n)
        common = ["--relation-model", args.relation_model, "--no-progress"] + (
            ["--no-story-claims"] if args.no_story_claims else ["--story-claims"])
        configs: list[tuple[str, list[str]]] = [("ingest", ["ingest", str(tmp / "bodies.jsonl")])]
        for executor in args.executors.split(","):
            for w in args.workers.split(","):
                configs.append((f"run {executor} x{w}", [
                    "run", str(tmp / "bodies.jsonl"), "--executor", executor, "--workers", w,
                    "--shard-size", str(args.shard_size), "--out", str(tmp / f"job-{executor}-{w}")]))
        print(f"{n} FNC-1 bodies, story claims {'off' if args.no_story_claims else 'on'}, relation model "
              f"{args.relation_model}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
        results: dict[str, dict[str, Any]] = {}
        for name, command in configs:
            db = tmp / f"{name.replace(' ', '-')}.db"
            flags = common if command[0] == "run" else [f for f in common if f != "--no-progress"] + ["--no-progress"]
            # `run` reports progress lines only with progress on (stderr is a pipe here: plain lines).
            if command[0] == "run":
                flags = [f for f in flags if f != "--no-progress"]
            results[name] = _timed(CLI + command + ["--db", str(db)] + flags)
            r = results[name]
            print(f"  {name:<16} {r['wall']:7.1f} s  {n / r['wall']:6.2f} articles/s"
                  + (f"  (analysis {r['analysis']:.1f} s)" if r["analysis"] else "")
                  + f"  peak MB per worker {', '.join(f'{p:.0f}' for p in r['peaks'])}"
                  + f"  load {r['load'][0]:.2f} -> {r['load'][1]:.2f}", flush=True)
        base = results["ingest"]["wall"]
        print("\nratios (wall time; higher is faster)")
        for name, r in results.items():
            line = f"  {name:<16} {base / r['wall']:5.2f}x ingest"
            one = name.rsplit("x", 1)[0] + "x1"
            if name.startswith("run") and one in results and one != name:
                line += f", {results[one]['wall'] / r['wall']:.2f}x its 1 worker"
                if r["analysis"] and results[one]["analysis"]:
                    line += f" (analysis alone {results[one]['analysis'] / r['analysis']:.2f}x)"
            print(line)
        for name, r in results.items():
            print(f"  {name}: {r['summary'].splitlines()[0]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
