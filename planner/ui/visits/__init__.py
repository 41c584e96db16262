"""The Visits step: each treatment logged, with pain before and after and SOAP notes.

Importing this package is cheap: the page's modules load when the tab is first shown.
"""

from __future__ import annotations

from planner.ui.workspace import PageSpec, WorkspaceContext, WorkspacePage, draft_notice

VISITS_PAGE = "visits"
VISIT_DRAFT = "visit"  # the draft kind of planner.ui.visits.controller


def build_visits_page(context: WorkspaceContext) -> WorkspacePage:
    from planner.ui.visits.controller import VisitsController
    from planner.ui.visits.view import VisitsPageView

    return VisitsController(context, VisitsPageView())


VISITS_SPEC = PageSpec(
    VISITS_PAGE,
    "Visits",
    build_visits_page,
    tip="Log each treatment: targets, pain before and after, SOAP notes, adverse events",
    notice=draft_notice(VISITS_PAGE, VISIT_DRAFT, "visit notes"),
)
