"""`claimledger failures`: the inputs ingests could not store, kept in the store until an ingest stores them.

Reads only (never creates or changes a store). Messages carry input text (paths, JSON fields): printed
through render.plain, or as ASCII JSON.
"""
from __future__ import annotations

import json
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from ..store import DEFAULT_URL
from ._common import MAX_NUMBER, DbOption, on_store, say


def failures(
    db: DbOption = DEFAULT_URL,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", min=1, max=MAX_NUMBER, metavar="N", help="Show at most N failures (newest first).")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help='Print {"failures": [{"input", "code", "message", "failed_at"}]} instead of a table.')] = False,
) -> None:
    """List the inputs that ingest could not store: input, error code, message and when it failed, newest
    first. Each input keeps its latest failure; running ingest again on it clears the row once it is
    stored (or found unchanged). Exit code 0, also when there are none; 1 when there is no store."""
    rows = on_store(db, lambda repo: repo.failures(limit=limit))
    out = Console(highlight=False, emoji=False, soft_wrap=True)
    if as_json:
        found: list[dict[str, Any]] = [{**r, "failed_at": r["failed_at"].isoformat()} for r in rows]
        out.out(json.dumps({"failures": found}, ensure_ascii=True), highlight=False)
        return
    if not rows:
        say(out, "No failed inputs kept: every input ingested so far was stored (or failed and was stored since).")
        return
    for r in rows:
        say(out, f"{r['failed_at']:%Y-%m-%d %H:%M:%S}  {r['code']}  {r['input']}  {r['message']}")
    say(out, f"{len(rows)} failed input(s); run `claimledger ingest` on them again once fixed.")


def register(app: typer.Typer) -> None:
    """Add `failures` to the claimledger command."""
    app.command("failures")(failures)
