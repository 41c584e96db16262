"""Hypothesis strategies for whole patient histories (needleplan-case/2) and protocols.

Targets come from the shipped catalog (import refuses unknown ones); every plan is made to
pass the safety gate as it stood when the plan was recorded, the way a practitioner would
have: each red flag then standing is cleared on the assessment then current, each block
overridden in writing on the plan (`passable`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache

from hypothesis import strategies as st

from planner.catalog.loader import load_catalog
from planner.catalog.safety import case_findings
from planner.domain.catalog_entries import Acupoint, TriggerRegion
from planner.domain.clearance import Clearance
from planner.domain.findings import Severity
from planner.domain.gate import stopping_findings
from planner.domain.history import (
    AssessmentRecord,
    PatientHistory,
    PlanRecord,
    ProtocolRecord,
    VisitRecord,
    current_number,
    gated_cases,
)
from planner.domain.plan import ACUPOINT_CODE, AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.protocol import PlannedTarget, Protocol
from planner.domain.visit import AdverseEvent, AdverseEventKind, Visit, VisitTarget
from planner.domain.vocab import CONDITIONS, RED_FLAGS, Side, Technique
from planner.store.protocols import name_key
from tests.casefile.strategies import (
    TODAY,
    _sides_for,
    assessments,
    kebab,
    names,
    patients,
    plans,
    short_text,
    storable,
)

START = datetime(2025, 1, 1, tzinfo=UTC)
said = st.text(storable, min_size=1, max_size=30).filter(str.strip)


@cache
def catalog_targets() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(acupoint codes, muscles) of the shipped catalog."""
    catalog = load_catalog()
    points = sorted(
        t.code for t in catalog if isinstance(t, Acupoint) and ACUPOINT_CODE.fullmatch(t.code)
    )
    muscles = sorted(t.muscle for t in catalog if isinstance(t, TriggerRegion))
    return tuple(points), tuple(muscles)


def times(count: int) -> st.SearchStrategy[list[datetime]]:
    """`count` times in order, to the microsecond, within about two years."""
    offsets = st.lists(st.integers(0, 2 * 365 * 86_400 * 10**6), min_size=count, max_size=count)
    return offsets.map(lambda found: [START + timedelta(microseconds=n) for n in sorted(found)])


@st.composite
def catalog_plans(draw: st.DrawFn) -> Plan:
    """strategies.plans() with targets from the catalog."""
    base = draw(plans())
    points, muscles = catalog_targets()
    techniques = st.sampled_from(Technique) if base.electro else st.just(Technique.MANUAL)
    retention = st.none() | st.integers(1, min(120, base.session_minutes))
    acupoints = tuple(
        AcupointTarget(
            code, draw(_sides_for(code)), draw(techniques), draw(retention), draw(short_text)
        )
        for code in draw(st.lists(st.sampled_from(points), unique=True, max_size=4))
    )
    trigger_points = tuple(
        TriggerPointTarget(m, draw(st.sampled_from(Side)), draw(techniques), draw(short_text))
        for m in draw(st.lists(st.sampled_from(muscles), unique=True, max_size=2))
    )
    return replace(base, acupoints=acupoints, trigger_points=trigger_points)


@st.composite
def visits(draw: st.DrawFn, plan_count: int, at: datetime) -> VisitRecord:
    points, muscles = catalog_targets()
    ids = st.sampled_from(points) | st.sampled_from(muscles).map(lambda m: f"TP:{m}")
    targets = draw(
        st.lists(st.tuples(ids, st.sampled_from(Side)), unique=True, max_size=4).map(
            lambda pairs: tuple(VisitTarget(t, s) for t, s in pairs)
        )
    )
    events = tuple(
        AdverseEvent(
            kind,
            draw(said) if kind is AdverseEventKind.OTHER else draw(short_text),
            draw(said) if kind is AdverseEventKind.SUSPECTED_PNEUMOTHORAX else draw(short_text),
        )
        for kind in draw(st.lists(st.sampled_from(AdverseEventKind), max_size=2))
    )
    later = st.integers(0, 10**11).map(lambda n: at + timedelta(microseconds=n))
    score = st.none() | st.integers(0, 10)
    visit = Visit(
        date=draw(st.dates(date(2020, 1, 1), TODAY)),
        targets=targets,
        nprs_before=draw(score),
        nprs_after=draw(score),
        subjective=draw(short_text),
        objective=draw(short_text),
        assessment=draw(short_text),
        plan=draw(short_text),
        adverse_events=events,
        handout_given=draw(st.booleans()),
        deleted_at=draw(st.none() | later),
    )
    plan = draw(st.none() | st.integers(1, plan_count)) if plan_count else None
    return VisitRecord(visit, plan, at, draw(st.none() | later))


