"""The time of day each session starts: one per weekday (the clinic's hours differ by day),
and never a time already past for a session today.

A course's first session is often today's consultation: at 14:20 a session "today at 09:00"
would be put in the patient's calendar in the past, so it starts at the next quarter hour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from planner.domain.vocab import WEEKDAYS

# The clinic's usual opening, the time of a weekday the practitioner has not set.
DEFAULT_TIME = time(9, 0)
# Today's session, when its time has passed, starts at the next multiple of this.
ROUND_MINUTES = 15
_LAST_TIME = time(23, 45)


def session_starts(
    dates: Sequence[date],
    by_weekday: Mapping[str, time],
    *,
    default: time = DEFAULT_TIME,
    now: datetime | None = None,
) -> tuple[datetime, ...]:
    """Each date at its weekday's time (default where none is set); a session on now's date
    whose time is not after now starts at the next quarter hour instead (23:45 at the latest).

    Times are floating (no time zone): the clinic's local time, as the calendar file writes it.
    """
    starts: list[datetime] = []
    for day in dates:
        at = by_weekday.get(WEEKDAYS[day.weekday()], default).replace(tzinfo=None)
        begins = datetime.combine(day, at)
        if now is not None and day == now.date() and begins <= now.replace(tzinfo=None):
            begins = datetime.combine(day, next_quarter(now.time()))
        starts.append(begins)
    return tuple(starts)


def next_quarter(after: time) -> time:
    """The first multiple of ROUND_MINUTES strictly after `after`, 23:45 at the latest."""
    minutes = after.hour * 60 + after.minute + 1
    minutes = -(-minutes // ROUND_MINUTES) * ROUND_MINUTES
    if minutes >= 24 * 60:
        return _LAST_TIME
    return (datetime.min + timedelta(minutes=minutes)).time()
