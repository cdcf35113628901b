"""The schema, one for SQLite and PostgreSQL: plain tables with foreign keys (the SQLite file opens in
Datasette as it is). `articles.ledger` keeps the whole claimledger.article/1 object; the other columns
and tables are its searchable parts, written from it by `repo` in the same transaction.

Across articles (revision 0002): `origins` groups syndicated copies, `story_claims` are claims across
articles, `claim_links` ties each article's own claims (and its title) to them, `relations` gives each
statement's relation to its story claim (named `stances` until revision 0003), and `corrections` keeps
what a person corrected. Everything but `corrections` is derived and recomputed with its article; corrections are keyed by the article's content
hash without a foreign key, so they outlive a re-ingest.

Full-text search: SQLite has FTS5 tables `articles_fts` (title, text), `claims_fts` (text) and
`story_claims_fts` (text), each row carrying the ids it belongs to, kept in step by `repo`; PostgreSQL has
GIN indexes on
to_tsvector('english', ...) of the same columns. Both are created by the migrations, not here.
Changing this file needs a new revision in migrations/versions (a test compares the two).
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String,
                        Table, Text)

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
    Column("analysis_version", Text, comment="what made the ledger (analysis.py); null: stored before revision 0005"),
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

origins = Table(
    "origins", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("origin", String(64), nullable=False,
           comment="id of the first stored article of its group of syndicated or lightly reworded copies"),
    Column("signature", LargeBinary, comment="the MinHash signature the grouping was decided on"),
    Index("ix_origins_origin", "origin"),
)

story_claims = Table(
    "story_claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("text", Text, nullable=False, comment="the statement that started it"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

claim_links = Table(
    "claim_links", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", String(32), primary_key=True, comment="the article's own claim id, or 'title'"),
    Column("story_claim_id", Integer, ForeignKey("story_claims.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("similarity", Float, comment="to the story claim when it joined; null for the one that started it"),
    Column("vector", LargeBinary, nullable=False, comment="float32 sentence embedding of text"),
    Index("ix_claim_links_story_claim_id", "story_claim_id"),
)

relations = Table(
    "relations", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("statement_id", String(32), primary_key=True, comment="an attribution id, or 'title'"),
    Column("story_claim_id", Integer, ForeignKey("story_claims.id", ondelete="CASCADE"), nullable=False),
    Column("relation", String(16), nullable=False, comment="supports | denies | discusses"),
    Column("probability", Float),
    Column("sentence", Text, comment="the text the relation was decided on"),
    Index("ix_relations_story_claim_id", "story_claim_id"),
)

corrections = Table(
    "corrections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), nullable=False, comment="content hash; no foreign key, see above"),
    Column("target", String(32), nullable=False, comment="attribution | claim | story_claim"),
    Column("start", Integer, comment="the corrected span's offsets in the article's clean text"),
    Column("end", Integer),
    Column("field", String(32), nullable=False, comment="what is corrected: stance, source, content, ..."),
    Column("value", Text, comment="the corrected value, JSON"),
    Column("author", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_corrections_article_id", "article_id"),
)
