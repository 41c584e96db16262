"""A patient's whole history (needleplan-case/2): every assessment, correction, plan and visit
as stored, and the clinic's protocols as records of their own.

The case (planner.domain.case) is the patient's current state; the history is how they got
there. Records refer to each other by their number in the history's own lists (1-based, in
the order they were recorded), never by a database id: a correction names the assessment it
corrects, a plan the assessment it was made from, a visit the plan it followed.

The safety gate and a history (the decision planner.store and `needleplan import` apply): a
history is a record of decisions already taken, so it is not gated as one new plan against
today's assessment. Each plan is gated as it was when it was recorded: against the assessment
that was then current (recorded at or before it, and not yet corrected), with its own
overrides and that assessment's clearances. The current plan therefore passes exactly when it
passed when stored; a plan that would not have passed is refused. Nothing is weakened: a plan
that a later assessment stops stays stopped at every door (course, handout, a new save).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from planner.domain.assessment import Assessment
from planner.domain.case import Case
from planner.domain.errors import FieldProblem
from planner.domain.patient import Patient
from planner.domain.plan import Plan
from planner.domain.protocol import Protocol
from planner.domain.visit import Visit

HISTORY_FORMAT = "needleplan-case/2"


@dataclass(frozen=True)
class AssessmentRecord:
    """One stored assessment (its id, corrects_id and corrected left unset: `corrects` is the
    number of the assessment this one corrects)."""

    assessment: Assessment
    corrects: int | None = None
    recorded_at: dt.datetime | None = None  # None: recorded by the import that reads it


@dataclass(frozen=True)
class PlanRecord:
    """One stored plan, a version of the patient's plan (each save records a new one)."""

    plan: Plan
    assessment: int | None = None  # the number of the assessment it was made from
    recorded_at: dt.datetime | None = None


@dataclass(frozen=True)
class VisitRecord:
    """One visit as stored, a deleted one too (visit.deleted_at tells)."""

    visit: Visit
    plan: int | None = None  # the number of the plan it followed
    recorded_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class PatientHistory:
    patient: Patient
    assessments: tuple[AssessmentRecord, ...] = ()
    plans: tuple[PlanRecord, ...] = ()
    visits: tuple[VisitRecord, ...] = ()


@dataclass(frozen=True)
class ProtocolRecord:
    """A clinic protocol as stored, a deleted one too (deleted_at)."""

    protocol: Protocol
    recorded_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    deleted_at: dt.datetime | None = None


# One record of a case file: a case (needleplan-case/1), a history or a protocol (/2).
Record = Case | PatientHistory | ProtocolRecord


def link_problems(h: PatientHistory) -> list[FieldProblem]:
    """The references that do not hold: a correction of anything but an earlier assessment,
    an assessment corrected twice, a plan or visit naming a record the history lacks."""
    problems: list[FieldProblem] = []
    corrected_by: dict[int, int] = {}
    for i, a in enumerate(h.assessments):
        number, target = i + 1, a.corrects
        if target is None:
            continue
        field = f"assessments[{i}].corrects"
        if not 1 <= target < number:
            problems.append(FieldProblem(field, _not_earlier(target, number)))
        elif target in corrected_by:
            message = (
                f"assessment {target} is already corrected by assessment {corrected_by[target]}"
            )
            problems.append(FieldProblem(field, message))
        else:
            corrected_by[target] = number
    problems += _link_problems(h.plans, "plans", "assessment", len(h.assessments))
    problems += _link_problems(h.visits, "visits", "plan", len(h.plans))
    problems += _plans_before_their_assessment(h)
    return problems


def _plans_before_their_assessment(h: PatientHistory) -> list[FieldProblem]:
    """A plan is gated against the assessment current when it was saved; one that claims to
    be made from an assessment recorded after it would escape that assessment's findings."""
    problems = []
    for i, r in enumerate(h.plans):
        if r.assessment is None or not 1 <= r.assessment <= len(h.assessments):
            continue
        made_from = h.assessments[r.assessment - 1].recorded_at
        if r.recorded_at is not None and made_from is not None and r.recorded_at < made_from:
            message = f"recorded before assessment {r.assessment}, which it was made from"
            problems.append(FieldProblem(f"plans[{i}].assessment", message))
    return problems


def _not_earlier(target: int, number: int) -> str:
    if number == 1:
        return f"{target} is not an earlier assessment (this is the first)"
    return f"{target} is not an earlier assessment (1 to {number - 1})"


def _link_problems(
    records: Sequence[PlanRecord | VisitRecord], name: str, link: str, count: int
) -> list[FieldProblem]:
    problems = []
    for i, r in enumerate(records):
        target = r.assessment if isinstance(r, PlanRecord) else r.plan
        if target is not None and not 1 <= target <= count:
            known = f"1 to {count}" if count else "there is none"
            message = f"{target} is not one of this history's {link}s ({known})"
            problems.append(FieldProblem(f"{name}[{i}].{link}", message))
    return problems


def current_number(
    h: PatientHistory, *, at: dt.datetime | None = None, now: dt.datetime | None = None
) -> int | None:
    """The number of the assessment that was current at `at` (None: now, every record
    counted): of those recorded by then and not corrected by then, the latest by date (then
    the later recorded). A record without a time counts as recorded `now`, as the import
    stores it."""
    when = _effective(now)
    seen = [
        (n, r)
        for n, r in enumerate(h.assessments, 1)
        if at is None or (r.recorded_at or when) <= at
    ]
    corrected = {r.corrects for _, r in seen if r.corrects is not None}
    current = [(r.assessment.date, n) for n, r in seen if n not in corrected]
    return max(current)[1] if current else None


def current_assessment(
    h: PatientHistory, *, at: dt.datetime | None = None, now: dt.datetime | None = None
) -> Assessment | None:
    """The assessment current at `at` (see current_number)."""
    number = current_number(h, at=at, now=now)
    return None if number is None else h.assessments[number - 1].assessment


def current_case(h: PatientHistory) -> Case:
    """The patient as needleplan-case/1 sees them: the current assessment, the latest plan."""
    plan = h.plans[-1].plan if h.plans else None
    return Case(h.patient, current_assessment(h), plan)


def gated_cases(h: PatientHistory, *, now: dt.datetime | None = None) -> list[tuple[int, Case]]:
    """(index of the plan, the case the gate judged when the plan was recorded) for every
    plan: the patient, the assessment then current and the plan (see the module's note)."""
    when = _effective(now)
    return [
        (i, Case(h.patient, current_assessment(h, at=r.recorded_at or when, now=when), r.plan))
        for i, r in enumerate(h.plans)
    ]


def _effective(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else dt.datetime.now(dt.UTC)
