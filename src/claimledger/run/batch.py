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

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..contract import ledger_from_dict, ledger_to_dict
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
    items: int
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
    yield Planned(len(shards), sum(s.items for s in shards), len(done),
                  sum(s.items for s in shards if s.index in done))
    by_index = {spec.index: spec for spec in shards}
    loader = _Loader(shards, folder, manifest, repo, report)
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
        yield ShardAnalysed(spec.index, spec.items, result.worker, result.peak_mb)
        yield from loader.ready(done)
    yield from join_all(repo, options)
    for _, state in sorted(manifest.shards.items()):  # over every run of the job
        report.counts.update(state.counts)
        for code, (n, first) in state.reasons.items():
            before, message = report.reasons.get(code, (0, first))
            report.reasons[code] = (before + int(n), str(message))
    yield report


class _Loader:
    """Loads analysed shards into the store in shard order, each once."""

    def __init__(self, shards: Sequence[ShardSpec], folder: Path, manifest: Manifest, repo: Repository,
                 report: Report) -> None:
        self.order = sorted(shards, key=lambda s: s.index)
        self.next = 0
        self.folder, self.manifest, self.repo, self.report = folder, manifest, repo, report

    def ready(self, done: set[int]) -> Iterator[ShardLoaded]:
        while self.next < len(self.order) and self.order[self.next].index in done:
            spec = self.order[self.next]
            self.next += 1
            state = self.manifest.shards[spec.index]
            if state.loaded:
                continue
            loaded = load_shard(self.repo, read_shard(self.folder, spec))
            fault("loaded")  # tests: killed with a shard loaded and the manifest not yet saying so
            state.loaded, state.counts = True, dict(loaded.counts)
            for _, code, message in loaded.failures:
                n, first = state.reasons.get(code, [0, f"[{code}] {message}"])
                state.reasons[code] = [n + 1, first]
            save_manifest(self.folder, self.manifest)
            yield ShardLoaded(spec.index, loaded.counts, loaded.failures)


def load_shard(repo: Repository, rows: Sequence[dict[str, object]]) -> ShardLoaded:
    """A shard's rows into the store, LOAD_CHUNK ledgers per transaction; counts what happened."""
    import json

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
        written = repo.save_many(chunk)
        counts["new"] += len(written)
        counts["unchanged"] += len(chunk) - len(written)
    return ShardLoaded(-1, {k: counts[k] for k in ("new", "unchanged", "failed")}, failures)


def join_all(repo: Repository, options: Options) -> Iterator[Joining | Joined]:
    """Origins for every stored article without one, then story claims for every article without links,
    oldest ingest first: once, at the end of the job (and the catch-up of a job killed while joining)."""
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

    joiner = StoryClaims(repo, options)
    for article_id in left:
        if (stored := repo.get(article_id, corrected=False)) is not None:
            joiner.join(ledger_to_dict(stored))
        yield Joined(article_id)

