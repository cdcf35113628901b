"""`claimledger run`: the ingest pipeline as a batch job. Plan -> analyse shards in parallel -> Parquet shard
files -> bulk load into the store -> origins and story claims joined once.

The steps are generators (datatrove's model) and the executor (executors.py) only decides where shards
are analysed. Why the store is written by the driver alone: the store has one writer (store/repo.py),
SQLite one write lock, and a bulk load of a whole shard in one transaction (PostgreSQL COPY, SQLite
executemany) costs a few milliseconds per article where one transaction per article costs tens.
Origins and story claims are then joined once, over everything the job stored, rather than article by
article under the join lock while workers wait.

Resumable: a shard's file and its manifest entry are written whole (shards.py), a shard is loaded in one
transaction that skips stored articles (ON CONFLICT DO NOTHING), and the join at the end picks up every
article without an origin or links (as `ingest` does after a kill). So a job killed anywhere and run
again skips the finished shards, loads what it had analysed, and doubles nothing. Shards are loaded in
their order, whatever order workers finish them in, so the store's ingest order (and with it which
copy of a syndicated text is the origin) is the input order, as with `ingest`.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..contract import ledger_from_dict, ledger_to_dict
from ..embed import DIMENSIONS, Encoder
from ..model import Ledger
from ..options import Options
from ..store import Repository
from ..store.db import fault
from .executors import Executor
from .shards import Manifest, ShardSpec, ShardState, read_shard, save_manifest, write_shard

LOAD_CHUNK = 500  # ledgers per bulk transaction: large enough to amortise, small enough to hold in memory


@dataclass(frozen=True)
class Planned:
    """The job's plan: all its shards and items, and how many of them an earlier run finished."""

    shards: int
    items: int | None  # None where inputs of unknown size (a WARC, a feed, a URL) are among them
    done_shards: int
    done_items: int


@dataclass(frozen=True)
class ShardAnalysed:
    """A shard's worker finished it and its file is written."""

    index: int
    items: int
    worker: str
    peak_mb: float


@dataclass(frozen=True)
class ShardLoaded:
    """A shard is in the store: its counts (new / unchanged / failed) and its failed inputs."""

    index: int
    counts: dict[str, int]
    failures: list[tuple[str, str, str]]  # (path, code, message)


@dataclass(frozen=True)
class Joining:
    """The join at the end starts: `total` articles get their story claims (origins come first)."""

    total: int


@dataclass(frozen=True)
class Joined:
    """One more article joined to the story claims."""

    article_id: str


@dataclass
class Report:
    """What the job did, over all its runs (the manifest's counts) and in this run."""

    counts: Counter[str] = field(default_factory=Counter)
    reasons: dict[str, tuple[int, str]] = field(default_factory=dict)  # code -> (how many, first message)
    peak_mb: dict[str, float] = field(default_factory=dict)  # worker -> peak memory this run
    analysed_now: int = 0  # shards analysed in this run (the others were skipped)


Event = Planned | ShardAnalysed | ShardLoaded | Joining | Joined | Report


def run(shards: Sequence[ShardSpec], folder: Path, manifest: Manifest, repo: Repository, executor: Executor,
        options: Options, db: str | None) -> Iterator[Event]:
    """Run the planned job, yielding events as it goes and the Report last."""
    report = Report()
    done = {spec.index for spec in shards if manifest.done(spec, folder)}
    for spec in shards:  # a shard file from a different plan (inputs changed) is stale: done again
        state = manifest.shards.get(spec.index)
        if state is not None and state.digest != spec.digest:
            del manifest.shards[spec.index]
    counted = all(s.counted for s in shards)
    yield Planned(len(shards), sum(s.items for s in shards) if counted else None, len(done),
                  sum(s.items for s in shards if s.index in done))
    by_index = {spec.index: spec for spec in shards}
    from ..analysis import analysis_version

    loader = _Loader(shards, folder, manifest, repo, report, analysis_version(options))
    yield from loader.ready(done)
    todo = [spec for spec in shards if spec.index not in done]
    for result in executor.map(todo, options, db):
        spec = by_index[result.index]
        write_shard(folder, spec, result.rows)
        fault("shard")  # tests: killed with a shard's file written and the manifest not yet
        manifest.shards[spec.index] = ShardState(spec.digest, spec.items)
        save_manifest(folder, manifest)
        done.add(spec.index)
        report.analysed_now += 1
        report.peak_mb[result.worker] = max(report.peak_mb.get(result.worker, 0.0), result.peak_mb)
        yield ShardAnalysed(spec.index, len(result.rows), result.worker, result.peak_mb)
        yield from loader.ready(done)
    yield from join_all(repo, options, lambda ids: _JobVectors(folder, shards, ids, options))
    for _, state in sorted(manifest.shards.items()):  # over every run of the job
        report.counts.update(state.counts)
        for code, (n, first) in state.reasons.items():
            before, message = report.reasons.get(code, (0, first))
            report.reasons[code] = (before + int(n), str(message))
    yield report


