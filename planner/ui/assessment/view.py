"""The Assessment page's widgets: header with actions, the form (scrolling), and beside it
the patient's assessments and the live screening. AssessmentController gives behaviour;
the header's words and buttons for each state of the page are said here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.domain.assessment import Assessment
from planner.domain.bodychart import BodyChart
from planner.ui.assessment.form import AssessmentForm
from planner.ui.shared import page_header
from planner.ui.shared.findings_view import FindingsView, ReferBanner
from planner.ui.shared.formatting import long_date

SIDE_WIDTH = 270  # history + findings column, at the default window size


class AssessmentPageView(QWidget):
    def __init__(self, chart: BodyChart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refer_banner = ReferBanner()

        self.title = page_header.title_label()
        self.title.setObjectName("assessmentTitle")
        self.subtitle = page_header.muted_label()
        self.subtitle.setObjectName("assessmentSubtitle")
        self.new_button = QPushButton("New assessment")
        self.new_button.setToolTip("Start a new dated assessment for this patient")
        self.correct_button = QPushButton("Correct")
        self.correct_button.setObjectName("correctAssessment")
        self.correct_button.setToolTip(
            "Correct this saved assessment; the earlier version is kept and listed"
        )
        self.discard_button = QPushButton("Discard")
        self.discard_button.setToolTip("Throw away this unsaved assessment")
        self.save_button = page_header.save_button(
            "Save assessment", "Save this assessment (Ctrl+S)"
        )
        header = page_header.header_row(
            self.title,
            self.subtitle,
            self.correct_button,
            self.new_button,
            self.discard_button,
            self.save_button,
        )
        # Problems with no field of their own, and save errors.
        self.message = page_header.message_label("assessmentMessage")

        self.form = AssessmentForm(chart)
        form_host = QWidget()
        form_layout = QVBoxLayout(form_host)
        form_layout.setContentsMargins(0, 0, 10, 16)
        form_layout.addWidget(self.form)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidget(form_host)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setMinimumWidth(360)

        history_title = page_header.bold_label("Assessments")
        self.history = QListView()
        self.history.setObjectName("assessmentHistory")
        self.history.setAccessibleName("Assessments, newest first")
        self.history.setMaximumHeight(96)
        self.history.setUniformItemSizes(True)
        # Long complaints are cut with "…" (the tool tip has them whole), never scrolled.
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty_history = page_header.muted_label("No assessments yet.")
        self.findings = FindingsView()

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(10, 0, 0, 0)
        side_layout.setSpacing(6)
        side_layout.addWidget(history_title)
        side_layout.addWidget(self.history)
        side_layout.addWidget(self.empty_history)
        side_layout.addSpacing(8)
        side_layout.addWidget(self.findings, 1)
        side.setMinimumWidth(220)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("assessmentSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.form_scroll)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([600, SIDE_WIDTH])

        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(8)
        column.addWidget(self.refer_banner)
        column.addLayout(header)
        column.addWidget(self.message)
        column.addWidget(self.splitter, 1)

    def show_message(self, text: str) -> None:
        page_header.show_message(self.message, text)

    # --- the header for each state of the page ----------------------------------------------

    def show_editing(self, *, correcting: bool, corrected: Assessment | None) -> None:
        """A new assessment, or a correction of `corrected` (None: no longer listed)."""
        if correcting:
            when = long_date(corrected.date) if corrected is not None else "an earlier date"
            self.title.setText(f"Correcting the assessment of {when}")
            self.subtitle.setText("Not saved yet · the earlier version will be kept")
        else:
            self.title.setText("New assessment")
            self.subtitle.setText("Not saved yet · kept as a draft while you type")

    def show_saved(self, a: Assessment, *, latest: bool) -> None:
        self.title.setText(f"Assessment of {long_date(a.date)}")
        if a.corrected:
            state = "Corrected: an earlier version, kept"
        else:
            state = "Latest" if latest else "Earlier assessment"
        self.subtitle.setText(state + " · read only")
        self.show_message("")

    def show_none_saved(self, *, draft_waiting: bool) -> None:
        self.title.setText("Assessment")
        self.subtitle.setText(
            "An unsaved assessment is waiting: restore or discard it (above)"
            if draft_waiting
            else "No assessments yet"
        )

    def show_no_patient(self) -> None:
        self.title.setText("Assessment")
        self.subtitle.setText("Select a patient")

    def show_actions(
        self,
        *,
        has_patient: bool,
        draft_waiting: bool,
        editing: bool,
        parked: bool,
        on_current: bool,
        any_saved: bool,
    ) -> None:
        """Which buttons show and work. `parked`: a new assessment waits while another is
        viewed; `on_current`: the current (latest) assessment is the one shown."""
        self.new_button.setToolTip(
            "Restore or discard the unsaved assessment first"
            if draft_waiting
            else "Start a new dated assessment for this patient"
        )
        unsaved = editing or parked
        self.new_button.setText("Back to the new assessment" if parked else "New assessment")
        self.new_button.setEnabled(has_patient and not draft_waiting and (not editing))
        self.correct_button.setVisible(has_patient and not unsaved and on_current)
        # A clearance belongs to the assessment being typed or to the latest one.
        self.form.flags.clearance_button.setEnabled(has_patient and (editing or on_current))
        self.save_button.setVisible(editing)
        self.save_button.setEnabled(editing)
        self.discard_button.setVisible(unsaved)
        self.empty_history.setVisible(has_patient and not any_saved and not unsaved)
