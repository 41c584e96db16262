"""File › Back up now… and File › Restore…, and the automatic backups: on exit, and at
start-up (then hourly checked) when the newest automatic one is a day old.

Backups run on the GUI thread under a busy cursor: a SQLite copy takes well under a second,
and a restore must not race the window's own reads. The store (planner.store.backup) checks
a file before changing anything, so a refusal leaves the database as it was.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.domain.errors import DomainError
from planner.store.lazy import LazyDatabase
from planner.store.location import describe
from planner.ui.main_window import MainWindow
from planner.ui.patients.list_controller import PatientListController
from planner.ui.shared.file_dialogs import choose_open_path, choose_save_path
from planner.ui.shared.prompts import Prompts
from planner.ui.shared.settings import Settings
from planner.ui.workspace import WorkspaceController

if TYPE_CHECKING:
    from planner.store.backup import Restored

FILTERS = {
    ".sqlite": "Needleplan backups (*.sqlite);;All files (*)",
    ".dump": "Needleplan backups (*.dump);;All files (*)",
}
OPEN_FILTERS = "Needleplan backups (*.sqlite *.dump);;All files (*)"
HOURLY_MS = 60 * 60 * 1000
# Start-up's check waits until the first frame is long drawn and the store is open.
STARTUP_CHECK_MS = 3000


def _sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return Path(parsed.database)
    return None


def where(url: str) -> str:
    """The database for a person: a SQLite file's path, else the address without password."""
    file = _sqlite_file(url)
    return str(file) if file is not None else describe(url)


