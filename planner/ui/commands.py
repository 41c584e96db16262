"""Undoable patient actions for the QUndoStack (Edit > Undo, Ctrl+Z)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from planner.domain.errors import DomainError
from planner.domain.patient import Patient


class SoftDeletes(Protocol):
    """The part of store.patients the commands need."""

    def delete(self, patient_id: int) -> None: ...

    def restore(self, patient_id: int) -> None: ...


# Called after each step with the patient to show (None: it is gone from the list).
Changed = Callable[[int | None], None]
# Called with a message when the store refuses a step (e.g. someone else purged the record).
Failed = Callable[[str], None]


class DeletePatientCommand(QUndoCommand):
    """Soft-delete on redo, restore on undo."""

    def __init__(
        self, patients: SoftDeletes, patient: Patient, changed: Changed, failed: Failed
    ) -> None:
        super().__init__(f"Delete {patient.name}")
        assert patient.id is not None
        self._patients = patients
        self._id = patient.id
        self._changed = changed
        self._failed = failed

    def redo(self) -> None:
        try:
            self._patients.delete(self._id)
        except DomainError as exc:
            self._failed(str(exc))
            return
        self._changed(None)

    def undo(self) -> None:
        try:
            self._patients.restore(self._id)
        except DomainError as exc:
            self._failed(str(exc))
            return
        self._changed(self._id)


class CreatePatientCommand(QUndoCommand):
    """An add the controller already made: undo hides the new record, redo brings it back."""

    def __init__(
        self, patients: SoftDeletes, patient: Patient, changed: Changed, failed: Failed
    ) -> None:
        super().__init__(f"Create {patient.name}")
        assert patient.id is not None
        self._patients = patients
        self._id = patient.id
        self._changed = changed
        self._failed = failed
        self._first = True

    def redo(self) -> None:
        if self._first:  # QUndoStack.push calls redo; the record already exists
            self._first = False
            return
        try:
            self._patients.restore(self._id)
        except DomainError as exc:
            self._failed(str(exc))
            return
        self._changed(self._id)

    def undo(self) -> None:
        try:
            self._patients.delete(self._id)
        except DomainError as exc:
            self._failed(str(exc))
            return
        self._changed(None)
