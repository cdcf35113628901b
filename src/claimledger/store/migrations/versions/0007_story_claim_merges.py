"""`story_claim_merges`: story claims found later to be one claim (issue 18). A merge moves the absorbed story
claim's links and relations to the one kept and records it here, so its id still resolves (its own row stays,
empty: SQLite would otherwise give its id to the next story claim).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_claim_merges",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("merged_id", sa.Integer, sa.ForeignKey("story_claims.id", ondelete="CASCADE"), nullable=False,
                  comment="the story claim merged away (its row stays, with nothing linked to it)"),
        sa.Column("into_id", sa.Integer, sa.ForeignKey("story_claims.id", ondelete="CASCADE"), nullable=False,
                  comment="the story claim it is now part of (kept current when that one is merged in turn)"),
        sa.Column("similarity", sa.Float, comment="the score the merge was decided on"),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_story_claim_merges_merged_id", "story_claim_merges", ["merged_id"])


def downgrade() -> None:
    op.drop_index("ix_story_claim_merges_merged_id", table_name="story_claim_merges")
    op.drop_table("story_claim_merges")
