"""Data review: a soft-deleted patient's clinical record comes back whole on restore."""

from __future__ import annotations

from datetime import date

from planner.domain.assessment import Assessment, PainScores
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.visit import Visit
from planner.domain.vocab import Side
from planner.store.database import Store


def test_restore_brings_back_assessments_plan_visits_search_and_export(store: Store) -> None:
    first = Assessment(date=date(2026, 10, 1), complaint="Neck pain", pain=PainScores(7, 4, 9))
    [pid] = store.cases.import_cases(
        [Case(Patient("Zoë Ñandú"), first, Plan(acupoints=(AcupointTarget("GB21", Side.RIGHT),)))]
    )
    store.cases.save_assessment(
        pid, Assessment(date=date(2026, 11, 1), complaint="Better", pain=PainScores(3, 1, 5))
    )
    plan = store.cases.get_case(pid).plan
    assert plan is not None
    visit = store.visits.add(
        pid, Visit(date=date(2026, 11, 2), plan_id=plan.id), today=date(2026, 11, 20)
    )
    before = store.cases.get_case(pid)

    store.patients.delete(pid)
    assert store.patients.search("zoe") == []
    assert list(store.cases.iter_cases()) == []
    store.patients.restore(pid)

    after = store.cases.get_case(pid)
    assert (after.assessment, after.plan) == (before.assessment, before.plan)
    assert [a.complaint for a in store.cases.assessments(pid)] == ["Better", "Neck pain"]
    assert [v.id for v in store.visits.for_patient(pid)] == [visit.id]
    assert [p.id for p in store.patients.search("zoe nandu")] == [pid]
    assert [c.patient.id for c in store.cases.iter_cases()] == [pid]
