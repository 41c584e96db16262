"""Where a patient is in their course: sessions held, and the next one and its date.

What the Patient step's summary says as "session 3 of 8, next Tue 15 Dec". A session is
held when a visit is on record for it: the visits (deleted ones excluded) dated from the
course's first day, so the visits of an earlier course do not count toward this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from planner.domain.visit import Visit


@dataclass(frozen=True)
class CoursePosition:
    total: int  # sessions in the course
    held: int  # visits on record since the course started (may exceed total)
    held_today: bool  # one of them is today's
    last_held: date | None  # the latest of them
    next_session: int | None  # 1-based; None when every session is held
    next_date: date | None  # the date the course plans for it
    next_is_review: bool  # the next session is one the course reviews after

    def missed(self, today: date) -> bool:
        """The next session's planned date has passed: the course's dates are behind (the
        practitioner decides whether to move them; the summary only says so)."""
        return self.next_date is not None and self.next_date < today


def sessions_held(visits: Iterable[Visit], start: date, today: date) -> list[Visit]:
    """The visits that count as the course's sessions, oldest first."""
    held = [v for v in visits if v.deleted_at is None and start <= v.date <= today]
    return sorted(held, key=lambda v: (v.date, v.id or 0))


def course_position(
    dates: Sequence[date],
    reviews_after: Sequence[int],
    visits: Iterable[Visit],
    today: date,
    *,
    start: date | None = None,
) -> CoursePosition:
    """The position in a course of `dates` (one per session, earliest first).

    start is the course's first day (the plan's start date); by default its first date.
    """
    total = len(dates)
    first = start or (dates[0] if dates else today)
    held = sessions_held(visits, first, today)
    count = len(held)
    following = count + 1 if count < total else None
    return CoursePosition(
        total=total,
        held=count,
        held_today=bool(held) and held[-1].date == today,
        last_held=held[-1].date if held else None,
        next_session=following,
        next_date=dates[count] if following is not None else None,
        next_is_review=following is not None and following in reviews_after,
    )
