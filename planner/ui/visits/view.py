"""The Visits page's widgets: the log (newest first) beside the "Log visit" form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.ui.shared import page_header
from planner.ui.visits.form import VisitForm

UNDO_STYLE = "background: #eef5ff; border: 1px solid #9dbbe6; border-radius: 4px; padding: 4px;"


class VisitsPageView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = page_header.title_label("Visits")
        self.subtitle = page_header.muted_label()
        self.new_button = QPushButton("Log visit")
        self.new_button.setToolTip("Record today's treatment")
        header = page_header.header_row(self.title, self.subtitle, self.new_button)
        self.message = page_header.message_label("visitsMessage")

        # --- the log ---
        self.log = QTableView()
        self.log.setObjectName("visitLog")
        self.log.setAccessibleName("Visits, newest first")
        self.log.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.log.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log.verticalHeader().hide()
        self.log.setWordWrap(False)
        self.log.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.log.horizontalHeader().setHighlightSections(False)
        # The empty log: a panel in the table's place, so the page keeps its shape.
        self.empty_log = QFrame()
        self.empty_log.setObjectName("emptyVisitLog")
        self.empty_log.setFrameShape(QFrame.Shape.StyledPanel)
        self.empty_log_text = page_header.muted_label(
            "No visits yet. Each treatment is logged here with the pain before and after "
            "needling and its notes."
        )
        self.empty_log_text.setWordWrap(True)
        self.first_visit_button = QPushButton("Log the first visit")
        empty_layout = QVBoxLayout(self.empty_log)
        empty_layout.setContentsMargins(16, 16, 16, 16)
        empty_layout.addWidget(self.empty_log_text)
        empty_layout.addWidget(self.first_visit_button, 0, Qt.AlignmentFlag.AlignLeft)
        empty_layout.addStretch(1)
        self.empty_log.hide()
        self.edit_button = QPushButton("Correct")
        self.edit_button.setToolTip("Open the selected visit in the form to correct it")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Hide the selected visit from the log (it can be undone)")
        self.undo_button = QPushButton("Undo delete")
        self.undo_banner = QLabel()
        self.undo_banner.setStyleSheet(UNDO_STYLE)
        self.undo_banner.setWordWrap(True)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_banner, 1)
        undo_row.addWidget(self.undo_button)
        self.undo_host = QWidget()
        self.undo_host.setLayout(undo_row)
        undo_row.setContentsMargins(0, 0, 0, 0)
        self.undo_host.hide()
        log_buttons = QHBoxLayout()
        log_buttons.addWidget(self.edit_button)
        log_buttons.addWidget(self.delete_button)
        log_buttons.addStretch(1)
        log_title = page_header.bold_label("Visit log")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 10, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(log_title)
        left_layout.addWidget(self.log, 1)
        left_layout.addWidget(self.empty_log, 1)
        left_layout.addLayout(log_buttons)
        left_layout.addWidget(self.undo_host)

        # --- the form ---
        self.form_title = page_header.bold_label("Log visit")
        self.form_state = page_header.muted_label()
        self.form = VisitForm()
        form_host = QWidget()
        form_layout = QVBoxLayout(form_host)
        form_layout.setContentsMargins(0, 0, 10, 12)
        form_layout.addWidget(self.form)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidget(form_host)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.correct_button = QPushButton("Correct this visit")
        self.correct_button.setToolTip("A saved visit is read only: make it editable to correct it")
        self.discard_button = QPushButton("Discard")
        self.discard_button.setToolTip("Throw away what is typed in this form")
        self.save_button = page_header.save_button("Save visit", "Save this visit (Ctrl+S)")
        form_header = page_header.header_row(
            self.form_title,
            self.form_state,
            self.correct_button,
            self.discard_button,
            self.save_button,
        )
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(10, 0, 0, 0)
        right_layout.setSpacing(6)
        right_layout.addLayout(form_header)
        right_layout.addWidget(self.form_scroll, 1)
        right.setMinimumWidth(420)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("visitsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 520])

        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(8)
        column.addLayout(header)
        column.addWidget(self.message)
        column.addWidget(self.splitter, 1)

    def fit_log_columns(self) -> None:
        header = self.log.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # targets take the rest

    def show_message(self, text: str) -> None:
        page_header.show_message(self.message, text)
