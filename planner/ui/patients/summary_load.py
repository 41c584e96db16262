"""The summary's clinical part for one case: screened, its course placed, put in words.

Imported by PatientSummary on its first full read (never at start-up): it pulls in the
screening and the course planner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planner.domain.case import Case
from planner.domain.course.for_case import course_with_response
from planner.domain.course.position import course_position
from planner.domain.errors import DomainError
from planner.domain.findings import Finding
from planner.domain.gate import stopping_findings
from planner.domain.screening import screen_case
from planner.domain.visit import Visit
from planner.ui.patients.plan_text import plan_heading, target_lines
from planner.ui.patients.sections import Line
from planner.ui.patients.summary_text import (
    course_lines,
    day_text,
    health_lines,
    is_red_flag,
    last_visit_lines,
    red_flag_lines,
)
from planner.ui.reference import Screening

NO_COURSE = "No course planned yet: plan it on the Course step."
COURSE_INCOMPLETE = "The course cannot be drawn yet: the Course step says what it needs."


@dataclass(frozen=True)
class ClinicalSummary:
    record: tuple[Line, ...]
    red_flags: tuple[Line, ...]
    assessed: str  # which assessment the alerts come from
    targets: tuple[Line, ...]
    plan: str  # the modality and session length
    course: tuple[Line, ...]
    last_visit: tuple[Line, ...]


def clinical_summary(
    case: Case, visits: Sequence[Visit], screening: Screening, today: date
) -> ClinicalSummary:
    findings = screen_case(case, screening.catalog, screening.rules)
    a = case.assessment
    assessed = f"From the assessment of {day_text(a.date, today)}" if a is not None else ""
    return ClinicalSummary(
        record=tuple(health_lines(a)),
        red_flags=tuple(red_flag_lines(a, [f for f in findings if is_red_flag(f)], today)),
        assessed=assessed,
        targets=tuple(target_lines(case.plan, findings, screening.catalog)),
        plan=plan_heading(case.plan),
        course=tuple(_course(case, findings, visits, today)),
        last_visit=tuple(last_visit_lines(visits, today)),
    )


def _course(
    case: Case, findings: list[Finding], visits: Sequence[Visit], today: date
) -> list[Line]:
    if case.plan is None or case.plan.start_date is None:
        return [Line(NO_COURSE, "quiet")]
    try:
        course = course_with_response(case, findings, visits)
    except DomainError:
        # The Course step names what is missing (an onset date, the clinic days).
        return [Line(COURSE_INCOMPLETE, "quiet")]
    if course is None:
        # The safety gate stops the plan: say which of its two reasons.
        red_flag = any(is_red_flag(f) for f in stopping_findings(findings))
        why = "a red flag stands uncleared" if red_flag else "a target not to use stays planned"
        return [Line(f"No course while {why}.", "warn")]
    position = course_position(
        course.dates, course.reviews_after, visits, today, start=course.calendar.start_date
    )
    return course_lines(position, course.reviews_after, today)
