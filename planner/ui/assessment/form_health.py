"""The health record part of the assessment form's Safety section: conditions and
precautions (weeks of pregnancy with it), medications, and the date of consent."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner.domain.assessment import PREGNANCY_WEEKS_MAX, Assessment
from planner.domain.vocab import CONDITIONS
from planner.ui.assessment.form_marks import FieldMarks
from planner.ui.assessment.form_widgets import (
    NOT_GIVEN,
    check_boxes,
    date_edit,
    optional,
    pydate,
    qdate,
    score_spin,
    set_optional,
)
from planner.ui.shared.field_errors import message_label
from planner.ui.shared.labels import CONDITION_LABELS


class HealthRecordPart:
    def __init__(self, layout: QVBoxLayout, marks: FieldMarks) -> None:
        conditions_title = QLabel("Conditions and precautions")
        conditions_title.setStyleSheet("font-weight: bold;")
        layout.addSpacing(4)
        layout.addWidget(conditions_title)
        self.condition_boxes = check_boxes(layout, CONDITIONS, CONDITION_LABELS, "condition")
        layout.addWidget(marks.add("conditions", conditions_title, message_label("conditions")))
        self.pregnancy_weeks = score_spin(PREGNANCY_WEEKS_MAX, "—", " weeks")
        self.pregnancy_weeks.setAccessibleName("Weeks of pregnancy")
        self.weeks_row = QWidget()
        weeks_form = QFormLayout(self.weeks_row)
        weeks_form.setContentsMargins(24, 0, 0, 0)
        marks.row(weeks_form, "pregnancy_weeks", "Weeks of &pregnancy", self.pregnancy_weeks)
        layout.addWidget(self.weeks_row)
        self.medications_edit = QPlainTextEdit()
        self.medications_edit.setPlaceholderText("Current medications and doses")
        self.medications_edit.setTabChangesFocus(True)
        self.medications_edit.setFixedHeight(58)
        self.consent_check = QCheckBox("Given on")
        self.consent_check.setToolTip("The patient consented to treatment on this date")
        self.consent_edit = date_edit()
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_check)
        consent_row.addWidget(self.consent_edit)
        consent_row.addStretch(1)
        form = marks.form(layout)
        marks.row(form, "medications", "Medi&cations", self.medications_edit)
        marks.row(form, "consent_date", "Co&nsent", consent_row, self.consent_edit)

    def inputs(self) -> tuple[QWidget, ...]:
        return (
            *self.condition_boxes.values(),
            self.pregnancy_weeks,
            self.medications_edit,
            self.consent_check,
            self.consent_edit,
        )

    def conditions(self) -> tuple[str, ...]:
        return tuple(c for c in CONDITIONS if self.condition_boxes[c].isChecked())

    def weeks(self) -> int | None:
        return optional(self.pregnancy_weeks)

    def medications(self) -> str:
        return self.medications_edit.toPlainText().strip()

    def consent_date(self) -> date | None:
        return pydate(self.consent_edit.date()) if self.consent_check.isChecked() else None

    def load(self, a: Assessment) -> None:
        for ident, box in self.condition_boxes.items():
            box.setChecked(ident in a.conditions)
        set_optional(self.pregnancy_weeks, a.pregnancy_weeks)
        self.medications_edit.setPlainText(a.medications)
        self.consent_check.setChecked(a.consent_date is not None)
        self.consent_edit.setDate(qdate(a.consent_date or a.date))

    def update_derived(self) -> None:
        self.consent_edit.setEnabled(self.consent_check.isChecked())
        # Shown when pregnancy is ticked, and kept while it holds a value so nothing typed
        # disappears (the rule then says what is wrong).
        pregnant = self.condition_boxes["pregnancy"].isChecked()
        self.weeks_row.setVisible(pregnant or self.pregnancy_weeks.value() != NOT_GIVEN)
