"""`claimledger ingest` and `claimledger export`: thin shells over run.ingest and store.repo.

Registered on the main Typer app by cli.py (`register(app)`). stdout carries the result (the summary of
an ingest, the exported records); progress and one line per failed input go to stderr.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .errors import ClaimledgerError, E
from .exchange.cells import safe_row
from .ingest import list_inputs, may_hold_many, read_entries
from .options import Options
from .render import plain
from .store import DEFAULT_URL, Repository, display_url, open_repository
from .store.across import origin_map

DbOption = Annotated[str, typer.Option(
    "--db", envvar="CLAIMLEDGER_DB", metavar="URL",
    help="Where ledgers are stored: a SQLite file (a path, or sqlite:///PATH) or a PostgreSQL server "
         "(postgresql://USER:PASSWORD@HOST:PORT/DATABASE). Default: the CLAIMLEDGER_DB environment "
         "variable, else claimledger.db in the working directory.")]

# CSV columns, one row per attribution: the article it is in, then the attribution, then its claim.
CSV_COLUMNS = [
    "article_id", "path", "url", "title", "outlet", "published",
    "attribution_id", "source_text", "source_name", "source_kind", "source_anonymous", "cue_text", "cue_lemma",
    "content_text", "content_start", "content_end", "quote", "stance", "claim_id", "claim_text", "claim_contested",
]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    claimreview = "claimreview"
    labelstudio = "labelstudio"


def _err() -> Console:
    return Console(stderr=True, highlight=False, emoji=False)


def _say(console: Console, text: str) -> None:
    # Paths and messages can carry input bytes: print them plain, on one line.
    console.print(plain(text), markup=False, soft_wrap=True)


def _open(db: str, *, create: bool) -> Repository:
    try:
        return open_repository(db, create=create)
    except ClaimledgerError as error:
        _say(_err(), f"error: {error}")
        raise typer.Exit(1) from None


def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", show_default=False,
        help="Articles to store: text, HTML or JSON Lines files, directories (read recursively, hidden "
             "files skipped), or - for stdin.")],
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
) -> None:
    """Analyse articles and store their ledgers in a database, once each.

    An article already stored (the same clean text, by its sha256) is not analysed again: it counts as
    unchanged. Each article's ledger is written in one transaction, so an interrupted ingest (Ctrl-C,
    a killed process) is resumed by running the same command again: nothing is lost or stored twice.
    At the end a summary counts the new, unchanged and failed articles, with the reasons for failures.
    Exit code 0 if every input was stored or unchanged, 1 if any failed, 2 for usage errors.
    """
    from .run.ingest import ingest as run_ingest

    options = Options(batch_size=batch_size, db_url=db, story_claims=story_claims)
    if paths.count("-") > 1:
        raise typer.BadParameter("stdin ('-') can be given only once.", param_hint="PATH")
    err = _err()
    files = list_inputs(paths, options)
    open_ended = any(may_hold_many(f.path) for f in files if f.problem is None)
    show = progress if progress is not None else err.is_terminal
    counts: Counter[str] = Counter()
    reasons: dict[str, tuple[int, str]] = {}  # error code -> (how many, first message)
    repo = _open(db, create=True)
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
                        _say(err, f"{outcome.path}: {outcome.error}")
                        n, first = reasons.get(outcome.error.code, (0, str(outcome.error)))
                        reasons[outcome.error.code] = (n + 1, first)
                    elif verbose:
                        _say(err, f"{outcome.path}: {outcome.status} ({outcome.article_id})")
                    if bar is not None:
                        bar.advance(task)
            except KeyboardInterrupt:
                interrupted = True
            except ClaimledgerError as error:  # the database refused a write, or the run cannot start
                _say(err, f"error: {error}")
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
    _say(out, head + (" (interrupted: run the same command again to store the rest)" if interrupted else ""))
    for code, (n, first) in sorted(reasons.items()):
        _say(out, f"  {n} failed with {code}, e.g. {first}")


def export(
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="jsonl: each stored article's ledger, the claimledger.article/1 object `analyze` prints, one "
             "a line. csv: one row per attribution, with its article's id, path, url, title, outlet and "
             "publication date and its claim's text (cells that a spreadsheet would run as a formula get a "
             "leading '). parquet: a folder (--output DIR) with one Parquet file per table. claimreview: "
             "schema.org Claim JSON-LD for fact-checkers, with ClaimReview only where a page published "
             "one. labelstudio: Label Studio tasks with the attributions as predictions (see "
             "import-corrections). A person's corrections are in every format. Each jsonl object also has "
             "'origin': the id of its article's group of syndicated copies.")] = ExportFormat.jsonl,
    db: DbOption = DEFAULT_URL,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "--out", "-o", writable=True,
        help="Write to this file (UTF-8) instead of stdout; for parquet, the folder to write into.")] = None,
) -> None:
    """Write out what the database holds, oldest ingest first."""
    from .cli_export import write_other, write_parquet

    repo = _open(db, create=False)
    try:
        if output_format is ExportFormat.parquet:
            write_parquet(repo, output)
            return
        with ExitStack() as stack:
            out: IO[str] = (stack.enter_context(output.open("w", encoding="utf-8", newline=""))
                            if output else sys.stdout)
            if output_format is ExportFormat.jsonl:
                origins = origin_map(repo)
                for ledger in repo.ledgers():
                    # The group of syndicated copies (README: the contract); null if not grouped yet.
                    ledger["origin"] = origins.get(ledger["article"]["id"])
                    out.write(json.dumps(ledger, ensure_ascii=False) + "\n")
            elif output_format is ExportFormat.csv:
                _write_csv(out, repo.attribution_rows())
            else:
                write_other(output_format.value, repo, out)
    except ClaimledgerError as error:
        _say(_err(), f"error: {error}")
        raise typer.Exit(1) from None
    except OSError as error:  # disk full, or the reader of the pipe is gone
        if output is None:  # what is still buffered for stdout would fail again at exit, with a traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _say(_err(), f"error: {E.E017.error(detail=error.strerror or str(error))}")
        raise typer.Exit(1) from None
    finally:
        repo.close()


def _write_csv(out: IO[str], rows: Iterator[dict[str, object]]) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(safe_row(row))


def register(app: typer.Typer) -> None:
    """Add `ingest` and `export` to the claimledger command."""
    from .cli_export import register as register_exchange

    app.command("ingest")(ingest)
    app.command("export")(export)
    register_exchange(app)
