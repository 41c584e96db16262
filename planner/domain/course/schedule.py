"""Session dates for a course: which days are allowed, and the dates themselves.

The rules (ARCHITECTURE.md, issue 6): dates strictly increase, fall only on allowed weekdays,
never on a skipped date (a holiday) or before the start, and no calendar week (Mon-Sun) holds
more sessions than the phase of each session allows.

Sessions are kept apart: at least one clear day between two sessions, because soreness after
needling lasts "a day or two" (REFERENCE.md section 7) and the trials that set the pace gave
about two sessions a week (GERAC, REFERENCE.md section 6). Only a phase that asks for more
sessions a week than the open days can hold with a clear day between them (four a week on
Monday to Friday, say) puts sessions on consecutive days.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.bounds import date_problem
from planner.domain.course.override import Phase
from planner.domain.course.words import day_text
from planner.domain.errors import ValidationError
from planner.domain.vocab import WEEKDAYS

# Looking further than this for free days means the calendar is unworkable (a typo in the
# skipped dates, say), not that the course is long: 52 sessions weekly fit in a year.
HORIZON_DAYS = 3 * 366
# A session's date is at least this many days after the one before: one clear day between.
MIN_GAP_DAYS = 2


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


def spaced_capacity(weekdays: Iterable[str]) -> int:
    """The most sessions a calendar week holds on these weekdays with a clear day between each
    (greedy from Monday, which is the most there is): Mon-Fri 3, Tue and Fri 2, Mon and Tue 1."""
    count, last = 0, -MIN_GAP_DAYS
    for index in sorted({WEEKDAYS.index(d) for d in weekdays}):
        if index - last >= MIN_GAP_DAYS:
            count, last = count + 1, index
    return count


def spacing_words(phases: Sequence[Phase], weekdays: Sequence[str]) -> str:
    """Why sessions are a day apart, or why some cannot be."""
    most = max((p.per_week for p in phases), default=1)
    capacity = spaced_capacity(weekdays)
    if most <= capacity:
        return (
            "A clear day between sessions lets the soreness after needling settle (it can "
            "last a day or two)."
        )
    return (
        f"{most} sessions a week do not fit on {', '.join(weekdays)} with a clear day between "
        "them, so some fall on consecutive days."
    )


def session_limits(phases: Sequence[Phase], sessions: int) -> list[int]:
    """Each session's weekly limit: its phase's per_week (the last phase's beyond the end)."""
    limits = [p.per_week for p in phases for _ in range(p.sessions)]
    last = phases[-1].per_week if phases else 1
    return (limits + [last] * sessions)[:sessions]


class OutOfOrder(Exception):
    """A pinned session's date is not after the session before it."""

    def __init__(self, session: int, previous: date) -> None:
        super().__init__(f"session {session} is not after {day_text(previous)}")
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

    A clear day separates two sessions (MIN_GAP_DAYS) unless the session's phase asks for
    more a week than spaced_capacity allows on these weekdays; then the first free day is
    taken, consecutive or not.

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
    weekdays = tuple(weekdays)
    allowed = frozenset(WEEKDAYS.index(d) for d in weekdays)
    capacity = spaced_capacity(weekdays)
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
                    f"{day_text(start)}: too many days are skipped",
                )
            if dates and week_of(day) != week_of(dates[-1]):
                in_week = 0
            apart = not dates or limit > capacity or (day - dates[-1]).days >= MIN_GAP_DAYS
            if _free(day, allowed, skip) and in_week < limit and apart:
                break
            day += timedelta(days=1)
        dates.append(day)
        in_week += 1
        day += timedelta(days=1)
    return dates


def _free(day: date, allowed: frozenset[int], skip: Collection[date]) -> bool:
    return day.weekday() in allowed and day not in skip
