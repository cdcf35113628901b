"""The schema, one for SQLite and PostgreSQL: plain tables with foreign keys (the SQLite file opens in
Datasette as it is). `articles.ledger` keeps the whole claimledger.article/1 object; the other columns
and tables are its searchable parts, written from it by `repo` in the same transaction.

Full-text search: SQLite has FTS5 tables `articles_fts` (title, text) and `claims_fts` (text), each row
carrying the ids it belongs to, kept in step by `repo`; PostgreSQL has GIN indexes on
to_tsvector('english', ...) of the same columns. Both are created by the migrations, not here.
Changing this file needs a new revision in migrations/versions (a test compares the two).
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(64), primary_key=True, comment="sha256 of the clean text"),
    Column("path", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("published", Text, comment="as the input gave it (ISO 8601 where known)"),
    Column("language", String(16)),
    Column("text", Text, nullable=False, comment="the clean text every offset refers to"),
    Column("ledger", Text, nullable=False, comment="the claimledger.article/1 JSON object"),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

attributions = Table(
    "attributions", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("source_text", Text, nullable=False),
    Column("source_name", Text),
    Column("source_kind", String(32)),
    Column("source_anonymous", Boolean),
    Column("cue_text", Text),
    Column("cue_lemma", Text),
    Column("content_text", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("quote", String(16)),
    Column("stance", String(16)),
    Column("claim_id", String(32)),
    Index("ix_attributions_source_name", "source_name"),
)

claims = Table(
    "claims", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    Column("contested", Boolean, comment="null where the ledger does not say"),
)
