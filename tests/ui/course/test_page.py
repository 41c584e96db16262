"""The Course page: recommendation, edits as a CourseOverride, clashes, save (inputs kept with
the plan, conflicts asked), .ics export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from planner.domain.assessment import Assessment, PainScores
from planner.domain.case import Case
from planner.domain.course.override import CourseOverride
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Override, Plan, TriggerPointTarget
from planner.domain.vocab import Modality, Side, Technique
from planner.store.database import Store
from planner.ui.course import COURSE_PAGE
from planner.ui.course.controller import CourseController
from planner.ui.course.model import SessionsModel
from planner.ui.main_controller import MainController
from planner.ui.shared.formatting import long_date
from planner.ui.shared.prompts import ConflictChoice
from tests.ui.conftest import FakePrompts, MakeWindow
from tests.ui.helpers import type_text

TODAY = date.today()


def next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


START = next_weekday(TODAY + timedelta(days=7), 0)  # a Monday next week or the one after


def add_case(store: Store, *, red_flags: tuple[str, ...] = (), plan: Plan | None = None) -> int:
    assessment = Assessment(
        date=TODAY,
        complaint="Right-sided neck pain",
        onset_date=TODAY - timedelta(days=200),  # chronic
        pain=PainScores(now=6, worst=7),
        ndi_total=18,
    )
    plan = plan or Plan(
        acupoints=(AcupointTarget("GB21"),), start_date=START, clinic_days=("mon", "wed", "fri")
    )
    [pid] = store.cases.import_cases([Case(Patient(name="Ana López"), assessment, plan)])
    if red_flags:
        # The gate refuses a plan with a standing red flag, so it can only arise from a
        # later assessment (the plan was made before).
        store.cases.save_assessment(pid, Assessment(date=TODAY, red_flags=red_flags))
    return pid


def open_course(controller: MainController, pid: int) -> CourseController:
    controller.workspace.set_patient(pid)
    page = controller.workspace.open(COURSE_PAGE)
    assert isinstance(page, CourseController)
    QApplication.processEvents()
    return page


def settle(qtbot: QtBot, page: CourseController) -> None:
    qtbot.waitUntil(lambda: not page.pending(), timeout=2000)


def dates(page: CourseController) -> list[date]:
    return [r.day for r in page.sessions_model.rows]


def problem(page: CourseController, key: str) -> str:
    label = page.view.field_messages[key]
    return label.text() if not label.isHidden() else ""


@pytest.fixture
def page(make_window: MakeWindow, store: Store) -> CourseController:
    return open_course(make_window(), add_case(store))


def test_models_pass_the_model_tester(page: CourseController, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(page.sessions_model)
    qtmodeltester.check(page.phases_model)


def test_shows_the_recommendation_with_its_reasons(page: CourseController) -> None:
    course = page.course
    assert course is not None
    assert "sessions" in page.view.summary.text()
    assert f"range {course.min_sessions}–{course.max_sessions}" in page.view.summary.text()
    assert "chronic" in page.view.rationale.text()
    assert "ATLAS" in page.view.sources.text()
    assert dates(page) == list(course.dates)
    assert dates(page)[0] == START
    reviews = [r.number for r in page.sessions_model.rows if r.review]
    assert reviews == list(course.reviews_after)
    assert page.view.calendar.sessions[START] == 1
    assert page.view.reviews.text() == ", ".join(map(str, course.reviews_after))


def test_changing_the_count_is_an_override_saved_with_the_plan(
    qtbot: QtBot, page: CourseController, store: Store, make_window: MakeWindow
) -> None:
    assert page.course is not None
    recommended = page.course.sessions
    page.view.sessions.setValue(recommended - 2)
    settle(qtbot, page)
    assert len(page.sessions_model.rows) == recommended - 2
    assert page.sessions_model.rows[-1].review  # the review at the end moved with the end
    assert f"recommended {recommended}" in page.view.summary.text()
    type_text(qtbot, page.view.reason, "Patient moves abroad in six weeks")
    settle(qtbot, page)
    assert page.view.save_button.isEnabled()
    qtbot.mouseClick(page.view.save_button, Qt.MouseButton.LeftButton)

    plan = store.cases.get_case(page.patient_id or 0).plan
    assert plan is not None
    assert plan.course_override is not None
    assert plan.course_override.sessions == recommended - 2
    assert plan.course_override.reason == "Patient moves abroad in six weeks"
    assert plan.course_override.recorded_on == TODAY
    assert plan.acupoints == (AcupointTarget("GB21"),)  # the Points page's work is kept

    # A new window (as after a restart) shows the saved course.
    again = open_course(make_window(), page.patient_id or 0)
    assert len(again.sessions_model.rows) == recommended - 2
    assert again.view.subtitle.text().startswith("Saved, with your changes")
    assert "Changed by the practitioner" in again.view.rationale.text()
    assert not again.view.save_button.isEnabled()


def test_a_date_moved_in_the_table_onto_a_closed_day_is_kept_and_flagged(
    qtbot: QtBot, page: CourseController, make_window: MakeWindow
) -> None:
    fifth = page.sessions_model.rows[4].day
    tuesday = next_weekday(fifth, 1)
    assert tuesday > page.sessions_model.rows[3].day
    index = page.sessions_model.index(4, SessionsModel.DATE)
    assert page.sessions_model.setData(index, QDate(tuesday.year, tuesday.month, tuesday.day))
    settle(qtbot, page)
    row = page.sessions_model.rows[4]
    assert row.day == tuesday
    assert row.moved
    assert "closed on Tuesdays" in row.clash
    assert "Session 5" in problem(page, "moves")
    assert "closed on Tuesdays" in problem(page, "moves")
    assert tuesday in page.view.calendar.clashes
    assert page.sessions_model.rows[5].day > tuesday  # the sessions after it follow
    assert page.save()

    again = open_course(make_window(), page.patient_id or 0)
    assert again.sessions_model.rows[4].day == tuesday
    assert again.sessions_model.rows[4].moved


def test_move_onto_a_skipped_date_is_refused_with_a_message(
    qtbot: QtBot, page: CourseController
) -> None:
    before = dates(page)
    holiday = next_weekday(before[3] + timedelta(days=1), 1)
    page.dates.add_skip_date(holiday)
    settle(qtbot, page)
    page.dates.move_session(4, holiday)
    settle(qtbot, page)
    assert "Session 4 cannot move" in problem(page, "moves")
    assert "skipped date" in problem(page, "moves")
    assert holiday not in dates(page)


def test_move_by_calendar_pick(qtbot: QtBot, page: CourseController) -> None:
    second = page.sessions_model.rows[1].day
    page.view.table.setCurrentIndex(page.sessions_model.index(1, 0))
    later = second + timedelta(days=1)
    page.view.calendar.setSelectedDate(QDate(later.year, later.month, later.day))
    qtbot.mouseClick(page.view.move_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert dates(page)[1] == later


def test_bad_input_is_named_at_its_field(qtbot: QtBot, page: CourseController) -> None:
    page.view.start_date.setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(-3))
    settle(qtbot, page)
    assert "in the past" in problem(page, "start_date")
    assert not page.view.save_button.isEnabled()
    page.view.start_date.setDate(QDate(START.year, START.month, START.day))
    settle(qtbot, page)
    assert problem(page, "start_date") == ""

    assert page.course is not None
    last = page.course.sessions
    page.view.reviews.clear()
    type_text(qtbot, page.view.reviews, f"3, 6, {last + 2}")
    settle(qtbot, page)
    assert "comes after the last session" in problem(page, "reviews_after")
    assert page.view.message.text().endswith("the last ones that worked.")
    page.view.reviews.clear()
    type_text(qtbot, page.view.reviews, f"3, {last}")
    settle(qtbot, page)
    assert problem(page, "reviews_after") == ""

    page.view.sessions.setValue(0)
    settle(qtbot, page)
    assert "below" in problem(page, "sessions") or "between" in problem(page, "sessions")
    page.view.sessions.setValue(8)
    settle(qtbot, page)
    assert problem(page, "sessions") == ""

    for box in page.view.clinic_days.boxes.values():
        box.setChecked(False)
    settle(qtbot, page)
    assert "no open day" in problem(page, "clinic_days").lower()
    assert not page.view.save_button.isEnabled()
    assert not page.save()


def test_preferred_days_skips_and_cap_are_saved_with_the_plan_and_come_back(
    qtbot: QtBot, page: CourseController, store: Store, make_window: MakeWindow
) -> None:
    pid = page.patient_id or 0
    page.view.preferred_days.boxes["wed"].setChecked(True)
    settle(qtbot, page)
    assert all(d.weekday() == 2 for d in dates(page))
    skipped = dates(page)[2]
    page.dates.add_skip_date(skipped)
    page.view.nice_cap.setChecked(True)
    settle(qtbot, page)
    assert skipped not in dates(page)
    assert page.view.calendar.skipped == {skipped}
    shown = dates(page)
    assert page.save()

    plan = store.cases.get_case(pid).plan
    assert plan is not None
    assert plan.preferred_days == ("wed",)
    assert plan.skip_dates == (skipped,)
    assert plan.nice_cap
    assert plan.course_override is None  # nothing overridden: the planner's course
    assert plan.acupoints == (AcupointTarget("GB21"),)

    # A new window (as after a restart) shows the controls as they were saved.
    again = open_course(make_window(), pid)
    v = again.view
    assert v.preferred_days.days() == ("wed",)
    assert [v.skip_list.item(n).text() for n in range(v.skip_list.count())] == [long_date(skipped)]
    assert v.nice_cap.isChecked()
    assert v.clinic_days.days() == ("mon", "wed", "fri")
    assert dates(again) == shown
    assert again.view.calendar.skipped == {skipped}
    assert not again.is_dirty()
    assert not v.save_button.isEnabled()
    assert v.subtitle.text() == "Saved · as recommended"
    assert "Calendar:" not in v.rationale.text()


def test_a_preferred_day_the_clinic_is_closed_on_is_named(
    qtbot: QtBot, page: CourseController
) -> None:
    page.view.preferred_days.boxes["sat"].setChecked(True)
    settle(qtbot, page)
    assert "'sat' is not a clinic day" in problem(page, "preferred_days")
    assert not page.view.save_button.isEnabled()
    assert not page.save()
    page.view.preferred_days.boxes["sat"].setChecked(False)
    settle(qtbot, page)
    assert problem(page, "preferred_days") == ""


@pytest.mark.parametrize("answer", ["cancel", "overwrite", "reload"])
def test_a_course_saved_meanwhile_by_someone_else_is_never_overwritten_silently(
    qtbot: QtBot, page: CourseController, store: Store, prompts: FakePrompts, answer: str
) -> None:
    pid = page.patient_id or 0
    prompts.conflict_answer = ConflictChoice[answer.upper()]
    page.view.sessions.setValue(7)
    settle(qtbot, page)
    # Another practitioner saves a different course (and their points) meanwhile.
    latest = store.cases.get_case(pid).plan
    assert latest is not None
    theirs = replace(
        latest,
        acupoints=(AcupointTarget("SI3"),),
        clinic_days=("tue", "thu"),
        nice_cap=True,
        course_override=CourseOverride(sessions=5, reason="their reason"),
    )
    store.cases.save_plan(pid, theirs)

    saved_now = page.save()
    assert prompts.kinds() == ["conflict"]
    assert "different course" in prompts.asked[0][1]
    saved = store.cases.get_case(pid).plan
    assert saved is not None
    assert saved.acupoints == (AcupointTarget("SI3"),)  # their points are kept either way
    if answer == "overwrite":
        assert saved_now
        assert saved.clinic_days == ("mon", "wed", "fri")
        assert not saved.nice_cap
        assert saved.course_override is not None
        assert saved.course_override.sessions == 7
        assert not page.is_dirty()
    else:
        assert not saved_now
        assert saved.clinic_days == ("tue", "thu")
        assert saved.course_override == theirs.course_override
    if answer == "cancel":
        assert page.is_dirty()
        assert len(page.sessions_model.rows) == 7  # still editing mine
    if answer == "reload":
        assert page.view.clinic_days.days() == ("tue", "thu")
        assert page.view.nice_cap.isChecked()
        assert len(page.sessions_model.rows) == 5
        assert not page.is_dirty()
        assert not page.context.drafts.exists(pid, "course")
        prompts.asked.clear()
        page.view.sessions.setValue(6)
        settle(qtbot, page)
        assert page.save()  # theirs is what the page loaded now: no question
        assert prompts.kinds() == []


def test_saving_the_course_keeps_the_points_saved_meanwhile(
    qtbot: QtBot, page: CourseController, store: Store, prompts: FakePrompts
) -> None:
    pid = page.patient_id or 0
    page.view.preferred_days.boxes["fri"].setChecked(True)
    settle(qtbot, page)
    # The Points page (another window) saves new points; the course is untouched.
    latest = store.cases.get_case(pid).plan
    assert latest is not None
    points = replace(
        latest,
        modality=Modality.DRY_NEEDLING,
        electro=True,
        acupoints=(AcupointTarget("SI3", Side.BOTH, Technique.ELECTRO),),
        trigger_points=(TriggerPointTarget("levator-scapulae", Side.RIGHT),),
        overrides=(Override("pregnancy-point", "SI3", "agreed with midwife"),),
    )
    store.cases.save_plan(pid, points)
    assert page.save()
    assert prompts.kinds() == []  # only the points changed: nothing to ask
    saved = store.cases.get_case(pid).plan
    assert saved is not None
    assert saved.preferred_days == ("fri",)
    assert (saved.modality, saved.electro) == (points.modality, points.electro)
    assert saved.acupoints == points.acupoints
    assert saved.trigger_points == points.trigger_points
    assert saved.overrides == points.overrides


def test_ics_export_writes_the_dates(page: CourseController, tmp_path: Path) -> None:
    target = tmp_path / "ana.ics"
    page.ics.choose_path = lambda _parent, suggested: target
    page.view.export_button.click()
    assert target.is_file()
    calendar = Calendar.from_ical(target.read_bytes())
    starts = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT"))
    assert [s.date() for s in starts] == dates(page)
    assert all(isinstance(s, datetime) and s.hour == 9 for s in starts)
    assert problem(page, "export") == ""


def test_refer_case_shows_no_course(make_window: MakeWindow, store: Store) -> None:
    page = open_course(make_window(), add_case(store, red_flags=("myelopathy-signs",)))
    banner = page.view.refer_banner
    assert not banner.isHidden()
    assert banner.title.text() == "No course until the red flag is cleared"
    assert "myelopathy" in banner.detail.text()
    assert page.course is None
    assert page.sessions_model.rowCount() == 0
    assert not page.view.changes_box.isEnabled()
    assert not page.view.save_button.isEnabled()
    page.view.export_button.click()
    assert "Nothing to export" in problem(page, "export")
    assert "red flag" in problem(page, "export")


def test_missing_start_date_proposes_one_and_empty_export_explains(
    make_window: MakeWindow, store: Store, tmp_path: Path
) -> None:
    pid = add_case(store, plan=Plan(acupoints=(AcupointTarget("GB21"),)))
    page = open_course(make_window(), pid)
    assert page.course is not None  # today and Mon-Fri proposed
    assert page.view.subtitle.text().startswith("Not saved yet")
    assert page.view.save_button.isEnabled()
    for box in page.view.clinic_days.boxes.values():
        box.setChecked(False)
    page.recompute()
    page.course = None  # as for a course that was never possible
    page.ics.choose_path = lambda _parent, _name: tmp_path / "x.ics"
    assert page.export_ics() is None
    assert "Nothing to export" in problem(page, "export")
    assert not (tmp_path / "x.ics").exists()


def test_unsaved_changes_survive_a_patient_switch_as_a_draft(
    qtbot: QtBot, page: CourseController, store: Store
) -> None:
    pid = page.patient_id or 0
    page.view.sessions.setValue(7)
    settle(qtbot, page)
    other = add_case(store)
    page.set_patient(other)
    assert page.context.drafts.exists(pid, "course")
    page.set_patient(pid)
    assert len(page.sessions_model.rows) == 7
    assert page.is_dirty()
    page.revert()
    assert len(page.sessions_model.rows) != 7
    assert not page.context.drafts.exists(pid, "course")


def test_an_unchanged_override_keeps_the_day_it_was_recorded(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    recorded = TODAY - timedelta(days=30)
    override = CourseOverride(sessions=8, reason="travels in spring", recorded_on=recorded)
    plan = Plan(
        acupoints=(AcupointTarget("GB21"),),
        start_date=START,
        clinic_days=("mon", "wed", "fri"),
        course_override=override,
    )
    page = open_course(make_window(), add_case(store, plan=plan))
    page.view.preferred_days.boxes["mon"].setChecked(True)
    settle(qtbot, page)
    assert page.save()
    saved = store.cases.get_case(page.patient_id or 0).plan
    assert saved is not None
    assert saved.preferred_days == ("mon",)
    assert saved.course_override == override

    page.view.sessions.setValue(9)
    settle(qtbot, page)
    assert page.save()
    saved = store.cases.get_case(page.patient_id or 0).plan
    assert saved is not None
    assert saved.course_override is not None
    assert (saved.course_override.sessions, saved.course_override.recorded_on) == (9, TODAY)


def test_the_pain_recorded_at_a_review_moves_the_recommendation(
    make_window: MakeWindow, store: Store
) -> None:
    from planner.domain.visit import Visit

    pid = add_case(store)
    before = open_course(make_window(), pid).course
    assert before is not None
    for n in range(3):  # sessions 1-3 held; pain unchanged at the first review (session 3)
        store.visits.add(pid, Visit(TODAY - timedelta(days=10 - 2 * n), nprs_before=6))
    after = open_course(make_window(), pid)
    assert after.course is not None
    assert after.course.sessions == before.sessions + 2
    assert "consider adjusting the treatment or referring" in after.view.rationale.text()


def test_an_unresolved_block_gives_no_course_and_names_the_point(
    make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store, plan=Plan(acupoints=(AcupointTarget("LI4"),), start_date=START))
    store.cases.save_assessment(pid, Assessment(date=TODAY, conditions=("pregnancy",)))
    page = open_course(make_window(), pid)
    assert page.course is None
    assert page.view.refer_banner.title.text() == (
        "No course while a point that must not be used is planned"
    )
    assert "LI4" in page.view.rationale.text()
    assert not page.view.save_button.isEnabled()
