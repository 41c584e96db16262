"""Row <-> domain object conversion; the only place that knows both shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from planner.domain.assessment import Assessment, PainRegion, PainScores, PsfsItem
from planner.domain.clearance import Clearance
from planner.domain.course.override import CourseOverride, Phase, SessionMove
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.text import fold
from planner.domain.visit import AdverseEvent, AdverseEventKind, Visit, VisitTarget
from planner.domain.vocab import Modality, Sex, Side, Technique
from planner.store.tables import AssessmentRow, PatientRow, PlanRow, PlanTargetRow, VisitRow

ACUPOINT = "acupoint"
TRIGGER_POINT = "trigger-point"


def sort_key(name: str) -> str:
    return " ".join(fold(name).split())[:200]


def patient_values(patient: Patient) -> dict[str, Any]:
    return {
        "name": patient.name,
        "sort_key": sort_key(patient.name),
        "birth_date": patient.birth_date,
        "sex": patient.sex.value,
        "phone": patient.phone,
        "email": patient.email,
        "notes": patient.notes,
    }


def patient_from_row(row: PatientRow) -> Patient:
    return Patient(
        name=row.name,
        birth_date=row.birth_date,
        sex=Sex(row.sex),
        phone=row.phone,
        email=row.email,
        notes=row.notes,
        id=row.id,
        version=row.version,
    )


def assessment_values(a: Assessment, patient_id: int, now: datetime) -> dict[str, Any]:
    return {
        "patient_id": patient_id,
        "date": a.date,
        "complaint": a.complaint,
        "onset_date": a.onset_date,
        "pain_now": a.pain.now,
        "pain_best": a.pain.best,
        "pain_worst": a.pain.worst,
        "ndi_total": a.ndi_total,
        "psfs": [{"activity": p.activity, "score": p.score} for p in a.psfs],
        "pain_regions": [{"region": r.region, "intensity": r.intensity} for r in a.pain_regions],
        "conditions": list(a.conditions),
        "pregnancy_weeks": a.pregnancy_weeks,
        "red_flags": list(a.red_flags),
        "medications": a.medications,
        "consent_date": a.consent_date,
        "notes": a.notes,
        "clearances": [c.as_dict() for c in a.clearances],
        "removed": list(a.removed),
        "corrects_id": a.corrects_id,
        "version": 1,
        "created_at": now,
    }


def assessment_from_row(row: AssessmentRow, *, corrected: bool = False) -> Assessment:
    return Assessment(
        date=row.date,
        complaint=row.complaint,
        onset_date=row.onset_date,
        pain=PainScores(row.pain_now, row.pain_best, row.pain_worst),
        ndi_total=row.ndi_total,
        psfs=tuple(PsfsItem(p["activity"], p["score"]) for p in row.psfs),
        pain_regions=tuple(PainRegion(r["region"], r["intensity"]) for r in row.pain_regions),
        conditions=tuple(row.conditions),
        pregnancy_weeks=row.pregnancy_weeks,
        red_flags=tuple(row.red_flags),
        medications=row.medications,
        consent_date=row.consent_date,
        notes=row.notes,
        clearances=tuple(
            Clearance(
                c["rule"], c["cleared_by"], c["role"], date.fromisoformat(c["date"]), c["note"]
            )
            for c in row.clearances or ()
        ),
        removed=tuple(row.removed or ()),
        id=row.id,
        corrects_id=row.corrects_id,
        corrected=corrected,
    )


def _override_dict(o: Override) -> dict[str, Any]:
    recorded = o.recorded_on.isoformat() if o.recorded_on else None
    return {"rule": o.rule, "target": o.target, "reason": o.reason, "recorded_on": recorded}


def _override(d: dict[str, Any]) -> Override:
    recorded = date.fromisoformat(d["recorded_on"]) if d.get("recorded_on") else None
    return Override(d["rule"], d["target"], d["reason"], recorded)


def plan_values(plan: Plan, patient_id: int, assessment_id: int | None) -> dict[str, Any]:
    return {
        "patient_id": patient_id,
        "assessment_id": assessment_id,
        "modality": plan.modality.value,
        "electro": plan.electro,
        "session_minutes": plan.session_minutes,
        "start_date": plan.start_date,
        "clinic_days": list(plan.clinic_days),
        "preferred_days": list(plan.preferred_days),
        "skip_dates": [d.isoformat() for d in plan.skip_dates],
        # A plan that does not say is kept as no cap (the column is not nullable); the
        # Course page offers the clinic's default until a course is saved.
        "nice_cap": bool(plan.nice_cap),
        "nice_cap_choice": plan.nice_cap,
        "overrides": [_override_dict(o) for o in plan.overrides],
        "course_override": course_override_dict(plan.course_override),
    }


def target_values(plan: Plan, plan_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for a in plan.acupoints:
        rows.append(
            {
                "kind": ACUPOINT,
                "code": a.code,
                "side": a.side.value,
                "technique": a.technique.value,
                "retention_minutes": a.retention_minutes,
                "notes": a.notes,
            }
        )
    for t in plan.trigger_points:
        rows.append(
            {
                "kind": TRIGGER_POINT,
                "code": t.muscle,
                "side": t.side.value,
                "technique": t.technique.value,
                "retention_minutes": None,
                "notes": t.notes,
            }
        )
    for position, row in enumerate(rows):
        row["plan_id"] = plan_id
        row["position"] = position
    return rows


def plan_from_rows(row: PlanRow, targets: list[PlanTargetRow]) -> Plan:
    ordered = sorted(targets, key=lambda t: t.position)
    return Plan(
        modality=Modality(row.modality),
        electro=row.electro,
        acupoints=tuple(
            AcupointTarget(
                t.code, Side(t.side), Technique(t.technique), t.retention_minutes, t.notes
            )
            for t in ordered
            if t.kind == ACUPOINT
        ),
        trigger_points=tuple(
            TriggerPointTarget(t.code, Side(t.side), Technique(t.technique), t.notes)
            for t in ordered
            if t.kind == TRIGGER_POINT
        ),
        session_minutes=row.session_minutes,
        start_date=row.start_date,
        clinic_days=tuple(row.clinic_days),
        preferred_days=tuple(row.preferred_days),
        skip_dates=tuple(date.fromisoformat(d) for d in row.skip_dates),
        # None: the clinic's default. Rows from before revision 0006 have no choice column
        # value; their True was a choice, their False the old default.
        nice_cap=row.nice_cap_choice
        if row.nice_cap_choice is not None
        else (True if row.nice_cap else None),
        overrides=tuple(_override(o) for o in row.overrides),
        course_override=course_override_from(row.course_override),
        id=row.id,
        version=row.version,
    )


def course_override_dict(o: CourseOverride | None) -> dict[str, Any] | None:
    """The override as the case document writes it (planner.casefile keeps the same shape)."""
    if o is None:
        return None
    return {
        "sessions": o.sessions,
        "phases": None
        if o.phases is None
        else [{"weeks": p.weeks, "per_week": p.per_week} for p in o.phases],
        "reviews_after": None if o.reviews_after is None else list(o.reviews_after),
        "moves": [{"session": m.session, "date": m.date.isoformat()} for m in o.moves],
        "reason": o.reason,
        "recorded_on": o.recorded_on.isoformat() if o.recorded_on else None,
    }


def course_override_from(d: dict[str, Any] | None) -> CourseOverride | None:
    if d is None:
        return None
    phases, reviews = d.get("phases"), d.get("reviews_after")
    return CourseOverride(
        sessions=d.get("sessions"),
        phases=None if phases is None else tuple(Phase(p["weeks"], p["per_week"]) for p in phases),
        reviews_after=None if reviews is None else tuple(reviews),
        moves=tuple(
            SessionMove(m["session"], date.fromisoformat(m["date"])) for m in d.get("moves", [])
        ),
        reason=d.get("reason", ""),
        recorded_on=date.fromisoformat(d["recorded_on"]) if d.get("recorded_on") else None,
    )


def visit_values(v: Visit) -> dict[str, Any]:
    """The visit's own columns (not patient, version or times)."""
    return {
        "plan_id": v.plan_id,
        "date": v.date,
        "targets": [{"target": t.target, "side": t.side.value} for t in v.targets],
        "nprs_before": v.nprs_before,
        "nprs_after": v.nprs_after,
        "subjective": v.subjective,
        "objective": v.objective,
        "assessment_note": v.assessment,
        "plan_note": v.plan,
        "adverse_events": [
            {"kind": e.kind.value, "description": e.description, "follow_up": e.follow_up}
            for e in v.adverse_events
        ],
        "handout_given": v.handout_given,
    }


def visit_from_row(row: VisitRow) -> Visit:
    return Visit(
        date=row.date,
        targets=tuple(VisitTarget(t["target"], Side(t["side"])) for t in row.targets),
        nprs_before=row.nprs_before,
        nprs_after=row.nprs_after,
        subjective=row.subjective,
        objective=row.objective,
        assessment=row.assessment_note,
        plan=row.plan_note,
        adverse_events=tuple(
            AdverseEvent(AdverseEventKind(e["kind"]), e.get("description", ""), e["follow_up"])
            for e in row.adverse_events
        ),
        handout_given=row.handout_given,
        plan_id=row.plan_id,
        id=row.id,
        version=row.version,
        deleted_at=row.deleted_at,
    )
