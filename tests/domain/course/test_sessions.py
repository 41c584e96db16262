"""Session numbers: the visits on record in date order, deleted ones left out."""

from __future__ import annotations

from datetime import UTC, date, datetime

from planner.domain.course.for_case import session_numbers
from planner.domain.visit import Visit


def test_sessions_count_the_visits_on_record_in_date_order() -> None:
    visits = [
        Visit(date=date(2026, 12, 4), id=7),
        Visit(date=date(2026, 11, 24), id=9),
        Visit(date=date(2026, 11, 27), id=3, deleted_at=datetime(2026, 11, 28, tzinfo=UTC)),
        Visit(date=date(2026, 12, 1), id=5),
        Visit(date=date(2026, 12, 1), id=4),  # the same day: the one saved first comes first
    ]
    assert session_numbers(visits) == {9: 1, 4: 2, 5: 3, 7: 4}
