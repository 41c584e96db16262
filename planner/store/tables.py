"""ORM tables. Rows never leave planner.store: repositories map them to domain objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Byte-wise ordering on PostgreSQL so a prefix range query can use the index.
SearchKey = String(200).with_variant(postgresql.VARCHAR(200, collation="C"), "postgresql")
JsonList = JSON().with_variant(postgresql.JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PatientRow(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sort_key: Mapped[str] = mapped_column(SearchKey)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(16), default="unknown")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Revision 0007: the practitioner who created and who last changed the record.
    created_by: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(Integer)


class PatientTermRow(Base):
    """One folded word of a live patient's name; prefix search runs on this index.

    Rows exist only for patients not deleted, so search needs no join to filter them.
    """

    __tablename__ = "patient_terms"

    term: Mapped[str] = mapped_column(SearchKey, primary_key=True)
    # Copied from the patient so one covering index answers a page in display order.
    sort_key: Mapped[str] = mapped_column(SearchKey, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True
    )


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date)
    complaint: Mapped[str] = mapped_column(Text, default="")
    onset_date: Mapped[dt.date | None] = mapped_column(Date)
    pain_now: Mapped[int | None] = mapped_column(Integer)
    pain_best: Mapped[int | None] = mapped_column(Integer)
    pain_worst: Mapped[int | None] = mapped_column(Integer)
    ndi_total: Mapped[int | None] = mapped_column(Integer)
    psfs: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    pain_regions: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    conditions: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    pregnancy_weeks: Mapped[int | None] = mapped_column(Integer)
    red_flags: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    medications: Mapped[str] = mapped_column(Text, default="")
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Revision 0006: red-flag clearances, items removed from the health record, and the
    # saved assessment this row corrects (that one is kept; this one replaces it).
    clearances: Mapped[list[Any]] = mapped_column(
        JsonList, default=list, server_default=text("'[]'")
    )
    removed: Mapped[list[Any]] = mapped_column(JsonList, default=list, server_default=text("'[]'"))
    corrects_id: Mapped[int | None] = mapped_column(Integer, index=True, unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(Integer)


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )
    modality: Mapped[str] = mapped_column(String(32))
    electro: Mapped[bool] = mapped_column(Boolean, default=False)
    session_minutes: Mapped[int] = mapped_column(Integer, default=30)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    clinic_days: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    # The course planner's inputs (revision 0005): weekday ids, ISO dates, the NICE cap.
    preferred_days: Mapped[list[Any]] = mapped_column(
        JsonList, default=list, server_default=text("'[]'")
    )
    skip_dates: Mapped[list[Any]] = mapped_column(
        JsonList, default=list, server_default=text("'[]'")
    )
    nice_cap: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Revision 0006: the plan's own choice; NULL means the clinic's default applies.
    nice_cap_choice: Mapped[bool | None] = mapped_column(Boolean)
    overrides: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    # planner.domain.course.override.CourseOverride as JSON; None: the planner's course.
    course_override: Mapped[dict[str, Any] | None] = mapped_column(JsonList)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(Integer)


class PlanTargetRow(Base):
    __tablename__ = "plan_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # "acupoint" | "trigger-point"
    code: Mapped[str] = mapped_column(String(64))  # acupoint code or muscle id
    side: Mapped[str] = mapped_column(String(16))
    technique: Mapped[str] = mapped_column(String(16), default="manual")
    retention_minutes: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")


class VisitRow(Base):
    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    date: Mapped[dt.date] = mapped_column(Date)
    targets: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    nprs_before: Mapped[int | None] = mapped_column(Integer)
    nprs_after: Mapped[int | None] = mapped_column(Integer)
    subjective: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    assessment_note: Mapped[str] = mapped_column(Text, default="")
    plan_note: Mapped[str] = mapped_column(Text, default="")
    adverse_events: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    handout_given: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(Integer)


class ProtocolRow(Base):
    """A named list of targets shared across patients (planner.domain.protocol.Protocol)."""

    __tablename__ = "protocols"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), index=True)  # folded: one live name
    targets: Mapped[list[Any]] = mapped_column(JsonList, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(Integer)


class PractitionerRow(Base):
    """A practitioner's profile (planner.domain.practitioner.Practitioner)."""

    __tablename__ = "practitioners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    registration: Mapped[str] = mapped_column(String(60), default="")
    # The PostgreSQL role they connect as; NULL on SQLite. One profile per role.
    db_role: Mapped[str | None] = mapped_column(String(63), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """One appended entry (planner.domain.audit.AuditEntry). Triggers refuse UPDATE, and
    DELETE except of an erased patient's entries (revision 0007); on PostgreSQL the database
    writes `account` and `at` itself for a practitioner's role."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    # No foreign keys: an entry outlives the record it is about.
    record_id: Mapped[int | None] = mapped_column(Integer)
    patient_id: Mapped[int | None] = mapped_column(Integer, index=True)
    practitioner_id: Mapped[int | None] = mapped_column(Integer)
    who: Mapped[str] = mapped_column(String(320), default="")
    account: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonList)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonList)
    details: Mapped[dict[str, Any] | None] = mapped_column(JsonList)


class AuditErasingRow(Base):
    """While a patient is erased, their id here lets the triggers delete their entries."""

    __tablename__ = "audit_erasing"

    patient_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class HandoutGivenRow(Base):
    """A handout as printed or saved for the patient: the PDF itself, for their archive."""

    __tablename__ = "handouts_given"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(Integer)
    given_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    how: Mapped[str] = mapped_column(String(16))  # printed | saved | given
    practitioner_id: Mapped[int | None] = mapped_column(Integer)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


Index("ix_patients_live_sort", PatientRow.deleted_at, PatientRow.sort_key, PatientRow.id)
Index("ix_patient_terms_patient", PatientTermRow.patient_id, PatientTermRow.term)
# A patient's visits newest first (VisitRepository.for_patient).
Index("ix_visits_patient_date", VisitRow.patient_id, VisitRow.date, VisitRow.id)
