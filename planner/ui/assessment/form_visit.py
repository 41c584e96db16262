"""The assessment form's Visit section: the date, the complaint, and its onset (with how
long ago that was, planner.domain.assessment.chronicity)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget

from planner.domain.assessment import COMPLAINT_MAX, Assessment, chronicity
from planner.ui.assessment.form_marks import FieldMarks
from planner.ui.assessment.form_widgets import date_edit, note_label, pydate, qdate, section
from planner.ui.shared.labels import CHRONICITY_LABELS


class VisitPart:
    def __init__(self, marks: FieldMarks) -> None:
        self.box, layout = section("Visit")
        self.date_edit = date_edit()
        self.complaint_edit = QLineEdit()
        self.complaint_edit.setMaxLength(COMPLAINT_MAX + 50)
        self.complaint_edit.setPlaceholderText(
            "In the patient's words, e.g. right neck pain at work"
        )
        self.onset_edit = date_edit()
        self.onset_unknown = QCheckBox("Not known")
        self.chronicity_label = note_label()
        self.chronicity_label.setObjectName("chronicity")
        onset_row = QHBoxLayout()
        onset_row.addWidget(self.onset_edit)
        onset_row.addWidget(self.onset_unknown)
        onset_row.addWidget(self.chronicity_label, 1)
        form = marks.form(layout)
        marks.row(form, "date", "&Date", self.date_edit)
        marks.row(form, "complaint", "Co&mplaint", self.complaint_edit)
        marks.row(form, "onset_date", "&Onset", onset_row, self.onset_edit)
        self.onset_unknown.toggled.connect(self._on_unknown_toggled)

    def inputs(self) -> tuple[QWidget, ...]:
        return (self.date_edit, self.complaint_edit, self.onset_edit, self.onset_unknown)

    def day(self) -> date:
        return pydate(self.date_edit.date())

    def onset(self) -> date | None:
        return None if self.onset_unknown.isChecked() else pydate(self.onset_edit.date())

    def load(self, a: Assessment) -> None:
        self.date_edit.setDate(qdate(a.date))
        self.complaint_edit.setText(a.complaint)
        self.onset_unknown.setChecked(a.onset_date is None)
        self.onset_edit.setDate(qdate(a.onset_date or a.date))

    def _on_unknown_toggled(self, unknown: bool) -> None:
        # Unticked by hand: the date is what comes next (its day selected, ready to type), as
        # in the patient dialog. Not when a load unticks it, which must not move the focus.
        if not unknown and self.onset_unknown.hasFocus():
            self.onset_edit.setEnabled(True)
            self.onset_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def update_derived(self) -> None:
        on = self.day()
        unknown = self.onset_unknown.isChecked()
        self.onset_edit.setEnabled(not unknown)
        onset = pydate(self.onset_edit.date())
        if unknown or onset > on:
            self.chronicity_label.setText("")
        else:
            weeks = (on - onset).days // 7
            self.chronicity_label.setText(
                f"{CHRONICITY_LABELS[chronicity(onset, on)]} · {weeks} week{'s' * (weeks != 1)}"
            )
