"""The Points page: library search, markers, target list, live screening, undo."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from planner.domain.protocol import PlannedTarget
from planner.domain.vocab import Side
from planner.store.database import Store
from planner.ui.points import POINTS_PAGE
from planner.ui.points.controller import PointsController
from planner.ui.points.targets_model import SIDE
from tests.ui.conftest import MakeWindow
from tests.ui.helpers import type_text
from tests.ui.points.helpers import add_case, open_points, planned


def test_page_loads_nothing_until_shown(make_window: MakeWindow) -> None:
    controller = make_window()
    assert "planner.ui.points.controller" not in sys.modules or not controller.workspace.page(
        POINTS_PAGE
    )
    assert controller.workspace.page(POINTS_PAGE) is None


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("gb21", "GB21"),
        ("jianjing", "GB21"),
        ("shoulder well", "GB21"),
        ("肩井", "GB21"),
        ("levator", "TP:levator-scapulae"),
    ],
)
def test_search_finds_and_enter_adds(
    qtbot: QtBot, page: PointsController, query: str, first: str
) -> None:
    qtbot.keyClick(page.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert page.view.library.search.hasFocus()
    type_text(qtbot, page.view.library.search, query)
    assert page.proxy.target_id(0) == first
    qtbot.keyClick(page.view.library.search, Qt.Key.Key_Down)
    assert page.view.library.results.hasFocus()
    qtbot.keyClick(page.view.library.results, Qt.Key.Key_Return)
    assert [t for t, _ in planned(page)] == [first]
    assert "In the plan" in page.view.library.detail.toPlainText()


def test_filters_narrow_the_library(page: PointsController) -> None:
    v = page.view
    v.library.kind_filter.setCurrentIndex(v.library.kind_filter.findData("trigger-points"))
    assert page.proxy.rowCount() == len(page.catalog.trigger_regions)
    v.library.kind_filter.setCurrentIndex(v.library.kind_filter.findData("acupoints"))
    v.library.channel_filter.setCurrentIndex(v.library.channel_filter.findData("GB"))
    v.library.group_filter.setCurrentIndex(v.library.group_filter.findData("shoulder"))
    codes = {page.proxy.target_id(r) for r in range(page.proxy.rowCount())}
    assert "GB21" in codes
    assert all(str(c).startswith("GB") for c in codes)


def click_marker(qtbot: QtBot, page: PointsController, target: str, side: Side) -> None:
    item = page.markers.items(target, side)[0]
    chart = page.view.chart
    pos = chart.mapFromScene(item.scenePos())
    assert chart.viewport().rect().contains(pos)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_clicking_markers_selects_and_toggles_sides(qtbot: QtBot, page: PointsController) -> None:
    click_marker(qtbot, page, "GB21", Side.RIGHT)
    assert planned(page) == [("GB21", Side.RIGHT)]
    assert page.markers.items("GB21", Side.RIGHT)[0].selected
    assert not page.markers.items("GB21", Side.LEFT)[0].selected
    click_marker(qtbot, page, "GB21", Side.LEFT)
    assert planned(page) == [("GB21", Side.BOTH)]
    click_marker(qtbot, page, "GB21", Side.RIGHT)
    assert planned(page) == [("GB21", Side.LEFT)]
    click_marker(qtbot, page, "GV14", Side.MIDLINE)
    assert planned(page)[-1] == ("GV14", Side.MIDLINE)


def test_markers_keep_their_screen_size_when_zoomed(page: PointsController) -> None:
    chart = page.view.chart
    item = page.markers.items("BL13", Side.RIGHT)[0]

    def on_screen_width() -> float:
        to_screen = item.deviceTransform(chart.viewportTransform())
        return to_screen.mapRect(item.boundingRect()).width()

    before = on_screen_width()
    chart.zoom_in()
    chart.zoom_in()
    QApplication.processEvents()
    assert chart.zoom == pytest.approx(1.5625)
    assert on_screen_width() == pytest.approx(before)
    chart.fit()
    assert chart.zoom == 1.0


def test_labels_only_for_selected_at_fit_zoom(page: PointsController) -> None:
    for code in ("BL11", "BL12", "BL13", "BL14", "BL15"):
        page.add_target(code, Side.RIGHT)
    page.markers.relayout()
    shown = {k.target for k, label in page.markers.labels.items() if label.isVisible()}
    assert shown <= {"BL11", "BL12", "BL13", "BL14", "BL15", "GB21"}
    # The shown labels never overlap each other.
    chart = page.view.chart
    screen = [
        label.deviceTransform(chart.viewportTransform()).mapRect(label.rect())
        for label in page.markers.labels.values()
        if label.isVisible()
    ]
    assert len(screen) >= 5
    for i, a in enumerate(screen):
        for b in screen[i + 1 :]:
            assert not a.intersects(b)


def test_changing_side_and_undo_redo(qtbot: QtBot, page: PointsController) -> None:
    page.add_target("GB21", Side.BOTH)
    page.add_target("GV14")
    assert planned(page) == [("GB21", Side.BOTH), ("GV14", Side.MIDLINE)]
    assert page.targets.setData(page.targets.index(0, SIDE), "left")
    assert planned(page)[0] == ("GB21", Side.LEFT)
    # GV14 lies on the midline: left is refused.
    assert not page.targets.setData(page.targets.index(1, SIDE), "left")
    page.view.plan.targets.setFocus()
    qtbot.keyClick(page.view.plan.targets, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert planned(page)[0] == ("GB21", Side.BOTH)
    qtbot.keyClick(
        page.view.plan.targets,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert planned(page)[0] == ("GB21", Side.LEFT)
    page.view.plan.targets.setCurrentIndex(page.targets.index(1, 1))
    qtbot.keyClick(page.view.plan.targets, Qt.Key.Key_Delete)
    assert planned(page) == [("GB21", Side.LEFT)]
    page.undo_stack.undo()
    assert [t for t, _ in planned(page)] == ["GB21", "GV14"]


def test_pregnancy_caution_shows_on_list_marker_and_panel(
    make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store, conditions=("pregnancy",), weeks=20)
    page = open_points(make_window(), pid)
    page.add_target("GB21", Side.RIGHT)
    row = page.targets.row_of("GB21")
    assert row is not None
    assert page.targets.index(row, 0).data() == "Caution"
    assert page.markers.items("GB21", Side.RIGHT)[0].severity == "caution"
    assert any(c.finding.rule == "pregnancy-caution-point" for c in page.view.plan.findings.cards)


def test_suggestions_add_with_one_click(qtbot: QtBot, page: PointsController) -> None:
    model = page.suggestions
    assert model.suggestion_at(0) is None  # the first group's heading
    first = model.suggestion_at(1)
    assert first is not None
    assert first.target == "TP:levator-scapulae"
    assert "right side of the neck" in first.reason
    page.view.plan.side_tabs.setCurrentIndex(1)
    QApplication.processEvents()
    rect = page.view.plan.suggestions.visualRect(model.index(1))
    qtbot.mouseClick(
        page.view.plan.suggestions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    assert (first.target, first.side) in planned(page)


def test_models_pass_the_model_tester(qtmodeltester, page: PointsController) -> None:  # type: ignore[no-untyped-def]
    page.add_target("GB21", Side.RIGHT)
    page.add_target("TP:levator-scapulae")
    page.proxy.set_text("gb")
    qtmodeltester.check(page.library)
    qtmodeltester.check(page.proxy)
    qtmodeltester.check(page.targets)
    qtmodeltester.check(page.suggestions)


def test_planned_target_type_is_shared(page: PointsController) -> None:
    page.add_target("GB21", Side.BOTH)
    assert page.targets.targets == (PlannedTarget("GB21", Side.BOTH),)


def test_suggestions_follow_the_library_filters(page: PointsController) -> None:
    from planner.domain.suggestions import SuggestionKind

    v = page.view

    def kinds() -> set[SuggestionKind]:
        return {s.kind for s in page.suggestions.suggestions()}

    assert kinds() == {SuggestionKind.TRIGGER_POINT, SuggestionKind.ACUPOINT}
    v.library.kind_filter.setCurrentIndex(v.library.kind_filter.findData("trigger-points"))
    assert kinds() == {SuggestionKind.TRIGGER_POINT}
    assert "Refers pain to" in page.suggestions.suggestions()[0].reason  # reasons kept
    assert "hidden by the library's filters" in v.plan.suggestions_note.text()
    v.library.kind_filter.setCurrentIndex(v.library.kind_filter.findData("acupoints"))
    assert kinds() == {SuggestionKind.ACUPOINT}
    v.library.group_filter.setCurrentIndex(v.library.group_filter.findData("neck"))
    targets = [s.target for s in page.suggestions.suggestions()]
    assert targets
    assert all(page.catalog.target(t).region.value == "neck" for t in targets)  # type: ignore[union-attr]
    v.library.kind_filter.setCurrentIndex(v.library.kind_filter.findData("all"))
    v.library.group_filter.setCurrentIndex(v.library.group_filter.findData("all"))
    assert kinds() == {SuggestionKind.TRIGGER_POINT, SuggestionKind.ACUPOINT}
    assert "hidden" not in v.plan.suggestions_note.text()


def test_every_target_column_is_readable_at_the_default_window_size(
    make_window: MakeWindow, store: Store
) -> None:
    from planner.ui.main_window import DEFAULT_SIZE

    controller = make_window()
    controller.window.resize(DEFAULT_SIZE)
    page = open_points(controller, add_case(store))
    for code in ("GB21", "GB20", "SI3", "BL13", "TP:levator-scapulae"):
        page.add_target(code, None)
    QApplication.processEvents()
    table = page.view.plan.targets
    header = table.horizontalHeader()
    for column in range(page.targets.columnCount()):
        # Every header fits its column, and the table is not clipped by the panel.
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width() - 1
    assert table.viewport().width() >= header.length() - 2
    assert page.targets.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
