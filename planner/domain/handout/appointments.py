"""The appointments on the sheet: the course's next dates, and a date in words."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.domain.course.recommendation import CourseRecommendation

# The course's next dates printed on the sheet; the clinic books the rest.
NEXT_APPOINTMENTS = 4

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date, *, weekday: bool = True) -> str:
    """'Tuesday 24 November 2026': month in words, so no reader mixes up day and month.

    Written out here, not with strftime, which follows the computer's locale."""
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def next_appointments(
    course: CourseRecommendation | None, after: date, count: int = NEXT_APPOINTMENTS
) -> tuple[date, ...]:
    """The first `count` dates of the course strictly after `after` (none without a course)."""
    if course is None or count <= 0:
        return ()
    return tuple(d for d in course.dates if d > after)[:count]
