"""The right side of the main window for one patient: who they are and how to reach them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.domain.assessment import Assessment
from planner.domain.patient import Patient
from planner.ui.shared.formatting import age_text, long_date, sex_label
from planner.ui.shared.labels import CONDITION_LABELS

if TYPE_CHECKING:
    from planner.domain.findings import Finding

NOT_RECORDED = "—"


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


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

        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("patientSubtitle")
        self.subtitle_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit this patient (Ctrl+E)")

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.name_label)
        titles.addWidget(self.subtitle_label)
        header.addLayout(titles, 1)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        self.age_value = _value_label()
        self.sex_value = _value_label()
        self.phone_value = _value_label()
        self.email_value = _value_label()
        self.notes_value = _value_label()
        self.notes_value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # From the current assessment: the health record and the red flags with clearances.
        self.record_value = _value_label()
        self.record_value.setObjectName("healthRecord")
        self.flags_value = _value_label()
        self.flags_value.setObjectName("redFlags")

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.addRow(self._caption("Age"), self.age_value)
        form.addRow(self._caption("Sex"), self.sex_value)
        form.addRow(self._caption("Phone"), self.phone_value)
        form.addRow(self._caption("Email"), self.email_value)
        form.addRow(self._caption("Notes"), self.notes_value)
        form.addRow(self._caption("Health record"), self.record_value)
        form.addRow(self._caption("Red flags"), self.flags_value)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(14)
        column.addLayout(header)
        column.addWidget(line)
        column.addLayout(form)
        column.addStretch(1)

        # Long notes scroll rather than stretch the window.
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        return label

    def show_patient(self, patient: Patient, today: date | None = None) -> None:
        today = today or date.today()
        self.patient = patient
        self.name_label.setText(patient.name)
        subtitle = [sex_label(patient.sex)]
        if patient.birth_date is not None:
            subtitle.insert(0, age_text(patient, today).split(" (")[0])
        self.subtitle_label.setText(" · ".join(subtitle))
        self.age_value.setText(age_text(patient, today))
        if patient.birth_date is not None:
            self.age_value.setToolTip(long_date(patient.birth_date))
        self.sex_value.setText(sex_label(patient.sex))
        self.phone_value.setText(patient.phone or NOT_RECORDED)
        self.email_value.setText(patient.email or NOT_RECORDED)
        self.notes_value.setText(patient.notes or NOT_RECORDED)

    def show_record(self, assessment: Assessment | None, red_flags: Sequence[Finding]) -> None:
        """The health record of the patient's current assessment, and every red flag the
        screening raises (ticked or derived), with who cleared it."""
        if assessment is None:
            self.record_value.setText("No assessment yet")
            self.flags_value.setText("None recorded")
            return
        items = [CONDITION_LABELS.get(c, c) for c in assessment.conditions]
        if assessment.pregnancy_weeks is not None:
            items.append(f"{assessment.pregnancy_weeks} weeks pregnant at the assessment")
        if assessment.medications:
            items.append(f"Medications: {assessment.medications}")
        self.record_value.setText("\n".join(items) or "Nothing recorded")
        lines = []
        for f in red_flags:
            what = _first_sentence(f.message)
            if f.cleared_by is None:
                lines.append(f"{what} Not cleared: refer.")
            else:
                who = f.cleared_by[:1].upper() + f.cleared_by[1:]
                lines.append(f"{what} {who}" + ("" if who.endswith((".", "!", "?")) else "."))
        self.flags_value.setText("\n".join(lines) or "None")


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text
