"""The Assessment step: complaint, scores, pain drawing, health record and screening.

Importing this package is cheap: the page's modules load when the tab is first shown.
"""

from __future__ import annotations

from planner.ui.shared.drafts import ASSESSMENT
from planner.ui.workspace import (
    PageSpec,
    UnavailablePage,
    WorkspaceContext,
    WorkspacePage,
    draft_notice,
)

ASSESSMENT_PAGE = "assessment"


def build_assessment_page(context: WorkspaceContext) -> WorkspacePage:
    from planner.domain.errors import DomainError
    from planner.ui.assessment.controller import AssessmentController
    from planner.ui.assessment.view import AssessmentPageView

    try:
        chart = context.reference.chart()
    except DomainError as exc:
        return UnavailablePage(
            f"The assessment page cannot open: the body chart is damaged.\n\n{exc}"
        )
    return AssessmentController(context, AssessmentPageView(chart))


ASSESSMENT_SPEC = PageSpec(
    ASSESSMENT_PAGE,
    "Assessment",
    build_assessment_page,
    tip="Pain, function, safety screening and the pain drawing (Ctrl+2)",
    # Offers back an assessment typed in an earlier session (a crash, a kill, a close).
    notice=draft_notice(ASSESSMENT_PAGE, ASSESSMENT, "assessment"),
)
