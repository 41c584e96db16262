"""A course's session dates as an iCalendar file (RFC 5545), for the clinic's or patient's
calendar app.

Times are floating (no time zone): a 09:00 session stays at 09:00 wherever the file is opened,
which is what a clinic's local appointment means. Each event's UID is derived from the patient,
clinic and session number, so importing a re-planned course updates the events in place.

Calendars sync to cloud services: the summary can name the patient by initials only, and
the UID is a hash, never the name itself.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from planner.domain import wording
from planner.domain.course.words import day_text
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.plan import SESSION_MINUTES_MAX, SESSION_MINUTES_MIN

PRODID = "-//Needleplan//Course calendar//EN"
_UID_NAMESPACE = uuid.UUID("6f1c8f5e-3a7d-4b7e-9a55-2d0f3c1f6a10")
REVIEW_NOTE = "Review after this session: pain (NPRS), NDI and function (PSFS) against the start."


def initials_of(name: str) -> str:
    """'Ana López' -> 'A.L.', 'Jean-Luc Picard' -> 'J.L.P.': each part's first letter."""
    parts = [p for p in re.split(r"[\s\-]+", name) if p and p[0].isalpha()]
    return "".join(p[0].upper() + "." for p in parts) or "Patient"


def course_to_ics(
    patient_name: str,
    dates: Sequence[date],
    session_minutes: int,
    clinic_name: str,
    start_time: time,
    *,
    stamp: datetime | None = None,
    starts: Sequence[datetime] | None = None,
    reviews_after: Collection[int] = (),
    location: str | None = None,
    initials: bool = False,
) -> bytes:
    """One event per session date; ValidationError when there is nothing sensible to write.

    stamp is the file's creation time (DTSTAMP), now by default; tests pass a fixed one.
    starts, when given, is each session's start (one per date; planner.domain.course.times),
    in place of every date at start_time. A session in reviews_after says "Review" first in
    its summary. location is the event's place (the clinic's name and address; the clinic's
    name when None). initials names the patient by initials only ("A.L.").
    """
    problems: list[FieldProblem] = []
    if not dates:
        problems.append(
            FieldProblem(
                "dates",
                "the course has no session dates, so there is nothing to put in a calendar; "
                "plan the course first (a start date and the clinic's open days)",
            )
        )
    for i, day in enumerate(dates[1:], start=1):
        if day <= dates[i - 1]:
            problems.append(
                FieldProblem(
                    f"dates[{i}]", f"{day_text(day)} does not come after {day_text(dates[i - 1])}"
                )
            )
    minutes = wording.out_of_range(session_minutes, SESSION_MINUTES_MIN, SESSION_MINUTES_MAX)
    if minutes:
        problems.append(FieldProblem("session_minutes", minutes))
    if not patient_name.strip():
        problems.append(FieldProblem("patient_name", wording.REQUIRED))
    if starts is not None and [s.date() for s in starts] != list(dates):
        problems.append(FieldProblem("starts", "should hold one start on each session's date"))
    if problems:
        raise ValidationError(problems)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name, clinic = patient_name.strip(), clinic_name.strip()
    shown = initials_of(name) if initials else name
    place = clinic if location is None else " ".join(location.split())
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    if starts is None:
        starts = [datetime.combine(day, start_time.replace(tzinfo=None)) for day in dates]
    for number, begins in enumerate(starts, start=1):
        begins = begins.replace(tzinfo=None)
        event = Event()
        key = f"{name}\n{clinic}\n{number}"
        event.add("uid", f"{uuid.uuid5(_UID_NAMESPACE, key)}@needleplan")
        event.add("dtstamp", stamp)
        event.add("dtstart", begins)
        event.add("dtend", begins + timedelta(minutes=session_minutes))
        session = f"session {number} of {len(dates)}"
        if number in reviews_after:
            event.add("summary", f"Review: {shown}, {session}")
            event.add("description", REVIEW_NOTE)
        else:
            event.add("summary", f"{shown}: {session}")
        if place:
            event.add("location", place)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
