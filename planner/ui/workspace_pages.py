"""The workspace's pages after "Patient", in tab order (Ctrl+2, Ctrl+3, ...).

To add a step: make a package planner/ui/<step>/ whose __init__ holds a PageSpec and a
`build` function that imports the page's modules inside it (so nothing of the page loads
before its tab is first shown), then list the spec here. See docs/architecture.md.
"""

from __future__ import annotations

from planner.ui.assessment import ASSESSMENT_SPEC
from planner.ui.course import COURSE_SPEC
from planner.ui.handout import HANDOUT_SPEC
from planner.ui.points import POINTS_SPEC
from planner.ui.progress import PROGRESS_SPEC
from planner.ui.visits import VISITS_SPEC
from planner.ui.workspace import PageSpec

PAGES: tuple[PageSpec, ...] = (
    ASSESSMENT_SPEC,
    POINTS_SPEC,
    COURSE_SPEC,
    HANDOUT_SPEC,
    VISITS_SPEC,
    PROGRESS_SPEC,
)
