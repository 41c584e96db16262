"""Complete export and import (needleplan-case/2): every patient's whole history and the
clinic's protocols, read in batches and written in one transaction.

Reading: each live patient's assessments (corrected versions included), plans (every saved
version), visits (deleted ones included) in the order recorded, with their times; database ids
become the history's own numbers (planner.domain.history). Writing: planner.store.history_write.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.history import (
    AssessmentRecord,
    PatientHistory,
    PlanRecord,
    ProtocolRecord,
    Record,
    VisitRecord,
)
from planner.store.audit import AuditTrail
from planner.store.cases import CaseRepository
from planner.store.id_runs import IdRuns
from planner.store.mapping import (
    assessment_from_row,
    patient_from_row,
    plan_from_rows,
    visit_from_row,
)
from planner.store.patients import PatientRepository
from planner.store.protocols import protocol_from_row
from planner.store.tables import (
    AssessmentRow,
    PatientRow,
    PlanRow,
    PlanTargetRow,
    ProtocolRow,
    VisitRow,
)

HISTORY_BATCH = 100  # patients read per round trip; a history may hold hundreds of visits


def utc(when: datetime) -> datetime:
    """A stored time in UTC: SQLite hands back the UTC it was given without its zone,
    PostgreSQL the instant in the session's zone."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _optional_utc(when: datetime | None) -> datetime | None:
    return None if when is None else utc(when)


@dataclass
class ImportResult:
    """What a complete import wrote: the new patients' ids in input order, the protocols
    added, and those already there (the same name, targets and notes) that were kept."""

    patients: IdRuns
    protocols: int = 0
    protocols_kept: int = 0


class HistoryRepository:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        patients: PatientRepository,
        cases: CaseRepository,
        audit: AuditTrail,
    ) -> None:
        self._sessions = sessions
        self._patients = patients
        self._cases = cases
        self._audit = audit

    def iter_histories(
        self, patient_ids: Sequence[int] | None = None, *, include_deleted: bool = False
    ) -> Iterator[PatientHistory]:
        """Live patients' histories (deleted ones too with include_deleted: a patient's
        archive) in id order, HISTORY_BATCH patients a read, so memory stays flat however
        many there are."""
        last_id = 0
        while True:
            with self._sessions() as s:
                _one_snapshot(s)
                stmt = select(PatientRow).where(PatientRow.id > last_id)
                if not include_deleted:
                    stmt = stmt.where(PatientRow.deleted_at.is_(None))
                if patient_ids is not None:
                    stmt = stmt.where(PatientRow.id.in_(patient_ids))
                rows = list(s.scalars(stmt.order_by(PatientRow.id).limit(HISTORY_BATCH)))
                if not rows:
                    return
                batch = self._histories(s, rows)
            last_id = rows[-1].id
            yield from batch

    def iter_protocols(self) -> Iterator[ProtocolRecord]:
        """Every protocol in the order added, deleted ones too (they can be restored)."""
        with self._sessions() as s:
            rows = list(s.scalars(select(ProtocolRow).order_by(ProtocolRow.id)))
        for row in rows:
            protocol = replace(protocol_from_row(row), id=None, version=0, created_on=None)
            yield ProtocolRecord(
                protocol, utc(row.created_at), utc(row.updated_at), _optional_utc(row.deleted_at)
            )

    def count_protocols(self) -> int:
        with self._sessions() as s:
            return int(s.scalar(select(func.count()).select_from(ProtocolRow)) or 0)

    def import_records(self, records: Iterable[Record]) -> ImportResult:
        """Store cases (needleplan-case/1), histories and protocols in one transaction, all
        or nothing; see planner.store.history_write.import_records."""
        from planner.store.history_write import import_records

        return import_records(self._sessions, self._patients, self._cases, self._audit, records)

    @staticmethod
    def _histories(s: Session, rows: Sequence[PatientRow]) -> list[PatientHistory]:
        ids = [r.id for r in rows]
        assessments = _by_patient(
            s.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.patient_id.in_(ids))
                .order_by(AssessmentRow.id)
            )
        )
        plans = _by_patient(
            s.scalars(select(PlanRow).where(PlanRow.patient_id.in_(ids)).order_by(PlanRow.id))
        )
        targets: dict[int, list[PlanTargetRow]] = {}
        for t in s.scalars(
            select(PlanTargetRow)
            .join(PlanRow, PlanRow.id == PlanTargetRow.plan_id)
            .where(PlanRow.patient_id.in_(ids))
        ):
            targets.setdefault(t.plan_id, []).append(t)
        visits = _by_patient(
            s.scalars(select(VisitRow).where(VisitRow.patient_id.in_(ids)).order_by(VisitRow.id))
        )
        return [
            _history(
                row,
                assessments.get(row.id, []),
                plans.get(row.id, []),
                targets,
                visits.get(row.id, []),
            )
            for row in rows
        ]


def _one_snapshot(s: Session) -> None:
    """Every statement of this read sees the same commits. PostgreSQL's default shows each
    statement the latest, so a visit saved between the reads of plans and of visits could
    name a plan the read missed; SQLite's transaction is one snapshot already."""
    if s.get_bind().dialect.name == "postgresql":
        s.connection(execution_options={"isolation_level": "REPEATABLE READ"})


_Row = TypeVar("_Row", AssessmentRow, PlanRow, VisitRow)


def _by_patient(rows: Iterable[_Row]) -> dict[int, list[_Row]]:
    grouped: dict[int, list[_Row]] = {}
    for r in rows:
        grouped.setdefault(r.patient_id, []).append(r)
    return grouped


def _history(
    patient: PatientRow,
    assessments: list[AssessmentRow],
    plans: list[PlanRow],
    targets: dict[int, list[PlanTargetRow]],
    visits: list[VisitRow],
) -> PatientHistory:
    """One patient's rows as a history: ids become numbers in the history's own lists."""
    a_number = {a.id: n for n, a in enumerate(assessments, 1)}
    p_number = {p.id: n for n, p in enumerate(plans, 1)}
    return PatientHistory(
        replace(patient_from_row(patient), id=None, version=0),
        tuple(
            AssessmentRecord(
                replace(assessment_from_row(a), id=None, corrects_id=None),
                a_number.get(a.corrects_id) if a.corrects_id is not None else None,
                utc(a.created_at),
            )
            for a in assessments
        ),
        tuple(
            PlanRecord(
                replace(plan_from_rows(p, targets.get(p.id, [])), id=None, version=0),
                a_number.get(p.assessment_id) if p.assessment_id is not None else None,
                utc(p.created_at),
            )
            for p in plans
        ),
        tuple(
            VisitRecord(
                replace(
                    visit_from_row(v),
                    id=None,
                    version=0,
                    plan_id=None,
                    deleted_at=_optional_utc(v.deleted_at),
                ),
                p_number.get(v.plan_id) if v.plan_id is not None else None,
                utc(v.created_at),
                _optional_utc(v.updated_at),
            )
            for v in visits
        ),
    )
