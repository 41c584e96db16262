"""Treatment visits: add, update with optimistic locking, list, soft delete and restore.

A visit is part of the clinical record, so it is never removed: delete only hides it (and
restore brings it back), and both bump the version like any other change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.audit import Action, Kind
from planner.domain.errors import ConflictError, NotFoundError
from planner.domain.visit import Visit, validate_visit
from planner.store.audit import AuditTrail, snapshot
from planner.store.mapping import visit_from_row, visit_values
from planner.store.tables import PatientRow, PlanRow, VisitRow


def _now() -> datetime:
    return datetime.now(UTC)


class VisitRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditTrail) -> None:
        self._sessions = sessions
        self._audit = audit

    def add(self, patient_id: int, visit: Visit, *, today: date | None = None) -> Visit:
        """Record a visit of a live patient; returns it with its id and version 1."""
        clean = validate_visit(visit, today=today)
        now = _now()
        with self._sessions.begin() as s:
            _require_patient(s, patient_id)
            _require_plan(s, patient_id, clean.plan_id)
            values = (
                visit_values(clean)
                | {
                    "patient_id": patient_id,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                | self._audit.author.stamps(created=True)
            )
            new_id = s.execute(insert(VisitRow).returning(VisitRow.id), values).scalar_one()
            self._audit.append(
                s,
                Action.CREATE,
                Kind.VISIT,
                record_id=new_id,
                patient_id=patient_id,
                after=snapshot(visit_values(clean)),
            )
        return replace(clean, id=new_id, version=1, deleted_at=None)

    def get(self, visit_id: int) -> Visit:
        """The visit, deleted or not (deleted_at tells)."""
        with self._sessions() as s:
            row = s.get(VisitRow, visit_id)
            if row is None:
                raise NotFoundError(f"visit {visit_id} does not exist")
            return visit_from_row(row)

    def update(self, visit: Visit, *, force: bool = False, today: date | None = None) -> Visit:
        """Save changes; ConflictError if someone saved since `visit.version`.

        force=True overwrites knowingly (the user chose to after seeing the conflict). A
        deleted visit cannot be changed: restore it first.
        """
        visit_id = visit.id
        if visit_id is None:
            raise NotFoundError("visit has no id: add it first")
        clean = validate_visit(visit, today=today)
        with self._sessions.begin() as s:
            stmt = update(VisitRow).where(VisitRow.id == visit_id, VisitRow.deleted_at.is_(None))
            if not force:
                stmt = stmt.where(VisitRow.version == clean.version)
            row = s.get(VisitRow, visit_id, with_for_update=True)
            before = None
            if row is not None:
                _require_plan(s, row.patient_id, clean.plan_id)
                before = snapshot(visit_values(visit_from_row(row)))
            values = visit_values(clean) | {"version": VisitRow.version + 1, "updated_at": _now()}
            values |= self._audit.author.stamps(created=False)
            new_version = s.execute(
                stmt.values(values).returning(VisitRow.version)
            ).scalar_one_or_none()
            if new_version is None or row is None:
                raise _why_not_saved(s, visit_id)
            self._audit.append(
                s,
                Action.CHANGE,
                Kind.VISIT,
                record_id=visit_id,
                patient_id=row.patient_id,
                before=before,
                after=snapshot(visit_values(clean)),
            )
        return replace(clean, version=new_version)

    def for_patient(self, patient_id: int, *, include_deleted: bool = False) -> list[Visit]:
        """The patient's visits, newest first (by date, then by when they were recorded)."""
        with self._sessions() as s:
            stmt = select(VisitRow).where(VisitRow.patient_id == patient_id)
            if not include_deleted:
                stmt = stmt.where(VisitRow.deleted_at.is_(None))
            rows = s.scalars(stmt.order_by(VisitRow.date.desc(), VisitRow.id.desc()))
            return [visit_from_row(r) for r in rows]

    def delete(self, visit_id: int) -> Visit:
        """Soft delete: hidden from the list, kept on record, restorable."""
        return self._set_deleted(visit_id, _now())

    def restore(self, visit_id: int) -> Visit:
        return self._set_deleted(visit_id, None)

    def _set_deleted(self, visit_id: int, when: datetime | None) -> Visit:
        with self._sessions.begin() as s:
            row = s.get(VisitRow, visit_id, with_for_update=True)
            if row is None:
                raise NotFoundError(f"visit {visit_id} does not exist")
            if (row.deleted_at is None) == (when is None):
                return visit_from_row(row)  # already so: nothing to record
            row.deleted_at = when
            row.version += 1
            row.updated_at = _now()
            row.updated_by = self._audit.author.practitioner_id
            s.flush()
            self._audit.append(
                s,
                Action.DELETE if when is not None else Action.RESTORE,
                Kind.VISIT,
                record_id=visit_id,
                patient_id=row.patient_id,
                before={"date": row.date.isoformat()},
            )
            return visit_from_row(row)


def _require_patient(s: Session, patient_id: int) -> None:
    row = s.get(PatientRow, patient_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(f"patient {patient_id} does not exist")


def _require_plan(s: Session, patient_id: int, plan_id: int | None) -> None:
    if plan_id is None:
        return
    row = s.get(PlanRow, plan_id)
    if row is None or row.patient_id != patient_id:
        raise NotFoundError(f"plan {plan_id} is not a plan of patient {patient_id}")


def _why_not_saved(s: Session, visit_id: int) -> Exception:
    row = s.get(VisitRow, visit_id)
    if row is None:
        return NotFoundError(f"visit {visit_id} does not exist")
    if row.deleted_at is not None:
        return NotFoundError(f"the visit of {row.date.isoformat()} was deleted; restore it first")
    return ConflictError(
        f"the visit of {row.date.isoformat()} was changed by someone else since you opened it",
        current_version=row.version,
    )
