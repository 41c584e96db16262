"""The Points page's widgets and layout only; PointsController gives them behaviour.

Library (search, filters, results, detail) on the left, the body chart in the middle, the
plan (targets, findings, suggestions, protocols) on the right.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.bodychart import BodyChart
from planner.domain.catalog_entries import Channel
from planner.domain.vocab import Modality
from planner.ui.points.chart import ZoomableChart
from planner.ui.points.library_model import KIND_LABELS, REGION_GROUP_LABELS
from planner.ui.points.targets_model import NOTES, RETENTION, SAFETY, SIDE, TARGET, TECHNIQUE
from planner.ui.shared.findings_view import FindingsView
from planner.ui.shared.search_box import SearchBox

SEARCH_PLACEHOLDER = "Search: GB21, jianjing, shoulder well, 肩井, levator (Ctrl+K)"
MODALITY_LABELS = {Modality.ACUPUNCTURE: "Acupuncture", Modality.DRY_NEEDLING: "Dry needling"}
LEGEND = (
    "● acupoint   ◆ trigger-point region   blue: in the plan   "
    "ring: finding (red refer, orange do not use, yellow caution).  "
    "Wheel or Ctrl+= / Ctrl+- zooms, Ctrl+0 fits, drag pans."
)


_T = TypeVar("_T", bound=QTableView)


class ResultsView(QTableView):
    """The search results; Enter asks to add the current entry to the plan."""

    addRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.addRequested.emit()
            return
        super().keyPressEvent(event)


class TargetsView(QTableView):
    """The plan's targets; Delete asks to remove the selected ones."""

    removeRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            self.removeRequested.emit()
            return
        super().keyPressEvent(event)


def _table(view: _T) -> _T:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setWordWrap(False)
    return view


