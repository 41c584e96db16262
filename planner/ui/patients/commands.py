"""Undoable patient actions for the QUndoStack (Edit > Undo, Ctrl+Z)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from planner.domain.errors import ConflictError, DomainError, ErasedError
from planner.domain.patient import Patient
from planner.ui.shared.prompts import ConflictChoice


class SoftDeletes(Protocol):
    """The part of store.patients the commands need."""

    def delete(self, patient_id: int) -> None: ...

    def restore(self, patient_id: int) -> None: ...


# Called after each step with the patient to show (None: it is gone from the list).
Changed = Callable[[int | None], None]
# Called with a message when the store refuses a step (e.g. someone else purged the record).
Failed = Callable[[str], None]

ERASED = (
    "This patient is no longer in the database: their records were erased completely. "
    "The step cannot be undone or redone, and has been taken off the Undo list."
)


class _SoftDeleteStep(QUndoCommand):
    """Hides or brings back one record; Delete and Create are the two orders of the same."""

    def __init__(
        self, text: str, patients: SoftDeletes, patient: Patient, changed: Changed, failed: Failed
    ) -> None:
        super().__init__(text)
        assert patient.id is not None
        self._patients = patients
        self._id = patient.id
        self._changed = changed
        self._failed = failed

    def _hide(self) -> None:
        try:
            self._patients.delete(self._id)
        except DomainError as exc:
            self._refused(exc)
            return
        self._changed(None)

    def _bring_back(self) -> None:
        try:
            self._patients.restore(self._id)
        except DomainError as exc:
            self._refused(exc)
            return
        self._changed(self._id)

    def _refused(self, exc: DomainError) -> None:
        if isinstance(exc, ErasedError):
            # Only erasure removes a patient's row (a delete keeps it): nothing can bring
            # them back, so the step leaves the stack instead of failing on every try.
            self.setObsolete(True)
            self._failed(ERASED)
            return
        self._failed(str(exc))


class DeletePatientCommand(_SoftDeleteStep):
    """Soft-delete on redo, restore on undo."""

    def __init__(
        self, patients: SoftDeletes, patient: Patient, changed: Changed, failed: Failed
    ) -> None:
        super().__init__(f"Delete {patient.name}", patients, patient, changed, failed)

    def redo(self) -> None:
        self._hide()

    def undo(self) -> None:
        self._bring_back()


class CreatePatientCommand(_SoftDeleteStep):
    """An add the controller already made: undo hides the new record, redo brings it back."""

    def __init__(
        self, patients: SoftDeletes, patient: Patient, changed: Changed, failed: Failed
    ) -> None:
        super().__init__(f"Create {patient.name}", patients, patient, changed, failed)
        self._first = True

    def redo(self) -> None:
        if self._first:  # QUndoStack.push calls redo; the record already exists
            self._first = False
            return
        self._bring_back()

    def undo(self) -> None:
        self._hide()


class SavesPatients(Protocol):
    """The part of store.patients an edit needs."""

    def get(self, patient_id: int) -> Patient: ...

    def update(self, patient: Patient, *, force: bool = False) -> Patient: ...


# Asked when someone else saved the record since this command's last save.
ResolveConflict = Callable[[str], ConflictChoice]
# Called with a short message for the status bar.
Notify = Callable[[str], None]
# Called when the user cancels a conflicting step: the stack must take the step back.
Kept = Callable[[], None]


def same_content(a: Patient, b: Patient) -> bool:
    """The same record with the same values, whatever the versions."""
    return a.with_changes(version=0) == b.with_changes(version=0)


class EditPatientCommand(QUndoCommand):
    """A save the controller already made: undo saves `before`, redo saves `after` again.

    Each save is optimistic: it carries the version the record got from this command's own
    last save. If the record moved on since, and not only through this window's own steps
    (a later edit undone since, a delete undone since: same values, newer version), someone
    else changed it and the user chooses (resolve): RELOAD keeps theirs and drops this
    command from the stack, OVERWRITE saves anyway, CANCEL saves nothing and asks the
    controller (kept) to put the step back.
    """

    def __init__(
        self,
        patients: SavesPatients,
        before: Patient,
        after: Patient,
        changed: Changed,
        failed: Failed,
        *,
        resolve: ResolveConflict,
        notify: Notify,
        kept: Kept,
    ) -> None:
        super().__init__(f"edit of {after.name}")
        assert after.id is not None
        assert before.id == after.id
        self._patients = patients
        self._before = before
        self._after = after
        self._id = after.id
        self._version = after.version  # the record's version after this command's last save
        self._changed = changed
        self._failed = failed
        self._resolve = resolve
        self._notify = notify
        self._kept = kept
        self._first = True
        self._skip = False  # the next step only takes back a cancelled one

    def redo(self) -> None:
        if self._first:  # QUndoStack.push calls redo; the edit is already saved
            self._first = False
            return
        self._apply(self._after, expected=self._before, verb="redo")

    def undo(self) -> None:
        self._apply(self._before, expected=self._after, verb="undo")

    def _apply(self, target: Patient, *, expected: Patient, verb: str) -> None:
        """Save target over the record, which should still hold expected."""
        if self._skip:
            self._skip = False
            return
        wanted = target.with_changes(id=self._id, version=self._version)
        try:
            saved = self._save(wanted, expected)
            if saved is None:
                return
        except DomainError as exc:  # e.g. someone else deleted the record
            self.setObsolete(True)
            self._failed(ERASED if isinstance(exc, ErasedError) else str(exc))
            return
        self._version = saved.version
        self._changed(self._id)

    def _save(self, wanted: Patient, expected: Patient) -> Patient | None:
        """The saved patient, or None when the user kept theirs or cancelled."""
        try:
            return self._patients.update(wanted)
        except ConflictError as exc:
            conflict = exc
        current = self._patients.get(self._id)
        if same_content(current, expected):  # only the version moved on: no one else's change
            try:
                return self._patients.update(wanted.with_changes(version=current.version))
            except ConflictError as exc:  # someone saved just now
                conflict = exc
        choice = self._resolve(str(conflict))
        if choice is ConflictChoice.OVERWRITE:
            return self._patients.update(wanted, force=True)
        if choice is ConflictChoice.RELOAD:
            self.setObsolete(True)  # their version stays; this step can no longer apply
            self._changed(self._id)
            self._notify(
                f"Kept the version of {current.name} someone else saved; "
                "that step can no longer be undone or redone."
            )
        else:
            self._skip = True
            self._kept()
        return None
