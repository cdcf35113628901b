"""`claimledger ingest`: a thin shell over run.job.

stdout carries the result (the summary of an ingest); progress and one line per failed input go to stderr.
"""
from __future__ import annotations

from collections import Counter
from contextlib import ExitStack
from typing import Annotated, Optional

import typer
from sqlalchemy.exc import SQLAlchemyError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import ClaimledgerError
from ..ingest import list_inputs, may_hold_many, read_entries
from ..options import Options
from ..store import DEFAULT_URL, display_url, engine_url
from ..store.db import explain
from ._common import (INPUTS_HELP, AllowPrivateOption, DbOption, DelayOption, MaxPageBytesOption,
                      RelationAcrossOption, RelationName, TimeoutOption, current, open_store, say, stderr_console)


def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", show_default=False,
        help="Articles to store: " + INPUTS_HELP)],
    db: DbOption = DEFAULT_URL,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", show_default=False,
        help="Show a progress bar on stderr. Default: on when stderr is a terminal.")] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Print a line on stderr for every article stored or found unchanged, "
                                "not only for those that failed.")] = False,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, metavar="N",
        help="Articles parsed together; each is stored as soon as its batch is done.")] = Options.batch_size,
    story_claims: Annotated[bool, typer.Option(
        "--story-claims/--no-story-claims",
        help="Join each new article's claims to the claims across articles (sentence vectors, the relation "
             "model); a later run joins its articles to the story claims earlier runs made.")] = Options.story_claims,
    relation_model: RelationAcrossOption = RelationName(Options.relation_across),
    allow_private: AllowPrivateOption = False,
    timeout: TimeoutOption = Options.fetch_timeout,
    delay: DelayOption = Options.host_delay,
    max_page_bytes: MaxPageBytesOption = Options.max_page_bytes,
) -> None:
    """Analyse articles and store their ledgers in a database, once each.

    An article already stored (the same clean text, by its sha256) is not analysed again: it counts as
    unchanged. Each article's ledger is written in one transaction, so an interrupted ingest (Ctrl-C,
    a killed process) is resumed by running the same command again: nothing is lost or stored twice.
    At the end a summary counts the new, unchanged and failed articles, with the reasons for failures.
    Exit code 0 if every input was stored or unchanged, 1 if any failed, 2 for usage errors.
    """
    from ..run.job import ingest as run_ingest

    options = Options(batch_size=batch_size, story_claims=story_claims,
                      relation_across=current(relation_model), allow_private=allow_private,
                      fetch_timeout=timeout, host_delay=delay, max_page_bytes=max_page_bytes)
    if paths.count("-") > 1:
        raise typer.BadParameter("stdin ('-') can be given only once.", param_hint="PATH")
    err = stderr_console()
    files = list_inputs(paths, options)
    open_ended = any(may_hold_many(f.path) for f in files if f.problem is None)
    show = progress if progress is not None else err.is_terminal
    counts: Counter[str] = Counter()
    reasons: dict[str, tuple[int, str]] = {}  # error code -> (how many, first message)
    repo = open_store(db, create=True)
    interrupted = fatal = False
    try:
        with ExitStack() as stack:
            bar = None
            if show:
                bar = stack.enter_context(Progress(
                    TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, redirect_stdout=False, redirect_stderr=False))
                task = bar.add_task("ingest", total=None if open_ended else len(files))
            try:
                for outcome in run_ingest(read_entries(files, options), repo, options):
                    counts[outcome.status] += 1
                    if outcome.error is not None:
                        say(err, f"{outcome.path}: {outcome.error}")
                        n, first = reasons.get(outcome.error.code, (0, str(outcome.error)))
                        reasons[outcome.error.code] = (n + 1, first)
                    elif verbose:
                        say(err, f"{outcome.path}: {outcome.status} ({outcome.article_id})")
                    if bar is not None:
                        bar.advance(task)
            except KeyboardInterrupt:
                interrupted = True
            except ClaimledgerError as error:  # the database refused a write, or the run cannot start
                say(err, f"error: {error}")
                fatal = True
            except SQLAlchemyError as error:  # a read failed: a damaged store (E066)
                say(err, f"error: {explain(error, engine_url(db))}")
                fatal = True
    finally:
        repo.close()
    _summary(counts, reasons, display_url(db), interrupted)
    raise typer.Exit(130 if interrupted else 1 if counts["failed"] or fatal else 0)


def _summary(counts: Counter[str], reasons: dict[str, tuple[int, str]], where: str, interrupted: bool) -> None:
    out = Console(highlight=False, emoji=False, soft_wrap=True)
    total = sum(counts.values())
    head = (f"{total} article(s) into {where}: {counts['new']} new, {counts['unchanged']} unchanged, "
            f"{counts['failed']} failed")
    say(out, head + (" (interrupted: run the same command again to store the rest)" if interrupted else ""))
    for code, (n, first) in sorted(reasons.items()):
        say(out, f"  {n} failed with {code}, e.g. {first}")


def register(app: typer.Typer) -> None:
    """Add `ingest` to the claimledger command."""
    app.command("ingest")(ingest)
