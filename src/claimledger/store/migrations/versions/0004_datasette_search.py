"""Datasette's search box on the `articles` and `claims` tables: external-content FTS5 tables.

Datasette offers full-text search on a table's own page only when an FTS table declares that table as its
content (`content=[articles]`), kept in step by triggers, as sqlite-utils makes them. The standalone
`articles_fts` / `claims_fts` of revision 0001 stay as they are (repo's searches and `track` read them);
these two are for Datasette and any SQLite tool, filled from the rows already stored and then by the
triggers, so no code writes them. SQLite only: PostgreSQL's GIN indexes already serve its searches.
After a VACUUM (which may renumber rowids) rebuild them: INSERT INTO articles_search(articles_search)
VALUES('rebuild'), and the same for claims_search.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEARCHED = {"articles": ("title", "text"), "claims": ("text",)}  # fixed names, never input


def _triggers(table: str, columns: tuple[str, ...]) -> list[str]:
    fts = f"{table}_search"
    cols = ", ".join(f"[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    insert = f"INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.rowid, {new});"
    delete = f"INSERT INTO [{fts}] ([{fts}], rowid, {cols}) VALUES ('delete', old.rowid, {old});"
    return [f"CREATE TRIGGER [{table}_search_ai] AFTER INSERT ON [{table}] BEGIN {insert} END",
            f"CREATE TRIGGER [{table}_search_ad] AFTER DELETE ON [{table}] BEGIN {delete} END",
            f"CREATE TRIGGER [{table}_search_au] AFTER UPDATE ON [{table}] BEGIN {delete} {insert} END"]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in SEARCHED.items():
        fts = f"{table}_search"
        op.execute(f"CREATE VIRTUAL TABLE [{fts}] USING FTS5 ({', '.join(f'[{c}]' for c in columns)}, content=[{table}])")
        op.execute(f"INSERT INTO [{fts}] ([{fts}]) VALUES ('rebuild')")
        for statement in _triggers(table, columns):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in SEARCHED:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS [{table}_search_{suffix}]")
        op.execute(f"DROP TABLE IF EXISTS [{table}_search]")
