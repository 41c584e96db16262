from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from planner.domain.assessment import Assessment, PainRegion, PainScores, PsfsItem
from planner.domain.case import Case
from planner.domain.errors import NotFoundError
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.vocab import Modality, Sex, Side, Technique
from planner.store.database import Store
from planner.store.tables import PatientRow

FULL = Case(
    patient=Patient("Ana López", date(1984, 3, 2), Sex.FEMALE, "+1 555 0100", "ana@example.org"),
    assessment=Assessment(
        date=date(2026, 11, 20),
        complaint="Right-sided neck pain after desk work",
        onset_date=date(2026, 8, 1),
        pain=PainScores(6, 3, 8),
        ndi_total=18,
        psfs=(PsfsItem("Turning head while driving", 4),),
        pain_regions=(PainRegion("neck-right", 6),),
        conditions=("anticoagulants",),
        red_flags=(),
        consent_date=date(2026, 11, 20),
    ),
    plan=Plan(
        modality=Modality.ACUPUNCTURE,
        acupoints=(
            AcupointTarget("GB21", Side.RIGHT),
            AcupointTarget("SI3", Side.BOTH, Technique.ELECTRO, 20),
        ),
        trigger_points=(TriggerPointTarget("levator-scapulae", Side.RIGHT),),
        start_date=date(2026, 11, 24),
        clinic_days=("mon", "wed", "fri"),
        overrides=(
            Override("electro-pacemaker", "electro", "cardiology cleared", date(2026, 11, 20)),
        ),
    ),
)


def _strip_ids(case: Case) -> Case:
    from dataclasses import replace

    return Case(
        patient=replace(case.patient, id=None, version=0),
        assessment=replace(case.assessment, id=None) if case.assessment else None,
        plan=replace(case.plan, id=None, version=0) if case.plan else None,
    )


def test_import_and_read_back_a_full_case(store: Store) -> None:
    [pid] = store.cases.import_cases([FULL])
    loaded = store.cases.get_case(pid)
    assert _strip_ids(loaded) == FULL
    assert loaded.plan is not None
    assert loaded.plan.target_ids() == ["GB21", "SI3", "TP:levator-scapulae"]


def test_import_keeps_input_order_and_export_returns_everything(store: Store) -> None:
    cases = [Case(Patient(f"Patient {i:03d}")) for i in range(25)] + [FULL]
    ids = store.cases.import_cases(cases)
    assert [store.patients.get(i).name for i in ids] == [c.patient.name for c in cases]
    exported = [_strip_ids(c) for c in store.cases.iter_cases()]
    assert exported == cases


def test_import_is_all_or_nothing(store: Store) -> None:
    store.patients.add(Patient("Already Here"))
    # A target row with a null code violates NOT NULL half-way through the batch.
    broken = Case(Patient("Broken"), plan=Plan(acupoints=(AcupointTarget(None),)))  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017, PT011 - whichever driver error, it must roll back
        store.cases.import_cases([Case(Patient("Good One")), broken])
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(PatientRow)).scalar() == 1


def test_export_batches_across_the_batch_size(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.store.cases as cases_module

    monkeypatch.setattr(cases_module, "EXPORT_BATCH", 4)
    ids = store.cases.import_cases([Case(Patient(f"P{i}")) for i in range(10)])
    store.patients.delete(ids[3])
    names = [c.patient.name for c in store.cases.iter_cases()]
    assert names == [f"P{i}" for i in range(10) if i != 3]
    assert [c.patient.name for c in store.cases.iter_cases([ids[0], ids[9]])] == ["P0", "P9"]


def test_assessments_are_dated_and_the_latest_is_the_case(store: Store) -> None:
    pid = store.patients.add(Patient("Ana López")).id or 0
    older = Assessment(date=date(2025, 1, 10), complaint="old episode")
    newer = Assessment(date=date(2026, 11, 20), complaint="new episode")
    store.cases.save_assessment(pid, newer)
    store.cases.save_assessment(pid, older)
    assert [a.complaint for a in store.cases.assessments(pid)] == ["new episode", "old episode"]
    case = store.cases.get_case(pid)
    assert case.assessment is not None
    assert case.assessment.complaint == "new episode"


def test_save_plan_for_unknown_patient(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.cases.save_plan(12345, Plan())


def test_the_course_planner_inputs_are_kept_with_the_plan(store: Store) -> None:
    from dataclasses import replace

    assert FULL.plan is not None
    plan = replace(
        FULL.plan,
        preferred_days=("wed", "fri"),
        skip_dates=(date(2026, 12, 25), date(2027, 1, 1)),
        nice_cap=True,
    )
    [pid] = store.cases.import_cases([replace(FULL, plan=plan)])
    assert _strip_ids(store.cases.get_case(pid)).plan == plan

    # save_plan too, and a later plan without them reads as none set.
    store.cases.save_plan(pid, replace(plan, preferred_days=("mon",), nice_cap=False))
    loaded = store.cases.get_case(pid).plan
    assert loaded is not None
    assert (loaded.preferred_days, loaded.skip_dates, loaded.nice_cap) == (
        ("mon",),
        plan.skip_dates,
        False,
    )
    store.cases.save_plan(pid, Plan())
    loaded = store.cases.get_case(pid).plan
    assert loaded is not None
    # No NICE cap choice: the clinic's default applies (None), not a stored "off".
    assert (loaded.preferred_days, loaded.skip_dates, loaded.nice_cap) == ((), (), None)
    for choice in (True, False):
        store.cases.save_plan(pid, Plan(nice_cap=choice))
        chosen = store.cases.get_case(pid).plan
        assert chosen is not None
        assert chosen.nice_cap is choice
