"""A course's session dates as an iCalendar file (RFC 5545), for the clinic's or patient's
calendar app.

Times are floating (no time zone): a 09:00 session stays at 09:00 wherever the file is opened,
which is what a clinic's local appointment means. Each event's UID is derived from the patient,
clinic and session number, so importing a re-planned course updates the events in place.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from planner.domain import wording
from planner.domain.errors import FieldProblem, ValidationError
from planner.domain.plan import SESSION_MINUTES_MAX, SESSION_MINUTES_MIN

PRODID = "-//Needleplan//Course calendar//EN"
_UID_NAMESPACE = uuid.UUID("6f1c8f5e-3a7d-4b7e-9a55-2d0f3c1f6a10")


def course_to_ics(
    patient_name: str,
    dates: Sequence[date],
    session_minutes: int,
    clinic_name: str,
    start_time: time,
    *,
    stamp: datetime | None = None,
) -> bytes:
    """One event per session date; ValidationError when there is nothing sensible to write.

    stamp is the file's creation time (DTSTAMP), now by default; tests pass a fixed one.
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
                FieldProblem(f"dates[{i}]", f"{day} does not come after {dates[i - 1]}")
            )
    minutes = wording.out_of_range(session_minutes, SESSION_MINUTES_MIN, SESSION_MINUTES_MAX)
    if minutes:
        problems.append(FieldProblem("session_minutes", minutes))
    if not patient_name.strip():
        problems.append(FieldProblem("patient_name", wording.REQUIRED))
    if problems:
        raise ValidationError(problems)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name, clinic = patient_name.strip(), clinic_name.strip()
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    for number, day in enumerate(dates, start=1):
        begins = datetime.combine(day, start_time.replace(tzinfo=None))
        event = Event()
        key = f"{name}\n{clinic}\n{number}"
        event.add("uid", f"{uuid.uuid5(_UID_NAMESPACE, key)}@needleplan")
        event.add("dtstamp", stamp)
        event.add("dtstart", begins)
        event.add("dtend", begins + timedelta(minutes=session_minutes))
        event.add("summary", f"{name}: session {number} of {len(dates)}")
        if clinic:
            event.add("location", clinic)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
