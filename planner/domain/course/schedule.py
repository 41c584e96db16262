"""Session dates for a course: which days are allowed, and the dates themselves.

The rules (ARCHITECTURE.md, issue 6): dates strictly increase, fall only on allowed weekdays,
never on a skipped date (a holiday) or before the start, and no calendar week (Mon-Sun) holds
more sessions than the phase of each session allows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.bounds import date_problem
from planner.domain.course.override import Phase
from planner.domain.errors import ValidationError
from planner.domain.vocab import WEEKDAYS

# Looking further than this for free days means the calendar is unworkable (a typo in the
# skipped dates, say), not that the course is long: 52 sessions weekly fit in a year.
HORIZON_DAYS = 3 * 366


@dataclass(frozen=True)
class AllowedDays:
    weekdays: tuple[str, ...]  # in WEEKDAYS order
    note: str = ""  # why these days, when it is not simply "open and preferred"


def allowed_days(open_days: Collection[str], preferred: Collection[str]) -> AllowedDays:
    """Days both open and preferred; the open days when nothing is preferred or none overlap.

    open_days must be non-empty (the caller reports that, naming its field).
    """
    open_ordered = tuple(d for d in WEEKDAYS if d in open_days)
    both = tuple(d for d in open_ordered if d in preferred)
    if not preferred:
        return AllowedDays(open_ordered)
    if both:
        return AllowedDays(both)
    wanted = ", ".join(d for d in WEEKDAYS if d in preferred)
    opened = ", ".join(open_ordered)
    return AllowedDays(
        open_ordered,
        f"None of the patient's preferred days ({wanted}) is a clinic day, "
        f"so sessions are on any clinic day ({opened}).",
    )


def week_of(day: date) -> date:
    """The Monday that starts day's calendar week."""
    return day - timedelta(days=day.weekday())


def session_limits(phases: Sequence[Phase], sessions: int) -> list[int]:
    """Each session's weekly limit: its phase's per_week (the last phase's beyond the end)."""
    limits = [p.per_week for p in phases for _ in range(p.sessions)]
    last = phases[-1].per_week if phases else 1
    return (limits + [last] * sessions)[:sessions]


class OutOfOrder(Exception):
    """A pinned session's date is not after the session before it."""

    def __init__(self, session: int, previous: date) -> None:
        super().__init__(f"session {session} is not after {previous.isoformat()}")
        self.session = session
        self.previous = previous


def schedule(
    start: date,
    sessions: int,
    phases: Sequence[Phase],
    weekdays: Iterable[str],
    skip: Collection[date] = frozenset(),
    pinned: Mapping[int, date] | None = None,
) -> list[date]:
    """The first dates that keep every rule, earliest first.

    When a week allows another session the day after one, a later allowed day of the same
    week is taken instead: a day between needling sessions lets soreness settle.

    pinned maps a session number (1-based) to the date the practitioner chose for it; that
    date is taken as it is, and the sessions after it follow on from it.
    """
    pinned = pinned or {}
    # A stored plan may predate the bounds: refuse it here rather than overflow the calendar.
    if (problem := date_problem(start)) is not None:
        raise ValidationError.single("start_date", problem)
    for number, day in sorted(pinned.items()):
        if (problem := date_problem(day)) is not None:
            raise ValidationError.single("course_override.moves", f"session {number}: {problem}")
    allowed = frozenset(WEEKDAYS.index(d) for d in weekdays)
    if not allowed:
        raise ValidationError.single("clinic_days", "no open day: choose at least one weekday")
    dates: list[date] = []
    in_week = 0
    day = start
    for number, limit in enumerate(session_limits(phases, sessions), start=1):
        if number in pinned:
            day = pinned[number]
            if dates and day <= dates[-1]:
                raise OutOfOrder(number, dates[-1])
            in_week = in_week + 1 if dates and week_of(day) == week_of(dates[-1]) else 1
            dates.append(day)
            day += timedelta(days=1)
            continue
        while True:
            if (day - start).days > HORIZON_DAYS:
                raise ValidationError.single(
                    "skip_dates",
                    f"no free day for session {len(dates) + 1} within three years of "
                    f"{start.isoformat()}: too many days are skipped",
                )
            if dates and week_of(day) != week_of(dates[-1]):
                in_week = 0
            if (
                _free(day, allowed, skip)
                and in_week < limit
                and not _too_close(day, dates, allowed, skip)
            ):
                break
            day += timedelta(days=1)
        dates.append(day)
        in_week += 1
        day += timedelta(days=1)
    return dates


def _free(day: date, allowed: frozenset[int], skip: Collection[date]) -> bool:
    return day.weekday() in allowed and day not in skip


def _too_close(
    day: date, dates: list[date], allowed: frozenset[int], skip: Collection[date]
) -> bool:
    if not dates or (day - dates[-1]).days != 1:
        return False
    later = (day + timedelta(days=n) for n in range(1, 7 - day.weekday()))
    return any(_free(d, allowed, skip) for d in later)
