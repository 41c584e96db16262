"""The Handout page's part of the visit log: whether today's visit has the handout recorded
as given, and recording it (logging today's visit first, if the practitioner agrees)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.domain.errors import ConflictError, DomainError
from planner.domain.plan import Plan
from planner.domain.visit import Visit, visit_targets_from_plan
from planner.ui.handout.view import HandoutPageView
from planner.ui.workspace import WorkspaceContext

Confirm = Callable[[QWidget, str, str], bool]


def confirm_question(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


class VisitLog:
    def __init__(self, context: WorkspaceContext, view: HandoutPageView) -> None:
        self.context = context
        self.view = view

    def todays_visit(self, patient_id: int | None) -> Visit | None:
        """The latest visit logged today (the store lists the newest first)."""
        if patient_id is None:
            return None
        today = self.context.today()
        visits = self.context.database.store.visits.for_patient(patient_id)
        return next((v for v in visits if v.date == today), None)

    def record_given(self, patient_id: int, plan: Plan | None, confirm: Confirm) -> Visit | None:
        """Mark today's visit: handout given; with none logged today, offer to log one with
        the plan's points."""
        store = self.context.database.store
        today = self.context.today()
        try:
            visit = self.todays_visit(patient_id)
            if visit is None:
                assert plan is not None  # no sheet, no button
                if not confirm(
                    self.view,
                    "No visit logged today",
                    "No visit is logged for today. Log today's visit now, with the planned "
                    "points and the handout marked as given?\n\n"
                    "You can add notes and pain scores to it on the Visits page.",
                ):
                    return None
                saved = store.visits.add(
                    patient_id,
                    Visit(
                        date=today,
                        targets=visit_targets_from_plan(plan),
                        handout_given=True,
                        plan_id=plan.id,
                    ),
                    today=today,
                )
                self.context.show_status("Logged today's visit with the handout given")
            elif visit.handout_given:
                saved = visit
            else:
                saved = self._mark(visit, today)
                self.context.show_status("Recorded the handout as given on today's visit")
        except DomainError as exc:
            self.context.prompts.show_problem(self.view, "Could not record the handout", str(exc))
            return None
        finally:
            self.show(patient_id)
        return saved

    def _mark(self, visit: Visit, today: date) -> Visit:
        visits = self.context.database.store.visits
        try:
            return visits.update(replace(visit, handout_given=True), today=today)
        except ConflictError:
            # Someone saved the visit meanwhile (say, its notes): set the flag on theirs.
            fresh = visits.get(visit.id) if visit.id is not None else visit
            return visits.update(replace(fresh, handout_given=True), today=today)

    def show(self, patient_id: int | None) -> None:
        """Today's visit and the handout, in a line under the Record button."""
        view = self.view
        try:
            visit = self.todays_visit(patient_id)
        except DomainError:
            visit = None
        if visit is not None and visit.handout_given:
            view.given_label.setText("✓ Recorded as given on today's visit.")
            view.given_button.setEnabled(False)
            return
        view.given_label.setText(
            "Today's visit is logged; the handout is not recorded as given yet."
            if visit is not None
            else "No visit is logged for today yet."
        )
        view.given_button.setEnabled(view.showing_preview())
