"""The Patient step: a clinical summary of one patient.

Alerts (conditions, medications, red flags and their clearance) and today's planned targets
on the left; the course, the last visit and the contact details on the right (one column
when the window is narrow). PatientSummary (summary.py) fills it; the view holds no rules.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.domain.patient import Patient
from planner.ui.patients.sections import LOADING, Line, LineList, Section, quiet, wrapping_label
from planner.ui.shared.formatting import age_text, long_date, sex_label

if TYPE_CHECKING:
    from planner.ui.patients.summary_load import ClinicalSummary

NOT_RECORDED = "—"
SAMPLE_BADGE = "Sample patient"
SAMPLE_NOTE = (
    "A fictional patient from the sample case, for trying Needleplan. Delete it when you "
    "no longer need it."
)
SAMPLE_STYLE = (
    "QLabel { background: #fff4ce; color: #5c4400; border: 1px solid #e0c36c;"
    " border-radius: 4px; padding: 2px 8px; font-weight: bold; }"
)
UNREADABLE = "This patient's record could not be read. Try again, or check the database."
# Below this width the two columns stack into one.
TWO_COLUMNS_MIN = 760


class PatientDetailsView(QWidget):
    """Shows one patient read-only; the Edit button is wired by the controller."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.patient: Patient | None = None

        self.name_label = QLabel()
        self.name_label.setObjectName("patientName")
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.name_label.setFont(title_font)
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sample_badge = QLabel(SAMPLE_BADGE)
        self.sample_badge.setObjectName("sampleBadge")
        self.sample_badge.setStyleSheet(SAMPLE_STYLE)
        self.sample_badge.setToolTip(SAMPLE_NOTE)
        self.sample_badge.hide()
        self.subtitle_label = quiet(QLabel())
        self.subtitle_label.setObjectName("patientSubtitle")
        self.sample_note = quiet(wrapping_label(SAMPLE_NOTE))
        self.sample_note.hide()

        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit this patient's name and contact details (Ctrl+E)")

        name_row = QHBoxLayout()
        name_row.setSpacing(10)
        name_row.addWidget(self.name_label, 0)
        name_row.addWidget(self.sample_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        name_row.addStretch(1)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addLayout(name_row)
        titles.addWidget(self.subtitle_label)
        titles.addWidget(self.sample_note)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        # Alerts: the health record, then the red flags with who cleared them.
        self.alerts = Section("Alerts", "alertsSection")
        self.record_value = LineList("healthRecord")
        self.flags_value = LineList("redFlags")
        self.alerts.body.addWidget(self.record_value)
        self.alerts.body.addWidget(self.flags_value)

        self.plan_section = Section("Today's plan", "planSection")
        self.targets_value = LineList("plannedTargets")
        self.plan_section.body.addWidget(self.targets_value)

        self.course_section = Section("Course", "courseSection")
        self.course_value = LineList("courseProgress")
        self.course_section.body.addWidget(self.course_value)

        self.visit_section = Section("Last visit", "lastVisitSection")
        self.visit_value = LineList("lastVisit")
        self.visit_section.body.addWidget(self.visit_value)

        self.contact_section = Section("Contact", "contactSection")
        self.age_value = wrapping_label()
        self.sex_value = wrapping_label()
        self.phone_value = wrapping_label()
        self.email_value = wrapping_label()
        self.notes_value = wrapping_label()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        for caption, value in (
            ("Age", self.age_value),
            ("Sex", self.sex_value),
            ("Phone", self.phone_value),
            ("Email", self.email_value),
            ("Notes", self.notes_value),
        ):
            form.addRow(quiet(QLabel(caption)), value)
        self.contact_section.body.addLayout(form)

        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self.alerts)
        left.addWidget(self.plan_section)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.course_section)
        right.addWidget(self.visit_section)
        right.addWidget(self.contact_section)
        right.addStretch(1)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(12)
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 1)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(14)
        column.addLayout(header)
        column.addLayout(self.columns)
        column.addStretch(1)

        # A long record scrolls rather than stretch the window.
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.show_loading()

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= TWO_COLUMNS_MIN
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        super().resizeEvent(event)

    def show_patient(self, patient: Patient, today: date | None = None) -> None:
        """Who the patient is and how to reach them (from the list: no store needed)."""
        today = today or date.today()
        self.patient = patient
        self.name_label.setText(patient.name)
        self.sample_badge.setVisible(patient.is_sample)
        self.sample_note.setVisible(patient.is_sample)
        subtitle = [sex_label(patient.sex)]
        if patient.birth_date is not None:
            subtitle.insert(0, age_text(patient, today).split(" (")[0])
        self.subtitle_label.setText(" · ".join(subtitle))
        self.age_value.setText(age_text(patient, today))
        self.age_value.setToolTip(
            long_date(patient.birth_date) if patient.birth_date is not None else ""
        )
        self.sex_value.setText(sex_label(patient.sex))
        self.phone_value.setText(patient.phone or NOT_RECORDED)
        self.email_value.setText(patient.email or NOT_RECORDED)
        self.notes_value.setText(patient.notes or NOT_RECORDED)

    def show_loading(self) -> None:
        """While the record loads in the background: every clinical part says so."""
        for part in (
            self.record_value,
            self.flags_value,
            self.targets_value,
            self.course_value,
            self.visit_value,
        ):
            part.setText(LOADING)
        for section in (self.alerts, self.plan_section, self.course_section):
            section.set_subtitle("")

    def show_clinical(self, summary: ClinicalSummary) -> None:
        self.record_value.set_lines(summary.record)
        self.flags_value.set_lines(summary.red_flags)
        self.alerts.set_subtitle(summary.assessed)
        self.targets_value.set_lines(summary.targets)
        self.plan_section.set_subtitle(summary.plan)
        self.course_value.set_lines(summary.course)
        self.visit_value.set_lines(summary.last_visit)

    def show_unreadable(self) -> None:
        """The record could not be read (the message names no patient data)."""
        self.show_loading()
        self.record_value.set_lines([Line(UNREADABLE, "warn")])
        for part in (self.flags_value, self.targets_value, self.course_value, self.visit_value):
            part.set_lines([])
