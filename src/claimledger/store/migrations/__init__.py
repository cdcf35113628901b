"""Alembic migrations, run from code on every open (no alembic.ini): an older database is upgraded in
place, a newer one is refused (E062). The revision files are in versions/."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ...errors import E
from ..db import display_url

_HERE = Path(__file__).parent


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_HERE))
    return config


def head() -> str:
    """The newest revision this code knows."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    """The database's revision (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; a database already there costs one query."""
    script = ScriptDirectory.from_config(_config())
    found = current(engine)
    if found == script.get_current_head():
        return
    if found is not None and found not in {s.revision for s in script.walk_revisions()}:
        raise E.E062.error(url=display_url(engine.url), revision=found)
    config = _config()
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except SQLAlchemyError:
        # Two processes opening a new database at once: the one that lost the race finds the schema made.
        if current(engine) != script.get_current_head():
            raise
