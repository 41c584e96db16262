"""The course planner's inputs on plans: the patient's preferred days, skipped dates, NICE cap.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

json_value = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    # Server defaults, so the plans written before this revision read as "none set". Plain
    # ALTER TABLE on both backends: a batch (copy-and-move) on SQLite would drop the old
    # plans table, and the foreign keys would cascade that to every plan's targets.
    op.add_column(
        "plans",
        sa.Column("preferred_days", json_value, nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column(
        "plans",
        sa.Column("skip_dates", json_value, nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column(
        "plans", sa.Column("nice_cap", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN: SQLite 3.35 or later (see upgrade for why not a batch).
    op.drop_column("plans", "nice_cap")
    op.drop_column("plans", "skip_dates")
    op.drop_column("plans", "preferred_days")
