"""`claimledger import-corrections`: a thin shell over claimledger.exchange.correction_file and store.repo.

The corrections a person made on an export (`export --format labelstudio`, or JSON Lines) go into the
store, where they override the machine's spans and stances.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from ..errors import ClaimledgerError
from ..store import DEFAULT_URL, display_url
from ._common import open_store, say, stderr_console, store_errors


SHOWN_SKIPS = 5


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
    from ..exchange.correction_file import read_file

    err = stderr_console()
    repo = open_store(db, create=False)
    try:
        with store_errors(db):
            read = read_file(file, repo.get)
            for line in read.skipped[:SHOWN_SKIPS]:
                say(err, line)
            if len(read.skipped) > SHOWN_SKIPS:  # one line for the rest: a file of 100,000 skips prints 6 lines
                say(err, f"... and {len(read.skipped) - SHOWN_SKIPS:,} more skipped the same way (E093)")
            touched = repo.add_corrections(read.corrections, author=author)
    finally:
        repo.close()
    say(Console(highlight=False, emoji=False, soft_wrap=True),
        f"{len(read.corrections)} correction(s) of {len(touched)} article(s) stored in {display_url(db)}; "
        f"{len(read.skipped)} skipped (article not stored)")


def register(app: typer.Typer) -> None:
    """Add `import-corrections` to the claimledger command."""
    app.command("import-corrections")(import_corrections)
