"""What several commands share: option types, printing to stderr, opening the store.

Article text is hostile input: what comes from it is printed through render.plain, never as markup.
"""
from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from ..errors import ClaimledgerError
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


def open_store(db: str, *, create: bool) -> Repository:
    """The store at `db`; a ClaimledgerError (bad URL, no database) is printed and exits 1."""
    try:
        return open_repository(db, create=create)
    except ClaimledgerError as error:
        say(stderr_console(), f"error: {error}")
        raise typer.Exit(1) from None


def on_store(db: str, work: Callable[[Repository], T]) -> T:
    """Open the store (never creating one), run `work(repo)`, turn a ClaimledgerError into exit 1."""
    repo = open_store(db, create=False)
    try:
        return work(repo)
    except ClaimledgerError as error:
        say(stderr_console(), f"error: {error}")
        raise typer.Exit(1) from None
    finally:
        repo.close()
