"""Each saved plan as a CarePlan: the course the planner draws for it (as `needleplan course`
does: the plan, the assessment it was made from in its latest version, the safety gate, the
NICE cap), one activity per session date, and the Condition it addresses.

The latest plan is active; each earlier one was replaced by the next (revoked, `replaces`).
A session is completed when a visit that followed the plan fell on its date; the sessions of
a replaced plan not held were cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from planner.casefile.fhir.codes import JSON, Urns, entry, ref, text_concept
from planner.casefile.fhir.words import modality_words, target_words
from planner.domain.case import Case
from planner.domain.catalog import Catalog
from planner.domain.course.for_case import course_for_case
from planner.domain.course.recommendation import CourseRecommendation
from planner.domain.course.words import phase_text, session_list
from planner.domain.errors import ValidationError
from planner.domain.gate import describe_stop, stopping_findings
from planner.domain.history import PatientHistory, PlanRecord, current_number
from planner.domain.screening import screen_case
from planner.domain.screening_rules import Rule
from planner.domain.visit import visit_targets_from_plan

# Records without a time sort after every timed one: counted as recorded last, not "now".
_LAST = datetime.max.replace(tzinfo=UTC)


def plan_entries(
    h: PatientHistory,
    urns: Urns,
    patient: str,
    conditions: dict[int, str],
    catalog: Catalog,
    rules: Sequence[Rule],
    clinic_nice_cap: bool | None,
) -> tuple[list[JSON], dict[int, str]]:
    """The entries, and each plan's CarePlan urn by its number in the history."""
    found: list[JSON] = []
    careplans: dict[int, str] = {}
    for number, record in enumerate(h.plans, 1):
        made_from = plan_assessment(h, record)
        course, why_not = _course(h, record, made_from, catalog, rules, clinic_nice_cap)
        held = {v.visit.date for v in h.visits if v.plan == number and v.visit.deleted_at is None}
        active = number == len(h.plans)
        resource: JSON = {
            "resourceType": "CarePlan",
            "status": "active" if active else "revoked",
            "intent": "plan",
            "title": f"{modality_words(record.plan)} course",
            "description": _description(record, catalog, course, why_not),
            "subject": ref(patient),
        }
        period = _period(record, course)
        if period:
            resource["period"] = period
        if record.recorded_at is not None:
            resource["created"] = record.recorded_at.isoformat()
        if number > 1:
            resource["replaces"] = [ref(careplans[number - 1])]
        if made_from is not None:
            resource["addresses"] = [ref(conditions[made_from])]
        if course is not None:
            resource["activity"] = _activities(record, course, held, active)
        urn = careplans[number] = urns("careplan", number)
        found.append(entry(urn, resource))
    return found, careplans


def plan_assessment(h: PatientHistory, record: PlanRecord) -> int | None:
    """The number of the assessment a plan answers: the one it names (else the one current
    when it was saved), in its latest version when it was corrected since."""
    number = record.assessment
    if number is None:
        number = current_number(h, at=record.recorded_at, now=_LAST)
    corrected_by = {r.corrects: n for n, r in enumerate(h.assessments, 1) if r.corrects is not None}
    while number in corrected_by:
        number = corrected_by[number]
    return number


def _course(
    h: PatientHistory,
    record: PlanRecord,
    made_from: int | None,
    catalog: Catalog,
    rules: Sequence[Rule],
    clinic_nice_cap: bool | None,
) -> tuple[CourseRecommendation | None, str]:
    """The course drawn for the plan, or None and why there is none."""
    plan = record.plan
    assessment = h.assessments[made_from - 1].assessment if made_from is not None else None
    case = Case(h.patient, assessment, plan)
    findings = screen_case(case, catalog, rules)
    cap = plan.nice_cap if plan.nice_cap is not None else clinic_nice_cap
    try:
        course = course_for_case(case, findings, nice_cap=cap)
    except ValidationError as error:
        return None, "; ".join(str(p) for p in error.problems)
    if course is None:
        return None, describe_stop(stopping_findings(findings))
    return course, ""


def _description(
    record: PlanRecord, catalog: Catalog, course: CourseRecommendation | None, why_not: str
) -> str:
    plan = record.plan
    targets = "; ".join(
        target_words(catalog, t.target, t.side) for t in visit_targets_from_plan(plan)
    )
    text = f"{modality_words(plan)}, sessions of {plan.session_minutes} minutes"
    text += f": {targets}." if targets else "."
    if course is None:
        return f"{text} No course: {why_not}."
    phases = ", then ".join(phase_text(p) for p in course.phases)
    reviews = session_list(list(course.reviews_after))
    count = f"{course.sessions} session{'s' if course.sessions != 1 else ''}"
    return f"{text} Course: {count}, {phases}; reviews after {reviews}."


def _period(record: PlanRecord, course: CourseRecommendation | None) -> JSON:
    if course is not None and course.dates:
        return {"start": course.dates[0].isoformat(), "end": course.dates[-1].isoformat()}
    start = record.plan.start_date
    return {"start": start.isoformat()} if start is not None else {}


def _activities(
    record: PlanRecord, course: CourseRecommendation, held: set[date], active: bool
) -> list[JSON]:
    reviews = set(course.reviews_after)
    name = modality_words(record.plan)
    found = []
    for n, day in enumerate(course.dates, 1):
        what = f"{name} session {n} of {len(course.dates)}"
        if n in reviews:
            what += ", with a review"
        status = "completed" if day in held else "scheduled" if active else "cancelled"
        found.append(
            {
                "detail": {
                    "kind": "Appointment",
                    "code": text_concept(what),
                    "status": status,
                    "scheduledPeriod": {"start": day.isoformat(), "end": day.isoformat()},
                }
            }
        )
    return found
