"""The Handout page: the aftercare sheet for the open patient, previewed, printed, saved.

Importing this package is cheap: ReportLab, QtPdf and QtPrintSupport load only when the tab
is first shown (build_handout_page) or when the user prints.
"""

from __future__ import annotations

from planner.ui.workspace import PageSpec, WorkspaceContext, WorkspacePage

HANDOUT_PAGE = "handout"


def build_handout_page(context: WorkspaceContext) -> WorkspacePage:
    from planner.ui.handout.controller import HandoutController
    from planner.ui.handout.view import HandoutPageView

    return HandoutController(context, HandoutPageView())


HANDOUT_SPEC = PageSpec(
    HANDOUT_PAGE,
    "Handout",
    build_handout_page,
    tip="The aftercare sheet the patient takes home: preview, print, save",
)
