"""The audit entries of an assessment or plan saved: the record itself, and each red-flag
clearance and safety override it brings that the record before it did not have."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.assessment import Assessment
from planner.domain.audit import Action, Kind, Snapshot
from planner.domain.plan import Plan
from planner.store.audit import AuditTrail, snapshot
from planner.store.mapping import assessment_values, plan_from_rows, plan_values, target_values
from planner.store.tables import PlanRow, PlanTargetRow

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # stands in for created_at, which is dropped


def assessment_snapshot(a: Assessment) -> Snapshot:
    values = assessment_values(a, 0, _EPOCH)
    values.pop("corrects_id", None)
    return snapshot(values)


def assessment_entries(
    audit: AuditTrail,
    s: Session,
    *,
    action: str,
    record_id: int,
    patient_id: int,
    new: Assessment,
    old: Assessment | None,
) -> list[dict[str, Any]]:
    before = assessment_snapshot(old) if old is not None else None
    rows = [
        audit.row(
            s,
            action,
            Kind.ASSESSMENT,
            record_id=record_id,
            patient_id=patient_id,
            before=before if action == Action.CORRECT else None,
            after=assessment_snapshot(new),
        )
    ]
    known = {c.as_dict()["rule"] for c in old.clearances} if old is not None else set()
    for clearance in new.clearances:
        if clearance.rule not in known:
            rows.append(
                audit.row(
                    s,
                    Action.CLEARANCE,
                    Kind.ASSESSMENT,
                    record_id=record_id,
                    patient_id=patient_id,
                    after=clearance.as_dict(),
                    details={"flag": clearance.rule},
                )
            )
    return rows


def plan_snapshot(plan: Plan) -> Snapshot:
    values = plan_values(plan, 0, None)
    values.pop("assessment_id", None)
    values["targets"] = [
        {k: v for k, v in t.items() if k not in ("plan_id", "position")}
        for t in target_values(plan, 0)
    ]
    return snapshot(values)


def latest_plan(s: Session, patient_id: int) -> Plan | None:
    row = s.scalars(
        select(PlanRow).where(PlanRow.patient_id == patient_id).order_by(PlanRow.id.desc())
    ).first()
    if row is None:
        return None
    targets = s.scalars(
        select(PlanTargetRow)
        .where(PlanTargetRow.plan_id == row.id)
        .order_by(PlanTargetRow.position)
    ).all()
    return plan_from_rows(row, list(targets))


def plan_entries(
    audit: AuditTrail,
    s: Session,
    *,
    plan_id: int,
    patient_id: int,
    new: Plan,
    old: Plan | None,
) -> list[dict[str, Any]]:
    """A new plan is a change of the patient's plan when there was one before it."""
    action = Action.CREATE if old is None else Action.CHANGE
    after = plan_snapshot(new)
    rows = [
        audit.row(
            s,
            action,
            Kind.PLAN,
            record_id=plan_id,
            patient_id=patient_id,
            before=plan_snapshot(old) if old is not None else None,
            after=after,
        )
    ]
    known = {(o.rule, o.target) for o in old.overrides} if old is not None else set()
    for o in new.overrides:
        if (o.rule, o.target) not in known:
            what = f"the safety finding '{o.rule}'" + (f" for {o.target}" if o.target else "")
            rows.append(
                audit.row(
                    s,
                    Action.OVERRIDE,
                    Kind.PLAN,
                    record_id=plan_id,
                    patient_id=patient_id,
                    after={"rule": o.rule, "target": o.target, "reason": o.reason},
                    details={"what": what},
                )
            )
    old_course = plan_snapshot(old).get("course_override") if old is not None else None
    if after.get("course_override") is not None and after["course_override"] != old_course:
        rows.append(
            audit.row(
                s,
                Action.OVERRIDE,
                Kind.PLAN,
                record_id=plan_id,
                patient_id=patient_id,
                before={"course": old_course},
                after={"course": after["course_override"]},
                details={"what": "the recommended course"},
            )
        )
    return rows
