"""Alembic migrations, run from code (no alembic.ini): a store opened for writing is created or upgraded in
place, one process at a time and all or nothing; a newer one is refused (E062); a store opened for reading
is only checked (`verify`). The revision files are in versions/.

Atomic: the whole upgrade, the version row included, is one transaction (db.writing: SQLite's DDL is
transactional once the driver stops opening transactions itself; PostgreSQL's always was), so a killed
migration leaves the store as it was. Serialised: that transaction holds SQLite's write lock or
PostgreSQL's advisory MIGRATE_LOCK, and the revision is read again under it, so of two processes opening a
new store at once one creates it and the other finds it made.

Builds before issue 20 created tables outside a transaction: a store they left half made (tables without
their version row) is repaired on the next write, by dropping the empty tables the unfinished revision had
made and running it again (`claimledger upgrade` does just that).
"""
from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, event, inspect, text

from ...errors import E
from ..db import MIGRATE_LOCK, display_url, fault, writing

_HERE = Path(__file__).parent
_FTS = ("articles_fts", "claims_fts", "story_claims_fts", "articles_search", "claims_search")
_FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
# The tables each revision creates, in order: the leftovers of a run an older build did not finish.
_CREATED = {
    "0001": ("articles", "attributions", "claims", "articles_fts", "claims_fts"),
    "0002": ("origins", "story_claims", "claim_links", "stances", "corrections", "story_claims_fts"),
    "0004": ("articles_search", "claims_search"),
    "0006": ("publications", "failures"),
    "0007": ("story_claim_merges",),
}


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_HERE))
    return config


def head() -> str:
    """The newest revision this code knows."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def _known() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def _ours() -> set[str]:
    from ..tables import metadata

    names = set(metadata.tables) | {"alembic_version"} | {n for created in _CREATED.values() for n in created}
    return names | {f + s for f in _FTS for s in _FTS_SHADOWS}


def check(tables: Collection[str], url: str) -> None:
    """Refuse (E065) a database that holds another application's tables: it is not touched."""
    names = {t for t in tables if not t.startswith("sqlite_")}
    if "alembic_version" in names and "articles" not in names:
        raise E.E065.error(url=url, detail="its Alembic history is another application's")
    if "alembic_version" not in names and (others := sorted(names - _ours())):
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise E.E065.error(url=url, detail=f"it holds tables claimledger does not make: {shown}")


def _revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def current(engine: Engine) -> str | None:
    """The database's revision (None for an empty database)."""
    with engine.connect() as conn:
        return _revision(conn)


def verify(engine: Engine, url: str) -> None:
    """For reading: the store at `url` (as messages show it) must be at the newest revision; nothing is
    written. E064 for an empty database, E065 for another application's, E062 for a newer one, E067 for an
    older or half-made one."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        check(tables, url)
        found = _revision(conn) if "alembic_version" in tables else None
    newest = head()
    if found == newest:
        return
    if not tables - {"alembic_version"}:
        raise E.E064.error(path=url)
    if found is not None and found not in _known():
        raise E.E062.error(url=url, revision=found)
    state = "was left half made by an interrupted run" if found is None else \
        f"has schema revision {found}, older than this claimledger's {newest}"
    raise E.E067.error(url=url, state=state)


def upgrade(engine: Engine) -> bool:
    """Bring the schema to the newest revision (creating it in an empty database); True if anything was
    done. A store already there costs one query and takes no lock."""
    newest = head()
    if current(engine) == newest:
        return False
    url = display_url(engine.url)
    with writing(engine, lock=MIGRATE_LOCK) as conn:
        tables = set(inspect(conn).get_table_names())
        check(tables, url)
        found = _revision(conn) if "alembic_version" in tables else None
        if found == newest:  # another process made it while this one waited for the lock
            return False
        if found is not None and found not in _known():
            raise E.E062.error(url=url, revision=found)
        _drop_leftovers(conn, found, tables)
        _kill_hook(conn)
        config = _config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True


def _drop_leftovers(conn: Connection, found: str | None, tables: set[str]) -> None:
    """Drop the tables an unfinished run left (they are new, so empty): with no version row, every table of
    the store; else those the revisions after `found` create. Children before parents, full-text first."""
    from ..tables import metadata

    if found is None:
        order = [*_FTS, "stances", *(t.name for t in reversed(metadata.sorted_tables))]
    else:
        order = [n for r in reversed([r for r in _CREATED if r > found]) for n in reversed(_CREATED[r])]
    for name in order:
        if name in tables:
            # Fixed names (the schema's), never input.
            # Full-text tables hold only what is derived (0004's read their content tables): not checked.
            if name not in _FTS and conn.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first() is not None:
                raise E.E068.error(url=display_url(conn.engine.url), table=name)
            conn.execute(text(f'DROP TABLE "{name}"'))


def _kill_hook(conn: Connection) -> None:
    """CLAIMLEDGER_KILL_AT=migrate:N (tests) kills the process after the Nth statement of the upgrade."""
    event.listen(conn, "after_cursor_execute", lambda *_: fault("migrate"))
