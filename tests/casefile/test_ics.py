"""The course's calendar file: the clinic as the events' place, reviews marked, the patient by
initials when asked, each session at its own start."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from icalendar import Calendar

from planner.casefile.ics import course_to_ics, initials_of
from planner.domain.errors import ValidationError

STAMP = datetime(2026, 11, 21, 9, 0).astimezone()
DAYS = [date(2026, 12, 8), date(2026, 12, 11), date(2026, 12, 15)]


def events(data: bytes) -> list[dict[str, str]]:
    calendar = Calendar.from_ical(data)
    return [
        {key: str(event.get(key, "")) for key in ("summary", "location", "description", "uid")}
        | {"start": event.decoded("dtstart").isoformat()}
        for event in calendar.walk("VEVENT")
    ]


def test_the_clinics_name_and_address_are_the_location() -> None:
    data = course_to_ics(
        "Ana López", DAYS, 30, "Northside Clinic", time(9), stamp=STAMP,
        location="Northside Clinic, 12 Mill Lane\nLeeds LS1 4AB",
    )  # fmt: skip
    assert {e["location"] for e in events(data)} == {"Northside Clinic, 12 Mill Lane Leeds LS1 4AB"}


def test_reviews_are_marked_in_the_summary() -> None:
    data = course_to_ics("Ana López", DAYS, 30, "", time(9), stamp=STAMP, reviews_after=(2, 3))
    summaries = [e["summary"] for e in events(data)]
    assert summaries == [
        "Ana López: session 1 of 3",
        "Review: Ana López, session 2 of 3",
        "Review: Ana López, session 3 of 3",
    ]
    assert "Review" in events(data)[1]["description"]


def test_initials_keep_the_name_out_of_the_file() -> None:
    full = course_to_ics("Ana López", DAYS, 30, "Clinic", time(9), stamp=STAMP)
    short = course_to_ics("Ana López", DAYS, 30, "Clinic", time(9), stamp=STAMP, initials=True)
    assert "López".encode() not in short
    assert b"Ana" not in short
    assert events(short)[0]["summary"] == "A.L.: session 1 of 3"
    # The same events: a calendar that had the full names updates them in place.
    assert [e["uid"] for e in events(short)] == [e["uid"] for e in events(full)]


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Ana López", "A.L."), ("jean-luc picard", "J.L.P."), ("  Zoë  ", "Z."), ("123", "Patient")],
)
def test_initials_of(name: str, initials: str) -> None:
    assert initials_of(name) == initials


def test_each_session_starts_at_its_own_time() -> None:
    starts = [datetime(2026, 12, 8, 9), datetime(2026, 12, 11, 14, 30), datetime(2026, 12, 15, 9)]
    data = course_to_ics("Ana", DAYS, 30, "", time(9), stamp=STAMP, starts=starts)
    assert [e["start"] for e in events(data)] == [s.isoformat() for s in starts]


def test_starts_must_match_the_dates() -> None:
    with pytest.raises(ValidationError) as caught:
        course_to_ics("Ana", DAYS, 30, "", time(9), starts=[datetime(2026, 12, 9, 9)] * 3)
    assert [p.field for p in caught.value.problems] == ["starts"]


def test_dates_out_of_order_are_said_in_words() -> None:
    with pytest.raises(ValidationError) as caught:
        course_to_ics("Ana", [date(2026, 11, 27), date(2026, 11, 25)], 30, "", time(9))
    assert caught.value.problems[0].message == "Wed 25 Nov 2026 does not come after Fri 27 Nov 2026"
