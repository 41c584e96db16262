"""A whole history's links hold in time: a plan is never older than the assessment it names."""

from __future__ import annotations

import datetime as dt

from planner.domain.assessment import Assessment
from planner.domain.history import AssessmentRecord, PatientHistory, PlanRecord, link_problems
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.vocab import Sex, Side


def at(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 10, tzinfo=dt.UTC)


def history(plan_day: int) -> PatientHistory:
    """Found in review: a plan recorded before its (red-flagged) assessment escaped the gate."""
    flagged = Assessment(dt.date(2026, 11, 1), complaint="neck", red_flags=("trauma",))
    plan = Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT),))
    return PatientHistory(
        Patient("X", dt.date(1990, 1, 1), Sex.FEMALE),
        assessments=(AssessmentRecord(flagged, recorded_at=at(2)),),
        plans=(PlanRecord(plan, assessment=1, recorded_at=at(plan_day)),),
    )


def test_a_plan_recorded_before_the_assessment_it_names_is_refused() -> None:
    problems = link_problems(history(plan_day=1))
    assert [(p.field, p.message) for p in problems] == [
        ("plans[0].assessment", "recorded before assessment 1, which it was made from")
    ]


def test_a_plan_recorded_after_its_assessment_links_cleanly() -> None:
    assert link_problems(history(plan_day=3)) == []
