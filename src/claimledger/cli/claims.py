"""`claimledger claims`, `claimledger claim ID` and `claimledger sources`: thin shells over across.views.

Article text is hostile: every piece of it goes through render.plain and into rich Text pieces (never
the markup parser); --json is ASCII-escaped JSON, so no control or bidi character reaches a terminal.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.text import Text

from ..across.views import ClaimSummary, Entry, Profiles, Timeline, list_claims, profiles, timeline
from ..claims.relate import SIDES
from .render import plain, truncate
from ..store import DEFAULT_URL
from ._common import MAX_NUMBER, ORIGIN_LEGEND, P_LEGEND, RELATION_STYLE, DbOption, on_store, shown_p

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")]


def _out() -> Console:
    return Console(highlight=False, emoji=False, soft_wrap=True)


Piece = tuple[str, str] | str


def _print(console: Console, *pieces: Piece) -> None:
    console.print(Text.assemble(*pieces))  # Text is never parsed as markup


def _json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=True, indent=1))


def _sides(c: ClaimSummary) -> list[Piece]:
    pieces: list[Piece] = []
    for r in SIDES:
        side = c.sides[r]
        if r == "discusses" and not side.statements:
            continue  # support and denial are always shown, even at zero
        if pieces:
            pieces.append("  ")
        pieces += [(r, RELATION_STYLE[r]), f" {side.statements} statement(s) in {side.articles} article(s), ",
                   (f"{side.origins} independent origin(s)", "bold")]
    return pieces


def _flag(c: ClaimSummary) -> list[Piece]:
    return [("CONTESTED", "bold red"), "  "] if c.contested else []


def _day(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "-"


def claims(
    contested: Annotated[bool, typer.Option(
        "--contested", help="Only claims supported and denied from different independent origins.")] = False,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="DATE", help="Count only statements published (else ingested) on or after this "
                                        "day, YYYY-MM-DD; claims with none are left out.")] = None,
    outlet: Annotated[Optional[str], typer.Option(
        "--outlet", metavar="NAME", help="Only claims with a statement in an article of this outlet "
                                         "(case and a leading 'the' ignored).")] = None,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", min=1, max=MAX_NUMBER, metavar="N", help="At most N claims.")] = None,
    as_json: JsonOption = False,
    db: DbOption = DEFAULT_URL,
) -> None:
    """List claims across the stored articles, most disputed first.

    Each claim counts the statements that support, deny or discuss it, the articles they are in and the
    independent origins behind each side: syndicated copies of one story are one origin, and a statement
    resting on another outlet's report ("X News reported") counts toward that outlet.
    """
    day: date | None = None
    if since is not None:
        try:
            day = date.fromisoformat(since)
        except ValueError:
            raise typer.BadParameter(f"not a date YYYY-MM-DD: {plain(since)!r}", param_hint="--since") from None
    found: list[ClaimSummary] = on_store(db, lambda repo: list_claims(
        repo, contested=contested, since=day, outlet=outlet, limit=limit))
    if as_json:
        _json({"claims": [c.to_dict() for c in found]})
        return
    out = _out()
    if not found:
        _print(out, "No claims match.")
        return
    for c in found:
        _print(out, (f"#{c.id}", "bold"), "  ", *_flag(c),
               truncate(plain(c.text)))
        _print(out, "    ", *_sides(c))
        outlets = ", ".join(plain(o) for o in c.outlets[:6]) + (" …" if len(c.outlets) > 6 else "")
        _print(out, "    ", (f"{c.origins} independent origin(s) in all; first {_day(c.first)}, last {_day(c.last)}",
                               "dim"), *([("; outlets: ", "dim"), outlets] if outlets else list[Piece]()))
    _print(out, (CLAIMS_LEGEND, "dim"))


# Printed once under the list: what the two origin counts mean.
CLAIMS_LEGEND = ("Independent origins: an article with its syndicated or reworded copies counts once, and so does "
                 "another outlet whose report a statement rests on. Each side counts the origins behind it; \"in "
                 "all\" counts each origin once, so it is less than the sides' sum when one origin speaks on two sides.")


def origin_numbers(entries: list[Entry]) -> dict[str, int]:
    """Independent origin key -> its number in the timeline (1, 2, ... in order of appearance), as `track`
    numbers them: one way to name an origin in every readable output (--json keeps the ids)."""
    numbers: dict[str, int] = {}
    for e in entries:
        numbers.setdefault(e.independent_origin, len(numbers) + 1)
    return numbers


def _entry(out: Console, e: Entry, numbers: dict[str, int], *, head: bool) -> None:
    """One statement; `head`: the first of its article, under a line saying when, where and its origin."""
    s = e.statement
    if head:
        origin = e.independent_origin if e.reported_outlet is None else s.origin
        _print(out, (_day(e.when), "bold"), "  ", (plain(s.outlet) or "(outlet unknown)", "cyan"),
               (f"  origin {numbers.setdefault(origin, len(numbers) + 1)}", "dim"),
               *(("  ", truncate(plain(s.title), 90)) if s.title else ()))
    who = "the headline" if s.source_text is None else plain(s.source_name or s.source_text)
    probability = shown_p(s.probability)
    counts = (f"  (counts toward {plain(e.reported_outlet)}, origin {numbers[e.independent_origin]})", "dim") \
        if e.reported_outlet else ""
    _print(out, "    ", who, " (", (e.source_kind, "magenta"), ") ",
           (s.relation, RELATION_STYLE.get(s.relation, "bold")), probability, counts)
    if s.sentence:
        _print(out, "      ", ("“", "dim"), truncate(plain(s.sentence)), ("”", "dim"))


def claim_number(value: str) -> int:
    """A story claim id as typed: 12 or #12 (as `claims` prints it); anything else is a usage error."""
    text = value.strip().removeprefix("#")
    if not text.isdecimal() or not 1 <= int(text) <= MAX_NUMBER:
        raise typer.BadParameter(f"not a claim id such as 12 or #12: {plain(value)!r}")
    return int(text)


