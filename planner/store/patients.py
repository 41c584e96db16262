"""Patient records: create, read, update with optimistic locking, soft delete, search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from planner.domain.errors import ConflictError, NotFoundError
from planner.domain.patient import Patient, validate_patient
from planner.domain.text import fold_words
from planner.domain.vocab import Sex
from planner.store.mapping import patient_from_row, patient_values, sort_key
from planner.store.tables import PatientRow, PatientTermRow


# In Patient's field order, so a result row builds one without the ORM (search is hot).
PATIENT_COLUMNS = (
    PatientRow.name,
    PatientRow.birth_date,
    PatientRow.sex,
    PatientRow.phone,
    PatientRow.email,
    PatientRow.notes,
    PatientRow.id,
    PatientRow.version,
)


def _patient(row: Any) -> Patient:
    name, birth_date, sex, phone, email, notes, pid, version = row
    return Patient(name, birth_date, Sex(sex), phone, email, notes, pid, version)


def _now() -> datetime:
    return datetime.now(UTC)


def _prefix_upper(prefix: str) -> str:
    """Smallest string above every string that starts with prefix (code-point order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _term_filter(word: str, table: type[PatientTermRow] | Any = PatientTermRow) -> Any:
    return (table.term >= word) & (table.term < _prefix_upper(word))


def _matching_terms(words: list[str]) -> Select[Any]:
    """Term rows of the longest word whose patient also has a word for every other prefix."""
    driving = max(words, key=len)
    stmt = select(PatientTermRow.patient_id).where(_term_filter(driving))
    for word in words:
        if word == driving:
            continue
        other = aliased(PatientTermRow)
        stmt = stmt.where(
            select(other.patient_id)
            .where(other.patient_id == PatientTermRow.patient_id, _term_filter(word, other))
            .exists()
        )
    return stmt


def term_rows(patient_id: int, patient: Patient) -> list[dict[str, Any]]:
    key = sort_key(patient.name)
    return [{"patient_id": patient_id, "term": t[:200], "sort_key": key}
            for t in patient.search_terms()]


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
        patient_id = patient.id
        if patient_id is None:
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
            terms = term_rows(patient_id, clean)
            if terms:
                s.execute(insert(PatientTermRow), terms)
            return clean.with_changes(version=new_version)

    def delete(self, patient_id: int) -> None:
        """Soft delete: hidden from lists and search, restorable (restore)."""
        with self._sessions.begin() as s:
            self._set_deleted(s, patient_id, _now())
            s.execute(delete(PatientTermRow).where(PatientTermRow.patient_id == patient_id))

    def restore(self, patient_id: int) -> None:
        with self._sessions.begin() as s:
            row = self._set_deleted(s, patient_id, None)
            s.execute(delete(PatientTermRow).where(PatientTermRow.patient_id == patient_id))
            terms = term_rows(patient_id, patient_from_row(row))
            if terms:
                s.execute(insert(PatientTermRow), terms)

    @staticmethod
    def _set_deleted(s: Session, patient_id: int, when: datetime | None) -> PatientRow:
        row = s.get(PatientRow, patient_id)
        if row is None:
            raise NotFoundError(f"patient {patient_id} does not exist")
        row.deleted_at = when
        row.version += 1
        row.updated_at = _now()
        s.flush()
        return row

    def search(self, query: str = "", *, limit: int = 200, offset: int = 0) -> list[Patient]:
        """Live patients any of whose name words start with each word of the query.

        With a query, rows come ordered by the matched word, then by name: the index order,
        so a page costs the same however many patients match. A patient with two matching
        words can appear on two pages; callers that page should skip ids they already have.
        """
        words = fold_words(query)
        with self._sessions() as s:
            if not words:
                live = (
                    select(*PATIENT_COLUMNS)
                    .where(PatientRow.deleted_at.is_(None))
                    .order_by(PatientRow.sort_key, PatientRow.id)
                )
                return [_patient(r) for r in s.execute(live.limit(limit).offset(offset))]
            page = _matching_terms(words).order_by(
                PatientTermRow.term, PatientTermRow.sort_key, PatientTermRow.patient_id
            )
            ids = list(dict.fromkeys(s.scalars(page.limit(limit).offset(offset))))
            if not ids:
                return []
            found = s.execute(select(*PATIENT_COLUMNS).where(PatientRow.id.in_(ids)))
            by_id = {p.id: p for p in map(_patient, found)}
            return [by_id[i] for i in ids if i in by_id]

    def count(self, query: str = "") -> int:
        words = fold_words(query)
        if words:
            matching = _matching_terms(words).subquery()
            stmt = select(func.count(func.distinct(matching.c.patient_id)))
        else:
            stmt = select(func.count()).where(PatientRow.deleted_at.is_(None))
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
