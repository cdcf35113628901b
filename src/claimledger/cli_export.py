"""The exports for other tools (`export --format parquet|claimreview|labelstudio`) and
`claimledger import-corrections`: thin shells over claimledger.exchange and store.repo.

cli_store's `export` hands these formats to `write_other`; `register(app)` adds `import-corrections`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Annotated, Optional

import typer
from rich.console import Console

from .errors import ClaimledgerError, E
from .store import DEFAULT_URL, Repository, display_url


def write_parquet(repo: Repository, output: Optional[Path]) -> None:
    """Parquet goes to a folder, never stdout (E090)."""
    try:
        from .exchange import parquet  # pyarrow loads only for this format
    except ImportError:
        raise E.E094.error() from None

    if output is None:
        raise E.E090.error(detail="give the folder with --output DIR")
    if output.exists() and not output.is_dir():
        raise E.E090.error(detail=f"{output} is a file, not a folder")
    parquet.write(repo, output)


def write_other(output_format: str, repo: Repository, out: IO[str]) -> None:
    """claimreview: one JSON-LD document; labelstudio: a JSON list of tasks (Label Studio's import format)."""
    if output_format == "claimreview":
        from .exchange import claimreview

        claimreview.write(out, repo.ledgers())
        return
    from .exchange import labelstudio

    out.write("[")
    for n, ledger in enumerate(repo.ledgers()):
        out.write(("," if n else "") + "\n" + json.dumps(labelstudio.task(ledger), ensure_ascii=False))
    out.write("\n]\n")


def import_corrections(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", show_default=False, dir_okay=False,
        help="A Label Studio JSON export of tasks made by `export --format labelstudio`, or corrections as "
             "JSON Lines (one object a line: article, attribution or at, and stance / source / cue / "
             "content / remove, or add; see the README).")],
    db: Annotated[str, typer.Option(
        "--db", envvar="CLAIMLEDGER_DB", metavar="URL",
        help="The store the articles are in (as for ingest). Default: CLAIMLEDGER_DB, else claimledger.db.")]
        = DEFAULT_URL,
    author: Annotated[Optional[str], typer.Option(
        "--author", metavar="NAME", help="Who made the corrections, where the file does not say.")] = None,
) -> None:
    """Store a person's corrections of spans and stances; they override the machine's from now on.

    Exports and stored ledgers show them (marked "corrected", with the machine's values kept beside), and
    a re-ingest or re-analysis keeps them. The file is checked whole first and stored in one transaction:
    a bad file ([E091], [E092]) stores nothing. Corrections of articles that are not stored are reported
    ([E093]) and skipped; the rest is stored. Exit code 0 when stored, 1 for a bad file or database.
    """
    from .cli_store import _err, _open, _say
    from .exchange.correction_file import read_file

    err = _err()
    repo = _open(db, create=False)
    try:
        read = read_file(file, repo.get)
        for line in read.skipped:
            _say(err, line)
        touched = repo.add_corrections(read.corrections, author=author)
    except ClaimledgerError as error:
        _say(err, f"error: {error}")
        raise typer.Exit(1) from None
    finally:
        repo.close()
    _say(Console(highlight=False, emoji=False, soft_wrap=True),
         f"{len(read.corrections)} correction(s) of {len(touched)} article(s) stored in {display_url(db)}; "
         f"{len(read.skipped)} skipped (article not stored)")


def register(app: typer.Typer) -> None:
    app.command("import-corrections")(import_corrections)
