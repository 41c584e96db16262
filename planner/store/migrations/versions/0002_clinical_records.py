"""Assessments, plans with their targets, and visits.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

json_list = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _patient_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["patient_id"], ["patients.id"], name=f"fk_{table}_patient_id_patients", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("complaint", sa.Text(), nullable=False),
        sa.Column("onset_date", sa.Date(), nullable=True),
        sa.Column("pain_now", sa.Integer(), nullable=True),
        sa.Column("pain_best", sa.Integer(), nullable=True),
        sa.Column("pain_worst", sa.Integer(), nullable=True),
        sa.Column("ndi_total", sa.Integer(), nullable=True),
        sa.Column("psfs", json_list, nullable=False),
        sa.Column("pain_regions", json_list, nullable=False),
        sa.Column("conditions", json_list, nullable=False),
        sa.Column("pregnancy_weeks", sa.Integer(), nullable=True),
        sa.Column("red_flags", json_list, nullable=False),
        sa.Column("medications", sa.Text(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _patient_fk("assessments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index(op.f("ix_assessments_patient_id"), "assessments", ["patient_id"])
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("modality", sa.String(32), nullable=False),
        sa.Column("electro", sa.Boolean(), nullable=False),
        sa.Column("session_minutes", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("clinic_days", json_list, nullable=False),
        sa.Column("overrides", json_list, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _patient_fk("plans"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_plans_assessment_id_assessments",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_index(op.f("ix_plans_patient_id"), "plans", ["patient_id"])
    op.create_table(
        "plan_targets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("side", sa.String(16), nullable=False),
        sa.Column("technique", sa.String(16), nullable=False),
        sa.Column("retention_minutes", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_plan_targets_plan_id_plans", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_targets")),
    )
    op.create_index(op.f("ix_plan_targets_plan_id"), "plan_targets", ["plan_id"])
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("targets", json_list, nullable=False),
        sa.Column("nprs_before", sa.Integer(), nullable=True),
        sa.Column("nprs_after", sa.Integer(), nullable=True),
        sa.Column("subjective", sa.Text(), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("assessment_note", sa.Text(), nullable=False),
        sa.Column("plan_note", sa.Text(), nullable=False),
        sa.Column("adverse_events", json_list, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        _patient_fk("visits"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_visits_plan_id_plans", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    op.create_index(op.f("ix_visits_patient_id"), "visits", ["patient_id"])


def downgrade() -> None:
    op.drop_table("visits")
    op.drop_table("plan_targets")
    op.drop_table("plans")
    op.drop_table("assessments")
