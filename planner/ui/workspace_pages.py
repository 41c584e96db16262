"""The workspace's pages after "Patient", in tab order (Ctrl+2, Ctrl+3, ...).

To add a step (Points, Course, Visits, Progress, Handout): write its page module (a class
with `widget`, `set_patient(patient_id | None)` and `shutdown()`, see
planner.ui.workspace.WorkspacePage), then add a PageSpec below whose `build` imports that
module inside the function, so nothing of it loads before its tab is first shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QLabel, QWidget

from planner.domain.errors import DomainError
from planner.ui.handout import HANDOUT_SPEC
from planner.ui.points import POINTS_SPEC
from planner.ui.shared.drafts import ASSESSMENT
from planner.ui.workspace import (
    Notice,
    NoticeAction,
    PageSpec,
    WorkspaceContext,
    WorkspaceController,
    WorkspacePage,
)

if TYPE_CHECKING:
    from planner.ui.assessment.controller import AssessmentController

ASSESSMENT_PAGE = "assessment"
RESTORE = "Restore"
DISCARD = "Discard"


class UnavailablePage:
    """Stands in for a page whose reference data failed to load: says why, breaks nothing."""

    def __init__(self, message: str) -> None:
        self._label = QLabel(message)
        self._label.setWordWrap(True)
        self._label.setMargin(24)

    @property
    def widget(self) -> QWidget:
        return self._label

    def set_patient(self, patient_id: int | None) -> None:
        pass

    def shutdown(self) -> None:
        pass


def build_assessment_page(context: WorkspaceContext) -> WorkspacePage:
    from planner.ui.assessment.controller import AssessmentController
    from planner.ui.assessment.view import AssessmentPageView

    try:
        chart = context.reference.chart()
    except DomainError as exc:
        return UnavailablePage(
            f"The assessment page cannot open: the body chart is damaged.\n\n{exc}"
        )
    return AssessmentController(context, AssessmentPageView(chart))


def _assessment(workspace: WorkspaceController) -> AssessmentController:
    page = workspace.open(ASSESSMENT_PAGE)
    return cast("AssessmentController", page)


def _restore(workspace: WorkspaceController) -> None:
    page = _assessment(workspace)
    if hasattr(page, "restore_draft"):
        page.restore_draft()


def _discard(workspace: WorkspaceController) -> None:
    page = workspace.page(ASSESSMENT_PAGE)
    if page is not None and hasattr(page, "discard_waiting_draft"):
        cast("AssessmentController", page).discard_waiting_draft()
    elif workspace.patient_id is not None:
        workspace.context.drafts.discard(workspace.patient_id, ASSESSMENT)
    workspace.context.show_status("Discarded the unsaved assessment")


def assessment_notice(context: WorkspaceContext, patient_id: int) -> Notice | None:
    """Offer back an assessment typed in an earlier session (a crash, a kill, a close)."""
    draft = context.drafts.load(patient_id, ASSESSMENT)
    if draft is None:
        return None
    when = draft.saved_at
    day = "" if when.date() == context.today() else f"{when.day} {when:%B}, "
    return Notice(
        f"Restore the unsaved assessment from {day}{when:%H:%M}?",
        (NoticeAction(RESTORE, _restore), NoticeAction(DISCARD, _discard)),
    )


COURSE_PAGE = "course"
VISITS_PAGE = "visits"
PROGRESS_PAGE = "progress"
VISIT_DRAFT = "visit"  # planner.ui.visits.controller's draft kind (kept here: no import)


def build_course_page(context: WorkspaceContext) -> WorkspacePage:
    from planner.ui.course.controller import CourseController
    from planner.ui.course.view import CoursePageView

    return CourseController(context, CoursePageView())


def build_visits_page(context: WorkspaceContext) -> WorkspacePage:
    from planner.ui.visits.controller import VisitsController
    from planner.ui.visits.view import VisitsPageView

    return VisitsController(context, VisitsPageView())


def build_progress_page(context: WorkspaceContext) -> WorkspacePage:
    # QtCharts loads here, the first time the tab is shown, never at start-up.
    from planner.ui.progress.controller import ProgressController
    from planner.ui.progress.view import ProgressPageView

    return ProgressController(context, ProgressPageView())


def _restore_visit(workspace: WorkspaceController) -> None:
    page = workspace.open(VISITS_PAGE)
    if page is not None and hasattr(page, "restore_draft"):
        page.restore_draft()


def _discard_visit(workspace: WorkspaceController) -> None:
    page = workspace.page(VISITS_PAGE)
    if page is not None and hasattr(page, "discard_draft"):
        page.discard_draft()
    elif workspace.patient_id is not None:
        workspace.context.drafts.discard(workspace.patient_id, VISIT_DRAFT)
    workspace.context.show_status("Discarded the unsaved visit")


def visit_notice(context: WorkspaceContext, patient_id: int) -> Notice | None:
    """Offer back a visit typed but not saved in an earlier session."""
    draft = context.drafts.load(patient_id, VISIT_DRAFT)
    if draft is None:
        return None
    when = draft.saved_at
    day = "" if when.date() == context.today() else f"{when.day} {when:%B}, "
    return Notice(
        f"Restore the unsaved visit notes from {day}{when:%H:%M}?",
        (NoticeAction(RESTORE, _restore_visit), NoticeAction(DISCARD, _discard_visit)),
    )


COURSE_SPEC = PageSpec(
    COURSE_PAGE,
    "Course",
    build_course_page,
    tip="How many sessions, how often, reviews and dates; export to a calendar (Ctrl+4)",
)
VISITS_SPEC = PageSpec(
    VISITS_PAGE,
    "Visits",
    build_visits_page,
    tip="Log each treatment: targets, pain before and after, SOAP notes, adverse events",
    notice=visit_notice,
)
PROGRESS_SPEC = PageSpec(
    PROGRESS_PAGE,
    "Progress",
    build_progress_page,
    tip="Pain, disability and function over time, with the review decisions",
)


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        ASSESSMENT_PAGE,
        "Assessment",
        build_assessment_page,
        tip="Pain, function, safety screening and the pain drawing (Ctrl+2)",
        notice=assessment_notice,
    ),
    POINTS_SPEC,  # planner.ui.points: built on first show, like the others
    COURSE_SPEC,
    HANDOUT_SPEC,  # planner.ui.handout
    VISITS_SPEC,
    PROGRESS_SPEC,
)
