"""Engine from a URL, with the schema brought up to date (Alembic) on open.

URLs: a plain path ("claimledger.db", "data/news.db") or sqlite:///PATH is a SQLite file;
postgresql://USER:PASSWORD@HOST:PORT/DB (or postgres://) goes through psycopg 3.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..errors import E

DEFAULT_URL = "claimledger.db"
_POSTGRES = ("postgresql", "postgres", "postgresql+psycopg")


def engine_url(url: str) -> URL:
    """The SQLAlchemy URL for what a user wrote; raises E061 for anything but SQLite or PostgreSQL."""
    if "://" not in url:  # a file path
        return URL.create("sqlite", database=url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise E.E061.error(url=url) from None
    if parsed.drivername in _POSTGRES:
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "sqlite" and parsed.database:
        return parsed
    raise E.E061.error(url=display_url(url))


def display_url(url: str | URL) -> str:
    """The URL as messages show it: never with its password."""
    if isinstance(url, str) and "://" not in url:
        return url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable URL>"


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names (None for PostgreSQL or an in-memory database)."""
    parsed = engine_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite. WAL lets readers (Datasette, export) run during an ingest,
    # and with synchronous=NORMAL a killed process never leaves a half-written transaction behind.
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


def open_engine(url: str = DEFAULT_URL, *, create: bool = True, migrate: bool = True) -> Engine:
    """An engine for `url` whose schema is at the newest revision (an older database is upgraded in place).

    create=False refuses to start a new SQLite file (E064): reading commands must not leave empty
    databases behind a typo. Raises E060 when the database cannot be reached, E062 when it is newer
    than this code.
    """
    parsed = engine_url(url)
    path = sqlite_path(url)
    if path is not None and not create and not path.is_file():
        raise E.E064.error(path=str(path))
    try:
        engine = create_engine(parsed, pool_pre_ping=path is None)
    except (ArgumentError, ImportError) as error:
        raise E.E060.error(url=display_url(parsed), detail=str(error)) from None
    if path is not None:
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        from .migrations import upgrade  # Alembic loads only when a database is opened

        try:
            upgrade(engine)
        except SQLAlchemyError as error:
            engine.dispose()
            raise E.E060.error(url=display_url(parsed), detail=_reason(error)) from None
    return engine


def _reason(error: SQLAlchemyError) -> str:
    """The driver's message without SQLAlchemy's SQL echo and help links."""
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip()
    return text.splitlines()[0] if text else type(error).__name__
