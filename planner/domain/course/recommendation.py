"""What a course is asked from, and what the planner recommends.

CourseRequest holds the inputs (named as the case document names them); CourseRecommendation
the sessions, phases, reviews and dates, with the calendar they were drawn from so that the
practitioner's override can redraw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.domain.assessment import Chronicity
from planner.domain.course.override import CourseOverride, Phase
from planner.domain.vocab import Modality


@dataclass(frozen=True)
class CourseRequest:
    """What the course depends on. Field names follow the case document's plan and pain."""

    chronicity: Chronicity
    start_date: date
    clinic_days: tuple[str, ...]  # the clinic's open weekdays (vocab.WEEKDAYS)
    modality: Modality = Modality.ACUPUNCTURE
    session_minutes: int = 30
    nprs_now: int | None = None
    nprs_worst: int | None = None
    ndi_total: int | None = None
    review_nprs: tuple[int, ...] = ()  # pain (NPRS) at each review so far, oldest first
    # Keep the course within NICE NG193's 300 minutes (ages 16 and over). None: the plan does
    # not say, so no cap; callers that know the clinic's default pass it instead.
    nice_cap: bool | None = False
    preferred_days: tuple[str, ...] = ()  # the patient's; empty: any open day
    skip_dates: frozenset[date] = frozenset()  # holidays, closures
    birth_date: date | None = None  # the patient's: NG193 covers ages 16 and over


@dataclass(frozen=True)
class CourseCalendar:
    """What the dates were drawn from, so an override can redraw them."""

    start_date: date
    weekdays: tuple[str, ...]
    skip_dates: frozenset[date]
    session_minutes: int
    cap_minutes: int | None
    nice_total: bool = False  # the rationale states the total against NG193's 300 minutes


@dataclass(frozen=True)
class CourseRecommendation:
    sessions: int
    min_sessions: int
    max_sessions: int
    phases: tuple[Phase, ...]
    reviews_after: tuple[int, ...]  # session numbers, the last one included
    dates: tuple[date, ...]
    rationale: str
    sources: tuple[str, ...]
    calendar: CourseCalendar = field(compare=False, repr=False)
    override: CourseOverride | None = None

    def as_json(self) -> dict[str, Any]:
        """The `course` of `needleplan review` (ARCHITECTURE.md)."""
        return {
            "sessions": self.sessions,
            "min_sessions": self.min_sessions,
            "max_sessions": self.max_sessions,
            "phases": [{"weeks": p.weeks, "per_week": p.per_week} for p in self.phases],
            "reviews_after": list(self.reviews_after),
            "dates": [d.isoformat() for d in self.dates],
            "rationale": self.rationale,
            "sources": list(self.sources),
        }
