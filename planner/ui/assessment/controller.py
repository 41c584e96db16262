"""The Assessment page's behaviour: new/correct/save/discard and the draft. The page owns
the history list (history.py), the live screening (screening.py) and the clearances
(clearances.py).

States: viewing a saved assessment (read only), editing a new one (autosaved as a draft),
or waiting while an earlier session's draft is offered back (the workspace's notice).
Screening reruns ~200 ms after the typing pauses; the draft is written ~600 ms after it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from planner.domain.assessment import Assessment
from planner.domain.errors import DomainError
from planner.domain.health_record import starting_assessment
from planner.ui.assessment.clearances import ClearanceRecorder
from planner.ui.assessment.history import AssessmentHistory
from planner.ui.assessment.screening import LiveScreening
from planner.ui.assessment.view import AssessmentPageView
from planner.ui.shared.drafts import ASSESSMENT
from planner.ui.shared.editing import AUTOSAVE_MS, DraftSlot
from planner.ui.shared.formatting import long_date
from planner.ui.workspace import WorkspaceContext

AUTOSAVE_DELAY_MS = AUTOSAVE_MS
FIX_FIELDS = "Fix the marked fields to save: nothing has been saved yet."


def _content(state: dict[str, Any]) -> dict[str, Any]:
    """A form image without its dates and what it corrects, to tell typing from none."""
    skip = ("date", "onset_date", "consent_date", "corrects")
    return {k: v for k, v in state.items() if k not in skip}


class AssessmentController(QObject):
    def __init__(self, context: WorkspaceContext, view: AssessmentPageView) -> None:
        super().__init__(view)
        self.context = context
        self.view = view
        self.form = view.form
        self.history = AssessmentHistory(view.history, self, on_pick=self._on_pick)
        self.model = self.history.model
        self.patient_id: int | None = None
        self.correcting: int | None = None  # the saved assessment being corrected
        self.editing = False
        # The typing on disk. A form as it was when editing started (_blank: a new one with
        # the carried record, or the version being corrected) holds no typing: no draft.
        self.draft = DraftSlot(
            context.drafts,
            ASSESSMENT,
            on_error=view.show_message,
            write_failed="The draft could not be written ({error}). Save soon.",
        )
        self._parked: dict[str, Any] | None = None  # the new assessment, while viewing another
        self._checked_once = False  # after a refused save, messages follow the typing

        self.form.load(Assessment(date=context.today()))
        self._blank = _content(self.form.to_json())

        self.screening = LiveScreening(context, view, self.form)
        self.clearances = ClearanceRecorder(
            context, view, self.form, self.screening, self.history, on_saved=self._view_saved
        )
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)

        self.form.changed.connect(self._on_changed)
        view.new_button.clicked.connect(self.new_assessment)
        view.save_button.clicked.connect(self.save)
        view.discard_button.clicked.connect(self.discard)
        view.correct_button.clicked.connect(self.correct)
        self.form.flags.clearance_button.clicked.connect(self.record_clearance)
        self._show_nothing()

    # --- WorkspacePage --------------------------------------------------------------------

    @property
    def widget(self) -> QWidget:
        return self.view

    def set_patient(self, patient_id: int | None) -> None:
        self._park_to_disk()
        self.patient_id = patient_id
        self.draft.follow(patient_id)
        self.screening.follow(patient_id)
        self.editing = False
        self.correcting = None
        self._parked = None
        self._checked_once = False
        self.view.show_message("")
        if patient_id is None:
            self.model.set_assessments([], unsaved=False)
            self._show_nothing()
            return
        try:
            store = self.context.database.store
            assessments = store.cases.assessments(patient_id)
            case = store.cases.get_case(patient_id)
            self.screening.know(case.plan, case.patient.birth_date)
        except DomainError as exc:
            self.model.set_assessments([], unsaved=False)
            self._show_nothing()
            self.view.show_message(f"Could not read this patient's assessments: {exc}")
            return
        self.model.set_assessments(assessments, unsaved=False)
        if self.draft_pending():
            self._show_latest_or_waiting()
        elif assessments:
            self._view_saved(assessments[0])
        else:
            self.new_assessment()

    def shutdown(self) -> None:
        self._park_to_disk()
        self.screening.stop()
        self.autosave_timer.stop()  # the draft was just written

    # --- drafts ---------------------------------------------------------------------------

    def draft_pending(self) -> bool:
        """A draft from another session waits to be restored or discarded."""
        return self.draft.waiting()

    def autosave(self) -> None:
        self.autosave_timer.stop()
        if self.patient_id is None or not self.editing or self.form.read_only:
            return
        self._write_draft(self._typed())

    def _typed(self) -> dict[str, Any]:
        """The form as a draft, and which saved assessment it corrects (if it does)."""
        return {**self.form.to_json(), "corrects": self.correcting}

    def _write_draft(self, state: dict[str, Any]) -> None:
        if self.draft.park(None if _content(state) == self._blank else state):
            self.view.subtitle.setText(f"Not saved yet · draft kept at {_now_hm()}")

    def _park_to_disk(self) -> None:
        """Before the patient changes or the window closes: the typing goes to the draft."""
        self.autosave_timer.stop()
        if self.patient_id is None:
            return
        if self.editing and not self.form.read_only:
            self._write_draft(self._typed())
        elif self._parked is not None:
            self._write_draft(self._parked)

    def restore_draft(self) -> None:
        """Load the waiting draft into the form (the workspace's Restore button)."""
        if self.patient_id is None:
            return
        draft = self.draft.load()
        if draft is None:
            self.view.show_message("The unsaved assessment could not be read; it was kept aside.")
            return
        # A correction stays a correction (saving it then says if someone corrected it since).
        corrects = draft.data.get("corrects")
        self.correcting = corrects if isinstance(corrects, int) else None
        self._start_editing()
        try:
            self.form.load_json(draft.data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self.view.show_message(f"Part of the unsaved assessment could not be restored: {exc}")
        what = "correction" if self.correcting is not None else "draft"
        saved_at = f"{draft.saved_at:%H:%M}"
        self.view.subtitle.setText(f"Restored the {what} from {saved_at}; not saved yet")
        self.context.show_status(f"Restored the unsaved assessment from {draft.saved_at:%H:%M}")
        self.screening.schedule(now=True)

    def discard_waiting_draft(self) -> None:
        """The workspace's Discard button: drop an earlier session's draft."""
        if self.patient_id is None:
            return
        self.draft.discard()
        if not self.editing and not self.model.saved:
            self.new_assessment()
        self._update_buttons()

    # --- actions --------------------------------------------------------------------------

    def new_assessment(self) -> None:
        if self.patient_id is None or self.draft_pending():
            return
        if self.editing or self._parked is not None:
            self._resume_editing()
            return
        previous = self.history.current()
        start = starting_assessment(previous, Assessment(date=self.context.today()))
        self._set_carried(previous)
        self.correcting = None
        self.form.load(start)
        self._start_editing()
        if previous is not None:
            self.view.subtitle.setText(
                "Not saved yet · started from the last assessment's health record; untick "
                "what no longer applies"
            )
        self.form.visit.complaint_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def correct(self) -> None:
        """Edit the saved assessment on show as a corrected version (the old one is kept)."""
        current = self.history.current()
        if self.patient_id is None or self.editing or self.draft_pending() or current is None:
            return
        self.correcting = current.id
        self._set_carried(current)  # unticking here removes an item on purpose too
        self.form.load(current)
        self._start_editing()

    def _set_carried(self, source: Assessment | None) -> None:
        self.form.carried = (*source.conditions, *source.red_flags) if source else ()
        self.form.carried_medications = bool(source and source.medications)

    def record_clearance(self) -> None:
        """Ask who cleared a standing red flag; kept with the assessment on show."""
        self.clearances.record(self.patient_id, editing=self.editing)

    def save(self) -> None:
        if self.patient_id is None or not self.editing:
            return
        self._checked_once = True
        problems = self.form.problems(self.context.today())
        general = self.form.show_problems(problems)
        if problems:
            self.view.show_message(" ".join([FIX_FIELDS, *general]))
            return
        cases = self.context.database.store.cases
        try:
            if self.correcting is not None:
                saved = cases.correct_assessment(self.correcting, self.form.assessment())
            else:
                saved = cases.save_assessment(self.patient_id, self.form.assessment())
        except DomainError as exc:
            # The typing stays in the form and in the draft.
            self.autosave()
            self.view.show_message(f"Could not save: {exc}")
            return
        self.autosave_timer.stop()
        self.draft.discard()
        self.editing = False
        self.correcting = None
        self._parked = None
        self._checked_once = False
        self.view.show_message("")
        self.model.set_assessments(
            self.context.database.store.cases.assessments(self.patient_id), unsaved=False
        )
        self._view_saved(saved)
        self.context.show_status(f"Saved the assessment of {long_date(saved.date)}")

    def discard(self) -> None:
        if self.patient_id is None or not (self.editing or self._parked is not None):
            return
        state = self.form.to_json() if self.editing else (self._parked or {})
        if _content(state) != self._blank and not self.context.prompts.confirm_discard(self.view):
            return
        self.autosave_timer.stop()
        self.draft.discard()
        self.editing = False
        self.correcting = None
        self._parked = None
        self._checked_once = False
        self.view.show_message("")
        self.form.show_problems([], focus=False)
        self.model.set_unsaved(False)
        self._show_latest_or_waiting()
        self.context.show_status("Discarded the unsaved assessment")

    # --- showing --------------------------------------------------------------------------

    def _start_editing(self, *, resuming: bool = False) -> None:
        self.editing = True
        if not resuming:  # back to parked typing: still measured against where it began
            self._blank = _content(self.form.to_json())
        self._parked = None
        self._checked_once = False
        self.form.set_read_only(False)
        self.model.set_unsaved(True)
        self.history.select(0)
        corrected = next((a for a in self.model.saved if a.id == self.correcting), None)
        self.view.show_editing(correcting=self.correcting is not None, corrected=corrected)
        self._update_buttons()
        self.screening.schedule(now=True)

    def _resume_editing(self) -> None:
        parked, self._parked = self._parked, None
        if parked is not None:
            self.form.load_json(parked)
        self._start_editing(resuming=True)

    def _view_saved(self, a: Assessment) -> None:
        if self.editing:
            self._parked = self._typed()
            self.autosave_timer.stop()
            self._write_draft(self._parked)
            self.editing = False
        self.form.load(a)
        self.form.set_read_only(True)
        row = self.model.row_of(a.id)
        if row is not None:
            self.history.select(row)
        current = self.history.current()
        self.view.show_saved(a, latest=current is not None and current.id == a.id)
        self._update_buttons()
        self.screening.schedule(now=True)

    def _show_latest_or_waiting(self) -> None:
        saved = self.model.saved
        if saved:
            self._view_saved(saved[0])
            return
        self.form.load(Assessment(date=self.context.today()))
        self.form.set_read_only(True)
        self.view.show_none_saved(draft_waiting=self.draft_pending())
        self._update_buttons()
        self.screening.schedule(now=True)

    def _show_nothing(self) -> None:
        self.form.load(Assessment(date=self.context.today()))
        self.form.set_read_only(True)
        self.view.show_no_patient()
        self.screening.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.view.show_actions(
            has_patient=self.patient_id is not None,
            draft_waiting=self.draft_pending(),
            editing=self.editing,
            parked=self._parked is not None,
            on_current=self.history.showing_current(),
            any_saved=bool(self.model.saved),
        )

    def _on_pick(self, a: Assessment | None) -> None:
        """A row of the history chosen by hand: None is the unsaved assessment."""
        if a is None:
            if not self.editing:
                self._resume_editing()
        else:
            self._view_saved(a)

    # --- typing, validation and screening ---------------------------------------------------

    def _on_changed(self) -> None:
        if self.editing and not self.form.read_only:
            self.autosave_timer.start()
            if self._checked_once:
                # After a refused save, messages follow the typing; focus stays put.
                self.form.show_problems(self.form.problems(self.context.today()), focus=False)
        self.screening.schedule()


def _now_hm() -> str:
    return f"{datetime.now():%H:%M}"
