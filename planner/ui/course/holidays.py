"""The Course page's "Add public holidays": the clinic's public holidays within the course
become skipped dates.

Adding a holiday pushes later sessions on, which can bring another holiday into the course,
so the course is redrawn until no new holiday falls within it. The place (country, region)
is the clinic's setting (planner.casefile.clinic.read_holiday_place).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from planner.domain.course.recommendation import CourseRecommendation
from planner.domain.errors import DomainError
from planner.ui.course.inputs import CourseInputs
from planner.ui.course.model import day_key
from planner.ui.course.view import CoursePageView
from planner.ui.course.wording import short_date

NO_PLACE = (
    "Choose the clinic's country (and region) for public holidays in Edit › Settings… first; "
    "then this adds the holidays within the course."
)
# Each round can add a holiday that pushes the course past another; a year holds a dozen.
ROUNDS = 12


class HolidayOffer:
    def __init__(
        self,
        view: CoursePageView,
        *,
        inputs: Callable[[], CourseInputs | None],
        course_for: Callable[[CourseInputs], CourseRecommendation | None],
        set_skips: Callable[[tuple[date, ...]], Any],
        show_status: Callable[[str], None],
        clinic_folder: Path | None = None,
    ) -> None:
        self.view = view
        self._inputs = inputs
        self._course_for = course_for  # the course these inputs give, or None
        self._set_skips = set_skips
        self._show_status = show_status
        self.clinic_folder = clinic_folder
        self.names: dict[date, str] = {}  # the holidays added, by date, to name in the list

    def add(self) -> int:
        """Skip the public holidays within the course; how many were added."""
        from planner.casefile.clinic import read_holiday_place
        from planner.domain.course.holidays import public_holidays

        i = self._inputs()
        if i is None:
            return 0
        try:
            place = read_holiday_place(self.clinic_folder)
            if place is None:
                self.view.set_field_problem("skip_dates", NO_PLACE)
                return 0
            skips, added = set(i.skip_dates), []
            for _ in range(ROUNDS):
                course = self._course_for(replace(i, skip_dates=tuple(sorted(skips))))
                if course is None:
                    break
                found = public_holidays(
                    place.country, place.subdivision, i.start_date, course.dates[-1]
                )
                # Only the days a session could fall on: a closed day needs no skipping.
                days = course.calendar.weekdays
                new = [h for h in found if h.day not in skips and day_key(h.day) in days]
                if not new:
                    break
                skips.update(h.day for h in new)
                added += new
        except DomainError as exc:
            self.view.set_field_problem("skip_dates", f"Public holidays: {exc}")
            return 0
        if not added:
            self.view.set_field_problem("skip_dates", "No public holiday falls within the course.")
            return 0
        self.names.update((h.day, h.name) for h in added)
        self._set_skips(tuple(sorted(skips)))
        listed = ", ".join(f"{short_date(h.day)} ({h.name})" for h in sorted(added))
        self._show_status(f"No sessions on {len(added)} public holidays: {listed}")
        return len(added)
