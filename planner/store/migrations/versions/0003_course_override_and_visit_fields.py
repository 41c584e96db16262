"""The practitioner's course override on plans; the handout flag and update time on visits.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

json_value = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    # Nullable or with a server default, so rows written before this revision stay valid.
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("course_override", json_value, nullable=True))
    with op.batch_alter_table("visits") as batch:
        batch.add_column(
            sa.Column("handout_given", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_visits_patient_date", "visits", ["patient_id", "date", "id"])


def downgrade() -> None:
    op.drop_index("ix_visits_patient_date", table_name="visits")
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("updated_at")
        batch.drop_column("handout_given")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("course_override")
