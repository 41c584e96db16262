"""New / Edit patient: a form that shows the domain's validation at each field.

The rules come from planner.domain.patient.patient_problems; this module only decides where
a message is shown. Saving is the controller's job: the dialog emits `submitted` with a
valid Patient and stays open until the controller calls finish().
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import FieldProblem
from planner.domain.patient import NAME_MAX, Patient, patient_problems
from planner.domain.vocab import Sex
from planner.ui.shared.field_errors import FieldErrors, field_form
from planner.ui.shared.formatting import SEX_LABELS, problem_text
from planner.ui.shared.guarded_dialog import GuardedDialog

DEFAULT_BIRTH_DATE = QDate(1980, 1, 1)


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PatientDialog(GuardedDialog):
    # A Patient that passed the domain's checks; the controller saves it.
    submitted = Signal(object)

    def __init__(
        self,
        patient: Patient | None = None,
        parent: QWidget | None = None,
        *,
        confirm_discard: Callable[[QWidget], bool] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent, confirm_discard)
        self._original = patient or Patient(name="")
        self._loaded = self._original
        self._today = today
        self.setWindowTitle("Edit patient" if patient and patient.id else "New patient")
        self.setMinimumWidth(520)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX + 50)  # over the rule, so the rule's message shows
        self.name_edit.setPlaceholderText("Given name and family name")
        self.birth_date_edit = QDateEdit()
        self.birth_date_edit.setCalendarPopup(True)
        self.birth_date_edit.setDisplayFormat("yyyy-MM-dd")
        # Wide on purpose: the domain, not the widget, says which dates are acceptable.
        self.birth_date_edit.setDateRange(QDate(1800, 1, 1), QDate(2999, 12, 31))
        self.birth_date_edit.setDate(DEFAULT_BIRTH_DATE)
        self.birth_unknown = QCheckBox("Not known")
        self.sex_combo = QComboBox()
        for sex, label in SEX_LABELS.items():
            self.sex_combo.addItem(label, sex.value)
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("e.g. +44 20 7946 0958")
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("name@example.org")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Anything worth knowing before the next visit")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(90)

        birth_row = QWidget()
        birth_layout = QHBoxLayout(birth_row)
        birth_layout.setContentsMargins(0, 0, 0, 0)
        birth_layout.addWidget(self.birth_date_edit, 1)
        birth_layout.addWidget(self.birth_unknown)

        # Messages under the fields, by field id as patient_problems names it.
        self.field_errors = FieldErrors(
            wording=lambda p: problem_text(p.field, p.message), select_on_focus=True
        )
        self.banner = self.field_errors.banner  # problems that name no field
        add_row = self.field_errors.add_row
        form = field_form()
        add_row(form, "name", "&Name", self.name_edit)
        add_row(form, "birth_date", "&Birth date", birth_row, self.birth_date_edit)
        add_row(form, "sex", "&Sex", self.sex_combo)
        add_row(form, "phone", "&Phone", self.phone_edit)
        add_row(form, "email", "&Email", self.email_edit)
        add_row(form, "notes", "N&otes", self.notes_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save")
        self.ok_button.setDefault(True)  # Enter in any line edit saves
        self.buttons.accepted.connect(self.try_submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.birth_unknown.toggled.connect(self._on_unknown_toggled)
        for edit in (self.name_edit, self.phone_edit, self.email_edit):
            edit.textChanged.connect(self.recheck)
        self.birth_date_edit.dateChanged.connect(self.recheck)
        self.birth_unknown.toggled.connect(self.recheck)

        self.load(self._original)

    # --- values ---------------------------------------------------------------------------

    def load(self, patient: Patient) -> None:
        """Fill the form from patient; what is loaded counts as clean."""
        self._loaded = patient
        self.name_edit.setText(patient.name)
        known = patient.birth_date is not None
        # A new patient starts with the date "not known" so a default date is never saved
        # by accident; typing a date is one click away.
        self.birth_unknown.setChecked(not known)
        self.birth_date_edit.setDate(
            _qdate(patient.birth_date) if patient.birth_date else DEFAULT_BIRTH_DATE
        )
        self.birth_date_edit.setEnabled(known)
        index = self.sex_combo.findData(patient.sex.value)
        self.sex_combo.setCurrentIndex(max(index, 0))
        self.phone_edit.setText(patient.phone)
        self.email_edit.setText(patient.email)
        self.notes_edit.setPlainText(patient.notes)
        self._checked_once = False
        self.show_problems([])

    def patient(self) -> Patient:
        """The form's current values as a Patient (keeping the loaded id and version)."""
        birth = None if self.birth_unknown.isChecked() else _pydate(self.birth_date_edit.date())
        return self._loaded.with_changes(
            name=self.name_edit.text(),
            birth_date=birth,
            sex=Sex(self.sex_combo.currentData()),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    def is_dirty(self) -> bool:
        return self.patient() != self._loaded

    def problems(self) -> list[FieldProblem]:
        return patient_problems(self.patient(), today=self._today())

    # --- feedback -------------------------------------------------------------------------

    def show_problems(self, problems: Iterable[FieldProblem], *, focus: bool = True) -> None:
        """Put each message under its field; a problem with no field goes to the banner.

        With focus, the first bad field takes the keyboard so the user can fix it at once.
        """
        self.field_errors.show(problems, focus=focus)

    def error_text(self, field: str) -> str:
        """The message shown under a field ('' if none): for tests and accessibility checks."""
        return self.field_errors.error_text(field)

    def show_banner(self, text: str) -> None:
        self.field_errors.show_banner(text)

    # --- flow -----------------------------------------------------------------------------

    def submit(self) -> object:
        self.try_submit()
        return None

    def try_submit(self) -> None:
        """OK: refuse while any field is wrong; otherwise hand the patient to the controller."""
        self._checked_once = True
        problems = self.problems()
        self.show_problems(problems)
        if not problems:
            self.submitted.emit(self.patient())

    def finish(self) -> None:
        """Close after a successful save (no discard question)."""
        self._loaded = self.patient()
        self.close_saved()

    def _on_unknown_toggled(self, unknown: bool) -> None:
        self.birth_date_edit.setEnabled(not unknown)
        if not unknown:
            self.birth_date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
