"""Records who cleared a patient for a red flag: the only way a red flag is lifted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.clearance import NAME_MAX, ROLE_MAX, Clearance, clearance_problems
from planner.domain.findings import Finding

ROLES = ("the patient's GP", "neurologist", "cardiologist", "rheumatologist", "specialist")


class ClearanceDialog(QDialog):
    """One red flag, who cleared it, their role, when, and a note; all four are required."""

    def __init__(
        self, red_flags: Sequence[Finding], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.setWindowTitle("Record a red-flag clearance")
        self.setObjectName("clearanceDialog")
        intro = QLabel(
            "A red flag stands until someone qualified has seen the patient and cleared "
            "them. Record who, their role, when and what they found; it is kept with the "
            "assessment."
        )
        intro.setWordWrap(True)
        self.rule = QComboBox()
        self.rule.setObjectName("clearanceRule")
        for f in red_flags:
            self.rule.addItem(f"{f.rule}: {f.message[:70]}…", f.rule)
        self.cleared_by = QLineEdit()
        self.cleared_by.setObjectName("clearanceBy")
        self.cleared_by.setMaxLength(NAME_MAX)
        self.cleared_by.setPlaceholderText("e.g. Dr Ana Ruiz")
        self.role = QComboBox()
        self.role.setObjectName("clearanceRole")
        self.role.setEditable(True)
        self.role.addItems(ROLES)
        self.role.setCurrentText("")
        role_edit = self.role.lineEdit()
        if role_edit is not None:
            role_edit.setMaxLength(ROLE_MAX)
            role_edit.setPlaceholderText("e.g. the patient's GP")
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setObjectName("clearanceDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        self.note = QPlainTextEdit()
        self.note.setObjectName("clearanceNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("What was examined or tested, and what was found")
        self.note.setFixedHeight(80)
        self.problem = QLabel()
        self.problem.setObjectName("clearanceProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Red flag", self.rule)
        form.addRow("Cleared &by", self.cleared_by)
        form.addRow("R&ole", self.role)
        form.addRow("&Date", self.date)
        form.addRow("&Note", self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText("Record clearance")
        self.buttons.accepted.connect(self._accept)
        # A message about a field goes once the user changes anything.
        self.cleared_by.textChanged.connect(self.problem.hide)
        self.role.currentTextChanged.connect(self.problem.hide)
        self.note.textChanged.connect(self.problem.hide)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(self.buttons)
        self.resize(520, 380)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def clearance(self) -> Clearance:
        d = self.date.date()
        return Clearance(
            rule=str(self.rule.currentData() or ""),
            cleared_by=self.cleared_by.text().strip(),
            role=self.role.currentText().strip(),
            date=date(d.year(), d.month(), d.day()),
            note=self.note.toPlainText().strip(),
        )

    def _accept(self) -> None:
        problems = clearance_problems(self.clearance(), today=self.today, prefix="")
        if problems:
            labels = {"rule": "Red flag", "cleared_by": "Cleared by", "role": "Role"}
            first = problems[0]
            self.problem.setText(f"{labels.get(first.field, first.field.title())}: {first.message}")
            self.problem.show()
            return
        self.accept()
