"""The Points page: choosing acupoints and trigger-point regions to needle.

Importing this package is cheap: the page's modules (and the catalog, rules and chart they
need) load only when the tab is first shown, through build_points_page.
"""

from __future__ import annotations

from planner.ui.workspace import PageSpec, UnavailablePage, WorkspaceContext, WorkspacePage

POINTS_PAGE = "points"


def build_points_page(context: WorkspaceContext) -> WorkspacePage:
    from planner.catalog.bodychart_positions import load_positions
    from planner.domain.errors import DomainError
    from planner.ui.points.controller import PointsController
    from planner.ui.points.view import PointsPageView

    try:
        screening = context.reference.screening()
        chart = context.reference.chart()
        positions = load_positions()
    except DomainError as exc:
        return UnavailablePage(f"The points page cannot open: reference data is damaged.\n\n{exc}")
    return PointsController(context, PointsPageView(chart), screening, positions)


POINTS_SPEC = PageSpec(
    POINTS_PAGE,
    "Points",
    build_points_page,
    tip="Choose acupoints and trigger-point regions, screened for this patient",
)
