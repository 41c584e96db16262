"""The window's own commands: open the sample case, About, Help's keyboard shortcuts and
getting started, and Edit › Settings… (the clinic's details, which an open Handout page then
redraws), offered once at the first start."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

import planner
from planner.domain.errors import DomainError
from planner.store.lazy import LazyDatabase
from planner.store.location import in_words
from planner.ui.handout import HANDOUT_PAGE
from planner.ui.main_window import MainWindow
from planner.ui.patients.list_controller import PatientListController
from planner.ui.shared.prompts import Prompts
from planner.ui.shared.settings import Settings
from planner.ui.workspace import WorkspaceController


class MenuCommands:
    """`show_status(text)` puts a line in the status bar."""

    def __init__(
        self,
        window: MainWindow,
        database: LazyDatabase,
        prompts: Prompts,
        patients: PatientListController,
        workspace: WorkspaceController,
        *,
        show_status: Callable[[str], None],
        settings: Settings | None = None,
    ) -> None:
        self.window = window
        self.settings = settings if settings is not None else Settings()
        self.database = database
        self.prompts = prompts
        self.patients = patients
        self.workspace = workspace
        self._show_status = show_status

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
            self.patients.reload(ids[0])
            self.patients.reveal(self.database.store.patients.get(ids[0]))
            self._show_status("Opened the sample case")

    def about_html(self) -> str:
        from html import escape

        return (
            f"<h3>Needleplan {planner.__version__}</h3>"
            "<p>Treatment planning for acupuncture and dry needling of neck, shoulder and "
            "upper-back pain.</p>"
            f"<p>Qt {qVersion()}<br>{escape(in_words(self.database.url))}<br>"
            f"<small>{escape(self.database.description)}</small></p>"
        )

    def show_about(self) -> None:
        self.prompts.show_about(self.window, "About Needleplan", self.about_html())

    # --- help -----------------------------------------------------------------------------

    def show_shortcuts(self) -> QDialog:
        """Help › Keyboard shortcuts: every key, from the tables the actions are built from."""
        from planner.ui.help_dialog import ShortcutsDialog, shortcut_areas
        from planner.ui.workspace_pages import PAGES

        steps = [
            (
                action.shortcut().toString(QKeySequence.SequenceFormat.PortableText),
                f"Go to {action.text()}",
            )
            for action in self.workspace.actions
        ]
        return self._show_once(
            ShortcutsDialog, lambda: ShortcutsDialog(shortcut_areas(PAGES, steps), self.window)
        )

    def show_getting_started(self) -> QDialog:
        """Help › Getting started: a first consultation, step by step."""
        from planner.ui.help_dialog import GettingStartedDialog

        steps = len(self.workspace.actions)
        return self._show_once(
            GettingStartedDialog, lambda: GettingStartedDialog(steps, self.window)
        )

    def _show_once(self, kind: type[QDialog], make: Callable[[], QDialog]) -> QDialog:
        # Modeless, one of each: asking again brings the open one forward.
        found = self.window.findChild(kind)
        if found is not None and found.isVisible():
            found.raise_()
            found.activateWindow()
            return found
        dialog = make()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

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

    def offer_clinic_setup(self) -> QDialog | None:
        """The first start (no clinic.json yet): ask for the clinic's details once, with
        Skip for now. Saved or skipped, it is not asked again; Edit › Settings… stays."""
        if self.settings.clinic_setup_offered:
            return None  # the usual start: nothing imported, nothing read
        from planner.casefile.clinic import clinic_file

        if clinic_file().exists():  # filled in before (say, for the command line)
            self.settings.clinic_setup_offered = True
            return None
        from planner.ui.settings_dialog import SettingsDialog

        dialog = self.open_settings()
        if isinstance(dialog, SettingsDialog):
            dialog.as_first_run()
        dialog.finished.connect(self._clinic_setup_done)
        return dialog

    def _clinic_setup_done(self) -> None:
        self.settings.clinic_setup_offered = True
        self.settings.sync()

    def _on_settings_saved(self) -> None:
        self._show_status("Saved the clinic details")
        # The handout shows the clinic's header: let an open Handout page redraw it.
        page = self.workspace.page(HANDOUT_PAGE)
        refresh = getattr(page, "settings_changed", None)
        if callable(refresh):
            refresh()
