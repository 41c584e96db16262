"""Whole cases in and out: all-or-nothing import, export, latest assessment and plan."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from enum import Enum
from itertools import islice
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from planner.domain.assessment import Assessment
from planner.domain.audit import Action
from planner.domain.case import Case
from planner.domain.errors import ConflictError, NotFoundError, ValidationError
from planner.domain.health_record import MEDICATIONS, carry_forward, correction_problems
from planner.domain.plan import Plan
from planner.store.audit import AuditTrail
from planner.store.case_audit import assessment_entries, latest_plan, plan_entries
from planner.store.id_runs import IdRuns
from planner.store.mapping import (
    assessment_from_row,
    assessment_values,
    patient_from_row,
    plan_from_rows,
    plan_values,
    target_values,
)
from planner.store.patients import PatientRepository
from planner.store.tables import (
    AssessmentRow,
    PatientRow,
    PlanRow,
    PlanTargetRow,
)

EXPORT_BATCH = 1000
IMPORT_BATCH = 1000  # cases per multi-row INSERT; an import is still one transaction


class _Unchecked(Enum):
    """save_plan's default: the caller does not say which plan it saw (import, scripts)."""

    UNCHECKED = 0


if TYPE_CHECKING:
    from planner.domain.findings import Finding

Screen = Callable[[Case], Sequence["Finding"]]


def _shipped_screen(case: Case) -> Sequence[Finding]:
    # The screening loads on first save, not when the GUI's store opens.
    from planner.catalog.safety import case_findings  # the catalog loads on first save

    return case_findings(case)


# Assessments no later row corrects: the current versions.
def _current() -> ColumnElement[bool]:
    corrected = select(AssessmentRow.corrects_id).where(AssessmentRow.corrects_id.is_not(None))
    return AssessmentRow.id.not_in(corrected)


