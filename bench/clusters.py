"""Cost of clustering claim mentions across articles: time and peak memory at 10k and 100k mentions.

Mentions are synthetic: unit vectors scattered around one topic vector per 5 mentions (the spread of
real paraphrases: cosine ~0.6-0.8 to each other) with texts drawn from each topic's own words, so the
index, the candidate scoring and the word evidence all do real work. Each size runs in a fresh process
so its peak resident memory is its own. "restore" is what a new ingest run pays before its first article:
the stored mentions put back into a Clusterer (index rebuilt, nothing judged again). Also measures the sentence encoder (sentences/s, one thread) on
FNC-1 headlines when --fnc is given.

    .venv/bin/python bench/clusters.py [--sizes 10000,100000] [--fnc ../shared/data/fnc1]
"""
from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time

import numpy as np


def synthetic(n: int, seed: int = 0) -> list:
    from claimledger.across.cluster import Mention

    rng = np.random.default_rng(seed)
    topics = max(1, n // 5)
    centres = rng.standard_normal((topics, 384), dtype=np.float32)
    topic_of = rng.integers(0, topics, n)
    vectors = centres[topic_of] + 0.9 * rng.standard_normal((n, 384), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    common = [f"w{i}" for i in range(2000)]
    mentions = []
    for i in range(n):
        t = int(topic_of[i])
        own = [f"t{t}x{j}" for j in rng.choice(8, 4, replace=False)]
        text = " ".join(own + [common[j] for j in rng.integers(0, len(common), 4)])
        mentions.append(Mention(text, vectors[i]))
    return mentions


def one_size(n: int) -> dict:
    from claimledger.across.cluster import Clusterer

    mentions = synthetic(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    clusterer = Clusterer()
    start, cpu = time.perf_counter(), time.process_time()
    labels = clusterer.add_many(mentions)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu  # CPU time: robust on a busy machine
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # What a new ingest run pays before its first article: the stored mentions back into a Clusterer.
    start = time.perf_counter()
    Clusterer().restore(mentions, labels)
    restore = time.perf_counter() - start
    return {"mentions": n, "seconds": round(seconds, 2), "per_second": round(n / seconds), "restore_s": round(restore, 2), "cpu_s": round(cpu, 2),
            "clusters": len(set(labels)), "peak_rss_mib": round(peak / 1024), "added_rss_mib": round((peak - before) / 1024)}


def encoder_rate(fnc: str, n: int = 300) -> float:
    from claimledger.embed import get_encoder

    with open(f"{fnc}/train_stances.csv", encoding="utf-8", newline="") as fh:
        headlines = list(dict.fromkeys(r["Headline"] for r in csv.DictReader(fh)))[:n]
    encoder = get_encoder()
    encoder.encode(headlines[:5])  # warm up
    start = time.perf_counter()
    encoder.encode(headlines)
    return len(headlines) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--fnc", default=None)
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # a child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one)))
        return
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"{r['mentions']:>8,} mentions: {r['seconds']:8.1f} s wall, {r['cpu_s']:.1f} s CPU ({r['per_second']:,}/s), {r['clusters']:,} clusters, restore {r['restore_s']:.1f} s, "
              f"peak RSS {r['peak_rss_mib']} MiB (+{r['added_rss_mib']} MiB clustering)", flush=True)
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        size, time_ratio = b["mentions"] / a["mentions"], b["cpu_s"] / a["cpu_s"]
        print(f"{size:.0f}x the mentions took {time_ratio:.1f}x the CPU time "
              f"(linear {size:.0f}x, quadratic {size * size:.0f}x) and {b['added_rss_mib'] / max(a['added_rss_mib'], 1):.1f}x the memory")
    if args.fnc:
        print(f"encoder (int8 ONNX, one thread): {encoder_rate(args.fnc):.0f} sentences/s")


if __name__ == "__main__":
    main()
