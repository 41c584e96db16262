"""Wires the main window's widgets to the store: search, selection, dialogs, undo, settings."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, qVersion
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QDialog

import planner
from planner.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from planner.domain.patient import Patient
from planner.store.lazy import LazyDatabase
from planner.ui import crash
from planner.ui.handout import HANDOUT_PAGE
from planner.ui.main_window import MainWindow
from planner.ui.patients.commands import (
    CreatePatientCommand,
    DeletePatientCommand,
    EditPatientCommand,
    same_content,
)
from planner.ui.patients.list_controller import PatientListController
from planner.ui.reference import Reference
from planner.ui.shared.drafts import DraftStore
from planner.ui.shared.prompts import ConflictChoice, Prompts
from planner.ui.shared.settings import Settings
from planner.ui.workspace import PageSpec, WorkspaceContext, WorkspaceController
from planner.ui.workspace_pages import PAGES

if TYPE_CHECKING:
    from planner.ui.patients.dialog import PatientDialog

STATUS_MESSAGE_MS = 10_000
RELOADED_BANNER = (
    "This is the version someone else saved; your changes were discarded. "
    "Edit it and save, or cancel."
)


# The summary's health record waits this long, this many times, for the background loads.
RECORD_WAIT_MS = 150
RECORD_WAIT_TRIES = 10


class MainController(QObject):
    """Owns the list model, the undo stack and the open patient dialog (at most one)."""

    def __init__(
        self,
        window: MainWindow,
        database: LazyDatabase,
        settings: Settings,
        prompts: Prompts | None = None,
        *,
        drafts: DraftStore | None = None,
        reference: Reference | None = None,
        pages: Sequence[PageSpec] = PAGES,
    ) -> None:
        """drafts and reference default to the user's data folder and the shipped data."""
        super().__init__(window)
        self.window = window
        self.database = database
        self.settings = settings
        self.prompts = prompts or Prompts()
        self.dialog: PatientDialog | None = None
        self.undo_stack = QUndoStack(self)
        # Set when the user cancels a conflicting undo/redo step: the stack takes it back.
        self._step_kept = False

        self.patients = PatientListController(
            database,
            window.list_panel,
            window.count_label,
            show_status=window.statusBar().showMessage,
            on_selection=self._update_right,
            parent=self,
        )
        # The list's parts, as tests and the window's actions reach them.
        self.model = self.patients.model
        self.list = self.patients.list
        self.search = self.patients.search
        self.search_timer = self.patients.search_timer
        self.list.doubleClicked.connect(self.edit_selected)
        self.list.openRequested.connect(self.edit_selected)

        w = window
        w.new_action.triggered.connect(self.new_patient)
        w.edit_action.triggered.connect(self.edit_selected)
        w.delete_action.triggered.connect(self.delete_selected)
        w.find_action.triggered.connect(self.patients.focus_search)
        w.quit_action.triggered.connect(w.close)
        w.about_action.triggered.connect(self.show_about)
        w.settings_action.triggered.connect(self.open_settings)
        w.details.edit_button.clicked.connect(self.edit_selected)
        w.welcome.create_button.clicked.connect(self.new_patient)
        w.welcome.sample_button.clicked.connect(self.open_sample_case)
        w.undo_action.triggered.connect(self.undo)
        w.redo_action.triggered.connect(self.redo)
        # Some platforms (Windows, offscreen) bind Redo to Ctrl+Y only; Ctrl+Shift+Z works too.
        # (Belongs in MainWindow; kept here while that file is not mine to change.)
        shift_z = QKeySequence("Ctrl+Shift+Z")
        if shift_z not in w.redo_action.shortcuts():
            w.redo_action.setShortcuts([*w.redo_action.shortcuts(), shift_z])
        self.undo_stack.canUndoChanged.connect(w.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(w.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(self._on_undo_text)
        self.undo_stack.redoTextChanged.connect(self._on_redo_text)
        w.undo_action.setEnabled(False)
        w.redo_action.setEnabled(False)
        self.reference = reference or Reference()
        self.workspace = WorkspaceController(
            window.workspace,
            WorkspaceContext(
                database=database,
                prompts=self.prompts,
                drafts=drafts or DraftStore(database_url=database.url),
                reference=self.reference,
                parent=window,
                show_status=lambda text: w.statusBar().showMessage(text, STATUS_MESSAGE_MS),
            ),
            pages,
            self,
        )
        w.closing.connect(self.save_state)
        # Unsaved typing in any page goes to its draft before the window goes.
        w.closing.connect(self.workspace.shutdown)
        # A search still waiting for typing to pause must not run after the database closes.
        w.closing.connect(self.search_timer.stop)
        w.database_label.setText(database.description)
        w.database_label.setToolTip(f"Database: {database.description}")

    # --- start and stop -------------------------------------------------------------------

    def start(self) -> None:
        """Restore the saved layout and load the first page of patients."""
        self.restore_state()
        self.patients.start(self.settings.last_patient_id)

    def restore_state(self) -> None:
        # Each restore returns False for bad data; then the defaults set by the view stay.
        geometry = self.settings.window_geometry
        if geometry.isEmpty() or not self.window.restoreGeometry(geometry):
            self.window.fit_default_size()
        state = self.settings.window_state
        if not state.isEmpty():
            self.window.restoreState(state)
        splitter = self.settings.splitter_state
        if not splitter.isEmpty():
            self.window.splitter.restoreState(splitter)

    def save_state(self) -> None:
        self.settings.window_geometry = self.window.saveGeometry()
        self.settings.window_state = self.window.saveState()
        self.settings.splitter_state = self.window.splitter.saveState()
        self.settings.last_patient_id = self.selected_id()
        self.settings.sync()

    # --- search and selection -------------------------------------------------------------

    def search_now(self) -> None:
        self.patients.search_now()

    def reload(self, select_id: int | None = None) -> None:
        self.patients.reload(select_id)

    def selected_patient(self) -> Patient | None:
        return self.patients.selected_patient()

    def selected_id(self) -> int | None:
        return self.patients.selected_id()

    def select_row(self, row: int) -> None:
        self.patients.select_row(row)

    def reveal(self, patient: Patient) -> None:
        self.patients.reveal(patient)

    def _update_right(self) -> None:
        patient = self.selected_patient()
        has = patient is not None
        self.window.edit_action.setEnabled(has)
        self.window.delete_action.setEnabled(has)
        if patient is not None:
            self.window.details.show_patient(patient)
            self._show_record(patient.id)
            self.window.show_details()
        elif self.patients.database_empty:
            self.window.show_welcome()
        else:
            self.window.show_no_selection()
        # A crash from here on names the record by its id (never its contents).
        crash.set_record(patient=patient.id if patient is not None else None)
        self.workspace.set_patient(patient.id if patient is not None else None)

    def _show_record(self, patient_id: int | None, *, attempt: int = 0) -> None:
        """The health record and red flags on the summary. They need the full store and the
        screening rules, which the app loads in the background after the first frame: wait
        for them (never load them during start-up), and after RECORD_WAIT_TRIES ask anyway."""
        details = self.window.details
        if patient_id is None:
            return
        ready = self.database.store_is_open and self.reference.screening_loaded
        if not ready and attempt < RECORD_WAIT_TRIES:
            details.record_value.setText("…")
            details.flags_value.setText("…")
            QTimer.singleShot(
                RECORD_WAIT_MS, self.window, lambda: self._show_record_later(patient_id, attempt)
            )
            return
        try:
            case = self.database.store.cases.get_case(patient_id)
            screening = self.reference.screening()
        except DomainError:
            details.show_record(None, [])
            return
        from planner.domain.findings import Severity
        from planner.domain.screening import screen_case

        findings = screen_case(case, screening.catalog, screening.rules)
        details.show_record(case.assessment, [f for f in findings if f.severity is Severity.REFER])

    def _show_record_later(self, patient_id: int, attempt: int) -> None:
        selected = self.selected_patient()
        if selected is not None and selected.id == patient_id:
            self._show_record(patient_id, attempt=attempt + 1)

    # --- new / edit -----------------------------------------------------------------------

    def new_patient(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        patient = self.selected_patient()
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
                    notify=lambda text: self.window.statusBar().showMessage(
                        text, STATUS_MESSAGE_MS
                    ),
                    kept=self._keep_step,
                )
            )
        dialog.finish()
        self.reload(saved.id)
        if saved.id is not None:
            self.reveal(saved)
        self.window.statusBar().showMessage(f"Saved {saved.name}", STATUS_MESSAGE_MS)

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
            self.reload(mine.id)
        return None

    # --- delete and undo ------------------------------------------------------------------

    def delete_selected(self) -> None:
        patient = self.selected_patient()
        if patient is None or patient.id is None:
            return
        if not self.prompts.confirm_delete(self.window, patient.name):
            return
        row = self.list.currentIndex().row()
        self.undo_stack.push(
            DeletePatientCommand(
                self.database.store.patients, patient, self._after_undo_step, self._undo_failed
            )
        )
        # Keep the user's place: the neighbour takes the deleted row's position.
        if self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))
        self.window.statusBar().showMessage(
            f"Deleted {patient.name} — Undo (Ctrl+Z)", STATUS_MESSAGE_MS
        )

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
        self.reload(show_id)
        if show_id is not None:
            with contextlib.suppress(NotFoundError):  # gone again meanwhile: nothing to show
                self.reveal(self.database.store.patients.get(show_id))

    def _undo_failed(self, message: str) -> None:
        self.prompts.show_problem(self.window, "Could not undo", message)
        self.reload()

    def _on_undo_text(self, text: str) -> None:
        action = self.window.undo_action
        action.setText(f"&Undo {text}" if text else "&Undo")
        action.setToolTip(f"Undo {text} (Ctrl+Z)" if text else "Undo (Ctrl+Z)")

    def _on_redo_text(self, text: str) -> None:
        action = self.window.redo_action
        action.setText(f"&Redo {text}" if text else "&Redo")
        action.setToolTip(f"Redo {text}" if text else "Redo")

    # --- sample case and about --------------------------------------------------------------

    def open_sample_case(self) -> None:
        """Import the shipped sample case and select its patient."""
        try:
            from planner import resources
            from planner.casefile import read_cases

            cases = read_cases(resources.path("samples", "sample-case.json"))
            ids = self.database.store.cases.import_cases(cases)
        except (ImportError, FileNotFoundError) as exc:
            self.prompts.show_problem(
                self.window,
                "Sample case not available",
                f"The sample case is missing from this installation.\n\n{exc}",
            )
            return
        except DomainError as exc:
            self.prompts.show_problem(self.window, "Could not open the sample case", str(exc))
            return
        if ids:
            self.reload(ids[0])
            self.reveal(self.database.store.patients.get(ids[0]))
            self.window.statusBar().showMessage("Opened the sample case", STATUS_MESSAGE_MS)

    def about_html(self) -> str:
        from html import escape

        return (
            f"<h3>Needleplan {planner.__version__}</h3>"
            "<p>Treatment planning for acupuncture and dry needling of neck, shoulder and "
            "upper-back pain.</p>"
            f"<p>Qt {qVersion()}<br>Database: {escape(self.database.description)}</p>"
        )

    def show_about(self) -> None:
        self.prompts.show_about(self.window, "About Needleplan", self.about_html())

    # --- settings -------------------------------------------------------------------------

    def open_settings(self) -> QDialog:
        """Edit › Settings…: the clinic's details (one dialog at a time, window-modal)."""
        from planner.ui.settings_dialog import SettingsDialog

        found = self.window.findChild(SettingsDialog)
        if found is not None and found.isVisible():
            found.raise_()
            return found
        dialog = SettingsDialog(self.window, confirm_discard=self.prompts.confirm_discard)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_settings_saved)
        dialog.open()  # no nested event loop: nothing blocks, tests included
        return dialog

    def _on_settings_saved(self) -> None:
        self.window.statusBar().showMessage("Saved the clinic details", STATUS_MESSAGE_MS)
        # The handout shows the clinic's header: let an open Handout page redraw it.
        page = self.workspace.page(HANDOUT_PAGE)
        refresh = getattr(page, "settings_changed", None)
        if callable(refresh):
            refresh()
