"""Red-flag clearances, items removed from the health record, corrected assessments, and
a plan's own NICE cap choice.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

json_value = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    # Plain ALTER TABLE with server defaults, as in 0005: a batch copy on SQLite would drop
    # the table and the foreign keys would cascade it.
    op.add_column(
        "assessments",
        sa.Column("clearances", json_value, nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column(
        "assessments",
        sa.Column("removed", json_value, nullable=False, server_default=sa.text("'[]'")),
    )
    # No foreign key: SQLite cannot add one with ALTER TABLE; the store keeps it consistent.
    op.add_column("assessments", sa.Column("corrects_id", sa.Integer(), nullable=True))
    # Unique: one assessment has at most one correction (two racing corrections conflict).
    op.create_index("ix_assessments_corrects_id", "assessments", ["corrects_id"], unique=True)
    # The plan's own NICE cap choice; NULL: the clinic's default (plans.nice_cap cannot
    # say "not chosen", and changing it would need a batch copy of plans on SQLite).
    op.add_column("plans", sa.Column("nice_cap_choice", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("plans", "nice_cap_choice")
    op.drop_index("ix_assessments_corrects_id", "assessments")
    op.drop_column("assessments", "corrects_id")
    op.drop_column("assessments", "removed")
    op.drop_column("assessments", "clearances")
