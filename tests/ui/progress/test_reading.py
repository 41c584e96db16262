"""The Progress page read as a practitioner reads it: pain after needling too, series that stay
apart where they meet, ticks on the days measured, and a first-day summary in words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCharts import QCategoryAxis, QLegend
from PySide6.QtCore import Qt

from planner.domain.case import Case
from planner.domain.course.for_case import course_for_case, course_with_response
from planner.domain.course.words import day_text
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.screening import screen_case
from planner.store.database import Store
from planner.ui.progress.chart import MAX_TICKS, date_ticks
from planner.ui.progress.controller import ProgressController
from planner.ui.reference import load_shipped_screening
from tests.ui.conftest import MakeWindow
from tests.ui.progress.test_page import FIRST, NPRS, START, add_case, open_progress


@pytest.fixture
def page(make_window: MakeWindow, store: Store) -> ProgressController:
    return open_progress(make_window(), add_case(store))


def date_axis(page: ProgressController) -> QCategoryAxis:
    [axis] = [a for a in page.view.chart.chart_.axes() if isinstance(a, QCategoryAxis)]
    return axis


def test_pain_after_needling_is_drawn_beside_pain_before(page: ProgressController) -> None:
    chart = page.view.chart
    assert chart.after_series is not None
    assert [p.y() for p in chart.after_series.points()] == [n - 2 for n in NPRS]
    assert chart.after_series.name() == "Pain after needling"
    assert chart.nprs_series is not None
    assert chart.nprs_series.name() == "Pain before needling"


def test_series_that_meet_stay_distinguishable(page: ProgressController) -> None:
    chart = page.view.chart
    lines = [chart.nprs_series, chart.after_series, chart.psfs_series, chart.ndi_series]
    assert all(s is not None for s in lines)
    looks = {(s.pen().style(), s.color().name()) for s in lines if s is not None}
    assert len(looks) == 4  # line style and colour both differ
    markers = [s.lightMarker() for s in lines if s is not None]
    assert not any(m.isNull() for m in markers)
    assert len({m.bits().tobytes() for m in markers}) == 4  # four different shapes
    # A review is a ring: the pain score it was decided on shows through.
    review = chart.review_series["continue"]
    assert review.brush().style() == Qt.BrushStyle.NoBrush
    band = chart.chart_.legend().markers(chart.band)[0]
    assert band.shape() == QLegend.MarkerShape.MarkerShapeRectangle  # its label is not cut


def test_the_date_axis_has_a_tick_on_each_day_measured(page: ProgressController) -> None:
    axis = date_axis(page)
    visits = [START + timedelta(days=4 * n) for n in range(len(NPRS))]
    days = [FIRST.date, *visits]
    assert page.view.chart.ticks == days
    assert axis.categoriesLabels() == [f"{d.day} {d:%b}" for d in days]
    assert axis.labelsPosition() == QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue


def test_ticks_thin_out_when_they_would_crowd() -> None:
    days = [date(2026, 1, 5) + timedelta(days=n) for n in range(40)]
    kept = date_ticks(days)
    assert len(kept) <= MAX_TICKS
    assert kept[0] == days[0]
    assert kept[-1] == days[-1]
    assert date_ticks(days[:5]) == days[:5]


def test_day_one_reads_as_the_first_assessment_and_the_plan(
    make_window: MakeWindow, store: Store
) -> None:
    plan = Plan(
        acupoints=(AcupointTarget("GB21"),), start_date=START, clinic_days=("mon", "wed", "fri")
    )
    [pid] = store.cases.import_cases([Case(Patient(name="Bo Lee"), FIRST, plan)])
    page = open_progress(make_window(), pid)
    text = page.view.summary.text()
    assert text.startswith(
        f"First assessment, {day_text(FIRST.date)}: pain 7 of 10, disability (NDI) 24 of 50, "
        "function (PSFS) 3.5 of 10. Nothing to compare yet"
    )
    assert "the first review after session 3." in text
    assert "0 of" not in text
    assert "→" not in text


def test_the_session_count_is_the_course_pages(page: ProgressController, store: Store) -> None:
    pid = page.patient_id or 0
    case = store.cases.get_case(pid)
    screening = load_shipped_screening()
    findings = screen_case(case, screening.catalog, screening.rules)
    with_response = course_with_response(case, findings, store.visits.for_patient(pid))
    without = course_for_case(case, findings)
    assert with_response is not None
    assert without is not None
    assert with_response.sessions != without.sessions  # 7 -> 5 at the review: one fewer
    assert page.view.summary.text().startswith(f"4 of {with_response.sessions} sessions done.")
    assert "Last visit, " in page.view.summary.text()
