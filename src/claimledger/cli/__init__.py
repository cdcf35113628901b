"""The `claimledger` command: thin shells over ingest, pipeline, store, across and exchange; one module per
command or group of commands (analyze, ingest, export, import_corrections, claims: claims, claim and
sources; track, serve: serve and datasette-metadata; failures; eval), each adding its commands with `register(app)`;
what they share is in _common.

stdout carries only results (the ledger, JSON or JSON Lines) so it can be piped; progress and one line per
failed input go to stderr. Exit codes: 0 all inputs analysed, 1 some input failed, 2 usage error.
Heavy modules (spaCy, the pipeline, the exchange formats) are imported inside the commands that need
them, so `claimledger --help` does not wait for them.
"""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
import typer.core

from .. import __version__
from . import analyze, claims, export, import_corrections, ingest, serve, track, upgrade
from . import run as run_command  # issue 18: batch jobs
from . import lifecycle  # reanalyze, delete, stats (issue 21)
from . import failures  # issue 18
from . import eval as eval_commands

# Typer prints an argument's Python type after its name ("PATH <list[str]>", "ID <int range>"); every
# argument's metavar already says in words what it takes, so arguments show their metavar alone (issue 21).
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

app = typer.Typer(
    name="claimledger",
    help="A claim ledger for the news: who said what, on whose authority, asserting, denying or hedging.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,  # locals would dump whole (hostile) articles into tracebacks
    context_settings={"help_option_names": ["-h", "--help"]},
)
eval_app = typer.Typer(
    help="Score the extractor and the claim-relation model against annotated corpora.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(eval_app, name="eval")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimledger {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    """A claim ledger for the news: who said what, on whose authority, asserting, denying or hedging."""


# The order of registration is the order of `claimledger --help`.
analyze.register(app)
ingest.register(app)
failures.register(app)  # issue 18
run_command.register(app)  # issue 18
export.register(app)
import_corrections.register(app)
claims.register(app)
track.register(app)
upgrade.register(app)
lifecycle.register(app)
serve.register(app)
eval_commands.register(eval_app)


def main() -> None:
    """Run the command; output that cannot be written is E017 for every command (stdout is flushed here,
    inside the guard, rather than by Python at exit)."""
    from ._common import output_failed

    try:
        try:
            app(prog_name="claimledger")
        finally:
            sys.stdout.flush()
    except OSError as error:
        output_failed(error)


__all__ = ["app", "main"]
