"""The window's own commands: open the sample case, About, Help's keyboard shortcuts and
getting started, Edit › Settings… (the clinic's details, which an open Handout page then
redraws), offered once at the first start, and the selected patient's history, archive
(File › Export patient archive…, and from the Erase dialog) and erasure."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QWidget

import planner
from planner.domain.errors import DomainError, NotFoundError
from planner.domain.patient import Patient
from planner.store.lazy import LazyDatabase
from planner.store.location import in_words
from planner.ui.handout import HANDOUT_PAGE
from planner.ui.main_window import MainWindow
from planner.ui.patients.list_controller import PatientListController
from planner.ui.shared.prompts import Prompts
from planner.ui.shared.settings import Settings
from planner.ui.workspace import WorkspaceController

if TYPE_CHECKING:
    from planner.store.database import Store
    from planner.store.erasure import Erased
    from planner.ui.patients.erase_dialog import EraseDialog
    from planner.ui.patients.history_dialog import HistoryDialog


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
        # Milliseconds from asking for the History to its dialog built (tests, the report).
        self.last_history_ms: float | None = None

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
        dialog = SettingsDialog(
            self.window, confirm_discard=self.prompts.confirm_discard, settings=self.settings
        )
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

    # --- the selected patient's history and erasure -----------------------------------------

    def _selected(self, what: str) -> Patient | None:
        patient = self.patients.selected_patient()
        if patient is None or patient.id is None:
            self._show_status(f"Select a patient first to {what}")
            return None
        return patient

    def show_history(self) -> HistoryDialog | None:
        """Edit › Patient history…: the selected patient's audit trail, read only. Read at
        once under a busy cursor: a patient's few thousand entries take well under a second."""
        patient = self._selected("see their history")
        if patient is None or patient.id is None:
            return None
        from sqlalchemy.exc import SQLAlchemyError

        from planner.ui.patients.history_dialog import HistoryDialog

        started = time.perf_counter()
        try:
            with _busy():
                entries = self.database.store.audit.for_patient(patient.id)
                dialog = HistoryDialog(patient.name, entries, self.window)
        except (DomainError, SQLAlchemyError) as exc:
            self.prompts.show_problem(self.window, "Could not read the history", reason_line(exc))
            return None
        self.last_history_ms = (time.perf_counter() - started) * 1000
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal, no nested event loop
        dialog.activateWindow()
        dialog.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return dialog

    def erase_patient(self) -> EraseDialog | None:
        """Edit › Erase patient completely…: explained, the archive offered, the name typed."""
        patient = self._selected("erase them")
        if patient is None:
            return None
        from planner.ui.patients.erase_dialog import EraseDialog

        dialog = EraseDialog(patient.name, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.export_requested.connect(lambda: self._archive_before_erasure(dialog, patient))
        dialog.erase_requested.connect(lambda: self.erase_now(dialog, patient))
        dialog.open()
        dialog.activateWindow()
        dialog.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return dialog

    def choose_archive_path(self, parent: QWidget, suggested: str) -> Path | None:
        """Where to write the archive (tests replace this)."""
        from planner.ui.shared.file_dialogs import choose_save_path

        return choose_save_path(
            parent,
            "Export the patient's archive",
            suggested,
            "Zip archives (*.zip)",
            ".zip",
            self.settings,
        )

    def export_selected_archive(self) -> Path | None:
        """File › Export patient archive…: the selected patient's, as the Erase dialog offers."""
        patient = self._selected("export their archive")
        return None if patient is None else self.export_archive(self.window, patient)

    def _archive_before_erasure(self, dialog: EraseDialog, patient: Patient) -> None:
        if (path := self.export_archive(dialog, patient)) is not None:
            dialog.show_archive(path)

    def export_archive(self, parent: QWidget, patient: Patient) -> Path | None:
        """Ask where, then write the patient's archive (history, FHIR, audit trail, handouts
        given; 0600, whole or not at all); on a failure one message over `parent`."""
        assert patient.id is not None
        path = self.choose_archive_path(parent, archive_name(patient.name, date.today()))
        if path is None:
            return None
        from sqlalchemy.exc import SQLAlchemyError  # loaded with the store

        try:
            with _busy():
                write_archive(self.database.store, patient.id, path)
        except (DomainError, OSError, SQLAlchemyError) as exc:
            self.prompts.show_problem(
                parent, "Could not export the archive", f"{reason_line(exc)}. Nothing was written."
            )
            return None
        self._show_status(f"Saved the patient's archive to {path}")
        return path

    def erase_now(self, dialog: EraseDialog, patient: Patient) -> Erased | None:
        """Erase the patient (one transaction in the store), their drafts, and show the list
        without them; on a refusal one message, and nothing is erased."""
        from sqlalchemy.exc import SQLAlchemyError  # loaded with the store

        pid = patient.id
        if pid is None or not dialog.name_confirmed():
            return None
        neighbour = self._neighbour_id(pid)
        # The pages park their typing while the patient still exists; those drafts are
        # erased below with the rest, so nothing is kept or saved for a patient who is gone.
        self.workspace.set_patient(None)
        try:
            with _busy():
                erased = self.database.store.erase_patient(pid)
        except NotFoundError:
            # Erased meanwhile (another window, `needleplan erase`): the typing the pages
            # just parked must go too.
            self._drop_drafts(pid)
            dialog.accept()
            self.patients.reload(neighbour)
            self._show_status("The patient had already been erased.")
            return None
        except (DomainError, OSError, SQLAlchemyError) as exc:
            self.patients.reload(pid)  # nothing was erased: the patient opens again
            self.prompts.show_problem(
                dialog, "Could not erase the patient", f"{reason_line(exc)}.\n\nNothing was erased."
            )
            return None
        status = f"Patient erased ({records_removed(erased)} records removed)."
        status += self._drop_drafts(pid)
        dialog.accept()
        self.patients.reload(neighbour)
        self._show_status(status)
        if leftovers := erase_leftovers(erased, self.database.url):
            self.prompts.show_problem(self.window, "Patient erased: one more step", leftovers)
        return erased

    def _drop_drafts(self, pid: int) -> str:
        """Remove the erased patient's drafts; "" or a sentence for the status line."""
        try:
            self.workspace.context.drafts.erase_patient(pid)
        except OSError as exc:
            return f" Their unsaved typing could not be removed: {reason_line(exc)}."
        return ""

    def _neighbour_id(self, pid: int) -> int | None:
        """The patient below (else above) in the list: where the selection goes next."""
        model = self.patients.model
        row = model.row_of(pid)
        if row is None:
            return None
        for other in (row + 1, row - 1):
            if 0 <= other < model.rowCount():
                found = model.patient_at(other)
                if found is not None:
                    return found.id
        return None


def erase_leftovers(erased: Erased, url: str) -> str:
    """What still holds the erased patient and needs a person's hand, or ""."""
    from planner.store.erasure import copies_beside

    said = []
    if not erased.rebuilt:
        said.append(
            "Another program kept writing to the database, so its file could not be rebuilt: "
            "the patient's records are gone, but pieces of earlier versions may stay in its "
            "free space until the next erasure rebuilds it."
        )
    copies = copies_beside(url)
    if copies:
        names = ", ".join(p.name for p in copies)
        said.append(
            f"Copies Needleplan made earlier still hold the patient, in {copies[0].parent}: "
            f"{names}. Delete them to complete the erasure (after checking you no longer "
            "need them)."
        )
    return "\n\n".join(said)


def records_removed(erased: Erased) -> int:
    """The patient's own record and every record of theirs that went with it."""
    return 1 + sum(erased.counts.values())


def archive_name(name: str, today: date) -> str:
    # As the handout's file name: characters file systems refuse become spaces.
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).strip() or "patient"
    return f"Archive {today.isoformat()} {safe}.zip"


def write_archive(store: Store, patient_id: int, path: Path) -> None:
    """planner.casefile.archive, imported when asked for (it loads the catalog and FHIR)."""
    from planner.casefile.archive import write_patient_archive

    write_patient_archive(store, patient_id, path)


def reason_line(exc: BaseException) -> str:
    """One line for a refusal: a file's path and reason, or a database's first line."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return f"{exc.filename}: {reason}" if exc.filename else reason
    orig = getattr(exc, "orig", None)  # SQLAlchemy: the driver's message, not the SQL
    text = str(orig if orig is not None else exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0].rstrip(".")


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
