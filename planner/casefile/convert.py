"""A case document (needleplan-case/1) to and from the domain's Case; a needleplan-case/2
history is read as its current case (planner.casefile.history)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from planner.casefile.schema import input_problems, schema_problems
from planner.domain.assessment import (
    Assessment,
    PainRegion,
    PainScores,
    PsfsItem,
    assessment_problems,
)
from planner.domain.case import CASE_FORMAT, Case
from planner.domain.clearance import Clearance
from planner.domain.course.override import CourseOverride, Phase, SessionMove
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.history import HISTORY_FORMAT
from planner.domain.patient import Patient, validate_patient
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget, plan_problems
from planner.domain.vocab import Modality, Sex, Side, Technique

KnownTarget = Callable[[str], bool]
_T = TypeVar("_T")


def case_from_dict(
    doc: object, *, today: date | None = None, known_target: KnownTarget | None = None
) -> Case:
    """The Case a document describes, or ValidationError naming every bad field.

    Checks, in turn: what no schema keyword can say (nesting, overlong numbers, NUL
    characters and lone surrogates: schema.input_problems), the JSON Schema, then the
    domain rules (dates against today, pain best <= worst, targets known to the catalog
    through known_target, ...). The patient's name is trimmed the way the GUI trims it.

    A needleplan-case/2 history is checked whole and read as its current case: the current
    assessment and the latest plan.
    """
    if isinstance(doc, dict) and doc.get("format") == HISTORY_FORMAT:
        from planner.casefile.history import history_case  # it builds on this module

        return history_case(doc, today=today, known_target=known_target)
    # input_problems first: a document nested 1,000 deep must not reach the validators.
    problems = [_known_formats(p) for p in input_problems(doc) or schema_problems(doc)]
    if problems:
        raise ValidationError(problems)
    assert isinstance(doc, dict)  # the schema requires an object
    today = today or date.today()
    patient = _build(Patient, _PATIENT, doc["patient"])
    try:
        patient = validate_patient(patient, today=today)
    except ValidationError as error:
        problems += [FieldProblem("patient." + p.field, p.message) for p in error.problems]
    case = Case(
        patient,
        _build(Assessment, _ASSESSMENT, doc["assessment"]) if "assessment" in doc else None,
        _build(Plan, _PLAN, doc["plan"]) if "plan" in doc else None,
    )
    problems += _rule_problems(case, today=today, known_target=known_target)
    if problems:
        raise ValidationError(problems)
    return case


_ONLY_ONE = f"expected {CASE_FORMAT!r}"


def _known_formats(problem: FieldProblem) -> FieldProblem:
    """The schema of needleplan-case/1 knows only its own format; both are read."""
    if problem.field == "format" and problem.message.endswith(_ONLY_ONE):
        return FieldProblem("format", f"{problem.message} or {HISTORY_FORMAT!r}")
    return problem


def _rule_problems(
    case: Case, *, today: date, known_target: KnownTarget | None
) -> list[FieldProblem]:
    """The assessment's and the plan's own rules, and those that span the case."""
    problems: list[FieldProblem] = []
    a, born = case.assessment, case.patient.birth_date
    if born is not None and born > today:
        born = None  # already reported as in the future: comparing with it adds only noise
    if a is not None:
        problems += assessment_problems(a, today=today)
        for name in ("date", "onset_date"):
            day = getattr(a, name)
            if born is not None and day is not None and day < born:
                message = f"{day.isoformat()} is before the patient's birth date {born.isoformat()}"
                problems.append(FieldProblem(f"assessment.{name}", message))
    if case.plan is not None:
        problems += plan_problems(case.plan, known_target=known_target)
    return problems


def case_to_dict(case: Case) -> dict[str, Any]:
    """The case as a needleplan-case/1 document; an absent assessment or plan is left out."""
    doc: dict[str, Any] = {"format": CASE_FORMAT, "patient": _patient_dict(case.patient)}
    if case.assessment is not None:
        doc["assessment"] = _assessment_dict(case.assessment)
    if case.plan is not None:
        doc["plan"] = _plan_dict(case.plan)
    return doc


# --- document -> domain ----------------------------------------------------------------------
# The document's keys are the dataclasses' field names, so only the keys present are passed
# and the dataclasses keep the one copy of every default. Values are already schema-checked.


def _build(cls: Callable[..., _T], converters: Mapping[str, Callable[[Any], Any]], d: Any) -> _T:
    return cls(**{key: converters[key](value) for key, value in d.items()})


def _same(value: Any) -> Any:
    return value


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _optional_day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _optional_int(value: float | None) -> int | None:
    # JSON Schema counts 3.0 as an integer; the domain wants 3.
    return None if value is None else int(value)


def _many(cls: Callable[..., _T], converters: Mapping[str, Callable[[Any], Any]]) -> Any:
    return lambda items: tuple(_build(cls, converters, item) for item in items)


_PATIENT: dict[str, Callable[[Any], Any]] = {
    "name": _same,
    "birth_date": _optional_day,
    "sex": Sex,
    "phone": _same,
    "email": _same,
    "notes": _same,
}
_PAIN: dict[str, Callable[[Any], Any]] = dict.fromkeys(("now", "best", "worst"), _optional_int)
_ASSESSMENT: dict[str, Callable[[Any], Any]] = {
    "date": _day,
    "complaint": _same,
    "onset_date": _optional_day,
    "pain": lambda d: _build(PainScores, _PAIN, d),
    "ndi_total": _optional_int,
    "psfs": _many(PsfsItem, {"activity": _same, "score": int}),
    "pain_regions": _many(PainRegion, {"region": _same, "intensity": int}),
    "conditions": tuple,
    "pregnancy_weeks": _optional_int,
    "red_flags": tuple,
    "medications": _same,
    "consent_date": _optional_day,
    "notes": _same,
    "clearances": _many(
        Clearance,
        {"rule": _same, "cleared_by": _same, "role": _same, "date": _day, "note": _same},
    ),
    "removed": tuple,
}
_PHASES = _many(Phase, {"weeks": int, "per_week": int})
_COURSE_OVERRIDE: dict[str, Callable[[Any], Any]] = {
    "sessions": _optional_int,
    "phases": lambda v: None if v is None else _PHASES(v),
    "reviews_after": lambda v: None if v is None else tuple(int(n) for n in v),
    "moves": _many(SessionMove, {"session": int, "date": _day}),
    "reason": _same,
    "recorded_on": _optional_day,
}
_TARGET: dict[str, Callable[[Any], Any]] = {"side": Side, "technique": Technique, "notes": _same}
_PLAN: dict[str, Callable[[Any], Any]] = {
    "modality": Modality,
    "electro": bool,
    "acupoints": _many(
        AcupointTarget, {**_TARGET, "code": _same, "retention_minutes": _optional_int}
    ),
    "trigger_points": _many(TriggerPointTarget, {**_TARGET, "muscle": _same}),
    "session_minutes": int,
    "start_date": _optional_day,
    "clinic_days": tuple,
    "preferred_days": tuple,
    "skip_dates": lambda days: tuple(_day(d) for d in days),
    "nice_cap": bool,
    "overrides": _many(
        Override, {"rule": _same, "target": _same, "reason": _same, "recorded_on": _optional_day}
    ),
    "course_override": lambda d: _build(CourseOverride, _COURSE_OVERRIDE, d),
}


# --- domain -> document ----------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _patient_dict(p: Patient) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": p.name}
    if p.birth_date is not None:
        doc["birth_date"] = p.birth_date.isoformat()
    doc["sex"] = str(p.sex)
    for name in ("phone", "email", "notes"):
        if getattr(p, name):
            doc[name] = getattr(p, name)
    return doc


def _assessment_dict(a: Assessment) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "date": a.date.isoformat(),
        "complaint": a.complaint,
        "onset_date": _iso(a.onset_date),
        "pain": {"now": a.pain.now, "best": a.pain.best, "worst": a.pain.worst},
        "ndi_total": a.ndi_total,
        "psfs": [{"activity": i.activity, "score": i.score} for i in a.psfs],
        "pain_regions": [{"region": r.region, "intensity": r.intensity} for r in a.pain_regions],
        "conditions": list(a.conditions),
        "pregnancy_weeks": a.pregnancy_weeks,
        "red_flags": list(a.red_flags),
        "medications": a.medications,
        "consent_date": _iso(a.consent_date),
        "notes": a.notes,
    }
    # Only when recorded, so a case without them reads as before.
    if a.clearances:
        doc["clearances"] = [c.as_dict() for c in a.clearances]
    if a.removed:
        doc["removed"] = list(a.removed)
    return doc


def _plan_dict(p: Plan) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "modality": str(p.modality),
        "electro": p.electro,
        "acupoints": [_target_dict({"code": t.code}, t) for t in p.acupoints],
        "trigger_points": [_target_dict({"muscle": t.muscle}, t) for t in p.trigger_points],
        "session_minutes": p.session_minutes,
        "start_date": _iso(p.start_date),
        "clinic_days": list(p.clinic_days),
    }
    # The course planner's inputs only when set, so a plan without them reads as before.
    if p.preferred_days:
        doc["preferred_days"] = list(p.preferred_days)
    if p.skip_dates:
        doc["skip_dates"] = [d.isoformat() for d in p.skip_dates]
    if p.nice_cap is not None:  # absent: the clinic's default
        doc["nice_cap"] = p.nice_cap
    if p.overrides:
        doc["overrides"] = [_override_dict(o) for o in p.overrides]
    if p.course_override is not None:
        doc["course_override"] = _course_override_dict(p.course_override)
    return doc


def _course_override_dict(o: CourseOverride) -> dict[str, Any]:
    """Only the numbers the practitioner changed (a missing key keeps the planner's)."""
    doc: dict[str, Any] = {}
    if o.sessions is not None:
        doc["sessions"] = o.sessions
    if o.phases is not None:
        doc["phases"] = [{"weeks": p.weeks, "per_week": p.per_week} for p in o.phases]
    if o.reviews_after is not None:
        doc["reviews_after"] = list(o.reviews_after)
    if o.moves:
        doc["moves"] = [{"session": m.session, "date": m.date.isoformat()} for m in o.moves]
    if o.reason:
        doc["reason"] = o.reason
    if o.recorded_on is not None:
        doc["recorded_on"] = o.recorded_on.isoformat()
    return doc


def _target_dict(doc: dict[str, Any], t: AcupointTarget | TriggerPointTarget) -> dict[str, Any]:
    """Side always; technique, retention and notes only when they say something."""
    doc["side"] = str(t.side)
    if t.technique != Technique.MANUAL:
        doc["technique"] = str(t.technique)
    if isinstance(t, AcupointTarget) and t.retention_minutes is not None:
        doc["retention_minutes"] = t.retention_minutes
    if t.notes:
        doc["notes"] = t.notes
    return doc


def _override_dict(o: Override) -> dict[str, Any]:
    doc: dict[str, Any] = {"rule": o.rule, "target": o.target, "reason": o.reason}
    if o.recorded_on is not None:
        doc["recorded_on"] = o.recorded_on.isoformat()
    return doc


__all__ = ["KnownTarget", "case_from_dict", "case_to_dict"]
