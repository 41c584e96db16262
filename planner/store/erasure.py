"""Erasing a patient on request: every row of theirs in every table, their audit entries,
and on SQLite the freed pages overwritten, leaving one audit entry that holds no personal
data (the patient's number, who erased, when, and how many records went).

On PostgreSQL the audit entries go through needleplan_erase_audit (revision 0007), the one
way a practitioner's role can remove entries, and only those of a patient already erased.
Dead rows stay in PostgreSQL's files until VACUUM reuses them; the command says so.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, Engine, ScalarSelect, delete, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.audit import Action, Kind
from planner.domain.errors import NotFoundError
from planner.store.audit import AuditTrail
from planner.store.tables import (
    AssessmentRow,
    AuditErasingRow,
    AuditRow,
    Base,
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
    # SQLite: VACUUM ran (False: another program kept writing, so the file was not rebuilt
    # and earlier versions of the records may stay in its free space).
    rebuilt: bool = True


def _plans(pid: int) -> ScalarSelect[int]:
    return select(PlanRow.id).where(PlanRow.patient_id == pid).scalar_subquery()


# The patient's rows, children first, by kind of record. A table that holds a patient_id or
# points at one of these must be added here (tests/store/test_erasure_review.py checks).
_ROWS: tuple[tuple[str, type[Base], Callable[[int], ColumnElement[bool]]], ...] = (
    ("search_terms", PatientTermRow, lambda pid: PatientTermRow.patient_id == pid),
    ("handouts", HandoutGivenRow, lambda pid: HandoutGivenRow.patient_id == pid),
    ("visits", VisitRow, lambda pid: VisitRow.patient_id == pid),
    ("targets", PlanTargetRow, lambda pid: PlanTargetRow.plan_id.in_(_plans(pid))),
    ("plans", PlanRow, lambda pid: PlanRow.patient_id == pid),
    ("assessments", AssessmentRow, lambda pid: AssessmentRow.patient_id == pid),
    ("patient", PatientRow, lambda pid: PatientRow.id == pid),
)
_COUNTED = ("assessments", "plans", "targets", "visits", "handouts")
# Every table erasure empties of the patient: their rows, their audit entries (all but
# earlier erasures' own), and audit_erasing, which only holds the id while it runs.
ERASED_TABLES = frozenset(
    {str(table.__tablename__) for _, table, _ in _ROWS}
    | {AuditRow.__tablename__, AuditErasingRow.__tablename__}
)


def _their_entries(pid: int) -> ColumnElement[bool]:
    # An earlier erasure's entry stays: SQLite gives a new patient the number of an erased
    # one that had the highest, and that entry is the earlier patient's, not theirs.
    return (AuditRow.patient_id == pid) & (AuditRow.action != Action.ERASE)


def _counts(s: Session, pid: int) -> dict[str, int]:
    def n(table: type, where: ColumnElement[bool]) -> int:
        return int(s.scalar(select(func.count()).select_from(table).where(where)) or 0)

    counts = {kind: n(table, where(pid)) for kind, table, where in _ROWS if kind in _COUNTED}
    counts["audit_entries"] = n(AuditRow, _their_entries(pid))
    return {kind: counts[kind] for kind in (*_COUNTED, "audit_entries")}


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
        for _, table, where in _ROWS:
            s.execute(delete(table).where(where(patient_id)))
        entry = audit.row(s, Action.ERASE, Kind.PATIENT, patient_id=patient_id, details=counts)
        if sqlite:
            s.execute(insert(AuditErasingRow), {"patient_id": patient_id})
            s.execute(delete(AuditRow).where(_their_entries(patient_id)))
            s.execute(delete(AuditErasingRow).where(AuditErasingRow.patient_id == patient_id))
            s.execute(insert(AuditRow), entry)
        else:
            erased = {"who": entry["who"], "practitioner_id": entry["practitioner_id"]}
            erased["details"] = counts
            s.execute(
                text("SELECT needleplan_erase_audit(:pid, CAST(:erased AS jsonb))"),
                {"pid": patient_id, "erased": json.dumps(erased)},
            )
    if not sqlite:
        return Erased(patient_id, counts, False)
    rebuilt, emptied = _rebuild_sqlite(engine)
    return Erased(patient_id, counts, rebuilt and emptied, rebuilt)


def _rebuild_sqlite(engine: Engine) -> tuple[bool, bool]:
    """VACUUM rewrites the file from live rows only, so no byte of an erased record (nor of
    an older version of it, left in a page freed before) survives; the WAL is then emptied.
    (rebuilt, emptied): the erasure has committed, so a program that kept writing past the
    busy timeout (VACUUM refused) or an open transaction elsewhere (the WAL kept) is said,
    never raised."""
    raw = engine.raw_connection()  # the driver's own: VACUUM runs outside a transaction
    try:
        cursor = raw.cursor()
        try:
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute("VACUUM")
        except sqlite3.Error:
            return False, False
        try:
            busy, _log, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            busy = 1
        cursor.close()
    finally:
        raw.close()
    return True, not busy


def copies_beside(url: str) -> list[Path]:
    """Copies Needleplan itself left beside a SQLite database that still hold what it held
    then, an erased patient included: the copy made before each schema upgrade
    (NAME.before-REV.bak), one kept from an interrupted upgrade (NAME.half-upgraded.bak) and
    the database kept aside by a restore (FILE.before-restore-STAMP). [] for PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return []
    db = Path(parsed.database or "")
    patterns = [f"{db.stem}.before-*.bak", f"{db.stem}.half-upgraded.bak"]
    patterns.append(f"{db.name}.before-restore-*")
    try:
        found = {p for pattern in patterns for p in db.parent.glob(pattern) if p.is_file()}
    except OSError:
        return []
    return sorted(found)
