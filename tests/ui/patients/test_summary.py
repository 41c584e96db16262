"""The Patient step's clinical summary in the main window: alerts, the last visit, the
course, today's targets and the sample marker, shown and kept up to date."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from planner.domain.assessment import Assessment, PainScores
from planner.domain.case import Case
from planner.domain.clearance import Clearance
from planner.domain.course.for_case import course_with_response
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan, TriggerPointTarget
from planner.domain.screening import screen_case
from planner.domain.visit import Visit, VisitTarget
from planner.domain.vocab import Sex, Side
from planner.store.database import Store
from planner.ui.main_controller import MainController
from planner.ui.patients.list_view import TAG_BACKGROUND
from planner.ui.patients.model import SampleRole
from planner.ui.patients.summary_text import day_text
from planner.ui.reference import Screening
from tests.ui.conftest import MakeWorkspace, screening_without_positions

# Dates well in the past, so the store takes every visit whatever the real date.
START = date.today() - timedelta(days=120)
CLEARED_ON = START - timedelta(days=2)


def ana_case() -> Case:
    """Conditions, medications, a cleared red flag, a plan with a course."""
    assessment = Assessment(
        START - timedelta(days=3),
        complaint="Right neck pain",
        onset_date=START - timedelta(days=100),
        pain=PainScores(6, 3, 8),
        conditions=("anticoagulants", "diabetes"),
        medications="Warfarin 5 mg daily",
        red_flags=("trauma",),
        clearances=(
            Clearance("red-flag-trauma", "Dr Marta Ruiz", "GP", CLEARED_ON, "X-ray: no fracture"),
        ),
    )
    plan = Plan(
        acupoints=(AcupointTarget("GB21", Side.RIGHT), AcupointTarget("SI3")),
        trigger_points=(TriggerPointTarget("levator-scapulae", Side.RIGHT),),
        session_minutes=30,
        start_date=START,
        clinic_days=("mon", "tue", "wed", "thu", "fri"),
    )
    return Case(Patient("Ana López", date(1984, 3, 2), Sex.FEMALE), assessment, plan)


def tomas_case() -> Case:
    """An uncleared red flag and a cleared one; no plan (the gate would refuse one)."""
    assessment = Assessment(
        START,
        complaint="Neck pain after a fall",
        conditions=("metal-allergy",),
        red_flags=("trauma", "night-pain"),
        clearances=(
            Clearance("red-flag-trauma", "Dr Lee", "Surgeon", CLEARED_ON, "CT: no fracture"),
        ),
    )
    return Case(Patient("Tomás Herrera", sex=Sex.MALE), assessment)


@pytest.fixture
def arranged(store: Store) -> tuple[int, int, list[date]]:
    """Ana with two visits (the third session not yet held) and Tomás; Ana's course dates."""
    ana, tomas = store.cases.import_cases([ana_case(), tomas_case()])
    case = store.cases.get_case(ana)
    findings = screen_case(case, _screening().catalog, _screening().rules)
    course = course_with_response(case, findings, [])
    assert course is not None
    dates = list(course.dates)
    for day, before, after in ((dates[0], 7, 5), (dates[1], 6, 3)):
        visit = Visit(day, (VisitTarget("GB21", Side.RIGHT), VisitTarget("TP:levator-scapulae")))
        store.visits.add(ana, Visit(day, visit.targets, before, after))
    return ana, tomas, dates


@cache
def _screening() -> Screening:
    return screening_without_positions()


def ready(c: MainController, today: date) -> None:
    """The background loads done (as the app does once idle), the summary's clock set."""
    c.summary.today = lambda: today
    c.database.open_store()
    c.reference.screening()


def select(qtbot: QtBot, c: MainController, patient_id: int) -> None:
    row = c.model.row_of(patient_id)
    assert row is not None
    c.select_row(row)
    view = c.window.details
    qtbot.waitUntil(lambda: "…" not in view.course_value.text(), timeout=5000)


def lines(widget: object) -> list[str]:
    return widget.text().splitlines()  # type: ignore[attr-defined]


def test_each_part_of_the_summary_shows(
    qtbot: QtBot, make_workspace: MakeWorkspace, arranged: tuple[int, int, list[date]]
) -> None:
    ana, _, dates = arranged
    today = dates[2] - timedelta(days=1)  # the third session is next, tomorrow or later
    c = make_workspace()
    ready(c, today)
    select(qtbot, c, ana)
    v = c.window.details

    assert lines(v.record_value) == [
        "Takes anticoagulants",
        "Diabetes",
        "Medications: Warfarin 5 mg daily",
    ]
    cleared = f"✓ Recent trauma: cleared by Dr Marta Ruiz (GP), {day_text(CLEARED_ON, today)}"
    assert lines(v.flags_value) == [cleared]
    assert v.flags_value.tones() == ["ok"]
    assert v.alerts.subtitle.text().startswith("From the assessment of ")

    last = dates[1]
    assert lines(v.visit_value)[:2] == [
        f"{day_text(last, today)} ({(today - last).days} days ago)"
        if (today - last).days > 1
        else f"{day_text(last, today)} (yesterday)",
        "Pain 6/10 before needling, 3/10 after (3 less)",
    ]
    assert lines(v.visit_value)[2] == "Needled: GB21, levator scapulae"

    course = lines(v.course_value)
    assert course[0] == f"Session 3 of {len(dates)}, next {day_text(dates[2], today)}"
    assert course[1].startswith("2 held; reviews at session")

    targets = lines(v.targets_value)
    assert targets == [
        "GB21 Jiānjǐng · right: caution, pneumothorax risk",
        "SI3 Hòuxī · both sides: caution, reduced sensation (diabetes)",
        "Levator scapulae trigger points · right: caution, pneumothorax risk",
    ]
    assert v.plan_section.subtitle.text() == "Acupuncture, 30-minute sessions"
    shown = "\n".join(w.text() for w in (v.targets_value, v.visit_value, v.course_value))
    assert "TP:" not in shown
    assert not any(d.isoformat() in shown for d in dates)


