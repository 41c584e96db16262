"""A case's course: the request read from the case document, the override applied, and
the response at the reviews already held.

ValidationError from here names the case document's fields (plan.start_date, not start_date).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from planner.domain.assessment import chronicity
from planner.domain.case import Case
from planner.domain.course.overridden import apply_override
from planner.domain.course.recommend import recommend_course
from planner.domain.course.recommendation import CourseRecommendation, CourseRequest
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.findings import Finding
from planner.domain.gate import passes_gate
from planner.domain.visit import Visit

# Request fields as the case document names them.
_CASE_FIELDS = {
    "start_date": "plan.start_date",
    "clinic_days": "plan.clinic_days",
    "preferred_days": "plan.preferred_days",
    "skip_dates": "plan.skip_dates",
    "session_minutes": "plan.session_minutes",
    "nprs_now": "assessment.pain.now",
    "nprs_worst": "assessment.pain.worst",
    "ndi_total": "assessment.ndi_total",
}


def course_for_case(
    case: Case,
    findings: Iterable[Finding],
    *,
    today: date | None = None,
    start_date: date | None = None,
    preferred_days: Sequence[str] | None = None,
    skip_dates: Collection[date] | None = None,
    review_nprs: Sequence[int] = (),
    nice_cap: bool | None = None,
) -> CourseRecommendation | None:
    """The case's course with the plan's override applied; None while the safety gate
    stops the plan (an uncleared red flag or an unresolved block). ValidationError (naming
    the case's fields) when the case lacks what a course needs: an onset date, a plan with
    a start date and clinic days.

    start_date replaces the plan's; today, when given, refuses a start in the past.
    preferred_days, skip_dates and nice_cap replace the plan's when given (None: the plan's).
    """
    plan, a = case.plan, case.assessment
    findings = list(findings)
    if not passes_gate(findings):
        return None
    missing: list[FieldProblem] = []
    if a is None:
        missing.append(FieldProblem("assessment", "is required to plan a course"))
    elif a.onset_date is None:
        missing.append(
            FieldProblem(
                "assessment.onset_date",
                "is required to plan a course (it tells acute, subacute and chronic pain apart)",
            )
        )
    start = start_date or (plan.start_date if plan else None)
    if plan is None:
        missing.append(FieldProblem("plan", "is required to plan a course"))
    elif start is None:
        missing.append(FieldProblem("plan.start_date", "is required to plan a course"))
    if missing:
        raise ValidationError(missing)
    # Each is not None, or missing said so.
    assert a is not None
    assert a.onset_date is not None
    assert plan is not None
    assert start is not None
    request = CourseRequest(
        chronicity=chronicity(a.onset_date, a.date),
        start_date=start,
        clinic_days=plan.clinic_days,
        modality=plan.modality,
        session_minutes=plan.session_minutes,
        nprs_now=a.pain.now,
        nprs_worst=a.pain.worst,
        ndi_total=a.ndi_total,
        review_nprs=tuple(review_nprs),
        nice_cap=plan.nice_cap if nice_cap is None else nice_cap,
        preferred_days=tuple(plan.preferred_days if preferred_days is None else preferred_days),
        skip_dates=frozenset(plan.skip_dates if skip_dates is None else skip_dates),
        birth_date=case.patient.birth_date,
    )
    try:
        course = recommend_course(request, today=today)
        if plan.course_override is not None:
            course = apply_override(course, plan.course_override)
    except ValidationError as error:
        raise ValidationError(
            FieldProblem(_case_field(p.field), p.message) for p in error.problems
        ) from None
    cleared = list(dict.fromkeys(f.rule for f in findings if f.cleared_by is not None))
    if cleared:
        course = replace(
            course,
            rationale=f"Red flag cleared before planning ({', '.join(cleared)}). "
            f"{course.rationale}",
        )
    return course


def _case_field(name: str) -> str:
    if name.startswith("course_override"):
        return "plan." + name
    head = re.match(r"[a-z_]*", name)
    assert head is not None  # matches the empty string at least
    return _CASE_FIELDS.get(head.group(), head.group()) + name[head.end() :]


def held_sessions(visits: Iterable[Visit]) -> list[Visit]:
    """The visits on record (deleted ones excluded) in session order: session n is the n-th."""
    return sorted((v for v in visits if v.deleted_at is None), key=lambda v: (v.date, v.id or 0))


def session_numbers(visits: Iterable[Visit]) -> dict[int, int]:
    """Each saved visit's session number (1-based), by visit id."""
    return {v.id: n for n, v in enumerate(held_sessions(visits), start=1) if v.id is not None}


def responses_at_reviews(visits: Iterable[Visit], reviews_after: Sequence[int]) -> tuple[int, ...]:
    """Pain (NPRS before needling) at each review session already held, oldest first.

    Session n is the n-th visit on record (deleted ones excluded); a review whose visit has
    no NPRS ends the list, so the response the course reads is always the latest known.
    """
    held = held_sessions(visits)
    scores: list[int] = []
    for session in sorted(reviews_after):
        if session > len(held) or held[session - 1].nprs_before is None:
            break
        score = held[session - 1].nprs_before
        assert score is not None
        scores.append(score)
    return tuple(scores)


def course_with_response(
    case: Case,
    findings: Iterable[Finding],
    visits: Iterable[Visit],
    **options: Any,
) -> CourseRecommendation | None:
    """course_for_case, then again with the pain recorded at the reviews already held: a
    poor or good response moves the count within its range (see recommend_course)."""
    findings = list(findings)
    course = course_for_case(case, findings, **options)
    if course is None:
        return None
    responses = responses_at_reviews(visits, course.reviews_after)
    if not responses:
        return course
    return course_for_case(case, findings, review_nprs=responses, **options)
