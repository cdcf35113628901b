"""Engine from a URL: opened for writing (schema created or upgraded, serialised) or for reading (nothing
written, ever).

URLs: a plain path ("claimledger.db", "data/news.db") or sqlite:///PATH is a SQLite file;
postgresql://USER:PASSWORD@HOST:PORT/DB (or postgres://) goes through psycopg 3.

Why it is built this way (issue 20):
- SQLite's Python driver opens no transaction around DDL, so a schema half made by a killed process was
  left behind. Here the driver is in autocommit and every transaction is opened by us: `BEGIN` to read,
  `BEGIN IMMEDIATE` to write (`writing`). DDL is then transactional, writers queue on the busy timeout
  instead of failing with "database is locked" on a read-to-write upgrade, and a migration or a join holds
  the store's one write lock from its first read. PostgreSQL takes an advisory lock per kind of work
  (`MIGRATE_LOCK`, `JOIN_LOCK`) inside the transaction instead.
- Reading never writes: a SQLite file is opened `mode=ro` (or immutable where even the shared-memory
  file cannot be made: a read-only folder), its journal mode is left alone, and a schema older than the
  code is reported (E067: `claimledger upgrade`), not upgraded.
- A file is looked at before anything is written to it: another application's database (E065) or a
  file that is not SQLite (E065) is left byte for byte as it was; a damaged one is reported (E066) with
  the command that recovers it.
"""
from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from ..errors import E, ClaimledgerError

DEFAULT_URL = "claimledger.db"
_POSTGRES = ("postgresql", "postgres", "postgresql+psycopg")
_WRITE = "claimledger_write"  # execution option: this connection's transactions take the write lock
MIGRATE_LOCK = 0x434C4D01  # PostgreSQL advisory lock keys ("CLM" + kind)
JOIN_LOCK = 0x434C4D02  # origins and joins
_SQLITE_MAGIC = b"SQLite format 3\x00"


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


def fault(point: str) -> None:
    """Test hook for kill -9 tests: CLAIMLEDGER_KILL_AT=POINT:N kills this process with SIGKILL the Nth time
    it reaches POINT (N defaults to 1). Points: save, origin, join, joined, migrate (each DDL statement);
    `claimledger run` (issue 18): shard (a shard file written), loaded (a shard loaded)."""
    wanted = os.environ.get("CLAIMLEDGER_KILL_AT")
    if not wanted or wanted.split(":")[0] != point:
        return
    count = int(os.environ.get("_CLAIMLEDGER_KILL_COUNT", "0")) + 1
    os.environ["_CLAIMLEDGER_KILL_COUNT"] = str(count)
    if count >= int((wanted.split(":") + ["1"])[1]):
        os.kill(os.getpid(), signal.SIGKILL)


def _sqlite_connect(readonly: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit in the driver: `_sqlite_begin` opens every transaction, so DDL is transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # The busy timeout first: switching to WAL below waits for a writer like any write does.
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            # WAL lets readers (Datasette, export) run during an ingest, and with synchronous=NORMAL a killed
            # process never leaves a half-written transaction behind.
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()
    return on_connect


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


@contextmanager
def writing(engine: Engine, *, lock: int | None = None) -> Iterator[Connection]:
    """One write transaction, holding the store's write lock from its first statement: SQLite's BEGIN
    IMMEDIATE (one writer at a time, queued on the busy timeout), on PostgreSQL the advisory lock `lock`
    (MIGRATE_LOCK, JOIN_LOCK) where the work must be serialised. Commits when the block ends."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if lock is not None and conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
            yield conn


def _readonly_connector(path: Path) -> Any:
    uri = path.resolve().as_uri()

    def connect() -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            # A WAL store in a folder we cannot write: its shared-memory file cannot be made, and nobody
            # can be writing it either, so it is read as an immutable file.
            return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    return connect


def sqlite_tables(path: Path) -> set[str] | None:
    """The table names of a SQLite file, read without writing a byte; None for an empty (0-byte) file.
    Raises E065 for a file that is not SQLite, E066 for a damaged one."""
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as error:
        raise E.E060.error(url=str(path), detail=error.strerror or str(error)) from None
    if not head:
        return None
    if not head.startswith(_SQLITE_MAGIC):
        raise E.E065.error(url=str(path), detail="it is not a SQLite database")
    try:
        if len(head) > 18 and head[18] == 2 and not Path(f"{path}-wal").exists():
            # A WAL file nobody has open: read as immutable, since even a read-only connection would leave
            # -wal and -shm files beside another application's database.
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        else:
            conn = _readonly_connector(path)()
        try:
            return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise explain(error, str(path)) from None


def explain(error: BaseException, url: str | URL) -> ClaimledgerError:
    """A numbered error for a failure of the database itself: E066 for a damaged SQLite file (with the
    command that recovers it), E060 otherwise."""
    reason = _reason(error)
    if "malformed" in reason or "not a database" in reason or "database disk image" in reason:
        shown = display_url(url)
        return E.E066.error(url=shown, detail=reason, path=shown.removeprefix("sqlite:///"))
    return E.E060.error(url=display_url(url), detail=reason)


def open_engine(url: str = DEFAULT_URL, *, create: bool = True, migrate: bool = True,
                readonly: bool = False) -> Engine:
    """An engine for `url` whose schema is at the newest revision.

    Writing (the default): a new or half-made store is created, an older one upgraded in place, one
    process at a time. create=False refuses to start a new SQLite file (E064). readonly=True writes nothing:
    no file is created, the schema must already be the newest (E067 asks for `claimledger upgrade`
    otherwise). Raises E060 when the database cannot be reached, E062 when it is newer than this code,
    E065 when it is not a claimledger store (left as it was), E066 when the SQLite file is damaged.
    """
    from .migrations import check, upgrade, verify  # Alembic loads only when a database is opened

    parsed = engine_url(url)
    path = sqlite_path(url)
    if path is not None:
        tables = sqlite_tables(path) if path.is_file() else None
        if (readonly or not create) and not tables:  # no file, or an empty one: no store to read or correct
            raise E.E064.error(path=str(path))
        if tables:
            check(tables, display_url(url))  # E065 before any byte is written
    try:
        if path is not None and readonly:
            # A pool of its own connections: "sqlite://" alone would mean one shared in-memory connection.
            engine = create_engine("sqlite://", creator=_readonly_connector(path), poolclass=QueuePool)
        elif path is None and readonly:  # PostgreSQL refuses any write in these transactions
            engine = create_engine(parsed, pool_pre_ping=True, execution_options={"postgresql_readonly": True})
        else:
            engine = create_engine(parsed, pool_pre_ping=path is None)
    except (ArgumentError, ImportError) as error:
        raise E.E060.error(url=display_url(parsed), detail=str(error)) from None
    if path is not None:
        event.listen(engine, "connect", _sqlite_connect(readonly))
        event.listen(engine, "begin", _sqlite_begin)
    try:
        if readonly:
            verify(engine, display_url(url))
        elif migrate:
            upgrade(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise explain(error, parsed) from None
    except ClaimledgerError:
        engine.dispose()
        raise
    return engine


def _reason(error: BaseException) -> str:
    """The driver's message without SQLAlchemy's SQL echo and help links."""
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip()
    return text.splitlines()[0] if text else type(error).__name__
