"""One set of bounds (issue 11, item 11): the case schema states the domain's dates, the
domain rules refuse what the schema refuses, and the course planner never overflows."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planner.casefile import case_schema
from planner.domain.bounds import DATE_MAX, DATE_MIN, date_problem, text_problem
from planner.domain.course.override import CourseOverride, SessionMove, override_problems
from planner.domain.course.schedule import schedule
from planner.domain.errors import ValidationError
from planner.domain.patient import Patient, patient_problems
from planner.domain.plan import Plan, plan_problems

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize("name", ["date", "optional_date"])
def test_the_schema_bounds_dates_as_the_domain_does(name: str) -> None:
    pattern = re.compile(case_schema()["$defs"][name]["pattern"])
    for year in range(1, 10_000):
        inside = DATE_MIN.year <= year <= DATE_MAX.year
        assert bool(pattern.search(f"{year:04d}-01-01")) is inside, year
    assert (DATE_MIN.month, DATE_MIN.day, DATE_MAX.month, DATE_MAX.day) == (1, 1, 12, 31)


def test_every_date_rule_uses_the_bounds() -> None:
    late, early = date(2101, 1, 1), date(1899, 12, 31)
    assert date_problem(DATE_MIN) is None
    assert date_problem(DATE_MAX) is None
    assert [p.field for p in plan_problems(Plan(start_date=late, skip_dates=(early,)))] == [
        "plan.start_date",
        "plan.skip_dates[0]",
    ]
    moved = CourseOverride(moves=(SessionMove(1, late),), recorded_on=early)
    assert [p.field for p in override_problems(moved)] == [
        "course_override.moves[0].date",
        "course_override.recorded_on",
    ]
    [problem] = patient_problems(Patient("Ana", birth_date=early), today=TODAY)
    assert str(problem) == "birth_date: 1899-12-31 is not between 1900-01-01 and 2100-12-31"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Ana\x00", "contains a NUL character"),
        ("Ana \udc80", "is invalid text (a lone surrogate, \\udc80)"),
        ("Ana 😀 \u2028", None),
    ],
)
def test_text_that_the_two_databases_would_store_differently_is_refused(
    text: str, message: str | None
) -> None:
    assert text_problem(text) == message
    found = [str(p) for p in patient_problems(Patient(text), today=TODAY)]
    assert found == ([f"name: {message}"] if message else [])


@pytest.mark.parametrize(
    ("start", "pinned"),
    [(date(9999, 12, 30), {}), (date(2026, 1, 5), {2: date(9999, 12, 31)})],
)
def test_the_planner_refuses_dates_out_of_bounds_instead_of_overflowing(
    start: date, pinned: dict[int, date]
) -> None:
    with pytest.raises(ValidationError):  # was OverflowError
        schedule(start, 4, (), ("mon",), pinned=pinned)
