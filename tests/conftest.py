"""Shared fixtures. `db_url` runs a store test on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

import pgserver

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of the maintenance database of a throw-away cluster started for this test session."""
    bindir = pgserver.find_bin()
    if bindir is None:
        message = f"PostgreSQL server binaries (initdb, pg_ctl) not found; install them: {pgserver.INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with pgserver.cluster(bindir) as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the test cluster, dropped afterwards."""
    import psycopg

    name = f"t{os.getpid()}_{next(_names)}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a name we made, not input
    yield postgres_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """The same test against a SQLite file and a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path) + "/ledgers.db"
    return str(request.getfixturevalue("postgres_url"))
