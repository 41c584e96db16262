"""Recording who cleared a standing red flag (Record a clearance…): onto the assessment
being typed, or onto the latest saved one as a corrected version (the earlier is kept)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from planner.domain.assessment import Assessment
from planner.domain.clearance import Clearance
from planner.domain.errors import DomainError
from planner.domain.findings import standing_red_flags
from planner.ui.assessment.form import AssessmentForm
from planner.ui.assessment.history import AssessmentHistory
from planner.ui.assessment.screening import LiveScreening
from planner.ui.assessment.view import AssessmentPageView
from planner.ui.workspace import WorkspaceContext


class ClearanceRecorder:
    """`on_saved` shows the corrected version once the store holds it."""

    def __init__(
        self,
        context: WorkspaceContext,
        view: AssessmentPageView,
        form: AssessmentForm,
        screening: LiveScreening,
        history: AssessmentHistory,
        *,
        on_saved: Callable[[Assessment], None],
    ) -> None:
        self.context = context
        self.view = view
        self.form = form
        self.screening = screening
        self.history = history
        self._on_saved = on_saved

    def record(self, patient_id: int | None, *, editing: bool) -> None:
        """Ask who cleared a standing red flag; kept with the assessment on show."""
        if patient_id is None:
            return
        findings = self.screening.findings()
        flags = standing_red_flags(findings) if findings is not None else []
        if not flags:
            self.view.show_message("No red flag stands on this assessment: nothing to clear.")
            return
        clearance = self.context.prompts.ask_clearance(self.view, flags, self.context.today())
        if clearance is None:
            return
        if editing:
            self.form.flags.set_clearances((*self.form.flags.clearances, clearance))
            self.form.changed.emit()
            return
        self._clear_saved(patient_id, clearance)

    def _clear_saved(self, patient_id: int, clearance: Clearance) -> None:
        current = self.history.current()
        if current is None or current.id is None:
            return
        kept = tuple(c for c in current.clearances if c.rule != clearance.rule)
        store = self.context.database.store
        try:
            saved = store.cases.correct_assessment(
                current.id, replace(current, clearances=(*kept, clearance))
            )
        except DomainError as exc:
            self.view.show_message(f"Could not record the clearance: {exc}")
            return
        self.history.model.set_assessments(store.cases.assessments(patient_id), unsaved=False)
        self._on_saved(saved)
        self.context.show_status("Recorded the clearance; the earlier version is kept")
