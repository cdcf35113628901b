"""`claimledger export`: a thin shell over store.repo and claimledger.exchange.

Writes out what the database holds as JSON Lines, CSV, or a format for other tools (parquet, claimreview,
labelstudio); errors go to stderr.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Optional

import typer

from ..errors import ClaimledgerError, E
from ..api import write_export
from ..store import DEFAULT_URL, Repository
from ._common import DbOption, iso_day, open_store, say, stderr_console, store_errors

class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    claimreview = "claimreview"
    labelstudio = "labelstudio"
    claims_csv = "claims-csv"


def export(
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", case_sensitive=False, metavar="FORMAT",
        help="jsonl: each stored article's ledger, the claimledger.article/1 object `analyze` prints, one "
             "a line. csv: one row per attribution, with its article's id, path, url, title, outlet and "
             "publication date and its claim's text (cells that a spreadsheet would run as a formula get a "
             "leading '). parquet: a folder (--output DIR) with one Parquet file per table. claimreview: "
             "schema.org Claim JSON-LD for fact-checkers, with ClaimReview only where a page published "
             "one. labelstudio: Label Studio tasks with the attributions as predictions (see "
             "import-corrections). claims-csv: one row per statement on a claim across articles (story "
             "claim id and text, contested, the statement's side and probability, its article, origin and "
             "source). A person's corrections are in every format. Each jsonl object also has "
             "'origin': the id of its article's group of syndicated copies.")] = ExportFormat.jsonl,
    db: DbOption = DEFAULT_URL,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "--out", "-o", writable=True, metavar="PATH",
        help="Write to this file (UTF-8) instead of stdout; for parquet, the folder to write into.")] = None,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="DATE", help="Only articles published on or after this day, YYYY-MM-DD (articles "
                                        "without a publication date are left out).")] = None,
    outlet: Annotated[Optional[str], typer.Option(
        "--outlet", metavar="NAME", help="Only articles of this outlet (case ignored).")] = None,
    contested: Annotated[bool, typer.Option(
        "--contested", help="Only articles with a statement on a contested claim across articles (supported "
                            "and denied from different independent origins, as `claims --contested` lists); "
                            "with claims-csv, only the statements on contested claims.")] = False,
) -> None:
    """Write out what the database holds, oldest ingest first; --since, --outlet and --contested keep a part."""
    from ..across.views import selected_articles

    day = iso_day(since, "--since")
    repo = open_store(db, create=False, readonly=True)
    try:
        with store_errors(db):
            keep = selected_articles(repo, since=day, outlet=outlet,
                                     contested=contested and output_format is not ExportFormat.claims_csv)
        if output_format is ExportFormat.parquet:
            with store_errors(db):
                write_parquet(repo, output, keep)
            return
        with ExitStack() as stack:
            stack.enter_context(store_errors(db))
            out: IO[str] = stack.enter_context(whole_file(output)) if output else sys.stdout
            write_export(repo, output_format.value, out, keep, contested)
    except ClaimledgerError as error:
        say(stderr_console(), f"error: {error}")
        raise typer.Exit(1) from None
    except OSError as error:  # disk full, or the reader of the pipe is gone
        if output is None:  # what is still buffered for stdout would fail again at exit, with a traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        say(stderr_console(), f"error: {E.E017.error(detail=error.strerror or str(error))}")
        raise typer.Exit(1) from None
    finally:
        repo.close()


@contextmanager
def whole_file(path: Path) -> Iterator[IO[str]]:
    """A text file written under a temporary name beside `path` and renamed to it only when whole: an export
    stopped part-way (an error, a full disk, kill -9) leaves no partial file behind."""
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent or Path("."),
                                         prefix=f".{path.name}.", suffix=".part", delete=False)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)  # as open() would have made it, not the temporary file's 0600
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_parquet(repo: Repository, output: Optional[Path], keep: set[str] | None = None) -> None:
    """Parquet goes to a folder, never stdout (E090)."""
    try:
        from ..exchange import parquet  # pyarrow loads only for this format
    except ImportError:
        raise E.E094.error() from None

    if output is None:
        raise E.E090.error(detail="give the folder with --output DIR")
    if output.exists() and not output.is_dir():
        raise E.E090.error(detail=f"{output} is a file, not a folder")
    parquet.write(repo, output, only=keep)


def register(app: typer.Typer) -> None:
    """Add `export` to the claimledger command."""
    app.command("export")(export)
