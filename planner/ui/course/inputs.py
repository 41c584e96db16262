"""The Course page's inputs: what the practitioner set, read from and written into a plan.

Pure helpers (no widgets): CourseInputs is what the page edits and what its draft holds; the
functions carry it to and from the plan, which the Points page saves into as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from planner.domain.course.override import CourseOverride, Phase, SessionMove
from planner.domain.plan import Plan
from planner.domain.vocab import WEEKDAYS

DEFAULT_CLINIC_DAYS = ("mon", "tue", "wed", "thu", "fri")
# The keys the page shows field messages under (field_key maps domain field names to them).
FIELDS = (
    "start_date",
    "clinic_days",
    "preferred_days",
    "skip_dates",
    "sessions",
    "phases",
    "reviews_after",
    "reason",
    "moves",
    "export",
)


@dataclass(frozen=True)
class CourseInputs:
    """What the practitioner set on the page; None leaves the planner's number."""

    start_date: date
    clinic_days: tuple[str, ...]
    preferred_days: tuple[str, ...] = ()
    skip_dates: tuple[date, ...] = ()
    nice_cap: bool = False
    sessions: int | None = None
    phases: tuple[Phase, ...] | None = None
    reviews_after: tuple[int, ...] | None = None
    moves: tuple[SessionMove, ...] = ()
    reason: str = ""
    reviews_problem: str = field(default="", compare=False)  # the typed text did not parse

    def override(self, today: date) -> CourseOverride | None:
        if (
            self.sessions is None
            and self.phases is None
            and self.reviews_after is None
            and not self.moves
            and not self.reason.strip()
        ):
            return None
        return CourseOverride(
            sessions=self.sessions,
            phases=self.phases,
            reviews_after=self.reviews_after,
            moves=tuple(sorted(self.moves, key=lambda m: m.session)),
            reason=self.reason,
            recorded_on=today,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "start_date": self.start_date.isoformat(),
            "clinic_days": list(self.clinic_days),
            "preferred_days": list(self.preferred_days),
            "skip_dates": [d.isoformat() for d in self.skip_dates],
            "nice_cap": self.nice_cap,
            "sessions": self.sessions,
            "phases": None if self.phases is None else [[p.weeks, p.per_week] for p in self.phases],
            "reviews_after": None if self.reviews_after is None else list(self.reviews_after),
            "moves": [[m.session, m.date.isoformat()] for m in self.moves],
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CourseInputs:
        phases, reviews = data.get("phases"), data.get("reviews_after")
        return cls(
            start_date=date.fromisoformat(data["start_date"]),
            clinic_days=tuple(d for d in data.get("clinic_days", ()) if d in WEEKDAYS),
            preferred_days=tuple(d for d in data.get("preferred_days", ()) if d in WEEKDAYS),
            skip_dates=tuple(date.fromisoformat(d) for d in data.get("skip_dates", ())),
            nice_cap=bool(data.get("nice_cap", False)),
            sessions=data.get("sessions"),
            phases=None if phases is None else tuple(Phase(int(w), int(p)) for w, p in phases),
            reviews_after=None if reviews is None else tuple(int(r) for r in reviews),
            moves=tuple(SessionMove(int(n), date.fromisoformat(d)) for n, d in data["moves"]),
            reason=str(data.get("reason", "")),
        )


def inputs_from_plan(plan: Plan | None, today: date, nice_cap: bool = False) -> CourseInputs:
    """The page's inputs for plan; nice_cap is the clinic's default for NICE NG193's cap, used
    for a course never saved (no start date yet) or a plan that does not say."""
    plan = plan or Plan()
    o = plan.course_override
    saved_cap = plan.nice_cap if plan.start_date is not None else None
    return CourseInputs(
        start_date=plan.start_date or today,
        # In the widgets' order (Monday first), so an unchanged page is not "changed".
        clinic_days=tuple(d for d in WEEKDAYS if d in plan.clinic_days) or DEFAULT_CLINIC_DAYS,
        preferred_days=tuple(d for d in WEEKDAYS if d in plan.preferred_days),
        skip_dates=tuple(sorted(set(plan.skip_dates))),
        nice_cap=nice_cap if saved_cap is None else saved_cap,
        sessions=o.sessions if o else None,
        phases=o.phases if o else None,
        reviews_after=o.reviews_after if o else None,
        moves=o.moves if o else (),
        reason=o.reason if o else "",
    )


def course_of(plan: Plan | None) -> tuple[object, ...]:
    """The part of a plan this page edits; the Points page owns the targets."""
    plan = plan or Plan()  # no plan yet: as if an empty one
    return (
        plan.start_date,
        plan.clinic_days,
        plan.preferred_days,
        plan.skip_dates,
        plan.nice_cap,
        plan.course_override,
    )


def with_course_of(base: Plan, i: CourseInputs, override: CourseOverride | None) -> Plan:
    """base (the Points page's targets and everything else) with this page's course."""
    return replace(
        base,
        start_date=i.start_date,
        clinic_days=i.clinic_days,
        preferred_days=i.preferred_days,
        skip_dates=i.skip_dates,
        nice_cap=i.nice_cap,
        course_override=override,
    )


def parse_reviews(text: str) -> tuple[tuple[int, ...] | None, str]:
    """'3, 6, 10' -> (3, 6, 10); '' -> None (the planner's reviews); or a problem."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    if not parts:
        return None, ""
    if not all(p.isdigit() for p in parts):
        return None, "write session numbers separated by commas, like 3, 6, 10"
    return tuple(int(p) for p in parts), ""


def field_key(name: str) -> str:
    """A domain field name ('plan.course_override.reviews_after[1]') -> the page's field."""
    short = name.removeprefix("plan.").removeprefix("course_override.")
    head = re.match(r"[a-z_]*", short)
    key = head.group() if head else ""
    return key if key in FIELDS else ""
