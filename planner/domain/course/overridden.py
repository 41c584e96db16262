"""The recommended course with the practitioner's override applied.

The override's numbers are checked against the course's calendar, the dates are redrawn by
the schedule's rules, and the rationale says what changed and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from planner.domain.course.defaults import OVERRIDDEN
from planner.domain.course.override import CourseOverride, Phase, after_last, override_problems
from planner.domain.course.phases import fit_phases
from planner.domain.course.recommendation import CourseCalendar, CourseRecommendation
from planner.domain.course.schedule import OutOfOrder, schedule, spacing_words
from planner.domain.course.words import day_text, nice_total, phase_text, session_list
from planner.domain.errors import FieldProblem, ValidationError


def apply_override(
    recommendation: CourseRecommendation, override: CourseOverride
) -> CourseRecommendation:
    """The recommendation with the practitioner's numbers and dates in place of the planner's.

    Dates are redrawn by the same rules; a moved session keeps the date the practitioner
    chose (even on a day the clinic is not usually open) and the sessions after it follow.
    """
    rec, o, cal = recommendation, override, recommendation.calendar
    problems = override_problems(o)
    if problems:
        raise ValidationError(problems)
    count = o.planned_sessions() or rec.sessions
    phases = o.phases or (fit_phases(rec.phases, count) if count != rec.sessions else rec.phases)
    reviews = o.reviews_after
    if reviews is None:
        # The interim reviews that still fall inside the course, and one at its new end.
        reviews = (*(n for n in rec.reviews_after[:-1] if n < count), count)
    problems = _fit_problems(o, count, phases, reviews, cal)
    if problems:
        raise ValidationError(problems)
    pinned = {m.session: m.date for m in o.moves}
    try:
        dates = schedule(cal.start_date, count, phases, cal.weekdays, cal.skip_dates, pinned)
    except OutOfOrder as error:
        index = next(i for i, m in enumerate(o.moves) if m.session == error.session)
        raise ValidationError.single(
            f"course_override.moves[{index}].date",
            f"{day_text(pinned[error.session])} is not after session {error.session - 1} "
            f"on {day_text(error.previous)}",
        ) from None
    nice = ""
    if cal.nice_total and count != rec.sessions:
        nice = "NICE NG193: " + nice_total(count, cal.session_minutes, "the changed course")
    changes = _override_words(rec, o, count, phases, reviews, nice)
    spacing = spacing_words(phases, cal.weekdays)
    if spacing != spacing_words(rec.phases, cal.weekdays):
        changes += " " + spacing
    return replace(
        rec,
        sessions=count,
        min_sessions=min(rec.min_sessions, count),
        max_sessions=max(rec.max_sessions, count),
        phases=tuple(phases),
        reviews_after=tuple(reviews),
        dates=tuple(dates),
        rationale=f"{rec.rationale} {changes}",
        sources=(*rec.sources, OVERRIDDEN),
        override=o,
    )


def _fit_problems(
    o: CourseOverride,
    count: int,
    phases: Sequence[Phase],
    reviews: Sequence[int],
    cal: CourseCalendar,
) -> list[FieldProblem]:
    """The override's numbers against this course's calendar."""
    found: list[tuple[str, str]] = []
    days = ", ".join(cal.weekdays)
    for i, phase in enumerate(o.phases or ()):
        if phase.per_week > len(cal.weekdays):
            found.append(
                (
                    f"phases[{i}].per_week",
                    f"{phase.per_week} sessions a week, but sessions can fall on only "
                    f"{len(cal.weekdays)} day{'s' if len(cal.weekdays) != 1 else ''} ({days})",
                )
            )
    for i, after in enumerate(o.reviews_after or ()):
        if after > count:
            found.append((f"reviews_after[{i}]", after_last(after, count)))
    if not reviews or reviews[-1] != count:
        found.append(("reviews_after", f"needs a review after the last session ({count})"))
    if cal.cap_minutes is not None and count * cal.session_minutes > cal.cap_minutes:
        found.append(
            (
                "sessions",
                f"{count} sessions of {cal.session_minutes} minutes is "
                f"{count * cal.session_minutes} minutes, above the NICE NG193 limit of "
                f"{cal.cap_minutes}; turn the cap off to plan more",
            )
        )
    for i, move in enumerate(o.moves):
        if move.session > count:
            found.append((f"moves[{i}].session", f"there is no session {move.session} in {count}"))
        if move.date < cal.start_date:
            found.append(
                (
                    f"moves[{i}].date",
                    f"{day_text(move.date)} is before the start date {day_text(cal.start_date)}",
                )
            )
        elif move.date in cal.skip_dates:
            found.append((f"moves[{i}].date", f"{day_text(move.date)} is a skipped date"))
    return [FieldProblem("course_override." + f, m) for f, m in found]


def _override_words(
    rec: CourseRecommendation,
    o: CourseOverride,
    count: int,
    phases: Sequence[Phase],
    reviews: Sequence[int],
    nice: str = "",
) -> str:
    changed: list[str] = []
    if count != rec.sessions:
        changed.append(f"{count} sessions instead of {rec.sessions}")
    if tuple(phases) != rec.phases:
        changed.append("schedule " + ", then ".join(phase_text(p) for p in phases))
    if tuple(reviews) != rec.reviews_after:
        changed.append(f"reviews after {session_list(reviews)}")
    changed += [f"session {m.session} on {day_text(m.date)}" for m in o.moves]
    when = f" on {day_text(o.recorded_on)}" if o.recorded_on else ""
    text = f"Changed by the practitioner{when}: " + ("; ".join(changed) or "no change") + "."
    if nice:
        text += " " + nice
    if o.reason.strip():
        reason = o.reason.strip()
        text += f" Reason: {reason}" + ("" if reason[-1] in ".!?" else ".")
    return text
