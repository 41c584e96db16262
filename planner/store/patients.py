"""Patient records: create, read, update with optimistic locking, soft delete, search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.errors import ConflictError, NotFoundError
from planner.domain.patient import Patient, validate_patient
from planner.domain.text import fold_words
from planner.store.mapping import patient_from_row, patient_values
from planner.store.tables import PatientRow, PatientTermRow


def _now() -> datetime:
    return datetime.now(UTC)


def _prefix_upper(prefix: str) -> str:
    """Smallest string above every string that starts with prefix (code-point order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _matching(query: str) -> Select[Any]:
    stmt = select(PatientRow).where(PatientRow.deleted_at.is_(None))
    for word in fold_words(query):
        ids = select(PatientTermRow.patient_id).where(
            PatientTermRow.term >= word, PatientTermRow.term < _prefix_upper(word)
        )
        stmt = stmt.where(PatientRow.id.in_(ids))
    return stmt


def term_rows(patient_id: int, patient: Patient) -> list[dict[str, Any]]:
    return [{"patient_id": patient_id, "term": t[:200]} for t in patient.search_terms()]


class PatientRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(self, patient: Patient, *, today: date | None = None) -> Patient:
        clean = validate_patient(patient, today=today)
        with self._sessions.begin() as s:
            return self._insert(s, clean)

    def _insert(self, s: Session, patient: Patient) -> Patient:
        now = _now()
        values = patient_values(patient) | {"version": 1, "created_at": now, "updated_at": now}
        new_id = s.execute(insert(PatientRow).returning(PatientRow.id), values).scalar_one()
        terms = term_rows(new_id, patient)
        if terms:
            s.execute(insert(PatientTermRow), terms)
        return patient.with_changes(id=new_id, version=1)

    def get(self, patient_id: int) -> Patient:
        with self._sessions() as s:
            row = s.get(PatientRow, patient_id)
            if row is None or row.deleted_at is not None:
                raise NotFoundError(f"patient {patient_id} does not exist")
            return patient_from_row(row)

    def update(self, patient: Patient, *, force: bool = False, today: date | None = None) -> Patient:
        """Save changes; raise ConflictError if someone saved since `patient.version`.

        force=True overwrites knowingly (the user chose to after seeing the conflict).
        """
        if patient.id is None:
            raise NotFoundError("patient has no id: add it first")
        clean = validate_patient(patient, today=today)
        with self._sessions.begin() as s:
            stmt = update(PatientRow).where(
                PatientRow.id == clean.id, PatientRow.deleted_at.is_(None)
            )
            if not force:
                stmt = stmt.where(PatientRow.version == clean.version)
            values = patient_values(clean) | {
                "version": PatientRow.version + 1,
                "updated_at": _now(),
            }
            result = s.execute(stmt.values(values).returning(PatientRow.version))
            new_version = result.scalar_one_or_none()
            if new_version is None:
                row = s.get(PatientRow, clean.id)
                if row is None or row.deleted_at is not None:
                    raise NotFoundError(f"patient {clean.id} was deleted by someone else")
                raise ConflictError(
                    f"{row.name} was changed by someone else since you opened the record",
                    current_version=row.version,
                )
            s.execute(delete(PatientTermRow).where(PatientTermRow.patient_id == clean.id))
            terms = term_rows(clean.id, clean)
            if terms:
                s.execute(insert(PatientTermRow), terms)
            return clean.with_changes(version=new_version)

    def delete(self, patient_id: int) -> None:
        """Soft delete: hidden from lists and search, restorable (restore)."""
        self._set_deleted(patient_id, _now())

    def restore(self, patient_id: int) -> None:
        self._set_deleted(patient_id, None)

    def _set_deleted(self, patient_id: int, when: datetime | None) -> None:
        with self._sessions.begin() as s:
            result = s.execute(
                update(PatientRow)
                .where(PatientRow.id == patient_id)
                .values(deleted_at=when, version=PatientRow.version + 1, updated_at=_now())
                .returning(PatientRow.id)
            )
            if result.scalar_one_or_none() is None:
                raise NotFoundError(f"patient {patient_id} does not exist")

    def search(self, query: str = "", *, limit: int = 200, offset: int = 0) -> list[Patient]:
        """Live patients any of whose name words start with each word of the query."""
        stmt = _matching(query).order_by(PatientRow.sort_key, PatientRow.id)
        with self._sessions() as s:
            rows = s.scalars(stmt.limit(limit).offset(offset))
            return [patient_from_row(r) for r in rows]

    def count(self, query: str = "") -> int:
        stmt = _matching(query).with_only_columns(func.count(PatientRow.id))
        with self._sessions() as s:
            return int(s.execute(stmt).scalar_one())

    def add_many(self, s: Session, patients: Sequence[Patient]) -> list[int]:
        """Insert validated patients inside the caller's transaction; ids in input order."""
        now = _now()
        rows = [
            patient_values(p) | {"version": 1, "created_at": now, "updated_at": now}
            for p in patients
        ]
        if not rows:
            return []
        result = s.execute(
            insert(PatientRow).returning(PatientRow.id, sort_by_parameter_order=True), rows
        )
        ids = list(result.scalars())
        terms = [t for pid, p in zip(ids, patients, strict=True) for t in term_rows(pid, p)]
        if terms:
            s.execute(insert(PatientTermRow), terms)
        return ids
