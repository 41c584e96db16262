"""Each session's start: its weekday's time, never a time already past for today's."""

from __future__ import annotations

from datetime import date, datetime, time

from planner.domain.course.times import DEFAULT_TIME, next_quarter, session_starts

TUE, FRI = date(2026, 12, 8), date(2026, 12, 11)


def test_each_weekday_has_its_own_time() -> None:
    starts = session_starts([TUE, FRI], {"fri": time(14, 30)})
    assert starts == (datetime.combine(TUE, DEFAULT_TIME), datetime(2026, 12, 11, 14, 30))


def test_a_session_today_whose_time_has_passed_starts_at_the_next_quarter_hour() -> None:
    now = datetime(2026, 12, 8, 14, 20)
    starts = session_starts([TUE, FRI], {}, now=now)
    assert starts == (datetime(2026, 12, 8, 14, 30), datetime(2026, 12, 11, 9, 0))


def test_a_session_later_today_keeps_its_time() -> None:
    now = datetime(2026, 12, 8, 8, 5)
    assert session_starts([TUE], {}, now=now) == (datetime(2026, 12, 8, 9, 0),)


def test_next_quarter_is_strictly_after() -> None:
    assert next_quarter(time(14, 30)) == time(14, 45)
    assert next_quarter(time(14, 29, 59)) == time(14, 30)
    assert next_quarter(time(23, 50)) == time(23, 45)  # the last the day holds
