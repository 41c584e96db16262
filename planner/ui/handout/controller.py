"""The Handout page's behaviour: build the open patient's aftercare sheet, preview, print, save,
and record in the visit log that it was given.

The inputs are gathered (or refused, in words) by sheet.py; the content is decided by
planner.domain.handout and laid out by planner.pdf. This page adds the clinic's details, the
options and the note, and shows the PDF; output.py saves and prints it and keeps each PDF
printed or saved in the patient's record, visit_log.py records that it was given.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QWidget

from planner.domain.errors import DomainError
from planner.domain.handout import ClinicDetails, Handout, Paper
from planner.domain.visit import Visit
from planner.ui.handout import shortcuts
from planner.ui.handout.output import AskPrinter, AskSavePath, keep_given, print_sheet, save_pdf
from planner.ui.handout.printing import ask_printer, ask_save_path
from planner.ui.handout.sheet import (
    Inputs,
    apply_clinic_defaults,
    gather,
    missing_clinic_details,
    problem_message,
    read_clinic,
)
from planner.ui.handout.view import PAPER_LABELS, HandoutPageView
from planner.ui.handout.visit_log import Confirm, VisitLog, confirm_question
from planner.ui.workspace import WorkspaceContext

NOTE_MAX = 2_000  # as `needleplan handout --note`
NOTE_DELAY_MS = 400  # re-render once typing pauses, not on every key
NOTE_OVER_STYLE = "color: #b3261e;"


class HandoutController(QObject):
    """A WorkspacePage: build it once, then set_patient() as the selection changes.

    Renders only while the page is visible: a patient picked with another tab open costs
    nothing here until the Handout tab is shown.
    """

    def __init__(
        self,
        context: WorkspaceContext,
        view: HandoutPageView,
        *,
        clinic_folder: Path | None = None,
        ask_save_path: AskSavePath = ask_save_path,
        ask_printer: AskPrinter = ask_printer,
        confirm: Confirm = confirm_question,
        note_delay_ms: int = NOTE_DELAY_MS,
    ) -> None:
        super().__init__(view)
        self.context = context
        self.view = view
        self._clinic_folder = clinic_folder
        # The questions the page asks (file, printer, yes/no): replaceable, e.g. by tests.
        self.ask_save_path = ask_save_path
        self.ask_printer = ask_printer
        self.confirm = confirm
        self.patient_id: int | None = None
        self.inputs: Inputs | None = None
        self.clinic = ClinicDetails()
        self.handout: Handout | None = None
        self.pdf: bytes = b""
        self.page_count = 0
        self._stale = False  # the patient changed while the page was hidden
        # Milliseconds from asking for the sheet to the preview holding it (tests, the report).
        self.last_preview_ms: float | None = None
        self._asked_at: float | None = None
        self.visit_log = VisitLog(context, view)

        self.note_timer = QTimer(self)
        self.note_timer.setSingleShot(True)
        self.note_timer.setInterval(note_delay_ms)
        self.note_timer.timeout.connect(self.render_now)
        view.note.textChanged.connect(self._on_note_changed)
        view.large_print.toggled.connect(self.render_now)
        view.paper.currentIndexChanged.connect(self.render_now)
        view.print_button.clicked.connect(self.print_handout)
        view.save_button.clicked.connect(self.save_pdf)
        view.given_button.clicked.connect(self.record_given)
        view.clinic_settings_button.clicked.connect(lambda: context.open_settings())

        self.print_action = QAction(shortcuts.PRINT[1], view)
        self.print_action.setShortcut(QKeySequence(shortcuts.PRINT[0]))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(self.print_handout)
        view.addAction(self.print_action)
        view.installEventFilter(self)
        self._update_note_count()

    @property
    def widget(self) -> QWidget:
        return self.view

    # --- WorkspacePage --------------------------------------------------------------------

    def set_patient(self, patient_id: int | None) -> None:
        self.note_timer.stop()
        self.patient_id = patient_id
        self.inputs = None
        self.handout = None
        self.pdf = b""
        self.page_count = 0
        # A note is for one patient: never carry it over to the next.
        self.view.note.blockSignals(True)
        self.view.note.clear()
        self.view.note.blockSignals(False)
        self._update_note_count()
        self.view.subtitle.clear()
        self.view.given_label.clear()
        if patient_id is None:
            self.view.show_message("")
            return
        if self.view.isVisible():
            self._asked_at = time.perf_counter()
            self.load()
        else:
            self._stale = True

    def shutdown(self) -> None:
        self.note_timer.stop()

    def settings_changed(self) -> None:
        """The clinic's details were saved: re-read them and show the new header."""
        self._read_clinic()
        if self.inputs is not None:
            self.render_now()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Hide and self.patient_id:
            # While hidden, another page may save a new plan or assessment (a lung-risk
            # point, a red flag): the sheet is gathered again when shown.
            self._stale = True
        if watched is self.view and event.type() == QEvent.Type.Show and self._stale:
            self._asked_at = time.perf_counter()
            # After this show is painted: the tab switch stays instant even on a cold start.
            # Still stale until then: a print or save pressed first gathers the sheet itself.
            QTimer.singleShot(0, self._load_if_stale)
        return False

    def _load_if_stale(self) -> None:
        if self._stale:
            self.load()

    # --- building the sheet ---------------------------------------------------------------

    def load(self) -> None:
        """Gather the inputs for the open patient and show the sheet, or say why not."""
        self._stale = False
        patient_id = self.patient_id
        if patient_id is None:
            return
        if self._asked_at is None:
            self._asked_at = time.perf_counter()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        # A sheet gathered earlier must not stay printable if this one is refused.
        self.handout = None
        self.pdf = b""
        self.page_count = 0
        try:
            self.inputs = gather(self.context, self.view, patient_id)
            if self.inputs is not None:
                self._read_clinic()
                self.render_now()
                self.visit_log.show(self.patient_id)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _read_clinic(self) -> None:
        self.clinic = read_clinic(self.view, self._clinic_folder)
        apply_clinic_defaults(self.view, self.clinic)
        self.view.show_clinic_notice(missing_clinic_details(self.clinic))

    def options(self) -> tuple[bool, Paper]:
        return self.view.large_print.isChecked(), Paper(self.view.paper.currentData())

    def render_now(self) -> None:
        """Build and lay out the sheet with the current options; show it in the preview."""
        from planner.pdf import render_handout

        self.note_timer.stop()
        inputs = self.inputs
        if inputs is None:
            return
        large_print, paper = self.options()
        try:
            self.handout = inputs.job.build(
                clinic=self.clinic, today=self.context.today(), note=self.note_text()
            )
            self.pdf = render_handout(
                self.handout, large_print=large_print, paper=paper, chart=inputs.chart
            )
        except DomainError as exc:  # e.g. a logo ReportLab cannot read
            self.view.show_message(problem_message("The handout could not be made", str(exc)))
            self.view.set_actions_enabled(False)
            self.view.note.setEnabled(True)  # the note may be what to fix
            return
        self.page_count = self.view.show_pdf(self.pdf)
        pages = "1 page" if self.page_count == 1 else f"{self.page_count} pages"
        self.view.pages_label.setText(f"{pages} · {PAPER_LABELS[paper]}")
        if self._asked_at is not None:
            self.last_preview_ms = (time.perf_counter() - self._asked_at) * 1000
            self._asked_at = None

    def note_text(self) -> str:
        return self.view.note.toPlainText()[:NOTE_MAX]

    def _on_note_changed(self) -> None:
        self._update_note_count()
        if self.inputs is not None:
            self.note_timer.start()

    def _update_note_count(self) -> None:
        length = len(self.view.note.toPlainText())
        over = length > NOTE_MAX
        self.view.note_count.setText(
            f"{length} / {NOTE_MAX}" + (": only the first part is printed" if over else "")
        )
        self.view.note_count.setStyleSheet(NOTE_OVER_STYLE if over else "")

    # --- print and save -------------------------------------------------------------------

    def _current(self) -> Handout | None:
        if self._stale:  # shown, the sheet not gathered again yet: not the old one
            self.load()
        if self.note_timer.isActive():  # print what the note box says, not 400 ms ago
            self.render_now()
        return self.handout if self.pdf else None

    def _given_as(self) -> tuple[int | None, int | None]:
        """The patient and plan of the sheet now shown: taken before a question is asked,
        as the page may follow another patient or redraw before the answer comes."""
        plan = self.inputs.job.case.plan if self.inputs is not None else None
        return self.patient_id, plan.id if plan is not None else None

    def save_pdf(self) -> Path | None:
        handout = self._current()
        if handout is None:
            return None
        pdf = self.pdf  # the bytes written: what the record keeps
        given_as = self._given_as()
        path = save_pdf(self.context, self.view, handout, pdf, self.ask_save_path)
        if path is not None:
            self._keep_given(given_as, pdf, "saved", f"Saved the handout to {path}")
        return path

    def print_handout(self) -> bool:
        handout = self._current()
        if handout is None:
            return False
        pdf = self.pdf  # printed from these bytes, not the preview: what the record keeps
        given_as = self._given_as()
        _, paper = self.options()
        sent = print_sheet(self.context, self.view, handout, pdf, paper, self.ask_printer)
        if sent:
            self._keep_given(given_as, pdf, "printed", "Sent the handout to the printer")
        return sent

    def _keep_given(
        self, given_as: tuple[int | None, int | None], pdf: bytes, how: str, done: str
    ) -> None:
        patient_id, plan_id = given_as
        if patient_id is None:
            return
        keep_given(self.context, patient_id, pdf, how=how, plan_id=plan_id, done=done)

    # --- the visit log --------------------------------------------------------------------

    def record_given(self) -> Visit | None:
        """Mark today's visit: handout given; with none logged today, offer to log one."""
        if self.patient_id is None or self.inputs is None:
            return None
        plan = self.inputs.job.case.plan
        return self.visit_log.record_given(self.patient_id, plan, self.confirm)
