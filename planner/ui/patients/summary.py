"""The Patient step's summary of the selected patient: what it loads and when.

The clinical part (alerts, the last visit, the course, today's targets) needs the full
store and the screening rules, which the app loads in the background after the first
frame; the summary waits for them (it never loads them during start-up) and after
RECORD_WAIT_TRIES asks anyway. It is read again each time the Patient step is shown, so a
visit or a course saved on another step is there when the practitioner comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

from planner.domain.errors import DomainError
from planner.domain.patient import Patient
from planner.store.lazy import LazyDatabase
from planner.ui.reference import Reference

if TYPE_CHECKING:
    from planner.ui.patients.details_view import PatientDetailsView

# The summary's health record waits this long, this many times, for the background loads.
RECORD_WAIT_MS = 150
RECORD_WAIT_TRIES = 10


class PatientSummary(QObject):
    """Fills the details view for the selected patient; `selected_id` says who is selected
    now, so a late load for a patient no longer selected is dropped."""

    def __init__(
        self,
        view: Callable[[], PatientDetailsView],
        database: LazyDatabase,
        reference: Reference,
        selected_id: Callable[[], int | None],
        parent: QObject | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._view_of = view
        self._view: PatientDetailsView | None = None
        self.database = database
        self.reference = reference
        self._selected_id = selected_id
        self.today = today
        self._shown_id: int | None = None

    @property
    def view(self) -> PatientDetailsView:
        """The details view, asked for when first needed (the window makes it then)."""
        if self._view is None:
            self._view = self._view_of()
            self._view.installEventFilter(self)
        return self._view

    def show(self, patient: Patient) -> None:
        self.view.show_patient(patient, self.today())
        self._shown_id = patient.id
        if patient.id is not None:
            self._show_record(patient.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Back on the Patient step: read again what other steps may have saved meanwhile.
        if (
            watched is self._view
            and event.type() == QEvent.Type.Show
            and self._shown_id is not None
            and self._shown_id == self._selected_id()
            and self.database.store_is_open
        ):
            self._show_record(self._shown_id)
        return False

    def _show_record(self, patient_id: int, *, attempt: int = 0) -> None:
        ready = self.database.store_is_open and self.reference.screening_loaded
        if not ready and attempt < RECORD_WAIT_TRIES:
            self.view.show_loading()
            QTimer.singleShot(RECORD_WAIT_MS, self, lambda: self._later(patient_id, attempt))
            return
        from planner.ui.patients.summary_load import clinical_summary

        try:
            store = self.database.store
            case = store.cases.get_case(patient_id)
            visits = store.visits.for_patient(patient_id)
            screening = self.reference.screening()
        except DomainError:
            self.view.show_unreadable()
            return
        self.view.show_clinical(clinical_summary(case, visits, screening, self.today()))

    def _later(self, patient_id: int, attempt: int) -> None:
        if self._selected_id() == patient_id:
            self._show_record(patient_id, attempt=attempt + 1)
