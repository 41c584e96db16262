"""The Visits page's controller: the form (a new visit, a correction, a restored draft), its
draft so typed notes survive a crash or a patient switch, saving with conflicts, and the
wiring. The log with delete and its undo is VisitLog's (log.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from planner.domain.case import Case
from planner.domain.errors import DomainError
from planner.domain.plan import Plan
from planner.domain.visit import Visit
from planner.ui.shared.editing import AUTOSAVE_MS, DraftSlot
from planner.ui.shared.formatting import long_date
from planner.ui.visits import VISIT_DRAFT
from planner.ui.visits.course_info import CourseInfo
from planner.ui.visits.drafts import draft_image, restore_into
from planner.ui.visits.log import VisitLog
from planner.ui.visits.model import TargetRow, VisitLogModel, prefill_targets
from planner.ui.visits.saving import VisitSaving
from planner.ui.visits.view import VisitsPageView
from planner.ui.workspace import WorkspaceContext

DRAFT_KIND = VISIT_DRAFT
AUTOSAVE_DELAY_MS = AUTOSAVE_MS


class VisitsController(QObject):
    visits_changed = Signal()  # a visit was saved, deleted or restored

    def __init__(self, context: WorkspaceContext, view: VisitsPageView) -> None:
        super().__init__(view)
        self.context = context
        self.view = view
        self.form = view.form
        self.model = VisitLogModel(self)
        self.info = CourseInfo(context)  # the planned count and the targets in words
        view.log.setModel(self.model)
        view.fit_log_columns()
        self.log = VisitLog(
            context,
            view,
            self.model,
            shown=self._update_buttons,
            form_follows=self._form_follows_log,
            changed=self._log_changed,
        )
        self.patient_id: int | None = None
        self.case: Case | None = None
        self.plan: Plan | None = None
        self.base: Visit | None = None  # the visit the form edits (id None: a new one)
        self.dirty = False
        self._loading = False
        self.draft = DraftSlot(
            context.drafts,
            DRAFT_KIND,
            on_error=view.show_message,
            write_failed="The draft could not be written ({error}). Save soon.",
        )
        self.saving = VisitSaving(context, view, park=self.autosave, show_theirs=self._show_theirs)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)

        self.form.changed.connect(self._on_changed)
        view.new_button.clicked.connect(self.new_visit)
        view.first_visit_button.clicked.connect(self.new_visit)
        view.correct_button.clicked.connect(self.correct_shown)
        view.save_button.clicked.connect(self.save)
        view.discard_button.clicked.connect(self.discard)
        view.edit_button.clicked.connect(self.open_selected)
        view.log.doubleClicked.connect(lambda _i: self.open_selected())
        view.delete_button.clicked.connect(self.delete_selected)
        view.undo_button.clicked.connect(self.log.undo_stack.undo)
        view.log.selectionModel().currentRowChanged.connect(lambda *_: self._row_chosen())
        self._show_nothing()

    # --- WorkspacePage --------------------------------------------------------------------

    @property
    def widget(self) -> QWidget:
        return self.view

    def set_patient(self, patient_id: int | None) -> None:
        self._park()
        self.patient_id = patient_id
        self.draft.follow(patient_id)
        self.base = None
        self.dirty = False
        self.log.follow(patient_id)
        self.view.show_message("")
        if patient_id is None:
            self._show_nothing()
            return
        self.case = self.plan = None
        try:
            self.case = self.context.database.store.cases.get_case(patient_id)
            self.plan = self.case.plan
        except DomainError as exc:
            self.view.show_message(f"Could not read this patient's plan: {exc}")
        if not self.log.reload():
            return
        self._course_changed()
        if self.draft.waiting():
            self._show_read_only(self.model.visit_at(0))
        elif self.model.visits:
            self._show_read_only(self.model.visits[0])
        else:
            self.new_visit()

    def shutdown(self) -> None:
        self._park()
        self.autosave_timer.stop()  # parked just now; nothing may run after the window goes

    # --- the log --------------------------------------------------------------------------

    def selected_visit(self) -> Visit | None:
        return self.log.selected()

    def _course_changed(self) -> None:
        """The planned count (the response so far moves it) and the names, on the page."""
        self.info.load(self.case, self.model.visits)
        self.info.show_on(self.model, self.form.targets)
        if self.base is not None:
            self.view.form_title.setText(self._title(self.base))

    def _title(self, visit: Visit) -> str:
        return self.info.title(visit, self.model)

    def _row_chosen(self) -> None:
        """A row picked in the log shows that visit (read only), unless typing is at stake."""
        self._update_buttons()
        visit = self.selected_visit()
        if self.log.selecting or visit is None or self.dirty:
            return
        if self.base is None or self.base.id != visit.id:
            self._show_read_only(visit)

    # --- the form -------------------------------------------------------------------------

    def new_visit(self) -> None:
        if self.patient_id is None:
            return
        if self.draft.waiting():
            self.restore_draft()
            return
        if self.base is not None and self.base.id is None and self.dirty:
            return  # already typing a new visit: keep it
        base = Visit(date=self.context.today(), plan_id=self.plan.id if self.plan else None)
        last = self.model.visits[0] if self.model.visits else None
        rows, source = prefill_targets(last, self.plan)
        self._load(base, rows, source)
        self.form.set_read_only(False)
        self.log.select(None)
        self.view.form_title.setText(self._title(base))
        self.view.form_state.setText("Not saved yet · kept as a draft while you type")
        self.form.nprs_before.setFocus()
        self._update_buttons()

    def open_selected(self) -> None:
        visit = self.selected_visit()
        if visit is None:
            return
        if self.dirty and not self._confirm_leave():
            return
        self._load(visit)
        self.form.set_read_only(False)
        self.view.form_title.setText(self._title(visit))
        self.view.form_state.setText("Correcting · change what is wrong, then save")
        self._update_buttons()

    def correct_shown(self) -> None:
        """The saved visit on the form becomes editable."""
        if self.base is not None and self.base.id is not None:
            self.log.select(self.base.id)
            self.open_selected()

    def _show_read_only(self, visit: Visit | None) -> None:
        if visit is None:
            self._load(Visit(date=self.context.today()))
            self.form.set_read_only(True)
            self.base = None
            self.view.form_title.setText("Log visit")
            self.view.form_state.setText(
                "An unsaved visit is waiting: restore or discard it (above)"
                if self.draft.waiting()
                else "Press “Log visit” to record a treatment"
            )
        else:
            self._load(visit)
            self.form.set_read_only(True)
            self.log.select(visit.id)
            self.view.form_title.setText(self._title(visit))
            self.view.form_state.setText("Saved · read only")
        self._update_buttons()

    def _load(self, visit: Visit, rows: list[TargetRow] | None = None, source: str = "") -> None:
        self._loading = True
        try:
            self.form.load(visit, rows, source)
        finally:
            self._loading = False
        self.base = visit
        self.dirty = False
        self.view.show_message("")

    def _show_nothing(self) -> None:
        self.model.set_visits([])
        self._loading = True
        try:
            self.form.load(Visit(date=self.context.today()))
        finally:
            self._loading = False
        self.form.set_read_only(True)
        self.view.subtitle.setText("Select a patient")
        self.view.form_state.setText("")
        self._update_buttons()

    def _on_changed(self) -> None:
        if self._loading or self.form.read_only or self.base is None:
            return
        self.dirty = True
        self.autosave_timer.start()
        self._update_buttons()

    def _update_buttons(self) -> None:
        v = self.view
        has_patient = self.patient_id is not None
        editing = self.base is not None and not self.form.read_only
        v.new_button.setEnabled(has_patient)
        is_new = self.base is not None and self.base.id is None
        v.save_button.setEnabled(editing and (self.dirty or is_new))
        v.discard_button.setEnabled(editing and self.dirty)
        selected = self.selected_visit() is not None
        v.edit_button.setEnabled(selected)
        v.delete_button.setEnabled(selected)
        saved = self.base is not None and self.base.id is not None
        v.correct_button.setVisible(saved and self.form.read_only)

    def _confirm_leave(self) -> bool:
        return self.context.prompts.confirm_discard(self.view)

    # --- drafts ---------------------------------------------------------------------------

    def autosave(self) -> None:
        self.autosave_timer.stop()
        if self.base is None or not self.dirty:
            return
        self.draft.park(draft_image(self.base, self.form))

    def _park(self) -> None:
        """Before the patient changes or the window closes: typing goes to the draft."""
        self.autosave_timer.stop()
        if self.dirty:
            self.autosave()

    def restore_draft(self) -> None:
        if self.patient_id is None:
            return
        draft = self.draft.load()
        if draft is None:
            self.view.show_message("The unsaved visit could not be read; it was kept aside.")
            return
        self._loading = True
        try:
            base, problem = restore_into(self.form, draft.data, self.context.today())
        finally:
            self._loading = False
        if problem:
            self.view.show_message(problem)
        self.base = base
        self.dirty = True
        self.form.set_read_only(False)
        what = "a correction" if base.id is not None else "a new visit"
        self.view.form_title.setText(self._title(base))
        self.view.form_state.setText(f"Restored {what} from {draft.saved_at:%H:%M}; not saved yet")
        self.context.show_status(f"Restored the unsaved visit from {draft.saved_at:%H:%M}")
        self._update_buttons()

    def discard_waiting_draft(self) -> None:
        if self.patient_id is None:
            return
        self.draft.discard()
        if self.base is None:
            self._show_read_only(self.model.visit_at(0))

    # --- actions --------------------------------------------------------------------------

    def save(self) -> bool:
        if self.patient_id is None or self.base is None or self.form.read_only:
            return False
        saved = self.saving.save(self.patient_id, self.form.visit(self.base))
        if saved is None:
            return False
        self._saved(saved)
        return True

    def _show_theirs(self, visit: Visit) -> None:
        assert visit.id is not None
        theirs = self.context.database.store.visits.get(visit.id)
        self._discard_draft_file()
        self._load(theirs)
        self.log.reload(theirs.id)
        self.view.form_state.setText("Reloaded their version")
        self.context.show_status("Reloaded the visit as saved by someone else")

    def _saved(self, saved: Visit) -> None:
        self._discard_draft_file()
        self.form.show_problems([])
        self._load(saved)
        self.form.set_read_only(True)
        self.log.select(saved.id, reload=True)  # the form shows the saved visit already
        self._course_changed()
        self.view.form_state.setText("Saved · read only")
        self.context.show_status(f"Saved the visit of {long_date(saved.date)}")
        self._update_buttons()
        self.visits_changed.emit()

    def _discard_draft_file(self) -> None:
        self.autosave_timer.stop()
        self.draft.discard()
        self.dirty = False

    def discard(self) -> None:
        if self.base is None or not self.dirty:
            return
        if not self.context.prompts.confirm_discard(self.view):
            return
        self._discard_draft_file()
        self.form.show_problems([])
        self._show_read_only(self.model.visit_at(0))
        self.context.show_status("Discarded the unsaved visit")

    def delete_selected(self) -> bool:
        visit = self.selected_visit()
        if visit is None or visit.id is None:
            return False
        if not self.context.prompts.confirm_delete(
            self.view,
            f"the visit of {long_date(visit.date)}",
            what="visit",
            undo_hint="The visit is hidden from the log, never erased. Undo on this page "
            "brings it back.",
        ):
            return False
        if self.base is not None and self.base.id == visit.id and self.dirty:
            self._discard_draft_file()
        self.log.delete(visit)
        return True

    def _log_changed(self) -> None:
        self._course_changed()
        self.visits_changed.emit()

    def _form_follows_log(self, restored: Visit | None) -> None:
        """After a delete (restored None) or its undo: the form follows, unless typing."""
        if restored is None:
            if self.base is not None and self.model.row_of(self.base.id) is None:
                self._show_read_only(self.model.visit_at(0))
        elif not self.dirty:
            self._show_read_only(restored)
