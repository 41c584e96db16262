"""Wires the main window: the patient list (patients.list_controller), the patient actions
and their undo (patients.actions), the window's commands (menu_commands, backup_commands,
records_commands), who is working (practitioner_session), the summary of the selected
patient and the workspace that follows it; saves and restores the layout."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from planner.domain.patient import Patient
from planner.store.lazy import LazyDatabase
from planner.store.location import in_words
from planner.ui import crash
from planner.ui.backup_commands import BackupCommands
from planner.ui.main_window import MainWindow
from planner.ui.menu_commands import MenuCommands
from planner.ui.patients.actions import PatientActions
from planner.ui.patients.list_controller import PatientListController
from planner.ui.patients.summary import PatientSummary
from planner.ui.practitioner_session import PractitionerSession
from planner.ui.records_commands import RecordsCommands
from planner.ui.reference import Reference
from planner.ui.shared.drafts import DraftStore
from planner.ui.shared.prompts import Prompts
from planner.ui.shared.settings import Settings
from planner.ui.workspace import PageSpec, WorkspaceContext, WorkspaceController
from planner.ui.workspace_pages import PAGES

if TYPE_CHECKING:
    from planner.ui.patients.details_view import PatientDetailsView
    from planner.ui.patients.dialog import PatientDialog

STATUS_MESSAGE_MS = 10_000


class MainController(QObject):
    """Owns the window's collaborators; the names tests and the app reach (model, list,
    search, undo_stack, dialog, select_row, edit_selected, open_settings, ...) stay here."""

    def show_status(self, text: str) -> None:
        """A line in the status bar for a while (every command's messages)."""
        self.window.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def _wire_details(self, view: PatientDetailsView) -> None:
        view.edit_button.clicked.connect(self.actions.edit_selected)

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
            show_status=self.show_status,
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
        w.when_details_made(self._wire_details)
        w.welcome.create_button.clicked.connect(self.actions.new_patient)
        w.undo_action.triggered.connect(self.actions.undo)
        w.redo_action.triggered.connect(self.actions.redo)
        self.reference = reference or Reference()
        self.summary = PatientSummary(
            lambda: w.details, database, self.reference, self.patients.selected_id, parent=self
        )
        self.workspace = WorkspaceController(
            window.workspace,
            WorkspaceContext(
                database=database,
                prompts=self.prompts,
                drafts=drafts or DraftStore(database_url=database.url),
                reference=self.reference,
                parent=window,
                show_status=self.show_status,
                open_settings=lambda: self.commands.open_settings(),
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
            show_status=self.show_status,
            settings=settings,
        )
        w.about_action.triggered.connect(self.commands.show_about)
        w.settings_action.triggered.connect(self.commands.open_settings)
        w.shortcuts_action.triggered.connect(self.commands.show_shortcuts)
        w.getting_started_action.triggered.connect(self.commands.show_getting_started)
        w.sample_action.triggered.connect(self.commands.open_sample_case)
        w.history_action.triggered.connect(self.commands.show_history)
        w.erase_action.triggered.connect(self.commands.erase_patient)
        w.export_archive_action.triggered.connect(self.commands.export_selected_archive)
        # Connected before the automatic backup on exit: a running import or export stops
        # (rolled back, no file) before anything else happens to the database.
        self.records = RecordsCommands(
            window,
            database,
            self.prompts,
            self.patients,
            show_status=self.show_status,
            settings=settings,
        )
        w.import_action.triggered.connect(self.records.import_file)
        w.export_all_action.triggered.connect(self.records.export_all)
        self.backups = BackupCommands(
            window,
            database,
            self.prompts,
            self.patients,
            self.workspace,
            show_status=self.show_status,
            settings=settings,
        )
        w.backup_action.triggered.connect(self.backups.back_up_now)
        w.restore_action.triggered.connect(self.backups.restore_from_file)
        # Who is working: later saves carry their name; switching reloads nothing.
        self.practitioner = PractitionerSession(
            window,
            database,
            settings,
            self.prompts,
            show_status=self.show_status,
        )
        w.switch_practitioner_action.triggered.connect(self.practitioner.switch)
        w.practitioners_action.triggered.connect(self.practitioner.manage)
        w.practitioner_button.clicked.connect(self.practitioner.switch)
        self.backups.restored.connect(self.practitioner.recheck)
        w.welcome.sample_button.clicked.connect(self.commands.open_sample_case)
        w.welcome.help_button.clicked.connect(self.commands.show_getting_started)
        w.closing.connect(self.save_state)
        # Unsaved typing in any page goes to its draft before the window goes.
        w.closing.connect(self.workspace.shutdown)
        # A search still waiting for typing to pause must not run after the database closes.
        w.closing.connect(self.search_timer.stop)
        # In words for the practitioner; the address (password masked) for whoever supports them.
        w.database_label.setText(in_words(database.url))
        w.database_label.setToolTip(database.description)

    # --- start and stop -------------------------------------------------------------------

    def start(self) -> None:
        """Restore the saved layout and load the first page of patients."""
        self.restore_state()
        self.patients.start(self.settings.last_patient_id)

    def ask_at_start(self) -> QDialog | None:
        """Once the window is up: the first start's clinic details, then who is working,
        never one dialog over the other. The dialog opened first, if any."""
        clinic = self.commands.offer_clinic_setup()
        if clinic is None:
            return self.practitioner.start()
        clinic.finished.connect(lambda _code: self.practitioner.start())
        return clinic

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
        self.window.history_action.setEnabled(has)
        self.window.erase_action.setEnabled(has)
        self.window.export_archive_action.setEnabled(has)
        if patient is not None:
            self.summary.show(patient)
            self.window.show_details()
        elif self.patients.database_empty:
            self.window.show_welcome()
        else:
            self.window.show_no_selection()
        # A crash from here on names the record by its id (never its contents).
        crash.set_record(patient=patient.id if patient is not None else None)
        self.workspace.set_patient(patient.id if patient is not None else None)

    # --- the window's commands ------------------------------------------------------------

    def open_sample_case(self) -> None:
        self.commands.open_sample_case()

    def open_settings(self) -> QDialog:
        return self.commands.open_settings()
