"""The Patient step's summary of the selected patient: what it loads and when.

The clinical part needs the full store and the screening rules, which the app loads in the
background after the first frame; the summary waits for them (it never loads them during
start-up) and after RECORD_WAIT_TRIES asks anyway."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from planner.domain.errors import DomainError
from planner.domain.patient import Patient
from planner.store.lazy import LazyDatabase
from planner.ui.patients.details_view import PatientDetailsView
from planner.ui.reference import Reference

# The summary's health record waits this long, this many times, for the background loads.
RECORD_WAIT_MS = 150
RECORD_WAIT_TRIES = 10


class PatientSummary(QObject):
    """Fills the details view for the selected patient; `selected_id` says who is selected
    now, so a late load for a patient no longer selected is dropped."""

    def __init__(
        self,
        view: PatientDetailsView,
        database: LazyDatabase,
        reference: Reference,
        selected_id: Callable[[], int | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.database = database
        self.reference = reference
        self._selected_id = selected_id

    def show(self, patient: Patient) -> None:
        self.view.show_patient(patient)
        if patient.id is not None:
            self._show_record(patient.id)

    def _show_record(self, patient_id: int, *, attempt: int = 0) -> None:
        view = self.view
        ready = self.database.store_is_open and self.reference.screening_loaded
        if not ready and attempt < RECORD_WAIT_TRIES:
            view.record_value.setText("…")
            view.flags_value.setText("…")
            QTimer.singleShot(RECORD_WAIT_MS, self, lambda: self._later(patient_id, attempt))
            return
        try:
            case = self.database.store.cases.get_case(patient_id)
            screening = self.reference.screening()
        except DomainError:
            view.show_record(None, [])
            return
        from planner.domain.findings import Severity
        from planner.domain.screening import screen_case

        findings = screen_case(case, screening.catalog, screening.rules)
        view.show_record(case.assessment, [f for f in findings if f.severity is Severity.REFER])

    def _later(self, patient_id: int, attempt: int) -> None:
        if self._selected_id() == patient_id:
            self._show_record(patient_id, attempt=attempt + 1)
