"""`claimledger run`: a thin shell over run.batch (the ingest pipeline as a resumable batch job).

stdout carries the summary; progress (a bar with rate and ETA on a terminal, else a plain line per shard)
and one line per failed input go to stderr.
"""
from __future__ import annotations

import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TaskID, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

from ..errors import ClaimledgerError, E
from ..options import Options
from ..store import DEFAULT_URL, display_url
from ._common import (AllowPrivateOption, DbOption, DelayOption, MaxPageBytesOption, RelationAcrossOption, RelationName,
                      TimeoutOption, current, fail, open_store, say, stderr_console, store_errors)


class ExecutorName(str, Enum):
    local = "local"
    ray = "ray"


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Rate(ProgressColumn):
    """Articles a second, from rich's moving estimate."""

    def render(self, task: Task) -> Text:
        return Text("" if task.speed is None else f"{task.speed:.1f} articles/s")


class _Lines:
    """Progress where stderr is not a terminal (a log): one plain line per shard and a few while joining."""

    def __init__(self, err: Console) -> None:
        self.err = err
        self.start = time.monotonic()
        self.total: int | None = 0
        self.done = self.first = 0
        self.shards = self.shards_done = self.first_shards = 0
        self.join_total = self.joined_count = 0
        self.last_join = 0.0

    def planned(self, shards: int, items: int | None, done_shards: int, done_items: int) -> None:
        self.total, self.done, self.first = items, done_items, done_items
        self.shards, self.shards_done, self.first_shards = shards, done_shards, done_shards
        size = f"{items} article(s)" if items is not None else "articles not counted (archives, feeds or URLs)"
        say(self.err, f"run: {shards} shard(s), {size}; {done_shards} shard(s) done before, skipped")

    def analysed(self, items: int) -> None:
        self.done += items
        self.shards_done += 1
        elapsed = time.monotonic() - self.start
        rate = (self.done - self.first) / elapsed if elapsed > 0 else 0.0
        if self.total is None:  # only shards are counted: the ETA from them
            left, per = self.shards - self.shards_done, elapsed / max(1, self.shards_done - self.first_shards)
            total, eta = "?", left * per
        else:
            total, eta = str(self.total), max(0.0, (self.total - self.done) / rate if rate > 0 else 0.0)
        say(self.err, f"run: {self.done}/{total} articles, {self.shards_done}/{self.shards} shards, "
                      f"{rate:.1f} articles/s, ETA {_clock(eta)}")

    def joining(self, total: int) -> None:
        self.join_total, self.last_join = total, time.monotonic()
        say(self.err, f"run: joining {total} article(s) to the story claims")

    def joined(self) -> None:
        self.joined_count += 1
        now = time.monotonic()
        if now - self.last_join >= 10 or self.joined_count == self.join_total:
            self.last_join = now
            say(self.err, f"run: joined {self.joined_count}/{self.join_total}")


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def run(
    paths: Annotated[list[str], typer.Argument(
        metavar="INPUT", show_default=False,
        help="Articles to store, as `ingest` reads them: text, HTML or JSON Lines files, directories, http(s) "
             "URLs, feeds, sitemaps, URL lists and WARC archives. Not stdin: a job reads its inputs again "
             "when it resumes.")],
    out: Annotated[Path, typer.Option(
        "--out", metavar="DIR", show_default=False,
        help="The job folder: one Parquet file per shard (the analysed ledgers) and manifest.json (what is "
             "done). Run the same command again to resume a stopped job.")],
    executor: Annotated[ExecutorName, typer.Option(
        "--executor", case_sensitive=False,
        help="Where shards are analysed: 'local' (processes on this machine) or 'ray' (Ray Data actors; "
             "pip install 'claimledger[ray]').")] = ExecutorName.local,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, max=4096, metavar="N", show_default=False,
        help="Workers analysing shards at once, each with its own models. Default: this machine's cores.")] = None,
    address: Annotated[Optional[str], typer.Option(
        "--address", metavar="ADDRESS", show_default=False,
        help="With --executor ray: the Ray cluster to run on (e.g. ray://head:10001, or 'auto' on a node of "
             "it). Default: a Ray started for this job on this machine.")] = None,
    db: DbOption = DEFAULT_URL,
    shard_size: Annotated[int, typer.Option(
        "--shard-size", min=1, max=100_000, metavar="N",
        help="Articles per shard: the unit of work, of resumption and of a bulk load.")] = 100,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", show_default=False,
        help="Progress on stderr: a bar with rate and ETA on a terminal, else a plain line per shard. "
             "Default: on.")] = None,
    story_claims: Annotated[bool, typer.Option(
        "--story-claims/--no-story-claims",
        help="Join the stored articles' claims to the claims across articles, once, at the end of the job "
             "(a later run, or `ingest`, catches up on what was skipped).")] = Options.story_claims,
    relation_model: RelationAcrossOption = RelationName(Options.relation_across),
    allow_private: AllowPrivateOption = False,
    timeout: TimeoutOption = Options.fetch_timeout,
    delay: DelayOption = Options.host_delay,
    max_page_bytes: MaxPageBytesOption = Options.max_page_bytes,
) -> None:
    """Analyse many articles in parallel and store them: the same pipeline as `ingest`, as a batch job.

    The inputs are cut into shards; workers analyse shards in parallel into Parquet files under --out;
    the shards are loaded into the store in bulk (PostgreSQL COPY, SQLite large transactions), and
    origins and story claims are joined once at the end. An article already stored is not analysed
    again. A stopped job (Ctrl-C, a killed process) is resumed by running the same command again:
    finished shards are skipped and nothing is stored twice.
    Exit code 0 if every input was stored or unchanged, 1 if any failed, 2 for usage errors, 130 if
    interrupted.
    """
    from ..ingest import list_inputs
    from ..run.batch import Joined, Joining, Planned, Report, ShardAnalysed, ShardLoaded
    from ..run.batch import run as run_job
    from ..run.executors import make_executor
    from ..run.shards import open_manifest, plan

    if "-" in paths:
        say(stderr_console(), f"error: {E.E151.error()}")
        raise typer.Exit(2)
    if address is not None and executor is not ExecutorName.ray:
        raise typer.BadParameter("--address is for --executor ray.", param_hint="--address")
    # The fetching options travel to the workers with the rest (a feed's or a URL list's pages are fetched
    # by the worker that reads it, at --delay per host).
    options = Options(story_claims=story_claims, relation_across=current(relation_model), allow_private=allow_private,
                      fetch_timeout=timeout, host_delay=delay, max_page_bytes=max_page_bytes)
    err = stderr_console()
    try:
        manifest = open_manifest(out, options)
    except ClaimledgerError as error:
        fail(error)
    shards = plan(list_inputs(paths, options), options, shard_size)
    job = make_executor(executor.value, workers or _cores(), address)
    show = progress if progress is not None else True
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _Rate(), TimeElapsedColumn(),
                   TextColumn("ETA"), TimeRemainingColumn(), console=err, transient=True,
                   redirect_stdout=False, redirect_stderr=False) if show and err.is_terminal else None
    lines = _Lines(err) if show and bar is None else None
    report: Report | None = None
    interrupted = False
    repo = open_store(db, create=True)
    task: TaskID | None = None
    try:
        with store_errors(db), bar if bar is not None else _Nothing():
            try:
                for event in run_job(shards, out, manifest, repo, job, options, db):
                    if isinstance(event, Planned):
                        if bar is not None:
                            task = bar.add_task("analysing", total=event.items, completed=event.done_items)
                        elif lines is not None:
                            lines.planned(event.shards, event.items, event.done_shards, event.done_items)
                    elif isinstance(event, ShardAnalysed):
                        if bar is not None and task is not None:
                            bar.advance(task, event.items)
                        elif lines is not None:
                            lines.analysed(event.items)
                    elif isinstance(event, ShardLoaded):
                        for path, code, message in event.failures:
                            say(err, f"{path}: [{code}] {message}")
                    elif isinstance(event, Joining):
                        if bar is not None:
                            task = bar.add_task("joining story claims", total=event.total)
                        elif lines is not None:
                            lines.joining(event.total)
                    elif isinstance(event, Joined):
                        if bar is not None and task is not None:
                            bar.advance(task)
                        elif lines is not None:
                            lines.joined()
                    else:
                        report = event
            except KeyboardInterrupt:
                interrupted = True
    finally:
        repo.close()
    _summary(report, display_url(db), out, job.workers, interrupted)
    failed = report is not None and report.counts["failed"] > 0
    raise typer.Exit(130 if interrupted else 1 if failed else 0)


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exc: object) -> None:
        return None


def _summary(report: object, where: str, out: Path, workers: int, interrupted: bool) -> None:
    from ..run.batch import Report

    console = Console(highlight=False, emoji=False, soft_wrap=True)
    if not isinstance(report, Report):
        say(console, f"interrupted: run the same command again to resume the job in {out}")
        return
    counts = report.counts
    total = sum(counts[k] for k in ("new", "unchanged", "failed"))
    say(console, f"{total} article(s) into {where}: {counts['new']} new, {counts['unchanged']} unchanged, "
                 f"{counts['failed']} failed")
    for code, (n, first) in sorted(report.reasons.items()):
        say(console, f"  {n} failed with {code}, e.g. {first}")
    peaks = ", ".join(f"{mb:.0f}" for _, mb in sorted(report.peak_mb.items()))
    say(console, f"job {out}: {report.analysed_now} shard(s) analysed now by {workers} worker(s)"
                 + (f"; peak memory per worker (MB): {peaks}" if peaks else ""))
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add `run` to the claimledger command."""
    app.command("run")(run)
