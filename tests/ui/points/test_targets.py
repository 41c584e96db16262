"""The plan's target list by hand: the side from the pain drawing, one key or click to
change it, cell editors that commit once, retention for all points."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from planner.domain.assessment import Assessment, PainRegion
from planner.domain.case import Case
from planner.domain.patient import Patient
from planner.domain.plan import Plan
from planner.domain.visit import Visit, VisitTarget
from planner.domain.vocab import Side, Technique
from planner.store.database import Store
from planner.ui.points.controller import PointsController
from planner.ui.points.delegates import SideDelegate
from planner.ui.points.targets_model import RETENTION, SIDE, TECHNIQUE
from tests.ui.conftest import MakeWindow
from tests.ui.helpers import type_text
from tests.ui.points.helpers import add_case, open_points, planned


def _page_with_pain(
    make_window: MakeWindow, store: Store, *pain: tuple[str, int]
) -> PointsController:
    assessment = Assessment(
        date=date(2026, 1, 5), pain_regions=tuple(PainRegion(r, i) for r, i in pain)
    )
    [pid] = store.cases.import_cases([Case(Patient(name="Bo Berg"), assessment)])
    return open_points(make_window(), pid)


@pytest.mark.parametrize(
    ("pain", "side"),
    [
        ((("neck-right", 7), ("scapula-right", 5)), Side.RIGHT),
        ((("shoulder-left", 5),), Side.LEFT),
        ((("neck-right", 7), ("neck-left", 3)), Side.BOTH),
        ((("neck-right", 7), ("head", 3)), Side.BOTH),
    ],
)
def test_a_target_added_from_search_takes_the_pain_drawings_side(
    qtbot: QtBot,
    make_window: MakeWindow,
    store: Store,
    pain: tuple[tuple[str, int], ...],
    side: Side,
) -> None:
    page = _page_with_pain(make_window, store, *pain)
    qtbot.keyClick(page.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, page.view.library.search, "levator")
    qtbot.keyClick(page.view.library.search, Qt.Key.Key_Return)
    type_text(qtbot, page.view.library.search, "gv14")  # the search text was selected
    qtbot.keyClick(page.view.library.search, Qt.Key.Key_Return)
    assert dict(planned(page)) == {"TP:levator-scapulae": side, "GV14": Side.MIDLINE}


def select_rows(page: PointsController, *rows: int) -> None:
    table = page.view.plan.targets
    table.setFocus()
    selection = table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(page.targets.index(row, 1), flags)
    selection.setCurrentIndex(
        page.targets.index(rows[0], 1), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def test_one_key_sets_the_side_of_the_selected_rows(qtbot: QtBot, page: PointsController) -> None:
    for target in ("GB21", "SI3", "GV14"):
        page.add_target(target)
    assert planned(page) == [("GB21", Side.RIGHT), ("SI3", Side.RIGHT), ("GV14", Side.MIDLINE)]
    table = page.view.plan.targets
    select_rows(page, 0, 1, 2)
    qtbot.keyClick(table, Qt.Key.Key_L)
    # GV14 lies on the midline: it keeps its side, and the status line says why.
    assert planned(page) == [("GB21", Side.LEFT), ("SI3", Side.LEFT), ("GV14", Side.MIDLINE)]
    qtbot.keyClick(table, Qt.Key.Key_B)
    assert planned(page) == [("GB21", Side.BOTH), ("SI3", Side.BOTH), ("GV14", Side.BOTH)]
    select_rows(page, 2)
    qtbot.keyClick(table, Qt.Key.Key_M)
    assert planned(page)[2] == ("GV14", Side.MIDLINE)
    select_rows(page, 0)
    qtbot.keyClick(table, Qt.Key.Key_R)
    assert planned(page)[0] == ("GB21", Side.RIGHT)
    page.undo_stack.undo()
    page.undo_stack.undo()
    assert planned(page) == [("GB21", Side.BOTH), ("SI3", Side.BOTH), ("GV14", Side.BOTH)]
    page.undo_stack.undo()  # the three rows of one key press are one step
    assert planned(page) == [("GB21", Side.LEFT), ("SI3", Side.LEFT), ("GV14", Side.MIDLINE)]


def letter_pos(page: PointsController, row: int, side: Side) -> QPoint:
    table = page.view.plan.targets
    index = page.targets.index(row, SIDE)
    delegate = table.itemDelegateForColumn(SIDE)
    assert isinstance(delegate, SideDelegate)
    rects = dict(delegate.segments(table.visualRect(index), index))
    return rects[side].center()


def test_one_click_on_a_letter_sets_the_side(page: PointsController) -> None:
    page.add_target("GB21")
    page.add_target("GV14")
    QApplication.processEvents()
    table = page.view.plan.targets
    viewport = table.viewport()
    for side in (Side.LEFT, Side.BOTH, Side.RIGHT):
        QTest.mouseClick(
            viewport,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            letter_pos(page, 0, side),
        )
        assert planned(page)[0] == ("GB21", side)
        assert table.state() != QAbstractItemView.State.EditingState
    # The midline point shows M and B only.
    QTest.mouseClick(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        letter_pos(page, 1, Side.BOTH),
    )
    assert planned(page)[1] == ("GV14", Side.BOTH)
    # A double click on a letter opens no editor.
    QTest.mouseDClick(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        letter_pos(page, 1, Side.MIDLINE),
    )
    assert planned(page)[1] == ("GV14", Side.MIDLINE)
    assert table.state() != QAbstractItemView.State.EditingState


def test_picking_a_technique_commits_once_and_closes(qtbot: QtBot, page: PointsController) -> None:
    """Qt warnings fail the test (qt_log_level_fail): no "commitData called with an editor
    that does not belong to this view" as the pick re-shows the plan."""
    page.add_target("GB21")
    page.add_target("SI3")
    table = page.view.plan.targets
    index = page.targets.index(0, TECHNIQUE)
    table.setFocus()
    table.setCurrentIndex(index)
    table.edit(index)
    combo = table.indexWidget(index)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(Technique.ELECTRO.value))
    combo.activated.emit(combo.currentIndex())
    QApplication.processEvents()
    assert page.targets.targets[0].technique is Technique.ELECTRO
    assert page.state.plan.electro  # electro on with its first electro target
    assert table.state() != QAbstractItemView.State.EditingState
    assert page.undo_stack.count() == 3  # two adds and one pick
    # Focus moves on, as a hand would: nothing more is committed.
    qtbot.keyClick(table, Qt.Key.Key_Down)
    page.view.library.search.setFocus()
    QApplication.processEvents()
    assert page.undo_stack.count() == 3


