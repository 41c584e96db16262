"""The Course step: sessions, frequency, reviews and dates, with the evidence.

Importing this package is cheap: the page's modules load when the tab is first shown.
"""

from __future__ import annotations

from planner.ui.workspace import PageSpec, WorkspaceContext, WorkspacePage

COURSE_PAGE = "course"


def build_course_page(context: WorkspaceContext) -> WorkspacePage:
    from planner.ui.course.controller import CourseController
    from planner.ui.course.view import CoursePageView

    return CourseController(context, CoursePageView())


COURSE_SPEC = PageSpec(
    COURSE_PAGE,
    "Course",
    build_course_page,
    tip="How many sessions, how often, reviews and dates; export to a calendar (Ctrl+4)",
)
