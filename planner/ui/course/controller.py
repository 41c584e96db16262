"""The Course page's controller: the page's state, its loading, and the wiring.

Every number comes from planner.domain.course (course_with_response); the controller holds
the practitioner's inputs (CourseInputs), asks the domain, and hands the answer on. Edits
are coalesced through a 0 ms timer, so a delegate's commit never resets the model it is
committing to. Its collaborators: InputEdits and DateEdits (the widgets into the inputs),
CourseDisplay (the course, or why there is none), CourseSaving (into the latest plan),
SessionTimes (the time of each day), HolidayOffer (public holidays as skipped dates) and
IcsExport (the dates as a calendar file).

The plan keeps the course's inputs (start date, clinic days, the patient's preferred days,
skipped dates, the NICE cap) and the CourseOverride, which holds only what the practitioner
overrides (count, phases, reviews, moved dates).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from planner.domain.case import Case
from planner.domain.course.for_case import course_with_response
from planner.domain.course.override import CourseOverride
from planner.domain.course.recommendation import CourseRecommendation
from planner.domain.errors import DomainError, FieldProblem, ValidationError
from planner.domain.findings import Finding
from planner.domain.gate import stopping_findings
from planner.domain.plan import Plan, plan_problems
from planner.domain.screening import screen_case
from planner.domain.visit import Visit
from planner.ui.course.date_edits import DateEdits
from planner.ui.course.display import CourseDisplay
from planner.ui.course.export import ChoosePath, IcsExport, choose_ics_path
from planner.ui.course.holidays import HolidayOffer
from planner.ui.course.input_edits import InputEdits
from planner.ui.course.inputs import CourseInputs, field_key, inputs_from_plan, with_course_of
from planner.ui.course.model import PhasesModel, SessionsModel
from planner.ui.course.saving import CourseSaving
from planner.ui.course.times import SessionTimes
from planner.ui.course.view import CoursePageView
from planner.ui.course.wording import sentence, short_date
from planner.ui.shared.editing import DraftSlot
from planner.ui.workspace import WorkspaceContext

DRAFT_KIND = "course"
NOT_UPDATED = "Fix the marked fields: the dates below are the last ones that worked."


class CourseController(QObject):
    def __init__(
        self,
        context: WorkspaceContext,
        view: CoursePageView,
        *,
        choose_path: ChoosePath = choose_ics_path,
        clinic_folder: Path | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(view)
        self.context = context
        self.view = view
        self.clinic_folder = clinic_folder  # clinic.json's folder (None: the config folder)
        self.timer = QTimer(self)
        self.times = SessionTimes(view, today=context.today, clock=clock, changed=self.timer.start)
        self.ics = IcsExport(
            view,
            context.show_status,
            choose_path,
            starts=self.times.starts,
            clinic_folder=clinic_folder,
        )
        self.sessions_model = SessionsModel(self)
        self.phases_model = PhasesModel(self)
        view.table.setModel(self.sessions_model)
        view.phases.setModel(self.phases_model)
        self.display = CourseDisplay(view, self.sessions_model, self.phases_model, self.times)
        self.draft = DraftSlot(
            context.drafts,
            DRAFT_KIND,
            on_error=context.show_status,
            write_failed="The unsaved course could not be kept: {error}",
        )
        self.saving = CourseSaving(context, view, self.draft, reload=self.load)
        self.patient_id: int | None = None
        self.case: Case | None = None
        self.visits: list[Visit] = []
        self.findings: list[Finding] = []
        self.inputs: CourseInputs | None = None
        self.saved_inputs: CourseInputs | None = None
        self.course: CourseRecommendation | None = None
        self.recommended: CourseRecommendation | None = None
        self.problems: dict[str, list[str]] = {}
        self.no_course_reason = ""

        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.recompute)
        self.edits = InputEdits(
            view,
            self.phases_model,
            inputs=lambda: self.inputs,
            update=self._update,
            shown_sessions=lambda: self.course.sessions if self.course else None,
        )
        self.dates = DateEdits(
            view,
            self.sessions_model,
            inputs=lambda: self.inputs,
            update=self._update,
            show_inputs=self.edits.show,
        )
        self.holidays = HolidayOffer(
            view,
            inputs=lambda: self.inputs,
            course_for=lambda i: self._compute(i)[0],
            set_skips=self.dates.set_skips,
            show_status=context.show_status,
            clinic_folder=clinic_folder,
        )
        self.holidays.names = self.edits.holiday_names  # the list names what the offer added

        v = view
        v.holidays_button.clicked.connect(self.holidays.add)
        v.revert_button.clicked.connect(self.revert)
        v.save_button.clicked.connect(self.save)
        v.export_button.clicked.connect(lambda: self.export_ics())
        self._show_nothing("Select a patient")

    # --- WorkspacePage --------------------------------------------------------------------

    @property
    def widget(self) -> QWidget:
        return self.view

    def set_patient(self, patient_id: int | None) -> None:
        self._park_draft()
        self.patient_id = patient_id
        self.draft.follow(patient_id)
        self.case = None
        self.inputs = self.saved_inputs = None
        self.course = self.recommended = None
        self.view.show_message("")
        if patient_id is None:
            self._show_nothing("Select a patient")
            return
        self.load()

    def shutdown(self) -> None:
        self._park_draft()
        self.timer.stop()

    # --- loading --------------------------------------------------------------------------

    def load(self) -> None:
        """Read the case and its screening, then show the saved course (or a waiting draft)."""
        if self.patient_id is None:
            return
        today = self.context.today()
        try:
            store = self.context.database.store
            self.case = store.cases.get_case(self.patient_id)
            self.visits = store.visits.for_patient(self.patient_id)
            screening = self.context.reference.screening()
        except DomainError as exc:
            self._show_nothing(f"The course cannot be planned: {exc}")
            return
        self.findings = screen_case(self.case, screening.catalog, screening.rules)
        self.saved_inputs = inputs_from_plan(self.case.plan, today, self._nice_cap_default())
        inputs = self.saved_inputs
        draft = self.draft.load()
        restored = ""
        if draft is not None:
            try:
                inputs = CourseInputs.from_json(draft.data)
                restored = f"Restored the unsaved course changes from {draft.saved_at:%H:%M}"
            except (KeyError, ValueError, TypeError):
                self.draft.keep_aside()
                restored = "The unsaved course changes could not be read; they were kept aside"
        self.inputs = inputs
        self.edits.show(inputs, first=True)
        self.ics.location()  # Settings may have changed the clinic since the page last read it
        self.recompute()
        if restored:
            self.context.show_status(restored)

    def _nice_cap_default(self) -> bool:
        """The clinic's default for NICE NG193's cap (Settings); off when clinic.json is bad."""
        from planner.casefile.clinic import read_nice_cap

        try:
            return read_nice_cap(self.clinic_folder)
        except DomainError:
            return False

    def _show_nothing(self, subtitle: str) -> None:
        self.display.show_nothing(subtitle)
        if self.patient_id is not None:
            self.view.show_message(subtitle)

    # --- edits ----------------------------------------------------------------------------

    def _update(self, **changes: Any) -> None:
        if self.inputs is None:
            return
        self.inputs = replace(self.inputs, **changes)
        self.timer.start()

    def revert(self) -> None:
        if self.patient_id is None:
            return
        self.draft.discard()
        self.load()
        self.context.show_status("Back to the saved course")

    # --- the course -----------------------------------------------------------------------

    def pending(self) -> bool:
        return self.timer.isActive()

    def _case_with(self, i: CourseInputs, override: CourseOverride | None) -> Case:
        assert self.case is not None
        return replace(self.case, plan=with_course_of(self.case.plan or Plan(), i, override))

    def _today_check(self, i: CourseInputs) -> date | None:
        """Refuse a start in the past only for a new start date, not a running course."""
        saved = self.case.plan if self.case else None
        if saved is not None and saved.start_date == i.start_date:
            return None
        return self.context.today()

    def _compute(self, i: CourseInputs) -> tuple[CourseRecommendation | None, list[FieldProblem]]:
        """The course for these inputs, or the problems at their fields."""
        case = self._case_with(i, i.override(self.context.today()))
        assert case.plan is not None
        # The plan's own rules for the calendar (a preferred day the clinic is closed on).
        rules = [
            p
            for p in plan_problems(case.plan)
            if p.field.startswith(("plan.preferred_days", "plan.skip_dates"))
        ]
        try:
            # The pain recorded at reviews already held moves the count (good or poor response).
            course = course_with_response(
                case, self.findings, self.visits, today=self._today_check(i)
            )
        except ValidationError as error:
            return None, [*rules, *error.problems]
        return (None, rules) if rules else (course, [])

    def recompute(self) -> None:
        self.timer.stop()
        i = self.inputs
        if i is None or self.case is None:
            return
        course, problems = self._compute(i)
        refused = self.dates.refused_move(problems)
        if refused is not None:
            # A move the calendar cannot take is undone at once and said beside the table.
            move, why = refused
            moves = tuple(m for m in i.moves if m != move)
            self.inputs = i = replace(i, moves=moves)
            self.recompute()
            self.view.set_field_problem(
                "moves", f"Session {move.session} cannot move to {short_date(move.date)}: {why}."
            )
            return
        grouped: dict[str, list[str]] = {}
        for p in problems:
            grouped.setdefault(field_key(p.field), []).append(sentence(p.message))
        if i.reviews_problem:
            grouped.setdefault("reviews_after", []).insert(0, sentence(i.reviews_problem))
        self.problems = grouped
        stop = stopping_findings(self.findings)  # the safety gate's reasons, if any
        if course is None and not problems and stop:
            self._show_refer(stop)
            return
        self.view.refer_banner.show_findings([])
        self.display.set_editable(True)
        self.view.show_field_problems(grouped)
        general = grouped.get("", [])
        if course is not None and not grouped:
            self.course = course
            self.recommended = self._compute(
                replace(i, sessions=None, phases=None, reviews_after=None, moves=(), reason="")
            )[0]
            self.display.show_course(course, self.recommended, i)
            self.view.show_message("")
        elif self.course is None:
            self.no_course_reason = self.display.clear_course()
            self.view.show_message(" ".join(general) or NOT_UPDATED)
        else:
            self.view.show_message(" ".join([*general, NOT_UPDATED]))
        self._update_state()

    def _show_refer(self, stop: list[Finding]) -> None:
        """No course: the safety gate stops the plan (a red flag or a block)."""
        self.course = self.recommended = None
        self.no_course_reason = self.display.show_refer(stop)
        self._update_state()

    def _update_state(self) -> None:
        plan = self.case.plan if self.case is not None else None
        self.display.show_state(
            dirty=self.is_dirty(),
            can_save=self.course is not None and not self.problems,
            no_course=self.course is None and bool(self.no_course_reason),
            plan=plan,
        )

    def is_dirty(self) -> bool:
        if self.inputs is None or self.saved_inputs is None:
            return False
        if self.case is not None and (self.case.plan is None or not self.case.plan.start_date):
            return True  # a course never saved: the page proposes one
        return self.inputs != self.saved_inputs

    # --- drafts ---------------------------------------------------------------------------

    def _park_draft(self) -> None:
        self.timer.stop()
        if self.inputs is None or self.saved_inputs is None:
            return
        self.draft.park(None if self.inputs == self.saved_inputs else self.inputs.to_json())

    # --- save -----------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the course into the latest plan; ask first if someone else changed the course."""
        i = self.inputs
        if self.patient_id is None or i is None or self.case is None:
            return False
        self.recompute()
        if self.problems or self.course is None:
            self.view.show_message("Fix the marked fields to save: nothing has been saved yet.")
            return False
        if not self.saving.save(self.patient_id, self.case, i):
            return False
        self.load()
        self.context.show_status(
            f"Saved the course: {self.course.sessions if self.course else 0} sessions"
        )
        return True

    # --- export ---------------------------------------------------------------------------

    def export_ics(self, path: Path | None = None) -> Path | None:
        """Write the dates as an .ics file; path None asks where (a save dialog)."""
        name = self.case.patient.name if self.case is not None else None
        return self.ics.export(self.course, name, self.no_course_reason, path)
