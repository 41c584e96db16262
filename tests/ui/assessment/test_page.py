"""The workspace and its Assessment page, driven as a practitioner would."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QDateEdit, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from planner.domain.assessment import Assessment, PainRegion, PainScores
from planner.domain.case import Case
from planner.domain.chart import View
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.vocab import Sex
from planner.store.database import Store
from planner.ui.assessment import ASSESSMENT_PAGE
from planner.ui.assessment.controller import AUTOSAVE_DELAY_MS, AssessmentController
from planner.ui.main_controller import MainController
from planner.ui.shared.body_chart import BodyChartWidget
from planner.ui.shared.drafts import ASSESSMENT, DraftStore
from planner.ui.workspace import DISCARD, PATIENT_PAGE, RESTORE
from tests.ui.conftest import FakePrompts, MakeWorkspace
from tests.ui.helpers import type_text

TODAY = date.today()


def add_case(store: Store, case: Case) -> int:
    return store.cases.import_cases([case])[0]


def ana(**changes: object) -> Patient:
    return Patient("Ana López", birth_date=date(1984, 3, 2), sex=Sex.FEMALE).with_changes(**changes)


def open_assessment(c: MainController) -> AssessmentController:
    page = c.workspace.open(ASSESSMENT_PAGE)
    assert page is not None
    return cast(AssessmentController, page)


def click(qtbot: QtBot, widget: QWidget | None) -> None:
    assert widget is not None
    if isinstance(widget, QCheckBox):
        # A check box may be wider than its text (grid columns stretch): click the box.
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(9, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def region_centre(chart: BodyChartWidget, view: View, region: str) -> QPoint:
    x0, y0, x1, y1 = chart.chart.view(view).regions[region].bounds()
    return chart.widget_point(view, ((x0 + x1) / 2, (y0 + y1) / 2))


def hover(chart: BodyChartWidget, pos: QPoint) -> None:
    # QTest.mouseMove moves the cursor, which the offscreen platform does not report.
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(pos),
        QPointF(chart.viewport().mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(chart.viewport(), event)


def wait_for_findings(qtbot: QtBot, page: AssessmentController, rule: str) -> None:
    def has() -> None:
        assert rule in [card.finding.rule for card in page.view.findings.cards]

    qtbot.waitUntil(has, timeout=3000)


# --- the workspace ---------------------------------------------------------------------------


def test_workspace_tabs_follow_the_selection_and_ctrl_digits(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    add_case(store, Case(ana()))
    c = make_workspace()
    w = c.window
    tabs = w.workspace.tabs
    # Later steps (Points, ...) follow; Patient and Assessment come first.
    assert [tabs.tabText(i) for i in range(2)] == ["Patient", "Assessment"]
    assert tabs.tabBar().isVisible()
    assert c.workspace.page(ASSESSMENT_PAGE) is None  # built on first show only
    qtbot.keyClick(w, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert c.workspace.current_key() == ASSESSMENT_PAGE
    assert c.workspace.page(ASSESSMENT_PAGE) is not None
    qtbot.keyClick(w, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert c.workspace.current_key() == PATIENT_PAGE
    assert w.right.currentWidget() is w.details


def test_no_patient_keeps_the_welcome_panel_and_hides_the_steps(
    qtbot: QtBot, make_workspace: MakeWorkspace
) -> None:
    c = make_workspace()
    w = c.window
    assert w.right.currentWidget() is w.welcome
    assert not w.workspace.tabs.tabBar().isVisible()
    assert not w.workspace.tabs.isTabEnabled(1)
    assert c.workspace.open(ASSESSMENT_PAGE) is None
    qtbot.keyClick(w, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert c.workspace.current_key() == PATIENT_PAGE


# --- the form and live screening --------------------------------------------------------------


def test_a_red_flag_shows_the_refer_banner(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    add_case(store, Case(ana()))
    page = open_assessment(make_workspace())
    form = page.form
    assert page.editing  # no assessments yet: a new one is ready to type into
    assert not form.read_only
    type_text(qtbot, form.visit.complaint_edit, "Neck pain, worse at night")
    qtbot.waitUntil(lambda: page.view.findings.status.text() != "", timeout=3000)
    assert not page.view.refer_banner.isVisible()
    click(qtbot, form.flags.red_flag_boxes["fever"])
    wait_for_findings(qtbot, page, "red-flag-fever")
    banner = page.view.refer_banner
    assert banner.isVisible()
    assert banner.title.text() == "Stop: refer before treating"
    assert "fever" in banner.detail.text()
    first = page.view.findings.cards[0]
    assert first.badge.text() == "REFER"  # words, not colour alone
    assert first.accessibleName().startswith("Refer: Red flag")
    assert "NICE" in first.meta.text()
    click(qtbot, form.flags.red_flag_boxes["fever"])
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)


def test_pregnancy_with_li4_in_the_plan_blocks_li4(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    plan = Plan(acupoints=(AcupointTarget("LI4"), AcupointTarget("SI3")))
    add_case(store, Case(ana(), None, plan))
    page = open_assessment(make_workspace())
    form = page.form
    click(qtbot, form.health.condition_boxes["pregnancy"])
    assert form.health.weeks_row.isVisible()  # the weeks field appears with pregnancy
    form.health.pregnancy_weeks.setValue(20)
    wait_for_findings(qtbot, page, "pregnancy-point")
    cards = page.view.findings.cards
    block = next(card for card in cards if card.finding.rule == "pregnancy-point")
    assert block.badge.text() == "DO NOT USE"
    assert block.finding.targets == ("LI4",)
    assert "About: LI4" in block.meta.text()
    severities = [str(card.finding.severity) for card in cards]
    order = ["refer", "block", "caution", "info"]
    assert severities == sorted(severities, key=order.index)  # most severe first
    assert "current plan (2 targets)" in page.view.findings.status.text()


def test_derived_values_beside_the_fields(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    add_case(store, Case(ana()))
    form = open_assessment(make_workspace()).form
    form.visit.date_edit.setDate(QDate(2026, 11, 20))
    form.visit.onset_unknown.setChecked(False)
    form.visit.onset_edit.setDate(QDate(2026, 10, 30))
    assert form.visit.chronicity_label.text() == "Acute · 3 weeks"
    form.visit.onset_edit.setDate(QDate(2026, 8, 1))
    assert form.visit.chronicity_label.text() == "Chronic · 15 weeks"
    assert form.scores.ndi_spin.text() == "not recorded"
    form.scores.ndi_spin.setValue(18)
    assert form.scores.ndi_label.text() == "36 % · moderate disability"
    assert form.scores.pain_now.text() == "not asked"
    form.scores.psfs_rows[0].activity.setText("Driving")
    form.scores.psfs_rows[0].score.setValue(4)
    form.scores.psfs_rows[1].activity.setText("Reading")
    form.scores.psfs_rows[1].score.setValue(7)
    assert form.scores.psfs_mean_label.text() == "PSFS mean 5.5 /10"
    assert form.flags.red_flag_boxes["myelopathy-signs"].text() == "Myelopathy signs"
    assert form.health.condition_boxes["anticoagulants"].text() == "Takes anticoagulants"


def test_validation_messages_at_the_fields_and_save_refused(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    pid = add_case(store, Case(ana()))
    page = open_assessment(make_workspace())
    form = page.form
    form.scores.pain_best.setValue(7)
    form.scores.pain_worst.setValue(3)
    form.visit.onset_unknown.setChecked(False)
    form.visit.onset_edit.setDate(form.visit.date_edit.date().addDays(5))
    form.health.condition_boxes["pregnancy"].setChecked(True)
    form.health.pregnancy_weeks.setValue(12)
    form.health.condition_boxes["pregnancy"].setChecked(False)
    assert form.health.weeks_row.isVisible()  # kept while it holds a value: nothing vanishes
    form.scores.psfs_rows[2].activity.setText("Lifting the baby")  # no score chosen
    click(qtbot, page.view.save_button)

    assert "Best pain 7 is above the worst pain of 3" in form.error_text("pain.best")
    assert form.is_marked("pain.best")
    assert not form.is_marked("pain.now")
    assert "Onset" in form.error_text("onset_date")
    assert "is after the assessment date" in form.error_text("onset_date")
    assert form.error_text("pregnancy_weeks") == (
        "Weeks of pregnancy is given but 'pregnancy' is not among the conditions"
    )
    assert form.error_text("psfs[2]") == "Activity 3: score is required"
    assert form.error_text("psfs[0]") == ""
    assert page.view.message.isVisible()
    assert store.cases.assessments(pid) == []  # nothing half-written

    # Messages follow the fixes as they are typed.
    form.scores.pain_worst.setValue(8)
    assert form.error_text("pain.best") == ""
    form.visit.onset_edit.setDate(form.visit.date_edit.date().addDays(-10))
    form.health.pregnancy_weeks.setValue(-1)
    form.scores.psfs_rows[2].score.setValue(6)
    assert form.error_text("onset_date") == ""
    assert not form.health.weeks_row.isVisible()
    click(qtbot, page.view.save_button)
    saved = store.cases.assessments(pid)
    assert len(saved) == 1
    assert saved[0].pain == PainScores(None, 7, 8)
    assert [(i.activity, i.score) for i in saved[0].psfs] == [("Lifting the baby", 6)]


def test_saving_adds_a_dated_assessment_and_earlier_ones_stay_readable(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, drafts_dir: Path
) -> None:
    earlier = Assessment(
        date=TODAY - timedelta(days=30),
        complaint="Stiff neck",
        pain=PainScores(5, 2, 7),
        pain_regions=(PainRegion("neck-left", 5),),
    )
    pid = add_case(store, Case(ana(), earlier))
    c = make_workspace()
    page = open_assessment(c)
    form = page.form
    # The newest saved assessment opens read-only.
    assert not page.editing
    assert form.read_only
    assert form.visit.complaint_edit.text() == "Stiff neck"
    assert form.visit.complaint_edit.isReadOnly()
    assert page.view.title.text().startswith("Assessment of ")
    assert not page.view.save_button.isVisible()
    # Clicking a read-only chart changes nothing.
    chart = form.drawing.chart_widget
    qtbot.mouseClick(
        chart.viewport(),
        Qt.MouseButton.LeftButton,
        pos=region_centre(chart, View.BACK, "scapula-left"),
    )
    assert form.drawing.intensities() == {"neck-left": 5}

    click(qtbot, page.view.new_button)
    assert page.editing
    assert not form.read_only
    # It starts from the last complaint and pain drawing (editable); scores start blank.
    assert form.visit.complaint_edit.text() == "Stiff neck"
    assert form.drawing.intensities() == {"neck-left": 5}
    assert form.assessment().pain.now is None
    assert form.visit.date_edit.date() == QDate(TODAY.year, TODAY.month, TODAY.day)
    form.visit.complaint_edit.clear()
    type_text(qtbot, form.visit.complaint_edit, "Neck better, shoulder worse")
    form.scores.pain_now.setValue(3)
    click(qtbot, page.view.save_button)

    saved = store.cases.assessments(pid)
    assert [a.complaint for a in saved] == ["Neck better, shoulder worse", "Stiff neck"]
    assert saved[0].date == TODAY
    assert not DraftStore(drafts_dir).exists(pid, ASSESSMENT)
    assert page.model.rowCount() == 2
    assert form.read_only  # the saved one is shown, read-only
    assert "Saved the assessment" in c.window.statusBar().currentMessage()

    # The earlier one opens read-only from the list.
    page.view.history.setCurrentIndex(page.model.index(1, 0))
    assert form.visit.complaint_edit.text() == "Stiff neck"
    assert form.scores.pain_now.value() == 5
    assert form.read_only
    assert page.view.subtitle.text() == "Earlier assessment · read only"


def test_switching_to_an_earlier_assessment_keeps_the_new_one(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    add_case(store, Case(ana(), Assessment(date=TODAY - timedelta(days=7), complaint="Old")))
    page = open_assessment(make_workspace())
    click(qtbot, page.view.new_button)
    assert page.form.visit.complaint_edit.text() == "Old"  # carried forward, editable
    page.form.visit.complaint_edit.clear()
    type_text(qtbot, page.form.visit.complaint_edit, "Typed")
    page.view.history.setCurrentIndex(page.model.index(1, 0))
    assert page.form.visit.complaint_edit.text() == "Old"
    assert page.view.new_button.text() == "Back to the new assessment"
    click(qtbot, page.view.new_button)
    assert page.form.visit.complaint_edit.text() == "Typed"
    assert page.editing


def test_discard_asks_and_removes_the_draft(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    store: Store,
    prompts: FakePrompts,
    drafts_dir: Path,
) -> None:
    pid = add_case(store, Case(ana()))
    page = open_assessment(make_workspace())
    type_text(qtbot, page.form.visit.complaint_edit, "Something")
    drafts = DraftStore(drafts_dir)
    qtbot.waitUntil(lambda: drafts.exists(pid, ASSESSMENT), timeout=AUTOSAVE_DELAY_MS * 5)
    prompts.discard_answer = False
    click(qtbot, page.view.discard_button)
    assert prompts.kinds() == ["discard"]
    assert page.editing
    assert drafts.exists(pid, ASSESSMENT)
    prompts.discard_answer = True
    click(qtbot, page.view.discard_button)
    assert not page.editing
    assert not drafts.exists(pid, ASSESSMENT)


def test_unticking_onset_not_known_puts_the_typing_in_the_date(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    """One click, then the onset is typed (the day selected), as in the patient dialog."""
    add_case(store, Case(ana()))
    page = open_assessment(make_workspace())
    visit = page.form.visit
    assert visit.onset_unknown.isChecked()
    click(qtbot, visit.onset_unknown)
    assert QApplication.focusWidget() is visit.onset_edit
    assert visit.onset_edit.currentSection() == QDateEdit.Section.DaySection
    qtbot.keyClicks(visit.onset_edit, "1 Oct 2024")
    assert page.form.assessment().onset_date == date(2024, 10, 1)
    # A load that unticks it leaves the focus where it was.
    visit.complaint_edit.setFocus()
    page.form.load(Assessment(date=date(2025, 1, 2), onset_date=date(2024, 12, 1)))
    assert QApplication.focusWidget() is visit.complaint_edit


# --- the pain drawing -----------------------------------------------------------------------


def test_clicking_a_chart_region_paints_pain(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    add_case(store, Case(ana()))
    page = open_assessment(make_workspace())
    drawing = page.form.drawing
    chart = drawing.chart_widget
    drawing.brush.setValue(7)
    assert drawing.brush_value.text() == "7/10"
    centre = region_centre(chart, View.BACK, "scapula-left")
    assert chart.hit(centre) == (View.BACK, "scapula-left")
    hover(chart, centre)
    qtbot.waitUntil(lambda: drawing.hover_label.text() == "Left shoulder blade")
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert drawing.intensities() == {"scapula-left": 7}
    assert page.form.assessment().pain_regions == (PainRegion("scapula-left", 7),)
    assert drawing.model.rowCount() == 1
    assert drawing.model.index(0, 0).data() == "Left shoulder blade: 7/10"
    assert "Left shoulder blade 7 of 10" in chart.accessibleDescription()
    # The same region id is shaded wherever it is drawn.
    neck = region_centre(chart, View.FRONT, "neck-right")
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=neck)
    assert chart.region_items[(View.BACK, "neck-right")].brush().style() != Qt.BrushStyle.NoBrush
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.RightButton, pos=centre)
    assert drawing.intensities() == {"neck-right": 7}


def test_keyboard_users_mark_and_clear_regions_without_the_chart(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    add_case(store, Case(ana()))
    drawing = open_assessment(make_workspace()).form.drawing
    drawing.region_combo.setCurrentIndex(drawing.region_combo.findData("upper-back-right"))
    drawing.brush.setValue(4)
    click(qtbot, drawing.mark_button)
    assert drawing.intensities() == {"upper-back-right": 4}
    drawing.list.setFocus()
    drawing.list.setCurrentIndex(drawing.model.index(0, 0))
    assert drawing.clear_button.isEnabled()
    qtbot.keyClick(drawing.list, Qt.Key.Key_Delete)
    assert drawing.intensities() == {}


def test_chart_hit_testing_off_the_regions(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    add_case(store, Case(ana()))
    chart = open_assessment(make_workspace()).form.drawing.chart_widget
    assert chart.hit(chart.widget_point(View.FRONT, (5.0, 300.0))) is None  # beside the body
    for view in View:
        for region in chart.chart.view(view).regions:
            # Each region's own centre may fall in a smaller region on top; the domain decides.
            x0, y0, x1, y1 = chart.chart.view(view).regions[region].bounds()
            point = ((x0 + x1) / 2, (y0 + y1) / 2)
            expected = chart.chart.view(view).region_at(point)
            hit = chart.hit(chart.widget_point(view, point))
            assert (hit[1] if hit else None) == expected


# --- models --------------------------------------------------------------------------------


def test_models_pass_the_model_tester(
    qtmodeltester: ModelTester, make_workspace: MakeWorkspace, store: Store
) -> None:
    add_case(store, Case(ana(), Assessment(date=TODAY, complaint="Neck")))
    page = open_assessment(make_workspace())
    qtmodeltester.check(page.model)
    page.model.set_unsaved(True)
    assert page.model.index(0, 0).data() == "New assessment (not saved yet)"
    page.model.set_unsaved(False)
    drawing = page.form.drawing
    qtmodeltester.check(drawing.model)
    drawing.set_intensities({"neck-left": 3, "head": 9})
    assert [drawing.model.index(r, 0).data() for r in range(2)] == [
        "Head: 9/10",
        "Left side of the neck: 3/10",
    ]


# --- drafts --------------------------------------------------------------------------------


def test_typing_is_autosaved_and_offered_back_after_a_restart(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, drafts_dir: Path
) -> None:
    pid = add_case(store, Case(ana()))
    c = make_workspace()
    page = open_assessment(c)
    form = page.form
    type_text(qtbot, form.visit.complaint_edit, "Dolor cervical, peor al conducir")
    form.scores.pain_now.setValue(6)
    click(qtbot, form.flags.red_flag_boxes["night-pain"])
    form.scores.psfs_rows[0].activity.setText("Driving")  # no score yet: kept as typed
    form.drawing.chart_widget.set_intensity("neck-right", 8)
    drafts = DraftStore(drafts_dir)
    path = drafts.path(pid, ASSESSMENT)

    def draft_has_everything() -> None:
        draft = drafts.load(pid, ASSESSMENT)
        assert draft is not None
        assert draft.data["pain_regions"] == [{"region": "neck-right", "intensity": 8}]

    qtbot.waitUntil(draft_has_everything, timeout=AUTOSAVE_DELAY_MS * 5)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(drafts_dir.glob(".draft-*"))  # no temporary file left behind
    c.window.close()

    again = make_workspace()
    notice = again.window.workspace
    assert notice.notice_text().startswith("Restore the unsaved assessment from ")
    assert notice.notice_text().endswith("?")
    assert again.workspace.page(ASSESSMENT_PAGE) is None  # offering does not build the page
    restore = notice.notice_button(RESTORE)
    assert restore is not None
    click(qtbot, restore)
    page = cast(AssessmentController, again.workspace.page(ASSESSMENT_PAGE))
    assert again.workspace.current_key() == ASSESSMENT_PAGE
    f = page.form
    assert f.visit.complaint_edit.text() == "Dolor cervical, peor al conducir"
    assert f.scores.pain_now.value() == 6
    assert f.flags.red_flag_boxes["night-pain"].isChecked()
    assert f.scores.psfs_rows[0].activity.text() == "Driving"
    assert f.scores.psfs_rows[0].score.text() == "score?"
    assert f.drawing.intensities() == {"neck-right": 8}
    assert page.editing
    assert notice.notice_text() == ""
    f.scores.psfs_rows[0].score.setValue(3)
    click(qtbot, page.view.save_button)
    assert not path.exists()
    assert store.cases.assessments(pid)[0].red_flags == ("night-pain",)


def test_a_waiting_draft_can_be_discarded_and_blocks_a_second_new_one(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, drafts_dir: Path
) -> None:
    pid = add_case(store, Case(ana(), Assessment(date=TODAY, complaint="Saved one")))
    drafts = DraftStore(drafts_dir)
    drafts.save(pid, ASSESSMENT, {"date": TODAY.isoformat(), "complaint": "Lost work"})
    c = make_workspace()
    page = open_assessment(c)
    assert page.draft_pending()
    assert not page.view.new_button.isEnabled()  # one unsaved assessment at a time
    assert page.form.visit.complaint_edit.text() == "Saved one"
    button = c.window.workspace.notice_button(DISCARD)
    assert button is not None
    click(qtbot, button)
    assert not drafts.exists(pid, ASSESSMENT)
    assert page.view.new_button.isEnabled()
    assert c.window.workspace.notice_text() == ""


def test_changing_patient_parks_the_typing_as_a_draft(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, drafts_dir: Path
) -> None:
    first = add_case(store, Case(ana()))
    add_case(store, Case(Patient("Ben Okafor")))
    c = make_workspace()  # Ana López is first in the list
    page = open_assessment(c)
    type_text(qtbot, page.form.visit.complaint_edit, "Half typed")
    c.select_row(1)  # Ben: nothing of Ana's shows, and her typing is on disk at once
    assert page.form.visit.complaint_edit.text() == ""
    assert DraftStore(drafts_dir).exists(first, ASSESSMENT)
    c.select_row(0)
    assert c.window.workspace.notice_text().startswith("Restore the unsaved assessment")
    click(qtbot, c.window.workspace.notice_button(RESTORE))
    assert page.form.visit.complaint_edit.text() == "Half typed"
    QApplication.processEvents()


def test_a_draft_that_cannot_be_written_is_named_and_the_typing_stays(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    store: Store,
    drafts_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid = add_case(store, Case(ana()))
    c = make_workspace()
    page = open_assessment(c)
    type_text(qtbot, page.form.visit.complaint_edit, "Stiff neck")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(os, "replace", full)
    page.autosave()
    monkeypatch.undo()
    assert page.view.message.text() == (
        "The draft could not be written (No space left on device). Save soon."
    )
    assert not DraftStore(drafts_dir).exists(pid, ASSESSMENT)
    assert page.form.visit.complaint_edit.text() == "Stiff neck"
    assert page.editing


def test_an_untouched_new_assessment_leaves_no_draft_behind(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, drafts_dir: Path
) -> None:
    first = add_case(store, Case(ana()))
    add_case(store, Case(Patient("Ben Okafor")))
    c = make_workspace()
    page = open_assessment(c)
    assert page.editing  # a blank new assessment, nothing typed
    c.select_row(1)
    c.select_row(0)
    assert not DraftStore(drafts_dir).exists(first, ASSESSMENT)
    assert c.window.workspace.notice_text() == ""
    # Typing, then taking it all back, also leaves nothing to offer.
    type_text(qtbot, page.form.visit.complaint_edit, "Stiff")
    page.autosave()
    assert DraftStore(drafts_dir).exists(first, ASSESSMENT)
    page.form.visit.complaint_edit.clear()
    page.autosave()
    assert not DraftStore(drafts_dir).exists(first, ASSESSMENT)


def test_a_new_assessment_started_from_the_record_is_blank_until_typed(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store, drafts_dir: Path
) -> None:
    earlier = Assessment(date=date.today() - timedelta(days=30), complaint="Neck pain")
    first = add_case(store, Case(ana(), assessment=earlier))
    add_case(store, Case(Patient("Ben Okafor")))
    c = make_workspace()
    page = open_assessment(c)
    page.new_assessment()
    assert page.editing
    c.select_row(1)
    assert not DraftStore(drafts_dir).exists(first, ASSESSMENT)


def test_a_patient_whose_case_cannot_be_read_is_never_screened_with_anothers_plan(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_case(store, Case(ana(), plan=Plan(acupoints=(AcupointTarget("LI4"),))))
    add_case(store, Case(Patient("Ben Okafor")))
    c = make_workspace()
    page = open_assessment(c)
    assert page.screening.plan is not None
    cases = c.database.store.cases

    def unreadable(patient_id: int) -> Case:
        from planner.domain.errors import DomainError

        raise DomainError("the database is busy")

    monkeypatch.setattr(cases, "get_case", unreadable)
    c.select_row(1)
    assert page.screening.plan is None


def test_typing_taken_back_up_after_looking_at_an_earlier_one_is_still_kept(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    store: Store,
    drafts_dir: Path,
    prompts: FakePrompts,
) -> None:
    first = add_case(
        store, Case(ana(), Assessment(date=TODAY - timedelta(days=7), complaint="Old"))
    )
    add_case(store, Case(Patient("Ben Okafor")))
    c = make_workspace()
    page = open_assessment(c)
    click(qtbot, page.view.new_button)
    page.form.visit.complaint_edit.clear()
    type_text(qtbot, page.form.visit.complaint_edit, "Typed")
    page.view.history.setCurrentIndex(page.model.index(1, 0))  # look at the old one
    click(qtbot, page.view.new_button)  # back to the new assessment
    assert page.form.visit.complaint_edit.text() == "Typed"
    c.select_row(1)  # switch patient without typing more: the typing goes to the draft
    assert DraftStore(drafts_dir).exists(first, ASSESSMENT)
    c.select_row(0)
    assert c.window.workspace.notice_text().startswith("Restore the unsaved assessment")
    click(qtbot, c.window.workspace.notice_button(RESTORE))
    assert page.form.visit.complaint_edit.text() == "Typed"
    prompts.discard_answer = False
    click(qtbot, page.view.discard_button)  # typed work: Discard asks first
    assert ("discard", "") in prompts.asked
    assert page.form.visit.complaint_edit.text() == "Typed"
