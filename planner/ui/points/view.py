"""The Points page's widgets and layout only; PointsController gives them behaviour.

The library (library_view) on the left, the body chart in the middle, the plan (plan_view)
on the right. The library folds away (Ctrl+B, or the Library button over the chart) so the
chart has room on a small screen; on a page too narrow for all three it starts folded. The
column sizes and the fold are remembered.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.bodychart import BodyChart
from planner.ui.points.chart import ZoomableChart
from planner.ui.points.library_view import LibraryView
from planner.ui.points.plan_view import PlanView

LEGEND = "● acupoint   ◆ trigger-point region   blue: planned   ring: a finding"
LEGEND_TIP = (
    "Ring colours: red refer, orange do not use, yellow caution. The wheel or Ctrl+= and "
    "Ctrl+- zoom, Ctrl+0 shows the whole figure, a drag pans."
)
# Narrower than this (the page, not the window) the library starts folded away: the chart
# needs about 400 pixels and the plan 470.
FOLD_BELOW = 1100
SETTINGS_SPLITTER = "points/splitter"
SETTINGS_LIBRARY = "points/library-shown"


class PointsPageView(QWidget):
    libraryToggled = Signal(bool)  # shown

    def __init__(self, chart: BodyChart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pointsPage")
        self.library = LibraryView()
        self._build_chart(chart)
        self.plan = PlanView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("pointsSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.library)
        splitter.addWidget(self.chart_panel)
        splitter.addWidget(self.plan)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([280, 400, 470])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self._own_keys: list[QAction] = []
        self._laid_out = False
        splitter.splitterMoved.connect(lambda _pos, _index: self.remember_layout())

    def _build_chart(self, chart: BodyChart) -> None:
        self.chart = ZoomableChart(chart)
        self.chart.setObjectName("pointsChart")
        self.library_button = QToolButton()
        self.library_button.setObjectName("libraryToggle")
        self.library_button.setCheckable(True)
        self.library_button.setChecked(True)
        self.library_button.setText("Library")
        self.library_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.library_button.setToolTip("Show or hide the library (Ctrl+B)")
        self.library_button.toggled.connect(self.show_library)
        self.zoom_out_button = QToolButton()
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip("Zoom out (Ctrl+-)")
        self.zoom_in_button = QToolButton()
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip("Zoom in (Ctrl+=)")
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Show the whole figure (Ctrl+0)")
        self.zoom_label = QLabel("100%")
        # What is under the pointer. Its size never follows its text: a caption that grew on
        # hover would resize the chart, which re-fits and moves the marker off the pointer.
        self.hover_label = QLabel()
        self.hover_label.setObjectName("hoverLabel")
        self.hover_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.hover_label.setFixedHeight(self.hover_label.fontMetrics().height() + 4)
        bar = QHBoxLayout()
        bar.setSpacing(4)
        bar.addWidget(self.library_button)
        bar.addSpacing(6)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            bar.addWidget(w)
        bar.addSpacing(8)
        bar.addWidget(self.hover_label, 1)
        legend = QLabel(LEGEND)
        legend.setObjectName("chartLegend")
        legend.setWordWrap(True)
        legend.setToolTip(LEGEND_TIP)
        legend.setStyleSheet("color: #666; font-size: 11px;")
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(bar)
        column.addWidget(self.chart, 1)
        column.addWidget(legend)
        self.chart_panel = panel

    # --- the library's fold and the remembered layout -----------------------------------

    @property
    def library_shown(self) -> bool:
        return not self.library.isHidden()

    def show_library(self, shown: bool) -> None:
        if shown == self.library_shown:
            return
        self.library.setVisible(shown)
        self.library_button.setChecked(shown)
        self.library_button.setArrowType(
            Qt.ArrowType.LeftArrow if shown else Qt.ArrowType.RightArrow
        )
        self.libraryToggled.emit(shown)
        self.remember_layout()

    def toggle_library(self) -> None:
        self.show_library(not self.library_shown)

    def remember_layout(self) -> None:
        if not self._laid_out:
            return
        settings = QSettings()
        settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        settings.setValue(SETTINGS_LIBRARY, self.library_shown)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._laid_out:
            return
        self._laid_out = True  # the first time only: later the user's choice stands
        settings = QSettings()
        state = settings.value(SETTINGS_SPLITTER)
        if isinstance(state, QByteArray | bytes) and state:
            self.splitter.restoreState(QByteArray(state))
        shown = settings.value(SETTINGS_LIBRARY)
        fold = self.width() < FOLD_BELOW if shown is None else str(shown).lower() == "false"
        self.library_button.setArrowType(Qt.ArrowType.LeftArrow)
        if fold:
            self._laid_out = False  # a fold made by the page's width is not a choice
            self.show_library(False)
            self._laid_out = True

    # --- the page's own undo keys -----------------------------------------------------

    def claim_keys(self, actions: Iterable[QAction]) -> None:
        """Keys these actions answer while focus is inside the page, before the window's
        own actions with the same keys (the patient list's Undo also owns Ctrl+Z)."""
        self._own_keys = list(actions)

    def _own_action(self, event: QKeyEvent) -> QAction | None:
        pressed = QKeySequence(event.keyCombination())
        exact = QKeySequence.SequenceMatch.ExactMatch
        for action in self._own_keys:
            if any(seq.matches(pressed) == exact for seq in action.shortcuts()):
                return action
        return None

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._own_action(event) is not None
        ):
            event.accept()  # the key then reaches keyPressEvent, not the window's action
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._own_action(event)
        if action is not None:
            action.trigger()
            return
        super().keyPressEvent(event)
