"""The Progress page's widgets: a summary line, the chart, and the review decisions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.ui.progress.chart import ProgressChart
from planner.ui.progress.data import BAND_TEXT
from planner.ui.shared.page_header import bold_label, title_label


class ProgressPageView(QWidget):
    shown = Signal()  # the tab became visible: the controller reloads (a visit may be new)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title_label("Progress")
        self.summary = QLabel()
        self.summary.setObjectName("progressSummary")
        self.summary.setWordWrap(True)
        self.chart = ProgressChart()
        self.band_note = QLabel(BAND_TEXT)
        self.band_note.setWordWrap(True)
        self.band_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        reviews_title = bold_label("Reviews")
        self.reviews_note = QLabel()
        self.reviews_note.setWordWrap(True)
        self.reviews_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.reviews = QTableView()
        self.reviews.setObjectName("reviewsTable")
        self.reviews.setAccessibleName("Review decisions")
        self.reviews.verticalHeader().hide()
        self.reviews.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reviews.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reviews.setWordWrap(True)
        self.reviews.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.chart, 1)
        top_layout.addWidget(self.band_note)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 6, 0, 0)
        bottom_layout.setSpacing(4)
        bottom_layout.addWidget(reviews_title)
        bottom_layout.addWidget(self.reviews_note)
        bottom_layout.addWidget(self.reviews, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([430, 230])

        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.summary)
        column.addWidget(self.splitter, 1)

    def fit_reviews(self) -> None:
        header = self.reviews.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()
