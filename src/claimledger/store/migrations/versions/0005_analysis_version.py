"""Each stored ledger records the analysis version that made it (issue 21): `articles.analysis_version`.

Ledgers stored before this revision have none (null): `claimledger stats` counts them as "unknown" and
`claimledger reanalyze --older-than-version` redoes them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A store rolled back by hand (or left half made) may have the column already: add it once.
    if "analysis_version" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("articles")}:
        return
    op.add_column("articles", sa.Column("analysis_version", sa.Text(), nullable=True,
                                        comment="what made the ledger (analysis.py); null: stored before revision 0005"))


def downgrade() -> None:
    op.drop_column("articles", "analysis_version")
