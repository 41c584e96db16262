"""A complete import written in one transaction: cases (needleplan-case/1), whole histories
and protocols (needleplan-case/2), all or nothing.

Each history's records keep their times and their links: a correction points at the new id
of the assessment it corrects, a plan at its assessment's, a visit at its plan's. Records are
gated as they arrive (planner.domain.history explains how a history meets the safety gate)
and written in batches of multi-row INSERTs, so memory stays flat however long the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.audit import Action, Kind
from planner.domain.case import Case
from planner.domain.errors import ValidationError
from planner.domain.history import PatientHistory, ProtocolRecord, Record, gated_cases
from planner.store.audit import AuditTrail
from planner.store.cases import IMPORT_BATCH, CaseRepository
from planner.store.history import ImportResult
from planner.store.id_runs import IdRuns
from planner.store.mapping import assessment_values, plan_values, target_values, visit_values
from planner.store.patients import PatientRepository
from planner.store.protocols import name_key, protocol_from_row
from planner.store.protocols import target_values as protocol_target_values
from planner.store.tables import AssessmentRow, PlanRow, PlanTargetRow, ProtocolRow, VisitRow

IMPORT_ROWS = 5000  # rows a batch of histories may hold before it is written


def import_records(
    sessions: sessionmaker[Session],
    patients: PatientRepository,
    cases: CaseRepository,
    audit: AuditTrail,
    records: Iterable[Record],
) -> ImportResult:
    """Store already-validated records in one transaction; SafetyStop when the gate stops
    a plan, ValidationError when a live protocol's name is taken by another protocol, and
    anything the stream raises part-way: each rolls the whole import back.

    Patient ids come back in input order. A protocol identical to a live one of the same
    name (targets and notes) is kept, not added twice, so a file can be imported again.
    """
    now = datetime.now(UTC)
    result = ImportResult(IdRuns())
    writer = _Writer(patients, cases, now, audit.author.practitioner_id)
    with sessions.begin() as s:
        for record in records:
            if isinstance(record, ProtocolRecord):
                _protocol(s, record, now, result, audit)
                continue
            writer.gate(record)
            if writer.full(record):
                result.patients.extend(writer.flush(s))
            writer.add(record)
        result.patients.extend(writer.flush(s))
    return result


class _Writer:
    """The batch being gathered: cases or histories, never both, so ids keep input order."""

    def __init__(
        self,
        patients: PatientRepository,
        cases: CaseRepository,
        now: datetime,
        author: int | None,
    ):
        self.patients = patients
        self.cases = cases
        self.now = now
        self.author = author
        self.pending: list[Case] | list[PatientHistory] = []
        self.rows = 0

    def gate(self, record: Case | PatientHistory) -> None:
        if isinstance(record, Case):
            self.cases.gate(record, "imported")
            return
        for _, case in gated_cases(record, now=self.now):
            self.cases.gate(case, "imported")

    def full(self, record: Case | PatientHistory) -> bool:
        if not self.pending:
            return False
        other_kind = isinstance(record, Case) != isinstance(self.pending[0], Case)
        return other_kind or len(self.pending) >= IMPORT_BATCH or self.rows >= IMPORT_ROWS

    def add(self, record: Case | PatientHistory) -> None:
        self.pending.append(record)  # type: ignore[arg-type]  # full() kept one kind
        if isinstance(record, PatientHistory):
            self.rows += 1 + len(record.assessments) + len(record.plans) + len(record.visits)

    def flush(self, s: Session) -> list[int]:
        batch, self.pending, self.rows = self.pending, [], 0
        if not batch:
            return []
        if isinstance(batch[0], Case):
            return self.cases.insert_batch(s, batch, self.now)
        return _histories(s, self.patients, batch, self.now, {"created_by": self.author})


def _histories(
    s: Session,
    patients: PatientRepository,
    batch: Sequence[PatientHistory],
    now: datetime,
    author: dict[str, int | None],
) -> list[int]:
    """Patients, assessments (then their corrections' links), plans, targets and visits:
    one multi-row INSERT each; the new ids in the order of the batch. `author` (created_by:
    who imported them) goes on each record."""
    pids = patients.add_many(s, [h.patient for h in batch])
    a_ids = _inserted(
        s,
        AssessmentRow,
        [
            [
                assessment_values(replace(r.assessment, corrects_id=None), pid, now)
                | {"created_at": r.recorded_at or now}
                | author
                for r in h.assessments
            ]
            for pid, h in zip(pids, batch, strict=True)
        ],
    )
    links = [
        {"id": ids[i], "corrects_id": ids[r.corrects - 1]}
        for h, ids in zip(batch, a_ids, strict=True)
        for i, r in enumerate(h.assessments)
        if r.corrects is not None
    ]
    if links:
        s.execute(update(AssessmentRow), links)  # by primary key, one executemany
    p_ids = _inserted(
        s,
        PlanRow,
        [
            [
                plan_values(r.plan, pid, _link(ids, r.assessment))
                | _stamps(r.recorded_at, now)
                | author
                for r in h.plans
            ]
            for pid, h, ids in zip(pids, batch, a_ids, strict=True)
        ],
    )
    targets = [
        row
        for h, ids in zip(batch, p_ids, strict=True)
        for r, plan_id in zip(h.plans, ids, strict=True)
        for row in target_values(r.plan, plan_id)
    ]
    if targets:
        s.execute(insert(PlanTargetRow), targets)
    visits = [
        visit_values(replace(r.visit, plan_id=_link(ids, r.plan)))
        | {
            "patient_id": pid,
            "version": 1,
            "created_at": r.recorded_at or now,
            "updated_at": r.updated_at,
            "deleted_at": r.visit.deleted_at,
            "created_by": author["created_by"],
            "updated_by": author["created_by"],
        }
        for pid, h, ids in zip(pids, batch, p_ids, strict=True)
        for r in h.visits
    ]
    if visits:
        s.execute(insert(VisitRow), visits)
    return pids


def _inserted(
    s: Session, table: type[AssessmentRow] | type[PlanRow], groups: list[list[dict[str, Any]]]
) -> list[list[int]]:
    """Insert every group's rows in one statement; the new ids, grouped alike."""
    rows = [row for group in groups for row in group]
    if not rows:
        return [[] for _ in groups]
    result = s.execute(insert(table).returning(table.id, sort_by_parameter_order=True), rows)
    new = iter(list(result.scalars()))
    return [[next(new) for _ in group] for group in groups]


def _link(ids: list[int], number: int | None) -> int | None:
    return None if number is None else ids[number - 1]


def _stamps(recorded_at: datetime | None, now: datetime) -> dict[str, Any]:
    at = recorded_at or now
    return {"version": 1, "created_at": at, "updated_at": at}


def _protocol(
    s: Session, r: ProtocolRecord, now: datetime, result: ImportResult, audit: AuditTrail
) -> None:
    p = r.protocol
    key = name_key(p.name)
    if r.deleted_at is None:
        taken = s.scalars(
            select(ProtocolRow).where(ProtocolRow.name_key == key, ProtocolRow.deleted_at.is_(None))
        ).first()
        if taken is not None:
            there = protocol_from_row(taken)
            if (there.targets, there.notes) == (p.targets, p.notes):
                result.protocols_kept += 1
                return
            raise ValidationError.single(
                "protocol.name",
                f"a protocol named {taken.name!r} exists with other targets or notes; rename "
                "one of them",
            )
    at = r.recorded_at or now
    new_id = s.execute(
        insert(ProtocolRow).returning(ProtocolRow.id),
        {
            "name": p.name,
            "name_key": key,
            "targets": [protocol_target_values(t) for t in p.targets],
            "notes": p.notes,
            "version": 1,
            "created_at": at,
            "updated_at": r.updated_at or at,
            "deleted_at": r.deleted_at,
        }
        | audit.author.stamps(created=True),
    ).scalar_one()
    audit.append(s, Action.IMPORT, Kind.PROTOCOL, record_id=new_id, after={"name": p.name})
    result.protocols += 1


__all__ = ["IMPORT_ROWS", "import_records"]
