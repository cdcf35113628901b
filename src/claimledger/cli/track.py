"""`claimledger track "CLAIM TEXT"`: a thin shell over across.track.track.

Registered on the main Typer app by the cli package (`register(app)`). stdout carries the result (a table per
independent origin, or one JSON object with --json); errors go to stderr. Article text is hostile input:
every piece of it reaches the terminal through render.plain, assembled as rich Text (never parsed as markup).
"""
from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from ..across.track import DEFAULT_LIMIT, TrackResult, track
from .render import plain, truncate
from ..store import DEFAULT_URL
from ..options import Options
from ._common import (MAX_NUMBER, ORIGIN_LEGEND, P_LEGEND, RELATION_STYLE, DbOption, RelationName, argument_text,
                      current, on_store, relation_help, shown_p)

TrackRelationOption = Annotated[RelationName, typer.Option(
    "--relation-model", metavar="cross|features", case_sensitive=False,
    help=relation_help("faster to search, less accurate"))]


def track_command(
    claim: Annotated[str, typer.Argument(metavar="CLAIM_TEXT", show_default=False,
                                         help="The claim to follow, in words: \"the ministry asked its neighbour for gas\".")],
    db: DbOption = DEFAULT_URL,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object: the claim, counts per "
                                          "relation and an `articles` list (url, title, outlet, published, origin, "
                                          "relation, probability, sentence, ...), oldest first.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_NUMBER, metavar="N",
                                       help="Show at most N articles: those the model is surest bear on the claim.")
                     ] = DEFAULT_LIMIT,
    relation_model: TrackRelationOption = RelationName(Options.relation_across),
) -> None:
    """Find the stored articles that bear on a claim, each with its relation to it.

    Each article is shown with whether it supports, denies or merely discusses the claim, how sure the
    claim-relation model is, and the sentence that decided it; articles are grouped by independent origin
    (syndicated copies together) and listed oldest first. Exit code 0 with or without articles found, 1
    for an empty claim, an empty or missing database.
    """
    options = Options(relation_across=current(relation_model))
    claim = argument_text(claim)
    result = on_store(db, lambda repo: track(repo, claim, options=options, limit=limit))
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        _print(result, Console(highlight=False, emoji=False))


def _print(result: TrackResult, out: Console) -> None:
    counts = result.counts()
    head = ", ".join(f"{c['articles']} {s} ({c['origins']} origin{'s' if c['origins'] != 1 else ''})"
                     for s, c in counts.items())
    out.print(Text.assemble(("Claim: ", "bold"), plain(result.claim)))
    # "shown", not "found": --limit may have kept fewer than bear on the claim.
    out.print(Text(f"{len(result.articles)} article(s) shown, of {result.candidates} searched: {head}"))
    if result.articles:
        out.print(Text(P_LEGEND, style="dim"))
        out.print(Text(ORIGIN_LEGEND, style="dim"))
    for n, group in enumerate(result.origins, 1):
        out.print(Text(f"\norigin {n} ({len(group.articles)} article(s))", style="bold"))
        for a in group.articles:
            when = plain(a.published) or f"stored {a.ingested_at:%Y-%m-%d %H:%M}"
            where = plain(a.outlet) or plain(a.url) or plain(a.path)
            out.print(Text.assemble("  ", (f" {a.relation} ", RELATION_STYLE[a.relation]), f"{shown_p(a.probability)}  ",
                                    when, "  ", where, ("  " + truncate(plain(a.title), 100)) if a.title else ""),
                      soft_wrap=True)
            out.print(Text.assemble("      \u201c", truncate(plain(a.sentence)), "\u201d"), soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add `track` to the claimledger command."""
    app.command("track")(track_command)
