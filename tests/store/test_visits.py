"""Visits in the store, on SQLite and PostgreSQL; plans keep their course override."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from planner.domain.case import Case
from planner.domain.course.override import CourseOverride, Phase, SessionMove
from planner.domain.errors import ConflictError, NotFoundError, ValidationError
from planner.domain.patient import Patient
from planner.domain.plan import Plan
from planner.domain.visit import AdverseEvent, AdverseEventKind, Visit, VisitTarget
from planner.domain.vocab import Side
from planner.store.database import Store, open_store
from planner.store.engine import current_revision, run_alembic
from planner.store.revision import SCHEMA_HEAD
from planner.store.tables import VisitRow

TODAY = date(2026, 11, 21)
VISIT = Visit(
    date=date(2026, 11, 20),
    targets=(VisitTarget("GB21", Side.RIGHT), VisitTarget("TP:levator-scapulae", Side.RIGHT)),
    nprs_before=6,
    nprs_after=4,
    subjective="Neck stiff after a long drive.",
    objective="Taut band in right levator scapulae.",
    assessment="Responding.",
    plan="Same points next time.",
    adverse_events=(
        AdverseEvent(AdverseEventKind.BRUISE, "small bruise at GB21", "Told to expect it to fade"),
    ),
    handout_given=True,
)


@pytest.fixture
def patient_id(store: Store) -> int:
    pid = store.patients.add(Patient("Ana López")).id
    assert pid is not None
    return pid


def test_add_and_read_back(store: Store, patient_id: int) -> None:
    added = store.visits.add(patient_id, VISIT, today=TODAY)
    assert added.id is not None
    assert added.version == 1
    assert store.visits.get(added.id) == added
    assert replace(added, id=None, version=0) == VISIT


def test_listed_newest_first(store: Store, patient_id: int) -> None:
    days = [date(2026, 11, 3), date(2026, 11, 17), date(2026, 11, 10)]
    for day in days:
        store.visits.add(patient_id, replace(VISIT, date=day), today=TODAY)
    same_day = store.visits.add(patient_id, replace(VISIT, date=days[1]), today=TODAY)
    listed = store.visits.for_patient(patient_id)
    assert [v.date for v in listed] == sorted([*days, days[1]], reverse=True)
    assert listed[0].id == same_day.id  # of two on one day, the later record first
    other = store.patients.add(Patient("José Núñez")).id
    assert other is not None
    assert store.visits.for_patient(other) == []


def test_update_with_optimistic_locking(store: Store, patient_id: int) -> None:
    added = store.visits.add(patient_id, VISIT, today=TODAY)
    mine = store.visits.update(replace(added, nprs_after=3), today=TODAY)
    assert mine.version == 2
    assert store.visits.get(mine.id or 0).nprs_after == 3
    with pytest.raises(ConflictError) as caught:
        store.visits.update(replace(added, plan="stale"), today=TODAY)
    assert caught.value.current_version == 2
    assert "changed by someone else" in str(caught.value)
    forced = store.visits.update(replace(added, plan="mine wins"), force=True, today=TODAY)
    assert forced.version == 3
    assert store.visits.get(forced.id or 0).plan == "mine wins"


def test_delete_is_soft_and_restorable(store: Store, patient_id: int) -> None:
    added = store.visits.add(patient_id, VISIT, today=TODAY)
    assert added.id is not None
    deleted = store.visits.delete(added.id)
    assert deleted.deleted_at is not None
    assert deleted.version == 2
    assert store.visits.for_patient(patient_id) == []
    assert [v.id for v in store.visits.for_patient(patient_id, include_deleted=True)] == [added.id]
    with store.engine.connect() as conn:  # still on record
        assert conn.execute(select(func.count()).select_from(VisitRow)).scalar() == 1
    with pytest.raises(NotFoundError, match="restore it first"):
        store.visits.update(replace(deleted, plan="x"), today=TODAY)
    restored = store.visits.restore(added.id)
    assert restored.deleted_at is None
    assert restored.version == 3
    assert store.visits.for_patient(patient_id) == [restored]


def test_a_rule_breaking_visit_is_refused_naming_the_field(store: Store, patient_id: int) -> None:
    bad = replace(
        VISIT,
        date=date(2026, 12, 1),
        nprs_before=11,
        adverse_events=(AdverseEvent(AdverseEventKind.SUSPECTED_PNEUMOTHORAX),),
    )
    with pytest.raises(ValidationError) as caught:
        store.visits.add(patient_id, bad, today=TODAY)
    assert [p.field for p in caught.value.problems] == [
        "date",
        "nprs_before",
        "adverse_events[0].follow_up",
    ]
    assert store.visits.for_patient(patient_id) == []


def test_unknown_patient_or_plan(store: Store, patient_id: int) -> None:
    with pytest.raises(NotFoundError, match="patient 999"):
        store.visits.add(999, VISIT, today=TODAY)
    with pytest.raises(NotFoundError, match="plan 999 is not a plan of patient"):
        store.visits.add(patient_id, replace(VISIT, plan_id=999), today=TODAY)
    with pytest.raises(NotFoundError):
        store.visits.get(999)


def test_a_visit_belongs_to_a_plan(store: Store, patient_id: int) -> None:
    plan = store.cases.save_plan(patient_id, Plan(clinic_days=("mon",)))
    added = store.visits.add(patient_id, replace(VISIT, plan_id=plan.id), today=TODAY)
    assert store.visits.get(added.id or 0).plan_id == plan.id


OVERRIDE = CourseOverride(
    sessions=6,
    phases=(Phase(1, 2), Phase(4, 1)),
    reviews_after=(3, 6),
    moves=(SessionMove(2, date(2026, 12, 3)),),
    reason="Patient travels in January",
    recorded_on=TODAY,
)


@pytest.mark.parametrize("override", [OVERRIDE, CourseOverride(sessions=4), None])
def test_a_plan_keeps_its_course_override(store: Store, override: CourseOverride | None) -> None:
    plan = Plan(start_date=date(2026, 11, 24), clinic_days=("mon", "wed"), course_override=override)
    [pid] = store.cases.import_cases([Case(Patient("Ana"), plan=plan)])
    loaded = store.cases.get_case(pid).plan
    assert loaded is not None
    assert loaded.course_override == override


def test_upgrade_from_0002_keeps_visits_and_plans(database_url: str) -> None:
    store = open_store(database_url)
    pid = store.patients.add(Patient("Ana López")).id
    assert pid is not None
    store.cases.save_plan(pid, Plan(clinic_days=("mon",)))
    run_alembic(store.engine, "downgrade", "0002")
    with store.engine.begin() as conn:  # a visit written by a 0002 build
        conn.exec_driver_sql(
            "INSERT INTO visits (patient_id, date, targets, subjective, objective, "
            "assessment_note, plan_note, adverse_events, version, created_at) VALUES "
            f"({pid}, '2026-11-20', '[]', 's', '', '', '', '[]', 1, '2026-11-20 10:00:00+00')"
        )
    store.close()
    reopened = open_store(database_url)
    try:
        assert current_revision(reopened.engine) == SCHEMA_HEAD
        [visit] = reopened.visits.for_patient(pid)
        assert (visit.subjective, visit.handout_given, visit.version) == ("s", False, 1)
        plan = reopened.cases.get_case(pid).plan
        assert plan is not None
        assert plan.course_override is None
    finally:
        reopened.close()
