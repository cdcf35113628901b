"""Story claims record whether their text is negated ("Gill Rosenberg was not captured"), so that an
article's claim of the other polarity joining one has its supporters and deniers turned (issue 16).
Story claims stored before stay null: read as not negated, as they were.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("story_claims") as batch:
        batch.add_column(sa.Column("negated", sa.Boolean(), nullable=True,
                                   comment="text states its proposition negatively; null before revision 0008"))


def downgrade() -> None:
    with op.batch_alter_table("story_claims") as batch:
        batch.drop_column("negated")
