"""The Course page's widgets (layout only; CourseController gives them behaviour).

Left: what the planner recommends and why, then the practitioner's calendar and changes,
each field with its own message line. Right: the month calendar, the numbered sessions
and the calendar export.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.domain.course.override import REASON_MAX, SESSIONS_MAX
from planner.ui.course.calendar import LEGEND, CourseCalendarWidget
from planner.ui.course.inputs import FIELDS
from planner.ui.course.widgets import DayChecks, DayTimes, WrappedLabel, muted_label
from planner.ui.shared import page_header
from planner.ui.shared.findings_view import ReferBanner

ERROR_STYLE = "color: #b3261e;"


class CoursePageView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refer_banner = ReferBanner()
        self.refer_banner.title.setText("No course until the red flag is resolved")

        self.title = page_header.title_label("Course")
        self.subtitle = muted_label()
        self.reset_button = QPushButton("Use the recommendation")
        self.reset_button.setToolTip("Drop your changes to the count, phases, reviews and dates")
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Go back to the course as last saved")
        self.save_button = page_header.save_button(
            "Save course", "Save the course with the plan (Ctrl+S)"
        )
        header = page_header.header_row(
            self.title, self.subtitle, self.reset_button, self.revert_button, self.save_button
        )
        self.message = page_header.message_label("courseMessage")

        self.field_messages: dict[str, QLabel] = {}
        for key in FIELDS:
            label = QLabel()
            label.setObjectName(f"courseProblem_{key}")
            label.setWordWrap(True)
            label.setStyleSheet(ERROR_STYLE)
            label.hide()
            self.field_messages[key] = label

        # --- the recommendation ---
        self.summary = QLabel()
        self.summary.setObjectName("courseSummary")
        big = QFont(self.summary.font())
        big.setPointSizeF(big.pointSizeF() * 1.15)
        big.setBold(True)
        self.summary.setFont(big)
        self.summary.setWordWrap(True)
        self.schedule_text = WrappedLabel()
        self.rationale = WrappedLabel()
        self.rationale.setObjectName("courseRationale")
        self.rationale.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sources = muted_label()
        self.sources.setObjectName("courseSources")
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        recommendation = QGroupBox("Recommendation")
        rec_layout = QVBoxLayout(recommendation)
        rec_layout.addWidget(self.summary)
        rec_layout.addWidget(self.schedule_text)
        rec_layout.addWidget(self.rationale)
        rec_layout.addWidget(self.sources)

        # --- the calendar the dates are drawn on ---
        self.start_date = QDateEdit()
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("d MMM yyyy")
        self.start_date.setAccessibleName("Start date")
        self.clinic_days = DayChecks("Clinic open")
        self.preferred_days = DayChecks("Patient prefers")
        self.preferred_days.setToolTip("Leave all unticked when any open day suits the patient")
        self.skip_list = QListWidget()
        self.skip_list.setObjectName("skipDates")
        self.skip_list.setAccessibleName("Skipped dates")
        self.skip_list.setMaximumHeight(72)
        self.skip_date = QDateEdit()
        self.skip_date.setCalendarPopup(True)
        self.skip_date.setDisplayFormat("d MMM yyyy")
        self.skip_date.setAccessibleName("Date to skip")
        self.add_skip_button = QPushButton("Skip this date")
        self.remove_skip_button = QPushButton("Remove")
        self.holidays_button = QPushButton("Add public holidays")
        self.holidays_button.setToolTip(
            "Skip the public holidays within the course (the clinic's country and region are "
            "set in Edit › Settings…)"
        )
        skip_row = QHBoxLayout()
        skip_row.addWidget(self.skip_date)
        skip_row.addWidget(self.add_skip_button)
        skip_row.addWidget(self.remove_skip_button)
        skip_row.addWidget(self.holidays_button)
        skip_row.addStretch(1)
        self.nice_cap = QCheckBox("NICE NG193 cap: 300 minutes of clinician time at most")
        self.nice_cap.setToolTip(
            "One course of acupuncture or dry needling within 5 hours (NICE NG193, 2021)"
        )
        calendar_box = QGroupBox("Calendar")
        calendar_form = QFormLayout(calendar_box)
        calendar_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A narrow column puts each label above its field instead of cutting the day boxes.
        calendar_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        calendar_form.addRow("Start date", self._with_message(self.start_date, "start_date"))
        calendar_form.addRow("Clinic open", self._with_message(self.clinic_days, "clinic_days"))
        calendar_form.addRow(
            "Patient prefers", self._with_message(self.preferred_days, "preferred_days")
        )
        skip_host = QWidget()
        skip_layout = QVBoxLayout(skip_host)
        skip_layout.setContentsMargins(0, 0, 0, 0)
        skip_layout.setSpacing(4)
        skip_layout.addWidget(self.skip_list)
        skip_layout.addLayout(skip_row)
        skip_layout.addWidget(self.field_messages["skip_dates"])
        calendar_form.addRow("No sessions on", skip_host)
        self.session_times = DayTimes()
        self.session_times.setToolTip("When sessions start on each day (kept for every patient)")
        self.time_note = muted_label()
        times_host = QWidget()
        times_layout = QVBoxLayout(times_host)
        times_layout.setContentsMargins(0, 0, 0, 0)
        times_layout.setSpacing(2)
        times_layout.addWidget(self.session_times)
        times_layout.addWidget(self.time_note)
        calendar_form.addRow("Session times", times_host)
        calendar_form.addRow("", self.nice_cap)

        # --- the practitioner's changes ---
        self.sessions = QSpinBox()
        self.sessions.setRange(0, SESSIONS_MAX)  # 0 allowed so the domain can say why not
        self.sessions.setAccessibleName("Number of sessions")
        self.range_note = muted_label()
        sessions_row = QHBoxLayout()
        sessions_row.addWidget(self.sessions)
        sessions_row.addWidget(self.range_note, 1)
        self.phases = QTableView()
        self.phases.setObjectName("phasesTable")
        self.phases.setAccessibleName("Phases")
        self.phases.setMinimumHeight(96)
        self.phases.setMaximumHeight(110)
        self.phases.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.phases.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.phases.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_phase_button = QPushButton("Add phase")
        self.remove_phase_button = QPushButton("Remove phase")
        phase_buttons = QHBoxLayout()
        phase_buttons.addWidget(self.add_phase_button)
        phase_buttons.addWidget(self.remove_phase_button)
        phase_buttons.addStretch(1)
        phases_host = QWidget()
        phases_layout = QVBoxLayout(phases_host)
        phases_layout.setContentsMargins(0, 0, 0, 0)
        phases_layout.setSpacing(4)
        phases_layout.addWidget(self.phases)
        phases_layout.addLayout(phase_buttons)
        phases_layout.addWidget(self.field_messages["phases"])
        self.reviews = QLineEdit()
        self.reviews.setAccessibleName("Reviews after sessions")
        self.reviews.setPlaceholderText("e.g. 3, 6, 10")
        self.reviews.setToolTip("Review after these session numbers; the last one is the end")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the change")
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setPlaceholderText("Why the course differs from the recommendation")
        changes_box = QGroupBox("Your changes")
        changes_form = QFormLayout(changes_box)
        changes_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        changes_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        changes_form.addRow("Sessions", self._with_message(sessions_row, "sessions"))
        changes_form.addRow("Phases", phases_host)
        changes_form.addRow("Reviews after", self._with_message(self.reviews, "reviews_after"))
        changes_form.addRow("Reason", self._with_message(self.reason, "reason"))
        self.changes_box = changes_box
        self.calendar_box = calendar_box

        left_host = QWidget()
        left = QVBoxLayout(left_host)
        left.setContentsMargins(0, 0, 10, 10)
        left.setSpacing(10)
        left.addWidget(recommendation)
        left.addWidget(calendar_box)
        left.addWidget(changes_box)
        left.addStretch(1)
        self.left_scroll = QScrollArea()
        self.left_scroll.setWidget(left_host)
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always on: a bar that comes and goes changes the width after the wrapped texts
        # were measured, and the long rationale would be cut.
        self.left_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.left_scroll.setMinimumWidth(430)

        # --- right: calendar, sessions, export ---
        self.calendar = CourseCalendarWidget()
        self.calendar.setMinimumHeight(220)
        self.calendar_legend = muted_label(LEGEND)
        self.table = QTableView()
        self.table.setObjectName("sessionsTable")
        self.table.setAccessibleName("Sessions and their dates")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.move_button = QPushButton("Move to the day picked in the calendar")
        self.move_button.setToolTip(
            "Select a session in the table, click a day in the calendar, then move it there"
        )
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_button)
        move_row.addStretch(1)
        self.export_button = QPushButton("Export to calendar (.ics)…")
        self.initials = QCheckBox("Initials only, not the full name")
        self.initials.setToolTip(
            "Calendars often sync to cloud services: name the patient by initials in the events"
        )
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_button)
        export_row.addWidget(self.initials)
        export_row.addStretch(1)
        self.location_note = muted_label()
        self.location_note.setObjectName("courseLocation")

        right_host = QWidget()
        right = QVBoxLayout(right_host)
        right.setContentsMargins(10, 0, 0, 0)
        right.setSpacing(6)
        right.addWidget(page_header.bold_label("Dates"))
        right.addWidget(self.calendar)
        right.addWidget(self.calendar_legend)
        right.addWidget(self.table, 1)
        right.addLayout(move_row)
        right.addWidget(self.field_messages["moves"])
        right.addLayout(export_row)
        right.addWidget(self.location_note)
        right.addWidget(self.field_messages["export"])

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("courseSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.left_scroll)
        self.splitter.addWidget(right_host)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([540, 420])

        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(8)
        column.addWidget(self.refer_banner)
        column.addLayout(header)
        column.addWidget(self.message)
        column.addWidget(self.splitter, 1)

    def _with_message(self, field: QWidget | QHBoxLayout, key: str) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if isinstance(field, QWidget):
            layout.addWidget(field)
        else:
            layout.addLayout(field)
        layout.addWidget(self.field_messages[key])
        host.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return host

    def show_message(self, text: str) -> None:
        page_header.show_message(self.message, text)

    def show_field_problems(self, problems: dict[str, list[str]]) -> None:
        for key, label in self.field_messages.items():
            texts = problems.get(key, [])
            label.setText("\n".join(texts))
            label.setVisible(bool(texts))

    def set_field_problem(self, key: str, text: str) -> None:
        label = self.field_messages[key]
        label.setText(text)
        label.setVisible(bool(text))

    def set_start_date(self, value: QDate) -> None:
        self.start_date.setDate(value)