def test_a_typed_retention_commits_once(qtbot: QtBot, page: PointsController) -> None:
    page.add_target("GB21")
    table = page.view.plan.targets
    index = page.targets.index(0, RETENTION)
    table.setFocus()
    table.setCurrentIndex(index)
    table.edit(index)
    spin = table.indexWidget(index)
    assert isinstance(spin, QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, "25")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert page.targets.targets[0].retention_minutes == 25
    page.view.library.search.setFocus()
    QApplication.processEvents()
    assert page.undo_stack.count() == 2


def test_the_selected_points_minutes_for_all(page: PointsController) -> None:
    for target in ("GB21", "SI3", "TP:levator-scapulae", "GV14"):
        page.add_target(target)
    assert page.targets.setData(page.targets.index(0, RETENTION), 20)
    button = page.view.plan.retention_button
    select_rows(page, 2)  # a trigger-point region has no minutes
    assert not button.isEnabled()
    select_rows(page, 0)
    assert button.isEnabled()
    assert "20 minutes" in button.toolTip()
    button.click()
    minutes = {t.target: t.retention_minutes for t in page.targets.targets}
    assert minutes == {"GB21": 20, "SI3": 20, "TP:levator-scapulae": None, "GV14": 20}
    page.undo_stack.undo()
    assert [t.retention_minutes for t in page.targets.targets] == [20, None, None, None]


def test_repeat_last_visit_sits_by_the_targets_with_a_key(
    qtbot: QtBot, make_window: MakeWindow, store: Store
) -> None:
    pid = add_case(store)
    store.cases.save_plan(pid, Plan())
    store.visits.add(
        pid,
        Visit(date(2026, 12, 15), targets=(VisitTarget("SI3", Side.BOTH), VisitTarget("GB21"))),
        today=date(2026, 12, 16),
    )
    page = open_points(make_window(), pid)
    plan = page.view.plan
    assert plan.repeat_button.isVisible()  # not behind the Protocols tab
    assert plan.side_tabs.currentIndex() == 0
    page.add_target("SI3", Side.BOTH)
    assert plan.repeat_note.text() == (
        "Adds 1 target of the visit of Tue 15 Dec 2026 (1 already planned)."
    )
    assert "Ctrl+R" in plan.repeat_button.toolTip()
    qtbot.keyClick(page.view.library.search, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert planned(page) == [("SI3", Side.BOTH), ("GB21", Side.BOTH)]
    assert plan.repeat_note.text() == "Every target of the visit of Tue 15 Dec 2026 is in the plan."
    assert not plan.repeat_button.isEnabled()
    page.undo_stack.undo()
    assert plan.repeat_button.isEnabled()
