"""Publications, failures, and PostgreSQL's stored tsvector columns (issue 18).

- `publications`: every place and time a stored text was published. Until now the store kept one per text
  (the article row's url, outlet, published), so a second outlet running the same wire text was lost. Each
  stored article gets its one publication here, read off its row (fetched unknown: null, as for files).
- `failures`: the inputs an ingest could not store, until a later ingest stores them.
- PostgreSQL: `articles.search` and `claims.search`, tsvector columns GENERATED ALWAYS AS (to_tsvector(...))
  STORED with GIN indexes, replacing 0001's expression indexes: a search ranks with the stored vector
  instead of parsing every matching article's text again (bench/pg_search.py). SQLite keeps its FTS5 tables.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimledger.store.tables import publication_key

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Fixed names and expressions, never input.
_SEARCHED = {"articles": "coalesce(title, '') || ' ' || text", "claims": "text"}


def upgrade() -> None:
    publications = op.create_table(
        "publications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True, comment="in the order they were recorded"),
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(64), nullable=False,
                  comment="sha256 of url, outlet and published: what makes two publications of one text different"),
        sa.Column("path", sa.Text, comment="the input it was read from"),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.Text, comment="ISO 8601 where the input's date could be read, else as given"),
        sa.Column("fetched", sa.Text, comment="ISO 8601: when it was fetched or archived, where the input says (null for files)"),
        sa.UniqueConstraint("article_id", "key", name="uq_publications_article_id_key"),
    )
    op.create_index("ix_publications_outlet", "publications", ["outlet"])
    op.create_table(
        "failures",
        sa.Column("input", sa.Text, primary_key=True, comment="the path, URL or 'file:line' that failed"),
        sa.Column("code", sa.String(16), nullable=False, comment="the numbered error, e.g. E005"),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    )
    assert publications is not None
    _backfill(publications)
    if op.get_bind().dialect.name == "postgresql":
        for table, expression in _SEARCHED.items():
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_fts")
            op.execute(f"ALTER TABLE {table} ADD COLUMN search tsvector "
                       f"GENERATED ALWAYS AS (to_tsvector('english', {expression})) STORED")
            op.execute(f"CREATE INDEX ix_{table}_search ON {table} USING gin (search)")


def _backfill(publications: sa.Table) -> None:
    """One publication per stored article, a thousand at a time (an archive need not fit in memory)."""
    conn = op.get_bind()
    rows = sa.table("articles", sa.column("id"), sa.column("path"), sa.column("url"), sa.column("title"),
                    sa.column("outlet"), sa.column("published"))
    last = ""
    while True:
        batch = conn.execute(sa.select(rows).where(rows.c.id > last).order_by(rows.c.id).limit(1000)).mappings().all()
        if not batch:
            return
        conn.execute(publications.insert(), [
            {"article_id": row["id"], "key": publication_key(row["url"], row["outlet"], row["published"]),
             "path": row["path"], "url": row["url"], "title": row["title"], "outlet": row["outlet"],
             "published": row["published"], "fetched": None} for row in batch])
        last = batch[-1]["id"]


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, expression in _SEARCHED.items():
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search")
            op.execute(f"CREATE INDEX ix_{table}_fts ON {table} USING gin (to_tsvector('english', {expression}))")
    op.drop_table("failures")
    op.drop_index("ix_publications_outlet", table_name="publications")
    op.drop_table("publications")
