"""Sessions kept apart: a clear day between two sessions unless the phase needs more a week
than the open days hold that way; dates in words in what the planner says."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.course.override import Phase
from planner.domain.course.recommend import recommend_course
from planner.domain.course.recommendation import CourseRequest
from planner.domain.course.schedule import schedule, session_limits, spaced_capacity
from planner.domain.course.words import date_list, day_text
from planner.domain.vocab import WEEKDAYS

WEEKDAYS_ONLY = ("mon", "tue", "wed", "thu", "fri")
THURSDAY = date(2026, 12, 3)


def test_spaced_capacity_counts_days_with_one_between() -> None:
    assert spaced_capacity(WEEKDAYS_ONLY) == 3  # Mon, Wed, Fri
    assert spaced_capacity(WEEKDAYS) == 4  # Mon, Wed, Fri, Sun
    assert spaced_capacity(("tue", "fri")) == 2
    assert spaced_capacity(("mon", "tue")) == 1


def test_a_course_started_on_a_thursday_does_not_go_on_to_friday() -> None:
    # Twice a week on Monday to Friday from a Thursday: the next free day is Friday, but the
    # session after the first waits for Monday.
    dates = schedule(THURSDAY, 4, (Phase(2, 2),), WEEKDAYS_ONLY)
    assert dates == [THURSDAY, date(2026, 12, 7), date(2026, 12, 9), date(2026, 12, 14)]


def test_weekly_sessions_never_fall_on_sunday_then_monday() -> None:
    sunday = date(2026, 12, 6)
    dates = schedule(sunday, 3, (Phase(3, 1),), ("mon", "sun"))
    assert dates[:2] == [sunday, date(2026, 12, 13)]  # not Monday 7 December
    assert all((b - a).days >= 2 for a, b in pairwise(dates))


def test_a_phase_that_needs_more_than_the_open_days_allow_takes_consecutive_days() -> None:
    monday = date(2026, 12, 7)
    dates = schedule(monday, 4, (Phase(1, 4),), WEEKDAYS_ONLY)
    assert dates == [monday + timedelta(days=n) for n in range(4)]


def test_the_rationale_says_why_sessions_are_apart() -> None:
    request = CourseRequest("chronic", THURSDAY, WEEKDAYS_ONLY, nprs_now=6)
    course = recommend_course(request)
    assert "A clear day between sessions" in course.rationale
    assert all((b - a).days >= 2 for a, b in pairwise(course.dates))


def test_dates_in_the_planners_words_are_not_iso() -> None:
    assert day_text(date(2026, 12, 15)) == "Tue 15 Dec 2026"
    assert date_list([date(2026, 12, 24), date(2026, 12, 25)]) == (
        "Thu 24 Dec 2026 and Fri 25 Dec 2026"
    )


weekday_sets = st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True).map(
    lambda days: tuple(d for d in WEEKDAYS if d in days)
)


@settings(deadline=None, max_examples=300)
@given(
    start=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
    count=st.integers(1, 30),
    plan_phases=st.lists(
        st.builds(Phase, st.integers(1, 4), st.integers(1, 5)), min_size=1, max_size=4
    ).map(tuple),
    open_days=weekday_sets,
    skip=st.frozensets(st.dates(date(2026, 1, 1), date(2031, 12, 31)), max_size=30),
)
def test_consecutive_days_only_when_the_phase_needs_them(
    start: date,
    count: int,
    plan_phases: tuple[Phase, ...],
    open_days: tuple[str, ...],
    skip: frozenset[date],
) -> None:
    limits = session_limits(plan_phases, count)
    dates = schedule(start, count, plan_phases, open_days, skip)
    capacity = spaced_capacity(open_days)
    for i, (a, b) in enumerate(pairwise(dates), start=1):
        if (b - a).days == 1:
            assert limits[i] > capacity
