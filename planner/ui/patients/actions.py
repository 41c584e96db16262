"""The patient actions: new and edit (one patient dialog at a time, a conflicting save
settled by asking), delete, and their undo and redo (Edit › Undo, Ctrl+Z)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

from planner.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from planner.domain.patient import Patient
from planner.store.lazy import LazyDatabase
from planner.ui.patients.commands import (
    CreatePatientCommand,
    DeletePatientCommand,
    EditPatientCommand,
    same_content,
)
from planner.ui.patients.list_controller import PatientListController
from planner.ui.shared.prompts import ConflictChoice, Prompts

if TYPE_CHECKING:
    from planner.ui.patients.dialog import PatientDialog

RELOADED_BANNER = (
    "This is the version someone else saved; your changes were discarded. "
    "Edit it and save, or cancel."
)


class PatientActions(QObject):
    """Owns the undo stack and the open patient dialog (at most one). `window` is the
    dialogs' parent; `show_status(text)` puts a line in the status bar."""

    def __init__(
        self,
        database: LazyDatabase,
        prompts: Prompts,
        window: QWidget,
        patients: PatientListController,
        *,
        undo_action: QAction,
        redo_action: QAction,
        show_status: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.prompts = prompts
        self.window = window
        self.patients = patients
        self.undo_action = undo_action
        self.redo_action = redo_action
        self._show_status = show_status
        self.dialog: PatientDialog | None = None
        self.undo_stack = QUndoStack(self)
        # Set when the user cancels a conflicting undo/redo step: the stack takes it back.
        self._step_kept = False
        self.undo_stack.canUndoChanged.connect(undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(self._on_undo_text)
        self.undo_stack.redoTextChanged.connect(self._on_redo_text)
        undo_action.setEnabled(False)
        redo_action.setEnabled(False)

    # --- new / edit -----------------------------------------------------------------------

    def new_patient(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        patient = self.patients.selected_patient()
        if patient is not None:
            self._open_dialog(patient)

    def _open_dialog(self, patient: Patient | None) -> None:
        if self.dialog is not None:  # one at a time: bring the open one forward
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        from planner.ui.patients.dialog import PatientDialog  # not needed to start up

        dialog = PatientDialog(patient, self.window, confirm_discard=self.prompts.confirm_discard)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(lambda p: self._save(dialog, p))
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        # open(): window-modal without a nested event loop, so nothing blocks (tests included).
        dialog.open()
        dialog.activateWindow()
        dialog.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_dialog_finished(self) -> None:
        self.dialog = None

    def _save(self, dialog: PatientDialog, patient: Patient) -> None:
        """Store the dialog's patient; on any refusal the dialog stays open with the typing."""
        before: Patient | None = None
        try:
            if patient.id is None:
                saved = self.database.store.patients.add(patient)
            else:
                before = self.database.store.patients.get(patient.id)  # what undo restores
                saved = self.database.store.patients.update(patient)
        except ConflictError as exc:
            saved_or_none = self._resolve_conflict(dialog, patient, exc)
            if saved_or_none is None:
                return
            saved = saved_or_none
        except ValidationError as exc:
            dialog.show_problems(exc.problems)
            return
        except NotFoundError as exc:
            self.prompts.show_problem(
                dialog,
                "Patient no longer exists",
                f"{exc}.\n\nYour changes are still in the form: copy anything you need, "
                "then cancel.",
            )
            return
        except DomainError as exc:
            self.prompts.show_problem(dialog, "Could not save", str(exc))
            return
        if patient.id is None:
            self.undo_stack.push(
                CreatePatientCommand(
                    self.database.store.patients, saved, self._after_undo_step, self._undo_failed
                )
            )
        elif before is not None and not same_content(before, saved):
            self.undo_stack.push(
                EditPatientCommand(
                    self.database.store.patients,
                    before,
                    saved,
                    self._after_undo_step,
                    self._undo_failed,
                    resolve=lambda message: self.prompts.resolve_conflict(self.window, message),
                    notify=self._show_status,
                    kept=self._keep_step,
                )
            )
        dialog.finish()
        self.patients.reload(saved.id)
        if saved.id is not None:
            self.patients.reveal(saved)
        self._show_status(f"Saved {saved.name}")

    def _resolve_conflict(
        self, dialog: PatientDialog, mine: Patient, exc: ConflictError
    ) -> Patient | None:
        """Ask how to settle a conflicting save; the saved patient, or None to keep editing."""
        assert mine.id is not None
        choice = self.prompts.resolve_conflict(dialog, str(exc))
        if choice is ConflictChoice.OVERWRITE:
            try:
                return self.database.store.patients.update(mine, force=True)
            except DomainError as again:
                self.prompts.show_problem(dialog, "Could not save", str(again))
                return None
        if choice is ConflictChoice.RELOAD:
            try:
                theirs = self.database.store.patients.get(mine.id)
            except NotFoundError as gone:
                self.prompts.show_problem(dialog, "Patient no longer exists", str(gone))
                return None
            dialog.load(theirs)
            dialog.show_banner(RELOADED_BANNER)
            self.patients.reload(mine.id)
        return None

    # --- delete and undo ------------------------------------------------------------------

    def delete_selected(self) -> None:
        patient = self.patients.selected_patient()
        if patient is None or patient.id is None:
            return
        if not self.prompts.confirm_delete(self.window, patient.name):
            return
        row = self.patients.list.currentIndex().row()
        self.undo_stack.push(
            DeletePatientCommand(
                self.database.store.patients, patient, self._after_undo_step, self._undo_failed
            )
        )
        # Keep the user's place: the neighbour takes the deleted row's position.
        if self.patients.model.rowCount():
            self.patients.select_row(min(row, self.patients.model.rowCount() - 1))
        self._show_status(f"Deleted {patient.name} — Undo (Ctrl+Z)")

    def undo(self) -> None:
        self._step_kept = False
        self.undo_stack.undo()
        if self._step_kept:  # the user cancelled a conflicting undo: nothing was undone
            self._step_kept = False
            self.undo_stack.redo()  # back on the undo side; the command skips this redo

    def redo(self) -> None:
        self._step_kept = False
        self.undo_stack.redo()
        if self._step_kept:  # the user cancelled a conflicting redo: nothing was redone
            self._step_kept = False
            self.undo_stack.undo()  # back on the redo side; the command skips this undo

    def _keep_step(self) -> None:
        self._step_kept = True

    def _after_undo_step(self, show_id: int | None) -> None:
        self.patients.reload(show_id)
        if show_id is not None:
            with contextlib.suppress(NotFoundError):  # gone again meanwhile: nothing to show
                self.patients.reveal(self.database.store.patients.get(show_id))

    def _undo_failed(self, message: str) -> None:
        self.prompts.show_problem(self.window, "Could not undo", message)
        self.patients.reload()

    def _on_undo_text(self, text: str) -> None:
        action = self.undo_action
        action.setText(f"&Undo {text}" if text else "&Undo")
        action.setToolTip(f"Undo {text} (Ctrl+Z)" if text else "Undo (Ctrl+Z)")

    def _on_redo_text(self, text: str) -> None:
        action = self.redo_action
        action.setText(f"&Redo {text}" if text else "&Redo")
        action.setToolTip(f"Redo {text}" if text else "Redo")
