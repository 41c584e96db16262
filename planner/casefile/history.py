"""needleplan-case/2 to and from the domain: a patient's whole history, or a clinic protocol.

The shapes inside a history (patient, assessment, plan) are needleplan-case/1's, each record
with a few fields of its own: when it was recorded, and the number of the record it refers to
(planner.domain.history). resources/schema/case-2.schema.json describes both kinds of record.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from planner.casefile.convert import (
    _ASSESSMENT,
    _PATIENT,
    _PLAN,
    KnownTarget,
    _assessment_dict,
    _build,
    _optional_int,
    _patient_dict,
    _plan_dict,
    case_from_dict,
)
from planner.casefile.schema import Kind, input_problems, schema_problems
from planner.domain.assessment import Assessment, assessment_problems
from planner.domain.case import Case
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.history import (
    HISTORY_FORMAT,
    AssessmentRecord,
    PatientHistory,
    PlanRecord,
    ProtocolRecord,
    Record,
    VisitRecord,
    current_case,
    link_problems,
)
from planner.domain.patient import Patient, validate_patient
from planner.domain.plan import Plan, plan_problems
from planner.domain.protocol import PlannedTarget, Protocol, protocol_problems
from planner.domain.visit import AdverseEvent, AdverseEventKind, Visit, VisitTarget, visit_problems
from planner.domain.vocab import Side, Technique


def record_from_dict(
    doc: object, *, today: date | None = None, known_target: KnownTarget | None = None
) -> Record:
    """What one record of a case file holds: a needleplan-case/2 history or protocol, else
    a needleplan-case/1 case (case_from_dict, which also names a format it does not know).
    ValidationError naming every bad field."""
    if isinstance(doc, dict) and doc.get("format") == HISTORY_FORMAT:
        if "protocol" in doc and "patient" not in doc:
            return protocol_from_dict(doc)
        return history_from_dict(doc, today=today, known_target=known_target)
    return case_from_dict(doc, today=today, known_target=known_target)


def history_case(
    doc: object, *, today: date | None = None, known_target: KnownTarget | None = None
) -> Case:
    """A needleplan-case/2 record read as one case (review, course, handout): the patient's
    current assessment and latest plan."""
    record = record_from_dict(doc, today=today, known_target=known_target)
    if isinstance(record, ProtocolRecord):
        raise ValidationError.single("protocol", "is a clinic protocol, not a patient's case")
    return current_case(record) if isinstance(record, PatientHistory) else record


def history_from_dict(
    doc: object, *, today: date | None = None, known_target: KnownTarget | None = None
) -> PatientHistory:
    """The history a needleplan-case/2 case record describes, or ValidationError naming
    every bad field: the schema, then each record's own rules (as needleplan-case/1 checks
    them), then the references between records."""
    _require_schema(doc, "case_record")
    assert isinstance(doc, dict)  # the schema requires an object
    problems: list[FieldProblem] = []
    today = today or date.today()
    patient = _build(Patient, _PATIENT, doc["patient"])
    try:
        patient = validate_patient(patient, today=today)
    except ValidationError as error:
        problems += [FieldProblem("patient." + p.field, p.message) for p in error.problems]
    history = PatientHistory(
        patient,
        tuple(_assessment_record(d) for d in doc.get("assessments", ())),
        tuple(_plan_record(d) for d in doc.get("plans", ())),
        tuple(_visit_record(d) for d in doc.get("visits", ())),
    )
    problems += _rule_problems(history, today=today, known_target=known_target)
    problems += link_problems(history)
    if problems:
        raise ValidationError(problems)
    return history


def protocol_from_dict(doc: object) -> ProtocolRecord:
    """The protocol a needleplan-case/2 protocol record describes (its name's spaces tidied),
    or ValidationError. Its targets are not looked up in the catalog, as the store's own
    ProtocolRepository.add does not."""
    _require_schema(doc, "protocol_record")
    assert isinstance(doc, dict)
    d = doc["protocol"]
    protocol = Protocol(
        name=" ".join(d["name"].split()),
        targets=tuple(_planned_target(t) for t in d["targets"]),
        notes=d.get("notes", ""),
    )
    problems = protocol_problems(protocol, prefix="protocol.")
    if problems:
        raise ValidationError(problems)
    return ProtocolRecord(
        protocol,
        _time(d.get("recorded_at")),
        _time(d.get("updated_at")),
        _time(d.get("deleted_at")),
    )


def _require_schema(doc: object, kind: Kind) -> None:
    # input_problems first: a document nested 1,000 deep must not reach the validators.
    problems = input_problems(doc) or schema_problems(doc, kind)
    if problems:
        raise ValidationError(problems)


def _rule_problems(
    h: PatientHistory, *, today: date, known_target: KnownTarget | None
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    born = h.patient.birth_date
    if born is not None and born > today:
        born = None  # already reported as in the future
    for i, r in enumerate(h.assessments):
        a, prefix = r.assessment, f"assessments[{i}]."
        problems += assessment_problems(a, today=today, prefix=prefix)
        for name in ("date", "onset_date"):
            day = getattr(a, name)
            if born is not None and day is not None and day < born:
                message = f"{day.isoformat()} is before the patient's birth date {born.isoformat()}"
                problems.append(FieldProblem(prefix + name, message))
    for i, p in enumerate(h.plans):
        problems += plan_problems(p.plan, prefix=f"plans[{i}].", known_target=known_target)
    for i, v in enumerate(h.visits):
        problems += [
            FieldProblem(f"visits[{i}].{_VISIT_FIELDS.get(p.field, p.field)}", p.message)
            for p in visit_problems(v.visit, today=today)
        ]
    return problems


# visit_problems names the domain's fields; the document keeps the notes under "soap".
_VISIT_FIELDS = {
    "subjective": "soap.subjective",
    "objective": "soap.objective",
    "assessment": "soap.assessment",
    "plan": "soap.plan",
}


# --- document -> domain (values already schema-checked) -------------------------------------


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).astimezone(UTC)


def _split(d: Mapping[str, Any], own: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The record's own fields, and the rest (a needleplan-case/1 shape)."""
    return {k: v for k, v in d.items() if k in own}, {k: v for k, v in d.items() if k not in own}


def _assessment_record(d: Mapping[str, Any]) -> AssessmentRecord:
    own, rest = _split(d, ("recorded_at", "corrects"))
    return AssessmentRecord(
        _build(Assessment, _ASSESSMENT, rest),
        _optional_int(own.get("corrects")),
        _time(own.get("recorded_at")),
    )


def _plan_record(d: Mapping[str, Any]) -> PlanRecord:
    own, rest = _split(d, ("recorded_at", "assessment"))
    return PlanRecord(
        _build(Plan, _PLAN, rest),
        _optional_int(own.get("assessment")),
        _time(own.get("recorded_at")),
    )


def _visit_record(d: Mapping[str, Any]) -> VisitRecord:
    soap = d.get("soap", {})
    visit = Visit(
        date=date.fromisoformat(d["date"]),
        targets=tuple(
            VisitTarget(t["target"], Side(t.get("side", Side.BOTH))) for t in d.get("targets", ())
        ),
        nprs_before=_optional_int(d.get("nprs_before")),
        nprs_after=_optional_int(d.get("nprs_after")),
        subjective=soap.get("subjective", ""),
        objective=soap.get("objective", ""),
        assessment=soap.get("assessment", ""),
        plan=soap.get("plan", ""),
        adverse_events=tuple(
            AdverseEvent(
                AdverseEventKind(e["kind"]), e.get("description", ""), e.get("follow_up", "")
            )
            for e in d.get("adverse_events", ())
        ),
        handout_given=bool(d.get("handout_given", False)),
        deleted_at=_time(d.get("deleted_at")),
    )
    return VisitRecord(
        visit, _optional_int(d.get("plan")), _time(d.get("recorded_at")), _time(d.get("updated_at"))
    )


def _planned_target(d: Mapping[str, Any]) -> PlannedTarget:
    return PlannedTarget(
        d["target"],
        Side(d.get("side", Side.BOTH)),
        Technique(d.get("technique", Technique.MANUAL)),
        _optional_int(d.get("retention_minutes")),
        d.get("notes", ""),
    )


# --- domain -> document ----------------------------------------------------------------------


def record_to_dict(record: Record) -> dict[str, Any]:
    """A case as needleplan-case/1; a history or a protocol as needleplan-case/2."""
    if isinstance(record, PatientHistory):
        return history_to_dict(record)
    if isinstance(record, ProtocolRecord):
        return protocol_to_dict(record)
    from planner.casefile.convert import case_to_dict

    return case_to_dict(record)


def history_to_dict(h: PatientHistory) -> dict[str, Any]:
    """Empty lists, absent links and times are left out, as needleplan-case/1 leaves out
    what is not recorded."""
    doc: dict[str, Any] = {"format": HISTORY_FORMAT, "patient": _patient_dict(h.patient)}
    if h.assessments:
        doc["assessments"] = [
            _with(_assessment_dict(r.assessment), recorded_at=r.recorded_at, corrects=r.corrects)
            for r in h.assessments
        ]
    if h.plans:
        doc["plans"] = [
            _with(_plan_dict(r.plan), recorded_at=r.recorded_at, assessment=r.assessment)
            for r in h.plans
        ]
    if h.visits:
        doc["visits"] = [_visit_dict(r) for r in h.visits]
    return doc


def protocol_to_dict(r: ProtocolRecord) -> dict[str, Any]:
    p = r.protocol
    d: dict[str, Any] = {"name": p.name, "targets": [_planned_target_dict(t) for t in p.targets]}
    if p.notes:
        d["notes"] = p.notes
    times = {"recorded_at": r.recorded_at, "updated_at": r.updated_at, "deleted_at": r.deleted_at}
    d |= {name: timestamp(when) for name, when in times.items() if when is not None}
    return {"format": HISTORY_FORMAT, "protocol": d}


def timestamp(when: datetime) -> str:
    """A stored time as the document writes it: UTC, to the microsecond (a time without a
    zone is the store's UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def _with(doc: dict[str, Any], **fields: datetime | int | None) -> dict[str, Any]:
    """The record's own fields first (those set), then the rest."""
    own = {
        k: timestamp(v) if isinstance(v, datetime) else v
        for k, v in fields.items()
        if v is not None
    }
    return own | doc


def _visit_dict(r: VisitRecord) -> dict[str, Any]:
    v = r.visit
    doc: dict[str, Any] = {
        "date": v.date.isoformat(),
        "targets": [{"target": t.target, "side": str(t.side)} for t in v.targets],
        "nprs_before": v.nprs_before,
        "nprs_after": v.nprs_after,
    }
    soap = {k: getattr(v, k) for k in ("subjective", "objective", "assessment", "plan")}
    if any(soap.values()):
        doc["soap"] = {k: text for k, text in soap.items() if text}
    if v.adverse_events:
        doc["adverse_events"] = [_event_dict(e) for e in v.adverse_events]
    if v.handout_given:
        doc["handout_given"] = True
    return _with(
        doc,
        recorded_at=r.recorded_at,
        updated_at=r.updated_at,
        deleted_at=v.deleted_at,
        plan=r.plan,
    )


def _event_dict(e: AdverseEvent) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": str(e.kind)}
    if e.description:
        doc["description"] = e.description
    if e.follow_up:
        doc["follow_up"] = e.follow_up
    return doc


def _planned_target_dict(t: PlannedTarget) -> dict[str, Any]:
    doc: dict[str, Any] = {"target": t.target, "side": str(t.side)}
    if t.technique != Technique.MANUAL:
        doc["technique"] = str(t.technique)
    if t.retention_minutes is not None:
        doc["retention_minutes"] = t.retention_minutes
    if t.notes:
        doc["notes"] = t.notes
    return doc


__all__ = [
    "Record",
    "history_case",
    "history_from_dict",
    "history_to_dict",
    "protocol_from_dict",
    "protocol_to_dict",
    "record_from_dict",
    "record_to_dict",
    "timestamp",
]
