"""store: analysed ledgers kept in SQLite (default file) or PostgreSQL, one schema for both.

Opens without spaCy: it imports only core modules (errors, model, options). Modules: `db` (engine from a
URL, migrations on open), `tables` (the schema), `migrations/` (Alembic revisions), `repo` (the one module
that writes: idempotent saves keyed by the article's content hash, and queries), `corrections` (a person's
corrections laid over the machine's ledger, pure functions).
"""
from __future__ import annotations

from .db import DEFAULT_URL, display_url, engine_url, open_engine
from .repo import ArticleRow, Link, Repository, RelationRow, open_repository

__all__ = ["DEFAULT_URL", "ArticleRow", "Link", "RelationRow", "Repository", "display_url", "engine_url", "open_engine", "open_repository"]
