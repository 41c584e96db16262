"""Where a patient is in their course: "session 3 of 8, next Tue 15 Dec"."""

from __future__ import annotations

from datetime import date, datetime

from planner.domain.course.position import course_position, sessions_held
from planner.domain.visit import Visit

DATES = (date(2026, 12, 1), date(2026, 12, 4), date(2026, 12, 8), date(2026, 12, 11))
REVIEWS = (2, 4)


def visits(*days: date) -> list[Visit]:
    return [Visit(d, id=i) for i, d in enumerate(days, start=1)]


def test_before_the_first_session() -> None:
    p = course_position(DATES, REVIEWS, [], today=date(2026, 11, 28))
    assert (p.total, p.held, p.held_today, p.last_held) == (4, 0, False, None)
    assert (p.next_session, p.next_date, p.next_is_review) == (1, DATES[0], False)
    assert not p.missed(date(2026, 11, 28))


def test_after_two_sessions_the_third_is_next() -> None:
    p = course_position(DATES, REVIEWS, visits(DATES[0], DATES[1]), today=date(2026, 12, 6))
    assert (p.held, p.held_today, p.last_held) == (2, False, DATES[1])
    assert (p.next_session, p.next_date) == (3, DATES[2])


def test_a_visit_today_is_held_and_the_next_follows() -> None:
    today = DATES[0]
    p = course_position(DATES, REVIEWS, visits(today), today=today)
    assert (p.held, p.held_today) == (1, True)
    assert (p.next_session, p.next_date, p.next_is_review) == (2, DATES[1], True)


def test_a_planned_date_that_passed_without_a_visit_is_missed() -> None:
    p = course_position(DATES, REVIEWS, visits(DATES[0]), today=date(2026, 12, 7))
    assert (p.next_session, p.next_date) == (2, DATES[1])
    assert p.missed(date(2026, 12, 7))
    assert not p.missed(DATES[1])


def test_every_session_held() -> None:
    p = course_position(DATES, REVIEWS, visits(*DATES), today=date(2026, 12, 20))
    assert (p.held, p.next_session, p.next_date, p.next_is_review) == (4, None, None, False)
    assert not p.missed(date(2026, 12, 20))


def test_more_visits_than_sessions() -> None:
    extra = visits(*DATES, date(2026, 12, 15))
    p = course_position(DATES, REVIEWS, extra, today=date(2026, 12, 20))
    assert (p.held, p.next_session) == (5, None)


def test_visits_before_the_start_deleted_or_after_today_do_not_count() -> None:
    earlier = Visit(date(2026, 10, 1), id=10)  # an earlier course
    deleted = Visit(DATES[0], id=11, deleted_at=datetime(2026, 12, 2, 9, 0))
    later = Visit(DATES[2], id=12)  # recorded ahead by mistake: not held yet
    kept = Visit(DATES[0], id=13)
    found = sessions_held([later, deleted, earlier, kept], DATES[0], today=DATES[1])
    assert found == [kept]
    p = course_position(DATES, REVIEWS, [later, deleted, earlier, kept], today=DATES[1])
    assert (p.held, p.next_session) == (1, 2)


def test_the_plan_start_counts_visits_before_the_first_date() -> None:
    """The course starts on the plan's start date; its first session may fall later."""
    first_day = Visit(date(2026, 11, 30), id=1)
    p = course_position(DATES, REVIEWS, [first_day], date(2026, 11, 30), start=date(2026, 11, 30))
    assert (p.held, p.held_today, p.next_session) == (1, True, 2)
    p = course_position(DATES, REVIEWS, [first_day], date(2026, 11, 30))
    assert p.held == 0


def test_visits_the_same_day_are_ordered_by_id() -> None:
    a, b = Visit(DATES[0], id=2), Visit(DATES[0], id=1)
    assert sessions_held([a, b], DATES[0], DATES[0]) == [b, a]
