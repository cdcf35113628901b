"""The malformed-input battery (issue 8): every case of tests/malformed.py through the CLI, in one batch
and one by one. Prints tracebacks, hangs, good documents lost and wrong verdicts; all must be 0.

    python bench/battery.py [--extractor combined] [--timeout 300]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from malformed import Case, good_names, write_battery  # noqa: E402

from claimledger.cli.render import plain  # noqa: E402

CLI = [sys.executable, "-m", "claimledger", "analyze", "--format", "jsonl", "--no-progress"]
CODE = re.compile(r"\[(E\d{3})\]")


def run(args: list[str], timeout: float) -> tuple[int | None, str, str]:
    try:
        done = subprocess.run(CLI + args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as err:
        return None, (err.stdout or b"").decode(errors="replace"), (err.stderr or b"").decode(errors="replace")
    return done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")


def verdicts(stdout: str, stderr: str, folder: Path) -> dict[str, str]:
    """File name -> "good" or the error code it got."""
    out: dict[str, str] = {}
    for line in stdout.splitlines():
        path = json.loads(line)["article"]["path"]
        out[plain(Path(re.sub(r"\.(jsonl?):\d+$", r".\1", path)).name)] = "good"
    for line in stderr.splitlines():
        found = CODE.search(line)
        if found and line.startswith(str(folder)):
            name = line[len(str(folder)) + 1:].split(": [")[0]
            name = re.sub(r"\.jsonl:\d+$", ".jsonl", re.sub(r"\.json:\d+$", ".json", name))
            out.setdefault(name, found.group(1))
    return out


def score(cases: list[Case], got: dict[str, str], alone: bool) -> list[str]:
    wrong = []
    for case in cases:
        verdict = got.get(plain(case.name), "missing")
        expect = case.alone if alone and case.alone else case.expect
        if verdict not in expect.split("|"):
            wrong.append(f"{case.name}: expected {case.expect}, got {verdict} ({case.note})")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--extractor", default="combined")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run counts as a hang")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "battery"
        cases = write_battery(folder)
        good = good_names(cases)
        extra = ["--extractor", args.extractor]
        print(f"{len(cases)} inputs ({len(good)} readable), extractor {args.extractor}")

        t0 = time.perf_counter()
        code, stdout, stderr = run([str(folder), *extra], args.timeout * 2)
        batch = verdicts(stdout, stderr, folder)
        tracebacks = stderr.count("Traceback")
        print(f"one batch: exit {code}, {time.perf_counter() - t0:.0f} s, tracebacks {tracebacks}, "
              f"hang {int(code is None)}, good lost {len(good - {n for n, v in batch.items() if v == 'good'})}")
        wrong_batch = score(cases, batch, alone=False)

        hangs = tb = 0
        single: dict[str, str] = {}
        t0 = time.perf_counter()
        for case in cases:
            code, stdout, stderr = run([str(folder / case.name), *extra], args.timeout)
            hangs += code is None
            tb += stderr.count("Traceback")
            single.update(verdicts(stdout, stderr, folder))
        print(f"one by one: {time.perf_counter() - t0:.0f} s, tracebacks {tb}, hangs {hangs}, "
              f"good lost {len(good - {n for n, v in single.items() if v == 'good'})}")
        wrong_single = score(cases, single, alone=True)
        for label, wrong in (("batch", wrong_batch), ("single", wrong_single)):
            for line in wrong:
                print(f"  wrong ({label}): {line}")
        print(f"wrong verdicts: batch {len(wrong_batch)}, one by one {len(wrong_single)}")
        leaked = os.listdir(folder.parent)
        if sorted(leaked) != sorted(["battery", "battery-outside.txt"]):
            print(f"  files written beside the inputs: {leaked}")


if __name__ == "__main__":
    main()
