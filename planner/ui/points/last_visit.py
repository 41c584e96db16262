"""Repeat last visit: the targets needled at the patient's last visit, added in one click.

With no visit recorded yet, the targets of the latest saved plan are offered instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPushButton

from planner.domain.course.words import day_text
from planner.domain.plan import Plan
from planner.domain.protocol import PlannedTarget, merge_targets, plan_targets, with_targets
from planner.domain.vocab import Side
from planner.ui.points.state import PlanState
from planner.ui.workspace import WorkspaceContext


class LastVisit:
    """The Repeat last visit button and the note saying what it would add."""

    def __init__(
        self,
        button: QPushButton,
        note: QLabel,
        context: WorkspaceContext,
        state: PlanState,
        *,
        push: Callable[[Plan, str], None],
    ) -> None:
        self.button = button
        self.note = note
        self.context = context
        self.state = state
        self.push = push
        self._last: tuple[tuple[PlannedTarget, ...], str] = ((), "")  # as last read

    def targets(self) -> tuple[tuple[PlannedTarget, ...], str]:
        """Targets of the last recorded visit, else of the latest saved plan; and which
        (as read by the last refresh)."""
        return self._last

    def _read(self) -> tuple[tuple[PlannedTarget, ...], str]:
        state = self.state
        if state.patient_id is None:
            return (), ""
        visits = self.context.database.store.visits.for_patient(state.patient_id)
        if visits and visits[0].targets:
            last = visits[0]
            return (
                tuple(PlannedTarget(t.target, Side(t.side)) for t in last.targets),
                f"the visit of {day_text(last.date)}",
            )
        if state.saved_plan is not None and (
            state.saved_plan.acupoints or state.saved_plan.trigger_points
        ):
            return plan_targets(state.saved_plan), "the latest saved plan (no visit recorded yet)"
        return (), ""

    def refresh(self) -> None:
        """Read the last visit again (the patient opened, or the plan was saved)."""
        self._last = self._read()
        self.update_note()

    def update_note(self) -> None:
        """Say what a click would add to the plan as it is now."""
        targets, source = self._last
        current = plan_targets(self.state.plan)
        new = len(merge_targets(current, targets)) - len(current)
        self.button.setEnabled(new > 0)
        if not targets:
            text = "No earlier visit or plan."
        elif new == 0:
            text = f"Every target of {source} is in the plan."
        else:
            have = len(targets) - new
            text = f"Adds {new} target{'s' if new != 1 else ''} of {source}" + (
                f" ({have} already planned)." if have > 0 else "."
            )
        self.note.setText(text)

    def repeat(self) -> None:
        targets, source = self._last
        if not targets:
            return
        merged = merge_targets(plan_targets(self.state.plan), targets)
        self.push(with_targets(self.state.plan, merged), "Repeat last visit")
        self.context.show_status(f"Added the targets of {source}")
