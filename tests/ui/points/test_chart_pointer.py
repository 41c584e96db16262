"""The chart under a real pointer: QTest moves the mouse over the viewport, so Qt sends the
hover events a hand would, and positions are checked in pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.points.controller import PointsController
from planner.ui.points.marker_items import MarkerKey
from tests.ui.conftest import MakeWindow
from tests.ui.points.helpers import add_case, open_points, planned

# Crowded and sparse places, both figures, trigger-point regions and a midline point.
MARKERS = (
    ("TP:levator-scapulae", Side.RIGHT),
    ("TP:upper-trapezius", Side.LEFT),
    ("GB21", Side.RIGHT),
    ("GB20", Side.LEFT),
    ("BL13", Side.RIGHT),
    ("SI3", Side.LEFT),
    ("LI4", Side.RIGHT),
    ("GV14", Side.MIDLINE),
    ("ST9", Side.LEFT),
    ("LU1", Side.RIGHT),
)


@pytest.fixture
def wide_page(make_window: MakeWindow, store: Store) -> PointsController:
    controller = make_window()
    controller.window.resize(1366, 768)
    page = open_points(controller, add_case(store))
    QApplication.processEvents()
    return page


def marker_pixel(page: PointsController, target: str, side: Side) -> QPoint:
    chart = page.view.chart
    return chart.mapFromScene(page.markers.items(target, side)[0].scenePos())


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.mark.parametrize(("target", "side"), MARKERS)
def test_a_marker_stays_under_the_pointer_and_a_click_adds_it(
    wide_page: PointsController, target: str, side: Side
) -> None:
    page = wide_page
    chart = page.view.chart
    viewport = chart.viewport()
    # Come from an empty corner, as a hand does, then onto the marker.
    QTest.mouseMove(viewport, QPoint(2, 2))
    settle()
    before = marker_pixel(page, target, side)
    assert viewport.rect().contains(before)
    QTest.mouseMove(viewport, before)
    settle()
    assert page.markers.hovered_key() == MarkerKey(target, side)
    assert marker_pixel(page, target, side) == before  # nothing moved because of hover
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, before)
    settle()
    assert (target, side) in planned(page)
    assert marker_pixel(page, target, side) == before


def test_every_hover_leaves_the_chart_where_it_was(wide_page: PointsController) -> None:
    page = wide_page
    viewport = page.view.chart.viewport()
    start = {key: marker_pixel(page, *key) for key in MARKERS}
    size = viewport.size()
    for key in MARKERS:
        QTest.mouseMove(viewport, start[key])
        settle()
    QTest.mouseMove(viewport, QPoint(2, 2))
    settle()
    assert viewport.size() == size
    assert {key: marker_pixel(page, *key) for key in MARKERS} == start


def other_markers_within(page: PointsController, key: MarkerKey, pixels: float) -> int:
    here = marker_pixel(page, key.target, key.side)
    count = 0
    for other_key, items in page.markers.markers.items():
        for item in items:
            if other_key == key or not item.isVisible():
                continue
            d = page.view.chart.mapFromScene(item.scenePos()) - here
            count += d.x() ** 2 + d.y() ** 2 <= pixels**2
    return count


@pytest.mark.parametrize(
    ("target", "side"), [("LI15", Side.RIGHT), ("SP6", Side.LEFT), ("BL37", Side.RIGHT)]
)
def test_a_small_dot_is_an_easy_target_at_fit_zoom(
    wide_page: PointsController, target: str, side: Side
) -> None:
    """A click 8 pixels from the centre of a 6-pixel dot still takes it (it needed about
    300% zoom before)."""
    page = wide_page
    assert page.view.chart.zoom == 1.0
    key = MarkerKey(target, side)
    assert other_markers_within(page, key, 2 * 8 + 1) == 0  # no nearer marker to win
    viewport = page.view.chart.viewport()
    QTest.mouseMove(viewport, QPoint(2, 2))
    settle()
    near = marker_pixel(page, target, side) + QPoint(8, 0)
    QTest.mouseMove(viewport, near)
    settle()
    assert page.markers.hovered_key() == key
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, near)
    settle()
    assert (target, side) in planned(page)


def test_a_drag_that_starts_on_a_marker_pans_and_adds_nothing(wide_page: PointsController) -> None:
    page = wide_page
    chart = page.view.chart
    chart.set_zoom(3.0, page.markers.items("GB21", Side.RIGHT)[0].scenePos())
    settle()
    viewport = chart.viewport()
    start = marker_pixel(page, "GB21", Side.RIGHT)
    assert viewport.rect().contains(start)
    before = chart.mapToScene(viewport.rect().center())
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + QPoint(10 * step, 6 * step))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(50, 30)
    )
    settle()
    assert planned(page) == []
    assert chart.mapToScene(viewport.rect().center()) != before


def test_hover_outlines_no_region_only_the_marker(wide_page: PointsController) -> None:
    page = wide_page
    chart = page.view.chart
    viewport = chart.viewport()
    QTest.mouseMove(viewport, QPoint(2, 2))
    settle()
    QTest.mouseMove(viewport, marker_pixel(page, "GB21", Side.RIGHT))
    settle()
    assert page.markers.hovered_key() == MarkerKey("GB21", Side.RIGHT)
    assert chart.hovered_region() == ""
    assert not any(item.isVisible() for item in chart._hover_item.values())
