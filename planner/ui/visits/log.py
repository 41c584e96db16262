"""The Visits page's log: the patient's visits newest first, delete and its undo.

A visit is part of the clinical record: delete only hides it (store.visits.delete is a soft
delete) and Undo brings it back; nothing here removes a row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.domain.errors import DomainError
from planner.domain.visit import Visit
from planner.ui.shared.formatting import long_date
from planner.ui.visits.model import VisitLogModel
from planner.ui.visits.view import VisitsPageView
from planner.ui.workspace import WorkspaceContext


class SoftDeletes(Protocol):
    """The part of store.visits the delete command needs."""

    def delete(self, visit_id: int) -> Visit: ...

    def restore(self, visit_id: int) -> Visit: ...


class DeleteVisitCommand(QUndoCommand):
    """Soft-delete on redo, restore on undo; `done` is told the visit to select (or None)."""

    def __init__(
        self,
        visits: SoftDeletes,
        visit: Visit,
        done: Callable[[int | None], None],
        failed: Callable[[str], None],
    ) -> None:
        super().__init__(f"Delete the visit of {long_date(visit.date)}")
        assert visit.id is not None
        self._visits = visits
        self._id = visit.id
        self._done = done
        self._failed = failed

    def redo(self) -> None:
        try:
            self._visits.delete(self._id)
        except DomainError as exc:
            self._failed(str(exc))
            return
        self._done(None)

    def undo(self) -> None:
        try:
            self._visits.restore(self._id)
        except DomainError as exc:
            self._failed(str(exc))
            return
        self._done(self._id)


class VisitLog:
    def __init__(
        self,
        context: WorkspaceContext,
        view: VisitsPageView,
        model: VisitLogModel,
        *,
        shown: Callable[[], None],
        form_follows: Callable[[Visit | None], None],
        changed: Callable[[], None],
    ) -> None:
        self.context = context
        self.view = view
        self.model = model
        self.undo_stack = QUndoStack(view)
        self.patient_id: int | None = None
        self.selecting = False  # the page moves the selection itself: the form stays
        self._shown = shown  # the list was read again (the page's buttons follow)
        self._form_follows = form_follows  # after a delete (None) or its undo (the visit back)
        self._changed = changed  # a visit was deleted or restored

    def follow(self, patient_id: int | None) -> None:
        self.patient_id = patient_id
        self.undo_stack.clear()  # its commands belong to the previous patient
        self.view.undo_host.hide()

    def reload(self, select_id: int | None = None) -> bool:
        if self.patient_id is None:
            return False
        try:
            visits = self.context.database.store.visits.for_patient(self.patient_id)
        except DomainError as exc:
            self.model.set_visits([])
            self.view.show_message(f"Could not read this patient's visits: {exc}")
            return False
        self.model.set_visits(visits)
        row = self.model.row_of(select_id) if select_id is not None else None
        if row is not None:
            self.view.log.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.view.empty_log.setVisible(not visits)
        self.view.log.setVisible(bool(visits))
        count = len(visits)
        self.view.subtitle.setText(
            f"{count} visit{'s' * (count != 1)} recorded" if count else "No visits recorded yet"
        )
        self._shown()
        return True

    def select(self, visit_id: int | None, *, reload: bool = False) -> None:
        """Select the visit's row (None: no row) without the form following the selection
        (`selecting` is true meanwhile); reload reads the list first."""
        self.selecting = True
        try:
            if reload:
                self.reload(visit_id)
            row = self.model.row_of(visit_id) if visit_id is not None else None
            if row is None:
                self.view.log.clearSelection()
                self.view.log.setCurrentIndex(self.model.index(-1, -1))
            else:
                self.view.log.selectRow(row)
        finally:
            self.selecting = False

    def selected(self) -> Visit | None:
        index = self.view.log.currentIndex()
        return self.model.visit_at(index.row()) if index.isValid() else None

    def delete(self, visit: Visit) -> None:
        """Hide visit from the log (asked already); Undo delete brings it back."""
        self.undo_stack.push(
            DeleteVisitCommand(
                self.context.database.store.visits, visit, self._after_delete, self._failed
            )
        )
        self.view.undo_banner.setText(
            f"Deleted the visit of {long_date(visit.date)}. It stays on record; undo brings it "
            "back."
        )
        self.view.undo_host.setVisible(self.undo_stack.canUndo())

    def _after_delete(self, select_id: int | None) -> None:
        self.reload(select_id)
        if select_id is None:
            self._form_follows(None)
            self.context.show_status("Visit deleted (Undo delete brings it back)")
        else:
            self.view.undo_host.hide()
            self._form_follows(self.model.visit_at(self.model.row_of(select_id) or 0))
            self.context.show_status("Visit restored")
        self._changed()

    def _failed(self, message: str) -> None:
        self.view.show_message(message)
        self.reload()
