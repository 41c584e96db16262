"""Handouts as given to a patient: each printed or saved PDF kept, with an audit entry, so
the patient's archive holds exactly what they were given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.audit import Action, Kind
from planner.domain.errors import NotFoundError
from planner.store.audit import AuditTrail
from planner.store.tables import HandoutGivenRow, PatientRow

HOW = ("printed", "saved", "given")


@dataclass(frozen=True)
class GivenHandout:
    id: int
    patient_id: int
    given_at: dt.datetime
    how: str
    pdf: bytes
    plan_id: int | None = None


class HandoutRecords:
    def __init__(self, sessions: sessionmaker[Session], audit: AuditTrail) -> None:
        self._sessions = sessions
        self._audit = audit

    def record_given(
        self, patient_id: int, pdf: bytes, *, how: str, plan_id: int | None = None
    ) -> int:
        """Keep the PDF as given (`how`: printed, saved or given) and append its entry."""
        if how not in HOW:
            raise ValueError(f"how must be one of {HOW}")
        with self._sessions.begin() as s:
            row = s.get(PatientRow, patient_id)
            if row is None or row.deleted_at is not None:
                raise NotFoundError(f"patient {patient_id} does not exist")
            new_id = s.execute(
                insert(HandoutGivenRow).returning(HandoutGivenRow.id),
                {
                    "patient_id": patient_id,
                    "plan_id": plan_id,
                    "given_at": dt.datetime.now(dt.UTC),
                    "how": how,
                    "practitioner_id": self._audit.author.practitioner_id,
                    "pdf": pdf,
                },
            ).scalar_one()
            self._audit.append(
                s,
                Action.HANDOUT,
                Kind.HANDOUT,
                record_id=new_id,
                patient_id=patient_id,
                details={"how": how, "plan_id": plan_id, "bytes": len(pdf)},
            )
        return int(new_id)

    def given(self, patient_id: int) -> list[GivenHandout]:
        """The patient's handouts as given, oldest first."""
        with self._sessions() as s:
            rows = s.scalars(
                select(HandoutGivenRow)
                .where(HandoutGivenRow.patient_id == patient_id)
                .order_by(HandoutGivenRow.given_at, HandoutGivenRow.id)
            )
            return [
                GivenHandout(
                    id=r.id,
                    patient_id=r.patient_id,
                    given_at=r.given_at if r.given_at.tzinfo else r.given_at.replace(tzinfo=dt.UTC),
                    how=r.how,
                    pdf=bytes(r.pdf),
                    plan_id=r.plan_id,
                )
                for r in rows
            ]
