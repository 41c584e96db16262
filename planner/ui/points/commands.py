"""Undo commands for the selector: every change to the plan is one snapshot step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from planner.domain.plan import Plan


class PlanChange(QUndoCommand):
    """Replace the plan being edited (targets, sides, modality, overrides ...).

    Plans are small immutable values, so a snapshot before and after is simpler and safer
    than per-field inverse operations.
    """

    def __init__(self, show: Callable[[Plan], None], before: Plan, after: Plan, text: str) -> None:
        super().__init__(text)
        self._show = show
        self.before = before
        self.after = after

    def redo(self) -> None:
        self._show(self.after)

    def undo(self) -> None:
        self._show(self.before)
