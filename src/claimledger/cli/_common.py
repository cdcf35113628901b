"""What several commands share: option types, printing to stderr, opening the store.

Article text is hostile input: what comes from it is printed through render.plain, never as markup.
"""
from __future__ import annotations

import os
import sys
import time
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
        "--extractor", "-x", metavar="combined|rules|tagger",
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


def relation_help(faster: str) -> str:
    """The help of a command's --relation-model; `faster` says what the feature model alone is faster at."""
    return ("What judges each statement's side toward a claim across articles: 'cross' (the feature model, "
            "with a fine-tuned MiniLM cross-encoder telling support from mere report: the more accurate) or "
            f"'features' (the feature model alone: {faster}). 'model' is the old name of 'features'.")


RelationAcrossOption = Annotated[RelationName, typer.Option(
    "--relation-model", metavar="cross|features", case_sensitive=False,
    help=relation_help("about 45 ms an article faster to ingest"))]

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
# A side's probability is printed where the relation model favours that side over all the others together:
# below it the model did not decide the side (a denial is read from the statement's own words, "denied",
# "No"), and "denies p=0.02" reads as a contradiction.
DECIDING_P = 0.5
P_LEGEND = (f"p: how sure the claim-relation model is of a statement's side (0 to 1), shown where it is "
            f"{DECIDING_P:.2f} or more; a side without p is one the model was less sure of, or a denial read "
            "from the statement's own words (\"denied\", \"No\").")
ORIGIN_LEGEND = ("origin N: an independent origin, numbered in order of appearance: an article with its "
                 "syndicated or reworded copies, or another outlet whose report a statement rests on.")


def shown_p(probability: float | None) -> str:
    """' p=0.93' where the model decided the side (DECIDING_P), else ''."""
    return f" p={probability:.2f}" if probability is not None and probability >= DECIDING_P else ""


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


def iso_day(value: str | None, option: str) -> str | None:
    """A YYYY-MM-DD option checked (E111, exit 1), kept as the ISO string the store compares."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        fail(E.E111.error(value=plain(value), option=option))


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


# Progress when stderr is not a terminal (a cron job, a log): a plain line every PLAIN_EVERY items or
# PLAIN_SECONDS seconds, whichever comes first, instead of a bar that would fill the log with redraws.
PLAIN_EVERY = 25
PLAIN_SECONDS = 10.0


@contextmanager
def progress(console: Console, label: str, total: int | None, show: bool | None, *,
             every: int = PLAIN_EVERY, seconds: float = PLAIN_SECONDS) -> Iterator[Callable[[], None]]:
    """A function to call once per item done, for any long command. show=True: a bar; False: nothing;
    None: a bar on a terminal, else a plain line ("ingesting: 50 of 200 article(s), 41 s") every `every`
    items or `seconds` seconds, whichever comes first."""
    if show is False:
        yield lambda: None
        return
    if show or console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                      transient=True, redirect_stdout=False, redirect_stderr=False) as bar:
            task = bar.add_task(label, total=total)
            yield lambda: bar.advance(task)
        return
    start = last = time.monotonic()
    done = 0

    def advance() -> None:
        nonlocal done, last
        done += 1
        now = time.monotonic()
        if done % every == 0 or now - last >= seconds:
            last = now
            of = f" of {total}" if total is not None else ""
            say(console, f"{label}: {done}{of} article(s), {now - start:.0f} s")

    yield advance
