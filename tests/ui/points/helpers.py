"""The Points page's test helpers: a patient with a pain drawing, the page opened on them."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from planner.domain.assessment import Assessment, PainRegion
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.main_controller import MainController
from planner.ui.points import POINTS_PAGE
from planner.ui.points.controller import PointsController

PAIN = (PainRegion("neck-right", 7), PainRegion("scapula-right", 5))


def add_case(store: Store, *, conditions: tuple[str, ...] = (), weeks: int | None = None) -> int:
    assessment = Assessment(
        date=date(2026, 1, 5), pain_regions=PAIN, conditions=conditions, pregnancy_weeks=weeks
    )
    [pid] = store.cases.import_cases([Case(Patient(name="Ana López"), assessment)])
    return pid


def open_points(controller: MainController, pid: int) -> PointsController:
    controller.workspace.set_patient(pid)
    page = controller.workspace.open(POINTS_PAGE)
    assert isinstance(page, PointsController)
    QApplication.processEvents()
    return page


def planned(page: PointsController) -> list[tuple[str, Side]]:
    return [(t.target, t.side) for t in page.targets.targets]