class PointsPageView(QWidget):
    # Ctrl+Z / Ctrl+Shift+Z inside the page: its own undo stack, not the patient list's.
    undoKey = Signal()
    redoKey = Signal()

    def __init__(self, chart: BodyChart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pointsPage")
        self._build_library()
        self._build_chart(chart)
        self._build_plan()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("pointsSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.library_panel)
        splitter.addWidget(self.chart_panel)
        splitter.addWidget(self.plan_panel)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([300, 420, 420])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

    # --- building ---------------------------------------------------------------------

    def _build_library(self) -> None:
        self.search = SearchBox()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the reference library")
        self.group_filter = QComboBox()
        self.group_filter.setObjectName("groupFilter")
        for group, label in REGION_GROUP_LABELS.items():
            self.group_filter.addItem(label, group.value)
        self.channel_filter = QComboBox()
        self.channel_filter.setObjectName("channelFilter")
        self.channel_filter.addItem("All channels", "")
        for channel in Channel:
            self.channel_filter.addItem(f"{channel.value} {channel.english}", channel.value)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kindFilter")
        for kind, label in KIND_LABELS.items():
            self.kind_filter.addItem(label, kind.value)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.group_filter, 1)
        filters.addWidget(self.channel_filter, 1)
        self.results = _table(ResultsView())
        self.results.setObjectName("libraryResults")
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAccessibleName("Library results")
        self.count_label = QLabel()
        self.count_label.setObjectName("libraryCount")
        self.detail = QTextBrowser()
        self.detail.setObjectName("targetDetail")
        self.detail.setOpenLinks(False)
        self.detail.setAccessibleName("Detail of the chosen entry")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(4)
        top_layout.addWidget(self.search)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.kind_filter)
        top_layout.addWidget(self.results, 1)
        top_layout.addWidget(self.count_label)
        column = QSplitter(Qt.Orientation.Vertical)
        column.addWidget(top)
        column.addWidget(self.detail)
        column.setSizes([360, 280])
        column.setChildrenCollapsible(False)
        self.library_panel = column
        self.library_panel.setMinimumWidth(240)

    def _build_chart(self, chart: BodyChart) -> None:
        self.chart = ZoomableChart(chart)
        self.chart.setObjectName("pointsChart")
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
        self.hover_label = QLabel()
        self.hover_label.setObjectName("hoverLabel")
        bar = QHBoxLayout()
        bar.setSpacing(4)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            bar.addWidget(w)
        bar.addSpacing(8)
        bar.addWidget(self.hover_label, 1)
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #666; font-size: 11px;")
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(bar)
        column.addWidget(self.chart, 1)
        column.addWidget(legend)
        self.chart_panel = panel

    def _build_plan(self) -> None:
        self.modality = QComboBox()
        self.modality.setObjectName("modality")
        for modality, label in MODALITY_LABELS.items():
            self.modality.addItem(label, modality.value)
        self.electro = QCheckBox("Electro")
        self.electro.setObjectName("electro")
        self.electro.setToolTip("Electrical stimulation in this plan (screened for implants)")
        head = QHBoxLayout()
        head.addWidget(QLabel("<b>Plan</b>"))
        head.addStretch(1)
        head.addWidget(self.modality)
        head.addWidget(self.electro)

        self.targets = _table(TargetsView())
        self.targets.setObjectName("planTargets")
        self.targets.setAccessibleName("Planned targets")
        self.targets.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected targets (Delete)")
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        self.reload_button = QPushButton("Reload")
        self.reload_button.setToolTip("Show the saved plan again (your changes can be undone)")
        self.save_button = QPushButton("Save plan")
        self.save_button.setObjectName("savePlan")
        self.save_button.setDefault(True)
        self.state_label = QLabel()
        self.state_label.setObjectName("planState")
        self.state_label.setWordWrap(True)
        actions = QHBoxLayout()
        actions.setSpacing(4)
        for button in (self.remove_button, self.undo_button, self.redo_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.reload_button)
        actions.addWidget(self.save_button)

        self.findings = FindingsView()
        self.suggestions = QListView()
        self.suggestions.setObjectName("suggestions")
        self.suggestions.setWordWrap(True)
        self.suggestions.setAlternatingRowColors(True)
        self.suggestions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.suggestions.setToolTip("Click a suggestion to add it to the plan")
        self.suggestions_note = QLabel()
        self.suggestions_note.setWordWrap(True)
        suggestions_tab = QWidget()
        s_column = QVBoxLayout(suggestions_tab)
        s_column.setContentsMargins(4, 4, 4, 4)
        s_column.addWidget(self.suggestions_note)
        s_column.addWidget(self.suggestions, 1)

        self.protocols = QComboBox()
        self.protocols.setObjectName("protocols")
        self.apply_protocol_button = QPushButton("Apply")
        self.save_protocol_button = QPushButton("Save targets as protocol…")
        self.rename_protocol_button = QPushButton("Rename…")
        self.rename_protocol_button.setObjectName("renameProtocol")
        self.rename_protocol_button.setToolTip("Give the chosen protocol another name")
        self.delete_protocol_button = QPushButton("Delete")
        self.repeat_button = QPushButton("Repeat last visit")
        self.repeat_button.setObjectName("repeatLastVisit")
        self.repeat_note = QLabel()
        self.repeat_note.setWordWrap(True)
        protocols_tab = QWidget()
        p_column = QVBoxLayout(protocols_tab)
        p_column.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.protocols, 1)
        row.addWidget(self.apply_protocol_button)
        row.addWidget(self.rename_protocol_button)
        row.addWidget(self.delete_protocol_button)
        p_column.addLayout(row)
        p_column.addWidget(self.save_protocol_button)
        p_column.addSpacing(12)
        p_column.addWidget(self.repeat_button)
        p_column.addWidget(self.repeat_note)
        p_column.addStretch(1)

        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("planTabs")
        self.side_tabs.addTab(self.findings, "Safety")
        self.side_tabs.addTab(suggestions_tab, "Suggestions")
        self.side_tabs.addTab(protocols_tab, "Protocols")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(4)
        top_layout.addLayout(head)
        top_layout.addWidget(self.targets, 1)
        top_layout.addLayout(actions)
        top_layout.addWidget(self.state_label)
        column = QSplitter(Qt.Orientation.Vertical)
        column.addWidget(top)
        column.addWidget(self.side_tabs)
        column.setSizes([330, 310])
        column.setChildrenCollapsible(False)
        self.plan_panel = column
        self.plan_panel.setMinimumWidth(300)

    def set_targets_columns(self) -> None:
        """Column sizes once the model is set (the header needs the columns to exist)."""
        header = self.targets.horizontalHeader()
        # Short columns take what their header and values need; the name gives way (elided).
        header.setStretchLastSection(False)
        fit = QHeaderView.ResizeMode.ResizeToContents
        for column in (SAFETY, SIDE, TECHNIQUE, RETENTION):
            header.setSectionResizeMode(column, fit)
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Interactive)
        self.targets.setColumnWidth(NOTES, 70)
        self.targets.setTextElideMode(Qt.TextElideMode.ElideRight)
        results = self.results.horizontalHeader()
        results.setStretchLastSection(False)
        results.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        results.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        results.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    # --- the page's own undo keys -----------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # The window's Undo action (patient list) also owns Ctrl+Z: claiming the key here,
        # before shortcuts are matched, makes it reach keyPressEvent while focus is inside.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undoKey.emit()
        elif event.matches(QKeySequence.StandardKey.Redo) or (
            event.key() == Qt.Key.Key_Z
            and event.modifiers()
            == Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            self.redoKey.emit()
        else:
            super().keyPressEvent(event)
