"""The Progress step: pain, disability and function over time, with review decisions.

Importing this package is cheap: QtCharts loads the first time the tab is shown.
"""

from __future__ import annotations

from planner.ui.workspace import PageSpec, WorkspaceContext, WorkspacePage

PROGRESS_PAGE = "progress"


def build_progress_page(context: WorkspaceContext) -> WorkspacePage:
    from planner.ui.progress.controller import ProgressController
    from planner.ui.progress.view import ProgressPageView

    return ProgressController(context, ProgressPageView())


PROGRESS_SPEC = PageSpec(
    PROGRESS_PAGE,
    "Progress",
    build_progress_page,
    tip="Pain, disability and function over time, with the review decisions",
)
