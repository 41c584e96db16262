"""Wires the main window: the patient list (patients.list_controller), the patient actions
and their undo (patients.actions), the window's commands (menu_commands), the summary of
the selected patient and the workspace that follows it; saves and restores the layout."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from planner.domain.errors import DomainError
from planner.domain.patient import Patient
from planner.store.lazy import LazyDatabase
from planner.ui import crash
from planner.ui.main_window import MainWindow
from planner.ui.menu_commands import MenuCommands
from planner.ui.patients.actions import PatientActions
from planner.ui.patients.list_controller import PatientListController
from planner.ui.reference import Reference
from planner.ui.shared.drafts import DraftStore
from planner.ui.shared.prompts import Prompts
from planner.ui.shared.settings import Settings
from planner.ui.workspace import PageSpec, WorkspaceContext, WorkspaceController
from planner.ui.workspace_pages import PAGES

if TYPE_CHECKING:
    from planner.ui.patients.dialog import PatientDialog

STATUS_MESSAGE_MS = 10_000


# The summary's health record waits this long, this many times, for the background loads.
RECORD_WAIT_MS = 150
RECORD_WAIT_TRIES = 10


class MainController(QObject):
    """Owns the window's collaborators; the names tests and the app reach (model, list,
    search, undo_stack, dialog, select_row, edit_selected, open_settings, ...) stay here."""

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
        w = window
        self.actions = PatientActions(
            database,
            self.prompts,
            window,
            self.patients,
            undo_action=w.undo_action,
            redo_action=w.redo_action,
            show_status=lambda text: w.statusBar().showMessage(text, STATUS_MESSAGE_MS),
            parent=self,
        )
        self.undo_stack = self.actions.undo_stack
        self.list.doubleClicked.connect(self.actions.edit_selected)
        self.list.openRequested.connect(self.actions.edit_selected)

        w.new_action.triggered.connect(self.actions.new_patient)
        w.edit_action.triggered.connect(self.actions.edit_selected)
        w.delete_action.triggered.connect(self.actions.delete_selected)
        w.find_action.triggered.connect(self.patients.focus_search)
        w.quit_action.triggered.connect(w.close)
        w.details.edit_button.clicked.connect(self.actions.edit_selected)
        w.welcome.create_button.clicked.connect(self.actions.new_patient)
        w.undo_action.triggered.connect(self.actions.undo)
        w.redo_action.triggered.connect(self.actions.redo)
        # Some platforms (Windows, offscreen) bind Redo to Ctrl+Y only; Ctrl+Shift+Z works too.
        # (Belongs in MainWindow; kept here while that file is not mine to change.)
        shift_z = QKeySequence("Ctrl+Shift+Z")
        if shift_z not in w.redo_action.shortcuts():
            w.redo_action.setShortcuts([*w.redo_action.shortcuts(), shift_z])
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
        self.commands = MenuCommands(
            window,
            database,
            self.prompts,
            self.patients,
            self.workspace,
            show_status=lambda text: w.statusBar().showMessage(text, STATUS_MESSAGE_MS),
        )
        w.about_action.triggered.connect(self.commands.show_about)
        w.settings_action.triggered.connect(self.commands.open_settings)
        w.welcome.sample_button.clicked.connect(self.commands.open_sample_case)
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

    def selected_patient(self) -> Patient | None:
        return self.patients.selected_patient()

    def selected_id(self) -> int | None:
        return self.patients.selected_id()

    def select_row(self, row: int) -> None:
        self.patients.select_row(row)

    @property
    def dialog(self) -> PatientDialog | None:
        """The open patient dialog, if any."""
        return self.actions.dialog

    def new_patient(self) -> None:
        self.actions.new_patient()

    def edit_selected(self) -> None:
        self.actions.edit_selected()

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

    # --- the window's commands ------------------------------------------------------------

    def open_sample_case(self) -> None:
        self.commands.open_sample_case()

    def open_settings(self) -> QDialog:
        return self.commands.open_settings()
