"""The Course page's save: the course into the latest plan, asking about one saved meanwhile.

The Points page saves into the same plan: saving here re-reads the latest plan and keeps its
points, and asks before replacing a course that someone else saved since the page opened it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from planner.domain.case import Case
from planner.domain.course.override import CourseOverride
from planner.domain.errors import ConflictError, DomainError
from planner.domain.plan import Plan
from planner.ui.course.inputs import CourseInputs, course_of, with_course_of
from planner.ui.course.view import CoursePageView
from planner.ui.shared.editing import DraftSlot, save_or_resolve
from planner.ui.shared.prompts import ConflictChoice
from planner.ui.workspace import WorkspaceContext

CHANGED_MEANWHILE = "Someone else saved a different course for this patient since you opened it."


def override_to_save(
    i: CourseInputs, saved: CourseOverride | None, today: date
) -> CourseOverride | None:
    """The inputs' override; an unchanged one keeps the day it was first recorded."""
    override = i.override(today)
    unchanged = (
        override is not None
        and saved is not None
        and replace(override, recorded_on=saved.recorded_on) == saved
    )
    return saved if unchanged else override


class CourseSaving:
    def __init__(
        self,
        context: WorkspaceContext,
        view: CoursePageView,
        draft: DraftSlot,
        *,
        reload: Callable[[], None],
    ) -> None:
        self.context = context
        self.view = view
        self.draft = draft
        self._reload = reload  # shows the course as saved now

    def save(self, patient_id: int, opened: Case, i: CourseInputs) -> bool:
        """Save i into the latest plan (opened: the case as the page read it)."""
        store = self.context.database.store
        try:
            # The latest plan, so the points chosen on the Points page are kept as they are.
            latest = store.cases.get_case(patient_id)
            changed = course_of(latest.plan) != course_of(opened.plan)

            def unless_changed(force: bool) -> bool:
                if changed and not force:
                    raise ConflictError(CHANGED_MEANWHILE)
                return True

            if not save_or_resolve(
                self._ask_conflict, unless_changed, reload=self._show_theirs, keep=lambda: None
            ):
                return False
            saved = opened.plan.course_override if opened.plan else None
            override = override_to_save(i, saved, self.context.today())
            plan = with_course_of(latest.plan or Plan(), i, override)
            assessment_id = latest.assessment.id if latest.assessment else None
            based_on = latest.plan.id if latest.plan else None
            # A plan saved between the read above and this save is refused by the store (a
            # conflict, not lost) and said on the page.
            store.cases.save_plan(patient_id, plan, assessment_id, based_on=based_on)
        except DomainError as exc:
            self.view.show_message(f"The course was not saved: {exc}")
            return False
        self.draft.discard()
        return True

    def _ask_conflict(self, message: str) -> ConflictChoice:
        return self.context.prompts.resolve_conflict(self.view, message)

    def _show_theirs(self) -> None:
        self.draft.discard()
        self._reload()
        self.context.show_status("Showing the course saved by someone else")
