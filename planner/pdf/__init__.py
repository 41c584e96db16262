"""ReportLab rendering of a domain Handout (and the vector body chart).

ReportLab is imported on first use, not when planner.pdf is imported: the GUI and the other
commands do not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.domain.bodychart import BodyChart
    from planner.domain.handout import Handout, Paper


def render_handout(
    handout: Handout,
    *,
    large_print: bool = False,
    paper: Paper | str = "a4",
    chart: BodyChart | None = None,
) -> bytes:
    """The handout as PDF bytes; see planner.pdf.handout.render_handout."""
    from planner.pdf.handout import render_handout as render

    return render(handout, large_print=large_print, paper=paper, chart=chart)


__all__ = ["render_handout"]
