"""The Points page's saving: reasons for blocks, drafts, the Course's dates, conflicts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from planner.domain.assessment import Assessment
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.points.controller import PointsController
from planner.ui.points.saving import DRAFT_KIND
from planner.ui.shared.drafts import DraftStore
from planner.ui.shared.editing import AUTOSAVE_MS
from tests.ui.conftest import FakePrompts, MakeWindow, MakeWorkspace
from tests.ui.points.helpers import add_case, open_points, planned


def test_block_needs_a_reason_before_save(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store, conditions=("pregnancy",), weeks=20)
    page = open_points(make_window(), pid)
    page.add_target("LI4")
    row = page.targets.row_of("LI4")
    assert row is not None
    assert page.targets.index(row, 0).data() == "Do not use"
    qtbot.mouseClick(page.view.plan.save_button, Qt.MouseButton.LeftButton)
    dialog = page.saving.override_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert store.cases.get_case(pid).plan is None  # nothing saved yet
    assert not dialog.ok_button.isEnabled()
    dialog.reason.setPlainText("Discussed with her midwife; she asked for it")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    plan = store.cases.get_case(pid).plan
    assert plan is not None
    assert [a.code for a in plan.acupoints] == ["LI4"]
    assert plan.overrides[0].rule == "pregnancy-point"
    assert plan.overrides[0].reason.startswith("Discussed")
    assert page.targets.index(row, 0).data() == "Do not use (overridden)"


def test_save_and_reload(page: PointsController, store: Store) -> None:
    page.add_target("GB21", Side.RIGHT)
    page.add_target("TP:levator-scapulae", Side.RIGHT)
    assert page.targets.setData(page.targets.index(0, 4), 20)
    assert page.save()
    assert page.state.patient_id is not None
    saved = store.cases.get_case(page.state.patient_id).plan
    assert saved is not None
    assert saved.acupoints[0].retention_minutes == 20
    assert saved.trigger_points[0].muscle == "levator-scapulae"
    page.add_target("SI3")
    assert "unsaved" in page.view.plan.state_label.text()
    page.reload()
    assert [t for t, _ in planned(page)] == ["GB21", "TP:levator-scapulae"]
    assert "saved" in page.view.plan.state_label.text()


def test_unsaved_points_survive_a_patient_switch(make_window: MakeWindow, store: Store) -> None:
    pid = add_case(store)
    [other] = store.cases.import_cases([Case(Patient(name="Bo"))])
    controller = make_window()
    page = open_points(controller, pid)
    page.add_target("GB21", Side.RIGHT)
    controller.workspace.set_patient(other)
    assert planned(page) == []
    controller.workspace.set_patient(pid)
    assert planned(page) == [("GB21", Side.RIGHT)]


def test_unsaved_points_reach_the_disk_without_a_patient_switch(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, drafts_dir: Path
) -> None:
    """A crash after choosing points loses at most the change being made, not the session."""
    pid = add_case(store)
    page = open_points(make_workspace(), pid)
    drafts = DraftStore(drafts_dir)
    page.add_target("GB21", Side.RIGHT)
    qtbot.waitUntil(lambda: drafts.exists(pid, DRAFT_KIND), timeout=AUTOSAVE_MS * 5)
    page.undo_stack.undo()  # back to the saved plan: nothing left to offer
    qtbot.waitUntil(lambda: not drafts.exists(pid, DRAFT_KIND), timeout=AUTOSAVE_MS * 5)


def test_saving_points_keeps_the_course_saved_meanwhile(
    page: PointsController, store: Store
) -> None:
    from dataclasses import replace

    from planner.domain.course.override import CourseOverride

    assert page.state.patient_id is not None
    page.add_target("GB21", Side.RIGHT)
    # Meanwhile the Course page saves dates into the patient's plan.
    course = CourseOverride(sessions=6, reason="patient travels in January")
    store.cases.save_plan(
        page.state.patient_id,
        replace(
            Plan(), start_date=date(2026, 12, 1), clinic_days=("mon", "thu"), course_override=course
        ),
    )
    assert page.save()
    saved = store.cases.get_case(page.state.patient_id).plan
    assert saved is not None
    assert [a.code for a in saved.acupoints] == ["GB21"]
    assert saved.course_override == course
    assert saved.clinic_days == ("mon", "thu")


@pytest.mark.parametrize("answer", ["cancel", "overwrite", "reload"])
def test_someone_elses_points_are_never_overwritten_silently(
    page: PointsController, store: Store, answer: str
) -> None:
    from planner.ui.shared.prompts import ConflictChoice
    from tests.ui.conftest import FakePrompts

    assert page.state.patient_id is not None
    prompts = page.context.prompts
    assert isinstance(prompts, FakePrompts)
    prompts.conflict_answer = ConflictChoice[answer.upper()]
    page.add_target("GB21", Side.RIGHT)
    theirs = Plan(acupoints=(AcupointTarget("SI3", Side.BOTH),))
    store.cases.save_plan(page.state.patient_id, theirs)  # another practitioner
    saved_now = page.save()
    assert "conflict" in prompts.kinds()
    latest = store.cases.get_case(page.state.patient_id).plan
    assert latest is not None
    if answer == "overwrite":
        assert saved_now
        assert [a.code for a in latest.acupoints] == ["GB21"]
    else:
        assert not saved_now
        assert [a.code for a in latest.acupoints] == ["SI3"]
    if answer == "reload":
        assert [t for t, _ in planned(page)] == ["SI3"]


def test_a_standing_red_flag_stops_the_save_and_says_how_to_lift_it(
    make_window: MakeWindow, store: Store, prompts: FakePrompts
) -> None:
    pid = add_case(store)
    store.cases.save_assessment(pid, Assessment(date=date(2026, 1, 6), red_flags=("fever",)))
    page = open_points(make_window(), pid)
    page.add_target("GB21", Side.RIGHT)
    assert not page.save()
    assert store.cases.get_case(pid).plan is None  # nothing written
    (problem,) = [text for kind, text in prompts.asked if kind == "problem"]
    assert "red-flag-fever" in problem
    assert "clearance" in problem
    assert "unsaved" in page.view.plan.state_label.text()  # the typing is kept
