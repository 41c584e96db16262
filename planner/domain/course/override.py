"""The practitioner's changes to a recommended course, kept with the plan.

Every number the planner recommends can be overridden: the session count, the phases, the
reviews, and the date of any single session. planner.domain.course.overridden applies them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.domain import wording
from planner.domain.bounds import date_problem
from planner.domain.errors import FieldProblem

# Sanity bounds for typed-in numbers, not clinical limits: a year of weekly sessions, a session
# every day of the week. The schema (resources/schema/case.schema.json) says the same.
SESSIONS_MIN, SESSIONS_MAX = 1, 52
WEEKS_MIN, WEEKS_MAX = 1, 52
PER_WEEK_MIN, PER_WEEK_MAX = 1, 7
PHASES_MAX = 6
REASON_MAX = 2_000


@dataclass(frozen=True)
class Phase:
    """A stretch of the course: `weeks` calendar weeks (Mon-Sun) of at most `per_week`."""

    weeks: int
    per_week: int

    @property
    def sessions(self) -> int:
        return self.weeks * self.per_week


@dataclass(frozen=True)
class SessionMove:
    """Session number `session` (1-based) moved to `date`."""

    session: int
    date: dt.date


@dataclass(frozen=True)
class CourseOverride:
    """None (or empty) leaves the recommendation's number as it is."""

    sessions: int | None = None
    phases: tuple[Phase, ...] | None = None
    reviews_after: tuple[int, ...] | None = None
    moves: tuple[SessionMove, ...] = ()
    reason: str = ""
    recorded_on: dt.date | None = None

    def planned_sessions(self) -> int | None:
        """The session count this override fixes by itself, if any."""
        if self.sessions is not None:
            return self.sessions
        if self.phases:
            return sum(p.sessions for p in self.phases)
        return None


def override_problems(o: CourseOverride, *, prefix: str = "course_override.") -> list[FieldProblem]:
    """The rules an override breaks on its own (apply_override checks it against a course)."""
    found: list[tuple[str, str | None]] = []
    if o.sessions is not None:
        found.append(("sessions", wording.out_of_range(o.sessions, SESSIONS_MIN, SESSIONS_MAX)))
    if o.phases is not None:
        if not o.phases:
            found.append(("phases", "is empty; leave it out to keep the recommended phases"))
        elif len(o.phases) > PHASES_MAX:
            found.append(("phases", wording.too_many(len(o.phases), PHASES_MAX)))
        for i, phase in enumerate(o.phases):
            found.append((f"phases[{i}].weeks", wording.out_of_range(phase.weeks, 1, WEEKS_MAX)))
            found.append(
                (
                    f"phases[{i}].per_week",
                    wording.out_of_range(phase.per_week, PER_WEEK_MIN, PER_WEEK_MAX),
                )
            )
    total = o.planned_sessions()
    phases_ok = not any(message for field, message in found if field.startswith("phases"))
    if o.sessions is not None and o.phases and phases_ok:
        in_phases = sum(p.sessions for p in o.phases)
        if in_phases != o.sessions:
            found.append(("phases", f"add up to {in_phases} sessions but sessions is {o.sessions}"))
    found += _review_problems(o.reviews_after or (), total)
    found += _move_problems(o.moves, total)
    if len(o.reason) > REASON_MAX:
        found.append(("reason", wording.too_long(REASON_MAX)))
    if o.recorded_on is not None:
        found.append(("recorded_on", date_problem(o.recorded_on)))
    return [FieldProblem(prefix + field, message) for field, message in found if message]


def _review_problems(reviews: tuple[int, ...], total: int | None) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for i, after in enumerate(reviews):
        field = f"reviews_after[{i}]"
        if after < 1:
            found.append((field, wording.below_minimum(after, 1)))
        elif total is not None and after > total:
            found.append((field, after_last(after, total)))
        elif i and after <= reviews[i - 1]:
            found.append((field, f"{after} does not come after the review at {reviews[i - 1]}"))
    return found


def _move_problems(
    moves: tuple[SessionMove, ...], total: int | None
) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    seen: set[int] = set()
    for i, move in enumerate(moves):
        field = f"moves[{i}].session"
        if move.session < 1:
            found.append((field, wording.below_minimum(move.session, 1)))
        elif total is not None and move.session > total:
            found.append((field, f"there is no session {move.session} in {total} sessions"))
        elif move.session in seen:
            found.append((field, f"session {move.session} is moved twice"))
        seen.add(move.session)
        found.append((f"moves[{i}].date", date_problem(move.date)))
    return found


def after_last(after: int, total: int) -> str:
    return f"a review after session {after} comes after the last session ({total})"
