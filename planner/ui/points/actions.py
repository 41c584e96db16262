"""The Points page's actions, each built from its row of the shortcuts table.

Window-wide keys work while the page is shown (Qt skips a hidden page's actions); the side
keys, Delete and Enter belong to the table they act on. Undo and redo are claimed by the
page before the window's own Undo (the patient list's) sees Ctrl+Z.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from planner.domain.vocab import Side
from planner.ui.points import shortcuts as keys
from planner.ui.points.view import PointsPageView


def make_action(
    row: tuple[str, str],
    run: Callable[[], None],
    owner: QWidget,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QAction:
    """An action on `owner` with the row's keys and words."""
    action = QAction(row[1], owner)
    action.setShortcuts([QKeySequence(k) for k in keys.key_texts(row)])
    action.setShortcutContext(context)
    action.setToolTip(f"{row[1]} ({row[0]})")
    action.triggered.connect(lambda _checked=False: run())
    owner.addAction(action)
    return action


class PageActions(QObject):
    """Every keyed action of the page, by name, for the controller and the tests."""

    def __init__(
        self,
        view: PointsPageView,
        *,
        search: Callable[[], None],
        add_result: Callable[[], None],
        repeat: Callable[[], None],
        set_side: Callable[[Side], None],
        remove: Callable[[], None],
        undo: Callable[[], None],
        redo: Callable[[], None],
        save: Callable[[], None],
    ) -> None:
        super().__init__(view)
        chart = view.chart
        here = Qt.ShortcutContext.WidgetShortcut
        self.search = make_action(keys.SEARCH, search, view)
        self.toggle_library = make_action(keys.TOGGLE_LIBRARY, view.toggle_library, view)
        self.add_result = make_action(keys.ADD_RESULT, add_result, view.library.results, here)
        self.zoom_in = make_action(keys.ZOOM_IN, chart.zoom_in, view)
        self.zoom_out = make_action(keys.ZOOM_OUT, chart.zoom_out, view)
        self.fit = make_action(keys.FIT, chart.fit, view)
        self.repeat = make_action(keys.REPEAT_LAST_VISIT, repeat, view)
        table = view.plan.targets

        def setter(side: Side) -> Callable[[], None]:
            return lambda: set_side(side)

        self.sides = {
            side: make_action(row, setter(side), table, here)
            for side, row in (
                (Side.LEFT, keys.SIDE_LEFT),
                (Side.RIGHT, keys.SIDE_RIGHT),
                (Side.BOTH, keys.SIDE_BOTH),
                (Side.MIDLINE, keys.SIDE_MIDLINE),
            )
        }
        self.remove = make_action(keys.REMOVE, remove, table, here)
        self.save = make_action(keys.SAVE, save, view)
        # Not on a widget: the page matches their keys itself (PointsPageView.claim_keys).
        self.undo = QAction(keys.UNDO[1], self)
        self.undo.setShortcuts([QKeySequence(k) for k in keys.key_texts(keys.UNDO)])
        self.undo.triggered.connect(undo)
        self.redo = QAction(keys.REDO[1], self)
        self.redo.setShortcuts([QKeySequence(k) for k in keys.key_texts(keys.REDO)])
        self.redo.triggered.connect(redo)
        view.claim_keys((self.undo, self.redo))

    def all(self) -> list[QAction]:
        return [
            self.search,
            self.toggle_library,
            self.add_result,
            self.zoom_in,
            self.zoom_out,
            self.fit,
            self.repeat,
            *self.sides.values(),
            self.remove,
            self.undo,
            self.redo,
            self.save,
        ]
