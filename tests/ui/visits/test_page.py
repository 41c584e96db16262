"""The Visits page: log, adverse events, conflicts, soft delete with undo, drafts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from planner.domain.assessment import Assessment, PainScores
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan, TriggerPointTarget
from planner.domain.visit import Visit, VisitTarget
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.main_controller import MainController
from planner.ui.shared.prompts import ConflictChoice
from planner.ui.visits import VISITS_PAGE
from planner.ui.visits.controller import AUTOSAVE_DELAY_MS, DRAFT_KIND, VisitsController
from planner.ui.visits.model import VisitLogModel
from planner.ui.workspace import RESTORE
from tests.ui.conftest import FakePrompts, MakeWindow, MakeWorkspace
from tests.ui.helpers import type_text

TODAY = date.today()
PLAN = Plan(
    acupoints=(AcupointTarget("GB21", Side.RIGHT), AcupointTarget("SI3")),
    trigger_points=(TriggerPointTarget("levator-scapulae", Side.RIGHT),),
    start_date=TODAY - timedelta(days=14),
    clinic_days=("mon", "wed", "fri"),
)


def add_case(store: Store, *, visits: int = 0) -> int:
    assessment = Assessment(
        date=TODAY - timedelta(days=16),
        onset_date=TODAY - timedelta(days=200),
        pain=PainScores(now=7),
        ndi_total=20,
    )
    [pid] = store.cases.import_cases([Case(Patient(name="Ana López"), assessment, PLAN)])
    for n in range(visits):
        store.visits.add(
            pid,
            Visit(
                date=TODAY - timedelta(days=12 - 3 * n),
                targets=(VisitTarget("GB21", Side.RIGHT),),
                nprs_before=7 - n,
                nprs_after=5 - n,
                subjective=f"visit {n + 1}",
            ),
            today=TODAY,
        )
    return pid


def open_visits(controller: MainController, pid: int) -> VisitsController:
    controller.workspace.set_patient(pid)
    page = controller.workspace.open(VISITS_PAGE)
    assert isinstance(page, VisitsController)
    QApplication.processEvents()
    return page


def log_dates(page: VisitsController) -> list[date]:
    return [v.date for v in page.model.visits]


def shown(label: object) -> str:
    from PySide6.QtWidgets import QLabel

    assert isinstance(label, QLabel)
    return label.text() if not label.isHidden() else ""


@pytest.fixture
def page(make_window: MakeWindow, store: Store) -> VisitsController:
    return open_visits(make_window(), add_case(store, visits=3))


def test_models_pass_the_model_tester(page: VisitsController, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(page.model)
    page.new_visit()
    qtmodeltester.check(page.form.targets.model)


def test_log_is_newest_first(page: VisitsController) -> None:
    assert log_dates(page) == sorted(log_dates(page), reverse=True)
    index = page.model.index(0, VisitLogModel.PAIN)
    assert page.model.data(index) == "5 → 3"
    assert page.view.subtitle.text() == "3 visits recorded"


def test_new_visit_is_prefilled_from_the_last_visit_and_the_plan(page: VisitsController) -> None:
    page.new_visit()
    rows = [(r.target, r.side, r.used) for r in page.form.targets.model.rows]
    assert rows[0] == ("GB21", Side.RIGHT, True)  # as at the last visit
    assert ("SI3", Side.BOTH, False) in rows  # the rest of the plan, unticked
    assert ("TP:levator-scapulae", Side.RIGHT, False) in rows
    assert "visit of" in page.form.targets.source.text()


def test_logging_a_visit_with_an_adverse_event(
    qtbot: QtBot, page: VisitsController, store: Store
) -> None:
    page.new_visit()
    form = page.form
    form.nprs_before.setValue(4)
    form.nprs_after.setValue(2)
    type_text(qtbot, form.notes["subjective"], "Neck easier; slept well")
    first = form.targets.model.index(1, 0)
    form.targets.model.setData(first, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    event = form.events.add_event()
    event.kind.setCurrentIndex(event.kind.findData("bruise"))
    type_text(qtbot, event.description, "Small bruise at GB21")
    event.follow_up.setText("Arnica, check next visit")
    form.handout.setChecked(True)
    with qtbot.waitSignal(page.visits_changed, timeout=2000):
        qtbot.mouseClick(page.view.save_button, Qt.MouseButton.LeftButton)

    assert len(page.model.visits) == 4
    newest = page.model.visits[0]
    assert newest.date == TODAY
    assert newest.nprs_before == 4
    assert newest.nprs_after == 2
    assert [(t.target, t.side) for t in newest.targets] == [
        ("GB21", Side.RIGHT),
        ("SI3", Side.BOTH),
    ]
    assert newest.adverse_events[0].description == "Small bruise at GB21"
    assert newest.handout_given
    assert page.model.data(page.model.index(0, VisitLogModel.EVENTS)) == "Bruise"
    assert store.visits.for_patient(page.patient_id or 0)[0].subjective == "Neck easier; slept well"
    assert page.form.read_only
    assert not page.context.drafts.exists(page.patient_id or 0, DRAFT_KIND)


def test_suspected_pneumothorax_shows_what_to_do_and_needs_a_follow_up(
    page: VisitsController,
) -> None:
    page.new_visit()
    form = page.form
    event = form.events.add_event()
    assert form.events.pneumothorax_banner.isHidden()
    event.kind.setCurrentIndex(event.kind.findData("suspected-pneumothorax"))
    assert not form.events.pneumothorax_banner.isHidden()
    assert not page.save()
    assert "Follow-up is required" in shown(event.problem)
    assert "Fix the marked fields" in page.view.message.text()
    event.follow_up.setText("999 called 10:40; ambulance took her to A&E")
    assert page.save()
    assert page.model.visits[0].adverse_events[0].follow_up.startswith("999 called")


def test_a_visit_in_the_future_is_refused_at_the_date(page: VisitsController) -> None:
    page.new_visit()
    page.form.date.setDate(page.form.date.date().addDays(2))
    assert not page.save()
    assert "future" in shown(page.form.problems["date"])
    assert len(page.model.visits) == 3


def test_delete_asks_hides_and_undo_restores(
    page: VisitsController, prompts: FakePrompts, store: Store
) -> None:
    pid = page.patient_id or 0
    page.view.log.selectRow(0)
    victim = page.selected_visit()
    assert victim is not None
    prompts.delete_answer = False
    assert not page.delete_selected()
    assert len(page.model.visits) == 3
    prompts.delete_answer = True
    assert page.delete_selected()
    assert prompts.kinds().count("delete") == 2
    assert victim.id not in [v.id for v in page.model.visits]
    assert victim.id not in [v.id for v in store.visits.for_patient(pid)]
    kept = store.visits.get(victim.id or 0)
    assert kept.deleted_at is not None  # on record, never removed
    assert not page.view.undo_host.isHidden()
    page.view.undo_button.click()
    assert victim.id in [v.id for v in page.model.visits]
    assert store.visits.get(victim.id or 0).deleted_at is None
    assert page.view.undo_host.isHidden()


def test_conflict_offers_reload_overwrite_or_cancel(
    qtbot: QtBot, page: VisitsController, prompts: FakePrompts, store: Store
) -> None:
    page.view.log.selectRow(0)
    page.open_selected()
    assert page.base is not None
    theirs = replace(page.base, subjective="their note")
    store.visits.update(theirs, today=TODAY)  # another practitioner saves first
    page.form.notes["subjective"].setPlainText("my note")

    prompts.conflict_answer = ConflictChoice.CANCEL
    assert not page.save()
    assert page.form.notes["subjective"].toPlainText() == "my note"

    prompts.conflict_answer = ConflictChoice.RELOAD
    assert not page.save()
    assert page.form.notes["subjective"].toPlainText() == "their note"

    page.form.notes["subjective"].setPlainText("mine after all")
    store.visits.update(
        replace(store.visits.get(page.base.id or 0), subjective="theirs again"), today=TODAY
    )
    prompts.conflict_answer = ConflictChoice.OVERWRITE
    assert page.save()
    assert store.visits.get(page.base.id or 0).subjective == "mine after all"
    assert prompts.kinds().count("conflict") == 3


def test_typed_visit_is_kept_as_a_draft_and_offered_back(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    pid = add_case(store, visits=1)
    first = open_visits(make_workspace(), pid)
    first.new_visit()
    type_text(qtbot, first.form.notes["objective"], "Rotation 70° right")
    qtbot.waitUntil(
        lambda: first.context.drafts.exists(pid, DRAFT_KIND), timeout=AUTOSAVE_DELAY_MS * 5
    )

    second = make_workspace()  # as after a crash: the draft is on disk
    second.workspace.set_patient(pid)
    assert "Restore the unsaved visit notes" in second.workspace.view.notice_text()
    button = second.workspace.view.notice_button(RESTORE)
    assert button is not None
    button.click()
    page = second.workspace.page(VISITS_PAGE)
    assert isinstance(page, VisitsController)
    assert page.form.notes["objective"].toPlainText() == "Rotation 70° right"
    assert not page.form.read_only
    assert page.save()
    assert not page.context.drafts.exists(pid, DRAFT_KIND)
    assert len(store.visits.for_patient(pid)) == 2
