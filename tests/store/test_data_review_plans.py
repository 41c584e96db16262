"""Data review: a plan saved on top of a stale one is a conflict, not a silent supersede."""

from __future__ import annotations

import pytest

from planner.domain.case import Case
from planner.domain.errors import ConflictError
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.vocab import Side
from planner.store.database import Store


def _plan(code: str) -> Plan:
    return Plan(acupoints=(AcupointTarget(code, Side.RIGHT),))


def test_save_plan_based_on_a_superseded_plan_is_a_conflict(store: Store) -> None:
    [pid] = store.cases.import_cases([Case(Patient("Ana López"), plan=_plan("GB21"))])
    seen = store.cases.get_case(pid).plan
    assert seen is not None
    theirs = store.cases.save_plan(pid, _plan("SI3"), based_on=seen.id)  # another practitioner
    with pytest.raises(ConflictError):
        store.cases.save_plan(pid, _plan("LI4"), based_on=seen.id)
    latest = store.cases.get_case(pid).plan
    assert latest is not None
    assert (latest.id, latest.target_ids()) == (theirs.id, ["SI3"])
    mine = store.cases.save_plan(pid, _plan("LI4"), based_on=theirs.id)
    assert store.cases.get_case(pid).plan == mine


def test_a_first_plan_based_on_none_conflicts_with_one_saved_meanwhile(store: Store) -> None:
    [pid] = store.cases.import_cases([Case(Patient("Bo Chen"))])
    store.cases.save_plan(pid, _plan("GB21"), based_on=None)
    with pytest.raises(ConflictError):
        store.cases.save_plan(pid, _plan("SI3"), based_on=None)
    # Without based_on the caller takes responsibility (import, scripts): always saved.
    store.cases.save_plan(pid, _plan("SI3"))
    latest = store.cases.get_case(pid).plan
    assert latest is not None
    assert latest.target_ids() == ["SI3"]
