"""The initial schema: articles, attributions, claims, and full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Written out rather than taken from tables.py, so this revision always creates what it created first.
    op.create_table(
        "articles",
        sa.Column("id", sa.String(64), primary_key=True, comment="sha256 of the clean text"),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.Text, comment="as the input gave it (ISO 8601 where known)"),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False, comment="the clean text every offset refers to"),
        sa.Column("ledger", sa.Text, nullable=False, comment="the claimledger.article/1 JSON object"),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "attributions",
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("source_name", sa.Text),
        sa.Column("source_kind", sa.String(32)),
        sa.Column("source_anonymous", sa.Boolean),
        sa.Column("cue_text", sa.Text),
        sa.Column("cue_lemma", sa.Text),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("content_start", sa.Integer, nullable=False),
        sa.Column("content_end", sa.Integer, nullable=False),
        sa.Column("quote", sa.String(16)),
        sa.Column("stance", sa.String(16)),
        sa.Column("claim_id", sa.String(32)),
    )
    op.create_index("ix_attributions_source_name", "attributions", ["source_name"])
    op.create_table(
        "claims",
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("contested", sa.Boolean, comment="null where the ledger does not say"),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Standalone FTS5 tables (they keep their own copy of the words) carrying the ids of what they index:
        # an external-content table would key on articles' implicit rowid, which VACUUM may renumber.
        op.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text)")
        op.execute("CREATE VIRTUAL TABLE claims_fts USING fts5(article_id UNINDEXED, claim_id UNINDEXED, text)")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_articles_fts ON articles "
                   "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))")
        op.execute("CREATE INDEX ix_claims_fts ON claims USING gin (to_tsvector('english', text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE claims_fts")
        op.execute("DROP TABLE articles_fts")
    op.drop_table("claims")
    op.drop_table("attributions")
    op.drop_table("articles")
