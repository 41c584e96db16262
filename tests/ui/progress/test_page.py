"""The Progress page: the chart's series, the MCID band, review decisions, live update."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from planner.domain.assessment import Assessment, PainScores, PsfsItem
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import AcupointTarget, Plan
from planner.domain.visit import Visit, VisitTarget
from planner.store.database import Store
from planner.ui.main_controller import MainController
from planner.ui.progress import PROGRESS_PAGE
from planner.ui.progress.controller import ProgressController
from planner.ui.progress.data import build_progress
from planner.ui.visits import VISITS_PAGE
from planner.ui.visits.controller import VisitsController
from tests.ui.conftest import MakeWindow
from tests.ui.helpers import loaded_at_start_up

TODAY = date.today()
START = TODAY - timedelta(days=21)
FIRST = Assessment(
    date=START - timedelta(days=2),
    onset_date=START - timedelta(days=200),
    pain=PainScores(now=7),
    ndi_total=24,
    psfs=(PsfsItem("Driving", 3), PsfsItem("Desk work", 4)),
)
NPRS = (7, 6, 5, 4)


def add_case(store: Store, *, visits: int = 4) -> int:
    plan = Plan(
        acupoints=(AcupointTarget("GB21"),), start_date=START, clinic_days=("mon", "wed", "fri")
    )
    [pid] = store.cases.import_cases([Case(Patient(name="Ana López"), FIRST, plan)])
    for n in range(visits):
        store.visits.add(
            pid,
            Visit(
                date=START + timedelta(days=4 * n),
                targets=(VisitTarget("GB21"),),
                nprs_before=NPRS[n],
                nprs_after=NPRS[n] - 2,
            ),
            today=TODAY,
        )
    return pid


def open_progress(controller: MainController, pid: int) -> ProgressController:
    controller.workspace.set_patient(pid)
    page = controller.workspace.open(PROGRESS_PAGE)
    assert isinstance(page, ProgressController)
    QApplication.processEvents()
    return page


@pytest.fixture
def page(make_window: MakeWindow, store: Store) -> ProgressController:
    return open_progress(make_window(), add_case(store))


def test_reviews_model_passes_the_model_tester(
    page: ProgressController, qtmodeltester: ModelTester
) -> None:
    assert page.model.rowCount() > 0
    qtmodeltester.check(page.model)


def test_chart_draws_each_measure_with_the_mcid_band(page: ProgressController) -> None:
    chart = page.view.chart
    assert chart.nprs_series is not None
    assert chart.nprs_series.count() == 1 + len(NPRS)  # the assessment, then each visit
    assert [p.y() for p in chart.nprs_series.points()] == [7, *NPRS]
    assert chart.ndi_series is not None
    assert chart.ndi_series.count() == 1
    assert chart.psfs_series is not None
    assert chart.psfs_series.points()[0].y() == 3.5
    assert chart.band is not None
    upper = chart.band.upperSeries()
    lower = chart.band.lowerSeries()
    assert upper is not None
    assert lower is not None
    assert {p.y() for p in upper.points()} == {7}
    assert {p.y() for p in lower.points()} == {5}
    assert chart.band.name() == "Not yet a meaningful change"
    y_titles = {a.titleText() for a in chart.chart_.axes()}
    assert {"NPRS, PSFS (0–10)", "NDI (0–50)", "Date"} <= y_titles
    assert "Pain 7 → 4 of 10" in page.view.summary.text()


def test_review_decisions_are_marked_and_listed(page: ProgressController) -> None:
    assert page.progress is not None
    reviews = page.progress.reviews
    assert reviews[0].session == 3
    assert reviews[0].action == "continue"  # 7 -> 5: a meaningful improvement
    assert reviews[0].nprs == 5
    assert all(r.action == "" and r.day is None for r in reviews[1:])  # still to come
    marker = page.view.chart.review_series["continue"]
    assert marker.count() == 1
    assert marker.name() == "Review: Continue"
    assert marker.pointLabelsFormat() == "Continue"
    assert page.model.data(page.model.index(0, page.model.DECISION)) == "Continue"
    assert page.model.data(page.model.index(1, page.model.DATE)) == "to come"


def test_chart_updates_when_a_visit_is_logged(make_window: MakeWindow, store: Store) -> None:
    controller = make_window()
    pid = add_case(store, visits=2)
    page = open_progress(controller, pid)
    assert page.view.chart.nprs_series is not None
    before = page.view.chart.nprs_series.count()

    visits = controller.workspace.open(VISITS_PAGE)
    assert isinstance(visits, VisitsController)
    visits.new_visit()
    visits.form.nprs_before.setValue(3)
    assert visits.save()

    controller.workspace.open(PROGRESS_PAGE)  # shown again: reloads
    QApplication.processEvents()
    assert page.view.chart.nprs_series is not None
    assert page.view.chart.nprs_series.count() == before + 1
    assert page.view.chart.nprs_series.points()[-1].y() == 3


def test_taper_and_refer_decisions_from_the_domain() -> None:
    visits = [
        Visit(date=START + timedelta(days=n), nprs_before=score, id=n + 1)
        for n, score in enumerate((7, 5, 3, 3, 8, 9))
    ]
    progress = build_progress([FIRST], visits, reviews_after=(3, 6), sessions_planned=8)
    assert [r.action for r in progress.reviews] == ["taper", "refer"]
    assert progress.band_low == 5
    empty = build_progress([], [], reviews_after=(), sessions_planned=None)
    assert empty.nprs == ()
    assert empty.baseline_nprs is None
    assert "Record pain" in empty.summary


def test_an_empty_record_draws_nothing_and_says_so(make_window: MakeWindow, store: Store) -> None:
    [pid] = store.cases.import_cases([Case(Patient(name="Bo Lee"))])
    page = open_progress(make_window(), pid)
    assert page.view.chart.nprs_series is None
    assert "Nothing to draw yet" in page.view.chart.chart_.title()
    assert "once the course is planned" in page.view.reviews_note.text()


def test_start_up_imports_none_of_these_pages(tmp_path: Path) -> None:
    """QtCharts and the pages load when their tab is first shown, never at start-up."""
    pages = ("PySide6.QtCharts", "planner.ui.course_", "planner.ui.visits_", "planner.ui.progress_")
    assert loaded_at_start_up(tmp_path, pages) == []
