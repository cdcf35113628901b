"""`claimledger ingest`: a thin shell over run.job.

stdout carries the result (the summary of an ingest); progress and one line per failed input go to stderr.
"""
from __future__ import annotations

from collections import Counter
from typing import Annotated, Optional

import typer
from sqlalchemy.exc import SQLAlchemyError
from rich.console import Console

from ..errors import ClaimledgerError, W
from ..ingest import list_inputs, may_hold_many, read_entries
from ..options import Options
from ..store import DEFAULT_URL, Repository, display_url, engine_url
from ..store.db import explain
from ._common import (INPUTS_HELP, AllowPrivateOption, DbOption, DelayOption, MaxPageBytesOption,
                      RelationAcrossOption, RelationName, TimeoutOption, current, open_store, progress, say,
                      stderr_console)


def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", show_default=False,
        help="Articles to store: " + INPUTS_HELP)],
    db: DbOption = DEFAULT_URL,
    show_progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", show_default=False,
        help="Show a progress bar on stderr. Default: a bar when stderr is a terminal, else a plain line "
             "every 25 articles or 10 seconds.")] = None,
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
    reanalyze: Annotated[bool, typer.Option(
        "--reanalyze", help="Analyse inputs already stored again (as `claimledger reanalyze` does) instead of "
                            "counting them unchanged: after an upgrade, or to refresh their ledgers.")] = False,
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
    unmatched = 0
    unchanged: list[str] = []
    counts: Counter[str] = Counter()
    reasons: dict[str, tuple[int, str]] = {}  # error code -> (how many, first message)
    repo = open_store(db, create=True)
    interrupted = fatal = False
    try:
        with progress(err, "ingesting", None if open_ended else len(files), show_progress) as advance:
            try:
                for outcome in run_ingest(read_entries(files, options), repo, options, reanalyze=reanalyze):
                    counts[outcome.status] += 1
                    if outcome.error is not None:
                        say(err, f"{outcome.path}: {outcome.error}")
                        n, first = reasons.get(outcome.error.code, (0, str(outcome.error)))
                        reasons[outcome.error.code] = (n + 1, first)
                    elif verbose:
                        say(err, f"{outcome.path}: {outcome.status} ({outcome.article_id})")
                    unmatched += outcome.unmatched
                    if outcome.status == "unchanged" and outcome.article_id:
                        unchanged.append(outcome.article_id)
                    advance()
            except KeyboardInterrupt:
                interrupted = True
            except ClaimledgerError as error:  # the database refused a write, or the run cannot start
                say(err, f"error: {error}")
                fatal = True
            except SQLAlchemyError as error:  # a read failed: a damaged store (E066)
                say(err, f"error: {explain(error, engine_url(db))}")
                fatal = True
        stale = _stale(repo, unchanged, options) if unchanged and not (fatal or interrupted) else (0, "")
    finally:
        repo.close()
    _summary(counts, reasons, display_url(db), interrupted)
    if stale[0]:
        say(err, W.W011.message(count=stale[0], version=stale[1]))
    if unmatched:
        say(err, W.W010.message(count=unmatched))
    raise typer.Exit(130 if interrupted else 1 if counts["failed"] or fatal else 0)


def _stale(repo: Repository, ids: list[str], options: Options) -> tuple[int, str]:
    """How many of these stored articles another analysis version made, and this one's version."""
    from ..analysis import analysis_version

    version = analysis_version(options)
    try:
        return len(repo.article_ids(ids=ids, version_not=version)), version
    except (ClaimledgerError, SQLAlchemyError):  # a note only: a store that fails here said so already
        return 0, version


def _summary(counts: Counter[str], reasons: dict[str, tuple[int, str]], where: str, interrupted: bool) -> None:
    out = Console(highlight=False, emoji=False, soft_wrap=True)
    total = sum(counts.values())
    again = f"{counts['reanalyzed']} reanalyzed, " if counts["reanalyzed"] else ""
    head = (f"{total} article(s) into {where}: {counts['new']} new, {counts['unchanged']} unchanged, "
            f"{again}{counts['failed']} failed")
    say(out, head + (" (interrupted: run the same command again to store the rest)" if interrupted else ""))
    for code, (n, first) in sorted(reasons.items()):
        say(out, f"  {n} failed with {code}, e.g. {first}")


def register(app: typer.Typer) -> None:
    """Add `ingest` to the claimledger command."""
    app.command("ingest")(ingest)
