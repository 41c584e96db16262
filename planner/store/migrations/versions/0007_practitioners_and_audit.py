"""Practitioners, the author of each record, the append-only audit trail, and the handouts
given (their PDFs, for a patient's archive).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

json_value = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
APPEND_ONLY = "the audit trail can only be appended to"

_AUTHORS = {
    "patients": ("created_by", "updated_by"),
    "assessments": ("created_by",),
    "plans": ("created_by",),
    "visits": ("created_by", "updated_by"),
    "protocols": ("created_by", "updated_by"),
}

# SQLite: no roles, so the triggers guard against the application's own mistakes; an
# erased patient's entries may go while their id is in audit_erasing (the erasure's
# transaction puts it there and takes it out).
_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
    f"""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    WHEN NOT EXISTS (SELECT 1 FROM audit_erasing WHERE patient_id = OLD.patient_id)
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
    # INSERT OR REPLACE deletes the row in its way without firing delete triggers.
    f"""CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
    WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
]

# PostgreSQL: practitioners' roles get INSERT and SELECT only on audit_log (clinic-setup);
# the trigger also holds for the owner, and writes the author's role and the time itself for
# anyone who is not the owner (a restore, run by the owner, keeps the archived values).
_PG_STATEMENTS = [
    f"""CREATE OR REPLACE FUNCTION needleplan_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT pg_has_role(session_user,
                           (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
            NEW.account := session_user;
            NEW.at := statement_timestamp();
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE'
       AND EXISTS (SELECT 1 FROM audit_erasing WHERE patient_id = OLD.patient_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '{APPEND_ONLY}' USING ERRCODE = 'insufficient_privilege';
END $$""",
    """CREATE TRIGGER audit_log_append_only BEFORE INSERT OR UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION needleplan_audit_guard()""",
    # The one way a practitioner's role removes entries: those of a patient already erased
    # (the patient row gone in this transaction), leaving the erasure's own entry.
    # Its search_path names the schema and puts pg_temp last: otherwise a temporary table
    # called `patients` would shadow the real one and let a live patient's entries go.
    """CREATE OR REPLACE FUNCTION needleplan_erase_audit(pid integer, erased jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    IF EXISTS (SELECT 1 FROM patients WHERE id = pid) THEN
        RAISE EXCEPTION 'patient % is not erased: erase the patient first', pid;
    END IF;
    -- Run again, it would replace the erasure's own entry with another author's.
    IF EXISTS (SELECT 1 FROM audit_log WHERE patient_id = pid AND action = 'erase') THEN
        RAISE EXCEPTION 'patient % was erased already', pid;
    END IF;
    INSERT INTO audit_erasing (patient_id) VALUES (pid) ON CONFLICT DO NOTHING;
    DELETE FROM audit_log WHERE patient_id = pid;
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM audit_erasing WHERE patient_id = pid;
    INSERT INTO audit_log (at, action, kind, patient_id, practitioner_id, who, account, details)
    VALUES (statement_timestamp(), 'erase', 'patient', pid,
            (erased ->> 'practitioner_id')::integer, coalesce(erased ->> 'who', ''),
            session_user, erased -> 'details');
    RETURN n;
END $$""",
    "REVOKE ALL ON FUNCTION needleplan_erase_audit(integer, jsonb) FROM PUBLIC",
    # An erased patient's number is never given again, so their row cannot be taken out,
    # their entries erased, and the row put back.
    """CREATE OR REPLACE FUNCTION needleplan_patient_not_erased() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM audit_log WHERE patient_id = NEW.id AND action = 'erase') THEN
        RAISE EXCEPTION 'patient % was erased: the number is not given again', NEW.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$""",
    """CREATE TRIGGER patients_not_erased BEFORE INSERT OR UPDATE OF id ON patients
    FOR EACH ROW EXECUTE FUNCTION needleplan_patient_not_erased()""",
]


def upgrade() -> None:
    for table, columns in _AUTHORS.items():
        for column in columns:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_table(
        "practitioners",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("registration", sa.String(60), nullable=False),
        sa.Column("db_role", sa.String(63), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practitioners")),
        sa.UniqueConstraint("db_role", name=op.f("uq_practitioners_db_role")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("who", sa.String(320), nullable=False),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("before", json_value, nullable=True),
        sa.Column("after", json_value, nullable=True),
        sa.Column("details", json_value, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_patient_id", "audit_log", ["patient_id"])
    op.create_table(
        "audit_erasing",
        sa.Column("patient_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_audit_erasing")),
    )
    op.create_table(
        "handouts_given",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "patient_id",
            sa.Integer(),
            sa.ForeignKey(
                "patients.id",
                ondelete="CASCADE",
                name=op.f("fk_handouts_given_patient_id_patients"),
            ),
            nullable=False,
        ),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("how", sa.String(16), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handouts_given")),
    )
    op.create_index("ix_handouts_given_patient_id", "handouts_given", ["patient_id"])
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
        return
    schema = bind.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
    for statement in _PG_STATEMENTS:
        op.execute(statement.replace("{schema}", schema))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER patients_not_erased ON patients")
        op.execute("DROP FUNCTION needleplan_patient_not_erased()")
        op.execute("DROP FUNCTION needleplan_erase_audit(integer, jsonb)")
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION needleplan_audit_guard()")
    op.drop_table("handouts_given")
    op.drop_table("audit_erasing")
    op.drop_table("audit_log")
    op.drop_table("practitioners")
    for table, columns in _AUTHORS.items():
        for column in columns:
            op.drop_column(table, column)
