"""Public holidays within a course, from the holidays package."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.course.holidays import Holiday, public_holidays
from planner.domain.errors import ValidationError


def test_holidays_of_a_country_and_region_within_the_span() -> None:
    found = public_holidays("GB", "SCT", date(2026, 12, 20), date(2027, 1, 3))
    assert Holiday(date(2026, 12, 25), "Christmas Day") in found
    assert date(2027, 1, 2) in [h.day for h in found]  # Scotland's second of January
    assert [h.day for h in found] == sorted(h.day for h in found)
    assert all(date(2026, 12, 20) <= h.day <= date(2027, 1, 3) for h in found)
    england = public_holidays("GB", "ENG", date(2026, 12, 20), date(2027, 1, 3))
    assert date(2027, 1, 2) not in [h.day for h in england]


def test_an_unknown_place_is_named() -> None:
    with pytest.raises(ValidationError, match="public_holidays: no public holidays are known"):
        public_holidays("QQ", None, date(2026, 1, 1), date(2026, 12, 31))
