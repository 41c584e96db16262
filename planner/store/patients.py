"""Patient records: create, read, update with optimistic locking, soft delete, search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.audit import Action, Kind
from planner.domain.errors import ConflictError, ErasedError, NotFoundError
from planner.domain.patient import Patient, validate_patient
from planner.store import listing
from planner.store.audit import AuditTrail, snapshot
from planner.store.mapping import patient_from_row, patient_values, sort_key
from planner.store.tables import AuditRow, PatientRow, PatientTermRow


def _driver(conn: Connection) -> Any:
    """The sqlite3/psycopg connection under SQLAlchemy's, for listing's plain SQL."""
    raw = conn.connection.driver_connection
    assert raw is not None  # a checked-out connection always has one
    return raw


def _now() -> datetime:
    return datetime.now(UTC)


def term_rows(patient_id: int, patient: Patient) -> list[dict[str, Any]]:
    key = sort_key(patient.name)
    return [
        {"patient_id": patient_id, "term": t[:200], "sort_key": key} for t in patient.search_terms()
    ]


class PatientRepository:
    def __init__(self, sessions: sessionmaker[Session], engine: Engine, audit: AuditTrail) -> None:
        self._sessions = sessions
        self._engine = engine
        self._audit = audit
        # sqlite3 takes ':name' placeholders, psycopg '%(name)s'.
        self._named = engine.dialect.name == "sqlite"

    def add(self, patient: Patient, *, today: date | None = None) -> Patient:
        clean = validate_patient(patient, today=today)
        with self._sessions.begin() as s:
            return self._insert(s, clean)

    def _insert(self, s: Session, patient: Patient) -> Patient:
        now = _now()
        values = patient_values(patient) | {"version": 1, "created_at": now, "updated_at": now}
        values |= self._audit.author.stamps(created=True)
        if self._named:
            values["id"] = self._next_id(s)
        new_id = s.execute(insert(PatientRow).returning(PatientRow.id), values).scalar_one()
        terms = term_rows(new_id, patient)
        if terms:
            s.execute(insert(PatientTermRow), terms)
        self._audit.append(
            s,
            Action.CREATE,
            Kind.PATIENT,
            record_id=new_id,
            patient_id=new_id,
            after=snapshot(patient_values(patient)),
        )
        return patient.with_changes(id=new_id, version=1)

    @staticmethod
    def _next_id(s: Session) -> int:
        """SQLite gives max(id) + 1, an erased patient's number when theirs was the highest;
        numbers their audit entries name are passed over, so an erasure's entry never heads
        another patient's history. (PostgreSQL's sequence never goes back; a trigger refuses
        an erased number there.) Called with the write lock held."""
        live = s.scalar(select(func.max(PatientRow.id))) or 0
        named = s.scalar(select(func.max(AuditRow.patient_id))) or 0
        return max(live, named) + 1

    def get(self, patient_id: int) -> Patient:
        with self._sessions() as s:
            row = s.get(PatientRow, patient_id)
            if row is None or row.deleted_at is not None:
                raise NotFoundError(f"patient {patient_id} does not exist")
            return patient_from_row(row)

    def update(
        self, patient: Patient, *, force: bool = False, today: date | None = None
    ) -> Patient:
        """Save changes; raise ConflictError if someone saved since `patient.version`.

        force=True overwrites knowingly (the user chose to after seeing the conflict).
        """
        patient_id = patient.id
        if patient_id is None:
            raise NotFoundError("patient has no id: add it first")
        clean = validate_patient(patient, today=today)
        with self._sessions.begin() as s:
            # Read (and on PostgreSQL lock) the record first: its entry keeps the before.
            old = s.get(PatientRow, patient_id, with_for_update=True)
            before = snapshot(patient_values(patient_from_row(old))) if old is not None else None
            stmt = update(PatientRow).where(
                PatientRow.id == clean.id, PatientRow.deleted_at.is_(None)
            )
            if not force:
                stmt = stmt.where(PatientRow.version == clean.version)
            values = patient_values(clean) | {
                "version": PatientRow.version + 1,
                "updated_at": _now(),
            }
            values |= self._audit.author.stamps(created=False)
            result = s.execute(stmt.values(values).returning(PatientRow.version))
            new_version = result.scalar_one_or_none()
            if new_version is None:
                row = s.get(PatientRow, clean.id)
                if row is None:
                    raise ErasedError(f"patient {clean.id} was erased")
                if row.deleted_at is not None:
                    raise NotFoundError(f"patient {clean.id} was deleted by someone else")
                raise ConflictError(
                    f"{row.name} was changed by someone else since you opened the record",
                    current_version=row.version,
                )
            s.execute(delete(PatientTermRow).where(PatientTermRow.patient_id == clean.id))
            terms = term_rows(patient_id, clean)
            if terms:
                s.execute(insert(PatientTermRow), terms)
            self._audit.append(
                s,
                Action.CHANGE,
                Kind.PATIENT,
                record_id=patient_id,
                patient_id=patient_id,
                before=before,
                after=snapshot(patient_values(clean)),
            )
            return clean.with_changes(version=new_version)

    def delete(self, patient_id: int) -> None:
        """Soft delete: hidden from lists and search, restorable (restore)."""
        with self._sessions.begin() as s:
            self._set_deleted(s, patient_id, _now())
            s.execute(delete(PatientTermRow).where(PatientTermRow.patient_id == patient_id))
            self._audit.append(
                s, Action.DELETE, Kind.PATIENT, record_id=patient_id, patient_id=patient_id
            )

    def restore(self, patient_id: int) -> None:
        with self._sessions.begin() as s:
            row = self._set_deleted(s, patient_id, None)
            s.execute(delete(PatientTermRow).where(PatientTermRow.patient_id == patient_id))
            terms = term_rows(patient_id, patient_from_row(row))
            if terms:
                s.execute(insert(PatientTermRow), terms)
            self._audit.append(
                s, Action.RESTORE, Kind.PATIENT, record_id=patient_id, patient_id=patient_id
            )

    def _set_deleted(self, s: Session, patient_id: int, when: datetime | None) -> PatientRow:
        row = s.get(PatientRow, patient_id)
        if row is None:
            raise ErasedError(f"patient {patient_id} does not exist")
        row.deleted_at = when
        row.version += 1
        row.updated_at = _now()
        row.updated_by = self._audit.author.practitioner_id
        s.flush()
        return row

    def search(self, query: str = "", *, limit: int = 200, offset: int = 0) -> list[Patient]:
        """See planner.store.listing.search: the same SQL the GUI's first frame runs."""
        with self._engine.connect() as conn:
            raw = self._interactive(conn)
            return listing.search(raw, self._named, query, limit=limit, offset=offset)

    def count(self, query: str = "") -> int:
        with self._engine.connect() as conn:
            return listing.count(self._interactive(conn), self._named, query)

    def _interactive(self, conn: Connection) -> Any:
        """The driver connection, with PostgreSQL's statement timeout for this transaction
        only (imports and upgrades on the same pool may rightly run longer)."""
        if not self._named:
            conn.exec_driver_sql(f"SET LOCAL statement_timeout = {listing.STATEMENT_TIMEOUT_MS}")
        return _driver(conn)

    def add_many(self, s: Session, patients: Sequence[Patient]) -> list[int]:
        """Insert validated patients inside the caller's transaction; ids in input order."""
        now = _now()
        stamps = {"version": 1, "created_at": now, "updated_at": now}
        stamps |= self._audit.author.stamps(created=True)
        rows = [patient_values(p) | stamps for p in patients]
        if not rows:
            return []
        if self._named:
            first = self._next_id(s)
            for n, row in enumerate(rows):
                row["id"] = first + n
        result = s.execute(
            insert(PatientRow).returning(PatientRow.id, sort_by_parameter_order=True), rows
        )
        ids = list(result.scalars())
        terms = [t for pid, p in zip(ids, patients, strict=True) for t in term_rows(pid, p)]
        if terms:
            s.execute(insert(PatientTermRow), terms)
        # One entry per patient; the records themselves are what was imported.
        self._audit.append_many(
            s,
            [
                self._audit.row(s, Action.IMPORT, Kind.PATIENT, record_id=pid, patient_id=pid)
                for pid in ids
            ],
        )
        return ids