class CaseRepository:
    """Cases in and out. Every plan that enters, by save or import, passes the safety gate
    (planner.domain.gate) against the patient's current assessment: SafetyStop otherwise,
    and nothing is written."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        patients: PatientRepository,
        audit: AuditTrail,
        screen: Screen = _shipped_screen,
    ) -> None:
        self._sessions = sessions
        self._patients = patients
        self._audit = audit
        self._screen = screen

    def gate(self, case: Case, action: str) -> None:
        """SafetyStop when the gate stops the case's plan (`action` words the message)."""
        if case.plan is not None:
            from planner.domain.gate import check_gate

            check_gate(self._screen(case), action=action)

    def import_cases(self, cases: Iterable[Case]) -> list[int]:
        """Store already-validated cases in one transaction, all or nothing; the new patient
        ids in input order. SafetyStop (nothing stored) when the safety gate stops any
        case's plan. See import_stream, which this is with the ids as a list."""
        return list(self.import_stream(cases))

    def import_stream(self, cases: Iterable[Case]) -> IdRuns:
        """import_cases for a stream of any length (planner.casefile.iter_cases): cases are
        gated and written IMPORT_BATCH at a time inside one transaction, so memory stays flat
        however many there are, the ids included (kept as runs); anything the stream raises
        part-way (a bad record found late) rolls the whole import back."""
        now = datetime.now(UTC)
        ids = IdRuns()
        stream = iter(cases)
        with self._sessions.begin() as s:
            while batch := list(islice(stream, IMPORT_BATCH)):
                for case in batch:
                    self.gate(case, "imported")
                ids.extend(self.insert_batch(s, batch, now))
        return ids

    def insert_batch(self, s: Session, batch: Sequence[Case], now: datetime) -> list[int]:
        """Patients, assessments, plans and targets, one multi-row INSERT each."""
        pids = self._patients.add_many(s, [c.patient for c in batch])
        pairs = list(zip(pids, batch, strict=True))
        assessed = [(pid, c.assessment) for pid, c in pairs if c.assessment is not None]
        assessment_ids: dict[int, int] = {}
        author = self._audit.author.stamps(created=True)
        if assessed:
            result = s.execute(
                insert(AssessmentRow).returning(AssessmentRow.id, sort_by_parameter_order=True),
                [
                    assessment_values(a, pid, now) | {"created_by": author["created_by"]}
                    for pid, a in assessed
                ],
            )
            new_ids = result.scalars()
            assessment_ids = dict(zip((pid for pid, _ in assessed), new_ids, strict=True))
        planned = [(pid, c.plan) for pid, c in pairs if c.plan is not None]
        if planned:
            stamps = {"version": 1, "created_at": now, "updated_at": now}
            stamps["created_by"] = author["created_by"]
            result = s.execute(
                insert(PlanRow).returning(PlanRow.id, sort_by_parameter_order=True),
                [plan_values(p, pid, assessment_ids.get(pid)) | stamps for pid, p in planned],
            )
            targets = [
                row
                for (_, plan), plan_id in zip(planned, result.scalars(), strict=True)
                for row in target_values(plan, plan_id)
            ]
            if targets:
                s.execute(insert(PlanTargetRow), targets)
        return pids

    def save_assessment(self, patient_id: int, assessment: Assessment) -> Assessment:
        """Record a new dated assessment (earlier ones stay), carried forward from the
        patient's current one (planner.domain.health_record): a condition or red flag
        leaves the health record only when the new assessment names it in `removed`."""
        with self._sessions.begin() as s:
            self._require_patient(s, patient_id, lock=True)
            # A back-dated assessment starts from the one before its own date.
            previous = self._latest_assessment(s, patient_id, on_or_before=assessment.date)
            merged = carry_forward(previous, replace(assessment, corrects_id=None))
            new_id = self._record(s, Action.CREATE, patient_id, merged, previous)
        return replace(merged, id=new_id)

    def correct_assessment(self, assessment_id: int, corrected: Assessment) -> Assessment:
        """Replace the patient's latest assessment by a corrected version; the earlier one
        is kept and listed as corrected.

        Only the latest can be corrected, and not to a date before another assessment (the
        correction takes its place). A condition or red flag it drops must be named in
        `removed`, as for a new assessment (ValidationError otherwise). ConflictError if
        someone corrected it or saved a later assessment since. The gate is not asked: a
        correction may raise a red flag, which then stops the plan at the other doors.
        """
        with self._sessions.begin() as s:
            old_row = s.get(AssessmentRow, assessment_id)
            if old_row is None:
                raise NotFoundError(f"assessment {assessment_id} does not exist")
            pid = old_row.patient_id
            self._require_patient(s, pid, lock=True)
            latest = self._latest_assessment(s, pid)
            if latest is None or latest.id != assessment_id:
                raise ConflictError(
                    "this is no longer the patient's latest assessment (someone corrected it "
                    "or saved a later one): reopen the patient to see the latest"
                )
            old = assessment_from_row(old_row)
            before = self._latest_assessment(s, pid, exclude=assessment_id)
            problems = correction_problems(old, corrected, before)
            if problems:
                raise ValidationError(problems)
            kept = tuple(
                x
                for x in old.removed
                if x not in corrected.removed
                and x not in corrected.conditions
                and x not in corrected.red_flags
                and not (x == MEDICATIONS and corrected.medications)
            )
            version = replace(
                corrected,
                removed=corrected.removed + kept,
                corrects_id=assessment_id,
                corrected=False,
            )
            try:
                new_id = self._record(s, Action.CORRECT, pid, version, old)
            except IntegrityError:  # the unique corrects_id: a correction raced this one
                raise ConflictError(
                    "someone else corrected this assessment since you opened it"
                ) from None
        return replace(version, id=new_id)

    def _record(
        self, s: Session, action: str, patient_id: int, new: Assessment, old: Assessment | None
    ) -> int:
        """Insert the assessment with its author, and its audit entries (its clearances)."""
        values = assessment_values(new, patient_id, datetime.now(UTC))
        values["created_by"] = self._audit.author.practitioner_id
        new_id: int = s.execute(
            insert(AssessmentRow).returning(AssessmentRow.id), values
        ).scalar_one()
        entries = assessment_entries(
            self._audit,
            s,
            action=action,
            record_id=new_id,
            patient_id=patient_id,
            new=new,
            old=old,
        )
        self._audit.append_many(s, entries)
        return new_id

    @staticmethod
    def _latest_assessment(
        s: Session,
        patient_id: int,
        *,
        on_or_before: date | None = None,
        exclude: int | None = None,
    ) -> Assessment | None:
        stmt = select(AssessmentRow).where(AssessmentRow.patient_id == patient_id, _current())
        if on_or_before is not None:
            stmt = stmt.where(AssessmentRow.date <= on_or_before)
        if exclude is not None:
            stmt = stmt.where(AssessmentRow.id != exclude)
        row = s.scalars(
            stmt.order_by(AssessmentRow.date.desc(), AssessmentRow.id.desc()).limit(1)
        ).first()
        return assessment_from_row(row) if row is not None else None

    def save_plan(
        self,
        patient_id: int,
        plan: Plan,
        assessment_id: int | None = None,
        *,
        based_on: int | _Unchecked | None = _Unchecked.UNCHECKED,
    ) -> Plan:
        """Record a new latest plan (earlier ones stay).

        based_on is the id of the latest plan the caller read (None: there was none); if
        someone saved another plan since, ConflictError, and nothing is saved.
        """
        now = datetime.now(UTC)
        with self._sessions.begin() as s:
            # Locks the patient row on PostgreSQL so two saves of one patient's plan queue up
            # (and an assessment saved meanwhile cannot slip past the gate).
            row = self._require_patient(s, patient_id, lock=True)
            case = Case(patient_from_row(row), self._latest_assessment(s, patient_id), plan)
            self.gate(case, "saved")
            old_plan = latest_plan(s, patient_id)
            values = plan_values(plan, patient_id, assessment_id) | {
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "created_by": self._audit.author.practitioner_id,
            }
            plan_id = s.execute(insert(PlanRow).returning(PlanRow.id), values).scalar_one()
            if based_on is not _Unchecked.UNCHECKED:
                # After the insert: on SQLite the write lock is held, so this sees every commit.
                previous = s.scalar(
                    select(func.max(PlanRow.id)).where(
                        PlanRow.patient_id == patient_id, PlanRow.id != plan_id
                    )
                )
                if previous != based_on:
                    raise ConflictError(
                        "someone else saved a plan for this patient since you opened it"
                    )
            targets = target_values(plan, plan_id)
            if targets:
                s.execute(insert(PlanTargetRow), targets)
            self._audit.append_many(
                s,
                plan_entries(
                    self._audit,
                    s,
                    plan_id=plan_id,
                    patient_id=patient_id,
                    new=plan,
                    old=old_plan,
                ),
            )
        return Plan(**{**plan.__dict__, "id": plan_id, "version": 1})

    @staticmethod
    def _require_patient(s: Session, patient_id: int, *, lock: bool = False) -> PatientRow:
        row = s.get(PatientRow, patient_id, with_for_update=lock)
        if row is None or row.deleted_at is not None:
            raise NotFoundError(f"patient {patient_id} does not exist")
        return row

    def assessments(self, patient_id: int) -> list[Assessment]:
        """Every assessment of the patient, newest first; corrected versions included and
        marked (`corrected`), each listed after the version that corrects it."""
        with self._sessions() as s:
            rows = list(
                s.scalars(
                    select(AssessmentRow)
                    .where(AssessmentRow.patient_id == patient_id)
                    .order_by(AssessmentRow.date.desc(), AssessmentRow.id.desc())
                )
            )
            corrected = {r.corrects_id for r in rows if r.corrects_id is not None}
            return [assessment_from_row(r, corrected=r.id in corrected) for r in rows]

    def get_case(self, patient_id: int) -> Case:
        with self._sessions() as s:
            row = s.get(PatientRow, patient_id)
            if row is None or row.deleted_at is not None:
                raise NotFoundError(f"patient {patient_id} does not exist")
            return self._cases(s, [row])[0]

    def iter_cases(self, patient_ids: Sequence[int] | None = None) -> Iterator[Case]:
        """Live patients' cases in id order, read in batches so memory stays flat."""
        last_id = 0
        while True:
            with self._sessions() as s:
                stmt = select(PatientRow).where(
                    PatientRow.deleted_at.is_(None), PatientRow.id > last_id
                )
                if patient_ids is not None:
                    stmt = stmt.where(PatientRow.id.in_(patient_ids))
                rows = list(s.scalars(stmt.order_by(PatientRow.id).limit(EXPORT_BATCH)))
                if not rows:
                    return
                batch = self._cases(s, rows)
            last_id = rows[-1].id
            yield from batch

    @staticmethod
    def _cases(s: Session, rows: Sequence[PatientRow]) -> list[Case]:
        ids = [r.id for r in rows]
        latest_assessment: dict[int, AssessmentRow] = {}
        for a in s.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.patient_id.in_(ids), _current())
            .order_by(AssessmentRow.date, AssessmentRow.id)
        ):
            latest_assessment[a.patient_id] = a
        latest_plan: dict[int, PlanRow] = {}
        for p in s.scalars(select(PlanRow).where(PlanRow.patient_id.in_(ids)).order_by(PlanRow.id)):
            latest_plan[p.patient_id] = p
        targets: dict[int, list[PlanTargetRow]] = {}
        plan_ids = [p.id for p in latest_plan.values()]
        if plan_ids:
            for t in s.scalars(select(PlanTargetRow).where(PlanTargetRow.plan_id.in_(plan_ids))):
                targets.setdefault(t.plan_id, []).append(t)
        cases = []
        for row in rows:
            a_row = latest_assessment.get(row.id)
            p_row = latest_plan.get(row.id)
            cases.append(
                Case(
                    patient=patient_from_row(row),
                    assessment=assessment_from_row(a_row) if a_row else None,
                    plan=plan_from_rows(p_row, targets.get(p_row.id, [])) if p_row else None,
                )
            )
        return cases
