"""What several commands share: option types, printing to stderr, opening the store.

Article text is hostile input: what comes from it is printed through render.plain, never as markup.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console

from ..errors import ClaimledgerError, E
from .render import plain
from ..store import Repository, open_repository

T = TypeVar("T")

DbOption = Annotated[str, typer.Option(
    "--db", envvar="CLAIMLEDGER_DB", metavar="URL",
    help="Where ledgers are stored: a SQLite file (a path, or sqlite:///PATH) or a PostgreSQL server "
         "(postgresql://USER:PASSWORD@HOST:PORT/DATABASE). Default: the CLAIMLEDGER_DB environment "
         "variable, else claimledger.db in the working directory.")]


class ExtractorName(str, Enum):
    combined = "combined"
    tagger = "tagger"
    rules = "rules"
    model = "model"  # 0.1's name for combined: deprecated, accepted for one release


ExtractorOption = Annotated[
    ExtractorName,
    typer.Option(
        "--extractor", "-x",
        help="How attributions are found: 'combined' (the trained attribution tagger shipped with the "
             "package, refined by the rules: the most accurate), 'rules' (hand-written patterns on the "
             "spaCy parse: about twice as fast) or 'tagger' (the trained tagger alone). 'model' is the "
             "old name of 'combined'.",
        case_sensitive=False,
    ),
]


class RelationName(str, Enum):
    # The relation models a command can be told to use (claims.relate's registry names).
    cross = "cross"
    features = "features"
    model = "model"  # 0.1's name for features: deprecated, accepted for one release


RelationAcrossOption = Annotated[
    RelationName,
    typer.Option(
        "--relation-model",
        help="What judges each statement's side toward a claim across articles: 'cross' (the feature "
             "model, with a fine-tuned MiniLM cross-encoder telling support from mere report: the more "
             "accurate) or 'features' (the feature model alone: about 45 ms an article faster to ingest). "
             "'model' is the old name of 'features'.",
        case_sensitive=False,
    ),
]

# Inputs from the web and archives (issue 18): the fetching options `analyze` and `ingest` share.
AllowPrivateOption = Annotated[bool, typer.Option(
    "--allow-private",
    help="Fetch from private, loopback and link-local addresses too (an intranet, a server on this machine). "
         "Without it such URLs, and redirects to them, are refused (E121).")]
TimeoutOption = Annotated[float, typer.Option(
    "--timeout", min=0.1, metavar="SECONDS",
    help="Give up on a URL when connecting, or waiting for the next bytes, takes longer than this; a whole "
         "fetch (redirects included) gets four times as long.")]
DelayOption = Annotated[float, typer.Option(
    "--delay", min=0, metavar="SECONDS",
    help="Wait at least this long between two requests to the same host (more if its robots.txt asks "
         "with Crawl-delay, up to 30 s).")]
MaxPageBytesOption = Annotated[int, typer.Option(
    "--max-page-bytes", min=1, metavar="BYTES",
    help="Refuse a fetched page, or a WARC record, larger than this (after decompression); the download "
         "stops at the limit.")]
INPUTS_HELP = ("text, HTML or JSON Lines files (one article per line, with a 'text' field), directories (read "
               "recursively, hidden files skipped), - for stdin, http(s) URLs of pages, RSS/Atom feeds or "
               "sitemaps (their pages are fetched, robots.txt obeyed), feed or sitemap files, files of URLs "
               "(one a line), and WARC or WARC.gz archives (HTML pages answered 200).")


# The largest id or count a command takes: PostgreSQL's INTEGER, so no value reaches the database that it
# cannot hold (a larger one is a usage error, exit 2, not an OverflowError or DataError).
MAX_NUMBER = 2**31 - 1


def argument_text(value: str) -> str:
    """Command-line text repaired as file text is: bytes that are not UTF-8 (which Python hands over as
    lone surrogates) and NULs become U+FFFD."""
    from ..text import scrub

    repaired = os.fsencode(value).decode("utf-8", "replace") if any("\udc80" <= c <= "\udcff" for c in value) else value
    return scrub(repaired)[0]
# Old names -> the names they were given; a command told an old name says so on stderr.
RENAMED: dict[tuple[type[Enum], str], str] = {(ExtractorName, "model"): "combined", (RelationName, "model"): "features"}


def current(choice: ExtractorName | RelationName) -> str:
    """The registry name for `choice`; an old name gets a one-line note on stderr."""
    new = RENAMED.get((type(choice), choice.value))
    if new is None:
        return choice.value
    say(stderr_console(), f"note: '{choice.value}' is now called '{new}'; the old name goes in the next release.")
    return new


def choices(names: type[ExtractorName] | type[RelationName]) -> list[str]:
    """Every current name of an enum (not the deprecated ones)."""
    return [n.value for n in names if (names, n.value) not in RENAMED]


# How a statement's side toward a claim is shown (claims, claim, track).
RELATION_STYLE = {"supports": "green", "denies": "bold white on red", "discusses": "yellow"}


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, emoji=False)


def say(console: Console, text: str) -> None:
    # Paths and messages can carry input bytes: print them plain, on one line.
    console.print(plain(text), markup=False, soft_wrap=True)


def fail(error: ClaimledgerError) -> NoReturn:
    """Print a numbered error to stderr and exit 1."""
    say(stderr_console(), f"error: {error}")
    raise typer.Exit(1)


@contextmanager
def store_errors(db: str) -> Iterator[None]:
    """A ClaimledgerError, or a failure of the database itself (a damaged file: E066), printed; exit 1."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..store.db import explain, engine_url

    try:
        yield
    except ClaimledgerError as error:
        fail(error)
    except SQLAlchemyError as error:
        fail(explain(error, engine_url(db)))


def open_store(db: str, *, create: bool, readonly: bool = False) -> Repository:
    """The store at `db`; a ClaimledgerError (bad URL, no database, not a store) is printed and exits 1."""
    with store_errors(db):
        return open_repository(db, create=create, readonly=readonly)
    raise AssertionError("unreachable")  # store_errors exits


def on_store(db: str, work: Callable[[Repository], T]) -> T:
    """Open the store for reading (never creating or changing it), run `work(repo)`, turn a ClaimledgerError
    or a database failure into exit 1."""
    repo = open_store(db, create=False, readonly=True)
    try:
        with store_errors(db):
            return work(repo)
        raise AssertionError("unreachable")
    finally:
        repo.close()


def output_failed(error: OSError) -> NoReturn:
    """The output cannot be written (disk full, closed pipe): E017 on stderr, exit 1, and no second failure
    (with a traceback) when Python flushes stdout at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        pass
    say(stderr_console(), f"error: {E.E017.error(detail=error.strerror or str(error))}")
    raise SystemExit(1)