@st.composite
def histories(draw: st.DrawFn, *, max_visits: int = 4) -> PatientHistory:
    """Assessments with corrections and clearances, plans as saved, visits with adverse
    events, each recorded at its own time; made passable."""
    patient = draw(patients())
    count = draw(st.integers(0, 4))
    a_times = draw(times(count))
    records: list[AssessmentRecord] = []
    for n in range(1, count + 1):
        a = draw(assessments(patient.birth_date))
        gone = [x for x in (*CONDITIONS, *RED_FLAGS) if x not in (*a.conditions, *a.red_flags)]
        removed = (
            tuple(draw(st.lists(st.sampled_from(gone), unique=True, max_size=2))) if gone else ()
        )
        extra = draw(st.lists(kebab, max_size=1, unique=True))
        cleared = tuple(Clearance(r, "Dr Rao", "GP", a.date, "seen, no concern") for r in extra)
        corrected = {r.corrects for r in records}
        open_ = [m for m in range(1, n) if m not in corrected]
        corrects = draw(st.none() | st.sampled_from(open_)) if open_ else None
        a = replace(a, removed=removed, clearances=cleared)
        records.append(AssessmentRecord(a, corrects, a_times[n - 1]))
    plan_count = draw(st.integers(0, 3))
    p_times = draw(times(plan_count))
    plan_records = []
    for t in p_times:
        # A plan is made from an assessment already recorded (the store cannot do otherwise).
        earlier = [n for n, r in enumerate(records, 1) if r.recorded_at and r.recorded_at <= t]
        link = draw(st.none() | st.sampled_from(earlier)) if earlier else None
        plan_records.append(PlanRecord(draw(catalog_plans()), link, t))
    visit_count = draw(st.integers(0, max_visits))
    v_times = draw(times(visit_count))
    visit_records = tuple(draw(visits(plan_count, t)) for t in v_times)
    history = PatientHistory(patient, tuple(records), tuple(plan_records), visit_records)
    return passable(history)


def passable(h: PatientHistory) -> PatientHistory:
    """h with what the gate asked for when each plan was recorded: a clearance on the
    assessment then current for each red flag standing, an override on the plan for each
    block."""
    for i in range(len(h.plans)):
        case = gated_cases(h)[i][1]
        stop = stopping_findings(case_findings(case))
        flags = [f.rule for f in stop if f.severity is Severity.REFER]
        blocks = [(f.rule, t) for f in stop if f.severity is Severity.BLOCK for t in f.targets]
        if blocks:
            record = h.plans[i]
            overrides = record.plan.overrides + tuple(
                Override(rule, target, "discussed with the patient, who agrees")
                for rule, target in blocks
            )
            plan = replace(record, plan=replace(record.plan, overrides=overrides))
            h = replace(h, plans=(*h.plans[:i], plan, *h.plans[i + 1 :]))
        if flags:
            number = current_number(h, at=h.plans[i].recorded_at)
            assert number is not None  # a red flag needs an assessment
            a = h.assessments[number - 1]
            cleared = a.assessment.clearances + tuple(
                Clearance(rule, "Dr Okafor", "neurologist", a.assessment.date, "cleared to treat")
                for rule in flags
            )
            a = replace(a, assessment=replace(a.assessment, clearances=cleared))
            h = replace(h, assessments=(*h.assessments[: number - 1], a, *h.assessments[number:]))
    return h


@st.composite
def protocol_lists(draw: st.DrawFn) -> list[ProtocolRecord]:
    """Protocols whose live names differ (as the store requires), some deleted."""
    points, muscles = catalog_targets()
    chosen = draw(st.lists(names, max_size=3, unique_by=name_key))
    found = []
    for name in chosen:
        targets = []
        for code in draw(st.lists(st.sampled_from(points), min_size=1, max_size=3, unique=True)):
            targets.append(
                PlannedTarget(
                    code,
                    draw(_sides_for(code)),
                    draw(st.sampled_from(Technique)),
                    draw(st.none() | st.integers(1, 30)),
                    draw(short_text),
                )
            )
        for muscle in draw(st.lists(st.sampled_from(muscles), max_size=2, unique=True)):
            side = draw(st.sampled_from([Side.LEFT, Side.RIGHT, Side.BOTH]))
            targets.append(PlannedTarget(f"TP:{muscle}", side, notes=draw(short_text)))
        [at] = draw(times(1))
        later = at + timedelta(microseconds=draw(st.integers(0, 10**10)))
        deleted = draw(st.none() | st.just(later))
        protocol = Protocol(name, tuple(targets), draw(short_text))
        found.append(ProtocolRecord(protocol, at, later, deleted))
    return found