class BackupCommands(QObject):
    """`show_status(text)` puts a line in the status bar; `restored` after a restore."""

    restored = Signal()

    def __init__(
        self,
        window: MainWindow,
        database: LazyDatabase,
        prompts: Prompts,
        patients: PatientListController,
        workspace: WorkspaceController,
        *,
        show_status: Callable[[str], None],
        settings: Settings,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = database
        self.prompts = prompts
        self.patients = patients
        self.workspace = workspace
        self.settings = settings
        self._show_status = show_status
        self.automatic = False
        self._timer: QTimer | None = None

    # --- asking (tests replace these) -----------------------------------------------------

    def choose_backup_target(self, suggested: str, suffix: str) -> Path | None:
        return choose_save_path(
            self.window, "Back up the database", suggested, FILTERS[suffix], suffix, self.settings
        )

    def choose_restore_source(self) -> Path | None:
        return choose_open_path(
            self.window, "Restore the database from a backup", OPEN_FILTERS, self.settings
        )

    def confirm_restore(self, text: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Restore from a backup?", text, parent=self.window
        )
        replace = box.addButton("Replace the database", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is replace

    # --- File › Back up now… ----------------------------------------------------------------

    def back_up_now(self) -> Path | None:
        """Ask where, write the backup (0600); the file, or None if cancelled or refused."""
        from planner.store.backup.rotation import backup_suffix

        suffix = backup_suffix(self.database.url)
        suggested = f"needleplan-{datetime.now().strftime('%Y-%m-%d-%H%M')}{suffix}"
        target = self.choose_backup_target(suggested, suffix)
        if target is None:
            return None
        from planner.store.backup import backup

        try:
            with self._busy("Backing up the database…"):
                backup(self.database.url, target)
        except (DomainError, OSError) as exc:
            self._show_status("")
            self.prompts.show_problem(self.window, "Could not back up", str(exc))
            return None
        self._show_status(f"Backed up the database to {target}")
        return target

    # --- File › Restore… --------------------------------------------------------------------

    def restore_from_file(self) -> Restored | None:
        """Ask for a backup, check it, ask once, replace the database and show it; None
        when cancelled or refused (one message, nothing changed)."""
        source = self.choose_restore_source()
        if source is None:
            return None
        from planner.store.backup import RestoreCancelled, restore

        selected = self.patients.selected_id()
        text = self._restore_question(source)

        def confirm() -> bool:
            with _normal_cursor():
                if not self.confirm_restore(text):
                    return False
            # Typing in the open pages goes to its drafts, as on a patient switch.
            self.workspace.set_patient(None)
            return True

        try:
            with self._busy("Checking and restoring the backup…"):
                done = restore(self.database.url, source, confirm=confirm)
        except RestoreCancelled:
            self._show_status("Nothing was restored")
            return None
        except (DomainError, OSError) as exc:
            self._show_status("")
            self.prompts.show_problem(self.window, "Could not restore", str(exc))
            self.patients.reload(selected)
            return None
        unrecorded = self._note_restore(done)
        self.patients.reload(selected)
        kept = f"; the previous database is kept at {done.kept_aside}" if done.kept_aside else ""
        self._show_status(f"Restored {source.name}{kept}{unrecorded}")
        self.restored.emit()  # after: what it shows (choose who is working) stays in view
        return done

    def _note_restore(self, done: Restored) -> str:
        """The restored database's trail says who restored it (as the command line does);
        "" once written, else a few words for the status line (the restore stands)."""
        from sqlalchemy.exc import SQLAlchemyError  # loaded with the store

        try:
            self.database.store.note_restore(done)
        except (DomainError, OSError, SQLAlchemyError):
            return " (the audit trail could not record it)"
        return ""

    def _restore_question(self, source: Path) -> str:
        file = _sqlite_file(self.database.url)
        beside = f"beside it in {file.parent}" if file else f"beside the backup in {source.parent}"
        return (
            f"Replace the whole database with the backup {source.name}?\n\n"
            "Every patient, assessment, plan and visit in the database at"
            f" {where(self.database.url)} is replaced by what the backup holds.\n\n"
            f"A copy of the current database is kept first, {beside}."
        )

    # --- automatic backups ------------------------------------------------------------------

    def start_automatic(self) -> None:
        """From now on: back up on exit, and when the newest automatic backup is a day old
        (checked shortly after start-up, then hourly). The app calls this once the window is
        up; tests and --exit-after-startup runs do not."""
        if self.automatic:
            return
        self.automatic = True
        self.window.closing.connect(self.back_up_on_exit)
        QTimer.singleShot(STARTUP_CHECK_MS, self.back_up_if_due)
        self._timer = QTimer(self)
        self._timer.setInterval(HOURLY_MS)
        self._timer.timeout.connect(self.back_up_if_due)
        self._timer.start()

    def automatic_folder(self) -> Path:
        from planner.ui.backup_fields import automatic_folder

        return automatic_folder(self.settings.auto_backup_folder)

    def back_up_if_due(self) -> Path | None:
        if not self.settings.auto_backup_enabled:
            return None
        from planner.store.backup.rotation import is_due

        folder = self.automatic_folder()
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
        if not is_due(names, datetime.now()):
            return None
        return self.automatic_backup()

    def back_up_on_exit(self) -> None:
        if self.settings.auto_backup_enabled:
            self.automatic_backup()

    def automatic_backup(self) -> Path | None:
        """Take one automatic backup and rotate; a failure is one status line, never raised."""
        from planner.store.backup.rotation import take_automatic_backup

        try:
            with self._busy("Making the automatic backup…"):
                made = take_automatic_backup(
                    self.database.url,
                    self.automatic_folder(),
                    self.settings.auto_backup_keep,
                    datetime.now(),
                )
        except (DomainError, OSError) as exc:
            line = f"The automatic backup failed: {exc}"
            self._show_status(line)
            print(f"needleplan: {line}", file=sys.stderr)
            return None
        self._show_status("Made the automatic backup")
        return made

    @contextlib.contextmanager
    def _busy(self, text: str) -> Iterator[None]:
        self._show_status(text)
        self.window.statusBar().repaint()  # the line shows before the work starts
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            yield
        finally:
            QApplication.restoreOverrideCursor()


@contextlib.contextmanager
def _normal_cursor() -> Iterator[None]:
    """A question asked in the middle of busy work shows the ordinary pointer."""
    QApplication.setOverrideCursor(Qt.CursorShape.ArrowCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
