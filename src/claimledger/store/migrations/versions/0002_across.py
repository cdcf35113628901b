"""Across articles: origins, story claims, claim links, stances, corrections; full-text on story claims.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _article_key() -> sa.Column[str]:
    return sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


def _story_key() -> sa.Column[int]:
    return sa.Column("story_claim_id", sa.Integer, sa.ForeignKey("story_claims.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade() -> None:
    # Written out rather than taken from tables.py, so this revision always creates what it created first.
    op.create_table(
        "origins",
        _article_key(),
        sa.Column("origin", sa.String(64), nullable=False,
                  comment="id of the first stored article of its group of syndicated or lightly reworded copies"),
        sa.Column("signature", sa.LargeBinary, comment="the MinHash signature the grouping was decided on"),
    )
    op.create_index("ix_origins_origin", "origins", ["origin"])
    op.create_table(
        "story_claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("text", sa.Text, nullable=False, comment="the statement that started it"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "claim_links",
        _article_key(),
        sa.Column("claim_id", sa.String(32), primary_key=True, comment="the article's own claim id, or 'title'"),
        _story_key(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("similarity", sa.Float,
                  comment="to the story claim when it joined; null for the one that started it"),
        sa.Column("vector", sa.LargeBinary, nullable=False, comment="float32 sentence embedding of text"),
    )
    op.create_index("ix_claim_links_story_claim_id", "claim_links", ["story_claim_id"])
    op.create_table(
        "stances",
        _article_key(),
        sa.Column("statement_id", sa.String(32), primary_key=True, comment="an attribution id, or 'title'"),
        _story_key(),
        sa.Column("relation", sa.String(16), nullable=False, comment="supports | denies | discusses"),
        sa.Column("probability", sa.Float),
        sa.Column("sentence", sa.Text, comment="the text the relation was decided on"),
    )
    op.create_index("ix_stances_story_claim_id", "stances", ["story_claim_id"])
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64), nullable=False, comment="content hash; no foreign key, see above"),
        sa.Column("target", sa.String(32), nullable=False, comment="attribution | claim | story_claim"),
        sa.Column("start", sa.Integer, comment="the corrected span's offsets in the article's clean text"),
        sa.Column("end", sa.Integer),
        sa.Column("field", sa.String(32), nullable=False,
                  comment="what is corrected: stance, source, content, ..."),
        sa.Column("value", sa.Text, comment="the corrected value, JSON"),
        sa.Column("author", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_corrections_article_id", "corrections", ["article_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE story_claims_fts USING fts5(story_claim_id UNINDEXED, text)")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_story_claims_fts ON story_claims USING gin (to_tsvector('english', text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE story_claims_fts")
    for table in ("corrections", "stances", "claim_links", "story_claims", "origins"):
        op.drop_table(table)
