"""Facts the app derives from data it already holds, so no one has to tick a box for them.

Age comes from the birth date; pregnancy weeks advance with the calendar; the trimester
follows from the weeks. The screening rules read these (planner.domain.screening).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Trimesters by completed weeks of pregnancy: 0-13, 14-27, 28 on (the usual clinical split).
SECOND_TRIMESTER_FROM = 14
THIRD_TRIMESTER_FROM = 28


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on `day` (a birthday on 29 February counts from 1 March)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def weeks_on(weeks: int, recorded_on: dt.date, day: dt.date) -> int:
    """Pregnancy weeks recorded as `weeks` on `recorded_on`, advanced to `day`."""
    return weeks + max(0, (day - recorded_on).days) // 7


def trimester(weeks: int) -> int:
    if weeks < SECOND_TRIMESTER_FROM:
        return 1
    return 2 if weeks < THIRD_TRIMESTER_FROM else 3


@dataclass(frozen=True)
class Derived:
    """What screening knows about the patient beyond the assessment's own fields."""

    age: int | None = None  # at the assessment date
    onset_age: int | None = None  # at the onset date (the assessment date when none)
    pregnancy_weeks: int | None = None  # at the assessment date
    trimester: int | None = None


def derive(
    birth_date: dt.date | None,
    assessed_on: dt.date,
    onset_date: dt.date | None,
    pregnancy_weeks: int | None,
) -> Derived:
    age = onset_age = None
    if birth_date is not None and birth_date <= assessed_on:
        age = age_on(birth_date, assessed_on)
        onset = onset_date if onset_date is not None and onset_date >= birth_date else assessed_on
        onset_age = age_on(birth_date, onset)
    return Derived(
        age=age,
        onset_age=onset_age,
        pregnancy_weeks=pregnancy_weeks,
        trimester=trimester(pregnancy_weeks) if pregnancy_weeks is not None else None,
    )
