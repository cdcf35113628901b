"""`stances` becomes `relations`: it holds each statement's relation to its story claim (supports / denies /
discusses), while a stance is an attribution's assert / deny / hedge (attributions.stance).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""
from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Renamed in place: the rows, their keys and foreign keys stay; the index is made again under its new name.
    op.drop_index("ix_stances_story_claim_id", table_name="stances")
    op.rename_table("stances", "relations")
    op.create_index("ix_relations_story_claim_id", "relations", ["story_claim_id"])


def downgrade() -> None:
    op.drop_index("ix_relations_story_claim_id", table_name="relations")
    op.rename_table("relations", "stances")
    op.create_index("ix_stances_story_claim_id", "stances", ["story_claim_id"])
