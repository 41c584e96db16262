"""The red flags of the assessment form's Safety section, with the clearances that lift
them (who cleared the patient: planner.domain.clearance)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from planner.domain.assessment import Assessment
from planner.domain.clearance import Clearance
from planner.domain.vocab import RED_FLAGS
from planner.ui.assessment.form_marks import FieldMarks
from planner.ui.assessment.form_widgets import check_boxes
from planner.ui.shared.field_errors import ERROR_COLOR, message_label
from planner.ui.shared.labels import RED_FLAG_LABELS


class RedFlagsPart:
    def __init__(self, layout: QVBoxLayout, marks: FieldMarks) -> None:
        flags_title = QLabel("Red flags: any one means stop and refer")
        flags_title.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        layout.addWidget(flags_title)
        self.red_flag_boxes = check_boxes(layout, RED_FLAGS, RED_FLAG_LABELS, "flag")
        layout.addWidget(marks.add("red_flags", flags_title, message_label("red_flags")))
        # Clearances: who cleared the patient for a red flag (the only way one is lifted).
        self.clearances: tuple[Clearance, ...] = ()
        self.clearance_label = QLabel()
        self.clearance_label.setObjectName("clearances")
        self.clearance_label.setWordWrap(True)
        self.clearance_button = QPushButton("Record a clearance…")
        self.clearance_button.setObjectName("recordClearance")
        self.clearance_button.setToolTip(
            "Record who cleared the patient for a red flag (name, role, date, note)"
        )
        clearance_row = QHBoxLayout()
        clearance_row.addWidget(self.clearance_label, 1)
        clearance_row.addWidget(self.clearance_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(clearance_row)

    def inputs(self) -> tuple[QCheckBox, ...]:
        return tuple(self.red_flag_boxes.values())

    def ticked(self) -> tuple[str, ...]:
        return tuple(f for f in RED_FLAGS if self.red_flag_boxes[f].isChecked())

    def load(self, a: Assessment) -> None:
        for ident, box in self.red_flag_boxes.items():
            box.setChecked(ident in a.red_flags)
        self.set_clearances(a.clearances)

    def set_clearances(self, clearances: tuple[Clearance, ...]) -> None:
        self.clearances = clearances
        if clearances:
            lines = [f"<b>{c.rule}</b>: {escape(c.describe())}" for c in clearances]
            self.clearance_label.setText("Red flags cleared:<br>" + "<br>".join(lines))
        else:
            self.clearance_label.setText(
                "<span style='color:#666'>No red flag cleared. A red flag is lifted only by a "
                "clearance recorded here.</span>"
            )