def claim(
    claim_id: Annotated[int, typer.Argument(
        metavar="ID", parser=claim_number, show_default=False,
        help="A story claim id, as `claimledger claims` lists it: 12 or #12.")],
    as_json: JsonOption = False,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Show one claim's timeline, oldest first: who said what, when, in which outlet, on what kind of
    source, with the stance (supports / denies / discusses), its probability and the sentence."""
    found: Timeline = on_store(db, lambda repo: timeline(repo, claim_id))
    if as_json:
        _json(found.to_dict())
        return
    out = _out()
    c = found.summary
    _print(out, (f"Claim #{c.id}", "bold"), "  ", *_flag(c),
           plain(c.text))
    _print(out, *_sides(c))
    if not found.entries:
        _print(out, ("No statement bears on it yet.", "dim"))
        return
    _print(out, (P_LEGEND, "dim"))
    _print(out, (ORIGIN_LEGEND, "dim"))
    previous, numbers = None, origin_numbers(found.entries)
    for e in found.entries:
        _entry(out, e, numbers, head=e.statement.article_id != previous)
        previous = e.statement.article_id


def sources(
    as_json: JsonOption = False,
    top: Annotated[int, typer.Option("--top", min=1, max=MAX_NUMBER, metavar="N", help="Sources in each list.")] = 10,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Profile the sources and outlets in the store: per outlet the share of statements resting on
    anonymous sources; the named sources who deny most; the most-quoted named sources."""
    found: Profiles = on_store(db, lambda repo: profiles(repo, top=top))
    if as_json:
        _json(found.to_dict())
        return
    out = _out()
    _print(out, ("Outlets", "bold"), (" (share of statements resting on anonymous sources)", "dim"))
    for o in found.outlets:
        share = "-" if o["anonymous_share"] is None else f"{100 * o['anonymous_share']:.0f}%"
        _print(out, "  ", (plain(o["outlet"]) or "(outlet unknown)", "cyan"),
               f"  {share} anonymous ({o['anonymous']} of {o['statements']} statements), "
               f"{o['articles']} article(s), {o['denials']} denial(s)")
    for title, rows, what in (("Who denies most", found.deniers, "denials"),
                              ("Most quoted", found.quoted, "statements")):
        _print(out, (title, "bold"))
        if not rows:
            _print(out, "  ", ("none", "dim"))
        for r in rows:
            _print(out, "  ", plain(r["name"]), " (", (plain(r["kind"]) or "other", "magenta"), ")",
                   f"  {r[what]} {what} in {r['articles']} article(s), {r['origins']} independent origin(s)")


def register(app: typer.Typer) -> None:
    """Add `claims`, `claim` and `sources` to the claimledger command."""
    app.command("claims")(claims)
    app.command("claim")(claim)
    app.command("sources")(sources)