def test_an_uncleared_red_flag_is_a_warning_above_the_cleared_one(
    qtbot: QtBot, make_workspace: MakeWorkspace, arranged: tuple[int, int, list[date]]
) -> None:
    _, tomas, _ = arranged
    c = make_workspace()
    ready(c, START + timedelta(days=1))
    select(qtbot, c, tomas)
    v = c.window.details
    assert lines(v.flags_value) == [
        "⚠ Night pain: not cleared. Refer on; no needling.",
        f"✓ Recent trauma: cleared by Dr Lee (Surgeon), {day_text(CLEARED_ON, START)}",
    ]
    assert v.flags_value.tones() == ["warn", "ok"]
    assert lines(v.record_value) == ["Metal allergy"]
    assert lines(v.visit_value) == ["No visits yet."]
    assert lines(v.course_value) == ["No course planned yet: plan it on the Course step."]
    assert lines(v.targets_value) == ["No targets planned yet: choose them on the Points step."]


def test_the_summary_follows_the_selected_patient(
    qtbot: QtBot, make_workspace: MakeWorkspace, arranged: tuple[int, int, list[date]]
) -> None:
    ana, tomas, dates = arranged
    c = make_workspace()
    ready(c, dates[2] - timedelta(days=1))
    v = c.window.details
    select(qtbot, c, ana)
    ana_parts = [w.text() for w in (v.record_value, v.flags_value, v.visit_value, v.course_value)]
    select(qtbot, c, tomas)
    assert v.name_label.text() == "Tomás Herrera"
    tomas_parts = [w.text() for w in (v.record_value, v.flags_value, v.visit_value, v.course_value)]
    assert all(a != t for a, t in zip(ana_parts, tomas_parts, strict=True))
    select(qtbot, c, ana)
    assert [w.text() for w in (v.record_value, v.flags_value, v.visit_value, v.course_value)] == (
        ana_parts
    )


def test_a_visit_saved_elsewhere_shows_when_the_patient_step_is_shown_again(
    qtbot: QtBot,
    make_workspace: MakeWorkspace,
    store: Store,
    arranged: tuple[int, int, list[date]],
) -> None:
    ana, _, dates = arranged
    today = dates[2]
    c = make_workspace()
    ready(c, today)
    select(qtbot, c, ana)
    v = c.window.details
    assert lines(v.course_value)[0] == f"Session 3 of {len(dates)}, today"
    c.workspace.open("course")  # another step, where the day's work happens
    store.visits.add(ana, Visit(today, (VisitTarget("SI3"),), 5, 1))
    c.workspace.open("patient")
    qtbot.waitUntil(lambda: lines(v.visit_value)[0].endswith("(today)"), timeout=3000)
    assert lines(v.visit_value)[1] == "Pain 5/10 before needling, 1/10 after (4 less)"
    # Session 3 is a review: the pain at it may change the course's length (the domain's).
    case = store.cases.get_case(ana)
    findings = screen_case(case, _screening().catalog, _screening().rules)
    course = course_with_response(case, findings, store.visits.for_patient(ana))
    assert course is not None
    assert lines(v.course_value)[0] == (
        f"Session 3 of {course.sessions} today; next {day_text(course.dates[3], today)}"
    )


def test_the_sample_patient_is_marked_in_the_list_and_on_the_summary(
    qtbot: QtBot, make_workspace: MakeWorkspace, store: Store
) -> None:
    [other] = store.cases.import_cases([Case(Patient("Zoë Other"))])
    c = make_workspace()
    ready(c, date.today())
    v = c.window.details
    select(qtbot, c, other)
    assert v.sample_badge.isHidden()
    assert v.sample_note.isHidden()

    c.open_sample_case()  # File > Open sample case
    sample = c.selected_patient()
    assert sample is not None
    assert sample.id != other
    assert v.sample_badge.isVisible()
    assert v.sample_badge.text() == "Sample patient"
    assert v.sample_note.isVisible()
    rows = {c.model.patient_at(r).id: r for r in range(c.model.rowCount())}  # type: ignore[union-attr]
    assert c.model.index(rows[sample.id], 0).data(SampleRole) is True
    assert c.model.index(rows[other], 0).data(SampleRole) is False

    # The list paints the tag on the sample's row only (the tag's own colour, right-aligned).
    c.list.clearSelection()
    image = c.list.viewport().grab().toImage()
    tag = QColor(TAG_BACKGROUND).rgb()

    def has_tag(row: int) -> bool:
        rect = c.list.visualRect(c.model.index(row, 0))
        return any(
            image.pixel(QPoint(x, y)) == tag
            for x in range(rect.right() - 40, rect.right())
            for y in range(rect.top(), rect.bottom())
        )

    assert has_tag(rows[sample.id])
    assert not has_tag(rows[other])

    select(qtbot, c, other)
    assert v.sample_badge.isHidden()
