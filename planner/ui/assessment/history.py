"""The patient's assessments beside the form: the list, which row is selected, and which
assessment is current (the newest not corrected by a later version)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QObject
from PySide6.QtWidgets import QListView

from planner.domain.assessment import Assessment
from planner.ui.assessment.history_model import AssessmentListModel


class AssessmentHistory:
    """Selecting a row by hand calls `on_pick` with its assessment (None: the unsaved row);
    selecting one from code (select) does not."""

    def __init__(
        self,
        history: QListView,
        parent: QObject,
        *,
        on_pick: Callable[[Assessment | None], None],
    ) -> None:
        self.model = AssessmentListModel(parent)
        history.setModel(self.model)
        self.list = history
        self._on_pick = on_pick
        self._selecting = False
        history.selectionModel().currentRowChanged.connect(self._on_row)

    def current(self) -> Assessment | None:
        """The patient's current assessment: the newest not corrected by a later version."""
        return next((a for a in self.model.saved if not a.corrected), None)

    def showing_current(self) -> bool:
        """The selected row is the current assessment."""
        current = self.current()
        shown = self.list.currentIndex()
        return (
            current is not None
            and shown.isValid()
            and self.model.assessment_at(shown.row()) == current
        )

    def select(self, row: int) -> None:
        self._selecting = True
        try:
            index = self.model.index(row, 0)
            self.list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self._selecting = False

    def _on_row(self) -> None:
        if self._selecting:
            return
        index = self.list.currentIndex()
        if not index.isValid():
            return
        self._on_pick(self.model.assessment_at(index.row()))