class _Loader:
    """Loads analysed shards into the store in shard order, each once."""

    def __init__(self, shards: Sequence[ShardSpec], folder: Path, manifest: Manifest, repo: Repository,
                 report: Report, version: str) -> None:
        self.order = sorted(shards, key=lambda s: s.index)
        self.next = 0
        self.folder, self.manifest, self.repo, self.report = folder, manifest, repo, report
        self.version = version  # the analysis version stored with each ledger (as `ingest` stores it)

    def ready(self, done: set[int]) -> Iterator[ShardLoaded]:
        while self.next < len(self.order) and self.order[self.next].index in done:
            spec = self.order[self.next]
            self.next += 1
            state = self.manifest.shards[spec.index]
            if state.loaded:
                continue
            loaded = load_shard(self.repo, read_shard(self.folder, spec), self.version)
            fault("loaded")  # tests: killed with a shard loaded and the manifest not yet saying so
            state.loaded, state.counts = True, dict(loaded.counts)
            for _, code, message in loaded.failures:
                n, first = state.reasons.get(code, [0, f"[{code}] {message}"])
                state.reasons[code] = [n + 1, first]
            save_manifest(self.folder, self.manifest)
            yield ShardLoaded(spec.index, loaded.counts, loaded.failures)


def load_shard(repo: Repository, rows: Sequence[dict[str, object]], version: str | None = None) -> ShardLoaded:
    """A shard's rows into the store, LOAD_CHUNK ledgers per transaction; counts what happened."""
    counts: Counter[str] = Counter()
    failures: list[tuple[str, str, str]] = []
    ledgers: list[Ledger] = []
    for row in rows:
        if row["status"] == "failed":
            counts["failed"] += 1
            failures.append((str(row["path"]), str(row["error_code"]), str(row["error"])))
        elif row["status"] == "unchanged":
            counts["unchanged"] += 1
        else:
            ledgers.append(ledger_from_dict(json.loads(str(row["ledger"]))))
    for start in range(0, len(ledgers), LOAD_CHUNK):
        chunk = ledgers[start:start + LOAD_CHUNK]
        written = repo.save_many(chunk, version=version)
        counts["new"] += len(written)
        counts["unchanged"] += len(chunk) - len(written)
    # The store's failures table, as `ingest` keeps it: each failed input's row, cleared once it is stored.
    for path, code, message in failures:
        repo.record_failure(path, code, f"[{code}] {message}")
    repo.clear_failures(str(row["path"]) for row in rows if row["status"] != "failed")
    return ShardLoaded(-1, {k: counts[k] for k in ("new", "unchanged", "failed")}, failures)


def join_all(repo: Repository, options: Options,
             vectors: Callable[[set[str]], _JobVectors] | None = None) -> Iterator[Joining | Joined]:
    """Origins for every stored article without one, then story claims for every article without links,
    oldest ingest first: once, at the end of the job (and the catch-up of a job killed while joining).
    `vectors` gives the sentence vectors the workers computed (else they are computed here)."""
    from ..across.syndication import Syndication
    from ..store.story import unjoined

    Syndication.open(repo)  # groups the articles that have no origin yet, in ingest order
    if not options.story_claims:
        return
    left = unjoined(repo)
    yield Joining(len(left))
    if not left:
        return
    from ..across.story_claims import StoryClaims

    known = vectors(set(left)) if vectors is not None else None
    joiner = StoryClaims(repo, options, encoder=known.encoder if known is not None else None)
    for article_id in left:
        if known is not None:
            known.prime(article_id)
        if (stored := repo.get(article_id, corrected=False)) is not None:
            joiner.join(ledger_to_dict(stored))
        yield Joined(article_id)
    joiner.finish()  # the story-claim index saved beside the store, as ingest does


class _Precomputed(Encoder):
    """The sentence encoder, answering from vectors the workers computed where it has them (one shard's at
    a time: `table`), else computing them."""

    def __init__(self, real: Encoder) -> None:  # noqa: D107 (no model of its own to load)
        self._real = real
        self.table: dict[str, np.ndarray] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            found = self.table.get(text)
            out[row] = found if found is not None else self._real.encode([text])[0]
        return out


class _JobVectors:
    """Where each article left to join was analysed (its shard), and that shard's vectors when it is joined:
    the join goes in ingest order, which is shard order, so each shard file is read about once."""

    def __init__(self, folder: Path, shards: Sequence[ShardSpec], left: set[str], options: Options) -> None:
        from ..embed import get_encoder

        self.folder = folder
        self.specs = {spec.index: spec for spec in shards}
        self.where: dict[str, int] = {}
        for spec in shards:
            if (folder / spec.name).is_file():
                for row in read_shard(folder, spec, ["id", "status"]):
                    if row["status"] == "analysed" and row["id"] in left:
                        self.where.setdefault(str(row["id"]), spec.index)
        self.encoder = _Precomputed(get_encoder(options))
        self.current: int | None = None

    def prime(self, article_id: str) -> None:
        shard = self.where.get(article_id)
        if shard is None or shard == self.current:
            return
        self.current = shard
        table: dict[str, np.ndarray] = {}
        try:
            rows = read_shard(self.folder, self.specs[shard], ["vector_texts", "vectors"])
        except (OSError, ValueError, KeyError):  # a shard from before vectors were kept: computed here
            rows = []
        for row in rows:
            if row.get("vector_texts") and row.get("vectors") is not None:
                texts = json.loads(row["vector_texts"])
                found = np.frombuffer(row["vectors"], dtype=np.float32).reshape(len(texts), DIMENSIONS)
                table.update(zip(texts, found))
        self.encoder.table = table

