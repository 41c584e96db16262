"""File › Import records… and File › Export all records…: what `needleplan import FILE` and
`needleplan export -o FILE.jsonl` do, from the window, with the same functions.

Both run on a worker thread (planner.ui.records_job) behind a progress dialog, so the
window repaints and Cancel works: 100,000 patients take seconds. Cancelling an export
leaves no file (write_atomically removes its temporary file), cancelling an import rolls
its one transaction back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from planner.domain.errors import DomainError
from planner.store.lazy import LazyDatabase
from planner.ui.main_window import MainWindow
from planner.ui.menu_commands import reason_line
from planner.ui.patients.list_controller import PatientListController
from planner.ui.records_job import RecordsJob
from planner.ui.shared.file_dialogs import choose_open_path, choose_save_path
from planner.ui.shared.prompts import Prompts
from planner.ui.shared.settings import Settings

if TYPE_CHECKING:
    from planner.casefile import LineProblem, Record
    from planner.store.history import ImportResult

OPEN_FILTERS = "Needleplan records (*.jsonl *.json);;All files (*)"
SAVE_FILTERS = "JSON Lines (*.jsonl);;All files (*)"
EXPORT_SHOWS_AFTER_MS = 400  # a small export is done before a dialog would be seen
NEVER_MS = 2**31 - 1
SHOWN_PROBLEMS = 5  # problems of a refused file spelled out in its message


class RecordsCommands(QObject):
    """`show_status(text)` puts a line in the status bar; `imported` after an import."""

    imported = Signal()

    def __init__(
        self,
        window: MainWindow,
        database: LazyDatabase,
        prompts: Prompts,
        patients: PatientListController,
        *,
        show_status: Callable[[str], None],
        settings: Settings,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = database
        self.prompts = prompts
        self.patients = patients
        self.settings = settings
        self._show_status = show_status
        self.job: RecordsJob | None = None
        self.progress: QProgressDialog | None = None
        window.closing.connect(self.shutdown)

    # --- asking (tests replace these) -----------------------------------------------------

    def choose_export_target(self, suggested: str) -> Path | None:
        return choose_save_path(
            self.window, "Export all records", suggested, SAVE_FILTERS, ".jsonl", self.settings
        )

    def choose_import_source(self) -> Path | None:
        return choose_open_path(self.window, "Import records", OPEN_FILTERS, self.settings)

    # --- File › Export all records… ---------------------------------------------------------

    def export_all(self) -> RecordsJob | None:
        """Ask where, then write every patient's whole history and the protocols as
        needleplan-case/2 JSON Lines (0600, whole or not at all) on a worker thread."""
        if self.job is not None:
            return None
        target = self.choose_export_target(f"needleplan-export-{date.today().isoformat()}.jsonl")
        if target is None:
            return None
        histories = self.database.store.histories  # opened here, on the GUI thread
        patients = self.database.store.patients

        def work(job: RecordsJob) -> tuple[int, int]:
            from itertools import chain

            from planner.casefile import write_records
            from planner.domain.history import PatientHistory

            job.total = patients.count()
            protocols = histories.count_protocols()
            records: Iterator[Record] = chain(
                histories.iter_protocols(), histories.iter_histories()
            )

            def is_patient(record: object) -> bool:
                return isinstance(record, PatientHistory)

            write_records(job.counted(records, is_patient), target)
            return job.done, protocols

        def finish(job: RecordsJob) -> None:
            if job.cancelled:
                self._show_status("Export cancelled: nothing was written")
            elif job.error is not None:
                self._refuse(job.error, "Could not export the records", "Nothing was written.")
            else:
                n, protocols = job.result
                self._show_status(f"Exported {_both(n, protocols)} to {target}")

        def label(job: RecordsJob) -> str:
            if job.saving:
                return f"Exporting to {target.name}…\nAll {job.done:,} patients written"
            return f"Exporting to {target.name}…\n{job.done:,} of {job.total:,} patients"

        return self._start(work, finish, label, "Export all records", EXPORT_SHOWS_AFTER_MS)

    # --- File › Import records… -------------------------------------------------------------

    def import_file(self) -> RecordsJob | None:
        """Ask for a file; check it whole (every bad record named by line and field, the
        safety gate's refusals too); then import it in one transaction, all or nothing."""
        if self.job is not None:
            return None
        source = self.choose_import_source()
        if source is None:
            return None
        histories = self.database.store.histories

        def work(job: RecordsJob) -> ImportResult:
            from planner.casefile import CaseFileError, LineProblem, RecordReader
            from planner.catalog.loader import load_catalog
            from planner.catalog.safety import record_gate_problems
            from planner.domain.errors import ValidationError
            from planner.domain.gate import SafetyStop

            catalog = load_catalog()

            def known_target(target: str) -> bool:  # as `needleplan import` asks
                return catalog.target(target) is not None

            today = date.today()
            # As the command line: read twice, keeping no record in memory; first checked
            # whole before anything is written, then imported in one transaction.
            job.phase = "checking"
            checking = RecordReader(
                source, today=today, known_target=known_target, check=record_gate_problems
            )
            total = sum(1 for _ in job.counted(checking, last_pass=False))
            job.phase, job.total, job.done = "importing", total, 0
            reader = RecordReader(source, today=today, known_target=known_target)
            try:
                return histories.import_records(job.counted(reader))
            except ValidationError as error:
                problems = [LineProblem(reader.line, p.field, p.message) for p in error.problems]
                raise CaseFileError(problems) from None
            except SafetyStop as stop:  # the file changed since it was checked
                raise CaseFileError([LineProblem(reader.line, "", str(stop))]) from None

        def finish(job: RecordsJob) -> None:
            if job.cancelled:
                self._show_status("Import cancelled: nothing was imported")
            elif job.error is not None:
                self._refuse(job.error, f"Could not import {source.name}", "Nothing was imported.")
            else:
                self._imported(job.result)

        def label(job: RecordsJob) -> str:
            if job.saving:
                return f"Importing {source.name}…\nAll {job.total:,} records read; saving them"
            if job.phase == "importing":
                return f"Importing {source.name}…\n{job.done:,} of {job.total:,} records"
            return f"Checking {source.name}…\n{job.done:,} records checked"

        # Shown at once: the window must take no edits while the import writes.
        return self._start(work, finish, label, "Import records", 0)

    def _imported(self, result: ImportResult) -> None:
        ids = list(result.patients)
        kept = result.protocols_kept
        line = f"Imported {_both(len(ids), result.protocols)}"
        if kept:
            line += (
                f"; {_count(kept, 'protocol')} already here (same name, targets and notes),"
                " not added again"
            )
        self._show_status(line)
        if len(ids) == 1:  # one patient's file: show them, as the sample case does
            self.patients.reload(ids[0])
            self.patients.reveal(self.database.store.patients.get(ids[0]))
        elif ids:  # many: the list as it was, with them in it
            self.patients.reload(self.patients.selected_id() or ids[0])
        self.imported.emit()

    # --- the job and its progress -----------------------------------------------------------

    def _start(
        self,
        work: Callable[[RecordsJob], Any],
        finish: Callable[[RecordsJob], None],
        label: Callable[[RecordsJob], str],
        title: str,
        shows_after_ms: int,
    ) -> RecordsJob:
        job = RecordsJob(work, self)
        progress = QProgressDialog(label(job), "Cancel", 0, 0, self.window)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoReset(False)
        progress.setAutoClose(False)
        progress.setMinimumWidth(420)
        # Shown by the timer below, never by Qt's own guess from the first values.
        progress.setMinimumDuration(NEVER_MS)
        progress.canceled.connect(job.cancel)

        def tick() -> None:
            progress.setLabelText(label(job))
            if job.saving:  # too late to cancel: no button that would do nothing
                for button in progress.findChildren(QPushButton):
                    button.setEnabled(False)
            if job.total and progress.maximum() != job.total:
                progress.setRange(0, job.total)
            if job.total:
                progress.setValue(min(job.done, job.total))

        def show() -> None:
            if self.job is job:
                tick()
                progress.show()

        def done() -> None:
            progress.canceled.disconnect(job.cancel)
            progress.reset()
            progress.hide()
            progress.deleteLater()
            QApplication.restoreOverrideCursor()
            self.job = self.progress = None
            self._set_enabled(True)
            finish(job)

        job.ticked.connect(tick)
        job.finished.connect(done)
        self.job, self.progress = job, progress
        self._set_enabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        job.start()
        QTimer.singleShot(shows_after_ms, progress, show)
        return job

    def _set_enabled(self, enabled: bool) -> None:
        self.window.import_action.setEnabled(enabled)
        self.window.export_all_action.setEnabled(enabled)

    def _refuse(self, error: BaseException, title: str, nothing: str) -> None:
        from sqlalchemy.exc import SQLAlchemyError  # loaded with the store

        from planner.casefile import CaseFileError

        if isinstance(error, CaseFileError):
            text = f"{nothing}\n\n{problems_text(error.problems, error.omitted)}"
        elif isinstance(error, DomainError | OSError | SQLAlchemyError):
            text = f"{reason_line(error)}. {nothing}"
        else:
            raise error  # a bug: the crash report needs its traceback
        self.prompts.show_problem(self.window, title, text)

    def shutdown(self) -> None:
        """The window is closing: stop the worker first (the export's temporary file is
        removed, the import rolled back) so that nothing runs after the database closes."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()


def problems_text(problems: Iterable[LineProblem], omitted: int = 0) -> str:
    """How many problems a refused file has, then the first few, one a line: `• line 12,
    patient.name: is required`."""
    found = list(problems)
    total = len(found) + omitted
    lines = [
        f"The file has {_count(total, 'problem')}:" if total > 1 else "The file has a problem:"
    ]
    shown = found[:SHOWN_PROBLEMS]
    for p in shown:
        where = ", ".join(w for w in (f"line {p.line}" if p.line else "", p.field) if w)
        lines.append(f"• {where}: {p.message}" if where else f"• {p.message}")
    if total > len(shown):
        lines.append(f"… and {_count(total - len(shown), 'more problem')}")
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


def _both(patients: int, protocols: int) -> str:
    said = _count(patients, "patient")
    return f"{said} and {_count(protocols, 'protocol')}" if protocols else said
