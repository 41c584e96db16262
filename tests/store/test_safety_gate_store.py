"""The store is a door of the safety gate: save_plan and import_cases refuse what the gate
stops, writing nothing; save_assessment carries the health record forward, and
correct_assessment keeps the version it replaces. On SQLite and PostgreSQL alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from planner.catalog.safety import case_findings
from planner.domain.assessment import Assessment, PainScores
from planner.domain.case import Case
from planner.domain.clearance import Clearance
from planner.domain.course.override import CourseOverride, SessionMove
from planner.domain.errors import ConflictError, ValidationError
from planner.domain.findings import Severity
from planner.domain.gate import SafetyStop
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.store.tables import AssessmentRow, PatientRow, PlanRow, PlanTargetRow

DAY = date(2026, 11, 20)
ADULT = date(1984, 3, 2)  # 42 on DAY: no age finding


def _count(store: Store, table: type[object]) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _written(store: Store) -> tuple[int, int, int]:
    return _count(store, PatientRow), _count(store, PlanRow), _count(store, PlanTargetRow)


def _patient(store: Store, birth: date | None = ADULT, name: str = "Ana López") -> int:
    pid = store.patients.add(Patient(name, birth)).id
    assert pid is not None
    return pid


def _assessment(**fields: object) -> Assessment:
    values: dict[str, object] = {
        "date": DAY,
        "complaint": "Neck pain",
        "onset_date": date(2026, 10, 1),
    }
    values.update(fields)
    return Assessment(**values)  # type: ignore[arg-type]


def _plan(*codes: str, **fields: object) -> Plan:
    points = tuple(AcupointTarget(c, Side.BOTH) for c in codes or ("GB21",))
    base = Plan(
        acupoints=points,
        trigger_points=(TriggerPointTarget("levator-scapulae", Side.RIGHT),),
        start_date=date(2026, 11, 24),
        clinic_days=("mon", "wed", "fri"),
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def _clearance(rule: str) -> Clearance:
    return Clearance(rule, "Dr Rao", "GP", DAY, "Examined; no cause for concern found.")


def _refused(store: Store, pid: int, plan: Plan) -> SafetyStop:
    before = _written(store)
    with pytest.raises(SafetyStop) as stop:
        store.cases.save_plan(pid, plan)
    assert _written(store) == before
    assert store.cases.get_case(pid).plan is None
    return stop.value


def _stopping(stop: SafetyStop) -> set[str]:
    return {f.rule for f in stop.findings}


# --- save_plan --------------------------------------------------------------------------------


def test_a_course_override_that_moves_a_date_does_not_lift_a_red_flag(store: Store) -> None:
    pid = _patient(store)
    store.cases.save_assessment(pid, _assessment(red_flags=("myelopathy-signs",)))
    moved = CourseOverride(
        moves=(SessionMove(2, date(2026, 12, 1)),), reason="Patient away", recorded_on=DAY
    )
    # Not by a course override, nor by a per-target override naming the red flag.
    overrides = tuple(
        Override("red-flag-myelopathy-signs", t, "Discussed with the patient")
        for t in ("GB21", "TP:levator-scapulae")
    )
    stop = _refused(store, pid, _plan(course_override=moved, overrides=overrides))
    assert _stopping(stop) == {"red-flag-myelopathy-signs"}
    assert all(f.severity is Severity.REFER for f in stop.findings)
    assert "saved" in str(stop)

    # The clearance recorded with a later assessment lifts it; the red flag stays recorded.
    follow_up = Assessment(date=DAY, clearances=(_clearance("red-flag-myelopathy-signs"),))
    saved = store.cases.save_assessment(pid, follow_up)
    assert saved.red_flags == ("myelopathy-signs",)
    plan = store.cases.save_plan(pid, _plan(course_override=moved))
    assert plan.id is not None
    loaded = store.cases.get_case(pid).plan
    assert loaded is not None
    assert loaded.id == plan.id


def test_pregnancy_point_blocked_until_overridden(store: Store) -> None:
    pid = _patient(store)
    store.cases.save_assessment(pid, _assessment(conditions=("pregnancy",), pregnancy_weeks=20))
    stop = _refused(store, pid, _plan("LI4", "GB21"))
    assert _stopping(stop) == {"pregnancy-point"}
    [block] = stop.findings
    assert block.targets == ("LI4",)

    # An override for another target, or with a blank reason, is no override.
    _refused(
        store, pid, _plan("LI4", "GB21", overrides=(Override("pregnancy-point", "GB21", "x"),))
    )
    _refused(
        store, pid, _plan("LI4", "GB21", overrides=(Override("pregnancy-point", "LI4", "  "),))
    )
    # A clearance lifts red flags only, never a block.
    store.cases.save_assessment(
        pid, Assessment(date=DAY, clearances=(_clearance("pregnancy-point"),))
    )
    _refused(store, pid, _plan("LI4", "GB21"))

    written = Override("pregnancy-point", "LI4", "Post-dates; midwife asked for LI4", DAY)
    saved = store.cases.save_plan(pid, _plan("LI4", "GB21", overrides=(written,)))
    assert saved.id is not None
    # Dropping the point is the other way through.
    assert store.cases.save_plan(pid, _plan("GB21")).id is not None


def test_needle_phobia_blocks_every_target_until_each_is_overridden(store: Store) -> None:
    pid = _patient(store)
    store.cases.save_assessment(pid, _assessment(conditions=("needle-phobia",)))
    stop = _refused(store, pid, _plan("GB21"))
    assert _stopping(stop) == {"needle-phobia"}
    assert {t for f in stop.findings for t in f.targets} == {"GB21", "TP:levator-scapulae"}

    one = (Override("needle-phobia", "GB21", "Desensitised; consents to needling"),)
    stop = _refused(store, pid, _plan("GB21", overrides=one))
    assert {t for f in stop.findings for t in f.targets} == {"TP:levator-scapulae"}

    both = (*one, Override("needle-phobia", "TP:levator-scapulae", "Same; consents"))
    assert store.cases.save_plan(pid, _plan("GB21", overrides=both)).id is not None
    # With nothing planned there is nothing to stop.
    assert store.cases.save_plan(pid, Plan()).id is not None


def test_new_neck_pain_at_72_stops_the_plan_until_cleared(store: Store) -> None:
    pid = _patient(store, birth=date(1954, 6, 1))  # 72 on DAY
    store.cases.save_assessment(pid, _assessment(onset_date=date(2026, 11, 1)))
    stop = _refused(store, pid, _plan("GB21"))
    assert _stopping(stop) == {"age-onset-derived"}
    [flag] = stop.findings
    assert "72" in flag.message

    # A clearance for another rule lifts nothing.
    store.cases.save_assessment(
        pid, Assessment(date=DAY, clearances=(_clearance("red-flag-trauma"),))
    )
    _refused(store, pid, _plan("GB21"))
    store.cases.save_assessment(
        pid, Assessment(date=DAY, clearances=(_clearance("age-onset-derived"),))
    )
    assert store.cases.save_plan(pid, _plan("GB21")).id is not None


def test_the_same_patient_with_pain_since_fifty_saves(store: Store) -> None:
    # 72 now, the pain began at 50: no age-at-onset flag, the plan saves at once.
    pid = _patient(store, birth=date(1954, 6, 1))
    store.cases.save_assessment(pid, _assessment(onset_date=date(2004, 9, 1)))
    assert store.cases.save_plan(pid, _plan("GB21")).id is not None


def test_save_plan_gates_against_the_current_assessment(store: Store) -> None:
    # A later assessment that raises a red flag stops a plan the earlier one allowed.
    pid = _patient(store)
    store.cases.save_assessment(pid, _assessment(date=date(2026, 11, 1)))
    store.cases.save_plan(pid, _plan("GB21"))
    store.cases.save_assessment(pid, Assessment(date=DAY, red_flags=("fever",)))
    stop = _refused_keeping(store, pid, _plan("SI3"))
    assert _stopping(stop) == {"red-flag-fever"}


def _refused_keeping(store: Store, pid: int, plan: Plan) -> SafetyStop:
    before = _written(store)
    kept = store.cases.get_case(pid).plan
    with pytest.raises(SafetyStop) as stop:
        store.cases.save_plan(pid, plan)
    assert _written(store) == before
    assert store.cases.get_case(pid).plan == kept
    return stop.value


# --- import_cases -----------------------------------------------------------------------------


def test_import_refuses_the_whole_batch_when_one_case_is_stopped(store: Store) -> None:
    _patient(store, name="Already Here")
    good = Case(Patient("Good One", ADULT), _assessment(), _plan("GB21"))
    phobic = Case(
        Patient("Phobic", ADULT), _assessment(conditions=("needle-phobia",)), _plan("GB21")
    )
    aged = Case(Patient("New Pain At 72", date(1954, 6, 1)), _assessment(), _plan("GB21"))
    for stopped, rule in ((phobic, "needle-phobia"), (aged, "age-onset-derived")):
        before = (*_written(store), _count(store, AssessmentRow))
        with pytest.raises(SafetyStop) as stop:
            store.cases.import_cases([good, stopped, good])
        assert _stopping(stop.value) == {rule}
        assert "imported" in str(stop.value)
        assert (*_written(store), _count(store, AssessmentRow)) == before
        assert [p.name for p in store.patients.search("")] == ["Already Here"]

    assert aged.assessment is not None
    cleared = replace(
        aged,
        assessment=replace(aged.assessment, clearances=(_clearance("age-onset-derived"),)),
    )
    ids = store.cases.import_cases([good, cleared])
    assert len(ids) == 2
    case = store.cases.get_case(ids[1])
    assert case.assessment is not None
    assert case.assessment.clearances == (_clearance("age-onset-derived"),)


# --- the health record carries forward --------------------------------------------------------


def test_a_follow_up_with_only_scores_keeps_the_health_record(store: Store) -> None:
    pid = _patient(store)
    first = Assessment(
        date=date(2026, 9, 1),
        complaint="Left neck pain since lifting",
        onset_date=date(2026, 8, 15),
        conditions=("pregnancy", "anticoagulants"),
        pregnancy_weeks=12,
        medications="apixaban 5 mg twice daily",
    )
    store.cases.save_assessment(pid, first)
    # 70 days later: ten weeks on.
    follow_up = Assessment(date=date(2026, 11, 10), pain=PainScores(now=4), ndi_total=12)
    saved = store.cases.save_assessment(pid, follow_up)

    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert current == replace(saved, corrected=False)
    assert set(current.conditions) == {"pregnancy", "anticoagulants"}
    assert current.pregnancy_weeks == 22
    assert current.onset_date == date(2026, 8, 15)
    assert current.complaint == "Left neck pain since lifting"
    assert current.medications == "apixaban 5 mg twice daily"
    assert (current.pain.now, current.ndi_total) == (4, 12)
    assert [a.date for a in store.cases.assessments(pid)] == [date(2026, 11, 10), date(2026, 9, 1)]

    # What screening then reads: pregnancy in the second trimester, still on anticoagulants.
    rules = {f.rule for f in case_findings(store.cases.get_case(pid))}
    assert {"pregnancy", "anticoagulants"} <= rules
    assert "pregnancy-first-trimester" not in rules

    # Only what `removed` names leaves the record.
    stopped = Assessment(date=date(2026, 11, 17), removed=("anticoagulants",))
    store.cases.save_assessment(pid, stopped)
    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert current.conditions == ("pregnancy",)
    assert current.pregnancy_weeks == 23
    assert current.removed == ("anticoagulants",)


def test_a_red_flag_carries_forward_until_removed(store: Store) -> None:
    pid = _patient(store)
    store.cases.save_assessment(
        pid, _assessment(date=date(2026, 11, 1), red_flags=("night-pain", "fever"))
    )
    store.cases.save_assessment(pid, Assessment(date=date(2026, 11, 10), ndi_total=10))
    with pytest.raises(SafetyStop):
        store.cases.save_plan(pid, _plan("GB21"))
    store.cases.save_assessment(pid, Assessment(date=date(2026, 11, 15), removed=("fever",)))
    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert current.red_flags == ("night-pain",)
    stop = _refused(store, pid, _plan("GB21"))
    assert _stopping(stop) == {"red-flag-night-pain"}
    store.cases.save_assessment(pid, Assessment(date=DAY, removed=("night-pain",)))
    assert store.cases.save_plan(pid, _plan("GB21")).id is not None


# --- corrections ------------------------------------------------------------------------------


def test_a_correction_keeps_the_earlier_version(store: Store) -> None:
    pid = _patient(store)
    original = store.cases.save_assessment(pid, _assessment(ndi_total=18))
    assert original.id is not None
    fixed = store.cases.correct_assessment(
        original.id, replace(original, ndi_total=8, red_flags=("fever",))
    )
    assert fixed.id is not None
    assert fixed.id != original.id
    assert fixed.corrects_id == original.id

    listed = store.cases.assessments(pid)
    assert [(a.id, a.corrected) for a in listed] == [(fixed.id, False), (original.id, True)]
    assert listed[1].ndi_total == 18
    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert (current.id, current.ndi_total, current.red_flags) == (fixed.id, 8, ("fever",))

    # The correction raised a red flag: the gate reads the corrected version.
    stop = _refused(store, pid, _plan("GB21"))
    assert _stopping(stop) == {"red-flag-fever"}

    # A second correction of the same version conflicts, and writes nothing.
    before = _count(store, AssessmentRow)
    with pytest.raises(ConflictError):
        store.cases.correct_assessment(original.id, replace(original, ndi_total=9))
    assert _count(store, AssessmentRow) == before
    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert current.id == fixed.id

    # A correction that drops the red flag without naming it in `removed` is refused.
    before = _count(store, AssessmentRow)
    with pytest.raises(ValidationError, match=r"assessment\.removed: the correction drops fever"):
        store.cases.correct_assessment(fixed.id, replace(fixed, red_flags=()))
    assert _count(store, AssessmentRow) == before

    # Correcting the current version, the removal named, clears the way again.
    again = store.cases.correct_assessment(
        fixed.id, replace(fixed, red_flags=(), removed=("fever",))
    )
    listed = store.cases.assessments(pid)
    assert [(a.id, a.corrected) for a in listed] == [
        (again.id, False),
        (fixed.id, True),
        (original.id, True),
    ]
    assert store.cases.save_plan(pid, _plan("GB21")).id is not None


def test_a_follow_up_carries_forward_from_the_corrected_version(store: Store) -> None:
    pid = _patient(store)
    wrong = store.cases.save_assessment(
        pid, _assessment(date=date(2026, 11, 1), conditions=("needle-phobia",))
    )
    assert wrong.id is not None
    store.cases.correct_assessment(
        wrong.id, replace(wrong, conditions=(), removed=("needle-phobia",))
    )
    store.cases.save_assessment(pid, Assessment(date=DAY, ndi_total=10))
    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert current.conditions == ()
    assert store.cases.save_plan(pid, _plan("GB21")).id is not None


def test_only_the_latest_assessment_is_corrected_and_not_to_an_earlier_place(
    store: Store,
) -> None:
    """A correction of an older version would become the newest (its id is higher) and
    hide a later red flag; one dated before another assessment would bring that one back."""
    pid = _patient(store)
    first = store.cases.save_assessment(pid, _assessment(date=date(2026, 11, 1)))
    store.cases.save_assessment(pid, _assessment(date=DAY, red_flags=("night-pain",)))
    assert first.id is not None
    before = _count(store, AssessmentRow)
    with pytest.raises(ConflictError, match="no longer the patient's latest"):
        store.cases.correct_assessment(first.id, replace(first, ndi_total=3))
    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert current.red_flags == ("night-pain",)
    with pytest.raises(ValidationError, match=r"assessment\.date"):
        store.cases.correct_assessment(current.id or 0, replace(current, date=date(2026, 10, 1)))
    assert _count(store, AssessmentRow) == before
    _refused(store, pid, _plan("GB21"))


def test_a_clearance_ends_with_its_red_flag_and_medications_clear_only_on_purpose(
    store: Store,
) -> None:
    pid = _patient(store)
    gp = Clearance("red-flag-night-pain", "Dr Lee", "GP", date(2026, 11, 1), "MRI normal")
    store.cases.save_assessment(
        pid,
        _assessment(
            date=date(2026, 11, 1),
            red_flags=("night-pain",),
            clearances=(gp,),
            medications="warfarin",
        ),
    )
    # The flag is removed, then raised again later: the old clearance does not lift it.
    store.cases.save_assessment(pid, Assessment(date=date(2026, 11, 10), removed=("night-pain",)))
    store.cases.save_assessment(pid, Assessment(date=DAY, red_flags=("night-pain",)))
    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert current.clearances == ()
    assert current.medications == "warfarin"  # left blank: carried
    _refused(store, pid, _plan("GB21"))
    store.cases.save_assessment(pid, Assessment(date=DAY, removed=("medications",)))
    current = store.cases.get_case(pid).assessment
    assert current is not None
    assert current.medications == ""
