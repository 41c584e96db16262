"""Practitioner profiles: add, change, list, and the one bound to a PostgreSQL role."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.audit import Action, Kind, Snapshot
from planner.domain.errors import NotFoundError, ValidationError
from planner.domain.practitioner import Practitioner, validate_practitioner
from planner.store.audit import AuditTrail
from planner.store.tables import PractitionerRow


def _values(p: Practitioner) -> dict[str, str | None]:
    return {
        "name": p.name,
        "role": p.role,
        "registration": p.registration,
        "db_role": p.db_role or None,  # NULLs do not collide in the unique index
    }


def _snapshot(p: Practitioner) -> Snapshot:
    return {"name": p.name, "role": p.role, "registration": p.registration, "db_role": p.db_role}


def _from_row(row: PractitionerRow) -> Practitioner:
    return Practitioner(
        name=row.name,
        role=row.role,
        registration=row.registration,
        db_role=row.db_role or "",
        id=row.id,
    )


def _role_taken(p: Practitioner) -> ValidationError:
    return ValidationError.single("db_role", f"{p.db_role} already has a profile")


class PractitionerRepository:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditTrail) -> None:
        self._sessions = sessions
        self._audit = audit

    def add(self, practitioner: Practitioner) -> Practitioner:
        clean = validate_practitioner(practitioner)
        try:
            with self._sessions.begin() as s:
                new_id = s.execute(
                    insert(PractitionerRow).returning(PractitionerRow.id),
                    _values(clean) | {"created_at": datetime.now(UTC)},
                ).scalar_one()
                self._audit.append(
                    s, Action.CREATE, Kind.PRACTITIONER, record_id=new_id, after=_snapshot(clean)
                )
        except IntegrityError:
            raise _role_taken(clean) from None
        return Practitioner(**{**clean.__dict__, "id": new_id})

    def update(self, practitioner: Practitioner) -> Practitioner:
        clean = validate_practitioner(practitioner)
        if clean.id is None:
            raise NotFoundError("practitioner has no id: add them first")
        try:
            with self._sessions.begin() as s:
                row = s.get(PractitionerRow, clean.id, with_for_update=True)
                if row is None:
                    raise NotFoundError(f"practitioner {clean.id} does not exist")
                before = _snapshot(_from_row(row))
                s.execute(
                    update(PractitionerRow)
                    .where(PractitionerRow.id == clean.id)
                    .values(_values(clean))
                )
                self._audit.append(
                    s,
                    Action.CHANGE,
                    Kind.PRACTITIONER,
                    record_id=clean.id,
                    before=before,
                    after=_snapshot(clean),
                )
        except IntegrityError:
            raise _role_taken(clean) from None
        return clean

    def list(self) -> list[Practitioner]:
        with self._sessions() as s:
            rows = s.scalars(select(PractitionerRow).order_by(PractitionerRow.name))
            return [_from_row(r) for r in rows]

    def get(self, practitioner_id: int) -> Practitioner:
        with self._sessions() as s:
            row = s.get(PractitionerRow, practitioner_id)
            if row is None:
                raise NotFoundError(f"practitioner {practitioner_id} does not exist")
            return _from_row(row)

    def for_role(self, db_role: str) -> Practitioner | None:
        with self._sessions() as s:
            row = s.scalars(
                select(PractitionerRow).where(PractitionerRow.db_role == db_role)
            ).first()
            return _from_row(row) if row is not None else None

    def find(self, text: str) -> Practitioner:
        """By id (digits) or by exact name, case ignored; NotFoundError otherwise."""
        wanted = text.strip()
        if wanted.isdigit():
            return self.get(int(wanted))
        matches = [p for p in self.list() if p.name.casefold() == wanted.casefold()]
        if len(matches) != 1:
            why = "no practitioner" if not matches else "more than one practitioner"
            raise NotFoundError(f"{why} has that name; give the id (needleplan practitioner list)")
        return matches[0]
