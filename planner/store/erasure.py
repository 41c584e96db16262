"""Erasing a patient on request: every row of theirs in every table, their audit entries,
and on SQLite the freed pages overwritten, leaving one audit entry that holds no personal
data (the patient's number, who erased, when, and how many records went).

On PostgreSQL the audit entries go through needleplan_erase_audit (revision 0007), the one
way a practitioner's role can remove entries, and only those of a patient already erased.
Dead rows stay in PostgreSQL's files until VACUUM reuses them; the command says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, delete, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.audit import Action, Kind
from planner.domain.errors import NotFoundError
from planner.store.audit import AuditTrail
from planner.store.tables import (
    AssessmentRow,
    AuditErasingRow,
    AuditRow,
    HandoutGivenRow,
    PatientRow,
    PatientTermRow,
    PlanRow,
    PlanTargetRow,
    VisitRow,
)


@dataclass(frozen=True)
class Erased:
    patient_id: int
    counts: dict[str, int]  # rows removed per kind of record
    pages_overwritten: bool  # SQLite: freed pages zeroed and the file rebuilt


def _counts(s: Session, pid: int) -> dict[str, int]:
    plans = select(PlanRow.id).where(PlanRow.patient_id == pid).scalar_subquery()

    def n(table: type, where: ColumnElement[bool]) -> int:
        return int(s.scalar(select(func.count()).select_from(table).where(where)) or 0)

    return {
        "assessments": n(AssessmentRow, AssessmentRow.patient_id == pid),
        "plans": n(PlanRow, PlanRow.patient_id == pid),
        "targets": n(PlanTargetRow, PlanTargetRow.plan_id.in_(plans)),
        "visits": n(VisitRow, VisitRow.patient_id == pid),
        "handouts": n(HandoutGivenRow, HandoutGivenRow.patient_id == pid),
        "audit_entries": n(AuditRow, AuditRow.patient_id == pid),
    }


def erase_patient(
    sessions: sessionmaker[Session], engine: Engine, audit: AuditTrail, patient_id: int
) -> Erased:
    """Erase the patient (deleted or not) in one transaction; NotFoundError if unknown."""
    sqlite = engine.dialect.name == "sqlite"
    with sessions.begin() as s:
        if sqlite:
            # Zero what is deleted from here on, in the database file and its WAL.
            s.execute(text("PRAGMA secure_delete = ON"))
        if s.get(PatientRow, patient_id, with_for_update=True) is None:
            raise NotFoundError(f"patient {patient_id} does not exist")
        counts = _counts(s, patient_id)
        plans = select(PlanRow.id).where(PlanRow.patient_id == patient_id).scalar_subquery()
        s.execute(delete(PatientTermRow).where(PatientTermRow.patient_id == patient_id))
        s.execute(delete(HandoutGivenRow).where(HandoutGivenRow.patient_id == patient_id))
        s.execute(delete(VisitRow).where(VisitRow.patient_id == patient_id))
        s.execute(delete(PlanTargetRow).where(PlanTargetRow.plan_id.in_(plans)))
        s.execute(delete(PlanRow).where(PlanRow.patient_id == patient_id))
        s.execute(delete(AssessmentRow).where(AssessmentRow.patient_id == patient_id))
        s.execute(delete(PatientRow).where(PatientRow.id == patient_id))
        entry = audit.row(s, Action.ERASE, Kind.PATIENT, patient_id=patient_id, details=counts)
        if sqlite:
            s.execute(insert(AuditErasingRow), {"patient_id": patient_id})
            s.execute(delete(AuditRow).where(AuditRow.patient_id == patient_id))
            s.execute(delete(AuditErasingRow).where(AuditErasingRow.patient_id == patient_id))
            s.execute(insert(AuditRow), entry)
        else:
            erased = {"who": entry["who"], "practitioner_id": entry["practitioner_id"]}
            erased["details"] = counts
            s.execute(
                text("SELECT needleplan_erase_audit(:pid, CAST(:erased AS jsonb))"),
                {"pid": patient_id, "erased": json.dumps(erased)},
            )
    overwritten = _rebuild_sqlite(engine) if sqlite else False
    return Erased(patient_id, counts, overwritten)


def _rebuild_sqlite(engine: Engine) -> bool:
    """VACUUM rewrites the file from live rows only, so no byte of an erased record (nor of
    an older version of it, left in a page freed before) survives; the WAL is then emptied.
    False when another connection's open transaction kept the WAL from being emptied."""
    raw = engine.raw_connection()  # the driver's own: VACUUM runs outside a transaction
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("VACUUM")
        busy, _log, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
    finally:
        raw.close()
    return not busy
