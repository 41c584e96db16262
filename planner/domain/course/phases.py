"""Phases from per-session weekly limits, and a course's phases fitted to a new count."""

from __future__ import annotations

from collections.abc import Sequence

from planner.domain.course.override import Phase
from planner.domain.course.schedule import session_limits


def fit_phases(phases: Sequence[Phase], count: int) -> tuple[Phase, ...]:
    """phases cut or stretched (at the last phase's rate) to exactly count sessions."""
    return compress(session_limits(phases, count))


def compress(limits: Sequence[int]) -> tuple[Phase, ...]:
    """Per-session weekly limits as phases: [2, 2, 2, 1] -> (1 week x 2), (2 weeks x 1)."""
    phases: list[Phase] = []
    i = 0
    while i < len(limits):
        j = i
        while j < len(limits) and limits[j] == limits[i]:
            j += 1
        weeks, rest = divmod(j - i, limits[i])
        for phase in (Phase(weeks, limits[i]), Phase(1, rest)):
            if not phase.sessions:
                continue
            if phases and phases[-1].per_week == phase.per_week:
                phases[-1] = Phase(phases[-1].weeks + phase.weeks, phase.per_week)
            else:
                phases.append(phase)
        i = j
    return tuple(phases)
