"""`claimledger upgrade`: bring a store's schema up to this version, or repair one an older build left half
made. Reading commands never do it themselves (they say E067); `ingest` and `import-corrections` do."""
from __future__ import annotations

import typer
from rich.console import Console

from ..store import DEFAULT_URL, display_url
from ._common import DbOption, say, store_errors


def upgrade(db: DbOption = DEFAULT_URL) -> None:
    """Upgrade the store's schema to this claimledger's, in one transaction (a stopped upgrade changes
    nothing), or repair a store an interrupted older build left half made.

    Exit code 0 when the store is up to date, 1 when it cannot be opened, is not a claimledger store
    (E065), is damaged (E066) or is newer than this claimledger (E062).
    """
    from ..store.db import open_engine
    from ..store.migrations import current, upgrade as run_upgrade

    with store_errors(db):
        engine = open_engine(db, create=False, migrate=False)
        try:
            done = run_upgrade(engine)
            revision = current(engine)
        finally:
            engine.dispose()
    say(Console(highlight=False, emoji=False, soft_wrap=True),
        f"{display_url(db)}: {'upgraded to' if done else 'already at'} schema revision {revision}")


def register(app: typer.Typer) -> None:
    """Add `upgrade` to the claimledger command."""
    app.command("upgrade")(upgrade)
