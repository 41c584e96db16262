"""The Points page at the sizes practitioners have: nothing clipped, the chart with room,
the library folding away and remembered, and one table of shortcuts for the actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from planner.store.database import Store
from planner.ui.points.controller import PointsController
from planner.ui.points.shortcuts import SHORTCUTS, key_texts
from planner.ui.points.targets_model import SIDE
from tests.ui.conftest import MakeWindow
from tests.ui.points.helpers import add_case, open_points

# A laptop's 1366x768 maximised, the window the app opens at on that screen (90%), and the
# default on a larger screen.
SIZES = ((1366, 740), (1229, 691), (1440, 900))
LONG_TARGETS = (
    "GB21",
    "GB20",
    "SI3",
    "BL13",
    "EX-B2",
    "TP:levator-scapulae",
    "TP:sternocleidomastoid",
)


def open_at(make_window: MakeWindow, store: Store, width: int, height: int) -> PointsController:
    controller = make_window()
    controller.window.resize(width, height)
    QApplication.processEvents()
    page = open_points(controller, add_case(store))
    for target in LONG_TARGETS:
        page.add_target(target)
    for _ in range(3):
        QApplication.processEvents()
    return page


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_plan_is_not_clipped(
    make_window: MakeWindow, store: Store, width: int, height: int
) -> None:
    page = open_at(make_window, store, width, height)
    plan = page.view.plan
    table = plan.targets
    header = table.horizontalHeader()
    for column in range(page.targets.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width() - 1
    assert header.length() <= table.viewport().width() + 1  # no sideways scrolling
    # Every row's name and the side's three letters fit their columns.
    metrics = table.fontMetrics()
    for row in range(page.targets.rowCount()):
        name = str(page.targets.index(row, 1).data())
        assert metrics.horizontalAdvance(name) + 8 <= header.sectionSize(1), name
    side = table.itemDelegateForColumn(SIDE)
    assert side is not None
    hint = side.sizeHint(QStyleOptionViewItem(), page.targets.index(0, SIDE))
    assert header.sectionSize(SIDE) >= hint.width()
    # No button squeezed below what its words need.
    for button in plan.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= button.sizeHint().width(), button.text()
    # The chart keeps room for the figures (it was about 240 pixels wide at 1366x768).
    assert page.view.chart.viewport().width() >= 380


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_library_is_not_clipped(
    qtbot: QtBot, make_window: MakeWindow, store: Store, width: int, height: int
) -> None:
    page = open_at(make_window, store, width, height)
    qtbot.keyClick(page.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    settle()
    library = page.view.library
    assert library.isVisible()
    search = library.search
    placeholder = search.fontMetrics().horizontalAdvance(search.placeholderText())
    assert placeholder + 30 <= search.width()  # the clear button and the frame
    results = library.results
    name_width = results.horizontalHeader().sectionSize(0)
    metrics = results.fontMetrics()
    for row in range(page.proxy.rowCount()):
        for line in str(page.proxy.index(row, 0).data()).splitlines():
            assert metrics.horizontalAdvance(line) + 8 <= name_width, line
    assert results.horizontalHeader().length() <= results.viewport().width() + 1
    for combo in (library.group_filter, library.channel_filter, library.kind_filter):
        assert combo.width() >= combo.minimumSizeHint().width()


def test_the_library_folds_away_and_the_choice_is_remembered(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    page = open_at(make_window, store, 1440, 900)
    view = page.view
    assert view.library_shown  # room for all three at 1440x900
    chart_before = view.chart.viewport().width()
    qtbot.keyClick(view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert not view.library.isVisible()
    assert view.chart.viewport().width() > chart_before + 150
    assert not view.library_button.isChecked()
    # The next start remembers the fold; Ctrl+K unfolds it to search.
    again = open_at(make_window, store, 1440, 900)
    assert not again.view.library_shown
    qtbot.keyClick(again.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert again.view.library_shown
    assert again.view.library.search.hasFocus()


def test_a_narrow_page_starts_with_the_library_folded(
    make_window: MakeWindow, store: Store
) -> None:
    page = open_at(make_window, store, 1229, 691)
    assert not page.view.library_shown
    assert page.view.library_button.isVisible()


def test_every_shortcut_comes_from_the_one_table(page: PointsController) -> None:
    actions = page.actions.all()
    assert len(actions) == len(SHORTCUTS)
    for keys, words in SHORTCUTS:
        [action] = [a for a in actions if a.text() == words]
        assert action.shortcuts() == [QKeySequence(k) for k in key_texts((keys, words))]
    # Every keyed action on the page's widgets is one of them.
    view = page.view
    on_widgets = [
        a
        for w in (view, view.library.results, view.plan.targets)
        for a in w.actions()
        if a.shortcuts()
    ]
    assert on_widgets
    assert all(a in actions for a in on_widgets)
