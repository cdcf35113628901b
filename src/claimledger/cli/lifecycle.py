"""`claimledger reanalyze`, `delete` and `stats`: the store's lifecycle after an upgrade (issue 21).

Thin shells over run.reanalyze, Repository.article_ids / delete_articles / analysis_versions and
across.views.store_counts. stdout carries the summary; progress and one line per failed article go to stderr.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from ..errors import E, W
from ..options import Options
from ..store import DEFAULT_URL, Repository, display_url
from .render import plain
from ._common import (DbOption, ExtractorOption, ExtractorName, RelationAcrossOption, RelationName, current, fail,
                      iso_day, on_store, open_store, progress, say, stderr_console, store_errors)

SinceOption = Annotated[Optional[str], typer.Option(
    "--since", metavar="DATE", help="Only articles published on or after this day, YYYY-MM-DD (articles "
                                    "without a publication date are left out).")]
OutletOption = Annotated[Optional[str], typer.Option(
    "--outlet", metavar="NAME", help="Only articles of this outlet (case ignored).")]


def _out() -> Console:
    return Console(highlight=False, emoji=False, soft_wrap=True)


def reanalyze(
    db: DbOption = DEFAULT_URL,
    since: SinceOption = None,
    outlet: OutletOption = None,
    older_than_version: Annotated[bool, typer.Option(
        "--older-than-version", help="Only ledgers made by another analysis version than this claimledger's "
                                     "(see `claimledger stats`): what an upgrade left behind.")] = False,
    extractor: ExtractorOption = ExtractorName(Options.extractor),
    relation_model: RelationAcrossOption = RelationName(Options.relation_across),
    show_progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", show_default=False,
        help="Show progress on stderr. Default: a bar on a terminal, else a plain line every 25 articles "
             "or 10 seconds.")] = None,
) -> None:
    """Analyse stored articles again and rewrite their ledgers, origins and links to story claims.

    Run it after an upgrade: each stored ledger records the analysis version that made it (the package
    version and the models' hashes), and --older-than-version redoes only those another version made. Each
    article is rewritten in one transaction (an interrupted run is resumed by running it again with
    --older-than-version). A person's corrections are kept: they apply to the new ledgers by the spans they
    corrected; those that no longer match an attribution are counted (W010) and kept for a later analysis.
    Exit code 0 when every article was analysed again, 1 when any failed.
    """
    from ..analysis import analysis_version
    from ..run.reanalyze import reanalyze as run_reanalyze

    start, options = iso_day(since, "--since"), Options(extractor=current(extractor),
                                                    relation_across=current(relation_model))
    repo = open_store(db, create=False)
    err, counts, unmatched = stderr_console(), Counter[str](), 0
    try:
        with store_errors(db):
            version = analysis_version(options)
            ids = repo.article_ids(outlet=outlet, since=start,
                                   version_not=version if older_than_version else None)
            with progress(err, "reanalyzing", len(ids), show_progress) as advance:
                for outcome in run_reanalyze(repo, ids, options):
                    counts[outcome.status] += 1
                    unmatched += outcome.unmatched
                    if outcome.error is not None:
                        say(err, f"{outcome.path}: {outcome.error}")
                    advance()
    finally:
        repo.close()
    say(_out(), f"{len(ids)} article(s) in {display_url(db)}: {counts['reanalyzed']} reanalyzed, "
                f"{counts['failed']} failed; analysis version now {version}")
    if unmatched:
        say(err, W.W010.message(count=unmatched))
    raise typer.Exit(1 if counts["failed"] else 0)


def delete(
    article_ids: Annotated[Optional[list[str]], typer.Argument(
        metavar="[ARTICLE_ID]...", show_default=False,
        help="Ids of stored articles (the sha256 `export` and `claim --json` give).")] = None,
    outlet: OutletOption = None,
    before: Annotated[Optional[str], typer.Option(
        "--before", metavar="DATE", help="Only articles published before this day, YYYY-MM-DD (articles "
                                         "without a publication date are kept).")] = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Remove articles and everything that hangs on them, in one transaction.

    Gone with each article: its ledger, attributions, claims, origin, links and relations to story claims,
    and a person's corrections of it. What they touched is derived again: a story claim with no statement
    left goes, one that keeps statements is named by its oldest remaining one, and a group of copies is
    named after its oldest remaining article. Ids and --outlet / --before combine (all must hold); give at
    least one. An id that is not stored is an error (E110) and nothing is deleted.
    """
    if not article_ids and outlet is None and before is None:
        raise typer.BadParameter("give article ids, --outlet or --before.", param_hint="ARTICLE_ID")
    until = iso_day(before, "--before")
    repo = open_store(db, create=False)
    try:
        with store_errors(db):
            chosen = repo.article_ids(ids=article_ids, outlet=outlet, before=until)
            if article_ids and (missing := sorted(set(article_ids) - set(repo.article_ids(ids=article_ids)))):
                fail(E.E110.error(id=plain(missing[0])))
            gone = repo.delete_articles(chosen)
    finally:
        repo.close()
    say(_out(), f"deleted {gone['articles']} article(s) and {gone['corrections']} correction(s) from "
                f"{display_url(db)}; {gone['story_claims']} story claim(s) left without statements removed")


def _stats(repo: Repository) -> tuple[dict[str, int], list[tuple[str | None, int]]]:
    from ..across.views import store_counts

    return store_counts(repo), repo.analysis_versions()


def stats(
    db: DbOption = DEFAULT_URL,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")] = False,
) -> None:
    """Count what the store holds (articles, independent origins, story claims, contested ones, a person's
    corrections) and the analysis versions its ledgers were made by, with how many each.

    "contested" uses the rule of `claimledger claims --contested`. A version other than this claimledger's
    means `claimledger reanalyze --older-than-version` has work to do; "unknown" ledgers were stored
    before versions were recorded.
    """
    from ..analysis import analysis_version

    counts, versions = on_store(db, _stats)
    now = analysis_version()
    if as_json:
        typer.echo(json.dumps({"counts": {k.replace(" ", "_"): n for k, n in counts.items()}, "current_version": now,
                               "versions": [{"version": v, "articles": n} for v, n in versions]}, ensure_ascii=True))
        return
    out = _out()
    say(out, f"Store {display_url(db)}")
    width = max(len(k) for k in counts)
    for name, n in counts.items():
        out.print(Text(f"  {name:<{width}}  {n:>8,}"))
    out.print(Text("Analysis versions (articles each; * = this claimledger's)"))
    for version, n in versions:
        shown = plain(version) if version else "unknown (stored before versions were recorded)"
        out.print(Text(f"{'*' if version == now else ' '} {n:>8,}  {shown}"))
    if not versions:
        out.print(Text("  none: the store holds no articles"))


def register(app: typer.Typer) -> None:
    """Add `reanalyze`, `delete` and `stats` to the claimledger command."""
    app.command("reanalyze")(reanalyze)
    app.command("delete")(delete)
    app.command("stats")(stats)
